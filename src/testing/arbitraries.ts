/**
 * Generation from the schema: fast-check arbitraries for a pact's input and data documents.
 *
 * Conforming inputs are built by one recursive function over the checked input type
 * (`pact.input`, library fragments and the built-in `approval` included):
 *
 * - a record is a tuple of its fields mapped to an object; an optional field is absent, JSON
 *   `null` (which counts as absent, spec §3 and `eval/validate.ts`) or present — absent first,
 *   so fast-check shrinks a counterexample towards fewer fields;
 * - a leaf is a weighted choice between a generic generator for its type — bools, members of
 *   an enum, ints and numbers inside their `@range` (bounds included), durations as whole
 *   seconds, short strings, lists and sets (sets without duplicates) of up to four elements —
 *   the *seeds* of its path (`literals.ts`: the constants the pact compares it with, expanded
 *   into neighbours by {@link expandSeeds}; `@range` bounds), and the values the pact's `test`
 *   blocks use for it (less often). Elements draw seeds less often than single values, since a
 *   collection draws several;
 * - `approval.role` is seeded with the roles of the escalate rules, so satisfied and
 *   unsatisfied escalations both happen;
 * - two input paths compared with each other (`action.target == session.ticket`) are *linked*:
 *   the generator sometimes copies one into the other, as independent values never meet.
 *
 * Focus. Independent choices rarely satisfy a long conjunction (`small_refund` in the spec
 * example needs six conditions at once), so generation can be *focused* on conditions with the
 * truth value wanted of each (`literals.ts`, polarity): their seeds are drawn first and most
 * often, on the side that makes them come out as wanted (`amount <= 500` → 500 or 499), the
 * optional fields they test are made present (or absent, under `not has`), and their links are
 * made to hold. {@link inputArbitrary} mixes plain inputs (a third) with inputs focused on one
 * rule at a time (two thirds): its clauses first, and for the paths they leave alone, the clauses
 * of the rules that would override it, wanted not to match. A property's `given` is its own
 * focus, so a selective `given` such as `category == "money_movement" and amount > 10000`
 * holds for a good share of the inputs.
 *
 * Choices use `fc.oneof` with cross-shrinking and generic values first, so a shrunk
 * counterexample keeps the pact's own literals only where a plain value would not fail.
 *
 * Malformed inputs take a conforming input and break one present place in it — delete a
 * required field, put `null` or a value of another JSON type there, an enum outsider, a number
 * outside its `@range`, a fraction for an `int` — or are not objects at all (absent, `null`,
 * numbers, strings, arrays). They are filtered through the reference validator, so every value
 * really is malformed: the fail-closed cases of spec §5 step 2.
 *
 * Data documents are the defaults with variations: `kill_switch`, `revoked` (subsets of the
 * secrets the pact grants, plus one it never grants), and for the agreement check other values
 * of the pact's own data fields and the odd malformed field.
 *
 * Trust signals (`@trust` fields reached through records) are degraded — moved towards their
 * unsafe side, inside `@range` — by {@link degrade}, and improved by {@link improve}, for the
 * built-in "trust is monotone".
 */
import fc from 'fast-check';
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, FieldType, Json, RecordType, Type } from '../check/types.js';
import { documentSchemas, glob, lower, validate, type DocumentSchema } from '../eval/index.js';
import { exampleSeeds, extendPath, mineSeeds, parentPath, ruleConditions, type Condition, type Link, type Mined, type Relation, type Seed, type Seeds, type StringUse } from './literals.js';

/** A JSON object. */
export type JsonObject = { readonly [key: string]: Json };

/** Options of {@link inputArbitrary}. */
export interface InputOptions {
  /** Bias generation towards inputs satisfying this condition (a property's `given`). */
  readonly given?: ast.Expr;
  /** Bias generation towards these conditions coming out as wanted (one rule's clauses, say). */
  readonly conditions?: readonly Condition[];
  /**
   * Secondary conditions, for paths the primary ones leave alone: directing at a permit rule,
   * the rules that would override it (forbids, escalates) are wanted not to match.
   */
  readonly secondary?: readonly Condition[];
  /**
   * Without `given` or `conditions`: also direct generation at each rule in turn (default
   * true), so that rules whose clauses form long conjunctions are reached too.
   */
  readonly directed?: boolean;
  /** Without `given` or `conditions`: direct generation only at these rules (no plain inputs). */
  readonly rules?: readonly ast.Rule[];
  /** Seeds to use instead of the ones mined from the pact. */
  readonly seeds?: Seeds;
  /** The longest list or set generated (default 4). */
  readonly maxLength?: number;
}

/**
 * Arbitrary inputs that conform to `pact`'s input schema (see the file header): one third
 * drawn on all the pact's seeds alike, two thirds directed at one rule, chosen uniformly — its
 * clauses' seeds drawn first and on the side that makes the rule match.
 *
 * @example
 * ```ts
 * const pact = loadCheckedPact('refunds.pact');
 * fc.assert(fc.property(inputArbitrary(pact), (x) => validate(x, documentSchemas(pact).input).length === 0));
 * ```
 */
