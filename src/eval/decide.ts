/**
 * The decision procedure (spec §5) and the `explain` trace, following `decision/` exactly.
 *
 * ```
 * data.kill_switch === true            → forbid  [kill_switch]
 * input violations ++ data violations  → forbid  [invalid_input…, invalid_data…]   (validate.ts)
 * evaluate every rule in source order  → a fault anywhere: forbid [evaluation_error]
 * matching forbid rules                → forbid  [those rules]
 * matching unsatisfied escalate rules  → escalate [those rules], approvers = sorted ∪ roles
 * matching permits + satisfied escalates → permit [those rules], grants in source order, deduped
 * otherwise                            → forbid  [default_deny]
 * ```
 *
 * Evaluating a rule: its clauses are evaluated in source order (`when` before `unless`, as the
 * parser keeps them) and evaluation stops at the first that fails — a `when` that is false or an
 * `unless` that is true. A permit or escalate rule whose clauses all pass but which grants a
 * secret listed in `data.revoked` does not match; the clauses are still evaluated first, so a
 * fault in them is a fault even when a grant is revoked. Every rule is evaluated, even after a
 * forbid rule matched: a fault in any rule makes the decision `evaluation_error`, which keeps the
 * result independent of how an engine orders or prunes its work.
 *
 * An escalate rule is *satisfied* when the input carries an `approval` (present and not `null`)
 * whose `role` is one of the rule's roles.
 *
 * The documents are built with their keys in the contract's order (`effect`, `rules`, `reasons`,
 * `approvers`, `grants`, `pact`, then `explanation`) so that `JSON.stringify` output can be
 * compared byte for byte with the Wasm engine's.
 *
 * The explain trace. Every rule gets a `RuleTrace` in source order: each clause with its
 * canonical text (`printExpr`), `passed` (`null` once an earlier clause failed), and the values
 * it reads; then one `grant` entry per grant whose secret is revoked (`passed: false` for the
 * first one reached, `null` after a failure, `values: {}`); `satisfied` for matched escalate
 * rules. The reads of a clause are found *syntactically*, once per pact, by a left-to-right
 * depth-first walk of its condition (the walk `ir/plan.ts` does, so the Wasm `explain`
 * entrypoint reports the same keys in the same order):
 * - a path the checker resolved to the input reads it, labelled as the path relative to the
 *   input root (`action.amount`, also when written `input.action.amount`);
 * - a path resolved to data reads it, labelled `data.` + path (`data.refund_limit`);
 * - `has p` reads `p`;
 * - a field of a record-valued `let` (`let a = action` … `a.amount`) reads through the let's
 *   path (`action.amount`); a plain `let` reference reads nothing — its clause text names it;
 * - quantifier variables (`t.name` in `all t in …`) read nothing: they are not document paths.
 * Labels are de-duplicated, keeping the first occurrence. The values are taken from the
 * documents for every clause, evaluated or not; a path that is absent (or `null`) is omitted.
 */
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, Json } from '../check/types.js';
import {
  MAX_NESTING,
  PSEUDO,
  type ConditionTrace,
  type Decision,
  type Effect,
  type Explanation,
  type GrantDoc,
  type RuleTrace,
} from '../decision/index.js';
import { printExpr } from '../syntax/index.js';
import { EvalFault, Evaluator, refOf, walk } from './expr.js';
import { documentSchemas, fieldOf, isRecord, validate, type DocumentSchema } from './validate.js';

/**
 * Decides `input` against `pact`. `input === undefined` is an absent input (reported as
 * `input must be an object`); `data` is the whole data document (the pact's data fields) and
 * defaults to `pact.dataDefaults` — use {@link mergeData} to override some fields only.
 */
export function decide(pact: CheckedPact, input: unknown, data?: unknown): Decision {
  return run(pact, input, data, false);
}

/**
 * Decides like {@link decide} and adds the trace of every rule in source order; the trace is
 * empty when the decision was made before the rules ran (kill switch, invalid input or data,
 * evaluation error).
 */
export function explain(pact: CheckedPact, input: unknown, data?: unknown): Explanation {
  return run(pact, input, data, true);
}

