/**
 * Inputs and data for a generated pact (`pact-gen.ts`), for differential testing.
 *
 * Because the generator knows the schema it made, it can build documents that *conform* to it
 * and so reach the rules — the interesting part — and documents that do not, in every way spec
 * §5 step 2 names:
 *
 * - **Conforming values** are drawn per type, biased toward the pact's own literals and
 *   thresholds and their neighbours (±1, ±0.5, negated), range bounds, 0 and -0, decimals that
 *   do not add up (0.1, 0.2, 0.30000000000000004), large and tiny doubles (2^53 + 2, 1e21,
 *   5e-324), strings the pact compares with, strings its globs match (and barely miss), case
 *   variants for `lower`, unicode (astral, combining, special-cased letters) and, rarely, lone
 *   surrogates. Optional fields are present, absent or `null`; lists are empty or short;
 *   undeclared fields (including `__proto__` as an own key) are sprinkled in.
 * - **Non-conforming inputs** take a conforming one and break it at one random place: delete a
 *   required field, put `null` or a value of the wrong type (a string for a number, an array
 *   for an object, 1.5 for an int, a non-member for an enum), or go out of `@range`; or replace
 *   the whole input by `null`, an array, a string, or nothing at all (an absent input).
 * - **Approvals** use the rules' roles (and others), or are malformed.
 * - **Data**: the defaults; a patch (merged field by field, as hosts and tests do) that engages
 *   the kill switch (or sets it to something that is not a bool), revokes secrets the rules
 *   grant, moves numeric thresholds by ±1/±0.5, swaps set members, or puts malformed values;
 *   or a whole replacement document (fields missing, `null`, not an object).
 *
 * All values are plain JSON (no `NaN`, no `undefined` inside), because the Wasm engine receives
 * them through `JSON.stringify` and the reference as they are: anything JSON cannot carry would
 * be a difference of the harness, not of the engines.
 *
 * {@link arbCase} is built from fast-check combinators; {@link shrinkJson} gives the one-step
 * simplifications of any JSON value, used to minimise a failing case.
 */
import fc from 'fast-check';
import { MAX_NESTING } from '../../src/decision/index.js';
import type { Json } from '../../src/check/types.js';
import { globInstances, pactLiterals, STRINGS, ROLES, type FieldSpec, type GenPact, type Ty } from './pact-gen.js';

/** How the data document of a case is built. */
export type DataArg =
  | { readonly kind: 'defaults' }
  /** Merged over the defaults field by field (`mergeData`). */
  | { readonly kind: 'patch'; readonly value: unknown }
  /** The whole data document. */
  | { readonly kind: 'document'; readonly value: unknown };

/** One input (undefined = absent) and data for a pact. */
export interface DiffCase {
  /** The input document; with `raw`, what `JSON.parse(raw)` gives (undefined if it throws). */
  readonly input: unknown;
  /**
   * The input as JSON text, handed to the Wasm host as bytes (an `ArrayBuffer`, as hosts that
   * receive JSON over the wire do): `applyRaw(value, transform)`. Text `JSON.parse` rejects is
   * "not JSON at all" (spec §5), which the reference sees as an absent input.
   */
  readonly raw?: { readonly text: string; readonly value: unknown; readonly transform: RawTransform };
  readonly data: DataArg;
}

