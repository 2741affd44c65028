/**
 * A shrinking pass for counterexamples fast-check did not generate: a failure the agreement
 * property's directed phase finds on a known input (a `test` block's input, or an input the
 * random cases matched a rule with, perhaps with one boundary value set) has no fast-check
 * context to shrink with, yet a reader should get the smallest case all the same.
 *
 * {@link shrinkCase} is greedy: it tries simpler candidates one at a time and keeps the first
 * that still fails the same way, then starts over from it, until no candidate fails or
 * {@link MAX_SHRINK_TRIES} cases were decided. Candidates, coarsest first:
 * - the data: all fields back to their defaults, then one field at a time;
 * - the input, guided by the schema: an optional field dropped; a list or set emptied or one
 *   element dropped; then each value simplified in place — `false` for `true`, an earlier enum
 *   member, `""` or a shorter prefix of a string, and for a number the simplest value of its
 *   type (0, or the `@range` bound nearest it), fewer significant digits (rounded either way:
 *   123.456 → 100, 200, 120, 130, …) or decimals, half of it and, for whole numbers, one step
 *   towards 0.
 * Every candidate is strictly simpler than the value it replaces (fewer fields or elements,
 * earlier members, shorter strings, numbers with fewer significant digits or else nearer 0), so
 * the pass ends; candidates stay inside `@range` and whole where the type is, and an input that
 * conformed to the schema is only replaced by one that still does. Each kept candidate counts as
 * one shrink, as fast-check counts its own.
 */
import type { CheckedPact, FieldType, Json, Type } from '../check/types.js';
import { documentSchemas, validate } from '../eval/index.js';
import { digits, isObject, simpler as simplerOrder, simplestValue, type JsonObject } from './arbitraries.js';

/** The most cases one shrinking pass decides. */
export const MAX_SHRINK_TRIES = 2000;

/** What {@link shrinkCase} ended with. */
export interface Shrunk {
  readonly input: JsonObject;
  readonly data: JsonObject;
  /** How many simpler candidates were kept. */
  readonly shrinks: number;
}

/**
 * Shrinks a failing `input` (and `data`) of `pact`: `fails` says whether a candidate still fails
 * the same way. See the file header.
 */
export function shrinkCase(pact: CheckedPact, input: JsonObject, data: JsonObject, fails: (input: JsonObject, data: JsonObject) => boolean, maxTries = MAX_SHRINK_TRIES): Shrunk {
  const schema = documentSchemas(pact).input;
  const conforming = validate(input, schema).length === 0;
  let current = { input, data };
  let shrinks = 0;
  let tries = 0;
  for (let progress = true; progress && tries < maxTries; ) {
    progress = false;
    for (const c of candidates(pact, current.input, current.data)) {
      if (tries >= maxTries) break;
      if (conforming && validate(c.input, schema).length > 0) continue;
      tries++;
      if (fails(c.input, c.data)) {
        current = c;
        shrinks++;
        progress = true;
        break;
      }
    }
  }
  return { ...current, shrinks };
}

/** Simpler cases than `input` with `data`, coarsest first. */
function* candidates(pact: CheckedPact, input: JsonObject, data: JsonObject): Generator<{ input: JsonObject; data: JsonObject }> {
  const defaults = pact.dataDefaults as JsonObject;
  const changed = Object.keys(data).filter((k) => JSON.stringify(data[k]) !== JSON.stringify(defaults[k]));
  if (changed.length > 1) yield { input, data: { ...data, ...Object.fromEntries(changed.map((k) => [k, defaults[k] ?? null])) } };
  for (const k of changed) yield { input, data: { ...data, [k]: defaults[k] ?? null } };
  for (const x of simpler(input, pact.input, undefined)) yield { input: x as JsonObject, data };
}

/** Values simpler than `v` of `type` (nothing when `v` does not have the type's shape). */
function* simpler(v: Json, type: Type, field: FieldType | undefined): Generator<Json> {
  switch (type.kind) {
    case 'record': {
      if (!isObject(v)) return;
      for (const f of type.fields) {
        if (!f.optional || !Object.hasOwn(v, f.name)) continue;
        const { [f.name]: _, ...rest } = v;
        yield rest;
      }
      for (const f of type.fields) {
        const x = v[f.name];
        if (x === undefined || x === null) continue;
        for (const y of simpler(x, f.type, f)) yield { ...v, [f.name]: y };
      }
      return;
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(v)) return;
      if (v.length > 1) yield [];
      for (let i = 0; i < v.length; i++) yield [...v.slice(0, i), ...v.slice(i + 1)];
      for (let i = 0; i < v.length; i++) {
        for (const y of simpler(v[i] as Json, type.element, undefined)) {
          const next = [...v.slice(0, i), y, ...v.slice(i + 1)];
          if (type.kind === 'set' && new Set(next.map((e) => JSON.stringify(e))).size < next.length) continue;
          yield next;
        }
      }
      return;
    }
    case 'bool':
      if (v === true) yield false;
      return;
    case 'enum': {
      const i = typeof v === 'string' ? type.members.indexOf(v) : -1;
      for (let j = 0; j < i; j++) yield type.members[j]!;
      return;
    }
    case 'string':
      if (typeof v !== 'string' || v === '') return;
      yield '';
      for (const n of [Math.floor(v.length / 2), v.length - 1]) if (n > 0 && n < v.length) yield v.slice(0, n);
      return;
    case 'int':
    case 'duration':
    case 'number':
      if (typeof v === 'number') yield* simplerNumbers(v, type, field);
      return;
    default:
      return;
  }
}

/** Numbers simpler than `v` (see the file header), inside `range`, whole when `whole`. */
function simplerNumbers(v: number, type: Type, field: FieldType | undefined): number[] {
  const [lo, hi] = field?.range ?? [-Infinity, Infinity];
  const whole = type.kind !== 'number';
  const simplest = simplestValue(type, field);
  const raw: number[] = typeof simplest === 'number' ? [simplest] : [];
  // Fewer significant digits, rounded either way: 123.456 → 100 or 200, 120 or 130, …
  if (v !== 0) {
    const e = Math.floor(Math.log10(Math.abs(v)));
    for (let p = 1; p < Math.min(digits(v), 17); p++) {
      const unit = 10 ** (e - p + 1);
      for (const f of [Math.round, Math.floor, Math.ceil]) raw.push(Number((f(v / unit) * unit).toPrecision(p + 1)));
    }
  }
  if (!whole) for (let d = 0; d <= 4; d++) raw.push(Math.round(v * 10 ** d) / 10 ** d, Math.trunc(v * 10 ** d) / 10 ** d);
  raw.push(whole ? Math.trunc(v / 2) : v / 2);
  if (whole) raw.push(v - Math.sign(v));
  const out: number[] = [];
  for (const c of raw) {
    const n = Object.is(c, -0) ? 0 : c;
    if (!Number.isFinite(n) || n < lo || n > hi || (whole && !Number.isInteger(n)) || out.includes(n) || simplerOrder(n, v) >= 0) continue;
    out.push(n);
  }
  return out;
}

