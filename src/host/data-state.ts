/**
 * The run-time data of an embedded pact: the bundle's defaults plus what the host changed.
 *
 * A pact's data object (`data.pact.NAME`) starts as the bundle's `data.json` defaults. The host
 * changes it at run time — the kill switch, revocations, `setData` patches — and the next
 * decision sees the change. Those changes are kept apart from the defaults, as a value of
 * {@link DataChanges}:
 *
 * - `overrides`: top-level fields replacing the defaults field by field (what `setData`,
 *   `killSwitch`, `revoke` and `restore` produce; `{}` is "the defaults");
 * - `document`: the whole data object, replacing the defaults entirely (`replaceData`, for hosts
 *   that manage the document themselves, and for OPA's own `SetData` semantics).
 *
 * Keeping the changes apart gives two things:
 *
 * 1. **Hot swap carries controls over.** A swapped-in bundle gets its *own* defaults under the
 *    *same* changes: an engaged kill switch stays engaged, a revoked secret stays revoked, a
 *    threshold the operator tuned stays tuned, and a field the new pact added takes its new
 *    default. (A `document` is carried over as it is.) A field the new pact no longer declares
 *    is dropped from the changes ({@link withoutUndeclared}); the swap reports it.
 * 2. **Exact replay.** Every decision record holds a {@link DataRecord}: the changes plus a
 *    digest of the effective data object — SHA-256 of its canonical JSON, the log's recipe. A
 *    replayer rebuilds the data from the bundle's defaults and the changes, and the digest says
 *    whether it got exactly what the policy saw.
 *
 * Everything here is a pure function over immutable values; the `Pact` holds the current value.
 */
import { canonicalJson, jsonNormalise, sha256Hex, type DataRecord } from './log/index.js';

/** A JSON object of data fields. */
export type DataObject = { readonly [field: string]: unknown };

/** What the host changed relative to the bundle's defaults; see the file header. */
export type DataChanges =
  | { readonly kind: 'overrides'; readonly overrides: DataObject }
  | { readonly kind: 'document'; readonly document: unknown };

/** No changes: the bundle's defaults. */
export const NO_CHANGES: DataChanges = { kind: 'overrides', overrides: {} };

/** The controls every pact has, read from a data object. */
export interface Controls {
  /** `data.kill_switch` is exactly `true`: every action is forbidden. */
  readonly killSwitch: boolean;
  /** `data.revoked`: the revoked secret names, sorted. */
  readonly revoked: readonly string[];
}

/** Returns whether `v` is a plain JSON object (not an array, not null). */
export function isDataObject(v: unknown): v is DataObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The data object the policy sees: the defaults under the changes. */
export function effectiveData(defaults: DataObject, changes: DataChanges): unknown {
  return changes.kind === 'document' ? changes.document : { ...defaults, ...changes.overrides };
}

/**
 * Applies a field-by-field patch. A field set to `undefined` is unset: dropped from the
 * overrides (so it takes the bundle's default again), or from a replaced document. Over a
 * `document` that is not an object (a host may set any JSON value; the policy then forbids by
 * `invalid_data`), the patch starts a fresh object.
 */
export function patchChanges(changes: DataChanges, patch: DataObject): DataChanges {
  // Normalised through JSON, so later mutation of the caller's object changes nothing here.
  const p = jsonNormalise(patch) as DataObject;
  const unset = unsetFields(patch);
  if (changes.kind === 'overrides') return { kind: 'overrides', overrides: { ...without(changes.overrides, unset), ...p } };
  const base = isDataObject(changes.document) ? without(changes.document, unset) : {};
  return { kind: 'document', document: { ...base, ...p } };
}

/** The fields a patch sets to `undefined` (own, enumerable): those it unsets. */
function unsetFields(patch: DataObject): string[] {
  return Object.keys(patch).filter((k) => patch[k] === undefined);
}

/**
 * The changes without the fields a pact does not declare — what a hot swap to a version of the
 * pact that dropped a field does with an override of it (or with that field of a replaced
 * document) — and the fields so dropped.
 */
export function withoutUndeclared(changes: DataChanges, declared: readonly string[]): { readonly changes: DataChanges; readonly dropped: readonly string[] } {
  const held = changes.kind === 'overrides' ? changes.overrides : isDataObject(changes.document) ? changes.document : {};
  const dropped = Object.keys(held).filter((k) => !declared.includes(k));
  if (dropped.length === 0) return { changes, dropped };
  const kept = without(held, dropped);
  return { changes: changes.kind === 'overrides' ? { kind: 'overrides', overrides: kept } : { kind: 'document', document: kept }, dropped };
}

function without(o: DataObject, fields: readonly string[]): DataObject {
  return fields.length === 0 ? o : fieldsWhere(o, (k) => !fields.includes(k));
}

/** The fields of `o` whose names `keep` accepts, as own members (a `__proto__` key stays data). */
export function fieldsWhere(o: DataObject, keep: (field: string) => boolean): DataObject {
  const out: { [field: string]: unknown } = {};
  for (const k of Object.keys(o)) {
    if (keep(k)) Object.defineProperty(out, k, { value: o[k], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Replaces the whole data object. */
export function documentChanges(document: unknown): DataChanges {
  return { kind: 'document', document: jsonNormalise(document) };
}

/**
 * The digest of a data object: lowercase hex SHA-256 of its canonical JSON (RFC 8785, the
 * decision log's recipe), after normalising it through JSON.
 */
export function dataDigest(data: unknown): string {
  return sha256Hex(canonicalJson(jsonNormalise(data) ?? null));
}

/** The record a decision log keeps of the data: the digest of `data`, and the changes. */
export function dataRecord(changes: DataChanges, data: unknown): DataRecord {
  const digest = dataDigest(data);
  return changes.kind === 'overrides' ? { digest, overrides: changes.overrides } : { digest, document: changes.document };
}

/**
 * The changes a logged {@link DataRecord} describes, or undefined when it holds neither
 * `overrides` nor `document` (a record from another writer).
 */
export function changesFromRecord(record: DataRecord): DataChanges | undefined {
  if (Object.hasOwn(record, 'document')) return { kind: 'document', document: record.document };
  if (isDataObject(record.overrides)) return { kind: 'overrides', overrides: record.overrides };
  return undefined;
}

/** Reads the controls from a data object (absent or malformed fields read as off / none). */
export function controlsOf(data: unknown): Controls {
  const d = isDataObject(data) ? data : {};
  const revoked = Array.isArray(d['revoked']) ? d['revoked'].filter((s): s is string => typeof s === 'string') : [];
  return { killSwitch: d['kill_switch'] === true, revoked: [...new Set(revoked)].sort() };
}