export function inputArbitrary(pact: CheckedPact, opts: InputOptions = {}): fc.Arbitrary<JsonObject> {
  const conditions = [...(opts.conditions ?? []), ...(opts.given ? [{ expr: opts.given, holds: true }] : [])];
  if (conditions.length > 0 || opts.directed === false || pact.rules.length === 0) return generator(pact, { ...opts, conditions }).input();
  const directed = (opts.rules ?? pact.rules).map((r) => directedAt(pact, r, opts));
  if (opts.rules) return directed.length > 0 ? fc.oneof(...directed) : generator(pact, opts).input();
  const plain = generator(pact, opts).input();
  return fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: plain }, { weight: 2, arbitrary: fc.oneof(...directed) });
}

/** Inputs directed at each rule with the default options, built once per pact (arbitraries are immutable). */
const DIRECTED = new WeakMap<CheckedPact, Map<ast.Rule, fc.Arbitrary<JsonObject>>>();

/** Inputs directed at `rule`: its clauses wanted to match, the overriding rules' not to. */
function directedAt(pact: CheckedPact, rule: ast.Rule, opts: InputOptions): fc.Arbitrary<JsonObject> {
  const build = (): fc.Arbitrary<JsonObject> => generator(pact, { ...opts, conditions: ruleConditions(rule), secondary: overriding(pact, rule) }).input();
  if (opts.seeds !== undefined || opts.maxLength !== undefined) return build();
  let cache = DIRECTED.get(pact);
  if (!cache) DIRECTED.set(pact, (cache = new Map()));
  let arb = cache.get(rule);
  if (!arb) cache.set(rule, (arb = build()));
  return arb;
}

/**
 * The clauses of the rules that would override `rule` if they matched too (forbids override
 * escalates and permits, escalates override permits), each wanted to come out so that its rule
 * does not match: `when` false, `unless` true.
 */
function overriding(pact: CheckedPact, rule: ast.Rule): Condition[] {
  const rank = { forbid: 0, escalate: 1, permit: 2 } as const;
  return pact.rules
    .filter((r) => r !== rule && rank[r.effect] < rank[rule.effect])
    .flatMap((r) => ruleConditions(r).map((c) => ({ expr: c.expr, holds: !c.holds })));
}

/** Arbitrary inputs that do not conform to `pact`'s input schema; `undefined` is an absent input. */
export function malformedInputArbitrary(pact: CheckedPact, opts: InputOptions = {}): fc.Arbitrary<unknown> {
  const schema = documentSchemas(pact).input;
  const broken = fc
    .tuple(inputArbitrary(pact, { ...opts, directed: false }), fc.nat(), fc.constantFrom(...MUTATIONS), fc.nat())
    .map(([x, site, how, pick]) => mutate(x, pact.input, site, how, pick));
  const nonObjects = fc.constantFrom<unknown>(undefined, null, 0, 1, 'input', true, false, [], [{}]);
  return fc.oneof({ weight: 8, arbitrary: broken }, { weight: 1, arbitrary: nonObjects }).filter((v) => validate(v, schema).length > 0);
}

/** Options of {@link dataArbitrary}. */
export interface DataOptions {
  /** `kill_switch`: always off (default), always on, or either. */
  readonly killSwitch?: boolean | 'sometimes';
  /** Draw `revoked` from the pact's secrets (default true). */
  readonly revoked?: boolean;
  /** Vary the pact's own data fields too (default false: their defaults). */
  readonly fields?: boolean;
  /** Sometimes break one data field (default false). */
  readonly malformed?: boolean;
  /** Vary these fields of the pact's own, half the time each, and keep the others at their defaults. */
  readonly vary?: readonly string[];
}

/** Arbitrary whole data documents: the defaults with the variations asked for. */
export function dataArbitrary(pact: CheckedPact, opts: DataOptions = {}): fc.Arbitrary<JsonObject> {
  const gen = generator(pact, {});
  const secrets = [...secretsOf(pact), 'unlisted-secret'];
  const fields = pact.data.fields.map((f): fc.Arbitrary<Json> => {
    const dflt = pact.dataDefaults[f.name] ?? null;
    if (f.name === 'kill_switch') {
      const k = opts.killSwitch ?? false;
      return k === 'sometimes' ? fc.boolean() : fc.constant(k);
    }
    if (f.name === 'revoked') return opts.revoked === false ? fc.constant(dflt) : fc.subarray(secrets);
    if (opts.vary) return opts.vary.includes(f.name) ? fc.oneof({ withCrossShrink: true }, fc.constant(dflt), gen.value(f.type, `data.${f.name}`, f)) : fc.constant(dflt);
    if (!opts.fields) return fc.constant(dflt);
    return fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(dflt) }, { weight: 1, arbitrary: gen.value(f.type, `data.${f.name}`, f) });
  });
  const doc = fc.tuple(...fields).map((vs) => Object.fromEntries(pact.data.fields.map((f, i) => [f.name, vs[i] ?? null])) as JsonObject);
  if (!opts.malformed) return doc;
  const broken = fc.tuple(doc, fc.nat()).map(([d, i]) => {
    const f = pact.data.fields[i % pact.data.fields.length]!;
    return { ...d, [f.name]: f.type.kind === 'string' ? 0 : 'not-a-value' } as JsonObject;
  });
  return fc.oneof({ withCrossShrink: true }, { weight: 12, arbitrary: doc }, { weight: 1, arbitrary: broken });
}

