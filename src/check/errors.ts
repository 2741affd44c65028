/**
 * The checker's diagnostics, worded in one place (cel-go's `checker/errors.go`).
 *
 * The passes say *what* happened — "unknown field `scor` on `trust`, these were the fields" —
 * by calling a method of {@link Reporter}; this file turns that into a {@link Diagnostic}: the
 * code from the catalog, a one-line lowercase message with user text in backticks, a short
 * label under the caret, related locations, and a "did you mean" help computed by
 * `diag/suggest.ts` from the candidates the pass supplied. Keeping the prose here keeps the
 * passes about analysis and the wording consistent (cedar's style guide: pact concepts, no
 * implementation words, no final period).
 */
import { didYouMean, nearest, type Code, type Diagnostic, type Related } from '../diag/index.js';
import type { Span } from '../source/index.js';
import { describeType, showType, type Type } from './types.js';

/**
 * The help line for a suggestion already chosen by `diag/suggest.ts` (`nearest`); the same
 * wording as `didYouMean`.
 */
export function meant(best: string): string {
  return `did you mean \`${best}\`?`;
}

/** Extra parts of a diagnostic besides code, span and message. */
export interface Extras {
  readonly label?: string;
  readonly related?: readonly Related[];
  readonly help?: string;
  readonly fix?: { readonly span: Span; readonly replacement: string };
}

/** A short name for a kind of declaration, used in "duplicate" and "unknown" messages. */
export type DeclKind = 'let' | 'enum' | 'field' | 'data field' | 'enum member' | 'rule' | 'annotation';

/** Collects the checker's diagnostics; every method appends one. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /**
   * Set when a `use` did not load: the names, types, functions and `data` fields that module
   * could have declared are then not reported as unknown (they would only repeat the `use`).
   */
  private scopeIncomplete = false;

  /** Notes that a module did not load (see `scopeIncomplete`). */
  moduleMissing(): void {
    this.scopeIncomplete = true;
  }

  /** Reports an error. */
  error(code: Code, span: Span, message: string, extras: Extras = {}): void {
    this.push('error', code, span, message, extras);
  }

  /** Reports a warning. */
  warning(code: Code, span: Span, message: string, extras: Extras = {}): void {
    this.push('warning', code, span, message, extras);
  }

  private push(severity: Diagnostic['severity'], code: Code, span: Span, message: string, extras: Extras): void {
    this.diagnostics.push({ code, severity, message, span, ...extras });
  }

  // -------------------------------------------------------------------------------------------
  // Names

  /** P2001: a name that is no input field, let, quantifier variable, `input` or `data`. */
  unknownName(span: Span, name: string, candidates: Iterable<string>, help?: string): void {
    if (this.scopeIncomplete) return;
    const h = help ?? didYouMean(name, candidates);
    this.error('P2001', span, `unknown name \`${name}\``, { label: 'not an input field, let or variable', ...(h ? { help: h } : {}) });
  }

  /** P2002: `owner.name` where `owner` is a record without that field. */
  unknownField(span: Span, name: string, owner: string, candidates: Iterable<string>): void {
    if (this.scopeIncomplete && owner === 'data') return;
    const best = nearest(name, candidates);
    this.error('P2002', span, `unknown field \`${name}\` on \`${owner}\``, {
      label: `\`${owner}\` has no field \`${name}\``,
      ...(best !== undefined ? { help: meant(best), fix: { span, replacement: best } } : {}),
    });
  }

  /** P2002: `owner.name` where `owner` is not a record at all. */
  notARecord(span: Span, name: string, owner: string, ownerType: Type): void {
    this.error('P2002', span, `unknown field \`${name}\`: \`${owner}\` is ${describeType(ownerType)} and has no fields`, {
      label: 'no fields here',
    });
  }

  /** P2003: a type name that is no built-in type or enum. */
  unknownType(span: Span, name: string, candidates: Iterable<string>, help?: string): void {
    if (this.scopeIncomplete) return;
    const h = help ?? didYouMean(name, candidates);
    this.error('P2003', span, `unknown type \`${name}\``, { label: 'not a built-in type or enum', ...(h ? { help: h } : {}) });
  }

  /** P2004: a call of a function that does not exist. */
  unknownFunction(span: Span, name: string, candidates: Iterable<string>): void {
    if (this.scopeIncomplete) return;
    const help = didYouMean(name, candidates);
    this.error('P2004', span, `unknown function \`${name}\``, {
      label: 'no such function',
      help: help ?? `the functions are ${[...candidates].map((c) => `\`${c}\``).join(', ')}`,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Declarations

  /** P2010–P2013: a second declaration of a name; `first` is where the name was declared first. */
  duplicate(code: Code, span: Span, kind: DeclKind, name: string, first: Span | undefined, help?: string): void {
    this.error(code, span, `duplicate ${kind} \`${name}\``, {
      label: `\`${name}\` is already declared`,
      ...(first ? { related: [{ span: first, message: 'first declared here' }] } : {}),
      ...(help ? { help } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Types

  /** P2020: a value of type `got` where `want` (a phrase such as "a `string`") is needed. */
  mismatch(span: Span, what: string, got: Type, want: string, extras: Extras = {}): void {
    this.error('P2020', span, `${what} must be ${want}, not ${describeType(got)}`, {
      label: `this is ${describeType(got)}`,
      ...extras,
    });
  }

  /** P2021: a condition (`when`, `unless`, `given`, `and`/`or`/`not` operand) that is not a bool. */
  notBool(span: Span, text: string, got: Type): void {
    this.error('P2021', span, `condition \`${text}\` is ${describeType(got)}, not a \`bool\``, {
      label: `this is ${describeType(got)}`,
      help: 'conditions are comparisons, `has` tests, bool fields and lets, joined with `and`, `or` and `not`',
    });
  }

  /** P2022: operands an operator cannot compare. */
  notComparable(span: Span, op: string, left: Type, right: Type, help?: string): void {
    this.error('P2022', span, `\`${op}\` cannot compare ${describeType(left)} with ${describeType(right)}`, {
      label: `${showType(left)} ${op} ${showType(right)}`,
      ...(help ? { help } : {}),
    });
  }

  /** P2023: something used as a collection that is not a set or list. */
  notCollection(span: Span, what: string, got: Type, help?: string): void {
    this.error('P2023', span, `${what} must be a set or list, not ${describeType(got)}`, {
      label: `this is ${describeType(got)}`,
      ...(help ? { help } : {}),
    });
  }

  /** P2025: a string literal compared with an enum that is not one of its members. */
  notMember(span: Span, value: string, enumName: string, members: readonly string[]): void {
    const best = nearest(value, members);
    this.error('P2025', span, `\`"${value}"\` is not a member of enum \`${enumName}\``, {
      label: `not a \`${enumName}\``,
      help: best !== undefined ? meant(best) : members.length > 0 ? `the members are ${members.map((m) => `\`"${m}"\``).join(', ')}` : `\`${enumName}\` has no members`,
      ...(best !== undefined ? { fix: { span, replacement: JSON.stringify(best) } } : {}),
    });
  }

  /** P2026: an arithmetic operand or negation of something that is not a number. */
  notNumber(span: Span, op: string, got: Type): void {
    this.error('P2026', span, `\`${op}\` needs numbers, not ${describeType(got)}`, { label: `this is ${describeType(got)}` });
  }
}
