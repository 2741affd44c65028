/**
 * Facts: the "condition can never hold" warning (P2060).
 *
 * Within one conjunction — an `and` chain, or a rule's `when` clauses together — the checker
 * collects *atoms*, simple constraints on one location, and warns when they cannot all hold:
 *
 *   `x > 5 and x < 3`          numeric intervals (literal numbers and durations, either side,
 *   `x >= 10 and x <= 9`       `-` literals too); an `int` location rounds its bounds, so
 *   `n > 1 and n < 2`          `n > 1 and n < 2` is empty for an int `n`
 *   `x == 1 and x != 1`        points and excluded points
 *   `c == "read" and c == "pay"`   a string, enum or bool location equal to two literals, or
 *   `c in ["a", "b"] and c == "z"` to a literal outside a literal list, or excluded by `!=`
 *   `n in [1, 2] and n > 5`    a number location in a literal list, against its other atoms
 *   `flag and not flag`        a bool location as a condition means `flag == true`
 *   `x > 0.9 and not (x > 0.5)`    `not` of one atom is the opposite atom
 *   `score > 1.5`              against the field's `@range(0, 1)` (input outside it is refused)
 *
 * Atoms flow exactly like `has` guards (`guards.ts`): a conjunction's atoms are those of its
 * operands; `or`, `not` (other than of one atom), quantifier bodies and lets start afresh and
 * give none to their context. Facts are conjoined with {@link conjoin}: each atom of the right
 * side is tested against the left side's atoms on the same location; when the set becomes
 * unsatisfiable the atom is reported with the earliest atom it contradicts as a related note.
 * A location is reported once per conjunction.
 *
 * Numeric intervals are convex, so a set of interval atoms is unsatisfiable exactly when two of
 * them are (Helly's theorem in one dimension) — which is why one related note always suffices
 * for numbers. For value sets the partner is the first earlier atom that clashes with the new
 * one alone, or else the earliest atom on that location (`c in ["a", "b"] and c != "a" and
 * c != "b"` points back at the list).
 */
import type { Span } from '../source/index.js';
import type { Reporter } from './errors.js';

/**
 * A constraint on a number: an interval with open or closed ends, excluded points and, for
 * `x in [1, 2]`, the only points allowed (undefined: any).
 */
interface NumberConstraint {
  readonly kind: 'number';
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
  readonly excluded: readonly number[];
  readonly points?: readonly number[];
}

/** A constraint on a string, enum or bool: allowed values (undefined: any) and excluded ones. */
interface ValueConstraint {
  readonly kind: 'value';
  readonly allowed: ReadonlySet<string> | undefined;
  readonly excluded: ReadonlySet<string>;
}

/** One simple constraint on one location, with the source it came from. */
export interface Atom {
  /** The location's guard key (see `resolve.ts`). */
  readonly key: string;
  /** True when the location is an `int`, so bounds round to integers. */
  readonly integral: boolean;
  readonly constraint: NumberConstraint | ValueConstraint;
  /** The comparison's span and source text. */
  readonly span: Span;
  readonly text: string;
  /** True for the atom of a field's `@range`, which comes with every atom on the field. */
  readonly declared?: boolean;
  /** The location as the user wrote it (`trust.score`), for messages. */
  readonly name: string;
}

/** The atoms known to hold when a condition holds. */
export interface Facts {
  readonly atoms: readonly Atom[];
  /** Locations already reported in this conjunction. */
  readonly reported: ReadonlySet<string>;
}

/** No facts. */
export const NO_FACTS: Facts = { atoms: [], reported: new Set() };

/** A comparison operator with a literal on the right. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The operator with its operands swapped: `5 < x` is `x > 5`. */
export function flip(op: CompareOp): CompareOp {
  switch (op) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return op;
  }
}

/** The constraint `location OP n` on a number. */
export function numberAtom(op: CompareOp, n: number): NumberConstraint {
  const any = { kind: 'number', lo: -Infinity, loOpen: false, hi: Infinity, hiOpen: false, excluded: [] } as const;
  switch (op) {
    case '==':
      return { ...any, lo: n, hi: n };
    case '!=':
      return { ...any, excluded: [n] };
    case '<':
      return { ...any, hi: n, hiOpen: true };
    case '<=':
      return { ...any, hi: n };
    case '>':
      return { ...any, lo: n, loOpen: true };
    case '>=':
      return { ...any, lo: n };
  }
}

/** The constraint that a number location is one of `points` (`in` a literal list). */
export function numberIn(points: readonly number[]): NumberConstraint {
  return { ...numberAtom('!=', NaN), excluded: [], points };
}

/** The constraint of a field's `@range(lo, hi)`. */
export function rangeAtom(lo: number, hi: number): NumberConstraint {
  return { kind: 'number', lo, loOpen: false, hi, hiOpen: false, excluded: [] };
}

