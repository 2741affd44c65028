/**
 * Source files and spans.
 *
 * Every phase points back into the user's text with a {@link Span}: a half-open range of UTF-16
 * offsets `[start, end)` into one {@link SourceFile}. Line and column numbers are computed only
 * when a diagnostic is rendered, from a line-start index built once per file (Gleam's
 * `SrcSpan` + `LineNumbers`). Lines and columns are 1-based; a column counts UTF-16 code units,
 * which is what editors following the LSP default expect.
 */

/** One source text, with the path it was read from (as the user typed it) and its line index. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  /** Offsets at which each line starts; `lineStarts[0]` is 0. */
  readonly lineStarts: readonly number[];
}

/** A half-open range `[start, end)` of offsets into `file`. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A 1-based line and column. */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/** Creates a source file and indexes its line starts. */
export function sourceFile(path: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) lineStarts.push(i + 1);
    else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

/** Returns the 1-based line and column of `offset` in `file`. */
export function lineCol(file: SourceFile, offset: number): LineCol {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

/** Returns the text of 1-based `line` without its line terminator. */
export function lineText(file: SourceFile, line: number): string {
  const start = file.lineStarts[line - 1] ?? file.text.length;
  const next = file.lineStarts[line] ?? file.text.length;
  return file.text.slice(start, next).replace(/\r?\n$|\r$/, '');
}

/** Returns a span covering `a` through `b` (both in the same file). */
export function cover(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** A span for synthesized nodes (built-in names, generated code) that has no source text. */
export const NO_SPAN: Span = { file: '<builtin>', start: 0, end: 0 };
