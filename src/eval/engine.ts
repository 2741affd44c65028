/**
 * Engines: anything that turns a checked pact into decisions.
 *
 * The conformance corpus (`test/conformance/`) and the differential property tests run the same
 * cases through every engine and compare the documents byte for byte: the reference evaluator
 * here, the generated Wasm run by our own ABI host, and the same Wasm run by
 * `@open-policy-agent/opa-wasm` as an independent host (cedar's `CedarTestImplementation`, OPA's
 * `test/cases`). An engine is built once per pact — loading may be asynchronous, as
 * instantiating WebAssembly is — and then decides synchronously, as an OPA-Wasm `evaluate` does.
 *
 * Every engine takes the same arguments with the same meaning:
 * - `input === undefined` is an absent input (a forbid by `invalid_input`, `input must be an
 *   object`); any other value is the JSON input document;
 * - `data` is the whole data document (the pact's data fields, `kill_switch` and `revoked`
 *   included); `undefined` means the pact's defaults. Callers with a partial override build the
 *   document with `mergeData(pact.dataDefaults, patch)`.
 */
import type { CheckedPact } from '../check/types.js';
import type { Decision, Explanation } from '../decision/index.js';
import { decide, explain } from './decide.js';

/** Decides inputs for one pact; built by an {@link EngineFactory}. */
export interface Engine {
  /** The engine's name, as exceptions in the conformance corpus refer to it (`reference`, `wasm`, …). */
  readonly name: string;
  /** The decision document for `input` (undefined: absent) and `data` (undefined: defaults). */
  decide(input: unknown, data?: unknown): Decision;
  /** The decision document plus the trace of every rule (the `explain` entrypoint). */
  explain(input: unknown, data?: unknown): Explanation;
}

/** Builds an {@link Engine} for a checked pact. */
export interface EngineFactory {
  /** The name every engine it builds carries. */
  readonly name: string;
  /** Prepares the engine for `pact` (compiling, instantiating, …). */
  load(pact: CheckedPact): Engine | Promise<Engine>;
}

/** The reference evaluator as an engine over `pact`. */
export function referenceEngine(pact: CheckedPact): Engine {
  return {
    name: REFERENCE.name,
    decide: (input, data) => decide(pact, input, data),
    explain: (input, data) => explain(pact, input, data),
  };
}

/** The factory of the reference evaluator, `reference`: the engine every other one is held to. */
export const REFERENCE: EngineFactory = {
  name: 'reference',
  load: (pact) => referenceEngine(pact),
};
