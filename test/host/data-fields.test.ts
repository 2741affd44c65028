/**
 * Data fields the pact does not declare. The policy ignores them (spec §3), so a misspelt field
 * set at run time — `refund_limt` — would change nothing and say nothing: the host refuses it,
 * in every validation mode, with a did-you-mean, and so do `pactc eval --data` and
 * `pactc replay --data` (checked against the bundles that use the field, named in the message).
 * The Wasm and the data schema accept undeclared fields in the document, but the host never
 * holds one: a swap drops the fields the new version no longer declares, and says which, so that
 * `currentData()` stays a document `replaceData` accepts. A field set to `undefined` is unset.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/bundle/index.js';
import { DATA_SCHEMA_PATH, loadBundle, Pact, PactDataError, replayLog } from '../../src/index.js';
import { compileDataValidator } from '../../src/host/schema/index.js';
import { agentBundle, agentSource, buildSource, pactc, refund, tempDir } from './host-helpers.js';

const bytes = await agentBundle();

function dataError(f: () => void): PactDataError {
  try {
    f();
  } catch (e) {
    if (e instanceof PactDataError) return e;
    throw e;
  }
  throw new Error('no PactDataError');
}

describe('setData and replaceData', () => {
  it.each(['wasm', 'throw'] as const)('refuse a field the pact does not declare, with a did-you-mean (%s mode)', async (validate) => {
    const pact = await loadBundle(bytes, { validate });
    const e = dataError(() => pact.setData({ refund_limt: 1000 }));
    expect(e.reason).toBe('invalid-data');
    expect(e.errors).toEqual([
      { path: 'data.refund_limt', pointer: '/refund_limt', message: 'data.refund_limt is not a declared data field (did you mean `refund_limit`?)', keyword: 'additionalProperties' },
    ]);
    expect(e.message).toBe('the data change does not conform to pact `refund_agent`: data.refund_limt is not a declared data field (did you mean `refund_limit`?)');
    // Nothing was applied, not even the fields that were right.
    expect(() => pact.setData({ refund_limit: 100, zzz: 1 })).toThrow(/data\.zzz is not a declared data field \(the data fields are `refund_limit`, `privileged_tools`, `kill_switch`, `revoked`\)/);
    expect(pact.currentData()).toEqual(pact.defaultData());
    expect(() => pact.replaceData({ ...pact.defaultData(), kill_swich: true })).toThrow(/data\.kill_swich is not a declared data field \(did you mean `kill_switch`\?\)/);
    expect(pact.controls().killSwitch).toBe(false);
    expect(pact.dataFields).toEqual(['refund_limit', 'privileged_tools', 'kill_switch', 'revoked']);
    pact.setData({ refund_limit: 1000 });
    expect(pact.decide(refund(700)).effect).toBe('permit');
  });

  it('leaves a bare policy.wasm (Pact.fromWasm, the engine of pactc test) to take any field, as the policy does', async () => {
    const wasm = (await readBundle(bytes)).wasm;
    const pact = await Pact.fromWasm({ name: 'refund_agent', version: '1.2.0', revision: 'r' }, wasm, (await loadBundle(bytes)).defaultData());
    expect(pact.dataFields).toBeUndefined();
    pact.setData({ refund_limt: 1000 });
    expect(pact.decide(refund(700)).effect).toBe('escalate');
  });

  it('keeps the Wasm, the data schema and the host consistent: a document may carry undeclared fields', async () => {
    const files = (await readBundle(bytes)).files;
    const schema = JSON.parse(Buffer.from(files.get(DATA_SCHEMA_PATH)!).toString('utf8'));
    expect(schema.additionalProperties).toBe(true);
    const doc = { refund_limit: 500, privileged_tools: [], kill_switch: false, revoked: [], retired_field: 1 };
    expect(compileDataValidator(schema)(doc).valid).toBe(true);
  });
});

/** The agent at 1.3.0 without the `privileged_tools` data field (and the rule that read it). */
const withoutTools = await buildSource(
  agentSource({ version: '1.3.0' })
    .replace(/\n {2}privileged_tools: .*\n/, '\n')
    .replace(/\npermit privileged_lookup[\s\S]*$/, '\n'),
);

describe('a hot swap to a version that no longer declares a data field', () => {
  it.each(['wasm', 'throw'] as const)('drops the field, says so, and leaves data that setData and replaceData accept (%s mode)', async (validate) => {
    const pact = await loadBundle(bytes, { validate });
    pact.setData({ privileged_tools: ['x'], refund_limit: 900 });
    pact.killSwitch(true);
    pact.revoke('stripe');
    const r = await pact.swap(withoutTools);
    expect(r.droppedData).toEqual(['privileged_tools']);
    expect(pact.currentData()).not.toHaveProperty('privileged_tools');
    // The rest carries over: the tuned limit, the kill switch, the revocation.
    expect(pact.currentData()).toMatchObject({ refund_limit: 900, kill_switch: true, revoked: ['stripe'] });
    expect(pact.dataRecord().overrides).toEqual({ refund_limit: 900, kill_switch: true, revoked: ['stripe'] });
    // Fields can be unset; asking for the dropped field is still a mistake (not declared).
    pact.setData({ kill_switch: false, refund_limit: undefined });
    expect(pact.currentData()).toMatchObject({ refund_limit: 500, kill_switch: false, revoked: ['stripe'] });
    expect(() => pact.setData({ privileged_tools: ['x'] })).toThrow(/data\.privileged_tools is not a declared data field/);
    // A swap that drops nothing says so; swapping back does not bring the field back.
    expect((await pact.swap(bytes)).droppedData).toEqual([]);
    expect(pact.currentData()['privileged_tools']).toEqual(['billing.lookup', 'crm.export']);
    expect((await pact.swap(withoutTools)).droppedData).toEqual([]);
    // What the pact holds is a document it accepts back.
    pact.replaceData(pact.currentData());
    expect(pact.decide(refund(200)).effect).toBe('forbid'); // stripe is still revoked: no rule that grants it matches
  });

  it('drops it from a replaced document too', async () => {
    const pact = await loadBundle(bytes);
    pact.replaceData({ ...pact.defaultData(), privileged_tools: ['vault.read'] });
    expect((await pact.swap(withoutTools)).droppedData).toEqual(['privileged_tools']);
    expect(Object.keys(pact.currentData()).sort()).toEqual(['kill_switch', 'refund_limit', 'revoked']);
    pact.replaceData(pact.currentData());
    expect(pact.decide(refund(200)).effect).toBe('permit');
  });
});