/** Sets an own property (never the prototype, even for `__proto__`). */
function put(o: { [k: string]: unknown }, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A plain object from entries, `__proto__` included as an own key. */
export function objectOf(entries: readonly (readonly [string, unknown])[]): { [k: string]: unknown } {
  const o: { [k: string]: unknown } = {};
  for (const [k, v] of entries) put(o, k, v);
  return o;
}

const EXTRA_NUMBERS = [0, -0, 1, -1, 0.1, 0.2, 0.30000000000000004, 0.5, 2 ** 53, 2 ** 53 + 2, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, -1e9, 123.456, 86400, 3600, 300];
const EXTRA_STRINGS = ['İ', 'i̇', 'ΣΣ', 'Ǆǅǆ', 'ＡＢＣ', 'ABC', 'abc', 'ß', 'ẞ', '𐐀𐐨', 'Ⴀ', 'ᲀ', 'ǰ', 'ﬃ', 'Å', 'Å', '\u2028', '"', '\\', '/', '\u007f', '\u0085', 'e\u0301', '🏳️‍🌈', 'a'.repeat(40)];
const LONE = ['\ud800', 'a\udc00b', '\udbff\udfff', '\ud83d'];

/** True when `s` holds an unpaired UTF-16 surrogate. */
export function isLone(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

function numberPool(lits: readonly number[]): number[] {
  const out = new Set<number>(EXTRA_NUMBERS);
  for (const n of lits) for (const d of [0, 1, -1, 0.5, -0.5]) out.add(n + d);
  for (const n of lits) out.add(-n);
  return [...out].filter((n) => Number.isFinite(n));
}

function stringPool(lits: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of lits) {
    out.add(s);
    out.add(s.toUpperCase());
    out.add(s.toLowerCase());
    out.add(`${s}x`);
    out.add(`x${s}`);
    out.add(s.slice(1));
  }
  for (const s of STRINGS) out.add(s);
  for (const s of EXTRA_STRINGS) out.add(s);
  return [...out];
}

/** Options of {@link arbCase}. */
export interface CaseOptions {
  /** Input and data strings with unpaired UTF-16 surrogates (`"\ud800"` in the JSON text). Default true. */
  readonly loneInputs?: boolean;
  /** Undeclared keys named like `Object.prototype` members (`__proto__`, `constructor`). Default true. */
  readonly protoKeys?: boolean;
  /** Inputs given as JSON text (spellings, duplicate keys, whitespace, malformed text). Default true. */
  readonly rawText?: boolean;
  /** Raw text that is a JSON value followed by more bytes (not JSON). Default true. */
  readonly trailingBytes?: boolean;
  /** Undeclared values nested about 2048 deep (around the Wasm parser's limit). Default true. */
  readonly deepNesting?: boolean;
}

/** Pools of values a pact's inputs draw from. */
interface Pools {
  readonly lone: readonly string[];
  readonly extraKeys: readonly string[];
  readonly numbers: readonly number[];
  readonly ints: readonly number[];
  readonly strings: readonly string[];
  readonly roles: readonly string[];
  readonly secrets: readonly string[];
}

function poolsOf(gp: GenPact, opts: CaseOptions): Pools {
  const lits = pactLiterals(gp);
  const numbers = numberPool(lits.numbers);
  const lone = opts.loneInputs ?? true;
  const strings = stringPool([...lits.strings, ...lits.strings.flatMap(globInstances)]).filter((s) => lone || !isLone(s));
  return {
    lone: lone ? LONE : [],
    extraKeys: (opts.protoKeys ?? true) ? ['extra', '__proto__', 'constructor', 'Tool', 'toString', ''] : ['extra', 'Tool', ''],
    numbers,
    ints: [...new Set(numbers.map((n) => Math.trunc(n)).filter((n) => Number.isSafeInteger(n) || Math.abs(n) < 1e300))],
    strings,
    roles: [...new Set([...lits.roles, ...ROLES.slice(0, 4)])],
    secrets: [...new Set([...lits.secrets, 'stripe', 'other'])],
  };
}

const weightedOneof = <T>(...xs: readonly (readonly [number, fc.Arbitrary<T>])[]): fc.Arbitrary<T> =>
  fc.oneof(...xs.filter(([w]) => w > 0).map(([w, arbitrary]) => ({ weight: Math.round(w * 10), arbitrary })));

/** A conforming value of type `t` (the field's `@range` respected when given). */
function valueArb(t: Ty, field: FieldSpec | undefined, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  const range = field?.range;
  switch (t.k) {
    case 'bool':
      return fc.boolean();
    case 'int':
    case 'number':
    case 'duration': {
      const base = t.k === 'int' ? pools.ints : pools.numbers;
      const inRange = (n: number): boolean => !range || (n >= range.lo && n <= range.hi);
      const pool = base.filter(inRange);
      const rangeVals = range ? [range.lo, range.hi, (range.lo + range.hi) / 2].filter((n) => t.k !== 'int' || Number.isInteger(n)) : [];
      const ints = fc.integer({ min: range ? Math.ceil(Math.max(range.lo, -1e6)) : -20, max: range ? Math.floor(Math.min(range.hi, 1e6)) : 20 });
      return weightedOneof<number>(
        [pool.length > 0 ? 6 : 0, fc.constantFrom(...(pool.length > 0 ? pool : [0]))],
        [rangeVals.length > 0 ? 2 : 0, fc.constantFrom(...(rangeVals.length > 0 ? rangeVals : [0]))],
        [2, ints.filter(inRange)],
        [t.k === 'int' ? 0 : 1, fc.double({ min: range?.lo ?? -1e4, max: range?.hi ?? 1e4, noNaN: true, noDefaultInfinity: true })],
      );
    }
    case 'string':
      return weightedOneof<string>(
        [10, fc.constantFrom(...pools.strings)],
        [2, fc.string({ maxLength: 4 })],
        [1, fc.string({ unit: 'binary', maxLength: 4 }).filter((x) => pools.lone.length > 0 || !isLone(x))],
        [0.1, fc.tuple(fc.constantFrom(...pools.strings), fc.integer({ min: 1000, max: 70000 })).map(([x, n]) => x.repeat(Math.ceil(n / Math.max(1, x.length))))],
        [pools.lone.length > 0 ? 0.3 : 0, fc.constantFrom(...LONE)],
      );
    case 'enum':
      return fc.constantFrom(...t.members);
    case 'list':
    case 'set': {
      const small = fc.array(valueArb(t.el, undefined, pools, depth + 1), { maxLength: depth > 1 ? 2 : 4 });
      // Now and then a long one (heap growth in the Wasm, long scans in quantifiers).
      const long = fc.tuple(small, fc.integer({ min: 100, max: 3000 })).map(([xs, n]) => (xs.length === 0 ? xs : Array.from({ length: n }, (_, i) => xs[i % xs.length])));
      return weightedOneof<unknown[]>([50, small], [depth === 0 ? 1 : 0, long]);
    }
    case 'record':
      return recordArb(t.fields, pools, depth + 1);
  }
}

/** A conforming record: required fields, optional ones present, absent or null, maybe extras. */
function recordArb(fields: readonly FieldSpec[], pools: Pools, depth: number): fc.Arbitrary<{ [k: string]: unknown }> {
  const parts = fields.map((f) => {
    const v = valueArb(f.ty, f, pools, depth);
    return f.optional
      ? weightedOneof<readonly [string, unknown] | undefined>(
          [5, v.map((x) => [f.name, x] as const)],
          [4, fc.constant(undefined)],
          [1, fc.constant([f.name, null] as const)],
        )
      : v.map((x) => [f.name, x] as const);
  });
  const extra = fc.option(
    fc.tuple(fc.constantFrom(...pools.extraKeys), fc.constantFrom<unknown>(1, 'x', null, [], {})),
    { freq: 8 },
  );
  return fc.tuple(fc.tuple(...parts), extra).map(([entries, x]) => {
    const es = entries.filter((e): e is readonly [string, unknown] => e !== undefined);
    if (x && !fields.some((f) => f.name === x[0])) es.push(x);
    return objectOf(es);
  });
}

// ---------------------------------------------------------------------------------------------
// Breaking a conforming value

/** Every path into a JSON value (object keys and array indices), the root included. */
function paths(v: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [[...prefix]];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push(...paths((v as Record<string, unknown>)[k], [...prefix, k]));
  return out;
}

/** A deep copy that keeps `__proto__` own keys. */
export function copyJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** `v` with the value at `path` replaced (`undefined` deletes an object key). */
function setAt(v: unknown, path: readonly (string | number)[], x: unknown): unknown {
  if (path.length === 0) return x;
  const out = copyJson(v) as Record<string | number, unknown>;
  let cur = out;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i] as string] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (x === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else if (Array.isArray(cur)) cur[last as number] = x;
  else put(cur as { [k: string]: unknown }, String(last), x);
  return out;
}

