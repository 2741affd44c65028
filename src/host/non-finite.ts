/**
 * Numbers JSON cannot hold: `Infinity`, `-Infinity` and `NaN` in a JavaScript input.
 *
 * `JSON.stringify` writes them as `null`, and `null` on an optional field is absence (spec §3),
 * so an input `{ amount: Infinity }` handed to the SDK as it is would read as "no amount" and
 * slip past `forbid too_much when has action.amount and action.amount > 1000`. The policy
 * itself refuses a number JSON text cannot hold in a double — a literal such as `1e400` — as a
 * value of the wrong type (`input.action.amount must be a number`), and so does the reference
 * evaluator for a non-finite number; the host's ajv check does too. So the host writes the
 * input text for the Wasm itself ({@link inputText}): a non-finite number becomes the literal
 * `1e400` (`-1e400` for `-Infinity`; `NaN`, which has no sign, `1e400`) at its position, and
 * the policy's own validator refuses it, on every evaluation path, with its usual reason.
 *
 * How: the text is first written with plain `JSON.stringify`. Only when it contains `null` —
 * the only way a non-finite number can show — is it written again with a replacer that turns
 * each non-finite number into a marker string unique to this process (a random 128-bit tag);
 * each marker token (`"<tag>:+"`) is then replaced in the text by the literal. No string or
 * key of the input may contain the tag (it is random, so only an input built to collide with
 * it could, and that is refused), so every marker token in the text is one of ours.
 *
 * The decision log cannot hold `1e400` either (a record's line is canonical JSON, which has no
 * such number), so {@link normaliseForLog} writes each non-finite number as the string
 * `"Infinity"`, `"-Infinity"` or `"NaN"` and lists its pointer (`/input/action/amount`) in the
 * record's `non_finite` field; replay puts the numbers back ({@link restoreNonFinite}) and so
 * re-decides exactly what the policy saw.
 */
import { randomBytes } from 'node:crypto';

/** The random tag of this process's markers. */
const TAG = `pactc-non-finite-${randomBytes(16).toString('hex')}`;
const POS = `${TAG}:+`;
const NEG = `${TAG}:-`;
const NAN = `${TAG}:nan`;

/** What each marker stands for: the literal the Wasm gets, and the string the log keeps. */
const MARKERS: readonly { readonly marker: string; readonly literal: string; readonly logged: string; readonly value: number }[] = [
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
 * Whether `value` may hold a non-finite number where JSON.stringify would write it: false only
 * when a walk of plain arrays and objects finds none. Anything the walk cannot follow exactly as
 * JSON.stringify would (a `toJSON` method, a boxed number, great depth) answers true, and the
 * exact replacer decides.
 */
function mayHoldNonFinite(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  if (depth > 64 || typeof (value as { toJSON?: unknown }).toJSON === 'function' || value instanceof Number) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (mayHoldNonFinite(v, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    if (Object.hasOwn(value, k) && mayHoldNonFinite((value as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

/**
 * The JSON text of `value` (undefined: no JSON) and whether it was written with markers: then
 * every non-finite number is a marker string, and no other string or key holds the tag.
 */
function markedText(value: unknown): { readonly text: string | undefined; readonly marked: boolean } {
  const plain = JSON.stringify(value);
  // INVARIANT: a non-finite number shows as `null` in the plain text, so without one there is none.
  if (plain === undefined || !plain.includes('null') || !mayHoldNonFinite(value, 0)) return { text: plain, marked: false };
  const text = JSON.stringify(value, replacer);
  return { text, marked: text !== undefined && text.includes(TAG) };
}

/**
 * The JSON text the policy gets for `input`: `JSON.stringify`, except that a non-finite number
 * is written as `1e400` (`-1e400` for `-Infinity`), a number the policy refuses as out of range
 * of its type. Throws `TypeError` (as `JSON.stringify` does) for a value JSON cannot hold.
 */
export function inputText(input: unknown): string | undefined {
  const { text, marked } = markedText(input);
  if (text === undefined || !marked) return text;
  let out = text;
  for (const m of MARKERS) out = out.split(JSON.stringify(m.marker)).join(m.literal);
  return out;
}

/** `value` normalised through JSON for the log, and the pointers of its non-finite numbers. */
export interface NormalisedInput {
  readonly value: unknown;
  /** Pointers (`/input/…`) of the numbers written as `"Infinity"`, `"-Infinity"` or `"NaN"`. */
  readonly nonFinite: readonly string[];
}

/**
 * Normalises an input through JSON as the log does (`jsonNormalise`), except that a non-finite
 * number becomes the string `"Infinity"`, `"-Infinity"` or `"NaN"` and its pointer under `root`
 * is listed, so the log says what the policy saw instead of `null`.
 */
export function normaliseForLog(input: unknown, root = '/input'): NormalisedInput {
  const { text, marked } = markedText(input);
  if (text === undefined) return { value: undefined, nonFinite: [] };
  const value: unknown = JSON.parse(text);
  if (!marked) return { value, nonFinite: [] };
  const nonFinite: string[] = [];
  const walk = (v: unknown, pointer: string): unknown => {
    if (typeof v === 'string') {
      const m = MARKERS.find((x) => x.marker === v);
      if (!m) return v;
      nonFinite.push(pointer);
      return m.logged;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i], `${pointer}/${i}`);
      return v;
    }
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const next = walk(o[k], `${pointer}/${escapeToken(k)}`);
        if (next !== o[k]) Object.defineProperty(o, k, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
    return v;
  };
  return { value: walk(value, root), nonFinite };
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
    const tokens = p.slice(root.length + 1).split('/').map(unescapeToken);
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

function escapeToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}
