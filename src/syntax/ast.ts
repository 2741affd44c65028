/**
 * The Pact abstract syntax tree.
 *
 * Plain, readonly data: unions discriminated on `kind`, every node with a unique `id` (unique
 * within one parse) and a `span`, no parent pointers and no methods, so a tree prints as JSON and
 * later phases keep their results in side tables keyed by `id` (cel-go, TypeScript `nodeLinks`).
 * The Chevrotain CST never leaves `syntax/`: `lower.ts` builds these nodes from it.
 *
 * Parenthesised expressions are not kept: the printer re-inserts parentheses from the one
 * precedence table in `print.ts`, so `parse(print(ast))` equals `ast` up to ids and spans.
 */
import type { Span } from '../source/index.js';

/** A node identifier, unique within one parsed module. */
export type NodeId = number;

interface Node {
  readonly id: NodeId;
  readonly span: Span;
}

/** An identifier as written. */
export interface Name extends Node {
  readonly kind: 'Name';
  readonly text: string;
}

/** A string literal; `value` is the decoded text, the span includes the quotes. */
export interface StringLit extends Node {
  readonly kind: 'String';
  readonly value: string;
}

// ---------------------------------------------------------------------------------------------
// Modules and declarations

/** One parsed `.pact` file. */
export interface Module extends Node {
  readonly kind: 'Module';
  /** The `pact NAME version "X"` header; undefined when missing (a P1007 error is reported). */
  readonly header: PactHeader | undefined;
  readonly decls: readonly Decl[];
  /** Every comment in the file, in order; kept for `pactc fmt`. */
  readonly comments: readonly Comment[];
}

/** A `//` or `/* … *\/` comment; `text` includes the delimiters. */
export interface Comment {
  readonly span: Span;
  readonly text: string;
  readonly block: boolean;
  /** True when code precedes the comment on its line, so `fmt` keeps it at the end of that line. */
  readonly trailing?: boolean;
}

/** `pact NAME version "SEMVER"`. */
export interface PactHeader extends Node {
  readonly kind: 'Pact';
  readonly name: Name;
  readonly version: StringLit;
}

/** Any top-level declaration after the header. */
export type Decl = Use | EnumDecl | InputDecl | DataDecl | LetDecl | Rule | TestDecl | PropertyDecl;

/** `use std.MODULE` (`std` set, `path` the dotted module name) or `use "./file.pact"`. */
export type Use = UseStd | UseFile;

/** `use std.trust` — a standard library module by name (`module` = `trust`, may be dotted). */
export interface UseStd extends Node {
  readonly kind: 'UseStd';
  /** The names after `std`, e.g. `[trust]` for `use std.trust`. */
  readonly path: readonly Name[];
}

/** `use "./common.pact"` — a module by path relative to the using file. */
export interface UseFile extends Node {
  readonly kind: 'UseFile';
  readonly path: StringLit;
}

/** `enum NAME { a, b, … }`. */
export interface EnumDecl extends Node {
  readonly kind: 'Enum';
  readonly name: Name;
  readonly members: readonly Name[];
}

/** `input { … }` — the decision input's schema (its top-level fields). */
export interface InputDecl extends Node {
  readonly kind: 'Input';
  readonly fields: readonly Field[];
}

/** `data { name: TYPE = LITERAL, … }` — run-time tunables with defaults. */
export interface DataDecl extends Node {
  readonly kind: 'Data';
  readonly fields: readonly DataField[];
}

/** `let NAME = EXPR`. */
export interface LetDecl extends Node {
  readonly kind: 'Let';
  readonly name: Name;
  readonly value: Expr;
}

// ---------------------------------------------------------------------------------------------
// Types and fields

/** A type as written. */
export type TypeExpr = NamedType | CollectionType | RecordType;

/** `bool`, `int`, `number`, `string`, `duration` or an enum name. */
export interface NamedType extends Node {
  readonly kind: 'NamedType';
  readonly name: Name;
}

/** `set<T>` or `list<T>`. */
export interface CollectionType extends Node {
  readonly kind: 'CollectionType';
  readonly collection: 'set' | 'list';
  readonly element: TypeExpr;
}

/** `{ f: T, g?: U }`. */
export interface RecordType extends Node {
  readonly kind: 'RecordType';
  readonly fields: readonly Field[];
}

/** A record or input field: `name?: TYPE @annotation…`. */
export interface Field extends Node {
  readonly kind: 'Field';
  readonly name: Name;
  readonly optional: boolean;
  readonly type: TypeExpr;
  readonly annotations: readonly Annotation[];
}

/** A data field: `name: TYPE @annotation… = LITERAL`. */
export interface DataField extends Node {
  readonly kind: 'DataField';
  readonly name: Name;
  readonly type: TypeExpr;
  readonly annotations: readonly Annotation[];
  /** The default; undefined when omitted (the checker reports it). */
  readonly value: Literal | undefined;
}

/**
 * `@trust(higher)`, `@trust(true)`, `@range(0, 1)`, `@sensitive`. Arguments are literals or bare
 * words (`higher`, `lower`), kept as written so the checker can explain a wrong one.
 */
export interface Annotation extends Node {
  readonly kind: 'Annotation';
  readonly name: Name;
  readonly args: readonly AnnotationArg[];
}

/** An annotation argument: a bare word or a literal (`-1` is a negative number literal). */
export type AnnotationArg = Name | NumberLit | BoolLit | StringLit;

// ---------------------------------------------------------------------------------------------
// Rules

/** The three rule kinds. */
export type Effect = 'permit' | 'escalate' | 'forbid';

