/**
 * Expression evaluation over the checked AST (spec §4).
 *
 * An {@link Evaluator} is made for one decision: it holds the (already validated) input and data,
 * the memo of `let` values and the bindings of quantifier variables. Names are not looked up by
 * text: the checker's `refs` side table says what every `Path` reads — an input path, a data
 * path, a `let` (plus fields), or a quantifier variable (plus fields) — and which built-in every
 * `Call` names. Because validation ran first, a present value always has its declared type, and
 * the checker guarantees optional fields are read only under a `has` guard; a value of the wrong
 * shape here is therefore a bug, reported by throwing a plain `Error('internal: …')`.
 *
 * Value semantics (shared with the Wasm backend through the corpus in `test/conformance/`):
 * - Values are JSON values; every number (`int`, `number`, `duration` in seconds) is a JS f64,
 *   and arithmetic and comparisons mix them freely.
 * - `and`/`or` short-circuit left to right; `not` negates.
 * - `==`/`!=` compare scalars (numbers, strings, enum members, bools) by value.
 * - `<`, `<=`, `>`, `>=` compare numbers only (the checker rejects ordering strings or enums).
 * - `x in C` scans the array `C` in order for a scalar equal to `x`. With a list literal on the
 *   right (`x in [a, b]`) no list is built: `x` is evaluated once and the items are evaluated
 *   and compared one at a time, stopping at the first equal one — so `1 in [1, 1 / 0]` is true
 *   while `2 in [1, 1 / 0]` faults. A list literal used as a value (`len([…])`, `all x in […]`)
 *   evaluates every item.
 * - `s matches "glob"`: `*` matches any run of code points (also none), `?` exactly one code
 *   point, every other code point itself; the match is anchored at both ends. No escapes.
 * - `starts_with`, `ends_with`, `contains` compare code points: a match never splits a surrogate
 *   pair (`starts_with("😀", "\\ud83d")` is false), as in the Wasm, which stores strings as
 *   UTF-8 (lone surrogates as WTF-8); `len` counts the code points of a
 *   string or the elements of a list or set; `lower` maps each code point to its simple lowercase.
 * - Division by zero throws {@link EvalFault}, the only run-time fault; the decision procedure
 *   turns it into a forbid by `evaluation_error`.
 * - A `let` is evaluated the first time it is read and memoised for the rest of the decision, so
 *   a faulting `let` that no evaluated clause reads never faults.
 * - `all`/`any` iterate the array in order and stop at the first element that decides the result
 *   (`all` over an empty collection is true, `any` false).
 * - `has p` is true when every segment of `p` is present and not JSON `null` (an optional field
 *   holding `null` counts as absent; see `validate.ts`).
 */
import type * as ast from '../syntax/ast.js';
import type { CheckedPact, Ref } from '../check/types.js';
import { fieldOf, isRecord } from './validate.js';

/** A run-time fault of a well-typed pact: division by zero, the only one the language has. */
export class EvalFault extends Error {
  /** Creates the fault for the division `node`. */
  constructor(readonly node: ast.Expr) {
    super('division by zero');
    this.name = 'EvalFault';
  }
}

/** Evaluates the expressions of one pact for one decision. */
export class Evaluator {
  private readonly letValues = new Map<string, unknown>();
  private readonly letsInProgress = new Set<string>();
  /** Quantifier variables, keyed by the `Quantifier` node that binds them. */
  private readonly vars = new Map<ast.NodeId, unknown>();

  /**
   * Creates an evaluator over a validated `input` and `data` (both JSON objects).
   * INVARIANT: both conform to `pact.input` / `pact.data`; the decision procedure checks first.
   */
  constructor(
    private readonly pact: CheckedPact,
    private readonly input: { readonly [key: string]: unknown },
    private readonly data: { readonly [key: string]: unknown },
  ) {}

  /** Evaluates a `when`/`unless` condition to a bool. */
  condition(e: ast.Expr): boolean {
    return bool(this.eval(e), e);
  }

  /** Evaluates any expression to its JSON value. */
  eval(e: ast.Expr): unknown {
    switch (e.kind) {
      case 'Number':
        return e.value;
      case 'Duration':
        return e.seconds;
      case 'String':
        return e.value;
      case 'Bool':
        return e.value;
      case 'List':
        return e.items.map((i) => this.eval(i));
      case 'Path': {
        const v = this.resolve(e);
        if (v === undefined) throw new Error(`internal: read of an absent value at \`${pathText(e)}\` (missing \`has\` guard?)`);
        return v;
      }
      case 'Has':
        return this.resolve(e.path) !== undefined;
      case 'Unary':
        return e.op === 'not' ? !this.condition(e.operand) : -num(this.eval(e.operand), e.operand);
      case 'Binary':
        return this.binary(e);
      case 'Call':
        return this.call(e);
      case 'Quantifier':
        return this.quantifier(e);
    }
  }

