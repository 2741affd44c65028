/**
 * The runner behind `pactc test`: a checked pact in, a {@link TestReport} out.
 *
 * 1. Build the artifact once: `compileWasm` gives the `policy.wasm` a bundle would ship, and the
 *    embedded host (`host/pact.ts`, `@open-policy-agent/opa-wasm`) instantiates it. Every
 *    decision below is the artifact's; the reference evaluator decides the same input next to it
 *    and must agree (`properties.ts`, `observe`). Tests of the runner itself swap in a
 *    deliberately broken artifact through {@link RunOptions.artifact}.
 * 2. Every `test` block, in source order: its `input` literal as JSON (bare keys, durations in
 *    seconds), its `data` merged over the defaults field by field (`mergeData`), and the
 *    expectation. `expect EFFECT by ID, …` demands exactly those rule ids **as a set**: order
 *    does not matter (decisions list rules in source order, which a reader should not have to
 *    reproduce) and neither does repetition (`invalid_input` appears once per violation, and
 *    `by invalid_input` should match one violation or three). Without `by`, only the effect.
 * 3. Every declared `property`, then the five built-ins, each run by `fc.check` with the one
 *    seed and `runs` cases. A failing case is shrunk by fast-check; the minimal one's decisions
 *    become the counterexample. Cases a property does not speak about (a `given` that does not
 *    hold, a degradation that changed nothing) are skipped with `fc.pre` and do not count as
 *    runs; a `given` that almost never holds is a failure, since the property was not checked.
 *
 * Defaults: {@link DEFAULT_RUNS} cases per property — enough for every deliberately broken
 * fixture in `test/testing/fixtures/` to be caught on every seed tried — and a random seed,
 * printed with every failure so the run can be repeated exactly.
 */
import fc from 'fast-check';
import type * as ast from '../syntax/ast.js';
import type { CheckedPact } from '../check/types.js';
import { compileWasm, sourceDigest, type FrontEnd } from '../compile.js';
import type { Decision } from '../decision/index.js';
import type { Diagnostic } from '../diag/index.js';
import { referenceEngine, type Engine } from '../eval/index.js';
import { Pact } from '../host/pact.js';
import { COMPILER_VERSION } from '../version.js';
import type { JsonObject } from './arbitraries.js';
import { Coverage, coverageNote, MIN_RULE_HITS, neverMatching, type CoverageReport } from './coverage.js';
import { shrinkCase } from './shrink.js';
import { builtinProperties, declaredProperty, disagreement, observe, SKIP, testCase, type DirectedPhase, type Engines, type Failure, type PropertyCheck } from './properties.js';
import { caseRecord, REPORT_FORMAT, REPORT_KIND, type TestReport, type TestResult } from './report.js';

/** Cases per property unless `--runs` says otherwise. */
export const DEFAULT_RUNS = 400;

/** The fewest inputs satisfying a `given` for a property to count as checked. */
export const MIN_GIVEN_HITS = 10;

/** Builds the engine under test from the pact and its compiled `policy.wasm`. */
export type ArtifactFactory = (pact: CheckedPact, wasm: Uint8Array) => Engine | Promise<Engine>;

/** Options of {@link runPact} and {@link testPact}. */
export interface RunOptions {
  /** The fast-check seed (default: random, reported). */
  readonly seed?: number;
  /** Cases per property (default {@link DEFAULT_RUNS}). */
  readonly runs?: number;
  /** The engine under test (default: the compiled Wasm through the embedded host). */
  readonly artifact?: ArtifactFactory;
  /** Called with each result as soon as it is known (for streaming output). */
  readonly onResult?: (r: TestResult) => void;
  /** Which groups to run (default all). */
  readonly include?: { readonly tests?: boolean; readonly properties?: boolean; readonly builtins?: boolean };
  /**
   * The front end's diagnostics (`testPact` passes them): its "condition can never hold"
   * warnings (P2060) tell the rules that can never match from those merely not reached.
   */
  readonly diagnostics?: readonly Diagnostic[];
}

