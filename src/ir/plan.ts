/**
 * Planning: checked AST → decision IR.
 *
 * One traversal of each rule, let and schema. Names are already resolved (the checker's `refs`
 * side table says whether a path reads input, data, a let or a quantifier variable) and every
 * expression has a type (`types`), so planning is a direct translation:
 *
 * - types become representations (`bool`, `num` for int/number/duration, `str` for strings and
 *   enum members, `val` for collections and records); durations become seconds;
 * - `x in [a, b]` becomes `one_of` (no list is built at run time), `x in coll` becomes `member`;
 * - `len` is resolved to its string or collection overload;
 * - every quantifier gets its own variable slot;
 * - each clause records the input and data paths it reads, for `explain`;
 * - the input and data schemas become `Check` trees for the fail-closed validation.
 *
 * Planning cannot fail on a checked pact; an impossible case is an internal error (a bug), not a
 * user diagnostic.
 */
import type * as ast from '../syntax/ast.js';
import { printExpr } from '../syntax/index.js';
import type { CheckedPact, FieldType, RecordType, Type } from '../check/types.js';
import type * as ir from './ir.js';

/** Plans the decision procedure of a checked pact. */
export function plan(pact: CheckedPact): ir.Policy {
  const p = new Planner(pact);
  const lets = [...pact.lets.values()].map((l) => ({ name: l.name, repr: repr(l.type), body: p.expr(l.decl.value) }));
  const rules = pact.rules.map((r) => p.rule(r));
  return {
    pact: { name: pact.name, version: pact.version },
    input: recordCheck(pact.input),
    data: recordCheck(pact.data),
    lets,
    rules,
    slots: p.slots,
  };
}

/** The representation of a checked type. */
export function repr(t: Type): ir.Repr {
  switch (t.kind) {
    case 'bool':
      return 'bool';
    case 'int':
    case 'number':
    case 'duration':
      return 'num';
    case 'string':
    case 'enum':
      return 'str';
    default:
      return 'val';
  }
}

/** The schema check for a type. */
export function check(t: Type, field?: FieldType): ir.Check {
  const range = field?.range;
  switch (t.kind) {
    case 'bool':
      return { kind: 'bool' };
    case 'string':
      return { kind: 'string' };
    case 'int':
    case 'number':
    case 'duration':
      if (!range) return { kind: t.kind };
      // Bounds are printed as written in the source (`@range(0, 2.50)`), like the reference does.
      const [loText, hiText] = field?.rangeText ?? [String(range[0]), String(range[1])];
      return { kind: t.kind, range: { lo: range[0], hi: range[1], loText, hiText } };
    case 'enum':
      return { kind: 'enum', members: t.members };
    case 'set':
    case 'list':
      return { kind: t.kind, element: check(t.element) };
    case 'record':
      return recordCheck(t);
    case 'error':
      throw new Error('internal: planning a type with errors');
  }
}

function recordCheck(t: RecordType): ir.RecordCheck {
  return { kind: 'record', fields: t.fields.map((f) => ({ name: f.name, optional: f.optional, check: check(f.type, f) })) };
}

class Planner {
  slots = 0;
  private readonly letIndex: ReadonlyMap<string, number>;
  private readonly slotOf = new Map<ast.NodeId, number>();
  /** Reads of the clause being planned (undefined while planning lets). */
  private reads: ir.Read[] | undefined;

  constructor(private readonly pact: CheckedPact) {
    this.letIndex = new Map([...pact.lets.keys()].map((name, i) => [name, i]));
  }

  rule(r: ast.Rule): ir.Rule {
    const clauses = r.clauses.map((c): ir.Clause => {
      this.reads = [];
      const cond = this.expr(c.condition);
      const reads = this.reads;
      this.reads = undefined;
      return { kind: c.kind === 'When' ? 'when' : 'unless', cond, text: printExpr(c.condition), reads };
    });
    return {
      id: r.name.text,
      effect: r.effect,
      roles: r.roles.map((s) => s.value),
      because: r.because?.value ?? '',
      clauses,
      grants: r.grants.map((g) => ({
        secret: g.secret.value,
        scope: g.scope.value,
        ttl_seconds: g.ttl.seconds,
        text: `grant ${JSON.stringify(g.secret.value)} scope ${JSON.stringify(g.scope.value)} ttl ${g.ttl.text}`,
      })),
    };
  }

  private type(e: ast.Expr): Type {
    const t = this.pact.types.get(e.id);
    if (!t) throw new Error(`internal: no type for ${e.kind} node ${e.id}`);
    return t;
  }

