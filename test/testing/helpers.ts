/**
 * Shared helpers for the `pactc test` tests: load fixture pacts, build engine pairs once per
 * pact (compiling Wasm is the slow part), and run the CLI in-process with captured output.
 */
import { join } from 'node:path';
import { checkSource } from '../../src/check/index.js';
import type { CheckedPact } from '../../src/check/types.js';
import { frontEndFile } from '../../src/compile.js';
import { enginesFor, type ArtifactFactory, type Engines } from '../../src/testing/index.js';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** A fixture's path, relative to the repository root (as the CLI is given it). */
export function fixture(name: string): string {
  return `test/testing/fixtures/${name}`;
}

/** The spec §1 example, verbatim (with its non-monotone `open_disputes == 0`). */
export const SPEC_EXAMPLE = 'test/examples/spec-example.pact';

/** Checks the pact at `path` (relative to the root); fails the test on any error. */
export function load(path: string): CheckedPact {
  const fe = frontEndFile(join(ROOT, path));
  if (!fe.pact) throw new Error(`${path}: ${fe.diagnostics.map((d) => d.message).join('; ')}`);
  return fe.pact;
}

/** Checks pact source text; fails the test on any error. */
export function checkText(text: string, path = 'inline.pact'): CheckedPact {
  const r = checkSource(path, text);
  if (!r.pact) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.pact;
}

const engineCache = new Map<CheckedPact, Promise<Engines>>();

/** The Wasm + reference engines of a pact, built once. */
export function enginesOf(pact: CheckedPact, artifact?: ArtifactFactory): Promise<Engines> {
  if (artifact) return enginesFor(pact, artifact);
  let e = engineCache.get(pact);
  if (!e) {
    e = enginesFor(pact);
    engineCache.set(pact, e);
  }
  return e;
}

/** The seeds every "caught on every seed" test tries. */
export const SEEDS: readonly number[] = Array.from({ length: 25 }, (_, i) => 1 + i * 7919);

import { runPactc, type CliRun } from '../cli-run.js';

export type { CliRun };

/** Runs `pactc` in-process from the repository root (or `cwd`) with captured output. */
export function pactc(argv: readonly string[], cwd = ROOT): Promise<CliRun> {
  return runPactc(argv, cwd);
}
