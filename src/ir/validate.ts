/**
 * IR validation: the invariants the Wasm lowering relies on, checked in tests on every planned
 * pact (and cheap enough to run on every build). A failure is a compiler bug, reported as a list
 * of messages naming where it is.
 *
 * INVARIANT: every expression's operands have the representation its operator needs; a let
 * refers only to lets before it (no cycles, evaluation order = index order); a quantifier
 * variable is read only inside its quantifier; slots are below `policy.slots`.
 */
import type * as ir from './ir.js';
import { forEachRoot } from './walk.js';

/** The representation an expression produces. */
export function reprOf(e: ir.Expr): ir.Repr {
  switch (e.op) {
    case 'bool':
    case 'has':
    case 'not':
    case 'and':
    case 'or':
    case 'cmp':
    case 'member':
    case 'one_of':
    case 'glob':
    case 'quant':
      return 'bool';
    case 'num':
    case 'arith':
    case 'neg':
      return 'num';
    case 'str':
      return 'str';
    case 'list':
      return 'val';
    case 'load':
    case 'let':
    case 'call':
      return e.repr;
  }
}

/** Returns the invariant violations of `p` (empty when valid). */
export function validate(p: ir.Policy): string[] {
  const errors: string[] = [];
  const want = (e: ir.Expr, r: ir.Repr, where: string) => {
    if (reprOf(e) !== r) errors.push(`${where}: ${e.op} gives ${reprOf(e)}, expected ${r}`);
  };
  const visit = (e: ir.Expr, where: string, bound: ReadonlySet<number>, letLimit: number): void => {
    const sub = (c: ir.Expr, b = bound) => visit(c, where, b, letLimit);
    switch (e.op) {
      case 'bool':
      case 'num':
      case 'str':
        return;
      case 'load':
      case 'has':
        if (e.root.kind === 'var' && !bound.has(e.root.slot)) errors.push(`${where}: slot ${e.root.slot} read outside its quantifier`);
        return;
      case 'let':
        if (e.index >= letLimit) errors.push(`${where}: let #${e.index} used before it is defined`);
        else if (p.lets[e.index]?.repr !== e.repr) errors.push(`${where}: let #${e.index} read as ${e.repr}`);
        return;
      case 'not':
        want(e.arg, 'bool', where);
        return sub(e.arg);
      case 'neg':
        want(e.arg, 'num', where);
        return sub(e.arg);
      case 'and':
      case 'or':
        if (e.args.length < 2) errors.push(`${where}: ${e.op} with ${e.args.length} operands`);
        for (const a of e.args) {
          want(a, 'bool', where);
          sub(a);
        }
        return;
      case 'cmp':
        if (e.repr !== 'num' && e.cmp !== '==' && e.cmp !== '!=') errors.push(`${where}: ordering on ${e.repr}`);
        want(e.left, e.repr, where);
        want(e.right, e.repr, where);
        sub(e.left);
        return sub(e.right);
      case 'arith':
        want(e.left, 'num', where);
        want(e.right, 'num', where);
        sub(e.left);
        return sub(e.right);
      case 'member':
        want(e.elem, e.repr, where);
        want(e.coll, 'val', where);
        sub(e.elem);
        return sub(e.coll);
      case 'one_of':
        want(e.elem, e.repr, where);
        sub(e.elem);
        for (const i of e.items) {
          want(i, e.repr, where);
          sub(i);
        }
        return;
      case 'glob':
        want(e.subject, 'str', where);
        want(e.pattern, 'str', where);
        sub(e.subject);
        return sub(e.pattern);
      case 'list':
        for (const i of e.items) sub(i);
        return;
      case 'call':
        for (const a of e.args) sub(a);
        return;
      case 'quant': {
        if (e.slot < 0 || e.slot >= p.slots) errors.push(`${where}: slot ${e.slot} out of range`);
        if (bound.has(e.slot)) errors.push(`${where}: slot ${e.slot} rebound`);
        want(e.coll, 'val', where);
        want(e.body, 'bool', where);
        sub(e.coll);
        return sub(e.body, new Set([...bound, e.slot]));
      }
    }
  };
  p.lets.forEach((l, i) => {
    want(l.body, l.repr, `let ${l.name}`);
    visit(l.body, `let ${l.name}`, new Set(), i);
  });
  forEachRoot({ ...p, lets: [] }, (e, where) => {
    want(e, 'bool', where);
    visit(e, where, new Set(), p.lets.length);
  });
  for (const r of p.rules) {
    if (r.effect === 'escalate' && r.roles.length === 0) errors.push(`rule ${r.id}: escalate without roles`);
    if (r.effect === 'forbid' && r.grants.length > 0) errors.push(`rule ${r.id}: forbid with grants`);
  }
  return errors;
}
