/**
 * The input and data JSON Schemas and the friendly validator: generated from a hand-built
 * checked pact, validated with ajv in strict mode, and cross-checked against the reference
 * evaluator's own schema validation, whose wording the host must match.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldType, RecordType, Type } from '../../src/check/types.js';
import { validate as referenceValidate } from '../../src/eval/validate.js';
import * as schema from '../../src/host/schema/index.js';
import { DATA, DEFAULTS, goodInput, INPUT, samplePact } from './fixture.js';

/** The schema as the host gets it: JSON text read back from the bundle. */
const fromBundle = (s: object): object => JSON.parse(JSON.stringify(s)) as object;

const inputSchema = schema.inputJsonSchema(samplePact());
const check = schema.compileInputValidator(fromBundle(inputSchema));
const messages = (v: unknown): string[] => check(v).errors.map((e) => e.message);

/** Deep-merges `patch` into a good input; `undefined` removes a field. */
function input(patch: Record<string, unknown>): Record<string, unknown> {
  const merge = (base: Record<string, unknown>, p: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...base };
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) delete out[k];
      else if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof out[k] === 'object' && out[k] !== null) {
        out[k] = merge(out[k] as Record<string, unknown>, v as Record<string, unknown>);
      } else out[k] = v;
    }
    return out;
  };
  return merge(goodInput(), patch);
}

describe('inputJsonSchema', () => {
  const props = inputSchema.properties!;
  const action = props.action!.properties!;
  const trust = props.trust!.properties!;

  it('describes the document root as a draft 2020-12 object that allows undeclared fields', () => {
    expect(inputSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(inputSchema.type).toBe('object');
    expect(inputSchema.required).toEqual(['action', 'trust']);
    expect(inputSchema.additionalProperties).toBe(true);
    expect(inputSchema['x-pact-document']).toBe('input');
    expect(inputSchema['x-pact-pact']).toEqual({ name: 'refund_agent', version: '1.2.0' });
    expect(Object.keys(props)).toEqual(['action', 'trust', 'customers', 'secrets', 'approval']);
  });

  it('maps scalar types, with optional fields also accepting null', () => {
    expect(action.tool).toEqual({ type: 'string', 'x-pact-type': 'string' });
    expect(action.amount).toMatchObject({ type: ['number', 'null'], 'x-pact-type': 'number' });
    expect(trust.open_disputes).toMatchObject({ type: 'integer', 'x-pact-type': 'int', minimum: 0, maximum: 100 });
    expect(trust.eval_age).toMatchObject({ type: 'number', 'x-pact-type': 'duration', 'x-pact-trust': 'lower' });
    expect(trust.eval_age!.description).toMatch(/duration in seconds/);
    expect(trust.verified).toMatchObject({ type: ['boolean', 'null'], 'x-pact-trust': 'true' });
  });

  it('maps enums to enum, lists to arrays and sets to arrays with uniqueItems false', () => {
    expect(action.category!.enum).toEqual(['read', 'state_mutation', 'money_movement', 'external_communication', 'privileged_retrieval']);
    expect(action.category!.type).toBeUndefined();
    expect(action.category!['x-pact-enum']).toBe('Category');
    expect(action.tags).toMatchObject({ type: ['array', 'null'], 'x-pact-type': 'list', items: { type: 'string' } });
    expect(props.secrets).toMatchObject({ type: ['array', 'null'], 'x-pact-type': 'set', uniqueItems: false });
    expect(props.secrets!.description).toMatch(/duplicates are accepted/);
  });

  it('carries @trust, @range and @sensitive as vendor keywords and in the description', () => {
    expect(trust.score).toMatchObject({ minimum: 0, maximum: 1, 'x-pact-range': ['0', '1'], 'x-pact-trust': 'higher' });
    expect(trust.score!.description).toBe('Trust signal: higher values are safer. Between 0 and 1 inclusive.');
    expect(action.card!.properties!.number).toMatchObject({ 'x-pact-sensitive': true, description: 'Sensitive: masked in decision logs.' });
    expect(props.secrets!['x-pact-sensitive']).toBe(true);
  });

  it('describes the built-in approval', () => {
    expect(props.approval).toMatchObject({ type: ['object', 'null'], required: ['by', 'role'], additionalProperties: true });
    expect(props.approval!.description).toMatch(/^A human approval/);
  });

  it('prints range bounds as written in the source, like the policy', () => {
    const window: FieldType = { name: 'window', optional: false, type: { kind: 'duration' }, range: [0, 2592000], rangeText: ['0.0', '30d'] };
    const pact = { ...samplePact(), input: { kind: 'record', fields: [window] } } as ReturnType<typeof samplePact>;
    const s = schema.inputJsonSchema(pact);
    expect(s.properties!.window).toMatchObject({ minimum: 0, maximum: 2592000, 'x-pact-range': ['0.0', '30d'] });
    expect(s.properties!.window!.description).toBe('A duration in seconds. Between 0.0 and 30d inclusive.');
    const v = schema.compileInputValidator(fromBundle(s));
    expect(v({ window: 2592001 }).errors.map((e) => e.message)).toEqual(['input.window must be between 0.0 and 30d']);
    expect(referenceValidate({ window: 2592001 }, { root: 'input', type: pact.input })).toEqual(['input.window must be between 0.0 and 30d']);
    expect(schema.inputTypeScript(pact)).toContain('/** A duration in seconds. Between 0.0 and 30d inclusive. */');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(schema.inputJsonSchema(samplePact()))).toBe(JSON.stringify(inputSchema));
  });
});

