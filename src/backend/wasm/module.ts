/**
 * A WebAssembly module as plain data, and a builder for it.
 *
 * {@link WasmModule} mirrors the sections of a module but keeps every cross-reference symbolic:
 * functions, globals and imports have names, and instructions refer to them by name. Indices
 * exist only in `encode.ts`, which numbers imported functions first, then defined functions in
 * the order they were added, and deduplicates function types (so callers never manage a type
 * section). Names double as the optional `name` custom section, which makes V8 validation errors
 * and Go host trap messages point at `$opa_malloc` rather than at `func[12]`.
 *
 * The builder only collects and checks uniqueness; it does not validate instruction typing —
 * `WebAssembly.validate` in the tests does, on every module the tests build.
 */
import type { Instr, ValType } from './instr.js';

/** A function signature. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** A named parameter or local. */
export interface Local {
  readonly name: string;
  readonly type: ValType;
}

/** A function defined in the module. */
export interface Func {
  readonly name: string;
  readonly params: readonly Local[];
  readonly results: readonly ValType[];
  readonly locals: readonly Local[];
  readonly body: readonly Instr[];
}

/** An imported function, known inside the module as `name`. */
export interface FuncImport {
  readonly kind: 'func';
  readonly module: string;
  readonly field: string;
  readonly name: string;
  readonly type: FuncType;
}

/** An imported linear memory (the module's only memory). */
export interface MemoryImport {
  readonly kind: 'memory';
  readonly module: string;
  readonly field: string;
  readonly min: number;
  readonly max?: number;
}

/** An import. */
export type Import = FuncImport | MemoryImport;

/** A global with a constant initialiser. */
export interface Global {
  readonly name: string;
  readonly type: ValType;
  readonly mutable: boolean;
  readonly init: number | bigint;
}

/** An export: a function or global by name, or the memory. */
export type Export =
  | { readonly kind: 'func' | 'global'; readonly name: string; readonly ref: string }
  | { readonly kind: 'memory'; readonly name: string };

/** An active data segment of memory 0 at a constant offset. */
export interface DataSegment {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** A whole module. */
export interface WasmModule {
  readonly imports: readonly Import[];
  readonly funcs: readonly Func[];
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly data: readonly DataSegment[];
  /** The name of the start function, if any. */
  readonly start?: string;
  /** Whether to emit the `name` custom section (function and local names). */
  readonly names: boolean;
}

/** Collects the parts of a module, checking that every name is defined once. */
export class ModuleBuilder {
  private readonly imports: Import[] = [];
  private readonly funcs: Func[] = [];
  private readonly globals: Global[] = [];
  private readonly exports: Export[] = [];
  private readonly data: DataSegment[] = [];
  private readonly funcNames = new Set<string>();
  private readonly globalNames = new Set<string>();
  private readonly exportNames = new Set<string>();
  private startFunc: string | undefined;

  /** Imports a function, known inside the module as `name` (defaults to `field`). */
  importFunc(module: string, field: string, type: FuncType, name: string = field): this {
    this.claimFunc(name);
    this.imports.push({ kind: 'func', module, field, name, type });
    return this;
  }

  /** Imports the linear memory. */
  importMemory(module: string, field: string, min: number, max?: number): this {
    if (this.imports.some((i) => i.kind === 'memory')) throw new Error('wasm: the module already imports a memory');
    this.imports.push({ kind: 'memory', module, field, min, max });
    return this;
  }

  /** Defines a function. */
  func(f: Func): this {
    this.claimFunc(f.name);
    const seen = new Set<string>();
    for (const l of [...f.params, ...f.locals]) {
      if (seen.has(l.name)) throw new Error(`wasm: duplicate local $${l.name} in $${f.name}`);
      seen.add(l.name);
    }
    this.funcs.push(f);
    return this;
  }

  /** True when a function (defined or imported) named `name` exists. */
  hasFunc(name: string): boolean {
    return this.funcNames.has(name);
  }

  /** Defines a global. */
  global(g: Global): this {
    if (this.globalNames.has(g.name)) throw new Error(`wasm: duplicate global $${g.name}`);
    this.globalNames.add(g.name);
    this.globals.push(g);
    return this;
  }

  /** Exports a function or a global under `name`. */
  export(kind: 'func' | 'global', name: string, ref: string = name): this {
    this.claimExport(name);
    this.exports.push({ kind, name, ref });
    return this;
  }

  /** Exports the memory under `name`. */
  exportMemory(name: string): this {
    this.claimExport(name);
    this.exports.push({ kind: 'memory', name });
    return this;
  }

  /** Adds an active data segment at `offset`. */
  dataSegment(offset: number, bytes: Uint8Array): this {
    this.data.push({ offset, bytes });
    return this;
  }

  /** Makes `name` the start function. */
  start(name: string): this {
    this.startFunc = name;
    return this;
  }

  /** Returns the module as plain data. */
  build(options: { names?: boolean } = {}): WasmModule {
    return {
      imports: [...this.imports],
      funcs: [...this.funcs],
      globals: [...this.globals],
      exports: [...this.exports],
      data: [...this.data],
      start: this.startFunc,
      names: options.names ?? true,
    };
  }

  private claimFunc(name: string): void {
    if (this.funcNames.has(name)) throw new Error(`wasm: duplicate function $${name}`);
    this.funcNames.add(name);
  }

  private claimExport(name: string): void {
    if (this.exportNames.has(name)) throw new Error(`wasm: duplicate export "${name}"`);
    this.exportNames.add(name);
  }
}

/** The signature of a defined function. */
export function funcType(f: Func): FuncType {
  return { params: f.params.map((p) => p.type), results: f.results };
}

/** A canonical key for a function type, used to deduplicate the type section. */
export function typeKey(t: FuncType): string {
  return `${t.params.join(',')}->${t.results.join(',')}`;
}
