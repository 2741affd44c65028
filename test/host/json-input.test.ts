/**
 * The input as the policy sees it (`host/json-input.ts`): one JSON value — `JSON.stringify`'s
 * semantics, non-finite numbers kept — from which the Wasm decides and the host validates, masks
 * and logs. So a member holding `undefined` or a function is absent everywhere (not masked as a
 * mis-shaped value, and the record replays), and a `toJSON` object, a `Date` or a boxed number
 * is its JSON everywhere (masked as such, valid as such).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadBundle, MemorySink, PactInputError, replayLog } from '../../src/index.js';
import { fastInputText, isJsonValue, jsonInput, policyText, prepareInput } from '../../src/host/json-input.js';
import { agentBundle, refund } from './host-helpers.js';

const bytes = await agentBundle();
const base = refund(200);
const action = base['action'] as Record<string, unknown>;

describe('jsonInput', () => {
  it('is JSON.parse(JSON.stringify(x)) for any value JSON can hold, with or without undefined, functions, toJSON, boxes', () => {
    const odd = fc.oneof(
      fc.constant(undefined),
      fc.constant(() => 1),
      fc.constant(Symbol('s')),
      fc.constant(-0),
      fc.date({ noInvalidDate: true }),
      fc.integer().map((n) => new Number(n)),
      fc.string().map((s) => new String(s)),
      fc.boolean().map((b) => new Boolean(b)),
      fc.jsonValue().map((v) => ({ toJSON: () => v })),
      fc.jsonValue().map((v) => ({ toJSON: (key: string) => ({ key, v }) })),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), odd, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 })),
    }));
    fc.assert(
      fc.property(value, (x) => {
        const text = JSON.stringify(x);
        const got = jsonInput(x);
        expect(got.nonFinite).toEqual([]);
        expect(got.value).toStrictEqual(text === undefined ? undefined : JSON.parse(text));
        expect(policyText(got)).toBe(text);
        expect(fastInputText(x)).toBe(text);
        // A value that is its own JSON form is recognised as such, and nothing else is.
        expect(isJsonValue(x)).toBe(text !== undefined && sameJson(x, JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps non-finite numbers, wherever they are, with their pointers — inside toJSON results too', () => {
    const got = jsonInput({ a: Infinity, b: [1, NaN], c: { toJSON: () => ({ d: -Infinity }) }, e: new Number(Infinity), 'f/g': [undefined, () => 2] });
    expect(got.value).toStrictEqual({ a: Infinity, b: [1, NaN], c: { d: -Infinity }, e: Infinity, 'f/g': [null, null] });
    expect(got.nonFinite).toEqual(['/input/a', '/input/b/1', '/input/c/d', '/input/e']);
    expect(policyText(got)).toBe('{"a":1e400,"b":[1,1e400],"c":{"d":-1e400},"e":1e400,"f/g":[null,null]}');
  });

  it('calls toJSON with the member key and reads every getter once; refuses cycles and BigInts as JSON does', () => {
    let reads = 0;
    const input = {
      get amount() {
        reads++;
        return 5;
      },
      list: [{ toJSON: (k: string) => `at ${k}` }],
      named: { toJSON: (k: string) => k },
    };
    expect(prepareInput(input, true).json.value).toStrictEqual({ amount: 5, list: ['at 0'], named: 'named' });
    expect(reads).toBe(1);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = { again: cyclic };
    expect(() => jsonInput(cyclic)).toThrow(TypeError);
    expect(() => jsonInput({ n: 1n })).toThrow(TypeError);
    // A key named __proto__ stays a plain member.
    const proto = jsonInput(JSON.parse('{"__proto__":{"x":1}}')).value as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(JSON.stringify(proto)).toBe('{"__proto__":{"x":1}}');
  });
});

describe('the decision log shows the input exactly as the policy saw it', () => {
  it('logs members holding undefined or a function as absent and undefined in lists as null — not masked — and replays them as the same', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    const inputs = [
      { ...base, action: { ...action, card: undefined } },
      { ...base, customers: undefined },
      { ...base, action: { ...action, card: () => 1 } },
      { ...base, customers: [undefined] },
      { ...base, action: { ...action, card: { number: undefined, holder: 'h' } } },
    ];
    const decisions = inputs.map((i) => pact.decide(i));
    await pact.close();
    expect(decisions.map((d) => d.effect)).toEqual(['permit', 'permit', 'permit', 'forbid', 'forbid']);
    for (const r of sink.records) expect(r).not.toHaveProperty('masked');
    const logged = sink.records.map((r) => r.input as { action: Record<string, unknown>; customers?: unknown });
    expect(logged[0]!.action).not.toHaveProperty('card');
    expect(logged[1]).not.toHaveProperty('customers');
    expect(logged[2]!.action).not.toHaveProperty('card');
    expect(logged[3]!.customers).toEqual([null]);
    expect(logged[4]!.action['card']).toEqual({ holder: 'h' });
    expect(sink.text()).not.toContain('***');
    const report = await replayLog(sink.text(), bytes);
    expect(report).toMatchObject({ same: 5, different: 0, skipped: 0, masked: 0, ok: true });
  });

  it('masks what a toJSON method returns, and masks a value of the wrong shape only when it is present in the JSON', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    const card = { toJSON: () => ({ number: '0000-SECRET', holder: 'h' }) };
    // The policy sees the card: its number is in the blocked range.
    expect(pact.decide({ ...base, action: { ...action, card } }).rules).toEqual(['blocked_card']);
    pact.explain({ ...base, action: { ...action, card } });
    pact.decide({ ...base, action: { ...action, card: { toJSON: () => '0000-SECRET' } } });
    pact.decide({ ...base, customers: [{ toJSON: () => ({ id: 'c', email: 'SECRET@x' }) }, new String('SECRET-2')] });
    await pact.close();
    expect(sink.text()).not.toContain('SECRET');
    expect(sink.records.map((r) => r.masked?.filter((p) => p.startsWith('/input')))).toEqual([
      ['/input/action/card/number'],
      ['/input/action/card/number'],
      ['/input/action/card'],
      ['/input/customers/0/email', '/input/customers/1'],
    ]);
    expect(sink.records[0]!.input).toMatchObject({ action: { card: { number: '***', holder: 'h' } } });
  });
});

describe('validation sees what the Wasm sees', () => {
  const date = { ...base, action: { ...action, target: new Date(0) } };
  const boxed = { ...base, action: { ...action, amount: new Number(200) } };

  it('accepts a Date, a boxed number and a toJSON object as their JSON, in wasm and throw mode, and logs that', async () => {
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    for (const input of [date, boxed]) {
      const out = pact.decideDetailed(input);
      expect(out.decision.effect).toBe('permit');
      expect(out.validation).toEqual({ valid: true, errors: [] });
      expect(pact.validate(input)).toEqual({ valid: true, errors: [] });
    }
    await pact.close();
    expect(sink.records[0]!.input).toMatchObject({ action: { target: '1970-01-01T00:00:00.000Z' } });
    expect(sink.records[1]!.input).toMatchObject({ action: { amount: 200 } });
    const strict = await loadBundle(bytes, { validate: 'throw' });
    expect(strict.decide(date).effect).toBe('permit');
    expect(strict.decide(boxed).effect).toBe('permit');
    // What JSON drops is absent for validation too: a required field holding a function is missing.
    const out = strict.decideDetailed.bind(strict);
    expect(() => out({ ...base, action: { ...action, tool: () => 't' } })).toThrow(PactInputError);
    try {
      strict.decide({ ...base, action: { ...action, tool: () => 't' } });
    } catch (e) {
      expect((e as PactInputError).errors.map((x) => x.message)).toEqual(['input.action.tool is required']);
    }
    const lax = await loadBundle(bytes);
    const d = lax.decideDetailed({ ...base, action: { ...action, tool: () => 't' } });
    expect(d.validation?.errors.map((x) => x.message)).toEqual(d.decision.reasons);
  });
});

/** Whether `x` is `json` member for member: plain containers only, no holes, numbers by Object.is. */
function sameJson(x: unknown, json: unknown): boolean {
  if (typeof x !== 'object' || x === null) return Object.is(x, json);
  if (typeof json !== 'object' || json === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  if (Array.isArray(x)) {
    if (proto !== Array.prototype || !Array.isArray(json) || x.length !== json.length) return false;
    for (let i = 0; i < x.length; i++) if (!(i in x) || !sameJson(x[i], json[i])) return false;
    return true;
  }
  if ((proto !== Object.prototype && proto !== null) || Array.isArray(json)) return false;
  const keys = Reflect.ownKeys(x);
  const o = x as Record<string, unknown>;
  const j = json as Record<string, unknown>;
  return keys.length === Object.keys(j).length && keys.every((k) => typeof k === 'string' && Object.hasOwn(j, k) && sameJson(o[k], j[k]));
}