const WRONG: readonly unknown[] = ['x', '', 1, 1.5, -1, 0, true, false, null, [], [1], {}, { a: 1 }, 1e300, '1'];

/** A conforming value broken at one place (or left alone when `v` has no inner paths). */
function breakArb(v: unknown): fc.Arbitrary<unknown> {
  const ps = paths(v);
  return fc.tuple(fc.constantFrom(...ps), fc.constantFrom<unknown>(undefined, ...WRONG)).map(([p, x]) => setAt(v, p, x));
}

// ---------------------------------------------------------------------------------------------
// Cases

function approvalArb(pools: Pools): fc.Arbitrary<unknown> {
  return weightedOneof<unknown>(
    [6, fc.record({ by: fc.constantFrom('alice', 'bob', ''), role: fc.constantFrom(...pools.roles, 'nobody', 'OPS') })],
    [1, fc.constant(null)],
    [1, fc.constantFrom<unknown>({ by: 'alice' }, { role: 'ops' }, { by: 1, role: 'ops' }, 'ops', [], { by: 'a', role: null })],
  );
}

/** A value nested `n` deep (arrays or objects), for an undeclared field. */
function nested(n: number, objects: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = objects ? { k: v } : [v];
  return v;
}

/** How raw JSON text is made from a value (kept so that a shrunk value can be re-spelled). */
export type RawTransform =
  /** Integers as `1.0`, spaced-out commas, lower-case initials as `\u00XX` escapes. */
  | { readonly k: 'respell' }
  /** A key of the top-level object given twice; JSON.parse keeps the last value. */
  | { readonly k: 'dup'; readonly key: string; readonly value: unknown; readonly before: boolean }
  /** Text around the value: whitespace, a BOM, trailing bytes (not JSON). */
  | { readonly k: 'wrap'; readonly before: string; readonly after: string }
  /** Every `/` escaped as `\/`. */
  | { readonly k: 'slash' }
  /** Malformed: last byte cut, first `:` doubled, a trailing comma inside the object. */
  | { readonly k: 'cut' | 'colon' | 'comma' }
  /** Fixed text, not derived from the value. */
  | { readonly k: 'text'; readonly text: string };