/**
 * The constraint that holds when `c` does not (`not (x > 5)` is `x <= 5`), or undefined when
 * that is not one constraint (`not (x > 1 and x < 5)` is never an atom in the first place).
 */
export function negate(c: NumberConstraint | ValueConstraint): NumberConstraint | ValueConstraint | undefined {
  if (c.kind === 'value') {
    if (c.excluded.size === 0 && c.allowed) return { kind: 'value', allowed: undefined, excluded: c.allowed };
    if (!c.allowed) return { kind: 'value', allowed: c.excluded, excluded: new Set() };
    return undefined;
  }
  const lower = c.lo !== -Infinity;
  const upper = c.hi !== Infinity;
  if (c.points) return c.excluded.length === 0 && !lower && !upper ? { ...numberAtom('!=', NaN), excluded: c.points } : undefined;
  if (c.excluded.length > 0) return !lower && !upper && c.excluded.length === 1 ? numberAtom('==', c.excluded[0] as number) : undefined;
  if (lower && upper) return c.lo === c.hi && !c.loOpen && !c.hiOpen ? numberAtom('!=', c.lo) : undefined;
  if (lower) return numberAtom(c.loOpen ? '<=' : '<', c.lo);
  if (upper) return numberAtom(c.hiOpen ? '>=' : '>', c.hi);
  return undefined;
}

/** The constraint that a location is one of `values` (`==` a literal, `in` a literal list). */
export function oneOf(values: Iterable<string>): ValueConstraint {
  return { kind: 'value', allowed: new Set(values), excluded: new Set() };
}

/** The constraint that a location is not `value` (`!=` a literal). */
export function noneOf(value: string): ValueConstraint {
  return { kind: 'value', allowed: undefined, excluded: new Set([value]) };
}

/** True when the atoms (all on one location) can hold together. */
export function satisfiable(atoms: readonly Atom[]): boolean {
  const first = atoms[0];
  if (!first) return true;
  if (first.constraint.kind === 'number') {
    let lo = -Infinity;
    let loOpen = false;
    let hi = Infinity;
    let hiOpen = false;
    const excluded = new Set<number>();
    let points: number[] | undefined;
    for (const a of atoms) {
      const c = a.constraint;
      if (c.kind !== 'number') return true;
      if (c.lo > lo) [lo, loOpen] = [c.lo, c.loOpen];
      else if (c.lo === lo) loOpen ||= c.loOpen;
      if (c.hi < hi) [hi, hiOpen] = [c.hi, c.hiOpen];
      else if (c.hi === hi) hiOpen ||= c.hiOpen;
      for (const x of c.excluded) excluded.add(x);
      if (c.points) points = points ? points.filter((x) => c.points?.includes(x)) : [...c.points];
    }
    if (points) {
      const within = (x: number) =>
        !excluded.has(x) && (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi) && (!first.integral || Number.isInteger(x));
      return points.some(within);
    }
    if (first.integral) {
      lo = loOpen ? Math.floor(lo) + 1 : Math.ceil(lo);
      hi = hiOpen ? Math.ceil(hi) - 1 : Math.floor(hi);
      loOpen = hiOpen = false;
    }
    if (lo > hi || (lo === hi && (loOpen || hiOpen))) return false;
    return !(lo === hi && excluded.has(lo));
  }
  let allowed: Set<string> | undefined;
  const excluded = new Set<string>();
  for (const a of atoms) {
    const c = a.constraint;
    if (c.kind !== 'value') return true;
    if (c.allowed) allowed = allowed ? new Set([...allowed].filter((v) => c.allowed?.has(v))) : new Set(c.allowed);
    for (const x of c.excluded) excluded.add(x);
  }
  return allowed === undefined || [...allowed].some((v) => !excluded.has(v));
}

/**
 * The facts of `a and b`: both sides' atoms. Every atom of `b` that makes its location
 * unsatisfiable together with `a`'s atoms is reported (P2060), once per location.
 */
export function conjoin(a: Facts, b: Facts, report: Reporter): Facts {
  if (b.atoms.length === 0 && b.reported.size === 0) return a;
  if (a.atoms.length === 0 && a.reported.size === 0) return b;
  const reported = new Set([...a.reported, ...b.reported]);
  for (const x of b.atoms) {
    if (reported.has(x.key)) continue;
    const earlier = a.atoms.filter((y) => y.key === x.key);
    if (earlier.length === 0 || satisfiable([...earlier, x])) continue;
    const partner = earlier.find((y) => !satisfiable([y, x])) ?? (earlier[0] as Atom);
    report.warning('P2060', x.span, `condition can never hold: \`${x.text}\` contradicts \`${partner.text}\``, {
      label: 'never true together with the earlier condition',
      related: [{ span: partner.span, message: 'the earlier condition' }],
      help: 'both are required in the same conjunction (`and`, or the `when` clauses of one rule)',
    });
    reported.add(x.key);
  }
  return { atoms: [...a.atoms, ...b.atoms], reported };
}
