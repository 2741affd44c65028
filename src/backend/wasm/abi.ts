/**
 * The OPA Wasm policy ABI, as data.
 *
 * Every name, version number, signature and message that the hosts (the JS SDK, OPA's Go host,
 * the Rust, Python and .NET SDKs) rely on is spelled here and nowhere else, so that the runtime
 * that implements the ABI (`runtime/`) and the test hosts that exercise it (`test/wasm/`) cannot
 * drift apart. The reference is `/work/shared/spec/opa-wasm-abi.md` (§1 contract, §3 semantics,
 * §5 call sequences): this module implements "full ABI 1.3", i.e. every export of §1 with the
 * exact signature, so that every host takes its fast path (minor ≥ 2) and OPA's Go host accepts it
 * (minor must be exactly 1 or 3).
 */
import type { ValType } from './instr.js';

/** The ABI major version (`opa_wasm_abi_version`); every host refuses anything but 1. */
export const ABI_VERSION = 1;

/** The ABI minor version (`opa_wasm_abi_minor_version`); 3 = `opa_eval` plus the stash family. */
export const ABI_MINOR_VERSION = 3;

/** The module name of every import. */
export const IMPORT_MODULE = 'env';

/** The imported linear memory (`env.memory`), re-exported under the same name. */
export const MEMORY_IMPORT = 'memory';

/** The abort import: `(i32 cstr) -> ()`, a NUL-terminated ASCII message. */
export const ABORT_IMPORT = 'opa_abort';

/**
 * The declared minimum of the imported memory, in 64 KiB pages. OPA-built modules declare 2 and
 * no maximum; .NET passes exactly 2 pages by default, so every active data segment must fit in
 * these two pages (§2.1).
 */
export const MEMORY_MIN_PAGES = 2;

/** The size of a WebAssembly page in bytes. */
export const PAGE_SIZE = 65536;

/** The two exported ABI version globals (immutable i32). */
export const GLOBAL_ABI_VERSION = 'opa_wasm_abi_version';
/** See {@link GLOBAL_ABI_VERSION}. */
export const GLOBAL_ABI_MINOR_VERSION = 'opa_wasm_abi_minor_version';

/** A function signature of the ABI. */
export interface AbiSignature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

const sig = (params: number, results: number): AbiSignature => ({
  params: Array<ValType>(params).fill('i32'),
  results: Array<ValType>(results).fill('i32'),
});

/**
 * Every exported function of ABI 1.3 with its exact signature (all parameters and results are
 * i32). wasmtime-based hosts type-check these (Rust at load time), so they must match exactly.
 */
export const ABI_EXPORTS = {
  opa_malloc: sig(1, 1),
  opa_free: sig(1, 0),
  opa_heap_ptr_get: sig(0, 1),
  opa_heap_ptr_set: sig(1, 0),
  opa_json_parse: sig(2, 1),
  opa_value_parse: sig(2, 1),
  opa_json_dump: sig(1, 1),
  opa_value_dump: sig(1, 1),
  builtins: sig(0, 1),
  entrypoints: sig(0, 1),
  opa_eval_ctx_new: sig(0, 1),
  opa_eval_ctx_set_input: sig(2, 0),
  opa_eval_ctx_set_data: sig(2, 0),
  opa_eval_ctx_set_entrypoint: sig(2, 0),
  eval: sig(1, 1),
  opa_eval_ctx_get_result: sig(1, 1),
  opa_value_add_path: sig(3, 1),
  opa_value_remove_path: sig(2, 1),
  opa_eval: sig(7, 1),
  opa_value_free: sig(1, 0),
  opa_heap_blocks_stash: sig(0, 0),
  opa_heap_blocks_restore: sig(0, 0),
  opa_heap_stash_clear: sig(0, 0),
} as const satisfies Record<string, AbiSignature>;

/** The name of an ABI export function. */
export type AbiExport = keyof typeof ABI_EXPORTS;

/** The names of all ABI export functions, in the order of the spec's table. */
export const ABI_EXPORT_NAMES = Object.keys(ABI_EXPORTS) as AbiExport[];

/** The signature of `opa_abort`. */
export const ABORT_SIGNATURE: AbiSignature = sig(1, 0);

/** Result codes of `opa_value_add_path` / `opa_value_remove_path` (OPA's `opa_errc`). */
export const ERRC = {
  OK: 0,
  INTERNAL: 1,
  INVALID_TYPE: 2,
  INVALID_PATH: 3,
} as const;

/** The `format` argument of `opa_eval`: 0 = JSON (JS, Rust, Python, .NET), non-zero = Rego (Go). */
export const EVAL_FORMAT = { JSON: 0, VALUE: 1 } as const;

/** The abort messages the runtime uses, worded as OPA words them (§9). */
export const ABORT_MESSAGES = {
  mallocFailed: 'opa_malloc: failed',
  illegalEntrypoint: 'internal: illegal entrypoint id',
  invalidReserved: 'invalid reserved argument',
} as const;

/** The key of the single field of every result-set element: `[{"result": V}]`. */
export const RESULT_KEY = 'result';
