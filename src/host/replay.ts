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
 * 1. **Which records, with which bundle.** Lines that are not records are not replayed
 *    (`unreadable`; `pactc log verify` reports them too). Each record is replayed with a bundle of
 *    the pact that decided it (its `path`): with the one given, or — when several bundles of that
 *    pact are given, as for a log that spans a hot swap — with the one that decided it, found by
 *    the record's `bundle_digest`, else by its revision. A record that no bundle given can
 *    replay (another pact; or, among several, no bundle of its revision) is not replayed
 *    (`unmatched`). A decision record is replayed through the decision entrypoint, an explain
 *    record through the explain entrypoint. Numbers the log keeps as strings because JSON cannot
 *    hold them (`non_finite`) are turned back into numbers first.
 * 2. **Masked input is not replayed.** The log never holds the values of `@sensitive` fields (it
 *    holds `"***"`), and a decision may depend on them (`card.number matches "4000*"`) — so
 *    re-deciding the masked input proves nothing either way. A record whose `masked` or `erased`
 *    list names an input field is not replayed (`masked`), with the fields named; records in
 *    which no sensitive field
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
 *
 * The report is `ok` only when something was replayed and nothing is wrong: no record differs,
 * every line is a record, and every record was replayable with a bundle given. Records not
 * replayed because of masked fields are reported (`masked`) but fail the replay only when no
 * record at all could be replayed.
 */
import type { VerifyOptions } from '../bundle/index.js';
import { changesFromRecord, dataDigest, effectiveData, NO_CHANGES, patchChanges, type DataChanges, type DataObject } from './data-state.js';
import { PactDataError } from './errors.js';
import { canonicalJson, jsonNormalise, readLine, verifyLog, type DecisionRecord, type Verification } from './log/index.js';
import { restoreNonFinite } from './non-finite.js';
import { loadBundle, unknownDataFields, type BundleInfo, type Pact } from './pact.js';

/** Options of {@link replayLog}. */
export interface ReplayOptions {
  /** Verify the replay bundles' signatures first. */
  readonly verification?: VerifyOptions;
  /**
   * Data fields patched over every record's recorded data (a what-if); digests are then not
   * compared. A field that a replay bundle's pact does not declare is refused (`PactDataError`).
   */
  readonly data?: DataObject;
}

/** What happened to one line. */
export type ReplayStatus = 'same' | 'different' | 'skipped';

/**
 * Why a line was not replayed: `masked` — the record's input has masked sensitive fields;
 * `unmatched` — no bundle given decides it (another pact, or among several bundles of its pact
 * none of its revision); `unreadable` — the line is not a record (or its `non_finite` list is
 * broken).
 */
export type ReplaySkip = 'masked' | 'unmatched' | 'unreadable';

/** One line of the log, replayed or skipped. */
export interface ReplayEntry {
  /** The 1-based line. */
  readonly line: number;
  /** The record's seq, when the line is a record. */
  readonly seq: number | null;
  readonly decisionId: string | null;
  readonly status: ReplayStatus;
  /** Why a line was skipped (status `skipped`). */
  readonly skip?: ReplaySkip;
  /** Why a record was skipped, in words. */
  readonly reason?: string;
  /** The index of the bundle it was replayed with, in the order given (replayed records). */
  readonly bundle?: number;
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
  /** The (first) bundle replayed with. */
  readonly bundle: BundleInfo;
  /** Every bundle replayed with, in the order given. */
  readonly bundles: readonly BundleInfo[];
  readonly entries: readonly ReplayEntry[];
  /** Lines that are records. */
  readonly records: number;
  /** Records replayed: `same + different`. */
  readonly replayed: number;
  readonly same: number;
  readonly different: number;
  /** Lines not replayed: `masked + unmatched + unreadable`. */
  readonly skipped: number;
  /** Records not replayed because their input has masked sensitive fields. */
  readonly masked: number;
  /** Records not replayed because no bundle given decides them. */
  readonly unmatched: number;
  /** Lines not replayed because they are not records. */
  readonly unreadable: number;
  /** Replayed records whose data digest differs from the recorded one. */
  readonly dataMismatches: number;
  /** Replayed records decided by another bundle file than the one they were replayed with. */
  readonly otherBundle: number;
  /** The log's own verification (chain, edits, order). */
  readonly verification: Verification;
  /**
   * At least one record was replayed, none differs, every line is a record and every record
   * was replayable with a bundle given (records with masked input are allowed).
   */
  readonly ok: boolean;
}

/**
 * Replays every record of a log (its text or bytes) against a bundle, or several bundles of the
 * pact (paths or bytes) — each record with the one that decided it; see the file header. The
 * bundles are loaded afresh, without a log.
 *
 * @example
 * ```ts
 * const report = await replayLog(await readFile('decisions.jsonl'), ['refunds-1.2.0.tar.gz', 'refunds-1.3.0.tar.gz']);
 * for (const e of report.entries) if (e.status === 'different') console.log(e.line, e.fields);
 * ```
 */
export async function replayLog(
  log: string | Uint8Array,
  bundles: string | Uint8Array | readonly (string | Uint8Array)[],
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const sources = typeof bundles === 'string' || bundles instanceof Uint8Array ? [bundles] : bundles;
  const pacts: Pact[] = [];
  try {
    for (const source of sources) pacts.push(await loadBundle(source, options.verification ? { verification: options.verification } : {}));
    return replayLogWith(log, pacts, { ...(options.data ? { data: options.data } : {}) });
  } finally {
    for (const p of pacts) await p.close();
  }
}

/**
 * {@link replayLog} with bundles already loaded (for callers that load them themselves, to
 * report a bad bundle by name). The pacts' data is replaced as records require: pass pacts
 * loaded for the replay, not ones deciding for a host.
 */