/** The secrets the pact's rules grant, de-duplicated, in source order. */
export function secretsOf(pact: CheckedPact): string[] {
  return [...new Set(pact.rules.flatMap((r) => r.grants.map((g) => g.secret.value)))];
}

/** A trust signal of the input: a field with `@trust`, reached through records only. */
export interface TrustSignal {
  readonly path: readonly string[];
  readonly field: FieldType;
}

/** The pact's trust signals, in schema order (signals inside lists are not degraded). */
export function trustSignals(pact: CheckedPact): TrustSignal[] {
  const out: TrustSignal[] = [];
  const visit = (rec: RecordType, path: readonly string[]): void => {
    for (const f of rec.fields) {
      if (f.trust) out.push({ path: [...path, f.name], field: f });
      if (f.type.kind === 'record') visit(f.type, [...path, f.name]);
    }
  };
  visit(pact.input, []);
  return out;
}

/**
 * Arbitrary degradations of the pact's trust signals: one optional *target* per signal. A
 * numeric target is any in-range value (seeds included) that {@link degrade} only ever moves a
 * signal towards; a bool target means "flip to the unsafe value". Shrinks towards touching fewer
 * signals.
 */
export function degradationArbitrary(pact: CheckedPact): fc.Arbitrary<readonly (Json | undefined)[]> {
  const gen = generator(pact, {});
  return fc.tuple(
    ...trustSignals(pact).map((s) =>
      fc.option(s.field.type.kind === 'bool' ? fc.constant<Json>(true) : gen.value(s.field.type, s.path.join('.'), s.field), { nil: undefined, freq: 3 }),
    ),
  );
}

/**
 * Applies `targets` (one per signal of {@link trustSignals}) to a copy of `input`: a
 * `@trust(higher)` number drops to the target if that is lower, `@trust(lower)` rises to it, a
 * `@trust(true)` bool becomes false and `@trust(false)` true. Absent signals stay absent.
 * Returns the copy, or undefined when nothing changed.
 */
export function degrade(pact: CheckedPact, input: JsonObject, targets: readonly (Json | undefined)[]): JsonObject | undefined {
  const out = structuredClone(input) as { [key: string]: Json };
  let changed = false;
  trustSignals(pact).forEach((s, i) => {
    const target = targets[i];
    if (target === undefined) return;
    const parent = s.path.slice(0, -1).reduce<Json | undefined>((v, k) => (isObject(v) ? v[k] : undefined), out);
    const key = s.path[s.path.length - 1]!;
    if (!isObject(parent)) return;
    const v = parent[key];
    let next: Json | undefined;
    if (typeof v === 'boolean') next = s.field.trust === 'true' ? false : s.field.trust === 'false' ? true : v;
    else if (typeof v === 'number' && typeof target === 'number') next = s.field.trust === 'higher' ? Math.min(v, target) : s.field.trust === 'lower' ? Math.max(v, target) : v;
    if (next !== undefined && next !== v) {
      (parent as { [key: string]: Json })[key] = next;
      changed = true;
    }
  });
  return changed ? out : undefined;
}

/**
 * The values a field is seeded with: for numbers the constant and its neighbours (±1 for
 * `int`, `duration` and whole numbers; ±0.01 or one more decimal place for fractions and small
 * ranges; exact however many digits the constant has, and the next double where the step is
 * lost to rounding: see {@link beside}), inside `@range` and whole where the type is; for strings the constant and variants that do and do not satisfy
 * its use (`prefix` "p" → "p", "px", "xp"); for enums the members among the constants. With
 * `focus`, only the values on the side the seed's condition wants (`amount > 1000` → 1001).
 */
export function expandSeeds(seeds: readonly Seed[], type: Type, field?: FieldType, focus = false): Json[] {
  const out: Json[] = [];
  const push = (v: Json): void => {
    if (!out.some((o) => o === v)) out.push(v);
  };
  const range = field?.range;
  for (const s of seeds) {
    if (s.kind === 'number' && (type.kind === 'int' || type.kind === 'number' || type.kind === 'duration')) {
      const whole = type.kind !== 'number';
      const d = whole ? 1 : step(s.value, range);
      for (const b of whole ? [Math.floor(s.value), Math.ceil(s.value)] : [s.value]) {
        for (const v of neighbours(b, d, focus ? s.rel : undefined)) if (inRange(v, range) && (!whole || Number.isInteger(v))) push(v);
      }
    } else if (s.kind === 'string' && type.kind === 'string') {
      for (const [v, sat] of stringVariants(s.value, s.use)) if (!focus || s.holds === undefined || s.holds === sat) push(v);
    } else if (s.kind === 'string' && type.kind === 'enum' && type.members.includes(s.value)) {
      if (!focus || s.holds !== false) push(s.value);
      else for (const m of type.members) if (m !== s.value) push(m);
    }
  }
  return out;
}

/**
 * The constant, just below and just above it; with a relation, only those satisfying it. The
 * neighbours are exact ({@link beside}): `x > c` and `x <= c` both hold for one of them, however
 * many digits `c` has (`1e12 + 1` for `bytes > 1e12`, the next double after `1e300`).
 */
