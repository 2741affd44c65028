/**
 * fast-check arbitraries for Pact ASTs, derived from the node types of `src/syntax/ast.ts`
 * (cedar's `Arbitrary` ASTs): one arbitrary per node kind, combined exactly as the types allow.
 *
 * The generated modules are *syntactically* well formed — whatever the printer prints must parse
 * back to the same tree — but not necessarily well typed: `"a" + true` is fine here. The few
 * constraints come from the concrete syntax, not the types:
 * - names that the grammar reads as identifiers (rule, let, enum, pact and variable names, call
 *   names, path roots) are never keywords; names after `.`, record fields, enum members and bare
 *   object keys may be keywords (`approval.by`); path roots may also be `input` or `data`;
 * - numbers in expressions are non-negative (a sign is the unary operator); in literals and
 *   annotation arguments they may carry a leading `-`; number texts are JSON decimal syntax and
 *   `value` is what that text denotes; durations are whole numbers with a unit;
 * - approver roles appear only on escalate rules and a property expects at least one effect.
 * Ids are 0 and spans empty: the round-trip comparison ignores both.
 *
 * Comments are optional: {@link withComments} decorates printed source with random line and
 * block comments, own-line or trailing, at line boundaries where the grammar allows them.
 */
import fc from 'fast-check';
import type * as ast from '../../src/syntax/ast.js';

const SPAN = { file: 'arb.pact', start: 0, end: 0 };
const node = { id: 0, span: SPAN } as const;

/** The reserved words of spec §2. */
export const KEYWORDS = [
  'pact', 'version', 'use', 'enum', 'input', 'data', 'let', 'permit', 'escalate', 'forbid',
  'when', 'unless', 'because', 'to', 'grant', 'scope', 'ttl', 'test', 'expect', 'by',
  'property', 'given', 'and', 'or', 'not', 'in', 'has', 'matches', 'all', 'any', 'true', 'false',
];
const KEYWORD_SET = new Set(KEYWORDS);

/** An identifier that is not a keyword (`trust`, `x_1`, `index`). */
export const identText: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('trust', 'score', 'action', 'amount', 'x', 'index', 'inputs', 'datum', 'null', 'set', 'list', 'std', 'byx'),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  )
  .filter((s) => !KEYWORD_SET.has(s));

/** A name allowed after `.`, as a record field, enum member or bare key: identifier or keyword. */
export const fieldText: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: identText }, { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS) });

const name = (text: fc.Arbitrary<string>): fc.Arbitrary<ast.Name> => text.map((t) => ({ kind: 'Name', ...node, text: t }));

/** Any UTF-16 string, including quotes, backslashes, control characters and lone surrogates. */
export const anyString: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'b', ' ', 'z', '.', ':') },
    { weight: 2, arbitrary: fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u2028', '/', '*', 'é', '\ud83d\ude00') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  ),
  maxLength: 12,
});

const str: fc.Arbitrary<ast.StringLit> = anyString.map((value) => ({ kind: 'String', ...node, value }));

/** JSON decimal number text without sign: `0`, `12`, `0.5`, `3e2`, `1.25E-3`. */
export const numberText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.constant('0'), fc.integer({ min: 1, max: 999999 }).map(String)),
    fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 20 })), { nil: undefined }),
  )
  .map(([i, f, e]) => `${i}${f !== undefined ? `.${f}` : ''}${e ? `${e[0]}${e[1]}${e[2]}` : ''}`);

const numberLit = (signed: boolean): fc.Arbitrary<ast.NumberLit> =>
  fc.tuple(numberText, signed ? fc.boolean() : fc.constant(false)).map(([t, neg]) => ({
    kind: 'Number',
    ...node,
    text: neg ? `-${t}` : t,
    value: neg ? -Number(t) : Number(t),
  }));

const UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

const duration: fc.Arbitrary<ast.DurationLit> = fc
  .tuple(fc.integer({ min: 0, max: 10000 }), fc.constantFrom('s', 'm', 'h', 'd') as fc.Arbitrary<keyof typeof UNITS>)
  .map(([n, u]) => ({ kind: 'Duration', ...node, text: `${n}${u}`, seconds: n * UNITS[u] }));

const bool: fc.Arbitrary<ast.BoolLit> = fc.boolean().map((value) => ({ kind: 'Bool', ...node, value }));

// ---------------------------------------------------------------------------------------------
// Literals

/** JSON-like literals: data defaults and test inputs. */
export const literal: fc.Arbitrary<ast.Literal> = fc.letrec<{ lit: ast.Literal }>((tie) => ({
  lit: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberLit(true),
    str,
    bool,
    duration,
    fc.constant<ast.NullLit>({ kind: 'Null', ...node }),
    fc.array(tie('lit'), { maxLength: 4 }).map((items): ast.ArrayLit => ({ kind: 'Array', ...node, items })),
    fc
      .array(
        fc.oneof(
          fieldText.map((key) => ({ key, bare: true })),
          anyString.map((key) => ({ key, bare: false })),
        ).chain((k) => tie('lit').map((value): ast.ObjectEntry => ({ kind: 'Entry', ...node, key: k.key, keySpan: SPAN, bare: k.bare, value }))),
        { maxLength: 4 },
      )
      .map((entries): ast.ObjectLit => ({ kind: 'Object', ...node, entries })),
  ),
})).lit;

