/**
 * The catalog of diagnostic codes.
 *
 * Codes are stable: tools and tests match on them, so a code is never reused for another
 * meaning. Ranges: P1xxx lexing and parsing, P2xxx name resolution and type checking,
 * P3xxx planning, P4xxx Wasm generation, P5xxx bundles, inputs and the command line.
 * `pactc explain-code CODE` (and the language guide) print the title.
 */

/** Every diagnostic code with a one-line title. */
export const CATALOG = {
  // Syntax
  P1001: 'unexpected token',
  P1002: 'unterminated string',
  P1003: 'unterminated block comment',
  P1004: 'unexpected character',
  P1005: 'invalid number or duration literal',
  P1006: 'invalid string escape',
  P1007: 'missing pact header',
  P1008: 'clauses out of order',
  P1009: 'keyword used as a name',
  P1010: 'chained comparison',
  P1011: 'duplicate clause',
  P1012: 'nesting too deep',
  P1013: 'approver roles on a rule that does not escalate',
  // Names and types
  P2001: 'unknown name',
  P2002: 'unknown field',
  P2003: 'unknown type',
  P2004: 'unknown function',
  P2005: 'unknown standard library module',
  P2006: 'module not found',
  P2010: 'duplicate declaration',
  P2011: 'duplicate rule id',
  P2012: 'duplicate field',
  P2013: 'duplicate enum member',
  P2014: 'let shadows an input field',
  P2015: 'let cycle',
  P2020: 'type mismatch',
  P2021: 'condition is not a bool',
  P2022: 'operands cannot be compared',
  P2023: 'not a collection',
  P2024: 'wrong number of arguments',
  P2025: 'enum literal is not a member',
  P2026: 'not a number',
  P2027: 'data default does not match its type',
  P2030: 'optional field used without a `has` guard',
  P2031: '`has` on a field that is not optional',
  P2032: '`has` on something that is not a field',
  P2040: 'rule without `because`',
  P2041: '`grant` on a forbid rule',
  P2042: 'escalate rule without approver roles',
  P2043: 'invalid version',
  P2044: 'test refers to an unknown rule',
  P2045: 'test input does not match the schema',
  P2046: 'test expects a rule that cannot give its effect',
  P2047: 'test without `input` or `expect`',
  P2050: 'annotation on a field of the wrong type',
  P2051: 'unknown annotation',
  P2052: 'invalid annotation arguments',
  P2053: 'duplicate annotation',
  P2060: 'condition can never hold',
  P2061: 'condition always holds',
  P2062: 'unused let',
  // Planning and code generation
  P3001: 'unsupported construct in the planner',
  P4001: 'wasm module too large',
  // Bundles, inputs, command line
  P5001: 'cannot read file',
  P5002: 'cannot write bundle',
  P5003: 'invalid bundle',
  P5004: 'input is not JSON',
  P5005: 'bundle signature invalid',
} as const;

/** A diagnostic code. */
export type Code = keyof typeof CATALOG;

/** Returns the title of a code, or undefined for a string that is not a code. */
export function title(code: string): string | undefined {
  return (CATALOG as Record<string, string>)[code];
}
