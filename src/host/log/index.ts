/**
 * The decision log: a tamper-evident record of every decision a host makes.
 *
 * Every decision becomes one JSON line. The fields follow OPA's decision-log event where OPA
 * has one — `decision_id`, `timestamp`, `path`, `input`, `result`, `bundles`, `labels`,
 * `erased`, `masked`, `requested_by`, `trace_id`, `span_id`, `metrics`, `custom` — so tools
 * written for OPA read ours, and pactc adds `data` (the data the decision was made with, as a
 * digest plus the host's overrides), `bundle_digest` (SHA-256 of the bundle file), `seq`
 * (0-based position) and a hash chain: `prev_hash` (the previous record's `hash`, 64 zeros for
 * seq 0) and `hash`.
 *
 * The recipe, in full in `record.ts`: `hash` is the lowercase hex SHA-256 of the UTF-8 bytes
 * of the RFC 8785 canonical JSON (sorted keys, no whitespace) of the record without `hash`;
 * each line is the canonical JSON of the whole record plus `\n`. So any changed byte is caught:
 * by the hash, by the line no longer being canonical, or by the JSON no longer parsing.
 *
 * - `record.ts` — `DecisionRecord`, the recipe (`canonicalJson`, `recordHash`), `GENESIS_HASH`;
 * - `mask.ts` — `maskPaths`: `@sensitive` input fields replaced by `"***"` (or erased), with
 *   OPA's `masked`/`erased` pointer lists; the paths come from the bundle;
 * - `logger.ts` — `DecisionLogger`: masks, chains and writes records, in call order;
 * - `sinks.ts`, `file-sink.ts` — `MemorySink`, `callbackSink`, and `FileSink` (append-only
 *   JSON lines, resuming the chain from the file's last line, refusing a torn tail);
 * - `verify.ts` — `verifyLog`: every edited, deleted, reordered, duplicated, torn or malformed
 *   line, with its line number and a message (`line 7: record seq 6 was edited (hash mismatch)`).
 *
 * Usage:
 * ```ts
 * const sink = await FileSink.open('decisions.jsonl');
 * const logger = new DecisionLogger({ sink, pact: 'refund_agent', revision, bundleDigest: bundleDigest(bytes),
 *   sensitivePaths: schema.sensitivePathsFromSchema(inputSchema) });
 * await logger.record({ input, result: decision });
 * const { ok, problems } = await verifyLogFile('decisions.jsonl');
 * ```
 */
export {
  type DecisionRecord,
  type DataRecord,
  type ChainHead,
  GENESIS_HASH,
  HASH_PATTERN,
  MASK,
  canonicalJson,
  recordHash,
  recordLine,
  sha256Hex,
  bundleDigest,
  jsonNormalise,
} from './record.js';
export { maskPaths, compileMaskRules, MaskPlan, type MaskRule, type Masked, type MaskOptions } from './mask.js';
export { DecisionLogger, type LoggerOptions, type DecisionEvent } from './logger.js';
export { MemorySink, callbackSink, type LogSink, type RecordCallback, type ResumeOptions } from './sinks.js';
export { FileSink, type FileSinkOptions } from './file-sink.js';
export { verifyLog, verifyLogFile, type Verification, type VerifyOptions, type LogProblem, type LogProblemKind } from './verify.js';
export { readLine, type LineReading } from './line.js';
export { LogError, isLogError, type LogErrorReason } from './error.js';
