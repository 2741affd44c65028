/**
 * The checker never throws, whatever the text: arbitrary strings, soups of pact tokens, and
 * valid pacts with pieces cut out or spliced in (seeded from the examples, the standard library
 * and the corpus). Every run must return diagnostics, and a checked pact only when none of them
 * is an error. File `use`s are refused so the fuzzer never reads the disk outside `stdlib/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource, nodeModuleLoader, type ModuleLoader } from '../../src/check/index.js';

const std = nodeModuleLoader();
const loader: ModuleLoader = (use, from) => (use.kind === 'UseStd' ? std(use, from) : { error: 'file modules are off while fuzzing' });

function holds(text: string): void {
  const r = checkSource('fuzz.pact', text, loader);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  if (r.pact) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(false);
}

const seeds = [
  ...['examples', 'stdlib'].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.pact'))
      .map((f) => readFileSync(join(d, f), 'utf8')),
  ),
  ...readdirSync('test/check')
    .filter((f) => f.endsWith('.pact'))
    .flatMap((f) => readFileSync(join('test/check', f), 'utf8').split(/^---$/m)),
];

const TOKENS = [
  'pact', 'version', '"1.0.0"', 'use', 'std.trust', 'std.categories', 'enum', 'E', '{', '}', '(', ')', '[', ']', '<', '>',
  'input', 'data', 'let', 'x', 'y', '=', 'permit', 'escalate', 'forbid', 'when', 'unless', 'because', '"why"', 'to', '"role"',
  'grant', '"s"', 'scope', 'ttl', '5m', 'test', 'expect', 'by', 'property', 'given', 'and', 'or', 'not', 'in', 'has', 'matches',
  'all', 'any', ':', ',', '.', '?', '@trust(higher)', '@range(0, 1)', '@sensitive', '==', '!=', '<=', '>=', '+', '-', '*', '/',
  'true', 'false', 'null', '0', '1.5', '-2', '30d', 'int', 'number', 'string', 'bool', 'duration', 'set<string>', 'list<int>',
  'action', 'amount', 'trust', 'score', 'approval', 'role', 'len', 'lower', 'starts_with', 'kill_switch', 'default_deny', '\n',
];

describe('the checker never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), holds), { numRuns: 300 });
  });

  it('on soups of pact tokens', () => {
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((ts) => ts.join(' '));
    fc.assert(fc.property(fc.constantFrom('pact t version "1.0.0"\n', ''), soup, (head, body) => holds(head + body)), { numRuns: 400 });
  });

  it('on valid pacts with pieces cut out or spliced in', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', ...TOKENS))
      .map(([s, at, len, insert]) => {
        const i = s.length === 0 ? 0 : at % s.length;
        return s.slice(0, i) + insert + s.slice(i + len);
      });
    fc.assert(fc.property(mutated, holds), { numRuns: 400 });
  });
});
