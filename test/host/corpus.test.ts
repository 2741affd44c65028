/**
 * The conformance corpus through the embedded host's public API.
 *
 * Every `want_result` case of the corpus — the decision semantics (`decision/*.yaml`), the
 * explain traces, expressions and the spec's example — goes the way a host's decisions go:
 * the case's pact is compiled and built into bundle *bytes* (with its schema files, as
 * `buildPactBundle` writes them), loaded with `loadBundle`, its data set through the run-time
 * API (`resetData` + `setData` for a patch, `replaceData` for a whole document), and decided
 * with `decide` and `explain`. The decision must equal `want_result` — structurally and as
 * JSON text, so key order is held to the contract — and the explanation must be the same
 * document plus the trace (equal to `want_explanation` where the case has one), and the host's
 * own validation (`decideDetailed(...).validation`, ajv over the bundle's `/schema/input.json`)
 * must give exactly the policy's `invalid_input` reasons. One bundle is
 * loaded per distinct pact and reused across its cases, which also checks that data changes
 * leave nothing behind.
 *
 * Cases listed in `exceptions.yaml` for the `wasm-sdk` engine (the same SDK path the host
 * uses) are expected to fail here too.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/bundle/index.js';
import type { CheckedPact } from '../../src/check/types.js';
import { compileWasm } from '../../src/compile.js';
import { loadBundle, MemorySink, PactDataError, schemaFiles, verifyLog, type Pact } from '../../src/index.js';
import { COMPILER_VERSION } from '../../src/version.js';
import { checkModules, corpusFiles, loadCorpus, loadExceptions, type CorpusCase } from '../conformance/corpus.js';

const cases = loadCorpus().filter((c) => c.want.kind === 'result');
const exceptions = loadExceptions().filter((e) => e.engine === 'wasm-sdk');
const DECISION_KEYS = ['effect', 'rules', 'reasons', 'approvers', 'grants', 'pact'];

/** Bundle bytes for a checked pact, as `buildPactBundle` builds them. */
async function bundleOf(pact: CheckedPact): Promise<Uint8Array> {
  return buildBundle({
    pact: { name: pact.name, version: pact.version, sourceDigest: '' },
    compilerVersion: COMPILER_VERSION,
    wasm: compileWasm(pact),
    data: pact.dataDefaults,
    files: schemaFiles(pact),
  });
}

const hosts = new Map<CheckedPact, { pact: Pact; sink: MemorySink }>();

async function hostFor(c: CorpusCase): Promise<{ pact: Pact; sink: MemorySink }> {
  const r = checkModules(c.modules);
  if (!r.pact) throw new Error(`the pact does not check: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  let h = hosts.get(r.pact);
  if (!h) {
    const sink = new MemorySink();
    h = { pact: await loadBundle(await bundleOf(r.pact), { log: sink }), sink };
    hosts.set(r.pact, h);
  }
  return h;
}

/**
 * Sets the case's data through the run-time API. A field the pact does not declare is refused
 * by `setData` and `replaceData` (the policy would ignore it); such a case checks the policy's
 * own semantics, so after checking the refusal its document is set without the host's check.
 */
function setCaseData(pact: Pact, c: CorpusCase): void {
  pact.resetData();
  if (!c.data) return;
  const v = c.data.value;
  const isObject = typeof v === 'object' && v !== null && !Array.isArray(v);
  const undeclared = isObject && Object.keys(v).some((k) => !pact.dataFields?.includes(k));
  if (undeclared) {
    const set = (): void => (c.data!.kind === 'patch' ? pact.setData(v as Record<string, unknown>) : pact.replaceData(v as Record<string, unknown>));
    expect(set).toThrow(PactDataError);
    pact.setDocument(c.data.kind === 'patch' ? { ...pact.defaultData(), ...(v as Record<string, unknown>) } : v);
  } else if (c.data.kind === 'patch' && isObject) pact.setData(v as Record<string, unknown>);
  // A whole document — or a "patch" that is not an object, which replaces the document too.
  else pact.replaceData(v as Record<string, unknown>);
}

describe('the corpus through loadBundle', () => {
  it('covers the decision semantics', () => {
    const files = new Set(cases.map((c) => c.file));
    for (const f of corpusFiles().filter((x) => x.startsWith('decision/'))) expect(files).toContain(f);
    expect(cases.filter((c) => c.file.startsWith('decision/')).length).toBeGreaterThanOrEqual(100);
  });

  for (const file of [...new Set(cases.map((c) => c.file))]) {
    describe(file, () => {
      for (const c of cases.filter((x) => x.file === file)) {
        const exception = exceptions.some((e) => e.file === c.file && e.case === c.note);
        (exception ? it.fails : it)(c.note, async () => {
          if (c.want.kind !== 'result') throw new Error('unreachable');
          const { pact } = await hostFor(c);
          setCaseData(pact, c);
          const decision = pact.decide(c.input);
          expect(decision).toEqual(c.want.result);
          expect(Object.keys(decision)).toEqual(DECISION_KEYS);
          expect(JSON.stringify(decision)).toBe(JSON.stringify(c.want.result));
          const { explanation, ...rest } = pact.explain(c.input);
          expect(JSON.stringify(rest)).toBe(JSON.stringify(c.want.result));
          if (c.want.explanation) expect(explanation).toEqual(c.want.explanation);
          // The host's friendly validation (ajv, from /schema/input.json) agrees with the policy.
          const { validation } = pact.decideDetailed(c.input);
          if (validation && decision.rules[0] !== 'kill_switch') {
            const reasons = decision.reasons.filter((_, i) => decision.rules[i] === 'invalid_input');
            expect(validation.errors.map((e) => e.message)).toEqual(reasons);
          }
        });
      }
    });
  }

  it('logged every decision of every pact as a valid chain', async () => {
    expect(hosts.size).toBeGreaterThan(10);
    for (const { pact, sink } of hosts.values()) {
      await pact.flush();
      expect(verifyLog(sink.text()).ok).toBe(true);
    }
  });
});
