/**
 * Masking explain traces before they are logged.
 *
 * An explanation (`pact/NAME/explain`) reports, for every condition, the input values it read:
 * `values: { "action.card.number": "4242…", "customers": [{ "email": … }] }`. Masking only the
 * record's `input` would leave those values in its `result`, so the host masks the trace too,
 * with the same rules (`MaskPlan`, from the bundle's sensitive paths).
 *
 * A key of `values` is a dotted path from the input root (`action.card.number`; data paths
 * start with `data.`). Field names are identifiers, so the dots are unambiguous, and a path
 * never goes through a list (quantifiers report the whole list they range over). For each entry
 * the value is placed at its path in an otherwise empty input document, which is masked with
 * `maskPaths`; that covers all three cases at once:
 *
 * - the entry is a sensitive field (`action.card.number`) → the value becomes `"***"`;
 * - the entry is inside a sensitive field (`action.card.number` under a sensitive
 *   `action.card`) → the value becomes `"***"`;
 * - a sensitive field is inside the entry (`action.card`, or `customers` with
 *   `/input/customers/*\/email`) → those fields of the value are masked, the rest kept.
 *
 * A `data.` entry is treated as an input path too, which can only over-mask (when the input
 * happens to have a top-level field `data` with a sensitive field under it). Each masked value is
 * reported as a pointer into the record — `/result/explanation/1/conditions/0/values/action.card`
 * `/number` — which the logger adds to the record's `masked` list, as OPA lists `/result/…`
 * pointers its mask policies touched.
 */
import { MASK, maskPaths, type MaskPlan } from './log/index.js';
import { escapePointerToken } from './schema/index.js';

/** A trace after masking, and the pointers of what was masked in it. */
export interface MaskedTrace {
  /** The result with masked `values`; the same object when nothing was masked. */
  readonly result: unknown;
  /** Pointers into the record (`/result/explanation/…`) of the masked values. */
  readonly masked: readonly string[];
}

type Obj = { [key: string]: unknown };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function define(o: Obj, key: string, value: unknown): void {
  // defineProperty, not assignment: a key named `__proto__` must stay a plain member.
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Masks the `values` of every condition of an explanation with `plan`. Anything that is not an
 * explanation (a plain decision document) is returned as it is. The input object is not modified.
 */
export function maskExplanation(result: unknown, plan: MaskPlan): MaskedTrace {
  if (plan.rules.length === 0 || !isObj(result) || !Array.isArray(result['explanation'])) return { result, masked: [] };
  const masked: string[] = [];
  let rulesCopy: unknown[] | undefined;
  result['explanation'].forEach((rule: unknown, i: number) => {
    if (!isObj(rule) || !Array.isArray(rule['conditions'])) return;
    let condsCopy: unknown[] | undefined;
    rule['conditions'].forEach((cond: unknown, j: number) => {
      if (!isObj(cond) || !isObj(cond['values'])) return;
      const values = cond['values'];
      let valuesCopy: Obj | undefined;
      for (const label of Object.keys(values)) {
        const prefix = `/result/explanation/${i}/conditions/${j}/values/${escapePointerToken(label)}`;
        const m = maskEntry(label, values[label], plan, prefix);
        if (m.pointers.length === 0) continue;
        masked.push(...m.pointers);
        valuesCopy ??= { ...values };
        define(valuesCopy, label, m.value);
      }
      if (valuesCopy) (condsCopy ??= [...(rule['conditions'] as unknown[])])[j] = { ...cond, values: valuesCopy };
    });
    if (condsCopy) (rulesCopy ??= [...(result['explanation'] as unknown[])])[i] = { ...rule, conditions: condsCopy };
  });
  return rulesCopy ? { result: { ...result, explanation: rulesCopy }, masked } : { result, masked: [] };
}

/** Masks one `values` entry; `pointers` are record pointers of what was masked. */
function maskEntry(label: string, value: unknown, plan: MaskPlan, prefix: string): { value: unknown; pointers: string[] } {
  const tokens = label.split('.');
  // The value at its path in an otherwise empty input document.
  const doc: Obj = {};
  let node = doc;
  tokens.forEach((t, k) => {
    if (k === tokens.length - 1) define(node, t, value);
    else {
      const next: Obj = {};
      define(node, t, next);
      node = next;
    }
  });
  const m = maskPaths(doc, plan);
  if (m.masked.length === 0 && m.erased.length === 0) return { value, pointers: [] };
  // Walk back down; a mask (or erasure) above the leaf masks the whole value.
  let v: unknown = m.input;
  for (const t of tokens) {
    if (!isObj(v) || !Object.hasOwn(v, t)) return { value: MASK, pointers: [prefix] };
    v = v[t];
  }
  const base = `/input/${tokens.map(escapePointerToken).join('/')}`;
  const pointers = [...m.masked, ...m.erased].map((p) => (p.length <= base.length ? prefix : prefix + p.slice(base.length)));
  return { value: v, pointers: [...new Set(pointers)] };
}
