/**
 * Shared state of policy code generation: static constants and per-function locals.
 *
 * {@link Consts} interns every constant the generated code refers to — string values, object
 * keys, prebuilt documents — in the module's static data, so each literal exists once and costs
 * no allocation at run time. {@link FnScope} hands out uniquely named locals for one generated
 * function and maps quantifier slots to locals.
 */
import { STR } from '../runtime/layout.js';
import type { StaticData, StaticJson } from '../static-data.js';
import type { Local } from '../module.js';
import type { Instr, ValType } from '../instr.js';
import { call, get, i32 } from '../instr.js';

/** Interned static constants of one module. */
export class Consts {
  private readonly values = new Map<string, number>();

  constructor(readonly statics: StaticData) {}

  /** The address of a prebuilt string value. */
  str(s: string): number {
    const key = `s:${s}`;
    let a = this.values.get(key);
    if (a === undefined) {
      a = this.statics.stringValue(s);
      this.values.set(key, a);
    }
    return a;
  }

  /** The address of a prebuilt constant document (keys keep their order). */
  json(v: StaticJson): number {
    const key = `j:${JSON.stringify(v)}`;
    let a = this.values.get(key);
    if (a === undefined) {
      a = this.statics.value(v);
      this.values.set(key, a);
    }
    return a;
  }

  /** Instructions that look up static key `k` in the object value on the stack. */
  getField(k: string): Instr[] {
    const { ptr, len } = this.statics.string(k);
    return [i32(ptr), i32(len), call('rt_object_get_str')];
  }

  /** Instructions comparing the string value on the stack with literal `s` (i32 0/1). */
  equalsLiteral(s: string): Instr[] {
    const { ptr, len } = this.statics.string(s);
    return [i32(ptr), i32(len), call('rt_string_equal_lit')];
  }
}

/** The address offset of a string value's byte length (for generated WAT). */
export const STRING_LEN_OFFSET = STR.len;

/** Locals of one generated function. */
export class FnScope {
  readonly locals: Local[] = [];
  private n = 0;
  private readonly slots = new Map<number, string>();

  /** A fresh local of `type`, named after `hint`. */
  tmp(type: ValType, hint = 't'): string {
    const name = `${hint}${this.n++}`;
    this.locals.push({ name, type });
    return name;
  }

  /** The local holding quantifier slot `slot` (created on first use). */
  slot(slot: number): string {
    let name = this.slots.get(slot);
    if (!name) {
      name = `slot${slot}`;
      this.locals.push({ name, type: 'i32' });
      this.slots.set(slot, name);
    }
    return name;
  }

  /** Reads the root value of a path: the pact's data object, or a quantifier slot. */
  root(kind: 'data' | number): Instr {
    return kind === 'data' ? get('d') : get(this.slot(kind));
  }
}
