/**
 * `has` guards: an optional field may be read only where it is known to be present.
 *
 * Spec §4: "Using an optional field without a `has` guard earlier in the same conjunction is a
 * type error." The checker threads a set of *guards* — guard keys of locations known present
 * (see `resolve.ts`) — through each condition, left to right:
 *
 * - `has a.b.c` establishes `a`, `a.b` and `a.b.c` (every prefix of its path) when it holds;
 * - `A and B`: B is checked with the guards A establishes, and `A and B` establishes both;
 * - a rule's `when` clauses are one conjunction: each is checked with the guards of the `when`
 *   clauses before it, and every `unless` clause with the guards of all the `when` clauses (an
 *   `unless` is evaluated only when every `when` held; what an `unless` establishes holds only
 *   when the rule does *not* match, so it flows nowhere);
 * - `or`, `not` and quantifiers check their operands with the incoming guards and establish
 *   nothing outside (`has x or x > 1` is an error: the right side runs exactly when `x` is
 *   absent); a quantifier's body may guard its variable's optional fields itself;
 * - a `let` body, a `given` and each test start with no guards: a let is checked once, for
 *   every place that uses it, so it must guard its own reads.
 *
 * A path is read safely when every optional prefix of it is guarded; the first unguarded one
 * is P2030, with a help line naming the deepest optional prefix (whose `has` establishes all
 * the shorter ones). `has` on a path with no optional prefix is the warning P2031 (it always
 * holds); `has` on a let is the error P2032 — a let is always present, and the planner reads
 * presence only of input, data and quantifier-variable locations.
 *
 * This file holds the guard data and the checks; `check.ts` threads it (together with the
 * interval facts of `facts.ts`) through expressions.
 */
import type { Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import type { Reporter } from './errors.js';
import { guardKey, type Resolved } from './resolve.js';

/** Guard keys of locations known to be present. */
export type Guards = ReadonlySet<string>;

/** No guards. */
export const NO_GUARDS: Guards = new Set();

/** The union of two guard sets (either operand may be returned unchanged). */
export function unionGuards(a: Guards, b: Guards): Guards {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}

/** The guards `has p` establishes: every prefix of the path's location. */
function establishedBy(r: Resolved): Guards {
  const out = new Set<string>();
  for (let k = 1; k <= r.keyFields.length; k++) out.add(guardKey(r.keyBase, r.keyFields.slice(0, k)));
  return out;
}

/** The text to write after `has` to guard a prefix: the aliased path for a let alias. */
function guardText(r: Resolved, key: string, written: string): string {
  if (r.ref.kind !== 'let') return written;
  return key.startsWith('input.') ? key.slice('input.'.length) : key;
}

/**
 * Checks that every optional prefix of a read path is guarded; reports the first that is not
 * (P2030) unless its key is in `reported`, to which it is then added. Returns true when the
 * read is safe.
 */
export function checkGuarded(r: Resolved, span: Span, guards: Guards, reported: Set<string>, report: Reporter): boolean {
  const missing = r.optional.find((o) => !guards.has(o.key));
  if (!missing) return true;
  if (reported.has(missing.key)) return false;
  reported.add(missing.key);
  const deepest = r.optional[r.optional.length - 1] ?? missing;
  const guard = guardText(r, deepest.key, deepest.written);
  report.error('P2030', span, `optional field \`${missing.written}\` is used without a \`has\` guard`, {
    label: 'may be absent',
    help: `guard it with \`has ${guard} and …\``,
  });
  return false;
}

/**
 * Checks a `has` test: an error on a let (P2032), a warning when nothing on the path is
 * optional (P2031). Returns the guards it establishes when it holds.
 */
export function checkHas(h: ast.Has, r: Resolved, report: Reporter): Guards {
  if (r.ref.kind === 'let') {
    const alias = r.keyBase === 'input' || r.keyBase === 'data';
    report.error('P2032', h.path.span, `\`has\` needs an input, data or variable path, and \`${h.path.root.text}\` is a let`, {
      label: 'a let is always present',
      ...(alias ? { help: `test the field itself: \`has ${guardText(r, guardKey(r.keyBase, r.keyFields), '')}\`` } : {}),
    });
    return NO_GUARDS;
  }
  if (r.type.kind !== 'error' && r.optional.length === 0) {
    const text = [h.path.root.text, ...h.path.fields.map((f) => f.text)].join('.');
    report.warning('P2031', h.path.span, `\`has\` on \`${text}\`, which is never absent`, {
      label: 'not optional',
      help: 'only optional fields (`name?: TYPE`) and fields under them can be absent; this test always holds',
    });
  }
  return establishedBy(r);
}
