/**
 * Literal mining: which values of which input fields make a pact's conditions interesting.
 *
 * Random inputs almost never hit `action.kind == "pay"` or land next to `amount > 1000`, so a
 * property checked on them mostly exercises `default_deny`. Before generating anything,
 * `pactc test` walks the pact's conditions — every rule clause, every `let` (the pact's and its
 * libraries'), every property's `given` — with the syntax walk and records, per input path, the
 * constants the path is compared with. The generators of `arbitraries.ts` then draw those
 * values and their neighbours with high probability (QuickCheck's "interesting constants",
 * AFL's dictionary tokens), so both sides of every threshold are reached.
 *
 * Paths. An input path is written from the input root with dots, and `[]` for "any element of
 * this collection": `action.amount`, `action.tags[]`, `action.items[].price`. A `Path` node is
 * mapped to one with the checker's `refs` side table: input references directly (`input.x` and
 * `x` alike), a `let` whose value is itself a path through that path (`let a = action` …
 * `a.amount`), and a quantifier variable through its collection (`all t in action.tags: …`).
 *
 * Constants. The other side of a comparison is constant when it is a literal, a `data` path
 * (its default value: `amount <= data.refund_limit` seeds 500), a list literal of constants,
 * arithmetic over constants, or a quantifier variable over a `data` collection (every element).
 * Simple arithmetic on the path side is solved (`amount * 2 > 1000` seeds `amount` with 500).
 *
 * What becomes a {@link Seed}:
 * | condition                                   | seed on the path                             |
 * |---------------------------------------------|----------------------------------------------|
 * | `p == c`, `p != c`, `p < c` … (and swapped) | `number` c, or `string` c (`exact`)          |
 * | `p in [a, b]`, `p in data.set`              | each element, as above                       |
 * | `c in p` (p an input collection)            | c on `p[]`                                   |
 * | `starts_with(p, c)` / `ends_with` / `contains` | `string` c as `prefix` / `suffix` / `infix` |
 * | `p matches "g*"`                            | `string` "g*" as `glob`                      |
 * | `lower(p) == c`                             | `string` c as `caseless`                     |
 * | `len(p) OP n`                               | `length` n                                   |
 * The roles of escalate rules seed `approval.role`, and the leaves of every `test` block's
 * input seed their paths (realistic values the author already wrote down).
 *
 * Seeds are raw: whether 1000 becomes 999/1000/1001 or 999.99/1000/1000.01 depends on the
 * field's type and `@range`, which the generator knows (`arbitraries.ts`, `expandSeeds`).
 */
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, Json } from '../check/types.js';
import { walk } from '../syntax/index.js';

/** How a string constant was used, which decides the variants generated from it. */
export type StringUse = 'exact' | 'prefix' | 'suffix' | 'infix' | 'glob' | 'caseless';

/** A value a condition compares an input path with. */
export type Seed =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string; readonly use: StringUse }
  | { readonly kind: 'length'; readonly value: number };

/** Seeds by input path (`action.amount`, `action.tags[]`). */
export type Seeds = ReadonlyMap<string, readonly Seed[]>;

/** Every expression whose literals matter: rule clauses, lets and property `given`s. */
export function pactRoots(pact: CheckedPact): ast.Expr[] {
  return [
    ...pact.rules.flatMap((r) => r.clauses.map((c) => c.condition)),
    ...[...pact.lets.values()].map((l) => l.decl.value),
    ...pact.properties.flatMap((p) => (p.given ? [p.given] : [])),
  ];
}

/** `expr` and the values of every `let` it reads, transitively: the literals a `given` is about. */
export function focusRoots(pact: CheckedPact, expr: ast.Expr): ast.Expr[] {
  const out: ast.Expr[] = [expr];
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++) {
    walk(out[i]!, (n) => {
      if (n.kind !== 'Path') return;
      const ref = pact.refs.get(n.id);
      if (ref?.kind !== 'let' || seen.has(ref.name)) return;
      seen.add(ref.name);
      const sym = pact.lets.get(ref.name);
      if (sym) out.push(sym.decl.value);
    });
  }
  return out;
}

/**
 * Mines the seeds of `roots` (by default the whole pact, plus escalate roles on `approval.role`
 * and the leaves of test inputs). Seeds are de-duplicated, in first-occurrence order.
 */
export function mineSeeds(pact: CheckedPact, roots: readonly ast.Expr[] = pactRoots(pact), extras = true): Map<string, Seed[]> {
  const miner = new Miner(pact);
  for (const r of roots) miner.mine(r);
  if (extras) {
    for (const rule of pact.rules) for (const role of rule.roles) miner.add('approval.role', { kind: 'string', value: role.value, use: 'exact' });
    for (const t of pact.tests) if (t.input) miner.literal(t.input, '');
  }
  return miner.seeds;
}

/** Appends a field or the element marker to a path key. */
export function extendPath(path: string, segment: string): string {
  if (segment === '[]') return `${path}[]`;
  return path === '' ? segment : `${path}.${segment}`;
}

