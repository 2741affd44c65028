/**
 * Fail-closed schema validation, generated from the pact's input and data schemas.
 *
 * `pc_validate_input(input)` and `pc_validate_data(d)` walk their document along the schema —
 * fields in declaration order, list elements by index, depth first — and return an array of
 * violation messages (0 when there is none), worded by `src/decision` exactly as the reference
 * evaluator words them. A value of the wrong type yields one message and is not descended into.
 * JSON `null` on an optional field counts as absent; on a required field it has the wrong type.
 *
 * Messages whose path is known at compile time are prebuilt static strings, so valid input costs
 * no allocation. Below a list the path contains an index, so the message is assembled at run
 * time — only when there is a violation: a *dynamic path* is the code that computes the prefix
 * (`input.items[3]`) plus the static rest (`.name`).
 */
import { fieldPath, violation, type Expected } from '../../../decision/index.js';
import type * as ir from '../../../ir/ir.js';
import { T } from '../runtime/layout.js';
import type { Func } from '../module.js';
import { block, br, brIf, call, f64, get, i32, if_, loop, op, set, tee, type Instr } from '../instr.js';
import { FnScope, type Consts } from './context.js';

/** A path known at compile time, or computed by `prefix` code with a static `rest` appended. */
type PathRef = { readonly kind: 'static'; readonly path: string } | { readonly kind: 'dynamic'; readonly prefix: readonly Instr[]; readonly rest: string };

/** Generates `pc_validate_<name>(v) → violations|0` for a document rooted at `root`. */
export function validatorFunc(name: string, root: string, check: ir.RecordCheck, consts: Consts): Func {
  return checkFunc(`pc_validate_${name}`, check, root, consts);
}

/** Generates `name(v) → violations|0` checking a value at `path` against `check`. */
export function checkFunc(name: string, check: ir.Check, path: string, consts: Consts): Func {
  const scope = new FnScope();
  const out = scope.tmp('i32', 'out');
  const g = new Gen(consts, scope, out);
  const body = [i32(0), set(out), ...g.check(check, [get('v')], { kind: 'static', path }), get(out)];
  return { name, params: [{ name: 'v', type: 'i32' }], results: ['i32'], locals: scope.locals, body };
}

/**
 * 1 when the string in local `v` is one of `members`, else 0 (always 0 for no members): the
 * enum test of validation and of the input decoder.
 */
export function isMember(consts: Consts, v: string, members: readonly string[]): Instr[] {
  if (members.length === 0) return [i32(0)];
  return members.flatMap((m, i) => [get(v), ...consts.equalsLiteral(m), ...(i > 0 ? [op('i32.or')] : [])]);
}

/** 1 when the number in local `v` lies outside `range` (inclusive bounds), else 0. */
export function outOfRange(scope: FnScope, v: string, range: { readonly lo: number; readonly hi: number }): Instr[] {
  const x = scope.tmp('f64', 'x');
  return [get(v), call('rt_number_to_f64'), tee(x), f64(range.lo), op('f64.lt'), get(x), f64(range.hi), op('f64.gt'), op('i32.or')];
}

function expected(c: ir.Check): Expected {
  switch (c.kind) {
    case 'enum':
      return { kind: 'enum', members: c.members };
    case 'record':
      return { kind: 'object' };
    default:
      return { kind: c.kind };
  }
}

class Gen {
  private depth = 0;

  constructor(
    private readonly consts: Consts,
    private readonly scope: FnScope,
    private readonly out: string,
  ) {}

  /** Appends the message `message(path)` to the violations. */
  private report(at: PathRef, message: (path: string) => string): Instr[] {
    const msg: Instr[] =
      at.kind === 'static'
        ? [i32(this.consts.str(message(at.path)))]
        : [...at.prefix, i32(this.consts.str(message(at.rest))), call('pc_concat')];
    return [get(this.out), ...msg, call('pc_push'), set(this.out)];
  }