  /** The value of a `let`, evaluated on first use and memoised for this decision. */
  letValue(name: string): unknown {
    if (this.letValues.has(name)) return this.letValues.get(name);
    const sym = this.pact.lets.get(name);
    if (!sym) throw new Error(`internal: unknown let \`${name}\``);
    if (this.letsInProgress.has(name)) throw new Error(`internal: let cycle through \`${name}\``);
    this.letsInProgress.add(name);
    try {
      const v = this.eval(sym.decl.value);
      this.letValues.set(name, v);
      return v;
    } finally {
      this.letsInProgress.delete(name);
    }
  }

  /** What a path points at, or `undefined` when any segment is absent or `null`. */
  resolve(p: ast.Path): unknown {
    const ref = refOf(this.pact, p);
    switch (ref.kind) {
      case 'input':
        return walk(this.input, ref.path);
      case 'data':
        return walk(this.data, ref.path);
      case 'let':
        return walk(this.letValue(ref.name), ref.fields);
      case 'var':
        if (!this.vars.has(ref.binder)) throw new Error(`internal: quantifier variable \`${p.root.text}\` outside its quantifier`);
        return walk(this.vars.get(ref.binder), ref.fields);
      case 'builtin':
        throw new Error(`internal: path \`${pathText(p)}\` resolved to function ${ref.name}`);
    }
  }

  private binary(e: ast.Binary): unknown {
    switch (e.op) {
      case 'and':
        return this.condition(e.left) && this.condition(e.right);
      case 'or':
        return this.condition(e.left) || this.condition(e.right);
      case '==':
        return scalar(this.eval(e.left), e.left) === scalar(this.eval(e.right), e.right);
      case '!=':
        return scalar(this.eval(e.left), e.left) !== scalar(this.eval(e.right), e.right);
      case '<':
        return order(this.eval(e.left), this.eval(e.right), e) < 0;
      case '<=':
        return order(this.eval(e.left), this.eval(e.right), e) <= 0;
      case '>':
        return order(this.eval(e.left), this.eval(e.right), e) > 0;
      case '>=':
        return order(this.eval(e.left), this.eval(e.right), e) >= 0;
      case 'in': {
        const x = scalar(this.eval(e.left), e.left);
        if (e.right.kind === 'List') return e.right.items.some((i) => scalar(this.eval(i), i) === x);
        return array(this.eval(e.right), e.right).some((v) => v === x);
      }
      case 'matches':
        return glob(str(this.eval(e.left), e.left), str(this.eval(e.right), e.right));
      case '+':
        return num(this.eval(e.left), e.left) + num(this.eval(e.right), e.right);
      case '-':
        return num(this.eval(e.left), e.left) - num(this.eval(e.right), e.right);
      case '*':
        return num(this.eval(e.left), e.left) * num(this.eval(e.right), e.right);
      case '/': {
        const a = num(this.eval(e.left), e.left);
        const b = num(this.eval(e.right), e.right);
        if (b === 0) throw new EvalFault(e);
        return a / b;
      }
    }
  }

  private call(e: ast.Call): unknown {
    const ref = this.pact.refs.get(e.id);
    const name = ref?.kind === 'builtin' ? ref.name : e.callee.text;
    const args = e.args.map((a) => this.eval(a));
    const arg = (i: number): unknown => {
      if (i >= args.length) throw new Error(`internal: \`${name}\` called with ${args.length} arguments`);
      return args[i];
    };
    const strArg = (i: number): string => str(arg(i), e.args[i] ?? e);
    switch (name) {
      case 'starts_with':
        return occursAt(strArg(0), strArg(1), 'start');
      case 'ends_with':
        return occursAt(strArg(0), strArg(1), 'end');
      case 'contains':
        return occursAt(strArg(0), strArg(1), 'any');
      case 'lower':
        return lower(strArg(0));
      case 'len': {
        const x = arg(0);
        if (typeof x === 'string') return codePointLength(x);
        return array(x, e.args[0] ?? e).length;
      }
      default:
        throw new Error(`internal: unknown function \`${name}\``);
    }
  }