export function replayLogWith(log: string | Uint8Array, pacts: readonly Pact[], options: { readonly data?: DataObject } = {}): ReplayReport {
  if (pacts.length === 0) throw new TypeError('replay needs at least one bundle');
  if (options.data) {
    for (const p of pacts) {
      const errors = p.dataFields ? unknownDataFields(p.dataFields, options.data) : [];
      if (errors.length > 0) throw new PactDataError(p.info.name, errors, 'the replay data');
    }
  }
  const text = typeof log === 'string' ? log : Buffer.from(log.buffer, log.byteOffset, log.byteLength).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const pushed = new Map<Pact, string>();
  const several = pacts.length > 1;

  const entries: ReplayEntry[] = [];
  lines.forEach((line, i) => {
    const reading = readLine(line);
    const at = { line: i + 1 };
    if (reading.kind === 'malformed') {
      entries.push({ ...at, seq: null, decisionId: null, status: 'skipped', skip: 'unreadable', reason: `not a record: the line ${reading.reason}` });
      return;
    }
    const r = reading.record;
    const id = { ...at, seq: r.seq, decisionId: r.decision_id };
    const chosen = chooseBundle(r, pacts);
    if ('reason' in chosen) {
      entries.push({ ...id, status: 'skipped', skip: 'unmatched', reason: several || chosen.otherPact === false ? chosen.reason : `decided by \`${r.path}\`, not by pact \`${(pacts[0] as Pact).info.name}\`` });
      return;
    }
    const { pact, index, kind } = chosen;
    const hidden = [...(r.masked ?? []), ...(r.erased ?? [])].filter((p) => p.startsWith('/input'));
    if (hidden.length > 0) {
      entries.push({ ...id, status: 'skipped', skip: 'masked', reason: `the input has masked fields (${hidden.join(', ')}); the log does not hold their values` });
      return;
    }
    const input = restoreNonFinite(r.input, Array.isArray(r.non_finite) ? r.non_finite : []);
    if ('problem' in input) {
      entries.push({ ...id, status: 'skipped', skip: 'unreadable', reason: `not replayable: ${input.problem}` });
      return;
    }
    // The data: recorded changes (or defaults), then the what-if patch.
    let changes: DataChanges = (r.data && changesFromRecord(r.data)) ?? NO_CHANGES;
    if (options.data) changes = patchChanges(changes, options.data);
    const data = effectiveData(pact.defaultData(), changes);
    const key = canonicalJson(jsonNormalise(data) ?? null);
    if (key !== pushed.get(pact)) {
      pact.setDocument(data);
      pushed.set(pact, key);
    }
    const dataMatches = options.data || typeof r.data?.digest !== 'string' ? undefined : dataDigest(data) === r.data.digest;
    const replayed = jsonNormalise(kind === 'decision' ? pact.decide(input.value) : pact.explain(input.value));
    const fields = differingFields(r.result, replayed);
    entries.push({
      ...id,
      status: fields.length === 0 ? 'same' : 'different',
      bundle: index,
      logged: r.result,
      replayed,
      ...(fields.length > 0 ? { fields } : {}),
      ...(dataMatches !== undefined ? { dataMatches } : {}),
      bundleMatches: r.bundle_digest === pact.info.digest,
    });
  });

  const count = (s: ReplayStatus): number => entries.filter((e) => e.status === s).length;
  const skipped = (k: ReplaySkip): number => entries.filter((e) => e.skip === k).length;
  const same = count('same');
  const different = count('different');
  const unmatched = skipped('unmatched');
  const unreadable = skipped('unreadable');
  return {
    bundle: (pacts[0] as Pact).info,
    bundles: pacts.map((p) => p.info),
    entries,
    records: entries.filter((e) => e.seq !== null).length,
    replayed: same + different,
    same,
    different,
    skipped: count('skipped'),
    masked: skipped('masked'),
    unmatched,
    unreadable,
    dataMismatches: entries.filter((e) => e.dataMatches === false).length,
    otherBundle: entries.filter((e) => e.bundleMatches === false).length,
    verification: verifyLog(text),
    ok: same + different > 0 && different === 0 && unmatched === 0 && unreadable === 0,
  };
}

/**
 * The bundle to replay a record with (see the file header), or why there is none
 * (`otherPact`: no bundle of the record's pact was given).
 */
function chooseBundle(
  r: DecisionRecord,
  pacts: readonly Pact[],
): { readonly pact: Pact; readonly index: number; readonly kind: 'decision' | 'explain' } | { readonly reason: string; readonly otherPact: boolean } {
  const candidates: { pact: Pact; index: number; kind: 'decision' | 'explain' }[] = [];
  pacts.forEach((pact, index) => {
    const name = pact.info.name;
    const kind = r.path === `pact/${name}/decision` ? 'decision' : r.path === `pact/${name}/explain` ? 'explain' : undefined;
    if (kind) candidates.push({ pact, index, kind });
  });
  if (candidates.length === 0) return { reason: `decided by \`${r.path}\`, which no bundle given decides`, otherPact: true };
  if (candidates.length === 1) return candidates[0] as (typeof candidates)[number];
  const byDigest = candidates.find((c) => c.pact.info.digest !== '' && c.pact.info.digest === r.bundle_digest);
  if (byDigest) return byDigest;
  const name = (candidates[0] as (typeof candidates)[number]).pact.info.name;
  const revision = r.bundles[name]?.revision;
  const byRevision = candidates.find((c) => c.pact.info.revision === revision);
  if (byRevision) return byRevision;
  return {
    reason: `decided by revision ${typeof revision === 'string' ? revision.slice(0, 12) : '(none)'} of pact \`${name}\`, which none of the bundles given is`,
    otherPact: false,
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
