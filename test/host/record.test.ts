/**
 * The record format and the hash recipe, pinned: a verifier in another language implements
 * exactly what these tests spell out.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, MemorySink, recordHash } from '../../src/host/log/index.js';
import { testLogger } from './log-helpers.js';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  });

  it('sorts keys by UTF-16 code units and writes numbers and strings as JSON.stringify does (RFC 8785)', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, '\ud83d\ude00': 4, '\u0080': 5, 10: 6 })).toBe(
      '{"\\r":2,"1":3,"10":6,"\u0080":5,"\u20ac":1,"\ud83d\ude00":4}',
    );
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.33333329, '\u2028\u0000"'])).toBe('[1e+21,1e-7,0,0.1,333333333.3333333,"\u2028\\u0000\\""]');
  });

  it('round-trips: canonical(parse(canonical(v))) = canonical(v)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
    );
  });
});

describe('the record', () => {
  it('has OPA decision-log field names plus bundle_digest, seq, prev_hash and hash', async () => {
    const sink = new MemorySink();
    const r = await testLogger(sink).record({ input: { x: 1 }, result: { effect: 'forbid' }, requested_by: '10.0.0.1', metrics: { timer_eval_ns: 5 } });
    expect(Object.keys(r)).toEqual([
      'decision_id',
      'timestamp',
      'path',
      'input',
      'result',
      'bundles',
      'labels',
      'requested_by',
      'metrics',
      'bundle_digest',
      'seq',
      'prev_hash',
      'hash',
    ]);
    expect(r).toMatchObject({
      decision_id: '00000000-0000-4000-8000-000000000000',
      timestamp: '2025-01-01T00:00:00.000Z',
      path: 'pact/refund_agent/decision',
      bundles: { refund_agent: { revision: 'rev-1' } },
      labels: { id: 'host-1', version: '0.1.0' },
      bundle_digest: 'ab'.repeat(32),
      seq: 0,
      prev_hash: GENESIS_HASH,
    });
  });

  it('follows the recipe byte for byte', async () => {
    const sink = new MemorySink();
    const logger = testLogger(sink, { labels: {}, sensitivePaths: [] });
    const r0 = await logger.record({ input: { b: 2, a: 'é' }, result: { effect: 'permit' } });
    const r1 = await logger.record({ input: undefined, result: { effect: 'forbid' } });

    // Written by hand from the recipe in src/host/log/record.ts.
    const zeros = '0'.repeat(64);
    const body0 =
      '{"bundle_digest":"' + 'ab'.repeat(32) + '","bundles":{"refund_agent":{"revision":"rev-1"}},' +
      '"decision_id":"00000000-0000-4000-8000-000000000000","input":{"a":"é","b":2},"labels":{},' +
      '"path":"pact/refund_agent/decision","prev_hash":"' + zeros + '","result":{"effect":"permit"},' +
      '"seq":0,"timestamp":"2025-01-01T00:00:00.000Z"}';
    const hash0 = sha256(body0);
    expect(r0.hash).toBe(hash0);
    expect(sink.lines[0]).toBe(body0.replace(',"input"', ',"hash":"' + hash0 + '","input"'));

    const body1 =
      '{"bundle_digest":"' + 'ab'.repeat(32) + '","bundles":{"refund_agent":{"revision":"rev-1"}},' +
      '"decision_id":"00000000-0000-4000-8000-000000000001","labels":{},' +
      '"path":"pact/refund_agent/decision","prev_hash":"' + hash0 + '","result":{"effect":"forbid"},' +
      '"seq":1,"timestamp":"2025-01-01T00:00:01.000Z"}';
    expect(r1.hash).toBe(sha256(body1));
    expect(recordHash(JSON.parse(sink.lines[1]!))).toBe(r1.hash);
    expect(sink.text()).toBe(`${sink.lines[0]}\n${sink.lines[1]}\n`);
  });

  it('normalises through JSON and copies the input, so later mutation changes nothing', async () => {
    const sink = new MemorySink();
    const input = { when: new Date(Date.UTC(2025, 5, 1)), gone: undefined, nan: Number.NaN, list: [1, undefined] };
    const r = await testLogger(sink).record({ input, result: null });
    input.list.push(2);
    // A number JSON cannot hold is kept as its name, and listed, not turned into null.
    expect(r.input).toEqual({ when: '2025-06-01T00:00:00.000Z', nan: 'NaN', list: [1, null] });
    expect(r.non_finite).toEqual(['/input/nan']);
    expect(JSON.parse(sink.lines[0]!).input).toEqual(r.input);
  });

  it('rejects values JSON cannot hold', async () => {
    const sink = new MemorySink();
    await expect(testLogger(sink).record({ input: { n: 1n }, result: null })).rejects.toMatchObject({ name: 'LogError', reason: 'not-json' });
  });
});
