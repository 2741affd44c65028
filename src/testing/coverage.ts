/**
 * Coverage for the built-in "the artifact agrees with the reference": which rules the checked
 * inputs reached, and the *directed phase* that tops coverage up after the random cases pass.
 *
 * Why. Random inputs, even ones biased towards the pact's literals, reach a rule whose `when`s
 * form a long conjunction only now and then: on `examples/support-agent/v4.pact`, 400 random
 * cases made `small_refund` decide a handful of times, and never with the amount exactly at
 * `data.auto_refund_limit` — so an artifact that turned that one boundary into an escalation
 * passed on every seed. Agreement is only checked where inputs go.
 *
 * What. For every rule, in source order, a {@link RuleTarget}:
 * - inputs directed at the rule (`inputArbitrary` with `rules: [rule]`: its clauses' literals
 *   first, on the side that makes it match, and the clauses of the rules that would override it
 *   on the side that keeps them out), with data at its defaults — or, half the time, with the
 *   data fields the rule reads varied, so a rule behind a data switch is reached too;
 * - its *boundaries*: for each input path its clauses compare with a constant (`literals.ts`,
 *   through lets), the constant and its neighbours (`expandSeeds`: 49, 50, 51 for `amount <=
 *   50` on a `number`; 0.79, 0.8, 0.81 for a score), inside the field's `@range`, and the string
 *   and enum values and variants its clauses test.
 * The directed phase draws inputs directed at each rule until the rule has been seen matching
 * (the reference's `explain` says `matched`) {@link MIN_RULE_HITS} times — counting the random
 * phase — and each boundary has been tried {@link MIN_BOUNDARY_HITS} times, or the rule's budget
 * of draws is spent. A boundary is tried on an input the rule matched, with data at its
 * defaults: the input with that one path set to the boundary value, decided by both engines. A
 * disagreement anywhere is a failure, shrunk by fast-check like any other.
 *
 * Rules never seen matching are reported (a note on the result, `coverage.unreached` in the
 * report): their code was not compared.
 */
import fc from 'fast-check';
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, FieldType, Json, Type } from '../check/types.js';
import type { Explanation } from '../decision/index.js';
import { dataArbitrary, expandSeeds, inputArbitrary, type JsonObject } from './arbitraries.js';
import { mineSeeds, ruleConditions } from './literals.js';
import { walk } from '../syntax/index.js';

/** How often the directed phase wants to see each rule match. */
export const MIN_RULE_HITS = 10;

/** How often each boundary value is tried on an input its rule matched. */
export const MIN_BOUNDARY_HITS = 1;

/** One input path set to one value: a comparison literal or one of its neighbours. */
export interface Boundary {
  readonly path: string;
  readonly value: Json;
}

/** A rule to reach: inputs (and data) directed at it, and its boundaries. */
export interface RuleTarget {
  readonly rule: string;
  readonly cases: fc.Arbitrary<readonly [JsonObject, JsonObject]>;
  readonly boundaries: readonly Boundary[];
}

/** The coverage the agreement property reached, as the report records it. */
export interface CoverageReport {
  /** Per rule, in source order: the checked inputs it matched. */
  readonly rules: Readonly<Record<string, number>>;
  /** Rules no checked input matched. */
  readonly unreached: readonly string[];
  /** Boundary values tried on an input their rule matched, of all there are. */
  readonly boundaries: { readonly tried: number; readonly total: number };
}

/** One target per rule of `pact`, in source order (built lazily: only the directed phase needs them). */
export function ruleTargets(pact: CheckedPact): RuleTarget[] {
  const defaults = fc.constant(pact.dataDefaults as JsonObject);
  return pact.rules.map((rule) => {
    // Data at its defaults, or half the time with the data fields the rule reads varied.
    const fields = dataFieldsOf(pact, rule).filter((f) => f !== 'kill_switch' && f !== 'revoked');
    const data = fields.length === 0 ? defaults : fc.oneof(defaults, dataArbitrary(pact, { revoked: false, vary: fields }));
    return { rule: rule.name.text, cases: fc.tuple(inputArbitrary(pact, { rules: [rule] }), data), boundaries: ruleBoundaries(pact, rule) };
  });
}

