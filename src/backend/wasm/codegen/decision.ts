/**
 * The decision procedure of spec §5 as generated code: rule functions, let functions and the two
 * entrypoints (`decision` and `explain`).
 *
 * An entrypoint takes the whole data document, picks the pact's object (`data.pact.NAME`), and:
 * 1. returns the prebuilt kill-switch document when `kill_switch` is exactly true;
 * 2. validates input and data (`schema.ts`) and returns the violations document if any;
 * 3. resets the let memo and the fault flag, then calls every rule function in source order;
 * 4. returns the prebuilt `evaluation_error` document if the fault flag is set;
 * 5. assembles forbid / escalate / permit / `default_deny` from the per-rule match flags.
 * Everything static — ids, reasons, grants, roles, the `pact` field, whole pseudo-rule
 * documents — is prebuilt in static memory; a decision allocates only the arrays and objects
 * of its own document. Approvers are the sorted union of roles, so the compiler sorts the
 * roles once and the code only tests which of them apply.
 *
 * The explain entrypoint runs the same procedure with tracing rule functions (`rule_x_i`), which
 * record every clause's outcome and the values it read, and appends `explanation`.
 */
import { PSEUDO } from '../../../decision/index.js';
import type * as ir from '../../../ir/ir.js';
import type { Func } from '../module.js';
import { jsonText, type StaticJson } from '../static-data.js';
import { block, brIf, call, get, i32, if_, mem, op, set, type Instr, type ValType } from '../instr.js';
import { FnScope, type Consts } from './context.js';
import type { InputSlots } from './slots.js';
import { STATIC } from '../runtime/layout.js';
import { lowerExpr, path, type ExprEnv } from './expr.js';

/** Static memory used by the generated code: the fault flag and the let memo. */
export interface Scratch {
  readonly faultAddr: number;
  /** The input's slots. */
  readonly slots: InputSlots;
  /** Let i's "computed" flag is at `letBase + 16 i`, its value at `letBase + 16 i + 8`. */
  readonly letBase: number;
}

const valType = (r: ir.Repr): ValType => (r === 'num' ? 'f64' : 'i32');
const letFunc = (i: number) => `let_${i}`;
/** Rule and let functions take the pact's data document; they read the input from its slots. */
const DOC_PARAMS = [{ name: 'd', type: 'i32' as const }];

/** The memoising function of each let: computes the body once per decision. */
export function letFuncs(p: ir.Policy, consts: Consts, scratch: Scratch): Func[] {
  return p.lets.map((l, i) => {
    const scope = new FnScope();
    const env: ExprEnv = { consts, scope, faultAddr: scratch.faultAddr, letFunc, slots: scratch.slots };
    const flag = scratch.letBase + 16 * i;
    const slot = flag + 8;
    const t = valType(l.repr);
    const r = scope.tmp(t, 'r');
    const load = t === 'f64' ? mem('f64.load') : mem('i32.load');
    const store = t === 'f64' ? mem('f64.store') : mem('i32.store');
    const body: Instr[] = [
      i32(flag),
      mem('i32.load'),
      if_([i32(slot), load, op('return')]),
      ...lowerExpr(l.body, env),
      set(r),
      i32(slot),
      get(r),
      store,
      i32(flag),
      i32(1),
      mem('i32.store'),
      get(r),
    ];
    return { name: letFunc(i), params: DOC_PARAMS, results: [t], locals: scope.locals, body };
  });
}

