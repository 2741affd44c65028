/**
 * Unit tests of schema validation (`src/eval/validate.ts`): messages, paths and order on
 * hand-built schemas (no parser involved), the null/absence rule, and the `@range` bounds found
 * as written in a checked pact's source.
 */
import { describe, expect, it } from 'vitest';
import { T, type FieldType, type RecordType, type Type } from '../../src/check/types.js';
import { checkSource } from '../../src/check/index.js';
import { documentSchemas, validate, type DocumentSchema } from '../../src/eval/index.js';
import { fieldOf, isRecord } from '../../src/eval/validate.js';

function field(name: string, type: Type, extra: Partial<FieldType> = {}): FieldType {
  return { name, optional: false, type, ...extra };
}

function record(...fields: FieldType[]): RecordType {
  return { kind: 'record', fields };
}

function schema(type: RecordType, root = 'input'): DocumentSchema {
  return { root, type };
}

describe('validate: scalars', () => {
  const s = schema(
    record(
      field('b', T.bool),
      field('i', T.int),
      field('n', T.number),
      field('d', T.duration),
      field('s', T.string),
      field('e', { kind: 'enum', name: 'E', members: ['x', 'y'] }),
    ),
  );
  const ok = { b: false, i: -3, n: 0.5, d: -1.5, s: '', e: 'y' };

  it('accepts a conforming document', () => {
    expect(validate(ok, s)).toEqual([]);
  });

  it.each([
    ['b', 'false', 'input.b must be a bool'],
    ['b', 0, 'input.b must be a bool'],
    ['i', 2.5, 'input.i must be an int'],
    ['i', '2', 'input.i must be an int'],
    ['i', true, 'input.i must be an int'],
    ['n', '0.5', 'input.n must be a number'],
    ['n', Number.POSITIVE_INFINITY, 'input.n must be a number'],
    ['n', Number.NaN, 'input.n must be a number'],
    ['d', '5m', 'input.d must be a duration in seconds'],
    ['s', 1, 'input.s must be a string'],
    ['s', ['a'], 'input.s must be a string'],
    ['e', 'z', 'input.e must be one of "x", "y"'],
    ['e', 1, 'input.e must be one of "x", "y"'],
  ])('reports %s = %j as the wrong type', (name, value, message) => {
    expect(validate({ ...ok, [name]: value }, s)).toEqual([message]);
  });

  it('treats 1.0 as an int, since JSON cannot tell them apart', () => {
    expect(validate({ ...ok, i: 1.0 }, s)).toEqual([]);
  });

  it('reports missing fields in declaration order', () => {
    expect(validate({ s: 'x' }, s)).toEqual([
      'input.b is required',
      'input.i is required',
      'input.n is required',
      'input.d is required',
      'input.e is required',
    ]);
  });

  it('reports an absent or non-object document at the root', () => {
    for (const v of [undefined, null, 1, 'x', true, [], [{}]]) expect(validate(v, s)).toEqual(['input must be an object']);
    expect(validate(null, schema(record(), 'data'))).toEqual(['data must be an object']);
  });

  it('ignores undeclared fields and inherited properties', () => {
    expect(validate({ ...ok, extra: { deep: null } }, s)).toEqual([]);
    const inherited = Object.create({ b: true }) as Record<string, unknown>;
    Object.assign(inherited, { i: 1, n: 1, d: 1, s: 's', e: 'x' });
    expect(validate(inherited, s)).toEqual(['input.b is required']);
  });
});

describe('validate: null and absence', () => {
  const s = schema(record(field('req', T.string), field('opt', T.string, { optional: true })));

  it('treats null on an optional field as absent', () => {
    expect(validate({ req: 'a', opt: null }, s)).toEqual([]);
  });

  it('treats null on a required field as the wrong type, not as missing', () => {
    expect(validate({ req: null }, s)).toEqual(['input.req must be a string']);
  });

  it('checks an optional field that is present', () => {
    expect(validate({ req: 'a', opt: 1 }, s)).toEqual(['input.opt must be a string']);
  });

  it('reads fields the same way in evaluation', () => {
    expect(fieldOf({ a: null }, 'a')).toBeUndefined();
    expect(fieldOf({ a: 0 }, 'a')).toBe(0);
    expect(fieldOf({}, 'toString')).toBeUndefined();
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord({})).toBe(true);
  });
});

describe('validate: collections and records', () => {
  const item = record(field('sku', T.string), field('qty', T.int, { range: [1, 9] }));
  const s = schema(
    record(
      field('tags', { kind: 'set', element: T.string }),
      field('items', { kind: 'list', element: item }),
      field('grid', { kind: 'list', element: { kind: 'list', element: T.number } }),
    ),
  );

  it('checks elements by index, depth first', () => {
    const doc = { tags: ['a', 2], items: [{ sku: 'x', qty: 0 }, 'y', { qty: 1.5 }], grid: [[1], [2, 'x']] };
    expect(validate(doc, s)).toEqual([
      'input.tags[1] must be a string',
      'input.items[0].qty must be between 1 and 9',
      'input.items[1] must be an object',
      'input.items[2].sku is required',
      'input.items[2].qty must be an int',
      'input.grid[1][1] must be a number',
    ]);
  });

  it('reports a wrong collection once without descending', () => {
    expect(validate({ tags: 'a', items: {}, grid: [] }, s)).toEqual(['input.tags must be a set', 'input.items must be a list']);
  });

  it('reports a record that is an array or null as not an object', () => {
    expect(validate({ tags: [], items: [[], null], grid: [] }, s)).toEqual([
      'input.items[0] must be an object',
      'input.items[1] must be an object',
    ]);
  });

  it('quotes field names that are not identifiers', () => {
    const odd = schema(record(field('a-b', T.string), field('ok', record(field('x y', T.bool)))));
    expect(validate({ ok: {} }, odd)).toEqual(['input["a-b"] is required', 'input.ok["x y"] is required']);
  });
});

describe('validate: ranges', () => {
  it('falls back to the numbers when the source text is unknown', () => {
    const s = schema(record(field('r', T.number, { range: [-0.5, 2] })));
    expect(validate({ r: 2 }, s)).toEqual([]);
    expect(validate({ r: -0.5 }, s)).toEqual([]);
    expect(validate({ r: 2.0001 }, s)).toEqual(['input.r must be between -0.5 and 2']);
  });

  it('prints the bounds as written in the source, input and data alike', () => {
    const { pact, diagnostics } = checkSource(
      't.pact',
      [
        'pact t version "1.0.0"',
        'input { a: { b: list<{ c: number @range(0.0, 1.50) }> }, d: duration @range(0, 3600) }',
        'data { lim: int @range(-10, 1e2) = 5 }',
        'permit p because "x"',
      ].join('\n'),
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const schemas = documentSchemas(pact!);
    expect(validate({ a: { b: [{ c: 0.5 }, { c: 2 }] }, d: 3601 }, schemas.input)).toEqual([
      'input.a.b[1].c must be between 0.0 and 1.50',
      'input.d must be between 0 and 3600',
    ]);
    expect(validate({ lim: 101, kill_switch: false, revoked: [] }, schemas.data)).toEqual(['data.lim must be between -10 and 1e2']);
  });
});
