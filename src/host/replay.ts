/**
 * Replaying a decision log: re-deciding every record's input and comparing with what was logged.
 *
 * Policies are pure (spec §5): a decision depends only on the input and the data, so a record
 * replayed against the same bundle with the same data must give the same document. Replay
 * checks that — evidence that the log shows what the policy decided — and, against another
 * bundle, shows what a new version would have decided differently (a what-if over real traffic).
 *
 * Per record, in file order:
 *
 * 1. **Which records.** Lines that are not records are skipped (`pactc log verify` reports them);
 *    so are records of another pact or entrypoint. A decision record is replayed through the
 *    decision entrypoint, an explain record through the explain entrypoint.
 * 2. **Masked input is not replayed.** The log never holds the values of `@sensitive` fields (it
 *    holds `"***"`), and a decision may depend on them (`card.number matches "4000*"`) — so
 *    re-deciding the masked input proves nothing either way. A record whose `masked` or `erased`
 *    list is non-empty is *skipped*, with the fields named; records in which no sensitive field
 *    was present are replayed exactly. (Pacts whose sensitive fields are optional and rare lose
 *    little; a host that must replay everything keeps the originals elsewhere, under its own
 *    access control, and replays from them.)
 * 3. **The data it was decided with.** The record's `data` holds the host's changes (controls,
 *    patches — or a whole document) and the digest of the effective data object. Replay rebuilds
 *    the data as *the replay bundle's* defaults under those changes and compares digests: equal
 *    means the very same data; different means the bundle's defaults differ from those the
 *    decision was made with (reported per record as `dataMatches: false`, and counted). A record
 *    without `data` (written by another tool) is replayed with the defaults. `options.data`
 *    patches the recorded data field by field — a what-if — and then digests are not compared.
 * 4. **Compare.** The replayed document and the logged `result` are compared as canonical JSON;
 *    any difference — effect, rules, reasons, approvers, grants, trace — is a difference, listed
 *    by top-level field.
 *
 * Replay also verifies the log's chain (`verifyLog`) and returns the result, so a tool can say
 * that a replay of a tampered log is not evidence; replay itself goes on either way.
 */
import type { VerifyOptions } from '../bundle/index.js';
import { changesFromRecord, dataDigest, effectiveData, NO_CHANGES, patchChanges, type DataChanges, type DataObject } from './data-state.js';
import { canonicalJson, jsonNormalise, readLine, verifyLog, type Verification } from './log/index.js';
import { loadBundle, type BundleInfo } from './pact.js';

/** Options of {@link replayLog}. */
export interface ReplayOptions {
  /** Verify the replay bundle's signature first. */
  readonly verification?: VerifyOptions;
  /** Data fields patched over every record's recorded data (a what-if); digests are then not compared. */
  readonly data?: DataObject;
}

/** What happened to one line. */
export type ReplayStatus = 'same' | 'different' | 'skipped';

/** One line of the log, replayed or skipped. */
export interface ReplayEntry {
  /** The 1-based line. */
  readonly line: number;
  /** The record's seq, when the line is a record. */
  readonly seq: number | null;
  readonly decisionId: string | null;
  readonly status: ReplayStatus;
  /** Why a record was skipped. */
  readonly reason?: string;
  /** The logged result and the replayed one (replayed records). */
  readonly logged?: unknown;
  readonly replayed?: unknown;
  /** The top-level fields that differ (`effect`, `rules`, `grants`, …). */
  readonly fields?: readonly string[];
  /**
   * Whether the data replayed is exactly the data recorded (equal digests); undefined when the
   * record has no data digest or `options.data` changed it on purpose.
   */
  readonly dataMatches?: boolean;
  /** Whether the record was decided by this very bundle file (equal `bundle_digest`). */
  readonly bundleMatches?: boolean;
}

/** What {@link replayLog} found. */
export interface ReplayReport {
  /** The bundle replayed against. */
  readonly bundle: BundleInfo;
  readonly entries: readonly ReplayEntry[];
  readonly same: number;
  readonly different: number;
  readonly skipped: number;
  /** Replayed records whose data digest differs from the recorded one. */
  readonly dataMismatches: number;
  /** Replayed records decided by another bundle file. */
  readonly otherBundle: number;
  /** The log's own verification (chain, edits, order). */
  readonly verification: Verification;
  /** No differences. */
  readonly ok: boolean;
}

