/**
 * The runtime: assembling the WAT sources of `runtime/` into functions, and the API that
 * generated policy code calls.
 *
 * The runtime is written as folded WAT in TypeScript template strings, one file per concept
 * (`alloc`, `values`, `json-parse`, `json-dump`, `number`, `strings`, `abi-exports`), assembled
 * by `wat-parse.ts` into the same {@link Instr} values as generated code. Its static data (abort
 * messages, keyword bytes, the lowercase table, powers of ten) is laid out from
 * `STATIC.DATA_START` by a {@link StaticData}; policy static data continues after it. The value
 * representation and memory map are documented in `runtime/layout.ts`.
 *
 * ## Runtime API for generated code
 *
 * Values are i32 addresses; 0 means "undefined" (absent). Readers accept 0 and any type and
 * answer "no"/0/-1 for the wrong type, so generated code can test and read in one call.
 * Booleans returned as i32 are 0/1. Allocation only goes through `opa_malloc`, whose state is
 * the global `$heap_ptr` (generated code must not cache it across calls).
 *
 * | function | signature | semantics |
 * |---|---|---|
 * | `rt_type` | (v) → i32 | type tag: 0 undefined, 1 null, 2 bool, 3 number, 4 string, 5 array, 6 object, 7 set |
 * | `rt_null` | () → v | the null value (static) |
 * | `rt_bool` | (i32) → v | true for non-zero, else false (static singletons) |
 * | `rt_is_true` | (v) → i32 | 1 iff v is the boolean true |
 * | `rt_number_f64` | (f64) → v | a number; dumped like `JSON.stringify` (integers as decimals) |
 * | `rt_number_i32` | (i32) → v | a number from a signed integer |
 * | `rt_number_to_f64` | (v) → f64 | the correctly rounded f64 of a number (cached); NaN if not a number |
 * | `rt_number_is_finite` | (v) → i32 | 1 iff v is a number whose f64 is finite |
 * | `rt_number_is_int` | (v) → i32 | 1 iff v is a number with a finite integral value |
 * | `rt_string` | (ptr, len) → v | a string over static (or freshly allocated) UTF-8 bytes, not copied |
 * | `rt_string_equal` | (a, b) → i32 | both strings with equal bytes |
 * | `rt_string_equal_lit` | (v, ptr, len) → i32 | v is a string equal to the static bytes |
 * | `rt_string_compare` | (a, b) → i32 | -1/0/1 by code point (non-strings as "") |
 * | `rt_starts_with` / `rt_ends_with` / `rt_contains` | (s, p) → i32 | byte-wise on UTF-8 (0 for non-strings) |
 * | `rt_lower` | (s) → v | simple lowercase per code point (`lower-table.ts`) |
 * | `rt_len` | (v) → i32 | code points of a string; elements of an array or set; entries of an object; -1 otherwise |
 * | `rt_matches` | (s, glob) → i32 | glob: `*` any run, `?` one code point, anchored |
 * | `rt_array_new` | (cap) → v | an empty array |
 * | `rt_array_push` | (a, v) → () | append |
 * | `rt_array_len` | (a) → i32 | length, or -1 if not an array |
 * | `rt_array_get` | (a, i) → v | element i, or 0 when out of range / not an array |
 * | `rt_object_new` | () → v | an empty object |
 * | `rt_object_insert` | (o, key, v) → () | insert or replace (keeps the first position) |
 * | `rt_object_get` | (o, key) → v | the value under a key value, or 0 |
 * | `rt_object_get_str` | (o, ptr, len) → v | the value under a static string key, or 0 (also for non-objects) |
 * | `rt_set_new` | () → v | an empty set |
 * | `rt_set_add` | (s, v) → () | add (no-op when present) |
 * | `rt_set_contains` | (s, v) → i32 | membership by value equality |
 * | `rt_table_key` / `rt_table_value` | (t, i) → v | entry i of an object/set in insertion order (0 past the end) |
 * | `rt_value_equal` | (a, b) → i32 | structural equality; numbers by f64 |
 * | `rt_in` | (x, c) → i32 | x in array/set (by equality), or among an object's values |
 * | `rt_string_concat` | (a, b) → v | the string a ++ b (non-strings as "") |
 *
 * Output buffers build text (and strings) incrementally; a buffer whose data is the latest
 * allocation grows in place. Appends may move the data, so read `buf_ptr` after the last append.
 *
 * | function | signature | semantics |
 * |---|---|---|
 * | `buf_new` | (cap) → b | an empty buffer |
 * | `buf_byte` | (b, byte) → () | append one byte |
 * | `buf_bytes` | (b, ptr, len) → () | append bytes |
 * | `buf_str` | (b, s) → () | append the bytes of a string value |
 * | `buf_u64` | (b, i64) → () | append an unsigned decimal |
 * | `format_f64` | (b, f64) → () | append a number as `JSON.stringify` writes it |
 * | `dump` | (b, v, rego) → () | append a value as JSON (rego = 0) or Rego text (rego = 1) |
 * | `buf_ptr` / `buf_len` | (b) → i32 | the data address and length |
 * | `buf_cstr` | (b) → ptr | append NUL, return the data address |
 * | `rt_buf_string` | (b) → v | a string value over the current contents |
 *
 * Static values can also be prebuilt at compile time with {@link StaticData} (`stringValue`,
 * `numberValue`, `value` for whole constant trees), costing no allocation at run time.
 */
