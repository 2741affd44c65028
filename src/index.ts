/**
 * `pactc` — the package's public API.
 *
 * Three layers, from what most users need to what tools need:
 *
 * 1. **The embedded host** (`host/`): load a bundle and decide at every action boundary.
 *    `loadBundle(pathOrBytes, options)` → a `Pact` with `decide`, `explain`, `decideDetailed`,
 *    run-time controls (`killSwitch`, `revoke`, `restore`, `setData`, …), `swap` (hot swap),
 *    and a hash-chained decision log (`log: sink | path`). `replayLog` re-decides a log;
 *    `verifyLog` / `verifyLogFile` check one. See docs/embedding.md.
 * 2. **Bundles** (`bundle/`): `readBundle`, `verifyBundle` (OPA's signature format),
 *    `buildBundle`, `writeBundleFile`, `resolveKeyArgument`.
 * 3. **The compiler** (`compile.ts`): `buildPactBundle(path, text)` runs the whole pipeline
 *    (parse, check, plan, Wasm, bundle with schemas); `frontEnd` parses and checks only;
 *    `renderDiagnostic` prints a diagnostic the way `pactc check` does. The schema helpers
 *    (`inputJsonSchema`, `inputTypeScript`, …) turn a checked pact into host artefacts.
 *
 * The decision document's types (`Decision`, `Explanation`, `Effect`, …) are the contract of
 * spec §6, shared by all of them.
 *
 * @example
 * ```ts
 * import { buildPactBundle, loadBundle, renderDiagnostic } from 'pactc';
 * import { readFile } from 'node:fs/promises';
 *
 * const built = await buildPactBundle('refunds.pact', await readFile('refunds.pact', 'utf8'));
 * if (!built.bundle) throw new Error(built.frontEnd.diagnostics.map((d) => renderDiagnostic(d, built.frontEnd.lookup)).join('\n'));
 * const pact = await loadBundle(built.bundle.bytes, { log: 'decisions.jsonl' });
 * const decision = pact.decide({ action: { … }, trust: { … } });
 * ```
 */

// The embedded host: everything `host/index.ts` exports.
export * from './host/index.js';

// The decision log.
export {
  DecisionLogger,
  MemorySink,
  FileSink,
  callbackSink,
  verifyLog,
  verifyLogFile,
  maskPaths,
  canonicalJson,
  recordHash,
  bundleDigest,
  GENESIS_HASH,
  MASK,
  LogError,
  isLogError,
  type DecisionRecord,
  type DataRecord,
  type ChainHead,
  type LogSink,
  type LoggerOptions,
  type DecisionEvent,
  type FileSinkOptions,
  type Verification as LogVerification,
  type VerifyOptions as LogVerifyOptions,
  type LogProblem,
  type LogProblemKind,
  type LogErrorReason,
} from './host/log/index.js';

// Schemas and types for hosts.
export {
  inputJsonSchema,
  dataJsonSchema,
  schemaFiles,
  INPUT_SCHEMA_PATH,
  DATA_SCHEMA_PATH,
  compileInputValidator,
  compileDataValidator,
  sensitivePaths,
  sensitivePathsFromSchema,
  inputTypeScript,
  type PactJsonSchema,
  type SchemaError,
  type ValidationResult,
  type DocumentValidator,
} from './host/schema/index.js';

// Bundles.
export {
  buildBundle,
  readBundle,
  verifyBundle,
  writeBundleFile,
  resolveKeyArgument,
  bundleRevision,
  BundleError,
  isBundleError,
  SIGNING_ALGORITHMS,
  type BundleSpec,
  type BundleContents,
  type SigningOptions,
  type SigningAlgorithm,
  type VerifyOptions,
  type VerifiedSignature,
  type KeyInput,
  type BundleErrorReason,
  type Manifest,
} from './bundle/index.js';

// The compiler.
export {
  frontEnd,
  frontEndFile,
  compileWasm,
  buildPactBundle,
  sourceDigest,
  type FrontEnd,
  type BuiltBundle,
  type BuildOptions,
} from './compile.js';
export { renderDiagnostic, toJson as diagnosticJson, type Diagnostic, type DiagnosticJson } from './diag/index.js';
export type { CheckedPact } from './check/types.js';
export { COMPILER_VERSION } from './version.js';

// The decision contract (spec §6).
export {
  EFFECT_RANK,
  PSEUDO_RULES,
  type Effect,
  type Decision,
  type Explanation,
  type GrantDoc as Grant,
  type RuleTrace,
  type ConditionTrace,
} from './decision/index.js';
