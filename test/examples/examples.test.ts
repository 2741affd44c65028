/**
 * The shipped pacts: every example and every standard library module checks with no errors and
 * no warnings and is in the canonical layout, and every example's JSON inputs decide as recorded —
 * in the compiled Wasm (through the embedded host, i.e. the `@open-policy-agent/opa-wasm` SDK) and
 * in the reference evaluator, which must agree on every input, decision and explanation alike.
 *
 * Expectations live next to the inputs, in `examples/inputs/<example>/expected.json`:
 *
 * ```json
 * { "pact": "examples/mcp-gateway.pact",
 *   "cases": { "bounded-query.json": { "effect": "permit", "rules": ["query"], "grants": [ … ] } } }
 * ```
 *
 * or, for one set of inputs decided by several pacts (the versions of the support agent),
 * `"pacts": { "v1": "examples/support-agent/v1.pact", … }` with each case mapping a label to an
 * expectation. `effect` and `rules` are compared exactly; `approvers` and `grants` when given.
 * A case may name a `data` file whose fields replace the defaults. Paths are relative to the
 * repository root; case keys are file names in the directory, and every `*.json` file there must
 * be a case (data files live in subdirectories).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileWasm, frontEndFile } from '../../src/compile.js';
import type { CheckedPact } from '../../src/check/types.js';
import type { Decision } from '../../src/decision/index.js';
import { decide, explain, mergeData } from '../../src/eval/index.js';
import { Pact } from '../../src/host/pact.js';
import { format, parse } from '../../src/syntax/index.js';
import { sourceFile } from '../../src/source/index.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const rel = (p: string): string => relative(ROOT, p).split('\\').join('/');

/** `.pact` files under `dir`, one level of subdirectories deep (`examples/support-agent/`). */
function pactFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir)).sort()) {
    const path = join(ROOT, dir, name);
    if (name.endsWith('.pact')) out.push(path);
    else if (statSync(path).isDirectory()) {
      for (const sub of readdirSync(path).sort()) if (sub.endsWith('.pact')) out.push(join(path, sub));
    }
  }
  return out;
}

/**
 * `examples/refunds.pact` is the spec §1 example with one fix (`open_disputes <= 0`, see below)
 * and otherwise the spec's text, which is not quite the canonical layout.
 */
const SPEC_LAYOUT = new Set(['examples/refunds.pact']);

const SHIPPED = [...pactFiles('examples'), ...pactFiles('stdlib')];

