/**
 * JSON Schemas (draft 2020-12) for a pact's `input` and `data` documents.
 *
 * The compiler writes these into the bundle (`/schema/input.json`, `/schema/data.schema.json`:
 * see {@link schemaFiles}) so that
 * a host, which never sees the checked pact, can validate a document and show friendly errors
 * before the policy's own fail-closed check (spec §5 step 2), generate forms or client types,
 * and find the `@sensitive` fields its decision log must mask. The mapping, per pact type:
 *
 * | pact type  | schema                                                                  |
 * |------------|-------------------------------------------------------------------------|
 * | `bool`     | `{"type": "boolean"}`                                                   |
 * | `int`      | `{"type": "integer"}`                                                   |
 * | `number`   | `{"type": "number"}`                                                    |
 * | `duration` | `{"type": "number"}`, described as seconds                              |
 * | `string`   | `{"type": "string"}`                                                    |
 * | enum       | `{"enum": ["a", "b"]}` (no `type`: the members already say `string`)    |
 * | `list<T>`  | `{"type": "array", "items": T}`                                         |
 * | `set<T>`   | the same plus `"uniqueItems": false`: a set is a JSON array whose order  |
 * |            | and duplicates do not matter, so duplicates are accepted, not rejected  |
 * | record     | `{"type": "object", "properties", "required", "additionalProperties": true}` |
 *
 * - `required` lists the non-optional fields in declaration order. An optional field also
 *   accepts JSON `null` (`"type": ["number", "null"]`, or `null` among the enum members), because
 *   the policy treats `null` on an optional field as absence; on a required field `null` is a
 *   value of the wrong type, exactly as in `eval/validate.ts`.
 * - `additionalProperties: true` everywhere: fields not declared are ignored (spec §3).
 * - `@range(lo, hi)` becomes `minimum`/`maximum` (inclusive), and the bounds as written in the
 *   source (`FieldType.rangeText`) go in `x-pact-range`, so that messages print `0.0` or `30d`
 *   when the pact says so, as the policy's own messages do.
 * - The data schema carries each field's default as `default`.
 *
 * Pact facts that JSON Schema has no word for travel as vendor keywords, which
 * `compileInputValidator` registers with ajv so that strict mode accepts them:
 *
 *   `x-pact-document`  `"input"` or `"data"` (root only): the name paths start with
 *   `x-pact-pact`      `{name, version}` (root only)
 *   `x-pact-type`      the pact type of every node: `bool`, `int`, `number`, `duration`,
 *                      `string`, `enum`, `list`, `set`, `record` — it picks the message wording
 *   `x-pact-enum`      the enum's name
 *   `x-pact-trust`     `higher`, `lower`, `true` or `false`: a trust signal and its safer side
 *   `x-pact-range`     `[lo, hi]` as written in the source (strings)
 *   `x-pact-sensitive` `true`: decision logs mask this field (see `sensitive.ts`)
 *
 * Every node also has a `description` in prose saying the same, for people and tools that do
 * not know the vendor keywords. The output is built in a fixed key order, so the same pact
 * always gives the same bytes (bundles are reproducible).
 */
import type { CheckedPact, FieldType, Json, RecordType, TrustDirection, Type } from '../../check/types.js';

/** The JSON Schema dialect of every schema this module writes. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The pact type names `x-pact-type` may hold. */
export type PactTypeName = 'bool' | 'int' | 'number' | 'duration' | 'string' | 'enum' | 'list' | 'set' | 'record';

/** The two documents a pact validates. */
export type DocumentName = 'input' | 'data';

/** A schema node as this module writes it; the vendor keywords are listed in the file header. */
export interface PactJsonSchema {
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly (string | null)[];
  readonly not?: PactJsonSchema;
  readonly items?: PactJsonSchema;
  readonly uniqueItems?: boolean;
  readonly properties?: { readonly [name: string]: PactJsonSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: Json;
  readonly 'x-pact-document'?: DocumentName;
  readonly 'x-pact-pact'?: { readonly name: string; readonly version: string };
  readonly 'x-pact-type'?: PactTypeName;
  readonly 'x-pact-enum'?: string;
  readonly 'x-pact-trust'?: TrustDirection;
  readonly 'x-pact-range'?: readonly [string, string];
  readonly 'x-pact-sensitive'?: boolean;
}

/** The bundle path of the input document's schema. */
export const INPUT_SCHEMA_PATH = '/schema/input.json';

/**
 * The bundle path of the data document's schema. Not `/schema/data.json`: OPA loads every file
 * whose base name is `data.json` as data (here at `data.schema`, outside the bundle's roots, so
 * OPA would refuse the bundle); `data.schema.json` is an opaque file to OPA.
 */
export const DATA_SCHEMA_PATH = '/schema/data.schema.json';

/**
 * The schema files a pact bundle carries, keyed by bundle path, as UTF-8 text: each schema
 * pretty-printed with two-space indents and a final newline (readable, and deterministic, so
 * bundles stay reproducible). `buildPactBundle` adds them to every bundle.
 *
 * @example
 * ```ts
 * const bytes = await buildBundle({ pact: {...}, wasm, data: pact.dataDefaults, files: schemaFiles(pact) });
 * ```
 */
export function schemaFiles(pact: CheckedPact): Record<string, string> {
  return {
    [INPUT_SCHEMA_PATH]: `${JSON.stringify(inputJsonSchema(pact), null, 2)}\n`,
    [DATA_SCHEMA_PATH]: `${JSON.stringify(dataJsonSchema(pact), null, 2)}\n`,
  };
}

/** Returns the draft 2020-12 JSON Schema of the pact's input document. */
export function inputJsonSchema(pact: CheckedPact): PactJsonSchema {
  return documentSchema(pact, 'input', pact.input, undefined);
}

/** Returns the draft 2020-12 JSON Schema of the pact's data document, with defaults. */
export function dataJsonSchema(pact: CheckedPact): PactJsonSchema {
  return documentSchema(pact, 'data', pact.data, pact.dataDefaults);
}

function documentSchema(
  pact: CheckedPact,
  document: DocumentName,
  type: RecordType,
  defaults: { readonly [key: string]: Json } | undefined,
): PactJsonSchema {
  const what =
    document === 'input'
      ? 'The decision input'
      : 'The data document (run-time tunables; a host may replace any field, the rest keep their defaults)';
  const body = recordSchema(type, document === 'input' ? 'input' : undefined, defaults);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: `${pact.name} ${pact.version} ${document}`,
    description: `${what} of pact \`${pact.name}\` version ${pact.version}. Fields not declared here are allowed and ignored.`,
    'x-pact-document': document,
    'x-pact-pact': { name: pact.name, version: pact.version },
    ...body,
  };
}

