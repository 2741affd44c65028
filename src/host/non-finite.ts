/**
 * Numbers JSON cannot hold: `Infinity`, `-Infinity` and `NaN` in a JavaScript input.
 *
 * `JSON.stringify` writes them as `null`, and `null` on an optional field is absence (spec §3),
 * so an input `{ amount: Infinity }` handed to the SDK as it is would read as "no amount" and
 * slip past `forbid too_much when has action.amount and action.amount > 1000`. The policy
 * itself refuses a number JSON text cannot hold in a double — a literal such as `1e400` — as a
 * value of the wrong type (`input.action.amount must be a number`), and so does the reference
 * evaluator for a non-finite number; the host's ajv check does too. So the host writes the
 * input text for the Wasm itself (`json-input.ts`): a non-finite number becomes the literal
 * `1e400` (`-1e400` for `-Infinity`; `NaN`, which has no sign, `1e400`) at its position, and
 * the policy's own validator refuses it, on every evaluation path, with its usual reason.
 *
 * How: where a non-finite number may sit where `JSON.stringify` does not let the host look (a
 * `toJSON` result, a boxed number), the value is written with a replacer that turns each
 * non-finite number into a marker string unique to this process (a random 128-bit tag), which
 * is found again in the parsed value ({@link markedStringify}); the text for the Wasm is written
 * the same way, each marker token (`"<tag>:+"`) then replaced by the literal
 * ({@link nonFiniteText}). No string or key may contain the tag (it is random, so only an input
 * built to collide with it could, and that is refused), so every marker is one of ours.
 *
 * The decision log cannot hold `1e400` either (a record's line is canonical JSON, which has no
 * such number), so {@link logForm} writes each non-finite number as the string `"Infinity"`,
 * `"-Infinity"` or `"NaN"` and lists its pointer (`/input/action/amount`) in the record's
 * `non_finite` field; replay puts the numbers back ({@link restoreNonFinite}) and so re-decides
 * exactly what the policy saw.
 */
import { randomBytes } from 'node:crypto';
import { unescapePointerToken } from './schema/sensitive.js';

/** The random tag of this process's markers. */
const TAG = `pactc-non-finite-${randomBytes(16).toString('hex')}`;
const POS = `${TAG}:+`;
const NEG = `${TAG}:-`;
const NAN = `${TAG}:nan`;

/** What each marker stands for: the literal the Wasm gets, and the string the log keeps. */
export const MARKERS: readonly { readonly marker: string; readonly literal: string; readonly logged: string; readonly value: number }[] = [
  { marker: POS, literal: '1e400', logged: 'Infinity', value: Number.POSITIVE_INFINITY },
  { marker: NEG, literal: '-1e400', logged: '-Infinity', value: Number.NEGATIVE_INFINITY },
  { marker: NAN, literal: '1e400', logged: 'NaN', value: Number.NaN },
];

/** An input that holds this process's marker tag (only a deliberate collision can). */
export class ReservedStringError extends TypeError {
  constructor() {
    super('the input holds a string reserved by the host');
    this.name = 'ReservedStringError';
  }
}

function replacer(key: string, value: unknown): unknown {
  if (key.includes(TAG)) throw new ReservedStringError();
  // A boxed Number reaches the replacer before JSON.stringify unboxes it.
  const n = typeof value === 'number' ? value : value instanceof Number ? value.valueOf() : undefined;
  if (n !== undefined && !Number.isFinite(n)) return Number.isNaN(n) ? NAN : n > 0 ? POS : NEG;
  if (typeof value === 'string' && value.includes(TAG)) throw new ReservedStringError();
  return value;
}

/**
 * `JSON.stringify(value)` with every non-finite number written as a marker string, and whether
 * there was one: then no other string or key holds the tag (`ReservedStringError` otherwise).
 */
export function markedStringify(value: unknown): { readonly text: string | undefined; readonly marked: boolean } {
  const text = JSON.stringify(value, replacer);
  return { text, marked: text !== undefined && text.includes(TAG) };
}

/**
 * The JSON text of a value holding non-finite numbers, each written as an out-of-range literal
 * (`1e400`; `-1e400` for `-Infinity`) the policy refuses as the wrong type.
 */
