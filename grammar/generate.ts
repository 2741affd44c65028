/**
 * Generates the files derived from the Chevrotain parser, so they can never drift from it:
 *
 * - `src/syntax/cst.d.ts` — CST node types, by Chevrotain's `generateCstDts` (read only by
 *   `lower.ts`);
 * - `grammar/pact.ebnf` — the reference grammar in EBNF, serialized from the parser's grammar AST
 *   (GAST) rule by rule, followed by the lexical grammar and the precedence table rendered from
 *   `precedence.ts`;
 * - `grammar/diagrams.html` — railroad diagrams, by Chevrotain's `createSyntaxDiagramsCode`.
 *
 * Run `npx tsx grammar/generate.ts` to rewrite them; `test/syntax/generated.test.ts` regenerates
 * them in memory and fails when a checked-in copy is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chevrotain, type IProduction, type TokenType } from '../src/syntax/chevrotain.js';
import { parser } from '../src/syntax/parser.js';
import { PRECEDENCE_TABLE } from '../src/syntax/precedence.js';

// From pactc's single copy of Chevrotain: `instanceof` must see the parser's own classes.
const {
  Alternation,
  Alternative,
  createSyntaxDiagramsCode,
  generateCstDts,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
} = chevrotain;

/** The repository root (this file lives in `grammar/`). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TERMINAL_NAMES: Readonly<Record<string, string>> = {
  Identifier: 'IDENT',
  NameLike: 'NAME',
  StringLiteral: 'STRING',
  NumberLiteral: 'NUMBER',
  DurationLiteral: 'DURATION',
  InfixOperator: 'INFIX_OP',
  PrefixOperator: 'PREFIX_OP',
  AnyToken: 'ANY_TOKEN',
};

function terminal(t: TokenType): string {
  const named = TERMINAL_NAMES[t.name];
  if (named) return named;
  const label = t.LABEL ?? t.name;
  return label.startsWith('`') ? `"${label.slice(1, -1)}"` : t.name;
}

function seq(defs: readonly IProduction[]): string {
  return defs.map(production).join(' ');
}

function production(p: IProduction): string {
  if (p instanceof Terminal) return terminal(p.terminalType);
  if (p instanceof NonTerminal) return p.nonTerminalName;
  if (p instanceof Alternation) return `( ${p.definition.map((a) => production(a)).join(' | ')} )`;
  if (p instanceof Alternative) return seq(p.definition);
  if (p instanceof Option) return `[ ${seq(p.definition)} ]`;
  if (p instanceof Repetition) return `{ ${seq(p.definition)} }`;
  if (p instanceof RepetitionMandatory) return `${seq(p.definition)} { ${seq(p.definition)} }`;
  if (p instanceof RepetitionWithSeparator || p instanceof RepetitionMandatoryWithSeparator) {
    const r = p as InstanceType<typeof RepetitionWithSeparator>;
    const items = `${seq(r.definition)} { ${terminal(r.separator)} ${seq(r.definition)} }`;
    return p instanceof RepetitionWithSeparator ? `[ ${items} ]` : items;
  }
  throw new Error(`unknown grammar production ${p.constructor.name}`);
}

const LEXICAL = `
(* ---- Lexical grammar (src/syntax/tokens.ts) ---- *)
IDENT     = letter_ { letter_ | digit } ;          (* not a keyword *)
NAME      = IDENT | keyword ;                      (* field names after ".", record fields, object keys *)
STRING    = '"' { char | escape } '"' ;            (* JSON escapes, incl. \\uXXXX surrogate pairs *)
NUMBER    = int [ "." digit { digit } ] [ ( "e" | "E" ) [ "+" | "-" ] digit { digit } ] ;
DURATION  = int ( "s" | "m" | "h" | "d" ) ;        (* seconds: 90s, 5m, 2h, 30d *)
int       = "0" | nonzero { digit } ;
keyword   = "pact" | "version" | "use" | "enum" | "input" | "data" | "let" | "permit" | "escalate"
          | "forbid" | "when" | "unless" | "because" | "to" | "grant" | "scope" | "ttl" | "test"
          | "expect" | "by" | "property" | "given" | "and" | "or" | "not" | "in" | "has"
          | "matches" | "all" | "any" | "true" | "false" ;
comment   = "//" { any - newline } | "/*" { any } "*/" ;   (* kept for pactc fmt *)
(* In "literal", the IDENT alternative accepts only the word null (which is not reserved). *)
ANY_TOKEN = (* any token; "junk" skips tokens up to the next declaration keyword *) ;
`;

/** The reference EBNF, serialized from the parser's grammar. */
export function ebnf(): string {
  const rules = Object.values(parser.getGAstProductions());
  const width = Math.max(...rules.map((r) => r.name.length));
  const body = rules.map((r) => `${r.name.padEnd(width)} = ${seq(r.definition)} ;`).join('\n');
  const infix = PRECEDENCE_TABLE.map((row, i) => `(*  ${String(i + 1).padStart(2)}  ${row.fixity.padEnd(10)}  ${row.ops.join(' ')} *)`).join('\n');
  return [
    '(* The Pact grammar, generated from src/syntax/parser.ts by grammar/generate.ts. Do not edit. *)',
    '(* Notation: [ x ] optional, { x } zero or more, ( a | b ) choice, "x" a literal token. *)',
    '',
    body,
    '',
    '(* ---- Operator precedence (src/syntax/precedence.ts), loosest first ---- *)',
    '(* An expression is a flat sequence of operands and operators, structured by this table.   *)',
    '(* Quantifier bodies reach as far right as they can; comparisons do not chain.             *)',
    infix,
    LEXICAL,
  ].join('\n');
}

/** The railroad diagrams page. */
export function diagrams(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}

/** The CST typings read by lower.ts. */
export function cstDts(): string {
  return (
    '// Generated from src/syntax/parser.ts by grammar/generate.ts (chevrotain generateCstDts). Do not edit.\n' +
    generateCstDts(parser.getGAstProductions(), { includeVisitorInterface: false })
  );
}

/** Every generated file: path relative to the repository root, and content. */
export function generatedFiles(): { path: string; content: string }[] {
  return [
    { path: 'src/syntax/cst.d.ts', content: cstDts() },
    { path: 'grammar/pact.ebnf', content: ebnf() },
    { path: 'grammar/diagrams.html', content: diagrams() },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of generatedFiles()) {
    writeFileSync(join(ROOT, f.path), f.content);
    console.log(`wrote ${f.path}`);
  }
}
