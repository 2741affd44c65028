/**
 * Building a pact bundle: `buildBundle(spec)` → the bytes of a `.tar.gz` that OPA loads.
 *
 * The files, in archive order (opa-wasm-abi.md §11, pact-language.md §8):
 *
 *   /data.json           {"pact":{"NAME":{…the pact's data defaults…}}} in canonical JSON + "\n"
 *   /policy.wasm         the compiled module, verbatim
 *   /<extra files>       optional, sorted by name, e.g. /schema/input.json, /evidence/test-report.json
 *   /.signatures.json    only when signing (see sign.ts)
 *   /.manifest           see manifest.ts, with `revision` as below
 *
 * `data.json` is written with the canonical encoder (keys in UTF-8 byte order, no whitespace), so
 * the same data gives the same bytes whatever the insertion order of its keys, and its signature
 * digest is simply the SHA-256 of its bytes without the final newline.
 *
 * The revision recipe. `revision` is a content digest of everything the manifest describes:
 *
 *   1. Take every file of the bundle except `/.manifest` and `/.signatures.json` (the manifest
 *      holds the revision, and the signature covers the manifest, so neither can be an input).
 *   2. For each, compute `digestFile(name, bytes)` — the same per-file digest OPA lists in
 *      `.signatures.json`: lowercase hex SHA-256 over the canonical JSON for `data.json` (and other
 *      structured files), over the raw bytes for everything else.
 *   3. Write one line per file, `<digest>␠␠<name>\n` with `name` the tar path without its leading
 *      `/` (the `sha256sum` line format), lines sorted by name in UTF-8 byte order.
 *   4. `revision` = lowercase hex SHA-256 of those lines (UTF-8), 64 characters, no prefix.
 *
 * So two bundles share a revision exactly when their data (semantically, as canonical JSON),
 * module and extra files are identical; the manifest's metadata (compiler version, source digest)
 * and the signature do not take part. `bundleRevision` implements it, and `readBundle` users can
 * recompute it to check a bundle. Determinism of the container itself is tar.ts's business.
 */
import { canonicalJsonText, compareUtf8, digestFile, sha256Hex } from './canonical.js';
import { BundleError } from './error.js';
import { isPactName, manifestText, pactManifest, WASM_MODULE_PATH } from './manifest.js';
import { signaturesFileText, type SigningOptions } from './sign.js';
import { gzipDeterministic, packTar, tarNameProblem, type TarEntry } from './tar.js';

/** Everything a pact bundle is built from. */
export interface BundleSpec {
  /** The pact: its name (an identifier), version, and the digest of its source text. */
  readonly pact: { readonly name: string; readonly version: string; readonly sourceDigest: string };
  /** The pactc version that compiled it, recorded in `metadata.pact.compiler.version`. */
  readonly compilerVersion: string;
  /** The compiled `policy.wasm`. */
  readonly wasm: Uint8Array;
  /** The pact's data document (defaults, `kill_switch`, `revoked`, …), placed at `pact.NAME`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Extra files keyed by tar path (leading `/`), e.g. `/schema/input.json`; strings are UTF-8. */
  readonly files?: Readonly<Record<string, Uint8Array | string>>;
  /** Sign the bundle (writes `/.signatures.json`). */
  readonly signing?: SigningOptions;
}

/** The signatures file's tar path. */
export const SIGNATURES_PATH = '/.signatures.json';
/** The manifest's tar path. */
export const MANIFEST_PATH = '/.manifest';
/** The data file's tar path. */
export const DATA_PATH = '/data.json';

/**
 * Returns why `base` (a file's base name) would make OPA treat an extra file as something other
 * than an opaque file, or undefined when it is safe.
 */
function specialKind(base: string): string | undefined {
  if (base === 'data.json' || base === 'data.yaml' || base === 'data.yml') return 'a data file';
  if (base === 'policy.wasm') return 'a wasm module';
  if (base === 'patch.json') return 'a delta-bundle patch';
  if (base === 'plan.json') return 'a plan';
  if (base.endsWith('.manifest') || base.endsWith('.manifest.pb')) return 'a manifest';
  if (base.endsWith('signatures.json')) return 'a signatures file';
  if (base.endsWith('.rego')) return 'a Rego module';
  return undefined;
}

