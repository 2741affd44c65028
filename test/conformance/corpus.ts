/**
 * Loading the conformance corpus: `test/conformance/**\/*.yaml` (see README.md for the format).
 *
 * The loader is strict — an unknown key, a case with both or neither of `want_result` and
 * `want_error`, a duplicate note — is an error, so a typo such as `want_results:` cannot turn a
 * case into one that silently passes. Pacts are checked once per distinct set of modules and the
 * result cached; `use "./x.pact"` resolves inside the case's modules and `use std.x` through the
 * repository's standard library.
 *
 * Besides `run.test.ts`, other engines' test suites (the Wasm engines) and the fuzzers that seed
 * from the corpus import this file.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { checkSource, nodeModuleLoader, type ModuleLoader } from '../../src/check/index.js';
import type { CheckResult } from '../../src/check/types.js';
import type { Decision, RuleTrace } from '../../src/decision/index.js';
import { sourceFile } from '../../src/source/index.js';

/** The directory holding the corpus. */
export const CORPUS_DIR = dirname(fileURLToPath(import.meta.url));

/** Module sources by path; the first entry is the pact, the others libraries it may `use`. */
export type Modules = Readonly<Record<string, string>>;

/** What a case expects. */
export type Want =
  | { readonly kind: 'result'; readonly result: Decision; readonly explanation?: readonly RuleTrace[] }
  | { readonly kind: 'error'; readonly code: string; readonly message?: string };

/** One case of the corpus. */
export interface CorpusCase {
  /** The file, relative to the corpus directory, with `/` separators. */
  readonly file: string;
  readonly note: string;
  readonly modules: Modules;
  /** The input document; `undefined` when the case has no `input` key (absent input). */
  readonly input: unknown;
  /** How to build the data document: a patch over the defaults, a whole document, or defaults. */
  readonly data: { readonly kind: 'patch' | 'document'; readonly value: unknown } | undefined;
  readonly want: Want;
}

/** An allowed divergence of one engine on one case. */
export interface CorpusException {
  readonly engine: string;
  readonly file: string;
  readonly case: string;
  /** Why, and the issue tracking it. */
  readonly note: string;
}

const FILE_KEYS = new Set(['note', 'modules', 'cases']);
const CASE_KEYS = new Set(['note', 'modules', 'input', 'data', 'data_document', 'want_result', 'want_explanation', 'want_error']);

/** Every `.yaml` file under the corpus directory except `exceptions.yaml`, sorted. */
export function corpusFiles(dir: string = CORPUS_DIR): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (name.endsWith('.yaml') && p !== join(dir, 'exceptions.yaml')) out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  visit(dir);
  return out;
}

