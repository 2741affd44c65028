/**
 * Signed bundles: `loadBundle` with a key, and `pactc verify`, accept a bundle signed with that
 * key and refuse — with a clear error, before any of it runs — one that is unsigned, signed
 * with another key or algorithm or scope, or has a single byte changed in `policy.wasm`,
 * `data.json`, `.manifest` or a schema file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, isBundleError, loadBundle } from '../../src/index.js';
import { agentBundle, editText, flipByte, pactc, refund, RSA, RSA2, SMALL_REFUND, tempDir } from './host-helpers.js';

const signed = await agentBundle({}, { key: RSA.privatePem });
const unsigned = await agentBundle();
const hmac = await agentBundle({}, { key: 'correct horse battery staple', alg: 'HS256', scope: 'prod' });

/** Tampered variants of the signed bundle, each with the reason verification must give. */
const TAMPERED: readonly (readonly [string, () => Promise<Uint8Array>, string])[] = [
  ['a flipped byte in policy.wasm', () => flipByte(signed, '/policy.wasm', 1000), 'digest mismatch for policy.wasm'],
  ['a flipped last byte of policy.wasm', () => flipByte(signed, '/policy.wasm', -1, 0x80), 'digest mismatch for policy.wasm'],
  ['a changed default in data.json', () => editText(signed, '/data.json', '"refund_limit":500', '"refund_limit":900'), 'digest mismatch for data.json'],
  ['a flipped revision digit in .manifest', () => flipByte(signed, '/.manifest', 30), 'digest mismatch for .manifest'],
  ['an unmasked field in the input schema', () => editText(signed, '/schema/input.json', '"x-pact-sensitive": true', '"x-pact-sensitive": false'), 'digest mismatch for schema/input.json'],
];

describe('loadBundle with a key', () => {
  it('loads a bundle signed with the key and reports the signature', async () => {
    const pact = await loadBundle(signed, { verificationKey: RSA.publicPem });
    expect(pact.decide(refund(200))).toEqual(SMALL_REFUND);
    expect(pact.info.signature).toMatchObject({ alg: 'RS256', keyId: 'default', scope: '' });
    const h = await loadBundle(hmac, { verification: { key: 'correct horse battery staple', alg: 'HS256', scope: 'prod' } });
    expect(h.info.signature?.files.map((f) => f.name)).toEqual(['data.json', 'policy.wasm', 'schema/data.schema.json', 'schema/input.json', '.manifest']);
  });

  for (const [what, make, message] of TAMPERED) {
    it(`refuses ${what}`, async () => {
      const bad = await make();
      const e = await loadBundle(bad, { verificationKey: RSA.publicPem }).catch((x: unknown) => x);
      expect(isBundleError(e, 'digest-mismatch')).toBe(true);
      expect((e as BundleError).message).toMatch(new RegExp(`^${message} \\(want: [0-9a-f]{64}, got: [0-9a-f]{64}\\)$`));
      expect((e as BundleError).code).toBe('P5005');
    });
  }

  it('refuses a bundle whose compressed bytes were changed', async () => {
    const bad = new Uint8Array(signed);
    const i = Math.floor(bad.length / 2);
    bad[i] = (bad[i] as number) ^ 0xff;
    await expect(loadBundle(bad, { verificationKey: RSA.publicPem })).rejects.toBeInstanceOf(BundleError);
  });

  it('refuses an unsigned bundle, another key, another algorithm, another scope', async () => {
    const reasons = async (bytes: Uint8Array, opts: Parameters<typeof loadBundle>[1]): Promise<string> =>
      loadBundle(bytes, opts).then(
        () => 'loaded',
        (e: unknown) => `${(e as BundleError).reason}: ${(e as Error).message}`,
      );
    expect(await reasons(unsigned, { verificationKey: RSA.publicPem })).toBe('not-signed: bundle is not signed: it has no .signatures.json file');
    expect(await reasons(signed, { verificationKey: RSA2.publicPem })).toMatch(/^bad-signature: bundle signature is invalid/);
    expect(await reasons(signed, { verification: { key: RSA.publicPem, alg: 'PS256' } })).toBe(
      'algorithm-mismatch: bundle is signed with RS256 but verification uses PS256 (pass the algorithm the key is for)',
    );
    expect(await reasons(hmac, { verification: { key: 'correct horse battery staple', alg: 'HS256' } })).toBe(
      "scope-mismatch: scope mismatch: bundle is signed for scope 'prod' but '' is expected",
    );
    expect(await reasons(hmac, { verification: { key: 'wrong', alg: 'HS256', scope: 'prod' } })).toMatch(/^bad-signature:/);
  });

  it('names the file when loading from a path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.tar.gz'), unsigned);
    await expect(loadBundle(join(dir, 'b.tar.gz'), { verificationKey: RSA.publicPem })).rejects.toThrow(`${join(dir, 'b.tar.gz')}: bundle is not signed`);
  });
});

