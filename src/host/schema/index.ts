/**
 * Host schemas: what a host needs to know about a pact's documents without the compiler.
 *
 * At build time the compiler turns the checked pact's `input` and `data` record types into
 * artefacts written into the bundle; at run time the host library reads them back as plain JSON:
 *
 * - `json-schema.ts` — `inputJsonSchema` / `dataJsonSchema`: draft 2020-12 JSON Schemas with
 *   `x-pact-*` vendor keywords for what JSON Schema cannot say (trust signals, range bounds as
 *   written, sensitivity, the pact type of every node). The bundle holds them as
 *   `/schema/input.json` and `/schema/data.schema.json` (`schemaFiles`; not `data.json`,
 *   which OPA would load as data).
 * - `validate.ts` — `compileInputValidator`: ajv (strict, all errors) over such a schema, with
 *   errors worded and ordered like the policy's own `invalid_input` reasons
 *   (`input.trust.score must be between 0 and 1`), from the JSON alone.
 * - `sensitive.ts` — `sensitivePaths` / `sensitivePathsFromSchema`: the `@sensitive` input
 *   fields as wildcard JSON pointers (`/input/customers/*\/email`) for the decision log's masking.
 * - `ts-types.ts` — `inputTypeScript`: a `.d.ts` module with `Input`, `Data` and `Decision`.
 *
 * Usage:
 * ```ts
 * // build time
 * const files = schema.schemaFiles(pact);   // { '/schema/input.json': …, '/schema/data.schema.json': … }
 * // run time
 * const check = schema.compileInputValidator(JSON.parse(bundleFiles.get('/schema/input.json')));
 * const { valid, errors } = check(input);   // errors: [{ path, pointer, message, keyword }]
 * ```
 */
export {
  inputJsonSchema,
  dataJsonSchema,
  JSON_SCHEMA_DIALECT,
  INPUT_SCHEMA_PATH,
  DATA_SCHEMA_PATH,
  schemaFiles,
  type PactJsonSchema,
  type PactTypeName,
  type DocumentName,
  rangeText,
} from './json-schema.js';
export {
  compileInputValidator,
  compileDataValidator,
  pactAjv,
  VENDOR_KEYWORDS,
  type DocumentValidator,
  type SchemaError,
  type ValidationResult,
  type ValidatorOptions,
} from './validate.js';
export { sensitivePaths, sensitivePathsFromSchema, escapePointerToken, WILDCARD } from './sensitive.js';
export { inputTypeScript } from './ts-types.js';
