/**
 * Bundle signing and verification in OPA's format (opa-wasm-abi.md §12).
 *
 * Signing. `.signatures.json` is `{"signatures":["<compact JWS>"]}`, pretty-printed with a one-space
 * indent as OPA's `json.MarshalIndent(…, "", " ")` writes it. The JWS (made by `jose`, never by
 * hand) has the protected header `{"alg":ALG,"kid":KEY_ID}` and the payload
 *
 *   {"files":[{"name":"data.json","hash":"<hex>","algorithm":"SHA-256"}, …],"keyid":KEY_ID,"scope":SCOPE}
 *
 * with one entry per bundle file except the signatures file, in archive order, `name` being the
 * tar path without its leading `/` and `hash` the digest of canonical.ts. `keyid` is the deprecated
 * claim OPA still adds when it signs without a claims file; `scope` appears only when given.
 * KEY_ID defaults to `default`, the id `opa build` and `opa run` use for `--signing-key` and
 * `--verification-key`. RS256 (OPA's default), RS384/512, PS256/384/512, ES256/384/512 and
 * HS256/384/512 are supported. RS and HS signatures are deterministic; PS and ES signatures are
 * randomised by the algorithms, so a bundle signed with them differs from build to build.
 *
 * Keys. Asymmetric keys are PEM text (PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`, SEC1
 * `EC PRIVATE KEY`; for verification also SPKI `PUBLIC KEY`, PKCS#1 `RSA PUBLIC KEY`, an X.509
 * `CERTIFICATE`, or a private key) or a Node `KeyObject`; they are parsed by `node:crypto`, as OPA
 * parses the same PEM block types. An HMAC key is the secret itself (a string's UTF-8 bytes, as
 * OPA's `[]byte(key)`). `resolveKeyArgument` turns a command-line value into key material the way
 * OPA's `--signing-key` does: the secret itself for HS*, inline PEM, or a path to a PEM file.
 *
 * Verification (`verifyBundle`) follows OPA's reader and `DefaultVerifier`:
 *   1. the bundle must have a signatures file (`bundle is not signed`) holding exactly one JWS;
 *   2. the algorithm is the caller's (default RS256), never the token's: a token whose header
 *      names another algorithm is rejected with a message saying so;
 *   3. the signature must verify with the key (`jose.compactVerify`);
 *   4. the payload `scope` must equal the expected scope ("" when none is given);
 *   5. every file but the signatures file must be listed (`file X not included in bundle
 *      signature`) with a matching digest (`digest mismatch for X`), using the hash algorithm the
 *      entry names (OPA's eight names); and every listed file must exist.
 * The key id does not select anything here — there is one key — and is reported back: the
 * caller's `keyId`, else the header `kid`, else the payload `keyid` (OPA's precedence).
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { canonicalBytes, isStructuredFile } from './canonical.js';
import { BundleError } from './error.js';
import { isSignaturesPath, readBundle, type SignaturesFile } from './read.js';
import type { TarEntry } from './tar.js';

/** The JWS algorithms OPA's bundle signing supports. */
export const SIGNING_ALGORITHMS = [
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'HS256', 'HS384', 'HS512',
] as const;

/** A JWS algorithm OPA's bundle signing supports. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** OPA's default signing and verification algorithm. */
export const DEFAULT_ALGORITHM: SigningAlgorithm = 'RS256';

/** The key id `opa build`/`opa run` use when none is configured. */
export const DEFAULT_KEY_ID = 'default';

/** Key material: PEM text or an HMAC secret string, raw secret bytes, or a Node `KeyObject`. */
export type KeyInput = string | Uint8Array | KeyObject;

/** How to sign a bundle. */
export interface SigningOptions {
  /** The private key (PEM or `KeyObject`), or the HMAC secret for HS*. */
  readonly key: KeyInput;
  /** The algorithm; RS256 when absent. */
  readonly alg?: SigningAlgorithm;
  /** The `kid` header (and deprecated `keyid` claim); `default` when absent. */
  readonly keyId?: string;
  /** A scope claim, for consumers that configure `signing.scope`. */
  readonly scope?: string;
}