/**
 * Replays every record of a log (its text or bytes) against a bundle (a path or its bytes); see
 * the file header. The bundle is loaded afresh, without a log.
 *
 * @example
 * ```ts
 * const report = await replayLog(await readFile('decisions.jsonl'), 'refunds.tar.gz');
 * for (const e of report.entries) if (e.status === 'different') console.log(e.line, e.fields);
 * ```
 */
export async function replayLog(log: string | Uint8Array, bundle: string | Uint8Array, options: ReplayOptions = {}): Promise<ReplayReport> {
  const pact = await loadBundle(bundle, options.verification ? { verification: options.verification } : {});
  const info = pact.info;
  const paths = { decision: `pact/${info.name}/decision`, explain: `pact/${info.name}/explain` };
  const text = typeof log === 'string' ? log : Buffer.from(log.buffer, log.byteOffset, log.byteLength).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();

  const entries: ReplayEntry[] = [];
  let pushed: string | undefined;
  lines.forEach((line, i) => {
    const reading = readLine(line);
    const at = { line: i + 1 };
    if (reading.kind === 'malformed') {
      entries.push({ ...at, seq: null, decisionId: null, status: 'skipped', reason: `not a record: the line ${reading.reason}` });
      return;
    }
    const r = reading.record;
    const id = { ...at, seq: r.seq, decisionId: r.decision_id };
    const kind = r.path === paths.decision ? 'decision' : r.path === paths.explain ? 'explain' : undefined;
    if (!kind) {
      entries.push({ ...id, status: 'skipped', reason: `decided by \`${r.path}\`, not by pact \`${info.name}\`` });
      return;
    }
    const hidden = [...(r.masked ?? []), ...(r.erased ?? [])].filter((p) => p.startsWith('/input'));
    if (hidden.length > 0) {
      entries.push({ ...id, status: 'skipped', reason: `the input has masked fields (${hidden.join(', ')}); the log does not hold their values` });
      return;
    }
    // The data: recorded changes (or defaults), then the what-if patch.
    let changes: DataChanges = (r.data && changesFromRecord(r.data)) ?? NO_CHANGES;
    if (options.data) changes = patchChanges(changes, options.data);
    const data = effectiveData(pact.defaultData(), changes);
    const key = canonicalJson(jsonNormalise(data) ?? null);
    if (key !== pushed) {
      pact.replaceData(data as DataObject);
      pushed = key;
    }
    const dataMatches = options.data || typeof r.data?.digest !== 'string' ? undefined : dataDigest(data) === r.data.digest;
    const replayed = jsonNormalise(kind === 'decision' ? pact.decide(r.input) : pact.explain(r.input));
    const fields = differingFields(r.result, replayed);
    entries.push({
      ...id,
      status: fields.length === 0 ? 'same' : 'different',
      logged: r.result,
      replayed,
      ...(fields.length > 0 ? { fields } : {}),
      ...(dataMatches !== undefined ? { dataMatches } : {}),
      bundleMatches: r.bundle_digest === info.digest,
    });
  });
  await pact.close();

  const count = (s: ReplayStatus): number => entries.filter((e) => e.status === s).length;
  const different = count('different');
  return {
    bundle: info,
    entries,
    same: count('same'),
    different,
    skipped: count('skipped'),
    dataMismatches: entries.filter((e) => e.dataMatches === false).length,
    otherBundle: entries.filter((e) => e.bundleMatches === false).length,
    verification: verifyLog(text),
    ok: different === 0,
  };
}

/** The top-level fields in which two results differ (`result` when they are not both objects). */
function differingFields(logged: unknown, replayed: unknown): string[] {
  if (canonicalJson(logged ?? null) === canonicalJson(replayed ?? null)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(logged) || !isObj(replayed)) return ['result'];
  const keys = [...new Set([...Object.keys(replayed), ...Object.keys(logged)])];
  return keys.filter((k) => canonicalJson(logged[k] ?? null) !== canonicalJson(replayed[k] ?? null));
}

/** A one-line summary of a decision document: `permit by small_refund`. */
export function describeResult(result: unknown): string {
  const d = result as { readonly effect?: unknown; readonly rules?: unknown } | null | undefined;
  if (!d || typeof d !== 'object' || typeof d.effect !== 'string') return JSON.stringify(result) ?? 'nothing';
  const rules = Array.isArray(d.rules) ? [...new Set(d.rules)].join(', ') : '';
  return rules ? `${d.effect} by ${rules}` : d.effect;
}
