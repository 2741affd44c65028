/**
 * The embedded host: a loaded pact bundle that decides actions, at every action boundary.
 *
 * A {@link Pact} runs the bundle's `policy.wasm` with `@open-policy-agent/opa-wasm` — the same SDK
 * any JavaScript OPA-Wasm host uses, so what runs here is exactly what ships. Around it:
 *
 * **Decisions are synchronous.** `decide` and `explain` return the decision document directly;
 * the SDK's `evaluate` is synchronous, so concurrent async callers cannot interleave inside one
 * decision, and every decision is made by exactly one bundle revision with one data document.
 * The SDK resets its heap before each evaluation, so memory stays flat however many decisions
 * are made.
 *
 * **Validation** (`validate` option). The policy itself checks every input and fails closed
 * (spec §5 step 2: forbid by `invalid_input`, one reason per violation). The host can also check
 * the input with ajv against the bundle's `/schema/input.json`, with messages worded like those
 * reasons: `'wasm'` (the default) leaves the refusal to the policy — `decide` returns its forbid,
 * and `decideDetailed` adds the friendly errors (path + message) in `validation`; `'throw'`
 * checks first and throws a `PactInputError` carrying them, without deciding or logging. In
 * `'throw'` mode data changes are checked against `/schema/data.schema.json` too, and refused
 * with a `PactDataError` instead of making every later decision `invalid_data`. The input is
 * normalised once to the JSON value the policy is given (`json-input.ts`: `JSON.stringify`'s
 * semantics — members holding `undefined` absent, `toJSON` applied), and validation, masking and
 * the log all work from that value, so they agree with the policy. The host writes the input
 * text for the policy itself (`non-finite.ts`): `Infinity`, `-Infinity` and `NaN` reach it as an
 * out-of-range number it refuses, not as `null`, which it would read as absent.
 *
 * **Run-time controls** (`killSwitch`, `revoke`, `restore`, `setData`, `replaceData`,
 * `resetData`) change the data document and push it into the Wasm instance; the next decision
 * sees the change — no rebuild, no reload. A field the pact does not declare is refused in
 * every mode (`PactDataError`, with a did-you-mean): the policy ignores undeclared data fields,
 * so a misspelt one would change nothing, silently. The host keeps the changes apart from the
 * bundle's defaults (`data-state.ts`), which is what makes the next two features exact.
 *
 * **Hot swap** (`swap`). The new bundle is read, verified (with the same key as at load, unless
 * a new one is given) and instantiated while decisions go on with the old one; then, in one
 * synchronous step, it replaces the old one. Decisions before that step were made (and logged)
 * by the old revision, decisions after it by the new one; none is lost or made by a mix of the
 * two. The controls carry over: the new bundle decides with *its* defaults under the *same*
 * changes — an engaged kill switch stays engaged, revoked secrets stay revoked, tuned
 * thresholds stay tuned, and fields the new pact adds take their new defaults; fields the host
 * set that the new pact no longer declares are dropped (and reported: `droppedData`), so the
 * data stays a document `replaceData` accepts. A swap to a bundle of another pact is refused.
 * Swaps are serialised in call order.
 *
 * **The decision log** (`log` option). Every decision and explanation becomes a hash-chained
 * record (`log/`): decision id, time, bundle revision and digest, the input with its
 * `@sensitive` fields masked (and, for explanations, the trace values that would reveal them),
 * the decision document, and the data it was made with (`data`: digest plus the host's changes,
 * so `replayLog` can re-decide it exactly). Writing is queued by the logger in decision order;
 * `decide` does not wait for it. `decideDetailed(...).logged` resolves when the record is
 * written, for hosts that must not act before; `flush()` waits for every record and reports a
 * failed write. One chain runs across swaps.
 *
 * @example
 * ```ts
 * const pact = await loadBundle('refunds.tar.gz', { log: 'decisions.jsonl', verificationKey: publicPem });
 * const d = pact.decide({ action: { tool: 'stripe.refund', category: 'money_movement', amount: 200, target: 'cus_1' },
 *                         trust: { score: 0.9, eval_age: 86400, open_disputes: 0 } });
 * if (d.effect === 'permit') await refund();           // d.grants: the secrets it may use
 * pact.killSwitch(true);                               // every next decision: forbid by kill_switch
 * await pact.swap('refunds-v2.tar.gz');                // the kill switch stays engaged
 * await pact.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import type { KeyInput, VerifyOptions } from '../bundle/index.js';
import type { Decision, Explanation } from '../decision/index.js';
import {
  controlsOf,
  dataRecord,
  documentChanges,
  effectiveData,
  isDataObject,
  NO_CHANGES,
  patchChanges,
  withoutUndeclared,
  type Controls,
  type DataChanges,
  type DataObject,
} from './data-state.js';
import { PactDataError, PactError, PactInputError } from './errors.js';
import { DecisionLogger, FileSink, type ChainHead, type DataRecord, type DecisionRecord, type LogSink } from './log/index.js';
import { fastInputText, isJsonValue, jsonInput, prepareInput, type JsonInput } from './json-input.js';
import { instantiate, instantiateWasm, openBundle, type BundleInfo, type Instance, type ValidateMode } from './open-bundle.js';
import { escapePointerToken, type SchemaError, type ValidationResult } from './schema/index.js';
import { fieldPath } from '../decision/index.js';
import { didYouMean } from '../diag/index.js';
import { maskExplanation } from './trace-mask.js';

/** Options of {@link loadBundle}. */
export interface LoadOptions {
  /**
   * Verify the bundle's signature with this key before loading — PEM text (public key,
   * certificate or private key) or a `KeyObject` — with OPA's default algorithm RS256. An
   * unsigned or tampered bundle is refused. Shorthand for `verification: { key }`; any other
   * algorithm must be named, e.g. an HMAC secret as `verification: { key: secret, alg: 'HS256' }`
   * (the algorithm is never taken from the bundle, as in OPA).
   */
  readonly verificationKey?: KeyInput;
  /** Verify with full options: `{ key, alg?, scope?, keyId? }`. Excludes `verificationKey`. */
  readonly verification?: VerifyOptions;
  /** Log every decision: a sink (`MemorySink`, `callbackSink(…)`, `FileSink`), or the path of a JSON-lines file to append to. */
  readonly log?: LogSink | string;
  /** Labels on every log record (OPA puts the instance `id` and `version` here). */
  readonly labels?: { readonly [key: string]: string };
  /**
   * `'wasm'` (default): the policy refuses invalid input itself (forbid by `invalid_input`);
   * friendly errors are in `decideDetailed(...).validation`. `'throw'`: invalid input throws a
   * `PactInputError` before deciding, and invalid data changes throw a `PactDataError`.
   */
  readonly validate?: ValidateMode;
  /** Called once per failed log write (the failure is also reported by `flush`). */
  readonly onLogError?: (error: unknown) => void;
  /** The clock for log timestamps; `Date.now` unless given. */
  readonly now?: () => number | Date;
  /** The decision id source; `crypto.randomUUID` unless given. */
  readonly newId?: () => string;
}

