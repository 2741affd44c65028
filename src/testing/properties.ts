/**
 * The properties `pactc test` checks: the pact's declared `property` blocks and the five
 * built-in ones of spec §7. Each is a {@link PropertyCheck} — an arbitrary of cases and a
 * function that runs one case against two engines — which `run.ts` hands to fast-check.
 *
 * The two engines. Every case is decided by the *artifact* (by default the compiled
 * `policy.wasm` run by `@open-policy-agent/opa-wasm` through the embedded host, what ships) and
 * by the *reference* evaluator (`eval/`). A property is judged on the artifact's decisions; then
 * every decision the case computed must be the reference's too, byte for byte — so each property
 * doubles as a differential test on the inputs it cares about. Inputs travel as JSON (the wire
 * form: `-0` is `0`, absent stays absent), and both engines see exactly that.
 *
 * The built-in properties, in the order they are reported:
 * - **kill switch dominates** — any input (conforming, malformed, absent), data with
 *   `kill_switch: true` and any `revoked`: the decision is forbid by `kill_switch` alone.
 * - **trust is monotone** — a conforming input and a copy with some trust signals degraded
 *   (`arbitraries.ts`, `degrade`, always inside `@range`) — or, for half the cases, a copy
 *   with some signals *improved* (`improve`) and the input itself as the degraded one, which
 *   reaches values just past an equality test such as `open_disputes == 0`: the degraded
 *   decision is never more permissive (forbid < escalate < permit, `EFFECT_RANK`) and, when
 *   both permit, its grants are among the original's. Data at its defaults.
 * - **revocation tightens** — a conforming input decided with `revoked = R` and with `R` plus
 *   one more secret the pact grants: never more permissive, never more grants.
 * - **every refusal is explained** — any input and data: `rules` and `reasons` are parallel,
 *   and a forbid or escalate has at least one reason, every reason *visible*. The checker
 *   rejects `because ""` and whitespace-only text (P2040) but accepts text made only of
 *   invisible format characters (`because "\u200b"`), which explains nothing to a human;
 *   this property catches it.
 * - **the artifact agrees with the reference** — conforming, malformed and arbitrary JSON
 *   inputs, data with varied fields, kill switch, revocations and the odd malformed field:
 *   `decision` and `explain` documents are identical. Then a *directed phase* (`coverage.ts`)
 *   tops up coverage: inputs directed at the rules until each has been seen matching
 *   `MIN_RULE_HITS` times and each of its comparison literals' boundary values has been tried
 *   on an input it matched, or the phase's budget is spent; rules never reached are reported.
 *
 * A declared property draws conforming inputs biased towards its `given` (the given's own
 * literals first), keeps those for which the reference's expression evaluator says the `given`
 * holds (data at defaults; a fault in the `given` skips the input), and requires the effect to
 * be one of those listed.
 */
import fc from 'fast-check';
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, Json } from '../check/types.js';
import { EFFECT_RANK, type Decision, type Explanation, type GrantDoc } from '../decision/index.js';
import { mergeData, type Engine } from '../eval/index.js';
import { literalJson } from '../check/schema.js';
import { EvalFault, Evaluator } from '../eval/expr.js';
import { showString, pactLiteral } from './report.js';
import { MIN_BOUNDARY_HITS, ruleTargets, type Coverage, type RuleTarget } from './coverage.js';
import {
  dataArbitrary,
  degradationArbitrary,
  degrade,
  improve,
  improvementArbitrary,
  inputArbitrary,
  malformedInputArbitrary,
  secretsOf,
  trustSignals,
  withValueAt,
  type JsonObject,
} from './arbitraries.js';

/** The engine under test and the reference it must agree with. */
export interface Engines {
  readonly artifact: Engine;
  readonly reference: Engine;
}

/** One decision a case computed, as a counterexample shows it. */
export interface Observation {
  /** What the input is in the counterexample: `input`, `degraded input`, … */
  readonly label: string;
  /** The input as sent (the wire form); undefined is an absent input. */
  readonly input: unknown;
  /** The whole data document. */
  readonly data: JsonObject;
  /** The artifact's decision. */
  readonly decision: Decision;
  /** The reference's decision (the same document when they agree). */
  readonly reference: Decision;
}

