/**
 * The pipeline, stage by stage.
 *
 *   source text ──parse──▶ ast.Module ──check──▶ CheckedPact ──plan──▶ ir.Policy
 *               ──wasm──▶ policy.wasm ──bundle──▶ bundle.tar.gz
 *
 * Each stage is a plain function from the previous stage's data to the next; diagnostics are
 * collected, never thrown. This file is the only place that knows the order of the stages.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as bundleTypes from './bundle/index.js';
import { COMPILER_VERSION } from './version.js';
import * as check from './check/index.js';
import type { CheckedPact } from './check/types.js';
import { hasErrors, sortDiagnostics, type Diagnostic, type SourceLookup } from './diag/index.js';
import { sourceFile, type SourceFile } from './source/index.js';
import * as ir from './ir/index.js';
import * as wasm from './backend/wasm/codegen/index.js';

/** The result of the front end on one file: the checked pact (if clean) and every diagnostic. */
export interface FrontEnd {
  readonly pact: CheckedPact | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Every source file read (the pact and the modules it uses), for rendering diagnostics. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Looks up a file by the path diagnostics name it with. */
  readonly lookup: SourceLookup;
  readonly ok: boolean;
}

/** Parses and checks the pact in `text` (read from `path`), loading modules it uses from disk. */
export function frontEnd(path: string, text: string): FrontEnd {
  const files = new Map<string, SourceFile>();
  const main = sourceFile(path, text);
  files.set(path, main);
  const base = check.nodeModuleLoader();
  const loader: check.ModuleLoader = (use, from) => {
    const r = base(use, from);
    if ('file' in r) files.set(r.file.path, r.file);
    return r;
  };
  const result = check.checkSource(path, text, loader);
  const diagnostics = sortDiagnostics(result.diagnostics);
  return {
    pact: result.pact,
    diagnostics,
    files,
    lookup: (p) => files.get(p),
    ok: !hasErrors(diagnostics) && result.pact !== undefined,
  };
}

/** Reads `path` from disk and runs the front end on it. Throws only for I/O errors. */
export function frontEndFile(path: string): FrontEnd {
  return frontEnd(path, readFileSync(path, 'utf8'));
}

/** Plans a checked pact and generates its `policy.wasm` (validating the IR on the way). */
export function compileWasm(pact: CheckedPact, options: wasm.PolicyOptions = {}): Uint8Array {
  const policy = ir.plan(pact);
  const problems = ir.validate(policy);
  if (problems.length > 0) throw new Error(`internal: invalid IR for pact ${pact.name}:\n${problems.join('\n')}`);
  return wasm.emitPolicy(policy, options);
}

/** A built bundle and what the build reports about it. */
export interface BuiltBundle {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly version: string;
  readonly revision: string;
  readonly wasmSize: number;
}

/** Options of {@link buildPactBundle}. */
export interface BuildOptions {
  readonly signing?: bundleTypes.SigningOptions;
  /**
   * Extra files to store in the bundle (e.g. `/evidence/test-report.json`), or a function that
   * makes them from the checked front end (e.g. to validate a report against the source digest).
   */
  readonly files?: Readonly<Record<string, Uint8Array | string>> | ((fe: FrontEnd) => Readonly<Record<string, Uint8Array | string>>);
}

/**
 * The source digest recorded in the manifest: SHA-256 over every source file of the pact (the
 * pact, then the modules it uses in load order), each as `path NUL length NUL text`.
 */
export function sourceDigest(fe: FrontEnd): string {
  const h = createHash('sha256');
  for (const [path, f] of fe.files) h.update(`${path}\0${Buffer.byteLength(f.text)}\0${f.text}`);
  return h.digest('hex');
}

/**
 * The whole pipeline: parse, check, plan, generate Wasm, bundle. No bundle when there are errors.
 * Besides `policy.wasm`, `data.json` and `.manifest`, the bundle carries the pact's JSON Schemas
 * (`/schema/input.json`, `/schema/data.schema.json`), from which a host validates inputs and
 * finds the `@sensitive` fields to mask without the compiler.
 */
export async function buildPactBundle(path: string, text: string, opts: BuildOptions = {}): Promise<{ frontEnd: FrontEnd; bundle?: BuiltBundle }> {
  const fe = frontEnd(path, text);
  if (!fe.ok || !fe.pact) return { frontEnd: fe };
  const pact = fe.pact;
  const wasmBytes = compileWasm(pact);
  // Loaded on demand: `pactc check` needs neither tar nor JWS, nor ajv's schema helpers.
  const bundle = await import('./bundle/index.js');
  const { schemaFiles } = await import('./host/schema/json-schema.js');
  const bytes = await bundle.buildBundle({
    pact: { name: pact.name, version: pact.version, sourceDigest: sourceDigest(fe) },
    compilerVersion: COMPILER_VERSION,
    wasm: wasmBytes,
    data: pact.dataDefaults,
    files: { ...schemaFiles(pact), ...(typeof opts.files === 'function' ? opts.files(fe) : opts.files) },
    ...(opts.signing ? { signing: opts.signing } : {}),
  });
  const read = await bundle.readBundle(bytes);
  return { frontEnd: fe, bundle: { bytes, name: pact.name, version: pact.version, revision: read.manifest.revision, wasmSize: wasmBytes.length } };
}