/** Options of {@link Pact.swap}. */
export interface SwapOptions {
  /** Verify the new bundle with this key instead of the current one (key rotation); it then stays in force. */
  readonly verificationKey?: KeyInput;
  /** Full verification options for the new bundle; excludes `verificationKey`. */
  readonly verification?: VerifyOptions;
}

/** What a swap did. */
export interface SwapResult {
  /** The bundle that decided until the swap. */
  readonly previous: BundleInfo;
  /** The bundle deciding from now on. */
  readonly current: BundleInfo;
  /**
   * The carried-over data checked against the new bundle's data schema (undefined without
   * one). In `'wasm'` mode an invalid result is accepted — decisions then forbid by
   * `invalid_data` — so check it; in `'throw'` mode the swap is refused instead.
   */
  readonly data: ValidationResult | undefined;
  /**
   * The data fields the host had set (by `setData`, or in a `replaceData` document) that the
   * new bundle's pact does not declare: dropped at the swap — the new policy would ignore them,
   * and `currentData()` must stay a document `replaceData` accepts. Empty when there were none.
   * (Swapping back does not bring them back: set them again.)
   */
  readonly droppedData: readonly string[];
}

/** Who and what a decision is for; copied into its log record (OPA's field names). */
export interface DecisionContext {
  /** Who asked, e.g. the agent's id or address. */
  readonly requested_by?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  /** Labels for this record, over the pact's. */
  readonly labels?: { readonly [key: string]: string };
  readonly metrics?: { readonly [key: string]: number };
  /** Anything else to keep with the decision. */
  readonly custom?: { readonly [key: string]: unknown };
}

