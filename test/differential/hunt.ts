/**
 * The hard differential run — not part of the default suite (vitest only runs `*.test.ts`).
 *
 *   npx tsx test/differential/hunt.ts [--pacts 2000] [--inputs 25] [--seed 1] [--slow 5]
 *                                      [--depth 3] [--rules 8] [--minimise 2500]
 *                                      [--no-lone] [--no-lone-pact] [--no-proto] [--no-exotic] [--no-alias-chains]
 *                                      [--no-raw] [--no-trailing] [--no-deep] [--out DIR]
 *
 * Generates `--pacts` pacts (pact `i` from fast-check seed `seed + i`, so any one replays alone)
 * with `--inputs` cases each, runs every case through the reference and the Wasm fast path (the
 * first `--slow` cases also through the SDK's slow path), and classifies every divergence by a
 * signature: the entrypoint, the top-level keys that differ and the kind of decision each side
 * made (`decision:rules,reasons|ref:forbid/default_deny|wasm:forbid/invalid_input`). The first
 * occurrence of each signature is minimised (`harness.ts` `minimise`, holding the signature) and
 * written to `DIR` (default `/tmp/pactc-hunt`) as a text report and a corpus-case YAML snippet.
 *
 * The `--no-…` switches turn off generator features behind divergences already found, so a long
 * run keeps finding new ones instead of the same one: `--no-lone` (unpaired surrogates in
 * input and data strings), `--no-lone-pact` (in the pact's literals, reasons, roles, grants), `--no-proto` (`__proto__` as an input key or a field name), `--no-exotic`
 * (JavaScript-special and keyword field names in schemas), `--no-alias-chains` (a let aliasing
 * another alias let), `--no-raw` (inputs as JSON text), `--no-trailing` (text with bytes after
 * the JSON value), `--no-deep` (values nested around 2048 deep).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { frontEnd } from '../../src/compile.js';
import { arbRun, corpusCase, dataDocument, diffCase, loadPact, minimise, PACT_PATH, type Divergence, type LoadedPact, type Run } from './harness.js';
import { printPact } from './pact-gen.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const flag = (name: string): boolean => args.includes(`--${name}`);
const outIdx = args.indexOf('--out');
const OUT = outIdx >= 0 ? (args[outIdx + 1] as string) : '/tmp/pactc-hunt';
const PACTS = opt('pacts', 2000);
const INPUTS = opt('inputs', 25);
const SEED = opt('seed', 1);
const SLOW = opt('slow', 5);
/** Candidates tried when minimising a new signature (0: report unminimised). */
const BUDGET = opt('minimise', 2500);
const GEN = {
  loneSurrogates: !flag('no-lone-pact'),
  loneInputs: !flag('no-lone'),
  protoKeys: !flag('no-proto'),
  protoNames: !flag('no-proto'),
  exoticNames: !flag('no-exotic'),
  aliasChains: !flag('no-alias-chains'),
  rawText: !flag('no-raw'),
  trailingBytes: !flag('no-trailing'),
  deepNesting: !flag('no-deep'),
  maxDepth: opt('depth', 3),
  maxRules: opt('rules', 8),
};

function kind(doc: string): string {
  if (doc.startsWith('THROWS')) return 'throws';
  try {
    const d = JSON.parse(doc) as { effect?: string; rules?: string[] };
    const first = d.rules?.[0] ?? '';
    return `${d.effect}/${['kill_switch', 'default_deny', 'evaluation_error', 'invalid_input', 'invalid_data'].includes(first) ? first : 'rules'}`;
  } catch {
    return 'not-json';
  }
}

/** The fine signature used to de-duplicate and to hold a minimisation on course. */
function fine(d: Divergence): string {
  return `${d.signature}|ref:${kind(d.reference)}|wasm:${kind(d.wasm)}`;
}

