/**
 * `parse`: source text → best-effort AST plus every lexical and syntax diagnostic.
 *
 * Algorithm: lex (tokens, comments, lexer diagnostics) → bound the nesting depth → run the
 * recovering Chevrotain parser → word its errors → lower the CST to the AST (which adds the
 * diagnostics of the permissive grammar parts) → merge, de-duplicate (one error per offset,
 * the earliest reported wins) and sort.
 *
 * `parse` never throws for any text. Recursion is bounded up front: a file whose brackets or
 * quantifiers nest deeper than {@link MAX_NESTING} is rejected with P1012 before the recursive
 * parser runs, and flat expressions are bounded in `lower.ts`. A last-resort guard turns an
 * unexpected exception into a diagnostic rather than crash the caller (a compiler bug, but the
 * user still gets a message and a module).
 */
import { sortDiagnostics, type Diagnostic } from '../diag/index.js';
import type { SourceFile } from '../source/index.js';
import type * as ast from './ast.js';
import { lower, type Skipped } from './lower.js';
import { parseErrorToDiagnostic, parseTokens } from './parser.js';
import { KW, lex, P } from './tokens.js';
import type { IToken, TokenType } from './chevrotain.js';

/** How deeply brackets and quantifiers may nest in one declaration. */
export const MAX_NESTING = 100;

const OPENERS: ReadonlySet<TokenType> = new Set([P.LParen, P.LBracket, P.LCurly]);
const CLOSERS: ReadonlySet<TokenType> = new Set([P.RParen, P.RBracket, P.RCurly]);
const QUANTIFIERS: ReadonlySet<TokenType> = new Set([KW.all, KW.any]);
const RESETS: ReadonlySet<TokenType> = new Set([KW.let, KW.permit, KW.escalate, KW.forbid, KW.when, KW.unless, KW.test, KW.property]);

/**
 * Finds the first token at which brackets plus quantifiers nest deeper than {@link MAX_NESTING}.
 * Quantifiers have no closing token, so they count until the next clause or declaration keyword.
 */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let brackets = 0;
  let quantifiers = 0;
  for (const t of tokens) {
    if (OPENERS.has(t.tokenType)) brackets++;
    else if (CLOSERS.has(t.tokenType)) brackets = Math.max(0, brackets - 1);
    else if (QUANTIFIERS.has(t.tokenType)) quantifiers++;
    else if (RESETS.has(t.tokenType)) quantifiers = 0;
    if (brackets + quantifiers > MAX_NESTING) return t;
  }
  return undefined;
}

function emptyModule(file: SourceFile): ast.Module {
  return { kind: 'Module', id: 0, span: { file: file.path, start: 0, end: file.text.length }, header: undefined, decls: [], comments: [] };
}

/** Parses one source file; never throws, and always returns a module (possibly partial). */
export function parse(file: SourceFile): { module: ast.Module; diagnostics: readonly Diagnostic[]; skipped: readonly Skipped[] } {
  try {
    const lexed = lex(file);
    const deep = tooDeep(lexed.tokens);
    if (deep) {
      const diagnostic: Diagnostic = {
        code: 'P1012',
        severity: 'error',
        message: `nesting is too deep (more than ${MAX_NESTING} levels of brackets and quantifiers)`,
        span: { file: file.path, start: deep.startOffset, end: deep.startOffset + deep.image.length },
        help: 'split the expression or literal into smaller parts',
      };
      return { module: emptyModule(file), diagnostics: [...lexed.diagnostics, diagnostic], skipped: [] };
    }
    const { cst, errors } = parseTokens(lexed.tokens);
    const parseDiagnostics = errors.map((e) => parseErrorToDiagnostic(e, file));
    const lowered = lower(cst, file, lexed, errors);
    const grammar = withoutEchoes([...parseDiagnostics, ...lowered.diagnostics], lexed.diagnostics, lowered.module, file.text);
    return { module: lowered.module, diagnostics: dedupe([...lexed.diagnostics, ...grammar]), skipped: lowered.skipped };
  } catch (e) {
    return {
      module: emptyModule(file),
      skipped: [],
      diagnostics: [
        {
          code: 'P1001',
          severity: 'error',
          message: `the parser failed on this file: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
          span: { file: file.path, start: 0, end: 0 },
          help: 'this is a bug in pactc; please report it with the file',
        },
      ],
    };
  }
}

/**
 * Drops the syntax errors that only echo a lexer error: after an unterminated block comment
 * (which runs to the end of the file), every one; after an unterminated string (which runs to the
 * end of its line and so eats the brackets there), those up to the next declaration; after an
 * unexpected character, those on the rest of its line.
 */
function withoutEchoes(grammar: readonly Diagnostic[], lexical: readonly Diagnostic[], module: ast.Module, text: string): Diagnostic[] {
  const starts = module.decls.map((d) => d.span.start);
  const quiet: { start: number; end: number }[] = [];
  for (const l of lexical) {
    const at = l.span.start;
    if (l.code === 'P1003') quiet.push({ start: at, end: text.length });
    else if (l.code === 'P1002') quiet.push({ start: at, end: Math.min(text.length, ...starts.filter((s) => s > at)) });
    else if (l.code === 'P1004') {
      const eol = text.slice(at).search(/[\r\n]/);
      quiet.push({ start: at, end: eol < 0 ? text.length : at + eol });
    }
  }
  // "found end of file" is placed after the last token, which may come before the comment.
  const eofEcho = lexical.some((l) => l.code === 'P1003');
  return grammar.filter(
    (d) => d.code !== 'P1001' || !(quiet.some((q) => d.span.start > q.start && d.span.start <= q.end) || (eofEcho && d.message.endsWith('found end of file'))),
  );
}

/** Keeps the first diagnostic reported at each offset, then sorts by position. */
function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    if (seen.has(d.span.start)) continue;
    seen.add(d.span.start);
    out.push(d);
  }
  return sortDiagnostics(out);
}
