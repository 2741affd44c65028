/**
 * Numbers JSON cannot hold (`Infinity`, `-Infinity`, `NaN`) in a JavaScript input, and `1e400`
 * in input text: the decision fails closed exactly as the Wasm does for an out-of-range literal
 * (forbid by `invalid_input`, `… must be a number`), never as if the field were absent; the
 * decision log says what the policy saw (not `null`) and replay reproduces the decision.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle, MemorySink, PactInputError, replayLog, verifyLog, type Decision } from '../../src/index.js';
import { fastInputText as inputText, normaliseForLog } from '../../src/host/json-input.js';
import { restoreNonFinite } from '../../src/host/non-finite.js';
import { buildSource, pactc, tempDir } from './host-helpers.js';

const SOURCE = `pact payer version "1.0.0"
enum Kind { pay, refund }
input {
  action: { kind: Kind, amount?: number, memo?: string, count?: int, tags?: list<number> },
}
forbid too_much when has action.amount and action.amount > 1000 because "Too much"
permit pay when action.kind == "pay" because "Payments are fine"
`;
const bytes = await buildSource(SOURCE, undefined, 'payer.pact');

/** What the Wasm itself decides for an input given as text (no host in between). */
async function wasmDecides(text: string): Promise<Decision> {
  const pact = await loadBundle(bytes);
  const policy = (pact as unknown as { instance: { policy: { evaluate(i: unknown, p: string): { result: Decision }[] } } }).instance.policy;
  return policy.evaluate(new TextEncoder().encode(text).buffer, 'pact/payer/decision')[0]!.result;
}

const forbidBy = (...reasons: string[]): Partial<Decision> => ({ effect: 'forbid', rules: reasons.map(() => 'invalid_input'), reasons });

describe('non-finite numbers in a JavaScript input', () => {
  it('fail closed in the default wasm mode, exactly as the Wasm decides the out-of-range literal', async () => {
    const pact = await loadBundle(bytes);
    expect(await wasmDecides('{"action":{"kind":"pay","amount":1e400}}')).toMatchObject(forbidBy('input.action.amount must be a number'));
    for (const amount of [Infinity, -Infinity, NaN]) {
      expect(pact.decide({ action: { kind: 'pay', amount } })).toMatchObject(forbidBy('input.action.amount must be a number'));
    }
    // The same through explain, for other declared types, inside lists, and boxed.
    expect(pact.explain({ action: { kind: 'pay', amount: Infinity } })).toMatchObject(forbidBy('input.action.amount must be a number'));
    expect(pact.decide({ action: { kind: 'pay', memo: Infinity, count: -Infinity, tags: [1, NaN] } })).toMatchObject(
      forbidBy('input.action.memo must be a string', 'input.action.count must be an int', 'input.action.tags[1] must be a number'),
    );
    expect(pact.decide({ action: { kind: Infinity } })).toMatchObject(forbidBy('input.action.kind must be one of "pay", "refund"'));
    expect(pact.decide({ action: { kind: 'pay', amount: new Number(Infinity) } })).toMatchObject(forbidBy('input.action.amount must be a number'));
    // Undeclared fields are ignored by the policy, whatever they hold; real nulls still mean absent.
    expect(pact.decide({ action: { kind: 'pay', other: Infinity } }).effect).toBe('permit');
    expect(pact.decide({ action: { kind: 'pay', amount: null, memo: 'null' } }).effect).toBe('permit');
    expect(pact.decide({ action: { kind: 'pay', amount: 5000 } }).rules).toEqual(['too_much']);
  });

  it('gives the same friendly errors, and throws them in throw mode', async () => {
    const pact = await loadBundle(bytes);
    const out = pact.decideDetailed({ action: { kind: 'pay', amount: Infinity } });
    expect(out.validation?.errors.map((e) => e.message)).toEqual(out.decision.reasons);
    const strict = await loadBundle(bytes, { validate: 'throw' });
    expect(() => strict.decide({ action: { kind: 'pay', amount: NaN } })).toThrow(PactInputError);
  });

  it('logs the numbers as strings with their pointers, not as null, and replays the same decision', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    pact.decide({ action: { kind: 'pay', amount: Infinity, tags: [-Infinity, 2] } });
    pact.decide({ action: { kind: 'pay', amount: 5 } });
    await pact.close();
    const [first, second] = sink.records;
    expect(first).toMatchObject({ input: { action: { kind: 'pay', amount: 'Infinity', tags: ['-Infinity', 2] } }, non_finite: ['/input/action/amount', '/input/action/tags/0'] });
    expect(first!.result).toMatchObject({ effect: 'forbid', rules: ['invalid_input', 'invalid_input'] });
    expect(second).not.toHaveProperty('non_finite');
    expect(verifyLog(sink.text()).ok).toBe(true);
    const report = await replayLog(sink.text(), bytes);
    expect(report).toMatchObject({ same: 2, different: 0, skipped: 0, ok: true });
  });
});

describe('the host input text', () => {
  it('writes non-finite numbers as out-of-range literals and leaves everything else to JSON.stringify', () => {
    expect(inputText({ a: Infinity, b: [-Infinity, NaN], c: null, d: 'Infinity', e: '1e400' })).toBe('{"a":1e400,"b":[-1e400,1e400],"c":null,"d":"Infinity","e":"1e400"}');
    const plain = { x: [1, 'null', { y: true }], z: null, w: new Date(0) };
    expect(inputText(plain)).toBe(JSON.stringify(plain));
    expect(inputText(Infinity)).toBe('1e400');
    expect(() => inputText({ n: 1n })).toThrow(TypeError);
  });

  it('round-trips through the log form', () => {
    const input = { a: Infinity, b: [-Infinity, NaN, 1], 'c/d': { '~e': NaN } };
    const logged = normaliseForLog(input);
    expect(logged).toEqual({
      value: { a: 'Infinity', b: ['-Infinity', 'NaN', 1], 'c/d': { '~e': 'NaN' } },
      nonFinite: ['/input/a', '/input/b/0', '/input/b/1', '/input/c~1d/~0e'],
    });
    const back = restoreNonFinite(logged.value, logged.nonFinite);
    expect(back).toEqual({ value: input });
    expect(restoreNonFinite({ a: 'x' }, ['/input/a'])).toHaveProperty('problem');
  });
});

describe('pactc eval and replay with 1e400 in the input text', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'payer.tar.gz'), bytes);
  writeFileSync(join(dir, 'huge.json'), '{"action":{"kind":"pay","amount":1e400}}');
  writeFileSync(join(dir, 'negative.json'), '{"action":{"kind":"pay","amount":-1e400}}');

  it('forbids by invalid_input, logs what was seen, and replays it as the same', async () => {
    for (const file of ['huge.json', 'negative.json']) {
      const r = await pactc(dir, 'eval', 'payer.tar.gz', '-i', file, '--log', 'd.jsonl');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject(forbidBy('input.action.amount must be a number'));
    }
    const text = readFileSync(join(dir, 'd.jsonl'), 'utf8');
    expect(text).not.toContain('"amount":null');
    expect(text).toContain('"amount":"Infinity"');
    expect(text).toContain('"amount":"-Infinity"');
    const replay = await pactc(dir, 'replay', 'd.jsonl', 'payer.tar.gz');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/\n2 records: 2 same, 0 different, 0 skipped\n$/);
  });
});