function neighbours(c: number, d: number, rel: Relation | undefined): number[] {
  const all = [c, beside(c, -d), beside(c, d)];
  if (rel === undefined) return all;
  return all.filter((v) => (rel === '==' ? v === c : rel === '!=' ? v !== c : rel === '<' ? v < c : rel === '<=' ? v <= c : rel === '>' ? v > c : v >= c));
}

/**
 * Arbitrary improvements of the pact's trust signals, the mirror of
 * {@link degradationArbitrary}: one optional step per signal, towards the safer side.
 * Improving a signal past a threshold the pact tests with `==` (`open_disputes == 0` at -1,
 * `score == 1`) is how equality on a trust signal breaks monotonicity; degradations alone
 * rarely start from such a value.
 */
export function improvementArbitrary(pact: CheckedPact): fc.Arbitrary<readonly (number | undefined)[]> {
  return fc.tuple(
    ...trustSignals(pact).map((s) =>
      fc.option(s.field.type.kind === 'number' ? fc.constantFrom(0.01, 1, 0.1) : fc.constantFrom(1, 2, 10, 1000), { nil: undefined, freq: 2 }),
    ),
  );
}

/**
 * Applies `steps` (one per signal of {@link trustSignals}) to a copy of `input`: a
 * `@trust(higher)` number rises by its step, `@trust(lower)` drops, both clamped to `@range`; a
 * `@trust(true)` bool becomes true and `@trust(false)` false. Returns undefined when nothing
 * changed. Degrading the result back to `input` is a degradation.
 */
