/**
 * Validating a document against a schema from the bundle, with the policy's own wording.
 *
 * The host checks an input before it asks the policy, so that an agent or an operator sees what
 * is wrong in plain words. The policy checks it again and fails closed (spec §5 step 2), so this
 * check is a courtesy, not a guard — but its messages should read like the policy's
 * `invalid_input` reasons. They are built with `decision/`'s `violation` helpers from what ajv
 * reports and from the `x-pact-*` keywords of the schema (see `json-schema.ts`), so that for a
 * schema written by `inputJsonSchema` they equal the reasons the reference evaluator gives
 * (`eval/validate.ts`), in the same order:
 *
 *   `required`          → `input.action.tool is required`
 *   `type`              → `input.action.amount must be a number` (`an int`, `a duration in
 *                         seconds`, `a set`, `an object`, … chosen by `x-pact-type`); also
 *                         `not: {}`, the schema of an enum without members
 *   `enum`              → `input.action.category must be one of "read", "write"`
 *   `minimum`/`maximum` → `input.trust.score must be between 0 and 1` (bounds from `x-pact-range`)
 *
 * Works from the JSON alone: nothing here needs the checked pact. Steps:
 * 1. Compile with ajv's draft 2020-12 class in strict mode with `allErrors` and `verbose` (so
 *    each error carries its schema node), after registering the vendor keywords with meta-schemas
 *    (a misspelt `x-pact-trust` value fails compilation rather than being ignored).
 * 2. Map each error to `{ path, pointer, message }`; the path is spelt with `fieldPath`/`indexPath`
 *    by walking the value along ajv's `instancePath` (an array step is an index).
 * 3. Keep one error per location: a value of the wrong type is not also out of range (ajv's
 *    `allErrors` would report an `int` of 1.5 both as not an integer and above its maximum).
 * 4. Sort into schema order — depth first, fields in declaration order, elements by index — the
 *    order the policy reports violations in.
 *
 * Any other keyword (a hand-edited schema) falls back to `PATH ` + ajv's own message.
 */
import { Ajv2020, type ErrorObject, type KeywordDefinition, type ValidateFunction } from 'ajv/dist/2020.js';
import { fieldPath, indexPath, violation, type Expected } from '../../decision/index.js';
import type { PactJsonSchema, PactTypeName } from './json-schema.js';
import { escapePointerToken, unescapePointerToken } from './sensitive.js';

/** One problem with a document, worded like the policy's violation reasons. */
export interface SchemaError {
  /** The value's path from the document root, as in violation messages: `input.action.tags[2]`. */
  readonly path: string;
  /** The same location as a JSON pointer into the document: `/action/tags/2`. */
  readonly pointer: string;
  /** The message, starting with the path: `input.action.tags[2] must be a string`. */
  readonly message: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `enum`, `minimum`, …). */
  readonly keyword: string;
}

/** The outcome of validating one document. */
export interface ValidationResult {
  readonly valid: boolean;
  /** The problems in schema order; empty when `valid`. */
  readonly errors: readonly SchemaError[];
}

/** A compiled validator for one document schema. */
export type DocumentValidator = (value: unknown) => ValidationResult;

/** Options for {@link compileInputValidator}. */
export interface ValidatorOptions {
  /** The name paths start with; defaults to the schema's `x-pact-document`, else `input`. */
  readonly root?: string;
}

const TYPE_NAMES: readonly PactTypeName[] = ['bool', 'int', 'number', 'duration', 'string', 'enum', 'list', 'set', 'record'];

/** The vendor keywords of `json-schema.ts`, with meta-schemas so that strict mode checks them. */
export const VENDOR_KEYWORDS: readonly KeywordDefinition[] = [
  { keyword: 'x-pact-document', schemaType: 'string', metaSchema: { enum: ['input', 'data'] } },
  {
    keyword: 'x-pact-pact',
    schemaType: 'object',
    metaSchema: {
      type: 'object',
      properties: { name: { type: 'string' }, version: { type: 'string' } },
      required: ['name', 'version'],
    },
  },
  { keyword: 'x-pact-type', schemaType: 'string', metaSchema: { enum: TYPE_NAMES } },
  { keyword: 'x-pact-enum', schemaType: 'string' },
  { keyword: 'x-pact-trust', schemaType: 'string', metaSchema: { enum: ['higher', 'lower', 'true', 'false'] } },
  {
    keyword: 'x-pact-range',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
  },
  { keyword: 'x-pact-sensitive', schemaType: 'boolean' },
];

/** Returns an ajv instance for pact schemas: draft 2020-12, strict, all errors, vendor keywords. */
export function pactAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
  for (const k of VENDOR_KEYWORDS) ajv.addKeyword(k);
  return ajv;
}

/**
 * Compiles an input schema (as written by {@link inputJsonSchema} and loaded from the bundle's
 * `/schema/input.json`) into a validator that returns friendly errors in schema order. Works
 * for the data schema too; the path root follows the schema's `x-pact-document`.
 * Throws ajv's error if the schema itself is invalid.
 */
