import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ast from '../../src/syntax/ast.js';
import { printExpr, sexpr, walk } from '../../src/syntax/index.js';
import { parseText, ROOT } from './helpers.js';

const H = 'pact p version "1"\n';

/** Parses `let x = EXPR` and returns the s-expression of EXPR. */
function exprOf(src: string): string {
  const r = parseText(`${H}let x = ${src}\n`);
  expect(r.diagnostics).toEqual([]);
  const d = r.module.decls[0] as ast.LetDecl;
  return sexpr(d.value);
}

/** Parses `data { f: any = LITERAL }` and returns the s-expression of the literal. */
function literalOf(src: string): string {
  const r = parseText(`${H}data { f: json = ${src} }\n`);
  expect(r.diagnostics).toEqual([]);
  const d = r.module.decls[0] as ast.DataDecl;
  return sexpr(d.fields[0]!.value!);
}

describe('the spec example', () => {
  const text = readFileSync(join(ROOT, 'test/examples/spec-example.pact'), 'utf8');
  const r = parseText(text, 'test/examples/spec-example.pact');

  it('parses with no diagnostics', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.module.header?.name.text).toBe('refund_agent');
    expect(r.module.decls.map((d) => d.kind)).toEqual([
      'Enum', 'Input', 'Data', 'Let', 'Let', 'Rule', 'Rule', 'Rule', 'Rule', 'Rule', 'Test', 'Property',
    ]);
  });

  it('matches its s-expression golden', async () => {
    await expect(sexpr(r.module) + '\n').toMatchFileSnapshot('__snapshots__/refunds.sexpr');
  });

  it('gives every node a unique id and a span inside the file, end exclusive', () => {
    const ids = new Set<number>();
    let count = 0;
    walk(r.module, (n) => {
      count++;
      ids.add(n.id);
      expect(n.span.file).toBe('test/examples/spec-example.pact');
      expect(n.span.start).toBeLessThanOrEqual(n.span.end);
      expect(n.span.end).toBeLessThanOrEqual(text.length);
    });
    expect(ids.size).toBe(count);
    const rule = r.module.decls.find((d): d is ast.Rule => d.kind === 'Rule' && d.name.text === 'small_refund')!;
    expect(text.slice(rule.name.span.start, rule.name.span.end)).toBe('small_refund');
    expect(text.slice(rule.grants[0]!.span.start, rule.grants[0]!.span.end)).toBe('grant "stripe" scope "refunds:write" ttl 5m');
    expect(text.slice(rule.because!.span.start, rule.because!.span.end)).toBe('"Trusted agents may issue small refunds"');
  });

  it('keeps comments and marks the trailing ones', () => {
    expect(r.module.comments.map((c) => [c.text.slice(0, 12), c.trailing])).toEqual([
      ['// refunds.p', false],
      ['// absent wh', true],
      ['// defaults;', true],
    ]);
  });

  it('numbers node ids across modules from one counter', () => {
    const again = parseText(text);
    expect(again.module.id).not.toBe(r.module.id);
    const idsA = new Set<number>();
    walk(r.module, (n) => void idsA.add(n.id));
    walk(again.module, (n) => expect(idsA.has(n.id)).toBe(false));
  });
});

describe('expressions follow the precedence table', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not a == b', '(not (== a b))'],
    ['a == b + c * d', '(== a (+ b (* c d)))'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b * c', '(* (/ a b) c)'],
    ['-a * b', '(* (neg a) b)'],
    ['- -a', '(neg (neg a))'],
    ['-(a * b)', '(neg (* a b))'],
    ['(a or b) and c', '(and (or a b) c)'],
    ['x in [1, 2] and s matches "a*"', '(and (in x (list 1 2)) (matches s "a*"))'],
    ['has action.amount and action.amount > 0', '(and (has action.amount) (> action.amount 0))'],
    ['len(xs) >= 2', '(>= (call len xs) 2)'],
    ['starts_with(lower(s), "ab")', '(call starts_with (call lower s) "ab")'],
    ['f()', '(call f)'],
    ['[]', '(list)'],
    ['a == not b', '(== a (not b))'],
  ])('%s', (src, want) => {
    expect(exprOf(src)).toBe(want);
  });

  it('lets a quantifier body reach as far right as it can', () => {
    expect(exprOf('all x in xs: x > 1 or y')).toBe('(all x xs (or (> x 1) y))');
    expect(exprOf('a and any x in xs: x == 1')).toBe('(and a (any x xs (== x 1)))');
    expect(exprOf('(all x in xs: p) and q')).toBe('(and (all x xs p) q)');
  });

  it('reads a quantifier collection at the additive level', () => {
    expect(exprOf('any x in a + b: x')).toBe('(any x (+ a b) x)');
    expect(exprOf('all x in [1, 2]: all y in ys: x < y')).toBe('(all x (list 1 2) (all y ys (< x y)))');
  });

  it('accepts keywords as field names after a dot', () => {
    expect(exprOf('approval.by == "alice"')).toBe('(== approval.by "alice")');
    expect(exprOf('input.action.in')).toBe('input.action.in');
    expect(exprOf('data.kill_switch or data.revoked.not')).toBe('(or data.kill_switch data.revoked.not)');
    expect(exprOf('has input.approval.by')).toBe('(has input.approval.by)');
  });

  it('lexes words that start with a keyword as identifiers', () => {
    expect(exprOf('index + inputs - notable * anyway / orange')).toBe('(- (+ index inputs) (/ (* notable anyway) orange))');
    expect(exprOf('true_ == false')).toBe('(== true_ false)');
  });

  it('reads durations as seconds and numbers in JSON syntax', () => {
    expect(exprOf('90s + 5m + 2h + 30d')).toBe('(+ (+ (+ 90s=90s 5m=300s) 2h=7200s) 30d=2592000s)');
    expect(exprOf('0.5 + 1e3 + 2.5E-2 + 0')).toBe('(+ (+ (+ 0.5 1e3) 2.5E-2) 0)');
  });

  it('prints conditions back with minimal parentheses', () => {
    for (const src of ['a or b and c', '(a or b) and c', 'not (a and b)', 'a - (b - c)', '-(a + b) * c', '(a == b) == c']) {
      const r = parseText(`${H}let x = ${src}\n`);
      expect(printExpr((r.module.decls[0] as ast.LetDecl).value)).toBe(src);
    }
  });
});