/**
 * Overrides data defaults field by field (a test's `data = {…}`, the CLI's `--data FILE`).
 * `undefined` keeps the defaults; anything that is not a JSON object replaces them whole, so the
 * decision reports it as `data must be an object`.
 */
export function mergeData(defaults: { readonly [key: string]: Json }, patch: unknown): unknown {
  if (patch === undefined) return defaults;
  if (!isRecord(patch)) return patch;
  return { ...defaults, ...patch };
}

// ---------------------------------------------------------------------------------------------

/** What evaluating one rule gave. */
interface RuleResult {
  readonly rule: ast.Rule;
  readonly matched: boolean;
  /** Escalate rules that matched: whether the approval satisfies them. */
  readonly satisfied?: boolean;
  /** Only when tracing. */
  readonly conditions?: readonly ConditionTrace[];
}

const schemaCache = new WeakMap<CheckedPact, { readonly input: DocumentSchema; readonly data: DocumentSchema }>();

function schemasOf(pact: CheckedPact): { readonly input: DocumentSchema; readonly data: DocumentSchema } {
  let s = schemaCache.get(pact);
  if (!s) {
    s = documentSchemas(pact);
    schemaCache.set(pact, s);
  }
  return s;
}

function run(pact: CheckedPact, input: unknown, dataArg: unknown, trace: true): Explanation;
function run(pact: CheckedPact, input: unknown, dataArg: unknown, trace: boolean): Decision | Explanation;
function run(pact: CheckedPact, inputArg: unknown, dataArg: unknown, trace: boolean): Decision | Explanation {
  // A document nested deeper than MAX_NESTING is not accepted as JSON at all (as in the Wasm).
  const input = tooDeep(inputArg) ? undefined : inputArg;
  const data = dataArg === undefined ? pact.dataDefaults : tooDeep(dataArg) ? undefined : dataArg;
  const done = (d: Decision, explanation: readonly RuleTrace[] = []): Decision | Explanation =>
    trace ? { ...d, explanation } : d;

  // 1. Kill switch: exactly `true`, whatever else the documents hold.
  if (isRecord(data) && fieldOf(data, 'kill_switch') === true) return done(pseudo(pact, 'kill_switch'));

  // 2. Schema violations, input first.
  const schemas = schemasOf(pact);
  const inputViolations = validate(input, schemas.input);
  const dataViolations = validate(data, schemas.data);
  if (inputViolations.length + dataViolations.length > 0) {
    return done(
      document(
        pact,
        'forbid',
        [...inputViolations.map(() => 'invalid_input'), ...dataViolations.map(() => 'invalid_data')],
        [...inputViolations, ...dataViolations],
      ),
    );
  }
  // INVARIANT: both documents conform to their schemas from here on.
  const inputDoc = input as { readonly [key: string]: unknown };
  const dataDoc = data as { readonly [key: string]: unknown };

  // 3. Every rule, in source order; a fault anywhere decides.
  const ev = new Evaluator(pact, inputDoc, dataDoc);
  const revoked = new Set(fieldOf(dataDoc, 'revoked') as readonly string[]);
  const approval = fieldOf(inputDoc, 'approval');
  const approvalRole = isRecord(approval) ? fieldOf(approval, 'role') : undefined;
  const plans = trace ? rulePlans(pact) : undefined;
  let results: RuleResult[];
  try {
    results = pact.rules.map((r, i) => evalRule(ev, r, revoked, approvalRole, plans?.[i], inputDoc, dataDoc));
  } catch (e) {
    if (e instanceof EvalFault) return done(pseudo(pact, 'evaluation_error'));
    throw e;
  }
  return done(assemble(pact, results), trace ? results.map(ruleTrace) : []);
}

