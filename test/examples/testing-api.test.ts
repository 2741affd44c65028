import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPactBundle, loadBundle } from '../../src/index.js';
import { assertProperty, checkPact, inputArbitrary, loadCheckedPact, PropertyAssertionError, type JsonObject } from '../../src/testing/index.js';

const PACT = 'examples/refunds.pact';

describe('refunds.pact', () => {
  it('passes its tests, its properties and the built-in ones', async () => {
    const report = await checkPact(PACT, { seed: 42 });
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
  });

  it('never grants more than one secret', async () => {
    await assertProperty(PACT, (decision) => decision.grants.length <= 1, { seed: 1 });
  });

  it('refuses every refund above 10,000, whoever asks', async () => {
    const pact = loadCheckedPact(PACT);
    const huge = inputArbitrary(pact).map((x) => ({ ...x, action: { ...(x.action as JsonObject), category: 'money_movement', amount: 20_000 } }));
    await assertProperty(pact, (decision) => decision.effect === 'forbid', { input: huge, seed: 1 });
  });

  it('escalates some refunds: a false claim fails with a shrunk counterexample', async () => {
    const failure = assertProperty(PACT, (decision) => decision.effect !== 'escalate', { seed: 1 });
    await expect(failure).rejects.toThrow(PropertyAssertionError);
    await expect(failure).rejects.toThrow(/→ escalate by large_refund to "finance-lead"/);
  });

  it('builds a bundle that forbids anything at all under the kill switch', async () => {
    const { bundle } = await buildPactBundle(PACT, readFileSync(PACT, 'utf8'));
    const pact = await loadBundle(bundle!.bytes);
    pact.killSwitch(true);
    await assertProperty(pact, (decision) => decision.effect === 'forbid' && decision.rules[0] === 'kill_switch', { input: fc.jsonValue(), seed: 1 });
  });
});