/** `rule_i(input, d) → matched`, or with `trace`, `rule_x_i(input, d, conditions) → matched`. */
export function ruleFunc(r: ir.Rule, index: number, trace: boolean, consts: Consts, scratch: Scratch): Func {
  const scope = new FnScope();
  const env: ExprEnv = { consts, scope, faultAddr: scratch.faultAddr, letFunc, slots: scratch.slots };
  const revoked = (g: ir.Grant): Instr[] => [i32(consts.str(g.secret)), get('d'), ...consts.getField('revoked'), call('rt_in')];
  if (!trace) {
    const body: Instr[] = [];
    for (const c of r.clauses) body.push(...lowerExpr(c.cond, env), ...(c.kind === 'when' ? [op('i32.eqz')] : []), brIf('fail'));
    for (const g of r.grants) body.push(...revoked(g), brIf('fail'));
    return {
      name: `rule_${index}`,
      params: DOC_PARAMS,
      results: ['i32'],
      locals: scope.locals,
      body: [block([...body, i32(1), op('return')], 'fail'), i32(0)],
    };
  }
  // Tracing: every clause gets an entry; after the first failure the rest are `passed: null`.
  const passing = scope.tmp('i32', 'passing');
  const held = scope.tmp('i32', 'held');
  const body: Instr[] = [i32(1), set(passing)];
  const entry = (kind: string, text: string, passed: Instr[], values: Instr[]): Instr[] => {
    const o = scope.tmp('i32', 'entry');
    return [
      call('rt_object_new'),
      set(o),
      ...insert(o, 'kind', [i32(consts.str(kind))], consts),
      ...insert(o, 'text', [i32(consts.str(text))], consts),
      ...insert(o, 'passed', passed, consts),
      ...insert(o, 'values', values, consts),
      get('conditions'),
      get(o),
      call('rt_array_push'),
    ];
  };
  for (const c of r.clauses) {
    const evaluate: Instr[] = [...lowerExpr(c.cond, env), ...(c.kind === 'when' ? [] : [op('i32.eqz')]), set(held), get(held), set(passing), get(held), call('rt_bool')];
    body.push(...entry(c.kind, c.text, [get(passing), if_(evaluate, [call('rt_null')], 'i32')], readValues(c.reads, env)));
  }
  for (const g of r.grants) {
    // The first revoked grant reached fails the rule; later ones were not evaluated.
    const passed: Instr[] = [get(passing), if_([i32(0), call('rt_bool')], [call('rt_null')], 'i32')];
    body.push(...revoked(g), if_([...entry('grant', g.text, passed, [i32(consts.json({}))]), i32(0), set(passing)]));
  }
  body.push(get(passing));
  return {
    name: `rule_x_${index}`,
    params: [...DOC_PARAMS, { name: 'conditions', type: 'i32' }],
    results: ['i32'],
    locals: scope.locals,
    body,
  };
}

function insert(o: string, key: string, value: Instr[], consts: Consts): Instr[] {
  return [get(o), i32(consts.str(key)), ...value, call('rt_object_insert')];
}

/** An object of the values a clause reads (absent and null ones left out). */
function readValues(reads: readonly ir.Read[], env: ExprEnv): Instr[] {
  const o = env.scope.tmp('i32', 'values');
  const v = env.scope.tmp('i32', 'seen');
  const out: Instr[] = [call('rt_object_new'), set(o)];
  for (const r of reads) {
    out.push(
      ...path(r.root, r.path, env),
      set(v),
      get(v),
      call('rt_type'),
      i32(1),
      op('i32.gt_u'),
      if_(insert(o, r.label, [get(v)], env.consts)),
    );
  }
  out.push(get(o));
  return out;
}

/**
 * How an entrypoint hands over its document: `value` returns it (the context ABI, and explain),
 * `write` appends its JSON text to the buffer `buf` and returns 1 (`opa_eval`'s decision).
 */
export type Output = 'value' | 'write';

/**
 * The `decision` (or, with `trace`, `explain`) entrypoint body of policy `p`. With output
 * `write` (decision only) the document is written as text from precomputed fragments — each
 * rule's `,"id"` and `,"reason"`, each grant, the static heads and tails — so the usual
 * documents cost no allocation; only a violations document is built as a value and dumped.
 */
