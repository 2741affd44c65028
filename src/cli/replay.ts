/**
 * `pactc replay LOG BUNDLE... [--data FILE] [--key KEY …] [--head|--previous SEQ:HASH] [--rotated] [--json]`
 * — re-decide a decision log.
 *
 * Every record of the log is decided again by a bundle, with the data it was decided with —
 * the bundle's defaults under the run-time changes the record holds (kill switch, revocations,
 * `setData` patches) — and compared with what was logged (`host/replay.ts` has the details).
 * Against the bundle that made the decisions this is evidence that the log shows what the policy
 * decided; against a new bundle it shows what would change. Output:
 *
 *     replaying decisions.jsonl with refunds.tar.gz: pact refund_agent 1.2.0, revision 6dc5c169d92a
 *     line 3 (seq 2): different (effect, rules, reasons, grants): logged permit by small_refund, replayed escalate by large_refund
 *     line 5 (seq 4): skipped: the input has masked fields (/input/action/card/number); the log does not hold their values
 *     note: 1 record was not replayed: the input has masked @sensitive fields, whose values the log does not hold
 *     note: 9 records were decided by another bundle file than the one replayed with
 *     note: 9 records were decided by another version of the pact (1.2.0) than replayed (1.3.0): the decisions' `pact` field differs accordingly, which is not counted as a difference
 *     note: 9 records were replayed with data other than recorded (the bundle's defaults differ)
 *     12 records: 10 same, 1 different, 1 skipped (1 masked)
 *
 * **Several bundles.** A log that spans a hot swap was decided by several revisions of the pact:
 * give them all (`pactc replay decisions.jsonl refunds-1.2.0.tar.gz refunds-1.3.0.tar.gz`) and
 * each record is replayed with the one that decided it (by bundle digest, else by revision). With
 * one bundle, every record of its pact is replayed with it, whatever revision decided it (a
 * what-if of a new version).
 *
 * **What fails the replay** (exit 1, with a `pactc: LOG: …` line on stderr saying why): a record
 * that differs; a line that is not a record (a file that is not a decision log at all says so);
 * a record that no bundle given decides (another pact's, or a revision none of several bundles
 * is); and a log in which nothing could be replayed. **Masked fields.** The log holds `"***"` for
 * `@sensitive` input fields, so a record in which one was present cannot be replayed
 * faithfully; it is reported, and fails the replay only when no record could be replayed.
 * **Data.** `--data FILE` patches every record's data field by field (a what-if: "with a limit of
 * 1000, what changes?"); each field goes into the records of the bundles whose pact declares it
 * (a note names a bundle that does not), and a field that no bundle given declares is an error
 * naming the bundle(s), exit 1. **A new version.** Replayed with another version of the pact, the
 * decision's `pact` field (name, version) differs in every record; that is not a difference of
 * outcome, so it is noted once and the record counts as the same unless its effect, rules,
 * reasons, approvers, grants or trace changed. **The chain.** A log that does not verify is
 * replayed anyway, with a warning; `--head`, `--previous SEQ:HASH` and `--rotated` say what
 * `pactc log verify` takes them to say (a rotated segment starts after seq 0).
 *
 * Exit status: 0 when something was replayed and nothing above went wrong, 1 otherwise (or when
 * the files cannot be read), 2 for usage errors. `--json` prints the whole report as JSON
 * instead of the text; the exit status and the stderr lines are the same.
 */
import { readFile } from 'node:fs/promises';
import { BundleError } from '../bundle/index.js';
import { PactDataError } from '../host/errors.js';
import { loadBundle, type Pact } from '../host/pact.js';
import { describeResult, replayLogWith, type ReplayEntry, type ReplayReport } from '../host/replay.js';
import { parseJson } from './eval.js';
import { absolute, CliError, type Io } from './io.js';
import { parseHead } from './log.js';
import { verificationOptions, type KeyOptions } from './verify.js';

/** Options of `pactc replay`. */
export interface ReplayCliOptions extends KeyOptions {
  readonly data?: string;
  readonly json?: boolean;
  /** As for `pactc log verify`: an anchored head, the previous segment's last record, a rotated segment. */
  readonly head?: string;
  readonly previous?: string;
  readonly rotated?: boolean;
}

