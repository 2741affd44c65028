/**
 * The binary encoder: the only code in pactc that writes WebAssembly bytes.
 *
 * `encodeModule` turns a symbolic {@link WasmModule} into the binary format of the WebAssembly
 * 1.0 (MVP) specification, section by section in the mandatory order: type (1), import (2),
 * function (3), memory (5, only when the module defines its own), global (6), export (7),
 * start (8), code (10), data (11), then the optional `name` custom section (function, local and
 * global names). There is no table or element section: pactc never calls indirectly.
 *
 * Resolution happens here and only here:
 * - function indices: imported functions first (in import order), then defined functions;
 * - type indices: signatures deduplicated in first-use order (imports, then functions);
 * - local indices: parameters, then declared locals; consecutive locals of one type share a
 *   run-length entry;
 * - label depths: a named branch target is the innermost enclosing block with that label.
 *
 * Output is a pure function of the input (no maps iterated in hash order, no timestamps), so
 * equal modules encode to equal bytes. (What the data segments *contain* — the runtime's values
 * and tables as they sit in memory — is laid out by `static-data.ts`; this file writes the module
 * format around it.) Integers use LEB128: unsigned for counts and indices,
 * signed for `i32.const`/`i64.const`; floats are little-endian IEEE 754.
 */
import {
  CONTROL_OPCODES,
  MEMORY_OPCODES,
  PLAIN_OPCODES,
  VALTYPE_CODE,
  isMemoryOp,
  isPlainOp,
  type Instr,
  type LabelRef,
  type ValType,
} from './instr.js';
import { funcType, typeKey, type Func, type FuncType, type WasmModule } from './module.js';

/** The module preamble: `\0asm` and version 1. */
export const WASM_HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

/** Section ids. */
export const SECTION = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7,
  start: 8, element: 9, code: 10, data: 11,
} as const;

/** A growable byte buffer with the primitive encodings of the binary format. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** The number of bytes written so far. */
  get length(): number {
    return this.len;
  }

  /** Appends one byte. */
  byte(b: number): this {
    this.reserve(1);
    this.buf[this.len++] = b & 0xff;
    return this;
  }

  /** Appends raw bytes. */
  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** Appends an unsigned LEB128 integer (0 ≤ n < 2^32). */
  u32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`wasm: u32 out of range: ${n}`);
    let v = n;
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  /** Appends a signed LEB128 integer of at most 32 bits (accepts −2^31 … 2^32−1, wrapped). */
  s32(n: number): this {
    if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw new Error(`wasm: i32 out of range: ${n}`);
    return this.s64(BigInt(n | 0));
  }

  /** Appends a signed LEB128 integer of at most 64 bits. */
  s64(n: bigint): this {
    let v = BigInt.asIntN(64, n);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n; // arithmetic shift: sign-extends
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  /** Appends a little-endian f32. */
  f32(x: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, x, true);
    return this.bytes(b);
  }

  /** Appends a little-endian f64. */
  f64(x: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, true);
    return this.bytes(b);
  }

  /** Appends a name: its UTF-8 length, then its bytes. */
  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** Appends a vector: the count, then each item. */
  vec<T>(items: readonly T[], each: (item: T, w: this) => void): this {
    this.u32(items.length);
    for (const it of items) each(it, this);
    return this;
  }

  /** Appends a length-prefixed sub-buffer. */
  sized(fill: (w: ByteWriter) => void): this {
    const inner = new ByteWriter();
    fill(inner);
    return this.u32(inner.length).bytes(inner.finish());
  }

  /** Returns the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Index spaces of a module, by name. */
interface Indices {
  readonly funcs: ReadonlyMap<string, number>;
  readonly globals: ReadonlyMap<string, number>;
  readonly types: ReadonlyMap<string, number>;
}