/** The JSON text `t` makes of `v`. */
export function applyRaw(v: unknown, t: RawTransform): string {
  const text = JSON.stringify(v) ?? '';
  const isObject = v !== null && typeof v === 'object' && !Array.isArray(v);
  switch (t.k) {
    case 'respell':
      return text
        .replace(/:(-?\d+)(?=[,}\]])/g, (_, n: string) => `:${n}.0`)
        .replace(/,/g, ' ,\n\t')
        .replace(/"([a-z])/g, (_, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`);
    case 'dup': {
      if (!isObject || !Object.hasOwn(v, t.key)) return text;
      const extra = `${JSON.stringify(t.key)}:${JSON.stringify(t.value)}`;
      if (text === '{}') return `{${extra}}`;
      return t.before ? `{${extra},${text.slice(1)}` : `${text.slice(0, -1)},${extra}}`;
    }
    case 'wrap':
      return `${t.before}${text}${t.after}`;
    case 'slash':
      return text.replace(/\//g, '\\/');
    case 'cut':
      return text.slice(0, -1);
    case 'colon':
      return text.replace(/:/, '::');
    case 'comma':
      return isObject && text !== '{}' ? `${text.slice(0, -1)},}` : isObject ? '{,}' : `[${text},]`;
    case 'text':
      return t.text;
  }
}

/** A way to spell a value as JSON text (see {@link RawTransform}). */
function transformArb(v: unknown, pools: Pools, opts: CaseOptions): fc.Arbitrary<RawTransform> {
  const keys = v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
  return weightedOneof<RawTransform>(
    [3, fc.constant({ k: 'respell' } as const)],
    [
      keys.length > 0 ? 3 : 0,
      fc
        .tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), fc.constantFrom<unknown>(...WRONG, ...pools.strings.slice(0, 3)), fc.boolean())
        .map(([key, value, before]) => ({ k: 'dup', key, value, before }) as const),
    ],
    [1, fc.constantFrom<RawTransform>({ k: 'wrap', before: ' \t\r\n', after: '\n' }, { k: 'slash' })],
    [
      2,
      fc.constantFrom<RawTransform>(
        { k: 'cut' },
        { k: 'colon' },
        { k: 'comma' },
        { k: 'wrap', before: '\ufeff', after: '' },
        { k: 'text', text: '' },
        { k: 'text', text: ' ' },
        { k: 'text', text: 'nul' },
      ),
    ],
    [
      opts.trailingBytes ?? true ? 1 : 0,
      fc.constantFrom<RawTransform>({ k: 'wrap', before: '', after: ' x' }, { k: 'wrap', before: '', after: '\u0000' }, { k: 'wrap', before: '', after: ']' }, { k: 'wrap', before: '', after: '{}' }),
    ],
  );
}