/** `permit|escalate|forbid ID [to ROLES] clauses… grants… because "TEXT"`. */
export interface Rule extends Node {
  readonly kind: 'Rule';
  readonly effect: Effect;
  readonly name: Name;
  /** Approver roles of an escalate rule (`to "a", "b"`); empty for the other kinds. */
  readonly roles: readonly StringLit[];
  /** `when` and `unless` clauses in source order. */
  readonly clauses: readonly Clause[];
  readonly grants: readonly Grant[];
  /** Undefined when the rule has no `because` (the checker reports P2040). */
  readonly because: StringLit | undefined;
}

/** `when EXPR` or `unless EXPR`. */
export interface Clause extends Node {
  readonly kind: 'When' | 'Unless';
  readonly condition: Expr;
}

/** `grant "SECRET" scope "SCOPE" ttl DURATION`. */
export interface Grant extends Node {
  readonly kind: 'Grant';
  readonly secret: StringLit;
  readonly scope: StringLit;
  readonly ttl: DurationLit;
}

// ---------------------------------------------------------------------------------------------
// Tests and properties

/** `test "TEXT" { input = OBJECT [data = OBJECT] expect EFFECT [by ID, …] }`. */
export interface TestDecl extends Node {
  readonly kind: 'Test';
  readonly name: StringLit;
  /** Undefined when missing (reported by the checker). */
  readonly input: Literal | undefined;
  readonly data: Literal | undefined;
  /** Undefined when missing (reported by the checker). */
  readonly expect: Expectation | undefined;
}

/** `expect EFFECT [by ID, …]` in a test. */
export interface Expectation extends Node {
  readonly kind: 'Expect';
  readonly effect: Effect;
  readonly effectSpan: Span;
  readonly by: readonly Name[];
}

/** `property "TEXT" { [given EXPR] expect EFFECT [or EFFECT]* }`. */
export interface PropertyDecl extends Node {
  readonly kind: 'Property';
  readonly name: StringLit;
  readonly given: Expr | undefined;
  readonly effects: readonly { readonly effect: Effect; readonly span: Span }[];
}

// ---------------------------------------------------------------------------------------------
// Literals (JSON-like values: data defaults, test inputs)

/**
 * A JSON-like literal as used for data defaults and test inputs: JSON with bare object keys,
 * durations (seconds) and negative numbers. `null` is accepted only here.
 */
export type Literal = NumberLit | StringLit | BoolLit | DurationLit | NullLit | ArrayLit | ObjectLit;

/** A number; `text` is the literal as written (with a leading `-` if negative). */
export interface NumberLit extends Node {
  readonly kind: 'Number';
  readonly text: string;
  readonly value: number;
}

/** `true` or `false`. */
export interface BoolLit extends Node {
  readonly kind: 'Bool';
  readonly value: boolean;
}

/** `90s`, `5m`, `2h`, `30d`; `seconds` is the value in seconds. */
export interface DurationLit extends Node {
  readonly kind: 'Duration';
  readonly text: string;
  readonly seconds: number;
}

/** `null` (literals only). */
export interface NullLit extends Node {
  readonly kind: 'Null';
}

/** `[a, b]` in a literal. */
export interface ArrayLit extends Node {
  readonly kind: 'Array';
  readonly items: readonly Literal[];
}

/** `{ key: value, "key": value }`; keys may be bare identifiers or strings. */
export interface ObjectLit extends Node {
  readonly kind: 'Object';
  readonly entries: readonly ObjectEntry[];
}

/** One `key: value` entry of an object literal. */
export interface ObjectEntry extends Node {
  readonly kind: 'Entry';
  readonly key: string;
  readonly keySpan: Span;
  /** True when the key was written as a bare identifier (kept so `fmt` preserves it). */
  readonly bare: boolean;
  readonly value: Literal;
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** Any expression. */
export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | DurationLit
  | ListExpr
  | Path
  | Unary
  | Binary
  | Call
  | Has
  | Quantifier;

/** `[a, b, c]` in an expression. */
export interface ListExpr extends Node {
  readonly kind: 'List';
  readonly items: readonly Expr[];
}

/**
 * A dotted name: `trust.score`, `input.action.amount`, `data.refund_limit`, a `let` name, a
 * quantifier variable and its fields. What the root names is decided by the checker.
 */
export interface Path extends Node {
  readonly kind: 'Path';
  readonly root: Name;
  readonly fields: readonly Name[];
}

/** Unary operators. */
export type UnaryOp = 'not' | '-';

/** `not x`, `-x`. */
export interface Unary extends Node {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
}

/** Binary operators. */
export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'matches' | '+' | '-' | '*' | '/';

/** `a OP b`. */
export interface Binary extends Node {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

/** `f(a, b)`; `callee` is a function name (built-in or standard library). */
export interface Call extends Node {
  readonly kind: 'Call';
  readonly callee: Name;
  readonly args: readonly Expr[];
}

/** `has PATH`. */
export interface Has extends Node {
  readonly kind: 'Has';
  readonly path: Path;
}

/** `all X in L: EXPR` / `any X in L: EXPR`. */
export interface Quantifier extends Node {
  readonly kind: 'Quantifier';
  readonly quantifier: 'all' | 'any';
  readonly variable: Name;
  readonly collection: Expr;
  readonly body: Expr;
}

/** Every node kind, for exhaustive switches in `walk.ts`. */
export type AnyNode =
  | Module
  | PactHeader
  | Decl
  | TypeExpr
  | Field
  | DataField
  | Annotation
  | Clause
  | Grant
  | Expectation
  | Literal
  | ObjectEntry
  | Expr
  | Name;