/** Options of {@link checkProperty}. */
export interface CheckOptions {
  /** As {@link RunOptions.diagnostics}. */
  readonly diagnostics?: readonly Diagnostic[];
}

/** What {@link runPact} found. */
export interface PactRun {
  readonly seed: number;
  readonly runs: number;
  readonly results: readonly TestResult[];
}

/** A random fast-check seed (a 31-bit integer, so it prints and parses plainly). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** The compiled Wasm run by `@open-policy-agent/opa-wasm` through the embedded host, as an engine. */
export async function wasmEngine(pact: CheckedPact, wasm: Uint8Array): Promise<Engine> {
  const host = await Pact.fromWasm({ name: pact.name, version: pact.version, revision: 'pactc-test' }, wasm, pact.dataDefaults);
  let current: unknown = pact.dataDefaults;
  const use = (data: unknown): void => {
    const doc = data === undefined ? pact.dataDefaults : data;
    if (doc === current) return;
    // Every document the runner builds has all the pact's data fields, so the host's
    // field-by-field merge replaces the previous document entirely.
    host.setData(doc as JsonObject);
    current = doc;
  };
  return {
    name: 'wasm',
    decide: (input, data) => {
      use(data);
      return host.decide(input);
    },
    explain: (input, data) => {
      use(data);
      return host.explain(input);
    },
  };
}

/** Compiles `pact` and builds both engines. */
export async function enginesFor(pact: CheckedPact, artifact: ArtifactFactory = wasmEngine): Promise<Engines> {
  return { artifact: await artifact(pact, compileWasm(pact)), reference: referenceEngine(pact) };
}

/** Runs the tests, declared properties and built-in properties of a checked pact. */
export async function runPact(pact: CheckedPact, opts: RunOptions = {}): Promise<PactRun> {
  const seed = opts.seed ?? randomSeed();
  const runs = opts.runs ?? DEFAULT_RUNS;
  const engines = await enginesFor(pact, opts.artifact);
  const include = { tests: true, properties: true, builtins: true, ...opts.include };
  const results: TestResult[] = [];
  const emit = (r: TestResult): void => {
    results.push(r);
    opts.onResult?.(r);
  };
  if (include.tests) for (const t of pact.tests) emit(runTest(pact, t, engines));
  const check = opts.diagnostics ? { diagnostics: opts.diagnostics } : {};
  if (include.properties) for (const p of pact.properties) emit(checkProperty(pact, declaredProperty(pact, p) as PropertyCheck, engines, seed, runs, check));
  if (include.builtins) for (const p of builtinProperties(pact)) emit(checkProperty(pact, p, engines, seed, runs, check));
  return { seed, runs, results };
}

/** Runs everything for a pact that passed the front end and assembles the evidence record. */
export async function testPact(fe: FrontEnd, file: string, opts: RunOptions = {}): Promise<TestReport> {
  if (!fe.ok || !fe.pact) throw new Error(`internal: testPact needs a pact without errors (${file})`);
  const pact = fe.pact;
  const run = await runPact(pact, { diagnostics: fe.diagnostics, ...opts });
  const failed = run.results.filter((r) => !r.ok).length;
  return {
    kind: REPORT_KIND,
    format: REPORT_FORMAT,
    pact: { name: pact.name, version: pact.version },
    file,
    sourceDigest: sourceDigest(fe),
    compilerVersion: COMPILER_VERSION,
    seed: run.seed,
    runs: run.runs,
    passed: run.results.length - failed,
    failed,
    results: run.results,
  };
}

// ---------------------------------------------------------------------------------------------
// Test blocks

/** Runs one `test` block on both engines (see the header for how `by` is compared). */
export function runTest(pact: CheckedPact, t: ast.TestDecl, engines: Engines): TestResult {
  const base = { kind: 'test' as const, name: t.name.value, builtin: false };
  const c = testCase(pact, t);
  if (!c || !t.expect) return { ...base, ok: false, message: 'the test has no input or no expect' };
  const o = observe(engines, 'input', c.input, c.data);
  const problem = expectationProblem(t.expect, o.decision) ?? disagreement([o])?.message;
  if (!problem) return { ...base, ok: true };
  return { ...base, ok: false, message: problem, counterexample: { cases: [caseRecord(o, pact.dataDefaults)] } };
}