export function improve(pact: CheckedPact, input: JsonObject, steps: readonly (number | undefined)[]): JsonObject | undefined {
  const targets = trustSignals(pact).map((s, i): Json | undefined => {
    const step = steps[i];
    if (step === undefined) return undefined;
    const v = s.path.reduce<Json | undefined>((o, k) => (isObject(o) ? o[k] : undefined), input);
    if (typeof v === 'boolean') return s.field.trust === 'true' || s.field.trust === 'false';
    if (typeof v !== 'number') return undefined;
    const [lo, hi] = s.field.range ?? [-Infinity, Infinity];
    return s.field.trust === 'higher' ? Math.min(hi, beside(v, step)) : Math.max(lo, beside(v, -step));
  });
  const out = structuredClone(input) as { [key: string]: Json };
  let changed = false;
  trustSignals(pact).forEach((s, i) => {
    const t = targets[i];
    const parent = s.path.slice(0, -1).reduce<Json | undefined>((o, k) => (isObject(o) ? o[k] : undefined), out);
    const key = s.path[s.path.length - 1]!;
    if (t === undefined || !isObject(parent)) return;
    const next = typeof t === 'boolean' ? s.field.trust === 'true' : t;
    if (parent[key] !== next) {
      (parent as { [key: string]: Json })[key] = next;
      changed = true;
    }
  });
  return changed ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// The generator

const ABSENT: unique symbol = Symbol('absent');
const MUTATIONS = ['delete', 'null', 'type', 'outsider'] as const;
type Mutation = (typeof MUTATIONS)[number];

/** The whole pact's seeds and its tests' example values, mined once per pact (generators only read them). */
const MINED = new WeakMap<CheckedPact, { readonly mined: Mined; readonly examples: Map<string, Seed[]> }>();

function minedOnce(pact: CheckedPact): { readonly mined: Mined; readonly examples: Map<string, Seed[]> } {
  let m = MINED.get(pact);
  if (!m) {
    m = { mined: mineSeeds(pact), examples: exampleSeeds(pact) };
    MINED.set(pact, m);
  }
  return m;
}

/** Builds generators for one pact: the mined seeds and the focus of `opts.conditions`. */
export function generator(pact: CheckedPact, opts: InputOptions): Generator {
  const mined = opts.seeds ? { seeds: new Map(opts.seeds), links: [] } : minedOnce(pact).mined;
  const examples = opts.seeds ? new Map<string, Seed[]>() : minedOnce(pact).examples;
  const schema = documentSchemas(pact).input;
  const conditions = opts.conditions ?? [];
  const maxLength = opts.maxLength ?? 4;
  const plainLinks = mined.links.map((link) => ({ link, weight: 1 }));
  if (conditions.length === 0 && !opts.secondary?.length) return new Generator(schema, mined.seeds, examples, new Map(), new Map(), plainLinks, maxLength);
  const focus = mineSeeds(pact, conditions, false);
  // Secondary conditions only speak for paths the primary ones do not mention.
  const secondary = mineSeeds(pact, opts.secondary ?? [], false);
  for (const [path, seeds] of secondary.seeds) if (!focus.seeds.has(path)) focus.seeds.set(path, seeds);
  for (const [path, present] of secondary.presence) if (!focus.presence.has(path)) focus.presence.set(path, present);
  // Optional fields the conditions are about are made present more often — or absent, when
  // they only test them with `not has`. A seeded path wants all its ancestors present.
  const presence = new Map<string, boolean>();
  const mark = (path: string, present: boolean): void => {
    for (let p = path; p !== ''; p = parentPath(p)) {
      if (!presence.has(p)) presence.set(p, present);
      present = true;
    }
  };
  for (const [path, present] of focus.presence) mark(path, present);
  for (const key of focus.seeds.keys()) mark(key, true);
  for (const l of focus.links) {
    mark(l.from, true);
    mark(l.to, true);
  }
  // Links the conditions want to hold are made most of the time; those they want broken never.
  const links = [...focus.links.map((link) => ({ link, weight: link.holds === false ? 0 : 8 })), ...plainLinks];
  return new Generator(schema, mined.seeds, examples, focus.seeds, presence, links, maxLength);
}

/** Arbitraries for values of a pact's types at given paths. */
export class Generator {
  constructor(
    private readonly schema: DocumentSchema,
    private readonly seeds: Seeds,
    private readonly examples: Seeds,
    private readonly focus: Seeds,
    private readonly presence: ReadonlyMap<string, boolean>,
    private readonly links: readonly { readonly link: Link; readonly weight: number }[],
    private readonly maxLength: number,
  ) {}

  /** A whole input document; links between compared paths are sometimes made to hold. */
  input(): fc.Arbitrary<JsonObject> {
    const base = this.record(this.schema.type, '');
    const links = this.links.filter((l) => l.weight > 0);
    if (links.length === 0) return base;
    const switches = links.map((l) => fc.oneof({ withCrossShrink: true }, { weight: 2, arbitrary: fc.constant(false) }, { weight: l.weight, arbitrary: fc.constant(true) }));
    return fc.tuple(base, ...switches).map(([x, ...on]) => {
      let out = x;
      links.forEach((l, i) => {
        if (on[i]) out = applyLink(out, l.link, this.schema);
      });
      return out;
    });
  }

  /** A record value with its optional fields sometimes absent or `null`. */
  record(rec: RecordType, path: string): fc.Arbitrary<JsonObject> {
    const fields = rec.fields.map((f): fc.Arbitrary<Json | typeof ABSENT> => {
      const p = extendPath(path, f.name);
      const v = this.value(f.type, p, f);
      if (!f.optional) return v;
      const bias = this.presence.get(p);
      return fc.oneof(
        { withCrossShrink: true },
        { weight: bias === false ? 12 : 2, arbitrary: fc.constant(ABSENT) },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: bias === true ? 16 : 5, arbitrary: v },
      );
    });
    return fc.tuple(...fields).map((vs) => {
      const o: { [key: string]: Json } = {};
      rec.fields.forEach((f, i) => {
        const v = vs[i];
        if (v !== ABSENT && v !== undefined) o[f.name] = v;
      });
      return o;
    });
  }

  /** A value of `type` at input path `path` (see the file header). */
  value(type: Type, path: string, field?: FieldType): fc.Arbitrary<Json> {
    switch (type.kind) {
      case 'record':
        return this.record(type, path);
      case 'set':
      case 'list': {
        const elem = this.value(type.element, extendPath(path, '[]'));
        // A set cannot be longer than its element type has values (`set<E>` of a one-member
        // enum holds at most one): asking fast-check for more would never finish.
        const most = type.kind === 'set' ? distinctValues(type.element) : Infinity;
        const lengths = this.lengths(path).filter((n) => n <= most);
        const arr = (min: number, max: number): fc.Arbitrary<Json[]> =>
          type.kind === 'set' ? fc.uniqueArray(elem, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) }) : fc.array(elem, { minLength: min, maxLength: max });
        const generic = arr(0, Math.min(this.maxLength, most));
        if (lengths.length === 0) return generic;
        return fc.oneof({ withCrossShrink: true }, generic, ...lengths.map((n) => arr(n, n)));
      }
      case 'bool':
        return fc.boolean();
      case 'enum': {
        const focus = expandSeeds(this.focus.get(path) ?? [], type, undefined, true);
        const all = fc.constantFrom(...type.members);
        const byMember = (a: Json, b: Json): number => type.members.indexOf(a as string) - type.members.indexOf(b as string);
        return focus.length === 0 ? all : fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: all }, { weight: 4, arbitrary: new Pool(focus, type.members[0], [], byMember) });
      }
      case 'int':
      case 'number':
      case 'duration':
      case 'string':
        return this.leaf(type, path, field);
      case 'error':
        throw new Error(`internal: the schema at \`${path}\` has a type error`);
    }
  }

  private leaf(type: Type, path: string, field: FieldType | undefined): fc.Arbitrary<Json> {
    const focus = expandSeeds(this.focus.get(path) ?? [], type, field, true);
    const seeded = expandSeeds(this.seeds.get(path) ?? [], type, field).filter((v) => !focus.includes(v));
    if (field?.range && type.kind !== 'string') for (const b of field.range) if (!seeded.includes(b) && !focus.includes(b)) seeded.push(b);
    const examples = expandSeeds(this.examples.get(path) ?? [], type, field).filter((v) => !focus.includes(v) && !seeded.includes(v));
    // Elements are drawn several times per collection, so their seeds are drawn less often
    // each: `"frozen" in tags` should not hold for most inputs.
    const element = path.includes('[]');
    // Generic values come first: fast-check shrinks a choice towards its first option, so a
    // counterexample keeps a seed only where a plain value (`""`, 0) would not fail. The pools
    // of seeds shrink towards that plain value too, then towards their simpler members.
    const parts: fc.WeightedArbitrary<Json>[] = [{ weight: focus.length > 0 ? 1 : element ? 4 : 2, arbitrary: this.generic(type, path, field) }];
    const plain = simplestValue(type, field);
    const all = [...focus, ...seeded, ...examples];
    if (focus.length > 0) parts.push({ weight: 8, arbitrary: new Pool(focus, plain, all) });
    if (seeded.length > 0) parts.push({ weight: focus.length > 0 ? 1 : 2, arbitrary: new Pool(seeded, plain, all) });
    if (examples.length > 0) parts.push({ weight: 1, arbitrary: new Pool(examples, plain, all) });
    return parts.length === 1 ? parts[0]!.arbitrary : fc.oneof({ withCrossShrink: true }, ...parts);
  }

  private generic(type: Type, path: string, field: FieldType | undefined): fc.Arbitrary<Json> {
    const range = field?.range;
    switch (type.kind) {
      case 'int':
        if (range) return fc.integer({ min: Math.ceil(range[0]), max: Math.floor(range[1]) });
        return fc.oneof({ withCrossShrink: true }, fc.integer({ min: 0, max: 10 }), fc.integer({ min: -1000, max: 1_000_000 }));
      case 'duration':
        if (range) return fc.integer({ min: Math.ceil(range[0]), max: Math.floor(range[1]) });
        return fc.oneof({ withCrossShrink: true }, fc.constantFrom(0, 60, 3600, 86400), fc.integer({ min: 0, max: 400 * 86400 }), fc.integer({ min: -86400, max: -1 }));
      case 'number':
        if (range) {
          const [lo, hi] = range;
          return fc.oneof(
            { withCrossShrink: true },
            fc.integer({ min: Math.ceil(lo * 100), max: Math.floor(hi * 100) }).map((n) => clamp(n / 100, lo, hi)),
            fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
          );
        }
        return fc.oneof(
          { withCrossShrink: true },
          fc.integer({ min: -100, max: 100_000 }),
          fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
        );
      case 'string': {
        const lengths = this.lengths(path);
        const generic = fc.oneof({ withCrossShrink: true }, { weight: 6, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) });
        if (lengths.length === 0) return generic;
        return fc.oneof({ withCrossShrink: true }, generic, ...lengths.map((n) => fc.string({ minLength: n, maxLength: n })));
      }
      default:
        throw new Error(`internal: no leaf generator for ${type.kind}`);
    }
  }

  /** Length seeds of a string or collection path, as small non-negative whole numbers. */
  private lengths(path: string): number[] {
    const all = [...(this.focus.get(path) ?? []), ...(this.seeds.get(path) ?? [])];
    const out = new Set<number>();
    for (const s of all) {
      if (s.kind !== 'length') continue;
      for (const n of [Math.floor(s.value) - 1, Math.floor(s.value), Math.ceil(s.value), Math.ceil(s.value) + 1]) if (n >= 0 && n <= 32) out.add(n);
    }
    return [...out];
  }
}