/** The input document of a case. */
function inputArb(gp: GenPact, pools: Pools, opts: CaseOptions): fc.Arbitrary<unknown> {
  const conforming = fc
    .tuple(recordArb(gp.input, pools, 0), fc.option(approvalArb(pools), { freq: 2, nil: undefined }))
    .map(([o, approval]) => {
      if (approval === undefined) return o;
      const out = { ...o };
      put(out, 'approval', approval);
      return out;
    });
  const deep = fc.tuple(conforming, fc.constantFrom(2046, 2047, 2048, 2049, 2050, 2500), fc.boolean()).map(([o, n, objects]) => {
    const out = { ...(o as object) };
    put(out, 'extra_deep', nested(n, objects));
    return out;
  });
  return weightedOneof<unknown>(
    [14, conforming],
    [4, conforming.chain(breakArb)],
    [1, fc.constantFrom<unknown>(undefined, null, [], 'input', 42, true, {})],
    [opts.deepNesting ?? true ? 0.3 : 0, deep],
  );
}

/** A data value of type `t` that may be changed from the default: ± thresholds, new members. */
function dataValueArb(t: Ty, def: Json, pools: Pools): fc.Arbitrary<unknown> {
  if (typeof def === 'number') {
    const near = [def + 1, def - 1, def + 0.5, def - 0.5, 0, -def].filter((n) => t.k !== 'int' || Number.isInteger(n));
    return weightedOneof<unknown>([5, fc.constantFrom(...near)], [2, valueArb(t, undefined, pools, 0)]);
  }
  if (t.k === 'set' || t.k === 'list') {
    return weightedOneof<unknown>(
      [2, fc.constant([])],
      [5, valueArb(t, undefined, pools, 0)],
      [t.el.k === 'string' ? 3 : 0, fc.subarray([...pools.strings.slice(0, 12), ...pools.secrets, ...pools.roles])],
    );
  }
  return valueArb(t, undefined, pools, 0);
}

/** The data of a case: defaults, a patch, or a whole document. */
function dataArb(gp: GenPact, pools: Pools): fc.Arbitrary<DataArg> {
  const fields = gp.data.map((d) =>
    fc.option(
      weightedOneof<unknown>([8, dataValueArb(d.ty, d.value, pools)], [1, fc.constantFrom(...WRONG)]),
      { freq: 2, nil: undefined },
    ).map((v) => (v === undefined ? undefined : ([d.name, v] as const))),
  );
  const killSwitch = weightedOneof<readonly [string, unknown] | undefined>(
    [12, fc.constant(undefined)],
    [2, fc.constant(['kill_switch', true] as const)],
    [1, fc.constant(['kill_switch', false] as const)],
    [0.5, fc.constantFrom(['kill_switch', 'true'] as const, ['kill_switch', null] as const, ['kill_switch', 1] as const)],
  );
  const revoked = weightedOneof<readonly [string, unknown] | undefined>(
    [6, fc.constant(undefined)],
    [4, fc.subarray([...pools.secrets], { minLength: 1 }).map((s) => ['revoked', s] as const)],
    [0.5, fc.constantFrom(['revoked', 'stripe'] as const, ['revoked', [1]] as const, ['revoked', null] as const, ['revoked', {}] as const)],
  );
  const patch = fc.tuple(fc.tuple(...fields), killSwitch, revoked).map(([fs, k, rv]): DataArg => {
    const entries = [...fs, k, rv].filter((e): e is readonly [string, unknown] => e !== undefined);
    return entries.length === 0 ? { kind: 'defaults' } : { kind: 'patch', value: objectOf(entries) };
  });
  const document = fc
    .tuple(fc.subarray([...gp.data.map((d) => d.name), 'kill_switch', 'revoked']), fc.boolean())
    .map(([drop, nulls]): DataArg => {
      const doc: { [k: string]: unknown } = {};
      for (const d of gp.data) if (!drop.includes(d.name)) put(doc, d.name, nulls && drop.length === 0 ? null : d.value);
      if (!drop.includes('kill_switch')) put(doc, 'kill_switch', false);
      if (!drop.includes('revoked')) put(doc, 'revoked', []);
      return { kind: 'document', value: doc };
    });
  return weightedOneof<DataArg>(
    [10, fc.constant({ kind: 'defaults' } as const)],
    [8, patch],
    [1, document],
    [0.3, fc.constantFrom<DataArg>({ kind: 'document', value: null }, { kind: 'document', value: [] }, { kind: 'patch', value: 'x' })],
  );
}

