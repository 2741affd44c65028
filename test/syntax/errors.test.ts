import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/diag/index.js';
import { diagnosticsOf, parseText } from './helpers.js';

const H = 'pact p version "1"\n';

/**
 * One line per case: source (after a header line, so the case is on line 2), then the expected
 * first diagnostic as `CODE LINE:COL`, then a fragment of its message.
 */
const CASES: readonly (readonly [string, string, string])[] = [
  ['permit p when', 'P1001 2:14', 'expected an expression, found end of file'],
  ['permit p when a == == b because "x"', 'P1001 2:20', 'expected an expression, found `==`'],
  ['permit p when a and because "x"', 'P1001 2:21', 'expected an expression, found `because`'],
  ['pemit p when a because "x"', 'P1001 2:1', 'expected a declaration, found `pemit`'],
  ['permit p because "x" when a', 'P1008 2:22', '`when` must come before `because`'],
  ['permit p grant "s" scope "x" ttl 5m unless a because "x"', 'P1008 2:37', '`unless` must come before `grant`'],
  ['permit p because "x" grant "s" scope "x" ttl 5m', 'P1008 2:22', '`grant` must come before `because`'],
  ['permit p because "x" because "y"', 'P1011 2:22', 'a rule has only one `because`'],
  ['let in = 5', 'P1009 2:5', '`in` is a keyword and cannot be used as a name'],
  ['forbid test when a because "x"', 'P1009 2:8', '`test` is a keyword and cannot be used as a rule name'],
  ['permit when x because "y"', 'P1001 2:8', 'expected a rule name, found `when`'],
  ['let x = "abc', 'P1002 2:9', 'unterminated string'],
  ['let x = "a\\qb"', 'P1006 2:11', 'invalid escape `\\q` in string'],
  ['let x = "\\u12"', 'P1006 2:10', 'invalid unicode escape `\\u12`'],
  ['let x = 1.5h', 'P1005 2:9', 'invalid duration `1.5h`'],
  ['let x = 5x', 'P1005 2:9', 'unknown unit `x`'],
  ['let x = 012', 'P1005 2:9', 'invalid number `012`'],
  ['let x = 1e400', 'P1005 2:9', 'number `1e400` is too large'],
  ['let x = .5', 'P1005 2:9', 'invalid number `.5`'],
  ['let x = 5.', 'P1005 2:9', 'invalid number `5.`'],
  ['let x = [1., 2]', 'P1005 2:10', 'invalid number `1.`'],
  [`let x = 1${'0'.repeat(310)}d`, 'P1005 2:9', 'is too large'],
  ['let x = a # b', 'P1004 2:11', 'unexpected character `#`'],
  ['let x = 1 /* never closed', 'P1003 2:11', 'unterminated block comment'],
  ['let x = a < b < c', 'P1010 2:15', 'comparisons cannot be chained'],
  ['permit p to "r" when a because "x"', 'P1013 2:10', 'a permit rule has no approvers'],
  ['escalate e to because "x"', 'P1001 2:15', 'expected an approver role such as `"finance-lead"`, found `because`'],
  ['input { a: int b: string }', 'P1001 2:16', 'expected `,` or `}`, found `b`'],
  ['input { a int }', 'P1001 2:11', 'expected `:`, found `int`'],
  ['input { a: map<int> }', 'P1001 2:12', '`map` does not take a type argument'],
  ['input { a: }', 'P1001 2:12', 'expected a type, found `}`'],
  ['enum E { a b }', 'P1001 2:12', 'expected `,` or `}`, found `b`'],
  ['data { x: int = }', 'P1001 2:17', 'expected a value'],
  ['test "t" { input = { a: 1 } input = {} expect permit }', 'P1011 2:29', 'a test has only one `input`'],
  ['test "t" { expect maybe }', 'P1001 2:19', 'expected `permit`, `escalate` or `forbid`, found `maybe`'],
  ['test "t" { expect permit by }', 'P1001 2:29', 'expected a rule name, found `}`'],
  ['property "p" { expect permit or }', 'P1001 2:33', 'expected `permit`, `escalate` or `forbid`, found `}`'],
  ['property "p" { given }', 'P1001 2:22', 'expected an expression, found `}`'],
  ['use foo.bar', 'P1001 2:5', 'expected `std.MODULE` or a quoted file path'],
  ['use std', 'P1001 2:5', 'expected a module name after `std.`'],
  ['permit p when f(a b) because "x"', 'P1001 2:19', 'expected `,` or `)`, found `b`'],
  ['permit p grant "s" scope "x" ttl 300 because "x"', 'P1001 2:34', 'expected a duration such as `5m`, found `300`'],
  ['permit p when all x in c because "x"', 'P1001 2:26', 'expected `:`, found `because`'],
  ['permit p when (a and b because "x"', 'P1001 2:24', 'expected `)`, found `because`'],
  ['permit p when a.', 'P1001 2:17', 'expected a field name, found end of file'],
  ['let = 5', 'P1001 2:5', 'expected a name for the `let`, found `=`'],
  ['pact q version "2"', 'P1011 2:1', 'duplicate `pact` header'],
  ['permit p when x = 3 because "q"', 'P1001 2:17', 'expected a rule clause (`when`, `unless`, `grant`, `because`) or a declaration, found `=`'],
  ['let a = 1 = 2', 'P1001 2:11', 'expected a declaration, found `=`'],
  ['permit p when\npermit q because "x"', 'P1001 2:14', 'expected an expression, found `permit`'],
];

