/**
 * Lowering: Chevrotain CST → Pact AST. The only reader of the generated `cst.d.ts`.
 *
 * Algorithm. One recursive function per CST rule builds the corresponding AST node, giving
 * each a fresh id from a process-global counter (so ids are unique across every module parsed
 * in one process, which lets later phases mix modules in one side table) and a span
 * `{file, start, end}` with `end` exclusive, taken from token offsets or Chevrotain's node
 * locations.
 *
 * Expressions arrive as flat sequences (`prefix* operand (infix prefix* operand)*`, see
 * `parser.ts`); {@link Pratt} rebuilds the tree by top-down operator precedence using the one
 * table in `precedence.ts`: an infix operator continues the current expression while its power
 * is at least the caller's minimum, a left-associative right operand is parsed at power + 1, and
 * a prefix operator parses its operand at its own power (so `not a == b` is `not (a == b)` and
 * `-a * b` is `(-a) * b`). Chained comparisons are reported (P1010) and kept left-associative.
 *
 * The permissive parts of the grammar are checked here, where the message can be precise:
 * clause order in rules (P1008), duplicate `because` / test items (P1011), a missing comma
 * between list items (P1001), approver roles on a non-escalate rule (P1013), the `pact` header
 * being first and present (P1007), and skipped top-level tokens (P1001 with "did you mean").
 *
 * Error tolerance. With recovery, any CST child may be missing and tokens inserted by recovery
 * have no offsets; every accessor here tolerates that and a node whose essential parts are
 * missing is omitted (returns undefined), so a best-effort module is always produced.
 */
import type { CstNode, IRecognitionException, IToken } from './chevrotain.js';
import type { Diagnostic } from '../diag/index.js';
import type { SourceFile, Span } from '../source/index.js';
import type * as ast from './ast.js';
import type * as cst from './cst.js';
import { hyphenHelp, junkDiagnostic } from './parser.js';
import { infixInfo, prefixPower } from './precedence.js';
import { BlockComment, decodeString, describeToken, durationSeconds, Identifier, Keyword, numberValue, P, StringLiteral, type LexResult } from './tokens.js';
import { tokenMatcher } from './chevrotain.js';

let nextId = 0;

/** Returns a fresh node id, unique in this process. */
function freshId(): ast.NodeId {
  return ++nextId;
}

/** The largest number of operands and operators in one flat expression (bounds recursion). */
const MAX_FLAT_EXPRESSION = 1000;

type Item = { readonly op: string; readonly tok: IToken } | { readonly expr: ast.Expr };

/** A real (not recovery-inserted) token, or undefined. */
function real(t: IToken | undefined): IToken | undefined {
  return t && !t.isInsertedInRecovery && !Number.isNaN(t.startOffset) ? t : undefined;
}

function first(ts: readonly IToken[] | undefined): IToken | undefined {
  return real(ts?.[0]);
}

function end(t: IToken): number {
  return t.startOffset + t.image.length;
}

/** Builds the AST of one file from its CST, reporting what the permissive grammar let through. */
export function lower(
  root: CstNode,
  file: SourceFile,
  lexed: LexResult,
  parseErrors: readonly IRecognitionException[],
): { module: ast.Module; diagnostics: Diagnostic[]; skipped: readonly Skipped[] } {
  const l = new Lowerer(file, [...parseErrors.map((e) => e.token.startOffset), ...lexed.diagnostics.map((d) => d.span.start)]);
  const module = l.module(root as cst.PactFileCstNode, lexed);
  return { module, diagnostics: l.diagnostics, skipped: l.skipped };
}

/**
 * A stretch of tokens the parser skipped: at the top level after a complete declaration, where
 * another was expected and the stretch is reported (`declaration`), or inside a record, data or
 * enum block, where an entry was (`field`). The checker uses them to tell knock-on errors from real
 * ones.
 */
export interface Skipped {
  readonly kind: 'declaration' | 'field';
  readonly start: number;
  readonly end: number;
}

class Lowerer {
  readonly diagnostics: Diagnostic[] = [];
  readonly skipped: Skipped[] = [];
  private readonly errorOffsets: number[];

