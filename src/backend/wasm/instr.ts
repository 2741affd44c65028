/**
 * WebAssembly MVP instructions as typed values.
 *
 * An instruction is a plain object discriminated on `op`, named exactly as in the text format
 * (`{ op: 'i32.add' }`, `{ op: 'i32.const', value: 1 }`, `{ op: 'call', func: 'opa_malloc' }`), in
 * the spirit of OPA's `internal/wasm/instruction`. Everything symbolic stays symbolic until
 * `encode.ts` writes bytes:
 *
 * - functions are called and globals read **by name**;
 * - locals are named (`'len'`) or numbered (`0` = the first parameter);
 * - branch targets are label names (`'loop'`) or relative depths (`0` = innermost block);
 * - structured control is nested: `block`/`loop` carry a `body`, `if` a `body` (the then-arm)
 *   and an optional `else`. There is no `end` instruction: the encoder writes it.
 *
 * Only the MVP instruction set exists here — no bulk memory, sign extension, saturating
 * truncation, multi-value block types, reference types or SIMD — so a module built from these
 * values is MVP by construction (and `test/wasm/mvp.test.ts` re-checks the bytes). Tables and
 * `call_indirect` are deliberately left out: nothing in pactc needs indirect calls.
 */

/** A value type of the MVP. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64';

/** The byte that encodes each value type. */
export const VALTYPE_CODE: Readonly<Record<ValType, number>> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

/** A local variable: its name in the function, or its index (parameters first). */
export type LocalRef = string | number;

/** A branch target: a label name, or a relative depth (0 = the innermost enclosing block). */
export type LabelRef = string | number;

/**
 * Instructions without immediates, with their opcodes. `memory.size` and `memory.grow` are here
 * too: their only immediate is the reserved memory index 0, which the encoder writes.
 */
export const PLAIN_OPCODES = {
  unreachable: 0x00, nop: 0x01, return: 0x0f, drop: 0x1a, select: 0x1b,
  'memory.size': 0x3f, 'memory.grow': 0x40,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49,
  'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b, 'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e,
  'i32.ge_u': 0x4f,
  'i64.eqz': 0x50, 'i64.eq': 0x51, 'i64.ne': 0x52, 'i64.lt_s': 0x53, 'i64.lt_u': 0x54,
  'i64.gt_s': 0x55, 'i64.gt_u': 0x56, 'i64.le_s': 0x57, 'i64.le_u': 0x58, 'i64.ge_s': 0x59,
  'i64.ge_u': 0x5a,
  'f32.eq': 0x5b, 'f32.ne': 0x5c, 'f32.lt': 0x5d, 'f32.gt': 0x5e, 'f32.le': 0x5f, 'f32.ge': 0x60,
  'f64.eq': 0x61, 'f64.ne': 0x62, 'f64.lt': 0x63, 'f64.gt': 0x64, 'f64.le': 0x65, 'f64.ge': 0x66,
  'i32.clz': 0x67, 'i32.ctz': 0x68, 'i32.popcnt': 0x69, 'i32.add': 0x6a, 'i32.sub': 0x6b,
  'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e, 'i32.rem_s': 0x6f, 'i32.rem_u': 0x70,
  'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73, 'i32.shl': 0x74, 'i32.shr_s': 0x75,
  'i32.shr_u': 0x76, 'i32.rotl': 0x77, 'i32.rotr': 0x78,
  'i64.clz': 0x79, 'i64.ctz': 0x7a, 'i64.popcnt': 0x7b, 'i64.add': 0x7c, 'i64.sub': 0x7d,
  'i64.mul': 0x7e, 'i64.div_s': 0x7f, 'i64.div_u': 0x80, 'i64.rem_s': 0x81, 'i64.rem_u': 0x82,
  'i64.and': 0x83, 'i64.or': 0x84, 'i64.xor': 0x85, 'i64.shl': 0x86, 'i64.shr_s': 0x87,
  'i64.shr_u': 0x88, 'i64.rotl': 0x89, 'i64.rotr': 0x8a,
  'f32.abs': 0x8b, 'f32.neg': 0x8c, 'f32.ceil': 0x8d, 'f32.floor': 0x8e, 'f32.trunc': 0x8f,
  'f32.nearest': 0x90, 'f32.sqrt': 0x91, 'f32.add': 0x92, 'f32.sub': 0x93, 'f32.mul': 0x94,
  'f32.div': 0x95, 'f32.min': 0x96, 'f32.max': 0x97, 'f32.copysign': 0x98,
  'f64.abs': 0x99, 'f64.neg': 0x9a, 'f64.ceil': 0x9b, 'f64.floor': 0x9c, 'f64.trunc': 0x9d,
  'f64.nearest': 0x9e, 'f64.sqrt': 0x9f, 'f64.add': 0xa0, 'f64.sub': 0xa1, 'f64.mul': 0xa2,
  'f64.div': 0xa3, 'f64.min': 0xa4, 'f64.max': 0xa5, 'f64.copysign': 0xa6,
  'i32.wrap_i64': 0xa7, 'i32.trunc_f32_s': 0xa8, 'i32.trunc_f32_u': 0xa9, 'i32.trunc_f64_s': 0xaa,
  'i32.trunc_f64_u': 0xab, 'i64.extend_i32_s': 0xac, 'i64.extend_i32_u': 0xad,
  'i64.trunc_f32_s': 0xae, 'i64.trunc_f32_u': 0xaf, 'i64.trunc_f64_s': 0xb0, 'i64.trunc_f64_u': 0xb1,
  'f32.convert_i32_s': 0xb2, 'f32.convert_i32_u': 0xb3, 'f32.convert_i64_s': 0xb4,
  'f32.convert_i64_u': 0xb5, 'f32.demote_f64': 0xb6, 'f64.convert_i32_s': 0xb7,
  'f64.convert_i32_u': 0xb8, 'f64.convert_i64_s': 0xb9, 'f64.convert_i64_u': 0xba,
  'f64.promote_f32': 0xbb, 'i32.reinterpret_f32': 0xbc, 'i64.reinterpret_f64': 0xbd,
  'f32.reinterpret_i32': 0xbe, 'f64.reinterpret_i64': 0xbf,
} as const;