describe('syntax errors, one per line', () => {
  it.each(CASES)('%s', (src, at, fragment) => {
    const got = diagnosticsOf(H + src);
    expect(got.length).toBeGreaterThan(0);
    expect(got[0]).toContain(at);
    expect(got[0]).toContain(fragment);
  });

  it('uses only catalogued codes in the syntax range', () => {
    for (const [src] of CASES) {
      for (const d of parseText(H + src).diagnostics) {
        expect(d.code in CATALOG).toBe(true);
        expect(d.code.startsWith('P1')).toBe(true);
        expect(d.message).not.toMatch(/Identifier|NameLike|StringLiteral|Cst|Token|\n/);
      }
    }
  });
});

describe('recovery reports several errors in one run', () => {
  it('continues after each broken declaration', () => {
    const src = `pact p version "1"
permit a when x == because "a"
permit b when y > 1 because "b"
let = 3
forbid c when z because "c" when w
test "t" { expect maybe }
let ok = 1
`;
    expect(diagnosticsOf(src)).toEqual([
      'P1001 2:20 expected an expression, found `because`',
      'P1001 4:5 expected a name for the `let`, found `=`',
      'P1008 5:29 `when` must come before `because`',
      'P1001 6:19 expected `permit`, `escalate` or `forbid`, found `maybe`',
    ]);
    const r = parseText(src);
    expect(r.module.decls.map((d) => d.kind)).toEqual(['Rule', 'Rule', 'Rule', 'Test', 'Let']);
  });

  it('merges lexer and parser errors', () => {
    expect(diagnosticsOf(`${H}let a = "x\\q" + 1.5h\nlet b = ) \nlet c = 3 $\n`)).toEqual([
      'P1006 2:11 invalid escape `\\q` in string',
      'P1005 2:17 invalid duration `1.5h`',
      'P1001 3:9 expected an expression, found `)`',
      'P1004 4:11 unexpected character `$`',
    ]);
  });

  it('reports a huge skipped stretch as one error, without running out of stack', () => {
    const r = parseText(`${H}${'1 '.repeat(300_000)}`);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['P1001 expected a declaration, found `1`']);
  });

  it('suggests the keyword a misspelled declaration meant', () => {
    const r = parseText(`${H}pemit p when a because "x"\nforbd q when b because "y"\nPermit r\n`);
    expect(r.diagnostics.map((d) => d.help)).toEqual(['did you mean `permit`?', 'did you mean `forbid`?', 'did you mean `permit`?']);
    expect(r.module.decls).toEqual([]);
    expect(parseText(`${H}permit p whem a because "x"\n`).diagnostics[0]?.help).toBe('did you mean `when`?');
    expect(parseText(`${H}permit p when a = 1\n`).diagnostics[0]?.help).toBe('to compare two values, use `==`');
    expect(parseText(`${H}let x = .5\n`).diagnostics[0]?.help).toBe('write `0.5`');
    expect(parseText('pact t version 1.0.0\n').diagnostics.map((d) => [d.code, d.help])).toEqual([['P1005', 'a version is a string: write `"1.0.0"`']]);
    expect(parseText('pact my-agent version "1.0.0"\n').diagnostics[0]?.help).toBe('names cannot contain `-`: write `my_agent`');
    expect(parseText(`${H}enum E { "a", b }\n`).diagnostics[0]?.help).toBe('enum members are names, not strings: write `a`');
    expect(parseText(`${H}permit p when a && b because "x"\n`).diagnostics.map((d) => [d.code, d.help])).toEqual([['P1004', 'write `and`']]);
    expect(parseText(`${H}permit p if a because "x"\n`).diagnostics[0]?.help).toBe('pacts write `when`');
    expect(parseText(`${H}input { amount: number? }\n`).diagnostics[0]?.help).toBe('an optional field is written with `?` after its name: `name?: type`');
    expect(parseText(`${H}input\n  action: { a: int }\n`).diagnostics[0]?.help).toBe('the `input` block is written `input { … }`');
    expect(parseText(`${H}let x = 5.\n`).diagnostics[0]?.help).toBe('write `5.0` or `5`');
  });

  it('reports a missing or misplaced header', () => {
    expect(diagnosticsOf('let a = 1\n')).toEqual(['P1007 1:1 missing `pact NAME version "X"` header']);
    expect(diagnosticsOf('let a = 1\npact p version "1"\n')).toEqual(['P1007 2:1 the `pact` header must be the first declaration']);
  });

  it('reports every missing comma of a record', () => {
    expect(diagnosticsOf(`${H}input { a: int b: int c: int }\n`)).toEqual([
      'P1001 2:16 expected `,` or `}`, found `b`',
      'P1001 2:23 expected `,` or `}`, found `c`',
    ]);
  });

  it('rejects nesting that would exhaust the stack, with a diagnostic', () => {
    const r = parseText(`${H}let x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['P1012']);
    const q = parseText(`${H}let x = ${'all v in c: '.repeat(3000)}v\n`);
    expect(q.diagnostics.map((d) => d.code)).toEqual(['P1012']);
    const long = parseText(`${H}let x = ${Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' + ')}\n`);
    expect(long.diagnostics.map((d) => d.code)).toEqual(['P1012']);
    const nots = parseText(`${H}let x = ${'not '.repeat(5000)}a\n`);
    expect(nots.diagnostics.map((d) => d.code)).toEqual(['P1012']);
  });
});
