/**
 * Shared helpers for the syntax tests: parse a string, and describe diagnostics as
 * `CODE LINE:COL message` so table tests read as one line per case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineCol, sourceFile, type SourceFile } from '../../src/source/index.js';
import { parse } from '../../src/syntax/index.js';
import type { Diagnostic } from '../../src/diag/index.js';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Parses `text` as a file named `test.pact`. */
export function parseText(text: string, path = 'test.pact'): ReturnType<typeof parse> & { file: SourceFile } {
  const file = sourceFile(path, text);
  return { ...parse(file), file };
}

/** `P1001 2:14 expected an expression, found end of file`. */
export function describe1(file: SourceFile, d: Diagnostic): string {
  const { line, col } = lineCol(file, d.span.start);
  return `${d.code} ${line}:${col} ${d.message}`;
}

/** Every diagnostic of parsing `text`, described. */
export function diagnosticsOf(text: string): string[] {
  const r = parseText(text);
  return r.diagnostics.map((d) => describe1(r.file, d));
}

/** The `.pact` files shipped as examples and in the standard library. */
export function examplePacts(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const dir of ['examples', 'stdlib']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(ROOT, dir));
    } catch {
      continue;
    }
    for (const n of names.filter((f) => f.endsWith('.pact')).sort()) {
      out.push({ path: `${dir}/${n}`, text: readFileSync(join(ROOT, dir, n), 'utf8') });
    }
  }
  return out;
}
