/**
 * Verifying a decision log: is every record intact, present and in its place?
 *
 * `verifyLog` reads a JSON-lines log written by `DecisionLogger` and reports every problem it
 * finds with the line it is on, the record's seq and a kind (`LogProblem`):
 *
 * | kind         | what it means                                         | how it is found                     |
 * |--------------|-------------------------------------------------------|-------------------------------------|
 * | `edited`     | a record's bytes changed                              | `hash` does not recompute, or the   |
 * |              |                                                       | line is not its own canonical form  |
 * | `deleted`    | records are missing between two others                | a gap in `seq` that no later line   |
 * |              |                                                       | fills (and a `prev_hash` that does  |
 * |              |                                                       | not link across it)                 |
 * | `reordered`  | records are out of order                              | a gap filled by a later line, or a  |
 * |              |                                                       | seq lower than one already seen     |
 * | `duplicated` | a record appears twice                                | a seq seen before                   |
 * | `hash`       | the chain is broken: a record was replaced and        | `prev_hash` differs from the stored |
 * |              | re-hashed, or does not start/continue its chain       | `hash` of the record seq − 1        |
 * | `torn`       | the last line has no newline: a write was cut short   | no 0x0A after it                    |
 * | `malformed`  | a line is not a record at all                         | not UTF-8, not JSON, missing fields |
 * | `truncated`  | the log does not start at seq 0: its first records   | first seq ≠ 0, unless `rotated` or  |
 * |              | were deleted (a rotated segment legitimately starts   | `previous` says it is a segment     |
 * |              | later: say so with `rotated`, or better `previous`)   |                                     |
 *
 * The walk is in file order and keeps `maxSeq`, the highest seq seen. A record whose hash does
 * not recompute cannot be trusted about its own `seq`, so when its claimed seq does not fit it
 * is placed where it stands (the expected seq), which keeps one edited field from also looking
 * like a deletion and a reordering. Unreadable lines (malformed or torn) may each hold one lost
 * record, so a gap no longer than the unreadable lines just before it is not also reported as a
 * deletion. The chain check is by seq, not by file position: record *s* must carry the stored
 * `hash` of record *s − 1* wherever that one is, so a reordering is reported as a reordering
 * and not also as a broken chain.
 *
 * A problem's message starts with its line: `line 7: record seq 6 was edited (hash mismatch)`.
 * `ok` is true when there is no problem of severity `error`.
 *
 * What cannot be seen from the file alone: records cut off the end at a line boundary, and a
 * chain rewritten and re-hashed from some point on. Pass the head recorded elsewhere
 * (`expectedHead`) to catch both.
 */
import { readFile } from 'node:fs/promises';
import { readLine, type LineReading } from './line.js';
import { GENESIS_HASH, type ChainHead, type DecisionRecord } from './record.js';

/** The kinds of problem `verifyLog` reports; see the table in the file header. */
export type LogProblemKind = 'edited' | 'deleted' | 'reordered' | 'duplicated' | 'hash' | 'torn' | 'malformed' | 'truncated';

/** One problem found in a log. */
export interface LogProblem {
  /** The 1-based line it is on (for problems at the end of the log, the line after the last). */
  readonly line: number;
  /** The seq of the record concerned, when there is one. */
  readonly seq: number | null;
  readonly kind: LogProblemKind;
  /**
   * Every problem is an `error` (a log with warnings alone would be `ok`; no kind is a warning
   * now — a log that does not start at seq 0 is `truncated`, an error, unless `rotated`).
   */
  readonly severity: 'error' | 'warning';
  /** One line starting with `line N: `. */
  readonly message: string;
}