/** Runs `pactc replay` with one bundle or several; returns the exit status. */
export async function runReplay(logPath: string, bundlePaths: string | readonly string[], opts: ReplayCliOptions, io: Io): Promise<number> {
  const paths = typeof bundlePaths === 'string' ? [bundlePaths] : bundlePaths;
  const chain = {
    ...(opts.head !== undefined ? { expectedHead: parseHead(opts.head, '--head') } : {}),
    ...(opts.previous !== undefined ? { previous: parseHead(opts.previous, '--previous') } : {}),
    ...(opts.rotated ? { rotated: true } : {}),
  };
  const log = await readBytes(io, logPath);
  let data: Record<string, unknown> | undefined;
  if (opts.data !== undefined) {
    const value = parseJson(Buffer.from(await readBytes(io, opts.data)).toString('utf8'), opts.data, 'data');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${opts.data}: data must be a JSON object of data fields`);
    data = value as Record<string, unknown>;
  }
  const verification = await verificationOptions(opts, io);
  const pacts: Pact[] = [];
  let report: ReplayReport;
  try {
    for (const path of paths) {
      const bytes = await readBytes(io, path);
      try {
        pacts.push(await loadBundle(bytes, verification ? { verification } : {}));
      } catch (e) {
        if (e instanceof BundleError) throw new CliError(`${path}: ${e.message}`);
        throw e;
      }
    }
    try {
      report = replayLogWith(log, pacts, { ...chain, ...(data ? { data } : {}), names: paths });
    } catch (e) {
      if (e instanceof PactDataError) throw new CliError(`${opts.data}: ${e.errors.map((x) => x.message).join('; ')}`);
      throw e;
    }
  } finally {
    for (const p of pacts) await p.close();
  }

  if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  // A file with no record in it is not a log: the error says so, line by line would be noise.
  else if (report.records > 0) printReport(report, logPath, paths, opts, io);
  for (const problem of failures(report)) io.stderr(`pactc: ${logPath}: ${problem}\n`);
  return report.ok ? 0 : 1;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function printReport(report: ReplayReport, logPath: string, paths: readonly string[], opts: ReplayCliOptions, io: Io): void {
  const describe = (i: number): string => {
    const b = report.bundles[i];
    return b ? `pact ${b.name} ${b.version}, revision ${b.revision.slice(0, 12)}` : '';
  };
  if (paths.length === 1) io.stdout(`replaying ${logPath} with ${paths[0]}: ${describe(0)}\n`);
  else {
    io.stdout(`replaying ${logPath} with ${paths.length} bundles, each record with the one that decided it:\n`);
    paths.forEach((p, i) => io.stdout(`  ${p}: ${describe(i)}\n`));
  }
  for (const e of report.entries) {
    if (e.status !== 'same') io.stdout(`${entryLine(e, paths)}\n`);
  }
  if (report.masked > 0 && report.replayed > 0) {
    io.stdout(`note: ${plural(report.masked, 'record was', 'records were')} not replayed: the input has masked @sensitive fields, whose values the log does not hold\n`);
  }
  if (report.otherBundle > 0) {
    io.stdout(`note: ${plural(report.otherBundle, 'record was', 'records were')} decided by another bundle file than the one replayed with\n`);
  }
  if (report.versionChanges > 0) {
    const versions = (pick: (e: ReplayEntry) => unknown): string =>
      [...new Set(report.entries.filter((e) => e.versionChanged).map((e) => versionOf(pick(e))))].join(', ');
    io.stdout(
      `note: ${plural(report.versionChanges, 'record was', 'records were')} decided by another version of the pact (${versions((e) => e.versionChanged?.logged)}) ` +
        `than replayed (${versions((e) => e.versionChanged?.replayed)}): the decisions' \`pact\` field differs accordingly, which is not counted as a difference\n`,
    );
  }
  if (report.dataMismatches > 0) {
    io.stdout(`note: ${plural(report.dataMismatches, 'record was', 'records were')} replayed with data other than recorded (the bundle's defaults differ)\n`);
  }
  for (const n of report.dataNotApplied) {
    const fields = n.fields.map((f) => `\`${f}\``).join(', ');
    io.stdout(`note: ${paths[n.bundle] ?? ''} does not declare --data ${n.fields.length === 1 ? 'field' : 'fields'} ${fields}: its ${plural(n.records, 'record was', 'records were')} replayed without ${n.fields.length === 1 ? 'it' : 'them'}\n`);
  }
  if (!report.verification.ok) {
    const n = report.verification.problems.filter((p) => p.severity === 'error').length;
    const given = [opts.head !== undefined ? ` --head ${opts.head}` : '', opts.previous !== undefined ? ` --previous ${opts.previous}` : '', opts.rotated ? ' --rotated' : ''].join('');
    io.stdout(`warning: the log does not verify (${plural(n, 'problem', 'problems')}); run \`pactc log verify ${logPath}${given}\`\n`);
    if (report.verification.problems.some((p) => p.kind === 'truncated')) {
      io.stdout("hint: if the log is a rotated segment, pass --previous SEQ:HASH (the previous segment's last record) or --rotated\n");
    }
  }
  const kinds = [
    report.masked > 0 ? `${report.masked} masked` : '',
    report.unmatched > 0 ? `${report.unmatched} of no bundle given` : '',
    report.unreadable > 0 ? `${report.unreadable} not a record` : '',
  ].filter((k) => k !== '');
  const why = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
  const counted = report.unreadable > 0 ? plural(report.entries.length, 'line', 'lines') : plural(report.entries.length, 'record', 'records');
  io.stdout(`${counted}: ${report.same} same, ${report.different} different, ${report.skipped} skipped${why}\n`);
}

