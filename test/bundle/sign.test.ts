import { generateKeyPairSync, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildBundle,
  digestFile,
  isBundleError,
  readBundle,
  resolveKeyArgument,
  verifyBundle,
  type BundleErrorReason,
  type SigningAlgorithm,
  type VerifyOptions,
} from '../../src/bundle/index.js';
import { repack, sampleSpec, text } from './helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

interface Pair {
  readonly privatePem: string;
  readonly publicPem: string;
  readonly privateKey: KeyObject;
}

function pair(kind: 'rsa' | 'P-256' | 'P-384' | 'P-521'): Pair {
  const { privateKey, publicKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: kind });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    privateKey,
  };
}

let rsa: Pair;
let rsa2: Pair;
let ec256: Pair;
let ec384: Pair;
let ec521: Pair;
beforeAll(() => {
  rsa = pair('rsa');
  rsa2 = pair('rsa');
  ec256 = pair('P-256');
  ec384 = pair('P-384');
  ec521 = pair('P-521');
});

const SECRET = 'correct horse battery staple';

/** Signing and verification keys for an algorithm. */
function keysFor(alg: SigningAlgorithm): { sign: string; verify: string } {
  if (alg.startsWith('HS')) return { sign: SECRET, verify: SECRET };
  const p = alg.startsWith('ES') ? { ES256: ec256, ES384: ec384, ES512: ec521 }[alg as 'ES256'] : rsa;
  return { sign: p.privatePem, verify: p.publicPem };
}

async function verifyError(bundle: Uint8Array, opts: VerifyOptions): Promise<Error> {
  try {
    await verifyBundle(bundle, opts);
  } catch (e) {
    return e as Error;
  }
  throw new Error('verifyBundle accepted the bundle');
}

async function expectRejected(bundle: Uint8Array, opts: VerifyOptions, reason: BundleErrorReason, message: RegExp): Promise<void> {
  const e = await verifyError(bundle, opts);
  expect(isBundleError(e, reason), `${e.message} should be ${reason}`).toBe(true);
  expect(e.message).toMatch(message);
}

describe('sign and verify round trip', () => {
  const algs: SigningAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512'];
  it.each(algs)('%s', async (alg) => {
    const k = keysFor(alg);
    const bundle = await buildBundle(sampleSpec({ signing: { key: k.sign, alg } }));
    const v = await verifyBundle(bundle, { key: k.verify, alg });
    expect(v).toMatchObject({ alg, keyId: 'default', scope: '' });
    expect(v.files.map((f) => f.name)).toEqual(['data.json', 'policy.wasm', 'schema/input.json', '.manifest']);
  });
  it('defaults to RS256', async () => {
    const bundle = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem } }));
    const read = await readBundle(bundle);
    expect(decodeProtectedHeader(read.signatures!.signatures[0]!)).toEqual({ alg: 'RS256', kid: 'default' });
    expect((await verifyBundle(read, { key: rsa.publicPem })).alg).toBe('RS256');
  });
});

