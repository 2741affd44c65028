/**
 * `pactc eval BUNDLE_OR_FILE --input FILE|- [--data FILE] [--explain]` — decide one input.
 *
 * The target is a bundle (`.tar.gz`) or a `.pact` source, which is compiled in memory; either
 * way the decision comes from the generated `policy.wasm` run by the embedded host, the artifact
 * that ships. `--data` replaces the pact's data fields (thresholds, `kill_switch`, `revoked`, …)
 * field by field. Prints the decision document as JSON and exits 0 whatever the effect; input or
 * data that is not JSON is a user error (exit 1) reported with its location.
 */
import { buildPactBundle } from '../compile.js';
import { renderDiagnostic } from '../diag/index.js';
import { BundleError } from '../bundle/index.js';
import { loadBundle, type Pact } from '../host/pact.js';
import { absolute, CliError, palette, readSource, type Io } from './io.js';
import { readFileSync } from 'node:fs';

/** Options of `pactc eval`. */
export interface EvalOptions {
  readonly input: string;
  readonly data?: string;
  readonly explain: boolean;
}

/** Runs `pactc eval`; returns the exit status. */
export async function runEval(target: string, opts: EvalOptions, io: Io): Promise<number> {
  const input = parseJson(opts.input === '-' ? io.stdin() : readText(io, opts.input), opts.input === '-' ? '<stdin>' : opts.input, 'input');
  const data = opts.data === undefined ? undefined : parseJson(readText(io, opts.data), opts.data, 'data');
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new CliError(`${opts.data}: data must be a JSON object of data fields`);
  }
  const pact = await load(target, io);
  if (!pact) return 1;
  if (data) pact.setData(data as Record<string, unknown>);
  const doc = opts.explain ? pact.explain(input) : pact.decide(input);
  io.stdout(JSON.stringify(doc, null, 2) + '\n');
  return 0;
}

async function load(target: string, io: Io): Promise<Pact | undefined> {
  if (target.endsWith('.pact')) {
    const text = readSource(io, target);
    if (text === undefined) return undefined;
    const built = await buildPactBundle(target, text);
    for (const d of built.frontEnd.diagnostics) io.stderr(renderDiagnostic(d, built.frontEnd.lookup, palette(io)) + '\n\n');
    return built.bundle ? loadBundle(built.bundle.bytes) : undefined;
  }
  try {
    return await loadBundle(absolute(io, target));
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(`${target}: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${target}: no such file`);
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
  } catch (e) {
    const m = /at position (\d+)/.exec((e as Error).message);
    const pos = m ? Number(m[1]) : text.length;
    const before = text.slice(0, pos).split('\n');
    const line = before.length;
    const col = (before[before.length - 1]?.length ?? 0) + 1;
    throw new CliError(`${path}:${line}:${col}: error[P5004]: ${what} is not JSON: ${(e as Error).message}`);
  }
}