/** Why a case refutes a property. */
export interface Failure {
  readonly message: string;
  readonly observations: readonly Observation[];
}

/** Returned by {@link PropertyCheck.run} for a case the property does not speak about. */
export const SKIP: unique symbol = Symbol('skip');

/** A property as fast-check runs it. */
export interface PropertyCheck<T = unknown> {
  readonly name: string;
  readonly builtin: boolean;
  readonly arbitrary: fc.Arbitrary<T>;
  /**
   * Runs one case: undefined when it holds, a failure, or {@link SKIP}. With `coverage`, records
   * the rules the case reached (the agreement property; not while shrinking).
   */
  readonly run: (value: T, engines: Engines, coverage?: Coverage) => Failure | typeof SKIP | undefined;
  /** Set when the property holds trivially for this pact (nothing to degrade, no secrets). */
  readonly vacuous?: string;
  /** A coverage-directed phase, run when the random cases pass (the agreement property). */
  readonly directed?: DirectedPhase;
}

/** The directed phase of a property (`coverage.ts`). */
export interface DirectedPhase {
  /** The rules to reach, with their inputs and boundaries (built when the phase starts). */
  readonly targets: () => readonly RuleTarget[];
  /** Known inputs to start from: each `test` block's input and data. */
  readonly examples: () => readonly { readonly test: string; readonly value: readonly [JsonObject, JsonObject] }[];
  /**
   * Checks one input (and data) and, for those of `targets` it matched, their boundaries under
   * that data (`RuleTarget.boundariesUnder`). With `coverage` (drawing), records the rules it
   * matched and tries only the boundaries not yet tried often enough; without (shrinking), tries
   * them all. `where` says where the input came from, for the failure message. Returns the
   * failure, if any, and how many inputs it decided.
   */
  readonly run: (
    targets: readonly RuleTarget[],
    value: readonly [JsonObject, JsonObject],
    engines: Engines,
    coverage: Coverage | undefined,
    where: string,
  ) => { failure?: Failure; cases: number };
}

/** The names of the built-in properties, as reported. */
export const BUILTIN = {
  killSwitch: 'kill switch dominates',
  trust: 'trust is monotone',
  revocation: 'revocation tightens',
  explained: 'every refusal is explained',
  agreement: 'the artifact agrees with the reference',
} as const;

/** The five built-in properties of spec §7 for `pact`. */
export function builtinProperties(pact: CheckedPact): PropertyCheck[] {
  return [killSwitch(pact), trustMonotone(pact), revocationTightens(pact), refusalsExplained(pact), agreement(pact)] as PropertyCheck[];
}

/** The check of a declared `property` block. */
export function declaredProperty(pact: CheckedPact, decl: ast.PropertyDecl): PropertyCheck<JsonObject> {
  const allowed = new Set(decl.effects.map((e) => e.effect));
  const listed = decl.effects.map((e) => e.effect).join(' or ');
  return {
    name: decl.name.value,
    builtin: false,
    arbitrary: inputArbitrary(pact, decl.given ? { given: decl.given } : {}),
    run: (input, engines) => {
      const x = wire(input) as JsonObject;
      if (decl.given && !givenHolds(pact, decl.given, x)) return SKIP;
      const o = observe(engines, 'input', x, pact.dataDefaults);
      if (!allowed.has(o.decision.effect)) return { message: `expected ${listed}, got ${o.decision.effect}`, observations: [o] };
      return disagreement([o]);
    },
  };
}

/** Whether `given` holds for a conforming `input` with data at its defaults (a fault: no). */
export function givenHolds(pact: CheckedPact, given: ast.Expr, input: JsonObject): boolean {
  try {
    return new Evaluator(pact, input, pact.dataDefaults).condition(given);
  } catch (e) {
    if (e instanceof EvalFault) return false;
    throw e;
  }
}

