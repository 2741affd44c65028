/**
 * Every pact in the documentation is real: each ```pact block of `docs/language.md`,
 * `docs/stdlib.md` and `README.md` is checked and run with `pactc test`.
 *
 * The fence's info string says what the block must do:
 *
 *   ```pact                     check with no diagnostic at all, and be in the canonical layout
 *                               (the README's headline pact may be laid out compactly)
 *   ```pact check=P2030,P2060   give exactly these diagnostic codes (errors or warnings)
 *   ```pact name=ID             (any of the above) and may be extended by a later block
 *   ```pact extends=ID          is a fragment: checked appended to the block named ID
 *   ```pact test=fail           `pactc test` must find a failure (a counterexample shown on purpose)
 *
 * A clean block must pass `pactc test` (fixed seed) — its own tests and properties if it has
 * any, and the five built-in properties every pact is held to — unless it says `test=fail`.
 *
 * `docs/testing.md` shows TypeScript instead: its ```ts file=PATH block must be that test file
 * as it is (imports from `pactc` and `pactc/testing` instead of relative paths into `src/`), so
 * the example is type-checked by `tsc` and run by vitest, and its quoted failure message must
 * be the one `assertProperty` gives.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frontEnd } from '../../src/compile.js';
import { assertProperty, PropertyAssertionError } from '../../src/testing/index.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { format, parse } from '../../src/syntax/index.js';
import { sourceFile } from '../../src/source/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = ['docs/language.md', 'docs/stdlib.md', 'README.md'];
/** Documents whose blocks may be laid out compactly (the README's headline pact). */
const COMPACT = new Set(['README.md']);

interface Block {
  readonly doc: string;
  readonly line: number;
  readonly text: string;
  readonly attrs: ReadonlyMap<string, string>;
}

/** The ```pact blocks of a Markdown file, with their fence attributes. */
function blocks(doc: string): Block[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```pact(\s.*)?$/.exec(lines[i] ?? '');
    if (!open) continue;
    const attrs = new Map<string, string>();
    for (const a of (open[1] ?? '').trim().split(/\s+/).filter(Boolean)) {
      const [k, v] = a.split('=');
      attrs.set(k ?? a, v ?? '');
    }
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j] !== '```') j++;
    out.push({ doc, line: start, text: lines.slice(start, j).join('\n') + '\n', attrs });
    i = j;
  }
  return out;
}

const scratch = mkdtempSync(join(tmpdir(), 'pactc-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function pactcTest(file: string): Promise<{ status: number; out: string }> {
  let out = '';
  const io: Io = { cwd: ROOT, stdout: (t) => (out += t), stderr: (t) => (out += t), stdin: () => '', color: false };
  const status = await main(['test', '--seed', '1', file], io);
  return { status, out };
}

for (const doc of DOCS) {
  describe(doc, () => {
    const all = blocks(doc);
    const named = new Map<string, string>();

    it('has pact examples', () => {
      expect(all.length).toBeGreaterThan(0);
    });

    for (const b of all) {
      const base = b.attrs.get('extends');
      const text = base !== undefined ? `${named.get(base) ?? `// unknown block ${base}\n`}\n${b.text}` : b.text;
      const name = b.attrs.get('name');
      if (name !== undefined) named.set(name, text);
      const codes = (b.attrs.get('check') ?? '').split(',').filter(Boolean).sort();
      const path = `${doc.replace(/[/.]/g, '_')}_${b.line}.pact`;

      it(`line ${b.line}: ${codes.length > 0 ? `gives ${codes.join(', ')}` : b.attrs.get('test') === 'fail' ? 'checks clean, and pactc test fails' : 'checks clean, and passes pactc test'}`, async () => {
        const fe = frontEnd(path, text);
        const got = [...new Set(fe.diagnostics.map((d) => d.code))].sort();
        expect(got, fe.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toEqual(codes);
        if (codes.length > 0) return;
        if (base === undefined && !COMPACT.has(doc)) expect(format(parse(sourceFile(path, text)).module)).toBe(text);
        if (fe.pact) {
          const file = join(scratch, path);
          writeFileSync(file, text);
          const r = await pactcTest(file);
          if (b.attrs.get('test') === 'fail') {
            expect(r.status, r.out).toBe(1);
          } else {
            expect(r.out).toMatch(/\b0 failed\b/);
            expect(r.status, r.out).toBe(0);
          }
        }
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// docs/testing.md: the TypeScript example is a real test file

describe('docs/testing.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/testing.md'), 'utf8');
  /** The fenced blocks of a language, with their info strings. */
  const fenced = (lang: string): { info: string; text: string }[] =>
    [...doc.matchAll(new RegExp('^```' + lang + '(.*)\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => ({ info: m[1]!.trim(), text: m[2]! }));

  it('shows test/examples/testing-api.test.ts as it is, importing from the package entry points', () => {
    const [example] = fenced('ts').filter((b) => b.info === 'file=test/examples/testing-api.test.ts');
    expect(example).toBeDefined();
    const file = readFileSync(join(ROOT, 'test/examples/testing-api.test.ts'), 'utf8')
      .replace("from '../../src/testing/index.js'", "from 'pactc/testing'")
      .replace("from '../../src/index.js'", "from 'pactc'");
    expect(example!.text).toBe(file);
  });

  it('names entry points the package exports', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown>; dependencies: Record<string, string> };
    expect(pkg.name).toBe('pactc');
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './testing']));
    expect(pkg.dependencies['fast-check']).toBeDefined();
  });

  it('quotes the failure message of the fourth test as assertProperty words it', async () => {
    const [text] = fenced('text');
    const err = await assertProperty('examples/refunds.pact', (d) => d.effect !== 'escalate', { seed: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PropertyAssertionError);
    expect(`${(err as Error).message}\n`).toBe(text!.text);
  });
});

