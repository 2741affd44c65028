/**
 * The decision IR: what a checked pact means, with every name resolved and every type decided.
 *
 * A pact's decision logic is a fixed procedure (spec §5: kill switch, schema checks, rules,
 * assembly) over a handful of typed conditions, so the IR is not OPA's set-oriented plan of
 * undefined-propagating statements but a small typed expression language plus the data the
 * procedure needs. Every expression carries its machine representation (`Repr`), which the Wasm
 * lowering maps directly to WebAssembly types:
 *
 * | repr   | meaning                                   | Wasm |
 * |--------|-------------------------------------------|------|
 * | `bool` | a condition                               | i32 0/1 |
 * | `num`  | int, number or duration (seconds)         | f64 |
 * | `str`  | a string or enum member (a runtime value) | i32 value address |
 * | `val`  | a list, set or record (a runtime value)   | i32 value address |
 *
 * Reads of input and data happen only after schema validation succeeded, so a present field
 * always has its declared type; optional fields are read only under a `has` guard (checker).
 * The IR is plain, serialisable data (`JSON.stringify` prints it), checked by `validate.ts`,
 * printed by `print.ts`, and traversed by `walk.ts`.
 */
import type { Span } from '../source/index.js';

/** How a value is represented at run time. */
export type Repr = 'bool' | 'num' | 'str' | 'val';

/** Where a path starts: the input document, the pact's data, or a quantifier variable. */
export type Root = { readonly kind: 'input' } | { readonly kind: 'data' } | { readonly kind: 'var'; readonly slot: number };

/** Built-in functions after overload resolution. */
export type Builtin = 'starts_with' | 'ends_with' | 'contains' | 'lower' | 'len_str' | 'len_coll';

/** Comparison operators. */
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Arithmetic operators (on `num`). Division by zero is the one run-time fault. */
export type ArithOp = '+' | '-' | '*' | '/';

/** A typed expression. */
export type Expr =
  | { readonly op: 'bool'; readonly value: boolean; readonly span?: Span }
  | { readonly op: 'num'; readonly value: number; readonly span?: Span }
  | { readonly op: 'str'; readonly value: string; readonly span?: Span }
  /** Reads `root.path…` (present: checked by the caller or required by the schema). */
  | { readonly op: 'load'; readonly root: Root; readonly path: readonly string[]; readonly repr: Repr; readonly span?: Span }
  /** True when every segment of `root.path…` is present and not null. */
  | { readonly op: 'has'; readonly root: Root; readonly path: readonly string[]; readonly span?: Span }
  /** The value of `lets[index]`, computed at most once per decision. */
  | { readonly op: 'let'; readonly index: number; readonly repr: Repr; readonly span?: Span }
  | { readonly op: 'not'; readonly arg: Expr; readonly span?: Span }
  /** Short-circuit, left to right. */
  | { readonly op: 'and' | 'or'; readonly args: readonly Expr[]; readonly span?: Span }
  | { readonly op: 'cmp'; readonly cmp: CmpOp; readonly repr: 'bool' | 'num' | 'str'; readonly left: Expr; readonly right: Expr; readonly span?: Span }
  | { readonly op: 'arith'; readonly arith: ArithOp; readonly left: Expr; readonly right: Expr; readonly span?: Span }
  | { readonly op: 'neg'; readonly arg: Expr; readonly span?: Span }
  /** `elem in coll` where `coll` is a list or set value; scalar equality of `repr`. */
  | { readonly op: 'member'; readonly repr: 'bool' | 'num' | 'str'; readonly elem: Expr; readonly coll: Expr; readonly span?: Span }
  /** `elem in [a, b, …]`: `elem` evaluated once, compared with each item in order. */
  | { readonly op: 'one_of'; readonly repr: 'bool' | 'num' | 'str'; readonly elem: Expr; readonly items: readonly Expr[]; readonly span?: Span }
  /** `s matches "glob"`. */
  | { readonly op: 'glob'; readonly subject: Expr; readonly pattern: Expr; readonly span?: Span }
  /** A list literal used as a value (`len([…])`, `all x in […]`). */
  | { readonly op: 'list'; readonly items: readonly Expr[]; readonly span?: Span }
  | { readonly op: 'call'; readonly fn: Builtin; readonly args: readonly Expr[]; readonly repr: Repr; readonly span?: Span }
  /** `all/any slot in coll: body`, short-circuit, elements in array order. */
  | { readonly op: 'quant'; readonly q: 'all' | 'any'; readonly slot: number; readonly coll: Expr; readonly body: Expr; readonly span?: Span };

/** A named, lazily evaluated value. */
export interface Let {
  readonly name: string;
  readonly repr: Repr;
  readonly body: Expr;
}

/** An input or data path a condition reads, reported with its value by `explain`. */
export interface Read {
  /** The path as a reviewer reads it: `action.amount`, `approval.role`, `data.refund_limit`. */
  readonly label: string;
  readonly root: Root;
  readonly path: readonly string[];
}

/** A `when`/`unless` clause. */
export interface Clause {
  readonly kind: 'when' | 'unless';
  readonly cond: Expr;
  /** The condition in canonical pact syntax, for explanations. */
  readonly text: string;
  readonly reads: readonly Read[];
}

/** A grant of a permit or escalate rule. */
export interface Grant {
  readonly secret: string;
  readonly scope: string;
  readonly ttl_seconds: number;
  /** `grant "stripe" scope "refunds:write" ttl 5m`, for explanations. */
  readonly text: string;
}

/** A rule, in source order. */
export interface Rule {
  readonly id: string;
  readonly effect: 'permit' | 'escalate' | 'forbid';
  readonly roles: readonly string[];
  readonly because: string;
  readonly clauses: readonly Clause[];
  readonly grants: readonly Grant[];
}

/** A schema check: what a value at some path must be. */
export type Check =
  | { readonly kind: 'bool' | 'string' }
  | { readonly kind: 'int' | 'number' | 'duration'; readonly range?: Range }
  | { readonly kind: 'enum'; readonly members: readonly string[] }
  | { readonly kind: 'list' | 'set'; readonly element: Check }
  | RecordCheck;

/** An inclusive numeric range with its bounds as written in the source. */
export interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly loText: string;
  readonly hiText: string;
}

/** A record's fields, in declaration order. */
export interface RecordCheck {
  readonly kind: 'record';
  readonly fields: readonly { readonly name: string; readonly optional: boolean; readonly check: Check }[];
}

/** Everything the decision procedure of one pact needs. */
export interface Policy {
  readonly pact: { readonly name: string; readonly version: string };
  /** The input schema (violations are reported under `input`). */
  readonly input: RecordCheck;
  /** The data schema, built-ins included (violations are reported under `data`). */
  readonly data: RecordCheck;
  readonly lets: readonly Let[];
  readonly rules: readonly Rule[];
  /** How many quantifier variable slots the expressions use (slots are 0…slots-1). */
  readonly slots: number;
}