// ---------------------------------------------------------------------------------------------

const COMPARISONS = new Set<ast.BinaryOp>(['==', '!=', '<', '<=', '>', '>=']);
const STRING_CALLS: Readonly<Record<string, StringUse>> = { starts_with: 'prefix', ends_with: 'suffix', contains: 'infix' };

class Miner {
  readonly seeds = new Map<string, Seed[]>();
  /** Quantifier id → the input path of its collection's elements (`action.tags[]`). */
  private readonly binderPaths = new Map<ast.NodeId, string>();
  /** Quantifier id → the elements of its collection when that is a constant (a data set). */
  private readonly binderValues = new Map<ast.NodeId, readonly Json[]>();

  constructor(private readonly pact: CheckedPact) {}

  mine(root: ast.Expr): void {
    walk(root, (n) => {
      switch (n.kind) {
        case 'Quantifier': {
          const p = this.inputPath(n.collection);
          if (p !== undefined) this.binderPaths.set(n.id, extendPath(p, '[]'));
          const c = this.constant(n.collection);
          if (Array.isArray(c)) this.binderValues.set(n.id, c);
          return;
        }
        case 'Binary':
          if (COMPARISONS.has(n.op)) {
            this.compare(n.left, n.right);
            this.compare(n.right, n.left);
          } else if (n.op === 'in') {
            this.member(n.left, n.right);
          } else if (n.op === 'matches') {
            const p = this.inputPath(n.left);
            for (const g of this.constants(n.right)) if (p !== undefined && typeof g === 'string') this.add(p, { kind: 'string', value: g, use: 'glob' });
          }
          return;
        case 'Call': {
          const use = STRING_CALLS[this.callee(n)];
          const [subject, part] = n.args;
          if (use && subject && part) {
            const p = this.inputPath(subject);
            for (const c of this.constants(part)) if (p !== undefined && typeof c === 'string') this.add(p, { kind: 'string', value: c, use });
          }
          return;
        }
        default:
          return;
      }
    });
  }

  /** Records a test input literal's leaves as exact seeds. */
  literal(l: ast.Literal, path: string): void {
    switch (l.kind) {
      case 'Object':
        for (const e of l.entries) this.literal(e.value, extendPath(path, e.key));
        return;
      case 'Array':
        for (const i of l.items) this.literal(i, extendPath(path, '[]'));
        return;
      case 'Number':
        this.add(path, { kind: 'number', value: l.value });
        return;
      case 'Duration':
        this.add(path, { kind: 'number', value: l.seconds });
        return;
      case 'String':
        this.add(path, { kind: 'string', value: l.value, use: 'exact' });
        return;
      default:
        return;
    }
  }

  add(path: string, seed: Seed): void {
    if (seed.kind !== 'string' && !Number.isFinite(seed.value)) return;
    const list = this.seeds.get(path) ?? [];
    const same = (s: Seed): boolean => s.kind === seed.kind && s.value === seed.value && (s.kind !== 'string' || s.use === (seed as typeof s).use);
    if (!list.some(same)) list.push(seed);
    this.seeds.set(path, list);
  }

  /** `target OP other`, for one orientation of a comparison. */
  private compare(target: ast.Expr, other: ast.Expr): void {
    for (const c of this.constants(other)) this.seedValue(target, c);
  }

  /** `x in c`: a constant collection seeds `x`; a constant `x` seeds an input collection's elements. */
  private member(x: ast.Expr, c: ast.Expr): void {
    const items = c.kind === 'List' ? c.items.flatMap((i) => this.constants(i)) : this.constants(c).flatMap((v) => (Array.isArray(v) ? v : []));
    for (const v of items) this.seedValue(x, v);
    const p = this.inputPath(c);
    if (p !== undefined) for (const v of this.constants(x)) this.seedValue(undefined, v, extendPath(p, '[]'));
  }

  /** Seeds whatever input paths `target` is built from with the constant `value`. */
  private seedValue(target: ast.Expr | undefined, value: Json, direct?: string): void {
    if (direct !== undefined) {
      if (typeof value === 'number') this.add(direct, { kind: 'number', value });
      else if (typeof value === 'string') this.add(direct, { kind: 'string', value, use: 'exact' });
      return;
    }
    if (!target) return;
    if (typeof value === 'string') {
      if (target.kind === 'Call' && this.callee(target) === 'lower' && target.args[0]) {
        const p = this.inputPath(target.args[0]);
        if (p !== undefined) this.add(p, { kind: 'string', value, use: 'caseless' });
        return;
      }
      const p = this.inputPath(target);
      if (p !== undefined) this.add(p, { kind: 'string', value, use: 'exact' });
      return;
    }
    if (typeof value === 'number') for (const [p, seed] of this.solve(target, value)) this.add(p, seed);
  }

