/**
 * `pactc build FILE -o BUNDLE [--types FILE.d.ts]` — compile a pact to an OPA bundle.
 *
 * Runs the whole pipeline (`compile.ts`); on any error prints the diagnostics and exits 1
 * without touching the output path. The bundle carries the pact's JSON Schemas
 * (`/schema/input.json`, `/schema/data.schema.json`) for hosts. With `--signing-key`, it carries
 * `/.signatures.json` in OPA's format; the key is read and checked first (a missing file, a
 * public key, a key that does not suit the algorithm — RS256 unless `--signing-alg` says
 * otherwise), and a bad one is one line, `pactc: …`, exit 1, before anything is built. With
 * `--types`, the TypeScript declarations of the pact's `Input`, `Data` and `Decision` are
 * written too (`inputTypeScript`).
 *
 * The outputs are written all or nothing (`writeFilesAtomically`: temporary files next to each
 * target, then renames), so a failed or interrupted build never leaves a half-written bundle,
 * never destroys the previous one, and never leaves a bundle without the declarations asked
 * for (or the other way round): `--types nodir/t.d.ts` fails before the bundle is written.
 *
 * Before anything is read or built, the outputs are checked against each other and against the
 * inputs, by real path (symbolic links and `..` resolved; an existing file also by inode): `-o`
 * and `--types` naming the same file (the declarations would silently replace the bundle), or
 * an output that is the pact source, the `--evidence` report or the `--signing-key` file (which
 * it would overwrite), is a usage error — one line, `pactc: …`, exit 2 — and nothing is written.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildPactBundle } from '../compile.js';
import { inputTypeScript } from '../host/schema/index.js';
import { renderDiagnostic } from '../diag/index.js';
import {
  BundleError,
  checkSigningKey,
  DEFAULT_ALGORITHM,
  isSigningAlgorithm,
  writeFilesAtomically,
  type FileToWrite,
  type SigningOptions,
} from '../bundle/index.js';
import { absolute, CliError, palette, readSource, type Io } from './io.js';
import { isKeyPath, keyArgument } from './keys.js';

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
  checkOutputPaths(path, opts, io);
  const text = readSource(io, path);
  if (text === undefined) return 1;
  let signing: SigningOptions | undefined;
  if (opts.signingKey !== undefined) {
    const alg = opts.signingAlg ?? DEFAULT_ALGORITHM;
    if (!isSigningAlgorithm(alg)) throw new CliError(`unknown signing algorithm \`${alg}\``, 2);
    const key = await keyArgument(opts.signingKey, alg, io);
    try {
      checkSigningKey(key, alg);
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
      // Never print an HS* secret or inline PEM; a file is named.
      const which = isKeyPath(opts.signingKey, alg) ? ` \`${opts.signingKey}\`` : '';
      // A key of another kind than the default algorithm's: say where the algorithm came from.
      const hint = opts.signingAlg === undefined && e.message.includes(' needs ') ? ` (the algorithm is ${alg} unless --signing-alg says otherwise)` : '';
      throw new CliError(`cannot sign with --signing-key${which}: ${e.message}${hint}`);
    }
    signing = { key, alg, ...(opts.keyId ? { keyId: opts.keyId } : {}), ...(opts.scope ? { scope: opts.scope } : {}) };
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
    if (e instanceof BundleError) throw new CliError(`${path}: not built: ${e.message}`);
    throw e;
  }
  for (const d of result.frontEnd.diagnostics) io.stderr(renderDiagnostic(d, result.frontEnd.lookup, palette(io)) + '\n\n');
  if (!result.bundle) {
    io.stderr(`pactc: ${path}: not built\n`);
    return 1;
  }
  const outputs: FileToWrite[] = [{ target: absolute(io, opts.output), bytes: result.bundle.bytes, what: 'bundle', name: opts.output }];
  if (opts.types !== undefined && result.frontEnd.pact) {
    const types = new TextEncoder().encode(inputTypeScript(result.frontEnd.pact));
    outputs.push({ target: absolute(io, opts.types), bytes: types, what: 'types', name: opts.types });
  }
  try {
    await writeFilesAtomically(outputs);
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(e.message);
    throw e;
  }
  const b = result.bundle;
  io.stdout(`built ${opts.output}: pact ${b.name} ${b.version}, policy.wasm ${b.wasmSize} bytes, revision ${b.revision.slice(0, 12)}${signing ? ', signed' : ''}\n`);
  if (opts.types !== undefined) io.stdout(`wrote ${opts.types}: types Input, Data and Decision of pact ${b.name}\n`);
  return 0;
}

/**
 * Refuses (exit 2) outputs that name the same file, or a file the build reads: see the file
 * header. Files are compared by real path, and existing ones by device and inode too.
 */
function checkOutputPaths(source: string, opts: BuildOptions, io: Io): void {
  const outputs: { readonly option: string; readonly path: string; readonly what: string }[] = [{ option: '-o', path: opts.output, what: 'the bundle' }];
  if (opts.types !== undefined) outputs.push({ option: '--types', path: opts.types, what: 'the declarations' });
  const inputs: { readonly path: string; readonly what: string }[] = [{ path: source, what: 'the pact source' }];
  if (opts.evidence !== undefined) inputs.push({ path: opts.evidence, what: 'the --evidence report' });
  const alg = opts.signingAlg ?? DEFAULT_ALGORITHM;
  if (opts.signingKey !== undefined && isSigningAlgorithm(alg) && isKeyPath(opts.signingKey, alg)) inputs.push({ path: opts.signingKey, what: 'the --signing-key file' });
  const [bundle, types] = outputs;
  if (bundle && types && sameFile(absolute(io, bundle.path), absolute(io, types.path))) {
    throw new CliError(`-o and --types name the same file (\`${types.path}\`): the declarations would replace the bundle; give them different paths`, 2);
  }
  for (const out of outputs) {
    for (const input of inputs) {
      if (sameFile(absolute(io, out.path), absolute(io, input.path))) {
        throw new CliError(`${out.option} \`${out.path}\` is ${input.what}: ${out.what} would overwrite it; write ${out.what} elsewhere`, 2);
      }
    }
  }
}

/** Whether two absolute paths name the same file (see {@link checkOutputPaths}). */
function sameFile(a: string, b: string): boolean {
  if (realPath(a) === realPath(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist (yet)
  }
}

/** The real path of `p`; for a file that does not exist yet, its directory's real path and its name. */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    // Not there (yet): resolve the directory it would be written in.
  }
  try {
    return join(realpathSync(dirname(p)), basename(p));
  } catch {
    return p;
  }
}
