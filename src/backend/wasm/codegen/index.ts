/**
 * Policy code generation: `ir.Policy` → the functions, static data and entrypoints of an OPA-ABI
 * module. `emitPolicy` is the backend's entry for the compiler pipeline.
 *
 * Layout of what is generated (all names are local to the module):
 * - `pc_*` helpers (`helpers.ts`) and `pc_validate_input` / `pc_validate_data` (`schema.ts`);
 * - `let_i` memoising let functions, `rule_i` and tracing `rule_x_i` rule functions
 *   (`decision.ts`), expressions inside them lowered by `expr.ts`;
 * - entrypoint 0 `pact/NAME/decision` and entrypoint 1 `pact/NAME/explain`.
 * Static data holds every string, key and constant document, the fault flag and the let memo.
 */
import type * as ir from '../../../ir/ir.js';
import { buildModule, emitModule, newStaticData, type ModuleSpec } from '../index.js';
import type { WasmModule } from '../module.js';
import { Consts } from './context.js';
import { entrypoint, letFuncs, ruleFunc, type Scratch } from './decision.js';
import { helperFuncs } from './helpers.js';
import { validatorFunc } from './schema.js';
import { InputSlots } from './slots.js';

/** The entrypoint paths of a pact, in id order. */
export function entrypointNames(pactName: string): readonly [string, string] {
  return [`pact/${pactName}/decision`, `pact/${pactName}/explain`];
}

/** Code generation options (for tests and benchmarks; the defaults are what pactc ships). */
export interface PolicyOptions {
  /**
   * Generate the schema-guided input decoder (default true). Without it `opa_eval` parses every
   * input generically — the reference the decoder is tested against.
   */
  readonly decodeInput?: boolean;
}

/** The module specification for a policy. */
export function policyModuleSpec(p: ir.Policy, options: PolicyOptions = {}): ModuleSpec {
  const statics = newStaticData();
  const consts = new Consts(statics);
  const slots = new InputSlots(p, consts, options.decodeInput ?? true);
  const scratch: Scratch = { faultAddr: statics.reserve(8), letBase: statics.reserve(Math.max(16, 16 * p.lets.length)), slots };
  const funcs = [
    ...helperFuncs(consts, p.pact),
    ...slots.funcs(),
    validatorFunc('input', 'input', p.input, consts),
    validatorFunc('data', 'data', p.data, consts),
    ...letFuncs(p, consts, scratch),
    ...p.rules.map((r, i) => ruleFunc(r, i, false, consts, scratch)),
    ...p.rules.map((r, i) => ruleFunc(r, i, true, consts, scratch)),
  ];
  const [decisionName, explainName] = entrypointNames(p.pact.name);
  const entrypoints = [
    { name: decisionName, body: entrypoint(p, false, consts, scratch), write: entrypoint(p, false, consts, scratch, 'write') },
    { name: explainName, body: entrypoint(p, true, consts, scratch) },
  ];
  return {
    entrypoints,
    staticData: statics,
    extraFunctions: funcs,
    decodeInput: slots.decodeInput(entrypoints.findIndex((e) => e.name === explainName)),
  };
}

/** Builds the policy module as data (for WAT printing and inspection). */
export function buildPolicyModule(p: ir.Policy, options: PolicyOptions = {}): WasmModule {
  return buildModule(policyModuleSpec(p, options));
}

/** Compiles a policy to the bytes of `policy.wasm`. */
export function emitPolicy(p: ir.Policy, options: PolicyOptions = {}): Uint8Array {
  return emitModule(policyModuleSpec(p, options));
}
