/**
 * Diagnostics as data.
 *
 * Every phase reports user mistakes by returning {@link Diagnostic} values — never by throwing.
 * A diagnostic records *what* happened (a code from the catalog, a span, a one-line message and
 * optional help, related locations and a machine-applicable fix); `render.ts` decides how it
 * looks on a terminal and `toJson` how it looks to tools.
 */
import type { Span } from '../source/index.js';
import type { Code } from './catalog.js';

/** How serious a diagnostic is: errors fail `pactc check`, warnings do not. */
export type Severity = 'error' | 'warning';

/** A secondary location that helps explain a diagnostic (esbuild "notes"). */
export interface Related {
  readonly span: Span;
  readonly message: string;
}

/** A machine-applicable edit: replace the text at `span` with `replacement`. */
export interface Fix {
  readonly span: Span;
  readonly replacement: string;
}

/** One problem found in the user's pacts. */
export interface Diagnostic {
  /** A stable code from `catalog.ts`: P1xxx syntax, P2xxx check, P3xxx plan, P4xxx wasm, P5xxx bundle. */
  readonly code: Code;
  readonly severity: Severity;
  /** One line, lowercase start, no final period; user input in backticks. */
  readonly message: string;
  readonly span: Span;
  /** A short note printed under the caret. */
  readonly label?: string;
  readonly related?: readonly Related[];
  /** Longer advice, e.g. "did you mean `score`?". */
  readonly help?: string;
  readonly fix?: Fix;
}

/** True when any diagnostic in `ds` is an error. */
export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, then position, then code, so output is deterministic. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
