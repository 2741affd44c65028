/**
 * The embedded host's API on a real bundle: what the bundle carries, decisions and
 * explanations, validation modes, run-time controls (kill switch, revocation, data, approvals),
 * and the decision log each decision writes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/bundle/index.js';
import { buildPactBundle } from '../../src/compile.js';
import {
  callbackSink,
  dataDigest,
  DATA_SCHEMA_PATH,
  INPUT_SCHEMA_PATH,
  isPactError,
  loadBundle,
  MemorySink,
  PactDataError,
  PactInputError,
  schemaFiles,
  verifyLog,
  type Decision,
} from '../../src/index.js';
import { agentBundle, agentSource, read, refund, SMALL_REFUND } from './host-helpers.js';

const bytes = await agentBundle();

describe('the bundle', () => {
  it('carries the input and data schemas, as the schema module writes them', async () => {
    const r = await buildPactBundle('agent.pact', agentSource());
    const files = (await readBundle(r.bundle!.bytes)).files;
    const want = schemaFiles(r.frontEnd.pact!);
    expect([...files.keys()]).toEqual(['/data.json', '/policy.wasm', DATA_SCHEMA_PATH, INPUT_SCHEMA_PATH, '/.manifest']);
    expect(Buffer.from(files.get(INPUT_SCHEMA_PATH)!).toString()).toBe(want[INPUT_SCHEMA_PATH]);
    expect(Buffer.from(files.get(DATA_SCHEMA_PATH)!).toString()).toBe(want[DATA_SCHEMA_PATH]);
    expect(JSON.parse(want[DATA_SCHEMA_PATH]!)).toMatchObject({ 'x-pact-document': 'data', properties: { refund_limit: { default: 500 } } });
  });

  it('is byte-identical when built twice', async () => {
    const a = await agentBundle();
    const b = await agentBundle();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('gives the host its identity, digest and sensitive paths', async () => {
    const pact = await loadBundle(bytes);
    expect(pact.info).toEqual({
      name: 'refund_agent',
      version: '1.2.0',
      revision: (await readBundle(bytes)).manifest.revision,
      digest: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(pact.sensitivePaths).toEqual(['/input/action/card/number', '/input/customers/*/email']);
    expect(pact.defaultData()).toEqual({ refund_limit: 500, privileged_tools: ['billing.lookup', 'crm.export'], kill_switch: false, revoked: [] });
  });
});

describe('decisions', () => {
  it('decides and explains with the decision document of spec §6', async () => {
    const pact = await loadBundle(bytes);
    expect(JSON.stringify(pact.decide(refund(200)))).toBe(JSON.stringify(SMALL_REFUND));
    const e = pact.explain(refund(200));
    expect({ ...e, explanation: undefined }).toEqual({ ...SMALL_REFUND, explanation: undefined });
    expect(e.explanation.map((r) => [r.rule, r.matched])).toEqual([
      ['read_only', false],
      ['small_refund', true],
      ['large_refund', false],
      ['huge_refund', false],
      ['blocked_card', false],
      ['privileged_lookup', false],
    ]);
  });

  it('returns details: id, bundle, data digest, validation', async () => {
    const ids = ['id-1', 'id-2'];
    const pact = await loadBundle(bytes, { newId: () => ids.shift()! });
    const out = pact.decideDetailed(refund(200));
    expect(out).toMatchObject({ decision: SMALL_REFUND, decisionId: 'id-1', bundle: pact.info, validation: { valid: true, errors: [] } });
    expect(out.dataDigest).toBe(dataDigest(pact.currentData()));
    expect(out.logged).toBeUndefined();
  });
});

