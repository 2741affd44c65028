/**
 * `replayLog`: every record re-decided with the data it was decided with. A clean log replays
 * with no differences against its own bundle — whatever controls and data changes it went
 * through — and with exactly matching data digests; records with masked input are skipped and
 * say why; a log decided under other data (another bundle's defaults, a what-if patch, a forged
 * record) shows its differences.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, loadBundle, MemorySink, recordHash, replayLog, type DecisionRecord } from '../../src/index.js';
import { agentBundle, read, refund, RSA } from './host-helpers.js';

const v1 = await agentBundle();
const v2 = await agentBundle({ version: '1.3.0', limit: 1000 });

/** A log of decisions made through controls, data changes, explanations and a swap. */
async function eventfulLog(): Promise<MemorySink> {
  const sink = new MemorySink();
  const pact = await loadBundle(v1, { log: sink });
  pact.decide(refund(200));
  pact.decide(refund(700));
  pact.explain(refund(700));
  pact.setData({ refund_limit: 1000 });
  pact.decide(refund(700));
  pact.revoke('stripe');
  pact.decide(refund(200));
  pact.killSwitch(true);
  pact.decide(read());
  pact.resetData();
  pact.decide({ ...refund(700), approval: { by: 'lou', role: 'finance-lead' } });
  pact.replaceData({ ...pact.currentData(), privileged_tools: ['vault.read'] });
  pact.decide({ action: { tool: 'vault.read', category: 'privileged_retrieval', target: 'x' }, trust: { score: 0.75, eval_age: 0, open_disputes: 0 } });
  pact.decide(refund(200, { card: { number: '0000-1111', holder: 'Ann' } }));
  pact.decide({ action: { tool: 1 } });
  await pact.close();
  return sink;
}

