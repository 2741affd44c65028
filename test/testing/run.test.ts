/**
 * The runner (`src/testing/run.ts`), the report and the evidence record, and the TypeScript API
 * (`assertProperty`, `checkPact`):
 * - `test` blocks: input literals as JSON (durations in seconds), `data` merged over the
 *   defaults, `by` compared as a set (order and repetition do not matter), failures reported
 *   with the decision seen;
 * - reports are deterministic for a seed, and carry the source digest;
 * - `loadEvidence` accepts a fresh passing report and refuses stale, foreign and failing ones;
 * - `assertProperty` throws with a shrunk counterexample printed as a pact literal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { frontEnd, frontEndFile, sourceDigest } from '../../src/compile.js';
import { loadBundle } from '../../src/host/pact.js';
import { buildPactBundle } from '../../src/compile.js';
import {
  assertProperty,
  checkPact,
  counted,
  DEFAULT_RUNS,
  MIN_EVIDENCE_RUNS,
  formatResult,
  type TestResult,
  EVIDENCE_PATH,
  EvidenceError,
  formatReport,
  inputArbitrary,
  loadEvidence,
  PactCheckError,
  PropertyAssertionError,
  runPact,
  runTest,
  testPact,
} from '../../src/testing/index.js';
import { checkText, enginesOf, fixture, load, ROOT } from './helpers.js';

const BLOCKS = `pact blocks version "1.0.0"
input { action: { kind: string, amount: int @range(0, 100), window?: duration } }
data { limit: int = 10 }
forbid a when action.kind == "x" because "A"
forbid b when action.kind == "x" because "B"
forbid long when has action.window and action.window > 1h because "Long"
permit p when action.amount <= data.limit because "P"

test "order does not matter" { input = { action: { kind: "x", amount: 1 } } expect forbid by b, a }
test "repetition does not matter" { input = { action: { amount: 500 } } expect forbid by invalid_input }
test "data overrides field by field" { input = { action: { kind: "y", amount: 20 } } data = { limit: 30 } expect permit by p }
test "durations are seconds" { input = { action: { kind: "y", amount: 1, window: 2h } } expect forbid by long }
test "an effect alone" { input = { action: { kind: "y", amount: 1 } } expect permit }
test "a missing rule fails" { input = { action: { kind: "x", amount: 1 } } expect forbid by a }
test "a wrong effect fails" { input = { action: { kind: "y", amount: 50 } } expect permit }
`;

describe('test blocks', () => {
  const pact = checkText(BLOCKS);
  const results = async () => {
    const engines = await enginesOf(pact);
    return pact.tests.map((t) => runTest(pact, t, engines));
  };

  it('compare `by` as a set and merge data over the defaults', async () => {
    const r = await results();
    expect(r.map((x) => [x.name, x.ok])).toEqual([
      ['order does not matter', true],
      ['repetition does not matter', true],
      ['data overrides field by field', true],
      ['durations are seconds', true],
      ['an effect alone', true],
      ['a missing rule fails', false],
      ['a wrong effect fails', false],
    ]);
  });

  it('report a failure with the expectation, the decision and the input as a literal', async () => {
    const [missing, wrong] = (await results()).slice(5);
    expect(missing!.message).toBe('expected forbid by a, got forbid by a, b');
    expect(wrong!.message).toBe('expected permit, got forbid by default_deny');
    expect(wrong!.counterexample!.cases[0]!.inputText).toBe('input = { action: { kind: "y", amount: 50 } }');
  });

  it('show data overrides in a failing case', async () => {
    const failing = checkText(BLOCKS.replace('expect permit by p }', 'expect forbid }'));
    const engines = await enginesOf(failing);
    const r = runTest(failing, failing.tests[2]!, engines);
    expect(r.ok).toBe(false);
    expect(r.counterexample!.cases[0]!.dataText).toBe('data = { limit: 30 }');
  });
});

describe('reports', () => {
  it('are deterministic for a seed and carry the source digest', async () => {
    const fe = frontEndFile(join(ROOT, fixture('trust-inverted.pact')));
    const a = await testPact(fe, 'trust-inverted.pact', { seed: 42, runs: 50 });
    const b = await testPact(fe, 'trust-inverted.pact', { seed: 42, runs: 50 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toMatchObject({ kind: 'pactc-test-report', format: 1, pact: { name: 'trust_inverted', version: '1.0.0' }, seed: 42, runs: 50, passed: 4, failed: 1 });
    expect(a.sourceDigest).toBe(sourceDigest(fe));
    expect(a.results.map((r) => r.name)).toEqual(['kill switch dominates', 'trust is monotone', 'revocation tightens', 'every refusal is explained', 'the artifact agrees with the reference']);
  });

  it('format as a line per result and the closing line', async () => {
    const report = await checkPact(join(ROOT, fixture('declared-property.pact')), { seed: 3 });
    const text = formatReport(report);
    expect(text).toContain('  ✓ test "a lookup is permitted"\n');
    expect(text).toContain('  ✗ property "transfers above 1,000 need a human"');
    expect(text).toMatch(/\n {6}input = \{ action: \{ kind: "transfer", amount: \d+, reference: "" \} \}\n {8}→ permit by small — "Transfers up to 5,000 go through"\n/);
    expect(text).toMatch(/seed 3, shrunk \d+ times; rerun: pactc test \S+declared-property.pact --seed 3\n/);
    expect(text.endsWith('\n7 passed, 1 failed\n')).toBe(true);
  });

  it('count cases and shrinks in the right number', () => {
    const report = { file: 'p.pact', seed: 5, runs: 400 };
    const failing = (runs: number, shrinks: number): TestResult => ({
      kind: 'property',
      name: 'q',
      builtin: false,
      ok: false,
      runs,
      message: 'expected permit, got forbid',
      counterexample: { cases: [], shrinks },
    });
    expect(formatResult(report, failing(1, 1))).toBe('  ✗ property "q" (failed after 1 case)\n      expected permit, got forbid\n      seed 5, shrunk 1 time; rerun: pactc test p.pact --seed 5');
    expect(formatResult(report, failing(2, 0))).toContain('(failed after 2 cases)');
    expect(formatResult(report, failing(2, 0))).toContain('seed 5, shrunk 0 times;');
    expect(formatResult(report, failing(7, 13))).toContain('seed 5, shrunk 13 times;');
    expect([counted(1, 'case'), counted(0, 'case'), counted(1, 'time'), counted(2, 'time')]).toEqual(['1 case', '0 cases', '1 time', '2 times']);
  });

  it('let callers run parts and swap the artifact', async () => {
    const pact = load(fixture('tool-gate.pact'));
    const run = await runPact(pact, { seed: 1, include: { properties: false, builtins: false } });
    expect(run.results.map((r) => r.kind)).toEqual(['test', 'test', 'test']);
  });
});

describe('evidence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pactc-evidence-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = readFileSync(join(ROOT, fixture('tool-gate.pact')), 'utf8');

  async function reportFile(name: string, text: string, path = 'tool-gate.pact', runs = DEFAULT_RUNS): Promise<string> {
    const fe = frontEnd(path, text);
    const report = await testPact(fe, path, { seed: 1, runs });
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(report, null, 2));
    return file;
  }

  it('accepts a fresh passing report and gives the bytes to store', async () => {
    const file = await reportFile('fresh.json', source);
    const { report, bytes } = loadEvidence(file, frontEnd('tool-gate.pact', source));
    expect(report.pact.name).toBe('tool_gate');
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(report);
    const built = await buildPactBundle('tool-gate.pact', source, { files: { [EVIDENCE_PATH]: bytes } });
    expect(built.bundle).toBeDefined();
  });

  it('refuses a stale report, telling to test the file being built', async () => {
    const file = await reportFile('stale.json', source, 'old/tool-gate.pact');
    const changed = source.replace('budget: int = 500', 'budget: int = 600');
    expect(() => loadEvidence(file, frontEnd('pacts/tool-gate.pact', changed))).toThrow(
      /the test report is stale: it was made for source digest [0-9a-f]{12}…, the source now has [0-9a-f]{12}…; rerun `pactc test pacts\/tool-gate.pact --json .*stale.json`/,
    );
  });

  it(`refuses a report of fewer than ${MIN_EVIDENCE_RUNS} cases per property (the default), unless told a lower minimum`, async () => {
    expect(MIN_EVIDENCE_RUNS).toBe(DEFAULT_RUNS);
    const file = await reportFile('quick.json', source, 'tool-gate.pact', 30);
    const fe = frontEnd('tool-gate.pact', source);
    expect(() => loadEvidence(file, fe)).toThrow(
      /quick\.json: the test report ran 30 cases per property; evidence needs at least 400, what `pactc test` runs by default; rerun `pactc test tool-gate.pact --json \S*quick\.json` without `--runs` \(or with `--runs 400` or more\)$/,
    );
    expect(loadEvidence(file, fe, { minRuns: 30 }).report.runs).toBe(30);
  });

  it('refuses a report about another pact, a failing one, and one that is not a report', async () => {
    const other = frontEndFile(join(ROOT, fixture('trust-inverted.pact')));
    const file = await reportFile('fresh2.json', source);
    expect(() => loadEvidence(file, other)).toThrow(/is about `tool_gate`, not pact `trust_inverted`/);
    const failing = join(dir, 'failing.json');
    writeFileSync(failing, JSON.stringify(await testPact(other, 'trust-inverted.pact', { seed: 1 })));
    expect(() => loadEvidence(failing, other)).toThrow(/records 1 failure \(property "trust is monotone"\)/);
    expect(loadEvidence(failing, other, { allowFailures: true }).report.failed).toBe(1);
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"kind":"something else"}');
    expect(() => loadEvidence(junk, other)).toThrow(EvidenceError);
    expect(() => loadEvidence(join(dir, 'missing.json'), other)).toThrow(/cannot read the test report \(ENOENT\)/);
  });

  it('picks the pact’s report out of a multi-file report', async () => {
    const a = JSON.parse(readFileSync(await reportFile('a.json', source), 'utf8')) as unknown;
    const other = frontEndFile(join(ROOT, fixture('revocation-loosens.pact')));
    const b = await testPact(other, 'revocation-loosens.pact', { seed: 1, include: { builtins: false } });
    const file = join(dir, 'many.json');
    writeFileSync(file, JSON.stringify([a, b, { kind: 'pactc-check-failure', file: 'x.pact', diagnostics: [] }]));
    expect(loadEvidence(file, other).report.pact.name).toBe('payouts');
  });
});

describe('the TypeScript API', () => {
  it('checkPact throws PactCheckError with rendered diagnostics for a pact with errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pactc-api-'));
    try {
      const file = join(dir, 'bad.pact');
      writeFileSync(file, 'pact bad version "1.0.0"\npermit p when action.kind == "x" because "y"\n');
      await expect(checkPact(file)).rejects.toThrow(PactCheckError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('assertProperty passes a true predicate and shrinks a false one to a pact literal', async () => {
    const pact = load(fixture('revocation-loosens.pact'));
    await assertProperty(pact, (d) => d.rules.length === d.reasons.length, { seed: 1, runs: 100 });
    const err = await assertProperty(pact, (d) => d.effect !== 'escalate', { seed: 1, runs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PropertyAssertionError);
    expect((err as Error).message).toMatch(/^property failed after \d+ cases? \(seed 1, shrunk \d+ times?\): the predicate does not hold\n {2}input = \{ action: \{ kind: "pay", amount: 101 \} \}\n {4}→ escalate by pay_review/);
  });

  it('assertProperty runs against a loaded bundle with given inputs, and restores its data', async () => {
    const text = readFileSync(join(ROOT, fixture('revocation-loosens.pact')), 'utf8');
    const built = await buildPactBundle('payouts.pact', text);
    const bundle = await loadBundle(built.bundle!.bytes);
    const pact = load(fixture('revocation-loosens.pact'));
    const before = bundle.currentData();
    await assertProperty(bundle, (d) => d.effect !== 'permit' || d.grants.length > 0, { input: inputArbitrary(pact), seed: 2, runs: 50 });
    await expect(assertProperty(bundle, () => true, {})).rejects.toThrow(/pass `opts.input`/);
    const err = await assertProperty(bundle, (d) => d.effect === 'forbid', { input: fc.constant({ action: { kind: 'pay', amount: 1 } }), seed: 2, runs: 5 }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('input = { action: { kind: "pay", amount: 1 } }');
    expect(bundle.currentData()).toEqual(before);
  });
});
