/**
 * The properties `pactc test` checks, each against a pact (or an engine) that violates it on
 * purpose: the violation must be caught on every seed tried (`SEEDS`, 25 of them) with the
 * default run count, and the shrunk counterexample must be the minimal one.
 *
 * - trust is monotone — `trust-inverted.pact`: a permit for agents *below* a score; and
 *   `test/examples/spec-example.pact`, the spec §1 example verbatim, whose `open_disputes == 0`
 *   breaks monotonicity at -1 disputes (a real finding: a count is an `int`, so -1 conforms;
 *   `examples/refunds.pact` is the same pact with `<= 0`).
 * - revocation tightens — `revocation-loosens.pact`: an escalate granting a secret next to a
 *   permit, so revoking the secret unblocks the permit.
 * - every refusal is explained — `invisible-reason.pact`: `because "\u200b"` gets past the
 *   checker's P2040 (which trims whitespace only); and, on a synthetic engine, a forbid
 *   whose reasons were dropped.
 * - kill switch dominates — no pact can break it (both engines test `kill_switch` first), so
 *   the property runs against an engine that ignores the kill switch.
 * - the artifact agrees with the reference — an engine that lets any approval satisfy an
 *   escalation; and one off by one at a single boundary (`amount == data.auto_refund_limit` in
 *   support-agent v4 escalates instead of permitting `small_refund`), which random cases alone
 *   missed on every seed and the coverage-directed phase catches, from the pact's test inputs
 *   and, without them, from inputs directed at the rule (seeds 1..10, default runs) — a failure
 *   found on a test's input is shrunk too; one wrong at `count == 1001` only when a data switch
 *   enables the rule; and one off by one at a threshold of 13 digits (1699999999999). The
 *   directed phase spends one budget (`runs` draws), and its note tells rules that can never
 *   match (P2060) from rules not reached, at most `NOTE_NAMES` of each.
 * - a declared property — `declared-property.pact`, and a `given` past 1e12.
 * Pacts that satisfy everything pass on several seeds: the stdlib tests and `tool-gate.pact`,
 * which exercises every kind of generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckedPact } from '../../src/check/types.js';
import type { Decision } from '../../src/decision/index.js';
import type { Engine } from '../../src/eval/index.js';
import { frontEnd } from '../../src/compile.js';
import { checkSource } from '../../src/check/index.js';
import { documentSchemas, validate } from '../../src/eval/index.js';
import {
  BUILTIN,
  builtinProperties,
  checkPact,
  checkProperty,
  declaredProperty,
  DEFAULT_RUNS,
  explanationProblems,
  formatReport,
  formatResult,
  MIN_RULE_HITS,
  literalJson,
  NOTE_NAMES,
  pactLiteral,
  shrinkCase,
  wasmEngine,
  type ArtifactFactory,
  type CaseRecord,
  type PropertyCheck,
  type TestResult,
} from '../../src/testing/index.js';
import { checkText, enginesOf, fixture, load, ROOT, SEEDS, SPEC_EXAMPLE } from './helpers.js';

/** Runs one property on every seed; returns the results. */
async function onEverySeed(pact: CheckedPact, pick: (pact: CheckedPact) => PropertyCheck, artifact?: ArtifactFactory): Promise<TestResult[]> {
  return onEverySeedOf(SEEDS, pact, pick, artifact);
}

/** Runs one property on each of `seeds` with the default run count; returns the results. */
async function onEverySeedOf(seeds: readonly number[], pact: CheckedPact, pick: (pact: CheckedPact) => PropertyCheck, artifact?: ArtifactFactory): Promise<TestResult[]> {
  const engines = await enginesOf(pact, artifact);
  return seeds.map((seed) => checkProperty(pact, pick(pact), engines, seed, DEFAULT_RUNS));
}

/** The length of a test block's input as printed in a counterexample (`input = { … }`). */
function pactLiteralLength(t: CheckedPact['tests'][number]): number {
  return `input = ${pactLiteral(literalJson(t.input!))}`.length;
}

function builtin(name: string): (pact: CheckedPact) => PropertyCheck {
  return (pact) => builtinProperties(pact).find((p) => p.name === name)!;
}

