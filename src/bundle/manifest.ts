/**
 * The bundle manifest (`/.manifest`, opa-wasm-abi.md §11.3): its shape, the manifest pactc
 * writes for a pact, parsing, and OPA's load-time validation.
 *
 * OPA marshals its `Manifest` struct with fields in declaration order — `revision`, `roots`,
 * `wasm`, `rego_version`, `file_rego_versions`, `metadata` — through `json.Encoder`, which ends
 * with a newline. `manifestText` writes the same order and newline. For a pact named NAME:
 *
 *   {"revision":"<content digest>","roots":["pact/NAME"],
 *    "wasm":[{"entrypoint":"pact/NAME/decision","module":"/policy.wasm"},
 *            {"entrypoint":"pact/NAME/explain","module":"/policy.wasm"}],
 *    "rego_version":1,
 *    "metadata":{"pact":{"name":…,"version":…,"compiler":{"name":"pactc","version":…},"source_digest":…}}}
 *
 * Validation follows OPA's `Manifest.validateAndInjectDefaults` (v1/bundle/bundle.go) with its
 * messages: roots are trimmed of `/` and must not overlap (a root contains another when its
 * segments are a prefix of the other's, and the root "" contains everything); every wasm `module`
 * must name a `policy.wasm` file of the bundle; every entrypoint must lie inside a root and be
 * served by one module only; and all data must lie inside the roots — a data path outside every
 * root is allowed only when it is an object on the way to a root (`{"pact":{…}}` above the root
 * `pact/NAME`).
 */
import { BundleError } from './error.js';

/** One `wasm` entry of a manifest: an entrypoint path under `data` and the module serving it. */
export interface WasmResolver {
  readonly entrypoint: string;
  readonly module: string;
  /** Rego annotations OPA may attach; kept as read, never written by pactc. */
  readonly annotations?: readonly unknown[];
}

/** A bundle manifest as OPA defines it (fields absent in the file are absent here). */
export interface Manifest {
  readonly revision: string;
  readonly roots: readonly string[];
  readonly wasm: readonly WasmResolver[];
  readonly rego_version?: number;
  readonly file_rego_versions?: Readonly<Record<string, number>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** What pactc records about a pact in `metadata.pact`. */
export interface PactMetadata {
  readonly name: string;
  readonly version: string;
  readonly compiler: { readonly name: 'pactc'; readonly version: string };
  readonly source_digest: string;
}

/** The path of the one Wasm module in a pact bundle. */
export const WASM_MODULE_PATH = '/policy.wasm';

/** The pact identifier grammar (pact-language.md §2); a name is also a data path segment. */
const PACT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Returns whether `name` is a valid pact name (an identifier). */
export function isPactName(name: string): boolean {
  return PACT_NAME.test(name);
}

/** Returns the bundle root of a pact: `pact/NAME`. */
export function pactRoot(name: string): string {
  return `pact/${name}`;
}

/** Returns the two entrypoints of a pact: `pact/NAME/decision` and `pact/NAME/explain`. */
export function pactEntrypoints(name: string): readonly [string, string] {
  return [`pact/${name}/decision`, `pact/${name}/explain`];
}

/** The inputs of `pactManifest`. */
export interface PactManifestInput {
  readonly revision: string;
  readonly pact: { readonly name: string; readonly version: string; readonly sourceDigest: string };
  readonly compilerVersion: string;
}

/** Builds the manifest of a pact bundle (see the header comment for its exact shape). */
export function pactManifest(input: PactManifestInput): Manifest {
  const { name, version, sourceDigest } = input.pact;
  const metadata: { pact: PactMetadata } = {
    pact: {
      name,
      version,
      compiler: { name: 'pactc', version: input.compilerVersion },
      source_digest: sourceDigest,
    },
  };
  return {
    revision: input.revision,
    roots: [pactRoot(name)],
    wasm: pactEntrypoints(name).map((entrypoint) => ({ entrypoint, module: WASM_MODULE_PATH })),
    rego_version: 1,
    metadata,
  };
}

/** Serialises a manifest with OPA's field order and a trailing newline, as `opa build` does. */
export function manifestText(m: Manifest): string {
  const ordered: Record<string, unknown> = { revision: m.revision, roots: m.roots };
  if (m.wasm.length > 0) {
    ordered['wasm'] = m.wasm.map((w) => ({
      entrypoint: w.entrypoint,
      module: w.module,
      ...(w.annotations && w.annotations.length > 0 ? { annotations: w.annotations } : {}),
    }));
  }
  if (m.rego_version !== undefined) ordered['rego_version'] = m.rego_version;
  if (m.file_rego_versions && Object.keys(m.file_rego_versions).length > 0) {
    ordered['file_rego_versions'] = m.file_rego_versions;
  }
  if (m.metadata && Object.keys(m.metadata).length > 0) ordered['metadata'] = m.metadata;
  return JSON.stringify(ordered) + '\n';
}

function invalid(path: string, what: string): BundleError {
  return new BundleError('invalid-manifest', `invalid bundle: ${path}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses and type-checks a manifest file. Absent `roots` default to `[""]` (everything) and absent
 * `wasm` to `[]`, as in OPA. Throws a `BundleError` (`invalid-manifest`) naming the bad field.
 */
export function parseManifest(bytes: Uint8Array, path = '/.manifest'): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw invalid(path, `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(raw)) throw invalid(path, 'not a JSON object');
  const revision = raw['revision'] ?? '';
  if (typeof revision !== 'string') throw invalid(path, '`revision` is not a string');
  const roots = raw['roots'] ?? [''];
  if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string')) {
    throw invalid(path, '`roots` is not a list of strings');
  }
  const wasmRaw = raw['wasm'] ?? [];
  if (!Array.isArray(wasmRaw)) throw invalid(path, '`wasm` is not a list');
  const wasm = wasmRaw.map((w: unknown, i): WasmResolver => {
    if (!isRecord(w)) throw invalid(path, `\`wasm[${i}]\` is not an object`);
    const { entrypoint = '', module = '', annotations } = w;
    if (typeof entrypoint !== 'string' || typeof module !== 'string') {
      throw invalid(path, `\`wasm[${i}]\` needs string \`entrypoint\` and \`module\``);
    }
    if (annotations !== undefined && !Array.isArray(annotations)) {
      throw invalid(path, `\`wasm[${i}].annotations\` is not a list`);
    }
    return annotations === undefined ? { entrypoint, module } : { entrypoint, module, annotations };
  });
  const regoVersion = raw['rego_version'];
  if (regoVersion !== undefined && regoVersion !== 0 && regoVersion !== 1) {
    throw invalid(path, `manifest has unsupported rego version ${JSON.stringify(regoVersion)}`);
  }
  const fileVersions = raw['file_rego_versions'];
  if (fileVersions !== undefined && !isRecord(fileVersions)) {
    throw invalid(path, '`file_rego_versions` is not an object');
  }
  const metadata = raw['metadata'];
  if (metadata !== undefined && metadata !== null && !isRecord(metadata)) {
    throw invalid(path, '`metadata` is not an object');
  }
  return {
    revision,
    roots: roots as string[],
    wasm,
    ...(regoVersion !== undefined ? { rego_version: regoVersion } : {}),
    ...(fileVersions !== undefined ? { file_rego_versions: fileVersions as Record<string, number> } : {}),
    ...(isRecord(metadata) ? { metadata } : {}),
  };
}