const objectLiteral: fc.Arbitrary<ast.ObjectLit> = fc
  .array(fc.tuple(fieldText, literal), { maxLength: 3 })
  .map(([...kvs]) => ({
    kind: 'Object',
    ...node,
    entries: kvs.map(([key, value]) => ({ kind: 'Entry', ...node, key, keySpan: SPAN, bare: true, value })),
  }));

// ---------------------------------------------------------------------------------------------
// Expressions

const path: fc.Arbitrary<ast.Path> = fc
  .tuple(fc.oneof({ weight: 4, arbitrary: identText }, { weight: 1, arbitrary: fc.constantFrom('input', 'data') }), fc.array(fieldText, { maxLength: 3 }))
  .map(([root, fields]) => ({
    kind: 'Path',
    ...node,
    root: { kind: 'Name', ...node, text: root },
    fields: fields.map((f) => ({ kind: 'Name', ...node, text: f })),
  }));

const BINARY_OPS: readonly ast.BinaryOp[] = ['or', 'and', '==', '!=', '<', '<=', '>', '>=', 'in', 'matches', '+', '-', '*', '/'];

/** Expressions of every kind, with arbitrary nesting (the printer adds the parentheses). */
export const expr: fc.Arbitrary<ast.Expr> = fc.letrec<{ e: ast.Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberLit(false),
    str,
    bool,
    duration,
    path,
    path.map((p): ast.Has => ({ kind: 'Has', ...node, path: p })),
    fc.array(tie('e'), { maxLength: 3 }).map((items): ast.ListExpr => ({ kind: 'List', ...node, items })),
    fc
      .tuple(name(identText), fc.array(tie('e'), { maxLength: 3 }))
      .map(([callee, args]): ast.Call => ({ kind: 'Call', ...node, callee, args })),
    fc
      .tuple(fc.constantFrom<ast.UnaryOp>('not', '-'), tie('e'))
      .map(([op, operand]): ast.Unary => ({ kind: 'Unary', ...node, op, operand })),
    fc
      .tuple(fc.constantFrom(...BINARY_OPS), tie('e'), tie('e'))
      .map(([op, left, right]): ast.Binary => ({ kind: 'Binary', ...node, op, opSpan: SPAN, left, right })),
    fc
      .tuple(fc.constantFrom<'all' | 'any'>('all', 'any'), name(identText), tie('e'), tie('e'))
      .map(([quantifier, variable, collection, body]): ast.Quantifier => ({ kind: 'Quantifier', ...node, quantifier, variable, collection, body })),
  ),
})).e;

// ---------------------------------------------------------------------------------------------
// Types and fields

const annotation: fc.Arbitrary<ast.Annotation> = fc
  .tuple(
    fieldText,
    fc.array(
      fc.oneof<fc.Arbitrary<ast.AnnotationArg>[]>(name(identText), numberLit(true), bool, str),
      { maxLength: 2 },
    ),
  )
  .map(([n, args]) => ({ kind: 'Annotation', ...node, name: { kind: 'Name', ...node, text: n }, args }));

const typeAndField = fc.letrec<{ type: ast.TypeExpr; field: ast.Field }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name(fc.oneof(fc.constantFrom('bool', 'int', 'number', 'string', 'duration'), identText)).map(
      (n): ast.NamedType => ({ kind: 'NamedType', ...node, name: n }),
    ),
    fc
      .tuple(fc.constantFrom<'set' | 'list'>('set', 'list'), tie('type'))
      .map(([collection, element]): ast.CollectionType => ({ kind: 'CollectionType', ...node, collection, element })),
    fc.array(tie('field'), { maxLength: 3 }).map((fields): ast.RecordType => ({ kind: 'RecordType', ...node, fields })),
  ),
  field: fc
    .tuple(name(fieldText), fc.boolean(), tie('type'), fc.array(annotation, { maxLength: 2 }))
    .map(([n, optional, type, annotations]): ast.Field => ({ kind: 'Field', ...node, name: n, optional, type, annotations })),
}));

/** Field types: named, `set<T>` / `list<T>` and records. */
export const typeExpr = typeAndField.type;
/** Record and input fields. */
export const field = typeAndField.field;

const dataField: fc.Arbitrary<ast.DataField> = fc
  .tuple(name(fieldText), typeExpr, fc.array(annotation, { maxLength: 1 }), fc.option(literal, { nil: undefined }))
  .map(([n, type, annotations, value]) => ({ kind: 'DataField', ...node, name: n, type, annotations, value }));

// ---------------------------------------------------------------------------------------------
// Declarations

const effect = fc.constantFrom<ast.Effect>('permit', 'escalate', 'forbid');

