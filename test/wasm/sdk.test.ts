/**
 * The emitted runtime through the real JS host, `@open-policy-agent/opa-wasm` 1.10: the ABI 1.2
 * fast path (`opa_eval`) and the ABI 1.0 slow path (the ctx family, forced by reporting minor 1
 * to the SDK's own `LoadedPolicy`).
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import * as sdk from '@open-policy-agent/opa-wasm';

const { loadPolicy } = sdk;
/** The SDK's own wrapper class (exported at run time on the default export only). */
const LoadedPolicy = (sdk as unknown as { default: { LoadedPolicy: new (i: WebAssembly.Instance, m: WebAssembly.Memory, minor: number) => Policy } }).default
  .LoadedPolicy;
import { echoModule, echoSpec, emitWithExports, expectAbiExports } from './host.js';
import { newStaticData } from '../../src/backend/wasm/index.js';
import { call, get, i32, mem, set } from '../../src/backend/wasm/instr.js';

type Policy = Awaited<ReturnType<typeof loadPolicy>>;

const bytes = echoModule();

/** Loads the module with the SDK, then (for 'slow') rebuilds the SDK's wrapper with minor 1. */
async function load(path: 'fast' | 'slow'): Promise<Policy> {
  const p = await loadPolicy(bytes);
  if (path === 'fast') return p;
  return new LoadedPolicy(p.wasmInstance as WebAssembly.Instance, p.mem, 1);
}

/** What a JSON round trip through any correct host gives. */
const viaJson = (v: unknown): string => JSON.stringify(JSON.parse(JSON.stringify(v)));

for (const path of ['fast', 'slow'] as const) {
  describe(`JS SDK, ${path} path`, () => {
    it('loads, lists entrypoints and exports the whole ABI', async () => {
      const p = await load(path);
      expect(p.entrypoints).toEqual({ echo: 0, data: 1 });
      expect(p.minorVersion).toBe(path === 'fast' ? 3 : 1);
      expectAbiExports(p.wasmInstance as WebAssembly.Instance);
    });

    it('round-trips generated JSON documents', async () => {
      const p = await load(path);
      fc.assert(
        fc.property(fc.jsonValue(), (v) => {
          // The fast path treats falsy input as "no input" (SDK: `if (input)`).
          const got = p.evaluate(v, 'echo');
          if (path === 'fast' && !v) expect(got).toEqual([]);
          else expect(JSON.stringify(got)).toBe(`[{"result":${viaJson(v)}}]`);
        }),
        { numRuns: 300 },
      );
    });

    it('round-trips unicode strings and keys', async () => {
      const p = await load(path);
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), (v) => {
          const got = p.evaluate({ v }, 'echo');
          expect(JSON.stringify(got)).toBe(`[{"result":${viaJson({ v })}}]`);
        }),
        { numRuns: 200 },
      );
    });

    it('handles escapes of every kind', async () => {
      const p = await load(path);
      const s = 'q"b\\s/\b\f\n\r\t\u0000\u0001\u001f\u007f é € 😀 \u2028\u2029 <>&';
      expect(p.evaluate({ s }, 'echo')).toEqual([{ result: { s } }]);
      // Python's json.dumps escapes everything non-ASCII, Go's escapes <, >, & — as raw bytes.
      const escaped = '{"s":"\\u00e9\\u20ac\\ud83d\\ude00\\u003c\\u003e\\u0026\\/"}';
      expect(p.evaluate(new TextEncoder().encode(escaped).buffer, 'echo')).toEqual([{ result: { s: 'é€😀<>&/' } }]);
    });

    it('preserves number literals in the text the SDK receives', async () => {
      const p = await load(path);
      const text = '{"n":1.50,"e":1e2,"big":12345678901234567890123,"neg":-0.000,"f":[1E+2,0.1]}';
      const spy = vi.spyOn(JSON, 'parse');
      try {
        p.evaluate(new TextEncoder().encode(text).buffer, 'echo');
        expect(spy.mock.calls.at(-1)?.[0]).toBe(`[{"result":${text}}]`);
        p.setData(new TextEncoder().encode(text).buffer);
        p.evaluate({}, 'data');
        expect(spy.mock.calls.at(-1)?.[0]).toBe(`[{"result":${text}}]`);
      } finally {
        spy.mockRestore();
      }
    });

    it('undefined input gives the empty result set', async () => {
      const p = await load(path);
      expect(p.evaluate(undefined, 'echo')).toEqual([]);
    });

    it('setData replaces the data document, and evaluations do not disturb it', async () => {
      const p = await load(path);
      expect(p.evaluate({}, 'data')).toEqual([{ result: {} }]);
      const data = { a: [1, 2.5, 'x'], b: { c: null, d: true } };
      p.setData(data);
      for (let i = 0; i < 20; i++) {
        expect(p.evaluate({ i, pad: 'x'.repeat(i * 100) }, 'echo')).toEqual([{ result: { i, pad: 'x'.repeat(i * 100) } }]);
        expect(p.evaluate({}, 'data')).toEqual([{ result: data }]);
      }
      p.setData({ z: 1 });
      expect(p.evaluate({}, 'data')).toEqual([{ result: { z: 1 } }]);
      expect(() => p.setData(new TextEncoder().encode('{"a":').buffer)).toThrow();
    });

    it('evaluates a 1 MB input (the host or the allocator grows memory)', async () => {
      const p = await load(path);
      const big = { items: Array.from({ length: 20000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'], v: i / 7 })) };
      const text = JSON.stringify(big);
      expect(text.length).toBeGreaterThan(1_000_000);
      const got = p.evaluate(big, 'echo');
      expect(JSON.stringify(got)).toBe(`[{"result":${text}}]`);
      p.setData(big);
      expect(JSON.stringify(p.evaluate({}, 'data'))).toBe(`[{"result":${text}}]`);
    });

    it('evaluates 1000-deep nesting', async () => {
      const p = await load(path);
      let deep: unknown = 'core';
      for (let i = 0; i < 1000; i++) deep = i % 2 ? [deep] : { k: deep };
      expect(p.evaluate({ deep }, 'echo')).toEqual([{ result: { deep } }]);
    });

    it('rejects an unknown entrypoint id with OPA’s abort message', async () => {
      const p = await load(path);
      expect(() => p.evaluate({}, 7)).toThrow('internal: illegal entrypoint id');
      expect(() => p.evaluate({}, -1)).toThrow('internal: illegal entrypoint id');
      // The instance stays usable after an abort.
      expect(p.evaluate({ ok: 1 }, 'echo')).toEqual([{ result: { ok: 1 } }]);
    });
  });
}