describe('setData with undefined', () => {
  it('unsets a field: the bundle default again (after replaceData, the field leaves the document)', async () => {
    const pact = await loadBundle(bytes);
    pact.setData({ refund_limit: 1000 });
    expect(pact.decide(refund(700)).effect).toBe('permit');
    pact.setData({ refund_limit: undefined });
    expect(pact.currentData()['refund_limit']).toBe(500);
    expect(pact.dataRecord().overrides).toEqual({});
    expect(pact.decide(refund(700)).effect).toBe('escalate');
    pact.replaceData({ ...pact.defaultData(), refund_limit: 1000 });
    pact.setData({ refund_limit: undefined });
    expect(pact.currentData()).not.toHaveProperty('refund_limit');
    expect(pact.decide(refund(700)).rules).toEqual(['invalid_data']);
    // An undeclared field is refused even when unset: there is nothing of that name.
    expect(() => pact.setData({ refund_limt: undefined })).toThrow(/did you mean `refund_limit`/);
  });
});

describe('pactc eval --data and replay --data', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'agent.tar.gz'), bytes);
  writeFileSync(join(dir, 'large.json'), JSON.stringify(refund(700)));
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ refund_limt: 1000 }));

  it('refuse a data field the pact does not declare (exit 1), writing no log record', async () => {
    const r = await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'large.json', '--data', 'typo.json', '--log', 'd.jsonl');
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toBe('pactc: typo.json: data.refund_limt is not a declared data field (did you mean `refund_limit`?)\n');
    expect(readFileSync(join(dir, 'd.jsonl'), 'utf8')).toBe('');
  });

  it('refuse it in a replay what-if too, naming the bundle', async () => {
    expect((await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'large.json', '--log', 'd.jsonl')).status).toBe(0);
    const r = await pactc(dir, 'replay', 'd.jsonl', 'agent.tar.gz', '--data', 'typo.json');
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toBe('pactc: typo.json: data.refund_limt is not a declared data field of agent.tar.gz (did you mean `refund_limit`?)\n');
    const e = await replayLog(readFileSync(join(dir, 'd.jsonl')), bytes, { data: { refund_limt: 1 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PactDataError);
    expect((e as PactDataError).errors[0]!.message).toBe('data.refund_limt is not a declared data field of pact refund_agent 1.2.0 (did you mean `refund_limit`?)');
  });

  it('check replay --data against the bundles that use it: a field one of several bundles declares is patched into its records', async () => {
    writeFileSync(join(dir, 'v2.tar.gz'), withoutTools);
    writeFileSync(join(dir, 'pt.json'), JSON.stringify({ privileged_tools: ['docs.read'] }));
    writeFileSync(join(dir, 'read.json'), JSON.stringify({ action: { tool: 'docs.read', category: 'privileged_retrieval', target: 'x' }, trust: { score: 0.9, eval_age: 0, open_disputes: 0 } }));
    // One log across a swap: v1 decides, then v2 (which has no privileged_tools).
    expect((await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'read.json', '--log', 'swap.jsonl')).status).toBe(0);
    expect((await pactc(dir, 'eval', 'v2.tar.gz', '-i', 'read.json', '--log', 'swap.jsonl')).status).toBe(0);
    const r = await pactc(dir, 'replay', 'swap.jsonl', 'agent.tar.gz', 'v2.tar.gz', '--data', 'pt.json');
    // The what-if permits the lookup under v1; v2 has no such rule and is unchanged.
    expect(r.stdout).toContain('line 1 (seq 0): different (effect, rules, reasons) with agent.tar.gz: logged forbid by default_deny, replayed permit by privileged_lookup\n');
    expect(r.stdout).toContain('note: v2.tar.gz does not declare --data field `privileged_tools`: its 1 record was replayed without it\n');
    expect(r.stdout).toMatch(/\n2 records: 1 same, 1 different, 0 skipped\n$/);
    // Only v2 given: the field is declared by no bundle given, and the message names it.
    const alone = await pactc(dir, 'replay', 'swap.jsonl', 'v2.tar.gz', '--data', 'pt.json');
    expect(alone).toMatchObject({ status: 1, stdout: '' });
    expect(alone.stderr).toBe('pactc: pt.json: data.privileged_tools is not a declared data field of v2.tar.gz (the data fields are `refund_limit`, `kill_switch`, `revoked`)\n');
    const both = await pactc(dir, 'replay', 'swap.jsonl', 'agent.tar.gz', 'v2.tar.gz', '--data', 'typo.json');
    expect(both.stderr).toBe('pactc: typo.json: data.refund_limt is not declared by any of the bundles given (agent.tar.gz, v2.tar.gz) (did you mean `refund_limit`?)\n');
  });
});