/** How to verify a bundle. */
export interface VerifyOptions {
  /** The public key, certificate or private key (PEM or `KeyObject`), or the HMAC secret. */
  readonly key: KeyInput;
  /** The algorithm the key is for; RS256 when absent, as in OPA. */
  readonly alg?: SigningAlgorithm;
  /** The configured key id; only reported back (see the header comment). */
  readonly keyId?: string;
  /** The scope the bundle must have been signed for; "" (no scope claim) when absent. */
  readonly scope?: string;
}

/** One entry of the `files` claim. */
export interface SignedFile {
  readonly name: string;
  readonly hash: string;
  readonly algorithm: string;
}

/** What a successful verification established. */
export interface VerifiedSignature {
  readonly alg: SigningAlgorithm;
  readonly keyId: string;
  readonly scope: string;
  readonly files: readonly SignedFile[];
}

/** The minimum a bundle must expose to be verified (what `readBundle` returns). */
export interface VerifiableBundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly signatures?: SignaturesFile;
}

/** OPA's hash algorithm names and their `node:crypto` names. */
const HASHES: Readonly<Record<string, string>> = {
  'MD5': 'md5',
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA-512-224': 'sha512-224',
  'SHA-512-256': 'sha512-256',
};

/** Returns whether `alg` is a supported signing algorithm. */
export function isSigningAlgorithm(alg: string): alg is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(alg);
}

/**
 * Returns a file's digest with one of OPA's hash algorithms (lowercase hex): canonical JSON for
 * structured files, raw bytes otherwise. Throws a `BundleError` for an unknown algorithm name.
 */
export function digestWith(algorithm: string, path: string, bytes: Uint8Array): string {
  const node = HASHES[algorithm];
  if (!node) {
    throw new BundleError('unsupported-algorithm', `unsupported hashing algorithm '${algorithm}' for file ${path}`);
  }
  return createHash(node).update(isStructuredFile(path) ? canonicalBytes(bytes, path) : bytes).digest('hex');
}

function keyError(message: string, cause?: unknown): BundleError {
  return new BundleError('invalid-key', message, { cause });
}

function checkAlgorithm(alg: string): SigningAlgorithm {
  if (!isSigningAlgorithm(alg)) {
    throw new BundleError(
      'unsupported-algorithm',
      `unsupported signing algorithm '${alg}' (use one of ${SIGNING_ALGORITHMS.join(', ')})`,
    );
  }
  return alg;
}

/** The curve each ES algorithm requires, by its OpenSSL name. */
const CURVES: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** Checks that an asymmetric key suits `alg`, with a message naming both. */
function checkKeyFits(key: KeyObject, alg: SigningAlgorithm, role: string): KeyObject {
  const type = key.asymmetricKeyType;
  if (alg.startsWith('RS') || alg.startsWith('PS')) {
    const kind = type === 'ec' ? 'an EC' : `a ${type ?? 'secret'}`;
    if (type !== 'rsa') throw keyError(`${role} is ${kind} key but ${alg} needs an RSA key`);
  } else {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (type !== 'ec' || curve !== CURVES[alg]) {
      const got = `${type ?? 'secret'}${curve ? ` ${curve}` : ''}`;
      throw keyError(`${role} is not an EC key on the curve ${alg} needs (${CURVES[alg]}); got ${got}`);
    }
  }
  return key;
}

/** Returns the HMAC secret bytes of a key input. */
function hmacSecret(key: KeyInput, role: string): Uint8Array {
  let secret: Uint8Array;
  if (typeof key === 'string') secret = new TextEncoder().encode(key);
  else if (key instanceof KeyObject) {
    if (key.type !== 'secret') throw keyError(`${role} must be a secret for HMAC algorithms, not a ${key.type} key`);
    secret = key.export();
  } else secret = key;
  if (secret.byteLength === 0) throw keyError(`${role} is an empty HMAC secret`);
  return secret;
}

