/**
 * `DecisionLogger`: one hash-chained record per decision, in order.
 *
 * `record(event)` does the part that depends only on the event right away, synchronously, in
 * call order: it normalises the input to the JSON value the policy saw (`host/json-input.ts`:
 * members holding `undefined` are absent, `toJSON` objects are what their method returns) and
 * masks that value's `@sensitive` fields (a copy; the caller's object is left alone), normalises
 * the result through JSON (so later mutation by the caller cannot change what is logged) — a
 * number JSON cannot hold (`Infinity`, `-Infinity`, `NaN`) is logged as that string, with its
 * pointer in `non_finite`, instead of as `null` (`host/non-finite.ts`) — and takes the
 * timestamp and the decision id. The part that depends on
 * the chain — `seq`, `prev_hash`, `hash`, the write — runs on a queue: each record waits for
 * the one before it to be written, so concurrent calls get consecutive seqs in call order and
 * each links to its predecessor, and timestamps are in seq order whenever the clock is
 * monotonic. The record format and hash recipe are in `record.ts`.
 *
 * Before the first record the logger asks its sink where the chain resumes. If a write fails,
 * that record's promise rejects and the chain does not advance: the next record takes the same
 * seq. (The file sink refuses further writes after a failed one, because the failed line may be
 * half on disk.) Hosts that must not act without a log entry should await `record` before
 * acting on the decision.
 *
 * One logger serves one chain even when the bundle behind it changes (the embedded host's hot
 * swap): an event may name its own bundle revision and digest, masking plan, decision id and
 * data record, over the logger's defaults.
 */
import { randomUUID } from 'node:crypto';
import { LogError } from './error.js';
import { compileMaskRules, maskPaths, type MaskPlan, type MaskRule } from './mask.js';
import { GENESIS_HASH, jsonNormalise, sealRecord, type ChainHead, type DataRecord, type DecisionRecord } from './record.js';
import type { LogSink } from './sinks.js';
import { jsonInput, type JsonInput } from '../json-input.js';
import { logForm } from '../non-finite.js';

/** How a {@link DecisionLogger} is set up, mostly from the bundle it logs decisions of. */
export interface LoggerOptions {
  /** Where records go. */
  readonly sink: LogSink;
  /** The pact's name: the default `path` is `pact/NAME/decision`. */
  readonly pact: string;
  /** The bundle's manifest `revision`, logged as `bundles.NAME.revision`. */
  readonly revision: string;
  /** SHA-256 of the bundle file, lowercase hex (`bundleDigest(bytes)`). */
  readonly bundleDigest: string;
  /** The key under `bundles`; the pact's name unless given. */
  readonly bundleName?: string;
  /**
   * The input fields to mask: the bundle's sensitive paths (`/input/card/number`,
   * `/input/customers/*\/email`), or rules with an explicit `erase`. Checked here, so a bad path
   * throws `LogError('bad-path')` from the constructor.
   */
  readonly sensitivePaths?: readonly MaskRule[];
  /** Labels on every record (OPA puts the instance `id` and `version` here). */
  readonly labels?: { readonly [key: string]: string };
  /** The clock, in milliseconds since the epoch or as a `Date`; `Date.now` unless given. */
  readonly now?: () => number | Date;
  /** The decision id source; `crypto.randomUUID` (UUID v4) unless given. */
  readonly newId?: () => string;
}

/** One decision to record. */
export interface DecisionEvent {
  /**
   * The input as the policy saw it (masked before logging); `undefined` when there was none. It
   * is logged as the JSON the policy was given (`json-input.ts`): a member holding `undefined` or
   * a function is absent, a `toJSON` object is what its method returns — and masked as such.
   */
  readonly input: unknown;
  /**
   * @internal The input already normalised by `jsonInput` (the embedded host passes the value it
   * validated and decided with, so that it is not normalised twice); `input` is then not read.
   */
  readonly json?: JsonInput;
  /** The decision document, or whatever the entrypoint returned. */
  readonly result: unknown;
  /** The entrypoint; `pact/NAME/decision` unless given (e.g. `pact/NAME/explain`). */
  readonly path?: string;
  /** Labels for this record, over the logger's. */
  readonly labels?: { readonly [key: string]: string };
  readonly requested_by?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly metrics?: { readonly [key: string]: number };
  readonly custom?: { readonly [key: string]: unknown };
  /** The decision id, when the caller assigned one; otherwise the logger's id source makes one. */
  readonly decision_id?: string;
  /** The bundle that decided, over the logger's `revision` and `bundleDigest`. */
  readonly bundle?: { readonly revision: string; readonly digest: string };
  /** The masking rules for this record's input, over the logger's `sensitivePaths`. */
  readonly mask?: MaskPlan;
  /**
   * Pointers of values the caller already masked in `result` (`/result/explanation/0/…`),
   * added to the record's `masked` list after the input's.
   */
  readonly resultMasked?: readonly string[];
  /** The data the decision was made with (see `DataRecord`). */
  readonly data?: DataRecord;
}

