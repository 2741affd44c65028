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
 *   through lets), the constant and its exact neighbours (`expandSeeds`: 49, 50, 51 for `amount
 *   <= 50` on a `number`; 0.79, 0.8, 0.81 for a score; 1699999999999 for `< 1700000000000` on
 *   an `int`), inside the field's `@range`, and the string and enum values and variants its
 *   clauses test. A constant read from `data` is its default; under other data the boundaries
 *   are mined again from that data's values (`RuleTarget.boundariesUnder`).
 * The directed phase (`run.ts`) first takes known inputs: each `test` block's input and, for a
 * rule whose boundaries are not all tried, the first input (and data) the random cases matched
 * it with ({@link Coverage.witness}) — so a rule that only matches under non-default data, such
 * as one behind a data switch, has its boundaries tried under that data. Then it draws inputs
 * directed at the rules not yet *covered* — seen matching (the reference's `explain` says
 * `matched`) {@link MIN_RULE_HITS} times, counting the random phase, and each boundary tried
 * {@link MIN_BOUNDARY_HITS} times — from one budget for the whole phase (as many draws as the
 * property has random cases), shared in rounds among the rules still pending. A rule that can
 * never match ({@link neverMatching}: the checker's P2060) is not drawn for. A boundary is tried
 * on an input the rule matched, with the data it matched under: the input with that one path set
 * to the boundary value (an element of an empty or absent collection: the collection holding
 * just that value), decided by both engines. A disagreement anywhere is a failure, shrunk
 * by fast-check (draws) or by `shrink.ts` (known inputs).
 *
 * Rules never seen matching are reported (a note on the result, `coverage.unreached` and
 * `coverage.impossible` in the report): their code was not compared. The note tells the rules
 * that can never match from those merely not reached, lists at most {@link NOTE_NAMES} names of
 * each, and says how many boundary values were tried when not all were.
 */
import fc from 'fast-check';
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, FieldType, Json, Type } from '../check/types.js';
import type { Explanation } from '../decision/index.js';
import type { Diagnostic } from '../diag/index.js';
import { dataArbitrary, expandSeeds, inputArbitrary, isObject, type JsonObject } from './arbitraries.js';
import { mineSeeds, ruleConditions } from './literals.js';
import { walk } from '../syntax/index.js';

/** How often the directed phase wants to see each rule match. */
export const MIN_RULE_HITS = 10;

/** How often each boundary value is tried on an input its rule matched. */
export const MIN_BOUNDARY_HITS = 1;

/** The most rule names a note lists before "and N more" (the report has them all). */
export const NOTE_NAMES = 8;

/** One input path set to one value: a comparison literal or one of its neighbours. */
export interface Boundary {
  readonly path: string;
  readonly value: Json;
}

/** A rule to reach: inputs (and data) directed at it, and its boundaries. */
export interface RuleTarget {
  readonly rule: string;
  readonly cases: fc.Arbitrary<readonly [JsonObject, JsonObject]>;
  /** The boundaries with data at its defaults: the ones the report counts. */
  readonly boundaries: readonly Boundary[];
  /**
   * The boundaries under `data`: {@link boundaries} when the data fields the rule reads are at
   * their defaults, else mined again with their values (`amount <= data.limit` with `limit: 80`
   * gives 79, 80, 81).
   */
  readonly boundariesUnder: (data: JsonObject) => readonly Boundary[];
}

/** The coverage the agreement property reached, as the report records it. */
export interface CoverageReport {
  /** Per rule, in source order: the checked inputs it matched. */
  readonly rules: Readonly<Record<string, number>>;
  /** Rules no checked input matched, in source order (those that can never match included). */
  readonly unreached: readonly string[];
  /**
   * The unreached rules that can never match: a `when` clause requires a condition the checker
   * proved never holds (warning P2060). Absent when there are none.
   */
  readonly impossible?: readonly string[];
  /** Boundary values (with data at its defaults) tried on an input their rule matched, of all there are. */
  readonly boundaries: { readonly tried: number; readonly total: number };
}