/** Returns the private key (or HMAC secret) to sign with. */
function signingKey(key: KeyInput, alg: SigningAlgorithm): KeyObject | Uint8Array {
  if (alg.startsWith('HS')) return hmacSecret(key, 'signing key');
  if (key instanceof KeyObject) {
    if (key.type !== 'private') throw keyError(`signing key must be a private key, not a ${key.type} key`);
    return checkKeyFits(key, alg, 'signing key');
  }
  const pem = Buffer.from(key).toString('utf8');
  if (/-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem) && !/-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) {
    const what = pem.includes('CERTIFICATE') ? 'a certificate' : 'a public key';
    throw keyError(`signing key is not a PEM private key: it is ${what}; sign with the private key (the public key verifies)`);
  }
  try {
    return checkKeyFits(createPrivateKey({ key: pem, format: 'pem' }), alg, 'signing key');
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw keyError(`signing key is not a PEM private key (PKCS#8, PKCS#1 or SEC1): ${(e as Error).message}`, e);
  }
}

/**
 * Checks that `key` can sign with `alg` — a private key of the right kind, or a non-empty HMAC
 * secret — without signing anything; throws the `BundleError` (`invalid-key`) signing would.
 */
export function checkSigningKey(key: KeyInput, alg: SigningAlgorithm = DEFAULT_ALGORITHM): void {
  signingKey(key, checkAlgorithm(alg));
}

/** Returns the public key (or HMAC secret) to verify with. */
function verificationKey(key: KeyInput, alg: SigningAlgorithm): KeyObject | Uint8Array {
  if (alg.startsWith('HS')) return hmacSecret(key, 'verification key');
  if (key instanceof KeyObject) {
    if (key.type === 'secret') throw keyError(`verification key is a secret but ${alg} needs a public key`);
    return checkKeyFits(key.type === 'private' ? createPublicKey(key) : key, alg, 'verification key');
  }
  const pem = Buffer.from(key).toString('utf8');
  try {
    const k = pem.includes('-----BEGIN CERTIFICATE-----')
      ? new X509Certificate(pem).publicKey
      : createPublicKey({ key: pem, format: 'pem' }); // also derives the public half of a private key
    return checkKeyFits(k, alg, 'verification key');
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw keyError(`verification key is not a PEM public key, certificate or private key: ${(e as Error).message}`, e);
  }
}

/**
 * Turns a command-line key argument into key material as OPA's `--signing-key` and
 * `--verification-key` do: for HS* the argument is the secret; otherwise inline PEM is used as is
 * and anything else is read as the path of a PEM file.
 */
export async function resolveKeyArgument(arg: string, alg: SigningAlgorithm = DEFAULT_ALGORITHM): Promise<string> {
  if (alg.startsWith('HS') || arg.includes('-----BEGIN ')) return arg;
  try {
    return await readFile(arg, 'utf8');
  } catch (e) {
    throw keyError(`cannot read key file '${arg}': ${(e as Error).message}`, e);
  }
}

/** Lists the files of a bundle with SHA-256 digests, skipping the signatures file. */
export function signedFiles(files: Iterable<TarEntry>): SignedFile[] {
  const out: SignedFile[] = [];
  for (const f of files) {
    if (isSignaturesPath(f.name)) continue;
    const name = f.name.startsWith('/') ? f.name.slice(1) : f.name;
    out.push({ name, hash: digestWith('SHA-256', f.name, f.bytes), algorithm: 'SHA-256' });
  }
  return out;
}

/** Signs a list of files and returns the compact JWS (see the header comment for its contents). */
export async function signFiles(files: Iterable<TarEntry>, opts: SigningOptions): Promise<string> {
  const alg = checkAlgorithm(opts.alg ?? DEFAULT_ALGORITHM);
  const kid = opts.keyId ?? DEFAULT_KEY_ID;
  const payload: Record<string, unknown> = { files: signedFiles(files), keyid: kid };
  if (opts.scope !== undefined) payload['scope'] = opts.scope;
  const key = signingKey(opts.key, alg);
  try {
    return await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg, kid })
      .sign(key);
  } catch (e) {
    throw keyError(`cannot sign with ${alg}: ${(e as Error).message}`, e);
  }
}

/** Signs a list of files and returns the text of `.signatures.json` as OPA writes it. */
export async function signaturesFileText(files: Iterable<TarEntry>, opts: SigningOptions): Promise<string> {
  const token = await signFiles(files, opts);
  return JSON.stringify({ signatures: [token] }, null, 1);
}