describe('shipped pacts check clean', () => {
  it('finds the examples and the standard library', () => {
    const names = SHIPPED.map(rel);
    for (const expected of [
      'examples/mcp-gateway.pact',
      'examples/deploy-agent.pact',
      'examples/outbound-comms.pact',
      'examples/support-agent/v1.pact',
      'examples/support-agent/v4.pact',
      'stdlib/tools.pact',
      'stdlib/recipients_test.pact',
    ]) {
      expect(names).toContain(expected);
    }
  });

  for (const path of SHIPPED) {
    const name = rel(path);
    it(`${name}: no errors, no warnings`, () => {
      const fe = frontEndFile(name);
      expect(fe.diagnostics.map((d) => `${d.severity} ${d.code} ${d.span.file}: ${d.message}`)).toEqual([]);
      expect(fe.ok).toBe(true);
    });
    if (!SPEC_LAYOUT.has(name)) {
      it(`${name}: canonical layout (pactc fmt --check)`, () => {
        const text = readFileSync(path, 'utf8');
        const parsed = parse(sourceFile(name, text));
        expect(format(parsed.module)).toBe(text);
      });
    }
  }

  it('every standard library module has a test pact that uses it', () => {
    const modules = pactFiles('stdlib')
      .map(rel)
      .filter((p) => !p.endsWith('_test.pact'));
    for (const m of modules) {
      const test = m.replace(/\.pact$/, '_test.pact');
      expect(existsSync(join(ROOT, test)), test).toBe(true);
      const name = m.replace(/^stdlib\//, '').replace(/\.pact$/, '');
      expect(readFileSync(join(ROOT, test), 'utf8')).toMatch(new RegExp(`^use std\\.${name}$`, 'm'));
      const fe = frontEndFile(test);
      expect(fe.pact?.tests.length ?? 0).toBeGreaterThan(0);
      expect(fe.pact?.properties.length ?? 0).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Inputs and expectations

interface Expectation {
  readonly effect: Decision['effect'];
  readonly rules: readonly string[];
  readonly approvers?: readonly string[];
  readonly grants?: Decision['grants'];
  readonly data?: string;
}

interface ExpectedFile {
  readonly pact?: string;
  readonly pacts?: Readonly<Record<string, string>>;
  readonly cases: Readonly<Record<string, Expectation | Readonly<Record<string, Expectation>>>>;
}

const INPUTS = join(ROOT, 'examples', 'inputs');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

/** One compiled pact: the checked program for the reference evaluator and its Wasm. */
interface Compiled {
  readonly pact: CheckedPact;
  readonly wasm: Uint8Array;
}

const compiled = new Map<string, Compiled>();

function compile(path: string): Compiled {
  let c = compiled.get(path);
  if (!c) {
    const fe = frontEndFile(path);
    if (!fe.pact) throw new Error(`${path} does not check: ${fe.diagnostics.map((d) => d.message).join('; ')}`);
    c = { pact: fe.pact, wasm: compileWasm(fe.pact) };
    compiled.set(path, c);
  }
  return c;
}

/** A fresh host instance with the pact's data: defaults, then the case's data file. */
async function host(c: Compiled, data: unknown): Promise<Pact> {
  return Pact.fromWasm({ name: c.pact.name, version: c.pact.version, revision: 'test' }, c.wasm, data as { [key: string]: unknown });
}

for (const dir of readdirSync(INPUTS).sort()) {
  const base = join(INPUTS, dir);
  if (!statSync(base).isDirectory()) continue;
  const expected = readJson(rel(join(base, 'expected.json'))) as ExpectedFile;
  const pacts: Record<string, string> = expected.pacts ? { ...expected.pacts } : { '': expected.pact ?? '' };

  describe(`examples/inputs/${dir}`, () => {
    beforeAll(() => {
      for (const p of Object.values(pacts)) compile(p);
    });

    it('has an expectation for every input and an input for every expectation', () => {
      const files = readdirSync(base)
        .filter((f) => f.endsWith('.json') && f !== 'expected.json' && statSync(join(base, f)).isFile())
        .sort();
      expect(Object.keys(expected.cases).sort()).toEqual(files);
      expect(files.length).toBeGreaterThanOrEqual(3);
    });

    for (const [file, entry] of Object.entries(expected.cases)) {
      for (const [label, path] of Object.entries(pacts)) {
        const exp = (label === '' ? entry : (entry as Record<string, Expectation>)[label]) as Expectation | undefined;
        it(`${file}${label ? ` with ${label}` : ''}: ${exp?.effect ?? '?'} by ${exp?.rules.join(', ') ?? '?'}, the same in Wasm and in the reference evaluator`, async () => {
          expect(exp, `an expectation for ${label}`).toBeDefined();
          if (!exp) return;
          const c = compile(path);
          const input = readJson(rel(join(base, file)));
          const data = mergeData(c.pact.dataDefaults, exp.data === undefined ? undefined : readJson(exp.data));
          const reference = decide(c.pact, input, data);
          const wasm = await host(c, data);
          const artifact = wasm.decide(input);
          expect(JSON.stringify(artifact)).toBe(JSON.stringify(reference));
          expect(JSON.stringify(wasm.explain(input))).toBe(JSON.stringify(explain(c.pact, input, data)));

          expect(reference.effect).toBe(exp.effect);
          expect(reference.rules).toEqual(exp.rules);
          if (exp.approvers) expect(reference.approvers).toEqual(exp.approvers);
          if (exp.grants) expect(reference.grants).toEqual(exp.grants);
          expect(reference.pact).toEqual({ name: c.pact.name, version: c.pact.version });
        });
      }
    }
  });
}

describe('the command line on the example inputs', () => {
  /** Runs `pactc` in-process from the repository root; returns the status and stdout. */
  async function pactc(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = { cwd: ROOT, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdin: () => '', color: false };
    const status = await main(argv, io);
    return { status, stdout, stderr };
  }

  it('`pactc eval PACT --input FILE` prints the recorded decision', async () => {
    const r = await pactc('eval', 'examples/mcp-gateway.pact', '--input', 'examples/inputs/mcp-gateway/large-query.json');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as Decision;
    expect([d.effect, d.rules, d.approvers]).toEqual(['escalate', ['large_query'], ['data-steward']]);
  });

  it('`--data FILE` replaces data fields (the production freeze)', async () => {
    const r = await pactc(
      'eval',
      'examples/deploy-agent.pact',
      '--input',
      'examples/inputs/deploy-agent/deploy-production-frozen.json',
      '--data',
      'examples/inputs/deploy-agent/data/freeze.json',
    );
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as Decision).rules).toEqual(['frozen']);
  });

  it('`pactc test` passes every test, property and built-in property of the examples and the library tests', async () => {
    const files = SHIPPED.map(rel).filter((p) => p.startsWith('examples/') || p.endsWith('_test.pact'));
    expect(files).toContain('examples/refunds.pact');
    for (const seed of ['7', '1']) {
      const r = await pactc('test', '--seed', seed, ...files);
      expect(r.stdout.split('\n').filter((l) => l.includes('✗')), `seed ${seed}`).toEqual([]);
      expect(r.stdout).toMatch(/\b0 failed\n$/);
      expect(r.status).toBe(0);
    }
  });

  it('`pactc check` and `pactc fmt --check` accept every example and library module', async () => {
    const files = SHIPPED.map(rel).filter((p) => !SPEC_LAYOUT.has(p));
    const check = await pactc('check', ...files);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const fmt = await pactc('fmt', '--check', ...files);
    expect(fmt.stdout).toBe('');
    expect(fmt.status).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The spec example

/**
 * The spec §1 example is kept verbatim in `test/examples/spec-example.pact` (the conformance
 * corpus holds the same text, `test/conformance/examples/refunds.yaml`), where tests prove it is
 * accepted: it checks clean and decides the same in every engine. Its `trust.open_disputes == 0`
 * is not monotone — a count is an `int`, so -1 conforms, and -1 disputes is refused the automatic
 * refund that 0 disputes gets — which `pactc test` reports on every seed
 * (`test/testing/properties.test.ts`). `examples/refunds.pact` is the same pact with `<= 0`, as
 * `std.trust` writes it, and passes.
 */
describe('the spec example', () => {
  const SPEC = 'test/examples/spec-example.pact';
  const spec = readFileSync(join(ROOT, SPEC), 'utf8');

  it('is kept verbatim: the same text as the conformance corpus and, when at hand, the spec §1 block', () => {
    const corpus = parseYaml(readFileSync(join(ROOT, 'test/conformance/examples/refunds.yaml'), 'utf8')) as { modules: Record<string, string> };
    expect(corpus.modules['refunds.pact']).toBe(spec);
    const specFile = join(ROOT, '..', 'shared', 'spec', 'pact-language.md');
    if (existsSync(specFile)) {
      const block = /```pact\n([\s\S]*?)```/.exec(readFileSync(specFile, 'utf8'))?.[1];
      expect(block).toBe(spec);
    }
  });

  it('checks clean', () => {
    const fe = frontEndFile(join(ROOT, SPEC));
    expect(fe.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`)).toEqual([]);
    expect(fe.ok).toBe(true);
  });

  it('differs from examples/refunds.pact only in `open_disputes <= 0` and comments saying why', () => {
    const example = readFileSync(join(ROOT, 'examples/refunds.pact'), 'utf8');
    const specLines = new Set(spec.split('\n'));
    const added = example.split('\n').filter((l) => l.startsWith('//') && !specLines.has(l));
    expect(added.join(' ')).toMatch(/^\/\/ The one change from the spec §1 example: `open_disputes <= 0` where the spec has `== 0`\./);
    const code = example.split('\n').filter((l) => !added.includes(l));
    expect(code).toEqual(spec.replace('trust.open_disputes == 0', 'trust.open_disputes <= 0').split('\n'));
  });

  it('fails `pactc test` on "trust is monotone" alone', async () => {
    let out = '';
    const io: Io = { cwd: ROOT, stdout: (t) => (out += t), stderr: (t) => (out += t), stdin: () => '', color: false };
    expect(await main(['test', '--seed', '3', SPEC], io)).toBe(1);
    const failures = out.split('\n').filter((l) => l.includes('✗'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^ {2}✗ property "trust is monotone" \(built-in, failed after \d+ cases?\)$/);
    expect(out).toMatch(/\n6 passed, 1 failed\n$/);
  });
});
