/**
 * The canonical printer behind `pactc fmt`, and the expression and literal printers that other
 * phases use to show source (`explain` prints conditions with {@link printExpr}).
 *
 * Algorithm. {@link format} first lays the module out as a list of lines, each carrying its
 * indentation and an *anchor*: the source offset of the first token it prints (a closing brace
 * anchors at the brace). The layout is fixed — the style of the spec §1 example: 2-space
 * indentation, each rule clause on its own line, records one field per line with trailing
 * commas, literals on one line when they fit in {@link WIDTH} columns and one entry per line
 * otherwise, and a blank line between declarations except between consecutive `let`s and
 * `use`s (unless comments are placed between them). Comments are then merged in by position, which keeps every one of them without a
 * comment slot in every AST node (the approach of Go's printer):
 *
 * - a *trailing* comment (code precedes it on its source line) goes at the end of the last line
 *   anchored at or before it; when that line already ends in a `//` comment it becomes an
 *   own-line comment instead, since nothing may follow a line comment;
 * - an *own-line* comment goes on its own line just before the first line anchored after it,
 *   at that line's indentation (at the end of the file when there is none).
 *
 * Because placement depends only on anchors and on the trailing flag, formatting is idempotent:
 * a comment printed in a place keeps being attached to the same line when re-parsed. A literal or
 * enum that contains comments is printed one entry per line, so comments keep their entry.
 *
 * Parentheses are inserted from the precedence table (`precedence.ts`): an operand is wrapped
 * when it binds more loosely than its position requires (the left operand of a left-associative
 * operator may have equal power, a right operand or either side of a comparison must bind
 * tighter). A quantifier, whose body reaches as far right as it can, is wrapped unless it ends
 * the enclosing expression or bracket.
 */
import type { Span } from '../source/index.js';
import type * as ast from './ast.js';
import { COLLECTION_POWER, exprPower, infixInfo, prefixPower } from './precedence.js';

/** The line width literals are fitted into before they are broken one entry per line. */
export const WIDTH = 100;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

// ---------------------------------------------------------------------------------------------
// Expressions

/** Prints an expression on one line with the fewest parentheses the precedence table allows. */
export function printExpr(e: ast.Expr): string {
  return expr(e, 0, true);
}

/**
 * Prints `e` where an operand of binding power at least `min` is required; `edge` says whether
 * nothing follows `e` up to the end of the enclosing expression or bracket.
 */
function expr(e: ast.Expr, min: number, edge: boolean): string {
  const wrap = e.kind === 'Quantifier' ? !edge : exprPower(e) < min;
  const inner = wrap || edge;
  const text = exprText(e, inner);
  return wrap ? `(${text})` : text;
}

function exprText(e: ast.Expr, edge: boolean): string {
  switch (e.kind) {
    case 'Number':
    case 'Duration':
      return e.text;
    case 'String':
      return quote(e.value);
    case 'Bool':
      return String(e.value);
    case 'Path':
      return printPath(e);
    case 'List':
      return `[${e.items.map((x) => expr(x, 0, true)).join(', ')}]`;
    case 'Call':
      return `${e.callee.text}(${e.args.map((x) => expr(x, 0, true)).join(', ')})`;
    case 'Has':
      return `has ${printPath(e.path)}`;
    case 'Unary': {
      const power = prefixPower(e.op) ?? 0;
      const operand = expr(e.operand, power, edge);
      return e.op === 'not' ? `not ${operand}` : `-${operand}`;
    }
    case 'Binary': {
      const info = infixInfo(e.op);
      const power = info?.power ?? 0;
      const leftMin = info?.fixity === 'infix-left' ? power : power + 1;
      return `${expr(e.left, leftMin, false)} ${e.op} ${expr(e.right, power + 1, edge)}`;
    }
    case 'Quantifier':
      return `${e.quantifier} ${e.variable.text} in ${expr(e.collection, COLLECTION_POWER, false)}: ${expr(e.body, 0, edge)}`;
  }
}

/** The operands of a left-leaning chain of one operator: `a and b and c` → `[a, b, c]`. */
function chain(e: ast.Expr, op: string): ast.Expr[] {
  return e.kind === 'Binary' && e.op === op ? [...chain(e.left, op), e.right] : [e];
}