  /**
   * Which input paths make `e` equal `k`: the path itself, or solved through `+ - * /` with a
   * constant operand, and `len(p)` as a length. Arithmetic of two paths seeds both with `k`.
   */
  private solve(e: ast.Expr, k: number): [string, Seed][] {
    switch (e.kind) {
      case 'Path': {
        const p = this.inputPath(e);
        return p === undefined ? [] : [[p, { kind: 'number', value: k }]];
      }
      case 'Unary':
        return e.op === '-' ? this.solve(e.operand, -k) : [];
      case 'Call': {
        const arg = e.args[0];
        const p = this.callee(e) === 'len' && arg ? this.inputPath(arg) : undefined;
        return p === undefined ? [] : [[p, { kind: 'length', value: k }]];
      }
      case 'Binary': {
        const l = this.number(e.left);
        const r = this.number(e.right);
        switch (e.op) {
          case '+':
            if (r !== undefined) return this.solve(e.left, k - r);
            if (l !== undefined) return this.solve(e.right, k - l);
            break;
          case '-':
            if (r !== undefined) return this.solve(e.left, k + r);
            if (l !== undefined) return this.solve(e.right, l - k);
            break;
          case '*':
            if (r !== undefined && r !== 0) return this.solve(e.left, k / r);
            if (l !== undefined && l !== 0) return this.solve(e.right, k / l);
            break;
          case '/':
            if (r !== undefined) return this.solve(e.left, k * r);
            if (l !== undefined && k !== 0) return this.solve(e.right, l / k);
            break;
          default:
            return [];
        }
        return [...this.solve(e.left, k), ...this.solve(e.right, k)];
      }
      default:
        return [];
    }
  }

  /** The input path `e` reads, if it is a path into the input (see the header). */
  inputPath(e: ast.Expr): string | undefined {
    if (e.kind !== 'Path') return undefined;
    return this.pathOf(e, new Set());
  }

  private pathOf(p: ast.Path, seen: Set<string>): string | undefined {
    const ref = this.pact.refs.get(p.id);
    if (!ref) return undefined;
    switch (ref.kind) {
      case 'input':
        return ref.path.reduce(extendPath, '');
      case 'var': {
        const base = this.binderPaths.get(ref.binder);
        return base === undefined ? undefined : ref.fields.reduce(extendPath, base);
      }
      case 'let': {
        const body = this.pact.lets.get(ref.name)?.decl.value;
        if (body?.kind !== 'Path' || seen.has(ref.name)) return undefined;
        seen.add(ref.name);
        const base = this.pathOf(body, seen);
        return base === undefined ? undefined : ref.fields.reduce(extendPath, base);
      }
      default:
        return undefined;
    }
  }

  /** Every constant value `e` may stand for (several for a variable over a data set). */
  private constants(e: ast.Expr): Json[] {
    if (e.kind === 'Path') {
      const ref = this.pact.refs.get(e.id);
      if (ref?.kind === 'var') {
        const items = this.binderValues.get(ref.binder) ?? [];
        return items.map((i) => dig(i, ref.fields)).filter((v): v is Json => v !== undefined);
      }
    }
    const c = this.constant(e);
    return c === undefined ? [] : [c];
  }

  private number(e: ast.Expr): number | undefined {
    const c = this.constant(e);
    return typeof c === 'number' ? c : undefined;
  }

  /** The value of a constant expression, or undefined when it reads the input. */
  private constant(e: ast.Expr): Json | undefined {
    switch (e.kind) {
      case 'Number':
        return e.value;
      case 'Duration':
        return e.seconds;
      case 'String':
      case 'Bool':
        return e.value;
      case 'List': {
        const items = e.items.map((i) => this.constant(i));
        return items.every((i) => i !== undefined) ? (items as Json[]) : undefined;
      }
      case 'Unary': {
        const v = e.op === '-' ? this.constant(e.operand) : undefined;
        return typeof v === 'number' ? -v : undefined;
      }
      case 'Binary': {
        const l = this.constant(e.left);
        const r = this.constant(e.right);
        if (typeof l !== 'number' || typeof r !== 'number') return undefined;
        if (e.op === '+') return l + r;
        if (e.op === '-') return l - r;
        if (e.op === '*') return l * r;
        if (e.op === '/') return r === 0 ? undefined : l / r;
        return undefined;
      }
      case 'Path': {
        const ref = this.pact.refs.get(e.id);
        if (ref?.kind === 'data') return dig(this.pact.dataDefaults, ref.path);
        if (ref?.kind === 'let' && ref.fields.length === 0) {
          const body = this.pact.lets.get(ref.name)?.decl.value;
          return body && body.kind !== 'Path' ? this.constant(body) : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private callee(c: ast.Call): string {
    const ref = this.pact.refs.get(c.id);
    return ref?.kind === 'builtin' ? ref.name : c.callee.text;
  }
}

function dig(v: Json | undefined, fields: readonly string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const f of fields) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as { readonly [k: string]: Json })[f];
  }
  return cur;
}
