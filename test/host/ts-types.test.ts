/**
 * The emitted `.d.ts` module: compiled with the TypeScript compiler API against host code that
 * uses it, once with a valid input and decision (no errors) and once per kind of mistake.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ts from 'typescript';
import * as schema from '../../src/host/schema/index.js';
import { samplePact } from './fixture.js';

const DTS = schema.inputTypeScript(samplePact());

/**
 * Type-checks host modules against the emitted declarations, all in one program (creating a
 * program loads the standard library, which is the slow part). Each module imports `./pact.js`;
 * returns the diagnostics of each, by name.
 */
function diagnostics(modules: Readonly<Record<string, string>>): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pactc-dts-'));
  try {
    writeFileSync(join(dir, 'pact.d.ts'), DTS);
    const roots = Object.entries(modules).map(([name, code]) => {
      writeFileSync(join(dir, `${name}.ts`), code);
      return join(dir, `${name}.ts`);
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    };
    const program = ts.createProgram(roots, options);
    const out = new Map<string, string[]>(Object.keys(modules).map((n) => [n, []]));
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const name = d.file ? basename(d.file.fileName).replace(/(\.d)?\.ts$/, '') : 'global';
      const list = out.get(name) ?? [];
      list.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      out.set(name, list);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const GOOD = `
import type { Input, Data, Decision, Category } from './pact.js';
const category: Category = 'money_movement';
export const input: Input = {
  action: { tool: 'stripe.refund', category, amount: 200, target: 'cus_1', tags: ['a'], card: { number: '4242', holder: 'A' } },
  trust: { score: 0.9, eval_age: 86400, open_disputes: 0, verified: null },
  customers: [{ id: 'c1', email: 'a@b.c', notes: [{ text: 'hi', at: 1 }] }],
  approval: { by: 'ann', role: 'finance-lead' },
};
const mutableTags: string[] = ['x'];
export const minimal: Input = { action: { tool: 't', category: 'read', target: 'x', tags: mutableTags, amount: null }, trust: { score: 0, eval_age: 0, open_disputes: 0 } };
export const data: Data = { refund_limit: 500, privileged_tools: [], max_ratio: 0.5, kill_switch: false, revoked: [] };
export function grantsOf(d: Decision): string[] {
  if (d.effect === 'permit' && d.rules.includes('small_refund')) return d.grants.map((g) => g.secret + g.scope + g.ttl_seconds);
  const name: 'refund_agent' = d.pact.name;
  return [name, ...d.approvers];
}
`;

const BAD: readonly (readonly [string, string, RegExp])[] = [
  ['a wrong field type', `const x: Input = { action: { tool: 1, category: 'read', target: 'x' }, trust: { score: 0, eval_age: 0, open_disputes: 0 } };`, /not assignable to type 'string'/],
  ['a missing required field', `const x: Input = { action: { tool: 't', category: 'read' }, trust: { score: 0, eval_age: 0, open_disputes: 0 } };`, /'target' is missing/],
  ['an enum non-member', `const x: Input = { action: { tool: 't', category: 'refund', target: 'x' }, trust: { score: 0, eval_age: 0, open_disputes: 0 } };`, /"refund"' is not assignable/],
  ['a misspelt optional field', `const x: Input = { action: { tool: 't', category: 'read', target: 'x', ammount: 5 }, trust: { score: 0, eval_age: 0, open_disputes: 0 } };`, /'ammount' does not exist/],
  ['a wrong list element', `const x: Input = { action: { tool: 't', category: 'read', target: 'x', tags: [1] }, trust: { score: 0, eval_age: 0, open_disputes: 0 } };`, /not assignable to type 'string'/],
  ['an unknown rule id', `declare const d: Decision; const ok = d.rules.includes('no_such_rule');`, /not assignable to parameter of type 'RuleId'/],
  ['a wrong data default type', `const x: Data = { refund_limit: '500', privileged_tools: [], max_ratio: 0.5, kill_switch: false, revoked: [] };`, /not assignable to type 'number'/],
];

describe('inputTypeScript', () => {
  let results: Map<string, string[]>;
  beforeAll(() => {
    const modules: Record<string, string> = { good: GOOD };
    BAD.forEach(([, body], i) => {
      modules[`bad${i}`] = `import type { Input, Data, Decision } from './pact.js';\n${body}\nexport {};`;
    });
    results = diagnostics(modules);
  });

  it('emits a module that compiles and accepts valid documents', () => {
    expect(results.get('pact')).toBeUndefined();
    expect(results.get('good')).toEqual([]);
  });

  it.each(BAD.map(([what, , want], i) => [what, i, want] as const))('rejects %s', (_, i, want) => {
    const errors = results.get(`bad${i}`)!;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(want);
  });

  it('documents trust, range, durations, ints, sets, sensitivity and defaults in JSDoc', () => {
    expect(DTS).toContain('/** Trust signal: higher values are safer. Between 0 and 1 inclusive. */\n    score: number;');
    expect(DTS).toContain('/** A duration in seconds. Trust signal: lower values are safer. */\n    eval_age: number;');
    expect(DTS).toContain('/** An integer. Trust signal: lower values are safer. Between 0 and 100 inclusive. */');
    expect(DTS).toContain('/** Sensitive: masked in decision logs. */\n    email: string;');
    expect(DTS).toContain('/** Default: `500`. */\n  refund_limit: number;');
    expect(DTS).toContain('export type Category = "read" | "state_mutation" | "money_movement" | "external_communication" | "privileged_retrieval";');
    expect(DTS).toContain('amount?: number | null;');
  });

  it('mirrors the decision document of src/decision', () => {
    expect(DTS).toMatch(/export interface Decision \{[^}]*readonly effect: Effect;[^}]*readonly grants: readonly Grant\[\];/s);
    expect(DTS).toContain('readonly pact: { readonly name: "refund_agent"; readonly version: "1.2.0" };');
    expect(DTS).toContain('"small_refund"');
    expect(DTS).toContain('"default_deny"');
  });
});