describe('replayLog', () => {
  it('replays a clean log against its bundle with no differences and exact data', async () => {
    const sink = await eventfulLog();
    const report = await replayLog(sink.text(), v1);
    expect(report).toMatchObject({ same: 9, different: 0, skipped: 1, dataMismatches: 0, otherBundle: 0, ok: true });
    expect(report.verification.ok).toBe(true);
    for (const e of report.entries.filter((x) => x.status === 'same')) expect(e).toMatchObject({ dataMatches: true, bundleMatches: true });
    // The record with a card number present is skipped: the log holds only "***".
    expect(report.entries[8]).toMatchObject({
      line: 9,
      seq: 8,
      status: 'skipped',
      reason: 'the input has masked fields (/input/action/card/number); the log does not hold their values',
    });
  });

  it('reports the differences of a log decided under other data: another bundle’s defaults', async () => {
    const sink = await eventfulLog();
    const report = await replayLog(sink.text(), v2);
    expect(report.ok).toBe(false);
    expect(report.otherBundle).toBe(9);
    // The records decided with the defaults' refund limit of 500 now get 1000: other data. Those
    // decided after the host tuned the limit to 1000, or with a replaced document, get the same data.
    expect(report.entries.map((e) => e.dataMatches)).toEqual([false, false, false, true, true, true, false, true, undefined, true]);
    expect(report.dataMismatches).toBe(4);
    // Only where the limit mattered does the outcome differ: 700 was escalated under 500 and is
    // automatic under 1000, and the approved 700 is now a small refund rather than a satisfied
    // escalation.
    expect(report.entries.map((e) => e.fields)).toEqual([
      undefined,
      ['effect', 'rules', 'reasons', 'approvers', 'grants'],
      ['effect', 'rules', 'reasons', 'approvers', 'grants', 'explanation'],
      undefined,
      undefined,
      undefined,
      ['rules', 'reasons'],
      undefined,
      undefined,
      undefined,
    ]);
    expect(report).toMatchObject({ same: 6, different: 3, skipped: 1 });
    // Every decision names the other version: reported apart, not as a difference.
    expect(report.versionChanges).toBe(9);
    expect(report.entries[0]!.versionChanged).toEqual({ logged: { name: 'refund_agent', version: '1.2.0' }, replayed: { name: 'refund_agent', version: '1.3.0' } });
  });

  it('against a new version, is ok when no outcome changed, and counts a changed `pact` against the revision that decided as a difference', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(v1, { log: sink });
    pact.decide(refund(200));
    pact.decide(read());
    pact.explain(refund(20_000));
    await pact.close();
    const report = await replayLog(sink.text(), v2);
    expect(report).toMatchObject({ same: 3, different: 0, versionChanges: 3, otherBundle: 3, ok: true });
    // Replayed with the bundle that decided it, a forged version is a difference like any other.
    const lines = sink.lines.slice();
    const r = JSON.parse(lines[0]!) as DecisionRecord & { result: { pact: object } };
    const forged = { ...r, result: { ...r.result, pact: { name: 'refund_agent', version: '9.9.9' } } };
    lines[0] = canonicalJson({ ...forged, hash: recordHash(forged as unknown as Record<string, unknown>) });
    const own = await replayLog(lines.map((l) => `${l}\n`).join(''), v1);
    expect(own.entries[0]).toMatchObject({ status: 'different', fields: ['pact'] });
    expect(own).toMatchObject({ different: 1, versionChanges: 0, ok: false });
  });

  it('replays a what-if: recorded data patched with options.data', async () => {
    const sink = await eventfulLog();
    const report = await replayLog(sink.text(), v1, { data: { refund_limit: 100 } });
    const changed = report.entries.filter((e) => e.status === 'different').map((e) => e.line);
    // Line 1 (200 → escalated), line 4 (700 under the tuned 1000 → escalated); the rest keep their decision.
    expect(changed).toEqual([1, 4]);
    expect(report.entries.every((e) => e.dataMatches === undefined)).toBe(true);
  });

  it('finds a record whose result was forged (and re-hashed)', async () => {
    const sink = await eventfulLog();
    const lines = sink.lines.slice();
    const r = JSON.parse(lines[1]!) as DecisionRecord & { result: { effect: string } };
    const forged = { ...r, result: { ...r.result, effect: 'permit' } };
    lines[1] = canonicalJson({ ...forged, hash: recordHash(forged as unknown as Record<string, unknown>) });
    const report = await replayLog(lines.map((l) => `${l}\n`).join(''), v1);
    expect(report.different).toBe(1);
    expect(report.entries[1]).toMatchObject({ status: 'different', fields: ['effect'] });
    // The re-hashed record breaks the chain after it, which replay reports too.
    expect(report.verification.ok).toBe(false);
  });

  it('does not replay lines that are not records or records of another pact, and is not ok for them', async () => {
    const sink = await eventfulLog();
    const other = JSON.parse(sink.lines[0]!) as Record<string, unknown>;
    const text = `${sink.lines[0]}\nnot json\n${canonicalJson({ ...other, path: 'pact/other/decision' })}\n`;
    const report = await replayLog(text, v1);
    expect(report.entries.map((e) => [e.status, e.skip, e.reason])).toEqual([
      ['same', undefined, undefined],
      ['skipped', 'unreadable', expect.stringMatching(/^not a record: the line is not JSON/)],
      ['skipped', 'unmatched', 'decided by `pact/other/decision`, not by pact `refund_agent`'],
    ]);
    expect(report).toMatchObject({ records: 2, replayed: 1, same: 1, skipped: 2, unreadable: 1, unmatched: 1, masked: 0, ok: false });
    expect((await replayLog(sink.lines[0]!, v1)).ok).toBe(true);
  });

  it('is not ok when nothing was replayed: a file that is not a log, only masked records, an empty log', async () => {
    expect(await replayLog('hello\nworld\n', v1)).toMatchObject({ records: 0, replayed: 0, unreadable: 2, ok: false });
    const sink = new MemorySink();
    const pact = await loadBundle(v1, { log: sink });
    pact.decide(refund(200, { card: { number: '4242', holder: 'Ann' } }));
    await pact.close();
    expect(await replayLog(sink.text(), v1)).toMatchObject({ records: 1, replayed: 0, masked: 1, skipped: 1, ok: false });
    expect(await replayLog('', v1)).toMatchObject({ records: 0, replayed: 0, ok: false });
  });

  it('replays a log that spans a hot swap with the bundle that decided each record', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(v1, { log: sink });
    pact.decide(refund(700)); // escalated under v1's limit of 500
    await pact.swap(v2);
    pact.decide(refund(700)); // permitted under v2's limit of 1000
    pact.explain(refund(200));
    await pact.close();
    const both = await replayLog(sink.text(), [v1, v2]);
    expect(both).toMatchObject({ same: 3, different: 0, ok: true, bundles: [{ version: '1.2.0' }, { version: '1.3.0' }] });
    expect(both.entries.map((e) => [e.bundle, e.bundleMatches, e.dataMatches])).toEqual([
      [0, true, true],
      [1, true, true],
      [1, true, true],
    ]);
    // Given in the other order, the same; by revision when no file is the one that decided
    // (signing v2 adds a signature file, which the revision does not cover).
    expect((await replayLog(sink.text(), [v2, v1])).ok).toBe(true);
    const signed = await agentBundle({ version: '1.3.0', limit: 1000 }, { key: RSA.privatePem });
    const byRevision = await replayLog(sink.text(), [v1, signed]);
    expect(byRevision).toMatchObject({ same: 3, ok: true, otherBundle: 2 });
    expect(byRevision.entries.map((e) => e.bundle)).toEqual([0, 1, 1]);
    // With one bundle every record is replayed with it: a what-if, showing what would change
    // (700 is escalated under v1's limit; 200 is permitted under both).
    expect((await replayLog(sink.text(), v1)).entries.map((e) => e.status)).toEqual(['same', 'different', 'same']);
    // Among several bundles, a record none of them decided is not replayed.
    const v3 = await agentBundle({ version: '1.4.0' });
    const without = await replayLog(sink.text(), [v1, v3]);
    expect(without.entries.map((e) => [e.status, e.skip])).toEqual([
      ['same', undefined],
      ['skipped', 'unmatched'],
      ['skipped', 'unmatched'],
    ]);
    expect(without.entries[1]!.reason).toMatch(/^decided by revision [0-9a-f]{12} of pact `refund_agent`, which none of the bundles given is$/);
    expect(without.ok).toBe(false);
  });

  it('verifies a rotated segment as one, when told (rotated, previous), and not otherwise', async () => {
    const sink = await eventfulLog();
    const segment = sink.lines.slice(3).map((l) => `${l}\n`).join('');
    const last = JSON.parse(sink.lines[2]!) as DecisionRecord;
    const plain = await replayLog(segment, v1);
    expect(plain.verification.ok).toBe(false);
    expect(plain.verification.problems.map((p) => p.kind)).toEqual(['truncated']);
    expect((await replayLog(segment, v1, { rotated: true })).verification.ok).toBe(true);
    expect((await replayLog(segment, v1, { previous: { seq: 2, hash: last.hash } })).verification.ok).toBe(true);
    expect((await replayLog(segment, v1, { previous: { seq: 2, hash: '0'.repeat(64) } })).verification.ok).toBe(false);
    // The replay itself is the same either way.
    expect(plain).toMatchObject({ same: 6, different: 0, ok: true });
  });
});
