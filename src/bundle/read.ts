/**
 * Reading a bundle back: `readBundle(bytes)` → its files, manifest, data document, Wasm module and
 * signatures, with the checks OPA applies when it loads a bundle.
 *
 * The steps, each failing with a `BundleError` (P5003) whose `reason` names the step:
 *   1. gunzip (`not-gzip`, `corrupt-gzip`) and untar (`not-tar`), keeping regular files only, names
 *      verbatim (OPA matches the manifest's `module` against the header name exactly);
 *   2. reject a name that occurs twice (`duplicate-file`);
 *   3. classify files by base name, as OPA does: the signatures file (base name
 *      `.signatures.json`; at most one, parsed but not verified — that is `verifyBundle`'s job),
 *      the manifest (a path ending in `.manifest`; exactly one is required here, where OPA would
 *      default an absent one), data files (`data.json`, `data.yaml`, `data.yml`, merged into one
 *      document at their directory's path; the root value of each must be an object), and
 *      `policy.wasm` modules;
 *   4. validate the manifest (manifest.ts): roots do not overlap, every wasm `module` exists,
 *      entrypoints and data lie inside the roots (`missing-module`, `roots-overlap`,
 *      `roots-mismatch`);
 *   5. pick the module: the one the first manifest `wasm` entry names, else `/policy.wasm`
 *      (`missing-wasm` when there is none);
 *   6. with `{ pact: NAME }`, also require a pactc bundle for that pact: roots exactly
 *      `["pact/NAME"]` and both `pact/NAME/decision` and `pact/NAME/explain` entrypoints.
 *
 * Data files are parsed with `JSON.parse` (numbers become doubles, which is what every Wasm host
 * does with them too); digests never use this parse — they re-read the bytes (canonical.ts).
 */
import { baseName, JsonNumber, parseYamlAsJson, type JsonValue } from './canonical.js';
import { BundleError } from './error.js';
import {
  parseManifest,
  pactEntrypoints,
  pactRoot,
  validateManifest,
  WASM_MODULE_PATH,
  type Manifest,
} from './manifest.js';
import { gunzipBundle, unpackTar } from './tar.js';

/** The parsed `.signatures.json`. */
export interface SignaturesFile {
  readonly signatures: readonly string[];
  readonly plugin?: string;
}

/** A bundle as read back. */
export interface BundleContents {
  /** Every regular file, keyed by its tar name verbatim (e.g. `/data.json`), in archive order. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The manifest. */
  readonly manifest: Manifest;
  /** The manifest's roots, trimmed of `/`. */
  readonly roots: readonly string[];
  /** The merged data document of all data files. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The Wasm module the manifest points at. */
  readonly wasm: Uint8Array;
  /** The parsed signatures file, when the bundle is signed. */
  readonly signatures?: SignaturesFile;
}

/** Options for `readBundle`. */
export interface ReadOptions {
  /** Require a pactc bundle for this pact: roots `["pact/NAME"]` and both entrypoints. */
  readonly pact?: string;
}

/** Returns whether a tar path is the signatures file (base name `.signatures.json`, as OPA v1.22). */
export function isSignaturesPath(path: string): boolean {
  return baseName(path) === '.signatures.json';
}

/** Returns whether a tar path is a data file OPA loads. */
function isDataPath(path: string): boolean {
  const base = baseName(path);
  return base === 'data.json' || base === 'data.yaml' || base === 'data.yml';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses `.signatures.json`; throws a `BundleError` (`invalid-signatures-file`) when malformed. */
export function parseSignaturesFile(bytes: Uint8Array, path = '/.signatures.json'): SignaturesFile {
  const fail = (what: string, cause?: unknown): BundleError =>
    new BundleError('invalid-signatures-file', `invalid bundle: ${path}: ${what}`, { cause });
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw fail(`not JSON (${(e as Error).message})`, e);
  }
  if (!isRecord(raw)) throw fail('not a JSON object');
  const { signatures = [], plugin } = raw;
  if (!Array.isArray(signatures) || !signatures.every((s) => typeof s === 'string')) {
    throw fail('`signatures` is not a list of strings');
  }
  if (plugin !== undefined && typeof plugin !== 'string') throw fail('`plugin` is not a string');
  return plugin === undefined || plugin === '' ? { signatures } : { signatures, plugin };
}

/** Converts a lossless `JsonValue` (from YAML) to plain JavaScript data. */
function toPlain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) return Number(v.literal);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, e]) => [k, toPlain(e)]));
  if (Array.isArray(v)) return v.map(toPlain);
  return v;
}

function dataError(path: string, what: string, cause?: unknown): BundleError {
  return new BundleError('invalid-data', `invalid bundle: bundle load failed on ${path}: ${what}`, { cause });
}

