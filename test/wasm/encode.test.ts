/**
 * The infrastructure below the runtime: LEB128 and the byte encoder, name resolution, the WAT
 * assembler, the decoder (MVP check) and the disassembler (goldens of one function each).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteWriter, encodeModule } from '../../src/backend/wasm/encode.js';
import { decodeModule } from '../../src/backend/wasm/decode.js';
import { ModuleBuilder, type Func } from '../../src/backend/wasm/module.js';
import { parseInstrs, parseWat } from '../../src/backend/wasm/wat-parse.js';
import { printBytes, printFunc } from '../../src/backend/wasm/wat.js';
import { buildModule, emitModule } from '../../src/backend/wasm/index.js';
import type { Instr } from '../../src/backend/wasm/instr.js';
import { echoSpec } from './host.js';

const bytesOf = (f: (w: ByteWriter) => void): number[] => {
  const w = new ByteWriter();
  f(w);
  return Array.from(w.finish());
};

/** Reads a signed LEB128 (test oracle, independent of decode.ts). */
function readS(bytes: number[]): bigint {
  let result = 0n;
  let shift = 0n;
  for (const b of bytes) {
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) return b & 0x40 ? result - (1n << shift) : result;
  }
  throw new Error('unterminated');
}

const addFunc: Func = {
  name: 'add',
  params: [
    { name: 'a', type: 'i32' },
    { name: 'b', type: 'i32' },
  ],
  results: ['i32'],
  locals: [],
  body: [{ op: 'local.get', local: 'a' }, { op: 'local.get', local: 'b' }, { op: 'i32.add' }],
};

describe('LEB128 and primitives', () => {
  it('encodes unsigned integers', () => {
    expect(bytesOf((w) => w.u32(0))).toEqual([0]);
    expect(bytesOf((w) => w.u32(127))).toEqual([0x7f]);
    expect(bytesOf((w) => w.u32(128))).toEqual([0x80, 0x01]);
    expect(bytesOf((w) => w.u32(624485))).toEqual([0xe5, 0x8e, 0x26]);
    expect(bytesOf((w) => w.u32(0xffffffff))).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    for (const bad of [-1, 2 ** 32, 1.5, NaN]) expect(() => bytesOf((w) => w.u32(bad))).toThrow();
  });

  it('encodes signed integers', () => {
    expect(bytesOf((w) => w.s32(0))).toEqual([0]);
    expect(bytesOf((w) => w.s32(-1))).toEqual([0x7f]);
    expect(bytesOf((w) => w.s32(63))).toEqual([0x3f]);
    expect(bytesOf((w) => w.s32(64))).toEqual([0xc0, 0x00]);
    expect(bytesOf((w) => w.s32(-64))).toEqual([0x40]);
    expect(bytesOf((w) => w.s32(-65))).toEqual([0xbf, 0x7f]);
    expect(bytesOf((w) => w.s32(-123456))).toEqual([0xc0, 0xbb, 0x78]);
    expect(bytesOf((w) => w.s32(0xffffffff))).toEqual([0x7f]); // unsigned spelling wraps
    expect(bytesOf((w) => w.s32(-0x80000000))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        expect(readS(bytesOf((w) => w.s32(n)))).toBe(BigInt(n));
      }),
    );
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
      const b = bytesOf((w) => w.s64(n));
      expect(readS(b)).toBe(n);
      expect(b.length).toBeLessThanOrEqual(10);
    }));
  });

  it('encodes floats little-endian and names as UTF-8', () => {
    expect(bytesOf((w) => w.f64(1))).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(bytesOf((w) => w.f32(-2))).toEqual([0, 0, 0, 0xc0]);
    expect(bytesOf((w) => w.name('é'))).toEqual([2, 0xc3, 0xa9]);
  });
});

