/**
 * Chevrotain, loaded from its single-file ESM build.
 *
 * The package's entry point (`lib/src/api.js`) imports some 700 modules (its lodash-es
 * dependency, one file per function), which costs about a quarter of a second on every start of
 * `pactc` — most of the time of a `pactc check`. The package also ships the same code of the same
 * version as one bundled file, `lib/chevrotain.mjs`, which loads in a few milliseconds; its
 * `exports` map hides that file from bare imports, so it is found beside the resolved entry
 * point. When it is not there (a future layout), the entry point is used.
 *
 * INVARIANT: every module of pactc takes Chevrotain from here, never from `'chevrotain'`
 * directly: two copies would have distinct token and production classes, and `instanceof`
 * across them fails.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

const entry = createRequire(import.meta.url).resolve('chevrotain');
const bundled = join(dirname(entry), '..', 'chevrotain.mjs');

/** The Chevrotain module (one copy for all of pactc). */
export const chevrotain = (await import(existsSync(bundled) ? pathToFileURL(bundled).href : 'chevrotain')) as typeof Chevrotain;

export const { createToken, Lexer, CstParser, EOF, tokenMatcher } = chevrotain;
/** The instance type of {@link CstParser}. */
export type CstParser = Chevrotain.CstParser;
export type { CstNode, CustomPatternMatcherReturn, IProduction, IRecognitionException, IToken, TokenType } from 'chevrotain';
