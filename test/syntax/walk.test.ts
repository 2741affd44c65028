import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ast from '../../src/syntax/ast.js';
import { forEachChild, walk } from '../../src/syntax/index.js';
import * as arb from '../property/arb.js';
import { parseText, ROOT } from './helpers.js';

/** Every AST node reachable by a generic object traversal (objects with `kind`, `id` and `span`). */
function allNodes(root: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (x === null || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (typeof o.kind === 'string' && 'id' in o && 'span' in o) out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== 'span' && !k.endsWith('Span') && k !== 'comments') visit(v);
  };
  visit(root);
  return out;
}

describe('walk', () => {
  it('reaches every node of the spec example, each once, in source order', () => {
    const m = parseText(readFileSync(join(ROOT, 'test/examples/spec-example.pact'), 'utf8')).module;
    const seen: ast.AnyNode[] = [];
    walk(m, (n) => void seen.push(n));
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(allNodes(m)));
    // Pre-order over source-ordered children: declarations are met in source order.
    const declStarts = seen.filter((n) => m.decls.includes(n as ast.Decl)).map((n) => n.span.start);
    expect(declStarts).toEqual([...declStarts].sort((a, b) => a - b));
    expect(seen[1]).toBe(m.header);
  });

  it('reaches every node of generated modules', () => {
    fc.assert(
      fc.property(arb.module, (m) => {
        let count = 0;
        walk(m, () => void count++);
        expect(count).toBe(allNodes(m).length);
      }),
      { numRuns: 200 },
    );
  });

  it('skips the children of a node when the visitor returns false', () => {
    const m = parseText('pact p version "1"\nlet a = b + c\npermit r when d because "x"\n').module;
    const kinds: string[] = [];
    walk(m, (n) => {
      kinds.push(n.kind);
      return n.kind !== 'Let';
    });
    expect(kinds).toEqual(['Module', 'Pact', 'Name', 'String', 'Let', 'Rule', 'Name', 'When', 'Path', 'Name', 'String']);
  });

  it('lists direct children only', () => {
    const m = parseText('pact p version "1"\nlet a = not (b + c)\n').module;
    const kids: string[] = [];
    forEachChild(m.decls[0]!, (c) => void kids.push(c.kind));
    expect(kids).toEqual(['Name', 'Unary']);
  });
});
