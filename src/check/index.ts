/**
 * The checker: names, types, `has` guards and declarations of a pact (spec §3–§5, §7).
 *
 * Input is a parsed pact; output is a {@link CheckResult}: every diagnostic, sorted, and — only
 * when none of them is an error, including syntax errors in library files — a
 * {@link CheckedPact} whose side tables give the type of every expression, what every path and
 * call refers to, and which paths read through optional fields. The AST is never changed.
 *
 * The passes run in a fixed order (`check` below), each reporting into one `Reporter` and none
 * stopping the others, so a file with several mistakes gets all of them at once:
 *
 * 1. **Load.** Each `use` is resolved by a {@link ModuleLoader} (standard modules from
 *    `stdlib/`, files relative to the using file); libraries are parsed and followed
 *    transitively, each file once, so `use` cycles terminate (`loader.ts`).
 * 2. **Headers.** Versions are semantic versions (`decls.ts`).
 * 3. **Declare.** The enums, lets, input blocks and data blocks of the pact and all its
 *    libraries form one namespace; duplicates are reported (`resolve.ts`).
 * 4. **Schema.** Type expressions and annotations are resolved; input blocks merge into one
 *    input document (plus the built-in `approval`), data blocks into one data document (plus
 *    `kill_switch` and `revoked`) whose defaults must fit (`schema.ts`).
 * 5. **Lets.** Every let is typed once, on first use or in declaration order; cycles are
 *    reported and a dependency order recorded (`check.ts`).
 * 6. **Rules, tests, properties** of the pact itself (not of its libraries): ids, reasons,
 *    grants, roles, clauses, expectations and test inputs (`decls.ts`, `check.ts`).
 * 7. **Unused lets** of the pact, when it has rules (a module without rules is a library,
 *    whose lets are meant for others).
 *
 * Expressions are typed bottom-up (`check.ts`, `builtins.ts`) with paths resolved through
 * scopes (`resolve.ts`); along conditions flow the `has` guards that make optional fields
 * readable (`guards.ts`) and the interval facts behind "condition can never hold" (`facts.ts`).
 * An expression whose mistake was reported gets the `error` type, which every rule accepts
 * silently, so one mistake gives one diagnostic. Nothing here throws for anything a user can
 * write. The wording of every diagnostic lives in `errors.ts`; the typing rules the language
 * guide quotes are in `types.ts`.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diag/index.js';
import { sourceFile, type Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import { parse, type Skipped } from '../syntax/index.js';
import { ExprChecker } from './check.js';
import { checkHeader, checkProperties, checkRules, checkTests } from './decls.js';
import { Reporter } from './errors.js';
import { loadLibraries, nodeModuleLoader, type ModuleLoader } from './loader.js';
import { declare, Env, type Declarations } from './resolve.js';
import { SchemaBuilder } from './schema.js';
import type { CheckedPact, CheckResult, LetSymbol, LoadedModule } from './types.js';

export { nodeModuleLoader, repoRoot, type ModuleLoader } from './loader.js';
export type * from './types.js';

/**
 * Checks a parsed pact (`main`) and the library modules it uses, which `loader` finds.
 * Returns every diagnostic of the checker and of parsing the libraries, sorted, and the
 * checked pact when there is no error. Never throws for user mistakes.
 */
export function check(main: LoadedModule, loader: ModuleLoader): CheckResult {
  const report = new Reporter();
  const loaded = loadLibraries(main, loader, report);
  const modules = [...loaded.libraries, main];
  const header = main.module.header;
  if (!header) {
    report.error('P1007', { file: main.file.path, start: 0, end: 0 }, 'missing pact header', {
      help: 'start the file with `pact NAME version "1.0.0"`',
    });
  }
  for (const m of modules) checkHeader(m, report);

  const decls = declare(modules, main, report);
  const schema = new SchemaBuilder(decls.enums, report);
  const input = schema.input(decls.inputs);
  const data = schema.data(decls.data);
  const env = new Env(input, data.type, decls.lets, decls.enums, report);
  env.checkShadowing();

  const files = new Map(modules.map((m) => [m.file.path, m.file]));
  const textOf = (s: Span): string => files.get(s.file)?.text.slice(s.start, s.end) ?? '';
  const exprs = new ExprChecker(env, report, textOf);
  exprs.allLets();

  const own = <K extends ast.Decl['kind']>(kind: K) => main.module.decls.filter((d): d is Extract<ast.Decl, { kind: K }> => d.kind === kind);
  const rules = own('Rule');
  const tests = own('Test');
  const properties = own('Property');
  checkRules(rules, exprs, report);
  checkTests(tests, rules, { input, data: data.type }, report);
  checkProperties(properties, exprs);
  if (rules.length > 0) unusedLets(decls.lets, exprs, report);

  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...report.diagnostics]);
  if (hasErrors(diagnostics) || !header) return { pact: undefined, diagnostics };

  const lets = new Map<string, LetSymbol>();
  for (const name of exprs.letOrder) {
    const l = decls.lets.get(name);
    if (l) lets.set(name, { name, decl: l.decl, type: exprs.types.get(l.decl.value.id) ?? { kind: 'error' } });
  }
  const pact: CheckedPact = {
    name: header.name.text,
    version: header.version.value,
    main,
    libraries: loaded.libraries,
    input,
    data: data.type,
    dataDefaults: data.defaults,
    enums: decls.enums,
    lets,
    rules,
    tests,
    properties,
    types: exprs.types,
    refs: exprs.refs,
    optionalPaths: exprs.optionalPaths,
  };
  return { pact, diagnostics };
}