export function entrypoint(p: ir.Policy, trace: boolean, consts: Consts, scratch: Scratch, output: Output = 'value'): { locals: FnScope['locals']; body: Instr[] } {
  if (trace && output === 'write') throw new Error('internal: explain documents are built as values');
  const write = output === 'write';
  const scope = new FnScope();
  scope.locals.push({ name: 'd', type: 'i32' });
  const empty = consts.json([]);
  const pact = { name: p.pact.name, version: p.pact.version };
  /** Appends static text to the output buffer. */
  const text = (t: string): Instr[] => {
    const { ptr, len } = consts.statics.string(t);
    return [get('buf'), i32(ptr), i32(len), call('buf_bytes')];
  };
  const done: Instr[] = [i32(1), op('return')];
  /**
   * A pseudo-rule's prebuilt document (with an empty trace for explain), leaving the function's
   * result: the document, or (writing) its text appended and 1.
   */
  const pseudoDoc = (rule: 'kill_switch' | 'default_deny' | 'evaluation_error'): Instr[] => {
    const doc = { effect: 'forbid', rules: [rule], reasons: [PSEUDO[rule]], approvers: [], grants: [], pact, ...(trace ? { explanation: [] } : {}) };
    return write ? [...text(jsonText(doc)), i32(1)] : [i32(consts.json(doc))];
  };
  const early = (rule: 'kill_switch' | 'evaluation_error'): Instr[] => [...pseudoDoc(rule), op('return')];
  const traces = scope.tmp('i32', 'traces');
  /** Adds `explanation` to the document on the stack (explain only). */
  const explained = (doc: Instr[], explanation: Instr[]): Instr[] => {
    if (!trace) return doc;
    const o = scope.tmp('i32', 'doc');
    return [...doc, set(o), ...insert(o, 'explanation', explanation, consts), get(o)];
  };
  const anyOf = (flags: Instr[][]): Instr[] => (flags.length === 0 ? [i32(0)] : flags.flatMap((f, k) => [...f, ...(k > 0 ? [op('i32.or')] : [])]));
  const body: Instr[] = [];

  // data.pact.NAME
  body.push(get('data'), ...consts.getField('pact'), ...consts.getField(p.pact.name), set('d'));
  // 1. Kill switch: exactly `true`.
  body.push(get('d'), ...consts.getField('kill_switch'), call('rt_is_true'), if_(early('kill_switch')));
  // 2. Schema violations, input first. Input the decoder accepted conforms and is in its slots
  //    already; an input value (the context ABI, or text the decoder left to the parser) is
  //    validated, then loaded into the slots.
  const inV = scope.tmp('i32', 'inv');
  const dataV = scope.tmp('i32', 'datav');
  const decoded: Instr[] = [get('input'), i32(STATIC.DECODED), op('i32.eq')];
  body.push(...decoded, if_([i32(0)], [get('input'), call('pc_validate_input')], 'i32'), set(inV), get('d'), call('pc_validate_data'), set(dataV));
  const violations: Instr[] = [get(inV), get(dataV), call('pc_violations')];
  body.push(
    get(inV),
    get(dataV),
    op('i32.or'),
    if_(write ? [get('buf'), ...violations, get('rego'), call('dump'), ...done] : [...explained(violations, [i32(empty)]), op('return')]),
  );
  body.push(...decoded, if_([], [get('input'), ...scratch.slots.load()]));

  // The approval's role (a string when `approval` is present: it passed validation).
  const role = scope.tmp('i32', 'role');
  body.push(...scratch.slots.read(['approval', 'role']), set(role));
  // For each matching escalate rule, whether the approval's role is one of its roles (compared
  // only when the rule matched; 0 otherwise).
  const approvedLocal = new Map<ir.Rule, string>();
  const approve = (r: ir.Rule, m: string): void => {
    if (r.effect !== 'escalate') return;
    const a = scope.tmp('i32', 'approved');
    body.push(get(m), if_(anyOf(r.roles.map((x) => [get(role), ...consts.equalsLiteral(x)])), [i32(0)], 'i32'), set(a));
    approvedLocal.set(r, a);
  };
  const approvedBy = (r: ir.Rule): Instr[] => [get(approvedLocal.get(r) as string)];

  // 3. Every rule in source order, with a fresh let memo and fault flag.
  body.push(i32(scratch.faultAddr), i32(0), mem('i32.store'));
  p.lets.forEach((_, i) => body.push(i32(scratch.letBase + 16 * i), i32(0), mem('i32.store')));
  if (trace) body.push(i32(p.rules.length), call('rt_array_new'), set(traces));
  const matched = p.rules.map((r, i) => {
    const m = scope.tmp('i32', 'matched');
    if (!trace) {
      body.push(get('d'), call(`rule_${i}`), set(m));
      approve(r, m);
      return m;
    }
    const conds = scope.tmp('i32', 'conds');
    const o = scope.tmp('i32', 'trace');
    body.push(i32(r.clauses.length), call('rt_array_new'), set(conds), get('d'), get(conds), call(`rule_x_${i}`), set(m));
    approve(r, m);
    body.push(call('rt_object_new'), set(o));
    body.push(...insert(o, 'rule', [i32(consts.str(r.id))], consts), ...insert(o, 'effect', [i32(consts.str(r.effect))], consts));
    body.push(...insert(o, 'matched', [get(m), call('rt_bool')], consts));
    if (r.effect === 'escalate') body.push(get(m), if_(insert(o, 'satisfied', [...approvedBy(r), call('rt_bool')], consts)));
    body.push(...insert(o, 'conditions', [get(conds)], consts), get(traces), get(o), call('rt_array_push'));
    return m;
  });
  body.push(i32(scratch.faultAddr), mem('i32.load'), if_(early('evaluation_error')));

  // Which rules each outcome collects: matching forbids; matching escalates the approval does
  // not satisfy (pending); matching permits and satisfied escalates (included).
  const forbids = p.rules.flatMap((r, i) => (r.effect === 'forbid' ? [{ rule: r, flag: matched[i] as string }] : []));
  const pending = p.rules.flatMap((r, i) => {
    if (r.effect !== 'escalate') return [];
    const s = scope.tmp('i32', 'pending');
    body.push(get(matched[i] as string), if_([...approvedBy(r), op('i32.eqz')], [i32(0)], 'i32'), set(s));
    return [{ rule: r, flag: s }];
  });
  const included = p.rules.flatMap((r, i) => {
    if (r.effect === 'permit') return [{ rule: r, flag: matched[i] as string }];
    return r.effect === 'escalate' ? [{ rule: r, flag: approvedLocal.get(r) as string }] : [];
  });
  // Approvers are the sorted union of the pending rules' roles; grants come in source order,
  // de-duplicated (one flag per distinct grant; Wasm zeroes locals on entry).
  const roles = [...new Set(p.rules.flatMap((r) => (r.effect === 'escalate' ? r.roles : [])))].sort();
  const approverHolders = roles.map((x) => ({ role: x, holders: pending.filter((m) => m.rule.roles.includes(x)).map((m) => [get(m.flag)]) }));
  const grantFlags = new Map<string, string>();
  const grantsOf = included.map((m) => ({
    flag: m.flag,
    grants: m.rule.grants.map((g) => {
      const key = JSON.stringify([g.secret, g.scope, g.ttl_seconds]);
      let flag = grantFlags.get(key);
      if (!flag) {
        flag = scope.tmp('i32', 'granted');
        grantFlags.set(key, flag);
      }
      return { doc: { secret: g.secret, scope: g.scope, ttl_seconds: g.ttl_seconds }, flag };
    }),
  }));

  if (write) body.push(...writeDocuments(scope, consts, pact, { forbids, pending, included, approverHolders, grantsOf, anyOf, text }));
  else {
    const rules = scope.tmp('i32', 'rules');
    const reasons = scope.tmp('i32', 'reasons');
    const collect = (members: readonly Member[]): Instr[] =>
      members.flatMap(({ rule: r, flag }) => [
        get(flag),
        if_([get(rules), i32(consts.str(r.id)), call('pc_push'), set(rules), get(reasons), i32(consts.str(r.because)), call('pc_push'), set(reasons)]),
      ]);
    /** Returns the document for `effect` when some rule was collected. */
    const finish = (effect: string, approvers: Instr[], grants: Instr[]): Instr[] => [
      get(rules),
      if_([...explained([i32(consts.str(effect)), get(rules), get(reasons), ...approvers, ...grants, call('pc_doc')], [get(traces)]), op('return')]),
    ];
    body.push(i32(0), set(rules), i32(0), set(reasons));
    // 4. Matching forbid rules.
    body.push(...collect(forbids), ...finish('forbid', [i32(empty)], [i32(empty)]));
    // 5. Pending escalates, with their approvers.
    const approvers = scope.tmp('i32', 'approvers');
    const approverCode: Instr[] = [i32(roles.length), call('rt_array_new'), set(approvers)];
    for (const { role: x, holders } of approverHolders) approverCode.push(...anyOf(holders), if_([get(approvers), i32(consts.str(x)), call('rt_array_push')]));
    body.push(...collect(pending), get(rules), if_(approverCode), ...finish('escalate', [get(approvers)], [i32(empty)]));
    // 6. Permits and satisfied escalates, with their grants.
    const grants = scope.tmp('i32', 'grants');
    const grantCode: Instr[] = grantsOf
      .filter((m) => m.grants.length > 0)
      .flatMap((m) => [
        get(m.flag),
        if_(m.grants.flatMap((g) => [get(g.flag), if_([], [i32(1), set(g.flag), get(grants), i32(consts.json(g.doc)), call('rt_array_push')])])),
      ]);
    body.push(...collect(included), get(rules), if_([i32(grantFlags.size), call('rt_array_new'), set(grants), ...grantCode]));
    body.push(...finish('permit', [i32(empty)], [get(grants)]));
  }
  // 7. Nothing permits.
  if (!trace) body.push(...pseudoDoc('default_deny'));
  else {
    const deny = [i32(consts.str('forbid')), i32(consts.json(['default_deny'])), i32(consts.json([PSEUDO.default_deny])), i32(empty), i32(empty), call('pc_doc')];
    body.push(...explained(deny, [get(traces)]));
  }
  return { locals: scope.locals, body };
}

