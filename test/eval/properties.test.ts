/**
 * Property tests of the reference evaluator on the spec §1 example (`examples/refunds.pact`),
 * with fast-check. Inputs come from two generators: `conforming`, shaped by the pact's schema and
 * drawing on its own literals and thresholds (so every rule is exercised, not just
 * `default_deny`), and `junk`, any JSON-like value at all. Properties, from spec §7 and the
 * decision contract:
 * - the kill switch dominates, whatever the input and the rest of the data;
 * - every refusal is explained: a forbid or escalate has at least one reason, and `rules` and
 *   `reasons` always have the same length; grants only on permits, approvers only on escalates;
 * - decisions are deterministic, and `explain` gives the same decision as `decide`;
 * - trust is monotone: degrading one trust signal never gives a more permissive effect nor
 *   more grants;
 * - revocation tightens: revoking another secret never gives a more permissive effect.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import type { CheckedPact } from '../../src/check/types.js';
import { EFFECT_RANK, type Decision } from '../../src/decision/index.js';
import { decide, explain, mergeData } from '../../src/eval/index.js';

const pact: CheckedPact = (() => {
  const text = readFileSync(new URL('../../examples/refunds.pact', import.meta.url), 'utf8');
  const r = checkSource('examples/refunds.pact', text);
  if (!r.pact) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.pact;
})();

const RUNS = { numRuns: 400 };

const category = fc.constantFrom('read', 'state_mutation', 'money_movement', 'external_communication', 'privileged_retrieval');
const amount = fc.oneof(
  fc.constantFrom(0, 200, 500, 500.01, 2000, 10000, 10000.01, 20000, -1),
  fc.double({ min: -1e5, max: 1e5, noNaN: true, noDefaultInfinity: true }),
);
const score = fc.oneof(fc.constantFrom(0, 0.29, 0.3, 0.69, 0.7, 0.79, 0.8, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const evalAge = fc.oneof(fc.constantFrom(0, 86400, 2592000, 2592001), fc.integer({ min: 0, max: 90 * 86400 }));

/** Inputs that conform to the schema, built from the pact's own values. */
const conforming = fc.record(
  {
    action: fc.record(
      {
        tool: fc.constantFrom('stripe.refund', 'billing.lookup', 'crm.export', 'crm.delete'),
        category,
        amount,
        target: fc.string({ maxLength: 4 }),
      },
      { requiredKeys: ['tool', 'category', 'target'] },
    ),
    trust: fc.record({ score, eval_age: evalAge, open_disputes: fc.nat(3) }),
    approval: fc.record({ by: fc.constant('h'), role: fc.constantFrom('finance-lead', 'support') }),
  },
  { requiredKeys: ['action', 'trust'] },
);

/** Data overrides, possibly empty. */
const dataPatch = fc.record(
  {
    refund_limit: fc.constantFrom(0, 100, 500, 5000),
    privileged_tools: fc.subarray(['billing.lookup', 'crm.export', 'crm.delete']),
    revoked: fc.subarray(['stripe', 'github']),
  },
  { requiredKeys: [] },
);

/** Anything JSON-like, conforming or not, and sometimes absent. */
const junk = fc.oneof(fc.constant(undefined), fc.jsonValue(), conforming.map((c) => ({ ...c, trust: { ...c.trust, score: 2 } })));

function checkExplained(d: Decision): void {
  expect(d.rules.length).toBe(d.reasons.length);
  if (d.effect !== 'permit') {
    expect(d.reasons.length).toBeGreaterThanOrEqual(1);
    expect(d.reasons.every((r) => r.length > 0)).toBe(true);
    expect(d.grants).toEqual([]);
  }
  if (d.effect === 'escalate') expect(d.approvers.length).toBeGreaterThanOrEqual(1);
  else expect(d.approvers).toEqual([]);
}

