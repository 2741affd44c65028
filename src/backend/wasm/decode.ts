/**
 * The binary decoder: bytes back to a symbolic {@link WasmModule}.
 *
 * It reads exactly what `encode.ts` writes — the MVP sections, no tables or elements — and
 * rebuilds names from the `name` section (or invents `f12`, `l3`, `g1` without one), so that
 * `encodeModule(decodeModule(bytes))` reproduces `bytes` and `wat.ts` can disassemble any emitted
 * module. Branch targets are decoded as relative depths and locals as indices, which the encoder
 * accepts unchanged.
 *
 * It is strict on purpose: any opcode outside the MVP (`0xC0`–`0xC4` sign extension, the `0xFC`
 * prefix of bulk memory and saturating truncation, `0xFD` SIMD, typed `select`, reference types,
 * multi-value block types) is an error. The tests run it over every emitted module, which is how
 * "the output is pure MVP" is checked without a feature-gated validator at hand.
 */
import { CONTROL_OPCODES, MEMORY_OPCODES, PLAIN_OPCODES, VALTYPE_CODE, type Instr, type ValType } from './instr.js';
import type { DataSegment, Export, Func, FuncType, Global, Import, Local, WasmModule } from './module.js';
import { SECTION, WASM_HEADER } from './encode.js';

const byCode = <T extends string>(table: Record<T, number>): Map<number, T> =>
  new Map(Object.entries(table).map(([k, v]) => [v as number, k as T]));
const PLAIN = byCode(PLAIN_OPCODES);
const MEMORY = new Map<number, keyof typeof MEMORY_OPCODES>(
  Object.entries(MEMORY_OPCODES).map(([k, [code]]): [number, keyof typeof MEMORY_OPCODES] => [code, k as keyof typeof MEMORY_OPCODES]),
);
const VALTYPES = byCode(VALTYPE_CODE);

