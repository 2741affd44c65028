/**
 * Runs `pactc` in-process with captured output — the one helper every CLI test uses.
 */
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';

/** The result of one in-process CLI run. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pactc ARGV…` in `cwd` (standard input `stdin`, no colour) and captures both streams. */
export async function runPactc(argv: readonly string[], cwd: string = process.cwd(), stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdin: () => stdin, color: false };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}
