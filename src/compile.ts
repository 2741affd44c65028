/**
 * The pipeline, stage by stage.
 *
 *   source text ──parse──▶ ast.Module ──check──▶ CheckedPact ──plan──▶ ir.Policy
 *               ──wasm──▶ policy.wasm ──bundle──▶ bundle.tar.gz
 *
 * Each stage is a plain function from the previous stage's data to the next; diagnostics are
 * collected, never thrown. This file is the only place that knows the order of the stages.
 */
import { readFileSync } from 'node:fs';
import * as check from './check/index.js';
import type { CheckedPact } from './check/types.js';
import { hasErrors, sortDiagnostics, type Diagnostic, type SourceLookup } from './diag/index.js';
import { sourceFile, type SourceFile } from './source/index.js';

/** The result of the front end on one file: the checked pact (if clean) and every diagnostic. */
export interface FrontEnd {
  readonly pact: CheckedPact | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Every source file read (the pact and the modules it uses), for rendering diagnostics. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Looks up a file by the path diagnostics name it with. */
  readonly lookup: SourceLookup;
  readonly ok: boolean;
}

/** Parses and checks the pact in `text` (read from `path`), loading modules it uses from disk. */
export function frontEnd(path: string, text: string): FrontEnd {
  const files = new Map<string, SourceFile>();
  const main = sourceFile(path, text);
  files.set(path, main);
  const base = check.nodeModuleLoader();
  const loader: check.ModuleLoader = (use, from) => {
    const r = base(use, from);
    if ('file' in r) files.set(r.file.path, r.file);
    return r;
  };
  const result = check.checkSource(path, text, loader);
  const diagnostics = sortDiagnostics(result.diagnostics);
  return {
    pact: result.pact,
    diagnostics,
    files,
    lookup: (p) => files.get(p),
    ok: !hasErrors(diagnostics) && result.pact !== undefined,
  };
}

/** Reads `path` from disk and runs the front end on it. Throws only for I/O errors. */
export function frontEndFile(path: string): FrontEnd {
  return frontEnd(path, readFileSync(path, 'utf8'));
}