  /** `errorOffsets`: where lexing and parsing already failed; skipped tokens after them are not re-reported. */
  constructor(
    private readonly file: SourceFile,
    errorOffsets: readonly number[],
  ) {
    this.errorOffsets = errorOffsets.filter((o) => !Number.isNaN(o));
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private span(start: number, endOffset: number): Span {
    return { file: this.file.path, start, end: Math.max(start, endOffset) };
  }

  private tokSpan(t: IToken): Span {
    return this.span(t.startOffset, end(t));
  }

  /** The span of a CST node from Chevrotain's location, when it has one. */
  private nodeSpan(n: CstNode | undefined): Span | undefined {
    const loc = n?.location;
    if (!loc || Number.isNaN(loc.startOffset) || loc.endOffset === undefined || Number.isNaN(loc.endOffset)) return undefined;
    return this.span(loc.startOffset, loc.endOffset + 1);
  }

  private error(code: Diagnostic['code'], message: string, span: Span, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: 'error', message, span, ...extra });
  }

  private name(t: IToken | undefined): ast.Name | undefined {
    const r = real(t);
    return r && { kind: 'Name', id: freshId(), span: this.tokSpan(r), text: r.image };
  }

  private str(t: IToken | undefined): ast.StringLit | undefined {
    const r = real(t);
    return r && { kind: 'String', id: freshId(), span: this.tokSpan(r), value: decodeString(r.image).value };
  }

  private num(t: IToken, minus: IToken | undefined): ast.NumberLit {
    const text = (minus ? '-' : '') + t.image;
    const value = numberValue(t.image);
    return { kind: 'Number', id: freshId(), span: this.span(minus?.startOffset ?? t.startOffset, end(t)), text, value: minus ? -value : value };
  }

  private duration(t: IToken | undefined): ast.DurationLit | undefined {
    const r = real(t);
    return r && { kind: 'Duration', id: freshId(), span: this.tokSpan(r), text: r.image, seconds: durationSeconds(r.image) };
  }

  private bool(t: IToken, value: boolean): ast.BoolLit {
    return { kind: 'Bool', id: freshId(), span: this.tokSpan(t), value };
  }

  /**
   * Reports a missing comma between consecutive items of a `(item ","?)*` list: every gap
   * between two items must contain one of the list's commas.
   */
  private checkCommas(items: readonly { span: Span }[], commas: readonly IToken[] | undefined, what: string, close: string): void {
    const offsets = (commas ?? []).filter((c) => real(c)).map((c) => c.startOffset);
    for (let i = 0; i + 1 < items.length; i++) {
      const a = items[i]!.span.end;
      const b = items[i + 1]!.span.start;
      if (!offsets.some((o) => o >= a && o < b)) {
        const next = this.file.text.slice(b, items[i + 1]!.span.end);
        const shown = /^(?:[A-Za-z0-9_.]+|"(?:[^"\\]|\\.)*"?|\S)/.exec(next)?.[0] ?? next;
        this.error('P1001', `expected \`,\` or \`${close}\`, found \`${shown}\``, this.span(b, items[i + 1]!.span.end), {
          help: `separate ${what} with commas`,
          fix: { span: this.span(a, a), replacement: ',' },
        });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Module and declarations

  module(root: cst.PactFileCstNode, lexed: LexResult): ast.Module {
    const decls: ast.Decl[] = [];
    let header: ast.PactHeader | undefined;
    let prevStart = 0;
    let isFirst = true;
    let afterRule = false;
    for (const d of root.children?.declaration ?? []) {
      const c = d.children;
      const start = this.nodeSpan(d)?.start ?? prevStart;
      if (c.junk) {
        const toks = (c.junk[0]?.children.AnyToken ?? []).filter((t) => real(t));
        const tok = toks[0];
        const end = toks.reduce((m, t) => Math.max(m, t.startOffset + t.image.length), 0);
        const suppressed = this.errorOffsets.some((o) => o >= prevStart && tok !== undefined && o <= tok.startOffset);
        // Reported junk after a complete declaration is a stretch of its own (see `Skipped`).
        if (tok && !afterRule && !suppressed) this.skipped.push({ kind: 'declaration', start: tok.startOffset, end });
        if (tok && !suppressed) this.diagnostics.push(junkDiagnostic(tok, this.file, afterRule));
        // Later lines of the skipped region that start with a misspelled declaration keyword
        // (`forbd q …`) get their own diagnostic: each is probably a declaration of its own.
        for (const t of toks.slice(1)) {
          const d = junkDiagnostic(t, this.file);
          if (d.help && /^[ \t]*$/.test(this.file.text.slice(this.file.text.lastIndexOf('\n', t.startOffset - 1) + 1, t.startOffset))) {
            this.diagnostics.push(d);
          }
        }
        prevStart = start;
        afterRule = false;
        continue;
      }
      if (c.header?.[0]) {
        const h = this.header(c.header[0]);
        if (h && header) {
          this.error('P1011', 'duplicate `pact` header', h.span, {
            related: [{ span: header.span, message: 'the first header is here' }],
          });
        } else if (h) {
          if (!isFirst) this.error('P1007', 'the `pact` header must be the first declaration', h.span);
          header = h;
        }
      } else {
        const decl = this.declaration(c);
        if (decl) decls.push(decl);
      }
      isFirst = false;
      afterRule = !!c.ruleDecl;
      prevStart = start;
    }
    // A header that was begun but is broken has its own syntax error.
    const attempted = (root.children?.declaration ?? []).some((d) => d.children.header);
    if (!header && !attempted) {
      const t = lexed.tokens[0];
      const span = t ? this.tokSpan(t) : this.span(0, 0);
      this.error('P1007', 'missing `pact NAME version "X"` header', span, {
        help: 'start the file with a header such as `pact my_agent version "0.1.0"`',
      });
    }
    return {
      kind: 'Module',
      id: freshId(),
      span: this.span(0, this.file.text.length),
      header,
      decls,
      comments: this.comments(lexed),
    };
  }

  /** Comments in order, each marked `trailing` when a significant token precedes it on its line. */
  private comments(lexed: LexResult): ast.Comment[] {
    const out: ast.Comment[] = [];
    const toks = lexed.tokens;
    let ti = 0;
    for (const c of lexed.comments) {
      while (ti < toks.length && toks[ti]!.startOffset < c.startOffset) ti++;
      const prev = toks[ti - 1];
      const trailing = prev !== undefined && !/[\n\r]/.test(this.file.text.slice(end(prev), c.startOffset));
      out.push({ span: this.tokSpan(c), text: c.image, block: c.tokenType === BlockComment, trailing });
    }
    return out;
  }

  private header(h: cst.HeaderCstNode): ast.PactHeader | undefined {
    const name = this.name(h.children.Identifier?.[0]);
    const version = this.str(h.children.StringLiteral?.[0]);
    const span = this.nodeSpan(h);
    return name && version && span ? { kind: 'Pact', id: freshId(), span, name, version } : undefined;
  }

  private declaration(c: cst.DeclarationCstChildren): ast.Decl | undefined {
    if (c.useDecl?.[0]) return this.use(c.useDecl[0]);
    if (c.enumDecl?.[0]) return this.enumDecl(c.enumDecl[0]);
    if (c.inputDecl?.[0]) return this.inputDecl(c.inputDecl[0]);
    if (c.dataDecl?.[0]) return this.dataDecl(c.dataDecl[0]);
    if (c.letDecl?.[0]) return this.letDecl(c.letDecl[0]);
    if (c.ruleDecl?.[0]) return this.rule(c.ruleDecl[0]);
    if (c.testDecl?.[0]) return this.test(c.testDecl[0]);
    if (c.propertyDecl?.[0]) return this.property(c.propertyDecl[0]);
    return undefined;
  }

  private use(u: cst.UseDeclCstNode): ast.Use | undefined {
    const span = this.nodeSpan(u);
    if (!span) return undefined;
    const path = this.str(u.children.StringLiteral?.[0]);
    if (path) return { kind: 'UseFile', id: freshId(), span, path };
    const root = first(u.children.Identifier);
    if (!root) return undefined;
    const names = (u.children.NameLike ?? []).map((t) => this.name(t)).filter((n): n is ast.Name => !!n);
    if (root.image === 'std' && names.length === 0) {
      this.error('P1001', 'expected a module name after `std.`', this.tokSpan(root), { help: 'for example `use std.trust`' });
      return undefined;
    }
    if (root.image !== 'std') {
      this.error('P1001', `expected \`std.MODULE\` or a quoted file path after \`use\`, found \`${root.image}\``, this.tokSpan(root), {
        help: 'use a standard module as `use std.trust` or a file as `use "./common.pact"`',
      });
      return undefined;
    }
    return { kind: 'UseStd', id: freshId(), span, path: names };
  }

  private enumDecl(e: cst.EnumDeclCstNode): ast.EnumDecl | undefined {
    const name = this.name(e.children.Identifier?.[0]);
    const span = this.nodeSpan(e);
    if (!name || !span) return undefined;
    const members = (e.children.NameLike ?? []).map((t) => this.name(t)).filter((n): n is ast.Name => !!n);
    this.checkCommas(members, e.children.Comma, 'enum members', '}');
    for (const j of e.children.fieldJunk ?? []) this.memberJunk(j);
    return { kind: 'Enum', id: freshId(), span, name, members };
  }

  /**
   * The tokens the parser skipped inside braces (`fieldJunk` in parser.ts), first to last,
   * recorded in `skipped`; undefined when there are none, or when an error inside them (an
   * unterminated string, say) has been reported already.
   */
  private skippedEntry(j: cst.FieldJunkCstNode): IToken[] | undefined {
    const toks = (j.children.AnyToken ?? []).filter((t) => real(t)).sort((a, b) => a.startOffset - b.startOffset);
    const head = toks[0];
    const last = toks[toks.length - 1];
    if (!head || !last) return undefined;
    const end = last.startOffset + last.image.length;
    this.skipped.push({ kind: 'field', start: head.startOffset, end });
    return this.errorOffsets.some((o) => o >= head.startOffset && o < end) ? undefined : toks;
  }

  /** Reports what the parser skipped inside an enum's braces. */
  private memberJunk(j: cst.FieldJunkCstNode): void {
    const head = this.skippedEntry(j)?.[0];
    if (!head) return;
    const text = head.tokenType === StringLiteral ? decodeString(head.image).value : undefined;
    const help = text !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? `enum members are names, not strings: write \`${text}\`` : undefined;
    this.error('P1001', `expected a member name, found ${describeToken(head)}`, this.tokSpan(head), help ? { help } : {});
  }

  private inputDecl(i: cst.InputDeclCstNode): ast.InputDecl | undefined {
    const span = this.nodeSpan(i);
    if (!span) return undefined;
    return { kind: 'Input', id: freshId(), span, fields: this.fieldBlock(i.children.fieldBlock?.[0]) };
  }

  private dataDecl(d: cst.DataDeclCstNode): ast.DataDecl | undefined {
    const span = this.nodeSpan(d);
    if (!span) return undefined;
    const fields = (d.children.dataField ?? []).map((f) => this.dataField(f)).filter((f): f is ast.DataField => !!f);
    this.checkCommas(fields, d.children.Comma, 'data fields', '}');
    for (const j of d.children.fieldJunk ?? []) this.fieldJunk(j, fields, d.children.Comma ?? [], 'data');
    return { kind: 'Data', id: freshId(), span, fields };
  }

  private letDecl(d: cst.LetDeclCstNode): ast.LetDecl | undefined {
    const name = this.name(d.children.Identifier?.[0]);
    const value = this.expression(d.children.expression?.[0]);
    const span = this.nodeSpan(d);
    return name && value && span ? { kind: 'Let', id: freshId(), span, name, value } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Types, fields, annotations

  private fieldBlock(b: cst.FieldBlockCstNode | undefined): ast.Field[] {
    if (!b) return [];
    const fields = (b.children.field ?? []).map((f) => this.field(f)).filter((f): f is ast.Field => !!f);
    this.checkCommas(fields, b.children.Comma, 'fields', '}');
    for (const j of b.children.fieldJunk ?? []) this.fieldJunk(j, fields, b.children.Comma ?? [], 'record');
    return fields;
  }

  /** Reports what the parser skipped inside a record (see `fieldJunk` in parser.ts). */
  private fieldJunk(j: cst.FieldJunkCstNode, fields: readonly { readonly span: Span }[], commas: readonly IToken[], where: 'record' | 'data'): void {
    const toks = this.skippedEntry(j);
    const head = toks?.[0];
    if (!toks || !head) return;
    const afterField = fields.some((f) => f.span.end <= head.startOffset && !commas.some((c) => real(c) && c.startOffset >= f.span.end && c.startOffset < head.startOffset));
    if (!afterField && (tokenMatcher(head, Identifier) || tokenMatcher(head, Keyword))) {
      const next = toks[1];
      const help = (next && hyphenHelp(this.file.text, next.startOffset)) ?? `declare the field as \`${head.image}: TYPE\``;
      if (next) this.error('P1001', `expected \`:\`, found ${describeToken(next)}`, this.tokSpan(next), { help });
      else this.error('P1001', `expected \`:\` after the field name \`${head.image}\``, this.tokSpan(head), { help: `declare the field as \`${head.image}: TYPE\`` });
      return;
    }
    const help =
      head.tokenType === P.Equals
        ? where === 'record'
          ? 'a record field has no default value (only a top-level `data` field has one)'
          : 'a default value follows the type and annotations: `name: type @annotation = value`'
        : head.tokenType === P.Question
          ? 'an optional field is written with `?` after its name: `name?: type`'
          : undefined;
    this.error('P1001', `expected ${afterField ? '`,` or `}`' : 'a field name'}, found ${describeToken(head)}`, this.tokSpan(head), help ? { help } : {});
  }

  private field(f: cst.FieldCstNode): ast.Field | undefined {
    const name = this.name(f.children.NameLike?.[0]);
    const type = this.typeExpr(f.children.typeExpr?.[0]);
    const span = this.nodeSpan(f);
    if (!name || !type || !span) return undefined;
    const annotations = this.annotations(f.children.annotation);
    return { kind: 'Field', id: freshId(), span, name, optional: !!first(f.children.Question), type, annotations };
  }

  private dataField(f: cst.DataFieldCstNode): ast.DataField | undefined {
    const name = this.name(f.children.NameLike?.[0]);
    const type = this.typeExpr(f.children.typeExpr?.[0]);
    const span = this.nodeSpan(f);
    if (!name || !type || !span) return undefined;
    const annotations = this.annotations(f.children.annotation);
    const value = f.children.literal?.[0] ? this.literal(f.children.literal[0]) : undefined;
    return { kind: 'DataField', id: freshId(), span, name, type, annotations, value };
  }

  private typeExpr(t: cst.TypeExprCstNode | undefined): ast.TypeExpr | undefined {
    if (!t) return undefined;
    const span = this.nodeSpan(t);
    if (!span) return undefined;
    const c = t.children;
    if (c.fieldBlock?.[0]) return { kind: 'RecordType', id: freshId(), span, fields: this.fieldBlock(c.fieldBlock[0]) };
    const name = this.name(c.Identifier?.[0]);
    if (!name) return undefined;
    if (first(c.Less)) {
      const element = this.typeExpr(c.typeExpr?.[0]);
      if (name.text === 'set' || name.text === 'list') {
        return element && { kind: 'CollectionType', id: freshId(), span, collection: name.text, element };
      }
      this.error('P1001', `\`${name.text}\` does not take a type argument`, span, {
        help: 'only `set<T>` and `list<T>` take a type argument',
      });
    }
    return { kind: 'NamedType', id: freshId(), span, name };
  }

  private annotations(as: readonly cst.AnnotationCstNode[] | undefined): ast.Annotation[] {
    const out: ast.Annotation[] = [];
    for (const a of as ?? []) {
      const name = this.name(a.children.NameLike?.[0]);
      const span = this.nodeSpan(a);
      if (!name || !span) continue;
      const args = (a.children.annotationArg ?? []).map((x) => this.annotationArg(x)).filter((x): x is ast.AnnotationArg => !!x);
      this.checkCommas(args, a.children.Comma, 'annotation arguments', ')');
      out.push({ kind: 'Annotation', id: freshId(), span, name, args });
    }
    return out;
  }

  private annotationArg(a: cst.AnnotationArgCstNode): ast.AnnotationArg | undefined {
    const c = a.children;
    const num = first(c.NumberLiteral);
    if (num) return this.num(num, first(c.Minus));
    const dur = first(c.DurationLiteral);
    // A duration argument (`@range(0s, 30d)`) is kept as a number of seconds, spelled as written.
    if (dur) return { kind: 'Number', id: freshId(), span: this.tokSpan(dur), text: dur.image, value: durationSeconds(dur.image) };
    const t = first(c.True) ?? first(c.False);
    if (t) return this.bool(t, t.image === 'true');
    return this.str(c.StringLiteral?.[0]) ?? this.name(c.Identifier?.[0]);
  }

  // -------------------------------------------------------------------------------------------
  // Rules

  private effect(e: cst.EffectCstNode | undefined): { effect: ast.Effect; span: Span } | undefined {
    const t = first(e?.children.Permit) ?? first(e?.children.Escalate) ?? first(e?.children.Forbid);
    return t && { effect: t.image as ast.Effect, span: this.tokSpan(t) };
  }

  private rule(r: cst.RuleDeclCstNode): ast.Rule | undefined {
    const c = r.children;
    const effect = this.effect(c.effect?.[0]);
    const name = this.name(c.Identifier?.[0]);
    const span = this.nodeSpan(r);
    if (!effect || !name || !span) return undefined;
    let roles = (c.StringLiteral ?? []).map((t) => this.str(t)).filter((s): s is ast.StringLit => !!s);
    const to = first(c.To);
    if (to && effect.effect !== 'escalate') {
      this.error('P1013', `a ${effect.effect} rule has no approvers`, this.span(to.startOffset, roles.at(-1)?.span.end ?? end(to)), {
        help: 'only `escalate` rules take `to "ROLE"`; remove it or make the rule `escalate`',
      });
      roles = [];
    }
    const clauses: ast.Clause[] = [];
    const grants: ast.Grant[] = [];
    let because: ast.StringLit | undefined;
    let becauseSpan: Span | undefined;
    let firstGrant: Span | undefined;
    for (const rc of c.ruleClause ?? []) {
      const k = rc.children;
      const when = first(k.When) ?? first(k.Unless);
      if (when) {
        const condition = this.expression(k.expression?.[0]);
        const cspan = this.nodeSpan(rc);
        const later = becauseSpan ?? firstGrant;
        if (later) {
          this.error('P1008', `\`${when.image}\` must come before ${becauseSpan ? '`because`' : '`grant`'}`, this.tokSpan(when), {
            label: `this \`${when.image}\` comes too late`,
            related: [{ span: later, message: becauseSpan ? 'the rule ends with this `because`' : 'the first `grant` is here' }],
            help: 'a rule lists its `when` and `unless` clauses first, then its `grant`s, then `because`',
          });
        }
        if (condition && cspan) clauses.push({ kind: when.image === 'when' ? 'When' : 'Unless', id: freshId(), span: cspan, condition });
        continue;
      }
      if (k.grant?.[0]) {
        const g = this.grant(k.grant[0]);
        if (g && becauseSpan) {
          this.error('P1008', '`grant` must come before `because`', g.span, {
            related: [{ span: becauseSpan, message: 'the rule ends with this `because`' }],
            help: 'a rule lists its `when` and `unless` clauses first, then its `grant`s, then `because`',
          });
        }
        if (g) {
          grants.push(g);
          firstGrant ??= g.span;
        }
        continue;
      }
      const b = first(k.Because);
      if (b) {
        const text = this.str(k.StringLiteral?.[0]);
        if (becauseSpan) {
          this.error('P1011', 'a rule has only one `because`', this.tokSpan(b), {
            related: [{ span: becauseSpan, message: 'the first `because` is here' }],
          });
          continue;
        }
        becauseSpan = this.span(b.startOffset, text?.span.end ?? end(b));
        because = text;
      }
    }
    return { kind: 'Rule', id: freshId(), span, effect: effect.effect, name, roles, clauses, grants, because };
  }

  private grant(g: cst.GrantCstNode): ast.Grant | undefined {
    const [s1, s2] = g.children.StringLiteral ?? [];
    const secret = this.str(s1);
    const scope = this.str(s2);
    const ttl = this.duration(g.children.DurationLiteral?.[0]);
    const span = this.nodeSpan(g);
    return secret && scope && ttl && span ? { kind: 'Grant', id: freshId(), span, secret, scope, ttl } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Tests and properties

  private test(t: cst.TestDeclCstNode): ast.TestDecl | undefined {
    const name = this.str(t.children.StringLiteral?.[0]);
    const span = this.nodeSpan(t);
    if (!name || !span) return undefined;
    let input: ast.Literal | undefined;
    let data: ast.Literal | undefined;
    let expect: ast.Expectation | undefined;
    const seen = new Map<string, Span>();
    for (const item of t.children.testItem ?? []) {
      const c = item.children;
      const kw = first(c.Input) ?? first(c.Data) ?? first(c.expectClause?.[0]?.children.Expect);
      if (!kw) continue;
      const prior = seen.get(kw.image);
      if (prior) {
        this.error('P1011', `a test has only one \`${kw.image}\``, this.tokSpan(kw), {
          related: [{ span: prior, message: `the first \`${kw.image}\` is here` }],
        });
        continue;
      }
      seen.set(kw.image, this.tokSpan(kw));
      if (c.expectClause?.[0]) expect = this.expectation(c.expectClause[0]);
      else if (kw.image === 'input') input = c.literal?.[0] && this.literal(c.literal[0]);
      else data = c.literal?.[0] && this.literal(c.literal[0]);
    }
    return { kind: 'Test', id: freshId(), span, name, input, data, expect };
  }

  private expectation(e: cst.ExpectClauseCstNode): ast.Expectation | undefined {
    const effect = this.effect(e.children.effect?.[0]);
    const span = this.nodeSpan(e);
    if (!effect || !span) return undefined;
    const by = (e.children.Identifier ?? []).map((t) => this.name(t)).filter((n): n is ast.Name => !!n);
    return { kind: 'Expect', id: freshId(), span, effect: effect.effect, effectSpan: effect.span, by };
  }

  private property(p: cst.PropertyDeclCstNode): ast.PropertyDecl | undefined {
    const name = this.str(p.children.StringLiteral?.[0]);
    const span = this.nodeSpan(p);
    if (!name || !span) return undefined;
    const given = p.children.expression?.[0] ? this.expression(p.children.expression[0]) : undefined;
    const effects = (p.children.effect ?? []).map((e) => this.effect(e)).filter((e): e is { effect: ast.Effect; span: Span } => !!e);
    return { kind: 'Property', id: freshId(), span, name, given, effects };
  }

  // -------------------------------------------------------------------------------------------
  // Literals

  private literal(l: cst.LiteralCstNode): ast.Literal | undefined {
    const c = l.children;
    const s = this.str(c.StringLiteral?.[0]);
    if (s) return s;
    const n = first(c.NumberLiteral);
    if (n) return this.num(n, first(c.Minus));
    const d = this.duration(c.DurationLiteral?.[0]);
    if (d) return d;
    const b = first(c.True) ?? first(c.False);
    if (b) return this.bool(b, b.image === 'true');
    const nul = first(c.Identifier);
    if (nul) return { kind: 'Null', id: freshId(), span: this.tokSpan(nul) };
    const arr = c.arrayLiteral?.[0];
    if (arr) {
      const span = this.nodeSpan(arr);
      const items = (arr.children.literal ?? []).map((x) => this.literal(x)).filter((x): x is ast.Literal => !!x);
      this.checkCommas(items, arr.children.Comma, 'list items', ']');
      return span && { kind: 'Array', id: freshId(), span, items };
    }
    const obj = c.objectLiteral?.[0];
    if (obj) {
      const span = this.nodeSpan(obj);
      const entries = (obj.children.objectEntry ?? []).map((x) => this.entry(x)).filter((x): x is ast.ObjectEntry => !!x);
      this.checkCommas(entries, obj.children.Comma, 'object entries', '}');
      return span && { kind: 'Object', id: freshId(), span, entries };
    }
    return undefined;
  }

  private entry(e: cst.ObjectEntryCstNode): ast.ObjectEntry | undefined {
    const bareKey = first(e.children.NameLike);
    const quoted = first(e.children.StringLiteral);
    const keyTok = bareKey ?? quoted;
    const value = e.children.literal?.[0] && this.literal(e.children.literal[0]);
    const span = this.nodeSpan(e);
    if (!keyTok || !value || !span) return undefined;
    const key = bareKey ? bareKey.image : decodeString(keyTok.image).value;
    return { kind: 'Entry', id: freshId(), span, key, keySpan: this.tokSpan(keyTok), bare: !!bareKey, value };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** Lowers a flat expression with the precedence table. */
  expression(e: cst.ExpressionCstNode | undefined): ast.Expr | undefined {
    if (!e) return undefined;
    return this.structure(e.children.unary ?? [], [...(e.children.InfixOperator ?? [])]);
  }

  private structure(unaries: readonly cst.UnaryCstNode[], ops: IToken[]): ast.Expr | undefined {
    const items: Item[] = [];
    const realOps = ops.filter((o) => real(o)).sort((a, b) => a.startOffset - b.startOffset);
    for (let i = 0; i < unaries.length; i++) {
      const u = unaries[i]!;
      for (const p of u.children.PrefixOperator ?? []) if (real(p)) items.push({ op: p.image, tok: p });
      const operand = this.primary(u.children.primary?.[0]);
      if (!operand) return undefined;
      items.push({ expr: operand });
      const op = realOps[i];
      if (op && i + 1 < unaries.length) items.push({ op: op.image, tok: op });
    }
    if (items.length === 0) return undefined;
    if (items.length > MAX_FLAT_EXPRESSION) {
      const at = 'expr' in items[0]! ? items[0].expr.span : this.tokSpan(items[0]!.tok);
      this.error('P1012', `expression is too long (more than ${MAX_FLAT_EXPRESSION} operators and operands)`, at, {
        help: 'split it into several `let`s',
      });
      return undefined;
    }
    return new Pratt(items, this).parse(0);
  }

  /** Reports `a < b < c` (comparisons do not chain). */
  chained(op: IToken, left: ast.Binary): void {
    this.error('P1010', `comparisons cannot be chained: \`${left.op}\` then \`${op.image}\``, this.tokSpan(op), {
      help: 'combine comparisons with `and` (`a < b and b < c`) or add parentheses',
    });
  }

  binary(op: IToken, left: ast.Expr, right: ast.Expr): ast.Binary {
    return {
      kind: 'Binary',
      id: freshId(),
      span: this.span(left.span.start, right.span.end),
      op: op.image as ast.BinaryOp,
      opSpan: this.tokSpan(op),
      left,
      right,
    };
  }

  unary(op: IToken, operand: ast.Expr): ast.Unary {
    return { kind: 'Unary', id: freshId(), span: this.span(op.startOffset, operand.span.end), op: op.image as ast.UnaryOp, operand };
  }

  private primary(p: cst.PrimaryCstNode | undefined): ast.Expr | undefined {
    if (!p) return undefined;
    const c = p.children;
    const n = first(c.NumberLiteral);
    if (n) return this.num(n, undefined);
    const d = this.duration(c.DurationLiteral?.[0]);
    if (d) return d;
    const s = this.str(c.StringLiteral?.[0]);
    if (s) return s;
    const b = first(c.True) ?? first(c.False);
    if (b) return this.bool(b, b.image === 'true');
    if (c.path?.[0]) return this.path(c.path[0]);
    if (c.parenExpr?.[0]) return this.expression(c.parenExpr[0].children.expression?.[0]);
    if (c.listExpr?.[0]) {
      const l = c.listExpr[0];
      const span = this.nodeSpan(l);
      const items = (l.children.expression ?? []).map((x) => this.expression(x)).filter((x): x is ast.Expr => !!x);
      this.checkCommas(items, l.children.Comma, 'list items', ']');
      return span && { kind: 'List', id: freshId(), span, items };
    }
    if (c.hasExpr?.[0]) {
      const h = c.hasExpr[0];
      const path = this.path(h.children.path?.[0]);
      const span = this.nodeSpan(h);
      return path && span && { kind: 'Has', id: freshId(), span, path };
    }
    if (c.callExpr?.[0]) {
      const k = c.callExpr[0];
      const callee = this.name(k.children.Identifier?.[0]);
      const span = this.nodeSpan(k);
      const args = (k.children.expression ?? []).map((x) => this.expression(x)).filter((x): x is ast.Expr => !!x);
      this.checkCommas(args, k.children.Comma, 'arguments', ')');
      return callee && span && { kind: 'Call', id: freshId(), span, callee, args };
    }
    if (c.quantifier?.[0]) return this.quantifier(c.quantifier[0]);
    return undefined;
  }

  private path(p: cst.PathCstNode | undefined): ast.Path | undefined {
    if (!p) return undefined;
    const root = this.name(p.children.Identifier?.[0] ?? p.children.Input?.[0] ?? p.children.Data?.[0]);
    const span = this.nodeSpan(p);
    if (!root || !span) return undefined;
    const fields = (p.children.NameLike ?? []).map((t) => this.name(t)).filter((n): n is ast.Name => !!n);
    return { kind: 'Path', id: freshId(), span, root, fields };
  }

  private quantifier(q: cst.QuantifierCstNode): ast.Quantifier | undefined {
    const c = q.children;
    const kw = first(c.All) ?? first(c.Any);
    const variable = this.name(c.Identifier?.[0]);
    const coll = c.collection?.[0];
    const collection = coll && this.structure(coll.children.unary ?? [], [
      ...(coll.children.Plus ?? []),
      ...(coll.children.Minus ?? []),
      ...(coll.children.Star ?? []),
      ...(coll.children.Slash ?? []),
    ]);
    const body = this.expression(c.expression?.[0]);
    if (!kw || !variable || !collection || !body) return undefined;
    return {
      kind: 'Quantifier',
      id: freshId(),
      span: this.span(kw.startOffset, body.span.end),
      quantifier: kw.image as 'all' | 'any',
      variable,
      collection,
      body,
    };
  }
}

/**
 * Top-down operator precedence over a flat operand/operator sequence. The grammar guarantees
 * the shape `prefix* operand (infix prefix* operand)*`, so in {@link Pratt.operand} an operator
 * is a prefix one and in the loop of {@link Pratt.parse} it is an infix one.
 */
class Pratt {
  private i = 0;

  constructor(
    private readonly items: readonly Item[],
    private readonly l: Lowerer,
  ) {}

  parse(minPower: number): ast.Expr {
    let left = this.operand();
    let chainPower = -1;
    for (;;) {
      const it = this.items[this.i];
      if (!it || !('op' in it)) break;
      const info = infixInfo(it.op);
      if (!info || info.power < minPower) break;
      this.i++;
      if (info.fixity === 'infix-none' && chainPower === info.power && left.kind === 'Binary') this.l.chained(it.tok, left);
      const right = this.parse(info.power + 1);
      left = this.l.binary(it.tok, left, right);
      chainPower = info.fixity === 'infix-none' ? info.power : -1;
    }
    return left;
  }

  private operand(): ast.Expr {
    const it = this.items[this.i++]!;
    if ('expr' in it) return it.expr;
    const operand = this.parse(prefixPower(it.op) ?? 0);
    return this.l.unary(it.tok, operand);
  }
}
