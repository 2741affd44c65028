/**
 * Where decision records go: the sink interface, a memory sink and a callback sink.
 *
 * A sink stores lines in order and tells the logger where the chain resumes. The logger calls
 * `resume` once, before its first write, and then `write` one record at a time — never two at
 * once — so a sink needs no locking of its own. One logger per sink: two loggers writing
 * through one sink would each number their own chain.
 *
 * The append-only file sink lives in `file-sink.ts`.
 */
import type { ChainHead, DecisionRecord } from './record.js';

/** A destination for decision records. */
export interface LogSink {
  /** The last record already stored (the chain continues from it), or undefined for a new chain. */
  resume(): Promise<ChainHead | undefined>;
  /**
   * Stores one record. `line` is its canonical JSON without the newline (what a JSON-lines file
   * holds); `record` is the same value parsed. Rejects if the record may not have been stored.
   */
  write(line: string, record: DecisionRecord): Promise<void>;
  /** Releases resources; no writes after it. */
  close(): Promise<void>;
}

/** Options shared by the sinks that cannot read back what they stored. */
export interface ResumeOptions {
  /** Continue an existing chain from this record (e.g. a head the host persisted). */
  readonly head?: ChainHead;
}

/** A sink that keeps records in memory, for tests and short-lived tools. */
export class MemorySink implements LogSink {
  /** The lines written, without newlines. */
  readonly lines: string[] = [];
  /** The records written. */
  readonly records: DecisionRecord[] = [];
  private readonly start: ChainHead | undefined;

  constructor(options: ResumeOptions = {}) {
    this.start = options.head;
  }

  /** Continues from the last record held, or from the given head. */
  async resume(): Promise<ChainHead | undefined> {
    const last = this.records[this.records.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : this.start;
  }

  /** Keeps the line and the record. */
  async write(line: string, record: DecisionRecord): Promise<void> {
    this.lines.push(line);
    this.records.push(record);
  }

  /** Nothing to release. */
  async close(): Promise<void> {}

  /** The log as a JSON-lines file would hold it: every line followed by `\n`. */
  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}

/** Receives each record; may be async, and the logger waits for it before the next record. */
export type RecordCallback = (line: string, record: DecisionRecord) => void | Promise<void>;

/**
 * Returns a sink that hands every record to `callback` (to ship it to a collector, a queue, a
 * database). It cannot read back what it stored, so give it the `head` to resume a chain.
 */
export function callbackSink(callback: RecordCallback, options: ResumeOptions = {}): LogSink {
  return {
    resume: async () => options.head,
    write: async (line, record) => {
      await callback(line, record);
    },
    close: async () => {},
  };
}
