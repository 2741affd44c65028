/**
 * The test report: what `pactc test` found, as data (the evidence record `--json` writes and
 * `pactc build --evidence` stores as `/evidence/test-report.json`) and as text.
 *
 * The record is deterministic: the same source, seed, run count and compiler give the same JSON
 * (no timestamps, no durations), so it can be regenerated and compared, and a bundle built with
 * it stays reproducible. Its `sourceDigest` is the manifest's (`compile.ts`, `sourceDigest`),
 * which is how `evidence.ts` refuses a report made for other source.
 *
 * Counterexamples are printed the way a `test` block is written — `input = { action: { kind:
 * "pay" } }`, bare keys, numbers as JSON, durations in seconds — so a failure pastes into a new
 * test as it is; data appears only as the fields that differ from the defaults (`data = {
 * revoked: ["bank"] }`), which is what a test's `data = …` overrides.
 */
import type { Json } from '../check/types.js';
import type { Decision } from '../decision/index.js';
import { PLAIN, type Palette } from '../diag/index.js';
import type { JsonObject } from './arbitraries.js';
import type { CoverageReport } from './coverage.js';
import type { Observation } from './properties.js';

/** The `kind` of every test report. */
export const REPORT_KIND = 'pactc-test-report';
/** The report format's version; bumped on incompatible changes. */
export const REPORT_FORMAT = 1;

/** Everything `pactc test` found for one pact. */
export interface TestReport {
  readonly kind: typeof REPORT_KIND;
  readonly format: typeof REPORT_FORMAT;
  readonly pact: { readonly name: string; readonly version: string };
  /** The pact's path as given to `pactc test`. */
  readonly file: string;
  /** SHA-256 over the pact's sources, as in the bundle manifest. */
  readonly sourceDigest: string;
  readonly compilerVersion: string;
  /** The fast-check seed every property ran with. */
  readonly seed: number;
  /** Cases per property. */
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  /** Tests in source order, then declared properties, then the built-in ones. */
  readonly results: readonly TestResult[];
}

/** The outcome of one test block or property. */
export interface TestResult {
  readonly kind: 'test' | 'property';
  readonly name: string;
  /** True for the five properties every pact is held to. */
  readonly builtin: boolean;
  readonly ok: boolean;
  /**
   * Properties: the cases checked, or for a failure the case at which it was found (a failure
   * in the directed phase: all the random cases, and `directed` the inputs decided after them).
   */
  readonly runs?: number;
  /**
   * The agreement property: the inputs its directed phase decided after the random cases
   * (`coverage.ts`), besides `runs` — also when it failed there.
   */
  readonly directed?: number;
  /**
   * The agreement property: the rules its checked inputs reached, and the boundaries tried
   * (also when it failed in the directed phase: what was reached until then).
   */
  readonly coverage?: CoverageReport;
  /** Generated inputs that did not satisfy `given` (declared properties). */
  readonly skipped?: number;
  /**
   * Context for a pass: a vacuous property, a rarely satisfied `given`, the agreement property's
   * rules not reached and boundaries not tried (one finding per line).
   */
  readonly note?: string;
  /** Why it failed, one line. */
  readonly message?: string;
  readonly counterexample?: Counterexample;
}

/** The minimal failing case of a property, or the case of a failed test. */
export interface Counterexample {
  readonly cases: readonly CaseRecord[];
  /** How many times fast-check shrank the first failure. */
  readonly shrinks?: number;
  /** fast-check's path to the counterexample, for replay with the same seed. */
  readonly path?: string;
}

/** One decision of a counterexample. */
export interface CaseRecord {
  /** `input`, `degraded input`, … */
  readonly label: string;
  /** The input; absent when the input was absent. */
  readonly input?: Json;
  /** `input = {…}` in pact syntax, or `input absent`. */
  readonly inputText: string;
  /** The data fields that differ from the defaults; absent when none do. */
  readonly data?: JsonObject;
  readonly dataText?: string;
  /** The decision of the artifact (the compiled Wasm). */
  readonly decision: Decision;
  /** The reference evaluator's decision, only when it differs. */
  readonly reference?: Decision;
}

/** Records an observation for the report, with data as its difference from `defaults`. */
export function caseRecord(o: Observation, defaults: JsonObject): CaseRecord {
  const patch: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(o.data)) if (JSON.stringify(v) !== JSON.stringify(defaults[k])) patch[k] = v;
  const changed = Object.keys(patch).length > 0;
  const same = JSON.stringify(o.decision) === JSON.stringify(o.reference);
  return {
    label: o.label,
    ...(o.input !== undefined ? { input: o.input as Json } : {}),
    inputText: o.input === undefined ? 'input absent' : `input = ${pactLiteral(o.input)}`,
    ...(changed ? { data: patch, dataText: `data = ${pactLiteral(patch)}` } : {}),
    decision: o.decision,
    ...(same ? {} : { reference: o.reference }),
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Prints a JSON value as a pact literal: objects with bare keys where the key is a name
 * (keywords included, as the grammar allows), strings and numbers as JSON.
 */
export function pactLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pactLiteral).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${pactLiteral(x)}`).join(', ')} }`;
}