describe('validation', () => {
  const bad = { action: { tool: 7, category: 'refund', target: 'x' }, trust: { score: 1.5, eval_age: 1, open_disputes: 0 } };

  it("in 'wasm' mode returns the policy's fail-closed forbid, with the friendly errors alongside", async () => {
    const pact = await loadBundle(bytes);
    const d = pact.decide(bad);
    expect(d.effect).toBe('forbid');
    expect(d.rules).toEqual(['invalid_input', 'invalid_input', 'invalid_input']);
    const out = pact.decideDetailed(bad);
    expect(out.validation?.valid).toBe(false);
    // The host's messages are the policy's reasons, in the same order.
    expect(out.validation?.errors.map((e) => e.message)).toEqual(d.reasons);
    expect(out.validation?.errors.map((e) => e.path)).toEqual(['input.action.tool', 'input.action.category', 'input.trust.score']);
  });

  it("in 'throw' mode throws a PactInputError with path and message, without deciding or logging", async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { validate: 'throw', log: sink });
    let error: unknown;
    try {
      pact.decide(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PactInputError);
    const e = error as PactInputError;
    expect(e.reason).toBe('invalid-input');
    expect(e.errors.map((x) => [x.path, x.message])).toEqual([
      ['input.action.tool', 'input.action.tool must be a string'],
      ['input.action.category', 'input.action.category must be one of "read", "state_mutation", "money_movement", "external_communication", "privileged_retrieval"'],
      ['input.trust.score', 'input.trust.score must be between 0 and 1'],
    ]);
    expect(e.message).toMatch(/^input does not conform to pact `refund_agent`: input\.action\.tool must be a string; /);
    expect(() => pact.explain(undefined)).toThrow(PactInputError);
    expect(pact.decide(refund(200))).toEqual(SMALL_REFUND);
    await pact.flush();
    expect(sink.records).toHaveLength(1);
  });

  it("in 'throw' mode refuses a data change that does not conform, keeping the data", async () => {
    const pact = await loadBundle(bytes, { validate: 'throw' });
    expect(() => pact.setData({ refund_limit: 'lots' })).toThrow(PactDataError);
    expect(() => pact.setData({ refund_limit: 'lots' })).toThrow(/data\.refund_limit must be a number/);
    expect(pact.currentData()['refund_limit']).toBe(500);
    expect(pact.decide(refund(200)).effect).toBe('permit');
  });

  it("in 'wasm' mode accepts such a change, and the policy fails closed with invalid_data", async () => {
    const pact = await loadBundle(bytes);
    pact.setData({ refund_limit: 'lots' });
    expect(pact.decide(refund(200))).toMatchObject({ effect: 'forbid', rules: ['invalid_data'], reasons: ['data.refund_limit must be a number'] });
  });

  it('refuses an input that is not JSON in every mode', async () => {
    const pact = await loadBundle(bytes);
    const cyclic: Record<string, unknown> = refund(1);
    cyclic['self'] = cyclic;
    expect(() => pact.decide(cyclic)).toThrow(PactInputError);
    expect(() => pact.decide({ ...refund(1), n: 1n })).toThrow(/input is not JSON/);
  });
});

