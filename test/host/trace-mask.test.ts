/**
 * `maskExplanation`: the explain trace's `values` never carry a `@sensitive` input value into the
 * log — whether the entry is the sensitive field, lies inside one, or contains one (a record, or
 * a list ranged over with a wildcard) — and what was masked is listed as `/result/…` pointers.
 * Plus `DataChanges`: digests and how changes combine.
 */
import { describe, expect, it } from 'vitest';
import { changesFromRecord, dataDigest, dataRecord, effectiveData, NO_CHANGES, patchChanges, documentChanges } from '../../src/host/data-state.js';
import { compileMaskRules } from '../../src/host/log/index.js';
import { maskExplanation } from '../../src/host/trace-mask.js';

const plan = compileMaskRules(['/input/action/card/number', '/input/customers/*/email', '/input/secret']);

/** An explanation with one rule whose one condition saw `values`. */
function trace(values: Record<string, unknown>): { effect: string; explanation: unknown[] } {
  return { effect: 'forbid', explanation: [{ rule: 'r', conditions: [{ kind: 'when', passed: true, values }] }] };
}

const valuesOf = (r: unknown): unknown => (r as { explanation: { conditions: { values: unknown }[] }[] }).explanation[0]!.conditions[0]!.values;

describe('maskExplanation', () => {
  it('masks a sensitive field, and reports where', () => {
    const t = trace({ 'action.card.number': '4242', 'action.tool': 't' });
    const m = maskExplanation(t, plan);
    expect(valuesOf(m.result)).toEqual({ 'action.card.number': '***', 'action.tool': 't' });
    expect(m.masked).toEqual(['/result/explanation/0/conditions/0/values/action.card.number']);
    // The caller's object is untouched.
    expect(valuesOf(t)).toEqual({ 'action.card.number': '4242', 'action.tool': 't' });
  });

  it('masks inside a record or a list that holds sensitive fields', () => {
    const m = maskExplanation(
      trace({ 'action.card': { number: '4242', holder: 'Ann' }, customers: [{ id: 'a', email: 'a@x' }, { id: 'b', email: 'b@x' }] }),
      plan,
    );
    expect(valuesOf(m.result)).toEqual({ 'action.card': { number: '***', holder: 'Ann' }, customers: [{ id: 'a', email: '***' }, { id: 'b', email: '***' }] });
    expect(m.masked).toEqual([
      '/result/explanation/0/conditions/0/values/action.card/number',
      '/result/explanation/0/conditions/0/values/customers/0/email',
      '/result/explanation/0/conditions/0/values/customers/1/email',
    ]);
  });

  it('masks a value read inside a sensitive field', () => {
    const m = maskExplanation(trace({ 'secret.pin': 1234, secret: { pin: 1234 } }), plan);
    expect(valuesOf(m.result)).toEqual({ 'secret.pin': '***', secret: '***' });
  });

  it('returns the same object when nothing is sensitive, and leaves decisions alone', () => {
    const t = trace({ 'action.tool': 't', 'data.limit': 5 });
    expect(maskExplanation(t, plan).result).toBe(t);
    const d = { effect: 'permit', rules: [] };
    expect(maskExplanation(d, plan)).toEqual({ result: d, masked: [] });
    expect(maskExplanation(trace({ 'action.card.number': 1 }), compileMaskRules([])).masked).toEqual([]);
  });
});

describe('data changes', () => {
  const defaults = { limit: 5, kill_switch: false, revoked: [] };

  it('patches field by field over the defaults, or replaces the whole document', () => {
    const c = patchChanges(patchChanges(NO_CHANGES, { limit: 9 }), { kill_switch: true });
    expect(effectiveData(defaults, c)).toEqual({ limit: 9, kill_switch: true, revoked: [] });
    const d = patchChanges(documentChanges({ limit: 1 }), { revoked: ['x'] });
    expect(effectiveData(defaults, d)).toEqual({ limit: 1, revoked: ['x'] });
    expect(effectiveData(defaults, patchChanges(documentChanges([1]), { limit: 2 }))).toEqual({ limit: 2 });
  });

  it('digests the canonical JSON, whatever the key order', () => {
    expect(dataDigest({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(dataDigest({ a: [1, { c: 3, d: 2 }], b: 1 }));
    expect(dataDigest({ a: 1 })).not.toBe(dataDigest({ a: 2 }));
  });

  it('round-trips through the log record', () => {
    for (const c of [NO_CHANGES, patchChanges(NO_CHANGES, { limit: 9 }), documentChanges({ limit: 1 }), documentChanges(null)]) {
      const rec = JSON.parse(JSON.stringify(dataRecord(c, effectiveData(defaults, c))));
      expect(changesFromRecord(rec)).toEqual(c);
      expect(rec.digest).toBe(dataDigest(effectiveData(defaults, c)));
    }
    expect(changesFromRecord({ digest: 'x' })).toBeUndefined();
  });
});
