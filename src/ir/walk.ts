/**
 * The one traversal of IR expressions: `children` lists an expression's operands in evaluation
 * order, and `forEachExpr` visits a whole policy. Every pass over the IR (validation, printing,
 * analyses in the backend) goes through here instead of writing its own recursion.
 */
import type * as ir from './ir.js';

/** The operands of `e`, in evaluation order. */
export function children(e: ir.Expr): readonly ir.Expr[] {
  switch (e.op) {
    case 'bool':
    case 'num':
    case 'str':
    case 'load':
    case 'has':
    case 'let':
      return [];
    case 'not':
    case 'neg':
      return [e.arg];
    case 'and':
    case 'or':
      return e.args;
    case 'cmp':
    case 'arith':
      return [e.left, e.right];
    case 'member':
      return [e.elem, e.coll];
    case 'one_of':
      return [e.elem, ...e.items];
    case 'glob':
      return [e.subject, e.pattern];
    case 'list':
      return e.items;
    case 'call':
      return e.args;
    case 'quant':
      return [e.coll, e.body];
  }
}

/** Visits `e` and its descendants in pre-order; returning false from `f` skips the children. */
export function walkExpr(e: ir.Expr, f: (e: ir.Expr) => boolean | void): void {
  if (f(e) === false) return;
  for (const c of children(e)) walkExpr(c, f);
}

/** Visits every expression root of a policy: let bodies, then clause conditions in rule order. */
export function forEachRoot(p: ir.Policy, f: (e: ir.Expr, where: string) => void): void {
  p.lets.forEach((l) => f(l.body, `let ${l.name}`));
  for (const r of p.rules) r.clauses.forEach((c, i) => f(c.cond, `rule ${r.id} clause ${i + 1}`));
}