/** Why `d` does not meet `expect EFFECT [by ID, …]`, or undefined. */
export function expectationProblem(e: ast.Expectation, d: Decision): string | undefined {
  const want = `${e.effect}${e.by.length > 0 ? ` by ${e.by.map((n) => n.text).join(', ')}` : ''}`;
  const got = `${d.effect} by ${d.rules.join(', ')}`;
  if (d.effect !== e.effect) return `expected ${want}, got ${got}`;
  if (e.by.length === 0) return undefined;
  const wanted = new Set(e.by.map((n) => n.text));
  const seen = new Set(d.rules);
  if (wanted.size === seen.size && [...wanted].every((r) => seen.has(r))) return undefined;
  return `expected ${want}, got ${got}`;
}

// ---------------------------------------------------------------------------------------------
// Properties

/** The error a failing case throws so fast-check records and shrinks it. */
class PropertyFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** Runs one property with fast-check and turns the outcome into a result. */
export function checkProperty(pact: CheckedPact, p: PropertyCheck, engines: Engines, seed: number, runs: number, opts: CheckOptions = {}): TestResult {
  const base = { kind: 'property' as const, name: p.name, builtin: p.builtin };
  if (p.vacuous) return { ...base, ok: true, note: `holds trivially: ${p.vacuous}` };
  const coverage = p.directed ? new Coverage() : undefined;
  let hits = 0;
  let skips = 0;
  let shrinking = false;
  const property = fc.property(p.arbitrary, (value) => {
    const r = p.run(value, engines, shrinking ? undefined : coverage);
    if (r === SKIP) {
      if (!shrinking) skips++;
      fc.pre(false);
    }
    if (!shrinking) hits++;
    if (r) {
      shrinking = true;
      throw new PropertyFailed(r);
    }
  });
  const details = fc.check(property, { seed, numRuns: runs, maxSkipsPerRun: 50 });
  if (!details.failed) {
    const passed = { ...base, ok: true as const, runs: hits, ...(skips > 0 ? { skipped: skips } : {}) };
    if (!p.directed || !coverage) return passed;
    return directedPhase(pact, p.directed, engines, seed, runs, coverage, passed, neverMatching(pact, opts.diagnostics ?? []));
  }
  const err = details.errorInstance;
  if (err instanceof PropertyFailed) {
    const failure = details.counterexample ? prettify(details.counterexample[0], err.failure, (v) => p.run(v, engines)) : err.failure;
    return failed(pact, base, details.numRuns, failure, details);
  }
  if (details.counterexample === null) {
    // Too many skipped cases: the `given` (or the degradations) rarely applied.
    if (hits >= Math.min(MIN_GIVEN_HITS, runs)) {
      return { ...base, ok: true, runs: hits, skipped: skips, note: `the condition held for only ${hits} of ${hits + skips} generated inputs` };
    }
    return {
      ...base,
      ok: false,
      runs: hits,
      skipped: skips,
      message: `the condition held for only ${hits} of ${hits + skips} generated inputs, too few to check the property (is it satisfiable? make it less selective, or test it with \`test\` blocks)`,
    };
  }
  const why = err instanceof Error ? err.message : String(err);
  return { ...base, ok: false, runs: details.numRuns, message: `internal error while checking (${why}) on ${fc.stringify(details.counterexample)}` };
}

/** A failed property's result: the (shrunk) case's observations, shrink count and replay path. */
function failed(pact: CheckedPact, base: Pick<TestResult, 'kind' | 'name' | 'builtin'>, runs: number, failure: Failure, details?: { numShrinks: number; counterexamplePath: string | null }): TestResult {
  return {
    ...base,
    ok: false,
    runs,
    message: failure.message,
    counterexample: {
      cases: failure.observations.map((o) => caseRecord(o, pact.dataDefaults)),
      ...(details ? { shrinks: details.numShrinks } : {}),
      ...(details?.counterexamplePath ? { path: details.counterexamplePath } : {}),
    },
  };
}

