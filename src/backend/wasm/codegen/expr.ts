/**
 * Lowering IR expressions to WebAssembly.
 *
 * Each expression leaves one value of its representation on the stack: `bool` as i32 0/1, `num`
 * as f64, `str` and `val` as the i32 address of a runtime value. Input and data have passed
 * schema validation before any expression runs, so a present field has its declared type and
 * reads need no checks beyond presence, which the checker's `has` guards already ensure.
 *
 * Evaluation order is the contract's: operands left to right, `and`/`or` short-circuit, `x in
 * [a, b]` stops at the first equal item, quantifiers stop at the first deciding element, and
 * lets are called through memoising functions. Division by zero — the only run-time fault — sets
 * the fault flag in static memory and goes on with a harmless value; the entrypoint checks the
 * flag after all rules ran, which gives the same answer as stopping at the fault because no
 * later computation can clear it.
 */
import type * as ir from '../../../ir/ir.js';
import { reprOf } from '../../../ir/validate.js';
import { block, br, brIf, call, f64, get, i32, if_, loop, mem, op, set, tee, type Instr } from '../instr.js';
import type { Consts, FnScope } from './context.js';
import type { InputSlots } from './slots.js';

/** What expression lowering needs from its surroundings. */
export interface ExprEnv {
  readonly consts: Consts;
  readonly scope: FnScope;
  /** Static address of the i32 fault flag. */
  readonly faultAddr: number;
  /** Name of the memoising function of let #i. */
  readonly letFunc: (index: number) => string;
  /** Where input fields live. */
  readonly slots: InputSlots;
}

/** Lowers `e`, leaving its value on the stack. */
export function lowerExpr(e: ir.Expr, env: ExprEnv): Instr[] {
  const { consts, scope } = env;
  const sub = (x: ir.Expr) => lowerExpr(x, env);
  switch (e.op) {
    case 'bool':
      return [i32(e.value ? 1 : 0)];
    case 'num':
      return [f64(e.value)];
    case 'str':
      return [i32(consts.str(e.value))];
    case 'load':
      return [...path(e.root, e.path, env), ...fromValue(e.repr)];
    case 'has':
      // Present and not null: the type tag is above 1 (0 = undefined, 1 = null).
      return [...path(e.root, e.path, env), call('rt_type'), i32(1), op('i32.gt_u')];
    case 'let':
      return [get('d'), call(env.letFunc(e.index))];
    case 'not':
      return [...sub(e.arg), op('i32.eqz')];
    case 'and':
      return shortCircuit(e.args.map(sub), 'and');
    case 'or':
      return shortCircuit(e.args.map(sub), 'or');
    case 'cmp':
      return compare(e, env);
    case 'arith':
      return arith(e, env);
    case 'neg':
      return [...sub(e.arg), op('f64.neg')];
    case 'member':
      return [...toValue(e.elem, env), ...sub(e.coll), call('rt_in')];
    case 'one_of': {
      const t = scope.tmp(e.repr === 'num' ? 'f64' : 'i32', 'elem');
      const tests = e.items.map((item): Instr[] => equal(e.repr, [get(t)], item, env));
      return [...sub(e.elem), set(t), ...shortCircuit(tests, 'or')];
    }
    case 'glob':
      return [...sub(e.subject), ...sub(e.pattern), call('rt_matches')];
    case 'list': {
      const a = scope.tmp('i32', 'list');
      const out: Instr[] = [i32(e.items.length), call('rt_array_new'), set(a)];
      for (const item of e.items) out.push(get(a), ...toValue(item, env), call('rt_array_push'));
      out.push(get(a));
      return out;
    }
    case 'call':
      return callBuiltin(e.fn, e.args.map(sub));
    case 'quant':
      return quantifier(e, env);
  }
}

/** Reads `root.path…` as a value address (0 when absent): an input field from its slot. */
export function path(root: ir.Root, fields: readonly string[], env: ExprEnv): Instr[] {
  if (root.kind === 'input') return env.slots.read(fields);
  const out: Instr[] = [env.scope.root(root.kind === 'var' ? root.slot : root.kind)];
  for (const f of fields) out.push(...env.consts.getField(f));
  return out;
}

/** Converts the value address on the stack to representation `r`. */
function fromValue(r: ir.Repr): Instr[] {
  switch (r) {
    case 'bool':
      return [call('rt_is_true')];
    case 'num':
      return [call('rt_number_to_f64')];
    default:
      return [];
  }
}

/** Lowers `e` and boxes it as a runtime value (for membership and list building). */
function toValue(e: ir.Expr, env: ExprEnv): Instr[] {
  const code = lowerExpr(e, env);
  switch (reprOf(e)) {
    case 'bool':
      return [...code, call('rt_bool')];
    case 'num':
      return [...code, call('rt_number_f64')];
    default:
      return code;
  }
}

