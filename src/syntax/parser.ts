/**
 * The Pact parser: a Chevrotain `CstParser` with error recovery (spec §3–§7).
 *
 * Algorithm. An LL(k) recursive-descent parser whose rules build a concrete syntax tree (CST);
 * `lower.ts` turns the CST into the AST and is the only reader of the generated `cst.d.ts`.
 * The grammar is deliberately permissive wherever a precise diagnostic is easier to give after
 * parsing, and strict where Chevrotain's recovery gives good messages:
 *
 * - Expressions are read as a flat sequence `prefix* operand (infix prefix* operand)*`; the
 *   precedence table in `precedence.ts` (not a rule per level) rebuilds the tree in `lower.ts`.
 *   Quantifier collections use the same shape restricted to `+ - * /`, and quantifier bodies are
 *   full expressions, so a body reaches as far right as it can.
 * - A rule is `EFFECT ID [to ROLES] clause*` with `when`, `unless`, `grant` and `because`
 *   clauses in any order; `lower.ts` reports clauses out of order (P1008) with a helpful message
 *   instead of the generic "expected end of rule".
 * - Comma-separated lists (fields, entries, items) are `(item ","?)*`; `lower.ts` reports a
 *   missing comma between two items, and a trailing comma is always allowed.
 * - At the top level, a `junk` alternative consumes tokens up to the next token that can start
 *   a declaration, so a misspelled keyword (`pemit`) costs one diagnostic and the rest of the
 *   file is still parsed. When a declaration fails midway, Chevrotain's re-sync recovery unwinds
 *   to the declaration loop (every token follows a declaration, because of `junk`), which then
 *   skips to the next declaration: panic mode at declaration granularity, plus Chevrotain's
 *   single-token insertion and deletion inside rules. Record and data blocks have panic mode of
 *   their own (`fieldJunk`): what cannot start a field is skipped to the next `,` or `}`, so one
 *   bad field neither hides the errors of the others nor undeclares them.
 *
 * Error messages are produced as structured data by the message provider and worded for users
 * by {@link parseErrorToDiagnostic}: "expected an expression, found `)`", never token class names.
 */
import { CstParser, EOF, tokenMatcher, type CstNode, type IRecognitionException, type IToken, type TokenType } from './chevrotain.js';
import type { Diagnostic } from '../diag/index.js';
import { didYouMean } from '../diag/index.js';
import type { SourceFile } from '../source/index.js';
import {
  ALL_TOKENS,
  AnyToken,
  describeToken,
  describeTokenType,
  DurationLiteral,
  Identifier,
  InfixOperator,
  KEYWORDS,
  KW,
  NameLike,
  NumberLiteral,
  P,
  PrefixOperator,
  StringLiteral,
} from './tokens.js';

/** What the error message provider records; worded later by {@link parseErrorToDiagnostic}. */
interface ErrorInfo {
  readonly kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'redundant';
  readonly rule: string;
  /** Labels of the token types that would have been accepted. */
  readonly expected: readonly string[];
  readonly expectedNames: readonly string[];
}

const MESSAGES = {
  buildMismatchTokenMessage: (o: { expected: TokenType; ruleName: string }) =>
    JSON.stringify({ kind: 'mismatch', rule: o.ruleName, expected: [describeTokenType(o.expected)], expectedNames: [o.expected.name] }),
  buildNotAllInputParsedMessage: (o: { ruleName: string }) =>
    JSON.stringify({ kind: 'redundant', rule: o.ruleName, expected: [], expectedNames: [] }),
  buildNoViableAltMessage: (o: { expectedPathsPerAlt: TokenType[][][]; ruleName: string }) => {
    const firsts = o.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0])).filter((t): t is TokenType => !!t);
    return JSON.stringify({
      kind: 'noViableAlt',
      rule: o.ruleName,
      expected: [...new Set(firsts.map(describeTokenType))],
      expectedNames: [...new Set(firsts.map((t) => t.name))],
    });
  },
  buildEarlyExitMessage: (o: { expectedIterationPaths: TokenType[][]; ruleName: string }) => {
    const firsts = o.expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => !!t);
    return JSON.stringify({
      kind: 'earlyExit',
      rule: o.ruleName,
      expected: [...new Set(firsts.map(describeTokenType))],
      expectedNames: [...new Set(firsts.map((t) => t.name))],
    });
  },
};

