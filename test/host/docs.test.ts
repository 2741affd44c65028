/**
 * docs/embedding.md says what the code does: every TypeScript example compiles under `strict`
 * (as an ES module, against this package and a pact's generated declarations), and the errors
 * table lists the codes `loadBundle` really gives.
 *
 * The examples are type-checked, not run. Each ```ts block is its own module; the names the
 * guide says stand for the reader's own code (`agentId`, `askHuman`, `Refused`, `refund`, …) and
 * the `pact` loaded in its first example are declared once for all of them, below.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { BundleError, inputTypeScript, loadBundle } from '../../src/index.js';
import { agentBundle, agentSource, RSA } from './host-helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOC = readFileSync(join(ROOT, 'docs/embedding.md'), 'utf8');

/** The names the examples assume from the reader's application. */
const AMBIENT = `
declare const pact: import('pactc').Pact;
declare const agentId: string;
declare function askHuman(approvers: readonly string[], reasons: readonly string[]): Promise<{ by: string; role: string } | undefined>;
declare class Refused extends Error { constructor(reasons: readonly string[]); }
declare function refund(): Promise<void>;
declare const input: import('./refunds.js').Input;
declare const document: import('pactc').DataObject;
declare const src: string;
declare const bytes: Uint8Array;
declare const publicPem: string;
declare const queue: { send(line: string): Promise<void> };
`;

/** The ```ts blocks of the guide, with the line each starts on. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const re = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    out.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1] as string });
  }
  return out;
}

describe('docs/embedding.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pactc-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has TypeScript examples that all compile under strict, as ES modules', () => {
    const blocks = tsBlocks(DOC);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const { pact } = checkSource('refunds.pact', agentSource());
    writeFileSync(join(dir, 'refunds.d.ts'), inputTypeScript(pact!));
    writeFileSync(join(dir, 'ambient.d.ts'), AMBIENT);
    const files = blocks.map((b, i) => {
      const file = join(dir, `example-${i + 1}.ts`);
      writeFileSync(file, b.code);
      return { file, line: b.line };
    });
    const program = ts.createProgram([join(dir, 'ambient.d.ts'), ...files.map((f) => f.file)], {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      moduleDetection: ts.ModuleDetectionKind.Force,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
      paths: { pactc: [join(ROOT, 'src/index.ts')] },
      skipLibCheck: true,
      noEmit: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && (d.file.fileName.startsWith(dir) || d.file.fileName.endsWith('ambient.d.ts')))
      .map((d) => {
        const at = files.find((f) => f.file === d.file!.fileName);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const where = at ? `docs/embedding.md:${at.line + 1 + line}` : d.file!.fileName;
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });

  it('lists in its errors table exactly the codes loadBundle gives', async () => {
    const row = DOC.split('\n').find((l) => l.startsWith('| `BundleError`'));
    expect(row).toBeDefined();
    const documented = [...new Set(row!.match(/P\d{4}/g))].sort();
    const codeOf = async (p: Promise<unknown>): Promise<string> => {
      const e = await p.then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(BundleError);
      return (e as BundleError).code;
    };
    const unsigned = await agentBundle();
    const seen = [
      await codeOf(loadBundle(join(dir, 'no-such-bundle.tar.gz'))),
      await codeOf(loadBundle(dir)),
      await codeOf(loadBundle(new TextEncoder().encode('not a bundle'))),
      await codeOf(loadBundle(unsigned, { verificationKey: RSA.publicPem })),
    ];
    expect(seen).toEqual(['P5001', 'P5001', 'P5003', 'P5005']);
    expect(documented).toEqual([...new Set(seen)].sort());
  });

  it('says how to verify an HMAC-signed bundle, and that is what works', async () => {
    const secret = 'correct horse battery staple';
    const hmac = await agentBundle({}, { key: secret, alg: 'HS256' });
    expect(DOC).toContain("verification: { key: secret, alg: 'HS256' }");
    await expect(loadBundle(hmac, { verification: { key: secret, alg: 'HS256' } })).resolves.toBeDefined();
    await expect(loadBundle(hmac, { verificationKey: secret })).rejects.toMatchObject({ reason: 'algorithm-mismatch' });
  });
});