/** Decides `input` with both engines. */
export function observe(engines: Engines, label: string, input: unknown, data: JsonObject): Observation {
  const x = wire(input);
  return { label, input: x, data, decision: engines.artifact.decide(x, data), reference: engines.reference.decide(x, data) };
}

/** A failure when any observation's two decisions differ. */
export function disagreement(obs: readonly Observation[]): Failure | undefined {
  const bad = obs.filter((o) => JSON.stringify(o.decision) !== JSON.stringify(o.reference));
  if (bad.length === 0) return undefined;
  return { message: `the artifact's decision differs from the reference's (${differingFields(bad[0]!.decision, bad[0]!.reference)})`, observations: bad };
}

/**
 * The problems of a decision as an explanation of a refusal (empty: explained): `rules` and
 * `reasons` parallel; a forbid or escalate with at least one reason; every reason visible.
 */
export function explanationProblems(d: Decision): string[] {
  const out: string[] = [];
  if (d.rules.length !== d.reasons.length) out.push(`${d.rules.length} rules but ${d.reasons.length} reasons`);
  if (d.effect !== 'permit' && d.reasons.length === 0) out.push(`a ${d.effect} without a reason`);
  d.reasons.forEach((r, i) => {
    if (!VISIBLE.test(r)) out.push(`the reason of \`${d.rules[i] ?? '?'}\` is ${r === '' ? 'empty' : `invisible (${showString(r)})`}`);
  });
  return out;
}

/** The input as JSON carries it: `-0` becomes `0`, undefined stays undefined (absent). */
export function wire(input: unknown): unknown {
  return input === undefined ? undefined : (JSON.parse(JSON.stringify(input)) as unknown);
}

// ---------------------------------------------------------------------------------------------
// The built-in properties

/**
 * A character a reader can see: not whitespace, not a control, format or unassigned code point,
 * and not one of the letters that render blank (Hangul fillers, the blank Braille pattern).
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/u;

function anyInput(pact: CheckedPact): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: inputArbitrary(pact) }, { weight: 1, arbitrary: malformedInputArbitrary(pact) });
}

function killSwitch(pact: CheckedPact): PropertyCheck<[unknown, JsonObject]> {
  return {
    name: BUILTIN.killSwitch,
    builtin: true,
    arbitrary: fc.tuple(anyInput(pact), dataArbitrary(pact, { killSwitch: true, fields: true })),
    run: ([input, data], engines) => {
      const o = observe(engines, 'input', input, data);
      const d = o.decision;
      if (d.effect !== 'forbid' || d.rules.length !== 1 || d.rules[0] !== 'kill_switch') {
        return { message: `with the kill switch on, the decision is ${d.effect} by ${d.rules.join(', ') || 'no rule'}, not forbid by kill_switch`, observations: [o] };
      }
      return disagreement([o]);
    },
  };
}

/** A trust case: an input and a copy with trust degraded, from either direction. */
type TrustCase = readonly ['degrade', JsonObject, readonly (Json | undefined)[]] | readonly ['improve', JsonObject, readonly (number | undefined)[]];

function trustMonotone(pact: CheckedPact): PropertyCheck<TrustCase> {
  const signals = trustSignals(pact);
  // Half the cases degrade a generated input; the other half improve an input that some permit
  // or escalate rule matches, and degrade back to it: that starts from values just past the
  // thresholds such a rule tests with `==`.
  const granting = pact.rules.filter((r) => r.effect !== 'forbid');
  const cases = fc.oneof(
    fc.tuple(fc.constant('degrade' as const), inputArbitrary(pact), degradationArbitrary(pact)),
    fc.tuple(fc.constant('improve' as const), inputArbitrary(pact, { rules: granting }), improvementArbitrary(pact)),
  ) as fc.Arbitrary<TrustCase>;
  return {
    name: BUILTIN.trust,
    builtin: true,
    arbitrary: cases,
    ...(signals.length === 0 ? { vacuous: 'the input has no @trust signals' } : {}),
    run: (c, engines) => {
      const [better, worse] = c[0] === 'degrade' ? [c[1], degrade(pact, c[1], c[2])] : [improve(pact, c[1], c[2]), c[1]];
      if (!better || !worse) return SKIP;
      const a = observe(engines, 'input', better, pact.dataDefaults);
      const b = observe(engines, 'degraded', worse, pact.dataDefaults);
      const why = loosening(a.decision, b.decision);
      if (why) return { message: `degrading trust ${why}`, observations: [a, b] };
      return disagreement([a, b]);
    },
  };
}