/** The distinct counterexamples, as printed. */
function printed(results: readonly TestResult[]): string[] {
  return [...new Set(results.map((r) => (r.counterexample?.cases ?? []).map((c) => [c.label, c.inputText, c.dataText ?? ''].join(' ')).join(' | ')))];
}

/** Wraps the Wasm engine, rewriting its decisions. */
function broken(rewrite: (d: Decision, input: unknown, data: unknown, real: Engine) => Decision): ArtifactFactory {
  return async (pact, wasm) => {
    const real = await wasmEngine(pact, wasm);
    return {
      name: 'broken',
      decide: (input, data) => rewrite(real.decide(input, data), input, data, real),
      explain: (input, data) => ({ ...real.explain(input, data), ...rewrite(real.decide(input, data), input, data, real) }),
    };
  };
}

describe(`built-in properties catch their violations on all ${SEEDS.length} seeds`, () => {
  it('trust is monotone: a permit below a trust threshold', async () => {
    const results = await onEverySeed(load(fixture('trust-inverted.pact')), builtin(BUILTIN.trust));
    expect(results.every((r) => !r.ok)).toBe(true);
    for (const r of results) {
      expect(r.message).toBe('degrading trust turned escalate into permit');
      const [before, after] = r.counterexample!.cases as [{ input: { trust: { score: number } } } & CaseRecord, { input: { trust: { score: number } } } & CaseRecord];
      // Minimal: nothing but the kind and the score matters.
      expect(before.input).toEqual({ action: { kind: 'write', target: '' }, trust: { score: before.input.trust.score, open_disputes: 0 } });
      expect(before.input.trust.score).toBeGreaterThanOrEqual(0.3);
      expect(before.decision.rules).toEqual(['write_review']);
      expect(after.label).toBe('degraded');
      expect(after.input).toEqual({ action: { kind: 'write', target: '' }, trust: { score: after.input.trust.score, open_disputes: 0 } });
      expect(after.input.trust.score).toBeLessThan(0.3);
      expect(after.decision.rules).toEqual(['write_sandbox']);
    }
  });

  it('trust is monotone: the spec example tests `open_disputes == 0` on an unbounded count', async () => {
    const results = await onEverySeed(load(SPEC_EXAMPLE), builtin(BUILTIN.trust));
    expect(results.every((r) => !r.ok)).toBe(true);
    for (const r of results) {
      expect(r.message).toBe('degrading trust turned escalate into permit');
      const disputes = r.counterexample!.cases.map((c) => (c.input as { trust: { open_disputes: number } }).trust.open_disputes);
      expect(disputes).toEqual([-1, 0]);
    }
  });

  it('revocation tightens: an escalate granting a secret next to a permit', async () => {
    const results = await onEverySeed(load(fixture('revocation-loosens.pact')), builtin(BUILTIN.revocation));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(printed(results)).toEqual([
      'input input = { action: { kind: "pay", amount: 101 } }  | revoking "bank" input = { action: { kind: "pay", amount: 101 } } data = { revoked: ["bank"] }',
    ]);
    expect(results[0]!.message).toBe('revoking "bank" turned escalate into permit');
  });

  it('every refusal is explained: a reason made of a zero-width space', async () => {
    const results = await onEverySeed(load(fixture('invisible-reason.pact')), builtin(BUILTIN.explained));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(printed(results)).toEqual(['input input = { action: { tool: "shell" } } ']);
    expect(results[0]!.message).toBe('a refusal is not explained: the reason of `shell` is invisible ("\\u200b")');
  });

  it('every refusal is explained: an engine that drops the reasons of forbids', async () => {
    const dropReasons = broken((d) => (d.effect === 'forbid' && d.rules[0] !== 'invalid_input' ? { ...d, reasons: [] } : d));
    const results = await onEverySeed(load(fixture('tool-gate.pact')), builtin(BUILTIN.explained), dropReasons);
    expect(results.every((r) => !r.ok)).toBe(true);
    for (const r of results) expect(r.message).toMatch(/^a refusal is not explained: 1 rules but 0 reasons; a forbid without a reason$/);
  });

  it('kill switch dominates: an engine that ignores the kill switch', async () => {
    const ignoreKillSwitch = broken((_d, input, data, real) => real.decide(input, { ...(data as object), kill_switch: false }));
    const results = await onEverySeed(load(SPEC_EXAMPLE), builtin(BUILTIN.killSwitch), ignoreKillSwitch);
    expect(results.every((r) => !r.ok)).toBe(true);
    for (const r of results) {
      const [c] = r.counterexample!.cases;
      expect(r.message).toMatch(/^with the kill switch on, the decision is \w+ by .*, not forbid by kill_switch$/);
      expect(c!.dataText).toContain('kill_switch: true');
      expect(c!.reference?.rules).toEqual(['kill_switch']);
    }
    // Shrunk to the simplest inputs the broken engine refuses without the kill switch.
    for (const r of results) {
      const [c] = r.counterexample!.cases;
      expect(['invalid_input', 'default_deny']).toContain(c!.decision.rules[0]);
      expect(c!.inputText.length).toBeLessThan(120);
    }
  });

  it('the artifact agrees with the reference: an engine that accepts any approval', async () => {
    const anyApproval = broken((d, input) => {
      const approved = typeof input === 'object' && input !== null && (input as { approval?: unknown }).approval != null;
      return d.effect === 'escalate' && approved ? { ...d, effect: 'permit', approvers: [] } : d;
    });
    const results = await onEverySeed(load(SPEC_EXAMPLE), builtin(BUILTIN.agreement), anyApproval);
    expect(results.every((r) => !r.ok)).toBe(true);
    for (const r of results) {
      const [c] = r.counterexample!.cases;
      expect(r.message).toMatch(/^the artifact's decision differs from the reference's \(in `effect`, `approvers`\)$/);
      expect(c!.inputText).toMatch(/approval: \{ by: "", role: "" \}/);
      expect(c!.reference?.effect).toBe('escalate');
    }
  });

  it('a declared property: transfers between 1,000 and 5,000 go through', async () => {
    const pact = load(fixture('declared-property.pact'));
    const results = await onEverySeed(pact, (p) => declaredProperty(p, p.properties[0]!) as PropertyCheck);
    expect(results.every((r) => !r.ok)).toBe(true);
    // Either end of the gap between the property's threshold and the rule's.
    for (const p of printed(results)) expect(p).toMatch(/^input input = \{ action: \{ kind: "transfer", amount: (1001|5000), reference: "" \} \} $/);
    expect(results[0]!.message).toBe('expected escalate or forbid, got permit');
  });
});

