/**
 * Many concurrent async callers on one pact: each gets the decision for its own input (as a
 * sequential run gives it), the log holds every decision exactly once as one valid chain, in
 * the order they were made, with the right input against the right result; controls flipped
 * mid-run take effect on the next decision; and the Wasm memory stays flat.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, MemorySink, verifyLog, type Decision } from '../../src/index.js';
import { agentBundle, read, refund, tick } from './host-helpers.js';

const bytes = await agentBundle();

/** The i-th caller's input: a spread of refunds, reads, invalid inputs and approvals. */
function inputOf(i: number): unknown {
  switch (i % 5) {
    case 0:
      return refund(i % 1000);
    case 1:
      return refund(600 + (i % 9000));
    case 2:
      return read(`doc_${i}`);
    case 3:
      return { ...refund(700 + i), approval: { by: `u${i}`, role: 'finance-lead' } };
    default:
      return { action: { tool: i, category: 'read' }, trust: { score: 2 } };
  }
}

describe('concurrency', () => {
  it('serves 500 parallel callers: right decisions, one valid chain, nothing lost', async () => {
    const reference = await loadBundle(bytes);
    const want = Array.from({ length: 500 }, (_, i) => reference.decide(inputOf(i)));

    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    const got: { i: number; decision: Decision; id: string }[] = [];
    await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        await tick();
        const out = pact.decideDetailed(inputOf(i), { custom: { caller: i } });
        got.push({ i, decision: out.decision, id: out.decisionId });
        const record = await out.logged!;
        expect(record.decision_id).toBe(out.decisionId);
        expect(record.result).toEqual(out.decision);
      }),
    );
    await pact.flush();

    expect(got).toHaveLength(500);
    for (const g of got) expect(g.decision).toEqual(want[g.i]);
    const records = sink.records;
    expect(records).toHaveLength(500);
    expect(new Set(records.map((r) => r.decision_id)).size).toBe(500);
    // Logged in the order the decisions were made, each with its own caller's input.
    expect(records.map((r) => r.decision_id)).toEqual(got.map((g) => g.id));
    for (const r of records) {
      const i = (r.custom as { caller: number }).caller;
      expect(r.input).toEqual(inputOf(i));
      expect(r.result).toEqual(want[i]);
    }
    expect(verifyLog(sink.text())).toMatchObject({ ok: true, problems: [] });
  });

  it('applies a control flipped mid-run to exactly the decisions after it', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        await tick();
        if (i === 250) pact.killSwitch(true);
        pact.decide(read());
      }),
    );
    await pact.flush();
    const effects = sink.records.map((r) => (r.result as Decision).rules[0]);
    expect(effects.slice(0, 250).every((e) => e === 'read_only')).toBe(true);
    expect(effects.slice(250).every((e) => e === 'kill_switch')).toBe(true);
    expect(sink.records.slice(250).every((r) => r.data?.overrides?.['kill_switch'] === true)).toBe(true);
  });

  it('keeps the Wasm memory flat over 20,000 decisions', async () => {
    const pact = await loadBundle(bytes);
    const memory = (pact as unknown as { instance: { policy: { mem: WebAssembly.Memory } } }).instance.policy.mem;
    for (let i = 0; i < 1000; i++) pact.decide(inputOf(i));
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 20_000; i++) pact.explain(inputOf(i));
    expect(memory.buffer.byteLength).toBe(before);
  });
});
