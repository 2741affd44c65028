/**
 * Opening a bundle for the embedded host: bytes in, everything one revision decides with out.
 *
 * Two steps, split so that a hot swap can do the slow, fallible part while decisions go on:
 *
 * 1. `openBundle(source, verification?)` — asynchronous, touches nothing shared:
 *    read the file (or take the bytes), digest them (`bundle_digest` in every log record: SHA-256
 *    of the bundle file), `readBundle` with OPA's checks, verify the signature when a key is
 *    given (before anything from the bundle runs: a tampered `policy.wasm` is never
 *    instantiated), require a pactc bundle (both entrypoints of one pact), and parse the schema
 *    files. Errors are the bundle phase's `BundleError`s, with the path in the message when the
 *    source was a path.
 * 2. `instantiate(opened, mode)` — compiles the validators (ajv) from the schemas, the masking
 *    plan from the sensitive paths, and instantiates `policy.wasm` with
 *    `@open-policy-agent/opa-wasm`. The result, an {@link Instance}, is immutable apart from the
 *    data pushed into its Wasm memory.
 *
 * A bundle built before the schema files existed still loads: it decides and logs as usual, but
 * has no friendly validation and masks nothing (its `sensitivePaths` are empty); `validate:
 * 'throw'` refuses it with `PactError('no-schema')`.
 */
import { readFile } from 'node:fs/promises';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import {
  BundleError,
  pactEntrypoints,
  readBundle,
  verifyBundle,
  type BundleContents,
  type VerifiedSignature,
  type VerifyOptions,
} from '../bundle/index.js';
import { isDataObject, type DataObject } from './data-state.js';
import { PactError } from './errors.js';
import { bundleDigest, compileMaskRules, type MaskPlan } from './log/index.js';
import {
  compileDataValidator,
  compileInputValidator,
  DATA_SCHEMA_PATH,
  INPUT_SCHEMA_PATH,
  sensitivePathsFromSchema,
  type DocumentValidator,
  type PactJsonSchema,
} from './schema/index.js';

/** What identifies a loaded bundle in decisions and logs. */
export interface BundleInfo {
  /** The pact's name (`metadata.pact.name`). */
  readonly name: string;
  /** The pact's version (`metadata.pact.version`). */
  readonly version: string;
  /** The manifest's `revision`: a content digest of the bundle's files. */
  readonly revision: string;
  /**
   * Lowercase hex SHA-256 of the bundle file's bytes, logged as `bundle_digest`; empty for a
   * pact made with `Pact.fromWasm` (there is no bundle file).
   */
  readonly digest: string;
  /** What the signature check established, when the bundle was verified with a key. */
  readonly signature?: VerifiedSignature;
}

/** A bundle read, checked and verified, not yet instantiated. */
export interface OpenedBundle {
  readonly info: BundleInfo;
  /** The `policy.wasm` module. */
  readonly wasm: Uint8Array;
  /** The pact's data defaults: `data.json`'s `pact.NAME` object. */
  readonly defaults: DataObject;
  /** `/schema/input.json`, when the bundle has it. */
  readonly inputSchema?: PactJsonSchema;
  /** `/schema/data.schema.json`, when the bundle has it. */
  readonly dataSchema?: PactJsonSchema;
}

/** The SDK's loaded policy. */
export type Policy = Awaited<ReturnType<typeof loadPolicy>>;

/** An instantiated bundle: everything one revision decides with. */
export interface Instance {
  readonly info: BundleInfo;
  readonly policy: Policy;
  readonly defaults: DataObject;
  /** `pact/NAME/decision` */
  readonly decisionPath: string;
  /** `pact/NAME/explain` */
  readonly explainPath: string;
  readonly validateInput: DocumentValidator | undefined;
  readonly validateData: DocumentValidator | undefined;
  /**
   * The pact's declared data fields (`kill_switch` and `revoked` included): those of the data
   * schema, and of the defaults in `data.json`, which hold every declared field. Undefined for a
   * bare `policy.wasm` (`Pact.fromWasm`): no bundle declares its fields, and like the policy it
   * takes any.
   */
  readonly dataFields: readonly string[] | undefined;
  /** The `@sensitive` input fields as wildcard pointers (`/input/card/number`). */
  readonly sensitivePaths: readonly string[];
  /** The same, compiled for masking. */
  readonly mask: MaskPlan;
}

/** How strictly the host validates inputs; see `LoadOptions.validate`. */
export type ValidateMode = 'wasm' | 'throw';

/**
 * Reads, checks and (with `verification`) verifies a bundle given as a path or as its bytes.
 * Throws a `BundleError` saying what is wrong (for a path, prefixed with it).
 */
