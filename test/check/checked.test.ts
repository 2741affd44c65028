/**
 * The checker on valid programs: examples and the standard library check clean, and the
 * `CheckedPact` they produce carries what later phases rely on — a type for every expression,
 * a ref for every path and call, lets in dependency order, merged schemas and data defaults.
 * Also the module loader: in-memory loaders, loader failures, library parse errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkSource, nodeModuleLoader, type CheckedPact, type ModuleLoader } from '../../src/check/index.js';
import { sourceFile, type SourceFile } from '../../src/source/index.js';
import type * as ast from '../../src/syntax/ast.js';
import { parse, walk } from '../../src/syntax/index.js';

const EXPR_KINDS = new Set(['Number', 'String', 'Bool', 'Duration', 'List', 'Path', 'Unary', 'Binary', 'Call', 'Has', 'Quantifier']);

function pactFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pact'))
    .map((f) => join(dir, f));
}

function checked(path: string, text = readFileSync(path, 'utf8'), loader?: ModuleLoader): CheckedPact {
  const r = checkSource(path, text, loader);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.pact).toBeDefined();
  return r.pact as CheckedPact;
}

/** Every expression node of the pact's lets, rule clauses and property givens. */
function expressions(p: CheckedPact): ast.Expr[] {
  const roots: ast.Expr[] = [
    ...[...p.lets.values()].map((l) => l.decl.value),
    ...p.rules.flatMap((r) => r.clauses.map((c) => c.condition)),
    ...p.properties.flatMap((q) => (q.given ? [q.given] : [])),
  ];
  const out: ast.Expr[] = [];
  for (const root of roots) {
    walk(root, (n) => {
      if (EXPR_KINDS.has(n.kind)) out.push(n as ast.Expr);
    });
  }
  return out;
}

describe('valid programs', () => {
  for (const path of [...pactFiles('examples'), ...pactFiles('stdlib')]) {
    it(`${path} checks with no errors and complete side tables`, () => {
      const p = checked(path);
      const exprs = expressions(p);
      expect(exprs.length).toBeGreaterThan(0);
      for (const e of exprs) {
        const t = p.types.get(e.id);
        expect(t, `type of ${e.kind} node ${e.id}`).toBeDefined();
        expect(JSON.stringify(t)).not.toContain('"error"');
        if (e.kind === 'Path' || e.kind === 'Call') expect(p.refs.get(e.id), `ref of ${e.kind} node ${e.id}`).toBeDefined();
      }
    });
  }
});

describe('the checked spec example', () => {
  const p = checked('examples/refunds.pact');

  it('has the header, rules, tests and properties of the pact', () => {
    expect([p.name, p.version]).toEqual(['refund_agent', '1.2.0']);
    expect(p.rules.map((r) => r.name.text)).toEqual(['read_only', 'small_refund', 'large_refund', 'huge_refund', 'privileged_lookup']);
    expect(p.tests).toHaveLength(1);
    expect(p.properties).toHaveLength(1);
    expect(p.libraries).toEqual([]);
  });

  it('merges the input schema with the built-in approval, annotations kept', () => {
    expect(p.input.fields.map((f) => f.name)).toEqual(['action', 'trust', 'approval']);
    const trust = p.input.fields[1];
    expect(trust?.type.kind).toBe('record');
    if (trust?.type.kind !== 'record') return;
    expect(trust.type.fields[0]).toEqual({ name: 'score', optional: false, type: { kind: 'number' }, trust: 'higher', range: [0, 1], rangeText: ['0', '1'] });
    expect(trust.type.fields[1]).toMatchObject({ name: 'eval_age', type: { kind: 'duration' }, trust: 'lower' });
    expect(p.input.fields[2]).toMatchObject({ name: 'approval', optional: true });
  });

  it('gives data defaults as JSON, built-ins last', () => {
    expect(p.data.fields.map((f) => f.name)).toEqual(['refund_limit', 'privileged_tools', 'kill_switch', 'revoked']);
    expect(p.dataDefaults).toEqual({ refund_limit: 500, privileged_tools: ['billing.lookup', 'crm.export'], kill_switch: false, revoked: [] });
  });

  it('lists lets in dependency order with their types', () => {
    expect([...p.lets.keys()]).toEqual(['trusted', 'auto_refund']);
    expect(p.lets.get('auto_refund')?.type).toEqual({ kind: 'bool' });
    expect(p.enums.get('Category')?.members).toContain('money_movement');
  });

  it('resolves paths to input, data and let refs', () => {
    const refs = [...p.refs.values()];
    expect(refs).toContainEqual({ kind: 'input', path: ['action', 'amount'] });
    expect(refs).toContainEqual({ kind: 'data', path: ['refund_limit'] });
    expect(refs).toContainEqual({ kind: 'let', name: 'trusted', fields: [] });
  });

  it('types enum literals as the enum and records optional reads', () => {
    const lits = expressions(p).filter((e): e is ast.StringLit => e.kind === 'String' && e.value === 'money_movement');
    expect(lits.length).toBeGreaterThan(0);
    for (const l of lits) expect(p.types.get(l.id)).toMatchObject({ kind: 'enum', name: 'Category' });
    expect([...p.optionalPaths.values()]).toContainEqual([['action', 'amount']]);
  });
});