const EFFECT_TOKENS = [KW.permit, KW.escalate, KW.forbid];

/** The Pact grammar as a Chevrotain CST parser; one shared instance is reused for every parse. */
class PactParser extends CstParser {
  constructor() {
    super([...ALL_TOKENS], {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: MESSAGES,
      nodeLocationTracking: 'onlyOffset',
    });
    this.performSelfAnalysis();
  }

  // -------------------------------------------------------------------------------------------
  // File and declarations

  pactFile = this.RULE('pactFile', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE('declaration', () => {
    // Two tokens of lookahead: `input {` starts the schema, `input.x` is junk at the top level.
    this.OR({
      MAX_LOOKAHEAD: 2,
      DEF: [
      { ALT: () => this.SUBRULE(this.header) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.propertyDecl) },
      { ALT: () => this.SUBRULE(this.junk), IGNORE_AMBIGUITIES: true },
      ],
    });
  });

  /** Tokens that cannot start a declaration, skipped up to the next one that can. */
  junk = this.RULE('junk', () => {
    this.CONSUME(AnyToken);
    this.MANY({
      GATE: () => !this.atDeclarationStart(),
      DEF: () => this.OR([{ ALT: () => this.CONSUME2(AnyToken) }, { ALT: () => this.SUBRULE(this.effect) }]),
    });
  });

  header = this.RULE('header', () => {
    this.CONSUME(KW.pact);
    this.CONSUME(Identifier);
    this.CONSUME(KW.version);
    this.CONSUME(StringLiteral);
  });

