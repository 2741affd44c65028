/**
 * `pactc eval BUNDLE_OR_FILE --input FILE|- [--data FILE] [--explain] [--log FILE] [--key KEY …]`
 * — decide one input.
 *
 * The target is a bundle (`.tar.gz`) or a `.pact` source, which is compiled in memory; either
 * way the decision comes from the generated `policy.wasm` run by the embedded host
 * (`host/pact.ts`), the artifact that ships, exactly as a Node host runs it. `--data` replaces
 * the pact's data fields (thresholds, `kill_switch`, `revoked`, …) field by field; a field the
 * pact does not declare is an error (exit 1, with a did-you-mean), not silently ignored. An
 * input number JSON text cannot hold in a double (`1e400`) is refused by the policy as the
 * wrong type, as from any host (`host/non-finite.ts`). `--key`
 * (with `--alg`, `--scope`, `--key-id`, as for `pactc verify`) refuses a bundle that is not
 * signed with that key. `--log FILE` appends the decision (or explanation) to a decision log —
 * a hash-chained JSON-lines file, created if absent, continued if not — with the input's
 * `@sensitive` fields masked and the `--data` fields recorded as the data overrides, so
 * `pactc replay` can re-decide it. Prints the decision document as JSON and exits 0 whatever the
 * effect; input or data that is not JSON is a user error (exit 1) reported with its location, as
 * is a log that cannot be written.
 */
import { buildPactBundle } from '../compile.js';
import { renderDiagnostic } from '../diag/index.js';
import { BundleError, type VerifyOptions } from '../bundle/index.js';
import { PactDataError } from '../host/errors.js';
import { LogError } from '../host/log/index.js';
import { loadBundle, type Pact } from '../host/pact.js';
import { absolute, CliError, palette, readSource, type Io } from './io.js';
import { verificationOptions, type KeyOptions } from './verify.js';
import { readFileSync } from 'node:fs';
import { jsonErrorOffset } from './json-position.js';

/** Options of `pactc eval`. */
export interface EvalOptions extends KeyOptions {
  readonly input: string;
  readonly data?: string;
  readonly explain: boolean;
  /** Append the decision to this decision log file. */
  readonly log?: string;
}

/** Runs `pactc eval`; returns the exit status. */
export async function runEval(target: string, opts: EvalOptions, io: Io): Promise<number> {
  const input = parseJson(opts.input === '-' ? io.stdin() : readText(io, opts.input), opts.input === '-' ? '<stdin>' : opts.input, 'input');
  const data = opts.data === undefined ? undefined : parseJson(readText(io, opts.data), opts.data, 'data');
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new CliError(`${opts.data}: data must be a JSON object of data fields`);
  }
  const verification = await verificationOptions(opts, io);
  if (verification && target.endsWith('.pact')) throw new CliError('--key checks a signed bundle; a .pact source has no signature', 2);
  const pact = await load(target, verification, opts.log, io);
  if (!pact) return 1;
  if (data) {
    try {
      pact.setData(data as Record<string, unknown>);
    } catch (e) {
      await pact.close().catch(() => undefined);
      // A field the pact does not declare: the policy would ignore it, so it is a mistake.
      if (e instanceof PactDataError) throw new CliError(`${opts.data}: ${e.errors.map((x) => x.message).join('; ')}`);
      throw e;
    }
  }
  const doc = opts.explain ? pact.explain(input) : pact.decide(input);
  try {
    await pact.close();
  } catch (e) {
    if (e instanceof LogError) throw new CliError(`${opts.log}: cannot write the decision log: ${e.message}`);
    throw e;
  }
  io.stdout(JSON.stringify(doc, null, 2) + '\n');
  return 0;
}

async function load(target: string, verification: VerifyOptions | undefined, log: string | undefined, io: Io): Promise<Pact | undefined> {
  let source: string | Uint8Array = absolute(io, target);
  if (target.endsWith('.pact')) {
    const text = readSource(io, target);
    if (text === undefined) return undefined;
    const built = await buildPactBundle(target, text);
    for (const d of built.frontEnd.diagnostics) io.stderr(renderDiagnostic(d, built.frontEnd.lookup, palette(io)) + '\n\n');
    if (!built.bundle) return undefined;
    source = built.bundle.bytes;
  }
  try {
    return await loadBundle(source, {
      ...(verification ? { verification } : {}),
      ...(log !== undefined ? { log: absolute(io, log) } : {}),
    });
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(`${target}: ${e.message.replace(`${absolute(io, target)}: `, '')}`);
    if (e instanceof LogError) throw new CliError(`${log}: cannot append to the decision log: ${e.message}`);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && err.path === source) throw new CliError(`${target}: no such file`);
    if (err.code !== undefined && log !== undefined && err.path === absolute(io, log)) throw new CliError(`${log}: cannot open the decision log: ${err.message}`);
    throw e;
  }
}

function readText(io: Io, path: string): string {
  try {
    return readFileSync(absolute(io, path), 'utf8');
  } catch {
    throw new CliError(`${path}: cannot read file`);
  }
}

/** Parses JSON, reporting a syntax error as `FILE:LINE:COL: error[P5004]: … is not JSON`. */
export function parseJson(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const pos = jsonErrorOffset(text) ?? text.length;
    const found = pos < text.length ? `unexpected ${JSON.stringify(String.fromCodePoint(text.codePointAt(pos) as number))}` : 'the text ends too early';
    const before = text.slice(0, pos).split('\n');
    const line = before.length;
    const col = (before[before.length - 1]?.length ?? 0) + 1;
    throw new CliError(`${path}:${line}:${col}: error[P5004]: ${what} is not JSON: ${found}`);
  }
}