export async function openBundle(source: string | Uint8Array, verification?: VerifyOptions): Promise<OpenedBundle> {
  const where = typeof source === 'string' ? `${source}: ` : '';
  try {
    const bytes = typeof source === 'string' ? await readBytes(source) : source;
    const bundle = await readBundle(bytes);
    const signature = verification ? await verifyBundle(bundle, verification) : undefined;
    const info = { ...bundleInfo(bundle, bundleDigest(bytes)), ...(signature ? { signature } : {}) };
    for (const ep of pactEntrypoints(info.name)) {
      if (!bundle.manifest.wasm.some((w) => w.entrypoint === ep)) {
        throw new BundleError('invalid-manifest', `invalid bundle: not a pact bundle: the manifest has no '${ep}' entrypoint`);
      }
    }
    const defaults = (bundle.data['pact'] as Record<string, unknown> | undefined)?.[info.name];
    const inputSchema = schemaFile(bundle, INPUT_SCHEMA_PATH);
    const dataSchema = schemaFile(bundle, DATA_SCHEMA_PATH);
    return {
      info,
      wasm: bundle.wasm,
      defaults: isDataObject(defaults) ? defaults : {},
      ...(inputSchema ? { inputSchema } : {}),
      ...(dataSchema ? { dataSchema } : {}),
    };
  } catch (e) {
    if (e instanceof BundleError) throw new BundleError(e.reason, `${where}${e.message}`, { cause: e.cause });
    throw e;
  }
}

/**
 * Compiles validators and masks and instantiates the Wasm. With `mode: 'throw'` a bundle
 * without `/schema/input.json` is refused (`PactError('no-schema')`).
 */
export async function instantiate(opened: OpenedBundle, mode: ValidateMode): Promise<Instance> {
  const { info } = opened;
  if (mode === 'throw' && !opened.inputSchema) {
    throw new PactError('no-schema', `bundle of pact \`${info.name}\` has no ${INPUT_SCHEMA_PATH}, which \`validate: 'throw'\` needs (rebuild it with this pactc)`);
  }
  const sensitivePaths = opened.inputSchema ? sensitivePathsFromSchema(opened.inputSchema) : [];
  const [decisionPath, explainPath] = pactEntrypoints(info.name);
  const compile = (schema: PactJsonSchema | undefined, path: string, f: typeof compileInputValidator): DocumentValidator | undefined => {
    if (!schema) return undefined;
    try {
      return f(schema);
    } catch (e) {
      throw new BundleError('invalid-structured-file', `invalid bundle: ${path} is not a valid schema (${(e as Error).message})`, { cause: e });
    }
  };
  return {
    info,
    policy: await loadPolicy(opened.wasm),
    defaults: opened.defaults,
    decisionPath,
    explainPath,
    validateInput: compile(opened.inputSchema, INPUT_SCHEMA_PATH, compileInputValidator),
    validateData: compile(opened.dataSchema, DATA_SCHEMA_PATH, compileDataValidator),
    dataFields: declaredDataFields(opened.defaults, opened.dataSchema),
    sensitivePaths,
    mask: compileMaskRules(sensitivePaths),
  };
}

/** An instance of a bare `policy.wasm` (no bundle: no schemas, nothing masked). */
export async function instantiateWasm(info: BundleInfo, wasm: Uint8Array, defaults: DataObject): Promise<Instance> {
  const [decisionPath, explainPath] = pactEntrypoints(info.name);
  return {
    info,
    policy: await loadPolicy(wasm),
    defaults,
    decisionPath,
    explainPath,
    validateInput: undefined,
    validateData: undefined,
    dataFields: undefined,
    sensitivePaths: [],
    mask: compileMaskRules([]),
  };
}

/** The data fields a bundle's pact declares: its schema's properties, its defaults' fields, and the built-ins. */
function declaredDataFields(defaults: DataObject, schema: PactJsonSchema | undefined): readonly string[] {
  return [...new Set([...Object.keys(schema?.properties ?? {}), ...Object.keys(defaults), 'kill_switch', 'revoked'])];
}

/** The pact's identity from a bundle's manifest; `digest` is the bundle file's SHA-256 (or ''). */
export function bundleInfo(bundle: BundleContents, digest = ''): BundleInfo {
  const meta = (bundle.manifest.metadata as { pact?: { name?: unknown; version?: unknown } } | undefined)?.pact;
  const name = typeof meta?.name === 'string' ? meta.name : (bundle.roots[0] ?? '').replace(/^pact\//, '');
  const version = typeof meta?.version === 'string' ? meta.version : '';
  return { name, version, revision: bundle.manifest.revision, digest };
}

/** Parses a schema file of the bundle; a malformed one is an invalid bundle. */
function schemaFile(bundle: BundleContents, path: string): PactJsonSchema | undefined {
  const bytes = bundle.files.get(path);
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new BundleError('invalid-structured-file', `invalid bundle: ${path} is not JSON (${(e as Error).message})`, { cause: e });
  }
  if (!isDataObject(value)) throw new BundleError('invalid-structured-file', `invalid bundle: ${path} is not a JSON Schema object`);
  return value as PactJsonSchema;
}

/** Reads a bundle file; a missing or unreadable file is a `BundleError` like any bad bundle. */
async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a bundle file' : (e as Error).message;
    throw new BundleError('read-failed', `cannot read the bundle: ${why}`, { cause: e });
  }
}
