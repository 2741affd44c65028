/**
 * The Pact lexer (spec §2), built on Chevrotain.
 *
 * Algorithm. Chevrotain's lexer tries token patterns in the order of {@link ALL_TOKENS} at each
 * offset (first match wins, not longest), so the order below matters: comments before `/`,
 * two-character operators before their one-character prefixes, keywords before identifiers.
 * Keywords carry `longer_alt: Identifier`, which makes the match word-boundary aware: `index`
 * lexes as one identifier, not the keyword `in` followed by `dex`.
 *
 * Token categories let the parser speak in classes instead of lists: `NameLike` (identifiers
 * and every keyword, for field names after `.` and bare object keys such as `approval.by`),
 * `Keyword`, and `InfixOperator` / `PrefixOperator`, whose members are derived from the one
 * precedence table in `precedence.ts`.
 *
 * Malformed literals are still lexed as one token so that the parser sees a sensible stream
 * and reports no follow-on errors: an unterminated string runs to the end of its line, an
 * unterminated block comment to the end of the file, and a numeric run such as `1.5h`, `5x` or
 * `012` becomes a number or duration token. {@link lex} then validates every such token and
 * turns what is wrong into diagnostics (P1002, P1003, P1005, P1006). Characters no pattern
 * accepts become P1004. Lexer diagnostics are returned alongside the tokens and merged with
 * the parser's by `index.ts`, never dropped (cel-js drops them; we do not).
 *
 * Comments go to a separate token group: the parser never sees them, and `lower.ts` stores
 * them on the module (marking the ones that trail code on the same line) for `pactc fmt`.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type IToken, type TokenType } from './chevrotain.js';
import type { Diagnostic } from '../diag/index.js';
import type { SourceFile } from '../source/index.js';
import { INFIX_OPERATORS, PREFIX_OPERATORS } from './precedence.js';

// ---------------------------------------------------------------------------------------------
// Categories

/**
 * Every significant token except the keywords that always start a declaration; the parser's
 * "skip to the next declaration" rule (`junk`) consumes these.
 */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA, label: 'a token' });

/** Keywords that always start a declaration (`input` and `data` also start paths). */
const DECLARATION_STARTERS: ReadonlySet<string> = new Set(['pact', 'use', 'enum', 'let', 'permit', 'escalate', 'forbid', 'test', 'property']);
/** Any identifier or keyword: the names allowed after `.`, as record fields and object keys. */
export const NameLike = createToken({ name: 'NameLike', pattern: Lexer.NA, label: 'a name' });
/** Every reserved word. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA, label: 'a keyword' });
/** Binary operators of the precedence table. */
export const InfixOperator = createToken({ name: 'InfixOperator', pattern: Lexer.NA, label: 'an operator' });
/** Prefix operators of the precedence table (`not`, unary `-`). */
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA, label: '`not` or `-`' });

function operatorCategories(image: string): TokenType[] {
  const cats: TokenType[] = [AnyToken];
  if (INFIX_OPERATORS.has(image)) cats.push(InfixOperator);
  if (PREFIX_OPERATORS.has(image)) cats.push(PrefixOperator);
  return cats;
}

// ---------------------------------------------------------------------------------------------
// Identifiers and keywords

/** `[A-Za-z_][A-Za-z0-9_]*`. */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [NameLike, AnyToken],
  label: 'a name',
});

/** The reserved words of spec §2, in the order the spec lists them. */
export const KEYWORDS = [
  'pact', 'version', 'use', 'enum', 'input', 'data', 'let', 'permit', 'escalate', 'forbid',
  'when', 'unless', 'because', 'to', 'grant', 'scope', 'ttl', 'test', 'expect', 'by',
  'property', 'given', 'and', 'or', 'not', 'in', 'has', 'matches', 'all', 'any', 'true', 'false',
] as const;

/** A reserved word. */
export type KeywordText = (typeof KEYWORDS)[number];

function keyword(word: KeywordText): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Keyword, NameLike, ...operatorCategories(word)].filter((c) => c !== AnyToken || !DECLARATION_STARTERS.has(word)),
    label: `\`${word}\``,
  });
}