export function compileInputValidator(schema: PactJsonSchema | object, options: ValidatorOptions = {}): DocumentValidator {
  const s = schema as PactJsonSchema;
  const root = options.root ?? s['x-pact-document'] ?? 'input';
  const validate: ValidateFunction = pactAjv().compile(schema);
  return (value: unknown): ValidationResult => {
    if (validate(value)) return { valid: true, errors: [] };
    return { valid: false, errors: friendlyErrors(validate.errors ?? [], value, s, root) };
  };
}

/** Compiles a data schema (`/schema/data.schema.json`); paths start with `data`. */
export function compileDataValidator(schema: PactJsonSchema | object, options: ValidatorOptions = {}): DocumentValidator {
  return compileInputValidator(schema, { root: options.root ?? (schema as PactJsonSchema)['x-pact-document'] ?? 'data' });
}

// ---------------------------------------------------------------------------------------------
// From ajv errors to violations

interface Located {
  readonly error: SchemaError;
  /** Where the error sits, as a string key: one error per location survives. */
  readonly at: string;
  /** Precedence at one location: type and enum errors win over range errors. */
  readonly rank: number;
  /** Schema order: property indexes and element indexes along the path. */
  readonly order: readonly number[];
}

function friendlyErrors(errors: readonly ErrorObject[], value: unknown, schema: PactJsonSchema, root: string): SchemaError[] {
  const located = errors.map((e) => locate(e, value, schema, root));
  const best = new Map<string, Located>();
  for (const l of located) {
    const prior = best.get(l.at);
    if (!prior || l.rank < prior.rank) best.set(l.at, l);
  }
  return [...best.values()].sort((a, b) => compareOrder(a.order, b.order)).map((l) => l.error);
}

function locate(e: ErrorObject, value: unknown, schema: PactJsonSchema, root: string): Located {
  const tokens = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map(unescapePointerToken);
  // Walk the value and the schema along the path: spell the path, find the schema order.
  let path = root;
  let v: unknown = value;
  let s: PactJsonSchema | undefined = schema;
  const order: number[] = [];
  for (const tok of tokens) {
    if (Array.isArray(v)) {
      const i = Number(tok);
      path = indexPath(path, i);
      order.push(i);
      v = v[i];
      s = s?.items;
    } else {
      path = fieldPath(path, tok);
      const keys: string[] = Object.keys(s?.properties ?? {});
      order.push(indexOr(keys, tok));
      v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[tok] : undefined;
      s = s?.properties?.[tok];
    }
  }
  const node = (e.parentSchema ?? {}) as PactJsonSchema;
  const make = (p: string, pointer: string, message: string, rank: number, at: string): Located => ({
    error: { path: p, pointer, message, keyword: e.keyword },
    at,
    rank,
    order,
  });
  switch (e.keyword) {
    case 'required': {
      const name = String((e.params as { missingProperty: string }).missingProperty);
      const keys: string[] = Object.keys(node.properties ?? {});
      order.push(indexOr(keys, name));
      const p = fieldPath(path, name);
      const pointer = `${e.instancePath}/${escapePointerToken(name)}`;
      return make(p, pointer, violation.missing(p), 0, pointer);
    }
    case 'type':
    case 'not':
      return make(path, e.instancePath, violation.type(path, expectedOf(node)), 0, e.instancePath);
    case 'enum': {
      const members = (node.enum ?? []).filter((m): m is string => typeof m === 'string');
      return make(path, e.instancePath, violation.type(path, { kind: 'enum', members }), 0, e.instancePath);
    }
    case 'minimum':
    case 'maximum': {
      const [lo, hi] = node['x-pact-range'] ?? [String(node.minimum ?? '-∞'), String(node.maximum ?? '∞')];
      return make(path, e.instancePath, violation.range(path, lo, hi), 1, e.instancePath);
    }
    default:
      return make(path, e.instancePath, `${path} ${e.message ?? 'is not valid'}`, 2, `${e.instancePath}#${e.schemaPath}`);
  }
}

/** What a `type` error says the value must be, from the node's `x-pact-type` or JSON type. */
function expectedOf(node: PactJsonSchema): Expected {
  switch (node['x-pact-type']) {
    case 'bool':
    case 'int':
    case 'number':
    case 'duration':
    case 'string':
    case 'list':
    case 'set':
      return { kind: node['x-pact-type'] };
    case 'record':
      return { kind: 'object' };
    case 'enum':
      return { kind: 'enum', members: (node.enum ?? []).filter((m): m is string => typeof m === 'string') };
    case undefined:
      break;
  }
  const t = Array.isArray(node.type) ? node.type.find((x) => x !== 'null') : node.type;
  switch (t) {
    case 'boolean':
      return { kind: 'bool' };
    case 'integer':
      return { kind: 'int' };
    case 'number':
      return { kind: 'number' };
    case 'string':
      return { kind: 'string' };
    case 'array':
      return { kind: 'list' };
    default:
      return { kind: 'object' };
  }
}

function indexOr(keys: readonly string[], key: string): number {
  const i = keys.indexOf(key);
  return i < 0 ? keys.length : i;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
