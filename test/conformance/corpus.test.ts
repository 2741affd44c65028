/**
 * Tests of the corpus loader's strictness (`corpus.ts`): a malformed case must fail loudly,
 * never turn into a case that passes without checking anything.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, loadCorpusFile, loadExceptions } from './corpus.js';

const PACT = 'modules:\n  main.pact: |\n    pact t version "1.0.0"\n    input { go: bool }\n    permit p when go because "x"\n';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  dirs.push(dir);
  return dir;
}

function load(body: string): ReturnType<typeof loadCorpusFile> {
  const dir = tempDir();
  writeFileSync(join(dir, 'c.yaml'), body);
  return loadCorpusFile('c.yaml', dir);
}

describe('the corpus loader', () => {
  it('loads a well-formed file', () => {
    const [a, b, c] = load(
      `${PACT}cases:\n` +
        '  - {note: absent, want_result: {effect: forbid}}\n' +
        '  - {note: patched, input: null, data: {x: 1}, want_result: {effect: forbid}, want_explanation: []}\n' +
        '  - {note: error, modules: {main.pact: "pact"}, want_error: "P1001 expected"}\n',
    );
    expect(a).toMatchObject({ file: 'c.yaml', note: 'absent', input: undefined, data: undefined, want: { kind: 'result' } });
    expect(b).toMatchObject({ input: null, data: { kind: 'patch', value: { x: 1 } }, want: { kind: 'result', explanation: [] } });
    expect(c).toMatchObject({ modules: { 'main.pact': 'pact' }, want: { kind: 'error', code: 'P1001', message: 'expected' } });
  });

  it.each([
    ['an unknown case key', `${PACT}cases:\n  - {note: a, want_results: {}}\n`, /unknown key `want_results`/],
    ['an unknown file key', `${PACT}case: []\n`, /unknown key `case`/],
    ['no expectation', `${PACT}cases:\n  - {note: a, input: {}}\n`, /exactly one of/],
    ['two expectations', `${PACT}cases:\n  - {note: a, want_result: {}, want_error: P2001}\n`, /exactly one of/],
    ['a duplicate note', `${PACT}cases:\n  - {note: a, want_result: {}}\n  - {note: a, want_result: {}}\n`, /duplicate note/],
    ['a missing note', `${PACT}cases:\n  - {want_result: {}}\n`, /`note`/],
    ['no modules', 'cases:\n  - {note: a, want_result: {}}\n', /no `modules`/],
    ['data twice', `${PACT}cases:\n  - {note: a, data: {}, data_document: {}, want_result: {}}\n`, /exclude each other/],
    ['a malformed error code', `${PACT}cases:\n  - {note: a, want_error: unknown field}\n`, /PNNNN/],
    ['an error case with input', `${PACT}cases:\n  - {note: a, input: {}, want_error: P2001}\n`, /no input/],
    ['no cases', `${PACT}cases: []\n`, /non-empty/],
  ])('rejects %s', (_what, body, message) => {
    expect(() => load(body)).toThrow(message);
  });

  it('finds yaml files recursively, without exceptions.yaml', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    for (const f of ['b.yaml', 'sub/a.yaml', 'exceptions.yaml', 'notes.md']) writeFileSync(join(dir, f), '');
    expect(corpusFiles(dir)).toEqual(['b.yaml', 'sub/a.yaml']);
  });

  it('requires every field of an exception', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'exceptions.yaml'), 'exceptions:\n  - {engine: wasm, file: a.yaml, case: x}\n');
    expect(() => loadExceptions(dir)).toThrow(/`note`/);
    writeFileSync(join(dir, 'exceptions.yaml'), 'exceptions: []\n');
    expect(loadExceptions(dir)).toEqual([]);
  });
});
