/**
 * The differential harness: one generated pact and its cases through the reference evaluator
 * and through our Wasm run by `@open-policy-agent/opa-wasm` (fast path, and the multi-call slow
 * path), comparing the documents as `JSON.stringify` text — key order is part of the contract.
 *
 * - {@link loadPact} checks the printed pact, compiles it, validates the module with
 *   `WebAssembly.validate`, and loads it through the conformance suite's engine factories
 *   (`WASM_SDK`, `WASM_SDK_SLOW`), so this suite and the corpus run the very same host code.
 * - {@link diffCase} runs one case and returns the first {@link Divergence}: a document that
 *   differs, or an engine that throws (a Wasm trap, or an internal error of the reference —
 *   both are bugs on a checked pact).
 * - {@link arbRun} is the fast-check arbitrary of a pact with its cases; its shrinker
 *   ({@link shrinkRun}) keeps the one failing case, then simplifies the pact with the cases held
 *   fixed, then the case. {@link minimise} applies the same steps greedily outside fast-check
 *   (the hunt script), holding the divergence's {@link Divergence.signature} so that a
 *   minimisation cannot slide into a different bug.
 * - {@link corpusCase} writes a minimised divergence as a conformance-corpus case.
 */
import fc from 'fast-check';
import { compileWasm, frontEnd } from '../../src/compile.js';
import type { CheckedPact } from '../../src/check/types.js';
import { decide, explain, mergeData, type Engine } from '../../src/eval/index.js';
import { tooDeep } from '../../src/eval/decide.js';
import { WASM_SDK, WASM_SDK_SLOW } from '../conformance/engines.js';
import { arbCase, shrinkCase, type CaseOptions, type DataArg, type DiffCase } from './input-gen.js';
import { generatePact, printPact, rngOf, shrinkPact, type GenOptions, type GenPact } from './pact-gen.js';

/** A generated pact with its cases. */
export interface Run {
  readonly pact: GenPact;
  readonly cases: readonly DiffCase[];
}

/** A pact ready to run: checked, compiled and loaded. */
export interface LoadedPact {
  readonly src: string;
  readonly pact: CheckedPact;
  readonly wasm: Uint8Array;
  readonly fast: Engine;
  readonly slow?: Engine;
}

/** Where and how the engines disagree. */
export interface Divergence {
  readonly engine: string;
  readonly entrypoint: 'decision' | 'explain';
  /** The reference's document as JSON text (or its error). */
  readonly reference: string;
  /** The Wasm engine's document as JSON text (or its error). */
  readonly wasm: string;
  /** A coarse classification: the entrypoint and the top-level keys that differ. */
  readonly signature: string;
}

/** The file name generated pacts are checked under. */
export const PACT_PATH = 'gen.pact';

/** Checks and compiles `src`; undefined when it does not check. Throws when compiling fails. */
export async function loadPact(src: string, opts: { readonly slow?: boolean } = {}): Promise<LoadedPact | undefined> {
  const fe = frontEnd(PACT_PATH, src);
  if (!fe.ok || !fe.pact) return undefined;
  const pact = fe.pact;
  const wasm = compileWasm(pact);
  if (!WebAssembly.validate(wasm)) throw new Error('the generated module does not validate');
  const fast = await WASM_SDK.load(pact);
  const slow = opts.slow ? await WASM_SDK_SLOW.load(pact) : undefined;
  return { src, pact, wasm, fast, ...(slow ? { slow } : {}) };
}

/** The whole data document of a case (`undefined` for the defaults, as engines take it). */
export function dataDocument(pact: CheckedPact, d: DataArg): unknown {
  switch (d.kind) {
    case 'defaults':
      return undefined;
    case 'patch':
      return mergeData(pact.dataDefaults, d.value);
    case 'document':
      return d.value;
  }
}

