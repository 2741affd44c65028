/**
 * The reference evaluator: decisions computed directly from the checked AST.
 *
 * This is the semantics every other engine is diff-tested against (like OPA's `topdown` next to
 * its planner): it walks the checked pact — the AST plus the checker's `types` and `refs` side
 * tables — rather than the IR, so a planner bug cannot hide in both engines at once.
 *
 * - `validate.ts` — step 2 of spec §5: the input and data documents against their schemas, with
 *   the violation wording of `decision/` (absence, `null`, wrong types, enums, `@range`).
 * - `expr.ts` — spec §4 expressions: value semantics, short-circuiting, lazy memoised lets,
 *   quantifiers, `has`, the built-in functions and the one run-time fault (division by zero).
 * - `decide.ts` — the decision procedure: kill switch, violations, every rule in source order,
 *   then forbid > unsatisfied escalate > permit and satisfied escalate > `default_deny`; and the
 *   `explain` trace, with each clause's canonical text and the document values it reads.
 * - `engine.ts` — the `Engine` interface the conformance corpus runs every engine through.
 *
 * Usage:
 * ```ts
 * const { pact } = checkSource('refunds.pact', text);
 * const d = evaluate.decide(pact!, input, evaluate.mergeData(pact!.dataDefaults, { refund_limit: 100 }));
 * ```
 *
 * Null and absence (quoted by the language guide): a JSON `null` on an optional field is the same
 * as leaving the field out — the input conforms and `has` is false; on a required field it is a
 * value of the wrong type and the decision is `invalid_input`.
 */
export { decide, explain, mergeData } from './decide.js';
export { REFERENCE, referenceEngine, type Engine, type EngineFactory } from './engine.js';
export { validate, documentSchemas, type DocumentSchema } from './validate.js';
export { EvalFault, glob, lower, codePointLength } from './expr.js';