describe('the agreement property reaches every rule and its boundaries', () => {
  const V4 = 'examples/support-agent/v4.pact';
  /** An artifact off by one at `amount == data.auto_refund_limit`: `small_refund` becomes the finance lead's escalation. */
  const offByOne = broken((d, input, data) => {
    const amount = (input as { action?: { amount?: unknown } } | null)?.action?.amount;
    const limit = (data as { auto_refund_limit?: unknown } | undefined)?.auto_refund_limit;
    if (d.effect !== 'permit' || !d.rules.includes('small_refund') || amount !== limit) return d;
    return { ...d, effect: 'escalate', rules: ['refund_approval'], reasons: ['Refunds above the automatic limit need a finance lead'], approvers: ['finance-lead'], grants: [] };
  });
  const SEEDS_1_10 = Array.from({ length: 10 }, (_, i) => i + 1);

  function expectBoundaryCase(r: TestResult | undefined, seed: number): void {
    expect(r?.ok, `seed ${seed}`).toBe(false);
    expect(r!.message).toMatch(/^the artifact's decision differs from the reference's \(in `effect`, `rules`, `reasons`, `approvers`, `grants`\)/);
    const [c] = r!.counterexample!.cases;
    expect((c!.input as { action: { amount: number } }).action.amount).toBe(50);
    expect(c!.decision.effect).toBe('escalate');
    expect(c!.reference?.rules).toEqual(['small_refund']);
  }

  it('catches an engine off by one at `small_refund`’s limit on seeds 1..10 (checkPact, default runs)', async () => {
    let fromTests = 0;
    for (const seed of SEEDS_1_10) {
      const report = await checkPact(join(ROOT, V4), { seed, artifact: offByOne });
      const r = report.results.find((x) => x.name === BUILTIN.agreement);
      expectBoundaryCase(r, seed);
      if (!r!.message!.includes(' from the input of test "')) continue;
      // Found on a test block's input in the directed phase: shrunk all the same, and the
      // result says what the phase did up to there.
      fromTests++;
      const cx = r!.counterexample!;
      expect(cx.shrinks, `seed ${seed}`).toBeGreaterThan(0);
      expect(formatReport(report)).toMatch(new RegExp(`seed ${seed}, shrunk ${cx.shrinks} times?; rerun`));
      expect(r!.directed).toBeGreaterThan(0);
      expect(r!.coverage!.rules['small_refund']).toBeGreaterThan(0);
      expect(r!.coverage!.boundaries.total).toBeGreaterThan(0);
    }
    expect(fromTests).toBeGreaterThan(0);
  });

  it('shrinks a failure on a test block’s input towards the simplest input that still fails', async () => {
    // The v4 test "a trusted agent refunds 30 on its own" with its amount at the limit.
    const pact = load(V4);
    const test = pact.tests.find((t) => t.name.value === 'a trusted agent refunds 30 on its own')!;
    const r = (await checkPact(join(ROOT, V4), { seed: 1, artifact: offByOne })).results.find((x) => x.name === BUILTIN.agreement)!;
    expect(r.message).toContain(`from the input of test "${test.name.value}", with \`action.amount\` set to 50`);
    const [c] = r.counterexample!.cases;
    expect(c!.inputText.length).toBeLessThan(pactLiteralLength(test));
    expect(c!.decision.effect).toBe('escalate');
    expect(c!.reference?.rules).toEqual(['small_refund']);
  });

  it('shrinkCase drops optional fields, resets data and simplifies values, keeping the input conforming', () => {
    const pact = load('examples/refunds.pact');
    const input = { action: { tool: 'stripe.refund', category: 'money_movement', amount: 123.456, target: 'cus_1' }, trust: { score: 0.93, eval_age: 86400, open_disputes: 3 } };
    const data = { ...pact.dataDefaults, refund_limit: 20 };
    const all = shrinkCase(pact, input, data, () => true);
    expect(all.input).toEqual({ action: { tool: '', category: 'read', target: '' }, trust: { score: 0, eval_age: 0, open_disputes: 0 } });
    expect(all.data).toEqual(pact.dataDefaults);
    expect(all.shrinks).toBeGreaterThan(5);
    const big = shrinkCase(pact, input, data, (x) => ((x['action'] as { amount?: number }).amount ?? 0) > 100);
    expect(big.input).toEqual({ action: { tool: '', category: 'read', amount: 200, target: '' }, trust: { score: 0, eval_age: 0, open_disputes: 0 } });
    expect(validate(big.input, documentSchemas(pact).input)).toEqual([]);
  });

  it('catches it without test blocks to start from: inputs directed at the rule reach the boundary', async () => {
    const text = readFileSync(join(ROOT, V4), 'utf8').replace(/^test "[^"]*" \{[\s\S]*?^\}\n\n?/gm, '');
    const pact = frontEnd('v4-untested.pact', text).pact!;
    expect(pact.tests).toHaveLength(0);
    const results = await onEverySeedOf(SEEDS_1_10, pact, builtin(BUILTIN.agreement), offByOne);
    results.forEach((r, i) => expectBoundaryCase(r, i + 1));
  });

  it('reports how often each rule matched, every boundary tried, and no rule left unreached', async () => {
    const pact = load('examples/refunds.pact');
    for (const r of await onEverySeedOf([1, 2, 3], pact, builtin(BUILTIN.agreement))) {
      expect(r.ok).toBe(true);
      expect(r.note).toBeUndefined();
      expect(r.directed).toBeGreaterThan(0);
      expect(Object.keys(r.coverage!.rules)).toEqual(pact.rules.map((x) => x.name.text));
      for (const n of Object.values(r.coverage!.rules)) expect(n).toBeGreaterThanOrEqual(MIN_RULE_HITS);
      expect(r.coverage!.unreached).toEqual([]);
      expect(r.coverage!.boundaries.tried).toBe(r.coverage!.boundaries.total);
      // amount ≤ 500 (data.refund_limit) and > 10000, the trust thresholds, the categories…
      expect(r.coverage!.boundaries.total).toBeGreaterThanOrEqual(20);
    }
  });

  it('names the rules no input reached, and says how many boundaries were tried', async () => {
    const pact = checkText(`pact unreachable version "1.0.0"
input { action: { x: int, y: int } }
permit sum when action.x == 7 and action.y == 7 and action.x + action.y == 15 because "Never"
permit small when action.x < 3 because "Small"
`);
    const [r] = await onEverySeedOf([1], pact, builtin(BUILTIN.agreement));
    expect(r!.ok).toBe(true);
    expect(r!.note).toBe(`no checked input reached rule \`sum\` (the directed phase used up its budget of ${DEFAULT_RUNS} inputs; --runs raises it)\n3 of 15 boundary values tried on an input their rule matched (the other 12 belong to rules no input matched)`);
    expect(r!.coverage!.unreached).toEqual(['sum']);
    expect(r!.coverage!.impossible).toBeUndefined();
    expect(r!.coverage!.rules['small']).toBeGreaterThanOrEqual(MIN_RULE_HITS);
    expect(formatResult({ file: 'p.pact', seed: 1, runs: DEFAULT_RUNS }, r!)).toMatch(/\n {6}note: no checked input reached rule `sum` \(.*\)\n {6}note: 3 of 15 boundary values tried/);
  });

  it('tries the boundaries of a rule behind a data switch under the data it matched with (off by one at 1001 only with bulk enabled)', async () => {
    const pact = checkText(`pact bulk version "1.0.0"
input { action: { tool: string, count: int } }
data { bulk_enabled: bool = false }
permit bulk when data.bulk_enabled and action.tool == "bulk.send" and action.count <= 1000 because "Bulk sends up to 1000"
permit single when action.tool == "send" and action.count == 1 because "One at a time"
`);
    const atLimit = broken((d, input, data) => {
      const a = (input as { action?: { tool?: unknown; count?: unknown } } | null)?.action;
      if ((data as { bulk_enabled?: unknown } | undefined)?.bulk_enabled !== true || a?.tool !== 'bulk.send' || a.count !== 1001) return d;
      return { ...d, effect: 'permit', rules: ['bulk'], reasons: ['Bulk sends up to 1000'] };
    });
    for (const [i, r] of (await onEverySeedOf(SEEDS_1_10, pact, builtin(BUILTIN.agreement), atLimit)).entries()) {
      expect(r.ok, `seed ${i + 1}`).toBe(false);
      const [c] = r.counterexample!.cases;
      expect(c!.inputText).toBe('input = { action: { tool: "bulk.send", count: 1001 } }');
      expect(c!.dataText).toBe('data = { bulk_enabled: true }');
    }
    // With a sound artifact every boundary is tried, the disabled rule's too.
    for (const r of await onEverySeedOf([1, 2, 3], pact, builtin(BUILTIN.agreement))) {
      expect(r.ok).toBe(true);
      expect(r.coverage!.boundaries.tried).toBe(r.coverage!.boundaries.total);
      expect(r.note).toBeUndefined();
    }
  });

  it('spends one budget on the whole phase, tells rules that can never match from those not reached, and caps the names', async () => {
    // 40 rules random inputs do not reach (a sum of two fields), two the checker proves never match.
    const rules = Array.from({ length: 40 }, (_, i) => `permit s${i} when action.tool == "t${i}" and action.a + action.b == ${1000 + i} because "s"`);
    const text = `pact many version "1.0.0"
enum Kind { read, write }
input { action: { tool: string, kind: Kind, a: int, b: int } }
permit c1 when action.kind == "read" and action.kind == "write" because "never"
permit reads when action.kind == "read" because "reads"
${rules.join('\n')}
permit c2 when action.a > 5 and action.a < 3 because "never"
`;
    const checked = checkSource('many.pact', text);
    expect(checked.diagnostics.filter((d) => d.code === 'P2060')).toHaveLength(2);
    const pact = checked.pact!;
    const engines = await enginesOf(pact);
    const agreement = builtin(BUILTIN.agreement)(pact);
    for (const runs of [DEFAULT_RUNS, 100]) {
      const r = checkProperty(pact, agreement, engines, 1, runs, { diagnostics: checked.diagnostics });
      expect(r.ok).toBe(true);
      // At most `runs` draws, each matched input adding only boundaries not tried before.
      expect(r.directed!).toBeLessThanOrEqual(runs + r.coverage!.boundaries.tried);
      expect(r.coverage!.impossible).toEqual(['c1', 'c2']);
      const notReached = r.coverage!.unreached.filter((x) => x !== 'c1' && x !== 'c2');
      expect(notReached.length).toBeGreaterThan(NOTE_NAMES);
      const lines = r.note!.split('\n');
      expect(lines[0]).toBe('rules `c1`, `c2` can never match: each requires a condition that never holds (warning P2060)');
      expect(lines[1]).toBe(
        `no checked input reached rules ${notReached.slice(0, NOTE_NAMES).map((x) => `\`${x}\``).join(', ')} and ${notReached.length - NOTE_NAMES} more (the directed phase used up its budget of ${runs} inputs; --runs raises it)`,
      );
    }
  });
});

describe('thresholds with more than 12 significant digits keep their neighbours', () => {
  const pact = checkText(`pact tb version "1.0.0"
input { action: { tool: string, bytes: int, issued_at_ms: int } }
permit upload when action.tool == "upload" because "Uploads"
forbid too_big when action.bytes > 1000000000000 because "More than 1 TB"
forbid expired_token when action.issued_at_ms < 1700000000000 because "Token issued before the key rotation"
property "over a terabyte is refused" {
  given action.bytes > 1000000000000
  expect forbid
}
`);

  it('a given just past 1e12 holds for the inputs drawn (it held for none when 1e12 + 1 rounded to 1e12)', async () => {
    for (const r of await onEverySeedOf([1, 2, 3], pact, (p) => declaredProperty(p, p.properties[0]!) as PropertyCheck)) {
      expect(r.ok).toBe(true);
      expect(r.note).toBeUndefined();
      expect(r.skipped ?? 0).toBeLessThan(r.runs!);
    }
  });

  it('an artifact off by one at `issued_at_ms < 1700000000000` is caught at 1699999999999', async () => {
    const offByOne = broken((d, input) => {
      if ((input as { action?: { issued_at_ms?: unknown } } | null)?.action?.issued_at_ms !== 1699999999999 || d.effect !== 'forbid') return d;
      return { ...d, effect: 'permit', rules: ['upload'], reasons: ['Uploads'] };
    });
    for (const [i, r] of (await onEverySeedOf([1, 2, 3, 4, 5], pact, builtin(BUILTIN.agreement), offByOne)).entries()) {
      expect(r.ok, `seed ${i + 1}`).toBe(false);
      expect((r.counterexample!.cases[0]!.input as { action: { issued_at_ms: number } }).action.issued_at_ms).toBe(1699999999999);
    }
  });
});

describe('explanationProblems', () => {
  const d = (effect: Decision['effect'], rules: string[], reasons: string[]): Decision => ({ effect, rules, reasons, approvers: [], grants: [], pact: { name: 'p', version: '1.0.0' } });
  it.each([
    [d('forbid', ['r'], ['because']), []],
    [d('permit', [], []), ['a permit without a reason'].slice(1)],
    [d('forbid', [], []), ['a forbid without a reason']],
    [d('escalate', ['r'], []), ['1 rules but 0 reasons', 'a escalate without a reason']],
    [d('forbid', ['r'], ['']), ['the reason of `r` is empty']],
    [d('forbid', ['r'], [' \u00a0\u200b\u2060\ufeff']), ['the reason of `r` is invisible (" \\u00a0\\u200b\\u2060\\ufeff")']],
    [d('forbid', ['r'], ['\u3164']), ['the reason of `r` is invisible ("\\u3164")']],
    [d('forbid', ['r', 's'], ['ok', '\u200bno']), []],
  ] as const)('%j → %j', (decision, problems) => {
    expect(explanationProblems(decision)).toEqual(problems);
  });
});

describe('pacts that satisfy every property pass', () => {
  const stdlibTests = readdirSync(join(ROOT, 'stdlib'))
    .filter((f) => f.endsWith('_test.pact'))
    .map((f) => `stdlib/${f}`);
  it.each([fixture('tool-gate.pact'), ...stdlibTests])('%s', async (path) => {
    for (const seed of [1, 2, 3]) {
      const report = await checkPact(join(ROOT, path), { seed });
      expect(report.results.filter((r) => !r.ok)).toEqual([]);
      expect(report.results.filter((r) => r.kind === 'property' && r.builtin)).toHaveLength(5);
    }
  });
});