/** A cursor over bytes with the primitive decodings. */
class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new Error('wasm decode: unexpected end');
    return b;
  }
  u32(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) return result;
    }
  }
  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
  }
  f32(): number {
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  valType(): ValType {
    const b = this.byte();
    const t = VALTYPES.get(b);
    if (!t) throw new Error(`wasm decode: not an MVP value type 0x${b.toString(16)}`);
    return t;
  }
  vec<T>(item: () => T): T[] {
    const n = this.u32();
    return Array.from({ length: n }, item);
  }
  sub(n: number): Reader {
    const r = new Reader(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return r;
  }
}

/** Decodes a module produced by `encodeModule`. Throws on anything outside the MVP subset. */
export function decodeModule(bytes: Uint8Array): WasmModule {
  const r = new Reader(bytes);
  for (const b of WASM_HEADER) if (r.byte() !== b) throw new Error('wasm decode: bad header');

  let types: FuncType[] = [];
  let rawImports: { module: string; field: string; kind: number; type?: number; min?: number; max?: number }[] = [];
  let funcTypes: number[] = [];
  let globals: { type: ValType; mutable: boolean; init: number | bigint }[] = [];
  let exports: { name: string; kind: number; index: number }[] = [];
  let start: number | undefined;
  let bodies: { locals: ValType[]; body: Instr[] }[] = [];
  let data: DataSegment[] = [];
  const funcNames = new Map<number, string>();
  const localNames = new Map<number, Map<number, string>>();
  const globalNames = new Map<number, string>();
  let lastId = 0;

  while (!r.done) {
    const id = r.byte();
    const s = r.sub(r.u32());
    if (id !== SECTION.custom) {
      if (id <= lastId) throw new Error(`wasm decode: section ${id} out of order`);
      lastId = id;
    }
    switch (id) {
      case SECTION.custom: {
        if (s.name() !== 'name') break;
        while (!s.done) {
          const sub = s.byte();
          const body = s.sub(s.u32());
          if (sub === 1) body.vec(() => funcNames.set(body.u32(), body.name()));
          if (sub === 7) body.vec(() => globalNames.set(body.u32(), body.name()));
          if (sub === 2) {
            body.vec(() => {
              const f = body.u32();
              const m = new Map<number, string>();
              body.vec(() => m.set(body.u32(), body.name()));
              localNames.set(f, m);
            });
          }
        }
        break;
      }
      case SECTION.type:
        types = s.vec(() => {
          if (s.byte() !== 0x60) throw new Error('wasm decode: bad function type');
          return { params: s.vec(() => s.valType()), results: s.vec(() => s.valType()) };
        });
        break;
      case SECTION.import:
        rawImports = s.vec(() => {
          const module = s.name();
          const field = s.name();
          const kind = s.byte();
          if (kind === 0x00) return { module, field, kind, type: s.u32() };
          if (kind !== 0x02) throw new Error(`wasm decode: unsupported import kind ${kind}`);
          const flags = s.byte();
          const min = s.u32();
          return { module, field, kind, min, max: flags & 1 ? s.u32() : undefined };
        });
        break;
      case SECTION.function:
        funcTypes = s.vec(() => s.u32());
        break;
      case SECTION.global:
        globals = s.vec(() => {
          const type = s.valType();
          const mutable = s.byte() === 1;
          const [init] = decodeExpr(s, 'const');
          if (!init || !('value' in init)) throw new Error('wasm decode: bad global initialiser');
          return { type, mutable, init: init.value };
        });
        break;
      case SECTION.export:
        exports = s.vec(() => ({ name: s.name(), kind: s.byte(), index: s.u32() }));
        break;
      case SECTION.start:
        start = s.u32();
        break;
      case SECTION.code:
        bodies = s.vec(() => {
          const b = s.sub(s.u32());
          const locals = b.vec(() => {
            const n = b.u32();
            return Array<ValType>(n).fill(b.valType());
          }).flat();
          return { locals, body: decodeExpr(b, 'body') };
        });
        break;
      case SECTION.data:
        data = s.vec(() => {
          if (s.u32() !== 0) throw new Error('wasm decode: only memory 0');
          const [off] = decodeExpr(s, 'const');
          const n = s.u32();
          const bytes = s.bytes.slice(s.pos, s.pos + n);
          s.pos += n;
          return { offset: off && 'value' in off ? Number(off.value) : 0, bytes };
        });
        break;
      default:
        throw new Error(`wasm decode: unsupported section ${id}`);
    }
  }

  const funcImports = rawImports.filter((i) => i.kind === 0x00);
  const fname = (i: number): string => funcNames.get(i) ?? `f${i}`;
  const imports: Import[] = rawImports.map((i, k) =>
    i.kind === 0x00
      ? { kind: 'func', module: i.module, field: i.field, name: fname(funcImports.indexOf(rawImports[k] as (typeof funcImports)[number])), type: types[i.type ?? 0] as FuncType }
      : { kind: 'memory', module: i.module, field: i.field, min: i.min ?? 0, max: i.max },
  );
  const globalName = (i: number): string => globalNames.get(i) ?? `g${i}`;
  const funcs: Func[] = bodies.map((b, k) => {
    const index = funcImports.length + k;
    const t = types[funcTypes[k] ?? 0] as FuncType;
    const names = localNames.get(index);
    const local = (i: number, type: ValType): Local => ({ name: names?.get(i) ?? `l${i}`, type });
    return {
      name: fname(index),
      params: t.params.map((p, i) => local(i, p)),
      results: t.results,
      locals: b.locals.map((l, i) => local(t.params.length + i, l)),
      body: resolveNames(b.body, fname, globalName),
    };
  });
  const globalList: Global[] = globals.map((g, i) => ({ name: globalName(i), ...g }));
  const exportList: Export[] = exports.map((e) =>
    e.kind === 0x02
      ? { kind: 'memory', name: e.name }
      : { kind: e.kind === 0x00 ? 'func' : 'global', name: e.name, ref: e.kind === 0x00 ? fname(e.index) : globalName(e.index) },
  );
  return {
    imports,
    funcs,
    globals: globalList,
    exports: exportList,
    data,
    start: start === undefined ? undefined : fname(start),
    names: funcNames.size > 0,
  };
}

/** Decodes instructions up to the `end` that closes the expression (or a block). */
function decodeExpr(r: Reader, _what: 'const' | 'body'): Instr[] {
  const stack: { instrs: Instr[]; open?: { op: 'block' | 'loop' | 'if'; type?: ValType; then?: Instr[] } }[] = [{ instrs: [] }];
  for (;;) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const code = r.byte();
    if (code === CONTROL_OPCODES.end) {
      stack.pop();
      if (!top.open) return top.instrs;
      const parent = stack[stack.length - 1] as (typeof stack)[number];
      const o = top.open;
      if (o.op === 'if') {
        parent.instrs.push(o.then ? { op: 'if', type: o.type, body: o.then, else: top.instrs } : { op: 'if', type: o.type, body: top.instrs });
      } else parent.instrs.push({ op: o.op, type: o.type, body: top.instrs });
      continue;
    }
    if (code === CONTROL_OPCODES.block || code === CONTROL_OPCODES.loop || code === CONTROL_OPCODES.if) {
      const bt = r.byte();
      const type = bt === 0x40 ? undefined : VALTYPES.get(bt);
      if (bt !== 0x40 && !type) throw new Error(`wasm decode: not an MVP block type 0x${bt.toString(16)}`);
      const op = code === CONTROL_OPCODES.block ? 'block' : code === CONTROL_OPCODES.loop ? 'loop' : 'if';
      stack.push({ instrs: [], open: { op, type } });
      continue;
    }
    if (code === CONTROL_OPCODES.else) {
      if (!top.open || top.open.op !== 'if' || top.open.then) throw new Error('wasm decode: misplaced else');
      top.open.then = top.instrs;
      top.instrs = [];
      continue;
    }
    top.instrs.push(decodeInstr(r, code));
  }
}

