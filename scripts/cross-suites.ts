/**
 * Generates the cross-host suites from the conformance corpus (`test/conformance/`):
 *
 *   node --import tsx scripts/cross-suites.ts OUTDIR
 *
 * One suite per distinct pact of the corpus: `bundle.tar.gz` built by pactc (the pact's Wasm,
 * its data defaults, the manifest), `cases.jsonl` with the whole data document of each case
 * (defaults under `pact.NAME`, merged with the case's patch), and `expected.jsonl` holding the
 * corpus's expected decision as the result set every OPA-Wasm host returns:
 * `[{"result": DECISION}]`. Explain cases are included with their expected trace. Layout and
 * comparison rules: test/cross/README.md.
 *
 * Cases whose input, data or expected decision holds a lone surrogate (`"\ud800"`) are left out:
 * JSON and JavaScript strings can hold one, but the Go, Rust and Python hosts keep strings as
 * UTF-8 (Go turns it into U+FFFD, serde_json refuses it), so no pactc module could be compared
 * there. The JS SDK engines of the conformance suite cover those cases.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBundle } from '../src/bundle/index.js';
import { compileWasm } from '../src/compile.js';
import { mergeData } from '../src/eval/index.js';
import { COMPILER_VERSION } from '../src/version.js';
import { checkModules, loadCorpus } from '../test/conformance/corpus.js';

const out = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node --import tsx scripts/cross-suites.ts OUTDIR');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const suites = new Map<string, { name: string; cases: string[]; expected: string[] }>();
let count = 0;
/** True when a JSON value (or a pact source) holds a surrogate code unit without its partner. */
function hasLoneSurrogate(v: unknown): boolean {
  if (typeof v === 'string') return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\\u[dD][89a-fA-F]/.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => hasLoneSurrogate(k) || hasLoneSurrogate(x));
  return false;
}
let skipped = 0;
for (const c of loadCorpus()) {
  if (c.want.kind !== 'result') continue;
  if ([c.input, c.data?.value, c.want.result, c.modules].some(hasLoneSurrogate)) {
    skipped++;
    continue;
  }
  const key = JSON.stringify(c.modules);
  const pact = checkModules(c.modules).pact;
  if (!pact) throw new Error(`${c.file}: ${c.note}: the pact does not check`);
  let suite = suites.get(key);
  if (!suite) {
    const name = `s${String(suites.size).padStart(3, '0')}-${c.file.replace(/\.yaml$/, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
    const dir = join(out, name);
    mkdirSync(dir);
    const bytes = await buildBundle({
      pact: { name: pact.name, version: pact.version, sourceDigest: 'conformance' },
      compilerVersion: COMPILER_VERSION,
      wasm: compileWasm(pact),
      data: pact.dataDefaults,
    });
    writeFileSync(join(dir, 'bundle.tar.gz'), bytes);
    suite = { name, cases: [], expected: [] };
    suites.set(key, suite);
  }
  const data = c.data === undefined ? pact.dataDefaults : c.data.kind === 'patch' ? mergeData(pact.dataDefaults, c.data.value) : c.data.value;
  const base = { data: { pact: { [pact.name]: data } }, ...(c.input === undefined ? {} : { input: c.input }) };
  suite.cases.push(JSON.stringify({ entrypoint: `pact/${pact.name}/decision`, ...base }));
  suite.expected.push(JSON.stringify({ result: [{ result: c.want.result }] }));
  if (c.want.explanation) {
    suite.cases.push(JSON.stringify({ entrypoint: `pact/${pact.name}/explain`, ...base }));
    suite.expected.push(JSON.stringify({ result: [{ result: { ...c.want.result, explanation: c.want.explanation } }] }));
  }
  count++;
}
for (const s of suites.values()) {
  writeFileSync(join(out, s.name, 'cases.jsonl'), s.cases.join('\n') + '\n');
  writeFileSync(join(out, s.name, 'expected.jsonl'), s.expected.join('\n') + '\n');
}
console.log(`cross-suites: ${suites.size} suites, ${count} corpus cases → ${out} (${skipped} with lone surrogates left out)`);