/** The schema of a record; `root` marks the input document, whose `approval` is built in. */
function recordSchema(
  type: RecordType,
  root: 'input' | undefined,
  defaults: { readonly [key: string]: Json } | undefined,
): PactJsonSchema {
  const properties: { [name: string]: PactJsonSchema } = {};
  for (const f of type.fields) {
    const note = root === 'input' && f.name === 'approval' ? APPROVAL_NOTE : undefined;
    const dflt = defaults && Object.hasOwn(defaults, f.name) ? defaults[f.name] : undefined;
    properties[f.name] = fieldSchema(f, note, dflt);
  }
  return {
    type: 'object',
    'x-pact-type': 'record',
    properties,
    required: type.fields.filter((f) => !f.optional).map((f) => f.name),
    additionalProperties: true,
  };
}

const APPROVAL_NOTE = 'A human approval the host attaches when it re-asks after an `escalate` (built in).';

/** The schema of one field: its type's schema plus what the annotations and optionality add. */
function fieldSchema(f: FieldType, note: string | undefined, dflt: Json | undefined): PactJsonSchema {
  const base = typeSchema(f.type, f.optional);
  const notes: string[] = [];
  if (note) notes.push(note);
  if (base.description) notes.push(base.description);
  if (f.trust) notes.push(trustNote(f.trust));
  let range: readonly [string, string] | undefined;
  if (f.range) {
    range = rangeText(f);
    notes.push(`Between ${range[0]} and ${range[1]} inclusive.`);
  }
  if (f.sensitive) notes.push('Sensitive: masked in decision logs.');
  if (f.optional) notes.push('Optional; `null` is the same as absent.');
  const { description: _, ...rest } = base;
  return {
    ...(notes.length > 0 ? { description: notes.join(' ') } : {}),
    ...rest,
    ...(f.range ? { minimum: f.range[0], maximum: f.range[1], 'x-pact-range': range } : {}),
    ...(f.trust ? { 'x-pact-trust': f.trust } : {}),
    ...(f.sensitive ? { 'x-pact-sensitive': true } : {}),
    ...(dflt !== undefined ? { default: dflt } : {}),
  };
}

/** The bounds of a field's `@range` as written in the source (`String(n)` if the checker gave none). */
export function rangeText(f: FieldType): readonly [string, string] {
  const r = f.range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return f.rangeText ?? [String(r[0]), String(r[1])];
}

function trustNote(t: TrustDirection): string {
  switch (t) {
    case 'higher':
    case 'lower':
      return `Trust signal: ${t} values are safer.`;
    case 'true':
    case 'false':
      return `Trust signal: \`${t}\` is safer.`;
  }
}

/** The schema of a type; `nullable` adds JSON `null` (optional fields). */
function typeSchema(t: Type, nullable: boolean): PactJsonSchema {
  const ty = (json: string): string | readonly string[] => (nullable ? [json, 'null'] : json);
  switch (t.kind) {
    case 'bool':
      return { type: ty('boolean'), 'x-pact-type': 'bool' };
    case 'int':
      return { type: ty('integer'), 'x-pact-type': 'int' };
    case 'number':
      return { type: ty('number'), 'x-pact-type': 'number' };
    case 'duration':
      return { description: 'A duration in seconds.', type: ty('number'), 'x-pact-type': 'duration' };
    case 'string':
      return { type: ty('string'), 'x-pact-type': 'string' };
    case 'enum': {
      const members = nullable ? [...t.members, null] : [...t.members];
      return {
        description: `One of the members of enum \`${t.name}\`.`,
        // JSON Schema forbids an empty `enum`; `not: {}` is the schema nothing satisfies.
        ...(members.length > 0 ? { enum: members } : { not: {} }),
        'x-pact-type': 'enum',
        'x-pact-enum': t.name,
      };
    }
    case 'list':
      return { type: ty('array'), 'x-pact-type': 'list', items: typeSchema(t.element, false) };
    case 'set':
      return {
        description: 'A set: an array whose order does not matter; duplicates are accepted.',
        type: ty('array'),
        'x-pact-type': 'set',
        items: typeSchema(t.element, false),
        uniqueItems: false,
      };
    case 'record': {
      const r = recordSchema(t, undefined, undefined);
      return nullable ? { ...r, type: ['object', 'null'] } : r;
    }
    case 'error':
      // INVARIANT: a CheckedPact holds no error types. Fail closed: a schema nothing satisfies.
      return { description: 'An unresolved type: no value conforms.', not: {} };
  }
}