  useDecl = this.RULE('useDecl', () => {
    this.CONSUME(KW.use);
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.MANY(() => {
            this.CONSUME(P.Dot);
            this.CONSUME(NameLike);
          });
        },
      },
    ]);
  });

  enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(KW.enum);
    this.CONSUME(Identifier);
    // A member may be named like a keyword (`enum Effect { permit, forbid }`).
    this.braced(
      () => this.memberAhead(),
      () => tokenMatcher(this.LA(1), NameLike),
      () => this.CONSUME(NameLike),
    );
  });

  inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(KW.input);
    this.SUBRULE(this.fieldBlock);
  });

  dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(KW.data);
    const ahead = () => this.fieldAhead();
    this.braced(ahead, ahead, () => this.SUBRULE(this.dataField));
  });

  letDecl = this.RULE('letDecl', () => {
    this.CONSUME(KW.let);
    this.CONSUME(Identifier);
    this.CONSUME(P.Equals);
    this.SUBRULE(this.expression);
  });

  // -------------------------------------------------------------------------------------------
  // Types and fields

  fieldBlock = this.RULE('fieldBlock', () => {
    // A field may be named like a keyword (`data: …`, `test: …`).
    const ahead = () => this.fieldAhead();
    this.braced(ahead, ahead, () => this.SUBRULE(this.field));
  });

  /**
   * What cannot be (the rest of) a field, up to the next `,` or `}` outside brackets: recovery
   * inside a record, so that `score: number = 1, age: duration` loses only `= 1` and the fields
   * after it are still declared. `lower.ts` reports it.
   */
  fieldJunk = this.RULE('fieldJunk', () => {
    let depth = 0;
    const track = (t: IToken) => this.ACTION(() => {
      if (t.tokenType === P.LCurly || t.tokenType === P.LBracket || t.tokenType === P.LParen) depth++;
      else if (t.tokenType === P.RCurly || t.tokenType === P.RBracket || t.tokenType === P.RParen) depth--;
    });
    track(this.CONSUME(AnyToken));
    this.MANY({
      GATE: () => {
        const t = this.LA(1).tokenType;
        if (depth <= 0 && (t === P.Comma || t === P.RCurly)) return false;
        return t !== EOF && !this.atDeclarationStart();
      },
      DEF: () => track(this.CONSUME2(AnyToken)),
    });
  });

  field = this.RULE('field', () => {
    this.CONSUME(NameLike);
    this.OPTION(() => this.CONSUME(P.Question));
    this.CONSUME(P.Colon);
    this.SUBRULE(this.typeExpr);
    this.MANY(() => this.SUBRULE(this.annotation));
  });

  dataField = this.RULE('dataField', () => {
    this.CONSUME(NameLike);
    this.CONSUME(P.Colon);
    this.SUBRULE(this.typeExpr);
    this.MANY(() => this.SUBRULE(this.annotation));
    this.OPTION(() => {
      this.CONSUME(P.Equals);
      this.SUBRULE(this.literal);
    });
  });

  typeExpr = this.RULE('typeExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.OPTION(() => {
            this.CONSUME(P.Less);
            this.SUBRULE(this.typeExpr);
            this.CONSUME(P.Greater);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.fieldBlock) },
    ]);
  });

  annotation = this.RULE('annotation', () => {
    this.CONSUME(P.At);
    this.CONSUME(NameLike);
    this.OPTION(() => {
      this.CONSUME(P.LParen);
      this.MANY(() => {
        this.SUBRULE(this.annotationArg);
        this.OPTION2(() => this.CONSUME(P.Comma));
      });
      this.CONSUME(P.RParen);
    });
  });

  annotationArg = this.RULE('annotationArg', () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(P.Minus));
          this.CONSUME(NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME(DurationLiteral) },
      { ALT: () => this.CONSUME(KW.true) },
      { ALT: () => this.CONSUME(KW.false) },
      { ALT: () => this.CONSUME(StringLiteral) },
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Rules

  ruleDecl = this.RULE('ruleDecl', () => {
    this.SUBRULE(this.effect);
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(KW.to);
      this.CONSUME(StringLiteral);
      this.MANY(() => {
        this.CONSUME(P.Comma);
        this.CONSUME2(StringLiteral);
      });
    });
    this.MANY2(() => this.SUBRULE(this.ruleClause));
  });

  effect = this.RULE('effect', () => {
    this.OR(EFFECT_TOKENS.map((t) => ({ ALT: () => this.CONSUME(t) })));
  });

  ruleClause = this.RULE('ruleClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.when);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.unless);
          this.SUBRULE2(this.expression);
        },
      },
      { ALT: () => this.SUBRULE(this.grant) },
      {
        ALT: () => {
          this.CONSUME(KW.because);
          this.CONSUME(StringLiteral);
        },
      },
    ]);
  });

  grant = this.RULE('grant', () => {
    this.CONSUME(KW.grant);
    this.CONSUME(StringLiteral);
    this.CONSUME(KW.scope);
    this.CONSUME2(StringLiteral);
    this.CONSUME(KW.ttl);
    this.CONSUME(DurationLiteral);
  });

  // -------------------------------------------------------------------------------------------
  // Tests and properties

  testDecl = this.RULE('testDecl', () => {
    this.CONSUME(KW.test);
    this.CONSUME(StringLiteral);
    this.CONSUME(P.LCurly);
    this.MANY(() => this.SUBRULE(this.testItem));
    this.CONSUME(P.RCurly);
  });

  testItem = this.RULE('testItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.input);
          this.CONSUME(P.Equals);
          this.SUBRULE(this.literal);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.data);
          this.CONSUME2(P.Equals);
          this.SUBRULE2(this.literal);
        },
      },
      { ALT: () => this.SUBRULE(this.expectClause) },
    ]);
  });

  expectClause = this.RULE('expectClause', () => {
    this.CONSUME(KW.expect);
    this.SUBRULE(this.effect);
    this.OPTION(() => {
      this.CONSUME(KW.by);
      this.CONSUME(Identifier);
      this.MANY(() => {
        this.CONSUME(P.Comma);
        this.CONSUME2(Identifier);
      });
    });
  });

  propertyDecl = this.RULE('propertyDecl', () => {
    this.CONSUME(KW.property);
    this.CONSUME(StringLiteral);
    this.CONSUME(P.LCurly);
    this.OPTION(() => {
      this.CONSUME(KW.given);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(KW.expect);
    this.SUBRULE(this.effect);
    this.MANY(() => {
      this.CONSUME(KW.or);
      this.SUBRULE2(this.effect);
    });
    this.CONSUME(P.RCurly);
  });

  // -------------------------------------------------------------------------------------------
  // Literals (data defaults, test inputs)

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(P.Minus));
          this.CONSUME(NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME(DurationLiteral) },
      { ALT: () => this.CONSUME(KW.true) },
      { ALT: () => this.CONSUME(KW.false) },
      { GATE: () => this.LA(1).image === 'null', ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
      { ALT: () => this.SUBRULE(this.objectLiteral) },
    ]);
  });

  arrayLiteral = this.RULE('arrayLiteral', () => {
    this.CONSUME(P.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.literal);
      this.OPTION(() => this.CONSUME(P.Comma));
    });
    this.CONSUME(P.RBracket);
  });

  objectLiteral = this.RULE('objectLiteral', () => {
    this.CONSUME(P.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.objectEntry);
      this.OPTION(() => this.CONSUME(P.Comma));
    });
    this.CONSUME(P.RCurly);
  });

  objectEntry = this.RULE('objectEntry', () => {
    this.OR([{ ALT: () => this.CONSUME(NameLike) }, { ALT: () => this.CONSUME(StringLiteral) }]);
    this.CONSUME(P.Colon);
    this.SUBRULE(this.literal);
  });

  // -------------------------------------------------------------------------------------------
  // Expressions: flat operator sequences, structured by lower.ts from the precedence table

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(InfixOperator);
      this.SUBRULE2(this.unary);
    });
  });

  /** A quantifier's collection: an additive-level expression. */
  collection = this.RULE('collection', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(P.Plus) },
        { ALT: () => this.CONSUME(P.Minus) },
        { ALT: () => this.CONSUME(P.Star) },
        { ALT: () => this.CONSUME(P.Slash) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.MANY(() => this.CONSUME(PrefixOperator));
    this.SUBRULE(this.primary);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(DurationLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(KW.true) },
      { ALT: () => this.CONSUME(KW.false) },
      { ALT: () => this.SUBRULE(this.listExpr) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.hasExpr) },
      { ALT: () => this.SUBRULE(this.quantifier) },
      { ALT: () => this.SUBRULE(this.callExpr) },
      { ALT: () => this.SUBRULE(this.path) },
    ]);
  });

  listExpr = this.RULE('listExpr', () => {
    this.CONSUME(P.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(P.Comma));
    });
    this.CONSUME(P.RBracket);
  });

  parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(P.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(P.RParen);
  });

  hasExpr = this.RULE('hasExpr', () => {
    this.CONSUME(KW.has);
    this.SUBRULE(this.path);
  });

  quantifier = this.RULE('quantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.all) }, { ALT: () => this.CONSUME(KW.any) }]);
    this.CONSUME(Identifier);
    this.CONSUME(KW.in);
    this.SUBRULE(this.collection);
    this.CONSUME(P.Colon);
    this.SUBRULE(this.expression);
  });

  callExpr = this.RULE('callExpr', () => {
    this.CONSUME(Identifier);
    this.CONSUME(P.LParen);
    this.MANY(() => {
      this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(P.Comma));
    });
    this.CONSUME(P.RParen);
  });

  path = this.RULE('path', () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(KW.input) },
      { ALT: () => this.CONSUME(KW.data) },
    ]);
    this.MANY(() => {
      this.CONSUME(P.Dot);
      this.CONSUME(NameLike);
    });
  });

  /** True when the next tokens begin a declaration (the junk rule stops there). */
  private atDeclarationStart(): boolean {
    const t = this.LA(1).tokenType;
    if (t === EOF) return true;
    if (EFFECT_TOKENS.includes(t)) return this.effectStartsRule();
    if (DECLARATION_KEYWORDS.has(t)) return true;
    return (t === KW.input || t === KW.data) && this.LA(2).tokenType === P.LCurly;
  }

  /**
   * `{ entry, … }` with recovery: an entry is read where `entryAhead` says one starts, and what
   * cannot be one is skipped (`fieldJunk`) to the next `,` or `}`. The loop goes on while
   * `ahead` says an entry is certainly next (even one named like a declaration keyword) or the
   * next token neither closes the block nor starts a declaration. One token of lookahead and the
   * gates decide: deeper lookahead would send an entry that is broken further on (`a: }`) to the
   * junk instead of reporting what it lacks ("expected a type").
   */
  private braced(ahead: () => boolean, entryAhead: () => boolean, entry: () => void): void {
    this.CONSUME(P.LCurly);
    this.MANY({
      GATE: () => ahead() || (this.LA(1).tokenType !== P.RCurly && !this.atDeclarationStart()),
      DEF: () => {
        this.OR({
          MAX_LOOKAHEAD: 1,
          DEF: [
            { GATE: entryAhead, ALT: entry },
            { ALT: () => this.SUBRULE(this.fieldJunk), IGNORE_AMBIGUITIES: true },
          ],
        });
        this.OPTION(() => this.CONSUME(P.Comma));
      },
    });
    this.CONSUME(P.RCurly);
  }

  /** True when an enum member is here: a name, then `,` or `}`. */
  private memberAhead(): boolean {
    const second = this.LA(2).tokenType;
    return tokenMatcher(this.LA(1), NameLike) && (second === P.Comma || second === P.RCurly);
  }

  /** True when a field starts here: a name, then `:` or `?`. */
  private fieldAhead(): boolean {
    const second = this.LA(2).tokenType;
    return tokenMatcher(this.LA(1), NameLike) && (second === P.Colon || second === P.Question);
  }

  /**
   * False when the effect keyword ahead is the tail of a test's or property's `expect` clause
   * (`expect permit`, `expect forbid or escalate`) that junk reached after an error inside the
   * block: read as a rule, it would add a knock-on "expected a rule name" per keyword.
   */
  private effectStartsRule(): boolean {
    const previous = this.LA(0).tokenType;
    return previous !== KW.expect && previous !== KW.or;
  }
}