async function firstDivergence(run: Run, slow: boolean): Promise<{ sig: string; d: Divergence; i: number } | undefined> {
  let p;
  try {
    p = await loadPact(printPact(run.pact), { slow });
  } catch (e) {
    const d: Divergence = { engine: 'compile', entrypoint: 'decision', reference: '', wasm: String(e), signature: `compile:${String(e).slice(0, 60)}` };
    return { sig: d.signature, d, i: -1 };
  }
  if (!p) return undefined;
  for (const [i, c] of run.cases.entries()) {
    const d = diffCase(p, c, slow && i < SLOW);
    if (d) return { sig: fine(d), d, i };
  }
  return undefined;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const counts = new Map<string, number>();
  const firstSeed = new Map<string, number>();
  let accepted = 0;
  let rejected = 0;
  let cases = 0;
  let divergentPacts = 0;
  const t0 = performance.now();
  for (let i = 0; i < PACTS; i++) {
    const seed = SEED + i;
    const [run] = fc.sample(arbRun(INPUTS, GEN), { seed, numRuns: 1 });
    if (!run) continue;
    let p: LoadedPact | undefined;
    try {
      p = await loadPact(printPact(run.pact), { slow: SLOW > 0 });
    } catch (e) {
      const sig = `compile:${String(e).slice(0, 60)}`;
      counts.set(sig, (counts.get(sig) ?? 0) + 1);
      if (!firstSeed.has(sig)) {
        firstSeed.set(sig, seed);
        const min = BUDGET > 0 ? await minimise({ pact: run.pact, cases: [] }, async (r) => (await firstDivergence(r, false))?.sig === sig, BUDGET) : { pact: run.pact, cases: [] };
        const n = firstSeed.size;
        const report = [`signature: ${sig}`, `seed: ${seed} (pact ${i})`, '----- pact -----', printPact(min.pact), '----- error -----', String(e)].join('\n');
        writeFileSync(join(OUT, `${String(n).padStart(2, '0')}.txt`), `${report}\n`);
        console.log(`\n=== new divergence #${n}: ${sig}\n${report}\n`);
      }
      continue;
    }
    if (!p) {
      rejected++;
      if (rejected <= 3) {
        const fe = frontEnd(PACT_PATH, printPact(run.pact));
        console.log(`rejected seed ${seed}: ${fe.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('; ')}`);
      }
      continue;
    }
    accepted++;
    const seen = new Set<string>();
    for (const [j, c] of run.cases.entries()) {
      cases++;
      const d = diffCase(p, c, j < SLOW);
      if (!d) continue;
      // A host call that threw (e.g. `setData` on text the module cannot parse) can leave the
      // SDK's instance with its data pointer into reused memory: start afresh, so that later
      // cases are not blamed for it.
      if (d.wasm.startsWith('THROWS')) p = (await loadPact(p.src, { slow: SLOW > 0 })) ?? p;
      const sig = fine(d);
      if (seen.has(sig)) continue;
      seen.add(sig);
      counts.set(sig, (counts.get(sig) ?? 0) + 1);
      if (firstSeed.has(sig)) continue;
      firstSeed.set(sig, seed);
      const slow = d.engine.includes('slow');
      const one: Run = { pact: run.pact, cases: [c] };
      const min = BUDGET > 0 ? await minimise(one, async (r) => (await firstDivergence(r, slow))?.sig === sig, BUDGET) : one;
      const src = printPact(min.pact);
      const minCase = min.cases[0];
      const found = await firstDivergence(min, slow);
      const lp = await loadPact(src);
      const n = firstSeed.size;
      const report = [
        `signature: ${sig}`,
        `seed: ${seed} (pact ${i}, case ${j}); engine ${found?.d.engine}, entrypoint ${found?.d.entrypoint}`,
        '----- pact -----',
        src,
        '----- input -----',
        minCase?.raw !== undefined ? `raw JSON text: ${JSON.stringify(minCase.raw.text)}` : minCase?.input === undefined ? '(absent)' : JSON.stringify(minCase.input),
        '----- data -----',
        JSON.stringify(minCase?.data),
        minCase && lp ? `whole data document: ${JSON.stringify(dataDocument(lp.pact, minCase.data) ?? '(defaults)')}` : '',
        '----- reference -----',
        found?.d.reference ?? '',
        '----- wasm -----',
        found?.d.wasm ?? '',
      ].join('\n');
      writeFileSync(join(OUT, `${String(n).padStart(2, '0')}.txt`), `${report}\n`);
      if (minCase && lp && minCase.raw === undefined) {
        const yamlCase = corpusCase(`divergence ${n}`, src, lp.pact, minCase, found?.d.entrypoint === 'explain');
        try {
          writeFileSync(join(OUT, `${String(n).padStart(2, '0')}.yaml`), stringify([yamlCase]));
        } catch (e) {
          console.log(`(no YAML for #${n}: ${String(e).slice(0, 80)})`);
        }
      }
      console.log(`\n=== new divergence #${n}: ${sig}\n${report}\n`);
    }
    if (seen.size > 0) divergentPacts++;
    if ((i + 1) % 100 === 0) console.log(`... ${i + 1} pacts, ${accepted} checked, ${cases} cases, ${divergentPacts} divergent pacts, ${((performance.now() - t0) / 1000).toFixed(0)}s`);
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`\n${PACTS} pacts generated, ${accepted} checked (${((accepted / PACTS) * 100).toFixed(1)}%), ${cases} cases, ${divergentPacts} pacts with a divergence, ${secs}s`);
  for (const [sig, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(5)}  ${sig}  (first seed ${firstSeed.get(sig)})`);
}

await main();