describe('properties of the spec example', () => {
  it('generates inputs that reach every effect and every rule', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(conforming, dataPatch, (input, patch) => {
        const d = decide(pact, input, mergeData(pact.dataDefaults, patch));
        seen.add(d.effect);
        d.rules.forEach((r) => seen.add(r));
      }),
      { numRuns: 2000, seed: 7 },
    );
    for (const r of ['permit', 'escalate', 'forbid', 'default_deny', ...pact.rules.map((x) => x.name.text)]) expect(seen).toContain(r);
  });

  it('the kill switch dominates every input and any other data', () => {
    fc.assert(
      fc.property(fc.oneof(conforming, junk), fc.dictionary(fc.string(), fc.jsonValue()), (input, extra) => {
        const d = decide(pact, input, { ...extra, kill_switch: true });
        expect(d).toEqual({
          effect: 'forbid',
          rules: ['kill_switch'],
          reasons: ['kill switch engaged'],
          approvers: [],
          grants: [],
          pact: { name: 'refund_agent', version: '1.2.0' },
        });
      }),
      RUNS,
    );
  });

  it('every refusal is explained, for conforming and malformed inputs', () => {
    fc.assert(
      fc.property(fc.oneof(conforming, junk), dataPatch, (input, patch) => {
        checkExplained(decide(pact, input, mergeData(pact.dataDefaults, patch)));
      }),
      RUNS,
    );
  });

  it('malformed inputs are forbidden by invalid_input only', () => {
    fc.assert(
      fc.property(junk, (input) => {
        const d = decide(pact, input);
        if (d.rules.includes('invalid_input')) {
          expect(d.effect).toBe('forbid');
          expect(new Set(d.rules)).toEqual(new Set(['invalid_input']));
        }
      }),
      RUNS,
    );
  });

  it('decisions are deterministic and explain agrees with decide', () => {
    fc.assert(
      fc.property(fc.oneof(conforming, junk), dataPatch, (input, patch) => {
        const data = mergeData(pact.dataDefaults, patch);
        const copy = input === undefined ? undefined : (JSON.parse(JSON.stringify(input)) as unknown);
        const first = JSON.stringify(decide(pact, input, data));
        expect(JSON.stringify(decide(pact, copy, data))).toBe(first);
        const { explanation, ...rest } = explain(pact, input, data);
        expect(JSON.stringify(rest)).toBe(first);
        expect(JSON.stringify(explain(pact, copy, data).explanation)).toBe(JSON.stringify(explanation));
      }),
      RUNS,
    );
  });

  it('degrading a trust signal is never more permissive', () => {
    const degrade = fc.constantFrom(
      (t: { score: number; eval_age: number; open_disputes: number }) => ({ ...t, score: t.score / 2 }),
      (t: { score: number; eval_age: number; open_disputes: number }) => ({ ...t, eval_age: t.eval_age + 7 * 86400 }),
      (t: { score: number; eval_age: number; open_disputes: number }) => ({ ...t, open_disputes: t.open_disputes + 1 }),
    );
    fc.assert(
      fc.property(conforming, dataPatch, degrade, (input, patch, f) => {
        const data = mergeData(pact.dataDefaults, patch);
        const before = decide(pact, input, data);
        const after = decide(pact, { ...input, trust: f(input.trust) }, data);
        expect(EFFECT_RANK[after.effect]).toBeLessThanOrEqual(EFFECT_RANK[before.effect]);
        expect(after.grants.length).toBeLessThanOrEqual(before.grants.length);
      }),
      RUNS,
    );
  });

  it('revoking a secret is never more permissive', () => {
    fc.assert(
      fc.property(conforming, dataPatch, fc.constantFrom('stripe', 'github'), (input, patch, secret) => {
        const before = decide(pact, input, mergeData(pact.dataDefaults, patch));
        const revoked = [...(patch.revoked ?? []), secret];
        const after = decide(pact, input, mergeData(pact.dataDefaults, { ...patch, revoked }));
        expect(EFFECT_RANK[after.effect]).toBeLessThanOrEqual(EFFECT_RANK[before.effect]);
        if (after.effect === 'permit') expect(after.grants.some((g) => g.secret === secret)).toBe(false);
      }),
      RUNS,
    );
  });
});
