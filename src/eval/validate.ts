/**
 * Schema validation: does a value conform to the pact's `input` (or `data`) schema?
 *
 * Step 2 of the decision procedure (spec §5): a policy fails closed, so before any rule is
 * evaluated the input and the data are checked against their declared types, and every problem
 * becomes one `invalid_input` / `invalid_data` reason. The messages and paths come from
 * `decision/` (`violation.missing/type/range`, `fieldPath`, `indexPath`) because the Wasm backend
 * must produce the same strings byte for byte.
 *
 * The walk is depth first in schema order: record fields in declaration order (library input
 * fragments and the built-in `approval` wherever the checker placed them in `pact.input`), each
 * field fully checked — nested records and list elements included, elements in index order —
 * before the next field. Per value:
 *
 * | type            | conforms when                                   | otherwise                 |
 * |-----------------|-------------------------------------------------|---------------------------|
 * | `bool`          | a JSON boolean                                  | `P must be a bool`        |
 * | `int`           | a finite number with no fractional part         | `P must be an int`        |
 * | `number`        | a finite number                                 | `P must be a number`      |
 * | `duration`      | a finite number (seconds; negative allowed)     | `P must be a duration …`  |
 * | `string`        | a string                                        | `P must be a string`      |
 * | enum            | a string that is one of the members             | `P must be one of "a", …` |
 * | `set`/`list`    | an array; then each element, `P[i]`             | `P must be a set`/`a list`|
 * | record          | a plain object (not an array, not null); fields | `P must be an object`     |
 *
 * A value of the wrong type yields exactly one message and is not descended into. A number of
 * the right type outside its `@range(lo, hi)` (inclusive) yields `P must be between lo and hi`,
 * with the bounds printed as written in the source (`@range(0.0, 1)` prints `0.0` and `1`), which
 * is why the bounds' text is looked up in the AST rather than re-printed from the numbers.
 *
 * Absence and `null` — the rule the language guide quotes:
 *
 *   A field whose value is JSON `null` is treated as absent when the field is optional (so the
 *   input conforms and `has` on it is false), and as a value of the wrong type when the field is
 *   required (`input.action.tool must be a string`). A required field that is not there at all
 *   is `input.action.tool is required`.
 *
 * Fields present in the value but not declared in the schema are ignored (spec §3). Sets are not
 * checked for duplicates: a set is a JSON array whose order does not matter to membership.
 */
import type { CheckedPact, FieldType, RecordType, Type } from '../check/types.js';
import { fieldPath, indexPath, violation } from '../decision/index.js';

/** The bounds of a `@range` as written in the source, keyed by the checked field they belong to. */

/** A schema of one document (`input` or `data`) ready for validation. */
export interface DocumentSchema {
  /** The root name used in violation paths: `input` or `data`. */
  readonly root: string;
  readonly type: RecordType;
}

/**
 * Validates `value` against `schema` and returns the violation messages in schema order; an
 * empty list means the value conforms. `undefined` (absent) is reported like any non-object:
 * `input must be an object`.
 */
export function validate(value: unknown, schema: DocumentSchema): string[] {
  const out: string[] = [];
  checkValue(value, schema.type, schema.root, undefined, out);
  return out;
}

/** Builds the input and data schemas of a pact, with the `@range` bounds as written. */
export function documentSchemas(pact: CheckedPact): { readonly input: DocumentSchema; readonly data: DocumentSchema } {
  return {
    input: { root: 'input', type: pact.input },
    data: { root: 'data', type: pact.data },
  };
}

/** True for a JSON object: not null, not an array. */
export function isRecord(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads field `name` of a record the way validation and evaluation both see it: `undefined`
 * when the field is absent, not an own property, or JSON `null`.
 */
export function fieldOf(record: { readonly [key: string]: unknown }, name: string): unknown {
  if (!Object.hasOwn(record, name)) return undefined;
  const v = record[name];
  return v === null ? undefined : v;
}

// ---------------------------------------------------------------------------------------------
// The walk

function checkValue(
  value: unknown,
  type: Type,
  path: string,
  field: FieldType | undefined,
  out: string[],
): void {
  switch (type.kind) {
    case 'bool':
      if (typeof value !== 'boolean') out.push(violation.type(path, { kind: 'bool' }));
      return;
    case 'string':
      if (typeof value !== 'string') out.push(violation.type(path, { kind: 'string' }));
      return;
    case 'int':
    case 'number':
    case 'duration': {
      const ok = typeof value === 'number' && Number.isFinite(value) && (type.kind !== 'int' || Number.isInteger(value));
      if (!ok) {
        out.push(violation.type(path, { kind: type.kind }));
        return;
      }
      const range = field?.range;
      if (range && ((value as number) < range[0] || (value as number) > range[1])) {
        const [lo, hi] = field?.rangeText ?? [String(range[0]), String(range[1])];
        out.push(violation.range(path, lo, hi));
      }
      return;
    }
    case 'enum':
      if (typeof value !== 'string' || !type.members.includes(value)) {
        out.push(violation.type(path, { kind: 'enum', members: type.members }));
      }
      return;
    case 'set':
    case 'list':
      if (!Array.isArray(value)) {
        out.push(violation.type(path, { kind: type.kind }));
        return;
      }
      value.forEach((item: unknown, i) => checkValue(item, type.element, indexPath(path, i), undefined, out));
      return;
    case 'record':
      if (!isRecord(value)) {
        out.push(violation.type(path, { kind: 'object' }));
        return;
      }
      for (const f of type.fields) {
        const p = fieldPath(path, f.name);
        if (!Object.hasOwn(value, f.name)) {
          if (!f.optional) out.push(violation.missing(p));
          continue;
        }
        const v = value[f.name];
        // INVARIANT: null on an optional field is absence (see the header); on a required field
        // it falls through to the type check below and is reported as the wrong type.
        if (v === null && f.optional) continue;
        checkValue(v, f.type, p, f, out);
      }
      return;
    case 'error':
      // Only the checker builds a CheckedPact, and only when there are no errors.
      throw new Error(`internal: the schema at \`${path}\` has a type error`);
  }
}