/** Reads and checks the `files` claim of a verified payload. */
function payloadFiles(payload: Record<string, unknown>): SignedFile[] {
  const files = payload['files'] ?? [];
  const bad = (): BundleError =>
    new BundleError('bad-signature', 'bundle signature payload has a malformed `files` claim');
  if (!Array.isArray(files)) throw bad();
  return files.map((f: unknown) => {
    if (typeof f !== 'object' || f === null) throw bad();
    const { name, hash, algorithm = '' } = f as Record<string, unknown>;
    if (typeof name !== 'string' || typeof hash !== 'string' || typeof algorithm !== 'string') throw bad();
    return { name, hash, algorithm };
  });
}

/**
 * Verifies a bundle's signature and file digests (see the header comment for the checks, which
 * are OPA's). Resolves with what was verified; rejects with a `BundleError` (P5005) saying what
 * failed. Pass the bundle's bytes, or the result of `readBundle`.
 */
export async function verifyBundle(
  bundle: VerifiableBundle | Uint8Array,
  opts: VerifyOptions,
): Promise<VerifiedSignature> {
  const read = bundle instanceof Uint8Array ? await readBundle(bundle) : bundle;
  const alg = checkAlgorithm(opts.alg ?? DEFAULT_ALGORITHM);
  const sigs = read.signatures;
  if (!sigs) throw new BundleError('not-signed', 'bundle is not signed: it has no .signatures.json file');
  if (sigs.signatures.length !== 1) {
    throw new BundleError(
      'bad-signature',
      sigs.signatures.length === 0
        ? '.signatures.json: missing JWT (expected exactly one)'
        : '.signatures.json: multiple JWTs not supported (expected exactly one)',
    );
  }
  const token = sigs.signatures[0]!;
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch (e) {
    const why = (e as Error).message;
    throw new BundleError('bad-signature', `bundle signature is not a compact JWS: ${why}`, { cause: e });
  }
  if (header['alg'] !== alg) {
    throw new BundleError(
      'algorithm-mismatch',
      `bundle is signed with ${String(header['alg'])} but verification uses ${alg} (pass the algorithm the key is for)`,
    );
  }
  const key = verificationKey(opts.key, alg);
  let payload: Record<string, unknown>;
  try {
    const result = await compactVerify(token, key, { algorithms: [alg] });
    payload = JSON.parse(new TextDecoder().decode(result.payload)) as Record<string, unknown>;
  } catch (e) {
    throw new BundleError('bad-signature', `bundle signature is invalid: ${(e as Error).message}`, { cause: e });
  }
  if (typeof payload !== 'object' || payload === null) {
    throw new BundleError('bad-signature', 'bundle signature payload is not a JSON object');
  }
  const scope = typeof payload['scope'] === 'string' ? payload['scope'] : '';
  const wanted = opts.scope ?? '';
  if (scope !== wanted) {
    throw new BundleError(
      'scope-mismatch',
      `scope mismatch: bundle is signed for scope '${scope}' but '${wanted}' is expected`,
    );
  }
  const files = payloadFiles(payload);
  const listed = new Map(files.map((f) => [f.name, f]));
  for (const [path, bytes] of read.files) {
    if (isSignaturesPath(path)) continue;
    const name = path.startsWith('/') ? path.slice(1) : path;
    const entry = listed.get(name);
    if (!entry) throw new BundleError('file-not-signed', `file ${name} not included in bundle signature`);
    if (entry.algorithm === '') {
      throw new BundleError('digest-mismatch', `no hashing algorithm provided for file ${name}`);
    }
    const got = digestWith(entry.algorithm, path, bytes);
    if (got !== entry.hash.toLowerCase()) {
      throw new BundleError('digest-mismatch', `digest mismatch for ${name} (want: ${entry.hash}, got: ${got})`);
    }
    listed.delete(name);
  }
  if (listed.size > 0) {
    throw new BundleError(
      'signed-file-missing',
      `file(s) [${[...listed.keys()].join(' ')}] specified in bundle signatures but not found in the target bundle`,
    );
  }
  const kid = opts.keyId ?? (typeof header['kid'] === 'string' && header['kid'] !== '' ? header['kid'] : undefined);
  const keyId = kid ?? (typeof payload['keyid'] === 'string' ? payload['keyid'] : '');
  return { alg, keyId, scope, files };
}
