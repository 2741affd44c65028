/**
 * `pactc verify BUNDLE --key KEY [--alg ALG] [--scope SCOPE] [--key-id ID]` — check a bundle's
 * signature.
 *
 * Reads the bundle with OPA's load-time checks, then verifies `/.signatures.json` exactly as OPA
 * does (`bundle/sign.ts`): the JWS must verify with the key under the algorithm given here (never
 * the one the token names), the scope must match, and every file — `policy.wasm`, `data.json`,
 * `.manifest`, the schemas — must be listed with its digest. Prints one line,
 * `verified BUNDLE: pact NAME VERSION, revision …, RS256 signature, key "default", N files`, and
 * exits 0; an unsigned, tampered or wrongly keyed bundle prints `pactc: BUNDLE: <why>` and exits
 * 1. An unknown algorithm is a usage error (2).
 *
 * `KEY` is read as OPA's `--verification-key` is: the secret itself for HS*, inline PEM, or the
 * path of a PEM file (public key, certificate or private key). `eval` and `replay` take the same
 * options through {@link verificationOptions}.
 */
import { readFile } from 'node:fs/promises';
import {
  BundleError,
  DEFAULT_ALGORITHM,
  isSigningAlgorithm,
  readBundle,
  verifyBundle,
  type VerifyOptions,
} from '../bundle/index.js';
import { bundleInfo } from '../host/pact.js';
import { absolute, CliError, type Io } from './io.js';
import { keyArgument } from './keys.js';

/** The key options shared by `verify`, `eval` and `replay`. */
export interface KeyOptions {
  readonly key?: string;
  readonly alg?: string;
  readonly scope?: string;
  readonly keyId?: string;
}

/**
 * Turns the key options into verification options (undefined without `--key`). A relative key
 * path is resolved against the command's working directory. `--alg`, `--scope` or `--key-id`
 * without `--key` is a usage error, as is an unknown algorithm.
 */
export async function verificationOptions(opts: KeyOptions, io: Io): Promise<VerifyOptions | undefined> {
  if (opts.key === undefined) {
    const stray = opts.alg !== undefined ? '--alg' : opts.scope !== undefined ? '--scope' : opts.keyId !== undefined ? '--key-id' : undefined;
    if (stray) throw new CliError(`${stray} needs --key`, 2);
    return undefined;
  }
  const alg = opts.alg ?? DEFAULT_ALGORITHM;
  if (!isSigningAlgorithm(alg)) throw new CliError(`unknown signing algorithm \`${alg}\``, 2);
  const key = await keyArgument(opts.key, alg, io);
  return { key, alg, ...(opts.scope !== undefined ? { scope: opts.scope } : {}), ...(opts.keyId !== undefined ? { keyId: opts.keyId } : {}) };
}

/** Runs `pactc verify`; returns the exit status. */
export async function runVerify(path: string, opts: KeyOptions, io: Io): Promise<number> {
  if (opts.key === undefined) throw new CliError('verify needs --key (the public key, certificate, or HMAC secret)', 2);
  const verification = (await verificationOptions(opts, io)) as VerifyOptions;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(absolute(io, path)));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new CliError(`${path}: ${why}`);
  }
  try {
    const bundle = await readBundle(bytes);
    const signed = await verifyBundle(bundle, verification);
    const info = bundleInfo(bundle);
    const scope = signed.scope ? `, scope "${signed.scope}"` : '';
    io.stdout(
      `verified ${path}: pact ${info.name} ${info.version}, revision ${info.revision.slice(0, 12)}, ` +
        `${signed.alg} signature, key "${signed.keyId}"${scope}, ${signed.files.length} files\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
}
