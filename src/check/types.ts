/**
 * Types, symbols and the checked program.
 *
 * The checker leaves the AST alone and records what it learned in side tables keyed by
 * `NodeId` (cel-go's `CheckedAST`): the type of every expression and what every path and call
 * refers to. Only `check/` builds a {@link CheckedPact}, so holding one means the program passed
 * the checker without errors.
 *
 * The second half of the file holds the operations on types — constants, display, equality —
 * and the typing rules of §4 that are about types alone. The project's reading of the spec,
 * which the language guide quotes:
 *
 * - `int`, `number` and `duration` are all numbers: they mix freely in arithmetic and in every
 *   comparison. Arithmetic gives `int` for `int + - * int`, `number` for any `/`, `duration`
 *   for `duration ± duration`, and `number` otherwise (`duration * int` is a plain number of
 *   seconds).
 * - `< <= > >=` compare numbers only. `== !=` compare scalars — `bool`, numbers, `string`, an
 *   enum — of the same type; numbers of any kind compare with each other. A string *literal*
 *   may meet an enum and must then be one of its members (checked in `check.ts`).
 * - Collections are `set<T>` and `list<T>`; `x in C` needs a scalar `x` and a collection of
 *   its type.
 * - The `error` type marks an expression whose problem was already reported; every rule here
 *   accepts it silently so one mistake gives one diagnostic.
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
  /**
   * The bounds of `range` as written in the source (`@range(0.0, 30d)` → `['0.0', '30d']`),
   * which violation messages print; present whenever `range` is.
   */
  readonly rangeText?: readonly [string, string];
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
  /**
   * The Path nodes (including those under `has`) that read through optional fields, with each
   * optional prefix in the coordinates of the path's {@link Ref} (`path` for input and data,
   * `fields` for lets and variables), shortest first: `action.amount` → `[['action', 'amount']]`.
   * The checker has proved every such read outside `has` is guarded; a path absent here is
   * always present in an input that conforms to the schema.
   */
  readonly optionalPaths: ReadonlyMap<ast.NodeId, readonly (readonly string[])[]>;
}

/** The checker's answer: a checked pact when there are no errors, and all diagnostics. */
export interface CheckResult {
  readonly pact: CheckedPact | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Operations on types

/** The scalar and error types as shared constants. */
export const T = {
  bool: { kind: 'bool' },
  int: { kind: 'int' },
  number: { kind: 'number' },
  string: { kind: 'string' },
  duration: { kind: 'duration' },
  error: { kind: 'error' },
} as const satisfies Record<string, Type>;

/** An enum type. */
export type EnumType = Type & { kind: 'enum' };

/** A set or list type. */
export type CollectionType = Type & { kind: 'set' | 'list' };

/** The names of the built-in scalar types, for type expressions and suggestions. */
export const SCALAR_TYPE_NAMES: readonly string[] = ['bool', 'int', 'number', 'string', 'duration'];

/** True for the error type. */
export function isError(t: Type): boolean {
  return t.kind === 'error';
}

/** True for `int`, `number` and `duration`. */
export function isNumeric(t: Type): boolean {
  return t.kind === 'int' || t.kind === 'number' || t.kind === 'duration';
}

/** True for the types `==` and `!=` accept: bool, numbers, string, enums. */
export function isScalar(t: Type): boolean {
  return t.kind === 'bool' || t.kind === 'string' || t.kind === 'enum' || isNumeric(t);
}

/** True for `set<T>` and `list<T>`. */
export function isCollection(t: Type): t is CollectionType {
  return t.kind === 'set' || t.kind === 'list';
}

/** Structural type equality; enums are equal by name. */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'enum':
      return a.name === (b as EnumType).name;
    case 'set':
    case 'list':
      return sameType(a.element, (b as CollectionType).element);
    case 'record': {
      const bf = (b as RecordType).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => sameField(f, bf[i]));
    }
    default:
      return true;
  }
}

function sameField(a: FieldType, b: FieldType | undefined): boolean {
  return b !== undefined && a.name === b.name && a.optional === b.optional && sameType(a.type, b.type);
}

/**
 * True when a value of type `value` may stand where `expected` is wanted: the same type, any
 * number for a number, and collections and records element by element. Errors fit anywhere.
 */
export function fits(value: Type, expected: Type): boolean {
  if (isError(value) || isError(expected)) return true;
  if (isNumeric(value) && isNumeric(expected)) return true;
  if (isCollection(value) && isCollection(expected)) {
    return value.kind === expected.kind && fits(value.element, expected.element);
  }
  return sameType(value, expected);
}

/** True when `==` may compare `a` and `b` (both scalars of one type, or both numbers). */
export function comparable(a: Type, b: Type): boolean {
  if (isError(a) || isError(b)) return true;
  if (!isScalar(a) || !isScalar(b)) return false;
  return (isNumeric(a) && isNumeric(b)) || sameType(a, b);
}

/** The result of `a OP b` for the arithmetic operators, both operands numeric. */
export function arithmeticResult(op: '+' | '-' | '*' | '/', a: Type, b: Type): Type {
  if (isError(a) || isError(b)) return T.error;
  if (op === '/') return T.number;
  if (a.kind === 'int' && b.kind === 'int') return T.int;
  if ((op === '+' || op === '-') && a.kind === 'duration' && b.kind === 'duration') return T.duration;
  return T.number;
}

/** The field `name` of a record type, if it has one. */
export function fieldOf(t: RecordType, name: string): FieldType | undefined {
  return t.fields.find((f) => f.name === name);
}

/** Shows a type as it is written in pact source: `set<string>`, `{ score: number, tag?: string }`. */
export function showType(t: Type): string {
  switch (t.kind) {
    case 'enum':
      return t.name;
    case 'set':
    case 'list':
      return `${t.kind}<${showType(t.element)}>`;
    case 'record':
      return t.fields.length === 0 ? '{}' : `{ ${t.fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${showType(f.type)}`).join(', ')} }`;
    case 'error':
      return 'unknown';
    default:
      return t.kind;
  }
}

/** A type with an article for prose: "a `number`", "an `int`", "a record". */
export function describeType(t: Type): string {
  if (t.kind === 'record') return 'a record';
  const shown = showType(t);
  return `${/^[aeiou]/i.test(shown) ? 'an' : 'a'} \`${shown}\``;
}