function revocationTightens(pact: CheckedPact): PropertyCheck<[JsonObject, string[], number]> {
  const secrets = secretsOf(pact);
  return {
    name: BUILTIN.revocation,
    builtin: true,
    // Mostly nothing revoked before: a rule that only holds another back shows up best alone.
    arbitrary: fc.tuple(inputArbitrary(pact), fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(secrets) }), fc.nat()),
    ...(secrets.length === 0 ? { vacuous: 'no rule grants a secret' } : {}),
    run: ([input, before, pick], engines) => {
      const fresh = secrets.filter((s) => !before.includes(s));
      if (fresh.length === 0) return SKIP;
      const extra = fresh[pick % fresh.length]!;
      const d1 = { ...pact.dataDefaults, revoked: before };
      const d2 = { ...pact.dataDefaults, revoked: [...before, extra] };
      const a = observe(engines, 'input', input, d1);
      const b = observe(engines, `revoking "${extra}"`, input, d2);
      const why = loosening(a.decision, b.decision);
      if (why) return { message: `revoking "${extra}" ${why}`, observations: [a, b] };
      return disagreement([a, b]);
    },
  };
}

function refusalsExplained(pact: CheckedPact): PropertyCheck<[unknown, JsonObject]> {
  return {
    name: BUILTIN.explained,
    builtin: true,
    arbitrary: fc.tuple(anyInput(pact), dataArbitrary(pact, { killSwitch: 'sometimes' })),
    run: ([input, data], engines) => {
      const o = observe(engines, 'input', input, data);
      const problems = explanationProblems(o.decision);
      if (problems.length > 0) return { message: `a refusal is not explained: ${problems.join('; ')}`, observations: [o] };
      return disagreement([o]);
    },
  };
}

function agreement(pact: CheckedPact): PropertyCheck<[unknown, JsonObject]> {
  const wild = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom(...pact.input.fields.map((f) => f.name), 'x'), fc.jsonValue({ maxDepth: 2 })));
  const input = fc.oneof({ weight: 5, arbitrary: inputArbitrary(pact) }, { weight: 3, arbitrary: malformedInputArbitrary(pact) }, { weight: 1, arbitrary: wild });
  const data = dataArbitrary(pact, { killSwitch: 'sometimes', fields: true, malformed: true });
  return {
    name: BUILTIN.agreement,
    builtin: true,
    arbitrary: fc.tuple(input, fc.oneof({ weight: 2, arbitrary: fc.constant(pact.dataDefaults as JsonObject) }, { weight: 3, arbitrary: data })),
    run: ([raw, d], engines, coverage) => {
      const c = agreementCase(engines, raw, d);
      if (!c.failure) coverage?.record(c.explanation, [c.input, d]);
      return c.failure;
    },
    directed: {
      targets: () => ruleTargets(pact),
      examples: () =>
        pact.tests.flatMap((t) => {
          const c = testCase(pact, t);
          return c ? [{ test: t.name.value, value: [c.input, c.data] as const }] : [];
        }),
      run: (targets, [x, d], engines, coverage, where) => {
        const c = agreementCase(engines, x, d);
        if (c.failure) return { failure: { ...c.failure, message: `${c.failure.message} ${where}` }, cases: 1 };
        coverage?.record(c.explanation, [c.input, d]);
        // Boundaries are tried on inputs the rule matched, with the data it matched under (and
        // boundaries computed from that data, when the rule reads fields that differ).
        let cases = 1;
        for (const t of targets) {
          if (!c.explanation.explanation.some((r) => r.rule === t.rule && r.matched)) continue;
          for (const b of t.boundariesUnder(d)) {
            if (coverage && coverage.boundaryTries(t.rule, b) >= MIN_BOUNDARY_HITS) continue;
            const y = withBoundary(x, b.path, b.value);
            if (y === undefined) continue;
            coverage?.tryBoundary(t.rule, b);
            if (y === x) continue;
            cases++;
            const f = agreementCase(engines, y, d).failure;
            const of = targets.length > 1 ? ` (a boundary of rule \`${t.rule}\`)` : '';
            if (f) return { failure: { ...f, message: `${f.message} ${where}, with \`${b.path}\` set to ${pactLiteral(b.value)}${of}` }, cases };
          }
        }
        return { cases };
      },
    },
  };
}