import type { Func, Global } from './module.js';
import type { ValType } from './instr.js';
import { parseWat } from './wat-parse.js';
import { StaticData, boolHeader } from './static-data.js';
import { runtimeContext } from './runtime/context.js';
import { OBJ, STATIC, T } from './runtime/layout.js';
import { allocWat } from './runtime/alloc.js';
import { valuesWat } from './runtime/values.js';
import { jsonParseWat } from './runtime/json-parse.js';
import { jsonDumpWat } from './runtime/json-dump.js';
import { numberWat } from './runtime/number.js';
import { stringsWat } from './runtime/strings.js';
import { abiExportsWat } from './runtime/abi-exports.js';
import { decodeWat } from './runtime/decode.js';

/** A runtime API entry: its signature and what it does. */
export interface RuntimeFunction {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly doc: string;
}

const fn = (params: string, results: string, doc: string): RuntimeFunction => ({
  params: params ? (params.split(' ') as ValType[]) : [],
  results: results ? (results.split(' ') as ValType[]) : [],
  doc,
});

/** The runtime functions generated code may call, by name (the table above, as data). */
export const RUNTIME_API = {
  rt_type: fn('i32', 'i32', 'type tag of a value, 0 for undefined'),
  rt_null: fn('', 'i32', 'the null value'),
  rt_bool: fn('i32', 'i32', 'the boolean value for a 0/1 flag'),
  rt_is_true: fn('i32', 'i32', '1 iff the value is true'),
  rt_number_f64: fn('f64', 'i32', 'a number from an f64'),
  rt_number_i32: fn('i32', 'i32', 'a number from an i32'),
  rt_number_to_f64: fn('i32', 'f64', 'the f64 of a number (NaN otherwise)'),
  rt_number_is_finite: fn('i32', 'i32', '1 iff a finite number'),
  rt_number_is_int: fn('i32', 'i32', '1 iff an integral number'),
  rt_string: fn('i32 i32', 'i32', 'a string over static bytes'),
  rt_string_equal: fn('i32 i32', 'i32', 'string equality'),
  rt_string_equal_lit: fn('i32 i32 i32', 'i32', 'string equals static bytes'),
  rt_string_compare: fn('i32 i32', 'i32', 'code point order, -1/0/1'),
  rt_starts_with: fn('i32 i32', 'i32', 'prefix test'),
  rt_ends_with: fn('i32 i32', 'i32', 'suffix test'),
  rt_contains: fn('i32 i32', 'i32', 'substring test'),
  rt_lower: fn('i32', 'i32', 'simple lowercase'),
  rt_len: fn('i32', 'i32', 'code points / elements / entries, -1 otherwise'),
  rt_matches: fn('i32 i32', 'i32', 'glob match'),
  rt_array_new: fn('i32', 'i32', 'an empty array with a capacity'),
  rt_array_push: fn('i32 i32', '', 'append to an array'),
  rt_array_len: fn('i32', 'i32', 'array length or -1'),
  rt_array_get: fn('i32 i32', 'i32', 'array element or 0'),
  rt_object_new: fn('', 'i32', 'an empty object'),
  rt_object_insert: fn('i32 i32 i32', '', 'insert into an object'),
  rt_object_get: fn('i32 i32', 'i32', 'object lookup by key value, or 0'),
  rt_object_get_str: fn('i32 i32 i32', 'i32', 'object lookup by static string key, or 0'),
  rt_set_new: fn('', 'i32', 'an empty set'),
  rt_set_add: fn('i32 i32', '', 'add to a set'),
  rt_set_contains: fn('i32 i32', 'i32', 'set membership'),
  rt_table_key: fn('i32 i32', 'i32', 'key/element i of an object/set, or 0'),
  rt_table_value: fn('i32 i32', 'i32', 'value i of an object, or 0'),
  rt_value_equal: fn('i32 i32', 'i32', 'structural equality'),
  rt_in: fn('i32 i32', 'i32', 'membership in an array, set or object values'),
  rt_string_concat: fn('i32 i32', 'i32', 'string concatenation'),
  buf_new: fn('i32', 'i32', 'an empty output buffer'),
  buf_byte: fn('i32 i32', '', 'append a byte'),
  buf_bytes: fn('i32 i32 i32', '', 'append bytes'),
  buf_str: fn('i32 i32', '', 'append a string value'),
  buf_u64: fn('i32 i64', '', 'append an unsigned decimal'),
  format_f64: fn('i32 f64', '', 'append a number like JSON.stringify'),
  dump: fn('i32 i32 i32', '', 'append a value as JSON or Rego text'),
  buf_ptr: fn('i32', 'i32', 'buffer data address'),
  buf_len: fn('i32', 'i32', 'buffer length'),
  buf_cstr: fn('i32', 'i32', 'NUL-terminate and return the data address'),
  rt_buf_string: fn('i32', 'i32', 'a string value over the buffer'),
} as const satisfies Record<string, RuntimeFunction>;

