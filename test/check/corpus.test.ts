/**
 * The chunked corpus of the checker (starlark's `chunkedfile`).
 *
 * Every `test/check/*.pact` file is a list of chunks separated by lines that are exactly `---`.
 * Each chunk is a whole pact, checked with `checkSource` under the file's path (so `use
 * "./modules/…"` finds the fixtures). Expectations sit in line comments on the line a
 * diagnostic points at:
 *
 *     permit p when trust.scor > 1 because "x"   // ### P2002@21 "unknown field `scor`"
 *
 * i.e. code, optional `@COLUMN`, optional message fragment; several may share a line. `// ###^`
 * puts expectations on the line above (for errors that swallow the rest of their line). Chunks are
 * checked with their line numbers intact (earlier chunks become blank lines), so a failure
 * points at the real line of the file. A chunk passes when every expectation is met by a
 * distinct diagnostic and no diagnostic — error or warning — is left unexpected; a chunk with
 * no expectations must check clean and produce a checked pact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import type { Diagnostic } from '../../src/diag/index.js';
import { lineCol, sourceFile } from '../../src/source/index.js';

const DIR = 'test/check';

interface Expectation {
  readonly code: string;
  readonly line: number;
  readonly col: number | undefined;
  readonly text: string | undefined;
}

interface Chunk {
  readonly startLine: number;
  readonly text: string;
  readonly expectations: readonly Expectation[];
}

/** Splits a corpus file into chunks, padding each with blank lines so line numbers stay true. */
function chunks(text: string): Chunk[] {
  const lines = text.split('\n');
  const out: Chunk[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    if (body.every((l) => l.trim() === '')) return;
    const expectations: Expectation[] = [];
    body.forEach((l, i) => {
      const at = l.indexOf('// ###');
      if (at < 0) return;
      const above = l.startsWith('// ###^', at) ? 1 : 0;
      for (const m of l.slice(at).matchAll(/###\^?\s*(P\d{4})(?:@(\d+))?(?:\s+"((?:[^"\\]|\\.)*)")?/g)) {
        expectations.push({
          code: m[1] as string,
          line: start + i + 1 - above,
          col: m[2] === undefined ? undefined : Number(m[2]),
          text: m[3]?.replace(/\\(.)/g, '$1'),
        });
      }
    });
    out.push({ startLine: start + 1, text: '\n'.repeat(start) + body.join('\n'), expectations });
  };
  lines.forEach((l, i) => {
    if (l.trim() === '---') {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return out;
}

function show(d: Diagnostic, line: number, col: number): string {
  return `${d.code}@${line}:${col} ${d.severity} "${d.message}"`;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.pact'))
  .sort();

/** Every chunk of the corpus, for the size check below. */
const all = files.flatMap((f) => chunks(readFileSync(join(DIR, f), 'utf8')).map((c) => ({ file: f, chunk: c })));

describe('checker corpus', () => {
  it('has at least 45 invalid programs', () => {
    expect(all.filter((c) => c.chunk.expectations.some((e) => /^P[12]\d{3}$/.test(e.code))).length).toBeGreaterThanOrEqual(45);
  });

  for (const file of files) {
    describe(file, () => {
      for (const chunk of all.filter((c) => c.file === file).map((c) => c.chunk)) {
        it(`chunk at line ${chunk.startLine}`, () => {
          const path = join(DIR, file);
          const src = sourceFile(path, chunk.text);
          const result = checkSource(path, chunk.text);
          const found = result.diagnostics.map((d) => {
            const { line, col } = d.span.file === path ? lineCol(src, d.span.start) : { line: 0, col: 0 };
            return { d, line, col, used: false };
          });
          const problems: string[] = [];
          for (const e of chunk.expectations) {
            const hit = found.find(
              (f) => !f.used && f.d.code === e.code && f.line === e.line && (e.col === undefined || f.col === e.col) && (e.text === undefined || f.d.message.includes(e.text)),
            );
            if (hit) hit.used = true;
            else {
              const near = found.filter((f) => f.line === e.line).map((f) => show(f.d, f.line, f.col));
              problems.push(`missing ${e.code}@${e.line}${e.col !== undefined ? `:${e.col}` : ''} "${e.text ?? ''}"${near.length ? `; on that line: ${near.join(', ')}` : ''}`);
            }
          }
          for (const f of found) {
            if (!f.used) problems.push(`unexpected ${f.d.span.file === path ? '' : `${f.d.span.file}: `}${show(f.d, f.line, f.col)}`);
          }
          expect(problems).toEqual([]);
          const errors = result.diagnostics.some((d) => d.severity === 'error');
          expect(result.pact === undefined).toBe(errors);
        });
      }
    });
  }
});
