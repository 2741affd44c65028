/**
 * The decision IR phase: `plan` turns a checked pact into an `ir.Policy` (see `ir.ts` for the
 * representation and why it is a typed expression IR rather than OPA's statement plans),
 * `validate` checks its invariants, `printPolicy` renders it for goldens.
 */
export type * from './ir.js';
export { plan, repr, check } from './plan.js';
export { validate, reprOf } from './validate.js';
export { printPolicy, printIrExpr } from './print.js';
export { children, walkExpr, forEachRoot } from './walk.js';
