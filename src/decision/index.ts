/**
 * The decision contract shared by every engine.
 *
 * The reference evaluator (`eval/`) and the generated WebAssembly (`backend/wasm/`) must give
 * byte-for-byte the same decision document for the same pact, input and data, so everything
 * both of them spell out — the document's shape, the pseudo-rule ids and their reasons, and the
 * wording of schema violations — is defined once, here. Both phases import this module "down";
 * neither imports the other.
 *
 * Semantics (spec §5), in order, first step that applies wins:
 * 1. `data.kill_switch` is exactly `true` → forbid by `kill_switch`.
 * 2. Input violations, then data violations, in schema order (depth first, fields in declaration
 *    order, list elements in index order) → forbid; `rules` repeats `invalid_input` /
 *    `invalid_data` once per violation so that `rules` and `reasons` stay parallel.
 * 3. Every rule is evaluated in source order: clauses left to right, stopping at the first that
 *    fails; `and`/`or` short-circuit left to right; lets are evaluated lazily, once. A run-time
 *    fault anywhere in that evaluation → forbid by `evaluation_error`.
 * 4. Matching forbid rules → forbid. 5. Matching unsatisfied escalate rules → escalate, with the
 *    sorted, de-duplicated union of their roles. 6. Matching permit rules and satisfied escalate
 *    rules → permit, with their grants in source order, de-duplicated on (secret, scope, ttl).
 * 7. Otherwise → forbid by `default_deny`.
 */

/**
 * How deep arrays and objects may nest in an input or data document (`{}` is depth 1). A deeper
 * document is not accepted as JSON: an input is then absent (`input must be an object`), data
 * likewise. Bounding it keeps every engine's parsing, hashing and dumping bounded.
 */
export const MAX_NESTING = 2048;

/** The three effects, from least to most permissive. */
export type Effect = 'forbid' | 'escalate' | 'permit';

/** Orders effects: forbid < escalate < permit. */
export const EFFECT_RANK: Readonly<Record<Effect, number>> = { forbid: 0, escalate: 1, permit: 2 };

/** A scoped, time-limited secret grant in a permit decision. */
export interface GrantDoc {
  readonly secret: string;
  readonly scope: string;
  readonly ttl_seconds: number;
}

/** The decision document of spec §6 — exactly these fields, in this order. */
export interface Decision {
  readonly effect: Effect;
  readonly rules: readonly string[];
  readonly reasons: readonly string[];
  readonly approvers: readonly string[];
  readonly grants: readonly GrantDoc[];
  readonly pact: { readonly name: string; readonly version: string };
}

/** One condition of a rule as the explain entrypoint reports it. */
export interface ConditionTrace {
  /** `when`, `unless`, or `grant` (a grant whose secret is revoked stops the rule). */
  readonly kind: 'when' | 'unless' | 'grant';
  /** The condition in canonical pact syntax (as `pactc fmt` prints it). */
  readonly text: string;
  /**
   * Whether the clause let the rule through: a `when` that held, an `unless` that did not, a
   * grant that is not revoked. `null` when it was not evaluated because an earlier one failed.
   */
  readonly passed: boolean | null;
  /** The input and data paths the condition reads, with the values seen (absent paths omitted). */
  readonly values: { readonly [path: string]: unknown };
}

/** One rule in an explanation. */
export interface RuleTrace {
  readonly rule: string;
  readonly effect: Effect;
  readonly matched: boolean;
  /** For escalate rules that matched: whether the attached approval satisfies them. */
  readonly satisfied?: boolean;
  readonly conditions: readonly ConditionTrace[];
}

/**
 * The `explain` entrypoint's document: the decision plus a trace of every rule in source order.
 * The trace is empty when the decision was made before rules were evaluated (kill switch,
 * invalid input or data, evaluation error).
 */
export interface Explanation extends Decision {
  readonly explanation: readonly RuleTrace[];
}

/** Pseudo-rule ids and their fixed reasons. */
export const PSEUDO = {
  kill_switch: 'kill switch engaged',
  default_deny: 'no rule permits this action',
  evaluation_error: 'evaluation error: division by zero',
  invalid_input: 'invalid_input',
  invalid_data: 'invalid_data',
} as const;

/** The ids a test's `expect … by` may name besides the pact's rules. */
export const PSEUDO_RULES: readonly string[] = Object.keys(PSEUDO);

/** What a schema violation says a value must be. */
export type Expected =
  | { readonly kind: 'bool' | 'int' | 'number' | 'string' | 'duration' | 'list' | 'set' | 'object' }
  | { readonly kind: 'enum'; readonly members: readonly string[] };

/** The noun phrase for an expected type in a violation message. */
export function describeExpected(e: Expected): string {
  switch (e.kind) {
    case 'bool':
      return 'a bool';
    case 'int':
      return 'an int';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'duration':
      return 'a duration in seconds';
    case 'list':
      return 'a list';
    case 'set':
      return 'a set';
    case 'object':
      return 'an object';
    case 'enum':
      return `one of ${e.members.map((m) => JSON.stringify(m)).join(', ')}`;
  }
}

/**
 * Violation messages. `path` is written from the document root: `input`, `input.action.amount`,
 * `input.action.tags[2]`, `data.refund_limit`.
 */
export const violation = {
  /** A required field is absent. */
  missing: (path: string): string => `${path} is required`,
  /** A value has the wrong type (or an enum value is not a member). */
  type: (path: string, expected: Expected): string => `${path} must be ${describeExpected(expected)}`,
  /** A number is outside its `@range(lo, hi)`; bounds are printed as written in the source. */
  range: (path: string, lo: string, hi: string): string => `${path} must be between ${lo} and ${hi}`,
} as const;

/** Appends a field name to a violation path. */
export function fieldPath(parent: string, field: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? `${parent}.${field}` : `${parent}[${JSON.stringify(field)}]`;
}

/** Appends a list index to a violation path. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
