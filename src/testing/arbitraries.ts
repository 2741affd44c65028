/**
 * Generation from the schema: fast-check arbitraries for a pact's input and data documents.
 *
 * Conforming inputs are built by one recursive function over the checked input type
 * (`pact.input`, library fragments and the built-in `approval` included):
 *
 * - a record is a tuple of its fields mapped to an object; an optional field is absent, JSON
 *   `null` (which counts as absent, spec §3 and `eval/validate.ts`) or present — absent first,
 *   so fast-check shrinks a counterexample towards fewer fields;
 * - a leaf is a weighted choice between the *seeds* of its path (`literals.ts`: the constants
 *   the pact compares it with, expanded into neighbours by {@link expandSeeds}) and a generic
 *   generator for its type: bools, members of an enum, ints and numbers inside their `@range`
 *   (bounds included), durations as whole seconds, short strings, lists and sets (sets without
 *   duplicates) of up to four elements. With a property's `given`, the seeds of the `given`
 *   (and of the lets it reads) are drawn first and most often, so a selective `given` such as
 *   `category == "money_movement" and amount > 10000` holds for a good share of the inputs;
 * - `approval.role` is seeded with the roles of the escalate rules, so satisfied and
 *   unsatisfied escalations both happen.
 *
 * Choices use `fc.oneof` with cross-shrinking and seeds before generic values, so a shrunk
 * counterexample is made of the pact's own literals wherever one still fails.
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
 */
import fc from 'fast-check';
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, FieldType, Json, RecordType, Type } from '../check/types.js';
import { documentSchemas, validate } from '../eval/index.js';
import { extendPath, focusRoots, mineSeeds, type Seed, type Seeds, type StringUse } from './literals.js';

/** A JSON object. */
export type JsonObject = { readonly [key: string]: Json };

/** Options of {@link inputArbitrary}. */
export interface InputOptions {
  /** Bias generation towards inputs satisfying this condition (a property's `given`). */
  readonly given?: ast.Expr;
  /** Seeds to use instead of the ones mined from the pact. */
  readonly seeds?: Seeds;
  /** The longest list or set generated (default 4). */
  readonly maxLength?: number;
}

/** Arbitrary inputs that conform to `pact`'s input schema (see the file header). */
export function inputArbitrary(pact: CheckedPact, opts: InputOptions = {}): fc.Arbitrary<JsonObject> {
  return generator(pact, opts).record(pact.input, '');
}

/** Arbitrary inputs that do not conform to `pact`'s input schema; `undefined` is an absent input. */
export function malformedInputArbitrary(pact: CheckedPact, opts: InputOptions = {}): fc.Arbitrary<unknown> {
  const schema = documentSchemas(pact).input;
  const broken = fc
    .tuple(inputArbitrary(pact, opts), fc.nat(), fc.constantFrom(...MUTATIONS), fc.nat())
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
 * ranges), inside `@range`; for strings the constant and variants that do and do not satisfy
 * its use (`prefix` "p" → "p", "px", ""); for enums the members among the constants.
 */
