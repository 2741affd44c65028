/**
 * The input as the policy sees it: one plain JSON value that every view of a decision shares.
 *
 * A JavaScript input reaches the Wasm as JSON text, written with `JSON.stringify`'s rules: a
 * member holding `undefined`, a function or a symbol is absent; `undefined` (or a function) in
 * an array is `null`; an object with a `toJSON` method (a `Date`, say) is whatever that method
 * returns; a boxed `Number`, `String` or `Boolean` is its primitive; `-0` is `0`. If the host's
 * validation, the masking of `@sensitive` fields and the decision log looked at the JavaScript
 * value instead, they would disagree with the policy — a `card: undefined` the policy never saw
 * would be masked and logged as `"***"`, a `toJSON` object's secret would be logged unmasked, a
 * `new Date(0)` would fail validation while the policy accepts its ISO string. So the host
 * normalises the input once ({@link jsonInput}) and validates, masks, logs and decides from that
 * one value ({@link policyText} writes the Wasm's text from it).
 *
 * The one departure from `JSON.parse(JSON.stringify(input))`: a number JSON text cannot hold
 * (`Infinity`, `-Infinity`, `NaN`) stays that number, and its pointer is listed. The Wasm gets it
 * as an out-of-range literal it refuses (`non-finite.ts`), the host's ajv check refuses it as
 * the same wrong type, and the log writes it as a string listed in `non_finite`.
 *
 * **Cost.** Plain objects and arrays — the common case — are copied by one walk; anything else
 * (an object with `toJSON`, a `Date`, a boxed primitive, a class instance, a BigInt) is handed
 * to `JSON.stringify` itself, so its semantics are exactly the built-in's. A host that neither
 * logs nor validates never needs the value: {@link fastInputText} writes the text directly.
 */
import { escapePointerToken } from './schema/sensitive.js';
import { logForm, markedStringify, MARKERS, nonFiniteText, type NormalisedInput } from './non-finite.js';

/** An input normalised to the JSON value the policy sees; see the file header. */
export interface JsonInput {
  /**
   * The value: plain objects, arrays, strings, finite numbers, booleans and null — plus
   * `Infinity`, `-Infinity` and `NaN` where the input had them. `undefined` when the input has
   * no JSON form at all (`undefined`, a function): no input.
   */
  readonly value: unknown;
  /** JSON pointers (`/input/action/amount`) of the non-finite numbers in `value`, in document order. */
  readonly nonFinite: readonly string[];
}

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/**
 * Normalises `input` to the JSON value the policy sees (see the file header). Throws a
 * `TypeError`, as `JSON.stringify` does, for a value JSON cannot hold (a cycle, a BigInt).
 */
export function jsonInput(input: unknown, root = '/input'): JsonInput {
  const walk = new Walk(root);
  const value = walk.value(input, '');
  return { value, nonFinite: walk.nonFinite };
}

/**
 * The JSON text the Wasm gets for a normalised input: `JSON.stringify(value)`, with each
 * non-finite number written as an out-of-range literal (`1e400`, `-1e400`) the policy refuses.
 * Undefined for no input.
 */
export function policyText(input: JsonInput): string | undefined {
  return input.nonFinite.length === 0 ? JSON.stringify(input.value) : nonFiniteText(input.value);
}

/**
 * The JSON text the Wasm gets for `input`, without building the normalised value: the decision
 * path of a host that neither logs nor validates. Equal to `policyText(jsonInput(input))`.
 * Throws `TypeError` like {@link jsonInput}.
 */
export function fastInputText(input: unknown): string | undefined {
  const text = JSON.stringify(input);
  // INVARIANT: a non-finite number shows as `null` in the plain text, so without one there is
  // none; and a value that is its own JSON form holds none either.
  if (text === undefined || !text.includes('null') || isJsonValue(input)) return text;
  return policyText(jsonInput(input));
}

/**
 * The normalised input and the Wasm's text for it. With `copy` the value is always a fresh copy
 * (the log keeps it past the call); without, an input that is its own JSON form already
 * ({@link isJsonValue}) is used as it is, which saves the copy on the validation path.
 */
export function prepareInput(input: unknown, copy: boolean): { readonly json: JsonInput; readonly text: string | undefined } {
  if (!copy && isJsonValue(input)) return { json: { value: input, nonFinite: [] }, text: JSON.stringify(input) };
  const json = jsonInput(input);
  return { json, text: policyText(json) };
}

/**
 * Whether `v` is its own JSON form already — strings, finite numbers (not `-0`), booleans, null,
 * and plain objects and arrays of them, with no member or element that JSON would drop or
 * change — so that it can be validated as it is, without a copy. False for anything else (and
 * for great depth, where a cycle may be), which {@link jsonInput} then normalises.
 */
