import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ast from '../../src/syntax/ast.js';
import { equalModuloSpans, format, printLiteral, stripSpans } from '../../src/syntax/index.js';
import { parseText, ROOT } from './helpers.js';

/** Formats `text`, checking that it parsed cleanly and that formatting is idempotent. */
function fmt(text: string): string {
  const r = parseText(text);
  expect(r.diagnostics).toEqual([]);
  const out = format(r.module);
  const again = parseText(out);
  expect(again.diagnostics).toEqual([]);
  expect(format(again.module)).toBe(out);
  expect(stripSpans(again.module)).toEqual(stripSpans(r.module));
  return out;
}

describe('format', () => {
  it('prints the spec example in the canonical layout (golden)', async () => {
    const text = readFileSync(join(ROOT, 'test/examples/spec-example.pact'), 'utf8');
    await expect(fmt(text)).toMatchFileSnapshot('__snapshots__/refunds.formatted.txt');
  });

  it('normalizes spacing, clause layout, literals and blank lines', () => {
    const src = `pact   p version"1"  let a=1 let b = ( a+2 )*3
permit   r when a>1 unless(b) grant "s" scope"x" ttl 5m because "why"
test "t"{input={a:1,"b c":[1,2,],} expect permit by r}
property "q"{expect forbid or escalate}`;
    expect(fmt(src)).toBe(`pact p version "1"

let a = 1
let b = (a + 2) * 3

permit r
  when a > 1
  unless b
  grant "s" scope "x" ttl 5m
  because "why"

test "t" {
  input = { a: 1, "b c": [1, 2] }
  expect permit by r
}

property "q" {
  expect forbid or escalate
}
`);
  });

  it('breaks literals wider than the line one entry per line', () => {
    const long = Array.from({ length: 12 }, (_, i) => `field_${i}: "value number ${i}"`).join(', ');
    const out = fmt(`pact p version "1"\ntest "t" { input = { a: { ${long} }, b: [] } }\n`);
    expect(out).toContain('  input = {\n    a: {\n      field_0: "value number 0",\n');
    expect(out).toContain('\n    b: [],\n  }\n');
  });

  it('prints records one field per line, nested records and collections of records', () => {
    expect(fmt('pact p version "1"\ninput { a: { b?: list<{ c: int @range(-1, 2) }>, d: set<string> @sensitive }, e: {} }')).toBe(`pact p version "1"

input {
  a: {
    b?: list<{
      c: int @range(-1, 2),
    }>,
    d: set<string> @sensitive,
  },
  e: {},
}
`);
  });

  it('keeps every comment, own-line and trailing', () => {
    const src = `// file header
pact p version "1" // trailing on the header

/* block
   comment */
enum E { a, // first member
  b }
input {
  // about x
  x: int, // the x
  y: /* inline */ string,
}
let a = 1 // one
// introduces b
let b = 2
permit r
  // before the clause
  when a and // mid-expression
    b
  because "x" /* end */ // really the end
test "t" {
  input = {
    a: 1, // entry
  }
}
// at the very end
`;
    const out = fmt(src);
    const r = parseText(src);
    for (const c of r.module.comments) expect(out).toContain(c.text);
    expect(parseText(out).module.comments.map((c) => c.text)).toEqual(r.module.comments.map((c) => c.text));
    expect(out).toMatchInlineSnapshot(`
      "// file header
      pact p version "1" // trailing on the header

      /* block
         comment */
      enum E {
        a, // first member
        b,
      }

      input {
        // about x
        x: int, // the x
        y: string, /* inline */
      }

      let a = 1 // one

      // introduces b
      let b = 2

      permit r
        // before the clause
        when a // mid-expression
          and b
        because "x" /* end */ // really the end

      test "t" {
        input = {
          a: 1, // entry
        }
      }
      // at the very end
      "
    `);
  });

  it('moves a second trailing comment after a line comment to its own line', () => {
    const src = 'pact p version "1"\nlet a = 1 + // one\n  2 /* two */\nlet b = 3\nlet c = 4\n';
    const out = fmt(src);
    expect(out).toBe('pact p version "1"\n\nlet a = 1 + 2 // one\n\n/* two */\nlet b = 3\nlet c = 4\n');
  });

  it('breaks a commented and-chain one operand per line, and indents a comment before } as an entry', () => {
    const src = [
      'pact t version "1.0.0"',
      'input {',
      '  action: {',
      '    n: int,',
      '    // last in action',
      '  },',
      '// last in input',
      '}',
      'let big = action.n > 1',
      '  // the upper bound',
      '  and action.n < 5 and action.n != 3',
      'permit a when big because "x"',
      '',
    ].join('\n');
    const out = fmt(src);
    expect(out).toBe(
      [
        'pact t version "1.0.0"',
        '',
        'input {',
        '  action: {',
        '    n: int,',
        '    // last in action',
        '  },',
        '  // last in input',
        '}',
        '',
        'let big = action.n > 1',
        '  // the upper bound',
        '  and action.n < 5',
        '  and action.n != 3',
        '',
        'permit a',
        '  when big',
        '  because "x"',
        '',
      ].join('\n'),
    );
    expect(fmt(out)).toBe(out);
  });

  it('prints literals with bare keys only where they are names', () => {
    const lit: ast.ObjectLit = {
      kind: 'Object',
      id: 0,
      span: { file: '', start: 0, end: 0 },
      entries: [
        { kind: 'Entry', id: 0, span: { file: '', start: 0, end: 0 }, key: 'by', keySpan: { file: '', start: 0, end: 0 }, bare: true, value: { kind: 'Null', id: 0, span: { file: '', start: 0, end: 0 } } },
        { kind: 'Entry', id: 0, span: { file: '', start: 0, end: 0 }, key: 'a b', keySpan: { file: '', start: 0, end: 0 }, bare: true, value: { kind: 'Bool', id: 0, span: { file: '', start: 0, end: 0 }, value: true } },
      ],
    };
    expect(printLiteral(lit)).toBe('{ by: null, "a b": true }');
  });

  it('compares trees modulo spans, ids and comments', () => {
    const a = parseText('pact p version "1"\nlet a = 1 + 2 // c\n').module;
    const b = parseText('pact p version "1"\n\n\nlet a =\n  1+2\n').module;
    const c = parseText('pact p version "1"\nlet a = 1 + 3\n').module;
    expect(equalModuloSpans(a, b)).toBe(true);
    expect(equalModuloSpans(a, c)).toBe(false);
  });
});
