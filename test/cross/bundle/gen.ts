/**
 * The TypeScript half of the bundle cross-check (run.sh): writes pactc bundles, keys, digest
 * inputs and the expectations for the Go checker (main.go, which uses OPA's own v1/bundle) into a
 * work directory, as `cases.json`.
 *
 *   npx tsx test/cross/bundle/gen.ts WORKDIR
 *
 * Digest cases cover the corners of the canonicalisation (§12.4): number literals, duplicate
 * keys, key order beyond the BMP, Go string escaping, invalid UTF-8, lone surrogate escapes, BOM,
 * YAML data files, and raw files. Bundle cases cover every algorithm family, scopes, and the
 * rejections OPA must agree with: unsigned-with-key, tampered files, extra and missing files,
 * wrong keys. Not part of `npm test`.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle, digestFile, readBundle, type BundleSpec, type SigningAlgorithm } from '../../../src/bundle/index.js';
import { gzipDeterministic, packTar, type TarEntry } from '../../../src/bundle/tar.js';

const work = process.argv[2] ?? '';
if (work === '') {
  console.error('usage: gen.ts WORKDIR');
  process.exit(2);
}
mkdirSync(join(work, 'digest'), { recursive: true });
mkdirSync(join(work, 'opa'), { recursive: true });

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

// --- digest cases -----------------------------------------------------------------------------

const digestInputs: [name: string, bytes: Uint8Array][] = [
  ['data.json', enc('{}')],
  ['data.json', enc('{ "b": [1, 2.50, "x\\n\\u0001<"], "a": {"é": null, "z": true} }')],
  ['.manifest', enc('{"revision":"","roots":[""],"wasm":[{"entrypoint":"example/hello","module":"/policy.wasm"}],"rego_version":1}\n')],
  ['data.json', enc('{"n":[1.50,1e3,1E+2,-0,0.0,-1.25e-7,123456789012345678901234567890]}')],
  ['data.json', enc('{"a":1,"a":2,"b":{"c":1},"b":{"d":2}}')],
  ['data.json', enc('{"\uffff":1,"😀":2,"\ue000":3,"a":4,"é":5,"":6}')],
  ['data.json', enc('{"s":"<>&/\\/ \\u007f \\u2028 \\u2029 \\b\\f\\n\\r\\t \\u0000\\u001f \\"\\\\ é 😀"}')],
  ['data.json', Buffer.concat([enc('{"bad":"'), Buffer.from([0xff, 0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80, 0xc0, 0xaf]), enc('"}')])],
  ['data.json', Buffer.concat([enc('{"'), Buffer.from([0xfe]), enc('":1}')])],
  ['data.json', enc('{"l":"\\ud800x","r":"\\udc00\\ud800","p":"\\ud83d\\ude00","q":"\\ud800\\ud83d\\ude00"}')],
  ['data.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc(' \n\t{ "x" : [ ] , "y" : { } }\r\n')])],
  ['data.json', enc('[1,"two",null,true,false]')],
  ['data.json', enc('"just a string"')],
  ['data.json', enc('a: 1\nb: [x, 2.5]\n')],
  ['data.yaml', enc('a: 1\nb: [x, 2.5, true, null]\nc:\n  d: "<&>"\n  e: 1.50\n')],
  ['data.yml', enc('z: 1\na: [1, 2]\n')],
  ['roles/data.json', enc('{"admins":["alice"]}')],
  ['policy.wasm', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])],
  ['schema/input.json', enc('{ "b": 1, "a": 2 }')],
  ['x.rego', enc('package x\n')],
];

const digests = digestInputs.map(([name, bytes], i) => {
  const file = join(work, 'digest', `${i}-${name.replace(/\//g, '_')}`);
  writeFileSync(file, bytes);
  return { name, file, digest: digestFile(name, bytes) };
});

// --- keys ---------------------------------------------------------------------------------------

interface KeyPair {
  readonly alg: SigningAlgorithm;
  readonly sign: string; // PEM or secret
  readonly verify: string; // file path (or secret for HS*)
}

function pemPair(alg: SigningAlgorithm, pair: { privateKey: KeyObject; publicKey: KeyObject }): KeyPair {
  const priv = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const pub = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  writeFileSync(join(work, `${alg}.key.pem`), priv);
  writeFileSync(join(work, `${alg}.pub.pem`), pub);
  return { alg, sign: priv, verify: join(work, `${alg}.pub.pem`) };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keysByAlg: KeyPair[] = [
  pemPair('RS256', rsa),
  pemPair('RS512', rsa),
  pemPair('PS256', rsa),
  pemPair('ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })),
  pemPair('ES384', generateKeyPairSync('ec', { namedCurve: 'P-384' })),
  pemPair('ES512', generateKeyPairSync('ec', { namedCurve: 'P-521' })),
  { alg: 'HS256', sign: 'pactc-cross-secret', verify: 'pactc-cross-secret' },
  { alg: 'HS512', sign: 'pactc-cross-secret', verify: 'pactc-cross-secret' },
];
const other = pemPair('RS384', generateKeyPairSync('rsa', { modulusLength: 2048 }));

// --- bundles ------------------------------------------------------------------------------------

const data = {
  refund_limit: 500,
  ratio: 0.25,
  kill_switch: false,
  revoked: [],
  note: 'limits <in> "USD" & é',
};
const spec: BundleSpec = {
  pact: { name: 'refund_agent', version: '1.2.0', sourceDigest: 'sha256:' + '0'.repeat(64) },
  compilerVersion: '0.1.0',
  wasm: Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
  data,
  files: { '/schema/input.json': '{"type":"object"}\n', '/evidence/test-report.json': '{"passed":3}\n' },
};
const entrypoints = ['pact/refund_agent/decision', 'pact/refund_agent/explain'];
const wantData = { pact: { refund_agent: data } };

function write(name: string, bytes: Uint8Array): string {
  const file = join(work, name);
  writeFileSync(file, bytes);
  return file;
}

/** Re-packs a bundle with one file changed (undefined content removes it; a new name adds it). */
async function repack(bundle: Uint8Array, name: string, content: Uint8Array | undefined): Promise<Uint8Array> {
  const read = await readBundle(bundle);
  const entries: TarEntry[] = [];
  let seen = false;
  for (const [n, b] of read.files) {
    if (n !== name) entries.push({ name: n, bytes: b });
    else if (content) entries.push({ name: n, bytes: content }), (seen = true);
    else seen = true;
  }
  if (!seen && content) entries.splice(entries.length - 1, 0, { name, bytes: content });
  return gzipDeterministic(await packTar(entries));
}