const DECLARATION_KEYWORDS: ReadonlySet<TokenType> = new Set([
  KW.pact, KW.use, KW.enum, KW.let, KW.permit, KW.escalate, KW.forbid, KW.test, KW.property,
]);

/** Words of other policy languages and of programming, with the pact keyword they mean. */
const SYNONYMS: Readonly<Record<string, string>> = {
  if: 'when', where: 'when', except: 'unless', allow: 'permit', deny: 'forbid', reason: 'because', approve: 'escalate',
};

/** Keywords that start a declaration, for "did you mean" on a misspelled one. */
export const DECLARATION_WORDS: readonly string[] = [
  'permit', 'forbid', 'escalate', 'let', 'enum', 'input', 'data', 'test', 'property', 'use', 'pact',
];

/** The shared parser instance (Chevrotain parsers are built once and reset per input). */
export const parser = new PactParser();

/** The result of running the parser over a token stream. */
export interface CstResult {
  readonly cst: CstNode;
  readonly errors: readonly IRecognitionException[];
}

/** Parses a token stream into a CST, collecting (not throwing) recognition errors. */
export function parseTokens(tokens: IToken[]): CstResult {
  parser.input = tokens;
  const cst = parser.pactFile();
  return { cst, errors: [...parser.errors] };
}

