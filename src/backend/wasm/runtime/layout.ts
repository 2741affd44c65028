/**
 * The memory layout of the runtime: value representation, static memory map, constants.
 *
 * ## Linear memory
 *
 * ```
 * 0 … 15        never used: address 0 means "undefined" everywhere (no value, no document)
 * 16            the null value          (static singletons, never allocated)
 * 24            the false value
 * 32            the true value
 * 40            the "decoded" object: an empty object standing for input decoded into slots
 *               (and for a present record whose value the decoder did not keep)
 * 64 …          runtime static data: abort messages, tables (case table, powers of ten)
 * …             policy static data: string literals and prebuilt constant values
 * HEAP_BASE     first byte of the heap (8-aligned end of static data); the bump allocator
 *               starts here and grows memory as needed
 * ```
 * All static data sits in active data segments inside the two declared pages, so it exists in
 * every instance at the same address before the start function runs (§2.1, §5.6).
 *
 * ## Values
 *
 * A value is the address of a header whose first byte is its type tag. Tags are numbered in
 * Rego's sort order (null < boolean < number < string < array < object < set), like OPA's C
 * runtime. All multi-byte fields are little-endian and 4-aligned; every heap block is 8-aligned.
 *
 * | type   | size | layout (byte offset: field) |
 * |--------|------|-----------------------------|
 * | null   | 8    | 0: tag=1 |
 * | bool   | 8    | 0: tag=2, 4: i32 0/1 |
 * | number | 24   | 0: tag=3, 1: u8 flags (1 = has text, 2 = f64 cached), 4: text ptr, 8: text len, 16: f64 |
 * | string | 12   | 0: tag=4, 4: byte length, 8: pointer to UTF-8 bytes (static or heap; not NUL-terminated) |
 * | array  | 16   | 0: tag=5, 4: length, 8: capacity, 12: pointer to `capacity` i32 element slots |
 * | object | 20   | 0: tag=6, 4: length, 8: capacity, 12: entries, 16: index |
 * | set    | 20   | as object with tag=7; entry values are 0 |
 *
 * Numbers: a parsed number keeps a heap copy of its literal text (dumped verbatim, so `1.50`,
 * `1e2` and 23-digit integers survive) and computes its f64 lazily, correctly rounded, caching it
 * in the header. A number made by code from an f64 has no text and is dumped like JavaScript's
 * `JSON.stringify` (shortest round-trip digits; integers as plain decimals).
 *
 * Objects and sets are insertion-ordered hash tables. `entries` holds `capacity` triples
 * (key, value, hash) in insertion order; `index` is an open-addressing table of `2 × capacity`
 * i32 slots (linear probing, 0 = empty, otherwise entry number + 1). Capacity is 0 (no arrays
 * yet) or a power of two ≥ 4. Inserting an existing key replaces the value in place, so a
 * duplicate JSON key keeps its first position and its last value (like `JSON.parse`). Hashes are
 * a pure function of the value (FNV-1a over string bytes, no seed), as the Go pool requires.
 */

import { MAX_NESTING } from '../../../decision/index.js';

/** Type tags (Rego's sort order). */
export const T = {
  NULL: 1,
  BOOL: 2,
  NUMBER: 3,
  STRING: 4,
  ARRAY: 5,
  OBJECT: 6,
  SET: 7,
} as const;

/** Field offsets and sizes of the bool header. */
export const BOOL = { value: 4, size: 8 } as const;

/** Field offsets, flags and size of the number header. */
export const NUM = { flags: 1, text: 4, len: 8, f64: 16, size: 24, HAS_TEXT: 1, HAS_F64: 2 } as const;

/** Field offsets and size of the string header. */
export const STR = { len: 4, ptr: 8, size: 12 } as const;

/** Field offsets and size of the array header. */
export const ARR = { len: 4, cap: 8, elems: 12, size: 16 } as const;

/** Field offsets and size of the object and set header, and of one entry. */
export const OBJ = { len: 4, cap: 8, entries: 12, index: 16, size: 20, ENTRY: 12, KEY: 0, VALUE: 4, HASH: 8 } as const;

/** Addresses of the static singletons. */
export const STATIC = { NULL: 16, FALSE: 24, TRUE: 32, DECODED: 40, DATA_START: 64 } as const;

/** FNV-1a parameters (32-bit). */
export const FNV = { OFFSET: 0x811c9dc5, PRIME: 0x01000193 } as const;

/**
 * The deepest nesting the parsers accept (arrays, objects and sets inside each other). Deeper
 * text is rejected (parse result 0), which bounds the recursion of dump, equality and hashing.
 */
export const MAX_DEPTH = MAX_NESTING;

/** Significant digits kept by the correctly rounded decimal-to-binary conversion (see number.ts). */
export const MAX_DIGITS = 800;

/** Limbs (32-bit) of each scratch big integer used by that conversion. */
export const BIG_LIMBS = 320;