  expr(e: ast.Expr): ir.Expr {
    const span = e.span;
    switch (e.kind) {
      case 'Number':
        return { op: 'num', value: e.value, span };
      case 'Duration':
        return { op: 'num', value: e.seconds, span };
      case 'String':
        return { op: 'str', value: e.value, span };
      case 'Bool':
        return { op: 'bool', value: e.value, span };
      case 'List':
        return { op: 'list', items: e.items.map((i) => this.expr(i)), span };
      case 'Path':
        return this.path(e, repr(this.type(e)));
      case 'Has': {
        const { root, path } = this.target(e.path);
        this.read(root, path);
        return { op: 'has', root, path, span };
      }
      case 'Unary':
        return e.op === 'not' ? { op: 'not', arg: this.expr(e.operand), span } : { op: 'neg', arg: this.expr(e.operand), span };
      case 'Binary':
        return this.binary(e);
      case 'Call':
        return this.call(e);
      case 'Quantifier': {
        const slot = this.slots++;
        this.slotOf.set(e.id, slot);
        return { op: 'quant', q: e.quantifier, slot, coll: this.expr(e.collection), body: this.expr(e.body), span };
      }
    }
  }

  private binary(e: ast.Binary): ir.Expr {
    const span = e.span;
    switch (e.op) {
      case 'and':
      case 'or': {
        const args: ir.Expr[] = [];
        const flatten = (x: ast.Expr) => {
          if (x.kind === 'Binary' && x.op === e.op) {
            flatten(x.left);
            flatten(x.right);
          } else args.push(this.expr(x));
        };
        flatten(e);
        return { op: e.op, args, span };
      }
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return { op: 'cmp', cmp: e.op, repr: scalar(this.type(e.left)), left: this.expr(e.left), right: this.expr(e.right), span };
      case 'in': {
        const r = scalar(this.type(e.left));
        const elem = this.expr(e.left);
        if (e.right.kind === 'List') return { op: 'one_of', repr: r, elem, items: e.right.items.map((i) => this.expr(i)), span };
        return { op: 'member', repr: r, elem, coll: this.expr(e.right), span };
      }
      case 'matches':
        return { op: 'glob', subject: this.expr(e.left), pattern: this.expr(e.right), span };
      case '+':
      case '-':
      case '*':
      case '/':
        return { op: 'arith', arith: e.op, left: this.expr(e.left), right: this.expr(e.right), span };
    }
  }

  private call(e: ast.Call): ir.Expr {
    const args = e.args.map((a) => this.expr(a));
    const span = e.span;
    switch (e.callee.text) {
      case 'starts_with':
      case 'ends_with':
      case 'contains':
        return { op: 'call', fn: e.callee.text, args, repr: 'bool', span };
      case 'lower':
        return { op: 'call', fn: 'lower', args, repr: 'str', span };
      case 'len': {
        const a = e.args[0];
        const fn = a && repr(this.type(a)) === 'str' ? 'len_str' : 'len_coll';
        return { op: 'call', fn, args, repr: 'num', span };
      }
      default:
        throw new Error(`internal: no plan for function \`${e.callee.text}\``);
    }
  }

  /** Where a path points: a root and the field names below it. */
  private target(p: ast.Path): { root: ir.Root; path: readonly string[] } {
    const ref = this.pact.refs.get(p.id);
    if (!ref) throw new Error(`internal: unresolved path ${p.root.text}`);
    switch (ref.kind) {
      case 'input':
        return { root: { kind: 'input' }, path: ref.path };
      case 'data':
        return { root: { kind: 'data' }, path: ref.path };
      case 'var': {
        const slot = this.slotOf.get(ref.binder);
        if (slot === undefined) throw new Error(`internal: quantifier variable ${p.root.text} outside its quantifier`);
        return { root: { kind: 'var', slot }, path: ref.fields };
      }
      case 'let': {
        // An alias (`let a = action`, `let b = a`): read through the path it stands for.
        const body = this.pact.lets.get(ref.name)?.decl.value;
        if (body?.kind !== 'Path') throw new Error(`internal: field of the non-path let ${ref.name}`);
        const base = this.target(body);
        return { root: base.root, path: [...base.path, ...ref.fields] };
      }
      case 'builtin':
        throw new Error(`internal: path resolved to function ${ref.name}`);
    }
  }

  private path(p: ast.Path, r: ir.Repr): ir.Expr {
    const ref = this.pact.refs.get(p.id);
    if (ref?.kind === 'let') {
      const index = this.letIndex.get(ref.name);
      if (index === undefined) throw new Error(`internal: unknown let ${ref.name}`);
      if (ref.fields.length === 0) return { op: 'let', index, repr: r, span: p.span };
    }
    // Input, data, quantifier variables, and fields of aliases (`let a = action` … `a.amount`).
    const { root, path } = this.target(p);
    this.read(root, path);
    return { op: 'load', root, path, repr: r, span: p.span };
  }

  private read(root: ir.Root, path: readonly string[]): void {
    if (!this.reads || root.kind === 'var') return;
    const label = root.kind === 'input' ? path.join('.') : ['data', ...path].join('.');
    if (!this.reads.some((r) => r.label === label)) this.reads.push({ label, root, path });
  }
}

function scalar(t: Type): 'bool' | 'num' | 'str' {
  const r = repr(t);
  if (r === 'val') throw new Error(`internal: scalar operation on ${t.kind}`);
  return r;
}
