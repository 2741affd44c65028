/**
 * Rendering diagnostics for people and for tools.
 *
 * The human form starts with a line that editors and CI parse —
 * `FILE:LINE:COL: error[CODE]: message` — followed by the source line with a caret underline
 * in the Gleam/miette layout, then related notes and help:
 *
 * ```
 * pacts/refunds.pact:14:39: error[P2002]: unknown field `scor` on `trust`
 *    ┌─ pacts/refunds.pact:14:39
 *    │
 * 14 │   when action.amount <= 500 and trust.scor >= 0.8
 *    │                                       ^^^^ `trust` has no field `scor`
 *    │
 *    = help: did you mean `score`?
 * ```
 */
import { lineCol, lineText, type SourceFile, type Span } from '../source/index.js';
import type { Diagnostic } from './diagnostic.js';

/** Colour functions; identity functions when colour is off. */
export interface Palette {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

/** A palette that leaves text unchanged. */
export const PLAIN: Palette = { error: (s) => s, warning: (s) => s, dim: (s) => s, bold: (s) => s };

/** Looks up the source for a span's file; diagnostics on unknown files render without a snippet. */
export type SourceLookup = (path: string) => SourceFile | undefined;

/** The `FILE:LINE:COL` location of a span. */
export function location(span: Span, lookup: SourceLookup): string {
  const file = lookup(span.file);
  if (!file) return span.file;
  const { line, col } = lineCol(file, span.start);
  return `${span.file}:${line}:${col}`;
}

/** The first, machine-parseable line of a diagnostic. */
export function headline(d: Diagnostic, lookup: SourceLookup, p: Palette = PLAIN): string {
  const sev = d.severity === 'error' ? p.error(`error[${d.code}]`) : p.warning(`warning[${d.code}]`);
  return `${location(d.span, lookup)}: ${sev}: ${p.bold(d.message)}`;
}

function snippet(span: Span, label: string | undefined, file: SourceFile, p: Palette, gutter: number): string[] {
  const start = lineCol(file, span.start);
  const end = lineCol(file, Math.max(span.start, span.end - 1));
  const text = lineText(file, start.line).replace(/\t/g, ' ');
  const width = end.line === start.line ? Math.max(1, end.col - start.col + 1) : Math.max(1, text.length - start.col + 1);
  const num = String(start.line).padStart(gutter);
  const pad = ' '.repeat(gutter);
  const caret = ' '.repeat(start.col - 1) + '^'.repeat(width) + (label ? ` ${label}` : '');
  return [`${num} ${p.dim('│')} ${text}`, `${pad} ${p.dim('│')} ${p.error(caret)}`];
}

/** Renders one diagnostic in the full human layout. */
export function renderDiagnostic(d: Diagnostic, lookup: SourceLookup, p: Palette = PLAIN): string {
  const out = [headline(d, lookup, p)];
  const file = lookup(d.span.file);
  if (file) {
    const lines = [d.span, ...(d.related ?? []).map((r) => r.span)].map((s) => {
      const f = lookup(s.file);
      return f ? lineCol(f, s.start).line : 1;
    });
    const gutter = String(Math.max(...lines)).length;
    const pad = ' '.repeat(gutter);
    out.push(`${pad} ${p.dim('┌─')} ${location(d.span, lookup)}`, `${pad} ${p.dim('│')}`);
    out.push(...snippet(d.span, d.label, file, p, gutter));
    for (const r of d.related ?? []) {
      const rf = lookup(r.span.file);
      if (!rf) {
        out.push(`${pad} = note: ${r.message}`);
        continue;
      }
      out.push(`${pad} ${p.dim('│')}`, `${pad} ${p.dim('├─')} ${location(r.span, lookup)}`);
      out.push(...snippet(r.span, r.message, rf, p, gutter));
    }
    out.push(`${pad} ${p.dim('│')}`);
    if (d.help) out.push(`${pad} = help: ${d.help}`);
  } else if (d.help) {
    out.push(`  = help: ${d.help}`);
  }
  return out.join('\n');
}

/** The JSON form of a diagnostic, with 1-based line/column for both ends of its span. */
export interface DiagnosticJson {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly label?: string;
  readonly help?: string;
  readonly related?: readonly { file: string; line: number; col: number; message: string }[];
  readonly fix?: { line: number; col: number; endLine: number; endCol: number; replacement: string };
}

/** Converts a diagnostic to its JSON form (used by `pactc check --json`). */
export function toJson(d: Diagnostic, lookup: SourceLookup): DiagnosticJson {
  const pos = (s: Span, off: number) => {
    const f = lookup(s.file);
    return f ? lineCol(f, off) : { line: 0, col: 0 };
  };
  const a = pos(d.span, d.span.start);
  const b = pos(d.span, d.span.end);
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: a.line,
    col: a.col,
    endLine: b.line,
    endCol: b.col,
    ...(d.label !== undefined ? { label: d.label } : {}),
    ...(d.help !== undefined ? { help: d.help } : {}),
    ...(d.related ? { related: d.related.map((r) => ({ file: r.span.file, ...pos(r.span, r.span.start), message: r.message })) } : {}),
    ...(d.fix
      ? (() => {
          const s = pos(d.fix.span, d.fix.span.start);
          const e = pos(d.fix.span, d.fix.span.end);
          return { fix: { line: s.line, col: s.col, endLine: e.line, endCol: e.col, replacement: d.fix.replacement } };
        })()
      : {}),
  };
}