// ---------------------------------------------------------------------------------------------
// Wording errors for users

/** What a rule is called in messages when no single token was expected. */
const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  primary: 'an expression',
  unary: 'an expression',
  expression: 'an expression',
  collection: 'a collection',
  typeExpr: 'a type',
  literal: 'a value (a string, number, duration, `true`, `false`, `null`, list or object)',
  annotationArg: 'an annotation argument',
  effect: '`permit`, `escalate` or `forbid`',
  path: 'a field path such as `action.amount`',
  useDecl: '`std.MODULE` or a quoted file path',
  testItem: '`input =`, `data =` or `expect`',
  objectEntry: 'a field name',
  ruleClause: '`when`, `unless`, `grant` or `because`',
  quantifier: '`all` or `any`',
};

/** How a name is described when the grammar expects one, by rule. */
const NAME_DESCRIPTIONS: Readonly<Record<string, string>> = {
  header: 'a pact name',
  letDecl: 'a name for the `let`',
  ruleDecl: 'a rule name',
  enumDecl: 'an enum name',
  quantifier: 'a variable name',
  expectClause: 'a rule name',
  callExpr: 'a function name',
  typeExpr: 'a type',
  field: 'a field name',
  dataField: 'a field name',
  enumMember: 'an enum member',
  annotation: 'an annotation name',
  path: 'a field name',
  useDecl: 'a module name',
};

