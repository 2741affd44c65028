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
 * | `p == c`, `p != c`, `p < c` … (and swapped) | `number` c with the relation, or `string` c  |
 * | `p in [a, b]`, `p in data.set`              | each element, as `p == a`                    |
 * | `c in p` (p an input collection)            | c on `p[]`                                   |
 * | `starts_with(p, c)` / `ends_with` / `contains` | `string` c as `prefix` / `suffix` / `infix` |
 * | `p matches "g*"`                            | `string` "g*" as `glob`                      |
 * | `lower(p) == c`                             | `string` c as `caseless`                     |
 * | `len(p) OP n`                               | `length` n with the relation                 |
 * | `p == q`, `p in q` (both input paths)       | a {@link Link} from p to q                   |
 * The roles of escalate rules seed `approval.role`. Separately, {@link exampleSeeds} collects
 * the leaves of every `test` block's input (realistic values the author already wrote down).
 *
 * Polarity. Each condition is mined with the truth value wanted of it — a `when` or a `given`
 * should hold, an `unless` should not — pushed through `not`, `and`, `or`, quantifier bodies and
 * references to boolean lets. A seed records what makes its condition come out as wanted:
 * the relation `p REL c` for numbers and lengths (`amount > 1000` under `not` records `<=`), and
 * for strings whether the path should satisfy the use (`holds`). A seed mined where the wanted
 * value is unknown (inside `==` of two conditions, say) has neither. `has p` records whether the
 * path should be present. Focused generation (a property's `given`, one rule's clauses) draws
 * the values that satisfy; plain generation draws both sides.
 *
 * Seeds are raw: whether 1000 becomes 999/1000/1001 or 999.99/1000/1000.01 depends on the
 * field's type and `@range`, which the generator knows (`arbitraries.ts`, `expandSeeds`).
 */
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, Json } from '../check/types.js';
import { forEachChild, walk } from '../syntax/index.js';

/** How a string constant was used, which decides the variants generated from it. */
export type StringUse = 'exact' | 'prefix' | 'suffix' | 'infix' | 'glob' | 'caseless';

/** A numeric relation `path REL value`. */
export type Relation = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A value a condition compares an input path with (see the header for `rel` and `holds`). */
export type Seed =
  | { readonly kind: 'number'; readonly value: number; readonly rel?: Relation }
  | { readonly kind: 'string'; readonly value: string; readonly use: StringUse; readonly holds?: boolean }
  | { readonly kind: 'length'; readonly value: number; readonly rel?: Relation };

/** Seeds by input path (`action.amount`, `action.tags[]`). */
export type Seeds = ReadonlyMap<string, readonly Seed[]>;

/** A condition and the truth value wanted of it. */
export interface Condition {
  readonly expr: ast.Expr;
  /** True: the condition should hold (`when`, `given`); false: it should not (`unless`). */
  readonly holds: boolean;
}

/**
 * Two input paths compared with each other (`action.target == session.ticket`, `action.tool in
 * session.tools`): independent values almost never meet, so the generator sometimes copies one
 * into the other (`member`: into the collection). `holds` as for string seeds.
 */
export interface Link {
  readonly from: string;
  readonly to: string;
  readonly kind: 'eq' | 'member';
  readonly holds?: boolean;
}

/** What mining found: seeds by path, optional paths that should be present (or absent), links. */
export interface Mined {
  readonly seeds: Map<string, Seed[]>;
  readonly presence: Map<string, boolean>;
  readonly links: Link[];
}

/** Every condition whose literals matter: rule clauses, lets and property `given`s. */
export function pactConditions(pact: CheckedPact): Condition[] {
  return [
    ...pact.rules.flatMap(ruleConditions),
    ...[...pact.lets.values()].map((l) => ({ expr: l.decl.value, holds: true })),
    ...pact.properties.flatMap((p) => (p.given ? [{ expr: p.given, holds: true }] : [])),
  ];
}

/** The conditions under which `rule` matches: its `when`s hold and its `unless`es do not. */
export function ruleConditions(rule: ast.Rule): Condition[] {
  return rule.clauses.map((c) => ({ expr: c.condition, holds: c.kind === 'When' }));
}

