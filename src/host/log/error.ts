/**
 * The one error type of the decision log.
 *
 * Like `BundleError`, a `LogError` carries a stable machine-readable `reason` and a one-line
 * lowercase message. It is thrown for things a host must not paper over: extending a log whose
 * tail is torn or was edited, writing through a sink whose previous write failed half-way, a
 * masking path that is not a pointer into the input. Problems found by `verifyLog` are data
 * (`LogProblem`), not errors.
 */

/** Why a log operation failed; stable identifiers for tools and tests. */
export type LogErrorReason =
  /** The file's last line has no newline: a write was cut short. */
  | 'torn-tail'
  /** The file's last line is not a well-formed record, or its hash does not match. */
  | 'bad-tail'
  /** A previous write may have been applied partially; the sink refuses further writes. */
  | 'sink-broken'
  /** The logger or sink was closed. */
  | 'closed'
  /** A masking path is not a JSON pointer under `/input`. */
  | 'bad-path'
  /** The input or result cannot be written as JSON (a BigInt, a cycle). */
  | 'not-json';

/** An error raised by the decision log; `message` is one line without a final period. */
export class LogError extends Error {
  /** The precise cause, stable across wording changes. */
  readonly reason: LogErrorReason;

  constructor(reason: LogErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LogError';
    this.reason = reason;
  }
}

/** Returns whether `e` is a `LogError`, optionally with the given reason. */
export function isLogError(e: unknown, reason?: LogErrorReason): e is LogError {
  return e instanceof LogError && (reason === undefined || e.reason === reason);
}