export function nonFiniteText(value: unknown): string | undefined {
  const { text, marked } = markedStringify(value);
  if (text === undefined || !marked) return text;
  let out = text;
  for (const m of MARKERS) out = out.split(JSON.stringify(m.marker)).join(m.literal);
  return out;
}

/** A value in the log's form, and the pointers of its non-finite numbers. */
export interface NormalisedInput {
  readonly value: unknown;
  /** Pointers (`/input/…`) of the numbers written as `"Infinity"`, `"-Infinity"` or `"NaN"`. */
  readonly nonFinite: readonly string[];
}

/**
 * The log form of a normalised value: each non-finite number at one of `pointers` (under
 * `root`) becomes its string, along a copy of the path (the rest is shared). A pointer that no
 * longer leads to a non-finite number — masked, or inside a masked value — is dropped.
 */
export function logForm(value: unknown, pointers: readonly string[], root = '/input'): NormalisedInput {
  if (pointers.length === 0) return { value, nonFinite: [] };
  let out = value;
  const kept: string[] = [];
  for (const p of pointers) {
    const tokens = p === root ? [] : p.slice(root.length + 1).split('/').map(unescapePointerToken);
    const next = setNonFinite(out, tokens, 0);
    if (next !== undefined) {
      out = next.value;
      kept.push(p);
    }
  }
  return { value: out, nonFinite: kept };
}

/** `v` with the non-finite number at `tokens[i…]` written as its string; undefined if there is none. */
function setNonFinite(v: unknown, tokens: readonly string[], i: number): { readonly value: unknown } | undefined {
  if (i === tokens.length) {
    const m = typeof v === 'number' && !Number.isFinite(v) ? MARKERS.find((x) => Object.is(x.value, v)) : undefined;
    return m ? { value: m.logged } : undefined;
  }
  const t = tokens[i] as string;
  if (Array.isArray(v)) {
    const k = Number(t);
    if (!/^(?:0|[1-9][0-9]*)$/.test(t) || k >= v.length) return undefined;
    const r = setNonFinite(v[k], tokens, i + 1);
    if (!r) return undefined;
    const copy = [...v];
    copy[k] = r.value;
    return { value: copy };
  }
  if (typeof v !== 'object' || v === null || !Object.hasOwn(v, t)) return undefined;
  const o = v as { readonly [key: string]: unknown };
  const r = setNonFinite(o[t], tokens, i + 1);
  if (!r) return undefined;
  const copy: { [key: string]: unknown } = {};
  for (const k of Object.keys(o)) Object.defineProperty(copy, k, { value: k === t ? r.value : o[k], enumerable: true, writable: true, configurable: true });
  return { value: copy };
}

/**
 * Puts the non-finite numbers of a logged input back: each pointer of `pointers` (under
 * `root`) must hold `"Infinity"`, `"-Infinity"` or `"NaN"`, which becomes that number. Returns
 * the restored copy, or a reason when a pointer does not lead to such a string.
 */
export function restoreNonFinite(input: unknown, pointers: readonly string[], root = '/input'): { readonly value: unknown } | { readonly problem: string } {
  if (pointers.length === 0) return { value: input };
  const copy: unknown = structuredClone(input);
  for (const p of pointers) {
    const bad = { problem: `its \`non_finite\` pointer ${JSON.stringify(p)} does not lead to "Infinity", "-Infinity" or "NaN" in the input` };
    if (p === root) {
      const m = MARKERS.find((x) => x.logged === copy);
      if (!m || pointers.length !== 1) return bad;
      return { value: m.value };
    }
    if (!p.startsWith(`${root}/`)) return bad;
    const tokens = p.slice(root.length + 1).split('/').map(unescapePointerToken);
    let node: unknown = copy;
    for (const t of tokens.slice(0, -1)) {
      node = typeof node === 'object' && node !== null && Object.hasOwn(node, t) ? (node as Record<string, unknown>)[t] : undefined;
    }
    const last = tokens[tokens.length - 1] as string;
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, last)) return bad;
    const holder = node as Record<string, unknown>;
    const m = MARKERS.find((x) => x.logged === holder[last]);
    if (!m) return bad;
    Object.defineProperty(holder, last, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return { value: copy };
}