/** The top-level data fields `rule`'s clauses read, directly or through lets, in first-use order. */
export function dataFieldsOf(pact: CheckedPact, rule: ast.Rule): string[] {
  const out = new Set<string>();
  const lets = new Set<string>();
  const visit = (e: ast.Expr): void =>
    walk(e, (n) => {
      if (n.kind !== 'Path') return;
      const ref = pact.refs.get(n.id);
      if (ref?.kind === 'data' && ref.path[0] !== undefined) out.add(ref.path[0]);
      if (ref?.kind === 'let' && !lets.has(ref.name)) {
        lets.add(ref.name);
        const body = pact.lets.get(ref.name)?.decl.value;
        if (body) visit(body);
      }
    });
  for (const c of rule.clauses) visit(c.condition);
  return [...out];
}

/** The boundaries of `rule`: see the file header. */
export function ruleBoundaries(pact: CheckedPact, rule: ast.Rule): Boundary[] {
  const out: Boundary[] = [];
  for (const [path, seeds] of mineSeeds(pact, ruleConditions(rule), false).seeds) {
    const at = fieldAt(pact, path);
    if (!at) continue;
    for (const value of expandSeeds(seeds, at.type, at.field)) out.push({ path, value });
  }
  return out;
}

/** The type (and field, for annotations) at an input path, or undefined. */
export function fieldAt(pact: CheckedPact, path: string): { type: Type; field?: FieldType } | undefined {
  let type: Type = pact.input;
  let field: FieldType | undefined;
  for (const part of path.split('.')) {
    const name = part.replace(/(\[\])+$/, '');
    if (type.kind !== 'record') return undefined;
    field = type.fields.find((f) => f.name === name);
    if (!field) return undefined;
    type = field.type;
    for (let rest = part; rest.endsWith('[]'); rest = rest.slice(0, -2)) {
      if (type.kind !== 'list' && type.kind !== 'set') return undefined;
      type = type.element;
      field = undefined;
    }
  }
  return { type, ...(field ? { field } : {}) };
}

/** Counts what the agreement property's checked inputs reached. */
export class Coverage {
  private readonly hits = new Map<string, number>();
  private readonly tried = new Map<string, number>();

  /** Records the rules a reference explanation says matched. */
  record(e: Explanation): void {
    for (const t of e.explanation) if (t.matched) this.hits.set(t.rule, (this.hits.get(t.rule) ?? 0) + 1);
  }

  /** How many checked inputs `rule` matched. */
  ruleHits(rule: string): number {
    return this.hits.get(rule) ?? 0;
  }

  /** Records one try of a boundary of `rule`. */
  tryBoundary(rule: string, b: Boundary): void {
    const k = key(rule, b);
    this.tried.set(k, (this.tried.get(k) ?? 0) + 1);
  }

  /** How often a boundary of `rule` was tried. */
  boundaryTries(rule: string, b: Boundary): number {
    return this.tried.get(key(rule, b)) ?? 0;
  }

  /** Whether `t` needs no more inputs: seen `min` times, every boundary tried enough. */
  done(t: RuleTarget, min: number): boolean {
    return this.ruleHits(t.rule) >= min && t.boundaries.every((b) => this.boundaryTries(t.rule, b) >= MIN_BOUNDARY_HITS);
  }

  /** The record for the report, over `pact`'s rules. */
  report(pact: CheckedPact, targets: readonly RuleTarget[] | undefined): CoverageReport {
    const rules = Object.fromEntries(pact.rules.map((r) => [r.name.text, this.ruleHits(r.name.text)]));
    const all = (targets ?? []).flatMap((t) => t.boundaries.map((b) => key(t.rule, b)));
    return {
      rules,
      unreached: pact.rules.map((r) => r.name.text).filter((r) => rules[r] === 0),
      boundaries: { tried: all.filter((k) => this.tried.has(k)).length, total: all.length },
    };
  }
}

function key(rule: string, b: Boundary): string {
  return `${rule}\u0000${b.path}\u0000${JSON.stringify(b.value)}`;
}
