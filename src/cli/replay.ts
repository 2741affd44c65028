/**
 * `pactc replay LOG BUNDLE [--data FILE] [--key KEY …] [--json]` — re-decide a decision log.
 *
 * Every record of the log is decided again by the bundle, with the data it was decided with —
 * the bundle's defaults under the run-time changes the record holds (kill switch, revocations,
 * `setData` patches) — and compared with what was logged (`host/replay.ts` has the details).
 * Against the bundle that made the decisions this is evidence that the log shows what the policy
 * decided; against a new bundle it shows what would change. Output:
 *
 *     replaying decisions.jsonl with refunds.tar.gz: pact refund_agent 1.2.0, revision 6dc5c169d92a
 *     line 3 (seq 2): different (effect, rules, reasons, grants): logged permit by small_refund, replayed escalate by large_refund
 *     line 5 (seq 4): skipped: the input has masked fields (/input/action/card/number); the log does not hold their values
 *     note: 9 records were decided by another bundle file than the one replayed
 *     note: 9 records were replayed with data other than recorded (the bundle's defaults differ)
 *     12 records: 10 same, 1 different, 1 skipped
 *
 * **Masked fields.** The log holds `"***"` for `@sensitive` input fields, so a record in which
 * one was present cannot be replayed faithfully; it is skipped and says so (and is not a
 * failure). **Data.** `--data FILE` patches every record's data field by field (a what-if: "with
 * a limit of 1000, what changes?"). A log that does not verify is replayed anyway, with a warning.
 *
 * Exit status: 0 when no record differs, 1 when any does (or the files cannot be read).
 * `--json` prints the whole report as JSON instead.
 */
import { readFile } from 'node:fs/promises';
import { BundleError } from '../bundle/index.js';
import { describeResult, replayLog, type ReplayEntry } from '../host/replay.js';
import { parseJson } from './eval.js';
import { absolute, CliError, type Io } from './io.js';
import { verificationOptions, type KeyOptions } from './verify.js';

/** Options of `pactc replay`. */
export interface ReplayCliOptions extends KeyOptions {
  readonly data?: string;
  readonly json?: boolean;
}

/** Runs `pactc replay`; returns the exit status. */
export async function runReplay(logPath: string, bundlePath: string, opts: ReplayCliOptions, io: Io): Promise<number> {
  const log = await readBytes(io, logPath);
  let data: Record<string, unknown> | undefined;
  if (opts.data !== undefined) {
    const value = parseJson(Buffer.from(await readBytes(io, opts.data)).toString('utf8'), opts.data, 'data');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${opts.data}: data must be a JSON object of data fields`);
    data = value as Record<string, unknown>;
  }
  const verification = await verificationOptions(opts, io);
  let report;
  try {
    report = await replayLog(log, await readBytes(io, bundlePath), { ...(verification ? { verification } : {}), ...(data ? { data } : {}) });
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(`${bundlePath}: ${e.message}`);
    throw e;
  }
  if (opts.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  }
  const b = report.bundle;
  io.stdout(`replaying ${logPath} with ${bundlePath}: pact ${b.name} ${b.version}, revision ${b.revision.slice(0, 12)}\n`);
  for (const e of report.entries) {
    if (e.status !== 'same') io.stdout(`${entryLine(e)}\n`);
  }
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (report.otherBundle > 0) {
    io.stdout(`note: ${plural(report.otherBundle, 'record was', 'records were')} decided by another bundle file than the one replayed\n`);
  }
  if (report.dataMismatches > 0) {
    io.stdout(`note: ${plural(report.dataMismatches, 'record was', 'records were')} replayed with data other than recorded (the bundle's defaults differ)\n`);
  }
  if (!report.verification.ok) {
    const n = report.verification.problems.filter((p) => p.severity === 'error').length;
    io.stdout(`warning: the log does not verify (${plural(n, 'problem', 'problems')}); run \`pactc log verify ${logPath}\`\n`);
  }
  const total = report.entries.length;
  io.stdout(`${plural(total, 'record', 'records')}: ${report.same} same, ${report.different} different, ${report.skipped} skipped\n`);
  return report.ok ? 0 : 1;
}

/** `line 3 (seq 2): different (effect, rules): logged permit by a, replayed forbid by b`. */
function entryLine(e: ReplayEntry): string {
  const where = `line ${e.line}${e.seq !== null ? ` (seq ${e.seq})` : ''}`;
  if (e.status === 'skipped') return `${where}: skipped: ${e.reason ?? ''}`;
  const logged = describeResult(e.logged);
  const replayed = describeResult(e.replayed);
  const what = logged === replayed ? `logged and replayed ${logged}, but they differ` : `logged ${logged}, replayed ${replayed}`;
  return `${where}: different (${(e.fields ?? []).join(', ')}): ${what}`;
}

async function readBytes(io: Io, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(absolute(io, path)));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new CliError(`${path}: ${why}`);
  }
}