/** One target per rule of `pact`, in source order (built lazily: only the directed phase needs them). */
export function ruleTargets(pact: CheckedPact): RuleTarget[] {
  const defaults = pact.dataDefaults as JsonObject;
  return pact.rules.map((rule) => {
    const read = dataFieldsOf(pact, rule);
    // Data at its defaults, or half the time with the data fields the rule reads varied.
    const fields = read.filter((f) => f !== 'kill_switch' && f !== 'revoked');
    const data = fields.length === 0 ? fc.constant(defaults) : fc.oneof(fc.constant(defaults), dataArbitrary(pact, { revoked: false, vary: fields }));
    const boundaries = ruleBoundaries(pact, rule);
    const under = new Map<string, readonly Boundary[]>();
    const boundariesUnder = (d: JsonObject): readonly Boundary[] => {
      const values = read.map((f) => d[f] ?? null);
      if (read.every((f, i) => JSON.stringify(values[i]) === JSON.stringify(defaults[f] ?? null))) return boundaries;
      const key = JSON.stringify(values);
      let bs = under.get(key);
      if (!bs) {
        if (under.size >= 64) under.clear();
        under.set(key, (bs = ruleBoundaries(pact, rule, d)));
      }
      return bs;
    };
    return { rule: rule.name.text, cases: fc.tuple(inputArbitrary(pact, { rules: [rule] }), data), boundaries, boundariesUnder };
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

/** The boundaries of `rule` (see the file header), with `data` paths at their values in `data` (default: the defaults). */
export function ruleBoundaries(pact: CheckedPact, rule: ast.Rule, data: JsonObject = pact.dataDefaults as JsonObject): Boundary[] {
  const out: Boundary[] = [];
  for (const [path, seeds] of mineSeeds(pact, ruleConditions(rule), false, data).seeds) {
    const at = fieldAt(pact, path);
    if (!at) continue;
    for (const value of expandSeeds(seeds, at.type, at.field)) out.push({ path, value });
  }
  return out;
}

/**
 * The rules of `pact` that can never match, by name, each with the checker's reason: one of its
 * `when` clauses has, as a conjunct (an operand of its top-level `and` chain), a condition the
 * checker warned never holds (P2060: `kind == "read" and kind == "write"`, `n > 20` against
 * `@range(0, 10)`, `n in []`). Contradictions the checker does not see (through a `let`, say)
 * are not found: such a rule is merely reported unreached.
 */
export function neverMatching(pact: CheckedPact, diagnostics: readonly Diagnostic[]): Map<string, string> {
  const out = new Map<string, string>();
  const never = diagnostics.filter((d) => d.code === 'P2060');
  if (never.length === 0) return out;
  for (const rule of pact.rules) {
    const conjuncts: ast.Expr[] = [];
    const flatten = (e: ast.Expr): void => {
      if (e.kind === 'Binary' && e.op === 'and') {
        flatten(e.left);
        flatten(e.right);
      } else conjuncts.push(e);
    };
    for (const c of rule.clauses) if (c.kind === 'When') flatten(c.condition);
    for (const e of conjuncts) {
      const d = never.find((x) => x.span.file === e.span.file && x.span.start === e.span.start && x.span.end === e.span.end);
      if (d) {
        out.set(rule.name.text, d.message);
        break;
      }
    }
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
  private readonly witnesses = new Map<string, readonly [JsonObject, JsonObject]>();

  /**
   * Records the rules a reference explanation says matched; with `witness` (the input, as sent,
   * and the data), keeps it as the first input each of them matched.
   */
  record(e: Explanation, witness?: readonly [unknown, JsonObject]): void {
    for (const t of e.explanation) {
      if (!t.matched) continue;
      this.hits.set(t.rule, (this.hits.get(t.rule) ?? 0) + 1);
      const [x, d] = witness ?? [];
      if (d && isObject(x) && !this.witnesses.has(t.rule)) this.witnesses.set(t.rule, [x, d]);
    }
  }

  /** The first input (and data) recorded matching `rule`, if any. */
  witness(rule: string): readonly [JsonObject, JsonObject] | undefined {
    return this.witnesses.get(rule);
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

  /** Whether every boundary of `t` (with data at its defaults) was tried enough. */
  boundariesDone(t: RuleTarget): boolean {
    return t.boundaries.every((b) => this.boundaryTries(t.rule, b) >= MIN_BOUNDARY_HITS);
  }

  /** Whether `t` needs no more inputs: seen `min` times, every boundary tried enough. */
  done(t: RuleTarget, min: number): boolean {
    return this.ruleHits(t.rule) >= min && this.boundariesDone(t);
  }

  /** The record for the report, over `pact`'s rules; `impossible`: the rules that can never match. */
  report(pact: CheckedPact, targets: readonly RuleTarget[] | undefined, impossible: ReadonlySet<string> = new Set()): CoverageReport {
    const rules = Object.fromEntries(pact.rules.map((r) => [r.name.text, this.ruleHits(r.name.text)]));
    const all = (targets ?? []).flatMap((t) => t.boundaries.map((b) => key(t.rule, b)));
    const unreached = pact.rules.map((r) => r.name.text).filter((r) => rules[r] === 0);
    const never = unreached.filter((r) => impossible.has(r));
    return {
      rules,
      unreached,
      ...(never.length > 0 ? { impossible: never } : {}),
      boundaries: { tried: all.filter((k) => this.tried.has(k)).length, total: all.length },
    };
  }

  /** Of the boundaries not tried, how many belong to rules no input matched. */
  untriedOfUnreached(targets: readonly RuleTarget[]): number {
    return targets.filter((t) => this.ruleHits(t.rule) === 0).reduce((n, t) => n + t.boundaries.filter((b) => !this.tried.has(key(t.rule, b))).length, 0);
  }
}

/**
 * The note of the agreement property, one line per finding (empty: nothing to say): rules that
 * can never match, rules merely not reached (and, with `spent`, that the directed phase used up
 * its budget of that many inputs), and boundary values not all tried. Each list of names stops
 * after {@link NOTE_NAMES} with "and N more"; the report has them all.
 */
export function coverageNote(report: CoverageReport, untriedOfUnreached: number, spent?: number): string[] {
  const lines: string[] = [];
  const never = new Set(report.impossible ?? []);
  const notReached = report.unreached.filter((r) => !never.has(r));
  if (never.size > 0) {
    const one = never.size === 1;
    lines.push(`rule${one ? '' : 's'} ${names([...never])} can never match: ${one ? 'a condition it requires' : 'each requires a condition that'} never holds (warning P2060)`);
  }
  if (notReached.length > 0) {
    const budget = spent === undefined ? '' : ` (the directed phase used up its budget of ${spent} inputs; --runs raises it)`;
    lines.push(`no checked input reached rule${notReached.length === 1 ? '' : 's'} ${names(notReached)}${budget}`);
  }
  const { tried, total } = report.boundaries;
  if (tried < total) {
    const other = total - tried;
    const why = untriedOfUnreached === 0 ? '' : untriedOfUnreached === other ? ` (the other ${other} belong to rules no input matched)` : ` (${untriedOfUnreached} of the other ${other} belong to rules no input matched)`;
    lines.push(`${tried} of ${total} boundary values tried on an input their rule matched${why}`);
  }
  return lines;
}

/** `` `a`, `b` `` — or, past {@link NOTE_NAMES}, `` `a`, …, `h` and 12 more ``. */
function names(list: readonly string[]): string {
  const shown = list.slice(0, NOTE_NAMES).map((r) => `\`${r}\``);
  return list.length > NOTE_NAMES ? `${shown.join(', ')} and ${list.length - NOTE_NAMES} more` : shown.join(', ');
}

function key(rule: string, b: Boundary): string {
  return `${rule}\u0000${b.path}\u0000${JSON.stringify(b.value)}`;
}
