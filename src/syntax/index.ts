/**
 * The syntax phase: source text → AST, and AST → text.
 *
 * Pipeline: `tokens.ts` lexes (Chevrotain lexer, comments in their own group, lexical errors as
 * diagnostics) → `parser.ts` parses with error recovery into a CST → `lower.ts` builds the AST of
 * `ast.ts`, structuring expressions with the one precedence table of `precedence.ts` → `parse.ts`
 * merges every diagnostic. In the other direction, `print.ts` is the canonical formatter of
 * `pactc fmt` (comments kept) and prints expressions and literals for other phases; `sexpr.ts`
 * prints debug s-expressions and compares trees modulo spans; `walk.ts` traverses the AST.
 *
 * Only this API leaves the folder; the CST and the Chevrotain objects stay inside.
 */
export { parse } from './parse.js';
export type { Skipped } from './lower.js';
export { format, printExpr, printLiteral } from './print.js';
export { sexpr, equalModuloSpans, stripSpans } from './sexpr.js';
export { forEachChild, walk } from './walk.js';