describe('lets in dependency order', () => {
  it('puts a let after the lets it uses, across libraries', () => {
    const text = 'pact t version "1.0.0"\nuse std.trust\nlet b = a and senior_enough\nlet a = trusted\nlet senior_enough = trust.incidents == 0\npermit p when b because "x"\n';
    const p = checked('test/check/order.pact', text);
    const order = [...p.lets.keys()];
    for (const [later, earlier] of [
      ['b', 'a'],
      ['b', 'senior_enough'],
      ['a', 'trusted'],
      ['trusted', 'fresh_eval'],
    ] as const) {
      expect(order.indexOf(later)).toBeGreaterThan(order.indexOf(earlier));
    }
    expect(p.libraries.map((l) => l.file.path)).toEqual(['stdlib/trust.pact']);
  });

  it('binds quantifier variables to their quantifier node', () => {
    const text = 'pact t version "1.0.0"\ninput { action: { items: list<{ sku: string, price?: number }> } }\npermit p when any i in action.items: has i.price and i.price > 5 because "x"\n';
    const p = checked('test/check/vars.pact', text);
    const q = p.rules[0]?.clauses[0]?.condition;
    expect(q?.kind).toBe('Quantifier');
    const varRefs = [...p.refs.values()].filter((r) => r.kind === 'var');
    expect(varRefs).toContainEqual({ kind: 'var', binder: q?.id, fields: ['price'] });
    expect([...p.optionalPaths.values()]).toContainEqual([['price']]);
  });
});

describe('data defaults', () => {
  it('are JSON with durations in seconds, records and collections as written', () => {
    const text =
      'pact t version "1.0.0"\nenum Mode { strict, lax }\ndata {\n  max_age: duration = 30d,\n  ttl: int = 90s,\n  mode: Mode = "lax",\n  limits: { max: number, note?: string } = { max: -2.5 },\n  tags: list<string> = ["a", "b"],\n}\n';
    const p = checked('test/check/data.pact', text);
    expect(p.dataDefaults).toEqual({ max_age: 2592000, ttl: 90, mode: 'lax', limits: { max: -2.5 }, tags: ['a', 'b'], kill_switch: false, revoked: [] });
    expect(p.data.fields.find((f) => f.name === 'mode')?.type).toEqual({ kind: 'enum', name: 'Mode', members: ['strict', 'lax'] });
  });
});

describe('module loading', () => {
  const memory =
    (files: Record<string, string>): ModuleLoader =>
    (use) => {
      const name = use.kind === 'UseStd' ? `std/${use.path.map((n) => n.text).join('/')}.pact` : use.path.value;
      const text = files[name];
      return text === undefined ? { error: `no ${name}` } : { file: sourceFile(name, text) };
    };
  const main = (text: string): { file: SourceFile; module: ast.Module } => {
    const file = sourceFile('main.pact', text);
    return { file, module: parse(file).module };
  };

  it('serves modules from any loader and merges their input fragments', () => {
    const loader = memory({ 'lib.pact': 'pact lib version "1.0.0"\ninput { action: { tool: string } }\nlet is_pay = action.tool == "pay"\n' });
    const r = check(main('pact t version "1.0.0"\nuse "lib.pact"\ninput { action: { n: int } }\npermit p when is_pay and action.n > 1 because "x"\n'), loader);
    expect(r.diagnostics).toEqual([]);
    const action = r.pact?.input.fields[0];
    expect(action?.type.kind === 'record' && action.type.fields.map((f) => f.name)).toEqual(['tool', 'n']);
  });

  it('reports syntax errors of a library in the library file', () => {
    const loader = memory({ 'lib.pact': 'pact lib version "1.0.0"\nlet x = 1 +\n' });
    const r = check(main('pact t version "1.0.0"\nuse "lib.pact"\n'), loader);
    expect(r.pact).toBeUndefined();
    expect(r.diagnostics.some((d) => d.span.file === 'lib.pact' && d.code.startsWith('P1'))).toBe(true);
  });

  it('turns a failing loader into P2006 at the use', () => {
    const throwing: ModuleLoader = () => {
      throw new Error('disk on fire');
    };
    const r = check(main('pact t version "1.0.0"\nuse "lib.pact"\n'), throwing);
    expect(r.diagnostics.map((d) => [d.code, d.label])).toEqual([['P2006', 'disk on fire']]);
  });

  it('finds the standard library from any working directory, and an explicit one', () => {
    const loader = nodeModuleLoader();
    const use = parse(sourceFile('x.pact', 'pact t version "1.0.0"\nuse std.trust\n')).module.decls[0] as ast.Use;
    const r = loader(use, sourceFile('/elsewhere/x.pact', ''));
    expect('file' in r && r.file.text).toContain('pact trust');
    const missing = nodeModuleLoader('/nonexistent')(use, sourceFile('x.pact', ''));
    expect(missing).toMatchObject({ error: expect.stringContaining('std.trust') });
  });

  it('reports a missing header when called without the parser', () => {
    const r = check(main('let x = 1\n'), memory({}));
    expect(r.diagnostics.map((d) => d.code)).toContain('P1007');
    expect(r.pact).toBeUndefined();
  });
});
