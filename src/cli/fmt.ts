/**
 * `pactc fmt [--check | --write] FILE…` — the canonical layout.
 *
 * Without flags, prints each file formatted to stdout. `--check` writes nothing and lists the
 * files whose layout differs (exit 1 if any); `--write` rewrites those files in place (via a
 * temporary file and a rename, so an interrupted run never truncates a pact). A file with syntax
 * errors is reported and left alone (exit 1): formatting never guesses at broken code.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { hasErrors, renderDiagnostic } from '../diag/index.js';
import { sourceFile } from '../source/index.js';
import * as syntax from '../syntax/index.js';
import { absolute, palette, readSource, type Io } from './io.js';

/** Options of `pactc fmt`. */
export interface FmtOptions {
  readonly check: boolean;
  readonly write: boolean;
}

/** Runs `pactc fmt`; returns the exit status. */
export function runFmt(paths: readonly string[], opts: FmtOptions, io: Io): number {
  let status = 0;
  for (const path of paths) {
    const text = readSource(io, path);
    if (text === undefined) {
      status = 1;
      continue;
    }
    const file = sourceFile(path, text);
    const parsed = syntax.parse(file);
    if (hasErrors(parsed.diagnostics)) {
      for (const d of parsed.diagnostics) io.stderr(renderDiagnostic(d, (p) => (p === path ? file : undefined), palette(io)) + '\n\n');
      status = 1;
      continue;
    }
    const formatted = syntax.format(parsed.module);
    if (opts.check) {
      if (formatted !== text) {
        io.stdout(`${path}\n`);
        status = 1;
      }
    } else if (opts.write) {
      if (formatted !== text) {
        const target = absolute(io, path);
        const tmp = `${target}.pactc-fmt-${process.pid}`;
        writeFileSync(tmp, formatted);
        renameSync(tmp, target);
      }
    } else {
      io.stdout(formatted);
    }
  }
  return status;
}
