/**
 * Expression typing, with `has` guards and never-holds facts threaded through conditions.
 *
 * One recursive pass per expression computes, bottom-up, each node's type (recorded in the
 * `types` side table, and for paths and calls what they refer to in `refs`) and, for
 * conditions, a {@link Flow}: what is known when the expression holds — the locations it
 * proves present (`guards.ts`) and the constraints it puts on them (`facts.ts`). The context
 * passed down holds the quantifier variables in scope and the guards established to the left.
 *
 * Typing rules (spec §4; the project's decisions are spelled out in `types.ts`):
 *
 *   literals       `1` int, `1.5` number, `5m` duration, `"s"` string, `true` bool
 *   `[a, b]`       list<T> of one element type (numbers mix; a string literal meets an enum)
 *   `not a`, `a and b`, `a or b`          bool operands (P2021) → bool
 *   `a == b`, `a != b`                    scalars of one type, or numbers (P2022) → bool
 *   `a < b` …                             numbers (P2022) → bool
 *   `x in C`                              scalar x, C a set/list/list literal of x's type → bool
 *   `s matches "glob"`                    strings (P2020) → bool
 *   `a + b` …, `-a`                       numbers (P2026) → see `arithmeticResult`
 *   `f(…)`                                `builtins.ts`
 *   `has p`                               p a field path → bool
 *   `all x in C: p`, `any x in C: p`      C a set or list (P2023), x its element, p bool → bool
 *
 * A string literal is checked against an enum wherever one meets it — `==`/`!=` with an enum,
 * `in` a collection of an enum, items of a list literal compared with one — and must be a
 * member (P2025, suggesting the nearest member); the literal's recorded type is then the enum.
 *
 * Lets are typed on first use, or in declaration order when nothing used them, with a stack
 * that detects cycles (P2015, naming the cycle `a → b → a`); a let in a cycle reads as the
 * error type at the reference that closes the cycle, so it is reported once. The order in
 * which lets finish is a dependency order (every let after the lets it uses), which is the
 * order `CheckedPact.lets` lists them in.
 */