describe('compileInputValidator', () => {
  it('accepts valid inputs, undeclared fields, null optionals and duplicate set members', () => {
    expect(check(goodInput())).toEqual({ valid: true, errors: [] });
    expect(messages(input({ extra: { anything: [1, 2] }, action: { undeclared: true } }))).toEqual([]);
    expect(messages(input({ action: { amount: null, card: null }, approval: null, customers: null }))).toEqual([]);
    expect(messages(input({ secrets: ['a', 'a'], trust: { score: 0, open_disputes: 100, verified: false } }))).toEqual([]);
    expect(
      messages(input({ customers: [{ id: 'c1', email: 'a@b.c', notes: [{ text: 'x', at: 3 }] }], approval: { by: 'ann', role: 'finance-lead' } })),
    ).toEqual([]);
  });

  it.each([
    ['a missing required field', { action: { tool: undefined } }, ['input.action.tool is required']],
    ['a missing required record', { trust: undefined }, ['input.trust is required']],
    ['a wrong scalar type', { action: { amount: '200' } }, ['input.action.amount must be a number']],
    ['null on a required field', { action: { tool: null } }, ['input.action.tool must be a string']],
    ['a fractional int', { trust: { open_disputes: 1.5 } }, ['input.trust.open_disputes must be an int']],
    ['an int out of range', { trust: { open_disputes: 101 } }, ['input.trust.open_disputes must be between 0 and 100']],
    ['a number out of range', { trust: { score: -0.1 } }, ['input.trust.score must be between 0 and 1']],
    ['a duration as a string', { trust: { eval_age: '30d' } }, ['input.trust.eval_age must be a duration in seconds']],
    ['a bool as a number', { trust: { verified: 1 } }, ['input.trust.verified must be a bool']],
    [
      'an enum non-member',
      { action: { category: 'refund' } },
      ['input.action.category must be one of "read", "state_mutation", "money_movement", "external_communication", "privileged_retrieval"'],
    ],
    ['a list element', { action: { tags: ['ok', 7] } }, ['input.action.tags[1] must be a string']],
    ['a list that is not one', { action: { tags: 'a,b' } }, ['input.action.tags must be a list']],
    ['a set that is not one', { secrets: {} }, ['input.secrets must be a set']],
    ['a record that is not one', { action: [] }, ['input.action must be an object']],
    ['a nested list record', { customers: [{ id: 'c1', email: 'x' }, { id: 2 }] }, ['input.customers[1].id must be a string', 'input.customers[1].email is required']],
    ['the approval', { approval: { by: 'ann' } }, ['input.approval.role is required']],
  ])('words %s like the policy', (_, patch, want) => {
    expect(messages(input(patch))).toEqual(want);
  });

  it('reports every problem, in schema order, with paths and pointers', () => {
    const bad = {
      trust: { open_disputes: 'none', score: 3 },
      action: { tool: 1, category: 'x', amount: null, tags: [1, 'a', 2] },
    };
    const r = check(bad);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.message)).toEqual([
      'input.action.tool must be a string',
      'input.action.category must be one of "read", "state_mutation", "money_movement", "external_communication", "privileged_retrieval"',
      'input.action.target is required',
      'input.action.tags[0] must be a string',
      'input.action.tags[2] must be a string',
      'input.trust.score must be between 0 and 1',
      'input.trust.eval_age is required',
      'input.trust.open_disputes must be an int',
    ]);
    expect(r.errors[3]).toEqual({ path: 'input.action.tags[0]', pointer: '/action/tags/0', message: 'input.action.tags[0] must be a string', keyword: 'type' });
    expect(r.errors[2]).toMatchObject({ path: 'input.action.target', pointer: '/action/target', keyword: 'required' });
  });

  it('reports a missing or non-object input as the policy does', () => {
    expect(messages(undefined)).toEqual(['input must be an object']);
    expect(messages(null)).toEqual(['input must be an object']);
    expect(messages([goodInput()])).toEqual(['input must be an object']);
  });

  it('spells non-identifier keys of a hand-written schema like fieldPath does', () => {
    const v = schema.compileInputValidator({
      type: 'object',
      properties: { 'a b': { type: 'object', properties: { 'c/d': { type: 'integer' } } } },
    });
    expect(v({ 'a b': { 'c/d': 'x' } }).errors).toEqual([
      { path: 'input["a b"]["c/d"]', pointer: '/a b/c~1d', message: 'input["a b"]["c/d"] must be an int', keyword: 'type' },
    ]);
  });

  it('falls back to ajv wording for keywords pactc does not write', () => {
    const v = schema.compileInputValidator({ type: 'object', properties: { s: { type: 'string', minLength: 3 } } });
    expect(v({ s: 'ab' }).errors.map((e) => e.message)).toEqual(['input.s must NOT have fewer than 3 characters']);
  });

  it('registers the vendor keywords with meta-schemas, so strict mode rejects bad values', () => {
    expect(() => schema.compileInputValidator({ type: 'number', 'x-pact-trust': 'sideways' })).toThrow();
    expect(() => schema.compileInputValidator({ type: 'number', 'x-pact-range': ['0'] })).toThrow();
    expect(() => schema.compileInputValidator({ type: 'number', 'x-pact-unknown': 1 })).toThrow(/unknown keyword/);
  });
});

