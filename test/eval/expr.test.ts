/**
 * Unit tests of expression evaluation (`src/eval/expr.ts`): the glob matcher, code-point
 * helpers, `lower`, and the `Evaluator` itself — memoised lets, quantifier scoping, the
 * division-by-zero fault, and the internal errors that guard the checker's promises.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSource } from '../../src/check/index.js';
import type { CheckedPact, LetSymbol } from '../../src/check/types.js';
import type * as ast from '../../src/syntax/ast.js';
import { EvalFault, Evaluator, codePointLength, glob, lower, pathText, walk } from '../../src/eval/expr.js';
import { simpleLower } from '../../src/backend/wasm/runtime/lower.js';

function checked(text: string): CheckedPact {
  const r = checkSource('t.pact', text);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.pact) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.pact;
}

/** The first condition of rule `name`. */
function cond(pact: CheckedPact, name: string, index = 0): ast.Expr {
  const rule = pact.rules.find((r) => r.name.text === name);
  const c = rule?.clauses[index];
  if (!c) throw new Error(`no clause ${index} in ${name}`);
  return c.condition;
}

describe('glob', () => {
  it.each([
    ['', '', true],
    ['', '*', true],
    ['', '?', false],
    ['a', '', false],
    ['abc', 'abc', true],
    ['abc', 'ab', false],
    ['abc', 'a*', true],
    ['abc', '*c', true],
    ['abc', '*b*', true],
    ['abc', 'a?c', true],
    ['ac', 'a?c', false],
    ['abbbc', 'a*b*c', true],
    ['abcabd', '*abd', true],
    ['aaaa', '*a*a*a*a*', true],
    ['aaa', '*a*a*a*a*', false],
    ['a.b', 'a.b', true],
    ['axb', 'a.b', false],
    ['a^b$', 'a^b$', true],
    ['😀', '?', true],
    ['😀', '??', false],
    ['x😀y', 'x*y', true],
    ['ÿ', '?', true],
  ])('%j matches %j: %s', (s, p, want) => {
    expect(glob(s, p)).toBe(want);
  });

  it('agrees with a regular expression built from the glob', () => {
    const toRegExp = (p: string) =>
      new RegExp(`^${Array.from(p, (c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))).join('')}$`, 'su');
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '.', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(alphabet, { maxLength: 6 }), (s, p) => {
        const subject = s.join('');
        const pattern = p.join('');
        expect(glob(subject, pattern)).toBe(toRegExp(pattern).test(subject));
      }),
    );
  });
});

describe('code points', () => {
  it('counts code points, not UTF-16 units or graphemes', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('e\u0301')).toBe(2);
    expect(codePointLength('\ud800')).toBe(1);
  });
});

describe('lower', () => {
  it.each([
    ['ABC', 'abc'],
    ['ÀÉÎ', 'àéî'],
    ['ΣΑΣ', 'σασ'],
    ['𐐀', '𐐨'],
    ['ẞ', 'ß'],
    ['a1_-', 'a1_-'],
    ['😀', '😀'],
  ])('lower(%j) = %j', (s, want) => {
    expect(lower(s)).toBe(want);
  });

  it('keeps a code point whose lowercase is more than one code point', () => {
    // U+0130 lowercases to "i̇" (two code points) in the full mapping.
    expect('\u0130'.toLowerCase()).toHaveLength(2);
    expect(lower('\u0130')).toBe('\u0130');
  });

  it('agrees with the Wasm runtime case table on every code point', () => {
    // The reference uses the host's ICU; the Wasm runtime a table generated from it. A Node
    // whose Unicode version differs from the table's shows up here first.
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      if (lower(s) !== simpleLower(s)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('never changes the number of code points', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => codePointLength(lower(s)) === codePointLength(s)));
  });
});