  private quantifier(e: ast.Quantifier): boolean {
    const items = array(this.eval(e.collection), e.collection);
    const want = e.quantifier === 'any';
    try {
      for (const item of items) {
        this.vars.set(e.id, item);
        // `any` stops at the first true element, `all` at the first false one.
        if (this.condition(e.body) === want) return want;
      }
      return !want;
    } finally {
      this.vars.delete(e.id);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared with the decision procedure and `explain`

/** The checker's resolution of a path or call; a missing one is a bug. */
export function refOf(pact: CheckedPact, node: ast.Path | ast.Call): Ref {
  const ref = pact.refs.get(node.id);
  if (!ref) throw new Error(`internal: unresolved ${node.kind === 'Path' ? `path \`${pathText(node)}\`` : 'call'}`);
  return ref;
}

/**
 * Follows `fields` from `root`; `undefined` as soon as a segment is absent, `null`, or the value
 * is not a record.
 */
export function walk(root: unknown, fields: readonly string[]): unknown {
  let v: unknown = root === null ? undefined : root;
  for (const f of fields) {
    if (!isRecord(v)) return undefined;
    v = fieldOf(v, f);
  }
  return v;
}

/** A path as written: `trust.score`, `input.action.amount`. */
export function pathText(p: ast.Path): string {
  return [p.root.text, ...p.fields.map((f) => f.text)].join('.');
}

/**
 * Glob matching over code points: `*` any run (possibly empty), `?` exactly one, anything else
 * itself, anchored at both ends. Greedy with backtracking to the last `*`: O(|s|·|p|) at worst.
 */
export function glob(subject: string, pattern: string): boolean {
  const s = Array.from(subject);
  const p = Array.from(pattern);
  let si = 0;
  let pi = 0;
  let star = -1; // index in p of the last `*` seen
  let mark = 0; // index in s that `*` is currently assumed to extend to
  while (si < s.length) {
    const pc = p[pi];
    if (pc === '*') {
      star = pi++;
      mark = si;
    } else if (pc !== undefined && (pc === '?' || pc === s[si])) {
      si++;
      pi++;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Simple lowercase, one code point at a time: each code point is replaced by its lowercase form
 * when that form is a single code point, and kept otherwise (`İ` U+0130 lowercases to two code
 * points in full case mapping and is therefore kept). No context (`Σ` always becomes `σ`).
 */
export function lower(s: string): string {
  // TODO(lead): share the case table. The Wasm runtime's table (src/backend/wasm/runtime/
  // lower-table.ts, generated by this very rule) should move to a module both phases import
  // "down", and this function should use it, so the reference no longer depends on the host's
  // ICU. Until then test/eval/expr.test.ts checks the two agree on every code point.
  // INVARIANT: a result is always a single code point, so `len(lower(s)) == len(s)`.
  let out = '';
  for (const cp of s) {
    const l = cp.toLowerCase();
    out += codePointLength(l) === 1 ? l : cp;
  }
  return out;
}

/** The number of Unicode code points in `s` (a lone surrogate counts as one). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Orders two numbers for `<`, `<=`, `>`, `>=` (the checker admits no other operands). */
function order(a: unknown, b: unknown, e: ast.Binary): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  throw new Error(`internal: \`${e.op}\` on ${typeof a} and ${typeof b}`);
}

function bool(v: unknown, at: ast.Expr): boolean {
  if (typeof v !== 'boolean') throw new Error(`internal: expected a bool for ${at.kind} node ${at.id}, got ${typeof v}`);
  return v;
}

function num(v: unknown, at: ast.Expr): number {
  if (typeof v !== 'number') throw new Error(`internal: expected a number for ${at.kind} node ${at.id}, got ${typeof v}`);
  return v;
}

function str(v: unknown, at: ast.Expr): string {
  if (typeof v !== 'string') throw new Error(`internal: expected a string for ${at.kind} node ${at.id}, got ${typeof v}`);
  return v;
}

function scalar(v: unknown, at: ast.Expr): string | number | boolean {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new Error(`internal: expected a scalar for ${at.kind} node ${at.id}`);
}

function array(v: unknown, at: ast.Expr): readonly unknown[] {
  if (!Array.isArray(v)) throw new Error(`internal: expected a list or set for ${at.kind} node ${at.id}`);
  return v;
}

/** True when `p` occurs in `s` at the start, the end, or anywhere, on code-point boundaries. */
export function occursAt(s: string, p: string, where: 'start' | 'end' | 'any'): boolean {
  const boundary = (i: number): boolean => {
    // Index i splits a pair when a high surrogate precedes it and a low one follows.
    const before = s.charCodeAt(i - 1);
    const after = s.charCodeAt(i);
    return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
  };
  const fits = (i: number): boolean => s.startsWith(p, i) && boundary(i) && boundary(i + p.length);
  if (where === 'start') return fits(0);
  if (where === 'end') return s.length >= p.length && fits(s.length - p.length);
  for (let i = s.indexOf(p); i !== -1; i = s.indexOf(p, i + 1)) if (fits(i)) return true;
  return false;
}