export function expandSeeds(seeds: readonly Seed[], type: Type, field?: FieldType): Json[] {
  const out: Json[] = [];
  const push = (v: Json): void => {
    if (!out.some((o) => o === v)) out.push(v);
  };
  const range = field?.range;
  for (const s of seeds) {
    if (s.kind === 'number' && (type.kind === 'int' || type.kind === 'number' || type.kind === 'duration')) {
      const whole = type.kind !== 'number';
      const base = whole ? [Math.floor(s.value), Math.ceil(s.value)] : [s.value];
      const d = whole ? 1 : step(s.value, range);
      for (const b of base) for (const v of [b, round(b - d), round(b + d)]) if (inRange(v, range) && (!whole || Number.isInteger(v))) push(v);
    } else if (s.kind === 'string' && type.kind === 'string') {
      for (const v of stringVariants(s.value, s.use)) push(v);
    } else if (s.kind === 'string' && type.kind === 'enum' && type.members.includes(s.value)) {
      push(s.value);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generator

const ABSENT: unique symbol = Symbol('absent');
const MUTATIONS = ['delete', 'null', 'type', 'outsider'] as const;
type Mutation = (typeof MUTATIONS)[number];

/** Builds generators for one pact: the mined seeds and, for a property, the focus seeds. */
export function generator(pact: CheckedPact, opts: InputOptions): Generator {
  const seeds = opts.seeds ?? mineSeeds(pact);
  const focus = opts.given ? mineSeeds(pact, focusRoots(pact, opts.given), false) : new Map<string, Seed[]>();
  return new Generator(seeds, focus, opts.maxLength ?? 4);
}

/** Arbitraries for values of a pact's types at given paths. */
export class Generator {
  constructor(
    private readonly seeds: Seeds,
    private readonly focus: Seeds,
    private readonly maxLength: number,
  ) {}

  /** A record value with its optional fields sometimes absent or `null`. */
  record(rec: RecordType, path: string): fc.Arbitrary<JsonObject> {
    const fields = rec.fields.map((f): fc.Arbitrary<Json | typeof ABSENT> => {
      const v = this.value(f.type, extendPath(path, f.name), f);
      if (!f.optional) return v;
      return fc.oneof(
        { withCrossShrink: true },
        { weight: 2, arbitrary: fc.constant(ABSENT) },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 5, arbitrary: v },
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
        const lengths = this.lengths(path);
        const arr = (min: number, max: number): fc.Arbitrary<Json[]> =>
          type.kind === 'set' ? fc.uniqueArray(elem, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) }) : fc.array(elem, { minLength: min, maxLength: max });
        const generic = arr(0, this.maxLength);
        if (lengths.length === 0) return generic;
        return fc.oneof({ withCrossShrink: true }, generic, ...lengths.map((n) => arr(n, n)));
      }
      case 'bool':
        return fc.boolean();
      case 'enum': {
        const focus = expandSeeds(this.focus.get(path) ?? [], type);
        const all = fc.constantFrom(...type.members);
        return focus.length === 0 ? all : fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constantFrom(...focus) }, { weight: 2, arbitrary: all });
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
    const focus = expandSeeds(this.focus.get(path) ?? [], type, field);
    const seeded = expandSeeds(this.seeds.get(path) ?? [], type, field).filter((v) => !focus.includes(v));
    if (field?.range && type.kind !== 'string') for (const b of field.range) if (!seeded.includes(b) && !focus.includes(b)) seeded.push(b);
    const parts: fc.WeightedArbitrary<Json>[] = [];
    if (focus.length > 0) parts.push({ weight: 6, arbitrary: fc.constantFrom(...focus) });
    if (seeded.length > 0) parts.push({ weight: 3, arbitrary: fc.constantFrom(...seeded) });
    parts.push({ weight: 2, arbitrary: this.generic(type, path, field) });
    return parts.length === 1 ? parts[0]!.arbitrary : fc.oneof({ withCrossShrink: true }, ...parts);
  }

  private generic(type: Type, path: string, field: FieldType | undefined): fc.Arbitrary<Json> {
    const range = field?.range;
    switch (type.kind) {
      case 'int':
        if (range) return fc.integer({ min: Math.ceil(range[0]), max: Math.floor(range[1]) });
        return fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: -1000, max: 1_000_000 }));
      case 'duration':
        if (range) return fc.integer({ min: Math.ceil(range[0]), max: Math.floor(range[1]) });
        return fc.oneof(fc.constantFrom(0, 60, 3600, 86400), fc.integer({ min: 0, max: 400 * 86400 }), fc.integer({ min: -86400, max: -1 }));
      case 'number':
        if (range) {
          const [lo, hi] = range;
          return fc.oneof(
            fc.integer({ min: Math.ceil(lo * 100), max: Math.floor(hi * 100) }).map((n) => clamp(n / 100, lo, hi)),
            fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
          );
        }
        return fc.oneof(
          fc.integer({ min: -100, max: 100_000 }),
          fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
        );
      case 'string': {
        const lengths = this.lengths(path);
        const generic = fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) });
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
    return pick % 2 === 0 ? round(lo - d) : round(hi + d);
  }
  if (type.kind === 'int') return 0.5 + (pick % 3);
  return wrongType(type, pick);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function stringVariants(v: string, use: StringUse): string[] {
  switch (use) {
    case 'exact':
      return [v];
    case 'prefix':
      return [v, `${v}x`, v.slice(0, -1)];
    case 'suffix':
      return [v, `x${v}`, v.slice(1)];
    case 'infix':
      return [v, `x${v}x`, v.slice(1)];
    case 'caseless':
      return [v, v.toUpperCase(), v.charAt(0).toUpperCase() + v.slice(1)];
    case 'glob': {
      const fill = (star: string): string => v.replace(/\*/g, star).replace(/\?/g, 'a');
      return [fill(''), fill('xy'), `${fill('')}!`];
    }
  }
}

/** The neighbour distance for a fractional seed: 0.01 in small ranges, else one more decimal. */
function step(v: number, range: readonly [number, number] | undefined): number {
  if (range && range[1] - range[0] <= 10) return 0.01;
  if (Number.isInteger(v)) return 1;
  const decimals = (String(v).split('.')[1] ?? '').length;
  return 10 ** -Math.min(decimals + 1, 9);
}

/** Rounds away float noise (0.8 - 0.01 → 0.79). */
function round(v: number): number {
  return Number(v.toPrecision(12));
}

function inRange(v: number, range: readonly [number, number] | undefined): boolean {
  return Number.isFinite(v) && (!range || (v >= range[0] && v <= range[1]));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
