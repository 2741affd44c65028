/**
 * Test hosts for emitted modules.
 *
 * - {@link echoModule}: the standard test policy — entrypoint `echo` (0) returns the input,
 *   `data` (1) returns the data document — optionally with extra runtime exports so tests can call
 *   runtime functions directly.
 * - {@link RawHost}: instantiates a module the way the JS SDK does (memory {initial: 5}) and offers
 *   byte-level helpers (parse, dump, opa_eval) that return the exact text the module wrote.
 * - {@link GoHost}: replays OPA's Go host call sequences (§5.3): `opa_malloc(0)` at start-up, data
 *   and input via `opa_value_parse`, `opa_eval` with format 1 (Rego results), data patches through
 *   `opa_value_add_path`/`remove_path` with the stash dance, and the pool's raw memory clone (§5.6).
 *
 * The real `@open-policy-agent/opa-wasm` SDK is used directly by the tests.
 */
import { expect } from 'vitest';
import { ABI_EXPORTS, ABI_VERSION, EVAL_FORMAT, GLOBAL_ABI_MINOR_VERSION, GLOBAL_ABI_VERSION, PAGE_SIZE } from '../../src/backend/wasm/abi.js';
import { buildModule, type ModuleSpec } from '../../src/backend/wasm/index.js';
import { encodeModule } from '../../src/backend/wasm/encode.js';
import type { Instr } from '../../src/backend/wasm/instr.js';
import type { WasmModule } from '../../src/backend/wasm/module.js';

/** The `echo`/`data` test policy as a module description, with optional extra exports. */
export function echoSpec(extra: Partial<ModuleSpec> = {}): ModuleSpec {
  const get = (local: string): Instr[] => [{ op: 'local.get', local }];
  return {
    entrypoints: [
      { name: 'echo', body: { body: get('input') } },
      { name: 'data', body: { body: get('data') } },
      ...(extra.entrypoints ?? []),
    ],
    ...(extra.staticData ? { staticData: extra.staticData } : {}),
    ...(extra.extraFunctions ? { extraFunctions: extra.extraFunctions } : {}),
    ...(extra.init ? { init: extra.init } : {}),
  };
}

/** Encodes a module, additionally exporting the named internal functions (for direct tests). */
export function emitWithExports(spec: ModuleSpec, exportFuncs: readonly string[] = []): Uint8Array {
  const m = buildModule(spec);
  const withExports: WasmModule = {
    ...m,
    exports: [...m.exports, ...exportFuncs.map((f) => ({ kind: 'func' as const, name: f, ref: f }))],
  };
  const bytes = encodeModule(withExports);
  expect(WebAssembly.validate(bytes)).toBe(true);
  return bytes;
}

/** The echo module, validated. */
export function echoModule(exportFuncs: readonly string[] = []): Uint8Array {
  return emitWithExports(echoSpec(), exportFuncs);
}

/** An abort raised by the module through `opa_abort`. */
export class AbortError extends Error {}

type Exports = Record<string, (...args: number[]) => number> & Record<string, unknown>;

/** A module instance with byte-level helpers. */
export class RawHost {
  readonly memory: WebAssembly.Memory;
  readonly instance: WebAssembly.Instance;
  readonly ex: Exports;

