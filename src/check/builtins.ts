/**
 * Built-in functions and their signatures (spec §4).
 *
 *   starts_with(s: string, p: string) -> bool     s begins with p
 *   ends_with(s: string, p: string)   -> bool     s ends with p
 *   contains(s: string, p: string)    -> bool     p occurs in s
 *   lower(s: string)                  -> string   s in lower case
 *   len(x: string | set<T> | list<T>) -> int      characters of a string, elements of a collection
 *
 * A call is checked in three steps, each reporting at most once: the name must be a function
 * (P2004, with the nearest name), the number of arguments must match (P2024), and each
 * argument must fit its parameter (P2020). Strings are strict: an enum value is not a string
 * argument, so `starts_with(action.category, "priv")` is an error — compare enum values with
 * `==` or `in` instead. A call always gets its declared result type, even after an argument
 * error, so one mistake does not spread to the condition around it.
 *
 * The table is the single source of truth for both checking and documentation (`pactc
 * explain`, the language guide); the planner maps the same names to its operations.
 */
import type { Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import type { Reporter } from './errors.js';
import { describeType, isCollection, isError, T, type Type } from './types.js';

/** What a parameter accepts. */
type Param = 'string' | 'sized';

/** A built-in function. */
export interface Builtin {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly accepts: Param }[];
  readonly result: Type;
  /** One line for documentation. */
  readonly doc: string;
}

/** Every built-in function, in the order the language guide lists them. */
export const BUILTINS: readonly Builtin[] = [
  {
    name: 'starts_with',
    params: [
      { name: 's', accepts: 'string' },
      { name: 'p', accepts: 'string' },
    ],
    result: T.bool,
    doc: 'true when `s` begins with `p`',
  },
  {
    name: 'ends_with',
    params: [
      { name: 's', accepts: 'string' },
      { name: 'p', accepts: 'string' },
    ],
    result: T.bool,
    doc: 'true when `s` ends with `p`',
  },
  {
    name: 'contains',
    params: [
      { name: 's', accepts: 'string' },
      { name: 'p', accepts: 'string' },
    ],
    result: T.bool,
    doc: 'true when `p` occurs in `s`',
  },
  { name: 'lower', params: [{ name: 's', accepts: 'string' }], result: T.string, doc: '`s` with every letter in lower case' },
  { name: 'len', params: [{ name: 'x', accepts: 'sized' }], result: T.int, doc: 'the characters of a string, or the elements of a set or list' },
];

const BY_NAME: ReadonlyMap<string, Builtin> = new Map(BUILTINS.map((b) => [b.name, b]));

/** Looks up a built-in function by name. */
function builtin(name: string): Builtin | undefined {
  return BY_NAME.get(name);
}

function accepts(p: Param, t: Type): boolean {
  if (isError(t)) return true;
  return p === 'string' ? t.kind === 'string' : t.kind === 'string' || isCollection(t);
}

function wants(p: Param): string {
  return p === 'string' ? 'a `string`' : 'a `string`, set or list';
}

function ordinal(i: number): string {
  return ['first', 'second', 'third'][i] ?? `${i + 1}th`;
}

/**
 * Checks a call whose arguments have been typed; returns the call's type (the error type for
 * an unknown function).
 */
export function checkCall(call: ast.Call, argTypes: readonly Type[], report: Reporter): Type {
  const fn = builtin(call.callee.text);
  if (!fn) {
    report.unknownFunction(call.callee.span, call.callee.text, BUILTINS.map((b) => b.name));
    return T.error;
  }
  if (argTypes.length !== fn.params.length) {
    const n = fn.params.length;
    const sig = `${fn.name}(${fn.params.map((p) => p.name).join(', ')})`;
    report.error('P2024', call.span, `\`${fn.name}\` takes ${n} argument${n === 1 ? '' : 's'}, not ${argTypes.length}`, {
      label: `${argTypes.length} argument${argTypes.length === 1 ? '' : 's'} given`,
      help: `write \`${sig}\``,
    });
    return fn.result;
  }
  fn.params.forEach((p, i) => {
    const t = argTypes[i] as Type;
    const arg = call.args[i] as ast.Expr;
    if (!accepts(p.accepts, t)) argumentMismatch(report, arg.span, fn, i, t);
  });
  return fn.result;
}

function argumentMismatch(report: Reporter, span: Span, fn: Builtin, i: number, t: Type): void {
  const help =
    t.kind === 'enum'
      ? 'enum values are not strings here; compare them with `==` or `in` instead'
      : t.kind === 'record'
        ? 'name one of its fields'
        : undefined;
  report.error('P2020', span, `the ${ordinal(i)} argument of \`${fn.name}\` must be ${wants(fn.params[i]?.accepts ?? 'string')}, not ${describeType(t)}`, {
    label: `this is ${describeType(t)}`,
    ...(help ? { help } : {}),
  });
}
