/**
 * `pactc check FILE…` — parse and type-check pacts.
 *
 * Diagnostics go to stderr in the human layout (first line `FILE:LINE:COL: error[CODE]: message`)
 * or, with `--json`, to stdout as one JSON array over all files. Exit 0 when no file has an
 * error (warnings allowed), 1 otherwise; an unreadable file is an error of that file.
 */
import { frontEnd } from '../compile.js';
import { renderDiagnostic, toJson, type DiagnosticJson } from '../diag/index.js';
import { palette, sourceText, type Io } from './io.js';

/** Options of `pactc check`. */
export interface CheckOptions {
  readonly json: boolean;
}

/** Runs `pactc check`; returns the exit status. */
export function runCheck(paths: readonly string[], opts: CheckOptions, io: Io): number {
  const all: DiagnosticJson[] = [];
  let errors = 0;
  let warnings = 0;
  const p = palette(io);
  for (const path of paths) {
    const read = sourceText(io, path);
    if ('why' in read) {
      errors++;
      if (opts.json) all.push(unreadable(path, read.why));
      else io.stderr(`${path}: error[P5001]: ${read.why}\n\n`);
      continue;
    }
    const fe = frontEnd(path, read.text);
    for (const d of fe.diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
      if (opts.json) all.push(toJson(d, fe.lookup));
      else io.stderr(renderDiagnostic(d, fe.lookup, p) + '\n\n');
    }
  }
  if (opts.json) io.stdout(JSON.stringify(all, null, 2) + '\n');
  else if (errors > 0 || warnings > 0) {
    io.stderr(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(paths.length, 'file')}\n`);
  }
  return errors > 0 ? 1 : 0;
}

/** A file that cannot be read: an error of the whole file, so it has no position (line 0). */
function unreadable(path: string, why: string): DiagnosticJson {
  return { code: 'P5001', severity: 'error', message: why, file: path, line: 0, col: 0, endLine: 0, endCol: 0 };
}

/** `3 errors`, `1 warning`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
