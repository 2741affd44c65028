/**
 * The conformance runner: every corpus case through every engine.
 *
 * For each engine factory in {@link ENGINES}, each case's pact is checked (once per distinct set
 * of modules) and loaded into the engine (once per engine and pact); then
 * - a `want_error` case passes when checking reports an error with that code (and message text);
 * - a `want_result` case passes when the engine's decision document equals `want_result` —
 *   compared structurally *and* as `JSON.stringify` text, so key order is held to the contract
 *   too — when `explain` gives the same document plus a trace, and, if the case has one, when
 *   that trace equals `want_explanation`.
 * A case listed for the engine in `exceptions.yaml` is expected to *fail* (`it.fails`), so an
 * exception that no longer applies shows up and is removed.
 *
 * To plug in another engine, add its factory to `ENGINES`.
 */
import { describe, expect, it } from 'vitest';
import type { CheckedPact } from '../../src/check/types.js';
import { REFERENCE, mergeData, type Engine, type EngineFactory } from '../../src/eval/index.js';
import { WASM_GO_REPLAY, WASM_SDK, WASM_SDK_SLOW } from './engines.js';
import { checkModules, corpusFiles, loadCorpus, loadExceptions, type CorpusCase } from './corpus.js';

/** The engines every case runs through. */
const ENGINES: readonly EngineFactory[] = [REFERENCE, WASM_SDK, WASM_SDK_SLOW, WASM_GO_REPLAY];

const cases = loadCorpus();
const exceptions = loadExceptions();
const files = corpusFiles();

/** Contract key order of the decision document. */
const DECISION_KEYS = ['effect', 'rules', 'reasons', 'approvers', 'grants', 'pact'];

function pactOf(c: CorpusCase): CheckedPact {
  const r = checkModules(c.modules);
  if (!r.pact) {
    const errs = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
    throw new Error(`the pact does not check:\n${errs.join('\n')}`);
  }
  return r.pact;
}

function dataOf(c: CorpusCase, pact: CheckedPact): unknown {
  if (!c.data) return undefined;
  return c.data.kind === 'document' ? c.data.value : mergeData(pact.dataDefaults, c.data.value);
}

describe('the corpus', () => {
  it('holds at least 150 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });
  it('has no exceptions for the reference evaluator, which defines the semantics', () => {
    expect(exceptions.filter((e) => e.engine === REFERENCE.name)).toEqual([]);
  });
  it('lists exceptions only for existing engines and cases', () => {
    for (const e of exceptions) {
      expect(ENGINES.map((f) => f.name), e.note).toContain(e.engine);
      expect(cases.some((c) => c.file === e.file && c.note === e.case), `${e.file}: ${e.case}`).toBe(true);
    }
  });
});

for (const factory of ENGINES) {
  describe(`engine ${factory.name}`, () => {
    const engines = new Map<CheckedPact, Engine>();
    const engineFor = async (pact: CheckedPact): Promise<Engine> => {
      let e = engines.get(pact);
      if (!e) {
        e = await factory.load(pact);
        engines.set(pact, e);
      }
      return e;
    };
    for (const file of files) {
      describe(file, () => {
        for (const c of cases.filter((x) => x.file === file)) {
          const exception = exceptions.find((e) => e.engine === factory.name && e.file === file && e.case === c.note);
          const test = exception ? it.fails : it;
          test(c.note, async () => {
            const want = c.want;
            if (want.kind === 'error') {
              const r = checkModules(c.modules);
              const errors = r.diagnostics.filter((d) => d.severity === 'error');
              const got = errors.map((d) => `${d.code} ${d.message}`);
              expect(
                errors.some((d) => d.code === want.code && (want.message === undefined || d.message.includes(want.message))),
                `want ${want.code}${want.message ? ` "${want.message}"` : ''}, got:\n${got.join('\n') || '(no errors)'}`,
              ).toBe(true);
              expect(r.pact).toBeUndefined();
              return;
            }
            const pact = pactOf(c);
            const engine = await engineFor(pact);
            const data = dataOf(c, pact);
            const decision = engine.decide(c.input, data);
            expect(decision).toEqual(want.result);
            expect(Object.keys(decision)).toEqual(DECISION_KEYS);
            expect(JSON.stringify(decision)).toBe(JSON.stringify(want.result));

            const explained = engine.explain(c.input, data);
            const { explanation, ...rest } = explained;
            expect(JSON.stringify(rest)).toBe(JSON.stringify(decision));
            if (want.explanation !== undefined) expect(explanation).toEqual(want.explanation);
            const ranRules = want.result.rules.every((r) => pact.rules.some((x) => x.name.text === r));
            expect(explanation.length).toBe(ranRules || want.result.rules[0] === 'default_deny' ? pact.rules.length : 0);
          });
        }
      });
    }
  });
}