describe('dataJsonSchema', () => {
  const dataSchema = schema.dataJsonSchema(samplePact());
  const checkData = schema.compileDataValidator(fromBundle(dataSchema));

  it('lists every data field with its default, built-ins included', () => {
    expect(dataSchema['x-pact-document']).toBe('data');
    expect(dataSchema.required).toEqual(['refund_limit', 'privileged_tools', 'max_ratio', 'kill_switch', 'revoked']);
    expect(dataSchema.properties!.refund_limit!.default).toBe(500);
    expect(dataSchema.properties!.privileged_tools!.default).toEqual(['billing.lookup', 'crm.export']);
    expect(dataSchema.properties!.kill_switch!.default).toBe(false);
  });

  it('accepts the defaults and words violations with the data root', () => {
    expect(checkData(DEFAULTS).valid).toBe(true);
    expect(checkData({ ...DEFAULTS, refund_limit: '500', max_ratio: 2, revoked: undefined }).errors.map((e) => e.message)).toEqual([
      'data.refund_limit must be a number',
      'data.max_ratio must be between 0.0 and 1.0',
      'data.revoked is required',
    ]);
  });
});

describe('sensitive paths', () => {
  it('are the same from the checked pact and from the schema JSON', () => {
    const want = ['/input/action/card/number', '/input/customers/*/email', '/input/customers/*/notes/*/text', '/input/secrets'];
    expect(schema.sensitivePaths(samplePact())).toEqual(want);
    expect(schema.sensitivePathsFromSchema(fromBundle(inputSchema))).toEqual(want);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: the host's messages equal the reference evaluator's violation reasons.

/** Values around a type: mostly conforming, sometimes wrong, absent, null or out of range. */
function around(t: Type, field?: FieldType): fc.Arbitrary<unknown> {
  const junk = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, -0.25, 1e21),
    fc.string({ maxLength: 3 }),
    fc.constant([]),
    fc.constant({}),
  );
  let valid: fc.Arbitrary<unknown>;
  switch (t.kind) {
    case 'bool':
      valid = fc.boolean();
      break;
    case 'int':
      valid = field?.range ? fc.integer({ min: field.range[0] - 2, max: field.range[1] + 2 }) : fc.integer();
      break;
    case 'number':
    case 'duration':
      valid = field?.range
        ? fc.double({ min: field.range[0] - 1, max: field.range[1] + 1, noNaN: true })
        : fc.double({ noNaN: true, noDefaultInfinity: true });
      break;
    case 'string':
      valid = fc.string({ maxLength: 4 });
      break;
    case 'enum':
      valid = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...t.members) }, { weight: 1, arbitrary: fc.constant('bogus') });
      break;
    case 'list':
    case 'set':
      valid = fc.array(around(t.element), { maxLength: 3 });
      break;
    case 'record': {
      // A field is left out rarely when required, often when optional.
      const fields = t.fields.map((f) =>
        fc.oneof({ weight: f.optional ? 1 : 20, arbitrary: around(f.type, f) }, { weight: 1, arbitrary: fc.constant(ABSENT) }),
      );
      valid = fc.tuple(...fields).map((vs) => {
        const out: Record<string, unknown> = {};
        t.fields.forEach((f, i) => {
          if (vs[i] !== ABSENT) out[f.name] = vs[i];
        });
        return out;
      });
      break;
    }
    case 'error':
      valid = junk;
  }
  return fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

