/**
 * The embedded host: load a pact bundle, decide at every action boundary, log every decision.
 *
 * The pieces, each in its own file:
 *
 * - `pact.ts` — `loadBundle` and `Pact`: decisions (`decide`, `explain`, `decideDetailed`),
 *   validation modes, run-time controls (`killSwitch`, `revoke`, `restore`, `setData`,
 *   `replaceData`, `resetData`), hot swap (`swap`), and the decision log (`flush`, `head`,
 *   `close`). Its header explains the semantics.
 * - `open-bundle.ts` — reading, verifying and instantiating a bundle (`BundleInfo`).
 * - `data-state.ts` — the data document as defaults plus the host's changes, its digest, and
 *   the `data` field of a log record.
 * - `trace-mask.ts` — masking the `@sensitive` values an explain trace would reveal.
 * - `replay.ts` — `replayLog`: re-decide a log's records with the bundles and data that decided them.
 * - `json-input.ts` — the input as the policy sees it: one JSON value (`jsonInput`) for the Wasm's
 *   text, validation, masking and the log.
 * - `non-finite.ts` — numbers JSON cannot hold: their out-of-range literals for the Wasm, and the
 *   log's record of them.
 * - `errors.ts` — `PactError`, `PactInputError`, `PactDataError`.
 * - `schema/` — JSON Schemas and TypeScript types from a pact, friendly ajv validation,
 *   sensitive paths; `log/` — the hash-chained decision log, its sinks and its verifier.
 *
 * Usage:
 * ```ts
 * import { loadBundle } from 'pactc';
 * const pact = await loadBundle('refunds.tar.gz', { log: 'decisions.jsonl' });
 * const decision = pact.decide(input);
 * await pact.close();
 * ```
 */
export {
  loadBundle,
  Pact,
  bundleInfo,
  type LoadOptions,
  type SwapOptions,
  type SwapResult,
  type DecisionContext,
  type DecisionOutcome,
  type BundleInfo,
  type ValidateMode,
} from './pact.js';
export { type Controls, type DataObject, type DataChanges, dataDigest } from './data-state.js';
export { maskExplanation, type MaskedTrace } from './trace-mask.js';
export {
  replayLog,
  replayLogWith,
  describeResult,
  type ReplayOptions,
  type ReplayWithOptions,
  type ReplayReport,
  type ReplayEntry,
  type ReplayStatus,
  type ReplaySkip,
} from './replay.js';
export { jsonInput, type JsonInput } from './json-input.js';
export { PactError, PactInputError, PactDataError, isPactError, type PactErrorReason } from './errors.js';
