/**
 * Testing pacts: the `test` and `property` blocks of spec §7, the five properties every pact
 * is held to, and a TypeScript API for testing pacts from vitest (or any test runner).
 *
 * How it fits together:
 * - `literals.ts` mines the pact for the constants its conditions compare input paths with;
 * - `arbitraries.ts` turns the input schema plus those seeds into fast-check arbitraries for
 *   conforming inputs (biased towards a property's `given`), malformed inputs, data documents
 *   and trust degradations;
 * - `properties.ts` defines each property as an arbitrary and a check run against two engines,
 *   the compiled Wasm (the artifact) and the reference evaluator, which must always agree;
 * - `run.ts` compiles once, runs test blocks and properties (fast-check, seeded, shrinking) and
 *   assembles the report; `report.ts` is the report's data and text (counterexamples printed as
 *   pact literals, ready to paste into a `test` block); `evidence.ts` validates a saved report
 *   before `pactc build --evidence` stores it in a bundle;
 * - `coverage.ts` is the agreement property's coverage: which rules the checked inputs reached,
 *   and the directed phase that draws inputs at the rules not yet reached (from one budget) and
 *   tries their comparison literals' boundaries; `shrink.ts` shrinks a failure it finds on a
 *   known input (a `test` block's), which fast-check did not generate.
 *
 * This file is the API, the package entry point `pactc/testing` (`package.json` `exports`;
 * fast-check, which it loads, is a dependency of pactc). It is documented, with a vitest example
 * that runs as one of pactc's own tests, in `docs/testing.md`. In short:
 *
 * ```ts
 * import { expect, it } from 'vitest';
 * import { assertProperty, checkPact } from 'pactc/testing';
 *
 * it('passes its own tests and the built-in properties', async () => {
 *   const report = await checkPact('examples/refunds.pact', { seed: 42 });
 *   expect(report.results.filter((r) => !r.ok)).toEqual([]);
 * });
 *
 * it('never grants more than one secret', async () => {
 *   await assertProperty('examples/refunds.pact', (d) => d.grants.length <= 1, { seed: 1 });
 * });
 * ```
 */
import fc from 'fast-check';
import type { CheckedPact } from '../check/types.js';
import { frontEndFile, type FrontEnd } from '../compile.js';
import type { Decision } from '../decision/index.js';
import { renderDiagnostic } from '../diag/index.js';
import { referenceEngine, type Engine } from '../eval/index.js';
import type { Pact } from '../host/pact.js';
import { dataArbitrary, inputArbitrary, type JsonObject } from './arbitraries.js';
import { disagreement, observe, type Engines, type Failure } from './properties.js';
import { caseRecord, counted, describeDecision, type TestReport } from './report.js';
import { enginesFor, randomSeed, testPact, DEFAULT_RUNS, type RunOptions } from './run.js';

export {
  inputArbitrary,
  malformedInputArbitrary,
  dataArbitrary,
  degradationArbitrary,
  degrade,
  improvementArbitrary,
  improve,
  trustSignals,
  secretsOf,
  expandSeeds,
  type InputOptions,
  type DataOptions,
  type JsonObject,
  type TrustSignal,
} from './arbitraries.js';
export { mineSeeds, exampleSeeds, pactConditions, ruleConditions, type Condition, type Mined, type Relation, type Seed, type Seeds, type StringUse } from './literals.js';
export { BUILTIN, builtinProperties, declaredProperty, explanationProblems, givenHolds, SKIP, type Engines, type Observation, type Failure, type PropertyCheck } from './properties.js';
export { literalJson } from '../check/schema.js';
export {
  runPact,
  testPact,
  runTest,
  checkProperty,
  enginesFor,
  expectationProblem,
  wasmEngine,
  randomSeed,
  DEFAULT_RUNS,
  MIN_GIVEN_HITS,
  type RunOptions,
  type CheckOptions,
  type PactRun,
  type ArtifactFactory,
} from './run.js';
export {
  formatReport,
  formatResult,
  formatHeader,
  summaryLine,
  pactLiteral,
  describeDecision,
  counted,
  REPORT_KIND,
  REPORT_FORMAT,
  type TestReport,
  type TestResult,
  type Counterexample,
  type CaseRecord,
} from './report.js';
export {
  ruleTargets,
  neverMatching,
  Coverage,
  MIN_RULE_HITS,
  MIN_BOUNDARY_HITS,
  NOTE_NAMES,
  type RuleTarget,
  type Boundary,
  type CoverageReport,
} from './coverage.js';
export { shrinkCase, type Shrunk } from './shrink.js';
export { loadEvidence, validateEvidence, evidenceSubject, EvidenceError, EVIDENCE_PATH, MIN_EVIDENCE_RUNS, type Evidence, type EvidenceSubject, type EvidenceOptions } from './evidence.js';

/** A pact that did not pass the front end; `message` holds the rendered diagnostics. */
export class PactCheckError extends Error {
  constructor(
    readonly frontEnd: FrontEnd,
    readonly path: string,
  ) {
    super(`${path} does not check:\n${frontEnd.diagnostics.map((d) => renderDiagnostic(d, frontEnd.lookup)).join('\n\n')}`);
    this.name = 'PactCheckError';
  }
}

/**
 * Reads and checks the pact at `path`; throws {@link PactCheckError} when it has errors.
 *
 * @example
 * ```ts
 * const pact = loadCheckedPact('pacts/refunds.pact');
 * fc.sample(inputArbitrary(pact), 3);
 * ```
 */
export function loadCheckedPact(path: string): CheckedPact {
  const fe = frontEndFile(path);
  if (!fe.ok || !fe.pact) throw new PactCheckError(fe, path);
  return fe.pact;
}

