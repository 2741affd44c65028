#!/usr/bin/env node
// Lays out the cross-host conformance suites for scripts/cross-host.sh.
//
//   node scripts/cross-cases.mjs OUTDIR [--from SRCDIR]
//
// A suite is a directory holding three files (layout: test/cross/README.md):
//   bundle.tar.gz    a bundle built by pactc
//   cases.jsonl      one case per line: {"entrypoint": "pact/NAME/decision", "input": ..., "data": {...}}
//   expected.jsonl   line i answers case i: {"result": RESULT_SET} or {"error": "..."}
// Suites are read from SRCDIR (default: $PACTC_CROSS_CASES, else test/cross/cases), checked, and
// copied to OUTDIR/<suite>/; OUTDIR/suites.json lists them. A missing or empty SRCDIR yields no
// suites (exit 0); a malformed suite is an error (exit 1), never silently dropped.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = ['bundle.tar.gz', 'cases.jsonl', 'expected.jsonl'];
const CASE_KEYS = new Set(['entrypoint', 'input', 'data']);

function usage(msg) {
  if (msg) console.error(`cross-cases: ${msg}`);
  console.error('usage: node scripts/cross-cases.mjs OUTDIR [--from SRCDIR]');
  process.exit(2);
}

function parseArgs(argv) {
  let out;
  let from = process.env.PACTC_CROSS_CASES || join(root, 'test', 'cross', 'cases');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') {
      if (i + 1 >= argv.length) usage('--from needs a directory');
      from = argv[++i];
    } else if (argv[i].startsWith('-')) usage(`unknown option ${argv[i]}`);
    else if (out === undefined) out = argv[i];
    else usage('too many arguments');
  }
  if (out === undefined) usage('OUTDIR is required');
  return { out: resolve(out), from: resolve(from) };
}

function lines(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, n: i + 1 }))
    .filter((l) => l.text.trim() !== '');
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Problems with one suite directory; [] when it is well-formed. */
function checkSuite(dir) {
  const problems = [];
  for (const f of FILES) if (!existsSync(join(dir, f))) problems.push(`missing ${f}`);
  if (problems.length) return problems;

  const bundle = readFileSync(join(dir, 'bundle.tar.gz'));
  if (bundle.length < 2 || bundle[0] !== 0x1f || bundle[1] !== 0x8b) problems.push('bundle.tar.gz is not gzip data');

  const cases = lines(join(dir, 'cases.jsonl'));
  for (const { text, n } of cases) {
    let c;
    try {
      c = JSON.parse(text);
    } catch (e) {
      problems.push(`cases.jsonl:${n}: not JSON (${e.message})`);
      continue;
    }
    if (!isObject(c)) problems.push(`cases.jsonl:${n}: not an object`);
    else {
      if (typeof c.entrypoint !== 'string' || c.entrypoint === '') problems.push(`cases.jsonl:${n}: "entrypoint" must be a non-empty string`);
      if (Object.hasOwn(c, 'data') && !isObject(c.data)) problems.push(`cases.jsonl:${n}: "data" must be an object`);
      for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) problems.push(`cases.jsonl:${n}: unknown key "${k}"`);
    }
  }

  const expected = lines(join(dir, 'expected.jsonl'));
  for (const { text, n } of expected) {
    let e;
    try {
      e = JSON.parse(text);
    } catch (err) {
      problems.push(`expected.jsonl:${n}: not JSON (${err.message})`);
      continue;
    }
    const hasResult = isObject(e) && Object.hasOwn(e, 'result');
    const hasError = isObject(e) && Object.hasOwn(e, 'error');
    if (hasResult === hasError) problems.push(`expected.jsonl:${n}: needs exactly one of "result" and "error"`);
    else if (hasResult && !Array.isArray(e.result)) problems.push(`expected.jsonl:${n}: "result" must be a result set (an array)`);
  }
  if (cases.length === 0) problems.push('cases.jsonl has no cases');
  if (cases.length !== expected.length) problems.push(`${cases.length} cases but ${expected.length} expected lines`);
  return problems;
}

function main() {
  const { out, from } = parseArgs(process.argv.slice(2));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const names = existsSync(from)
    ? readdirSync(from)
        .filter((n) => !n.startsWith('.') && statSync(join(from, n)).isDirectory())
        .sort()
    : [];
  const suites = [];
  let bad = 0;
  for (const name of names) {
    const dir = join(from, name);
    const problems = checkSuite(dir);
    if (problems.length) {
      bad++;
      for (const p of problems) console.error(`cross-cases: ${dir}: ${p}`);
      continue;
    }
    mkdirSync(join(out, name));
    for (const f of FILES) copyFileSync(join(dir, f), join(out, name, f));
    suites.push({ name, cases: lines(join(dir, 'cases.jsonl')).length });
  }
  writeFileSync(join(out, 'suites.json'), `${JSON.stringify({ source: from, suites }, null, 2)}\n`);
  const total = suites.reduce((s, x) => s + x.cases, 0);
  console.log(`cross-cases: ${suites.length} suite(s), ${total} case(s) from ${from}${bad ? `; ${bad} malformed` : ''}`);
  process.exitCode = bad ? 1 : 0;
}

main();