describe('walk', () => {
  it('stops at absent, null and non-record values', () => {
    const doc = { a: { b: { c: 1 }, n: null, l: [1] } };
    expect(walk(doc, ['a', 'b', 'c'])).toBe(1);
    expect(walk(doc, ['a', 'x', 'c'])).toBeUndefined();
    expect(walk(doc, ['a', 'n'])).toBeUndefined();
    expect(walk(doc, ['a', 'l', '0'])).toBeUndefined();
    expect(walk(null, [])).toBeUndefined();
  });
});

describe('Evaluator', () => {
  const pact = checked(`pact e version "1.0.0"
input { n: number, d: number, xs: list<{ v: int }>, opt?: string }
let q = n / d
let twice = q + q
permit uses_twice when twice > 1 because "x"
permit nested when all a in xs: any b in xs: a.v <= b.v because "x"
permit after when all a in xs: a.v > 0 when n > 0 because "x"
permit opt when has opt and opt == "y" because "x"
`);

  it('evaluates each let once per decision', () => {
    let reads = 0;
    const counting: CheckedPact = {
      ...pact,
      lets: new Map(
        [...pact.lets].map(([name, sym]): [string, LetSymbol] => [
          name,
          {
            ...sym,
            get decl() {
              reads++;
              return sym.decl;
            },
          },
        ]),
      ),
    };
    const ev = new Evaluator(counting, { n: 3, d: 2, xs: [] }, {});
    expect(ev.condition(cond(pact, 'uses_twice'))).toBe(true);
    expect(ev.condition(cond(pact, 'uses_twice'))).toBe(true);
    expect(reads).toBe(2); // `twice` and `q`, once each
    expect(ev.letValue('twice')).toBe(3);
  });

  it('throws EvalFault on division by zero, also through a let', () => {
    const ev = new Evaluator(pact, { n: 3, d: 0, xs: [] }, {});
    expect(() => ev.condition(cond(pact, 'uses_twice'))).toThrow(EvalFault);
  });

  it('evaluates nested quantifiers with their own variables', () => {
    const ev = new Evaluator(pact, { n: 1, d: 1, xs: [{ v: 2 }, { v: 1 }] }, {});
    expect(ev.condition(cond(pact, 'nested'))).toBe(true);
    const none = new Evaluator(pact, { n: 1, d: 1, xs: [] }, {});
    expect(none.condition(cond(pact, 'nested'))).toBe(true);
  });

  it('unbinds a quantifier variable after its quantifier', () => {
    const ev = new Evaluator(pact, { n: 1, d: 1, xs: [{ v: 1 }] }, {});
    expect(ev.condition(cond(pact, 'after', 0))).toBe(true);
    const q = cond(pact, 'after', 0) as ast.Quantifier;
    const body = q.body as ast.Binary;
    expect(() => ev.eval(body.left)).toThrow(/internal: quantifier variable `a` outside its quantifier/);
  });

  it('reads optional fields under a has guard, null as absent', () => {
    expect(new Evaluator(pact, { n: 1, d: 1, xs: [], opt: 'y' }, {}).condition(cond(pact, 'opt'))).toBe(true);
    expect(new Evaluator(pact, { n: 1, d: 1, xs: [], opt: null }, {}).condition(cond(pact, 'opt'))).toBe(false);
  });

  it('reports an unguarded absent read as an internal error, not a fault', () => {
    const ev = new Evaluator(pact, { n: 1, d: 1, xs: [] }, {});
    const right = (cond(pact, 'opt') as ast.Binary).right as ast.Binary;
    expect(pathText(right.left as ast.Path)).toBe('opt');
    expect(() => ev.eval(right)).toThrow(/internal: read of an absent value at `opt`/);
    expect(() => ev.eval(right)).not.toThrow(EvalFault);
  });

  it('reports a value of the wrong shape as an internal error', () => {
    const ev = new Evaluator(pact, { n: 'x', d: 1, xs: [] }, {});
    expect(() => ev.condition(cond(pact, 'after', 1))).toThrow(/^internal: `>` on string and number/);
  });
});
