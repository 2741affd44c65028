/**
 * `pactc test FILE… [--seed N] [--runs N] [--json [FILE]]` — run pacts' tests and properties.
 *
 * For each file: parse and check it (diagnostics on stderr, as `pactc check` prints them; a
 * file with errors counts as one failure and is not run), compile it to Wasm, then run its
 * `test` blocks, its `property` blocks and the five built-in properties of spec §7 against the
 * compiled artifact (`src/testing/`). Output, as results arrive:
 *
 * ```
 * refund_agent 1.2.0 (examples/refunds.pact)
 *   ✓ test "a trusted agent refunds 200 on its own"
 *   ✗ property "trust is monotone" (built-in, failed after 9 cases)
 *       degrading trust turned escalate into permit
 *       input = { … }
 *         → escalate by … — "…"
 *       degraded: input = { … }
 *         → permit by … — "…"
 *       seed 1234, shrunk 3 times; rerun: pactc test refunds.pact --seed 1234
 * 6 passed, 1 failed
 * ```
 *
 * The last line is always exactly `N passed, N failed`, over all files. Exit 0 when nothing
 * failed, 1 otherwise, 2 for usage errors (a `--seed` or `--runs` that is not a number). One
 * seed is used for every file — random unless `--seed` gives it — so a failing run repeats
 * exactly with the seed it prints.
 *
 * `--json` writes the evidence record (`testing/report.ts`; an array when there are several
 * files, and an entry `{ kind: "pactc-check-failure", file, diagnostics }` for a file that does
 * not check) to FILE, or to stdout — the human output then goes to stderr, so stdout stays JSON.
 * `pactc build --evidence` accepts it only for the same source, without failures and with at
 * least the default 400 cases per property (`testing/evidence.ts`).
 *
 * The agreement property's line also counts the inputs of its coverage-directed phase
 * (`✓ property "the artifact agrees with the reference" (built-in, 400 cases, then 157 directed
 * at rules)`, whose budget `--runs` sets too), and notes, one finding per line, name the rules
 * that can never match, those no input reached (at most eight names, then "and N more") and how
 * many boundary values were tried when not all were (`testing/coverage.ts`).
 */
import { writeFileSync } from 'node:fs';
import { frontEnd } from '../compile.js';
import { renderDiagnostic, toJson, type DiagnosticJson } from '../diag/index.js';
import { formatHeader, formatResult, summaryLine, testPact, type TestReport } from '../testing/index.js';
import { absolute, CliError, palette, readSource, type Io } from './io.js';

/** Options of `pactc test`, as commander parsed them (numbers still text). */
export interface TestOptions {
  readonly seed?: string;
  readonly runs?: string;
  /** `--json` alone: stdout; with a value: that file. */
  readonly json?: string | boolean;
}

/** A file that could not be tested, as the `--json` output records it. */
export interface CheckFailure {
  readonly kind: 'pactc-check-failure';
  readonly file: string;
  readonly diagnostics: readonly DiagnosticJson[];
}

/** Runs `pactc test`; returns the exit status. */
export async function runTests(paths: readonly string[], opts: TestOptions, io: Io): Promise<number> {
  const seed = opts.seed === undefined ? undefined : parseInteger('--seed', opts.seed, -0x80000000, 0x7fffffff);
  const runs = opts.runs === undefined ? undefined : parseInteger('--runs', opts.runs, 1, 1_000_000);
  const jsonToStdout = opts.json === true;
  // With JSON on stdout, everything meant for people goes to stderr.
  const say = (text: string): void => (jsonToStdout ? io.stderr(text) : io.stdout(text));
  const p = palette(io);
  const records: (TestReport | CheckFailure)[] = [];
  let passed = 0;
  let failed = 0;
  // One seed for the whole invocation, chosen up front so every file reports the same one.
  const sharedSeed = seed ?? Math.floor(Math.random() * 0x7fffffff);
  const flags = runs !== undefined ? `--runs ${runs}` : undefined;

  for (const path of paths) {
    const text = readSource(io, path);
    if (text === undefined) {
      failed++;
      say(`${p.error('✗')} ${path}: cannot be read\n`);
      records.push({ kind: 'pactc-check-failure', file: path, diagnostics: [] });
      continue;
    }
    const fe = frontEnd(path, text);
    for (const d of fe.diagnostics) io.stderr(renderDiagnostic(d, fe.lookup, p) + '\n\n');
    if (!fe.ok || !fe.pact) {
      failed++;
      const errors = fe.diagnostics.filter((d) => d.severity === 'error').length;
      say(`${p.error('✗')} ${path}: does not check (${errors} error${errors === 1 ? '' : 's'}); not tested\n`);
      records.push({ kind: 'pactc-check-failure', file: path, diagnostics: fe.diagnostics.map((d) => toJson(d, fe.lookup)) });
      continue;
    }
    say(formatHeader({ pact: { name: fe.pact.name, version: fe.pact.version }, file: path }, p) + '\n');
    const context = { file: path, seed: sharedSeed, runs: runs ?? 0 };
    const report = await testPact(fe, path, {
      seed: sharedSeed,
      ...(runs !== undefined ? { runs } : {}),
      onResult: (r) => say(formatResult(context, r, { palette: p, ...(flags ? { rerunFlags: flags } : {}) }) + '\n'),
    });
    passed += report.passed;
    failed += report.failed;
    records.push(report);
  }

  say(summaryLine(passed, failed) + '\n');
  if (opts.json !== undefined && opts.json !== false) {
    const json = JSON.stringify(records.length === 1 ? records[0] : records, null, 2) + '\n';
    if (jsonToStdout) io.stdout(json);
    else {
      try {
        writeFileSync(absolute(io, opts.json), json);
      } catch (e) {
        throw new CliError(`${opts.json}: cannot write the report (${(e as Error).message})`);
      }
    }
  }
  return failed > 0 ? 1 : 0;
}

/** Parses a whole number option, or fails with a usage error (exit 2). */
function parseInteger(flag: string, text: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliError(`${flag} must be a whole number from ${min} to ${max}, not \`${text}\``, 2);
  return n;
}