/** How many distinct values a type has (Infinity for strings, numbers and lists). */
function distinctValues(type: Type): number {
  switch (type.kind) {
    case 'bool':
      return 2;
    case 'enum':
      return type.members.length;
    case 'record':
      // An optional field may also be absent or null.
      return type.fields.reduce((n, f) => n * (distinctValues(f.type) + (f.optional ? 2 : 0)), 1);
    case 'set':
      return distinctValues(type.element) <= 20 ? 2 ** distinctValues(type.element) : Infinity;
    default:
      return Infinity;
  }
}

/**
 * Copies the value at `link.from` to `link.to` (into the collection at `to` for `member`; an
 * element path reads and writes element 0). Returns `input` unchanged when either end is
 * absent or the copy would not conform (an `int` receiving a fraction, a `@range`).
 */
function applyLink(input: JsonObject, link: Link, schema: DocumentSchema): JsonObject {
  const value = getPath(input, link.from);
  if (value === undefined) return input;
  const copy = structuredClone(input) as { [key: string]: Json };
  if (link.kind === 'member') {
    const arr = getPath(copy, link.to);
    if (!Array.isArray(arr)) return input;
    if (arr.length === 0) (arr as Json[]).push(value);
    else (arr as Json[])[0] = value;
  } else if (!setPath(copy, link.to, value)) {
    return input;
  }
  return validate(copy, schema).length === 0 ? copy : input;
}

/**
 * A copy of `input` with `value` at the input path `path` (an element path writes element 0);
 * `input` itself when the value is already there; undefined when the path's parent is absent
 * (or not a record, or an empty collection). The copy is not validated: `value` should be of
 * the field's type.
 */
export function withValueAt(input: JsonObject, path: string, value: Json): JsonObject | undefined {
  if (JSON.stringify(getPath(input, path)) === JSON.stringify(value)) return input;
  const copy = structuredClone(input) as { [key: string]: Json };
  return setPath(copy, path, value) ? copy : undefined;
}

/** Splits `a.b[].c` into `['a', 'b', 0, 'c']` (elements as index 0). */
function segments(path: string): (string | number)[] {
  return path.split('.').flatMap((s) => {
    const out: (string | number)[] = [s.replace(/(\[\])+$/, '')];
    for (let rest = s; rest.endsWith('[]'); rest = rest.slice(0, -2)) out.push(0);
    return out;
  });
}

