/**
 * The one operator precedence table of the Pact expression language (spec §4).
 *
 * The parser does not encode precedence in a rule per level (style guide §6, the cel-js
 * anti-pattern). Instead the grammar reads an expression as a flat sequence
 * `prefix* operand (infix prefix* operand)*`, and `lower.ts` rebuilds the tree from that sequence
 * with a Pratt (top-down operator precedence) loop that asks this table how tightly each operator
 * binds. `print.ts` asks the same table where parentheses are needed, and `tokens.ts` derives the
 * parser's "infix operator" and "prefix operator" token categories from it, so adding an operator
 * means adding one row here (Langium's `infix … on …`).
 *
 * Rows are listed loosest first; the row index is the binding power (higher binds tighter).
 * Comparisons are non-associative: `a < b < c` is reported as an error and printed with
 * parentheses on both sides.
 */
import type * as ast from './ast.js';

/** How an operator row combines its operands. */
export type Fixity = 'infix-left' | 'infix-none' | 'prefix';

/** One row of the table: operators of equal binding power. */
export interface PrecedenceRow {
  readonly fixity: Fixity;
  readonly ops: readonly string[];
}

/** The precedence table, loosest first (spec §4). */
export const PRECEDENCE_TABLE: readonly PrecedenceRow[] = [
  { fixity: 'infix-left', ops: ['or'] },
  { fixity: 'infix-left', ops: ['and'] },
  { fixity: 'prefix', ops: ['not'] },
  { fixity: 'infix-none', ops: ['==', '!=', '<', '<=', '>', '>=', 'in', 'matches'] },
  { fixity: 'infix-left', ops: ['+', '-'] },
  { fixity: 'infix-left', ops: ['*', '/'] },
  { fixity: 'prefix', ops: ['-'] },
];

/** The binding power of atoms: paths, calls, literals, lists, `has`, parenthesised expressions. */
export const ATOM_POWER = PRECEDENCE_TABLE.length + 1;

/** The binding power of a quantifier collection: the additive level (`all x in a + b: …`). */
export const COLLECTION_POWER = PRECEDENCE_TABLE.findIndex((r) => r.ops.includes('+')) + 1;

function indexOps(fixity: (f: Fixity) => boolean): ReadonlyMap<string, { power: number; fixity: Fixity }> {
  const m = new Map<string, { power: number; fixity: Fixity }>();
  PRECEDENCE_TABLE.forEach((row, i) => {
    if (!fixity(row.fixity)) return;
    for (const op of row.ops) m.set(op, { power: i + 1, fixity: row.fixity });
  });
  return m;
}

const INFIX = indexOps((f) => f !== 'prefix');
const PREFIX = indexOps((f) => f === 'prefix');

/** Binding power and associativity of an infix operator, or undefined when `op` is not one. */
export function infixInfo(op: string): { power: number; fixity: Fixity } | undefined {
  return INFIX.get(op);
}

/** Binding power of a prefix operator, or undefined when `op` is not one. */
export function prefixPower(op: string): number | undefined {
  return PREFIX.get(op)?.power;
}

/** Every infix operator spelling, for the lexer's token categories. */
export const INFIX_OPERATORS: ReadonlySet<string> = new Set(INFIX.keys());

/** Every prefix operator spelling, for the lexer's token categories. */
export const PREFIX_OPERATORS: ReadonlySet<string> = new Set(PREFIX.keys());

/** Binding power of the operator at the root of `e` (atoms bind tightest). */
export function exprPower(e: ast.Expr): number {
  switch (e.kind) {
    case 'Binary':
      return INFIX.get(e.op)?.power ?? ATOM_POWER;
    case 'Unary':
      return PREFIX.get(e.op)?.power ?? ATOM_POWER;
    case 'Quantifier':
      // A quantifier's body reaches as far right as it can, so as an operand it behaves like
      // the loosest operator; print.ts additionally keeps it off the left of any operator.
      return 0;
    default:
      return ATOM_POWER;
  }
}