/** A decision with everything around it; see {@link Pact.decideDetailed}. */
export interface DecisionOutcome<D extends Decision = Decision> {
  /** The decision document (or explanation) the policy returned. */
  readonly decision: D;
  /** The decision id, as logged. */
  readonly decisionId: string;
  /** The bundle that decided. */
  readonly bundle: BundleInfo;
  /** The digest of the data document it decided with (as logged in `data.digest`). */
  readonly dataDigest: string;
  /**
   * The host's schema check of the input, with friendly errors (path + message) when it does
   * not conform; undefined when the bundle has no input schema. Conforming input never gives
   * `invalid_input`, and non-conforming input always does (unless the kill switch decided first).
   */
  readonly validation: ValidationResult | undefined;
  /** Resolves to the record once it is in the log; undefined without a log. */
  readonly logged: Promise<DecisionRecord> | undefined;
}

/** How a {@link Pact} is set up (internal). */
interface PactSetup {
  readonly mode: ValidateMode;
  readonly verification?: VerifyOptions;
  readonly logger?: DecisionLogger;
  readonly newId?: () => string;
  readonly onLogError?: (error: unknown) => void;
}

/** A pact ready to decide; made by {@link loadBundle}. See the file header. */
export class Pact {
  private instance: Instance;
  private changes: DataChanges = NO_CHANGES;
  /** The data object pushed into the instance. */
  private data: unknown;
  /** Its log record, computed on first use after each change. */
  private record: DataRecord | undefined;
  private readonly mode: ValidateMode;
  private verification: VerifyOptions | undefined;
  private readonly logger: DecisionLogger | undefined;
  private readonly newId: () => string;
  private readonly onLogError: ((error: unknown) => void) | undefined;
  private logFailure: { error: unknown } | undefined;
  private swapQueue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(instance: Instance, options: PactSetup) {
    this.instance = instance;
    this.mode = options.mode;
    this.verification = options.verification;
    this.logger = options.logger;
    this.newId = options.newId ?? randomUUID;
    this.onLogError = options.onLogError;
    this.data = effectiveData(instance.defaults, this.changes);
    this.push(instance, this.data);
  }

  /**
   * Instantiates a bare `policy.wasm` for pact `info.name` with the pact's data object `data`
   * as its defaults: no bundle, so no schemas (no friendly validation, nothing masked), no
   * declared data fields (`setData` takes any field, as the policy does: it ignores those it
   * does not declare) and no log. For tools that compile in memory, such as `pactc test`, whose
   * test blocks may set undeclared data fields (a checker warning).
   */
  static async fromWasm(
    info: { readonly name: string; readonly version: string; readonly revision: string; readonly digest?: string },
    wasm: Uint8Array,
    data: DataObject,
  ): Promise<Pact> {
    return new Pact(await instantiateWasm({ ...info, digest: info.digest ?? '' }, wasm, data), { mode: 'wasm' });
  }

  /** @internal Used by {@link loadBundle}. */
  static create(instance: Instance, options: PactSetup): Pact {
    return new Pact(instance, options);
  }

  /** The bundle deciding now (changes on `swap`). */
  get info(): BundleInfo {
    return this.instance.info;
  }

  /** The `@sensitive` input fields of the current bundle, as wildcard JSON pointers. */
  get sensitivePaths(): readonly string[] {
    return this.instance.sensitivePaths;
  }

  /**
   * The decision document for `input` (`undefined`: no input, which the policy refuses as
   * invalid). With `validate: 'throw'`, throws a `PactInputError` for a non-conforming input.
   *
   * @example
   * ```ts
   * const d = pact.decide(input, { requested_by: 'agent-7' });
   * switch (d.effect) { case 'permit': …; case 'escalate': askOneOf(d.approvers); …; case 'forbid': refuse(d.reasons); }
   * ```
   */
  decide(input: unknown, context?: DecisionContext): Decision {
    return this.run('decision', input, context, false).decision as Decision;
  }

  /** The decision plus a trace of every rule: which conditions failed, with the values seen. Logged like a decision, with sensitive trace values masked. */
  explain(input: unknown, context?: DecisionContext): Explanation {
    return this.run('explain', input, context, false).decision as Explanation;
  }

