/**
 * Types, symbols and the checked program.
 *
 * The checker leaves the AST alone and records what it learned in side tables keyed by
 * `NodeId` (cel-go's `CheckedAST`): the type of every expression and what every path and call
 * refers to. Only `check/` builds a {@link CheckedPact}, so holding one means the program passed
 * the checker without errors.
 */
import type * as ast from '../syntax/ast.js';
import type { SourceFile } from '../source/index.js';
import type { Diagnostic } from '../diag/index.js';

/** A Pact type. `error` marks an expression whose error was already reported (no cascades). */
export type Type =
  | { readonly kind: 'bool' }
  | { readonly kind: 'int' }
  | { readonly kind: 'number' }
  | { readonly kind: 'string' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: 'set'; readonly element: Type }
  | { readonly kind: 'list'; readonly element: Type }
  | RecordType
  | { readonly kind: 'error' };

/** A record type; also the type of the whole input and the whole data document. */
export interface RecordType {
  readonly kind: 'record';
  readonly fields: readonly FieldType[];
}

/** Which value of a trust signal is safer: `higher`/`lower` for numbers, `true`/`false` for bools. */
export type TrustDirection = 'higher' | 'lower' | 'true' | 'false';

/** A field of a record type with its annotations. */
export interface FieldType {
  readonly name: string;
  readonly optional: boolean;
  readonly type: Type;
  /** `@trust(…)`: a trust signal and its safer direction. */
  readonly trust?: TrustDirection;
  /** `@range(lo, hi)`, inclusive. */
  readonly range?: readonly [number, number];
  /** `@sensitive`: masked in decision logs. */
  readonly sensitive?: boolean;
}

/** A JSON value (data defaults, test inputs, decision documents). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A `let`, from the pact or from a module it uses. */
export interface LetSymbol {
  readonly name: string;
  readonly decl: ast.LetDecl;
  readonly type: Type;
}

/**
 * What a `Path` (or `Call`) node refers to, recorded in {@link CheckedPact.refs}.
 * `input` and `data` paths are absolute (`input` paths without the leading `input`).
 */
export type Ref =
  | { readonly kind: 'input'; readonly path: readonly string[] }
  | { readonly kind: 'data'; readonly path: readonly string[] }
  | { readonly kind: 'let'; readonly name: string; readonly fields: readonly string[] }
  | { readonly kind: 'var'; readonly binder: ast.NodeId; readonly fields: readonly string[] }
  | { readonly kind: 'builtin'; readonly name: string };

/** A module of the program: the pact itself or a library it uses. */
export interface LoadedModule {
  readonly file: SourceFile;
  readonly module: ast.Module;
}

/** A pact that passed the checker. */
export interface CheckedPact {
  readonly name: string;
  readonly version: string;
  /** The pact's own module. */
  readonly main: LoadedModule;
  /** Library modules brought in with `use`, transitively, in load order. */
  readonly libraries: readonly LoadedModule[];
  /** The full input schema, including library fragments and the built-in `approval`. */
  readonly input: RecordType;
  /** The data schema, including the built-in `kill_switch` and `revoked`. */
  readonly data: RecordType;
  /** Data defaults, including `kill_switch: false` and `revoked: []`. */
  readonly dataDefaults: { readonly [key: string]: Json };
  /** Enums by name. */
  readonly enums: ReadonlyMap<string, Type & { kind: 'enum' }>;
  /** Lets by name, in dependency order (a let comes after every let it uses). */
  readonly lets: ReadonlyMap<string, LetSymbol>;
  /** Rules of the pact in source order. */
  readonly rules: readonly ast.Rule[];
  readonly tests: readonly ast.TestDecl[];
  readonly properties: readonly ast.PropertyDecl[];
  /** The type of every expression node. */
  readonly types: ReadonlyMap<ast.NodeId, Type>;
  /** What every Path and Call node refers to. */
  readonly refs: ReadonlyMap<ast.NodeId, Ref>;
}

/** The checker's answer: a checked pact when there are no errors, and all diagnostics. */
export interface CheckResult {
  readonly pact: CheckedPact | undefined;
  readonly diagnostics: readonly Diagnostic[];
}