/** Encodes a module to bytes. Throws on an unresolved name or a malformed instruction. */
export function encodeModule(m: WasmModule): Uint8Array {
  const funcImports = m.imports.filter((i) => i.kind === 'func');
  const memImport = m.imports.find((i) => i.kind === 'memory');

  const types: FuncType[] = [];
  const typeIdx = new Map<string, number>();
  const internType = (t: FuncType): number => {
    const k = typeKey(t);
    let i = typeIdx.get(k);
    if (i === undefined) {
      i = types.length;
      types.push(t);
      typeIdx.set(k, i);
    }
    return i;
  };
  for (const i of funcImports) internType(i.type);
  for (const f of m.funcs) internType(funcType(f));

  const funcIdx = new Map<string, number>();
  funcImports.forEach((imp, i) => funcIdx.set(imp.name, i));
  m.funcs.forEach((f, i) => funcIdx.set(f.name, funcImports.length + i));
  const globalIdx = new Map<string, number>();
  m.globals.forEach((g, i) => globalIdx.set(g.name, i));
  const idx: Indices = { funcs: funcIdx, globals: globalIdx, types: typeIdx };

  const w = new ByteWriter().bytes(WASM_HEADER);
  const section = (id: number, fill: (s: ByteWriter) => void): void => {
    w.byte(id).sized(fill);
  };

  section(SECTION.type, (s) =>
    s.vec(types, (t, s) => {
      s.byte(0x60);
      s.vec(t.params, (p, s) => s.byte(VALTYPE_CODE[p]));
      s.vec(t.results, (r, s) => s.byte(VALTYPE_CODE[r]));
    }),
  );

  if (m.imports.length > 0) {
    section(SECTION.import, (s) =>
      s.vec(m.imports, (imp, s) => {
        s.name(imp.module).name(imp.field);
        if (imp.kind === 'func') s.byte(0x00).u32(internType(imp.type));
        else limits(s.byte(0x02), imp.min, imp.max);
      }),
    );
  }

  section(SECTION.function, (s) => s.vec(m.funcs, (f, s) => s.u32(internType(funcType(f)))));

  if (m.globals.length > 0) {
    section(SECTION.global, (s) =>
      s.vec(m.globals, (g, s) => {
        s.byte(VALTYPE_CODE[g.type]).byte(g.mutable ? 1 : 0);
        constExpr(s, g.type, g.init);
      }),
    );
  }

  if (m.exports.length > 0) {
    section(SECTION.export, (s) =>
      s.vec(m.exports, (e, s) => {
        s.name(e.name);
        if (e.kind === 'memory') {
          if (!memImport) throw new Error('wasm: exporting memory without a memory');
          s.byte(0x02).u32(0);
        } else if (e.kind === 'func') s.byte(0x00).u32(lookup(funcIdx, e.ref, 'function'));
        else s.byte(0x03).u32(lookup(globalIdx, e.ref, 'global'));
      }),
    );
  }

  if (m.start !== undefined) {
    const start = m.start;
    section(SECTION.start, (s) => s.u32(lookup(funcIdx, start, 'function')));
  }

  section(SECTION.code, (s) => s.vec(m.funcs, (f, s) => s.sized((b) => encodeFunc(b, f, idx))));

  if (m.data.length > 0) {
    section(SECTION.data, (s) =>
      s.vec(m.data, (d, s) => {
        s.u32(0);
        constExpr(s, 'i32', d.offset);
        s.u32(d.bytes.length).bytes(d.bytes);
      }),
    );
  }

  if (m.names) {
    section(SECTION.custom, (s) => {
      s.name('name');
      const allFuncs = [...funcImports.map((i) => i.name), ...m.funcs.map((f) => f.name)];
      s.byte(1).sized((n) => n.vec(allFuncs, (name, n) => n.u32(lookup(funcIdx, name, 'function')).name(name)));
      s.byte(2).sized((n) =>
        n.vec(m.funcs, (f, n) => {
          n.u32(lookup(funcIdx, f.name, 'function'));
          const all = [...f.params, ...f.locals].map((l, i) => ({ i, name: l.name }));
          n.vec(all, (l, n) => n.u32(l.i).name(l.name));
        }),
      );
      // Global names (subsection 7 of the extended name section; ignored by older readers).
      if (m.globals.length > 0) s.byte(7).sized((n) => n.vec(m.globals, (g, n) => n.u32(lookup(globalIdx, g.name, 'global')).name(g.name)));
    });
  }

  return w.finish();
}

function limits(w: ByteWriter, min: number, max: number | undefined): void {
  if (max === undefined) w.byte(0x00).u32(min);
  else w.byte(0x01).u32(min).u32(max);
}

function constExpr(w: ByteWriter, type: ValType, value: number | bigint): void {
  switch (type) {
    case 'i32':
      w.byte(CONTROL_OPCODES['i32.const']).s32(Number(value));
      break;
    case 'i64':
      w.byte(CONTROL_OPCODES['i64.const']).s64(BigInt(value));
      break;
    case 'f32':
      w.byte(CONTROL_OPCODES['f32.const']).f32(Number(value));
      break;
    case 'f64':
      w.byte(CONTROL_OPCODES['f64.const']).f64(Number(value));
      break;
  }
  w.byte(CONTROL_OPCODES.end);
}

function lookup(map: ReadonlyMap<string, number>, name: string, what: string, where?: string): number {
  const i = map.get(name);
  if (i === undefined) throw new Error(`wasm: unknown ${what} $${name}${where ? ` in $${where}` : ''}`);
  return i;
}