  /**
   * Decides and returns the decision with its id, the bundle and data that made it, the
   * friendly validation errors (in `'wasm'` mode too), and a promise for the log record.
   *
   * @example
   * ```ts
   * const { decision, validation, logged } = pact.decideDetailed(input);
   * if (validation && !validation.valid) for (const e of validation.errors) console.warn(e.message);
   * await logged;   // act only once the decision is on record
   * ```
   */
  decideDetailed(input: unknown, context?: DecisionContext): DecisionOutcome<Decision> {
    return this.run('decision', input, context, true) as DecisionOutcome<Decision>;
  }

  /** {@link decideDetailed} for the explain entrypoint. */
  explainDetailed(input: unknown, context?: DecisionContext): DecisionOutcome<Explanation> {
    return this.run('explain', input, context, true) as DecisionOutcome<Explanation>;
  }

  /**
   * Checks `input` — as the JSON the policy would get (`json-input.ts`) — against the bundle's
   * input schema without deciding (undefined without a schema). Throws a `PactInputError` for
   * an input JSON cannot hold, as `decide` does.
   */
  validate(input: unknown): ValidationResult | undefined {
    const inst = this.instance;
    if (!inst.validateInput) return undefined;
    let json: JsonInput;
    try {
      // Only the value is validated: no text for the Wasm is needed.
      json = isJsonValue(input) ? { value: input, nonFinite: [] } : jsonInput(input);
    } catch (e) {
      throw notJson(inst, e);
    }
    return inst.validateInput(json.value);
  }

  /** Engages (or releases) the kill switch: while on, every action is forbidden by `kill_switch`. */
  killSwitch(on: boolean): void {
    this.setData({ kill_switch: on });
  }

  /** Revokes a secret: rules granting it stop matching. */
  revoke(secret: string): void {
    const { revoked } = this.controls();
    if (!revoked.includes(secret)) this.setData({ revoked: [...revoked, secret].sort() });
  }

  /** Restores a revoked secret. */
  restore(secret: string): void {
    const { revoked } = this.controls();
    if (revoked.includes(secret)) this.setData({ revoked: revoked.filter((s) => s !== secret) });
  }

  /**
   * Replaces data fields (thresholds, allow-lists, controls) field by field; the rest keep their
   * values. A field set to `undefined` is unset: it takes the bundle's default again (or, after
   * `replaceData`, leaves the document). A field the pact does not declare is refused in every
   * mode with a `PactDataError` (with a did-you-mean): the policy would ignore it, so
   * `refund_limt` would change nothing. (The data never holds such a field: `swap` drops those
   * the new bundle does not declare, see {@link SwapResult.droppedData}.)
   */
  setData(patch: DataObject): void {
    if (!isDataObject(patch)) throw new PactError('bad-option', 'setData takes an object of data fields');
    checkDataFields(this.instance, patch);
    this.changeData(patchChanges(this.changes, patch));
  }

  /**
   * Replaces the whole data object, defaults included (OPA's `SetData`): fields left out are
   * absent, which the policy refuses as `invalid_data` when they are declared. A field the pact
   * does not declare is refused, as by `setData`. Carried over as it is by `swap`.
   */
  replaceData(document: DataObject): void {
    if (isDataObject(document)) checkDataFields(this.instance, document);
    this.changeData(documentChanges(document));
  }

  /** @internal Replaces the data object without checking its fields (replay: the record says what was decided with). */
  setDocument(document: unknown): void {
    this.changeData(documentChanges(document));
  }

  /**
   * The data fields the current bundle's pact declares, `kill_switch` and `revoked` included;
   * undefined for a pact made with {@link Pact.fromWasm}, whose fields no bundle declares.
   */
  get dataFields(): readonly string[] | undefined {
    return this.instance.dataFields;
  }

  /** Drops every run-time change: the bundle's defaults again (kill switch off, nothing revoked). */
  resetData(): void {
    this.changeData(NO_CHANGES);
  }

  /** The pact's current data object, as the policy sees it. */
  currentData(): DataObject {
    return this.data as DataObject;
  }

  /** The current bundle's data defaults (its `data.json`). */
  defaultData(): DataObject {
    return this.instance.defaults;
  }

