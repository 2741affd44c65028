/**
 * Test reports as build evidence: `pactc test FILE --json REPORT`, then
 * `pactc build FILE --evidence REPORT`, which stores the report in the bundle as
 * {@link EVIDENCE_PATH} so whoever deploys the bundle can see what it was tested against.
 *
 * Evidence is only worth something if it is about *this* source, so {@link loadEvidence}
 * validates before the build stores anything:
 * 1. the file is JSON and has the shape of a {@link TestReport} (`kind`, `format`, pact, digest,
 *    seed, runs, counts, results) — a `pactc test --json` over several files writes an array,
 *    from which the record for the pact being built is picked by name;
 * 2. its pact name and version are the pact's;
 * 3. its `sourceDigest` equals the digest of the sources being built (`compile.ts`,
 *    `sourceDigest`, the same value the manifest records) — a report made before the pact or
 *    a module it uses changed is *stale* and refused;
 * 4. it ran at least {@link MIN_EVIDENCE_RUNS} cases per property — what `pactc test` runs by
 *    default — so a quick `--runs 1` check cannot pass for evidence (`pactc build` has no way
 *    around this; the API takes `minRuns`);
 * 5. it records no failure, unless the caller allows failing evidence.
 * Every refusal is an {@link EvidenceError} whose message says what to run instead: `pactc test`
 * on the file being built, writing the report where the build looks for it.
 *
 * The bytes stored are the selected record re-serialised (two-space JSON, final newline), so
 * the bundle does not depend on how the report file was formatted.
 */
import { readFileSync } from 'node:fs';
import { sourceDigest, type FrontEnd } from '../compile.js';
import { REPORT_FORMAT, REPORT_KIND, type TestReport } from './report.js';

/** Where a bundle keeps the test report. */
export const EVIDENCE_PATH = '/evidence/test-report.json';

/** The fewest cases per property a report needs to be evidence: `pactc test`'s default (`DEFAULT_RUNS`). */
export const MIN_EVIDENCE_RUNS = 400;

/** A report that cannot be used as evidence for the pact being built. */
export class EvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceError';
  }
}

/** What the evidence must be about. */
export interface EvidenceSubject {
  readonly name: string;
  readonly version: string;
  readonly sourceDigest: string;
  /** The pact file being built, as the user named it (for the `pactc test` to rerun). */
  readonly file?: string;
}

/** Options of {@link loadEvidence}. */
export interface EvidenceOptions {
  /** Accept a report that records failures (default false: refuse it). */
  readonly allowFailures?: boolean;
  /** The fewest cases per property to accept (default {@link MIN_EVIDENCE_RUNS}). */
  readonly minRuns?: number;
}

/** A validated report and the bytes to store at {@link EVIDENCE_PATH}. */
export interface Evidence {
  readonly report: TestReport;
  readonly bytes: Uint8Array;
}

/** The subject of a front end's pact: its name, version and source digest. */
export function evidenceSubject(fe: FrontEnd): EvidenceSubject {
  if (!fe.pact) throw new Error('internal: evidence needs a checked pact');
  return { name: fe.pact.name, version: fe.pact.version, sourceDigest: sourceDigest(fe), file: fe.pact.main.file.path };
}

/**
 * Reads the test report at `path` and checks it is evidence for `subject` (a front end, or its
 * name, version and digest): see the header. Throws {@link EvidenceError} otherwise.
 *
 * @example
 * ```ts
 * const fe = frontEndFile('refunds.pact');
 * const { bytes } = loadEvidence('refunds.report.json', fe);
 * await buildPactBundle('refunds.pact', text, { files: { [EVIDENCE_PATH]: bytes } });
 * ```
 */
