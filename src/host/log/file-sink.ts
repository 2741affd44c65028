/**
 * The append-only JSON-lines file sink.
 *
 * Opening: the file is opened `O_WRONLY | O_APPEND | O_CREAT` with mode 0600 (records hold
 * agent inputs), so every write lands at the end whatever else happened to the file. Then the
 * chain's head is read from the file's last line, reading backwards from the end in 64 KiB
 * chunks until the line's start — the rest of the file is not read (use `verifyLog` for that):
 *
 * - an empty file starts a new chain, or continues `options.head` (a rotated log's previous
 *   segment);
 * - a last line that is an intact record (canonical, hash recomputes) is the head;
 * - a last line with no newline is a torn write. It is reported — `LogError('torn-tail')` —
 *   not silently extended, because appending to it would glue the next record onto the
 *   fragment. With `onTornTail: 'seal'` the sink instead ends the fragment with a newline (so it
 *   stays in the file as evidence, and `verifyLog` reports it as a malformed line) and resumes
 *   from the intact record before it; a fragment that is a complete record missing only its
 *   newline is sealed and becomes the head;
 * - a last line that is not an intact record is `LogError('bad-tail')`: a chain is never
 *   extended from a record that does not verify.
 *
 * Writing: each record is one `write` of `line + "\n"` (looping over short writes), optionally
 * followed by `fdatasync`. If a write fails the line may be half on disk, so the sink refuses
 * every later write (`LogError('sink-broken')`); reopen it to find out, from the tail, what
 * happened. One process per file: appends from two writers would interleave two chains.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { LogError } from './error.js';
import { readLine } from './line.js';
import type { ChainHead } from './record.js';
import type { LogSink } from './sinks.js';

/** Options for {@link FileSink.open}. */
export interface FileSinkOptions {
  /**
   * The head to continue from when the file is empty (the previous segment of a rotated log);
   * ignored when the file already holds records, whose last line is the head.
   */
  readonly head?: ChainHead;
  /** `fdatasync` after every record: durable, and slower. Off by default. */
  readonly fsync?: boolean;
  /** What to do with a torn last line: refuse (`error`, the default) or `seal` it and go on. */
  readonly onTornTail?: 'error' | 'seal';
  /** The mode of a new file; 0600 unless given. */
  readonly mode?: number;
}

const CHUNK = 64 * 1024;

/** An append-only JSON-lines log file. Open with {@link FileSink.open}. */
export class FileSink implements LogSink {
  private broken: unknown = undefined;
  private closed = false;

  private constructor(
    /** The file's path. */
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly head: ChainHead | undefined,
    private readonly fsync: boolean,
  ) {}

  /**
   * Opens (or creates) a log file for appending and reads the chain's head from its last line.
   * Throws `LogError` `torn-tail` or `bad-tail` when the last line cannot be continued.
   */
  static async open(path: string, options: FileSinkOptions = {}): Promise<FileSink> {
    const fh = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, options.mode ?? 0o600);
    try {
      const head = await readHead(path, fh, options);
      return new FileSink(path, fh, head, options.fsync ?? false);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** The head read from the file when it was opened. */
  async resume(): Promise<ChainHead | undefined> {
    return this.head;
  }

  /** Appends `line` and a newline. */
  async write(line: string): Promise<void> {
    if (this.closed) throw new LogError('closed', `${this.path}: the log file is closed`);
    if (this.broken !== undefined) {
      throw new LogError('sink-broken', `${this.path}: an earlier write failed, so the last line may be torn; reopen the log`, {
        cause: this.broken,
      });
    }
    const buf = Buffer.from(`${line}\n`, 'utf8');
    try {
      for (let off = 0; off < buf.length; ) {
        const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
      if (this.fsync) await this.fh.datasync();
    } catch (e) {
      this.broken = e;
      throw new LogError('sink-broken', `${this.path}: write failed (${e instanceof Error ? e.message : String(e)}); the last line may be torn`, {
        cause: e,
      });
    }
  }

  /** Closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}

/** Reads the chain's head from the end of the file (see the file header). */
async function readHead(path: string, appender: FileHandle, options: FileSinkOptions): Promise<ChainHead | undefined> {
  const reader = await open(path, 'r');
  try {
    const size = (await reader.stat()).size;
    if (size === 0) return options.head;
    const last = Buffer.alloc(1);
    await readFully(reader, last, size - 1);
    if (last[0] === 0x0a) return intactHead(path, await lineEndingAt(reader, size - 1));

    // The last line has no newline: a torn write.
    const fragment = await lineEndingAt(reader, size);
    if (options.onTornTail !== 'seal') {
      throw new LogError(
        'torn-tail',
        `${path}: the last line is torn (${size - fragment.start} bytes with no newline), so the chain will not be extended; verify the log, or open it with onTornTail: 'seal'`,
      );
    }
    await appender.write('\n');
    const r = readLine(fragment.bytes);
    if (r.kind === 'record' && r.canonical && r.hashOk) return { seq: r.record.seq, hash: r.record.hash };
    if (fragment.start === 0) return options.head;
    return intactHead(path, await lineEndingAt(reader, fragment.start - 1));
  } finally {
    await reader.close();
  }
}

/** The head a line holds, or a `bad-tail` error. */
function intactHead(path: string, line: { readonly start: number; readonly bytes: Buffer }): ChainHead {
  const r = readLine(line.bytes);
  const where = `${path}: the last record (at byte ${line.start})`;
  if (r.kind === 'malformed') throw new LogError('bad-tail', `${where} ${r.reason}, so the chain will not be extended`);
  if (!r.hashOk) throw new LogError('bad-tail', `${where}, seq ${r.record.seq}, was edited (hash mismatch), so the chain will not be extended`);
  if (!r.canonical) throw new LogError('bad-tail', `${where}, seq ${r.record.seq}, was edited (not in canonical form), so the chain will not be extended`);
  return { seq: r.record.seq, hash: r.record.hash };
}

/** The line whose bytes end just before offset `end` (exclusive), reading backwards by chunks. */
async function lineEndingAt(fh: FileHandle, end: number): Promise<{ start: number; bytes: Buffer }> {
  const parts: Buffer[] = [];
  for (let pos = end; pos > 0; ) {
    const n = Math.min(CHUNK, pos);
    pos -= n;
    const buf = Buffer.alloc(n);
    await readFully(fh, buf, pos);
    const i = buf.lastIndexOf(0x0a);
    if (i >= 0) {
      parts.unshift(buf.subarray(i + 1));
      return { start: pos + i + 1, bytes: Buffer.concat(parts) };
    }
    parts.unshift(buf);
  }
  return { start: 0, bytes: Buffer.concat(parts) };
}

/** Fills `buf` from offset `pos` of the file, looping over short reads. */
async function readFully(fh: FileHandle, buf: Buffer, pos: number): Promise<void> {
  for (let off = 0; off < buf.length; ) {
    const { bytesRead } = await fh.read(buf, off, buf.length - off, pos + off);
    if (bytesRead === 0) throw new LogError('bad-tail', 'the log file shrank while its tail was being read');
    off += bytesRead;
  }
}
