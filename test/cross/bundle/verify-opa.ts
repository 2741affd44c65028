/**
 * The last step of the bundle cross-check (run.sh): pactc reads and verifies the bundles that
 * OPA's own signer and writer produced from a pactc bundle (main.go's re-sign step), once with
 * the right key (must pass) and once with a wrong algorithm or secret (must fail). It also checks
 * that OPA's tar headers carry the same metadata as ours (mode, owner, mtime, format, type).
 *
 *   npx tsx test/cross/bundle/verify-opa.ts WORKDIR
 *
 * Not part of `npm test`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBundleError, readBundle, verifyBundle, type SigningAlgorithm } from '../../../src/bundle/index.js';
import { rawHeaders, type RawHeader } from '../../bundle/helpers.js';

const work = process.argv[2] ?? '';
if (work === '') {
  console.error('usage: verify-opa.ts WORKDIR');
  process.exit(2);
}
interface Cases {
  readonly resign: { alg: SigningAlgorithm; out: string }[];
  readonly keys: { alg: SigningAlgorithm; verify: string }[];
}
const cases = JSON.parse(readFileSync(join(work, 'cases.json'), 'utf8')) as Cases;

let failures = 0;
for (const job of cases.resign) {
  const key = cases.keys.find((k) => k.alg === job.alg)!;
  const material = job.alg.startsWith('HS') ? key.verify : readFileSync(key.verify, 'utf8');
  const bytes = new Uint8Array(readFileSync(job.out));
  try {
    const read = await readBundle(bytes, { pact: 'refund_agent' });
    const v = await verifyBundle(read, { key: material, alg: job.alg });
    console.log(`ok   pactc verified OPA's ${job.alg} bundle (kid ${v.keyId}, ${v.files.length} files)`);
  } catch (e) {
    failures++;
    console.log(`FAIL pactc rejected OPA's ${job.alg} bundle: ${(e as Error).message}`);
  }
  const wrong = job.alg.startsWith('HS') ? { key: 'not-the-secret', alg: job.alg } : { key: material, alg: 'HS256' as const };
  try {
    await verifyBundle(bytes, wrong);
    failures++;
    console.log(`FAIL pactc accepted OPA's ${job.alg} bundle with a wrong key or algorithm`);
  } catch (e) {
    if (!isBundleError(e)) throw e;
    console.log(`ok   wrong key/alg for OPA's ${job.alg} bundle rejected (${e.reason})`);
  }
}

// OPA's writer and ours must agree on every header field but name and size.
const meta = (h: RawHeader): Omit<RawHeader, 'name' | 'size'> => {
  const { name: _n, size: _s, ...rest } = h;
  return rest;
};
const ours = rawHeaders(new Uint8Array(readFileSync(join(work, 'signed-RS256.tar.gz')))).headers.map(meta);
const theirs = rawHeaders(new Uint8Array(readFileSync(cases.resign[0]!.out))).headers.map(meta);
const distinct = (xs: object[]): string[] => [...new Set(xs.map((m) => JSON.stringify(m)))];
if (distinct(ours).length === 1 && distinct(theirs).length === 1 && distinct(ours)[0] === distinct(theirs)[0]) {
  console.log(`ok   tar header metadata matches OPA's writer: ${distinct(ours)[0]}`);
} else {
  failures++;
  console.log(`FAIL tar header metadata differs: pactc ${distinct(ours).join(' ')} / OPA ${distinct(theirs).join(' ')}`);
}
console.log(`${cases.resign.length} OPA-signed bundles, ${failures} failures`);
process.exit(failures > 0 ? 1 : 0);
