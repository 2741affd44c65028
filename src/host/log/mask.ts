/**
 * Masking `@sensitive` input fields before a decision is logged.
 *
 * The paths come from the bundle (see `host/schema/sensitive.ts`) as JSON pointers rooted at
 * the log record, like OPA's: `/input/card/number`. A `*` token matches every element of an
 * array. Other tokens match an object member, or an array element when the token is an index
 * (RFC 6901).
 *
 * **Malformed input is masked conservatively.** A path says what shape the input has on the way
 * to a sensitive field: an array where the next token is `*`, an object where it is a field
 * name (an index token accepts either). Where the input has another shape — an object where a
 * list was declared (`{"people": {"ssn": …}}` for `people: list<{…, ssn @sensitive}>`), a
 * string where a record was, an array where a record was — there is no telling where the
 * sensitive value sits inside it, so the *whole value* at that point is masked (or erased) and
 * its pointer listed (`/input/people`). Only `null` is passed over: it holds nothing.
 *
 * Each rule masks (the default: the value becomes `"***"`, OPA's `upsert` of a constant) or
 * erases (the member is removed, OPA's plain-path rule). Erasing an array element would shift
 * the indexes after it, so an erase rule that lands on an array element masks it instead.
 * Every change is reported with the concrete pointer of the value it touched, in OPA's
 * `masked` and `erased` arrays: `/input/customers/0/email`. Absent members are skipped; a
 * present `null` is masked like any value (whether a field was given is itself a fact).
 *
 * The input is not modified: changed containers are copied along the changed paths, and
 * everything else is shared with the original.
 */
import { LogError } from './error.js';
import { MASK } from './record.js';
import { escapePointerToken, unescapePointerToken } from '../schema/sensitive.js';

/** A masking rule: a pointer (masked), or a pointer with an explicit operation. */
export type MaskRule = string | { readonly path: string; readonly op: 'mask' | 'erase' };

/** The input after masking, and what was changed. */
export interface Masked {
  /** The masked copy (`undefined` when the input was absent or erased). */
  readonly input: unknown;
  /** Concrete pointers of the values replaced by `"***"`, in rule order then document order. */
  readonly masked: readonly string[];
  /** Concrete pointers of the members removed. */
  readonly erased: readonly string[];
}

/** Options for {@link maskPaths}. */
export interface MaskOptions {
  /** The value a masked field gets; `"***"` unless given. */
  readonly replacement?: unknown;
}

/** The root token every path starts with. */
const ROOT = '/input';

/** A compiled rule: tokens after `/input`. */
interface CompiledRule {
  readonly tokens: readonly string[];
  readonly op: 'mask' | 'erase';
}

/** Masking rules parsed and checked once, from {@link compileMaskRules}. */
export class MaskPlan {
  /** @internal */
  readonly rules: readonly CompiledRule[];
  /** The rules as given. */
  readonly source: readonly MaskRule[];
  /** @internal */
  constructor(rules: readonly CompiledRule[], source: readonly MaskRule[]) {
    this.rules = rules;
    this.source = source;
  }
}

/**
 * Parses and checks masking rules once (the logger does this at construction, so a bad path
 * in a bundle is found before the first decision). Throws `LogError('bad-path')`.
 */
export function compileMaskRules(rules: readonly MaskRule[]): MaskPlan {
  return new MaskPlan(rules.map((r) => {
    const path = typeof r === 'string' ? r : r.path;
    const op = typeof r === 'string' ? 'mask' : r.op;
    if (path !== ROOT && !path.startsWith(`${ROOT}/`)) {
      throw new LogError('bad-path', `masking path ${JSON.stringify(path)} must be a JSON pointer starting with /input`);
    }
    if (op !== 'mask' && op !== 'erase') {
      throw new LogError('bad-path', `masking rule for ${JSON.stringify(path)} has unknown op ${JSON.stringify(op)}`);
    }
    const tokens = path === ROOT ? [] : path.slice(ROOT.length + 1).split('/').map(unescapePointerToken);
    return { tokens, op };
  }), rules);
}

