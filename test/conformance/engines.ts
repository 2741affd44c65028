/**
 * The Wasm engines of the conformance corpus: the module pactc generates, run by
 * `@open-policy-agent/opa-wasm` — the real JS host — on its fast path (`opa_eval`, ABI ≥ 1.2)
 * and forced onto its older multi-call path (`opa_eval_ctx_*`, `eval`, `opa_json_dump`).
 *
 * Forcing the slow path does not touch the artifact: the SDK picks its path from the
 * `minorVersion` it read at load time, so the test lowers that field on the loaded policy.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compileWasm } from '../../src/compile.js';
import type { CheckedPact } from '../../src/check/types.js';
import type { Decision, Explanation } from '../../src/decision/index.js';
import type { Engine, EngineFactory } from '../../src/eval/engine.js';
import { GoHost } from '../wasm/host.js';
import { RegoSet, goText, parseRego } from '../wasm/rego-text.js';

type Loaded = Awaited<ReturnType<typeof loadPolicy>>;

/** Wraps an SDK-loaded policy as an engine; data is set only when it changes. */
function sdkEngine(name: string, pact: CheckedPact, policy: Loaded): Engine {
  let current: unknown = Symbol('unset');
  const run = (input: unknown, data: unknown, ep: 'decision' | 'explain'): unknown => {
    const doc = data === undefined ? pact.dataDefaults : data;
    if (doc !== current) {
      policy.setData({ pact: { [pact.name]: doc } });
      current = doc;
    }
    const result = policy.evaluate(input, `pact/${pact.name}/${ep}`) as { result: unknown }[];
    if (result.length !== 1) throw new Error(`${name}: expected one result, got ${JSON.stringify(result)}`);
    return result[0]?.result;
  };
  return {
    name,
    decide: (input, data) => run(input, data, 'decision') as Decision,
    explain: (input, data) => run(input, data, 'explain') as Explanation,
  };
}

/** Our Wasm through the JS SDK's fast path. */
export const WASM_SDK: EngineFactory = {
  name: 'wasm-sdk',
  load: async (pact) => sdkEngine('wasm-sdk', pact, await loadPolicy(compileWasm(pact))),
};

/** Our Wasm through the JS SDK's multi-call path (as for ABI 1.0/1.1 modules). */
export const WASM_SDK_SLOW: EngineFactory = {
  name: 'wasm-sdk-slow',
  load: async (pact) => {
    const policy = await loadPolicy(compileWasm(pact));
    (policy as unknown as { minorVersion: number }).minorVersion = 1;
    return sdkEngine('wasm-sdk-slow', pact, policy);
  },
};

/**
 * Our Wasm driven the way OPA's own Go host drives it (§5.3, replayed in Node by
 * `test/wasm/host.ts`): data and input cross as Rego text (`ast.Value.String()`, Go-quoted
 * strings), `opa_eval` runs with format 1 and the result set comes back as Rego text, which must
 * be a one-element set `{{"result": …}}`. Each data change replaces the document as the Go SDK's
 * `SetData` does (stash dance included).
 */
export const WASM_GO_REPLAY: EngineFactory = {
  name: 'wasm-go-replay',
  load: (pact) => {
    const bytes = compileWasm(pact);
    const docOf = (data: unknown) => goText({ pact: { [pact.name]: data === undefined ? pact.dataDefaults : data } });
    const host = new GoHost(bytes, docOf(undefined));
    let current = docOf(undefined);
    const run = (input: unknown, data: unknown, ep: 'decision' | 'explain'): unknown => {
      const doc = docOf(data);
      if (doc !== current) {
        host.setData(doc);
        current = doc;
      }
      const out = parseRego(host.eval(`pact/${pact.name}/${ep}`, input === undefined ? undefined : goText(input)));
      if (!(out instanceof RegoSet) || out.items.length !== 1) throw new Error(`wasm-go-replay: not a one-element result set: ${JSON.stringify(out)}`);
      return (out.items[0] as { result: unknown }).result;
    };
    return {
      name: 'wasm-go-replay',
      decide: (input, data) => run(input, data, 'decision') as Decision,
      explain: (input, data) => run(input, data, 'explain') as Explanation,
    };
  },
};