/**
 * Runs everything `pactc test` runs on the pact at `path` — its tests, its properties and the
 * five built-in properties, against the compiled Wasm — and returns the report (the same
 * record `pactc test --json` writes). Throws {@link PactCheckError} when the pact has errors.
 *
 * @example
 * ```ts
 * const report = await checkPact('pacts/refunds.pact', { seed: 7, runs: 500 });
 * expect(report.results.filter((r) => !r.ok)).toEqual([]);
 * ```
 */
export async function checkPact(path: string, opts: RunOptions = {}): Promise<TestReport> {
  const fe = frontEndFile(path);
  if (!fe.ok || !fe.pact) throw new PactCheckError(fe, path);
  return testPact(fe, path, opts);
}

/** What {@link assertProperty} checks a decision with: false or a thrown error refutes it. */
export type DecisionPredicate = (decision: Decision, input: unknown, data: JsonObject) => boolean | void;

/** Options of {@link assertProperty}. */
export interface AssertOptions {
  /** The inputs (default: conforming inputs of the pact, `inputArbitrary`); required for a loaded bundle. */
  readonly input?: fc.Arbitrary<unknown>;
  /** Whole data documents (default: the pact's defaults). */
  readonly data?: fc.Arbitrary<JsonObject>;
  readonly seed?: number;
  /** Cases to try (default {@link DEFAULT_RUNS}). */
  readonly runs?: number;
}

/** A failed {@link assertProperty}: the message shows the shrunk counterexample as pact literals. */
export class PropertyAssertionError extends Error {
  constructor(
    message: string,
    readonly seed: number,
    readonly counterexample: unknown,
  ) {
    super(message);
    this.name = 'PropertyAssertionError';
  }
}

/**
 * Checks that `predicate` holds for the decision of every generated input, with fast-check,
 * and throws a {@link PropertyAssertionError} with the shrunk counterexample otherwise.
 *
 * `target` is a `.pact` path or a checked pact — then decisions come from its compiled Wasm
 * and must also agree with the reference evaluator — or a bundle already loaded with
 * `loadBundle` (a `Pact`), in which case `opts.input` is required and only the bundle decides
 * (its data is restored afterwards).
 *
 * @example
 * ```ts
 * await assertProperty('pacts/refunds.pact', (d) => d.effect !== 'permit' || d.grants.length <= 1, { seed: 1 });
 * const bundle = await loadBundle('dist/refunds.tar.gz');
 * await assertProperty(bundle, (d) => d.effect === 'forbid', { input: fc.constant({}) });
 * ```
 */
export async function assertProperty(target: string | CheckedPact | Pact, predicate: DecisionPredicate, opts: AssertOptions = {}): Promise<void> {
  const seed = opts.seed ?? randomSeed();
  const runs = opts.runs ?? DEFAULT_RUNS;
  const { engines, pact, restore } = await resolveTarget(target);
  try {
    const input = opts.input ?? (pact ? inputArbitrary(pact) : undefined);
    if (!input) throw new TypeError('assertProperty: pass `opts.input` to test a loaded bundle (it carries no schema)');
    const defaults = (pact?.dataDefaults ?? {}) as JsonObject;
    const data = opts.data ?? (pact ? dataArbitrary(pact, { revoked: false }) : fc.constant(defaults));
    const details = fc.check(
      fc.property(input, data, (x, d) => {
        const o = observe(engines, 'input', x, d);
        let ok: boolean | void;
        try {
          ok = predicate(o.decision, o.input, d);
        } catch (e) {
          throw new CaseFailed({ message: `the predicate threw: ${(e as Error).message}`, observations: [o] });
        }
        const failure = ok === false ? { message: 'the predicate does not hold', observations: [o] } : pact ? disagreement([o]) : undefined;
        if (failure) throw new CaseFailed(failure);
      }),
      { seed, numRuns: runs },
    );
    if (!details.failed) return;
    // The error of the last failing case is the shrunk counterexample's.
    const failure = details.errorInstance instanceof CaseFailed ? details.errorInstance.failure : undefined;
    const lines = [`property failed after ${counted(details.numRuns, 'case')} (seed ${seed}, shrunk ${counted(details.numShrinks, 'time')}): ${failure?.message ?? String(details.errorInstance)}`];
    for (const o of failure?.observations ?? []) {
      const c = caseRecord(o, defaults);
      lines.push(`  ${c.inputText}`, ...(c.dataText ? [`  ${c.dataText}`] : []), `    → ${describeDecision(c.decision)}`);
      if (c.reference) lines.push(`    reference → ${describeDecision(c.reference)}`);
    }
    throw new PropertyAssertionError(lines.join('\n'), seed, details.counterexample);
  } finally {
    restore();
  }
}

/** Carries a failing case out of the fast-check predicate. */
class CaseFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

async function resolveTarget(target: string | CheckedPact | Pact): Promise<{ engines: Engines; pact?: CheckedPact; restore: () => void }> {
  if (typeof target === 'string' || !('decide' in target)) {
    const pact = typeof target === 'string' ? loadCheckedPact(target) : target;
    return { engines: await enginesFor(pact), pact, restore: () => {} };
  }
  const host = target;
  const saved = host.currentData();
  let current: unknown = saved;
  const engine: Engine = {
    name: 'bundle',
    decide: (input, data) => {
      if (data !== undefined && data !== current) host.setData(data as JsonObject);
      current = data ?? current;
      return host.decide(input);
    },
    explain: (input) => host.explain(input),
  };
  // Without a schema there is no reference to compare with: the bundle is its own reference.
  return { engines: { artifact: engine, reference: engine }, restore: () => host.setData(saved) };
}

/** Re-exported so tests can build an engine pair around their own artifact. */
export { referenceEngine };