  private child(at: PathRef, field: string): PathRef {
    return at.kind === 'static' ? { kind: 'static', path: fieldPath(at.path, field) } : { ...at, rest: fieldPath(at.rest, field) };
  }

  /** Validates the value computed by `value` (evaluated once) against `c`. */
  check(c: ir.Check, value: readonly Instr[], at: PathRef): Instr[] {
    const v = this.scope.tmp('i32', 'v');
    const typeIs = (tag: number): Instr[] => [get(v), call('rt_type'), i32(tag), op('i32.eq')];
    const wrong = () => this.report(at, (p) => violation.type(p, expected(c)));
    const head: Instr[] = [...value, set(v)];
    switch (c.kind) {
      case 'bool':
        return [...head, ...typeIs(T.BOOL), if_([], wrong())];
      case 'string':
        return [...head, ...typeIs(T.STRING), if_([], wrong())];
      case 'number':
      case 'duration':
        // Any finite number: a literal beyond f64 (1e400) is not one.
        return [...head, get(v), call('rt_number_is_finite'), if_(this.range(c, v, at), wrong())];
      case 'int':
        return [...head, ...typeIs(T.NUMBER), if_([get(v), call('rt_number_is_int')], [i32(0)], 'i32'), if_(this.range(c, v, at), wrong())];
      case 'enum':
        return [...head, ...typeIs(T.STRING), if_(isMember(this.consts, v, c.members), [i32(0)], 'i32'), if_([], wrong())];
      case 'list':
      case 'set':
        return [...head, ...typeIs(T.ARRAY), if_(this.elements(c.element, v, at), wrong())];
      case 'record':
        return [...head, ...typeIs(T.OBJECT), if_(this.fields(c, v, at), wrong())];
    }
  }

  private range(c: Extract<ir.Check, { kind: 'int' | 'number' | 'duration' }>, v: string, at: PathRef): Instr[] {
    if (!c.range) return [];
    const { loText, hiText } = c.range;
    return [...outOfRange(this.scope, v, c.range), if_(this.report(at, (p) => violation.range(p, loText, hiText)))];
  }

  private fields(c: ir.RecordCheck, v: string, at: PathRef): Instr[] {
    const out: Instr[] = [];
    for (const f of c.fields) {
      const fv = this.scope.tmp('i32', 'f');
      const fieldAt = this.child(at, f.name);
      const absent = f.optional
        ? [] // an absent or null optional field is fine
        : this.report(fieldAt, violation.missing);
      const present = this.check(f.check, [get(fv)], fieldAt);
      // Absent (tag 0) always counts as absent; null (tag 1) only for optional fields.
      const absentTest: Instr[] = f.optional ? [get(fv), call('rt_type'), i32(1), op('i32.le_u')] : [get(fv), op('i32.eqz')];
      out.push(get(v), ...this.consts.getField(f.name), set(fv), ...absentTest, if_(absent, present));
    }
    return out;
  }

  private elements(element: ir.Check, v: string, at: PathRef): Instr[] {
    const d = this.depth++;
    const i = this.scope.tmp('i32', 'i');
    const n = this.scope.tmp('i32', 'n');
    const prefix: Instr[] =
      at.kind === 'static'
        ? [i32(this.consts.str(at.path)), get(i), call('pc_index')]
        : [...at.prefix, ...(at.rest ? [i32(this.consts.str(at.rest)), call('pc_concat')] : []), get(i), call('pc_index')];
    const body = this.check(element, [get(v), get(i), call('rt_array_get')], { kind: 'dynamic', prefix, rest: '' });
    this.depth--;
    return [
      get(v),
      call('rt_array_len'),
      set(n),
      i32(0),
      set(i),
      block(
        [loop([get(i), get(n), op('i32.ge_s'), brIf(`el${d}_done`), ...body, get(i), i32(1), op('i32.add'), set(i), br(`el${d}_next`)], `el${d}_next`)],
        `el${d}_done`,
      ),
    ];
  }
}
