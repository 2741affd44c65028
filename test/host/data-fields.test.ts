/**
 * Data fields the pact does not declare. The policy ignores them (spec §3), so a misspelt field
 * set at run time — `refund_limt` — would change nothing and say nothing: the host refuses it,
 * in every validation mode, with a did-you-mean, and so do `pactc eval --data` and
 * `pactc replay --data`. The data *document* may still carry undeclared fields (the Wasm and the
 * data schema both accept them), so a document carried over a swap is not refused.
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
    // A v1 override of a field v2 dropped is carried over a swap without complaint.
    const v1 = await buildSource(agentSource().replace('data {', 'data {\n  retired: number = 1,'));
    const pact = await loadBundle(v1, { validate: 'throw' });
    pact.setData({ retired: 2 });
    await expect(pact.swap(bytes)).resolves.toMatchObject({ data: { valid: true } });
    expect(pact.currentData()['retired']).toBe(2);
    expect(pact.decide(refund(200)).effect).toBe('permit');
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

  it('refuse it in a replay what-if too', async () => {
    expect((await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'large.json', '--log', 'd.jsonl')).status).toBe(0);
    const r = await pactc(dir, 'replay', 'd.jsonl', 'agent.tar.gz', '--data', 'typo.json');
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toBe('pactc: typo.json: data.refund_limt is not a declared data field (did you mean `refund_limit`?)\n');
    await expect(replayLog(readFileSync(join(dir, 'd.jsonl')), bytes, { data: { refund_limt: 1 } })).rejects.toThrow(PactDataError);
  });
});