  constructor(bytes: Uint8Array, memory: WebAssembly.MemoryDescriptor = { initial: 5 }) {
    this.memory = new WebAssembly.Memory(memory);
    this.instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        memory: this.memory,
        opa_abort: (addr: number) => {
          throw new AbortError(this.cstr(addr));
        },
      },
    });
    this.ex = this.instance.exports as unknown as Exports;
  }

  /** Calls an export. */
  call(name: string, ...args: number[]): number {
    const f = this.ex[name];
    if (typeof f !== 'function') throw new Error(`no export ${name}`);
    return f(...args) as number;
  }

  /** The bytes of memory. */
  get bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  /** Copies `data` into a fresh `opa_malloc` block; returns its address. */
  write(data: Uint8Array): number {
    const addr = this.call('opa_malloc', data.length);
    this.bytes.set(data, addr);
    return addr;
  }

  /** Reads a NUL-terminated UTF-8 text. */
  cstr(addr: number): string {
    const m = this.bytes;
    let end = addr;
    while (m[end] !== 0) end++;
    return new TextDecoder().decode(m.subarray(addr, end));
  }

  /** `opa_json_parse` (or `opa_value_parse` when `rego`) of text or bytes. */
  parse(text: string | Uint8Array, rego = false): number {
    const b = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    const addr = this.write(b);
    return this.call(rego ? 'opa_value_parse' : 'opa_json_parse', addr, b.length);
  }

  /** `opa_json_dump` (or `opa_value_dump`) as text. */
  dump(value: number, rego = false): string {
    return this.cstr(this.call(rego ? 'opa_value_dump' : 'opa_json_dump', value));
  }

  /** Parses and dumps back (JSON → JSON, or Rego → Rego). Returns undefined when parsing fails. */
  roundTrip(text: string | Uint8Array, rego = false): string | undefined {
    const v = this.parse(text, rego);
    return v === 0 ? undefined : this.dump(v, rego);
  }

  /** A string value of `s` (via the parser). */
  str(s: string): number {
    return this.parse(JSON.stringify(s));
  }

  /** The ABI version globals. */
  get abi(): { major: number; minor: number } {
    const g = (n: string): number => (this.ex[n] as unknown as WebAssembly.Global).value as number;
    return { major: g(GLOBAL_ABI_VERSION), minor: g(GLOBAL_ABI_MINOR_VERSION) };
  }
}

/**
 * OPA's Go host (wasmtime) call sequences, replayed in Node (§5.3). Data and input cross as Rego
 * text; results come back as Rego text (format 1).
 */
export class GoHost {
  readonly raw: RawHost;
  /** `opa_heap_ptr_get()` after start-up: where the data document begins. */
  readonly base: number;
  dataAddr = 0;
  evalHeap: number;
  readonly entrypoints: Record<string, number>;

  constructor(bytes: Uint8Array, data?: string, clonedFrom?: GoHost) {
    // Go passes {min: 16 (or the first instance's pages), max: 65536}.
    const pages = clonedFrom ? clonedFrom.raw.memory.buffer.byteLength / PAGE_SIZE : 16;
    this.raw = new RawHost(bytes, { initial: pages, maximum: 65536 });
    const { major, minor } = this.raw.abi;
    expect(major).toBe(ABI_VERSION);
    expect([1, 3]).toContain(minor);
    this.raw.call('opa_malloc', 0);
    this.base = this.raw.call('opa_heap_ptr_get');
    if (clonedFrom) {
      // The pool: copy the parsed data segment raw, never re-parse.
      const seg = clonedFrom.raw.bytes.slice(clonedFrom.base, clonedFrom.evalHeap);
      expect(this.base).toBe(clonedFrom.base);
      this.raw.bytes.set(seg, this.base);
      this.raw.call('opa_heap_ptr_set', this.base + seg.length);
      this.raw.call('opa_heap_blocks_stash');
      this.dataAddr = clonedFrom.dataAddr;
    } else if (data !== undefined) {
      this.dataAddr = this.valueParse(data, true);
    }
    this.evalHeap = this.raw.call('opa_heap_ptr_get');
    const builtins = this.dumpAndFree(this.raw.call('builtins'));
    expect(builtins).toBe('{}');
    this.entrypoints = JSON.parse(this.dumpAndFree(this.raw.call('entrypoints'))) as Record<string, number>;
  }

  private valueParse(text: string, free: boolean): number {
    const b = new TextEncoder().encode(text);
    const addr = this.raw.write(b);
    const v = this.raw.call('opa_value_parse', addr, b.length);
    if (free) this.raw.call('opa_free', addr);
    return v;
  }