/** The most inputs drawn per fast-check run of the directed phase (it stops between runs once a rule is covered). */
const DIRECTED_CHUNK = 20;

/**
 * The directed phase of a property whose random cases passed (`coverage.ts`).
 *
 * 1. Known inputs: each `test` block's input (with its data), then, for each rule whose
 *    boundaries are not all tried, the first input the random cases matched it with (and that
 *    case's data). The rules each matches have their boundaries tried on it, under its data.
 *    A failure on a known input is shrunk by `shrink.ts`.
 * 2. Draws: inputs directed at the rules that are not yet covered (seen matching
 *    {@link MIN_RULE_HITS} times, every boundary tried) and that can match at all (`impossible`:
 *    the checker proved they never do), from one budget for the whole phase: as many draws as
 *    the property has random cases (`runs`, at least twice {@link MIN_RULE_HITS}). The budget is
 *    shared out in rounds: each rule still pending gets an equal share of what is left (at
 *    least one draw, at most {@link DIRECTED_CHUNK}) in source order, and a rule stops drawing
 *    as soon as it is covered. Each share is a fast-check run with its own seed derived from
 *    `seed`, so it repeats and shrinks.
 */
function directedPhase(
  pact: CheckedPact,
  phase: DirectedPhase,
  engines: Engines,
  seed: number,
  runs: number,
  coverage: Coverage,
  passed: TestResult,
  impossible: ReadonlyMap<string, string>,
): TestResult {
  const base = { kind: passed.kind, name: passed.name, builtin: passed.builtin };
  const targets = phase.targets();
  const never = new Set(impossible.keys());
  let cases = 0;
  const coverageOf = (): { directed: number; coverage: CoverageReport } => ({ directed: cases, coverage: coverage.report(pact, targets, never) });
  const fail = (failure: Failure, details?: { numShrinks: number; counterexamplePath: string | null }): TestResult => ({
    ...failed(pact, base, passed.runs ?? 0, failure, details),
    ...coverageOf(),
  });

  // 1. Known inputs.
  const known: { value: readonly [JsonObject, JsonObject]; where: string }[] = phase.examples().map((e) => ({ value: e.value, where: `from the input of test ${JSON.stringify(e.test)}` }));
  const seen = new Set<unknown>();
  for (const t of targets) {
    const w = coverage.witness(t.rule);
    if (!w || seen.has(w) || coverage.boundariesDone(t)) continue;
    seen.add(w);
    known.push({ value: w, where: `from an input on which the random cases saw rule \`${t.rule}\` match` });
  }
  for (const k of known) {
    const r = phase.run(targets, k.value, engines, coverage, k.where);
    cases += r.cases;
    if (r.failure) {
      const s = shrinkKnown(pact, r.failure, (v) => phase.run([], v, engines, undefined, k.where).failure);
      return fail(s.failure, { numShrinks: s.shrinks, counterexamplePath: null });
    }
  }

  // 2. Draws, from one budget.
  const budget = Math.max(2 * MIN_RULE_HITS, runs);
  let drawn = 0;
  let pending = targets.map((t, i) => ({ t, i })).filter(({ t }) => !never.has(t.rule) && !coverage.done(t, MIN_RULE_HITS));
  for (let round = 0; drawn < budget && pending.length > 0; round++) {
    const share = Math.min(DIRECTED_CHUNK, Math.max(1, Math.floor((budget - drawn) / pending.length)));
    for (const { t, i } of pending) {
      const n = Math.min(share, budget - drawn);
      if (n <= 0) break;
      if (coverage.done(t, MIN_RULE_HITS)) continue;
      const where = `on an input directed at rule \`${t.rule}\``;
      let shrinking = false;
      const property = fc.property(t.cases, (value) => {
        // Covered part-way through its share: the rest of the share is not decided (nor counted).
        if (!shrinking && coverage.done(t, MIN_RULE_HITS)) return;
        const r = phase.run([t], value, engines, shrinking ? undefined : coverage, where);
        if (!shrinking) {
          drawn++;
          cases += r.cases;
        }
        if (r.failure) {
          shrinking = true;
          throw new PropertyFailed(r.failure);
        }
      });
      const details = fc.check(property, { seed: (seed + (i + 1) * 1_000_003 + round * 7_919) | 0, numRuns: n });
      if (details.failed) {
        const err = details.errorInstance;
        if (!(err instanceof PropertyFailed)) throw err;
        const failure = details.counterexample
          ? prettify(details.counterexample[0], err.failure, (v) => phase.run([t], v as readonly [JsonObject, JsonObject], engines, undefined, where).failure)
          : err.failure;
        return fail(failure, details);
      }
    }
    pending = pending.filter(({ t }) => !coverage.done(t, MIN_RULE_HITS));
  }
  const { directed, coverage: report } = coverageOf();
  const note = coverageNote(report, coverage.untriedOfUnreached(targets), drawn >= budget ? budget : undefined);
  return { ...passed, directed, coverage: report, ...(note.length > 0 ? { note: note.join('\n') } : {}) };
}

