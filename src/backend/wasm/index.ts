/**
 * The WebAssembly backend: from generated entrypoint functions to an OPA-ABI `policy.wasm`.
 *
 * The phase API is {@link emitModule}. The caller (the IR lowering) supplies one function per
 * entrypoint, written as {@link Instr} values against the runtime API (`runtime.ts`), plus any
 * helper functions and the static data (string literals, prebuilt constants) it laid out with a
 * {@link StaticData} from {@link newStaticData}. This module adds everything the hosts need:
 *
 * 1. imports: `env.memory` (min 2 pages, no maximum) and `env.opa_abort` — nothing else, so every
 *    host links it (§1, §10);
 * 2. the runtime functions and globals, and `$heap_ptr` starting at the 8-aligned end of static
 *    data (all static data must fit in the 2 declared pages, §2.1);
 * 3. the generated `$eval_entrypoint` (a `br_table` over dense ids 0…n-1 in the given order;
 *    other ids abort with `internal: illegal entrypoint id`), its text-writing twin
 *    `$write_entrypoint` for `opa_eval`, and `$entrypoints` (a fresh object name → id on every
 *    call, §3);
 * 4. a start function when the caller passes `init` (it runs in every instance before the first
 *    host call and must be deterministic: the Go pool clones memory between instances, §5.6);
 * 5. every export of ABI 1.3 with its exact signature, the two version globals, and the memory.
 *
 * An entrypoint function has the signature `(param $input i32) (param $data i32) (result i32)`:
 * input and data are value addresses or 0 (undefined); the result is a value or 0 (undefined,
 * which becomes the empty result set).
 */
import {
  ABI_EXPORTS,
  ABI_EXPORT_NAMES,
  ABI_MINOR_VERSION,
  ABI_VERSION,
  ABORT_IMPORT,
  ABORT_MESSAGES,
  ABORT_SIGNATURE,
  GLOBAL_ABI_MINOR_VERSION,
  GLOBAL_ABI_VERSION,
  IMPORT_MODULE,
  MEMORY_IMPORT,
  MEMORY_MIN_PAGES,
  PAGE_SIZE,
} from './abi.js';
import type { Instr } from './instr.js';
import { ModuleBuilder, funcType, typeKey, type DataSegment, type Func, type Local, type WasmModule } from './module.js';
import { encodeModule } from './encode.js';
import { runtime } from './runtime.js';
import { StaticData, alignUp, mergeSegments } from './static-data.js';

// What the code generator needs besides emitModule: the runtime API table, static data, and the
// module and instruction types.
export { RUNTIME_API, type RuntimeApiName } from './runtime.js';
export { StaticData, type StaticJson, type StaticString } from './static-data.js';
export type { Instr, ValType } from './instr.js';
export type { Func, Local, WasmModule } from './module.js';

/** The body of a generated function whose parameters are fixed by its role. */
export interface GeneratedFunction {
  /** Extra locals (the parameters are `input` and `data` for entrypoints). */
  readonly locals?: readonly Local[];
  readonly body: readonly Instr[];
}

/** One entrypoint: its path (e.g. `pact/refund_agent/decision`) and its function. */
export interface EntrypointSpec {
  readonly name: string;
  readonly body: GeneratedFunction;
  /**
   * Optionally, the same entrypoint writing its result as text, for `opa_eval`: parameters
   * `input`, `data`, `buf` (an output buffer) and `rego` (1 for Rego text); it appends the
   * document to `buf` and returns 1, or returns 0 for an undefined result (having written
   * nothing). Without it `opa_eval` dumps the value `body` returns.
   */
  readonly write?: GeneratedFunction;
}

/** Everything {@link emitModule} needs from the code generator. */
export interface ModuleSpec {
  /** Entrypoints; their ids are their positions (0…n-1). */
  readonly entrypoints: readonly EntrypointSpec[];
  /** Static data laid out by the generator; must come from {@link newStaticData}. */
  readonly staticData?: StaticData;
  /**
   * Helper functions the entrypoints call. Names must not clash with runtime functions (the
   * builder rejects duplicates); pactc's generator prefixes its own with `pc_`.
   */
  readonly extraFunctions?: readonly Func[];
  /**
   * `$decode_input(ptr, len, ep) → 1|0`, offered the input text of every `opa_eval` call (for
   * entrypoint `ep`) first. When it answers 1 it has decoded the input into the module's own storage, and the entrypoint gets
   * the static "decoded" object (`STATIC.DECODED`) as its input; when 0 (the default, and what
   * a decoder must answer for anything it does not fully accept) the input is parsed generically.
   */
  readonly decodeInput?: GeneratedFunction;
  /** Body of the start function, run once per instance. */
  readonly init?: GeneratedFunction;
  /** Emit the `name` custom section (default true; it makes traps readable in every host). */
  readonly names?: boolean;
}

/** A fresh static-data layout for policy constants, starting after the runtime's own. */
export function newStaticData(): StaticData {
  return new StaticData(runtime().statics.end);
}

/** The name of the function generated for entrypoint `id`. */
export function entrypointFuncName(id: number): string {
  return `entry_${id}`;
}