/** An instruction without immediates. */
export type PlainOp = keyof typeof PLAIN_OPCODES;

/** Loads and stores with their opcode and natural alignment in bytes. */
export const MEMORY_OPCODES = {
  'i32.load': [0x28, 4], 'i64.load': [0x29, 8], 'f32.load': [0x2a, 4], 'f64.load': [0x2b, 8],
  'i32.load8_s': [0x2c, 1], 'i32.load8_u': [0x2d, 1], 'i32.load16_s': [0x2e, 2],
  'i32.load16_u': [0x2f, 2], 'i64.load8_s': [0x30, 1], 'i64.load8_u': [0x31, 1],
  'i64.load16_s': [0x32, 2], 'i64.load16_u': [0x33, 2], 'i64.load32_s': [0x34, 4],
  'i64.load32_u': [0x35, 4],
  'i32.store': [0x36, 4], 'i64.store': [0x37, 8], 'f32.store': [0x38, 4], 'f64.store': [0x39, 8],
  'i32.store8': [0x3a, 1], 'i32.store16': [0x3b, 2], 'i64.store8': [0x3c, 1],
  'i64.store16': [0x3d, 2], 'i64.store32': [0x3e, 4],
} as const satisfies Record<string, readonly [number, number]>;

/** A load or store. */
export type MemoryOp = keyof typeof MEMORY_OPCODES;

/** Opcodes of the instructions that carry immediates or bodies. */
export const CONTROL_OPCODES = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d, br_table: 0x0e,
  call: 0x10, 'local.get': 0x20, 'local.set': 0x21, 'local.tee': 0x22, 'global.get': 0x23,
  'global.set': 0x24, 'i32.const': 0x41, 'i64.const': 0x42, 'f32.const': 0x43, 'f64.const': 0x44,
} as const;