/**
 * Shrinks a failure found on a known input (`shrink.ts`): the failing case's input and data,
 * kept simpler while `check` still fails with the same message. The message stays the
 * original's, which says where the case was found.
 */
function shrinkKnown(pact: CheckedPact, failure: Failure, check: (value: readonly [JsonObject, JsonObject]) => Failure | undefined): { failure: Failure; shrinks: number } {
  const o = failure.observations[0];
  if (!o || typeof o.input !== 'object' || o.input === null || Array.isArray(o.input)) return { failure, shrinks: 0 };
  const input = o.input as JsonObject;
  const want = check([input, o.data])?.message;
  if (want === undefined) return { failure, shrinks: 0 };
  const s = shrinkCase(pact, input, o.data, (x, d) => check([x, d])?.message === want);
  const last = s.shrinks > 0 ? check([s.input, s.data]) : undefined;
  return { failure: last ? { message: failure.message, observations: last.observations } : failure, shrinks: s.shrinks };
}

/**
 * Rounds the ugly numbers of a shrunk counterexample where the property still fails the same
 * way. fast-check shrinks a double towards the boundary it crosses (`amount:
 * 100.00000000000001` for `amount > 100`); a reader would rather see `101`. Each number with
 * more than four decimals is tried rounded, up and down to 0…4 decimals, fewest decimals and
 * then nearest first; a
 * candidate is kept when the case still fails with the same message. Numbers that are already
 * short (`0.3`, the threshold itself) are left alone.
 */
function prettify(value: unknown, failure: Failure, run: (value: unknown) => Failure | typeof SKIP | undefined): Failure {
  let current = value;
  let best = failure;
  const leaves: (string | number)[][] = [];
  const collect = (v: unknown, path: (string | number)[]): void => {
    if (typeof v === 'number' && ugly(v)) leaves.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) collect(x, [...path, k]);
  };
  collect(value, []);
  for (const path of leaves) {
    const v = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], current) as number;
    // Fewest decimals first, and the nearest of those first.
    const candidates = [0, 1, 2, 3, 4]
      .flatMap((d) => [Math.round, Math.ceil, Math.floor].map((f) => f(v * 10 ** d) / 10 ** d).sort((a, b) => Math.abs(a - v) - Math.abs(b - v)))
      .filter((c, i, all) => c !== v && Number.isFinite(c) && all.indexOf(c) === i);
    for (const c of candidates) {
      const next = structuredClone(current);
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], next) as Record<string | number, unknown>;
      parent[path[path.length - 1]!] = c;
      const r = run(next);
      if (r && r !== SKIP && r.message === best.message) {
        current = next;
        best = r;
        break;
      }
    }
  }
  return best;
}

/** A number with more than four decimals (or in exponent notation). */
function ugly(v: number): boolean {
  if (Number.isInteger(v)) return false;
  const text = String(v);
  return text.includes('e') || (text.split('.')[1] ?? '').length > 4;
}
