/** `DecisionLogger`: chaining, masking, concurrency, failures, and the memory and callback sinks. */
import { describe, expect, it } from 'vitest';
import { callbackSink, DecisionLogger, GENESIS_HASH, MemorySink, recordHash, verifyLog, type DecisionRecord } from '../../src/host/log/index.js';
import { sampleEvent, sampleLog, testLogger } from './log-helpers.js';

describe('DecisionLogger', () => {
  it('chains 1,000 records: consecutive seqs, each linked to the one before, and the log verifies', async () => {
    const sink = await sampleLog(1000);
    const records = sink.records;
    expect(records).toHaveLength(1000);
    records.forEach((r, i) => {
      expect(r.seq).toBe(i);
      expect(r.prev_hash).toBe(i === 0 ? GENESIS_HASH : records[i - 1]!.hash);
      expect(r.hash).toBe(recordHash(r as unknown as Record<string, unknown>));
    });
    expect(new Set(records.map((r) => r.decision_id)).size).toBe(1000);
    const v = verifyLog(sink.text());
    expect(v).toMatchObject({ ok: true, problems: [], head: { seq: 999, hash: records[999]!.hash } });
    expect(v.records).toHaveLength(1000);
  });

  it('masks sensitive input fields in the record and never writes their values', async () => {
    const sink = new MemorySink();
    const r = await testLogger(sink).record({
      input: {
        action: { tool: 't', card: { number: '4242-4242', holder: 'Ann' } },
        customers: [{ id: 'c1', email: 'ann@example.com', notes: [{ text: 'VIP since 2019', at: 1 }] }],
      },
      result: { effect: 'forbid' },
    });
    expect(r.masked).toEqual(['/input/action/card/number', '/input/customers/0/email', '/input/customers/0/notes/0/text']);
    expect(r.erased).toBeUndefined();
    expect(r.input).toEqual({
      action: { tool: 't', card: { number: '***', holder: 'Ann' } },
      customers: [{ id: 'c1', email: '***', notes: [{ text: '***', at: 1 }] }],
    });
    expect(sink.text()).not.toMatch(/4242-4242|ann@example\.com|VIP since/);
  });

  it('records concurrent calls (Promise.all of 200) in call order as one valid chain', async () => {
    const sink = new MemorySink();
    const logger = testLogger(sink);
    const records = await Promise.all(Array.from({ length: 200 }, (_, i) => logger.record({ ...sampleEvent(i), custom: { call: i } })));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(records.map((r) => r.custom?.call)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(verifyLog(sink.text())).toMatchObject({ ok: true, problems: [] });
    expect(await logger.head()).toEqual({ seq: 199, hash: records[199]!.hash });
  });

  it('keeps the chain through a slow, jittery async sink', async () => {
    const lines: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sink = callbackSink(async (line) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3)));
      lines.push(line);
      inFlight--;
    });
    const logger = testLogger(sink);
    await Promise.all(Array.from({ length: 200 }, (_, i) => logger.record(sampleEvent(i))));
    expect(maxInFlight).toBe(1);
    expect(verifyLog(lines.map((l) => `${l}\n`).join(''))).toMatchObject({ ok: true, problems: [] });
  });

  it('does not advance the chain when a write fails', async () => {
    const lines: string[] = [];
    let fail = false;
    const logger = testLogger(
      callbackSink((line) => {
        if (fail) throw new Error('collector down');
        lines.push(line);
      }),
    );
    await logger.record(sampleEvent(0));
    fail = true;
    await expect(logger.record(sampleEvent(1))).rejects.toThrow('collector down');
    fail = false;
    const r = await logger.record(sampleEvent(2));
    expect(r.seq).toBe(1);
    expect(verifyLog(lines.map((l) => `${l}\n`).join(''))).toMatchObject({ ok: true, problems: [] });
  });

  it('resumes from the head a callback sink is given, and from what a memory sink holds', async () => {
    const first = await sampleLog(3);
    const head = { seq: first.records[2]!.seq, hash: first.records[2]!.hash };
    const more: string[] = [];
    const logger = testLogger(callbackSink((line) => void more.push(line), { head }));
    const r = await logger.record(sampleEvent(3));
    expect(r).toMatchObject({ seq: 3, prev_hash: head.hash });
    expect(verifyLog(first.text() + more.map((l) => `${l}\n`).join(''))).toMatchObject({ ok: true, problems: [] });

    const again = testLogger(first);
    expect((await again.record(sampleEvent(3))).seq).toBe(3);
  });

  it('takes labels, path and OPA fields per record', async () => {
    const sink = new MemorySink();
    const r = await testLogger(sink, { bundleName: 'authz' }).record({
      ...sampleEvent(1),
      path: 'pact/refund_agent/explain',
      labels: { version: '0.2.0', region: 'eu' },
      trace_id: 't1',
      span_id: 's1',
    });
    expect(r).toMatchObject({
      path: 'pact/refund_agent/explain',
      labels: { id: 'host-1', version: '0.2.0', region: 'eu' },
      bundles: { authz: { revision: 'rev-1' } },
      trace_id: 't1',
      span_id: 's1',
    });
  });

  it('uses UUID v4 ids and the real clock by default', async () => {
    const sink = new MemorySink();
    const logger = new DecisionLogger({ sink, pact: 'p', revision: 'r', bundleDigest: 'd' });
    const before = Date.now();
    const r: DecisionRecord = await logger.record({ input: {}, result: {} });
    expect(r.decision_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(r.timestamp)).toBeGreaterThanOrEqual(before - 1);
  });

  it('rejects bad masking paths at construction, and records after close', async () => {
    expect(() => testLogger(new MemorySink(), { sensitivePaths: ['/action/card'] })).toThrow(/starting with \/input/);
    const logger = testLogger(new MemorySink());
    const pending = logger.record(sampleEvent(0));
    await logger.close();
    await expect(pending).resolves.toMatchObject({ seq: 0 });
    await expect(logger.record(sampleEvent(1))).rejects.toMatchObject({ reason: 'closed' });
  });
});
