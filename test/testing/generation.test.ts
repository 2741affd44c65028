/**
 * Generation from the schema (`src/testing/arbitraries.ts`) and literal mining
 * (`src/testing/literals.ts`): what is mined from real pacts, how seeds expand, and that the
 * arbitraries keep their promises — conforming inputs conform, malformed ones do not, every
 * rule is reached, a selective `given` still holds often, degradations only degrade, and a
 * counterexample printed as a pact literal parses back to the same input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckedPact, Json } from '../../src/check/types.js';
import { decide, documentSchemas, validate } from '../../src/eval/index.js';
import {
  dataArbitrary,
  degradationArbitrary,
  degrade,
  expandSeeds,
  givenHolds,
  inputArbitrary,
  literalJson,
  malformedInputArbitrary,
  mineSeeds,
  pactLiteral,
  secretsOf,
  trustSignals,
  type Relation,
  type Seed,
} from '../../src/testing/index.js';
import { checkText, fixture, load } from './helpers.js';

const refunds = load('examples/refunds.pact');
const gate = load(fixture('tool-gate.pact'));

function seedsAt(pact: CheckedPact, path: string): Seed[] {
  return mineSeeds(pact).seeds.get(path) ?? [];
}

describe('literal mining', () => {
  it('collects the thresholds of the spec example with the relation each condition wants', () => {
    expect(seedsAt(refunds, 'action.amount')).toEqual(
      expect.arrayContaining([
        { kind: 'number', value: 500, rel: '<=' }, // auto_refund: action.amount <= data.refund_limit
        { kind: 'number', value: 500, rel: '>' }, // … under `unless auto_refund`
        { kind: 'number', value: 10000, rel: '>' },
      ]),
    );
    expect(seedsAt(refunds, 'trust.score')).toEqual(expect.arrayContaining([{ kind: 'number', value: 0.8, rel: '>=' }, { kind: 'number', value: 0.3, rel: '>=' }]));
    expect(seedsAt(refunds, 'trust.eval_age')).toContainEqual({ kind: 'number', value: 30 * 86400, rel: '<=' });
    // `action.tool in data.privileged_tools`: each default element.
    expect(seedsAt(refunds, 'action.tool').map((s) => s.kind === 'string' && s.value)).toEqual(['billing.lookup', 'crm.export']);
    expect(seedsAt(refunds, 'approval.role')).toEqual([{ kind: 'string', value: 'finance-lead', use: 'exact', holds: true }]);
  });

  it('solves arithmetic and follows quantifiers, lower(), len(), globs and data sets', () => {
    expect(seedsAt(gate, 'action.cost')).toEqual([{ kind: 'number', value: 250, rel: '>' }]); // cost * 2 > data.budget
    expect(seedsAt(gate, 'action.recipients[].domain')).toEqual([{ kind: 'string', value: '.example', use: 'suffix', holds: true }]);
    expect(seedsAt(gate, 'action.tool')).toEqual(
      expect.arrayContaining([
        { kind: 'string', value: 'read.', use: 'prefix', holds: true },
        { kind: 'string', value: 'rm.', use: 'prefix', holds: false }, // not (any p in data.blocked_prefixes: …)
        { kind: 'string', value: 'mail.*', use: 'glob', holds: true },
        { kind: 'string', value: 'status', use: 'caseless', holds: true },
      ]),
    );
    expect(seedsAt(gate, 'action.tags[]')).toEqual([{ kind: 'string', value: 'frozen', use: 'exact', holds: true }]);
    expect(seedsAt(gate, 'action.tags')).toEqual([{ kind: 'length', value: 2, rel: '<=' }]);
    expect(seedsAt(gate, 'action.window')).toEqual([{ kind: 'number', value: 7 * 86400, rel: '>' }]);
  });

  it('links input paths compared with each other and records wanted presence', () => {
    const pact = checkText(`pact links version "1.0.0"
      input { action: { target: string, tool: string, note?: string }, session: { ticket: string, tools: set<string> } }
      permit p when action.target == session.ticket and action.tool in session.tools and not has action.note because "x"`);
    const mined = mineSeeds(pact);
    expect(mined.links).toEqual([
      { from: 'session.ticket', to: 'action.target', kind: 'eq', holds: true },
      { from: 'action.target', to: 'session.ticket', kind: 'eq', holds: true },
      { from: 'action.tool', to: 'session.tools', kind: 'member', holds: true },
    ]);
    expect(mined.presence.get('action.note')).toBe(false);
    // Linked paths really meet: most inputs directed at `p` satisfy it.
    const hits = fc.sample(inputArbitrary(pact), { numRuns: 300, seed: 4 }).filter((x) => decide(pact, x).effect === 'permit').length;
    expect(hits).toBeGreaterThan(60);
  });
});

describe('expandSeeds', () => {
  const n = (value: number, rel?: Relation): Seed => ({ kind: 'number', value, ...(rel ? { rel } : {}) });

  it('gives ints ±1, fractions one decimal finer, and stays inside @range', () => {
    expect(expandSeeds([n(10)], { kind: 'int' })).toEqual([10, 9, 11]);
    expect(expandSeeds([n(2.5)], { kind: 'int' })).toEqual([2, 1, 3, 4]); // both sides of 2.5
    expect(expandSeeds([n(0.8)], { kind: 'number' })).toEqual([0.8, 0.79, 0.81]);
    const score = trustSignals(refunds)[0]!.field;
    expect(expandSeeds([n(1), n(0)], score.type, score)).toEqual([1, 0.99, 0, 0.01]);
  });

  it('gives exact neighbours however many digits a threshold has (1e12 + 1 is not rounded back to 1e12)', () => {
    expect(expandSeeds([n(1e12)], { kind: 'int' })).toEqual([1e12, 1e12 - 1, 1e12 + 1]);
    expect(expandSeeds([n(1700000000000)], { kind: 'int' })).toEqual([1700000000000, 1699999999999, 1700000000001]);
    expect(expandSeeds([n(1099511627776)], { kind: 'duration' })).toEqual([1099511627776, 1099511627775, 1099511627777]);
    expect(expandSeeds([n(1e12)], { kind: 'number' })).toEqual([1e12, 1e12 - 1, 1e12 + 1]);
    expect(expandSeeds([n(1000000000000.5)], { kind: 'number' })).toEqual([1000000000000.5, 1000000000000.49, 1000000000000.51]);
    expect(expandSeeds([n(1e12, '>')], { kind: 'int' }, undefined, true)).toEqual([1e12 + 1]);
    // Past 2^53 a step of 1 is lost to rounding: the next doubles, still whole.
    const [, below, above] = expandSeeds([n(1e300)], { kind: 'int' }) as number[];
    expect(below).toBeLessThan(1e300);
    expect(above).toBeGreaterThan(1e300);
    expect(Number.isInteger(below) && Number.isInteger(above)).toBe(true);
  });

  it('makes `x > T` and `x < T` both reachable for any finite T, with whole values for whole types, inside @range', () => {
    const kinds = fc.constantFrom('int' as const, 'number' as const, 'duration' as const);
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e307, max: 1e307 });
    fc.assert(
      fc.property(finite, kinds, (t, kind) => {
        const vs = expandSeeds([n(t)], { kind }) as number[];
        expect(vs.some((v) => v > t)).toBe(true);
        expect(vs.some((v) => v < t)).toBe(true);
        for (const v of vs) expect(Number.isFinite(v) && (kind === 'number' || Number.isInteger(v))).toBe(true);
      }),
      { seed: 1, numRuns: 2000 },
    );
    fc.assert(
      fc.property(finite, finite, finite, kinds, (t, a, b, kind) => {
        const range = [Math.min(a, b), Math.max(a, b)] as const;
        const field = { name: 'x', optional: false, type: { kind }, range };
        for (const v of expandSeeds([n(t)], { kind }, field) as number[]) {
          expect(v >= range[0] && v <= range[1]).toBe(true);
          if (kind !== 'number') expect(Number.isInteger(v)).toBe(true);
        }
      }),
      { seed: 2, numRuns: 2000 },
    );
  });

  it('keeps only the side a focused condition wants', () => {
    expect(expandSeeds([n(1000, '>')], { kind: 'number' }, undefined, true)).toEqual([1001]);
    expect(expandSeeds([n(1000, '<=')], { kind: 'number' }, undefined, true)).toEqual([1000, 999]);
    expect(expandSeeds([n(1000, '!=')], { kind: 'int' }, undefined, true)).toEqual([999, 1001]);
    expect(expandSeeds([n(1000, '>')], { kind: 'number' })).toEqual([1000, 999, 1001]);
  });

  it('makes string variants that do and do not satisfy the use', () => {
    const s = (value: string, use: 'prefix' | 'glob' | 'caseless' | 'exact', holds?: boolean): Seed => ({ kind: 'string', value, use, ...(holds !== undefined ? { holds } : {}) });
    expect(expandSeeds([s('stripe.', 'prefix')], { kind: 'string' })).toEqual(['stripe.', 'stripe.x', 'xstripe.', 'xstripe.x', 'tripe.', 'stripe']);
    expect(expandSeeds([s('stripe.', 'prefix', true)], { kind: 'string' }, undefined, true)).toEqual(['stripe.', 'stripe.x']);
    expect(expandSeeds([s('mail.*', 'glob', true)], { kind: 'string' }, undefined, true)).toEqual(['mail.', 'mail.xy', 'mail.!']);
    expect(expandSeeds([s('mail.*', 'glob', false)], { kind: 'string' }, undefined, true)).toEqual(['!mail.']);
    expect(expandSeeds([s('status', 'caseless', true)], { kind: 'string' }, undefined, true)).toEqual(['status', 'STATUS', 'Status']);
    const e = { kind: 'enum', name: 'E', members: ['a', 'b', 'c'] } as const;
    expect(expandSeeds([s('b', 'exact', false)], e, undefined, true)).toEqual(['a', 'c']);
  });
});

describe('inputArbitrary', () => {
  const pacts: [string, CheckedPact][] = [
    ['refunds', refunds],
    ['tool-gate', gate],
    ['trust_test', load('stdlib/trust_test.pact')],
    ['categories_test', load('stdlib/categories_test.pact')],
  ];

  it.each(pacts)('generates only conforming inputs for %s', (_, pact) => {
    const schema = documentSchemas(pact).input;
    fc.assert(
      fc.property(inputArbitrary(pact), (x) => {
        expect(validate(x, schema)).toEqual([]);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it.each([
    ['refunds', refunds],
    ['tool-gate', gate],
  ] as const)('reaches every rule and every effect of %s', (_, pact) => {
    const seen = new Set<string>();
    for (const x of fc.sample(inputArbitrary(pact), { numRuns: 400, seed: 5 })) {
      const d = decide(pact, x);
      seen.add(d.effect);
      d.rules.forEach((r) => seen.add(r));
    }
    for (const r of ['permit', 'escalate', 'forbid', 'default_deny', ...pact.rules.map((x) => x.name.text)]) expect(seen).toContain(r);
  });

  it('draws a selective given often: the spec example property holds for a good share', () => {
    const given = refunds.properties[0]!.given!;
    const xs = fc.sample(inputArbitrary(refunds, { given }), { numRuns: 400, seed: 9 });
    const hits = xs.filter((x) => givenHolds(refunds, given, x)).length;
    expect(hits / xs.length).toBeGreaterThan(0.15);
  });

  it('asks no set for more distinct elements than its type has (fast-check would never finish)', () => {
    const pact = checkText(`pact sets version "1.0.0"
enum One { only }
enum Two { a, b }
input { one: set<One>, two: set<Two>, flags: set<bool>, pairs: set<{ t: Two, f?: bool }> }
permit many when len(one) >= 2 and len(two) > 5 and len(flags) == 3 because "more than there are"
permit lots when len(pairs) >= 30 because "more than there are"
`);
    const xs = fc.sample(inputArbitrary(pact), { numRuns: 200, seed: 3 });
    const schema = documentSchemas(pact).input;
    expect(xs.every((x) => validate(x, schema).length === 0)).toBe(true);
    const most = (k: string) => Math.max(...xs.map((x) => (x[k] as Json[]).length));
    expect([most('one'), most('two'), most('flags')]).toEqual([1, 2, 2]);
    // t: 2 values × f: absent, null, true or false = 8 distinct records at most.
    expect(most('pairs')).toBeLessThanOrEqual(8);
  });

  it('leaves optional fields out, sets them to null, or fills them', () => {
    const amounts = fc.sample(inputArbitrary(refunds, { directed: false }), { numRuns: 300, seed: 2 }).map((x) => (x['action'] as Record<string, Json>)['amount']);
    expect(amounts.some((a) => a === undefined)).toBe(true);
    expect(amounts.some((a) => a === null)).toBe(true);
    expect(amounts.some((a) => typeof a === 'number')).toBe(true);
  });
});

describe('shrinking', () => {
  // `size` is seeded with 65536 and `score` with 0.3 and 0.7; the predicate fails for every
  // size up to 65536 (0 included) and every score from 0.3 up. fast-check's `constantFrom`
  // shrank a seeded value only towards the first of its list, and cross-shrinking tries one
  // random generic value, so `size: 65536` and `score: 0.7` used to survive on some seeds.
  const pact = checkText(`pact sizes version "1.0.0"
input { action: { size: int }, trust: { score: number @trust(higher) @range(0, 1) } }
forbid big when action.size > 65536 because "Big"
permit p when trust.score >= 0.7 because "P"
permit q when trust.score >= 0.3 and action.size > 5 because "Q"
`);

  it('heads for the simplest value: 0 rather than a seed, the smallest seed that still fails', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const d = fc.check(
        fc.property(inputArbitrary(pact), (x) => {
          const { action, trust } = x as { action: { size: number }; trust: { score: number } };
          return action.size > 65536 || trust.score < 0.3;
        }),
        { seed, numRuns: 200 },
      );
      expect(d.counterexample?.[0], `seed ${seed}`).toEqual({ action: { size: 0 }, trust: { score: 0.3 } });
    }
  });
});

describe('malformedInputArbitrary', () => {
  it('never conforms, and covers every kind of violation', () => {
    const schema = documentSchemas(refunds).input;
    const kinds = new Set<string>();
    for (const x of fc.sample(malformedInputArbitrary(refunds), { numRuns: 400, seed: 3 })) {
      const v = validate(x, schema);
      expect(v.length).toBeGreaterThan(0);
      for (const m of v) {
        if (m === 'input must be an object') kinds.add(x === undefined ? 'absent' : 'not an object');
        else if (m.endsWith('is required')) kinds.add('missing');
        else if (m.includes('must be between')) kinds.add('range');
        else if (m.includes('must be one of')) kinds.add('enum');
        else if (m.includes('must be')) kinds.add('type');
      }
    }
    expect([...kinds].sort()).toEqual(['absent', 'enum', 'missing', 'not an object', 'range', 'type']);
  });
});

describe('data and trust degradation', () => {
  it('varies kill_switch and revoked as asked, keeping the other defaults', () => {
    const ks = fc.sample(dataArbitrary(refunds, { killSwitch: true }), { numRuns: 50, seed: 1 });
    expect(ks.every((d) => d['kill_switch'] === true && d['refund_limit'] === 500)).toBe(true);
    const revoked = new Set(fc.sample(dataArbitrary(refunds), { numRuns: 100, seed: 1 }).flatMap((d) => d['revoked'] as string[]));
    expect([...revoked].sort()).toEqual(['stripe', 'unlisted-secret']);
    expect(secretsOf(refunds)).toEqual(['stripe']);
  });

  it('only ever degrades trust signals, inside their range', () => {
    const signals = trustSignals(gate);
    expect(signals.map((s) => `${s.path.join('.')}:${s.field.trust}`)).toEqual(['trust.score:higher', 'trust.verified:true', 'trust.strikes:lower']);
    const schema = documentSchemas(gate).input;
    let changed = 0;
    fc.assert(
      fc.property(inputArbitrary(gate), degradationArbitrary(gate), (x, targets) => {
        const y = degrade(gate, x, targets);
        if (!y) return;
        changed++;
        expect(validate(y, schema)).toEqual([]);
        const [a, b] = [x['trust'] as Record<string, Json>, y['trust'] as Record<string, Json>];
        expect(b['score'] as number).toBeLessThanOrEqual(a['score'] as number);
        expect(b['strikes'] as number).toBeGreaterThanOrEqual(a['strikes'] as number);
        if (a['verified'] === false) expect(b['verified']).toBe(false);
        expect(y['action']).toEqual(x['action']);
      }),
      { numRuns: 300, seed: 8 },
    );
    expect(changed).toBeGreaterThan(150);
  });
});

describe('pactLiteral', () => {
  it('prints inputs as test-block literals that parse back to the same JSON', () => {
    const keys = fc.oneof(fc.constantFrom('action', 'in', 'by', 'a-b', '', '0', 'ünï'), fc.string({ maxLength: 4 }));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(keys, tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(keys, value, { maxKeys: 4 }), fc.oneof(inputArbitrary(gate), fc.constant({})), (extra, x) => {
        const input = JSON.parse(JSON.stringify({ ...x, ...extra })) as Json;
        const pact = checkText(`pact rt version "1.0.0"\ninput { }\npermit p because "x"\ntest "t" { input = ${pactLiteral(input)} expect permit }`);
        expect(literalJson(pact.tests[0]!.input!)).toEqual(input);
      }),
      { numRuns: 150, seed: 6 },
    );
  });

  it('writes bare keys where the grammar allows', () => {
    expect(pactLiteral({ action: { kind: 'pay', in: 1, 'a-b': [true, null] } })).toBe('{ action: { kind: "pay", in: 1, "a-b": [true, null] } }');
  });
});