/** Splits a root or data path into segments (`""` stays one empty segment: the whole tree). */
function segments(path: string): string[] {
  return path.split('/');
}

/** Returns whether `root`'s segments are a prefix of `other`'s (the root "" contains everything). */
function rootContains(root: readonly string[], other: readonly string[]): boolean {
  if (root.length === 1 && root[0] === '') return true;
  if (root.length > other.length) return false;
  return root.every((seg, j) => seg === other[j]);
}

/** Returns whether two bundle roots overlap (one contains the other), as OPA's `RootPathsOverlap`. */
export function rootPathsOverlap(a: string, b: string): boolean {
  const sa = segments(a);
  const sb = segments(b);
  return rootContains(sa, sb) || rootContains(sb, sa);
}

/** Returns whether some root contains `path`, as OPA's `RootPathsContain`. */
export function rootPathsContain(roots: readonly string[], path: string): boolean {
  const sp = segments(path);
  return roots.some((r) => rootContains(segments(r), sp));
}

/** What `validateManifest` checks a manifest against. */
export interface ManifestContext {
  /** The paths (tar names, verbatim) of every `policy.wasm` file in the bundle. */
  readonly wasmModules: readonly string[];
  /** The bundle's merged data document. */
  readonly data: unknown;
}

/**
 * Applies OPA's load-time manifest checks (see the header comment) and returns the normalised
 * roots (trimmed of `/`). Throws a `BundleError` with OPA's wording.
 */
export function validateManifest(m: Manifest, ctx: ManifestContext): string[] {
  const roots = m.roots.map((r) => r.replace(/^\/+|\/+$/g, ''));
  const shown = `[${roots.join(' ')}]`;
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      if (rootPathsOverlap(roots[i]!, roots[j]!)) {
        throw new BundleError(
          'roots-overlap',
          `invalid bundle: manifest has overlapped roots: '${roots[i]}' and '${roots[j]}'`,
        );
      }
    }
  }
  const modules = new Set(ctx.wasmModules);
  const seen = new Set<string>();
  for (const w of m.wasm) {
    if (!modules.has(w.module)) {
      throw new BundleError(
        'missing-module',
        `invalid bundle: manifest references wasm module '${w.module}' but the module file does not exist`,
      );
    }
    if (!rootPathsContain(roots, w.entrypoint)) {
      throw new BundleError(
        'roots-mismatch',
        `invalid bundle: manifest roots ${shown} do not permit '${w.entrypoint}' entrypoint ` +
          `for wasm module '${w.module}'`,
      );
    }
    if (seen.has(w.entrypoint)) {
      throw new BundleError(
        'invalid-manifest',
        `invalid bundle: entrypoint '${w.entrypoint}' cannot be used by more than one wasm module`,
      );
    }
    seen.add(w.entrypoint);
  }
  checkDataInRoots(ctx.data, '', roots, shown);
  return roots;
}

/** OPA's `dfs` over the data document: every leaf must lie inside a root. */
function checkDataInRoots(node: unknown, path: string, roots: readonly string[], shown: string): void {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (rootPathsContain(roots, trimmed)) return;
  if (isRecord(node)) {
    // An object on the way down to a root is fine; descend into it.
    if (roots.some((r) => rootContains(segments(trimmed), segments(r)))) {
      for (const [k, v] of Object.entries(node)) checkDataInRoots(v, `${path}/${k}`, roots, shown);
      return;
    }
  }
  throw new BundleError(
    'roots-mismatch',
    `invalid bundle: manifest roots ${shown} do not permit data at path '/${trimmed}' ` +
      '(hint: check bundle directory structure)',
  );
}
