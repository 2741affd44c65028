/** Masking `@sensitive` input fields: nested, inside lists, erased, and never in place. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isLogError, maskPaths } from '../../src/host/log/index.js';
import { loadBundle, MemorySink } from '../../src/index.js';
import { buildSource } from './host-helpers.js';
import { SENSITIVE } from './log-helpers.js';

describe('maskPaths', () => {
  it('masks nested fields and fields of every list element, with OPA-style pointers', () => {
    const input = {
      action: { tool: 't', card: { number: '4242', holder: 'A' } },
      customers: [
        { id: 'c1', email: 'a@x', notes: [{ text: 'secret 1', at: 1 }, { text: 'secret 2', at: 2 }] },
        { id: 'c2', email: 'b@x' },
        { id: 'c3', email: 'c@x', notes: [] },
      ],
      secrets: ['s1', 's2'],
    };
    const before = JSON.stringify(input);
    const r = maskPaths(input, SENSITIVE);
    expect(r.input).toEqual({
      action: { tool: 't', card: { number: '***', holder: 'A' } },
      customers: [
        { id: 'c1', email: '***', notes: [{ text: '***', at: 1 }, { text: '***', at: 2 }] },
        { id: 'c2', email: '***' },
        { id: 'c3', email: '***', notes: [] },
      ],
      secrets: '***',
    });
    expect(r.masked).toEqual([
      '/input/action/card/number',
      '/input/customers/0/email',
      '/input/customers/1/email',
      '/input/customers/2/email',
      '/input/customers/0/notes/0/text',
      '/input/customers/0/notes/1/text',
      '/input/secrets',
    ]);
    expect(r.erased).toEqual([]);
    expect(JSON.stringify(input)).toBe(before);
    // Changed containers are copied; untouched branches are shared.
    expect((r.input as typeof input).customers[1]).not.toBe(input.customers[1]);
    expect((r.input as typeof input).customers[2]!.notes).toBe(input.customers[2]!.notes);
  });

  it('skips absent fields, masks a present null, and leaves an input without sensitive fields as it is', () => {
    const plain = { action: { tool: 't' }, trust: { score: 1 } };
    const r = maskPaths(plain, SENSITIVE);
    expect(r.input).toBe(plain);
    expect(r.masked).toEqual([]);
    expect(maskPaths({ action: { card: null }, secrets: null }, SENSITIVE)).toEqual({ input: { action: { card: null }, secrets: '***' }, masked: ['/input/secrets'], erased: [] });
    expect(maskPaths(undefined, SENSITIVE)).toEqual({ input: undefined, masked: [], erased: [] });
  });

  it('masks the whole value where a malformed input does not have the declared shape on the way to a sensitive field', () => {
    // An object where a list was declared: its members may be anything, so all of it goes.
    expect(maskPaths({ customers: { email: 'x' } }, SENSITIVE)).toEqual({ input: { customers: '***' }, masked: ['/input/customers'], erased: [] });
    expect(maskPaths({ customers: { a: { email: 'x' } } }, SENSITIVE).input).toEqual({ customers: '***' });
    // A string, a number or a list where a record was declared; an element of the wrong shape.
    expect(maskPaths({ action: { tool: 't', card: '4242 4242' } }, SENSITIVE)).toEqual({
      input: { action: { tool: 't', card: '***' } },
      masked: ['/input/action/card'],
      erased: [],
    });
    expect(maskPaths({ action: ['4242'] }, SENSITIVE).input).toEqual({ action: '***' });
    expect(maskPaths({ customers: [{ id: 'c', email: 'a@x' }, 'b@x', ['c@x'], null] }, SENSITIVE)).toEqual({
      input: { customers: [{ id: 'c', email: '***' }, '***', '***', null] },
      masked: ['/input/customers/0/email', '/input/customers/1', '/input/customers/2'],
      erased: [],
    });
    // An input that is not an object at all, where fields were declared beneath it.
    expect(maskPaths('4242 4242', SENSITIVE)).toEqual({ input: '***', masked: ['/input'], erased: [] });
    // null holds nothing, and the right shape is masked as usual.
    expect(maskPaths({ action: null, customers: null }, SENSITIVE)).toEqual({ input: { action: null, customers: null }, masked: [], erased: [] });
    // An erase rule erases the mis-shaped value.
    expect(maskPaths({ a: 'x' }, [{ path: '/input/a/b', op: 'erase' }])).toEqual({ input: {}, masked: [], erased: ['/input/a'] });
  });

  it('erases on request, recording OPA `erased` pointers; array elements are masked instead', () => {
    const r = maskPaths({ a: { b: 1, c: 2 }, l: [1, 2] }, [{ path: '/input/a/b', op: 'erase' }, { path: '/input/l/*', op: 'erase' }, '/input/a/c']);
    expect(r).toEqual({ input: { a: { c: '***' }, l: ['***', '***'] }, erased: ['/input/a/b'], masked: ['/input/l/0', '/input/l/1', '/input/a/c'] });
    expect(maskPaths({ a: 1 }, [{ path: '/input', op: 'erase' }])).toEqual({ input: undefined, masked: [], erased: ['/input'] });
  });

  it('handles pointer escapes, array indexes, and a member named __proto__', () => {
    const input = JSON.parse('{"a/b":{"~":1},"l":[0,1,2],"__proto__":{"x":"s"}}') as Record<string, unknown>;
    const r = maskPaths(input, ['/input/a~1b/~0', '/input/l/1', '/input/l/7', '/input/__proto__/x']);
    expect(r.masked).toEqual(['/input/a~1b/~0', '/input/l/1', '/input/__proto__/x']);
    const out = r.input as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"a/b":{"~":"***"},"l":[0,"***",2],"__proto__":{"x":"***"}}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('refuses paths that are not pointers under /input', () => {
    for (const bad of ['action/card', '/action/card', '/inputs/x', '']) {
      expect(() => maskPaths({}, [bad])).toThrow(/must be a JSON pointer starting with \/input/);
    }
    try {
      maskPaths({}, ['x']);
    } catch (e) {
      expect(isLogError(e, 'bad-path')).toBe(true);
    }
  });

  it('never lets a sensitive value through, whatever the input', () => {
    const secret = fc.constantFrom('S3CRET-A', 'S3CRET-B');
    const customer = fc.record({ id: fc.string(), email: secret, notes: fc.array(fc.record({ text: secret, at: fc.integer() }), { maxLength: 3 }) });
    const inputs = fc.record(
      {
        action: fc.record({ tool: fc.string(), card: fc.oneof(fc.record({ number: secret, holder: fc.string() }), secret, fc.array(secret)) }),
        customers: fc.oneof(
          fc.array(customer, { maxLength: 3 }),
          fc.dictionary(fc.string({ maxLength: 2 }), customer, { maxKeys: 3 }),
          customer,
          secret,
          fc.array(fc.oneof(customer, secret, fc.array(secret, { maxLength: 2 })), { maxLength: 3 }),
        ),
        secrets: fc.array(secret),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(inputs, (input) => {
        const before = JSON.stringify(input);
        const r = maskPaths(input, SENSITIVE);
        expect(JSON.stringify(r.input)).not.toMatch(/S3CRET/);
        expect(JSON.stringify(input)).toBe(before);
      }),
    );
  });
});

describe('the decision log of a real bundle', () => {
  it('does not log a sensitive value in clear when the input has the wrong shape', async () => {
    const bytes = await buildSource(`pact census version "1.0.0"
input {
  action: { kind: string },
  people?: list<{ name: string, ssn: string @sensitive }>,
}
permit ok when action.kind == "count" because "Counting is fine"
`);
    const sink = new MemorySink();
    const pact = await loadBundle(bytes, { log: sink });
    expect(pact.decide({ action: { kind: 'count' }, people: { ssn: '555-55-5555' } })).toMatchObject({ effect: 'forbid', rules: ['invalid_input'] });
    pact.explain({ action: { kind: 'count' }, people: '555-55-5555' });
    pact.decide({ action: { kind: 'count' }, people: [{ name: 'Ann', ssn: '555-55-5555' }] });
    await pact.close();
    expect(sink.text()).not.toContain('555-55-5555');
    expect(sink.records.map((r) => [r.input, r.masked])).toEqual([
      [{ action: { kind: 'count' }, people: '***' }, ['/input/people']],
      [{ action: { kind: 'count' }, people: '***' }, ['/input/people']],
      [{ action: { kind: 'count' }, people: [{ name: 'Ann', ssn: '***' }] }, ['/input/people/0/ssn']],
    ]);
  });
});