/** Cases (input and data) for a generated pact; see the header. */
export function arbCase(gp: GenPact, opts: CaseOptions = {}): fc.Arbitrary<DiffCase> {
  const pools = poolsOf(gp, opts);
  const input = inputArb(gp, pools, opts);
  const plain = fc.record({ input, data: dataArb(gp, pools) });
  if (!(opts.rawText ?? true)) return plain;
  const raw = fc
    .tuple(input, dataArb(gp, pools))
    .chain(([value, data]) => transformArb(value, pools, opts).map((transform): DiffCase => rawCase(value, transform, data)));
  return weightedOneof<DiffCase>([19, plain], [1, raw]);
}

/** A case whose input is `value` spelled by `transform`. */
export function rawCase(value: unknown, transform: RawTransform, data: DataArg): DiffCase {
  const text = applyRaw(value, transform);
  return { input: parseOrAbsent(text), raw: { text, value, transform }, data };
}

/** `JSON.parse(text)`, or undefined (an absent input) when the text is not JSON. */
export function parseOrAbsent(text: string): unknown {
  // Text nesting deeper than MAX_NESTING is not JSON for pactc, even when a later duplicate key
  // replaces the deep part (`JSON.parse` keeps the last value; the module refuses the text).
  if (textDepth(text) > MAX_NESTING) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The deepest nesting of brackets in JSON text, outside strings. */
function textDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}

// ---------------------------------------------------------------------------------------------
// Shrinking

/** One-step simplifications of a JSON value: drop keys or elements, simplify leaves. */
export function* shrinkJson(v: unknown): Generator<unknown> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield v.filter((_, j) => j !== i);
    for (let i = 0; i < v.length; i++) for (const x of shrinkJson(v[i])) yield v.map((y, j) => (j === i ? x : y));
    return;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    const entries = keys.map((k) => [k, (v as Record<string, unknown>)[k]] as const);
    for (const k of keys) yield objectOf(entries.filter(([x]) => x !== k));
    for (const [k, x] of entries) for (const y of shrinkJson(x)) yield objectOf(entries.map(([a, b]) => [a, a === k ? y : b] as const));
    return;
  }
  if (typeof v === 'string' && v !== '') {
    yield '';
    if ([...v].length > 1) yield [...v].slice(0, 1).join('');
    return;
  }
  if (typeof v === 'number' && v !== 0) {
    yield 0;
    if (!Number.isInteger(v)) yield Math.trunc(v);
    return;
  }
}

/** One-step simplifications of a case: plainer data, then a smaller input. */
export function* shrinkCase(c: DiffCase): Generator<DiffCase> {
  if (c.data.kind !== 'defaults') yield { ...c, data: { kind: 'defaults' } };
  if (c.data.kind !== 'defaults') for (const value of shrinkJson(c.data.value)) yield { ...c, data: { ...c.data, value } };
  if (c.raw !== undefined) {
    // Keep the spelling, shrink the value under it.
    const { transform, value } = c.raw;
    if (transform.k !== 'text') for (const v of shrinkJson(value)) yield rawCase(v, transform, c.data);
    if (transform.k === 'dup' && transform.value !== null) yield rawCase(value, { ...transform, value: null }, c.data);
    return;
  }
  for (const input of shrinkJson(c.input)) yield { ...c, input };
}