/** Builds the module as data (for inspection and WAT printing); see {@link emitModule}. */
export function buildModule(spec: ModuleSpec): WasmModule {
  const rt = runtime();
  const statics = spec.staticData ?? newStaticData();
  if (statics.base !== rt.statics.end) throw new Error('wasm: static data must come from newStaticData()');
  const b = new ModuleBuilder();

  b.importMemory(IMPORT_MODULE, MEMORY_IMPORT, MEMORY_MIN_PAGES);
  b.importFunc(IMPORT_MODULE, ABORT_IMPORT, ABORT_SIGNATURE);

  // Entry point names and the table of ids are static data of this module.
  const names = spec.entrypoints.map((e) => statics.stringValue(e.name));
  const abortMsg = statics.cstr(ABORT_MESSAGES.illegalEntrypoint);
  const growFailedMsg = statics.cstr(ABORT_MESSAGES.mallocFailed);

  const heapBase = alignUp(statics.end, 8);

  b.global({ name: 'heap_ptr', type: 'i32', mutable: true, init: heapBase });
  for (const g of rt.globals) b.global(g);
  b.global({ name: GLOBAL_ABI_VERSION, type: 'i32', mutable: false, init: ABI_VERSION });
  b.global({ name: GLOBAL_ABI_MINOR_VERSION, type: 'i32', mutable: false, init: ABI_MINOR_VERSION });

  for (const f of rt.funcs) b.func(f);
  spec.entrypoints.forEach((e, id) => {
    b.func({
      name: entrypointFuncName(id),
      params: i32Params('input', 'data'),
      results: ['i32'],
      locals: e.body.locals ?? [],
      body: e.body.body,
    });
    if (e.write) {
      b.func({
        name: `write_${entrypointFuncName(id)}`,
        params: i32Params('input', 'data', 'buf', 'rego'),
        results: ['i32'],
        locals: e.write.locals ?? [],
        body: e.write.body,
      });
    }
  });
  for (const f of spec.extraFunctions ?? []) b.func(f);
  b.func({
    name: 'decode_input',
    params: i32Params('ptr', 'len', 'ep'),
    results: ['i32'],
    locals: spec.decodeInput?.locals ?? [],
    body: spec.decodeInput?.body ?? [{ op: 'i32.const', value: 0 }],
  });
  b.func(evalEntrypointFunc(spec.entrypoints.length, abortMsg));
  b.func(writeEntrypointFunc(spec.entrypoints, abortMsg));
  b.func(entrypointsFunc(names));
  // Static data must sit inside the declared minimum (hosts may give exactly that much memory
  // at instantiation). What does not fit is written by the start function instead (below).
  const { active, deferred } = splitSegments(mergeSegments([...rt.singletons, ...rt.statics.segments(), ...statics.segments()]), MEMORY_MIN_PAGES * PAGE_SIZE);
  const materialise = deferred.length > 0 ? materialiseStatics(deferred, heapBase, growFailedMsg) : [];
  if (spec.init || materialise.length > 0) {
    b.func({ name: '_initialize', params: [], results: [], locals: spec.init?.locals ?? [], body: [...materialise, ...(spec.init?.body ?? [])] });
    b.start('_initialize');
  }

  b.exportMemory(MEMORY_IMPORT);
  b.export('global', GLOBAL_ABI_VERSION);
  b.export('global', GLOBAL_ABI_MINOR_VERSION);
  for (const name of ABI_EXPORT_NAMES) b.export('func', name);

  for (const s of active) b.dataSegment(s.offset, s.bytes);
  const m = b.build({ names: spec.names ?? true });
  // abi.ts is the authority on signatures: wasmtime hosts type-check every export exactly.
  for (const name of ABI_EXPORT_NAMES) {
    const f = m.funcs.find((x) => x.name === name);
    if (!f || typeKey(funcType(f)) !== typeKey(ABI_EXPORTS[name])) throw new Error(`wasm: export ${name} does not match its ABI signature`);
  }
  return m;
}

/** Emits a complete `policy.wasm` implementing OPA's Wasm ABI 1.3. */
export function emitModule(spec: ModuleSpec): Uint8Array {
  return encodeModule(buildModule(spec));
}

/** i32 parameters named `names`. */
function i32Params(...names: string[]): Func['params'] {
  return names.map((name) => ({ name, type: 'i32' as const }));
}

/**
 * `$NAME(id, …params)`: `(block $bad (block $e{n-1} … (block $e0 (br_table $e0 … $bad id))
 * run(0) …) run(n-1)) abort`, a dispatch on a dense entrypoint id that aborts on any other.
 */
function dispatchFunc(name: string, params: string[], locals: Func['locals'], count: number, run: (i: number) => Instr[], abortMsg: number): Func {
  let body: Instr[] = [
    { op: 'local.get', local: 'id' },
    { op: 'br_table', labels: Array.from({ length: count }, (_, i) => `e${i}`), default: 'bad' },
  ];
  for (let i = 0; i < count; i++) body = [{ op: 'block', label: `e${i}`, body }, ...run(i)];
  return {
    name,
    params: i32Params('id', ...params),
    results: ['i32'],
    locals,
    body: [{ op: 'block', label: 'bad', body }, { op: 'i32.const', value: abortMsg }, { op: 'call', func: 'abort' }, { op: 'unreachable' }],
  };
}