describe('run-time controls', () => {
  it('kill switch: every action is forbidden until released, with no reload', async () => {
    const pact = await loadBundle(bytes);
    pact.killSwitch(true);
    for (const input of [refund(200), read(), undefined]) {
      expect(pact.decide(input)).toMatchObject({ effect: 'forbid', rules: ['kill_switch'], reasons: ['kill switch engaged'] });
    }
    expect(pact.controls()).toEqual({ killSwitch: true, revoked: [] });
    pact.killSwitch(false);
    expect(pact.decide(refund(200))).toEqual(SMALL_REFUND);
  });

  it('revocation: rules granting a revoked secret stop matching; restoring brings them back', async () => {
    const pact = await loadBundle(bytes);
    pact.revoke('stripe');
    pact.revoke('stripe');
    expect(pact.controls().revoked).toEqual(['stripe']);
    expect(pact.decide(refund(200))).toMatchObject({ effect: 'forbid', rules: ['default_deny'] });
    expect(pact.decide(read()).effect).toBe('permit');
    pact.revoke('vault');
    pact.restore('stripe');
    expect(pact.controls().revoked).toEqual(['vault']);
    expect(pact.decide(refund(200))).toEqual(SMALL_REFUND);
  });

  it('approval: escalate → the host attaches the approval → permit, with the grants', async () => {
    const pact = await loadBundle(bytes);
    const first = pact.decide(refund(700));
    expect(first).toMatchObject({ effect: 'escalate', rules: ['large_refund'], approvers: ['finance-lead'], grants: [] });
    const wrongRole = pact.decide({ ...refund(700), approval: { by: 'sam', role: 'support' } });
    expect(wrongRole.effect).toBe('escalate');
    const approved = pact.decide({ ...refund(700), approval: { by: 'lou', role: first.approvers[0] } });
    expect(approved).toMatchObject({
      effect: 'permit',
      rules: ['large_refund'],
      approvers: [],
      grants: [{ secret: 'stripe', scope: 'refunds:write', ttl_seconds: 300 }],
    });
    // A revoked secret stops even an approved escalation.
    pact.revoke('stripe');
    expect(pact.decide({ ...refund(700), approval: { by: 'lou', role: 'finance-lead' } }).effect).toBe('forbid');
  });

  it('setData tunes thresholds field by field; resetData and replaceData', async () => {
    const pact = await loadBundle(bytes);
    pact.setData({ refund_limit: 1000 });
    expect(pact.decide(refund(700)).effect).toBe('permit');
    expect(pact.currentData()).toMatchObject({ refund_limit: 1000, privileged_tools: ['billing.lookup', 'crm.export'] });
    expect(pact.dataRecord().overrides).toEqual({ refund_limit: 1000 });
    pact.resetData();
    expect(pact.decide(refund(700)).effect).toBe('escalate');
    pact.replaceData({ refund_limit: 900 });
    expect(pact.decide(refund(700))).toMatchObject({ effect: 'forbid', rules: ['invalid_data', 'invalid_data', 'invalid_data'] });
    expect(pact.dataRecord()).toEqual({ digest: dataDigest({ refund_limit: 900 }), document: { refund_limit: 900 } });
    expect(() => pact.setData(null as unknown as Record<string, unknown>)).toThrow(/setData takes an object/);
  });

  it('ignores later mutation of the objects it was given', async () => {
    const pact = await loadBundle(bytes);
    const patch = { refund_limit: 1000 };
    pact.setData(patch);
    patch.refund_limit = 1;
    expect(pact.currentData()['refund_limit']).toBe(1000);
  });
});