/** Parses one data file; its root value must be an object. */
function parseDataFile(path: string, bytes: Uint8Array): Record<string, unknown> {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = baseName(path) === 'data.json' ? JSON.parse(text) : toPlain(parseYamlAsJson(text));
  } catch (e) {
    throw dataError(path, (e as Error).message, e);
  }
  if (!isRecord(value)) {
    throw dataError(path, 'root value must be object');
  }
  return value;
}

/** Merges `value` into `into` at `at` (directory segments), failing on a conflicting leaf. */
function insertData(
  into: Record<string, unknown>,
  at: readonly string[],
  value: Record<string, unknown>,
  path: string,
): void {
  let node = into;
  for (const seg of at) {
    const next = node[seg];
    if (next === undefined) node = node[seg] = {};
    else if (isRecord(next)) node = next;
    else throw dataError(path, `data at '/${at.join('/')}' conflicts with a value`);
  }
  mergeInto(node, value, path, at);
}

function mergeInto(
  node: Record<string, unknown>,
  value: Record<string, unknown>,
  path: string,
  at: readonly string[],
): void {
  for (const [k, v] of Object.entries(value)) {
    const existing = node[k];
    if (existing === undefined) node[k] = v;
    else if (isRecord(existing) && isRecord(v)) mergeInto(existing, v, path, [...at, k]);
    else throw dataError(path, `merge conflict at '/${[...at, k].join('/')}'`);
  }
}

/** Returns the data path of a data file: its directory's segments (`/a/b/data.json` → `[a, b]`). */
function dataPathOf(path: string): string[] {
  const dir = path.slice(0, path.lastIndexOf('/') + 1).replace(/^[/.]+/, '').replace(/\/+$/, '');
  return dir === '' ? [] : dir.split('/');
}

/**
 * Reads a bundle (the bytes of a `.tar.gz`) and checks it as OPA would when loading it (see the
 * header comment). Throws a `BundleError` (P5003) with a clear message on the first problem.
 */
export async function readBundle(bytes: Uint8Array, opts: ReadOptions = {}): Promise<BundleContents> {
  const entries = await unpackTar(gunzipBundle(bytes));
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (files.has(e.name)) {
      throw new BundleError('duplicate-file', `invalid bundle: file '${e.name}' occurs more than once`);
    }
    files.set(e.name, e.bytes);
  }

  let manifestPath: string | undefined;
  let signaturesPath: string | undefined;
  const wasmModules: string[] = [];
  const data: Record<string, unknown> = {};
  for (const [path, content] of files) {
    if (isSignaturesPath(path)) {
      if (signaturesPath !== undefined) {
        throw new BundleError(
          'invalid-signatures-file',
          `invalid bundle: bundle contains multiple signatures files: '${signaturesPath}' and '${path}'`,
        );
      }
      signaturesPath = path;
    } else if (path.endsWith('.manifest')) {
      if (manifestPath !== undefined) {
        throw new BundleError(
          'multiple-manifests',
          `invalid bundle: bundle contains multiple manifest files: '${manifestPath}' and '${path}'`,
        );
      }
      manifestPath = path;
    } else if (isDataPath(path)) {
      insertData(data, dataPathOf(path), parseDataFile(path, content), path);
    } else if (baseName(path) === 'policy.wasm') {
      wasmModules.push(path);
    }
  }
  if (manifestPath === undefined) {
    throw new BundleError('missing-manifest', 'invalid bundle: no /.manifest file (every pactc bundle has one)');
  }
  const manifest = parseManifest(files.get(manifestPath)!, manifestPath);
  const signatures =
    signaturesPath === undefined ? undefined : parseSignaturesFile(files.get(signaturesPath)!, signaturesPath);
  const roots = validateManifest(manifest, { wasmModules, data });

  const modulePath = manifest.wasm[0]?.module ?? (files.has(WASM_MODULE_PATH) ? WASM_MODULE_PATH : undefined);
  if (modulePath === undefined) throw new BundleError('missing-wasm', 'invalid bundle: no policy.wasm module');
  const wasm = files.get(modulePath)!;

  if (opts.pact !== undefined) checkPact(manifest, roots, opts.pact);
  return signatures === undefined
    ? { files, manifest, roots, data, wasm }
    : { files, manifest, roots, data, wasm, signatures };
}

/** Checks that a manifest is the one pactc writes for pact `name`. */
function checkPact(manifest: Manifest, roots: readonly string[], name: string): void {
  const root = pactRoot(name);
  if (roots.length !== 1 || roots[0] !== root) {
    throw new BundleError(
      'roots-mismatch',
      `invalid bundle: manifest roots [${roots.join(' ')}] do not match pact '${name}' (expected [${root}])`,
    );
  }
  for (const ep of pactEntrypoints(name)) {
    if (!manifest.wasm.some((w) => w.entrypoint === ep)) {
      throw new BundleError('invalid-manifest', `invalid bundle: manifest has no '${ep}' entrypoint`);
    }
  }
}