/** Why the replay failed, one line each (none when it is ok). */
function failures(report: ReplayReport): string[] {
  const out: string[] = [];
  const lines = report.entries.length;
  if (lines === 0) return ['the log is empty: nothing to replay'];
  if (report.records === 0) {
    const first = report.entries[0];
    return [`not a decision log: no line is a record (line 1: ${first?.reason?.replace(/^not a record: /, '') ?? 'unreadable'})`];
  }
  if (report.different > 0) out.push(`${plural(report.different, 'record differs', 'records differ')} from what was logged`);
  if (report.unreadable > 0) out.push(`${plural(report.unreadable, 'line is not a record that can be', 'lines are not records that can be')} replayed`);
  if (report.unmatched > 0) {
    out.push(`${plural(report.unmatched, 'record was', 'records were')} decided by a pact or revision that no bundle given decides, and not replayed`);
  }
  if (report.replayed === 0 && report.masked > 0 && report.unmatched === 0 && report.unreadable === 0) {
    out.push(`nothing was replayed: ${report.masked === 1 ? 'the record has' : `all ${report.masked} records have`} masked @sensitive input fields, whose values the log does not hold`);
  } else if (report.replayed === 0 && out.length === 0) {
    out.push('nothing was replayed');
  }
  return out;
}

/** `line 3 (seq 2): different (effect, rules): logged permit by a, replayed forbid by b`. */
function entryLine(e: ReplayEntry, paths: readonly string[]): string {
  const where = `line ${e.line}${e.seq !== null ? ` (seq ${e.seq})` : ''}`;
  if (e.status === 'skipped') return `${where}: skipped: ${e.reason ?? ''}`;
  const logged = describeResult(e.logged);
  const replayed = describeResult(e.replayed);
  const what = logged === replayed ? `logged and replayed ${logged}, but they differ` : `logged ${logged}, replayed ${replayed}`;
  const withBundle = paths.length > 1 && e.bundle !== undefined ? ` with ${paths[e.bundle]}` : '';
  return `${where}: different (${(e.fields ?? []).join(', ')})${withBundle}: ${what}`;
}

async function readBytes(io: Io, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(absolute(io, path)));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new CliError(`${path}: ${why}`);
  }
}

/** The version in a decision's `pact` field (`1.2.0`), or the field as JSON. */
function versionOf(pact: unknown): string {
  const v = typeof pact === 'object' && pact !== null ? (pact as { version?: unknown }).version : undefined;
  return typeof v === 'string' ? v : (JSON.stringify(pact) ?? 'none');
}