describe('the signatures file', () => {
  it('is written before the manifest, pretty-printed with one JWS, listing every other file', async () => {
    const bundle = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem, keyId: 'k1', scope: 'refunds' } }));
    const read = await readBundle(bundle);
    expect([...read.files.keys()]).toEqual(['/data.json', '/policy.wasm', '/schema/input.json', '/.signatures.json', '/.manifest']);
    const raw = text(read.files.get('/.signatures.json')!);
    const token = read.signatures!.signatures[0]!;
    expect(raw).toBe(`{\n "signatures": [\n  "${token}"\n ]\n}`);
    const [h, p, s] = token.split('.');
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ alg: 'RS256', kid: 'k1' });
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { files: { name: string; hash: string; algorithm: string }[] };
    expect(payload).toEqual({
      files: [...read.files]
        .filter(([n]) => n !== '/.signatures.json')
        .map(([n, b]) => ({ name: n.slice(1), hash: digestFile(n, b), algorithm: 'SHA-256' })),
      keyid: 'k1',
      scope: 'refunds',
    });
  });
  it('makes RS and HS signed bundles byte-identical across builds, but not ES ones', async () => {
    for (const alg of ['RS256', 'HS256'] as const) {
      const k = keysFor(alg);
      const a = await buildBundle(sampleSpec({ signing: { key: k.sign, alg } }));
      const b = await buildBundle(sampleSpec({ signing: { key: k.sign, alg } }));
      expect(Buffer.from(a).equals(Buffer.from(b)), alg).toBe(true);
    }
    const a = await buildBundle(sampleSpec({ signing: { key: ec256.privatePem, alg: 'ES256' } }));
    const b = await buildBundle(sampleSpec({ signing: { key: ec256.privatePem, alg: 'ES256' } }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
  it('reports the key id by OPA precedence: configured, header kid', async () => {
    const bundle = await buildBundle(sampleSpec({ signing: { key: SECRET, alg: 'HS256', keyId: 'ops' } }));
    expect((await verifyBundle(bundle, { key: SECRET, alg: 'HS256' })).keyId).toBe('ops');
    expect((await verifyBundle(bundle, { key: SECRET, alg: 'HS256', keyId: 'mine' })).keyId).toBe('mine');
  });
});

describe('tampering is rejected', () => {
  let signed: Uint8Array;
  beforeAll(async () => {
    signed = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem } }));
  });
  const flip = (b: Uint8Array, at: number): Uint8Array => {
    const c = new Uint8Array(b);
    c[at] = c[at]! ^ 0x01;
    return c;
  };
  it('flipping one byte of policy.wasm', async () => {
    const read = await readBundle(signed);
    const bad = await repack(signed, { '/policy.wasm': flip(read.files.get('/policy.wasm')!, 7) });
    await expectRejected(bad, { key: rsa.publicPem }, 'digest-mismatch', /^digest mismatch for policy\.wasm \(want: [0-9a-f]{64}, got: [0-9a-f]{64}\)$/);
  });
  it('flipping one byte of data.json', async () => {
    const read = await readBundle(signed);
    const data = read.files.get('/data.json')!;
    const at = text(data).indexOf('500') + 2; // 500 → 501
    const bad = await repack(signed, { '/data.json': flip(data, at) });
    await expectRejected(bad, { key: rsa.publicPem }, 'digest-mismatch', /^digest mismatch for data\.json/);
  });
  it('flipping one byte of .manifest', async () => {
    const read = await readBundle(signed);
    const manifest = read.files.get('/.manifest')!;
    const at = text(manifest).indexOf('"version":"1.2.0"') + 15; // 1.2.0 → 1.2.1
    const bad = await repack(signed, { '/.manifest': flip(manifest, at) });
    await expectRejected(bad, { key: rsa.publicPem }, 'digest-mismatch', /^digest mismatch for \.manifest/);
  });
  it('but accepts a semantically equal data.json (canonical digest)', async () => {
    const read = await readBundle(signed);
    const pretty = JSON.stringify(JSON.parse(text(read.files.get('/data.json')!)), null, 2);
    await expect(verifyBundle(await repack(signed, { '/data.json': pretty }), { key: rsa.publicPem })).resolves.toMatchObject({ alg: 'RS256' });
  });
  it('an added file', async () => {
    const bad = await repack(signed, { '/evidence/extra.json': '{}' });
    await expectRejected(bad, { key: rsa.publicPem }, 'file-not-signed', /^file evidence\/extra\.json not included in bundle signature$/);
  });
  it('a removed file', async () => {
    const bad = await repack(signed, { '/schema/input.json': null });
    await expectRejected(bad, { key: rsa.publicPem }, 'signed-file-missing', /^file\(s\) \[schema\/input\.json\] specified in bundle signatures but not found in the target bundle$/);
  });
  it('a forged payload under the old signature', async () => {
    const read = await readBundle(signed);
    const [h, , s] = read.signatures!.signatures[0]!.split('.');
    const forged = Buffer.from(JSON.stringify({ files: [] })).toString('base64url');
    const bad = await repack(signed, { '/.signatures.json': JSON.stringify({ signatures: [`${h}.${forged}.${s}`] }) });
    await expectRejected(bad, { key: rsa.publicPem }, 'bad-signature', /^bundle signature is invalid: signature verification failed/);
  });
  it('zero or several JWTs', async () => {
    await expectRejected(await repack(signed, { '/.signatures.json': '{"signatures":[]}' }), { key: rsa.publicPem }, 'bad-signature', /missing JWT \(expected exactly one\)/);
    const read = await readBundle(signed);
    const t = read.signatures!.signatures[0]!;
    await expectRejected(await repack(signed, { '/.signatures.json': JSON.stringify({ signatures: [t, t] }) }), { key: rsa.publicPem }, 'bad-signature', /multiple JWTs not supported/);
  });
});