/** Options for {@link verifyLog}. */
export interface VerifyOptions {
  /**
   * The log is a rotated segment: a first seq other than 0 is expected and not reported.
   * Without it (or `previous`), a log that does not start at seq 0 is an error (`truncated`):
   * its first records are missing.
   */
  readonly rotated?: boolean;
  /**
   * The last record of the previous segment of a rotated log: the first record must be its
   * successor and link to its hash. Implies `rotated`.
   */
  readonly previous?: ChainHead;
  /**
   * A head recorded outside the log (see `DecisionLogger.head`): the log must contain that seq
   * with that hash. Catches records cut off the end and a rewritten chain.
   */
  readonly expectedHead?: ChainHead;
}

/** What {@link verifyLog} found. */
export interface Verification {
  /** No problem of severity `error`. */
  readonly ok: boolean;
  /**
   * Every well-formed record, in file order, including edited and misplaced ones (not a torn
   * last line, even one that holds a complete record).
   */
  readonly records: readonly DecisionRecord[];
  /** Problems by line. */
  readonly problems: readonly LogProblem[];
  /** The highest-seq record, as the chain's head; undefined for an empty log. */
  readonly head: ChainHead | undefined;
}

/** One line that holds a readable record. */
interface Entry {
  readonly line: number;
  readonly record: DecisionRecord;
  readonly trusted: boolean;
  /** Why it is not trusted. */
  readonly why: string | undefined;
  /** Unreadable lines (malformed or torn) just before this one, each perhaps a lost record. */
  readonly slots: number;
  /** The seq the record is taken to have (its own, unless it is untrusted and does not fit). */
  eff: number;
}

