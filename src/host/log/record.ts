/**
 * The decision record and its hash chain.
 *
 * One record per decision, one record per line. Field names follow OPA's decision-log event
 * (`decision_id`, `timestamp`, `path`, `input`, `result`, `bundles`, `labels`, `erased`,
 * `masked`, `requested_by`, `trace_id`, `span_id`, `metrics`, `custom`) so that tools written
 * for OPA's logs read ours; pactc adds `data` (what the policy's data document was: see
 * {@link DataRecord}), `non_finite` (input numbers JSON cannot hold, logged as strings),
 * `bundle_digest`, `seq`, `prev_hash` and `hash`.
 *
 * THE RECIPE (what a verifier in any language implements):
 *
 *   canonical(v)  = the JSON Canonicalization Scheme, RFC 8785: no whitespace; object members
 *                   sorted by their keys compared as UTF-16 code units; strings and numbers as
 *                   ECMAScript's `JSON.stringify` writes them (shortest round-trip numbers,
 *                   minimal string escapes, non-ASCII as is). In JavaScript: `JSON.stringify`
 *                   with keys sorted by the default `Array.prototype.sort` at every level.
 *                   (One deviation: a string holding a lone UTF-16 surrogate, which RFC 8785
 *                   rejects, is written as `JSON.stringify` writes it, as a `\udxxx` escape.)
 *   hash(r)       = lowercase hex SHA-256 of the UTF-8 bytes of canonical(r without `hash`).
 *   line(r)       = canonical(r) (with `hash`), then one `\n` (0x0A).
 *   seq           = 0 for the first record of a log, then +1 per record, no gaps.
 *   prev_hash     = the previous record's `hash`; for seq 0, 64 zeros (GENESIS_HASH).
 *
 * So `prev_hash` is inside what `hash` covers, and each record commits to the whole chain
 * before it. A file is valid when every line is exactly line(JSON.parse(line)), every `hash`
 * recomputes, and seq and prev_hash link each record to the one before. Because lines are
 * canonical, *any* byte change to a line is visible — even one that would parse to the same
 * value, such as `1e21` → `1E21` or a trailing `\r`.
 *
 * What the chain does not prove: that nothing was cut off the end, or that the whole chain was
 * not rewritten and re-hashed by someone with write access — there is no secret in it. Anchor
 * the head (`DecisionLogger.head()`, or the last line's `seq` and `hash`) somewhere the writer
 * cannot rewrite, and pass it to `verifyLog` as `expectedHead`.
 *
 * Before hashing, a record is normalised through JSON (`JSON.parse(JSON.stringify(r))`), so the
 * value in memory, the line written, and the value a verifier parses are the same: `undefined`
 * members are dropped, `NaN` becomes `null`, a `Date` becomes its ISO string. (The logger keeps
 * the input's non-finite numbers as the strings `"Infinity"`, `"-Infinity"`, `"NaN"` instead,
 * listed in `non_finite`, because `null` would misstate what the policy was given.)
 */
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first record of a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The shape of `hash`, `prev_hash`: 64 lowercase hex digits. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** The value logged for a masked field (OPA's mask policies commonly upsert the same). */
export const MASK = '***';

/**
 * The data a decision was made with, compactly: a digest of the whole data object, and what the
 * host changed relative to the bundle's `data.json` — so that `replay` can rebuild it exactly
 * from the bundle plus the record. Exactly one of `overrides` and `document` is present.
 */
export interface DataRecord {
  /**
   * Lowercase hex SHA-256 of the canonical JSON (this file's recipe) of the pact's data object
   * as the policy saw it — the value at `data.pact.NAME`, defaults included.
   */
  readonly digest: string;
  /**
   * The fields the host set at run time (controls such as `kill_switch` and `revoked`, and
   * `setData` patches), replacing the bundle's defaults field by field. `{}`: the defaults.
   */
  readonly overrides?: { readonly [field: string]: unknown };
  /** The whole data object, when the host replaced it (`replaceData`) instead of patching. */
  readonly document?: unknown;
}

/** One decision as the log records it. Fields in OPA's order, then pactc's. */
export interface DecisionRecord {
  /** A unique id per decision: a UUID v4 unless the logger was given an id source. */
  readonly decision_id: string;
  /** When the decision was recorded, RFC 3339 in UTC with milliseconds. */
  readonly timestamp: string;
  /** The entrypoint that decided: `pact/NAME/decision`. */
  readonly path: string;
  /** The input, with the `@sensitive` fields masked; absent when the host had none. */
  readonly input?: unknown;
  /** The decision document (spec §6) or whatever the entrypoint returned. */
  readonly result?: unknown;
  /** The bundle that decided, by name: `{ refund_agent: { revision } }`, as OPA writes it. */
  readonly bundles: { readonly [name: string]: { readonly revision: string } };
  /** Host labels (OPA: `id`, `version`, …). */
  readonly labels: { readonly [key: string]: string };
  /** JSON pointers of input fields removed before logging (OPA's `erased`). */
  readonly erased?: readonly string[];
  /** JSON pointers of input fields replaced by `"***"` before logging (OPA's `masked`). */
  readonly masked?: readonly string[];
  /**
   * JSON pointers of input numbers JSON cannot hold (`Infinity`, `-Infinity`, `NaN`), logged as
   * the strings `"Infinity"`, `"-Infinity"`, `"NaN"` (a pactc field; replay turns them back).
   */
  readonly non_finite?: readonly string[];
  /** Who asked, e.g. the agent's address (OPA's `requested_by`). */
  readonly requested_by?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  /** Timings and counters (OPA's `metrics`). */
  readonly metrics?: { readonly [key: string]: number };
  /** Anything else the host wants kept with the decision (OPA's `custom`). */
  readonly custom?: { readonly [key: string]: unknown };
  /** The data the decision was made with (written by the embedded host; absent otherwise). */
  readonly data?: DataRecord;
  /** SHA-256 of the whole bundle file, lowercase hex. */
  readonly bundle_digest: string;
  /** The record's position in the log, from 0. */
  readonly seq: number;
  /** The previous record's `hash`; {@link GENESIS_HASH} for seq 0. */
  readonly prev_hash: string;
  /** See the recipe in the file header. */
  readonly hash: string;
}

/** The last record of a chain, which the next one links to. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Writes `value` as canonical JSON (RFC 8785, see the file header). `value` must be JSON. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // INVARIANT: callers pass normalised JSON values, so this is a string, number or boolean.
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as { readonly [key: string]: unknown };
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a record: SHA-256 over the canonical JSON of the record without `hash`. */
export function recordHash(record: { readonly [key: string]: unknown }): string {
  const { hash: _, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/**
 * Hashes a record (given without `hash`, normalised) and writes its line, serialising each member
 * once: the same `hash` as {@link recordHash} and the same line as {@link recordLine} of the
 * record with that hash, at half the cost (the logger's hot path).
 */
export function sealRecord(unhashed: { readonly [key: string]: unknown }): { readonly hash: string; readonly line: string } {
  const keys = Object.keys(unhashed)
    .filter((k) => k !== 'hash')
    .sort();
  const parts = keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(unhashed[k])}`);
  const hash = sha256Hex(`{${parts.join(',')}}`);
  // `hash` goes where the default sort puts it (UTF-16 code unit order, as `<` compares strings).
  const at = keys.findIndex((k) => k > 'hash');
  parts.splice(at < 0 ? parts.length : at, 0, `"hash":${JSON.stringify(hash)}`);
  return { hash, line: `{${parts.join(',')}}` };
}

/** The line a record is written as, without its newline: its canonical JSON. */
export function recordLine(record: DecisionRecord): string {
  return canonicalJson(record);
}

/** The digest a logger records as `bundle_digest`: lowercase hex SHA-256 of the bundle's bytes. */
export function bundleDigest(bundle: Uint8Array): string {
  return sha256Hex(bundle);
}

/**
 * Normalises a value through JSON, as the header explains. Throws `TypeError` for values JSON
 * cannot hold (BigInt, cycles).
 */
export function jsonNormalise<T>(value: T): T {
  const text = JSON.stringify(value);
  // `JSON.stringify(undefined)` is undefined: an absent value stays absent.
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}
