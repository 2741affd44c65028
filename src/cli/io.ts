/**
 * The command line's view of the outside world.
 *
 * Commands never touch `process` directly: they read files and write output through an
 * {@link Io}, so tests run them in-process with captured output and a fixed working directory.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pc from 'picocolors';
import { PLAIN, type Palette } from '../diag/index.js';

/** Output streams, working directory and colour choice for one command run. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input fully (for `--input -`). */
  readonly stdin: () => string;
  readonly color: boolean;
}

/** The process's real streams. */
export function processIo(): Io {
  const color = pc.isColorSupported && !process.env['NO_COLOR'] && process.stderr.isTTY === true;
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdin: () => readFileSync(0, 'utf8'),
    color,
  };
}

/** Colours for diagnostics when the terminal supports them. */
export function palette(io: Io): Palette {
  if (!io.color) return PLAIN;
  const c = pc.createColors(true);
  return { error: c.red, warning: c.yellow, dim: c.dim, bold: c.bold };
}

/** Resolves a user-given path against the command's working directory. */
export function absolute(io: Io, path: string): string {
  return resolve(io.cwd, path);
}

/** A failure the user can fix, reported as `pactc: message` with an exit status. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

/**
 * Reads a source file for a command; on failure prints `FILE: error[P5001]: cannot read …` and
 * returns undefined so the command can go on with the other files.
 */
export function readSource(io: Io, path: string): string | undefined {
  const r = sourceText(io, path);
  if ('why' in r) io.stderr(`${path}: error[P5001]: ${r.why}\n`);
  return 'text' in r ? r.text : undefined;
}

/** Reads a source file: its text, or why it cannot be read (`cannot read \`x\`: no such file`). */
export function sourceText(io: Io, path: string): { readonly text: string } | { readonly why: string } {
  try {
    return { text: readFileSync(absolute(io, path), 'utf8') };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message);
    return { why: `cannot read \`${path}\`: ${why}` };
  }
}