/** `a and b and …` / `a or b or …` as nested `if`s, each operand evaluated only if needed. */
function shortCircuit(operands: readonly Instr[][], kind: 'and' | 'or'): Instr[] {
  const [first, ...rest] = operands;
  if (!first) return [i32(kind === 'and' ? 1 : 0)];
  if (rest.length === 0) return first;
  const tail = shortCircuit(rest, kind);
  return kind === 'and' ? [...first, if_(tail, [i32(0)], 'i32')] : [...first, if_([i32(1)], tail, 'i32')];
}

/** Equality of the already-lowered `left` with expression `right` in representation `r`. */
function equal(r: 'bool' | 'num' | 'str', left: Instr[], right: ir.Expr, env: ExprEnv): Instr[] {
  if (r === 'str' && right.op === 'str') return [...left, ...env.consts.equalsLiteral(right.value)];
  const rc = lowerExpr(right, env);
  if (r === 'num') return [...left, ...rc, op('f64.eq')];
  if (r === 'bool') return [...left, ...rc, op('i32.eq')];
  return [...left, ...rc, call('rt_string_equal')];
}

function compare(e: Extract<ir.Expr, { op: 'cmp' }>, env: ExprEnv): Instr[] {
  const left = lowerExpr(e.left, env);
  if (e.cmp === '==' || e.cmp === '!=') {
    if (e.repr === 'str' && e.left.op === 'str' && e.right.op !== 'str') {
      // Keep operand order (both are pure reads), but compare against the literal cheaply.
      const eq = equal('str', lowerExpr(e.right, env), e.left, env);
      return e.cmp === '==' ? eq : [...eq, op('i32.eqz')];
    }
    const eq = equal(e.repr, left, e.right, env);
    return e.cmp === '==' ? eq : [...eq, op('i32.eqz')];
  }
  const ops = { '<': 'f64.lt', '<=': 'f64.le', '>': 'f64.gt', '>=': 'f64.ge' } as const;
  return [...left, ...lowerExpr(e.right, env), op(ops[e.cmp])];
}

function arith(e: Extract<ir.Expr, { op: 'arith' }>, env: ExprEnv): Instr[] {
  const left = lowerExpr(e.left, env);
  const right = lowerExpr(e.right, env);
  switch (e.arith) {
    case '+':
      return [...left, ...right, op('f64.add')];
    case '-':
      return [...left, ...right, op('f64.sub')];
    case '*':
      return [...left, ...right, op('f64.mul')];
    case '/': {
      const r = env.scope.tmp('f64', 'divisor');
      return [
        ...left,
        ...right,
        tee(r),
        f64(0),
        op('f64.eq'),
        if_([i32(env.faultAddr), i32(1), mem('i32.store')]),
        get(r),
        op('f64.div'),
      ];
    }
  }
}

function callBuiltin(fn: ir.Builtin, args: Instr[][]): Instr[] {
  const a = args.flat();
  switch (fn) {
    case 'starts_with':
      return [...a, call('rt_starts_with')];
    case 'ends_with':
      return [...a, call('rt_ends_with')];
    case 'contains':
      return [...a, call('rt_contains')];
    case 'lower':
      return [...a, call('rt_lower')];
    case 'len_str':
    case 'len_coll':
      return [...a, call('pc_len'), op('f64.convert_i32_s')];
  }
}

/**
 * `all`/`any`: iterate the collection's elements in order with the element in the slot's local,
 * stopping at the first element that decides.
 */
function quantifier(e: Extract<ir.Expr, { op: 'quant' }>, env: ExprEnv): Instr[] {
  const { scope } = env;
  const coll = scope.tmp('i32', 'coll');
  const n = scope.tmp('i32', 'n');
  const i = scope.tmp('i32', 'i');
  const result = scope.tmp('i32', 'q');
  const slot = scope.slot(e.slot);
  const decided = e.q === 'all' ? 0 : 1;
  const label = `q${e.slot}`;
  return [
    ...lowerExpr(e.coll, env),
    tee(coll),
    call('pc_len'),
    set(n),
    i32(0),
    set(i),
    i32(1 - decided),
    set(result),
    block(
      [
        loop(
          [
            get(i),
            get(n),
            op('i32.ge_s'),
            brIf(`${label}_done`),
            get(coll),
            get(i),
            call('pc_elem'),
            set(slot),
            ...lowerExpr(e.body, env),
            ...(e.q === 'all' ? [op('i32.eqz')] : []),
            if_([i32(decided), set(result), br(`${label}_done`)]),
            get(i),
            i32(1),
            op('i32.add'),
            set(i),
            br(`${label}_next`),
          ],
          `${label}_next`,
        ),
      ],
      `${label}_done`,
    ),
    get(result),
  ];
}