function evalRule(
  ev: Evaluator,
  rule: ast.Rule,
  revoked: ReadonlySet<string>,
  approvalRole: unknown,
  plan: RulePlan | undefined,
  input: unknown,
  data: unknown,
): RuleResult {
  const conditions: ConditionTrace[] = [];
  let passing = true;
  rule.clauses.forEach((c, i) => {
    let passed: boolean | null = null;
    if (passing) {
      const holds = ev.condition(c.condition);
      passed = c.kind === 'When' ? holds : !holds;
      passing = passed;
    }
    const cp = plan?.clauses[i];
    if (cp) conditions.push({ kind: cp.kind, text: cp.text, passed, values: readValues(cp.reads, input, data) });
  });
  // A permit or escalate rule granting a revoked secret does not match; only revoked grants are
  // traced, the first one reached as failed and any later ones as not evaluated.
  rule.grants.forEach((g, i) => {
    if (!revoked.has(g.secret.value)) return;
    const passed = passing ? false : null;
    passing = false;
    const text = plan?.grantTexts[i];
    if (text !== undefined) conditions.push({ kind: 'grant', text, passed, values: {} });
  });
  const satisfied =
    rule.effect === 'escalate' && passing
      ? typeof approvalRole === 'string' && rule.roles.some((r) => r.value === approvalRole)
      : undefined;
  return {
    rule,
    matched: passing,
    ...(satisfied !== undefined ? { satisfied } : {}),
    ...(plan ? { conditions } : {}),
  };
}

function assemble(pact: CheckedPact, results: readonly RuleResult[]): Decision {
  const matched = results.filter((r) => r.matched);
  const forbids = matched.filter((r) => r.rule.effect === 'forbid');
  if (forbids.length > 0) return byRules(pact, 'forbid', forbids);

  const pending = matched.filter((r) => r.rule.effect === 'escalate' && r.satisfied !== true);
  if (pending.length > 0) {
    const roles = new Set(pending.flatMap((r) => r.rule.roles.map((s) => s.value)));
    // Sorted by UTF-16 code units (the default sort), as the contract says.
    return byRules(pact, 'escalate', pending, [...roles].sort());
  }

  const permits = matched.filter((r) => r.rule.effect === 'permit' || (r.rule.effect === 'escalate' && r.satisfied === true));
  if (permits.length > 0) {
    const grants: GrantDoc[] = [];
    for (const r of permits) {
      for (const g of r.rule.grants) {
        const doc: GrantDoc = { secret: g.secret.value, scope: g.scope.value, ttl_seconds: g.ttl.seconds };
        if (!grants.some((x) => x.secret === doc.secret && x.scope === doc.scope && x.ttl_seconds === doc.ttl_seconds)) {
          grants.push(doc);
        }
      }
    }
    return byRules(pact, 'permit', permits, [], grants);
  }
  return pseudo(pact, 'default_deny');
}

function byRules(
  pact: CheckedPact,
  effect: Effect,
  results: readonly RuleResult[],
  approvers: readonly string[] = [],
  grants: readonly GrantDoc[] = [],
): Decision {
  return document(
    pact,
    effect,
    results.map((r) => r.rule.name.text),
    results.map((r) => r.rule.because?.value ?? ''),
    approvers,
    grants,
  );
}

function pseudo(pact: CheckedPact, rule: 'kill_switch' | 'default_deny' | 'evaluation_error'): Decision {
  return document(pact, 'forbid', [rule], [PSEUDO[rule]]);
}

/** A decision document with its keys in the contract's order. */
function document(
  pact: CheckedPact,
  effect: Effect,
  rules: readonly string[],
  reasons: readonly string[],
  approvers: readonly string[] = [],
  grants: readonly GrantDoc[] = [],
): Decision {
  return { effect, rules, reasons, approvers, grants, pact: { name: pact.name, version: pact.version } };
}