/** Keyword token types by spelling. */
export const KW: { readonly [K in KeywordText]: TokenType } = Object.fromEntries(
  KEYWORDS.map((k) => [k, keyword(k)]),
) as { [K in KeywordText]: TokenType };

// ---------------------------------------------------------------------------------------------
// Literals

/** Scans a numeric run: digits, letters and `_`, one `.digit…` part, one exponent sign. */
function numericRunEnd(text: string, offset: number): number {
  const word = (i: number) => {
    while (i < text.length && /[0-9A-Za-z_]/.test(text[i]!)) i++;
    return i;
  };
  let i = text[offset] === '.' ? word(offset + 1) : word(offset);
  // A `.` after a number is part of it, never a field access: numbers have no fields. So `5.`,
  // `1.e3` and `1.0.0` are each one malformed number (P1005), and `1.5h` one malformed duration.
  while (text[i] === '.' && text[i + 1] !== '.') i = word(i + 1);
  if (/[eE]/.test(text[i - 1] ?? '') && /[+-]/.test(text[i] ?? '') && /[0-9]/.test(text[i + 1] ?? '')) {
    i = word(i + 1);
  }
  return i;
}

function numericMatcher(wantDuration: boolean) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const c = text.charCodeAt(offset);
    // `.5` is a number missing its leading zero (P1005): no name or path ends before a digit.
    const leadingDot = c === 46 && /[0-9]/.test(text[offset + 1] ?? '');
    if ((c < 48 || c > 57) && !leadingDot) return null;
    const end = numericRunEnd(text, offset);
    const run = text.slice(offset, end);
    const isDuration = /[A-Za-z_]$/.test(run) && !/^[0-9.]+[eE]$/.test(run);
    return isDuration === wantDuration ? [run] : null;
  };
}

/** A JSON decimal number without sign (`0`, `12`, `0.5`, `1e6`). */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: { exec: numericMatcher(false) },
  line_breaks: false,
  start_chars_hint: [...'0123456789.'],
  categories: [AnyToken],
  label: 'a number',
});

/** An integer with a unit: `90s`, `5m`, `2h`, `30d`. */
export const DurationLiteral = createToken({
  name: 'DurationLiteral',
  pattern: { exec: numericMatcher(true) },
  line_breaks: false,
  start_chars_hint: [...'0123456789'],
  categories: [AnyToken],
  label: 'a duration',
});

/** A double-quoted string; an unterminated one runs to the end of its line (P1002). */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r]?)*"?/,
  categories: [AnyToken],
  label: 'a string',
});

// ---------------------------------------------------------------------------------------------
// Trivia

/** Spaces, tabs and line breaks. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });
/** `// …` to the end of the line. */
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
/** `/* … *\/`; an unterminated one runs to the end of the file (P1003). */
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: {
    exec: (text: string, offset: number): CustomPatternMatcherReturn | null => {
      if (!text.startsWith('/*', offset)) return null;
      const close = text.indexOf('*/', offset + 2);
      return [text.slice(offset, close < 0 ? text.length : close + 2)];
    },
  },
  line_breaks: true,
  start_chars_hint: ['/'],
  group: 'comments',
});

// ---------------------------------------------------------------------------------------------
// Punctuation

function punct(name: string, image: string): TokenType {
  const escaped = image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return createToken({ name, pattern: new RegExp(escaped), categories: operatorCategories(image), label: `\`${image}\`` });
}

/** Punctuation and operator tokens. */
export const P = {
  LCurly: punct('LCurly', '{'),
  RCurly: punct('RCurly', '}'),
  LParen: punct('LParen', '('),
  RParen: punct('RParen', ')'),
  LBracket: punct('LBracket', '['),
  RBracket: punct('RBracket', ']'),
  Comma: punct('Comma', ','),
  Colon: punct('Colon', ':'),
  Dot: punct('Dot', '.'),
  EqEq: punct('EqEq', '=='),
  NotEq: punct('NotEq', '!='),
  LessEq: punct('LessEq', '<='),
  Less: punct('Less', '<'),
  GreaterEq: punct('GreaterEq', '>='),
  Greater: punct('Greater', '>'),
  Equals: punct('Equals', '='),
  Plus: punct('Plus', '+'),
  Minus: punct('Minus', '-'),
  Star: punct('Star', '*'),
  Slash: punct('Slash', '/'),
  Question: punct('Question', '?'),
  At: punct('At', '@'),
} as const;

