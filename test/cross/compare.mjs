#!/usr/bin/env node
// Compares one harness's output with the expected results of one suite.
//
//   node test/cross/compare.mjs CASES.jsonl EXPECTED.jsonl ACTUAL.jsonl [LABEL]
//
// Line i of ACTUAL answers line i of CASES. A case passes when
//   * expected {"result": X} and actual {"result": Y} with X and Y JSON-equal (object key order
//     ignored; array order significant; numbers compared as JavaScript numbers), or
//   * expected {"error": ...} and actual {"error": ...} (messages differ between hosts and are
//     not compared).
// A harness line {"skip": "reason"} counts as skipped (a host that cannot express the case).
// Anything else, including a missing or unparsable line, fails.
//
// Prints one line per failure and ends with "PASSED FAILED SKIPPED" counts on the last line of
// stdout (read by scripts/cross-host.sh). Exit status 0 when nothing failed, 1 otherwise.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

export function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/** Verdict for one case: {status: 'pass'|'fail'|'skip', why?: string}. */
export function judge(expectedLine, actualLine) {
  let expected;
  try {
    expected = JSON.parse(expectedLine);
  } catch (e) {
    return { status: 'fail', why: `expected line is not JSON: ${e.message}` };
  }
  if (actualLine === undefined) return { status: 'fail', why: 'no output line (the harness stopped early)' };
  let actual;
  try {
    actual = JSON.parse(actualLine);
  } catch (e) {
    return { status: 'fail', why: `output line is not JSON: ${e.message}: ${actualLine.slice(0, 200)}` };
  }
  if (actual && typeof actual === 'object' && typeof actual.skip === 'string') {
    return { status: 'skip', why: actual.skip };
  }
  if (Object.hasOwn(expected, 'error')) {
    return actual && Object.hasOwn(actual, 'error')
      ? { status: 'pass' }
      : { status: 'fail', why: `expected an error, got ${short(actual)}` };
  }
  if (!actual || !Object.hasOwn(actual, 'result')) {
    return { status: 'fail', why: `expected ${short(expected)}, got ${short(actual)}` };
  }
  return jsonEqual(expected.result, actual.result)
    ? { status: 'pass' }
    : { status: 'fail', why: `expected ${short(expected)}, got ${short(actual)}` };
}

function short(v) {
  const s = JSON.stringify(v);
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

function main(argv) {
  if (argv.length < 3) {
    console.error('usage: compare.mjs CASES.jsonl EXPECTED.jsonl ACTUAL.jsonl [LABEL]');
    return 2;
  }
  const [casesPath, expectedPath, actualPath, label = actualPath] = argv;
  const cases = readJsonl(casesPath);
  const expected = readJsonl(expectedPath);
  let actual = [];
  try {
    actual = readJsonl(actualPath);
  } catch {
    /* no output at all: every case fails below */
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const missing = Math.max(0, expected.length - actual.length);
  expected.forEach((exp, i) => {
    if (i >= actual.length) return; // reported once below
    const v = judge(exp, actual[i]);
    if (v.status === 'pass') passed++;
    else if (v.status === 'skip') skipped++;
    else {
      failed++;
      console.log(`FAIL ${label} case ${i + 1} ${cases[i] ? short(JSON.parse(cases[i])) : ''}\n     ${v.why}`);
    }
  });
  if (missing > 0) {
    failed += missing;
    console.log(`FAIL ${label} cases ${actual.length + 1}-${expected.length}: no output line (the harness stopped after ${actual.length} line(s))`);
  }
  if (actual.length > expected.length) {
    failed++;
    console.log(`FAIL ${label}: ${actual.length - expected.length} output line(s) more than cases`);
  }
  console.log(`${passed} ${failed} ${skipped}`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