/** A record before it has a place in the chain (`bundle_digest` set when the event named one). */
type Draft = Omit<DecisionRecord, 'bundle_digest' | 'seq' | 'prev_hash' | 'hash'> & { readonly bundle_digest?: string };

/** Writes hash-chained decision records to a sink; see the file header. */
export class DecisionLogger {
  private readonly options: LoggerOptions;
  private readonly mask: MaskPlan;
  private readonly now: () => number | Date;
  private readonly newId: () => string;
  /** The tail of the queue: settles when every record so far has been written or has failed. */
  private queue: Promise<unknown> = Promise.resolve();
  private current: ChainHead | undefined;
  private resumed = false;
  private closed = false;

  /** Sets up a logger; throws `LogError('bad-path')` for a masking path that is not under `/input`. */
  constructor(options: LoggerOptions) {
    this.options = options;
    this.mask = compileMaskRules(options.sensitivePaths ?? []);
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
  }

  /**
   * Records one decision and resolves to the record as written, once the sink has it. Calls
   * may overlap: records are chained in call order.
   */
  record(event: DecisionEvent): Promise<DecisionRecord> {
    if (this.closed) return Promise.reject(new LogError('closed', 'the decision logger is closed'));
    let draft: Draft;
    try {
      draft = this.draft(event);
    } catch (e) {
      return Promise.reject(e);
    }
    const written = this.queue.then(() => this.append(draft));
    this.queue = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }

  /**
   * The last record written — `seq` and `hash` — once every pending record has settled;
   * undefined before the first. Store it outside the log to detect a cut-off end later
   * (`verifyLog(text, { expectedHead })`).
   */
  head(): Promise<ChainHead | undefined> {
    const h = this.queue.then(async () => {
      await this.resume();
      return this.current;
    });
    this.queue = h.then(
      () => undefined,
      () => undefined,
    );
    return h;
  }

  /** Waits for pending records, then closes the sink. Later `record` calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.options.sink.close();
  }

  /** Everything that does not depend on the chain, done at call time. */
  private draft(event: DecisionEvent): Draft {
    const name = this.options.pact;
    const notJson = (e: unknown): LogError =>
      new LogError('not-json', `the decision cannot be logged as JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    // The input as the policy saw it: masked as that JSON value, never as the JavaScript one.
    let json: JsonInput;
    try {
      json = event.json ?? jsonInput(event.input);
    } catch (e) {
      throw notJson(e);
    }
    const masked = maskPaths(json.value, event.mask ?? this.mask);
    const maskedPointers = [...masked.masked, ...(event.resultMasked ?? [])];
    // Numbers JSON cannot hold are kept as strings, with their pointers, not turned into null.
    const input = logForm(masked.input, json.nonFinite);
    const at = this.now();
    const body: { [key: string]: unknown } = {
      decision_id: event.decision_id ?? this.newId(),
      timestamp: (at instanceof Date ? at : new Date(at)).toISOString(),
      path: event.path ?? `pact/${name}/decision`,
      result: event.result,
      bundles: { [this.options.bundleName ?? name]: { revision: event.bundle?.revision ?? this.options.revision } },
      labels: { ...this.options.labels, ...event.labels },
      erased: masked.erased.length > 0 ? masked.erased : undefined,
      masked: maskedPointers.length > 0 ? maskedPointers : undefined,
      non_finite: input.nonFinite.length > 0 ? input.nonFinite : undefined,
      requested_by: event.requested_by,
      trace_id: event.trace_id,
      span_id: event.span_id,
      metrics: event.metrics,
      custom: event.custom,
      data: event.data,
      bundle_digest: event.bundle?.digest,
    };
    let rest: { [key: string]: unknown };
    try {
      rest = jsonNormalise(body);
    } catch (e) {
      throw notJson(e);
    }
    // INVARIANT: the input is a JSON value already (fresh from `jsonInput`, masked by copying),
    // so it joins the record without another trip through JSON — in OPA's place, after `path`.
    const { decision_id, timestamp, path, ...others } = rest;
    return { decision_id, timestamp, path, ...(input.value !== undefined ? { input: input.value } : {}), ...others } as unknown as Draft;
  }

  /** Gives the draft its place in the chain and writes it. Runs on the queue, one at a time. */
  private async append(draft: Draft): Promise<DecisionRecord> {
    await this.resume();
    const seq = this.current ? this.current.seq + 1 : 0;
    const unhashed = { ...draft, bundle_digest: draft.bundle_digest ?? this.options.bundleDigest, seq, prev_hash: this.current?.hash ?? GENESIS_HASH };
    const { hash, line } = sealRecord(unhashed);
    const record: DecisionRecord = { ...unhashed, hash };
    await this.options.sink.write(line, record);
    // INVARIANT: the head moves only after the sink has the record.
    this.current = { seq, hash: record.hash };
    return record;
  }

  private async resume(): Promise<void> {
    if (this.resumed) return;
    this.current = await this.options.sink.resume();
    this.resumed = true;
  }
}
