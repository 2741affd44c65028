import { gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { buildBundle, isBundleError, readBundle, type BundleErrorReason } from '../../src/bundle/index.js';
import { sampleSpec, tarGz, text, utf8, WASM } from './helpers.js';

const MANIFEST = JSON.stringify({
  revision: 'r1',
  roots: ['pact/demo'],
  wasm: [
    { entrypoint: 'pact/demo/decision', module: '/policy.wasm' },
    { entrypoint: 'pact/demo/explain', module: '/policy.wasm' },
  ],
  rego_version: 1,
});

/** A minimal hand-made pact bundle, with overrides per file (`null` drops a file). */
async function handMade(overrides: Record<string, string | Uint8Array | null> = {}): Promise<Uint8Array> {
  const files: Record<string, string | Uint8Array | null> = {
    '/data.json': '{"pact":{"demo":{"limit":5}}}',
    '/policy.wasm': WASM,
    '/.manifest': MANIFEST,
    ...overrides,
  };
  return tarGz(Object.fromEntries(Object.entries(files).filter((e): e is [string, string | Uint8Array] => e[1] !== null)));
}

async function readError(bytes: Uint8Array, opts?: Parameters<typeof readBundle>[1]): Promise<Error> {
  try {
    await readBundle(bytes, opts);
  } catch (e) {
    return e as Error;
  }
  throw new Error('readBundle did not throw');
}

async function expectReadError(bytes: Uint8Array, reason: BundleErrorReason, message: RegExp, opts?: { pact?: string }): Promise<void> {
  const e = await readError(bytes, opts);
  expect(isBundleError(e, reason), `${e.message} should be ${reason}`).toBe(true);
  expect((e as { code?: string }).code).toBe('P5003');
  expect(e.message).toMatch(message);
}

describe('reading bundles', () => {
  it('round-trips what buildBundle wrote', async () => {
    const read = await readBundle(await buildBundle(sampleSpec()), { pact: 'refund_agent' });
    expect([...read.files.keys()]).toEqual(['/data.json', '/policy.wasm', '/schema/input.json', '/.manifest']);
    expect(read.roots).toEqual(['pact/refund_agent']);
    expect(read.manifest.metadata).toEqual({
      pact: {
        name: 'refund_agent',
        version: '1.2.0',
        compiler: { name: 'pactc', version: '0.1.0' },
        source_digest: 'sha256:' + 'ab'.repeat(32),
      },
    });
    expect(read.data).toEqual({ pact: { refund_agent: { refund_limit: 500, kill_switch: false, revoked: [], ratio: 0.25 } } });
    expect(read.wasm).toEqual(WASM);
    expect(read.signatures).toBeUndefined();
  });
  it('reads a hand-made bundle and merges data files at their directory', async () => {
    const read = await readBundle(
      await handMade({ '/pact/demo/roles/data.json': '{"admins":["a"]}', '/pact/demo/extra/data.yaml': 'x: 1\n' }),
      { pact: 'demo' },
    );
    expect(read.data).toEqual({ pact: { demo: { limit: 5, roles: { admins: ['a'] }, extra: { x: 1 } } } });
  });
  it('skips directory entries, as OPA does', async () => {
    const pack = tarStream.pack();
    pack.entry({ name: '/pact/', type: 'directory', mtime: new Date(0) });
    pack.entry({ name: '/data.json', mtime: new Date(0) }, Buffer.from('{}'));
    pack.entry({ name: '/policy.wasm', mtime: new Date(0) }, Buffer.from(WASM));
    pack.entry({ name: '/.manifest', mtime: new Date(0) }, Buffer.from(MANIFEST));
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const read = await readBundle(gzipSync(Buffer.concat(chunks)));
    expect([...read.files.keys()]).toEqual(['/data.json', '/policy.wasm', '/.manifest']);
  });
  it('parses the signatures file without verifying it', async () => {
    const read = await readBundle(await handMade({ '/.signatures.json': '{"signatures":["a.b.c"],"plugin":"p"}' }));
    expect(read.signatures).toEqual({ signatures: ['a.b.c'], plugin: 'p' });
  });
});

describe('container errors', () => {
  it('rejects bytes that are not gzip', async () => {
    await expectReadError(utf8('hello, world'), 'not-gzip', /^invalid bundle: not a gzip file/);
    await expectReadError(new Uint8Array(), 'not-gzip', /not a gzip file/);
  });
  it('rejects a truncated gzip stream', async () => {
    const bytes = await buildBundle(sampleSpec());
    await expectReadError(bytes.subarray(0, bytes.length - 20), 'corrupt-gzip', /^invalid bundle: corrupt gzip stream/);
  });
  it('rejects gzip data that is not a tar archive', async () => {
    await expectReadError(gzipSync('x'.repeat(2000)), 'not-tar', /^invalid bundle: not a tar archive/);
    await expectReadError(gzipSync('short'), 'not-tar', /not a tar archive/);
  });
  it('rejects a file name that occurs twice', async () => {
    const pack = tarStream.pack();
    for (const name of ['/data.json', '/data.json']) pack.entry({ name, mtime: new Date(0) }, Buffer.from('{}'));
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    await expectReadError(gzipSync(Buffer.concat(chunks)), 'duplicate-file', /file '\/data\.json' occurs more than once/);
  });
});

describe('manifest and content errors', () => {
  it('requires a manifest', async () => {
    await expectReadError(await handMade({ '/.manifest': null }), 'missing-manifest', /^invalid bundle: no \/\.manifest file/);
  });
  it('rejects two manifests', async () => {
    await expectReadError(await handMade({ '/x/.manifest': MANIFEST }), 'multiple-manifests', /multiple manifest files: '\/\.manifest' and '\/x\/\.manifest'/);
  });
  it('rejects a manifest that is not JSON or has ill-typed fields', async () => {
    await expectReadError(await handMade({ '/.manifest': '{"revision":' }), 'invalid-manifest', /\/\.manifest: not JSON/);
    await expectReadError(await handMade({ '/.manifest': '[]' }), 'invalid-manifest', /not a JSON object/);
    await expectReadError(await handMade({ '/.manifest': '{"roots":"pact"}' }), 'invalid-manifest', /`roots` is not a list of strings/);
    await expectReadError(await handMade({ '/.manifest': '{"wasm":[{"entrypoint":1}]}' }), 'invalid-manifest', /`wasm\[0\]` needs string/);
    await expectReadError(await handMade({ '/.manifest': '{"rego_version":2}' }), 'invalid-manifest', /unsupported rego version 2/);
  });
  it('rejects a manifest that references a missing module', async () => {
    await expectReadError(
      await handMade({ '/policy.wasm': null }),
      'missing-module',
      /manifest references wasm module '\/policy\.wasm' but the module file does not exist/,
    );
    const elsewhere = MANIFEST.replace(/"\/policy\.wasm"/g, '"policy.wasm"');
    await expectReadError(await handMade({ '/.manifest': elsewhere }), 'missing-module', /module 'policy\.wasm' but/);
  });
  it('rejects a bundle without any module', async () => {
    await expectReadError(
      await handMade({ '/policy.wasm': null, '/.manifest': '{"revision":"","roots":["pact/demo"]}' }),
      'missing-wasm',
      /no policy\.wasm module/,
    );
  });
  it('rejects data outside the roots', async () => {
    await expectReadError(
      await handMade({ '/data.json': '{"pact":{"demo":{},"other":{"x":1}}}' }),
      'roots-mismatch',
      /manifest roots \[pact\/demo\] do not permit data at path '\/pact\/other'/,
    );
    await expectReadError(
      await handMade({ '/data.json': '{"pact":7}' }),
      'roots-mismatch',
      /do not permit data at path '\/pact'/,
    );
  });
  it('rejects entrypoints outside the roots', async () => {
    await expectReadError(
      await handMade({ '/.manifest': MANIFEST.replace('"roots":["pact/demo"]', '"roots":["pact/other"]'), '/data.json': '{}' }),
      'roots-mismatch',
      /manifest roots \[pact\/other\] do not permit 'pact\/demo\/decision' entrypoint for wasm module '\/policy\.wasm'/,
    );
  });
  it('rejects overlapping roots', async () => {
    await expectReadError(
      await handMade({ '/.manifest': MANIFEST.replace('"roots":["pact/demo"]', '"roots":["pact","/pact/demo/"]') }),
      'roots-overlap',
      /manifest has overlapped roots: 'pact' and 'pact\/demo'/,
    );
  });
  it('checks that the bundle is the expected pact', async () => {
    await expectReadError(await handMade(), 'roots-mismatch', /roots \[pact\/demo\] do not match pact 'refund_agent' \(expected \[pact\/refund_agent\]\)/, {
      pact: 'refund_agent',
    });
    const oneEntrypoint = JSON.stringify({ ...JSON.parse(MANIFEST), wasm: [{ entrypoint: 'pact/demo/decision', module: '/policy.wasm' }] });
    await expectReadError(await handMade({ '/.manifest': oneEntrypoint }), 'invalid-manifest', /no 'pact\/demo\/explain' entrypoint/, { pact: 'demo' });
  });
  it('rejects bad data files', async () => {
    await expectReadError(await handMade({ '/data.json': '{"pact":' }), 'invalid-data', /bundle load failed on \/data\.json/);
    await expectReadError(await handMade({ '/data.json': '[1]' }), 'invalid-data', /root value must be object/);
    await expectReadError(
      await handMade({ '/pact/demo/data.json': '{"limit":6}' }),
      'invalid-data',
      /merge conflict at '\/pact\/demo\/limit'/,
    );
  });
  it('rejects a malformed signatures file', async () => {
    await expectReadError(await handMade({ '/.signatures.json': '{"signatures":"x"}' }), 'invalid-signatures-file', /`signatures` is not a list of strings/);
    await expectReadError(await handMade({ '/.signatures.json': 'nope' }), 'invalid-signatures-file', /\/\.signatures\.json: not JSON/);
    await expectReadError(
      await handMade({ '/.signatures.json': '{}', '/x/.signatures.json': '{}' }),
      'invalid-signatures-file',
      /multiple signatures files/,
    );
  });
  it('keeps the manifest text it read', async () => {
    const read = await readBundle(await handMade(), { pact: 'demo' });
    expect(text(read.files.get('/.manifest')!)).toBe(MANIFEST);
    expect(read.manifest.revision).toBe('r1');
  });
});