  /** The kill switch and the revoked secrets, as the policy sees them. */
  controls(): Controls {
    return controlsOf(this.data);
  }

  /** The data record a decision made now would be logged with: digest plus the host's changes. */
  dataRecord(): DataRecord {
    return (this.record ??= dataRecord(this.changes, this.data));
  }

  /**
   * Hot-swaps the bundle (a path or its bytes) while decisions continue; see the file header
   * for the semantics. Rejects — leaving the current bundle in place — when the new one cannot
   * be read or verified, is another pact's, or (in `'throw'` mode) does not accept the data.
   *
   * @example
   * ```ts
   * const { previous, current } = await pact.swap('refunds-1.3.0.tar.gz');
   * console.log(`now deciding with ${current.version} (${current.revision}), was ${previous.version}`);
   * ```
   */
  swap(source: string | Uint8Array, options: SwapOptions = {}): Promise<SwapResult> {
    const run = this.swapQueue.then(() => this.doSwap(source, options));
    this.swapQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Waits until every decision so far is in the log; rejects with the first write failure
   * since the last `flush` (a `LogError`). Resolves at once without a log.
   */
  async flush(): Promise<void> {
    if (this.logger) await this.logger.head();
    const failure = this.logFailure;
    this.logFailure = undefined;
    if (failure) throw failure.error;
  }

  /** The log's last record (`seq`, `hash`) once pending records are written; store it elsewhere to anchor the chain. */
  async head(): Promise<ChainHead | undefined> {
    return this.logger ? this.logger.head() : undefined;
  }

  /** Flushes and closes the log (and its sink). Later decisions throw `PactError('closed')`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.swapQueue;
    if (this.logger) await this.logger.close();
    const failure = this.logFailure;
    this.logFailure = undefined;
    if (failure) throw failure.error;
  }

  // -------------------------------------------------------------------------------------------

  private run(kind: 'decision' | 'explain', input: unknown, context: DecisionContext | undefined, detailed: boolean): DecisionOutcome<Decision> {
    if (this.closed) throw new PactError('closed', `pact \`${this.instance.info.name}\` is closed`);
    // INVARIANT: everything from here to the return is synchronous, so one instance and one
    // data document make the decision and the record, whatever swaps or controls are pending.
    const inst = this.instance;
    const validating = (this.mode === 'throw' || detailed) && inst.validateInput !== undefined;
    // One JSON value for every view: what the Wasm decides, what is validated, masked and logged
    // (`json-input.ts`). Without a log or validation only the text is needed.
    let json: JsonInput | undefined;
    let text: string | undefined;
    try {
      if (validating || this.logger) {
        ({ json, text } = prepareInput(input, this.logger !== undefined));
      } else {
        text = fastInputText(input);
      }
    } catch (e) {
      throw notJson(inst, e);
    }
    let validation: ValidationResult | undefined;
    if (validating) {
      validation = inst.validateInput?.((json as JsonInput).value);
      if (this.mode === 'throw' && validation && !validation.valid) throw new PactInputError(inst.info.name, validation.errors);
    }
    const path = kind === 'decision' ? inst.decisionPath : inst.explainPath;
    const decision = evaluate(inst, path, text) as Decision;
    const needId = detailed || this.logger !== undefined;
    const decisionId = needId ? this.newId() : '';
    let logged: Promise<DecisionRecord> | undefined;
    if (this.logger) {
      const traced = kind === 'explain' ? maskExplanation(decision, inst.mask) : undefined;
      logged = this.logger.record({
        input: undefined,
        json: json as JsonInput,
        result: traced ? traced.result : decision,
        path,
        decision_id: decisionId,
        bundle: { revision: inst.info.revision, digest: inst.info.digest },
        mask: inst.mask,
        ...(traced && traced.masked.length > 0 ? { resultMasked: traced.masked } : {}),
        data: this.dataRecord(),
        ...contextFields(context),
      });
      // Handled here (the caller may ignore `logged`); the failure is kept for `flush`.
      logged.catch((e: unknown) => this.logFailed(e));
    }
    if (!detailed) return { decision } as DecisionOutcome<Decision>;
    return { decision, decisionId, bundle: inst.info, dataDigest: this.dataRecord().digest, validation, logged };
  }

  private logFailed(error: unknown): void {
    this.logFailure ??= { error };
    try {
      this.onLogError?.(error);
    } catch {
      // A throwing callback must not become an unhandled rejection; `flush` still reports the failure.
    }
  }

  private changeData(next: DataChanges): void {
    if (this.closed) throw new PactError('closed', `pact \`${this.instance.info.name}\` is closed`);
    const inst = this.instance;
    const data = effectiveData(inst.defaults, next);
    if (this.mode === 'throw' && inst.validateData) {
      const v = inst.validateData(data);
      if (!v.valid) throw new PactDataError(inst.info.name, v.errors);
    }
    this.push(inst, data);
    this.changes = next;
    this.data = data;
    this.record = undefined;
  }

  private push(inst: Instance, data: unknown): void {
    inst.policy.setData({ pact: { [inst.info.name]: data } });
  }

  private async doSwap(source: string | Uint8Array, options: SwapOptions): Promise<SwapResult> {
    if (this.closed) throw new PactError('closed', `pact \`${this.instance.info.name}\` is closed`);
    const given = verificationOf(options);
    const verification = given ?? this.verification;
    const next = await instantiate(await openBundle(source, verification), this.mode);
    const previous = this.instance.info;
    if (next.info.name !== previous.name) {
      throw new PactError('pact-mismatch', `cannot swap pact \`${previous.name}\` for a bundle of pact \`${next.info.name}\``);
    }
    if (this.closed) throw new PactError('closed', `pact \`${previous.name}\` is closed`);
    // The commit: synchronous, so no decision sees half of it. The changes are read now, so
    // controls set while the new bundle was loading carry over too — but not fields the new
    // pact does not declare, which are dropped and reported.
    const { changes, dropped } = next.dataFields ? withoutUndeclared(this.changes, next.dataFields) : { changes: this.changes, dropped: [] };
    const data = effectiveData(next.defaults, changes);
    const check = next.validateData?.(data);
    if (this.mode === 'throw' && check && !check.valid) throw new PactDataError(previous.name, check.errors, 'the data carried over to the new bundle');
    this.push(next, data);
    this.instance = next;
    this.changes = changes;
    this.data = data;
    this.record = undefined;
    if (given) this.verification = given;
    return { previous, current: next.info, data: check, droppedData: dropped };
  }
}

/**
 * Reads, optionally verifies, and instantiates a bundle from a path or its bytes; see
 * {@link LoadOptions} and the file header. Throws a `BundleError` for a bundle that cannot be read
 * or does not verify (unsigned, tampered, wrong key or scope), a `LogError` for a log file whose
 * tail cannot be continued, and a `PactError` for contradictory options.
 *
 * @example
 * ```ts
 * import { loadBundle, MemorySink } from 'pactc';
 * const sink = new MemorySink();
 * const pact = await loadBundle(bytes, { log: sink, labels: { id: 'host-1' }, validate: 'throw' });
 * ```
 */
export async function loadBundle(source: string | Uint8Array, options: LoadOptions = {}): Promise<Pact> {
  // A misspelt option must not pass silently: `verificationkey` would turn signature checks off.
  for (const k of Object.keys(options)) {
    if (!LOAD_OPTIONS.includes(k)) {
      throw new PactError('bad-option', `unknown option \`${k}\` (the options are ${LOAD_OPTIONS.map((o) => `\`${o}\``).join(', ')})`);
    }
  }
  const verification = verificationOf(options);
  const mode = options.validate ?? 'wasm';
  if (mode !== 'wasm' && mode !== 'throw') throw new PactError('bad-option', `validate must be 'wasm' or 'throw', not ${JSON.stringify(mode)}`);
  const inst = await instantiate(await openBundle(source, verification), mode);
  let logger: DecisionLogger | undefined;
  if (options.log !== undefined) {
    const sink = typeof options.log === 'string' ? await FileSink.open(options.log) : options.log;
    logger = new DecisionLogger({
      sink,
      pact: inst.info.name,
      revision: inst.info.revision,
      bundleDigest: inst.info.digest,
      sensitivePaths: inst.sensitivePaths,
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }
  return Pact.create(inst, {
    mode,
    ...(verification ? { verification } : {}),
    ...(logger ? { logger } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.onLogError ? { onLogError: options.onLogError } : {}),
  });
}

/** Every option {@link loadBundle} knows. */
const LOAD_OPTIONS: readonly string[] = Object.keys({
  verificationKey: true,
  verification: true,
  log: true,
  labels: true,
  validate: true,
  onLogError: true,
  now: true,
  newId: true,
} satisfies Record<keyof LoadOptions, true>);

/** The verification options given as `verificationKey` or `verification`, if any. */
function verificationOf(o: { readonly verificationKey?: KeyInput; readonly verification?: VerifyOptions }): VerifyOptions | undefined {
  if (o.verificationKey !== undefined && o.verification !== undefined) {
    throw new PactError('bad-option', 'pass either `verificationKey` or `verification`, not both');
  }
  return o.verification ?? (o.verificationKey !== undefined ? { key: o.verificationKey } : undefined);
}

/**
 * The errors for the fields of `patch` that are not among the pact's data `fields`, each with a
 * did-you-mean: `data.refund_limt is not a declared data field (did you mean \`refund_limit\`?)`.
 */
export function unknownDataFields(fields: readonly string[], patch: DataObject, what = 'a declared data field'): SchemaError[] {
  const errors: SchemaError[] = [];
  for (const name of Object.keys(patch)) {
    if (fields.includes(name)) continue;
    const path = fieldPath('data', name);
    const hint = didYouMean(name, fields);
    const help = hint ? `(${hint})` : `(the data fields are ${fields.map((f) => `\`${f}\``).join(', ')})`;
    errors.push({ path, pointer: `/${escapePointerToken(name)}`, message: `${path} is not ${what} ${help}`, keyword: 'additionalProperties' });
  }
  return errors;
}

/** Throws a `PactDataError` when `patch` names a data field the pact of `inst` does not declare. */
function checkDataFields(inst: Instance, patch: DataObject): void {
  if (!inst.dataFields) return;
  const errors = unknownDataFields(inst.dataFields, patch);
  if (errors.length > 0) throw new PactDataError(inst.info.name, errors, 'the data change');
}

/** The `PactInputError` for an input JSON cannot hold (a cycle, a BigInt). */
function notJson(inst: Instance, e: unknown): unknown {
  if (!(e instanceof TypeError)) return e;
  return new PactInputError(inst.info.name, [{ path: 'input', pointer: '', message: `input is not JSON: ${e.message}`, keyword: 'json' }], { cause: e });
}

/**
 * Runs one entrypoint on the input text the host wrote (`json-input.ts`), so that a non-finite
 * number reaches the policy as an out-of-range literal, which it refuses, and not as `null`
 * (absent). No text, or the text of a falsy value, is no input: the SDK treats a falsy input so,
 * and a replay of the logged value must decide the same.
 */
function evaluate(inst: Instance, path: string, text: string | undefined): unknown {
  const none = text === undefined || text === 'null' || text === 'false' || text === '0' || text === '""';
  const result = inst.policy.evaluate(none ? undefined : textBuffer(text), path) as { result: unknown }[];
  const first = result[0];
  if (result.length !== 1 || !first) throw new Error(`pact ${inst.info.name}: the policy returned no decision`);
  return first.result;
}

/** The UTF-8 bytes of `text` in an ArrayBuffer of their own (the SDK reads the whole buffer). */
function textBuffer(text: string): ArrayBuffer {
  const bytes = new TextEncoder().encode(text);
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}

/** The log fields of a decision context, picked one by one (nothing else may reach the record). */
function contextFields(c: DecisionContext | undefined): DecisionContext {
  if (!c) return {};
  return {
    ...(c.requested_by !== undefined ? { requested_by: c.requested_by } : {}),
    ...(c.trace_id !== undefined ? { trace_id: c.trace_id } : {}),
    ...(c.span_id !== undefined ? { span_id: c.span_id } : {}),
    ...(c.labels !== undefined ? { labels: c.labels } : {}),
    ...(c.metrics !== undefined ? { metrics: c.metrics } : {}),
    ...(c.custom !== undefined ? { custom: c.custom } : {}),
  };
}

// The bundle identity and validation mode belong to `open-bundle.ts`; re-exported for callers of this file.
export type { BundleInfo, ValidateMode } from './open-bundle.js';
export { bundleInfo } from './open-bundle.js';
