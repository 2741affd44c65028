/**
 * `pactc log verify FILE [--head SEQ:HASH] [--previous SEQ:HASH] [--rotated]` — check a decision log.
 *
 * Runs `verifyLog` (`host/log/verify.ts`) over a JSON-lines decision log written by the embedded
 * host or `pactc eval --log`. A log that verifies prints
 *
 *     ok: 1204 records, head 5f3a…e9 (seq 1203)
 *
 * and exits 0. Otherwise every problem is printed on its own line, starting with the line it is
 * on — `line 7: record seq 6 was edited (hash mismatch)` — and the command exits 1. A log that
 * does not start at seq 0 is such a problem (`line 1: records before seq 3 are missing: …`):
 * its first records were deleted, unless it is a rotated segment, which the command is told.
 *
 * `--head SEQ:HASH` anchors the chain's head recorded elsewhere (`Pact.head()`), which catches
 * records cut off the end and a chain rewritten from some point on; `--previous SEQ:HASH` is the
 * last record of the previous segment of a rotated log, which this one must continue;
 * `--rotated` accepts a first seq other than 0 without saying which segment came before.
 */
import { readFile } from 'node:fs/promises';
import { verifyLog, type ChainHead, type VerifyOptions } from '../host/log/index.js';
import { absolute, CliError, type Io } from './io.js';

/** Options of `pactc log verify`. */
export interface LogVerifyOptions {
  readonly head?: string;
  readonly previous?: string;
  readonly rotated?: boolean;
}

/** Runs `pactc log verify`; returns the exit status. */
export async function runLogVerify(path: string, opts: LogVerifyOptions, io: Io): Promise<number> {
  const options: VerifyOptions = {
    ...(opts.head !== undefined ? { expectedHead: parseHead(opts.head, '--head') } : {}),
    ...(opts.previous !== undefined ? { previous: parseHead(opts.previous, '--previous') } : {}),
    ...(opts.rotated ? { rotated: true } : {}),
  };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute(io, path));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new CliError(`${path}: ${why}`);
  }
  const v = verifyLog(bytes, options);
  for (const p of v.problems) io.stdout(p.severity === 'warning' ? `warning: ${p.message}\n` : `${p.message}\n`);
  if (v.ok) {
    const n = v.records.length;
    const head = v.head ? `, head ${v.head.hash} (seq ${v.head.seq})` : '';
    io.stdout(`ok: ${n} record${n === 1 ? '' : 's'}${head}\n`);
    return 0;
  }
  const errors = v.problems.filter((p) => p.severity === 'error').length;
  io.stderr(`pactc: ${path}: the log does not verify (${errors} problem${errors === 1 ? '' : 's'})\n`);
  if (v.problems.some((p) => p.kind === 'truncated')) {
    io.stderr('hint: if the log is a rotated segment, pass --previous SEQ:HASH (the previous segment\'s last record) or --rotated\n');
  }
  return 1;
}

/** Parses `SEQ:HASH` (the form `ok:` lines and `Pact.head()` give); a malformed one is a usage error. */
export function parseHead(text: string, option: string): ChainHead {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new CliError(`${option} must be SEQ:HASH (a record's seq and its 64-digit lowercase hex hash), not \`${text}\``, 2);
  return { seq: Number(m[1]), hash: m[2] as string };
}
