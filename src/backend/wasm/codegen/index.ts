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

/** The entrypoint paths of a pact, in id order. */
export function entrypointNames(pactName: string): readonly [string, string] {
  return [`pact/${pactName}/decision`, `pact/${pactName}/explain`];
}

/** The module specification for a policy. */
export function policyModuleSpec(p: ir.Policy): ModuleSpec {
  const statics = newStaticData();
  const consts = new Consts(statics);
  const scratch: Scratch = { faultAddr: statics.reserve(8), letBase: statics.reserve(Math.max(16, 16 * p.lets.length)) };
  const funcs = [
    ...helperFuncs(consts, p.pact),
    validatorFunc('input', 'input', p.input, consts),
    validatorFunc('data', 'data', p.data, consts),
    ...letFuncs(p, consts, scratch),
    ...p.rules.map((r, i) => ruleFunc(r, i, false, consts, scratch)),
    ...p.rules.map((r, i) => ruleFunc(r, i, true, consts, scratch)),
  ];
  const [decisionName, explainName] = entrypointNames(p.pact.name);
  return {
    entrypoints: [
      { name: decisionName, body: entrypoint(p, false, consts, scratch) },
      { name: explainName, body: entrypoint(p, true, consts, scratch) },
    ],
    staticData: statics,
    extraFunctions: funcs,
  };
}

/** Builds the policy module as data (for WAT printing and inspection). */
export function buildPolicyModule(p: ir.Policy): WasmModule {
  return buildModule(policyModuleSpec(p));
}

/** Compiles a policy to the bytes of `policy.wasm`. */
export function emitPolicy(p: ir.Policy): Uint8Array {
  return emitModule(policyModuleSpec(p));
}