import type { Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import { checkCall } from './builtins.js';
import type { Reporter } from './errors.js';
import { conjoin, flip, negate, noneOf, numberAtom, numberIn, oneOf, rangeAtom, satisfiable, NO_FACTS, type Atom, type CompareOp, type Facts } from './facts.js';
import { checkGuarded, checkHas, NO_GUARDS, unionGuards, type Guards } from './guards.js';
import { guardKey, type Env, type LetView, type Resolved, type Scope } from './resolve.js';
import { arithmeticResult, comparable, describeType, fits, isCollection, isError, isNumeric, isScalar, showType, T, type Ref, type Type } from './types.js';

/** What is known when a condition holds. */
export interface Flow {
  readonly guards: Guards;
  readonly facts: Facts;
}

/** Nothing is known. */
export const NO_FLOW: Flow = { guards: NO_GUARDS, facts: NO_FACTS };

/** The context an expression is checked in. */
export interface Ctx {
  readonly scope: Scope | undefined;
  readonly guards: Guards;
}

/** The empty context of a let body, a rule's first clause, a `given`. */
export const TOP: Ctx = { scope: undefined, guards: NO_GUARDS };

interface Typed {
  readonly type: Type;
  readonly flow: Flow;
}

/** The state of a let while the checker runs. */
type LetState = { readonly status: 'active' } | ({ readonly status: 'done' } & LetView);

/** Types expressions of one program and keeps the side tables. */
export class ExprChecker {
  /** The type of every expression checked. */
  readonly types = new Map<ast.NodeId, Type>();
  /** What every Path and Call refers to. */
  readonly refs = new Map<ast.NodeId, Ref>();
  /** For Path nodes that read through optional fields: the optional prefixes (Ref coordinates). */
  readonly optionalPaths = new Map<ast.NodeId, readonly (readonly string[])[]>();
  /** Lets in the order they finished checking: a dependency order. */
  readonly letOrder: string[] = [];
  /** How many times each let is referenced. */
  readonly letUses = new Map<string, number>();

  private readonly resolved = new Map<ast.NodeId, Resolved>();
  /**
   * Guard keys already reported unguarded in the current top-level condition (a let body, a
   * rule, a `given`): one P2030 per location is enough.
   */
  private unguarded = new Set<string>();
  private readonly letState = new Map<string, LetState>();
  private readonly letStack: { readonly name: string; readonly at: Span | undefined }[] = [];

  constructor(
    private readonly env: Env,
    private readonly report: Reporter,
    /** The source text of a span, for messages. */
    private readonly textOf: (span: Span) => string,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Entry points

  /** Checks a top-level condition (a `given`), with no guards in force. */
  topCondition(e: ast.Expr): void {
    this.unguarded = new Set();
    this.condition(e, TOP);
  }

  /** Checks a condition: it must be a bool (P2021). Returns what holds when it does. */
  condition(e: ast.Expr, ctx: Ctx): Flow {
    const r = this.expr(e, ctx);
    if (r.type.kind !== 'bool' && !isError(r.type)) this.report.notBool(e.span, this.text(e.span), r.type);
    return r.flow;
  }

  /**
   * Checks the clauses of a rule: `when` clauses as one conjunction, each `unless` with the
   * guards of the `when` clauses before it.
   */
  clauses(clauses: readonly ast.Clause[]): void {
    this.unguarded = new Set();
    let guards = NO_GUARDS;
    let facts = NO_FACTS;
    for (const c of clauses) {
      const f = this.condition(c.condition, { scope: undefined, guards });
      if (c.kind === 'When') {
        guards = unionGuards(guards, f.guards);
        facts = conjoin(facts, f.facts, this.report);
      }
    }
  }

  /** Types every let not yet typed, in declaration order. */
  allLets(): void {
    for (const name of this.env.lets.keys()) this.letView(name, undefined);
  }

  /** The type (and alias) of a let, checking its body on first use. */
  letView(name: string, at: Span | undefined): LetView {
    const st = this.letState.get(name);
    if (st?.status === 'done') return st;
    if (st?.status === 'active') {
      this.cycle(name, at);
      return { type: T.error };
    }
    const decl = this.env.lets.get(name)?.decl;
    if (!decl) return { type: T.error };
    this.letState.set(name, { status: 'active' });
    this.letStack.push({ name, at });
    const outer = this.unguarded;
    this.unguarded = new Set();
    const r = this.expr(decl.value, TOP);
    this.unguarded = outer;
    this.letStack.pop();
    const target = decl.value.kind === 'Path' ? this.resolved.get(decl.value.id) : undefined;
    const alias = target && (target.keyBase === 'input' || target.keyBase === 'data') ? { keyBase: target.keyBase, keyFields: target.keyFields } : undefined;
    const view: LetView = alias ? { type: r.type, alias } : { type: r.type };
    this.letState.set(name, { status: 'done', ...view });
    this.letOrder.push(name);
    return view;
  }

  private cycle(name: string, at: Span | undefined): void {
    const from = this.letStack.findIndex((s) => s.name === name);
    const members = this.letStack.slice(from);
    const names = [...members.map((m) => m.name), name];
    const edges = [...members.slice(1).map((m) => m.at), at];
    const decl = this.env.lets.get(name)?.decl;
    if (!decl) return;
    this.report.error('P2015', decl.name.span, `let cycle: \`${names.join(' → ')}\``, {
      label: names.length === 2 ? 'this let uses itself' : 'this let depends on itself',
      related: edges.flatMap((span, i) => (span ? [{ span, message: `\`${names[i]}\` uses \`${names[i + 1]}\` here` }] : [])),
      help: 'a let may use only lets that do not use it back',
    });
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /**
   * Types `e` in `ctx`. `expected` is a hint from the context that only string literals (which
   * become enum members) and list literals (their element type) look at.
   */
  expr(e: ast.Expr, ctx: Ctx, expected?: Type): Typed {
    const r = this.visit(e, ctx, expected);
    this.types.set(e.id, r.type);
    return r;
  }

  private visit(e: ast.Expr, ctx: Ctx, expected: Type | undefined): Typed {
    switch (e.kind) {
      case 'Number':
        return plain(/^-?\d+$/.test(e.text) ? T.int : T.number);
      case 'Duration':
        return plain(T.duration);
      case 'Bool':
        return plain(T.bool);
      case 'String':
        if (expected?.kind === 'enum') {
          if (!expected.members.includes(e.value)) this.report.notMember(e.span, e.value, expected.name, expected.members);
          return plain(expected);
        }
        return plain(T.string);
      case 'List':
        return plain(this.list(e, ctx, expected && isCollection(expected) ? expected.element : undefined));
      case 'Path':
        return this.path(e, ctx);
      case 'Has': {
        const r = this.resolve(e.path, ctx);
        return { type: T.bool, flow: { guards: checkHas(e, r, this.report), facts: NO_FACTS } };
      }
      case 'Unary':
        return this.unary(e, ctx);
      case 'Binary':
        return this.binary(e, ctx);
      case 'Call': {
        const args = e.args.map((a) => this.expr(a, ctx).type);
        this.refs.set(e.id, { kind: 'builtin', name: e.callee.text });
        return plain(checkCall(e, args, this.report));
      }
      case 'Quantifier':
        return plain(this.quantifier(e, ctx));
    }
  }

  /** Resolves a path, recording its ref, type and optional prefixes. */
  private resolve(p: ast.Path, ctx: Ctx): Resolved {
    const r = this.env.resolve(p, ctx.scope, (name, at) => {
      this.letUses.set(name, (this.letUses.get(name) ?? 0) + 1);
      return this.letView(name, at);
    });
    this.resolved.set(p.id, r);
    this.refs.set(p.id, r.ref);
    this.types.set(p.id, r.type);
    if (r.optional.length > 0) this.optionalPaths.set(p.id, r.optional.map((o) => o.ref));
    return r;
  }

  private path(p: ast.Path, ctx: Ctx): Typed {
    const r = this.resolve(p, ctx);
    checkGuarded(r, p.span, ctx.guards, this.unguarded, this.report);
    // A bool location used as a condition is the atom `location == true`.
    if (r.type.kind === 'bool') return { type: r.type, flow: this.atom(r, oneOf(['true']), p.span) };
    return plain(r.type);
  }

  /**
   * A list literal: its type comes from its items, which must share one type (numbers join to
   * `number`). `element` only lets string literals become enum members; an empty list takes it
   * as its element type.
   */
  private list(e: ast.ListExpr, ctx: Ctx, element: Type | undefined): Type {
    let first: { type: Type; span: Span } | undefined;
    let joined: Type | undefined;
    for (const item of e.items) {
      const t = this.expr(item, ctx, element).type;
      if (isError(t)) continue;
      if (!first || !joined) {
        first = { type: t, span: item.span };
        joined = t;
      } else if (!fits(t, first.type) || !fits(first.type, t)) {
        this.report.mismatch(item.span, 'list elements', t, 'of one type', {
          related: [{ span: first.span, message: `the first element is ${describeType(first.type)}` }],
        });
      } else if (isNumeric(t) && t.kind !== joined.kind) {
        joined = T.number;
      }
    }
    return { kind: 'list', element: joined ?? element ?? T.error };
  }

  private unary(e: ast.Unary, ctx: Ctx): Typed {
    if (e.op === 'not') {
      const inner = this.condition(e.operand, ctx);
      // `not flag` is the atom `flag == false`, `not (x > 5)` the atom `x <= 5`; nothing else
      // flows out of `not`.
      const r = e.operand.kind === 'Path' ? this.resolved.get(e.operand.id) : undefined;
      if (r?.type.kind === 'bool') return { type: T.bool, flow: this.atom(r, oneOf(['false']), e.span) };
      // Only a single comparison has an opposite atom: `not (x > 5 and has y)` is not `x <= 5`.
      if (e.operand.kind !== 'Binary' || !COMPARISONS.has(e.operand.op) || inner.facts.reported.size > 0) return plain(T.bool);
      const only = inner.facts.atoms.find((a) => !a.declared);
      const opposite = only && negate(only.constraint);
      if (!only || !opposite) return plain(T.bool);
      const negated: Atom = { ...only, constraint: opposite, span: e.span, text: `not (${this.text(e.operand.span)})` };
      return { type: T.bool, flow: this.judge(negated, inner.facts.atoms.find((a) => a.declared)) };
    }
    const t = this.expr(e.operand, ctx).type;
    if (isError(t)) return plain(T.error);
    if (!isNumeric(t)) {
      this.report.notNumber(e.operand.span, '-', t);
      return plain(T.error);
    }
    return plain(t);
  }

  private binary(e: ast.Binary, ctx: Ctx): Typed {
    switch (e.op) {
      case 'and': {
        const left = this.condition(e.left, ctx);
        const right = this.condition(e.right, { scope: ctx.scope, guards: unionGuards(ctx.guards, left.guards) });
        return { type: T.bool, flow: { guards: unionGuards(left.guards, right.guards), facts: conjoin(left.facts, right.facts, this.report) } };
      }
      case 'or':
        this.condition(e.left, ctx);
        this.condition(e.right, ctx);
        return plain(T.bool);
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compare(e, e.op, ctx);
      case 'in':
        return this.membership(e, ctx);
      case 'matches': {
        const l = this.expr(e.left, ctx).type;
        const r = this.expr(e.right, ctx).type;
        for (const [side, t, what] of [
          [e.left, l, 'the subject of `matches`'],
          [e.right, r, 'the pattern of `matches`'],
        ] as const) {
          if (!isError(t) && t.kind !== 'string') {
            this.report.mismatch(side.span, what, t, 'a `string`', t.kind === 'enum' ? { help: 'compare enum values with `==` or `in`' } : {});
          }
        }
        return plain(T.bool);
      }
      case '+':
      case '-':
      case '*':
      case '/': {
        const l = this.expr(e.left, ctx).type;
        const r = this.expr(e.right, ctx).type;
        let ok = true;
        for (const [side, t] of [
          [e.left, l],
          [e.right, r],
        ] as const) {
          if (!isError(t) && !isNumeric(t)) {
            this.report.notNumber(side.span, e.op, t);
            ok = false;
          }
        }
        return plain(ok ? arithmeticResult(e.op, l, r) : T.error);
      }
    }
  }

  /** `==`, `!=`, `<`, `<=`, `>`, `>=`. The non-literal side is typed first so a literal can meet an enum. */
  private compare(e: ast.Binary, op: CompareOp, ctx: Ctx): Typed {
    const literalFirst = e.left.kind === 'String' && e.right.kind !== 'String';
    let l: Type;
    let r: Type;
    if (literalFirst) {
      r = this.expr(e.right, ctx).type;
      l = this.expr(e.left, ctx, r).type;
    } else {
      l = this.expr(e.left, ctx).type;
      r = this.expr(e.right, ctx, l).type;
    }
    const ordering = op !== '==' && op !== '!=';
    if (ordering ? !isError(l) && !isError(r) && !(isNumeric(l) && isNumeric(r)) : !comparable(l, r)) {
      const help = ordering
        ? '`<`, `<=`, `>` and `>=` compare numbers; compare strings and enums with `==`, `!=` or `in`'
        : !isScalar(l) || !isScalar(r)
          ? '`==` and `!=` compare bools, numbers, strings and enum values'
          : l.kind === 'enum' || r.kind === 'enum'
            ? 'an enum value may be compared with another value of the same enum or with a string literal member'
            : undefined;
      this.report.notComparable(e.opSpan, op, l, r, help);
      return plain(T.bool);
    }
    return { type: T.bool, flow: this.comparisonFacts(e, op) };
  }

  /** The atom of `path OP literal` (or `literal OP path`), if the comparison is one. */
  private comparisonFacts(e: ast.Binary, op: CompareOp): Flow {
    const [path, lit, o] =
      e.left.kind === 'Path' ? [this.resolved.get(e.left.id), e.right, op] : e.right.kind === 'Path' ? [this.resolved.get(e.right.id), e.left, flip(op)] : [undefined, e.left, op];
    if (!path || isError(path.type)) return NO_FLOW;
    const n = numericLiteral(lit);
    if (n !== undefined && isNumeric(path.type)) return this.atom(path, numberAtom(o, n), e.span);
    const v = valueLiteral(lit);
    if (v !== undefined && (o === '==' || o === '!=')) return this.atom(path, o === '==' ? oneOf([v]) : noneOf(v), e.span);
    return NO_FLOW;
  }

  private atom(r: Resolved, constraint: Atom['constraint'], span: Span): Flow {
    const name = r.keyFields.join('.') || r.keyBase;
    const atom: Atom = { key: guardKey(r.keyBase, r.keyFields), integral: r.type.kind === 'int', constraint, span, text: this.text(span), name };
    // Input outside a field's `@range` is refused before any rule runs, so the range is one
    // more atom of every conjunction that reads the field.
    const range: Atom | undefined =
      r.range && constraint.kind === 'number'
        ? { ...atom, constraint: rangeAtom(...r.range.bounds), text: `@range(${r.range.text.join(', ')})`, declared: true }
        : undefined;
    return this.judge(atom, range);
  }

  /**
   * The facts of one atom (with its location's range atom, if any); warns (P2060) when the atom
   * cannot hold by itself — a fraction asked of an `int` — or within the declared range.
   */
  private judge(atom: Atom, range: Atom | undefined): Flow {
    const facts = (reported: boolean): Flow => ({
      guards: NO_GUARDS,
      facts: { atoms: range ? [range, atom] : [atom], reported: new Set(reported ? [atom.key] : []) },
    });
    if (!satisfiable([atom])) {
      this.report.warning('P2060', atom.span, `condition can never hold: \`${atom.name}\` is an \`int\``, {
        label: 'no whole number satisfies this',
      });
      return facts(true);
    }
    if (!range || satisfiable([range, atom])) return facts(false);
    this.report.warning('P2060', atom.span, `condition can never hold: \`${atom.name}\` is declared \`${range.text}\``, {
      label: 'outside the declared range',
      help: `input with \`${atom.name}\` outside its range is refused (\`invalid_input\`) before any rule is evaluated`,
    });
    return facts(true);
  }

  /** `x in C`. */
  private membership(e: ast.Binary, ctx: Ctx): Typed {
    let l: Type;
    let c: Type;
    if (e.left.kind === 'String' && e.right.kind !== 'List') {
      c = this.expr(e.right, ctx).type;
      l = this.expr(e.left, ctx, isCollection(c) ? c.element : undefined).type;
    } else {
      l = this.expr(e.left, ctx).type;
      c = this.expr(e.right, ctx, isError(l) ? undefined : { kind: 'list', element: l }).type;
    }
    if (!isError(l) && !isScalar(l)) {
      this.report.notComparable(e.opSpan, 'in', l, c, '`in` looks for a bool, number, string or enum value in a set or list');
      return plain(T.bool);
    }
    if (isError(c)) return plain(T.bool);
    if (!isCollection(c)) {
      this.report.notCollection(e.right.span, 'the right side of `in`', c, c.kind === 'string' ? 'to look for text in a string, use `contains(s, p)`' : undefined);
      return plain(T.bool);
    }
    if (e.right.kind === 'List' && e.right.items.length === 0) {
      this.report.warning('P2060', e.span, `condition can never hold: \`${this.text(e.span)}\` looks in an empty list`, { label: 'always false' });
      return plain(T.bool);
    }
    if (!comparable(l, c.element)) {
      this.report.mismatch(e.right.span, `the right side of \`${showType(l)} in …\``, c, `a set or list of \`${showType(l)}\``);
      return plain(T.bool);
    }
    if (e.left.kind === 'Path' && e.right.kind === 'List') {
      const path = this.resolved.get(e.left.id);
      const values = e.right.items.map(valueLiteral);
      if (path && !isError(path.type) && values.every((v) => v !== undefined)) return { type: T.bool, flow: this.atom(path, oneOf(values as string[]), e.span) };
      const numbers = e.right.items.map(numericLiteral);
      if (path && isNumeric(path.type) && numbers.every((n) => n !== undefined)) return { type: T.bool, flow: this.atom(path, numberIn(numbers as number[]), e.span) };
    }
    return plain(T.bool);
  }

  private quantifier(e: ast.Quantifier, ctx: Ctx): Type {
    const c = this.expr(e.collection, ctx).type;
    let element: Type = T.error;
    if (e.collection.kind === 'List' && e.collection.items.length === 0) {
      this.report.error('P2023', e.collection.span, `\`${e.quantifier}\` over an empty list`, {
        label: 'this list has no items, so no type for the variable',
        help: `\`${e.quantifier}\` over an empty list is always ${e.quantifier === 'all'}; write that instead`,
      });
    } else if (isCollection(c)) {
      element = c.element;
    } else if (!isError(c)) {
      this.report.notCollection(e.collection.span, `the collection of \`${e.quantifier}\``, c);
    }
    const scope: Scope = { name: e.variable.text, binder: e.id, type: element, parent: ctx.scope };
    this.condition(e.body, { scope, guards: ctx.guards });
    return T.bool;
  }

  private text(span: Span): string {
    return this.textOf(span).replace(/\s+/g, ' ').trim();
  }
}

/** The operators whose negation is one atom again. */
const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', 'in']);

function plain(type: Type): Typed {
  return { type, flow: NO_FLOW };
}

/** The value of a number or duration literal, possibly negated. */
function numericLiteral(e: ast.Expr): number | undefined {
  if (e.kind === 'Number') return e.value;
  if (e.kind === 'Duration') return e.seconds;
  if (e.kind === 'Unary' && e.op === '-') {
    const n = numericLiteral(e.operand);
    return n === undefined ? undefined : -n;
  }
  return undefined;
}

/** A string or bool literal as a value key (`"read"`, `true`), for value atoms. */
function valueLiteral(e: ast.Expr): string | undefined {
  if (e.kind === 'String') return JSON.stringify(e.value);
  if (e.kind === 'Bool') return String(e.value);
  return undefined;
}