describe('keys, algorithms and scopes', () => {
  it('rejects an unsigned bundle when a key is given', async () => {
    await expectRejected(await buildBundle(sampleSpec()), { key: rsa.publicPem }, 'not-signed', /^bundle is not signed: it has no \.signatures\.json file$/);
  });
  it('rejects the wrong key', async () => {
    const bundle = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem } }));
    await expectRejected(bundle, { key: rsa2.publicPem }, 'bad-signature', /^bundle signature is invalid/);
    const hs = await buildBundle(sampleSpec({ signing: { key: SECRET, alg: 'HS256' } }));
    await expectRejected(hs, { key: 'wrong secret', alg: 'HS256' }, 'bad-signature', /^bundle signature is invalid/);
  });
  it('uses the configured algorithm, not the token header', async () => {
    const es = await buildBundle(sampleSpec({ signing: { key: ec256.privatePem, alg: 'ES256' } }));
    await expectRejected(es, { key: ec256.publicPem }, 'algorithm-mismatch', /^bundle is signed with ES256 but verification uses RS256/);
    // The classic confusion: an RS256 public key used as an HS256 secret.
    await expectRejected(es, { key: ec256.publicPem, alg: 'HS256' }, 'algorithm-mismatch', /signed with ES256 but verification uses HS256/);
  });
  it('requires scope equality both ways', async () => {
    const scoped = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem, scope: 'refunds' } }));
    await expect(verifyBundle(scoped, { key: rsa.publicPem, scope: 'refunds' })).resolves.toMatchObject({ scope: 'refunds' });
    await expectRejected(scoped, { key: rsa.publicPem }, 'scope-mismatch', /^scope mismatch: bundle is signed for scope 'refunds' but '' is expected$/);
    await expectRejected(scoped, { key: rsa.publicPem, scope: 'payments' }, 'scope-mismatch', /signed for scope 'refunds' but 'payments'/);
    const unscoped = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem } }));
    await expectRejected(unscoped, { key: rsa.publicPem, scope: 'refunds' }, 'scope-mismatch', /signed for scope '' but 'refunds'/);
  });
  it('accepts PKCS#1, SEC1, KeyObject and private-key material', async () => {
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const rsaPub1 = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(pkcs1).toMatch(/BEGIN RSA PRIVATE KEY/);
    const a = await buildBundle(sampleSpec({ signing: { key: pkcs1 } }));
    await verifyBundle(a, { key: rsa.publicPem });
    await verifyBundle(a, { key: rsa.privatePem }); // public half derived, as OPA allows
    await verifyBundle(a, { key: rsa.privateKey });
    const sec1 = ec256.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    const b = await buildBundle(sampleSpec({ signing: { key: sec1, alg: 'ES256' } }));
    await verifyBundle(b, { key: ec256.publicPem, alg: 'ES256' });
    const c = await buildBundle(sampleSpec({ signing: { key: createSecretKey(Buffer.from(SECRET)), alg: 'HS384' } }));
    await verifyBundle(c, { key: new TextEncoder().encode(SECRET), alg: 'HS384' });
    const d = await buildBundle(sampleSpec({ signing: { key: rsaPub1.privateKey } }));
    await verifyBundle(d, { key: rsaPub1.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string });
  });
  it('verifies with an X.509 certificate', async () => {
    const bundle = await buildBundle(sampleSpec({ signing: { key: fixture('es256-key.pem'), alg: 'ES256' } }));
    await expect(verifyBundle(bundle, { key: fixture('es256-cert.pem'), alg: 'ES256' })).resolves.toMatchObject({ alg: 'ES256' });
    await expectRejected(bundle, { key: ec256.publicPem, alg: 'ES256' }, 'bad-signature', /signature is invalid/);
  });
  it.each([
    ['an EC key for RS256', (): string => ec256.privatePem, 'RS256', /signing key is an EC key but RS256 needs an RSA key/],
    ['a P-384 key for ES256', (): string => ec384.privatePem, 'ES256', /not an EC key on the curve ES256 needs \(prime256v1\); got ec secp384r1/],
    ['a public key', (): string => rsa.publicPem, 'RS256', /signing key is not a PEM private key/],
    ['garbage', (): string => 'not a key', 'RS256', /signing key is not a PEM private key/],
    ['an empty secret', (): string => '', 'HS256', /signing key is an empty HMAC secret/],
  ] as const)('rejects signing with %s', async (_what, key, alg, message) => {
    let caught: unknown;
    try {
      await buildBundle(sampleSpec({ signing: { key: key(), alg } }));
    } catch (e) {
      caught = e;
    }
    expect(isBundleError(caught, 'invalid-key')).toBe(true);
    expect((caught as Error).message).toMatch(message);
    expect((caught as { code: string }).code).toBe('P5005');
  });
  it('rejects an unknown algorithm', async () => {
    const bad = { key: SECRET, alg: 'none' as SigningAlgorithm };
    await expect(buildBundle(sampleSpec({ signing: bad }))).rejects.toThrow(/unsupported signing algorithm 'none'/);
  });
  it('rejects a verification key of the wrong kind', async () => {
    const bundle = await buildBundle(sampleSpec({ signing: { key: rsa.privatePem } }));
    await expectRejected(bundle, { key: 'not a key' }, 'invalid-key', /verification key is not a PEM public key, certificate or private key/);
    await expectRejected(bundle, { key: ec256.publicPem }, 'invalid-key', /verification key is an EC key but RS256 needs an RSA key/);
  });
});

describe('resolveKeyArgument', () => {
  it('reads PEM files, passes inline PEM and HMAC secrets through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pactc-key-'));
    const file = join(dir, 'key.pem');
    writeFileSync(file, rsa.privatePem);
    expect(await resolveKeyArgument(file)).toBe(rsa.privatePem);
    expect(await resolveKeyArgument(rsa.privatePem)).toBe(rsa.privatePem);
    expect(await resolveKeyArgument(file, 'HS256')).toBe(file);
    await expect(resolveKeyArgument(join(dir, 'missing.pem'))).rejects.toThrow(/cannot read key file '.*missing\.pem'/);
  });
});