describe('module encoder', () => {
  it('writes a known module byte for byte', () => {
    const m = new ModuleBuilder().func(addFunc).export('func', 'add').build({ names: false });
    // prettier-ignore
    expect(Array.from(encodeModule(m))).toEqual([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type: (i32 i32) -> i32
      0x03, 0x02, 0x01, 0x00,                               // function: type 0
      0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, // export "add" func 0
      0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // code
    ]);
  });

  it('deduplicates types, resolves names and labels, and is deterministic', () => {
    const loopFunc: Func = {
      name: 'count',
      params: [{ name: 'n', type: 'i32' }],
      results: ['i32'],
      locals: [{ name: 'i', type: 'i32' }, { name: 'j', type: 'i32' }, { name: 'x', type: 'f64' }],
      body: parseInstrs(`
        (block $done
          (loop $next
            (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $i)`),
    };
    const numeric: Func = {
      ...loopFunc,
      name: 'count2',
      body: parseInstrs(`
        (block
          (loop
            (br_if 1 (i32.ge_s (local.get 1) (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br 0)))
        (local.get 1)`),
    };
    const m = new ModuleBuilder().func(addFunc).func(loopFunc).func(numeric).export('func', 'count').build();
    const a = encodeModule(m);
    expect(a).toEqual(encodeModule(m));
    expect(WebAssembly.validate(a)).toBe(true);
    const decoded = decodeModule(a);
    expect(decoded.funcs.map((f) => f.name)).toEqual(['add', 'count', 'count2']);
    expect(decoded.funcs[1]?.body).toEqual(decoded.funcs[2]?.body); // names and numbers encode alike
    const inst = new WebAssembly.Instance(new WebAssembly.Module(a));
    expect((inst.exports.count as (n: number) => number)(5)).toBe(5);
  });

  it('reports unresolved references and malformed instructions', () => {
    const bad = (body: Instr[]): (() => Uint8Array) => () =>
      encodeModule(new ModuleBuilder().func({ ...addFunc, body }).build());
    expect(bad([{ op: 'call', func: 'nope' }])).toThrow('unknown function $nope in $add');
    expect(bad([{ op: 'local.get', local: 'zz' }])).toThrow('unknown local $zz in $add');
    expect(bad([{ op: 'br', label: 'out' }])).toThrow('unknown label $out in $add');
    expect(bad([{ op: 'br', label: 2 }])).toThrow('branch depth 2 out of range');
    expect(bad([{ op: 'global.get', global: 'g' }])).toThrow('unknown global $g');
    expect(bad([{ op: 'i32.load', align: 8 }])).toThrow('bad alignment 8 for i32.load');
    expect(() => new ModuleBuilder().func(addFunc).func(addFunc)).toThrow('duplicate function $add');
    expect(() => new ModuleBuilder().export('func', 'x').export('func', 'x')).toThrow('duplicate export');
  });

  it('emits the same policy module twice byte for byte', () => {
    expect(emitModule(echoSpec())).toEqual(emitModule(echoSpec()));
  });
});

describe('WAT assembler', () => {
  it('reads folded and flat forms alike', () => {
    const folded = parseInstrs('(i32.add (local.get $a) (i32.mul (local.get 1) (i32.const -3)))');
    const flat = parseInstrs('local.get $a local.get 1 i32.const -3 i32.mul i32.add');
    expect(folded).toEqual(flat);
    expect(parseInstrs('(if (result i32) (local.get $c) (then (i32.const 1)) (else (i32.const 2)))')).toEqual([
      { op: 'local.get', local: 'c' },
      { op: 'if', label: undefined, type: 'i32', body: [{ op: 'i32.const', value: 1 }], else: [{ op: 'i32.const', value: 2 }] },
    ]);
    expect(parseInstrs('(i64.store offset=8 align=4 (local.get 0) (i64.const 0xffffffffffffffff)) ;; c\n (; block ;) (br_table $a $b 0 (i32.const 0xffffffff))')).toEqual([
      { op: 'local.get', local: 0 },
      { op: 'i64.const', value: -1n },
      { op: 'i64.store', offset: 8, align: 4 },
      { op: 'i32.const', value: -1 },
      { op: 'br_table', labels: ['a', 'b'], default: 0 },
    ]);
    expect(parseInstrs('(f64.const -inf) (f64.const 1e22) (f64.const nan)').map((i) => (i as { value: number }).value)).toEqual([-Infinity, 1e22, NaN]);
  });

  it('reads functions and globals, and names the line of an error', () => {
    const { funcs, globals } = parseWat(`
      (global $g (mut i32) (i32.const 7))
      (global $k f64 (f64.const 0.5))
      (func $f (param $x i32) (result i32) (local $y i32)
        (local.get $x))`);
    expect(globals).toEqual([
      { name: 'g', type: 'i32', mutable: true, init: 7 },
      { name: 'k', type: 'f64', mutable: false, init: 0.5 },
    ]);
    expect(funcs[0]).toMatchObject({ name: 'f', params: [{ name: 'x', type: 'i32' }], results: ['i32'], locals: [{ name: 'y', type: 'i32' }] });
    expect(() => parseWat('(func $f\n  (i32.bogus))')).toThrow('wat:2: unknown instruction i32.bogus');
    expect(() => parseWat('(func $f\n\n (if (i32.const 1)))')).toThrow('wat:3: if needs (then …)');
    expect(() => parseWat('(func $f (block (result i32 i32)))')).toThrow('at most one result');
    expect(() => parseWat('(func $f')).toThrow('unclosed');
  });
});

