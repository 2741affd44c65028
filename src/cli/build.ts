/**
 * `pactc build FILE -o BUNDLE [--types FILE.d.ts]` — compile a pact to an OPA bundle.
 *
 * Runs the whole pipeline (`compile.ts`); on any error prints the diagnostics and exits 1
 * without touching the output path. The bundle is written atomically (temp file + rename), so a
 * failed or interrupted build never leaves a half-written bundle and never destroys the previous
 * one. It carries the pact's JSON Schemas (`/schema/input.json`, `/schema/data.schema.json`) for
 * hosts. With `--signing-key`, the bundle carries `/.signatures.json` in OPA's format. With
 * `--types`, the TypeScript declarations of the pact's `Input`, `Data` and `Decision` are
 * written too (`inputTypeScript`), also atomically, after the bundle.
 */
import { buildPactBundle } from '../compile.js';
import { inputTypeScript } from '../host/schema/index.js';
import { renderDiagnostic } from '../diag/index.js';
import { BundleError, isSigningAlgorithm, resolveKeyArgument, writeBundleFile, type SigningOptions } from '../bundle/index.js';
import { absolute, CliError, palette, readSource, type Io } from './io.js';

/** Options of `pactc build`. */
export interface BuildOptions {
  readonly output: string;
  readonly signingKey?: string;
  readonly signingAlg?: string;
  readonly keyId?: string;
  readonly scope?: string;
  /** Also write the pact's TypeScript declarations (`.d.ts`) to this path. */
  readonly types?: string;
  /** A `pactc test --json` report to store as `/evidence/test-report.json` (must match the source). */
  readonly evidence?: string;
}

/** Where `--evidence` stores the test report in the bundle. */
export const EVIDENCE_FILE = '/evidence/test-report.json';

/** Runs `pactc build`; returns the exit status. */
export async function runBuild(path: string, opts: BuildOptions, io: Io): Promise<number> {
  const text = readSource(io, path);
  if (text === undefined) return 1;
  let signing: SigningOptions | undefined;
  if (opts.signingKey !== undefined) {
    const alg = opts.signingAlg ?? 'RS256';
    if (!isSigningAlgorithm(alg)) throw new CliError(`unknown signing algorithm \`${alg}\``, 2);
    signing = { key: await resolveKeyArgument(opts.signingKey, alg), alg, ...(opts.keyId ? { keyId: opts.keyId } : {}), ...(opts.scope ? { scope: opts.scope } : {}) };
  }
  const evidencePath = opts.evidence;
  const evidence = evidencePath === undefined ? undefined : await import('../testing/evidence.js');
  let result: Awaited<ReturnType<typeof buildPactBundle>>;
  try {
    result = await buildPactBundle(path, text, {
      ...(signing ? { signing } : {}),
      // The report must be of this very source (digest, name, version) and all green.
      ...(evidence && evidencePath !== undefined ? { files: (fe) => ({ [EVIDENCE_FILE]: evidence.loadEvidence(absolute(io, evidencePath), fe).bytes }) } : {}),
    });
  } catch (e) {
    if (evidence && e instanceof evidence.EvidenceError) throw new CliError(e.message);
    throw e;
  }
  for (const d of result.frontEnd.diagnostics) io.stderr(renderDiagnostic(d, result.frontEnd.lookup, palette(io)) + '\n\n');
  if (!result.bundle) {
    io.stderr(`pactc: ${path}: not built\n`);
    return 1;
  }
  try {
    await writeBundleFile(absolute(io, opts.output), result.bundle.bytes);
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(e.message);
    throw e;
  }
  if (opts.types !== undefined && result.frontEnd.pact) {
    // `writeBundleFile` is an atomic write of any bytes; the declarations get the same care.
    try {
      await writeBundleFile(absolute(io, opts.types), new TextEncoder().encode(inputTypeScript(result.frontEnd.pact)));
    } catch (e) {
      if (e instanceof BundleError) throw new CliError(`cannot write types '${opts.types}': ${(e.cause as Error | undefined)?.message ?? e.message}`);
      throw e;
    }
  }
  const b = result.bundle;
  io.stdout(`built ${opts.output}: pact ${b.name} ${b.version}, policy.wasm ${b.wasmSize} bytes, revision ${b.revision.slice(0, 12)}${signing ? ', signed' : ''}\n`);
  if (opts.types !== undefined) io.stdout(`wrote ${opts.types}: types Input, Data and Decision of pact ${b.name}\n`);
  return 0;
}