/**
 * Mines `conditions` (by default the whole pact) and, with `roles`, the roles of escalate rules
 * on `approval.role`. Seeds are de-duplicated, in first-occurrence order. `data` paths stand for
 * their values in `data` (default: the defaults).
 */
export function mineSeeds(pact: CheckedPact, conditions: readonly Condition[] = pactConditions(pact), roles = true, data: Json = pact.dataDefaults): Mined {
  const miner = new Miner(pact, data);
  for (const c of conditions) miner.mine(c.expr, c.holds);
  if (roles) for (const rule of pact.rules) for (const role of rule.roles) miner.add('approval.role', { kind: 'string', value: role.value, use: 'exact', holds: true });
  return { seeds: miner.seeds, presence: miner.presence, links: miner.links };
}

/**
 * The leaves of every `test` block's input, by path: values the author wrote down as
 * realistic. The generator draws on them less often than on condition seeds and after generic
 * values, so a shrunk counterexample does not keep them unless they matter.
 */
export function exampleSeeds(pact: CheckedPact): Map<string, Seed[]> {
  const miner = new Miner(pact);
  for (const t of pact.tests) if (t.input) miner.literal(t.input, '');
  return miner.seeds;
}

/** Appends a field or the element marker to a path key. */
export function extendPath(path: string, segment: string): string {
  if (segment === '[]') return `${path}[]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** `action.tags[]` → `action.tags` → `action` → `` (the root). */
export function parentPath(p: string): string {
  if (p.endsWith('[]')) return p.slice(0, -2);
  const dot = p.lastIndexOf('.');
  return dot < 0 ? '' : p.slice(0, dot);
}

// ---------------------------------------------------------------------------------------------

const COMPARISONS = new Set<ast.BinaryOp>(['==', '!=', '<', '<=', '>', '>=']);
const STRING_CALLS: Readonly<Record<string, StringUse>> = { starts_with: 'prefix', ends_with: 'suffix', contains: 'infix' };
const NEGATE: Readonly<Record<Relation, Relation>> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const MIRROR: Readonly<Record<Relation, Relation>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** The wanted truth value of a node: true, false, or undefined (unknown). */
type Polarity = boolean | undefined;

class Miner {
  readonly seeds = new Map<string, Seed[]>();
  readonly presence = new Map<string, boolean>();
  readonly links: Link[] = [];
  /** Quantifier id → the input path of its collection's elements (`action.tags[]`). */
  private readonly binderPaths = new Map<ast.NodeId, string>();
  /** Quantifier id → the elements of its collection when that is a constant (a data set). */
  private readonly binderValues = new Map<ast.NodeId, readonly Json[]>();
  /** Lets already mined, with the polarity they were mined with. */
  private readonly letsDone = new Set<string>();

  constructor(
    private readonly pact: CheckedPact,
    private readonly data: Json = pact.dataDefaults,
  ) {}

  /** Mines one condition wanted to be `holds` (undefined: unknown). */
  mine(root: ast.Expr, holds: Polarity): void {
    const polarity = new Map<ast.NodeId, Polarity>([[root.id, holds]]);
    walk(root, (n) => {
      const pol = polarity.get(n.id);
      // Children inherit the polarity through the boolean connectives only.
      forEachChild(n, (c) => {
        const through = (n.kind === 'Binary' && (n.op === 'and' || n.op === 'or')) || (n.kind === 'Quantifier' && c === n.body);
        polarity.set(c.id, n.kind === 'Unary' && n.op === 'not' ? (pol === undefined ? undefined : !pol) : through ? pol : undefined);
      });
      this.node(n, pol);
    });
  }

  private node(n: ast.AnyNode, pol: Polarity): void {
    switch (n.kind) {
      case 'Quantifier': {
        const p = this.inputPath(n.collection);
        if (p !== undefined) this.binderPaths.set(n.id, extendPath(p, '[]'));
        const c = this.constant(n.collection);
        if (Array.isArray(c)) this.binderValues.set(n.id, c);
        return;
      }
      case 'Path': {
        // A boolean let read as a condition: mine its body with the polarity of the read.
        const ref = this.pact.refs.get(n.id);
        if (ref?.kind !== 'let' || ref.fields.length > 0) return;
        const key = `${ref.name}/${String(pol)}`;
        const body = this.pact.lets.get(ref.name)?.decl.value;
        if (!body || this.letsDone.has(key)) return;
        this.letsDone.add(key);
        this.mine(body, pol);
        return;
      }
      case 'Has': {
        const p = this.inputPath(n.path);
        if (p !== undefined && pol !== undefined && !this.presence.has(p)) this.presence.set(p, pol);
        return;
      }
      case 'Binary':
        if (COMPARISONS.has(n.op)) {
          const rel = n.op as Relation;
          this.compare(n.left, n.right, pol === undefined ? undefined : pol ? rel : NEGATE[rel]);
          this.compare(n.right, n.left, pol === undefined ? undefined : pol ? MIRROR[rel] : NEGATE[MIRROR[rel]]);
        } else if (n.op === 'in') {
          this.member(n.left, n.right, pol);
        } else if (n.op === 'matches') {
          const p = this.inputPath(n.left);
          for (const g of this.constants(n.right)) if (p !== undefined && typeof g === 'string') this.add(p, str(g, 'glob', pol));
        }
        return;
      case 'Call': {
        const use = STRING_CALLS[this.callee(n)];
        const [subject, part] = n.args;
        if (use && subject && part) {
          // `ends_with(lower(p), c)`: c is lower case in any sensible pact, so seed p with it.
          const lowered = subject.kind === 'Call' && this.callee(subject) === 'lower' ? subject.args[0] : undefined;
          const p = this.inputPath(lowered ?? subject);
          for (const c of this.constants(part)) if (p !== undefined && typeof c === 'string') this.add(p, str(c, use, pol));
        }
        return;
      }
      default:
        return;
    }
  }

  /** Records a test input literal's leaves as seeds. */
  literal(l: ast.Literal, path: string): void {
    switch (l.kind) {
      case 'Object':
        for (const e of l.entries) this.literal(e.value, extendPath(path, e.key));
        return;
      case 'Array':
        for (const i of l.items) this.literal(i, extendPath(path, '[]'));
        return;
      case 'Number':
        this.add(path, { kind: 'number', value: l.value, rel: '==' });
        return;
      case 'Duration':
        this.add(path, { kind: 'number', value: l.seconds, rel: '==' });
        return;
      case 'String':
        this.add(path, str(l.value, 'exact', true));
        return;
      default:
        return;
    }
  }

  add(path: string, seed: Seed): void {
    if (seed.kind !== 'string' && !Number.isFinite(seed.value)) return;
    const list = this.seeds.get(path) ?? [];
    const key = JSON.stringify(seed);
    if (!list.some((s) => JSON.stringify(s) === key)) list.push(seed);
    this.seeds.set(path, list);
  }

  /** `target REL other` (`rel` already oriented and negated as wanted). */
  private compare(target: ast.Expr, other: ast.Expr, rel: Relation | undefined): void {
    for (const c of this.constants(other)) this.seedValue(target, c, rel);
    const from = this.inputPath(other);
    const to = this.inputPath(target);
    if (from !== undefined && to !== undefined && (rel === undefined || rel === '==' || rel === '!=')) this.link({ from, to, kind: 'eq', ...holds(rel) });
  }

  private link(l: Link): void {
    if (!this.links.some((x) => x.from === l.from && x.to === l.to && x.kind === l.kind && x.holds === l.holds)) this.links.push(l);
  }

  /** `x in c`: a constant collection seeds `x`; a constant `x` seeds an input collection's elements. */
  private member(x: ast.Expr, c: ast.Expr, pol: Polarity): void {
    const eq: Relation | undefined = pol === undefined ? undefined : pol ? '==' : '!=';
    const items = c.kind === 'List' ? c.items.flatMap((i) => this.constants(i)) : this.constants(c).flatMap((v) => (Array.isArray(v) ? v : []));
    for (const v of items) this.seedValue(x, v, eq);
    const p = this.inputPath(c);
    if (p === undefined) return;
    const from = this.inputPath(x);
    if (from !== undefined) this.link({ from, to: p, kind: 'member', ...holds(eq) });
    const elements = extendPath(p, '[]');
    for (const v of this.constants(x)) {
      if (typeof v === 'number') this.add(elements, { kind: 'number', value: v, ...(eq ? { rel: eq } : {}) });
      else if (typeof v === 'string') this.add(elements, str(v, 'exact', pol));
    }
  }

  /** Seeds whatever input paths `target` is built from with the constant `value`. */
  private seedValue(target: ast.Expr, value: Json, rel: Relation | undefined): void {
    if (typeof value === 'string') {
      const want = holds(rel).holds;
      if (target.kind === 'Call' && this.callee(target) === 'lower' && target.args[0]) {
        const p = this.inputPath(target.args[0]);
        if (p !== undefined) this.add(p, str(value, 'caseless', want));
        return;
      }
      const p = this.inputPath(target);
      if (p !== undefined) this.add(p, str(value, 'exact', want));
      return;
    }
    if (typeof value !== 'number') return;
    for (const [p, kind, k, flipped] of this.solve(target, value, false)) {
      const r = rel === undefined ? undefined : flipped ? MIRROR[rel] : rel;
      this.add(p, { kind, value: k, ...(r ? { rel: r } : {}) });
    }
  }

  /**
   * Which input paths make `e` equal `k`: the path itself, or solved through `+ - * /` with a
   * constant operand, and `len(p)` as a length. `flipped` says whether the solution reverses
   * an ordering (multiplying by a negative number, `c - p`). Arithmetic of two paths seeds both.
   */
  private solve(e: ast.Expr, k: number, flipped: boolean): [string, 'number' | 'length', number, boolean][] {
    switch (e.kind) {
      case 'Path': {
        const p = this.inputPath(e);
        return p === undefined ? [] : [[p, 'number', k, flipped]];
      }
      case 'Unary':
        return e.op === '-' ? this.solve(e.operand, -k, !flipped) : [];
      case 'Call': {
        const arg = e.args[0];
        const p = this.callee(e) === 'len' && arg ? this.inputPath(arg) : undefined;
        return p === undefined ? [] : [[p, 'length', k, flipped]];
      }
      case 'Binary': {
        const l = this.number(e.left);
        const r = this.number(e.right);
        switch (e.op) {
          case '+':
            if (r !== undefined) return this.solve(e.left, k - r, flipped);
            if (l !== undefined) return this.solve(e.right, k - l, flipped);
            break;
          case '-':
            if (r !== undefined) return this.solve(e.left, k + r, flipped);
            if (l !== undefined) return this.solve(e.right, l - k, !flipped);
            break;
          case '*':
            if (r !== undefined && r !== 0) return this.solve(e.left, k / r, r < 0 ? !flipped : flipped);
            if (l !== undefined && l !== 0) return this.solve(e.right, k / l, l < 0 ? !flipped : flipped);
            break;
          case '/':
            if (r !== undefined && r !== 0) return this.solve(e.left, k * r, r < 0 ? !flipped : flipped);
            break;
          default:
            return [];
        }
        // Two paths (or a division by a path): seed each with k, the ordering unknown.
        return [...this.solve(e.left, k, flipped), ...this.solve(e.right, k, flipped)];
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
        if (ref?.kind === 'data') return dig(this.data, ref.path);
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

function holds(rel: Relation | undefined): { holds?: boolean } {
  return rel === '==' ? { holds: true } : rel === '!=' ? { holds: false } : {};
}

function str(value: string, use: StringUse, holds: Polarity): Seed {
  return { kind: 'string', value, use, ...(holds !== undefined ? { holds } : {}) };
}

function dig(v: Json | undefined, fields: readonly string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const f of fields) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as { readonly [k: string]: Json })[f];
  }
  return cur;
}
