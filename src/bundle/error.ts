/**
 * The one error type of the bundle phase.
 *
 * Diagnostics-as-data (`diag/`) is for mistakes in source files, which have spans. A bundle is a
 * binary artifact with no spans, so the bundle phase throws a typed `BundleError` instead: a
 * catalog code (P5002 cannot write bundle, P5003 invalid bundle, P5005 bundle signature invalid),
 * a machine-readable `reason` that tests and tools match on, and a one-line lowercase message in
 * the house style (user-controlled names in backticks are not used here because OPA's own
 * messages, which ours mirror where OPA has one, quote with `'…'`).
 */
import type { Code } from '../diag/index.js';

/** Why a bundle could not be written, read or verified; stable identifiers for tools and tests. */
export type BundleErrorReason =
  // Writing (P5002)
  | 'invalid-spec'
  | 'write-failed'
  // Reading (P5003)
  | 'read-failed'
  | 'not-gzip'
  | 'corrupt-gzip'
  | 'not-tar'
  | 'duplicate-file'
  | 'missing-manifest'
  | 'multiple-manifests'
  | 'invalid-manifest'
  | 'missing-module'
  | 'missing-wasm'
  | 'invalid-data'
  | 'roots-overlap'
  | 'roots-mismatch'
  | 'invalid-signatures-file'
  | 'invalid-structured-file'
  // Signing and verification (P5005)
  | 'invalid-key'
  | 'unsupported-algorithm'
  | 'not-signed'
  | 'bad-signature'
  | 'algorithm-mismatch'
  | 'empty-key-id'
  | 'scope-mismatch'
  | 'file-not-signed'
  | 'digest-mismatch'
  | 'signed-file-missing';

/** The catalog code each reason is reported under. */
const CODE_OF: Readonly<Record<BundleErrorReason, Code>> = {
  'invalid-spec': 'P5002',
  'write-failed': 'P5002',
  'read-failed': 'P5001',
  'not-gzip': 'P5003',
  'corrupt-gzip': 'P5003',
  'not-tar': 'P5003',
  'duplicate-file': 'P5003',
  'missing-manifest': 'P5003',
  'multiple-manifests': 'P5003',
  'invalid-manifest': 'P5003',
  'missing-module': 'P5003',
  'missing-wasm': 'P5003',
  'invalid-data': 'P5003',
  'roots-overlap': 'P5003',
  'roots-mismatch': 'P5003',
  'invalid-signatures-file': 'P5003',
  'invalid-structured-file': 'P5003',
  'invalid-key': 'P5005',
  'unsupported-algorithm': 'P5005',
  'not-signed': 'P5005',
  'bad-signature': 'P5005',
  'algorithm-mismatch': 'P5005',
  'empty-key-id': 'P5005',
  'scope-mismatch': 'P5005',
  'file-not-signed': 'P5005',
  'digest-mismatch': 'P5005',
  'signed-file-missing': 'P5005',
};

/**
 * An error raised while writing, reading, signing or verifying a bundle. `code` is the catalog
 * code, `reason` the precise cause, and `message` a single line without a final period.
 */
export class BundleError extends Error {
  /** The diagnostic catalog code (P5002, P5003 or P5005). */
  readonly code: Code;
  /** The precise cause, stable across wording changes. */
  readonly reason: BundleErrorReason;

  constructor(reason: BundleErrorReason, message: string, options?: { cause?: unknown }) {
    // Only pass a cause that exists, so `'cause' in error` means there is one.
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BundleError';
    this.reason = reason;
    this.code = CODE_OF[reason];
  }
}

/** Returns whether `e` is a `BundleError`, optionally with the given reason. */
export function isBundleError(e: unknown, reason?: BundleErrorReason): e is BundleError {
  return e instanceof BundleError && (reason === undefined || e.reason === reason);
}
