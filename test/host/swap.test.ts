/**
 * Hot swap: a new bundle replaces the old one while decisions continue. Every decision is made
 * and logged by exactly one revision, none is lost, the run-time controls carry over, and a
 * bundle that cannot be verified, is another pact's, or (in `'throw'` mode) rejects the data
 * is refused with the old bundle left in place.
 */
import { describe, expect, it } from 'vitest';
import { isBundleError, isPactError, loadBundle, MemorySink, PactDataError, verifyLog, type DecisionRecord } from '../../src/index.js';
import { agentBundle, buildSource, agentSource, refund, RSA, RSA2, tick } from './host-helpers.js';

// v1: refunds up to 500 are automatic; v2: up to 1000, and a new data field with a default.
const v1 = await agentBundle();
const v2 = await agentBundle({ version: '1.3.0', limit: 1000 });

describe('hot swap', () => {
  it('swaps under 200 concurrent callers: every decision is logged once, by the revision that made it', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(v1, { log: sink });
    const old = pact.info;
    const made: { effect: string; version: string; revision: string }[] = [];
    let swapped: Promise<unknown> | undefined;
    let swapDone = false;
    let swapCalledAt = -1;
    // Each caller decides at least 10 times and keeps deciding until the swap has finished, so
    // the new revision decides too however long loading it takes on a busy machine.
    const caller = async (c: number): Promise<void> => {
      for (let i = 0; i < 10 || !swapDone; i++) {
        await tick();
        if (c === 100 && i === 5) {
          swapCalledAt = made.length;
          swapped = pact.swap(v2).finally(() => {
            swapDone = true;
          });
        }
        const out = pact.decideDetailed(refund(700));
        made.push({ effect: out.decision.effect, version: out.decision.pact.version, revision: out.bundle.revision });
      }
    };
    await Promise.all(Array.from({ length: 200 }, (_, c) => caller(c)));
    await swapped;
    await pact.flush();

    const records = sink.records;
    expect(made.length).toBeGreaterThanOrEqual(2000);
    expect(records).toHaveLength(made.length);
    expect(verifyLog(sink.text())).toMatchObject({ ok: true, problems: [] });
    const revisionOf = (r: DecisionRecord): string => r.bundles['refund_agent']!.revision;
    const firstNew = records.findIndex((r) => revisionOf(r) === pact.info.revision);
    // Both revisions decided — the old one also while the new one was loading — and the
    // switch happened once: old before, new after.
    expect(firstNew).toBeGreaterThan(swapCalledAt);
    expect(swapCalledAt).toBeGreaterThan(0);
    expect(records.slice(0, firstNew).every((r) => revisionOf(r) === old.revision && r.bundle_digest === old.digest)).toBe(true);
    expect(records.slice(firstNew).every((r) => revisionOf(r) === pact.info.revision && r.bundle_digest === pact.info.digest)).toBe(true);
    // Each record holds the decision its revision makes: 700 escalates under v1 and is automatic under v2.
    for (const r of records) {
      const v1Made = revisionOf(r) === old.revision;
      expect((r.result as { effect: string }).effect).toBe(v1Made ? 'escalate' : 'permit');
      expect((r.result as { pact: { version: string } }).pact.version).toBe(v1Made ? '1.2.0' : '1.3.0');
    }
    // The callers saw the same as the log, in the same order.
    expect(made.map((m) => m.revision)).toEqual(records.map(revisionOf));
  });

  it('carries the controls over: kill switch, revocations and tuned data; new fields take their defaults', async () => {
    const pact = await loadBundle(v1);
    pact.killSwitch(true);
    pact.revoke('stripe');
    pact.setData({ privileged_tools: ['crm.export'] });
    const v3 = await buildSource(agentSource({ version: '1.4.0', limit: 1000 }).replace('data {', 'data {\n  max_refunds: int = 3,'));
    const result = await pact.swap(v3);
    expect(result.previous.version).toBe('1.2.0');
    expect(result.current.version).toBe('1.4.0');
    expect(result.data).toEqual({ valid: true, errors: [] });
    expect(pact.decide(refund(200))).toMatchObject({ effect: 'forbid', rules: ['kill_switch'], pact: { version: '1.4.0' } });
    pact.killSwitch(false);
    // stripe is still revoked, so even the new, higher limit permits no refund.
    expect(pact.decide(refund(200))).toMatchObject({ effect: 'forbid', rules: ['default_deny'] });
    expect(pact.currentData()).toEqual({
      max_refunds: 3,
      refund_limit: 1000,
      privileged_tools: ['crm.export'],
      kill_switch: false,
      revoked: ['stripe'],
    });
    pact.restore('stripe');
    expect(pact.decide(refund(700)).effect).toBe('permit');
  });

  it('carries a tuned threshold over the new default, and a replaced document as it is', async () => {
    const pact = await loadBundle(v1);
    pact.setData({ refund_limit: 100 });
    await pact.swap(v2);
    expect(pact.decide(refund(700)).effect).toBe('escalate');
    pact.replaceData({ ...pact.currentData(), refund_limit: 800 });
    await pact.swap(v1);
    expect(pact.currentData()['refund_limit']).toBe(800);
    expect(pact.dataRecord().document).toBeDefined();
  });

  it('refuses a bundle of another pact and keeps deciding with the old one', async () => {
    const pact = await loadBundle(v1);
    const other = await agentBundle({ name: 'other_agent' });
    const e = await pact.swap(other).catch((x: unknown) => x);
    expect(isPactError(e, 'pact-mismatch')).toBe(true);
    expect((e as Error).message).toBe('cannot swap pact `refund_agent` for a bundle of pact `other_agent`');
    expect(pact.info.version).toBe('1.2.0');
    expect(pact.decide(refund(200)).effect).toBe('permit');
  });

  it('verifies the new bundle with the key the pact was loaded with, and accepts a rotated key', async () => {
    const signed1 = await agentBundle({}, { key: RSA.privatePem });
    const signed2 = await agentBundle({ version: '1.3.0', limit: 1000 }, { key: RSA.privatePem });
    const rotated = await agentBundle({ version: '1.4.0' }, { key: RSA2.privatePem });
    const pact = await loadBundle(signed1, { verificationKey: RSA.publicPem });
    expect(pact.info.signature).toMatchObject({ alg: 'RS256', keyId: 'default' });

    const unsigned = await pact.swap(v2).catch((x: unknown) => x);
    expect(isBundleError(unsigned, 'not-signed')).toBe(true);
    const wrongKey = await pact.swap(rotated).catch((x: unknown) => x);
    expect(isBundleError(wrongKey, 'bad-signature')).toBe(true);
    expect(pact.info.version).toBe('1.2.0');

    await pact.swap(signed2);
    expect(pact.info.version).toBe('1.3.0');
    await pact.swap(rotated, { verificationKey: RSA2.publicPem });
    expect(pact.info.version).toBe('1.4.0');
    // The rotated key now stays in force.
    expect(isBundleError(await pact.swap(signed2).catch((x: unknown) => x), 'bad-signature')).toBe(true);
  });

  it("in 'throw' mode refuses a bundle the carried-over data does not conform to", async () => {
    const pact = await loadBundle(v1, { validate: 'throw' });
    pact.setData({ refund_limit: 250.5 });
    const strict = await buildSource(agentSource({ version: '2.0.0' }).replace('refund_limit: number = 500', 'refund_limit: int = 500'));
    const e = await pact.swap(strict).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PactDataError);
    expect((e as PactDataError).message).toBe('the data carried over to the new bundle does not conform to pact `refund_agent`: data.refund_limit must be an int');
    expect(pact.info.version).toBe('1.2.0');
    // In 'wasm' mode the same swap goes through, and says so.
    const lax = await loadBundle(v1);
    lax.setData({ refund_limit: 250.5 });
    const r = await lax.swap(strict);
    expect(r.data?.errors.map((x) => x.message)).toEqual(['data.refund_limit must be an int']);
    expect(lax.decide(refund(1)).rules).toEqual(['invalid_data']);
  });

  it('serialises concurrent swaps in call order', async () => {
    const pact = await loadBundle(v1);
    const a = pact.swap(v2);
    const b = pact.swap(v1);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.current.version).toBe('1.3.0');
    expect(rb.previous.version).toBe('1.3.0');
    expect(pact.info.version).toBe('1.2.0');
  });
});