describe('the decision log', () => {
  it('records every decision and explanation: id, revision, digest, masked input, data, chain', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink, labels: { id: 'host-1' }, now: () => Date.UTC(2025, 0, 1) });
    const card = { card: { number: '4242-4242-4242-4242', holder: 'Ann' } };
    const out = pact.decideDetailed(refund(200, card), { requested_by: 'agent-7', custom: { ticket: 'T-1' } });
    pact.setData({ refund_limit: 100 });
    pact.explain({ ...refund(200, card), customers: [{ id: 'c1', email: 'ann@example.com' }] });
    pact.killSwitch(true);
    pact.decide(read());
    const record = await out.logged!;
    await pact.flush();

    expect(sink.records).toHaveLength(3);
    expect(record).toMatchObject({
      decision_id: out.decisionId,
      timestamp: '2025-01-01T00:00:00.000Z',
      path: 'pact/refund_agent/decision',
      result: SMALL_REFUND,
      bundles: { refund_agent: { revision: pact.info.revision } },
      bundle_digest: pact.info.digest,
      labels: { id: 'host-1' },
      requested_by: 'agent-7',
      custom: { ticket: 'T-1' },
      masked: ['/input/action/card/number'],
      data: { digest: out.dataDigest, overrides: {} },
      seq: 0,
    });
    expect((record.input as { action: { card: unknown } }).action.card).toEqual({ number: '***', holder: 'Ann' });

    const [, explained, killed] = sink.records;
    expect(explained).toMatchObject({ path: 'pact/refund_agent/explain', data: { overrides: { refund_limit: 100 } }, seq: 1 });
    // The trace's values are masked too, and listed with /result pointers.
    expect(explained!.masked).toEqual([
      '/input/action/card/number',
      '/input/customers/0/email',
      '/result/explanation/4/conditions/0/values/action.card/number',
      '/result/explanation/4/conditions/0/values/action.card.number',
    ]);
    const blocked = (explained!.result as { explanation: { conditions: { values: Record<string, unknown> }[] }[] }).explanation[4]!;
    expect(blocked.conditions[0]!.values).toEqual({ 'action.card': { number: '***', holder: 'Ann' }, 'action.card.number': '***' });
    expect(killed).toMatchObject({ result: { rules: ['kill_switch'] }, data: { overrides: { refund_limit: 100, kill_switch: true } }, seq: 2 });
    expect(killed!.data!.digest).toBe(dataDigest({ ...pact.defaultData(), refund_limit: 100, kill_switch: true }));

    const text = sink.text();
    expect(text).not.toMatch(/4242|ann@example/);
    expect(verifyLog(text)).toMatchObject({ ok: true, problems: [] });
    expect(await pact.head()).toEqual({ seq: 2, hash: killed!.hash });
  });

  it('reports a failed write through flush and onLogError, and keeps deciding', async () => {
    const failures: unknown[] = [];
    let n = 0;
    const sink = callbackSink(() => {
      if (n++ === 1) throw new Error('disk full');
    });
    const pact = await loadBundle(bytes, { log: sink, onLogError: (e) => failures.push(e) });
    pact.decide(read());
    const second = pact.decideDetailed(read());
    expect(pact.decide(read()).effect).toBe('permit');
    await expect(second.logged).rejects.toThrow('disk full');
    await expect(pact.flush()).rejects.toThrow('disk full');
    await expect(pact.flush()).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });

  it('refuses decisions after close', async () => {
    const pact = await loadBundle(bytes, { log: new MemorySink() });
    pact.decide(read());
    await pact.close();
    let error: unknown;
    try {
      pact.decide(read());
    } catch (e) {
      error = e;
    }
    expect(isPactError(error, 'closed')).toBe(true);
    expect(() => pact.killSwitch(true)).toThrow(/closed/);
  });

  it('rejects contradictory options', async () => {
    await expect(loadBundle(bytes, { verificationKey: 'k', verification: { key: 'k' } })).rejects.toThrow(/either `verificationKey` or `verification`/);
    await expect(loadBundle(bytes, { validate: 'strict' as 'throw' })).rejects.toThrow(/validate must be/);
  });
});

describe('a bundle without schemas', () => {
  it("decides and logs, masks nothing, and is refused in 'throw' mode", async () => {
    const { repack } = await import('../bundle/helpers.js');
    const bare = await repack(bytes, { [INPUT_SCHEMA_PATH]: null, [DATA_SCHEMA_PATH]: null });
    const pact = await loadBundle(bare);
    expect(pact.decide(refund(200)) as Decision).toEqual(SMALL_REFUND);
    expect(pact.decideDetailed(refund(200)).validation).toBeUndefined();
    expect(pact.sensitivePaths).toEqual([]);
    await expect(loadBundle(bare, { validate: 'throw' })).rejects.toMatchObject({ reason: 'no-schema' });
  });
});

describe('loading mistakes', () => {
  it('refuses an unknown option, so a misspelt `verificationKey` cannot turn signature checks off', async () => {
    const err = await loadBundle(bytes, { verificationkey: 'secret' } as never).catch((e: unknown) => e);
    expect(isPactError(err, 'bad-option')).toBe(true);
    expect((err as Error).message).toMatch(/unknown option `verificationkey`/);
  });

  it('reports a missing bundle file as a bundle error naming the path', async () => {
    const { isBundleError } = await import('../../src/bundle/index.js');
    const err = await loadBundle('/nonexistent/refunds.tar.gz').catch((e: unknown) => e);
    expect(isBundleError(err, 'read-failed')).toBe(true);
    expect((err as Error).message).toBe('/nonexistent/refunds.tar.gz: cannot read the bundle: no such file');
  });
});