/** `$eval_entrypoint(id, input, data)`: the entrypoint's value. */
function evalEntrypointFunc(count: number, abortMsg: number): Func {
  const get = (local: string): Instr => ({ op: 'local.get', local });
  return dispatchFunc('eval_entrypoint', ['input', 'data'], [], count, (i) => [get('input'), get('data'), { op: 'call', func: entrypointFuncName(i) }, { op: 'return' }], abortMsg);
}

/**
 * `$write_entrypoint(id, input, data, buf, rego) → 1|0`: appends entrypoint `id`'s result to
 * `buf` as text (its writer, or its value dumped) and returns 1, or 0 when it is undefined.
 */
function writeEntrypointFunc(entrypoints: readonly EntrypointSpec[], abortMsg: number): Func {
  const get = (local: string): Instr => ({ op: 'local.get', local });
  const run = (i: number): Instr[] => {
    const name = entrypointFuncName(i);
    return (entrypoints[i] as EntrypointSpec).write
      ? [get('input'), get('data'), get('buf'), get('rego'), { op: 'call', func: `write_${name}` }, { op: 'return' }]
      : [
          get('input'),
          get('data'),
          { op: 'call', func: name },
          { op: 'local.tee', local: 'v' },
          { op: 'i32.eqz' },
          { op: 'if', body: [{ op: 'i32.const', value: 0 }, { op: 'return' }] },
          get('buf'),
          get('v'),
          get('rego'),
          { op: 'call', func: 'dump' },
          { op: 'i32.const', value: 1 },
          { op: 'return' },
        ];
  };
  return dispatchFunc('write_entrypoint', ['input', 'data', 'buf', 'rego'], [{ name: 'v', type: 'i32' }], entrypoints.length, run, abortMsg);
}

/** `$entrypoints()`: a fresh object mapping each entrypoint name to its id. */
function entrypointsFunc(names: readonly number[]): Func {
  const body: Instr[] = [{ op: 'call', func: 'rt_object_new' }, { op: 'local.set', local: 'o' }];
  names.forEach((nameValue, id) => {
    body.push(
      { op: 'local.get', local: 'o' },
      { op: 'i32.const', value: nameValue },
      { op: 'i32.const', value: id },
      { op: 'call', func: 'rt_number_i32' },
      { op: 'call', func: 'rt_object_insert' },
    );
  });
  body.push({ op: 'local.get', local: 'o' });
  return { name: 'entrypoints', params: [], results: ['i32'], locals: [{ name: 'o', type: 'i32' }], body };
}

/** Splits data segments at `limit`: the part below stays in active segments, the rest is deferred. */
function splitSegments(segments: readonly DataSegment[], limit: number): { active: DataSegment[]; deferred: DataSegment[] } {
  const active: DataSegment[] = [];
  const deferred: DataSegment[] = [];
  for (const s of segments) {
    const end = s.offset + s.bytes.length;
    if (end <= limit) active.push(s);
    else if (s.offset >= limit) deferred.push(s);
    else {
      active.push({ offset: s.offset, bytes: s.bytes.subarray(0, limit - s.offset) });
      deferred.push({ offset: limit, bytes: s.bytes.subarray(limit - s.offset) });
    }
  }
  return { active, deferred };
}

/**
 * Start-function code that writes static data lying beyond the declared minimum memory: it grows
 * memory to cover the statics plus one free page above the heap base (hosts that never grow
 * memory before writing input rely on that headroom), then stores the bytes eight at a time,
 * skipping zero words (fresh memory is zero). Pure MVP, deterministic: the same in every
 * instance, as the Go pool requires (§5.6). Only very large pacts (hundreds of rules) need it.
 */
function materialiseStatics(deferred: readonly DataSegment[], heapBase: number, abortMsg: number): Instr[] {
  const pages = Math.ceil(heapBase / PAGE_SIZE) + 1;
  const code: Instr[] = [
    { op: 'memory.size' },
    { op: 'i32.const', value: pages },
    { op: 'i32.lt_u' },
    {
      op: 'if',
      body: [
        { op: 'i32.const', value: pages },
        { op: 'memory.size' },
        { op: 'i32.sub' },
        { op: 'memory.grow' },
        { op: 'i32.const', value: -1 },
        { op: 'i32.eq' },
        { op: 'if', body: [{ op: 'i32.const', value: abortMsg }, { op: 'call', func: 'abort' }, { op: 'unreachable' }] },
      ],
    },
  ];
  for (const s of deferred) {
    const padded = new Uint8Array(Math.ceil(s.bytes.length / 8) * 8);
    padded.set(s.bytes);
    const view = new DataView(padded.buffer);
    for (let i = 0; i < padded.length; i += 8) {
      const word = view.getBigInt64(i, true);
      if (word === 0n) continue;
      code.push({ op: 'i32.const', value: s.offset + i }, { op: 'i64.const', value: word }, { op: 'i64.store', offset: 0, align: 1 });
    }
  }
  return code;
}
