import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBundle, bundleRevision, digestFile, isBundleError, readBundle } from '../../src/bundle/index.js';
import { rawHeaders, sampleSpec, text, utf8, WASM } from './helpers.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

async function buildError(spec: Parameters<typeof buildBundle>[0]): Promise<Error> {
  try {
    await buildBundle(spec);
  } catch (e) {
    return e as Error;
  }
  throw new Error('buildBundle did not throw');
}

describe('determinism', () => {
  it('gives byte-identical output for the same input', async () => {
    const a = await buildBundle(sampleSpec());
    const b = await buildBundle(sampleSpec());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
  it('does not depend on the key order of data or extra files', async () => {
    const a = await buildBundle(sampleSpec({ data: { b: 1, a: { y: 2, x: 3 } }, files: { '/x.txt': 'x', '/a.txt': 'a' } }));
    const b = await buildBundle(sampleSpec({ data: { a: { x: 3, y: 2 }, b: 1 }, files: { '/a.txt': 'a', '/x.txt': 'x' } }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
  it('matches the golden uncompressed tar (platform-independent)', async () => {
    // If this changes on purpose (new manifest field, data encoding…), update the hash and say so
    // in the change: every pactc bundle's bytes change with it.
    const tar = gunzipSync(await buildBundle(sampleSpec()));
    expect(tar.length).toBe(5120);
    expect(sha(tar)).toBe('cacdf38c23f27188dcba8070b7a86137151e169d2ba668664f76bf390abfa98c');
  });
});

describe('container', () => {
  it('writes a fixed gzip header: deflate, no flags, mtime 0, XFL 2 (level 9), OS 255', async () => {
    const gz = await buildBundle(sampleSpec());
    expect(Buffer.from(gz.subarray(0, 10)).toString('hex')).toBe('1f8b08000000000002ff');
  });
  it('writes regular ustar entries with fixed metadata in OPA order', async () => {
    const spec = sampleSpec({ files: { '/schema/input.json': '{}', '/evidence/test-report.json': '{"passed":1}' } });
    const { headers, trailer } = rawHeaders(await buildBundle(spec));
    expect(headers.map((h) => h.name)).toEqual([
      '/data.json',
      '/policy.wasm',
      '/evidence/test-report.json',
      '/schema/input.json',
      '/.manifest',
    ]);
    for (const h of headers) {
      expect(h).toMatchObject({
        mode: 0o600, uid: 0, gid: 0, mtime: 0, typeflag: '0',
        magic: 'ustar\0', version: '00', uname: '', gname: '', prefix: '',
      });
    }
    expect(headers[1]!.size).toBe(WASM.length);
    expect(trailer.length).toBe(1024);
    expect(trailer.every((b) => b === 0)).toBe(true);
  });
});

describe('contents', () => {
  it('writes data.json canonically under pact.NAME', async () => {
    const read = await readBundle(await buildBundle(sampleSpec({ data: { z: 'é<', a: [1.5, 2], kill_switch: false } })));
    expect(text(read.files.get('/data.json')!)).toBe('{"pact":{"refund_agent":{"a":[1.5,2],"kill_switch":false,"z":"é<"}}}\n');
    expect(read.data).toEqual({ pact: { refund_agent: { a: [1.5, 2], kill_switch: false, z: 'é<' } } });
  });
  it('writes the manifest with OPA field order and a trailing newline', async () => {
    const read = await readBundle(await buildBundle(sampleSpec()));
    const revision = read.manifest.revision;
    expect(text(read.files.get('/.manifest')!)).toBe(
      `{"revision":"${revision}","roots":["pact/refund_agent"],` +
        '"wasm":[{"entrypoint":"pact/refund_agent/decision","module":"/policy.wasm"},' +
        '{"entrypoint":"pact/refund_agent/explain","module":"/policy.wasm"}],' +
        '"rego_version":1,' +
        `"metadata":{"pact":{"name":"refund_agent","version":"1.2.0","compiler":{"name":"pactc","version":"0.1.0"},"source_digest":"sha256:${'ab'.repeat(32)}"}}}\n`,
    );
  });
  it('keeps the Wasm module and extra files verbatim', async () => {
    const report = new Uint8Array([1, 2, 3, 255]);
    const read = await readBundle(await buildBundle(sampleSpec({ files: { '/evidence/test-report.bin': report } })));
    expect(read.wasm).toEqual(WASM);
    expect(read.files.get('/evidence/test-report.bin')).toEqual(report);
  });
});

describe('revision', () => {
  it('follows the documented recipe', async () => {
    const read = await readBundle(await buildBundle(sampleSpec()));
    // Independent re-statement of the recipe in write.ts.
    const lines = [...read.files]
      .filter(([name]) => name !== '/.manifest' && name !== '/.signatures.json')
      .map(([name, bytes]) => `${digestFile(name, bytes)}  ${name.slice(1)}\n`)
      .sort((a, b) => Buffer.compare(Buffer.from(a.slice(66)), Buffer.from(b.slice(66))));
    expect(lines).toHaveLength(3);
    expect(read.manifest.revision).toBe(sha(lines.join('')));
    expect(read.manifest.revision).toMatch(/^[0-9a-f]{64}$/);
    expect(bundleRevision([...read.files].map(([name, bytes]) => ({ name, bytes })))).toBe(read.manifest.revision);
  });
  it('changes with the content and only with the content', async () => {
    const rev = async (spec: Parameters<typeof sampleSpec>[0]): Promise<string> =>
      (await readBundle(await buildBundle(sampleSpec(spec)))).manifest.revision;
    const base = await rev({});
    expect(await rev({ compilerVersion: '9.9.9' })).toBe(base);
    expect(await rev({ pact: { name: 'refund_agent', version: '1.2.0', sourceDigest: 'other' } })).toBe(base);
    expect(await rev({ wasm: new Uint8Array([...WASM, 0]) })).not.toBe(base);
    expect(await rev({ data: { refund_limit: 501, kill_switch: false, revoked: [], ratio: 0.25 } })).not.toBe(base);
    expect(await rev({ files: { '/schema/input.json': '{"type":"array"}\n' } })).not.toBe(base);
    expect(await rev({ files: {} })).not.toBe(base);
  });
  it('ignores the signature', async () => {
    const plain = await readBundle(await buildBundle(sampleSpec()));
    const signed = await readBundle(await buildBundle(sampleSpec({ signing: { key: 'secret', alg: 'HS256' } })));
    expect(signed.manifest.revision).toBe(plain.manifest.revision);
    // Recomputing from a signed bundle's files skips both the manifest and the signatures file.
    expect(signed.files.has('/.signatures.json')).toBe(true);
    expect(bundleRevision([...signed.files].map(([name, bytes]) => ({ name, bytes })))).toBe(signed.manifest.revision);
  });
});

describe('spec validation', () => {
  it.each([
    ['a name that is not an identifier', { pact: { name: 'refund-agent', version: '1', sourceDigest: '' } }, /pact name 'refund-agent' is not an identifier/],
    ['an empty version', { pact: { name: 'a', version: '', sourceDigest: '' } }, /pact version is empty/],
    ['an empty compiler version', { compilerVersion: '' }, /compiler version is empty/],
    ['an empty module', { wasm: new Uint8Array() }, /policy\.wasm is empty/],
    ['array data', { data: [] as unknown as Record<string, unknown> }, /data must be an object/],
    ['non-JSON data', { data: { x: Number.POSITIVE_INFINITY } }, /data is not JSON: \$\.pact\.refund_agent\.x: Infinity/],
    ['a relative extra file', { files: { 'schema.json': '{}' } }, /extra file 'schema\.json' must start with '\/'/],
    ['a dot-dot segment', { files: { '/a/../b.json': '{}' } }, /must not contain empty, '\.' or '\.\.' segments/],
    ['an empty segment', { files: { '/a//b.json': '{}' } }, /must not contain empty/],
    ['a non-ASCII name', { files: { '/é.json': '{}' } }, /must be printable ASCII/],
    ['a long name', { files: { ['/' + 'x'.repeat(100)]: '' } }, /must be at most 100 bytes/],
    ['a second data file', { files: { '/evidence/data.json': '{}' } }, /would be read by OPA as a data file/],
    ['a YAML data file', { files: { '/x/data.yaml': '' } }, /as a data file/],
    ['a second module', { files: { '/x/policy.wasm': WASM } }, /as a wasm module/],
    ['a manifest', { files: { '/x.manifest': '{}' } }, /as a manifest/],
    ['a signatures file', { files: { '/.signatures.json': '{}' } }, /as a signatures file/],
    ['a Rego file', { files: { '/p.rego': 'package p' } }, /as a Rego module/],
    ['a patch', { files: { '/patch.json': '{}' } }, /delta-bundle patch/],
  ])('rejects %s', async (_what, overrides, message) => {
    const e = await buildError(sampleSpec(overrides as Parameters<typeof sampleSpec>[0]));
    expect(isBundleError(e, 'invalid-spec')).toBe(true);
    expect(e.message).toMatch(/^cannot build bundle: /);
    expect(e.message).toMatch(message);
  });
  it('accepts a 100-byte name', async () => {
    const name = '/' + 'x'.repeat(99);
    const read = await readBundle(await buildBundle(sampleSpec({ files: { [name]: utf8('ok') } })));
    expect(text(read.files.get(name)!)).toBe('ok');
  });
});