/** A WebAssembly MVP instruction. */
export type Instr =
  | { readonly op: 'block' | 'loop'; readonly label?: string; readonly type?: ValType; readonly body: readonly Instr[] }
  | {
      readonly op: 'if';
      readonly label?: string;
      readonly type?: ValType;
      /** The then-arm. */
      readonly body: readonly Instr[];
      readonly else?: readonly Instr[];
    }
  | { readonly op: 'br' | 'br_if'; readonly label: LabelRef }
  | { readonly op: 'br_table'; readonly labels: readonly LabelRef[]; readonly default: LabelRef }
  | { readonly op: 'call'; readonly func: string }
  | { readonly op: 'local.get' | 'local.set' | 'local.tee'; readonly local: LocalRef }
  | { readonly op: 'global.get' | 'global.set'; readonly global: string }
  | { readonly op: 'i32.const'; readonly value: number }
  | { readonly op: 'i64.const'; readonly value: bigint }
  | { readonly op: 'f32.const' | 'f64.const'; readonly value: number }
  | { readonly op: MemoryOp; readonly offset?: number; readonly align?: number }
  | { readonly op: PlainOp };

/** The `op` of any instruction. */
export type Op = Instr['op'];

/** True when `op` names a load or store. */
export function isMemoryOp(op: string): op is MemoryOp {
  return Object.prototype.hasOwnProperty.call(MEMORY_OPCODES, op);
}

/** True when `op` names an instruction without immediates. */
export function isPlainOp(op: string): op is PlainOp {
  return Object.prototype.hasOwnProperty.call(PLAIN_OPCODES, op);
}

/**
 * Calls `visit` on every instruction of `body`, nested bodies included (pre-order). The one
 * traversal of instruction trees; the encoder, the printer and the tests all use it.
 */
export function walkInstrs(body: readonly Instr[], visit: (i: Instr) => void): void {
  for (const i of body) {
    visit(i);
    if (i.op === 'block' || i.op === 'loop') walkInstrs(i.body, visit);
    else if (i.op === 'if') {
      walkInstrs(i.body, visit);
      if (i.else) walkInstrs(i.else, visit);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Constructors. Plain object literals work just as well; these keep generated code short.

/** `i32.const value` (the value is wrapped to 32 bits, so unsigned constants are fine). */
export const i32 = (value: number): Instr => ({ op: 'i32.const', value: value | 0 });
/** `i64.const value`. */
export const i64 = (value: bigint): Instr => ({ op: 'i64.const', value: BigInt.asIntN(64, value) });
/** `f64.const value`. */
export const f64 = (value: number): Instr => ({ op: 'f64.const', value });
/** `local.get`. */
export const get = (local: LocalRef): Instr => ({ op: 'local.get', local });
/** `local.set`. */
export const set = (local: LocalRef): Instr => ({ op: 'local.set', local });
/** `local.tee`. */
export const tee = (local: LocalRef): Instr => ({ op: 'local.tee', local });
/** `call func`. */
export const call = (func: string): Instr => ({ op: 'call', func });
/** An instruction without immediates, e.g. `op('i32.add')`. */
export const op = (o: PlainOp): Instr => ({ op: o });
/** `block` with an optional label and result type. */
export const block = (body: readonly Instr[], label?: string, type?: ValType): Instr => ({ op: 'block', body, label, type });
/** `loop` with an optional label and result type. */
export const loop = (body: readonly Instr[], label?: string, type?: ValType): Instr => ({ op: 'loop', body, label, type });
/** `if` with an optional else-arm and result type. */
export const if_ = (body: readonly Instr[], else_?: readonly Instr[], type?: ValType): Instr => ({ op: 'if', body, else: else_, type });
/** `br label`. */
export const br = (label: LabelRef): Instr => ({ op: 'br', label });
/** `br_if label`. */
export const brIf = (label: LabelRef): Instr => ({ op: 'br_if', label });
/** A load or store with optional offset and alignment (bytes; defaults to natural). */
export const mem = (o: MemoryOp, offset = 0, align?: number): Instr => ({ op: o, offset, align });