/** A string as a JSON literal with every invisible character escaped (`"\\u200b"`). */
export function showString(s: string): string {
  return JSON.stringify(s).replace(/[^\P{White_Space} ]|[\p{Cc}\p{Cf}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/gu, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** A decision on one line: `escalate by large_refund to "finance-lead" — "Refunds above …"`. */
export function describeDecision(d: Decision): string {
  let s = `${d.effect} by ${d.rules.join(', ') || '(no rule)'}`;
  if (d.approvers.length > 0) s += ` to ${d.approvers.map((a) => JSON.stringify(a)).join(', ')}`;
  if (d.grants.length > 0) s += `, granting ${d.grants.map((g) => `"${g.secret}" scope "${g.scope}" ttl ${g.ttl_seconds}s`).join(', ')}`;
  if (d.reasons.length > 0) s += ` — ${d.reasons.map(showString).join(', ')}`;
  else s += ' — no reason';
  return s;
}

/** `1 case`, `3 cases`; `1 time`, `13 times`: a count with its noun in the right number. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Options of {@link formatReport}. */
export interface FormatOptions {
  readonly palette?: Palette;
  /** The `pactc test` arguments to repeat in the rerun hint besides the file and seed. */
  readonly rerunFlags?: string;
}

/** One result as the lines `pactc test` prints for it (without the trailing newline). */
export function formatResult(report: Pick<TestReport, 'file' | 'seed' | 'runs'>, r: TestResult, opts: FormatOptions = {}): string {
  const p = opts.palette ?? PLAIN;
  const what = `${r.kind} ${JSON.stringify(r.name)}`;
  const details: string[] = [];
  if (r.builtin) details.push('built-in');
  if (r.runs !== undefined) details.push(`${r.ok ? '' : 'failed after '}${counted(r.runs, 'case')}`);
  if (r.directed !== undefined) details.push(`then ${r.directed} directed at rules`);
  if (r.ok) {
    const extra = details.length > 0 ? p.dim(` (${details.join(', ')})`) : '';
    // A note of several findings has one line each.
    const note = (r.note?.split('\n') ?? []).map((n) => `\n      ${p.dim(`note: ${n}`)}`).join('');
    return `  ✓ ${what}${extra}${note}`;
  }
  const lines = [`  ${p.error('✗')} ${p.bold(what)}${details.length > 0 ? p.dim(` (${details.join(', ')})`) : ''}`];
  if (r.message) lines.push(`      ${r.message}`);
  const cx = r.counterexample;
  let previous: string | undefined;
  for (const c of cx?.cases ?? []) {
    const prefix = c.label === 'input' ? '' : `${c.label}: `;
    const same = previous !== undefined && previous === c.inputText;
    previous = c.inputText;
    if (same) lines.push(`      ${prefix}the same input${c.dataText ? `, ${c.dataText}` : ''}`);
    else lines.push(`      ${prefix}${c.inputText}`);
    if (c.dataText && !same) lines.push(`      ${' '.repeat(prefix.length)}${c.dataText}`);
    lines.push(`        → ${describeDecision(c.decision)}`);
    if (c.reference) lines.push(`        reference → ${describeDecision(c.reference)}`);
  }
  if (r.kind === 'property') {
    const shrinks = cx?.shrinks !== undefined ? `, shrunk ${counted(cx.shrinks, 'time')}` : '';
    const flags = opts.rerunFlags ? ` ${opts.rerunFlags}` : '';
    lines.push(`      ${p.dim(`seed ${report.seed}${shrinks}; rerun: pactc test ${report.file} --seed ${report.seed}${flags}`)}`);
  }
  return lines.join('\n');
}

/** The header line of a pact's results: `refund_agent 1.2.0 (examples/refunds.pact)`. */
export function formatHeader(report: Pick<TestReport, 'pact' | 'file'>, p: Palette = PLAIN): string {
  return `${p.bold(`${report.pact.name} ${report.pact.version}`)} ${p.dim(`(${report.file})`)}`;
}

/** The whole report as text, header, one entry per result, then `N passed, N failed`. */
export function formatReport(report: TestReport, opts: FormatOptions = {}): string {
  const lines = [formatHeader(report, opts.palette), ...report.results.map((r) => formatResult(report, r, opts))];
  lines.push(summaryLine(report.passed, report.failed));
  return lines.join('\n') + '\n';
}

/** The closing line: exactly `N passed, N failed`. */
export function summaryLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}