  private dumpAndFree(value: number): string {
    const s = this.raw.call('opa_json_dump', value);
    const text = this.raw.cstr(s);
    this.raw.call('opa_free', s);
    return text;
  }

  /** Evaluates with the ABI 1.2 fast path and format 1; returns the raw Rego text. */
  eval(entrypoint: string, input?: string): string {
    const ep = this.entrypoints[entrypoint] as number;
    let inAddr = 0;
    let len = 0;
    if (input !== undefined) {
      const b = new TextEncoder().encode(input);
      const need = this.evalHeap + b.length - this.raw.memory.buffer.byteLength;
      if (need > 0) this.raw.memory.grow(Math.ceil(need / 65535));
      this.raw.bytes.set(b, this.evalHeap);
      inAddr = this.evalHeap;
      len = b.length;
    }
    const out = this.raw.call('opa_eval', 0, ep, this.dataAddr, inAddr, len, this.evalHeap + len, EVAL_FORMAT.VALUE);
    return this.raw.cstr(out);
  }

  /** Evaluates with the ABI 1.1 compatibility path (ctx family, `opa_value_dump`). */
  evalCompat(entrypoint: string, input?: string): string {
    this.raw.call('opa_heap_ptr_set', this.evalHeap);
    const ctx = this.raw.call('opa_eval_ctx_new');
    if (this.dataAddr !== 0) this.raw.call('opa_eval_ctx_set_data', ctx, this.dataAddr);
    this.raw.call('opa_eval_ctx_set_entrypoint', ctx, this.entrypoints[entrypoint] as number);
    if (input !== undefined) this.raw.call('opa_eval_ctx_set_input', ctx, this.valueParse(input, false));
    expect(this.raw.call('eval', ctx)).toBe(0);
    return this.raw.cstr(this.raw.call('opa_value_dump', this.raw.call('opa_eval_ctx_get_result', ctx)));
  }

  /** Replaces the data document (`SetData`). */
  setData(text: string): void {
    this.raw.call('opa_heap_stash_clear');
    this.raw.call('opa_heap_ptr_set', this.base);
    this.dataAddr = this.valueParse(text, true);
    this.raw.call('opa_heap_blocks_stash');
    this.evalHeap = this.raw.call('opa_heap_ptr_get');
  }

  /** Patches the data document (`SetDataPath`); returns the error code. */
  setDataPath(path: string, value: string): number {
    this.raw.call('opa_heap_ptr_set', this.evalHeap);
    this.raw.call('opa_heap_blocks_restore');
    const v = this.valueParse(value, true);
    const p = this.valueParse(path, true);
    const errc = this.raw.call('opa_value_add_path', this.dataAddr, p, v);
    this.raw.call('opa_value_free', p);
    this.raw.call('opa_heap_blocks_stash');
    this.evalHeap = this.raw.call('opa_heap_ptr_get');
    return errc;
  }

  /** Removes a path from the data document (`RemoveDataPath`); returns the error code. */
  removeDataPath(path: string): number {
    this.raw.call('opa_heap_ptr_set', this.evalHeap);
    this.raw.call('opa_heap_blocks_restore');
    const p = this.valueParse(path, true);
    const errc = this.raw.call('opa_value_remove_path', this.dataAddr, p);
    this.raw.call('opa_value_free', p);
    this.raw.call('opa_heap_blocks_stash');
    this.evalHeap = this.raw.call('opa_heap_ptr_get');
    return errc;
  }
}

/** Checks that every ABI export exists with its exact signature (by arity, as JS can see it). */
export function expectAbiExports(instance: WebAssembly.Instance): void {
  for (const [name, sig] of Object.entries(ABI_EXPORTS)) {
    const f = instance.exports[name];
    expect(typeof f, name).toBe('function');
    expect((f as (...a: unknown[]) => unknown).length, name).toBe(sig.params.length);
  }
}