export function loadEvidence(path: string, subject: FrontEnd | EvidenceSubject, opts: EvidenceOptions = {}): Evidence {
  const want = 'sourceDigest' in subject ? subject : evidenceSubject(subject);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new EvidenceError(`${path}: cannot read the test report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new EvidenceError(`${path}: the test report is not JSON (${(e as Error).message})`);
  }
  const report = validateEvidence(json, want, path, opts);
  return { report, bytes: new TextEncoder().encode(JSON.stringify(report, null, 2) + '\n') };
}

/** Checks a parsed report (or array of reports) against `subject`; see {@link loadEvidence}. */
export function validateEvidence(json: unknown, subject: EvidenceSubject, path = 'test report', opts: EvidenceOptions = {}): TestReport {
  // `pactc test --json` over several files also lists the files that did not check; skip those.
  const candidates = Array.isArray(json) ? json.filter((x) => (x as { kind?: unknown } | null)?.kind !== 'pactc-check-failure') : [json];
  candidates.forEach((c, i) => {
    const problem = shapeProblem(c);
    if (problem) throw new EvidenceError(`${path}: not a pactc test report${candidates.length > 1 ? ` (entry ${i})` : ''}: ${problem}`);
  });
  const reports = candidates as TestReport[];
  const mine = reports.filter((r) => r.pact.name === subject.name);
  if (mine.length === 0) {
    const names = reports.map((r) => `\`${r.pact.name}\``).join(', ') || 'no pact';
    throw new EvidenceError(`${path}: the test report is about ${names}, not pact \`${subject.name}\``);
  }
  if (mine.length > 1) throw new EvidenceError(`${path}: the test report holds ${mine.length} reports for pact \`${subject.name}\`; keep one`);
  const r = mine[0]!;
  // The file to test again is the one being built, wherever the old report was made.
  const rerun = `rerun \`pactc test ${subject.file ?? r.file} --json ${path}\``;
  if (r.pact.version !== subject.version) {
    throw new EvidenceError(`${path}: the test report is for version ${r.pact.version} of \`${r.pact.name}\`, the source is version ${subject.version}; ${rerun}`);
  }
  if (r.sourceDigest !== subject.sourceDigest) {
    throw new EvidenceError(
      `${path}: the test report is stale: it was made for source digest ${r.sourceDigest.slice(0, 12)}…, the source now has ${subject.sourceDigest.slice(0, 12)}…; ${rerun}`,
    );
  }
  const minRuns = opts.minRuns ?? MIN_EVIDENCE_RUNS;
  if (r.runs < minRuns) {
    throw new EvidenceError(
      `${path}: the test report ran ${r.runs} case${r.runs === 1 ? '' : 's'} per property; evidence needs at least ${minRuns}, what \`pactc test\` runs by default; ${rerun} without \`--runs\` (or with \`--runs ${minRuns}\` or more)`,
    );
  }
  if (r.failed > 0 && !opts.allowFailures) {
    const names = r.results.filter((x) => !x.ok).map((x) => `${x.kind} "${x.name}"`);
    throw new EvidenceError(`${path}: the test report records ${r.failed} failure${r.failed === 1 ? '' : 's'} (${names.join(', ')}); fix them and ${rerun}`);
  }
  return r;
}

/** What is wrong with the shape of a would-be report, or undefined. */
function shapeProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const r = v as Record<string, unknown>;
  if (r['kind'] !== REPORT_KIND) return `\`kind\` must be "${REPORT_KIND}"`;
  if (r['format'] !== REPORT_FORMAT) return `unsupported \`format\` ${JSON.stringify(r['format'])} (this pactc reads format ${REPORT_FORMAT})`;
  const pact = r['pact'] as Record<string, unknown> | undefined;
  if (typeof pact !== 'object' || pact === null || typeof pact['name'] !== 'string' || typeof pact['version'] !== 'string') return '`pact` must have a name and a version';
  if (typeof r['sourceDigest'] !== 'string' || !/^[0-9a-f]{64}$/.test(r['sourceDigest'])) return '`sourceDigest` must be a SHA-256 in hex';
  for (const k of ['file', 'compilerVersion']) if (typeof r[k] !== 'string') return `\`${k}\` must be a string`;
  for (const k of ['seed', 'runs', 'passed', 'failed']) if (!Number.isInteger(r[k])) return `\`${k}\` must be an integer`;
  const results = r['results'];
  if (!Array.isArray(results)) return '`results` must be a list';
  for (const [i, x] of results.entries()) {
    const t = x as Record<string, unknown> | null;
    if (typeof t !== 'object' || t === null || (t['kind'] !== 'test' && t['kind'] !== 'property') || typeof t['name'] !== 'string' || typeof t['ok'] !== 'boolean') {
      return `\`results[${i}]\` must have a kind ("test" or "property"), a name and ok`;
    }
  }
  const failed = results.filter((x) => (x as { ok: boolean }).ok === false).length;
  if (failed !== r['failed'] || results.length - failed !== r['passed']) return '`passed` and `failed` do not match `results`';
  return undefined;
}