function printPath(p: ast.Path): string {
  return [p.root, ...p.fields].map((n) => n.text).join('.');
}

/** JSON string syntax: the decoder in `tokens.ts` reads back exactly `value`. */
function quote(value: string): string {
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Literals

/** Prints a literal on one line (`{ action: { kind: "pay" } }`). */
export function printLiteral(l: ast.Literal): string {
  switch (l.kind) {
    case 'Number':
    case 'Duration':
      return l.text;
    case 'String':
      return quote(l.value);
    case 'Bool':
      return String(l.value);
    case 'Null':
      return 'null';
    case 'Array':
      return `[${l.items.map(printLiteral).join(', ')}]`;
    case 'Object':
      return l.entries.length === 0 ? '{}' : `{ ${l.entries.map((e) => `${printKey(e)}: ${printLiteral(e.value)}`).join(', ')} }`;
  }
}

function printKey(e: ast.ObjectEntry): string {
  return e.bare && IDENT.test(e.key) ? e.key : quote(e.key);
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Line {
  indent: number;
  text: string;
  /** Source offset of the first token printed on the line; NaN for blank lines. */
  readonly anchor: number;
  /** A blank line between grouped declarations, kept only when comments follow it. */
  readonly conditional?: boolean;
}

/** Collects lines; `commented(span)` tells whether a comment lies inside a span. */
class Layout {
  readonly lines: Line[] = [];

  constructor(readonly commented: (span: Span) => boolean) {}

  line(indent: number, text: string, anchor: number): void {
    this.lines.push({ indent, text, anchor });
  }

  /** A blank line; a `conditional` one is kept only when comments are placed right after it. */
  blank(conditional = false): void {
    this.lines.push({ indent: 0, text: '', anchor: NaN, conditional });
  }

  /**
   * Prints `prefix CONDITION`. A top-level `and`/`or` chain with comments inside is broken one
   * operand per line, so each comment stays beside its operand instead of moving past the
   * declaration.
   */
  condition(indent: number, prefix: string, e: ast.Expr, anchor: number): void {
    if (e.kind !== 'Binary' || (e.op !== 'and' && e.op !== 'or') || !this.commented(e.span)) {
      this.line(indent, prefix + printExpr(e), anchor);
      return;
    }
    const op = e.op;
    const power = infixInfo(op)?.power ?? 0;
    const [first, ...rest] = chain(e, op);
    this.line(indent, prefix + expr(first as ast.Expr, power, false), anchor);
    rest.forEach((x, i) => this.line(indent + 2, `${op} ${expr(x, power + 1, i === rest.length - 1)}`, x.span.start));
  }

  /** Appends text to the last line (a closing suffix such as `,`). */
  append(text: string): void {
    const last = this.lines[this.lines.length - 1];
    if (last) last.text += text;
  }

  /** Prints `prefix LITERAL suffix`, breaking the literal one entry per line when needed. */
  literal(indent: number, prefix: string, l: ast.Literal, suffix: string, anchor: number): void {
    const flat = printLiteral(l);
    const breakable = (l.kind === 'Object' && l.entries.length > 0) || (l.kind === 'Array' && l.items.length > 0);
    if (!breakable || (indent + prefix.length + flat.length + suffix.length <= WIDTH && !this.commented(l.span))) {
      this.line(indent, prefix + flat, anchor);
      this.append(suffix);
      return;
    }
    if (l.kind === 'Object') {
      this.line(indent, `${prefix}{`, anchor);
      for (const e of l.entries) this.literal(indent + 2, `${printKey(e)}: `, e.value, ',', e.span.start);
    } else if (l.kind === 'Array') {
      this.line(indent, `${prefix}[`, anchor);
      for (const x of l.items) this.literal(indent + 2, '', x, ',', x.span.start);
    }
    this.line(indent, l.kind === 'Object' ? `}${suffix}` : `]${suffix}`, l.span.end - 1);
  }

  /** Prints a record field or data field: `name?: TYPE @ann… [= LITERAL],`. */
  field(indent: number, f: ast.Field | ast.DataField): void {
    const head = `${f.name.text}${f.kind === 'Field' && f.optional ? '?' : ''}: `;
    const anns = f.annotations.map(printAnnotation).join('');
    const value = f.kind === 'DataField' ? f.value : undefined;
    const record = innerRecord(f.type);
    if (!record || record.fields.length === 0) {
      const text = `${head}${typeText(f.type)}${anns}`;
      if (value) this.literal(indent, `${text} = `, value, ',', f.span.start);
      else this.line(indent, `${text},`, f.span.start);
      return;
    }
    this.line(indent, `${head}${typeOpen(f.type)}`, f.span.start);
    for (const g of record.fields) this.field(indent + 2, g);
    const close = `${typeClose(f.type)}${anns}`;
    if (value) this.literal(indent, `${close} = `, value, ',', record.span.end - 1);
    else this.line(indent, `${close},`, record.span.end - 1);
  }
}

function printAnnotation(a: ast.Annotation): string {
  if (a.args.length === 0) return ` @${a.name.text}`;
  const args = a.args.map((x) => (x.kind === 'Name' ? x.text : x.kind === 'String' ? quote(x.value) : x.kind === 'Bool' ? String(x.value) : x.text));
  return ` @${a.name.text}(${args.join(', ')})`;
}

/** The record at the innermost position of a type (`list<{…}>`), if any. */
function innerRecord(t: ast.TypeExpr): ast.RecordType | undefined {
  if (t.kind === 'RecordType') return t;
  if (t.kind === 'CollectionType') return innerRecord(t.element);
  return undefined;
}

function typeText(t: ast.TypeExpr): string {
  if (t.kind === 'NamedType') return t.name.text;
  if (t.kind === 'CollectionType') return `${t.collection}<${typeText(t.element)}>`;
  return '{}';
}

function typeOpen(t: ast.TypeExpr): string {
  if (t.kind === 'CollectionType') return `${t.collection}<${typeOpen(t.element)}`;
  return t.kind === 'RecordType' ? '{' : t.name.text;
}

function typeClose(t: ast.TypeExpr): string {
  if (t.kind === 'CollectionType') return `${typeClose(t.element)}>`;
  return t.kind === 'RecordType' ? '}' : '';
}

function declaration(out: Layout, d: ast.Decl): void {
  const at = d.span.start;
  switch (d.kind) {
    case 'UseStd':
      out.line(0, `use std.${d.path.map((n) => n.text).join('.')}`, at);
      return;
    case 'UseFile':
      out.line(0, `use ${quote(d.path.value)}`, at);
      return;
    case 'Enum': {
      const members = d.members.map((m) => m.text);
      const flat = `enum ${d.name.text} { ${members.join(', ')} }`;
      if (members.length === 0) out.line(0, `enum ${d.name.text} {}`, at);
      else if (flat.length <= WIDTH && !out.commented(d.span)) out.line(0, flat, at);
      else {
        out.line(0, `enum ${d.name.text} {`, at);
        for (const m of d.members) out.line(2, `${m.text},`, m.span.start);
        out.line(0, '}', d.span.end - 1);
      }
      return;
    }
    case 'Input':
    case 'Data':
      if (d.fields.length === 0) {
        out.line(0, `${d.kind === 'Input' ? 'input' : 'data'} {}`, at);
        return;
      }
      out.line(0, `${d.kind === 'Input' ? 'input' : 'data'} {`, at);
      for (const f of d.fields) out.field(2, f);
      out.line(0, '}', d.span.end - 1);
      return;
    case 'Let':
      out.condition(0, `let ${d.name.text} = `, d.value, at);
      return;
    case 'Rule': {
      const roles = d.roles.length > 0 ? ` to ${d.roles.map((r) => quote(r.value)).join(', ')}` : '';
      out.line(0, `${d.effect} ${d.name.text}${roles}`, at);
      for (const c of d.clauses) out.condition(2, `${c.kind === 'When' ? 'when' : 'unless'} `, c.condition, c.span.start);
      for (const g of d.grants) {
        out.line(2, `grant ${quote(g.secret.value)} scope ${quote(g.scope.value)} ttl ${g.ttl.text}`, g.span.start);
      }
      if (d.because) out.line(2, `because ${quote(d.because.value)}`, d.because.span.start);
      return;
    }
    case 'Test': {
      out.line(0, `test ${quote(d.name.value)} {`, at);
      if (d.input) out.literal(2, 'input = ', d.input, '', d.input.span.start);
      if (d.data) out.literal(2, 'data = ', d.data, '', d.data.span.start);
      if (d.expect) {
        const by = d.expect.by.length > 0 ? ` by ${d.expect.by.map((n) => n.text).join(', ')}` : '';
        out.line(2, `expect ${d.expect.effect}${by}`, d.expect.span.start);
      }
      out.line(0, '}', d.span.end - 1);
      return;
    }
    case 'Property': {
      out.line(0, `property ${quote(d.name.value)} {`, at);
      if (d.given) out.condition(2, 'given ', d.given, d.given.span.start);
      const first = d.effects[0];
      if (first) out.line(2, `expect ${d.effects.map((e) => e.effect).join(' or ')}`, first.span.start);
      out.line(0, '}', d.span.end - 1);
      return;
    }
  }
}

/** Whether two consecutive declarations are printed without a blank line between them. */
function grouped(a: ast.Decl, b: ast.Decl): boolean {
  const isUse = (d: ast.Decl) => d.kind === 'UseStd' || d.kind === 'UseFile';
  return (a.kind === 'Let' && b.kind === 'Let') || (isUse(a) && isUse(b));
}

/** Formats a module in the canonical layout of `pactc fmt`, keeping every comment. */
export function format(m: ast.Module): string {
  const comments = [...m.comments].sort((a, b) => a.span.start - b.span.start);
  const commented = (span: Span) => comments.some((c) => c.span.start >= span.start && c.span.start < span.end);
  const out = new Layout(commented);
  if (m.header) out.line(0, `pact ${m.header.name.text} version ${quote(m.header.version.value)}`, m.header.span.start);
  let prev: ast.Decl | undefined;
  for (const d of m.decls) {
    // Consecutive `let`s and `use`s are grouped, unless own-line comments end up introducing the
    // second: whether they do is known only once comments are placed, so the blank is conditional.
    if (prev && grouped(prev, d)) out.blank(true);
    else if (prev || m.header) out.blank();
    declaration(out, d);
    prev = d;
  }
  return render(placeComments(out.lines, comments));
}

/** Merges comments into the laid-out lines (see the header comment for the rules). */
function placeComments(lines: readonly Line[], comments: readonly ast.Comment[]): Line[] {
  const before = new Map<number, Line[]>();
  const after: Line[] = [];
  const anchored = lines.map((l, i) => ({ l, i })).filter((x) => !Number.isNaN(x.l.anchor));
  const endsInLineComment = new Set<Line>();
  const ownLine = (c: ast.Comment) => {
    const next = anchored.find((x) => x.l.anchor > c.span.start);
    // A comment before a closing bracket belongs to the block it closes: indent it as an entry.
    const closing = next !== undefined && /^[}\]]/.test(next.l.text);
    const comment = { indent: next ? next.l.indent + (closing ? 2 : 0) : 0, text: c.text, anchor: NaN };
    if (!next) after.push(comment);
    else before.set(next.i, [...(before.get(next.i) ?? []), comment]);
  };
  for (const c of comments) {
    if (!c.trailing) {
      ownLine(c);
      continue;
    }
    let target: Line | undefined;
    for (const x of anchored) {
      if (x.l.anchor <= c.span.start) target = x.l;
      else break;
    }
    if (!target || endsInLineComment.has(target)) {
      ownLine(c);
      continue;
    }
    target.text += ` ${c.text}`;
    if (!c.block) endsInLineComment.add(target);
  }
  const result: Line[] = [];
  lines.forEach((l, i) => {
    if (l.conditional && !before.get(i + 1)?.length) return;
    result.push(...(before.get(i) ?? []), l);
  });
  return [...result, ...after];
}

function render(lines: readonly Line[]): string {
  const text = lines.map((l) => (l.text === '' ? '' : ' '.repeat(l.indent) + l.text)).join('\n');
  return text === '' ? '' : `${text}\n`;
}