/** How a string is described when the grammar expects one, by rule. */
const STRING_DESCRIPTIONS: Readonly<Record<string, string>> = {
  header: 'a version string such as `"1.0.0"`',
  ruleDecl: 'an approver role such as `"finance-lead"`',
  ruleClause: 'the reason, a string',
  grant: 'a quoted name',
  testDecl: 'the test\'s name, a string',
  propertyDecl: 'the property\'s name, a string',
  useDecl: 'a quoted file path',
};

/** Tokens that follow a name in each naming context; a keyword followed by one is a P1009. */
const AFTER_NAME: Readonly<Record<string, readonly string[]>> = {
  header: ['version'],
  letDecl: ['='],
  ruleDecl: ['when', 'unless', 'to', 'grant', 'because'],
  enumDecl: ['{'],
  quantifier: ['in'],
};

function expectedPhrase(info: ErrorInfo): string {
  if (info.kind === 'mismatch') {
    const name = info.expectedNames[0];
    if (name === 'Identifier' || name === 'NameLike') return NAME_DESCRIPTIONS[info.rule] ?? 'a name';
    if (name === 'DurationLiteral') return 'a duration such as `5m`';
    if (name === 'StringLiteral') return STRING_DESCRIPTIONS[info.rule] ?? 'a string';
    return info.expected[0] ?? 'more input';
  }
  const described = RULE_DESCRIPTIONS[info.rule];
  if (described) return described;
  const ex = info.expected;
  if (ex.length === 0) return 'a declaration';
  if (ex.length === 1) return ex[0]!;
  return `${ex.slice(0, -1).join(', ')} or ${ex[ex.length - 1]}`;
}

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