/** Verifies a log given as its text or bytes. See the file header. */
export function verifyLog(log: string | Uint8Array, options: VerifyOptions = {}): Verification {
  const bytes = typeof log === 'string' ? Buffer.from(log, 'utf8') : Buffer.from(log.buffer, log.byteOffset, log.byteLength);
  const problems: LogProblem[] = [];
  const add = (line: number, seq: number | null, kind: LogProblemKind, message: string): void => {
    problems.push({ line, seq, kind, severity: 'error', message: `line ${line}: ${message}` });
  };

  // 1. Lines: every line ends in 0x0A; a last piece without one is torn.
  type Item = { readonly line: number; readonly reading: LineReading; readonly torn: boolean };
  const items: Item[] = [];
  let lineCount = 0;
  for (let start = 0; start < bytes.length; ) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    lineCount++;
    items.push({ line: lineCount, reading: readLine(bytes.subarray(start, end)), torn: nl < 0 });
    if (nl < 0) break;
    start = nl + 1;
  }

  // 2. Readable records; unreadable lines become problems now.
  const entries: Entry[] = [];
  let unreadable = 0;
  for (const item of items) {
    const r = item.reading;
    if (item.torn) {
      const first = bytes[lastLineStart(bytes)];
      if (r.kind === 'record' && r.canonical && r.hashOk) {
        add(item.line, r.record.seq, 'torn', `record seq ${r.record.seq} is complete but has no newline (torn write)`);
      } else if (first === 0x7b /* { */) {
        add(item.line, null, 'torn', `the last line is torn: ${bytes.length - lastLineStart(bytes)} bytes with no newline (a write was cut short)`);
      } else {
        add(item.line, null, 'malformed', `the last line ${r.kind === 'malformed' ? r.reason : 'is not a record'} and has no newline`);
      }
      unreadable++;
      continue;
    }
    if (r.kind === 'malformed') {
      add(item.line, null, 'malformed', `the line ${r.reason}`);
      unreadable++;
      continue;
    }
    const why = !r.hashOk ? 'hash mismatch' : !r.canonical ? 'not in canonical form' : undefined;
    entries.push({ line: item.line, record: r.record, trusted: why === undefined, why, slots: unreadable, eff: r.record.seq });
    unreadable = 0;
  }

  // Lines of the trusted records by claimed seq, to tell a reordering from a deletion.
  const linesOfSeq = new Map<number, number[]>();
  for (const e of entries) {
    if (!e.trusted) continue;
    const l = linesOfSeq.get(e.record.seq);
    if (l) l.push(e.line);
    else linesOfSeq.set(e.record.seq, [e.line]);
  }
  const appearsAfter = (seq: number, line: number): number | undefined => linesOfSeq.get(seq)?.find((l) => l > line);
  const knownSeqs = [...linesOfSeq.keys()].sort((a, b) => a - b);
  /** The seqs in lo..hi that some trusted line after `line` holds, ascending. */
  const filledLater = (lo: number, hi: number, line: number): number[] => {
    const out: number[] = [];
    for (let i = lowerBound(knownSeqs, lo); i < knownSeqs.length && (knownSeqs[i] as number) <= hi; i++) {
      const s = knownSeqs[i] as number;
      if (appearsAfter(s, line) !== undefined) out.push(s);
    }
    return out;
  };

  // 3. Order: walk in file order keeping the highest seq seen.
  const start = options.previous ? options.previous.seq + 1 : 0;
  const bySeq = new Map<number, Entry>();
  const gapAt = new Set<Entry>();
  let maxSeq: number | undefined;
  for (const e of entries) {
    const claimed = e.record.seq;
    const slots = e.slots;
    if (!e.trusted) {
      if (maxSeq !== undefined) {
        const lo = maxSeq + 1;
        const hi = maxSeq + 1 + slots;
        e.eff = claimed >= lo && claimed <= hi ? claimed : hi;
      }
      const why = e.why ?? 'hash mismatch';
      add(
        e.line,
        e.eff,
        'edited',
        e.eff === claimed
          ? `record seq ${claimed} was edited (${why})`
          : `record claiming seq ${claimed} was edited (${why}); seq ${e.eff} was expected here`,
      );
    }
    const seq = e.eff;
    if (maxSeq === undefined) {
      const later = seq > start ? filledLater(start, seq - 1, e.line) : [];
      if (later.length > 0) {
        const s = later[0] as number;
        add(e.line, seq, 'reordered', `record seq ${seq} comes before seq ${s} (line ${appearsAfter(s, e.line)}): records are out of order`);
      }
      const absent = seq - start - later.length;
      if (absent > slots) {
        if (options.previous) {
          gapAt.add(e);
          add(e.line, seq, 'deleted', `${missing(start, seq - 1, later)} before seq ${seq}: the log does not continue seq ${options.previous.seq} (deleted)`);
        } else if (!options.rotated) {
          gapAt.add(e);
          const what = later.length > 0 ? missing(start, seq - 1, later) : `records before seq ${seq} are missing`;
          add(e.line, seq, 'truncated', `${what}: the log starts at seq ${seq}, not 0 (deleted, unless the log is a rotated segment)`);
        }
      } else if (seq < start) {
        add(e.line, seq, 'reordered', `record seq ${seq} does not follow the previous segment's seq ${start - 1}`);
      }
    } else if (seq > maxSeq + 1) {
      const later = filledLater(maxSeq + 1, seq - 1, e.line);
      const absent = seq - 1 - maxSeq - later.length;
      if (later.length > 0) {
        const s = later[0] as number;
        add(e.line, seq, 'reordered', `record seq ${seq} comes before seq ${s} (line ${appearsAfter(s, e.line)}): records are out of order`);
      }
      if (absent > slots) {
        gapAt.add(e);
        const prev = bySeq.get(maxSeq);
        const link = prev && e.record.prev_hash !== prev.record.hash ? `, and its prev_hash does not match seq ${maxSeq}'s hash` : '';
        const maybe = slots > 0 ? ` (${slots} unreadable line${slots === 1 ? '' : 's'} may hold some of them)` : '';
        add(e.line, seq, 'deleted', `${missing(maxSeq + 1, seq - 1, later)} before seq ${seq}: seq ${seq} follows seq ${maxSeq}${link} (deleted)${maybe}`);
      }
    } else if (seq <= maxSeq) {
      const first = bySeq.get(seq);
      if (first) add(e.line, seq, 'duplicated', `record seq ${seq} appears again (first on line ${first.line})`);
      else {
        const top = bySeq.get(maxSeq);
        add(e.line, seq, 'reordered', `record seq ${seq} comes after seq ${maxSeq}${top ? ` (line ${top.line})` : ''}: records are out of order`);
      }
    }
    if (!bySeq.has(seq)) bySeq.set(seq, e);
    maxSeq = maxSeq === undefined ? seq : Math.max(maxSeq, seq);
  }

  // 4. Chain: record s carries the stored hash of record s − 1, wherever that one is; the first
  // record links to the genesis hash or to the previous segment's head.
  for (const e of entries) {
    if (!e.trusted || gapAt.has(e) || bySeq.get(e.eff) !== e || e.eff < start) continue;
    if (e.eff === start) {
      const want = options.previous ? options.previous.hash : GENESIS_HASH;
      if (e.record.prev_hash !== want) {
        add(
          e.line,
          e.eff,
          'hash',
          options.previous
            ? `record seq ${e.eff} does not chain to the previous segment's seq ${options.previous.seq} (prev_hash mismatch)`
            : `record seq 0 does not start a chain (prev_hash is not the genesis hash of 64 zeros)`,
        );
      }
      continue;
    }
    const pred = bySeq.get(e.eff - 1);
    if (pred && e.record.prev_hash !== pred.record.hash) {
      add(
        e.line,
        e.eff,
        'hash',
        `record seq ${e.eff} does not chain to seq ${e.eff - 1} on line ${pred.line} (prev_hash mismatch): seq ${e.eff - 1} was replaced or re-hashed`,
      );
    }
  }

  // 5. The anchored head, if any.
  const anchor = options.expectedHead;
  if (anchor) {
    const e = bySeq.get(anchor.seq);
    if (!e) {
      const from = maxSeq === undefined ? start : maxSeq + 1;
      if (from <= anchor.seq) {
        add(lineCount + 1, anchor.seq, 'deleted', `${missing(from, anchor.seq, [])} at the end: the anchored head is seq ${anchor.seq} (the log was cut short)`);
      }
    } else if (e.record.hash !== anchor.hash) {
      add(e.line, anchor.seq, 'hash', `record seq ${anchor.seq} does not match the anchored head (its hash differs): the chain was rewritten`);
    }
  }

  problems.sort((a, b) => a.line - b.line);
  const top = maxSeq === undefined ? undefined : bySeq.get(maxSeq);
  return {
    ok: problems.every((p) => p.severity !== 'error'),
    records: entries.map((e) => e.record),
    problems,
    head: top ? { seq: top.eff, hash: top.record.hash } : undefined,
  };
}

/** Reads and verifies a log file. */
export async function verifyLogFile(path: string, options: VerifyOptions = {}): Promise<Verification> {
  return verifyLog(await readFile(path), options);
}

function lastLineStart(bytes: Buffer): number {
  return bytes.lastIndexOf(0x0a) + 1;
}

/** The first index of a sorted array whose element is >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Names the seqs lo..hi except `present` (ascending): `record seq 6 is missing`,
 * `records seq 6–8 are missing`, `records seq 2, 5 are missing`, `41 records between seq 2 and
 * 90 are missing`. The range is never enumerated when large (a forged seq can be huge).
 */
function missing(lo: number, hi: number, present: readonly number[]): string {
  const count = hi - lo + 1 - present.length;
  if (present.length === 0) return count === 1 ? `record seq ${lo} is missing` : `records seq ${lo}–${hi} are missing`;
  if (count > 20) return `${count} records between seq ${lo} and ${hi} are missing`;
  const skip = new Set(present);
  const list: number[] = [];
  for (let s = lo; s <= hi; s++) if (!skip.has(s)) list.push(s);
  return list.length === 1 ? `record seq ${list[0]} is missing` : `records seq ${list.join(', ')} are missing`;
}