const rule: fc.Arbitrary<ast.Rule> = fc
  .tuple(
    effect,
    name(identText),
    fc.array(str, { maxLength: 2 }),
    fc.array(
      fc.tuple(fc.constantFrom<'When' | 'Unless'>('When', 'Unless'), expr).map(([kind, condition]): ast.Clause => ({ kind, ...node, condition })),
      { maxLength: 3 },
    ),
    fc.array(
      fc.tuple(str, str, duration).map(([secret, scope, ttl]): ast.Grant => ({ kind: 'Grant', ...node, secret, scope, ttl })),
      { maxLength: 2 },
    ),
    fc.option(str, { nil: undefined }),
  )
  .map(([eff, n, roles, clauses, grants, because]) => ({
    kind: 'Rule',
    ...node,
    effect: eff,
    name: n,
    roles: eff === 'escalate' ? roles : [],
    clauses,
    grants,
    because,
  }));

const decl: fc.Arbitrary<ast.Decl> = fc.oneof(
  fc.array(name(fieldText), { minLength: 1, maxLength: 2 }).map((p): ast.UseStd => ({ kind: 'UseStd', ...node, path: p })),
  str.map((p): ast.UseFile => ({ kind: 'UseFile', ...node, path: p })),
  fc
    .tuple(name(identText), fc.array(name(fieldText), { maxLength: 5 }))
    .map(([n, members]): ast.EnumDecl => ({ kind: 'Enum', ...node, name: n, members })),
  fc.array(field, { maxLength: 4 }).map((fields): ast.InputDecl => ({ kind: 'Input', ...node, fields })),
  fc.array(dataField, { maxLength: 3 }).map((fields): ast.DataDecl => ({ kind: 'Data', ...node, fields })),
  fc.tuple(name(identText), expr).map(([n, value]): ast.LetDecl => ({ kind: 'Let', ...node, name: n, value })),
  rule,
  fc
    .tuple(
      str,
      fc.option(objectLiteral, { nil: undefined }),
      fc.option(objectLiteral, { nil: undefined }),
      fc.option(
        fc.tuple(effect, fc.array(name(identText), { maxLength: 2 })).map(
          ([e, by]): ast.Expectation => ({ kind: 'Expect', ...node, effect: e, effectSpan: SPAN, by }),
        ),
        { nil: undefined },
      ),
    )
    .map(([n, input, data, expect]): ast.TestDecl => ({ kind: 'Test', ...node, name: n, input, data, expect })),
  fc
    .tuple(str, fc.option(expr, { nil: undefined }), fc.array(effect, { minLength: 1, maxLength: 3 }))
    .map(([n, given, effects]): ast.PropertyDecl => ({
      kind: 'Property',
      ...node,
      name: n,
      given,
      effects: effects.map((e) => ({ effect: e, span: SPAN })),
    })),
);

/** Well-formed modules with a header and any mix of declarations (no comments). */
export const module: fc.Arbitrary<ast.Module> = fc
  .tuple(name(identText), str, fc.array(decl, { maxLength: 8 }))
  .map(([n, version, decls]) => ({
    kind: 'Module',
    ...node,
    header: { kind: 'Pact', ...node, name: n, version },
    decls,
    comments: [],
  }));

// ---------------------------------------------------------------------------------------------
// Comments

/** A comment text: a line comment or a block comment, possibly spanning lines. */
export const commentText: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-z ;,.]{0,12}$/).map((s) => `//${s}`),
  fc.stringMatching(/^[a-z *\n]{0,12}$/).map((s) => `/*${s.replace(/\*\//g, '')}*/`).filter((s) => !s.slice(2, -2).includes('*/')),
);

/**
 * Decorates printed source with comments at line boundaries: each chosen line gets a trailing
 * comment or an own-line comment before it. Returns the new text and the comments inserted.
 */
export function withComments(text: string): fc.Arbitrary<{ text: string; comments: string[] }> {
  const lines = text.split('\n');
  return fc
    .array(fc.tuple(fc.nat({ max: Math.max(0, lines.length - 1) }), fc.boolean(), commentText), { maxLength: 6 })
    .map((edits) => {
      const out = [...lines];
      const comments: string[] = [];
      // Lines already ending in a `//` comment: anything appended would become part of it.
      const lineCommented = new Set<number>();
      // Apply from the last line up so earlier indices stay valid; ties keep their order.
      const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e[0] - a.e[0] || b.i - a.i);
      for (const { e } of sorted) {
        const [at, trailing, c] = e;
        const tagged = c.startsWith('//') ? `${c} #${comments.length}` : `${c.slice(0, -2)} #${comments.length}*/`;
        comments.push(tagged);
        if (trailing && (out[at] ?? '').trim() !== '' && !lineCommented.has(at)) {
          out[at] = `${out[at]} ${tagged}`;
          if (c.startsWith('//')) lineCommented.add(at);
        } else {
          // Inserting shifts the marked lines below `at` down by one.
          const shifted = [...lineCommented].map((i) => (i >= at ? i + 1 : i));
          lineCommented.clear();
          shifted.forEach((i) => lineCommented.add(i));
          out.splice(at, 0, tagged);
          if (c.startsWith('//')) lineCommented.add(at);
        }
      }
      return { text: out.join('\n'), comments };
    });
}
