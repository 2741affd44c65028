/**
 * Loading the modules a pact uses.
 *
 * `use std.trust` and `use "./common.pact"` name library modules. The checker asks a
 * {@link ModuleLoader} for each one's source — the loader decides where files live, so tests
 * and hosts can serve modules from memory — then parses it and follows its own `use`s,
 * depth first. A module is identified by the path its {@link SourceFile} carries, so a module
 * used twice (a diamond) or a cycle of `use`s (`a` uses `b` uses `a`) loads each file once; a
 * `use` of the main pact from a library is ignored. Libraries come out in *post-order* — a
 * module after the modules it uses — which is the order their declarations are merged in.
 *
 * The checker's side tables span the pact and its libraries; that is sound because the parser
 * numbers nodes from one process-wide counter, so ids never collide across parses.
 *
 * The default loader, {@link nodeModuleLoader}, reads standard modules from `stdlib/NAME.pact`
 * in the pactc repository (found from this file's location, so it works from `src/` under tsx
 * and from the compiled `dist/src/`) and file modules relative to the using file.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, type Diagnostic } from '../diag/index.js';
import { sourceFile, type SourceFile } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import { parse } from '../syntax/index.js';
import type { Reporter } from './errors.js';
import type { LoadedModule } from './types.js';

/**
 * Finds the source of the module a `use` names, relative to the file that contains it.
 * Returns the file (its `path` identifies the module and names it in diagnostics) or an error
 * sentence; `candidates` lists module names to suggest from (e.g. `std.trust`).
 */
export type ModuleLoader = (
  use: ast.Use,
  from: SourceFile,
) => { readonly file: SourceFile } | { readonly error: string; readonly candidates?: readonly string[] };

/** The text a `use` names: `std.trust` or `./common.pact`. */
function useName(use: ast.Use): string {
  return use.kind === 'UseStd' ? ['std', ...use.path.map((n) => n.text)].join('.') : use.path.value;
}

/**
 * The pactc repository root: the nearest directory above this file holding both
 * `package.json` and `stdlib/`.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'stdlib'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** A path as diagnostics show it: relative to the working directory when inside it. */
function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** The standard modules available in `dir`, as `std.NAME` (test modules `*_test.pact` excluded). */
function stdModules(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pact') && !f.endsWith('_test.pact'))
      .map((f) => `std.${f.slice(0, -'.pact'.length)}`)
      .sort();
  } catch {
    return [];
  }
}

/**
 * The loader used by the command line: standard modules from `stdlibDir` (default: the
 * repository's `stdlib/`), file modules from disk relative to the using file.
 */
export function nodeModuleLoader(stdlibDir?: string): ModuleLoader {
  const std = stdlibDir ?? join(repoRoot(), 'stdlib');
  return (use, from) => {
    const abs =
      use.kind === 'UseStd'
        ? join(std, ...use.path.map((n) => n.text)) + '.pact'
        : resolve(dirname(resolve(from.path)), use.path.value);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
      return use.kind === 'UseStd'
        ? { error: `no module \`${useName(use)}\` in the standard library`, candidates: stdModules(std) }
        : { error: `\`${displayPath(abs)}\`: ${why}` };
    }
    return { file: sourceFile(displayPath(abs), text) };
  };
}

/** The modules a pact uses, transitively, and the diagnostics of loading and parsing them. */
export interface Loaded {
  /** Library modules in post-order: every module after the modules it uses. */
  readonly libraries: readonly LoadedModule[];
  /** Parse diagnostics of the library files. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads every module `main` uses, transitively; a `use` that cannot be satisfied is reported
 * at its span (P2005 for the standard library, P2006 for files).
 */
export function loadLibraries(main: LoadedModule, loader: ModuleLoader, report: Reporter): Loaded {
  const seen = new Set<string>([main.file.path]);
  const libraries: LoadedModule[] = [];
  const diagnostics: Diagnostic[] = [];

  const visit = (m: LoadedModule): void => {
    for (const d of m.module.decls) {
      if (d.kind !== 'UseStd' && d.kind !== 'UseFile') continue;
      const r = safely(loader, d, m.file);
      if ('error' in r) {
        unresolved(report, d, r.error, r.candidates);
        continue;
      }
      if (seen.has(r.file.path)) continue;
      seen.add(r.file.path);
      const parsed = parse(r.file);
      diagnostics.push(...parsed.diagnostics);
      const lib = { file: r.file, module: parsed.module };
      visit(lib);
      libraries.push(lib);
    }
  };
  visit(main);
  return { libraries, diagnostics };
}

/** Calls a loader, turning an exception (a host's bug or an I/O failure) into an error answer. */
function safely(loader: ModuleLoader, use: ast.Use, from: SourceFile): ReturnType<ModuleLoader> {
  try {
    return loader(use, from);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function unresolved(report: Reporter, use: ast.Use, error: string, candidates: readonly string[] | undefined): void {
  const name = useName(use);
  const help = candidates ? didYouMean(name, candidates) : undefined;
  report.moduleMissing();
  if (use.kind === 'UseStd') {
    report.error('P2005', use.span, `unknown standard library module \`${name}\``, {
      label: error,
      help: help ?? (candidates && candidates.length > 0 ? `the standard modules are ${candidates.map((c) => `\`${c}\``).join(', ')}` : 'see `stdlib/`'),
    });
  } else {
    report.error('P2006', use.span, `module not found \`${name}\``, {
      label: error,
      help: 'module paths are relative to the file that uses them',
    });
  }
}
