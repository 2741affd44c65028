/**
 * A hand-built checked pact for the host tests (the checker is not wired into these tests):
 * the spec's `refund_agent` with extra fields exercising every type, annotation and nesting the
 * host schemas and the log's masking care about.
 */
import { T, type CheckedPact, type FieldType, type Json, type RecordType, type Type } from '../../src/check/types.js';

const field = (name: string, type: Type, extra: Partial<FieldType> = {}): FieldType => ({ name, optional: false, type, ...extra });
const opt = (name: string, type: Type, extra: Partial<FieldType> = {}): FieldType => field(name, type, { optional: true, ...extra });
const record = (...fields: FieldType[]): RecordType => ({ kind: 'record', fields });

/** The `Category` enum. */
export const CATEGORY: Type & { kind: 'enum' } = {
  kind: 'enum',
  name: 'Category',
  members: ['read', 'state_mutation', 'money_movement', 'external_communication', 'privileged_retrieval'],
};

/** The input record type. */
export const INPUT: RecordType = record(
  field(
    'action',
    record(
      field('tool', T.string),
      field('category', CATEGORY),
      opt('amount', T.number),
      field('target', T.string),
      opt('tags', { kind: 'list', element: T.string }),
      opt('card', record(field('number', T.string, { sensitive: true }), field('holder', T.string))),
    ),
  ),
  field(
    'trust',
    record(
      field('score', T.number, { trust: 'higher', range: [0, 1], rangeText: ['0', '1'] }),
      field('eval_age', T.duration, { trust: 'lower' }),
      field('open_disputes', T.int, { trust: 'lower', range: [0, 100], rangeText: ['0', '100'] }),
      opt('verified', T.bool, { trust: 'true' }),
    ),
  ),
  opt(
    'customers',
    {
      kind: 'list',
      element: record(
        field('id', T.string),
        field('email', T.string, { sensitive: true }),
        opt('notes', { kind: 'list', element: record(field('text', T.string, { sensitive: true }), field('at', T.int)) }),
      ),
    },
  ),
  opt('secrets', { kind: 'set', element: T.string }, { sensitive: true }),
  opt('approval', record(field('by', T.string), field('role', T.string))),
);

/** The data record type, built-ins last. */
export const DATA: RecordType = record(
  field('refund_limit', T.number),
  field('privileged_tools', { kind: 'set', element: T.string }),
  field('max_ratio', T.number, { range: [0, 1], rangeText: ['0.0', '1.0'] }),
  field('kill_switch', T.bool),
  field('revoked', { kind: 'set', element: T.string }),
);

/** Data defaults. */
export const DEFAULTS: { readonly [key: string]: Json } = {
  refund_limit: 500,
  privileged_tools: ['billing.lookup', 'crm.export'],
  max_ratio: 0.5,
  kill_switch: false,
  revoked: [],
};

/** The pact, with only the parts the host code reads filled in. */
export function samplePact(): CheckedPact {
  const rules = ['read_only', 'small_refund', 'large_refund', 'huge_refund', 'privileged_lookup'].map((text) => ({ name: { text } }));
  return {
    name: 'refund_agent',
    version: '1.2.0',
    input: INPUT,
    data: DATA,
    dataDefaults: DEFAULTS,
    enums: new Map([['Category', CATEGORY]]),
    rules,
  } as unknown as CheckedPact;
}

/** A valid input. */
export function goodInput(): Record<string, unknown> {
  return {
    action: { tool: 'stripe.refund', category: 'money_movement', amount: 200, target: 'cus_1', tags: ['a', 'b'] },
    trust: { score: 0.9, eval_age: 86400, open_disputes: 0 },
  };
}