function attempt(f: () => unknown): string {
  try {
    return JSON.stringify(f());
  } catch (e) {
    return `THROWS ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

function signatureOf(entrypoint: string, ref: string, wasm: string): string {
  if (ref.startsWith('THROWS')) return `${entrypoint}:reference-throws:${ref.slice(7, 60)}`;
  if (wasm.startsWith('THROWS')) return `${entrypoint}:wasm-throws:${wasm.slice(7, 60)}`;
  const a = JSON.parse(ref) as Record<string, unknown>;
  const b = JSON.parse(wasm) as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') return `${entrypoint}:not-a-document`;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (keys.length === 0) return `${entrypoint}:key-order`;
  return `${entrypoint}:${keys.join(',')}`;
}

/**
 * Runs one case through the reference and the Wasm engines (`slow` adds the SDK's slow path)
 * and returns the first divergence.
 */
export function diffCase(p: LoadedPact, c: DiffCase, slow = true): Divergence | undefined {
  const data = dataDocument(p.pact, c.data);
  const engines = [p.fast, ...(slow && p.slow ? [p.slow] : [])];
  // Raw text goes to the Wasm host as bytes; a fresh buffer per call.
  const wasmInput = (): unknown => (c.raw === undefined ? c.input : new TextEncoder().encode(c.raw.text).buffer);
  for (const entrypoint of ['decision', 'explain'] as const) {
    const reference = attempt(() => (entrypoint === 'decision' ? decide(p.pact, c.input, data) : explain(p.pact, c.input, data)));
    for (const engine of engines) {
      const wasm = attempt(() => (entrypoint === 'decision' ? engine.decide(wasmInput(), data) : engine.explain(wasmInput(), data)));
      // The ABI's multi-call path has no way to report unparsable input but a 0 from
      // `opa_json_parse`, on which the SDK throws: expected for text that is not JSON (or nests
      // deeper than MAX_NESTING, which no engine accepts as JSON).
      const notJson = (c.raw !== undefined && c.input === undefined) || (c.input !== undefined && tooDeep(c.input));
      if (notJson && engine === p.slow && wasm === 'THROWS failed to parse json value') continue;
      // That path parses input with `opa_json_parse`, which must accept a terminating NUL inside
      // the length (Rust hosts send one); `opa_eval`'s value parser accepts exactly the text.
      if (engine === p.slow && c.raw !== undefined && c.input === undefined && /^[^\0]*\0+$/.test(c.raw.text)) continue;
      if (wasm !== reference || reference.startsWith('THROWS')) {
        return { engine: engine.name, entrypoint, reference, wasm, signature: signatureOf(entrypoint, reference, wasm) };
      }
    }
  }
  return undefined;
}

/** Runs every case of a run; the first divergence with its case, or undefined. */
export async function diffRun(run: Run, opts: { readonly slowCases?: number } = {}): Promise<{ case: DiffCase; divergence: Divergence } | undefined> {
  const slowCases = opts.slowCases ?? Infinity;
  const p = await loadPact(printPact(run.pact), { slow: slowCases > 0 });
  if (!p) return undefined;
  for (const [i, c] of run.cases.entries()) {
    const d = diffCase(p, c, i < slowCases);
    if (d) return { case: c, divergence: d };
  }
  return undefined;
}

/** A run printed for humans: the pact source and the cases as JSON. */
export function showRun(run: Run): string {
  const cases = run.cases.map(
    (c) => `input: ${c.raw !== undefined ? `raw text ${JSON.stringify(c.raw.text)}` : c.input === undefined ? '(absent)' : JSON.stringify(c.input)}\ndata: ${JSON.stringify(c.data)}`,
  );
  return `\n----- pact -----\n${printPact(run.pact)}----- cases -----\n${cases.join('\n')}\n`;
}

function withToString(run: Run): Run {
  return Object.defineProperty({ ...run }, fc.toStringMethod, { value: () => showRun(run), enumerable: false });
}

/** One-step simplifications of a run: one case only, then a smaller pact, then a smaller case. */
export function* shrinkRun(run: Run): Generator<Run> {
  if (run.cases.length > 1) for (const c of run.cases) yield { pact: run.pact, cases: [c] };
  for (const pact of shrinkPact(run.pact)) yield { pact, cases: run.cases };
  if (run.cases.length === 1) for (const c of shrinkCase(run.cases[0] as DiffCase)) yield { pact: run.pact, cases: [c] };
}

class RunArbitrary extends fc.Arbitrary<Run> {
  constructor(
    private readonly inputs: number,
    private readonly opts: GenOptions & CaseOptions,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Run> {
    const pact = generatePact(rngOf(mrng), this.opts);
    const arb = arbCase(pact, this.opts);
    const cases = Array.from({ length: this.inputs }, () => arb.generate(mrng, biasFactor).value);
    return new fc.Value(withToString({ pact, cases }), undefined);
  }
  canShrinkWithoutContext(_value: unknown): _value is Run {
    return false;
  }
  shrink(value: Run): fc.Stream<fc.Value<Run>> {
    return new fc.Stream(shrinkRun(value)).map((v) => new fc.Value(withToString(v), undefined));
  }
}

/** A generated pact with `inputs` cases, shrinking with {@link shrinkRun}. */
export function arbRun(inputs: number, opts: GenOptions & CaseOptions = {}): fc.Arbitrary<Run> {
  return new RunArbitrary(inputs, opts);
}

/**
 * Greedy minimisation: repeatedly takes the first one-step simplification for which `fails`
 * still holds, until none does or `budget` candidates were tried.
 */
export async function minimise(run: Run, fails: (r: Run) => Promise<boolean>, budget = 4000): Promise<Run> {
  let cur = run;
  let tries = 0;
  for (;;) {
    let next: Run | undefined;
    for (const cand of shrinkRun(cur)) {
      if (++tries > budget) return cur;
      if (await fails(cand)) {
        next = cand;
        break;
      }
    }
    if (!next) return cur;
    cur = next;
  }
}

/** A conformance-corpus case (see test/conformance/README.md) pinning the reference's answer. */
export function corpusCase(note: string, src: string, pact: CheckedPact, c: DiffCase, withExplanation: boolean): Record<string, unknown> {
  const data = dataDocument(pact, c.data);
  const want = decide(pact, c.input, data);
  const out: Record<string, unknown> = { note, modules: { 'main.pact': src } };
  if (c.input !== undefined) out['input'] = c.input;
  if (c.data.kind === 'patch') out['data'] = c.data.value;
  if (c.data.kind === 'document') out['data_document'] = c.data.value;
  out['want_result'] = want;
  if (withExplanation) out['want_explanation'] = explain(pact, c.input, data).explanation;
  return out;
}