function getPath(root: Json, path: string): Json | undefined {
  let cur: Json | undefined = root;
  for (const k of segments(path)) {
    if (typeof k === 'number' ? !Array.isArray(cur) : !isObject(cur)) return undefined;
    cur = (cur as Record<string | number, Json>)[k];
  }
  return cur === null ? undefined : cur;
}

function setPath(root: Json, path: string, value: Json): boolean {
  const keys = segments(path);
  const parent = getPath(root, keys.length <= 1 ? '' : path.replace(/(\.[^.]*|\[\])$/, ''));
  const last = keys[keys.length - 1];
  const container = keys.length <= 1 ? root : parent;
  if (last === undefined) return false;
  if (typeof last === 'number' ? !Array.isArray(container) || container.length === 0 : !isObject(container)) return false;
  (container as Record<string | number, Json>)[last] = value;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Malformed inputs

/** A place in a value with the schema that governs it. */
interface Site {
  readonly parent: { [key: string]: Json } | Json[];
  readonly key: string | number;
  readonly type: Type;
  readonly field: FieldType | undefined;
}

/** Every present place of `value` under `type`, depth first. */
function sites(value: Json, type: Type, out: Site[] = []): Site[] {
  if (type.kind === 'record' && isObject(value)) {
    for (const f of type.fields) {
      const v = value[f.name];
      if (v === undefined || v === null) continue;
      out.push({ parent: value as { [key: string]: Json }, key: f.name, type: f.type, field: f });
      sites(v, f.type, out);
    }
  } else if ((type.kind === 'set' || type.kind === 'list') && Array.isArray(value)) {
    value.forEach((v: Json, i) => {
      out.push({ parent: value as Json[], key: i, type: type.element, field: undefined });
      sites(v, type.element, out);
    });
  }
  return out;
}

/** Breaks the `site`-th place of a copy of `input` the way `how` says (`pick` chooses among variants). */
function mutate(input: JsonObject, type: RecordType, site: number, how: Mutation, pick: number): unknown {
  const copy = structuredClone(input) as Json;
  const all = sites(copy, type);
  if (all.length === 0) return pick % 2 === 0 ? undefined : [];
  const s = all[site % all.length]!;
  const set = (v: Json | undefined): void => {
    if (Array.isArray(s.parent)) s.parent[s.key as number] = v === undefined ? null : v;
    else if (v === undefined) delete s.parent[s.key as string];
    else s.parent[s.key as string] = v;
  };
  const optional = s.field?.optional === true;
  switch (how) {
    case 'delete':
      set(optional ? wrongType(s.type, pick) : undefined);
      break;
    case 'null':
      set(optional ? wrongType(s.type, pick) : null);
      break;
    case 'type':
      set(wrongType(s.type, pick));
      break;
    case 'outsider':
      set(outsider(s.type, s.field, pick));
      break;
  }
  return copy;
}

/** A value of another JSON type than `type` wants. */
function wrongType(type: Type, pick: number): Json {
  const candidates: Json[] =
    type.kind === 'string' || type.kind === 'enum'
      ? [42, true, ['x']]
      : type.kind === 'bool'
        ? ['true', 1, null]
        : type.kind === 'record'
          ? [[], 'object', 7]
          : type.kind === 'set' || type.kind === 'list'
            ? [{}, 'list', 3]
            : ['1', true, [1]];
  return candidates[pick % candidates.length]!;
}

/** A value of the right JSON type that is still wrong: enum outsiders, out of range, fractions. */
function outsider(type: Type, field: FieldType | undefined, pick: number): Json {
  if (type.kind === 'enum') {
    const m = type.members[pick % type.members.length] ?? 'x';
    return [`${m}_x`, m.toUpperCase() === m ? `${m}x` : m.toUpperCase(), ''][pick % 3]!;
  }
  if (field?.range && (type.kind === 'int' || type.kind === 'number' || type.kind === 'duration')) {
    const [lo, hi] = field.range;
    const d = type.kind === 'number' && hi - lo <= 10 ? 0.01 : 1;
    return pick % 2 === 0 ? beside(lo, -d) : beside(hi, d);
  }
  if (type.kind === 'int') return 0.5 + (pick % 3);
  return wrongType(type, pick);
}

// ---------------------------------------------------------------------------------------------
// Pools of literal values

/**
 * A uniform choice among literal values (the seeds of a path) that shrinks towards the simplest
 * value. `fc.constantFrom` shrinks a value towards the first of its list only, and
 * cross-shrinking in a `oneof` tries one random value of the generic option, so a counterexample
 * could keep `size: 65536` where `0` fails as well, or `score: 0.7` where 0.3 would do. A pool
 * shrinks a value along a *ladder*, simplest first (see {@link simpler}): the type's simplest
 * value (`plain`: 0 or the `@range` bound nearest it, `""`, an enum's first member), then its
 * own values and `related` ones (the path's other seeds) that are simpler than it.
 */
class Pool extends fc.Arbitrary<Json> {
  private readonly values: readonly Json[];
  private readonly ladder: readonly Json[];

  constructor(values: readonly Json[], plain: Json | undefined, related: readonly Json[] = [], order: (a: Json, b: Json) => number = simpler) {
    super();
    this.values = values;
    const rest = [...new Set([...values, ...related])].filter((v) => v !== plain).sort(order);
    this.ladder = plain === undefined ? rest : [plain, ...rest];
  }

  generate(mrng: fc.Random): fc.Value<Json> {
    return new fc.Value(this.values[mrng.nextInt(0, this.values.length - 1)]!, undefined);
  }

  canShrinkWithoutContext(v: unknown): v is Json {
    return this.ladder.some((x) => x === v);
  }

  shrink(v: Json): fc.Stream<fc.Value<Json>> {
    const i = this.ladder.indexOf(v);
    return fc.Stream.of(...this.ladder.slice(0, Math.max(i, 0)).map((x) => new fc.Value(x, undefined)));
  }
}

/**
 * Orders literal values simplest first: numbers with fewer significant digits first (0, then
 * 5000 before 4999 and 0.8 before 0.79), then nearer 0, then positive before negative; strings
 * shorter first, then by code point; other values as given.
 */
export function simpler(a: Json, b: Json): number {
  if (typeof a === 'number' && typeof b === 'number') return digits(a) - digits(b) || Math.abs(a) - Math.abs(b) || b - a;
  if (typeof a === 'string' && typeof b === 'string') return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return 0;
}

/** The significant digits of a number: 0 for 0, 1 for 5000 and 0.3, 4 for 4999. */
export function digits(v: number): number {
  return v === 0 ? 0 : Math.abs(v).toExponential().split('e')[0]!.replace('.', '').length;
}

/** The simplest value of a leaf type: 0 (or the `@range` bound nearest it), `""`. */
export function simplestValue(type: Type, field: FieldType | undefined): Json | undefined {
  if (type.kind === 'string') return '';
  if (type.kind !== 'int' && type.kind !== 'number' && type.kind !== 'duration') return undefined;
  const [lo, hi] = field?.range ?? [-Infinity, Infinity];
  const whole = type.kind !== 'number';
  const v = 0 < lo ? (whole ? Math.ceil(lo) : lo) : 0 > hi ? (whole ? Math.floor(hi) : hi) : 0;
  return v >= lo && v <= hi ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Variants of a string constant, each with whether it satisfies the use. */
function stringVariants(v: string, use: StringUse): [string, boolean][] {
  const candidates =
    use === 'exact'
      ? [v, `${v}x`]
      : use === 'caseless'
        ? [v, v.toUpperCase(), v.charAt(0).toUpperCase() + v.slice(1), `${v}x`]
        : use === 'glob'
          ? [fill(v, ''), fill(v, 'xy'), `!${fill(v, '')}`, `${fill(v, '')}!`]
          : [v, `${v}x`, `x${v}`, `x${v}x`, v.slice(1), v.slice(0, -1)];
  const satisfies = (s: string): boolean => {
    switch (use) {
      case 'exact':
        return s === v;
      case 'prefix':
        return s.startsWith(v);
      case 'suffix':
        return s.endsWith(v);
      case 'infix':
        return s.includes(v);
      case 'glob':
        return glob(s, v);
      case 'caseless':
        return lower(s) === v;
    }
  };
  const out: [string, boolean][] = [];
  for (const c of candidates) if (!out.some(([x]) => x === c)) out.push([c, satisfies(c)]);
  return out;
}

/** A glob's simplest instances: `*` replaced by `star`, `?` by `a`. */
function fill(pattern: string, star: string): string {
  return pattern.replace(/\*/g, star).replace(/\?/g, 'a');
}

/** The neighbour distance for a fractional seed: 0.01 in small ranges, else one more decimal. */
function step(v: number, range: readonly [number, number] | undefined): number {
  if (range && range[1] - range[0] <= 10) return 0.01;
  if (Number.isInteger(v)) return 1;
  const decimals = (String(v).split('.')[1] ?? '').length;
  return 10 ** -Math.min(decimals + 1, 9);
}

/**
 * `c + d`, rounded for print (float noise gone: 0.8 - 0.01 → 0.79, not 0.7900000000000001) but
 * always strictly on `d`'s side of `c`: rounding to fewer digits is kept only when the result
 * still differs from `c` on that side and stays within half a step of `c + d` (so `1e12 + 1`
 * stays `1000000000001`). When `c + d` is `c` itself (`1e300 + 1`), the next double on that
 * side. An integer `c` with an integer `d` gives an integer.
 */
export function beside(c: number, d: number): number {
  const x = c + d;
  if (x === c || !Number.isFinite(x)) return nextDouble(c, d > 0 ? 1 : -1);
  for (let p = 12; p < 17; p++) {
    const r = Number(x.toPrecision(p));
    if ((d > 0 ? r > c : r < c) && Math.abs(r - x) <= Math.abs(d) / 2) return r;
  }
  return x;
}

/** The next representable double after `v` towards +∞ (`dir` 1) or -∞ (-1); finite `v` only. */
function nextDouble(v: number, dir: 1 | -1): number {
  if (v === 0) return dir * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  // Away from zero the magnitude grows: the bit pattern goes up; towards zero it goes down.
  view.setBigUint64(0, (v > 0) === (dir > 0) ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

function inRange(v: number, range: readonly [number, number] | undefined): boolean {
  return Number.isFinite(v) && (!range || (v >= range[0] && v <= range[1]));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** True for a JSON object: not null, not an array. */
export function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