/** Loads and validates one corpus file. Throws with the file and case on a malformed one. */
export function loadCorpusFile(file: string, dir: string = CORPUS_DIR): CorpusCase[] {
  const doc: unknown = parseYaml(readFileSync(join(dir, file), 'utf8'));
  const fail = (msg: string): never => {
    throw new Error(`${file}: ${msg}`);
  };
  if (!isObject(doc)) return fail('a corpus file is a mapping with `cases`');
  for (const k of Object.keys(doc)) if (!FILE_KEYS.has(k)) fail(`unknown key \`${k}\``);
  const fileModules = doc['modules'] === undefined ? undefined : modulesOf(doc['modules'], fail);
  const cases = doc['cases'];
  if (!Array.isArray(cases) || cases.length === 0) return fail('`cases` must be a non-empty list');
  const notes = new Set<string>();
  return cases.map((c: unknown, i): CorpusCase => {
    const where = (msg: string): never => fail(`case ${i + 1}: ${msg}`);
    if (!isObject(c)) return where('a case is a mapping');
    for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) where(`unknown key \`${k}\``);
    const note = c['note'];
    if (typeof note !== 'string' || note === '') return where('`note` must be a non-empty string');
    if (notes.has(note)) where(`duplicate note \`${note}\``);
    notes.add(note);
    const modules = c['modules'] === undefined ? fileModules : modulesOf(c['modules'], where);
    if (!modules) return where('no `modules` in the case or the file');
    if ('data' in c && 'data_document' in c) where('`data` and `data_document` exclude each other');
    const data =
      'data' in c
        ? { kind: 'patch' as const, value: c['data'] }
        : 'data_document' in c
          ? { kind: 'document' as const, value: c['data_document'] }
          : undefined;
    const hasResult = 'want_result' in c;
    const hasError = 'want_error' in c;
    if (hasResult === hasError) where('exactly one of `want_result` and `want_error`');
    let want: Want;
    if (hasError) {
      const e = c['want_error'];
      if (typeof e !== 'string' || !/^P\d{4}\b/.test(e)) return where('`want_error` is `PNNNN` or `PNNNN message text`');
      if ('input' in c || data || 'want_explanation' in c) where('a `want_error` case has no input, data or explanation');
      const message = e.slice(5).trim();
      want = { kind: 'error', code: e.slice(0, 5), ...(message ? { message } : {}) };
    } else {
      const result = c['want_result'];
      if (!isObject(result)) return where('`want_result` must be a decision document');
      const explanation = c['want_explanation'];
      if (explanation !== undefined && !Array.isArray(explanation)) where('`want_explanation` must be a list of rule traces');
      want = {
        kind: 'result',
        result: result as unknown as Decision,
        ...(explanation !== undefined ? { explanation: explanation as RuleTrace[] } : {}),
      };
    }
    return { file, note, modules, input: c['input'], data, want };
  });
}

/** Loads every corpus file. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusCase[] {
  return corpusFiles(dir).flatMap((f) => loadCorpusFile(f, dir));
}

/** Loads `exceptions.yaml`: a mapping with an `exceptions` list (possibly empty). */
export function loadExceptions(dir: string = CORPUS_DIR): CorpusException[] {
  const doc: unknown = parseYaml(readFileSync(join(dir, 'exceptions.yaml'), 'utf8'));
  if (!isObject(doc) || !Array.isArray(doc['exceptions'])) throw new Error('exceptions.yaml: expected `exceptions: [...]`');
  return doc['exceptions'].map((e: unknown, i) => {
    const ok =
      isObject(e) &&
      Object.keys(e).every((k) => ['engine', 'file', 'case', 'note'].includes(k)) &&
      ['engine', 'file', 'case', 'note'].every((k) => typeof e[k] === 'string' && e[k] !== '');
    if (!ok) throw new Error(`exceptions.yaml: entry ${i + 1} needs string \`engine\`, \`file\`, \`case\` and \`note\``);
    return e as unknown as CorpusException;
  });
}

const checked = new Map<string, CheckResult>();

/**
 * Checks a case's modules (cached per distinct set). The first module is the pact; a
 * `use "./lib.pact"` resolves relative to the using module among the others.
 */
export function checkModules(modules: Modules): CheckResult {
  const key = JSON.stringify(modules);
  const cachedResult = checked.get(key);
  if (cachedResult) return cachedResult;
  const entries = Object.entries(modules);
  const [main] = entries;
  if (!main) throw new Error('no modules');
  const std = nodeModuleLoader();
  const loader: ModuleLoader = (use, from) => {
    if (use.kind === 'UseStd') return std(use, from);
    const path = posix.normalize(posix.join(posix.dirname(from.path), use.path.value));
    const text = modules[path];
    return text === undefined
      ? { error: `no module \`${path}\` in this case`, candidates: Object.keys(modules) }
      : { file: sourceFile(path, text) };
  };
  const result = checkSource(main[0], main[1], loader);
  checked.set(key, result);
  return result;
}

function modulesOf(v: unknown, fail: (msg: string) => never): Modules {
  if (!isObject(v) || Object.keys(v).length === 0) return fail('`modules` maps file names to pact sources');
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== 'string') fail(`module \`${k}\` must be a string`);
    if (!k.endsWith('.pact')) fail(`module \`${k}\` must end in .pact`);
  }
  return v as Modules;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