const ABSENT = Symbol('absent');

describe('agreement with the reference evaluator', () => {
  const reference = (v: unknown, root: string, type: RecordType): string[] => referenceValidate(v, { root, type });

  it('gives the same messages in the same order for any input', () => {
    const seen = { valid: 0, one: 0, several: 0 };
    fc.assert(
      fc.property(around(INPUT), (v) => {
        const got = messages(v);
        expect(got).toEqual(reference(v, 'input', INPUT));
        if (got.length === 0) seen.valid++;
        else if (got.length === 1) seen.one++;
        else seen.several++;
      }),
      { numRuns: 1500 },
    );
    // The generator must exercise all three outcomes, or the agreement means little.
    expect(Math.min(seen.valid, seen.one, seen.several)).toBeGreaterThan(50);
  });

  it('gives the same messages in the same order for any data', () => {
    const checkData = schema.compileDataValidator(fromBundle(schema.dataJsonSchema(samplePact())));
    fc.assert(
      fc.property(around(DATA), (v) => {
        expect(checkData(v).errors.map((e) => e.message)).toEqual(reference(v, 'data', DATA));
      }),
      { numRuns: 500 },
    );
  });
});

describe('degenerate types', () => {
  it('writes an enum without members as a schema nothing satisfies, and ajv accepts it', () => {
    const empty: Type = { kind: 'enum', name: 'Nothing', members: [] };
    const pact = { ...samplePact(), input: { kind: 'record', fields: [{ name: 'e', optional: false, type: empty }] } } as ReturnType<typeof samplePact>;
    const s = schema.inputJsonSchema(pact);
    expect(s.properties!.e).toMatchObject({ not: {}, 'x-pact-type': 'enum' });
    const v = schema.compileInputValidator(fromBundle(s));
    expect(v({ e: 'x' }).errors.map((e) => e.message)).toEqual(['input.e must be one of ']);
    expect(referenceValidate({ e: 'x' }, { root: 'input', type: pact.input })).toEqual(['input.e must be one of ']);
  });
});
