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
 *    With several bundles, a `data` field is patched into the records of the bundles whose pact
 *    declares it (and must be declared by at least one of them).
 * 4. **Compare.** The replayed document and the logged `result` are compared field by field as
 *    canonical JSON; a record is `different` when its *outcome* differs — effect, rules,
 *    reasons, approvers, grants, and for explanations the trace — listed by top-level field. The
 *    decision's `pact` field (the pact's name and version) names who decided, not what: replayed
 *    with a bundle of another revision than the one that decided the record (a new version:
 *    "what would change?"), a `pact` that differs is expected, and is reported apart
 *    (`versionChanged`, counted in `versionChanges`) instead of making every record different.
 *    Replayed with the revision that decided it, any difference, `pact` included, is one.
 *
 * Replay also verifies the log's chain (`verifyLog`, with `rotated`/`previous`/`expectedHead`
 * for a rotated segment or an anchored head, as `pactc log verify` takes them) and returns the
 * result, so a tool can say that a replay of a tampered log is not evidence; replay itself goes
 * on either way.
 *
 * The report is `ok` only when something was replayed and nothing is wrong: no record differs,
 * every line is a record, and every record was replayable with a bundle given. Records not
 * replayed because of masked fields are reported (`masked`) but fail the replay only when no
 * record at all could be replayed.
 */
import type { VerifyOptions } from '../bundle/index.js';
import { changesFromRecord, dataDigest, effectiveData, fieldsWhere, NO_CHANGES, patchChanges, type DataChanges, type DataObject } from './data-state.js';
import { PactDataError } from './errors.js';
import { canonicalJson, jsonNormalise, readLine, verifyLog, type ChainHead, type DecisionRecord, type Verification } from './log/index.js';
import type { SchemaError } from './schema/index.js';
import { restoreNonFinite } from './non-finite.js';
import { loadBundle, unknownDataFields, type BundleInfo, type Pact } from './pact.js';

/** Options of {@link replayLog}. */
export interface ReplayOptions {
  /** Verify the replay bundles' signatures first. */
  readonly verification?: VerifyOptions;
  /**
   * Data fields patched over every record's recorded data (a what-if); digests are then not
   * compared. Each field is patched into the records replayed with a bundle whose pact declares
   * it; a field no bundle given declares is refused (`PactDataError`).
   */
  readonly data?: DataObject;
  /** The log is a rotated segment: a first seq other than 0 is expected (as `verifyLog`'s option). */
  readonly rotated?: boolean;
  /** The last record of the previous segment, which the log's first record must continue (implies `rotated`). */
  readonly previous?: ChainHead;
  /** A head recorded outside the log, which the log must contain. */
  readonly expectedHead?: ChainHead;
}

/** Options of {@link replayLogWith}: those of {@link replayLog} but the bundles' verification. */
export interface ReplayWithOptions extends Omit<ReplayOptions, 'verification'> {
  /**
   * How to name each bundle in messages (the CLI passes the file names); `pact NAME VERSION`
   * (with the revision when two bundles share a version) unless given.
   */
  readonly names?: readonly string[];
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
  /** The top-level fields of the outcome that differ (`effect`, `rules`, `grants`, …). */
  readonly fields?: readonly string[];
  /**
   * The decision's `pact` field as logged and as replayed, when they differ and the record was
   * decided by another revision than the bundle replayed with (a new version): reported here,
   * not as a difference.
   */
  readonly versionChanged?: { readonly logged: unknown; readonly replayed: unknown };
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
  /** Replayed records whose decision names another pact version than logged (`versionChanged`), not counted as different. */
  readonly versionChanges: number;
  /**
   * `data` fields a bundle's pact does not declare, so that the records replayed with it were
   * replayed without them (several bundles; one entry per such bundle that replayed records).
   */
  readonly dataNotApplied: readonly { readonly bundle: number; readonly fields: readonly string[]; readonly records: number }[];
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
    const { verification: _, ...rest } = options;
    return replayLogWith(log, pacts, rest);
  } finally {
    for (const p of pacts) await p.close();
  }
}

/**
 * {@link replayLog} with bundles already loaded (for callers that load them themselves, to
 * report a bad bundle by name). The pacts' data is replaced as records require: pass pacts
 * loaded for the replay, not ones deciding for a host.
 */