/** Converts a Chevrotain recognition error into a user-worded diagnostic. */
export function parseErrorToDiagnostic(e: IRecognitionException, file: SourceFile): Diagnostic {
  let info: ErrorInfo;
  try {
    info = JSON.parse(e.message) as ErrorInfo;
  } catch {
    info = { kind: 'mismatch', rule: '', expected: [], expectedNames: [] };
  }
  const tok = e.token;
  const atEof = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  const prev = (e as { previousToken?: IToken }).previousToken;
  const prevEnd = prev && !Number.isNaN(prev.startOffset) ? prev.startOffset + prev.image.length : 0;
  // When the unexpected token starts a later line, the mistake is at the end of the previous
  // one (`permit p when⏎permit q …`): point there, where the missing part belongs.
  const lineBreak = !atEof && prev !== undefined && /[\n\r]/.test(file.text.slice(prevEnd, tok.startOffset));
  const span =
    atEof || lineBreak
      ? { file: file.path, start: Math.min(prevEnd, file.text.length), end: Math.min(prevEnd, file.text.length) }
      : { file: file.path, start: tok.startOffset, end: tok.startOffset + tok.image.length };
  const found = atEof ? 'end of file' : describeToken(tok);
  if (info.kind === 'redundant') {
    return { code: 'P1001', severity: 'error', message: `expected a declaration, found ${found}`, span };
  }
  const expected = expectedPhrase(info);
  const wantsName = info.kind === 'mismatch' && (info.expectedNames[0] === 'Identifier' || info.expectedNames[0] === 'NameLike');
  if (wantsName && !atEof && KEYWORD_SET.has(tok.image)) {
    const next = parser.input[tokenIndex(tok) + 1];
    if (next && AFTER_NAME[info.rule]?.includes(next.image)) {
      return {
        code: 'P1009',
        severity: 'error',
        message: `\`${tok.image}\` is a keyword and cannot be used as ${expected}`,
        span,
        label: 'reserved word',
        help: `choose another name, such as \`${tok.image}_\``,
      };
    }
  }
  const help = atEof ? undefined : hyphenHelp(file.text, tok.startOffset);
  return { code: 'P1001', severity: 'error', message: `expected ${expected}, found ${found}`, span, ...(help ? { help } : {}) };
}

function tokenIndex(tok: IToken): number {
  // Tokens are in offset order, so a binary search finds the error token in the shared input.
  const toks = parser.input;
  let lo = 0;
  let hi = toks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = toks[mid]!.startOffset;
    if (o === tok.startOffset) return mid;
    if (o < tok.startOffset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * For a `-` joining two words without spaces (`my-agent`), the help line naming the identifier
 * the user probably meant (`my_agent`); undefined otherwise.
 */
export function hyphenHelp(text: string, offset: number): string | undefined {
  const word = /[A-Za-z0-9_]/;
  if (text[offset] !== '-' || !word.test(text[offset - 1] ?? '') || !/[A-Za-z_]/.test(text[offset + 1] ?? '')) return undefined;
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_-]/.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_-]/.test(text[end]!)) end++;
  const name = text.slice(start, end);
  return /^[A-Za-z_]/.test(name) ? `names cannot contain \`-\`: write \`${name.replace(/-/g, '_')}\`` : undefined;
}

/**
 * Describes skipped top-level tokens: "expected a declaration, found `pemit`" with a suggestion.
 * `afterRule` says the tokens follow a rule, which could also have continued with a clause.
 */
export function junkDiagnostic(first: IToken, file: SourceFile, afterRule = false): Diagnostic {
  const synonym = first.tokenType === Identifier ? SYNONYMS[first.image.toLowerCase()] : undefined;
  const help = synonym
    ? `pacts write \`${synonym}\``
    : first.tokenType === Identifier
      ? didYouMean(first.image, afterRule ? [...DECLARATION_WORDS, 'when', 'unless', 'grant', 'because'] : DECLARATION_WORDS)
      : first.tokenType === P.Equals
        ? 'to compare two values, use `==`'
        : first.tokenType === KW.input || first.tokenType === KW.data
          ? `the \`${first.image}\` block is written \`${first.image} { … }\``
          : undefined;
  const expected = afterRule ? 'a rule clause (`when`, `unless`, `grant`, `because`) or a declaration' : 'a declaration';
  return {
    code: 'P1001',
    severity: 'error',
    message: `expected ${expected}, found ${describeToken(first)}`,
    span: { file: file.path, start: first.startOffset, end: first.startOffset + first.image.length },
    label: 'a declaration starts with `permit`, `forbid`, `escalate`, `let`, `enum`, `input`, `data`, `test` or `property`',
    ...(help ? { help } : {}),
  };
}