function decodeInstr(r: Reader, code: number): Instr {
  switch (code) {
    case CONTROL_OPCODES.br:
      return { op: 'br', label: r.u32() };
    case CONTROL_OPCODES.br_if:
      return { op: 'br_if', label: r.u32() };
    case CONTROL_OPCODES.br_table: {
      const labels = r.vec(() => r.u32());
      return { op: 'br_table', labels, default: r.u32() };
    }
    case CONTROL_OPCODES.call:
      return { op: 'call', func: `#${r.u32()}` };
    case CONTROL_OPCODES['local.get']:
      return { op: 'local.get', local: r.u32() };
    case CONTROL_OPCODES['local.set']:
      return { op: 'local.set', local: r.u32() };
    case CONTROL_OPCODES['local.tee']:
      return { op: 'local.tee', local: r.u32() };
    case CONTROL_OPCODES['global.get']:
      return { op: 'global.get', global: `#${r.u32()}` };
    case CONTROL_OPCODES['global.set']:
      return { op: 'global.set', global: `#${r.u32()}` };
    case CONTROL_OPCODES['i32.const']:
      return { op: 'i32.const', value: Number(BigInt.asIntN(32, r.s64())) };
    case CONTROL_OPCODES['i64.const']:
      return { op: 'i64.const', value: r.s64() };
    case CONTROL_OPCODES['f32.const']:
      return { op: 'f32.const', value: r.f32() };
    case CONTROL_OPCODES['f64.const']:
      return { op: 'f64.const', value: r.f64() };
  }
  const mem = MEMORY.get(code);
  if (mem) {
    const align = 2 ** r.u32();
    return { op: mem, align, offset: r.u32() };
  }
  const plain = PLAIN.get(code);
  if (plain) {
    if (plain === 'memory.size' || plain === 'memory.grow') {
      if (r.byte() !== 0) throw new Error('wasm decode: memory index must be 0');
    }
    return { op: plain };
  }
  throw new Error(`wasm decode: opcode 0x${code.toString(16)} is not MVP`);
}

/** Replaces the `#index` placeholders of calls and globals by names. */
function resolveNames(body: readonly Instr[], func: (i: number) => string, global: (i: number) => string): Instr[] {
  return body.map((i): Instr => {
    switch (i.op) {
      case 'call':
        return { op: 'call', func: func(Number(i.func.slice(1))) };
      case 'global.get':
      case 'global.set':
        return { op: i.op, global: global(Number(i.global.slice(1))) };
      case 'block':
      case 'loop':
        return { ...i, body: resolveNames(i.body, func, global) };
      case 'if':
        return { ...i, body: resolveNames(i.body, func, global), ...(i.else ? { else: resolveNames(i.else, func, global) } : {}) };
      default:
        return i;
    }
  });
}