describe('literals and strings', () => {
  it('reads JSON with bare or quoted keys, null, negative numbers and durations', () => {
    expect(literalOf('{ a: 1, "b c": [true, null, -2.5], by: 5m }')).toBe(
      '(object (a 1) ("b c" (array true null -2.5)) (by 5m=300s))',
    );
    expect(literalOf('[]')).toBe('(array)');
    expect(literalOf('{}')).toBe('(object)');
  });

  it('decodes JSON escapes, including surrogate pairs', () => {
    const r = parseText(`${H}let x = "a\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00"\n`);
    expect(r.diagnostics).toEqual([]);
    expect(((r.module.decls[0] as ast.LetDecl).value as ast.StringLit).value).toBe('a"b\\c/d\n\té😀');
  });

  it('allows trailing commas everywhere', () => {
    const r = parseText(`${H}enum E { a, b, }\ninput { x: { y: int, }, }\ndata { d: list<int> = [1, 2,], o: int = 1, }\nlet l = f(a, b,) in [1,]\n`);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('declarations', () => {
  it('reads every declaration form', () => {
    const src = `${H}use std.trust
use std.a.b
use "./common.pact"
enum Kind { read, data, permit }
input {
  action: { kind: Kind, tags?: set<string> @sensitive, items: list<{ n: int @range(-1, 10) }> },
  flag: bool @trust(true),
}
data { limit: number @range(0, 1e6) = 500, names: set<string> = [], missing: int }
let ok = true
escalate big to "finance", "cfo"
  when ok
  unless data.limit > 5
  grant "stripe" scope "refunds:write" ttl 5m
  grant "bank" scope "read" ttl 1h
  because "big"
forbid nothing
test "t" { data = { limit: 1 } input = { action: { kind: "read" } } expect escalate by big, other }
test "empty" {}
property "p" { expect permit or escalate or forbid }
property "q" { given ok expect forbid }
`;
    const r = parseText(src);
    expect(r.diagnostics).toEqual([]);
    expect(sexpr(r.module)).toMatchInlineSnapshot(`
      "(module
        (pact p "1")
        (use (std trust))
        (use (std a b))
        (use "./common.pact")
        (enum Kind read data permit)
        (input
          (field action
            (record
              (field kind Kind)
              (field tags? (set string) (@sensitive))
              (field items (list (record (field n int (@range -1 10)))))))
          (field flag bool (@trust true)))
        (data
          (field limit number (@range 0 1e6) (default 500))
          (field names (set string) (default (array)))
          (field missing int))
        (let ok true)
        (escalate big
          (to "finance" "cfo")
          (when ok)
          (unless (> data.limit 5))
          (grant "stripe" "refunds:write" 5m)
          (grant "bank" "read" 1h)
          (because "big"))
        (forbid nothing)
        (test "t"
          (input (object (action (object (kind "read")))))
          (data (object (limit 1)))
          (expect escalate (by big other)))
        (test "empty")
        (property "p" (expect permit escalate forbid))
        (property "q" (given ok) (expect forbid)))"
    `);
  });

  it('keeps when and unless clauses in source order', () => {
    const r = parseText(`${H}permit p unless a when b unless c because "x"\n`);
    const rule = r.module.decls[0] as ast.Rule;
    expect(rule.clauses.map((c) => c.kind)).toEqual(['Unless', 'When', 'Unless']);
  });

  it('parses an empty file to a module with only the missing-header error', () => {
    const r = parseText('');
    expect(r.module.decls).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['P1007']);
  });
});