/** A rule an outcome may collect, and the local flag saying whether it does. */
interface Member {
  readonly rule: ir.Rule;
  readonly flag: string;
}

/** Steps 4–6 of the decision written as text: the first outcome that collects a rule returns. */
function writeDocuments(
  scope: FnScope,
  consts: Consts,
  pact: { readonly name: string; readonly version: string },
  o: {
    readonly forbids: readonly Member[];
    readonly pending: readonly Member[];
    readonly included: readonly Member[];
    readonly approverHolders: readonly { readonly role: string; readonly holders: Instr[][] }[];
    readonly grantsOf: readonly { readonly flag: string; readonly grants: readonly { readonly doc: StaticJson; readonly flag: string }[] }[];
    readonly anyOf: (flags: Instr[][]) => Instr[];
    readonly text: (t: string) => Instr[];
  },
): Instr[] {
  const first = scope.tmp('i32', 'first');
  /** Appends `,item` — without the comma for the first item of a list. */
  const item = (json: string): Instr[] => {
    const { ptr, len } = consts.statics.string(`,${json}`);
    return [get('buf'), i32(ptr), get(first), op('i32.add'), i32(len), get(first), op('i32.sub'), call('buf_bytes'), i32(0), set(first)];
  };
  const list = (items: readonly { readonly when: Instr[]; readonly json: string }[]): Instr[] => [i32(1), set(first), ...items.flatMap((x) => [...x.when, if_(item(x.json))])];
  const ids = (members: readonly Member[]) => list(members.map((m) => ({ when: [get(m.flag)], json: jsonText(m.rule.id) })));
  const reasons = (members: readonly Member[]) => list(members.map((m) => ({ when: [get(m.flag)], json: jsonText(m.rule.because) })));
  const tail = `],"pact":${jsonText(pact)}}`;
  const outcome = (effect: string, members: readonly Member[], approvers: Instr[], grants: Instr[]): Instr[] => [
    ...o.anyOf(members.map((m) => [get(m.flag)])),
    if_([
      ...o.text(`{"effect":${jsonText(effect)},"rules":[`),
      ...ids(members),
      ...o.text('],"reasons":['),
      ...reasons(members),
      ...o.text('],"approvers":['),
      ...approvers,
      ...o.text('],"grants":['),
      ...grants,
      ...o.text(tail),
      i32(1),
      op('return'),
    ]),
  ];
  const approvers = list(o.approverHolders.map((a) => ({ when: o.anyOf(a.holders), json: jsonText(a.role) })));
  const grants: Instr[] = [i32(1), set(first)];
  for (const m of o.grantsOf) {
    if (m.grants.length === 0) continue;
    grants.push(get(m.flag), if_(m.grants.flatMap((g) => [get(g.flag), if_([], [i32(1), set(g.flag), ...item(jsonText(g.doc))])])));
  }
  return [...outcome('forbid', o.forbids, [], []), ...outcome('escalate', o.pending, approvers, []), ...outcome('permit', o.included, [], grants)];
}