describe('decoder, MVP check and disassembler', () => {
  const bytes = emitModule(echoSpec());

  it('decodes an emitted module and re-encodes it to the same bytes', () => {
    expect(encodeModule(decodeModule(bytes))).toEqual(bytes);
  });

  it('finds only MVP instructions in emitted modules', () => {
    // decodeModule throws on any post-MVP opcode, block type or section.
    expect(() => decodeModule(bytes)).not.toThrow();
    const withCopy = patchFirstBody(bytes, [0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0a, 0x00, 0x00]); // memory.copy
    expect(() => decodeModule(withCopy)).toThrow('opcode 0xfc is not MVP');
    const withExtend = patchFirstBody(bytes, [0x41, 0, 0xc0, 0x1a]); // i32.extend8_s
    expect(() => decodeModule(withExtend)).toThrow('opcode 0xc0 is not MVP');
  });

  it('prints one function (golden)', async () => {
    const m = buildModule(echoSpec());
    const malloc = m.funcs.find((f) => f.name === 'opa_malloc') as Func;
    await expect(printFunc(malloc)).toMatchFileSnapshot('__golden__/opa_malloc.wat');
    const dispatch = m.funcs.find((f) => f.name === 'eval_entrypoint') as Func;
    await expect(printFunc(dispatch)).toMatchFileSnapshot('__golden__/eval_entrypoint.wat');
  });

  it('disassembles bytes with the names from the name section', () => {
    const text = printBytes(bytes);
    expect(text).toContain('(import "env" "memory" (memory 2))');
    expect(text).toContain('(export "opa_eval" (func $opa_eval))');
    expect(text).toContain('(global $opa_wasm_abi_minor_version i32 (i32.const 3))');
    expect(text).toContain('(func $opa_malloc (param $size i32) (result i32)');
  });

  it('reports the size of the bare runtime', () => {
    const bare = emitModule({ entrypoints: [] });
    const named = bare.length;
    const stripped = emitModule({ entrypoints: [], names: false }).length;
    console.log(`bare runtime: ${named} bytes with the name section, ${stripped} bytes without`);
    expect(WebAssembly.validate(bare)).toBe(true);
    expect(stripped).toBeLessThan(24 * 1024);
  });
});

/**
 * Replaces the body of the first defined function by `code` (no locals) + `end` — enough to
 * smuggle one post-MVP instruction into otherwise valid bytes.
 */
function patchFirstBody(bytes: Uint8Array, code: number[]): Uint8Array {
  const w = new ByteWriter();
  const body = [0x00, ...code, 0x0b];
  let pos = 8;
  const out: number[] = Array.from(bytes.subarray(0, 8));
  const readU32 = (): number => {
    let r = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[pos++] as number;
      r += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) return r;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++] as number;
    const size = readU32();
    const start = pos;
    pos += size;
    if (id !== 10) {
      out.push(id, ...bytesOf((x) => x.u32(size)), ...bytes.subarray(start, pos));
      continue;
    }
    // Code section: count, then sized bodies; replace the first.
    let p = start;
    const rd = (): number => {
      let r = 0;
      let mul = 1;
      for (;;) {
        const b = bytes[p++] as number;
        r += (b & 0x7f) * mul;
        mul *= 128;
        if (!(b & 0x80)) return r;
      }
    };
    const count = rd();
    const firstSize = rd();
    p += firstSize;
    const rest = Array.from(bytes.subarray(p, pos));
    const content = [...bytesOf((x) => x.u32(count)), ...bytesOf((x) => x.u32(body.length)), ...body, ...rest];
    out.push(id, ...bytesOf((x) => x.u32(content.length)), ...content);
  }
  void w;
  return Uint8Array.from(out);
}
