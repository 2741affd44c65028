/**
 * `pactc build` refusals that must leave nothing behind: a signing key that cannot sign (a
 * missing file, a public key, an EC key under the default RS256) is one line `pactc: …` with
 * exit 1 (spec §9: errors are 1, usage errors 2) and no bundle; and an output that cannot be
 * written fails the whole build — neither the bundle nor the declarations are written. Outputs
 * that would overwrite each other or an input (the source, the evidence report, the signing key),
 * by real path, are a usage error (exit 2) before anything is read or written.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/bundle/index.js';
import { runPactc } from '../cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pactc-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'refunds.pact'), readFileSync('examples/refunds.pact'));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
writeFileSync(join(dir, 'private.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(join(dir, 'public.pem'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(join(dir, 'ec.pem'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));

const build = (...args: string[]): ReturnType<typeof runPactc> => runPactc(['build', 'refunds.pact', '-o', 't.tar.gz', ...args], dir);

describe('pactc build --signing-key', () => {
  it.each([
    ['a missing file', ['--signing-key', 'nope.pem'], 'pactc: cannot read key file `nope.pem`\n'],
    [
      'a public key',
      ['--signing-key', 'public.pem'],
      'pactc: cannot sign with --signing-key `public.pem`: signing key is not a PEM private key: it is a public key; sign with the private key (the public key verifies)\n',
    ],
    [
      'an EC key under the default RS256',
      ['--signing-key', 'ec.pem'],
      'pactc: cannot sign with --signing-key `ec.pem`: signing key is an EC key but RS256 needs an RSA key (the algorithm is RS256 unless --signing-alg says otherwise)\n',
    ],
    ['an RSA key under ES256', ['--signing-key', 'private.pem', '--signing-alg', 'ES256'], /^pactc: cannot sign with --signing-key `private\.pem`: signing key is not an EC key on the curve ES256 needs \(prime256v1\); got rsa\n$/],
    ['an empty HMAC secret', ['--signing-key', '', '--signing-alg', 'HS256'], 'pactc: cannot sign with --signing-key: signing key is an empty HMAC secret\n'],
  ])('refuses %s in one line, exit 1, with no bundle', async (_, args, stderr) => {
    const r = await build(...args);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
    expect(existsSync(join(dir, 't.tar.gz'))).toBe(false);
  });

  it('signs with a good key, relative to the working directory, and with an EC key under ES256', async () => {
    const r = await runPactc(['build', 'refunds.pact', '-o', 'signed.tar.gz', '--signing-key', 'private.pem'], dir);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    await expect(verifyBundle(readFileSync(join(dir, 'signed.tar.gz')), { key: rsa.publicKey })).resolves.toMatchObject({ alg: 'RS256' });
    const es = await runPactc(['build', 'refunds.pact', '-o', 'es.tar.gz', '--signing-key', 'ec.pem', '--signing-alg', 'ES256'], dir);
    expect(es.status).toBe(0);
  });

  it('treats an unknown algorithm as a usage error (2)', async () => {
    expect((await build('--signing-key', 'private.pem', '--signing-alg', 'XX999')).status).toBe(2);
  });
});

describe('pactc build -o BUNDLE --types FILE', () => {
  it('writes neither output when one of them cannot be written', async () => {
    const sub = mkdtempSync(join(dir, 'out-'));
    writeFileSync(join(sub, 'refunds.pact'), readFileSync('examples/refunds.pact'));
    const r = await runPactc(['build', 'refunds.pact', '-o', 't.tar.gz', '--types', 'nodir/t.d.ts'], sub);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pactc: cannot write types 'nodir\/t\.d\.ts': the directory '.*\/nodir' does not exist\n$/);
    expect(readdirSync(sub)).toEqual(['refunds.pact']);
    // And the other way round: a bundle that cannot be written leaves no declarations.
    const back = await runPactc(['build', 'refunds.pact', '-o', 'nodir/t.tar.gz', '--types', 't.d.ts'], sub);
    expect(back.status).toBe(1);
    expect(back.stderr).toMatch(/^pactc: cannot write bundle 'nodir\/t\.tar\.gz': the directory '.*\/nodir' does not exist\n$/);
    expect(readdirSync(sub)).toEqual(['refunds.pact']);
  });

  it('keeps the previous outputs when the build fails, and replaces both when it succeeds', async () => {
    const sub = mkdtempSync(join(dir, 'out-'));
    writeFileSync(join(sub, 'refunds.pact'), readFileSync('examples/refunds.pact'));
    writeFileSync(join(sub, 't.tar.gz'), 'old bundle');
    const r = await runPactc(['build', 'refunds.pact', '-o', 't.tar.gz', '--types', 'nodir/t.d.ts'], sub);
    expect(r.status).toBe(1);
    expect(readFileSync(join(sub, 't.tar.gz'), 'utf8')).toBe('old bundle');
    const ok = await runPactc(['build', 'refunds.pact', '-o', 't.tar.gz', '--types', 't.d.ts'], sub);
    expect(ok.status).toBe(0);
    expect(readFileSync(join(sub, 't.tar.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(readFileSync(join(sub, 't.d.ts'), 'utf8')).toContain('export interface Input');
    expect(readdirSync(sub).sort()).toEqual(['refunds.pact', 't.d.ts', 't.tar.gz']);
  });
});

describe('pactc build refuses outputs that would overwrite another output or an input (usage error, exit 2)', () => {
  const source = readFileSync('examples/refunds.pact', 'utf8');
  const fresh = (): string => {
    const sub = mkdtempSync(join(dir, 'same-'));
    writeFileSync(join(sub, 'refunds.pact'), source);
    writeFileSync(join(sub, 'private.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(sub, 'report.json'), '{}');
    symlinkSync('refunds.pact', join(sub, 'link.pact'));
    mkdirSync(join(sub, 'sub'));
    return sub;
  };

  it.each([
    ['-o and --types the same file', ['-o', 'o.tar.gz', '--types', 'o.tar.gz'], 'pactc: -o and --types name the same file (`o.tar.gz`): the declarations would replace the bundle; give them different paths\n'],
    ['-o and --types the same file, spelt differently', ['-o', 'sub/../o.tar.gz', '--types', './o.tar.gz'], 'pactc: -o and --types name the same file (`./o.tar.gz`): the declarations would replace the bundle; give them different paths\n'],
    ['--types the pact source', ['-o', 'o.tar.gz', '--types', 'refunds.pact'], 'pactc: --types `refunds.pact` is the pact source: the declarations would overwrite it; write the declarations elsewhere\n'],
    ['-o the pact source', ['-o', 'refunds.pact'], 'pactc: -o `refunds.pact` is the pact source: the bundle would overwrite it; write the bundle elsewhere\n'],
    ['-o a symbolic link to the pact source', ['-o', 'link.pact'], 'pactc: -o `link.pact` is the pact source: the bundle would overwrite it; write the bundle elsewhere\n'],
    ['-o the pact source by another path', ['-o', 'sub/../refunds.pact'], 'pactc: -o `sub/../refunds.pact` is the pact source: the bundle would overwrite it; write the bundle elsewhere\n'],
    ['--types the signing key', ['-o', 'o.tar.gz', '--types', 'private.pem', '--signing-key', 'private.pem'], 'pactc: --types `private.pem` is the --signing-key file: the declarations would overwrite it; write the declarations elsewhere\n'],
    ['-o the evidence report', ['-o', 'report.json', '--evidence', 'report.json'], 'pactc: -o `report.json` is the --evidence report: the bundle would overwrite it; write the bundle elsewhere\n'],
  ])('%s', async (_, args, stderr) => {
    const sub = fresh();
    const before = readdirSync(sub).sort();
    const r = await runPactc(['build', 'refunds.pact', ...args], sub);
    expect(r).toEqual({ status: 2, stdout: '', stderr });
    expect(readdirSync(sub).sort()).toEqual(before);
    expect(readFileSync(join(sub, 'refunds.pact'), 'utf8')).toBe(source);
    expect(readFileSync(join(sub, 'report.json'), 'utf8')).toBe('{}');
  });

  it('still builds to distinct paths, a link to the source given as the source included', async () => {
    const sub = fresh();
    const r = await runPactc(['build', 'link.pact', '-o', 'o.tar.gz', '--types', 'o.d.ts'], sub);
    expect(r.status).toBe(0);
    expect(readFileSync(join(sub, 'refunds.pact'), 'utf8')).toBe(source);
  });
});