/** Every token type, in the order the lexer tries them (categories included, as Chevrotain needs). */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  NumberLiteral,
  DurationLiteral,
  P.LCurly, P.RCurly, P.LParen, P.RParen, P.LBracket, P.RBracket, P.Comma, P.Colon, P.Dot,
  P.EqEq, P.NotEq, P.LessEq, P.Less, P.GreaterEq, P.Greater, P.Equals,
  P.Plus, P.Minus, P.Star, P.Slash, P.Question, P.At,
  ...KEYWORDS.map((k) => KW[k]),
  Identifier,
  NameLike,
  Keyword,
  InfixOperator,
  PrefixOperator,
  AnyToken,
];

const LEXER = new Lexer([...ALL_TOKENS], {
  positionTracking: 'full',
  ensureOptimizations: false,
  errorMessageProvider: {
    buildUnexpectedCharactersMessage: (text, offset, length) => text.slice(offset, offset + length),
    buildUnableToPopLexerModeMessage: () => 'unexpected end of lexer mode',
  },
});

// ---------------------------------------------------------------------------------------------
// Literal decoding and validation

/** Seconds per duration unit. */
export const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

const VALID_NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const VALID_DURATION = /^(0|[1-9][0-9]*)([smhd])$/;

/** The value of a number literal's text, NaN when it is not JSON decimal syntax. */
export function numberValue(text: string): number {
  return VALID_NUMBER.test(text) ? Number(text) : NaN;
}

/** The seconds of a duration literal's text, NaN when it is malformed. */
export function durationSeconds(text: string): number {
  const m = VALID_DURATION.exec(text);
  return m ? Number(m[1]) * (DURATION_UNITS[m[2]!] ?? NaN) : NaN;
}

/** A problem inside a string literal, with offsets relative to the literal's first quote. */
export interface StringProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

/**
 * Decodes a string literal's image (quotes included) with JSON escapes. `\uXXXX` escapes are
 * UTF-16 code units, so a surrogate pair written as two escapes decodes to one code point.
 */
export function decodeString(image: string): { value: string; terminated: boolean; problems: StringProblem[] } {
  const terminated = image.length >= 2 && image.endsWith('"') && !isEscapedQuote(image);
  const body = image.slice(1, terminated ? -1 : undefined);
  const problems: StringProblem[] = [];
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) break;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i++;
    } else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(body.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      const len = next === 'u' ? 2 + (/^[0-9A-Fa-f]*/.exec(body.slice(i + 2, i + 6))?.[0].length ?? 0) : 2;
      const written = body.slice(i, i + len);
      problems.push({
        start: i + 1,
        end: i + 1 + len,
        message: next === 'u' ? `invalid unicode escape \`${written}\`` : `invalid escape \`${written}\` in string`,
      });
      i += len - 1;
    }
  }
  return { value, terminated, problems };
}