/** The name of a runtime API function. */
export type RuntimeApiName = keyof typeof RUNTIME_API;

/** The assembled runtime: its functions, globals and static data. */
export interface Runtime {
  readonly funcs: readonly Func[];
  readonly globals: readonly Global[];
  /** The runtime's static data; policy data must be laid out from `statics.end` on. */
  readonly statics: StaticData;
  /** The static singletons (null, false, true, the decoded-input object) as data chunks. */
  readonly singletons: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
}

let cached: Runtime | undefined;

/** Assembles the runtime (once; the result is deterministic and shared). */
export function runtime(): Runtime {
  if (cached) return cached;
  const statics = new StaticData(STATIC.DATA_START);
  const c = runtimeContext(statics);
  const text = [allocWat, valuesWat, jsonParseWat, decodeWat, jsonDumpWat, numberWat, stringsWat, abiExportsWat]
    .map((part) => part(c))
    .join('\n');
  const { funcs, globals } = parseWat(text);
  const nullHeader = new Uint8Array(8);
  nullHeader[0] = T.NULL;
  const decodedHeader = new Uint8Array(OBJ.size);
  decodedHeader[0] = T.OBJECT;
  cached = {
    funcs,
    globals,
    statics,
    singletons: [
      { offset: STATIC.NULL, bytes: nullHeader },
      { offset: STATIC.FALSE, bytes: boolHeader(false) },
      { offset: STATIC.TRUE, bytes: boolHeader(true) },
      { offset: STATIC.DECODED, bytes: decodedHeader },
    ],
  };
  return cached;
}