function ruleTrace(r: RuleResult): RuleTrace {
  return {
    rule: r.rule.name.text,
    effect: r.rule.effect,
    matched: r.matched,
    ...(r.satisfied !== undefined ? { satisfied: r.satisfied } : {}),
    conditions: r.conditions ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// The static part of the trace

/** One document path a clause reads. */
interface Read {
  /** The key in `ConditionTrace.values`: `action.amount`, `data.refund_limit`. */
  readonly label: string;
  readonly root: 'input' | 'data';
  readonly path: readonly string[];
}

/** The static part of a clause's trace. */
interface ClausePlan {
  readonly kind: 'when' | 'unless';
  readonly text: string;
  readonly reads: readonly Read[];
}

/** The static part of a rule's trace: its clauses and the text of each grant. */
interface RulePlan {
  readonly clauses: readonly ClausePlan[];
  readonly grantTexts: readonly string[];
}

const plans = new WeakMap<CheckedPact, readonly RulePlan[]>();

/** The trace plans of every rule of `pact`, in source order (computed once per pact). */
function rulePlans(pact: CheckedPact): readonly RulePlan[] {
  let p = plans.get(pact);
  if (!p) {
    p = pact.rules.map((r) => ({
      clauses: r.clauses.map((c) => ({
        kind: c.kind === 'When' ? ('when' as const) : ('unless' as const),
        text: printExpr(c.condition),
        reads: clauseReads(pact, c.condition),
      })),
      grantTexts: r.grants.map(grantText),
    }));
    plans.set(pact, p);
  }
  return p;
}

/** `grant "stripe" scope "refunds:write" ttl 5m`, the duration as written. */
function grantText(g: ast.Grant): string {
  return `grant ${JSON.stringify(g.secret.value)} scope ${JSON.stringify(g.scope.value)} ttl ${g.ttl.text}`;
}

/** The values a clause reads in the given documents, absent ones omitted, in read order. */
function readValues(reads: readonly Read[], input: unknown, data: unknown): { [path: string]: unknown } {
  const out: { [path: string]: unknown } = {};
  for (const r of reads) {
    const v = walk(r.root === 'input' ? input : data, r.path);
    // defineProperty, not assignment: a field may be called `__proto__`.
    if (v !== undefined) Object.defineProperty(out, r.label, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The input and data paths `e` reads, in first-occurrence order (see the header). */
function clauseReads(pact: CheckedPact, e: ast.Expr): Read[] {
  const out: Read[] = [];
  const add = (root: 'input' | 'data', path: readonly string[]): void => {
    const label = root === 'input' ? path.join('.') : ['data', ...path].join('.');
    if (!out.some((r) => r.label === label)) out.push({ label, root, path });
  };
  const path = (p: ast.Path): void => {
    const target = documentTarget(pact, p, new Set());
    if (target) add(target.root, target.path);
  };
  const visit = (x: ast.Expr): void => {
    switch (x.kind) {
      case 'Number':
      case 'String':
      case 'Bool':
      case 'Duration':
        return;
      case 'List':
        x.items.forEach(visit);
        return;
      case 'Path':
        path(x);
        return;
      case 'Has':
        path(x.path);
        return;
      case 'Unary':
        visit(x.operand);
        return;
      case 'Binary':
        visit(x.left);
        visit(x.right);
        return;
      case 'Call':
        x.args.forEach(visit);
        return;
      case 'Quantifier':
        visit(x.collection);
        visit(x.body);
        return;
    }
  };
  visit(e);
  return out;
}

/**
 * The document path a path expression reads, if it reads one: input and data paths directly, a
 * field of a `let` whose value is itself a path through that path. `seen` guards against a let
 * cycle, which the checker already rejects.
 */
function documentTarget(
  pact: CheckedPact,
  p: ast.Path,
  seen: Set<string>,
): { root: 'input' | 'data'; path: readonly string[] } | undefined {
  const ref = refOf(pact, p);
  switch (ref.kind) {
    case 'input':
    case 'data':
      return { root: ref.kind, path: ref.path };
    case 'let': {
      // A bare let reads nothing itself; an alias (`let b = a`, `b.x`) reads through its path,
      // however many aliases deep (`seen` non-empty: we are following one).
      if ((ref.fields.length === 0 && seen.size === 0) || seen.has(ref.name)) return undefined;
      seen.add(ref.name);
      const body = pact.lets.get(ref.name)?.decl.value;
      const base = body?.kind === 'Path' ? documentTarget(pact, body, seen) : undefined;
      return base && { root: base.root, path: [...base.path, ...ref.fields] };
    }
    case 'var':
    case 'builtin':
      return undefined;
  }
}

/** True when arrays and objects nest more than {@link MAX_NESTING} deep in `v` (no recursion). */
export function tooDeep(v: unknown): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop() as [unknown, number];
    if (typeof x !== 'object' || x === null) continue;
    if (depth + 1 > MAX_NESTING) return true;
    for (const child of Array.isArray(x) ? x : Object.values(x)) stack.push([child, depth + 1]);
  }
  return false;
}
