/**
 * Reading one log line back: shared by `verifyLog` and by the file sink's tail check.
 *
 * A line is well formed when it is UTF-8, parses as a JSON object, and has the fields a record
 * needs to take part in the chain (`decision_id`, `timestamp`, `path`, `bundles`, `labels`,
 * `bundle_digest` of the right JSON types, `seq` a non-negative integer, `hash` and `prev_hash`
 * 64 lowercase hex digits). A well-formed line is *intact* when it is byte for byte its own
 * canonical form and its `hash` recomputes (recipe in `record.ts`).
 */
import { canonicalJson, HASH_PATTERN, recordHash, type DecisionRecord } from './record.js';

/** What one line holds. */
export type LineReading =
  | { readonly kind: 'malformed'; readonly reason: string }
  | {
      readonly kind: 'record';
      readonly record: DecisionRecord;
      /** The line is exactly the canonical JSON of what it parses to. */
      readonly canonical: boolean;
      /** The stored `hash` equals the recomputed one. */
      readonly hashOk: boolean;
    };

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads one line (without its newline), given as UTF-8 bytes or as text. */
export function readLine(line: Uint8Array | string): LineReading {
  let text: string;
  if (typeof line === 'string') text = line;
  else {
    try {
      text = DECODER.decode(line);
    } catch {
      return { kind: 'malformed', reason: 'is not valid UTF-8' };
    }
  }
  if (text.length === 0) return { kind: 'malformed', reason: 'is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'malformed', reason: `is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed', reason: 'is not a JSON object' };
  }
  const r = value as { readonly [key: string]: unknown };
  const problem = shapeProblem(r);
  if (problem) return { kind: 'malformed', reason: problem };
  return {
    kind: 'record',
    record: r as unknown as DecisionRecord,
    canonical: canonicalJson(r) === text,
    hashOk: recordHash(r) === r.hash,
  };
}

function shapeProblem(r: { readonly [key: string]: unknown }): string | undefined {
  const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
  const checks: readonly [string, (v: unknown) => boolean, string][] = [
    ['seq', (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, 'a non-negative integer'],
    ['hash', (v) => typeof v === 'string' && HASH_PATTERN.test(v), '64 lowercase hex digits'],
    ['prev_hash', (v) => typeof v === 'string' && HASH_PATTERN.test(v), '64 lowercase hex digits'],
    ['decision_id', (v) => typeof v === 'string', 'a string'],
    ['timestamp', (v) => typeof v === 'string', 'a string'],
    ['path', (v) => typeof v === 'string', 'a string'],
    ['bundle_digest', (v) => typeof v === 'string', 'a string'],
    ['bundles', isObject, 'an object'],
    ['labels', isObject, 'an object'],
  ];
  for (const [name, ok, what] of checks) {
    if (!Object.hasOwn(r, name)) return `is not a record: \`${name}\` is missing`;
    if (!ok(r[name])) return `is not a record: \`${name}\` must be ${what}`;
  }
  return undefined;
}