/** Warns about lets of the pact that nothing uses (P2062). */
function unusedLets(lets: Declarations['lets'], exprs: ExprChecker, report: Reporter): void {
  for (const [name, l] of lets) {
    if (!l.main || (exprs.letUses.get(name) ?? 0) > 0) continue;
    report.warning('P2062', l.decl.name.span, `let \`${name}\` is never used`, {
      label: 'unused',
      help: 'use it in a rule or another let, or remove it',
    });
  }
}

/**
 * Parses and checks the pact in `text`, read from `path` (which names it in diagnostics and
 * anchors relative `use` paths). Returns the parse diagnostics first, then the checker's; the
 * checked pact only when neither has an error.
 */
export function checkSource(path: string, text: string, loader: ModuleLoader = nodeModuleLoader()): CheckResult {
  const file = sourceFile(path, text);
  const parsed = parse(file);
  const parseDiagnostics = sortDiagnostics(parsed.diagnostics);
  const checked = check({ file, module: parsed.module }, loader);
  const regions = repairedRegions(parsed.module, parsed.skipped, parseDiagnostics, text.length);
  const names = (rs: readonly Region[]) => new Set(rs.flatMap((r) => text.slice(r.start, r.end).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
  const dropped = { names: names(regions), fields: names(regions.filter((r) => r.declaresFields)) };
  const checkDiagnostics = checked.diagnostics.filter((d) => d.span.file !== path || !cascades(d, regions, dropped, text, parseDiagnostics));
  const diagnostics = [...parseDiagnostics, ...checkDiagnostics];
  return { pact: hasErrors(diagnostics) ? undefined : checked.pact, diagnostics };
}

/** A stretch of source whose declarations recovery may have cut short or dropped. */
interface Region {
  readonly start: number;
  readonly end: number;
  /** True when fields may have been lost in it (an `input` or `data` block, or skipped text). */
  readonly declaresFields: boolean;
}

/**
 * The regions the parser had to repair. A syntax error inside a record or data block whose
 * field was skipped (see `Skipped`) repairs just that stretch; a top-level stretch skipped after
 * a complete declaration (a misspelled keyword) repairs itself up to the next declaration.
 * Any other error may have cut its declaration short or dropped it, so the region runs from the
 * start of the last declaration at or before it to the start of the next one.
 */
function repairedRegions(module: ast.Module, skipped: readonly Skipped[], parseDiagnostics: readonly Diagnostic[], length: number): Region[] {
  const starts = module.decls.map((d) => d.span.start);
  const next = (at: number) => Math.min(length, ...starts.filter((s) => s > at));
  const out = new Map<string, Region>();
  const add = (r: Region) => out.set(`${r.start}:${r.end}`, r);
  for (const e of parseDiagnostics) {
    if (e.severity !== 'error') continue;
    const at = e.span.start;
    const within = skipped.find((s) => at >= s.start && at <= s.end);
    if (within?.kind === 'field') {
      add({ start: within.start, end: within.end, declaresFields: true });
    } else if (within?.kind === 'declaration') {
      add({ start: within.start, end: next(within.start), declaresFields: true });
    } else {
      const start = Math.max(0, ...starts.filter((s) => s <= at));
      const decl = module.decls.find((d) => d.span.start === start);
      add({ start, end: next(at), declaresFields: !decl || decl.kind === 'Input' || decl.kind === 'Data' });
    }
  }
  return [...out.values()];
}

/** Unknown-name diagnostics whose name may have been declared in a dropped declaration. */
const UNKNOWN_NAMES = new Set(['P2001', 'P2003', 'P2044']);

/**
 * True when a checker diagnostic would only repeat a syntax error: it lies in a region the
 * parser repaired (a rule cut short has "no `because`"), it names something that may have been
 * declared in such a region, it is the checker's own missing-header report, or it is an
 * unused-let warning while rules may have been lost.
 */
function cascades(
  d: Diagnostic,
  regions: readonly Region[],
  dropped: { readonly names: ReadonlySet<string>; readonly fields: ReadonlySet<string> },
  text: string,
  parseDiagnostics: readonly Diagnostic[],
): boolean {
  if (!parseDiagnostics.some((p) => p.severity === 'error')) return false;
  if (d.code === 'P1007' || d.code === 'P2062') return true;
  const name = text.slice(d.span.start, d.span.end);
  if (UNKNOWN_NAMES.has(d.code) && dropped.names.has(name)) return true;
  if (d.code === 'P2002' && dropped.fields.has(name)) return true;
  return regions.some((r) => d.span.start >= r.start && d.span.start < r.end);
}