/**
 * Returns `input` with the values at `paths` masked (or erased), and the OPA-style `masked`
 * and `erased` pointer lists. See the file header for the path syntax.
 */
export function maskPaths(input: unknown, paths: readonly MaskRule[] | MaskPlan, options: MaskOptions = {}): Masked {
  const { rules } = paths instanceof MaskPlan ? paths : compileMaskRules(paths);
  const replacement = Object.hasOwn(options, 'replacement') ? options.replacement : MASK;
  const masked: string[] = [];
  const erased: string[] = [];
  let doc: { value: unknown; present: boolean } = { value: input, present: input !== undefined };
  for (const rule of rules) {
    if (!doc.present) break;
    doc = apply(doc.value, rule.tokens, 0, ROOT, rule.op, replacement, masked, erased, false);
  }
  return { input: doc.present ? doc.value : undefined, masked: dedupe(masked), erased: dedupe(erased) };
}

/**
 * Applies one rule below `value` (present at `pointer`) from token `i`; returns the new value
 * and whether it is still present. `inArray` says `value` is an array element (not erasable).
 */
function apply(
  value: unknown,
  tokens: readonly string[],
  i: number,
  pointer: string,
  op: 'mask' | 'erase',
  replacement: unknown,
  masked: string[],
  erased: string[],
  inArray: boolean,
): { value: unknown; present: boolean } {
  if (i === tokens.length) {
    if (op === 'erase' && !inArray) {
      erased.push(pointer);
      return { value: undefined, present: false };
    }
    masked.push(pointer);
    return { value: replacement, present: true };
  }
  const tok = tokens[i] as string;
  if (value === null) return { value, present: true };
  const shapeFits = Array.isArray(value) ? tok === '*' || isIndex(tok) : typeof value === 'object' && tok !== '*';
  if (!shapeFits) {
    // Not the declared shape: a sensitive value may be anywhere inside, so all of it goes.
    return apply(value, tokens, tokens.length, pointer, op, replacement, masked, erased, inArray);
  }
  if (Array.isArray(value)) {
    const indexes = tok === '*' ? value.map((_, k) => k) : isIndex(tok) && Number(tok) < value.length ? [Number(tok)] : [];
    let copy: unknown[] | undefined;
    for (const k of indexes) {
      const r = apply(value[k], tokens, i + 1, `${pointer}/${k}`, op, replacement, masked, erased, true);
      if (r.value !== value[k]) (copy ??= [...value])[k] = r.value;
    }
    return { value: copy ?? value, present: true };
  }
  if (typeof value === 'object' && value !== null) {
    const obj = value as { readonly [key: string]: unknown };
    const keys = Object.hasOwn(obj, tok) ? [tok] : [];
    let copy: { [key: string]: unknown } | undefined;
    for (const key of keys) {
      const r = apply(obj[key], tokens, i + 1, `${pointer}/${escapePointerToken(key)}`, op, replacement, masked, erased, false);
      if (!r.present) {
        copy ??= cloneObject(obj);
        delete copy[key];
      } else if (r.value !== obj[key]) {
        copy ??= cloneObject(obj);
        // defineProperty, not assignment: a member named `__proto__` must stay a plain member.
        Object.defineProperty(copy, key, { value: r.value, enumerable: true, writable: true, configurable: true });
      }
    }
    return { value: copy ?? value, present: true };
  }
  // INVARIANT: `shapeFits` let only arrays and objects through.
  return { value, present: true };
}

function cloneObject(obj: { readonly [key: string]: unknown }): { [key: string]: unknown } {
  const copy: { [key: string]: unknown } = {};
  for (const key of Object.keys(obj)) {
    Object.defineProperty(copy, key, { value: obj[key], enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function isIndex(tok: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(tok);
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