/** True when the final `"` of an image is itself escaped (`"abc\"`). */
function isEscapedQuote(image: string): boolean {
  let backslashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

// ---------------------------------------------------------------------------------------------
// Lexing

/** The lexer's result: significant tokens, comment tokens and lexical diagnostics. */
export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Help for characters other languages use, by the characters a lexer error starts with. */
const CHARACTER_HELP: readonly (readonly [string, string])[] = [
  ['&&', 'write `and`'],
  ['||', 'write `or`'],
  ['&', 'write `and`'],
  ['|', 'write `or`'],
  ["'", 'strings are written in double quotes: `"…"`'],
  ['!', 'write `not`; "not equal" is `!=`'],
  [';', 'pacts have no `;`: fields are separated by `,`, declarations by nothing'],
  ['#', 'comments start with `//`'],
];

/** Splits a source file into tokens and reports every lexical error as a diagnostic. */
export function lex(file: SourceFile): LexResult {
  const result = LEXER.tokenize(file.text);
  const diagnostics: Diagnostic[] = [];
  const at = (start: number, end: number) => ({ file: file.path, start, end });
  for (const e of result.errors) {
    const chars = file.text.slice(e.offset, e.offset + e.length);
    const shown = [...chars].slice(0, 8).join('');
    const help = CHARACTER_HELP.find(([c]) => chars.startsWith(c))?.[1];
    diagnostics.push({
      code: 'P1004',
      severity: 'error',
      message: `unexpected character${[...chars].length > 1 ? 's' : ''} \`${shown}\``,
      span: at(e.offset, e.offset + e.length),
      label: 'not part of the pact language',
      ...(help ? { help } : {}),
    });
  }
  for (const t of result.tokens) {
    const start = t.startOffset;
    const end = start + t.image.length;
    if (t.tokenType === StringLiteral) {
      const { terminated, problems } = decodeString(t.image);
      for (const p of problems) {
        diagnostics.push({
          code: 'P1006',
          severity: 'error',
          message: p.message,
          span: at(start + p.start, start + p.end),
          help: 'valid escapes are `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`',
        });
      }
      if (!terminated) {
        diagnostics.push({
          code: 'P1002',
          severity: 'error',
          message: 'unterminated string',
          span: at(start, end),
          label: 'this string has no closing `"` on its line',
        });
      }
    } else if (t.tokenType === NumberLiteral && !Number.isFinite(numberValue(t.image))) {
      const invalid = Number.isNaN(numberValue(t.image));
      diagnostics.push({
        code: 'P1005',
        severity: 'error',
        message: invalid ? `invalid number \`${t.image}\`` : `number \`${t.image}\` is too large`,
        span: at(start, end),
        help: invalid
          ? numberHelp(t.image)
          : 'pacts compute in 64-bit floating point, whose largest finite value is about 1.8e308',
      });
    } else if (t.tokenType === DurationLiteral && durationSeconds(t.image) === Infinity) {
      diagnostics.push({
        code: 'P1005',
        severity: 'error',
        message: `duration \`${t.image}\` is too large`,
        span: at(start, end),
        help: 'pacts compute in 64-bit floating point, whose largest finite value is about 1.8e308 seconds',
      });
    } else if (t.tokenType === DurationLiteral && Number.isNaN(durationSeconds(t.image))) {
      const unit = /[A-Za-z_]+$/.exec(t.image)?.[0] ?? '';
      const known = unit in DURATION_UNITS;
      diagnostics.push({
        code: 'P1005',
        severity: 'error',
        message: known ? `invalid duration \`${t.image}\`` : `invalid duration \`${t.image}\`: unknown unit \`${unit}\``,
        span: at(start, end),
        help: 'a duration is a whole number followed by `s`, `m`, `h` or `d`, such as `90s` or `30d`',
      });
    }
  }
  const comments = result.groups['comments'] ?? [];
  for (const c of comments) {
    if (c.tokenType === BlockComment && !(c.image.length >= 4 && c.image.endsWith('*/'))) {
      diagnostics.push({
        code: 'P1003',
        severity: 'error',
        message: 'unterminated block comment',
        span: at(c.startOffset, c.startOffset + 2),
        label: 'this comment has no closing `*/`',
      });
    }
  }
  return { tokens: result.tokens, comments, diagnostics };
}

/** The help line for a malformed number literal, specific where the fix is plain. */
function numberHelp(image: string): string {
  if (/^[0-9]+(?:\.[0-9]+){2,}$/.test(image)) return `a version is a string: write \`"${image}"\``;
  if (/^\.[0-9]+$/.test(image)) return `write \`0${image}\``;
  if (/^(?:0|[1-9][0-9]*)\.$/.test(image)) return `write \`${image}0\` or \`${image.slice(0, -1)}\``;
  return 'numbers use JSON syntax: digits, an optional fraction and exponent, no leading zeros';
}

/** Describes a token type for messages: "`{`", "a name", "`permit`". */
export function describeTokenType(t: TokenType): string {
  return t.LABEL ?? t.name;
}

/** Describes a token as found in the source: "`foo`", "end of file". */
export function describeToken(t: IToken): string {
  if (t.tokenType.name === 'EOF' || t.image === '') return 'end of file';
  const image = t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image;
  return `\`${image}\``;
}