/** Encodes one function body: local declarations, instructions, `end`. */
function encodeFunc(w: ByteWriter, f: Func, idx: Indices): void {
  // Locals are declared as runs of equal type.
  const runs: { count: number; type: ValType }[] = [];
  for (const l of f.locals) {
    const last = runs[runs.length - 1];
    if (last && last.type === l.type) last.count++;
    else runs.push({ count: 1, type: l.type });
  }
  w.vec(runs, (r, w) => w.u32(r.count).byte(VALTYPE_CODE[r.type]));

  const locals = new Map<string, number>();
  [...f.params, ...f.locals].forEach((l, i) => locals.set(l.name, i));
  const nLocals = f.params.length + f.locals.length;
  const labels: (string | undefined)[] = [];

  const localIndex = (ref: string | number): number => {
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref < 0 || ref >= nLocals) throw new Error(`wasm: local ${ref} out of range in $${f.name}`);
      return ref;
    }
    return lookup(locals, ref, 'local', f.name);
  };
  const depth = (ref: LabelRef): number => {
    if (typeof ref === 'number') {
      // `labels.length` itself is the function body's implicit block (a branch there returns).
      if (!Number.isInteger(ref) || ref < 0 || ref > labels.length) throw new Error(`wasm: branch depth ${ref} out of range in $${f.name}`);
      return ref;
    }
    const at = labels.lastIndexOf(ref);
    if (at < 0) throw new Error(`wasm: unknown label $${ref} in $${f.name}`);
    return labels.length - 1 - at;
  };
  const blockType = (t: ValType | undefined): number => (t === undefined ? 0x40 : VALTYPE_CODE[t]);

  const emit = (body: readonly Instr[]): void => {
    for (const i of body) {
      switch (i.op) {
        case 'block':
        case 'loop':
          w.byte(CONTROL_OPCODES[i.op]).byte(blockType(i.type));
          labels.push(i.label);
          emit(i.body);
          labels.pop();
          w.byte(CONTROL_OPCODES.end);
          break;
        case 'if':
          w.byte(CONTROL_OPCODES.if).byte(blockType(i.type));
          labels.push(i.label);
          emit(i.body);
          if (i.else && i.else.length > 0) {
            w.byte(CONTROL_OPCODES.else);
            emit(i.else);
          }
          labels.pop();
          w.byte(CONTROL_OPCODES.end);
          break;
        case 'br':
        case 'br_if':
          w.byte(CONTROL_OPCODES[i.op]).u32(depth(i.label));
          break;
        case 'br_table':
          w.byte(CONTROL_OPCODES.br_table);
          w.vec(i.labels, (l, w) => w.u32(depth(l)));
          w.u32(depth(i.default));
          break;
        case 'call':
          w.byte(CONTROL_OPCODES.call).u32(lookup(idx.funcs, i.func, 'function', f.name));
          break;
        case 'local.get':
        case 'local.set':
        case 'local.tee':
          w.byte(CONTROL_OPCODES[i.op]).u32(localIndex(i.local));
          break;
        case 'global.get':
        case 'global.set':
          w.byte(CONTROL_OPCODES[i.op]).u32(lookup(idx.globals, i.global, 'global', f.name));
          break;
        case 'i32.const':
          w.byte(CONTROL_OPCODES[i.op]).s32(i.value);
          break;
        case 'i64.const':
          w.byte(CONTROL_OPCODES[i.op]).s64(i.value);
          break;
        case 'f32.const':
          w.byte(CONTROL_OPCODES[i.op]).f32(i.value);
          break;
        case 'f64.const':
          w.byte(CONTROL_OPCODES[i.op]).f64(i.value);
          break;
        default:
          if (isMemoryOp(i.op)) {
            const m = i as { op: keyof typeof MEMORY_OPCODES; offset?: number; align?: number };
            const [code, natural] = MEMORY_OPCODES[m.op];
            const align = m.align ?? natural;
            if (!Number.isInteger(Math.log2(align)) || align > natural) {
              throw new Error(`wasm: bad alignment ${align} for ${m.op} in $${f.name}`);
            }
            w.byte(code).u32(Math.log2(align)).u32(m.offset ?? 0);
          } else if (isPlainOp(i.op)) {
            w.byte(PLAIN_OPCODES[i.op]);
            if (i.op === 'memory.size' || i.op === 'memory.grow') w.byte(0x00);
          } else {
            throw new Error(`wasm: unknown instruction ${(i as { op: string }).op} in $${f.name}`);
          }
      }
    }
  };
  emit(f.body);
  w.byte(CONTROL_OPCODES.end);
}