/**
 * `x` with `value` at the input path `path` (`withValueAt`), or, for an element of a collection
 * that is empty or absent (`action.cc[]` without cc addressees), with that collection holding
 * just `value`; undefined when neither can be placed.
 */
function withBoundary(x: JsonObject, path: string, value: Json): JsonObject | undefined {
  const y = withValueAt(x, path, value);
  if (y !== undefined || !path.endsWith('[]')) return y;
  return withBoundary(x, path.slice(0, -2), [value]);
}

/** Decides and explains one case with both engines: the disagreement, if any, and the reference's explanation. */
function agreementCase(engines: Engines, raw: unknown, d: JsonObject): { failure?: Failure; explanation: Explanation; input: unknown } {
  const o = observe(engines, 'input', raw, d);
  const er = engines.reference.explain(o.input, d);
  const bad = disagreement([o]);
  if (bad) return { failure: bad, explanation: er, input: o.input };
  const ea = engines.artifact.explain(o.input, d);
  if (JSON.stringify(ea) !== JSON.stringify(er)) {
    return { failure: { message: `the artifact's explain document differs from the reference's (${differingFields(ea, er)})`, observations: [o] }, explanation: er, input: o.input };
  }
  const { explanation: _, ...decisionPart } = ea;
  if (JSON.stringify(decisionPart) !== JSON.stringify(o.decision)) {
    return { failure: { message: `the artifact's explain entrypoint decides differently from its decision entrypoint`, observations: [o] }, explanation: er, input: o.input };
  }
  return { explanation: er, input: o.input };
}

/** Why `after` is more permissive than `before`, or undefined when it is not. */
function loosening(before: Decision, after: Decision): string | undefined {
  if (EFFECT_RANK[after.effect] > EFFECT_RANK[before.effect]) return `turned ${before.effect} into ${after.effect}`;
  if (after.effect === 'permit' && before.effect === 'permit') {
    const extra = after.grants.filter((g) => !before.grants.some((h) => sameGrant(g, h)));
    if (extra.length > 0) return `added the grant${extra.length > 1 ? 's' : ''} ${extra.map((g) => `"${g.secret}" scope "${g.scope}"`).join(', ')}`;
  }
  return undefined;
}

function sameGrant(a: GrantDoc, b: GrantDoc): boolean {
  return a.secret === b.secret && a.scope === b.scope && a.ttl_seconds === b.ttl_seconds;
}

/** The top-level fields in which two documents differ, for failure messages. */
function differingFields(a: object, b: object): string {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  const diff = keys.filter((k) => JSON.stringify(ra[k]) !== JSON.stringify(rb[k]));
  return diff.length === 0 ? 'field order' : `in ${diff.map((k) => `\`${k}\``).join(', ')}`;
}

/** A `test` block's input, and the data it runs with (the defaults, then its overrides). */
export function testCase(pact: CheckedPact, t: ast.TestDecl): { readonly input: JsonObject; readonly data: JsonObject } | undefined {
  if (!t.input) return undefined;
  return { input: literalJson(t.input) as JsonObject, data: mergeData(pact.dataDefaults, t.data ? literalJson(t.data) : undefined) as JsonObject };
}
