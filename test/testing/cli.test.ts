/**
 * `pactc test` through the CLI, in-process (`main(argv, io)` with captured output): a line per
 * test and property, the closing `N passed, N failed` line, exit statuses 0 / 1 / 2, files that
 * do not check, `--seed` reproducibility, and `--json` to stdout or a file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frontEndFile } from '../../src/compile.js';
import { DEFAULT_RUNS, loadEvidence, MIN_EVIDENCE_RUNS, type TestReport } from '../../src/testing/index.js';
import { fixture, pactc, ROOT } from './helpers.js';

const CLOSING = /\n(\d+) passed, (\d+) failed\n$/;

describe('pactc test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pactc-test-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the spec example (with `open_disputes <= 0`): every test and property passes, exit 0', async () => {
    const r = await pactc(['test', 'examples/refunds.pact', '--seed', '1']);
    expect(r.stdout).toMatch(/^refund_agent \d+\.\d+\.\d+ \(examples\/refunds\.pact\)\n/);
    expect(r.stdout).toContain('  ✓ test "a trusted agent refunds 200 on its own"\n');
    expect(r.stdout).toContain(`  ✓ property "kill switch dominates" (built-in, ${DEFAULT_RUNS} cases)\n`);
    // The agreement property's coverage-directed phase says how many inputs it added.
    expect(r.stdout).toMatch(new RegExp(`\n  ✓ property "the artifact agrees with the reference" \\(built-in, ${DEFAULT_RUNS} cases, then \\d+ directed at rules\\)\n`));
    expect(r.stdout.endsWith('\n7 passed, 0 failed\n')).toBe(true);
    expect(r.status).toBe(0);
  });

  it('passes a pact that satisfies everything: exit 0', async () => {
    const r = await pactc(['test', fixture('tool-gate.pact'), 'stdlib/trust_test.pact']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
    expect(r.stdout).toContain('tool_gate 1.0.0 (test/testing/fixtures/tool-gate.pact)\n');
    expect(r.stdout).toContain(`  ✓ property "frozen resources are never touched" (${DEFAULT_RUNS} cases)\n`);
  });

  it('prints a failing property with its counterexample and the seed: exit 1', async () => {
    const r = await pactc(['test', fixture('revocation-loosens.pact'), '--seed', '7', '--runs', '300']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n {2}✗ property "revocation tightens" \(built-in, failed after \d+ cases?\)\n/);
    expect(r.stdout).toContain(
      [
        '      revoking "bank" turned escalate into permit',
        '      input = { action: { kind: "pay", amount: 101 } }',
        '        → escalate by pay_review to "finance" — "Payouts above 100 need finance"',
        '      revoking "bank": the same input, data = { revoked: ["bank"] }',
        '        → permit by pay, granting "ledger" scope "read" ttl 300s — "Payouts may read the ledger"',
      ].join('\n'),
    );
    expect(r.stdout).toContain('  ✓ property "trust is monotone" (built-in)\n      note: holds trivially: the input has no @trust signals\n');
    expect(r.stdout).toMatch(/seed 7, shrunk \d+ times; rerun: pactc test test\/testing\/fixtures\/revocation-loosens.pact --seed 7 --runs 300\n/);
    expect(r.stdout.endsWith('\n4 passed, 1 failed\n')).toBe(true);
  });

  it('repeats a run exactly with the same seed', async () => {
    const a = await pactc(['test', fixture('trust-inverted.pact'), '--seed', '99']);
    const b = await pactc(['test', fixture('trust-inverted.pact'), '--seed', '99']);
    expect(a.status).toBe(1);
    expect(b.stdout).toBe(a.stdout);
  });

  it('counts a file that does not check as one failure, with its diagnostics', async () => {
    const bad = join(dir, 'bad.pact');
    writeFileSync(bad, 'pact bad version "1.0.0"\ninput { action: { kind: string } }\npermit p when action.knd == "x" because "y"\n');
    const r = await pactc(['test', bad, fixture('invisible-reason.pact'), '--seed', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.pact:3:\d+: error\[P\d+\]: .*`knd`/);
    expect(r.stdout).toContain(`✗ ${bad}: does not check (1 error); not tested\n`);
    expect(r.stdout).toContain('  ✗ property "every refusal is explained" (built-in, failed after ');
    expect(r.stdout.endsWith('\n4 passed, 2 failed\n')).toBe(true);
    const missing = await pactc(['test', join(dir, 'nope.pact')]);
    expect(missing.status).toBe(1);
    expect(missing.stdout.endsWith('\n0 passed, 1 failed\n')).toBe(true);
  });

  it.each([
    [['test']],
    [['test', 'examples/refunds.pact', '--runs', '0']],
    [['test', 'examples/refunds.pact', '--runs', 'many']],
    [['test', 'examples/refunds.pact', '--seed', '1.5']],
  ])('exits 2 for a usage error: %j', async (argv) => {
    const r = await pactc(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('--json writes the evidence record to stdout, keeping people’s output on stderr', async () => {
    const r = await pactc(['test', fixture('declared-property.pact'), '--seed', '5', '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as TestReport;
    expect(report).toMatchObject({ kind: 'pactc-test-report', pact: { name: 'transfers' }, seed: 5, runs: DEFAULT_RUNS, passed: 7, failed: 1 });
    const failed = report.results.find((x) => !x.ok)!;
    expect(failed.counterexample!.cases[0]!.inputText).toMatch(/^input = \{ action: \{ kind: "transfer", amount: \d+, reference: "" \} \}$/);
    expect(r.stderr).toMatch(/\n7 passed, 1 failed\n$/);
  });

  it('--json FILE writes a report that `build --evidence` accepts for the same source', async () => {
    const out = join(dir, 'report.json');
    const r = await pactc(['test', fixture('tool-gate.pact'), '--seed', '3', '--json', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(CLOSING);
    const fe = frontEndFile(fixture('tool-gate.pact'));
    expect(loadEvidence(out, fe).report.runs).toBe(DEFAULT_RUNS);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ file: fixture('tool-gate.pact'), sourceDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // The report goes into the bundle of the same source, and nowhere else.
    const bundle = join(dir, 'gate.tar.gz');
    const built = await pactc(['build', fixture('tool-gate.pact'), '-o', bundle, '--evidence', out]);
    expect(built.status).toBe(0);
    const { readBundle } = await import('../../src/bundle/index.js');
    const files = (await readBundle(new Uint8Array(readFileSync(bundle)))).files;
    expect(new TextDecoder().decode(files.get('/evidence/test-report.json'))).toBe(readFileSync(out, 'utf8'));
    const other = await pactc(['build', fixture('revocation-loosens.pact'), '-o', join(dir, 'other.tar.gz'), '--evidence', out]);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/the test report is about `tool_gate`, not pact `payouts`/);
    expect(() => readFileSync(join(dir, 'other.tar.gz'))).toThrow();
  });

  it('`build --evidence` refuses a report of fewer cases than the default, and a stale one, naming the file being built', async () => {
    const quick = join(dir, 'quick.json');
    expect((await pactc(['test', fixture('tool-gate.pact'), '--seed', '3', '--runs', '1', '--json', quick])).status).toBe(0);
    const r = await pactc(['build', fixture('tool-gate.pact'), '-o', join(dir, 'quick.tar.gz'), '--evidence', quick]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `the test report ran 1 case per property; evidence needs at least ${MIN_EVIDENCE_RUNS}, what \`pactc test\` runs by default; rerun \`pactc test ${fixture('tool-gate.pact')} --json `,
    );
    expect(() => readFileSync(join(dir, 'quick.tar.gz'))).toThrow();

    // A report of the pact before an edit, made under another name: the rerun names the file built.
    const old = join(dir, 'old-gate.pact');
    const source = readFileSync(join(ROOT, fixture('tool-gate.pact')), 'utf8');
    writeFileSync(old, source.replace('budget: int = 500', 'budget: int = 600'));
    const stale = join(dir, 'stale.json');
    expect((await pactc(['test', old, '--seed', '3', '--json', stale])).status).toBe(0);
    const s = await pactc(['build', fixture('tool-gate.pact'), '-o', join(dir, 'stale.tar.gz'), '--evidence', stale]);
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/the test report is stale: .*; rerun `pactc test test\/testing\/fixtures\/tool-gate\.pact --json \S*stale\.json`/);
    expect(s.stderr).not.toContain('old-gate.pact');
  });

  it('writes an array for several files', async () => {
    const r = await pactc(['test', fixture('revocation-loosens.pact'), fixture('invisible-reason.pact'), '--runs', '20', '--json'], ROOT);
    const reports = JSON.parse(r.stdout) as TestReport[];
    expect(reports.map((x) => x.pact.name)).toEqual(['payouts', 'invisible_reason']);
    expect(reports[0]!.seed).toBe(reports[1]!.seed);
  });
});