/** Returns why `name` cannot be an extra file of a pact bundle, or undefined when it can. */
export function extraFileProblem(name: string): string | undefined {
  if (!name.startsWith('/')) return "must start with '/'";
  const segs = name.slice(1).split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return "must not contain empty, '.' or '..' segments";
  if (name.includes('\\')) return 'must use / as the separator';
  const tarProblem = tarNameProblem(name);
  if (tarProblem) return tarProblem;
  const kind = specialKind(segs[segs.length - 1]!);
  if (kind) return `would be read by OPA as ${kind}`;
  return undefined;
}

/** Returns a file's name as listed in signatures and the revision: its tar path without the leading `/`. */
export function listedName(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path;
}

/** Returns whether a tar path is the bundle's manifest or signatures file. */
function isManifestOrSignatures(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === '.manifest' || base === '.signatures.json';
}

/**
 * Computes a bundle's revision from its files (tar paths, any order) by the recipe in the header
 * comment. The manifest and signatures file, if passed, are ignored.
 */
export function bundleRevision(files: Iterable<TarEntry>): string {
  const lines = [...files]
    .filter((f) => !isManifestOrSignatures(f.name))
    .map((f) => ({ name: listedName(f.name), digest: digestFile(f.name, f.bytes) }))
    .sort((a, b) => compareUtf8(a.name, b.name))
    .map((f) => `${f.digest}  ${f.name}\n`);
  return sha256Hex(lines.join(''));
}

function specError(message: string, cause?: unknown): BundleError {
  return new BundleError('invalid-spec', `cannot build bundle: ${message}`, { cause });
}

/** Checks the spec and returns the bundle's content files (everything but manifest and signatures). */
function contentFiles(spec: BundleSpec): TarEntry[] {
  const { name, version, sourceDigest } = spec.pact;
  if (!isPactName(name)) throw specError(`pact name '${name}' is not an identifier`);
  if (typeof version !== 'string' || version === '') throw specError('pact version is empty');
  if (typeof sourceDigest !== 'string') throw specError('source digest is not a string');
  if (typeof spec.compilerVersion !== 'string' || spec.compilerVersion === '') {
    throw specError('compiler version is empty');
  }
  if (!(spec.wasm instanceof Uint8Array) || spec.wasm.byteLength === 0) throw specError('policy.wasm is empty');
  if (typeof spec.data !== 'object' || spec.data === null || Array.isArray(spec.data)) {
    throw specError('data must be an object');
  }
  let dataText: string;
  try {
    dataText = canonicalJsonText({ pact: { [name]: spec.data } });
  } catch (e) {
    throw specError(`data is not JSON: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const files: TarEntry[] = [
    { name: DATA_PATH, bytes: new TextEncoder().encode(dataText + '\n') },
    { name: WASM_MODULE_PATH, bytes: spec.wasm },
  ];
  const extras = Object.entries(spec.files ?? {}).sort(([a], [b]) => compareUtf8(a, b));
  for (const [path, content] of extras) {
    const problem = extraFileProblem(path);
    if (problem) throw specError(`extra file '${path}' ${problem}`);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    if (!(bytes instanceof Uint8Array)) throw specError(`extra file '${path}' is neither bytes nor a string`);
    files.push({ name: path, bytes });
  }
  return files;
}

/**
 * Builds a pact bundle: a deterministic gzip-compressed tar (see the header comment for the
 * layout and the revision recipe). The same spec gives byte-identical output, except that PS* and
 * ES* signatures are randomised by their algorithms. Throws a `BundleError` (`invalid-spec`, P5002)
 * for a bad spec, and signing errors (P5005) from sign.ts.
 */
export async function buildBundle(spec: BundleSpec): Promise<Uint8Array> {
  const files = contentFiles(spec);
  const revision = bundleRevision(files);
  const manifest = pactManifest({ revision, pact: spec.pact, compilerVersion: spec.compilerVersion });
  const manifestEntry: TarEntry = { name: MANIFEST_PATH, bytes: new TextEncoder().encode(manifestText(manifest)) };
  const entries = [...files];
  if (spec.signing) {
    const text = await signaturesFileText([...files, manifestEntry], spec.signing);
    entries.push({ name: SIGNATURES_PATH, bytes: new TextEncoder().encode(text) });
  }
  entries.push(manifestEntry);
  return gzipDeterministic(await packTar(entries));
}