export function replayLogWith(log: string | Uint8Array, pacts: readonly Pact[], options: ReplayWithOptions = {}): ReplayReport {
  if (pacts.length === 0) throw new TypeError('replay needs at least one bundle');
  const names = options.names ?? bundleNames(pacts.map((p) => p.info));
  const patch = options.data;
  if (patch) {
    const errors = undeclaredReplayData(pacts, patch, names);
    if (errors.length > 0) throw new PactDataError((pacts[0] as Pact).info.name, errors, 'the replay data');
  }
  // The part of the patch each bundle's pact declares.
  const patches = pacts.map((p) => {
    const declared = p.dataFields;
    return patch && declared ? fieldsWhere(patch, (k) => declared.includes(k)) : patch;
  });
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
    const own = patches[index];
    if (own) changes = patchChanges(changes, own);
    const data = effectiveData(pact.defaultData(), changes);
    const key = canonicalJson(jsonNormalise(data) ?? null);
    if (key !== pushed.get(pact)) {
      pact.setDocument(data);
      pushed.set(pact, key);
    }
    const dataMatches = patch || typeof r.data?.digest !== 'string' ? undefined : dataDigest(data) === r.data.digest;
    const replayed = jsonNormalise(kind === 'decision' ? pact.decide(input.value) : pact.explain(input.value));
    const differing = differingFields(r.result, replayed);
    // Who decided is not what was decided: against another revision, `pact` is reported apart.
    const decidedBy = decider(r, pact);
    const sameRevision = decidedBy !== undefined;
    const fields = sameRevision ? differing : differing.filter((f) => !IDENTITY_FIELDS.includes(f));
    const versionChanged = !sameRevision && differing.some((f) => IDENTITY_FIELDS.includes(f));
    entries.push({
      ...id,
      status: fields.length === 0 ? 'same' : 'different',
      bundle: index,
      logged: r.result,
      replayed,
      ...(fields.length > 0 ? { fields } : {}),
      ...(versionChanged ? { versionChanged: { logged: field(r.result, 'pact'), replayed: field(replayed, 'pact') } } : {}),
      ...(dataMatches !== undefined ? { dataMatches } : {}),
      bundleMatches: decidedBy === 'digest',
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
    versionChanges: entries.filter((e) => e.versionChanged !== undefined).length,
    dataNotApplied: patch
      ? pacts.flatMap((_, i) => {
          const fields = Object.keys(patch).filter((f) => !Object.hasOwn(patches[i] ?? {}, f));
          const records = entries.filter((e) => e.bundle === i).length;
          return fields.length > 0 && records > 0 ? [{ bundle: i, fields, records }] : [];
        })
      : [],
    verification: verifyLog(text, {
      ...(options.rotated ? { rotated: true } : {}),
      ...(options.previous ? { previous: options.previous } : {}),
      ...(options.expectedHead ? { expectedHead: options.expectedHead } : {}),
    }),
    ok: same + different > 0 && different === 0 && unmatched === 0 && unreadable === 0,
  };
}

/**
 * How the record names `pact` as the bundle that decided it: by the bundle file's digest, else
 * by the manifest revision; undefined when it names another bundle.
 */
function decider(r: DecisionRecord, pact: Pact): 'digest' | 'revision' | undefined {
  if (pact.info.digest !== '' && r.bundle_digest === pact.info.digest) return 'digest';
  return r.bundles[pact.info.name]?.revision === pact.info.revision ? 'revision' : undefined;
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
  const byDigest = candidates.find((c) => decider(r, c.pact) === 'digest');
  if (byDigest) return byDigest;
  const byRevision = candidates.find((c) => decider(r, c.pact) === 'revision');
  if (byRevision) return byRevision;
  const name = (candidates[0] as (typeof candidates)[number]).pact.info.name;
  const revision = r.bundles[name]?.revision;
  return {
    reason: `decided by revision ${typeof revision === 'string' ? revision.slice(0, 12) : '(none)'} of pact \`${name}\`, which none of the bundles given is`,
    otherPact: false,
  };
}

/** The fields of a decision that say who decided, not what (see the file header, step 4). */
const IDENTITY_FIELDS: readonly string[] = ['pact'];

/** Member `k` of `v` when `v` is an object. */
function field(v: unknown, k: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
}

/**
 * The errors for the fields of a replay's `data` that no bundle given declares, each naming the
 * bundle(s) by `names`, with a did-you-mean over the fields they declare. (A pact from
 * `Pact.fromWasm` declares any field.)
 */
function undeclaredReplayData(pacts: readonly Pact[], data: DataObject, names: readonly string[]): SchemaError[] {
  if (pacts.some((p) => p.dataFields === undefined)) return [];
  const declared = [...new Set(pacts.flatMap((p) => p.dataFields ?? []))];
  const which = pacts.length === 1 ? `a declared data field of ${names[0] ?? ''}` : `declared by any of the bundles given (${names.join(', ')})`;
  return unknownDataFields(declared, data, which);
}

/** `pact NAME VERSION` per bundle, with the revision where two share a version. */
function bundleNames(infos: readonly BundleInfo[]): string[] {
  return infos.map((b) => {
    const twin = infos.some((o) => o !== b && o.version === b.version);
    return `pact ${b.name} ${b.version}${twin ? ` (revision ${b.revision.slice(0, 12)})` : ''}`;
  });
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