describe('pactc verify', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'pub.pem'), RSA.publicPem);
  writeFileSync(join(dir, 'other.pem'), RSA2.publicPem);
  writeFileSync(join(dir, 'signed.tar.gz'), signed);
  writeFileSync(join(dir, 'unsigned.tar.gz'), unsigned);
  writeFileSync(join(dir, 'hmac.tar.gz'), hmac);

  it('prints `verified …` and exits 0', async () => {
    const r = await pactc(dir, 'verify', 'signed.tar.gz', '--key', 'pub.pem');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^verified signed\.tar\.gz: pact refund_agent 1\.2\.0, revision [0-9a-f]{12}, RS256 signature, key "default", 5 files\n$/);
    const h = await pactc(dir, 'verify', 'hmac.tar.gz', '--key', 'correct horse battery staple', '--alg', 'HS256', '--scope', 'prod');
    expect(h.stdout).toMatch(/HS256 signature, key "default", scope "prod", 5 files\n$/);
  });

  for (const [what, make, message] of TAMPERED) {
    it(`exits 1 for ${what}`, async () => {
      writeFileSync(join(dir, 'bad.tar.gz'), await make());
      const r = await pactc(dir, 'verify', 'bad.tar.gz', '--key', 'pub.pem');
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^pactc: bad\\.tar\\.gz: ${message} \\(want: `));
    });
  }

  it('exits 1 for an unsigned bundle or the wrong key, 2 for usage errors', async () => {
    expect(await pactc(dir, 'verify', 'unsigned.tar.gz', '--key', 'pub.pem')).toMatchObject({
      status: 1,
      stderr: 'pactc: unsigned.tar.gz: bundle is not signed: it has no .signatures.json file\n',
    });
    expect((await pactc(dir, 'verify', 'signed.tar.gz', '--key', 'other.pem')).status).toBe(1);
    expect((await pactc(dir, 'verify', 'signed.tar.gz', '--key', 'missing.pem')).stderr).toBe('pactc: cannot read key file `missing.pem`\n');
    expect((await pactc(dir, 'verify', 'nope.tar.gz', '--key', 'pub.pem')).stderr).toBe('pactc: nope.tar.gz: no such file\n');
    expect((await pactc(dir, 'verify', 'signed.tar.gz')).status).toBe(2);
    expect((await pactc(dir, 'verify', 'signed.tar.gz', '--key', 'pub.pem', '--alg', 'XS1')).status).toBe(2);
  });

  it('pactc eval --key refuses a bundle that does not verify', async () => {
    writeFileSync(join(dir, 'input.json'), JSON.stringify(refund(200)));
    writeFileSync(join(dir, 'bad.tar.gz'), await flipByte(signed, '/policy.wasm', 1000));
    const ok = await pactc(dir, 'eval', 'signed.tar.gz', '-i', 'input.json', '--key', 'pub.pem');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(SMALL_REFUND);
    const bad = await pactc(dir, 'eval', 'bad.tar.gz', '-i', 'input.json', '--key', 'pub.pem');
    expect(bad).toMatchObject({ status: 1, stdout: '' });
    expect(bad.stderr).toMatch(/^pactc: bad\.tar\.gz: digest mismatch for policy\.wasm/);
  });
});
