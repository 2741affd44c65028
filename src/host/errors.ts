/**
 * The errors of the embedded host.
 *
 * Like `BundleError` and `LogError`, each carries a stable machine-readable `reason` and a
 * one-line lowercase message. Bundles that cannot be read or verified are reported with the
 * bundle phase's own `BundleError` (reasons such as `digest-mismatch`, `not-signed`); decision
 * log failures with `LogError`. What is left is the host's own:
 *
 * - `PactInputError` — with `validate: 'throw'`, an input that does not conform to the pact's
 *   input schema (or one that is not JSON at all, in any mode). It carries the friendly errors,
 *   each with a path and a message worded like the policy's own `invalid_input` reasons.
 * - `PactDataError` — in any mode, a data change (`setData`, `replaceData`) naming a field the
 *   pact does not declare; with `validate: 'throw'`, a data change (those, a control, or the data
 *   carried into a hot-swapped bundle) that would not conform to the data schema. The change is
 *   not applied.
 * - `PactError` — the base class, also thrown for option mistakes, a bundle without the schema
 *   that `validate: 'throw'` needs, a swap to another pact, and use after `close()`.
 */
import type { SchemaError } from './schema/index.js';

/** Why the host refused something; stable identifiers for tools and tests. */
export type PactErrorReason =
  /** The input does not conform to the input schema, or is not JSON. */
  | 'invalid-input'
  /** A data change would make the data document not conform to the data schema. */
  | 'invalid-data'
  /** `validate: 'throw'` needs the bundle's `/schema/input.json`, which it lacks. */
  | 'no-schema'
  /** `swap` was given a bundle of another pact. */
  | 'pact-mismatch'
  /** An option is malformed or options contradict each other. */
  | 'bad-option'
  /** The pact was closed. */
  | 'closed';

/** An error raised by the embedded host; `message` is one line without a final period. */
export class PactError extends Error {
  /** The precise cause, stable across wording changes. */
  readonly reason: PactErrorReason;

  constructor(reason: PactErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PactError';
    this.reason = reason;
  }
}

/** How many errors a message lists before it says "and N more". */
const LISTED = 3;

/** Joins friendly errors for a one-line message. */
function summary(errors: readonly SchemaError[]): string {
  const shown = errors.slice(0, LISTED).map((e) => e.message);
  const more = errors.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}

/**
 * An input refused before the policy was asked (`validate: 'throw'`), or one that cannot be
 * encoded as JSON. No decision was made and nothing was logged.
 *
 * @example
 * ```ts
 * try {
 *   pact.decide(input);
 * } catch (e) {
 *   if (e instanceof PactInputError) for (const { path, message } of e.errors) console.error(path, message);
 * }
 * ```
 */
export class PactInputError extends PactError {
  /** The problems, in schema order: `{ path: 'input.trust.score', message: 'input.trust.score must be between 0 and 1', … }`. */
  readonly errors: readonly SchemaError[];
  /** The pact whose schema the input failed. */
  readonly pact: string;

  constructor(pact: string, errors: readonly SchemaError[], options?: { cause?: unknown }) {
    super('invalid-input', `input does not conform to pact \`${pact}\`: ${summary(errors)}`, options);
    this.name = 'PactInputError';
    this.errors = errors;
    this.pact = pact;
  }
}

/**
 * A data change refused: it names a field the pact does not declare (any mode), or the resulting
 * data document would not conform (`validate: 'throw'`).
 */
export class PactDataError extends PactError {
  /** The problems, in schema order, with paths starting at `data`. */
  readonly errors: readonly SchemaError[];
  /** The pact whose data schema the document failed. */
  readonly pact: string;

  constructor(pact: string, errors: readonly SchemaError[], what = 'data') {
    super('invalid-data', `${what} does not conform to pact \`${pact}\`: ${summary(errors)}`);
    this.name = 'PactDataError';
    this.errors = errors;
    this.pact = pact;
  }
}

/** Returns whether `e` is a `PactError`, optionally with the given reason. */
export function isPactError(e: unknown, reason?: PactErrorReason): e is PactError {
  return e instanceof PactError && (reason === undefined || e.reason === reason);
}