describe('JS SDK, module shape', () => {
  it('imports only env.memory (min 2, no max) and env.opa_abort', () => {
    const m = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(m)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
      { module: 'env', name: 'opa_abort', kind: 'function' },
    ]);
    // .NET passes exactly 2 pages: instantiation must work with them.
    const memory = new WebAssembly.Memory({ initial: 2 });
    const inst = new WebAssembly.Instance(m, { env: { memory, opa_abort: () => {} } });
    expect((inst.exports.memory as WebAssembly.Memory).buffer).toBe(memory.buffer);
    expect(() => new WebAssembly.Instance(m, { env: { memory: new WebAssembly.Memory({ initial: 1 }), opa_abort: () => {} } })).toThrow();
  });

  it('exports the version globals 1.3 as immutable i32', () => {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { memory: new WebAssembly.Memory({ initial: 2 }), opa_abort: () => {} },
    });
    const major = inst.exports.opa_wasm_abi_version as WebAssembly.Global;
    const minor = inst.exports.opa_wasm_abi_minor_version as WebAssembly.Global;
    expect([major.value, minor.value]).toEqual([1, 3]);
    expect(() => {
      major.value = 2;
    }).toThrow();
  });
});

describe('start function', () => {
  it('runs init once per instance, below the first heap pointer, identically in every instance', async () => {
    const statics = newStaticData();
    const slot = statics.reserve(4);
    const spec = echoSpec({
      staticData: statics,
      entrypoints: [{ name: 'const', body: { body: [i32(slot), mem('i32.load')] } }],
      init: {
        locals: [{ name: 'o', type: 'i32' }],
        body: [
          call('rt_object_new'),
          set('o'),
          get('o'),
          i32(statics.stringValue('answer')),
          i32(42),
          call('rt_number_i32'),
          call('rt_object_insert'),
          i32(slot),
          get('o'),
          mem('i32.store'),
        ],
      },
    });
    const wasm = emitWithExports(spec);
    const a = await loadPolicy(wasm);
    const b = await loadPolicy(wasm);
    expect(a.baseHeapPtr).toBe(b.baseHeapPtr);
    expect(new Uint8Array(a.mem.buffer, 0, a.baseHeapPtr)).toEqual(new Uint8Array(b.mem.buffer, 0, b.baseHeapPtr));
    for (let i = 0; i < 5; i++) {
      expect(a.evaluate({ pad: 'x'.repeat(1000 * i) }, 'const')).toEqual([{ result: { answer: 42 } }]);
    }
    a.setData({ big: 'y'.repeat(100000) });
    expect(a.evaluate({}, 'const')).toEqual([{ result: { answer: 42 } }]);
  });
});