export function isJsonValue(v: unknown, depth = 0): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return v - v === 0 && (v !== 0 || 1 / v > 0);
    case 'object': {
      if (v === null) return true;
      if (depth > 64) return false;
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto === ARRAY_PROTOTYPE && Array.isArray(v)) {
        if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
        const a = v as readonly unknown[];
        for (let i = 0; i < a.length; i++) if (!isJsonValue(a[i], depth + 1)) return false;
        return true;
      }
      if ((proto !== OBJECT_PROTOTYPE && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
      const o = v as { readonly [key: string]: unknown };
      for (const k of Object.keys(o)) if (!isJsonValue(o[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The input as the decision log holds it, before masking: {@link jsonInput}, with each
 * non-finite number written as the string `"Infinity"`, `"-Infinity"` or `"NaN"` and its pointer
 * under `root` listed, so the log says what the policy saw instead of `null`.
 */
export function normaliseForLog(input: unknown, root = '/input'): NormalisedInput {
  const json = jsonInput(input, root);
  return logForm(json.value, json.nonFinite, root);
}

/** One normalisation: the path to the current value, its containers, and what was found. */
class Walk {
  readonly nonFinite: string[] = [];
  /** The keys from the root to the current value, `keys[0…depth)` (pointers are built only when needed). */
  private readonly keys: (string | number)[] = [];
  /** The containers from the root to the current value, `containers[0…depth)` (a cycle is an error, as in JSON). */
  private readonly containers: object[] = [];
  private depth = 0;

  constructor(private readonly root: string) {}

  /** The JSON form of `v`, reached as member `key` of its container; undefined: absent. */
  value(v: unknown, key: string | number): unknown {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (v - v === 0) return v === 0 ? 0 : v; // finite; -0 is written as 0
        this.nonFinite.push(this.pointer());
        return v;
      case 'object':
        if (v === null) return null;
        return this.object(v, key);
      case 'bigint':
        // A BigInt with a `toJSON` on its prototype, or (without one) the built-in's TypeError.
        return this.builtIn(v, key);
      default:
        return undefined; // undefined, a function, a symbol
    }
  }

  private object(v: object, key: string | number): unknown {
    const proto: unknown = Object.getPrototypeOf(v);
    const plainArray = proto === ARRAY_PROTOTYPE && Array.isArray(v);
    if (!plainArray && proto !== OBJECT_PROTOTYPE && proto !== null) return this.builtIn(v, key);
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return this.builtIn(v, key);
    const depth = this.depth;
    for (let i = 0; i < depth; i++) if (this.containers[i] === v) throw new TypeError('Converting circular structure to JSON');
    this.containers[depth] = v;
    this.depth = depth + 1;
    let out: unknown;
    if (plainArray) {
      const a = v as readonly unknown[];
      const copy: unknown[] = [];
      for (let i = 0; i < a.length; i++) {
        this.keys[depth] = i;
        const x = this.value(a[i], i);
        copy.push(x === undefined ? null : x);
      }
      out = copy;
    } else {
      const o = v as { readonly [key: string]: unknown };
      const copy: { [key: string]: unknown } = {};
      for (const k of Object.keys(o)) {
        this.keys[depth] = k;
        const x = this.value(o[k], k);
        if (x === undefined) continue;
        // defineProperty for `__proto__`: it must stay a plain member, as JSON.parse makes it.
        if (k === '__proto__') Object.defineProperty(copy, k, { value: x, enumerable: true, writable: true, configurable: true });
        else copy[k] = x;
      }
      out = copy;
    }
    this.depth = depth;
    this.containers[depth] = NONE;
    return out;
  }

  /**
   * Anything but a plain object or array: `JSON.stringify` itself writes it (with its `toJSON`
   * called with the right key), non-finite numbers marked so that they are found again.
   */
  private builtIn(v: unknown, key: string | number): unknown {
    const k = String(key);
    const { text, marked } = markedStringify({ [k]: v });
    const holder = JSON.parse(text as string) as { [key: string]: unknown };
    if (!Object.hasOwn(holder, k)) return undefined;
    const value = holder[k];
    return marked ? this.unmark(value) : value;
  }

  /** Turns the markers of a parsed value back into numbers, listing their pointers. */
  private unmark(v: unknown): unknown {
    if (typeof v === 'string') {
      const m = MARKERS.find((x) => x.marker === v);
      if (!m) return v;
      this.nonFinite.push(this.pointer());
      return m.value;
    }
    if (typeof v !== 'object' || v === null) return v;
    const depth = this.depth;
    this.depth = depth + 1;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        this.keys[depth] = i;
        v[i] = this.unmark(v[i]);
      }
    } else {
      const o = v as { [key: string]: unknown };
      for (const k of Object.keys(o)) {
        this.keys[depth] = k;
        const x = this.unmark(o[k]);
        if (x !== o[k]) Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
      }
    }
    this.depth = depth;
    return v;
  }

  private pointer(): string {
    let p = this.root;
    for (let i = 0; i < this.depth; i++) p += `/${escapePointerToken(String(this.keys[i]))}`;
    return p;
  }
}

/** A placeholder that is no container (so a finished one is not kept alive or matched). */
const NONE: object = Object.freeze({});
