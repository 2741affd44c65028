/**
 * The bundle phase: a compiled pact in, an OPA bundle out — and back.
 *
 * An OPA bundle is a gzip-compressed tar holding `/data.json`, `/policy.wasm`, optional extra
 * files, an optional `/.signatures.json`, and `/.manifest` (opa-wasm-abi.md §11–§12,
 * pact-language.md §8). The phase is split by concept:
 *
 * - `canonical.ts` — OPA's per-file digests: structured files (`data.json`, `.manifest`, …) are
 *   hashed over canonical JSON (numbers kept as written, keys in UTF-8 byte order, Go string
 *   escaping), everything else over raw bytes;
 * - `tar.ts` — a deterministic ustar + gzip container (fixed metadata, level 9, OS byte 255);
 * - `manifest.ts` — the manifest pactc writes (OPA's field order) and OPA's load-time checks;
 * - `write.ts` — `buildBundle`, and the revision recipe: SHA-256 over sorted
 *   `<digest>␠␠<name>` lines of every file but the manifest and signatures;
 * - `sign.ts` — OPA's `.signatures.json` (one JWS via `jose`) and `verifyBundle`;
 * - `read.ts` — `readBundle`, with OPA's checks and clear errors;
 * - `write-file.ts` — `writeBundleFile`, atomic (temp file in the same directory, then rename),
 *   and `writeFilesAtomically`, several files all or nothing.
 *
 * Everything that can fail throws a `BundleError` carrying a catalog code (P5002 write, P5003
 * invalid bundle, P5005 signature) and a stable `reason`.
 */
export { BundleError, isBundleError, type BundleErrorReason } from './error.js';
export { digestFile, canonicalBytes, isStructuredFile } from './canonical.js';
export { buildBundle, bundleRevision, type BundleSpec } from './write.js';
export { writeBundleFile, writeFilesAtomically, type WriteFileOptions, type FileToWrite } from './write-file.js';
export { readBundle, type BundleContents, type ReadOptions, type SignaturesFile } from './read.js';
export {
  verifyBundle,
  resolveKeyArgument,
  checkSigningKey,
  SIGNING_ALGORITHMS,
  DEFAULT_ALGORITHM,
  DEFAULT_KEY_ID,
  isSigningAlgorithm,
  type SigningAlgorithm,
  type SigningOptions,
  type VerifyOptions,
  type VerifiedSignature,
  type SignedFile,
  type KeyInput,
} from './sign.js';
export { pactEntrypoints, pactRoot, type Manifest, type PactMetadata, type WasmResolver } from './manifest.js';
