/**
 * Unit tests of the decision procedure (`src/eval/decide.ts`) and the engine wrapper: data
 * merging and defaults, the contract's key order, `explain` agreeing with `decide`, the
 * reference engine, and internal errors that must not be disguised as decisions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import type { CheckedPact } from '../../src/check/types.js';
import { PSEUDO } from '../../src/decision/index.js';
import { REFERENCE, decide, explain, mergeData, referenceEngine } from '../../src/eval/index.js';

function checked(path: string, text: string): CheckedPact {
  const r = checkSource(path, text);
  if (!r.pact) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.pact;
}

const refunds = checked('examples/refunds.pact', readFileSync(new URL('../../examples/refunds.pact', import.meta.url), 'utf8'));
const trusted = { score: 0.9, eval_age: 86400, open_disputes: 0 };
const refund = (amount: number) => ({
  action: { tool: 'stripe.refund', category: 'money_movement', amount, target: 'cus_1' },
  trust: trusted,
});

describe('mergeData', () => {
  const defaults = { limit: 5, tools: ['a'], kill_switch: false, revoked: [] };

  it('keeps the defaults for undefined', () => {
    expect(mergeData(defaults, undefined)).toBe(defaults);
  });

  it('overrides field by field, replacing whole values', () => {
    expect(mergeData(defaults, { tools: [], extra: 1 })).toEqual({ limit: 5, tools: [], kill_switch: false, revoked: [], extra: 1 });
    expect(defaults.tools).toEqual(['a']);
  });

  it('replaces the document with anything that is not an object', () => {
    expect(mergeData(defaults, null)).toBeNull();
    expect(mergeData(defaults, [1])).toEqual([1]);
    expect(mergeData(defaults, 'x')).toBe('x');
  });
});

describe('decide', () => {
  it('uses the data defaults when no data is given', () => {
    expect(refunds.dataDefaults).toEqual({
      refund_limit: 500,
      privileged_tools: ['billing.lookup', 'crm.export'],
      kill_switch: false,
      revoked: [],
    });
    expect(decide(refunds, refund(200))).toEqual(decide(refunds, refund(200), refunds.dataDefaults));
    expect(decide(refunds, refund(200)).rules).toEqual(['small_refund']);
  });

  it('builds documents with the contract keys in order', () => {
    const d = decide(refunds, refund(200));
    expect(Object.keys(d)).toEqual(['effect', 'rules', 'reasons', 'approvers', 'grants', 'pact']);
    expect(Object.keys(d.grants[0] ?? {})).toEqual(['secret', 'scope', 'ttl_seconds']);
    expect(JSON.stringify(d)).toBe(
      '{"effect":"permit","rules":["small_refund"],"reasons":["Trusted agents may issue small refunds"],"approvers":[],' +
        '"grants":[{"secret":"stripe","scope":"refunds:write","ttl_seconds":300}],"pact":{"name":"refund_agent","version":"1.2.0"}}',
    );
    const e = explain(refunds, refund(200));
    expect(Object.keys(e)).toEqual(['effect', 'rules', 'reasons', 'approvers', 'grants', 'pact', 'explanation']);
    expect(Object.keys(e.explanation[0] ?? {})).toEqual(['rule', 'effect', 'matched', 'conditions']);
    expect(Object.keys(e.explanation[0]?.conditions[0] ?? {})).toEqual(['kind', 'text', 'passed', 'values']);
  });

  it('places satisfied between matched and conditions', () => {
    const e = explain(refunds, refund(2000));
    const large = e.explanation.find((r) => r.rule === 'large_refund');
    expect(large && Object.keys(large)).toEqual(['rule', 'effect', 'matched', 'satisfied', 'conditions']);
    expect(large?.satisfied).toBe(false);
  });

  it('uses the pseudo-rule reasons of the contract', () => {
    expect(decide(refunds, refund(200), mergeData(refunds.dataDefaults, { kill_switch: true })).reasons).toEqual([PSEUDO.kill_switch]);
    expect(decide(refunds, { action: { tool: 't', category: 'read', target: 'x' }, trust: { ...trusted, score: 0.1 } }).reasons).toEqual([
      PSEUDO.default_deny,
    ]);
  });

  it('does not share mutable state between decisions', () => {
    const a = decide(refunds, refund(200));
    (a.rules as string[]).push('tampered');
    (a.pact as { name: string }).name = 'tampered';
    expect(decide(refunds, refund(200)).rules).toEqual(['small_refund']);
    expect(decide(refunds, refund(200)).pact.name).toBe('refund_agent');
  });

  it('propagates internal errors instead of deciding', () => {
    const broken: CheckedPact = { ...refunds, refs: new Map() };
    expect(() => decide(broken, refund(200))).toThrow(/internal: unresolved path/);
  });
});

describe('explain', () => {
  it('gives the decision of decide plus a trace of every rule', () => {
    for (const input of [refund(200), refund(2000), refund(20000), undefined, { action: 1 }]) {
      const { explanation, ...decision } = explain(refunds, input);
      expect(decision).toEqual(decide(refunds, input));
      const ruled = refunds.rules.some((r) => decision.rules.includes(r.name.text)) || decision.rules[0] === 'default_deny';
      expect(explanation).toHaveLength(ruled ? refunds.rules.length : 0);
    }
  });

  it('reports values through lets only where a let is a path', () => {
    const e = explain(refunds, refund(200));
    const small = e.explanation.find((r) => r.rule === 'small_refund');
    expect(small?.conditions.map((c) => [c.text, c.values])).toEqual([
      ['action.category == "money_movement"', { 'action.category': 'money_movement' }],
      ['auto_refund', {}],
    ]);
  });
});

describe('the reference engine', () => {
  it('decides like decide and explain', async () => {
    const engine = await REFERENCE.load(refunds);
    expect(engine.name).toBe('reference');
    const data = mergeData(refunds.dataDefaults, { refund_limit: 100 });
    expect(engine.decide(refund(200), data)).toEqual(decide(refunds, refund(200), data));
    expect(engine.explain(refund(200), data)).toEqual(explain(refunds, refund(200), data));
    expect(referenceEngine(refunds).decide(undefined).reasons).toEqual(['input must be an object']);
  });
});