const unsigned = await buildBundle(spec);
const revision = (await readBundle(unsigned)).manifest.revision;
const ok = { revision, roots: ['pact/refund_agent'], entrypoints, data: wantData, wantError: '', scope: '' };

const bundles: object[] = [{ note: 'unsigned bundle', file: write('unsigned.tar.gz', unsigned), alg: '', key: '', ...ok }];
for (const k of keysByAlg) {
  const signed = await buildBundle({ ...spec, signing: { key: k.sign, alg: k.alg } });
  bundles.push({ note: `signed ${k.alg}`, file: write(`signed-${k.alg}.tar.gz`, signed), alg: k.alg, key: k.verify, ...ok });
}
const rs = keysByAlg[0]!;
const signed = await buildBundle({ ...spec, signing: { key: rs.sign } });
const scoped = await buildBundle({ ...spec, signing: { key: rs.sign, scope: 'refunds' } });
// Same value, other key order and whitespace: the canonical digest must not change.
const reformatted = enc(JSON.stringify(wantData, null, 2) + '\n');
const rejections: [note: string, bytes: Uint8Array, want: string, extra?: { key?: string; alg?: string; scope?: string }][] = [
  ['scoped bundle, scope configured', scoped, '', { scope: 'refunds' }],
  ['scoped bundle, no scope configured', scoped, 'scope mismatch'],
  ['unscoped bundle, scope configured', signed, 'scope mismatch', { scope: 'refunds' }],
  ['unsigned bundle with a key', unsigned, 'bundle missing .signatures.json file'],
  ['wrong key', signed, 'verif', { key: other.verify }],
  ['ES256 bundle checked as RS256', await buildBundle({ ...spec, signing: { key: keysByAlg[3]!.sign, alg: 'ES256' } }), '', {}],
  ['policy.wasm flipped', await repack(signed, '/policy.wasm', Buffer.from([1, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), 'policy.wasm: digest mismatch'],
  ['data.json changed', await repack(signed, '/data.json', enc('{"pact":{"refund_agent":{"refund_limit":501}}}')), 'data.json: digest mismatch'],
  ['.manifest changed', await repack(signed, '/.manifest', enc((Buffer.from((await readBundle(signed)).files.get('/.manifest')!).toString()).replace('"rego_version":1', '"rego_version":0'))), '.manifest: digest mismatch'],
  ['data.json reformatted, same value', await repack(signed, '/data.json', reformatted), ''],
  ['extra file added', await repack(signed, '/extra.txt', enc('x')), 'file extra.txt not included in bundle signature'],
  ['signed file removed', await repack(signed, '/schema/input.json', undefined), 'specified in bundle signatures but not found'],
];
for (const [note, bytes, want, extra] of rejections) {
  const file = write(`case-${note.replace(/[^a-z0-9]+/gi, '-')}.tar.gz`, bytes);
  if (note === 'ES256 bundle checked as RS256') {
    // OPA uses the configured algorithm; an EC key configured as RS256 cannot verify.
    bundles.push({ note, file, ...ok, alg: 'RS256', key: keysByAlg[3]!.verify, wantError: 'verif' });
    continue;
  }
  bundles.push({ note, file, ...ok, alg: extra?.alg ?? 'RS256', key: extra?.key ?? rs.verify, scope: extra?.scope ?? '', wantError: want });
}

const resign = keysByAlg.map((k) => ({
  alg: k.alg,
  signingKey: k.alg.startsWith('HS') ? k.sign : join(work, `${k.alg}.key.pem`),
  out: join(work, 'opa', `opa-signed-${k.alg}.tar.gz`),
}));

writeFileSync(
  join(work, 'cases.json'),
  JSON.stringify({ digests, bundles, unsigned: join(work, 'unsigned.tar.gz'), resign, keys: keysByAlg }, null, 1),
);
console.log(`wrote ${digests.length} digest cases, ${bundles.length} bundle cases, ${resign.length} re-sign jobs to ${work}`);
