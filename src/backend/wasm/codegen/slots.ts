/**
 * Input slots and the schema-guided input decoder.
 *
 * Every field of the input schema reachable through records (not through lists) gets a *cell*:
 * four bytes of static memory holding the field's value address — 0 when absent, the null value
 * for an explicit null, else the value. Generated rule code reads an input path with one load
 * from its cell instead of hashed lookups along the path. Cells are filled in one of two ways:
 *
 * - **Decoding** (`opa_eval`, every host's fast path): `$decode_input(ptr, len)` reads the input
 *   text once, guided by the schema. At each record it matches keys against the declared fields
 *   (by length, then bytes), decodes declared scalars straight into static value headers over the
 *   input's own bytes (strings without escapes are not copied; numbers keep their literal text
 *   and compute their f64 on first use), checks each against its schema as it goes (type, enum
 *   membership, integrality, `@range`, required fields, duplicate keys), descends into declared
 *   records, and skips undeclared values with the runtime's validating, non-allocating scanner.
 *   Only lists, sets, and records whose value rule code loads are parsed into runtime values
 *   (and checked with the generated validator of their schema). `explain`, which also reports
 *   the records its conditions read, leaves its input to the generic path when it reads one.
 * - **Loading** (the context ABI, and any input the decoder did not accept): after the generic
 *   parser built the input value and `pc_validate_input` passed it, `pc_load_0(input)` fills the
 *   cells by lookups.
 *
 * The decoder accepts only what it can decide exactly; for anything else — invalid JSON, Rego
 * value syntax, a schema violation, an escaped key, a duplicate declared key — it answers 0 and
 * `opa_eval` takes the generic path, which produces the same violations and decisions as before.
 * So "is this input valid" and every message stay those of `src/decision`, whichever path ran.
 */
import type * as ir from '../../../ir/ir.js';
import { forEachRoot, walkExpr } from '../../../ir/walk.js';
import { MAX_DEPTH, NUM, STATIC, STR } from '../runtime/layout.js';
import type { Func } from '../module.js';
import type { GeneratedFunction } from '../index.js';
import { block, br, call, get, i32, if_, loop, mem, op, set, tee, type Instr } from '../instr.js';
import { FnScope, type Consts } from './context.js';
import { fieldPath } from '../../../decision/index.js';
import { checkFunc, isMember, outOfRange } from './schema.js';

/**
 * How the decoder fills a field's cell: `scalar` — decoded into the field's static header (or a
 * static boolean); `stream` — a record decoded field by field (its cell gets the "decoded"
 * object); `whole` — parsed into a runtime value and checked (lists, sets, records read whole,
 * and everything inside those, which their loader fills).
 */
type Mode = 'scalar' | 'stream' | 'whole';

/** A field of the input schema reachable through records. */
interface SlotNode {
  readonly id: number;
  readonly path: readonly string[];
  readonly name: string;
  readonly optional: boolean;
  readonly check: ir.Check;
  /** Static address of the cell. */
  readonly cell: number;
  /** Static value header for decoded strings and numbers. */
  readonly header: number;
  readonly mode: Mode;
  readonly children: readonly SlotNode[];
}

/** The decoder function's locals: the value's first byte, a value address, and the scope. */
interface Cursor {
  readonly c: string;
  readonly v: string;
  readonly scope: FnScope;
}

const ch = (s: string): number => s.charCodeAt(0);
const keyOf = (path: readonly string[]): string => path.join('\u0000');

/** The input slots of a policy and the code that fills them. */
export class InputSlots {
  private readonly byPath = new Map<string, SlotNode>();
  /** The input document itself (id 0, no cell of its own). */
  private readonly root: SlotNode;
  private readonly cellBase: number;
  private readonly cellBytes: number;
  private readonly records: SlotNode[] = [];
  /** Whether the decoder is generated (else `opa_eval` always parses generically). */
  readonly decodes: boolean;
  /** Whether `explain` reads a record the decoder streams (then it leaves explain's input alone). */
  private readonly explainNeedsValues: boolean;

  constructor(
    p: ir.Policy,
    private readonly consts: Consts,
    decode: boolean,
  ) {
    const whole = loadedPaths(p);
    let count = 0;
    const countFields = (r: ir.RecordCheck): void => {
      for (const f of r.fields) {
        count++;
        if (f.check.kind === 'record') countFields(f.check);
      }
    };
    countFields(p.input);
    this.cellBytes = 4 * count;
    this.cellBase = consts.statics.reserve(Math.max(8, this.cellBytes));
    let nextId = 0;
    let nextCell = this.cellBase;
    let maxDepth = 0;
    const build = (path: readonly string[], name: string, optional: boolean, check: ir.Check, parentWhole: boolean): SlotNode => {
      const id = nextId++;
      maxDepth = Math.max(maxDepth, path.length);
      const cell = id === 0 ? 0 : nextCell;
      if (id !== 0) nextCell += 4;
      const header =
        check.kind === 'string' || check.kind === 'enum'
          ? consts.statics.reserve(STR.size)
          : check.kind === 'int' || check.kind === 'number' || check.kind === 'duration'
            ? consts.statics.reserve(NUM.size)
            : 0;
      // Inside a record kept whole everything is kept whole (and filled by its loader).
      const mode: Mode =
        id === 0
          ? 'stream'
          : parentWhole || check.kind === 'list' || check.kind === 'set'
            ? 'whole'
            : check.kind === 'record'
              ? whole.has(keyOf(path))
                ? 'whole'
                : 'stream'
              : 'scalar';
      const children = check.kind === 'record' ? check.fields.map((f) => build([...path, f.name], f.name, f.optional, f.check, mode === 'whole')) : [];
      const node: SlotNode = { id, path, name, optional, check, cell, header, mode, children };
      if (id !== 0) this.byPath.set(keyOf(path), node);
      if (check.kind === 'record') this.records.push(node);
      return node;
    };
    this.root = build([], 'input', false, p.input, false);
    // An input path that is not a field (the whole input document) cannot be served from cells.
    this.decodes = decode && !whole.has(keyOf([])) && maxDepth < MAX_DEPTH - 1;
    // `explain` reports the values its conditions read; a streamed record's value (undeclared
    // fields included) exists only after a generic parse.
    this.explainNeedsValues = p.rules.some((r) => r.clauses.some((c) => c.reads.some((x) => x.root.kind === 'input' && this.byPath.get(keyOf(x.path))?.mode === 'stream')));
  }

  /** The static cell address of an input path (a field of the schema, through records). */
  cell(path: readonly string[]): number | undefined {
    return this.byPath.get(keyOf(path))?.cell;
  }

  /** Instructions leaving the value at input path `path` (0 when absent). */
  read(path: readonly string[]): Instr[] {
    const cell = this.cell(path);
    if (cell === undefined) throw new Error(`internal: input path ${path.join('.')} has no slot`);
    return [i32(cell), mem('i32.load')];
  }

  /** Instructions filling every cell from the validated input value on the stack. */
  load(): Instr[] {
    return [call(loadName(this.root))];
  }

  /** The loader, checker and decoder functions. */
  funcs(): Func[] {
    const out: Func[] = this.records.map((r) => this.loader(r));
    if (!this.decodes) return out;
    for (const r of this.records) {
      if (r.mode !== 'stream') continue;
      out.push(this.decoder(r));
      for (const f of r.children) {
        if (f.mode === 'whole') out.push(checkFunc(checkName(f), f.check, f.path.reduce(fieldPath, 'input'), this.consts));
      }
    }
    return out;
  }

  /** `$decode_input(ptr, len, ep)` for the module (see {@link ModuleSpec.decodeInput}). */
  decodeInput(explainId: number): GeneratedFunction {
    if (!this.decodes) return { body: [i32(0)] };
    return {
      body: [
        ...(this.explainNeedsValues ? [get('ep'), i32(explainId), op('i32.eq'), if_([i32(0), op('return')])] : []),
        get('ptr'),
        { op: 'global.set', global: 'p_pos' },
        get('ptr'),
        get('len'),
        op('i32.add'),
        { op: 'global.set', global: 'p_end' },
        i32(this.cellBase),
        i32(this.cellBytes),
        call('mem_zero'),
        call('p_skip_ws'),
        i32(ch('{')),
        op('i32.ne'),
        if_([i32(0), op('return')]),
        i32(1),
        call(decoderName(this.root)),
        op('i32.eqz'),
        if_([i32(0), op('return')]),
        // Only whitespace may follow the input document.
        call('p_skip_ws'),
        i32(-1),
        op('i32.eq'),
      ],
    };
  }

  /** `pc_load_N(v)`: the cells of record N's fields from its value (any value; 0 when not an object). */
  private loader(r: SlotNode): Func {
    const body: Instr[] = [];
    for (const f of r.children) {
      const { ptr, len } = this.consts.statics.string(f.name);
      body.push(i32(f.cell), get('v'), i32(ptr), i32(len), call('rt_object_get_str'), mem('i32.store'));
      if (f.check.kind === 'record') body.push(i32(f.cell), mem('i32.load'), call(loadName(f)));
    }
    return { name: loadName(r), params: [{ name: 'v', type: 'i32' }], results: [], locals: [], body };
  }

  /**
   * `pc_dec_N(depth) → 1|0`: decodes the object at the cursor (its `{`) as record N, which sits
   * inside `depth` containers counting itself.
   */
  private decoder(r: SlotNode): Func {
    const scope = new FnScope();
    const c = scope.tmp('i32', 'c');
    const kp = scope.tmp('i32', 'kp');
    const kl = scope.tmp('i32', 'kl');
    const v = scope.tmp('i32', 'v');
    const fail: Instr[] = [i32(0), op('return')];
    const advance: Instr[] = [{ op: 'global.get', global: 'p_pos' }, i32(1), op('i32.add'), { op: 'global.set', global: 'p_pos' }];
    const skipWs: Instr[] = [call('p_skip_ws'), set(c)];

    // Field dispatch: by key length, then bytes; an undeclared key's value is skipped.
    const byLength = new Map<number, SlotNode[]>();
    for (const f of r.children) {
      const len = this.consts.statics.string(f.name).len;
      byLength.set(len, [...(byLength.get(len) ?? []), f]);
    }
    const dispatch: Instr[] = [];
    for (const [len, fields] of [...byLength].sort((a, b) => a[0] - b[0])) {
      const tests: Instr[] = [];
      for (const f of fields) {
        const { ptr } = this.consts.statics.string(f.name);
        tests.push(...(len === 0 ? [i32(1)] : [get(kp), i32(ptr), i32(len), call('mem_eq')]), if_([...this.field(f, { c, v, scope }, fail), br('member_done')]));
      }
      dispatch.push(get(kl), i32(len), op('i32.eq'), if_(tests));
    }
    dispatch.push(get('depth'), call('d_skip'), op('i32.eqz'), if_(fail));

    const member: Instr[] = [
      get(c),
      i32(ch('"')),
      op('i32.ne'),
      if_(fail),
      call('d_key'),
      op('i32.eqz'),
      if_(fail),
      { op: 'global.get', global: 'd_key_ptr' },
      set(kp),
      { op: 'global.get', global: 'd_key_len' },
      set(kl),
      call('p_skip_ws'),
      i32(ch(':')),
      op('i32.ne'),
      if_(fail),
      ...advance,
      ...skipWs,
      block(dispatch, 'member_done'),
      ...skipWs,
      get(c),
      i32(ch(',')),
      op('i32.eq'),
      if_([...advance, ...skipWs, br('member')]),
      get(c),
      i32(ch('}')),
      op('i32.ne'),
      if_(fail),
      ...advance,
    ];
    const required: Instr[] = r.children.filter((f) => !f.optional).flatMap((f) => [i32(f.cell), mem('i32.load'), op('i32.eqz'), if_(fail)]);
    const body: Instr[] = [
      ...advance,
      ...skipWs,
      get(c),
      i32(ch('}')),
      op('i32.eq'),
      if_(advance, [loop(member, 'member')]),
      ...required,
      i32(1),
    ];
    return { name: decoderName(r), params: [{ name: 'depth', type: 'i32' }], results: ['i32'], locals: scope.locals, body };
  }

  /** Decodes the value of field `f` (its first byte in local `c`) into its cell, or fails. */
  private field(f: SlotNode, at: Cursor, fail: Instr[]): Instr[] {
    const store = (value: Instr[]): Instr[] => [i32(f.cell), ...value, mem('i32.store')];
    const out: Instr[] = [i32(f.cell), mem('i32.load'), if_(fail)]; // a repeated key
    const decode = this.decodeValue(f, at, fail);
    const { c } = at;
    if (f.optional) {
      // null on an optional field counts as absent (required ones fail in `decode`).
      out.push(get(c), i32(ch('n')), op('i32.eq'), if_([...this.literal('null', fail), ...store([i32(STATIC.NULL)])], decode));
    } else out.push(...decode);
    return out;
  }

  private literal(text: string, fail: Instr[]): Instr[] {
    const { ptr, len } = this.consts.statics.string(text);
    return [i32(ptr), i32(len), call('p_match'), op('i32.eqz'), if_(fail)];
  }

  private decodeValue(f: SlotNode, at: Cursor, fail: Instr[]): Instr[] {
    const { c, v } = at;
    const store = (value: Instr[]): Instr[] => [i32(f.cell), ...value, mem('i32.store')];
    const check = f.check;
    if (f.mode === 'whole') {
      // Parsed into a runtime value and checked against its schema (any violation: fall back).
      const parsed: Instr[] = [i32(0), get('depth'), call('parse_value'), tee(v), op('i32.eqz'), if_(fail), get(v), call(checkName(f)), if_(fail), ...store([get(v)])];
      return check.kind === 'record' ? [...parsed, get(v), call(loadName(f))] : parsed;
    }
    switch (check.kind) {
      case 'bool': {
        const t = this.consts.statics.string('true');
        const fl = this.consts.statics.string('false');
        return [
          i32(t.ptr),
          i32(t.len),
          call('p_match'),
          if_(store([i32(STATIC.TRUE)]), [i32(fl.ptr), i32(fl.len), call('p_match'), op('i32.eqz'), if_(fail), ...store([i32(STATIC.FALSE)])]),
        ];
      }
      case 'string':
      case 'enum': {
        const out: Instr[] = [get(c), i32(ch('"')), op('i32.ne'), if_(fail), i32(f.header), call('d_string'), tee(v), op('i32.eqz'), if_(fail)];
        if (check.kind === 'enum') out.push(...isMember(this.consts, v, check.members), op('i32.eqz'), if_(fail));
        return [...out, ...store([get(v)])];
      }
      case 'int':
      case 'number':
      case 'duration': {
        // `d_number` answers 0 unless a JSON number starts here (`-` or a digit first).
        const out: Instr[] = [i32(f.header), call('d_number'), tee(v), op('i32.eqz'), if_(fail)];
        out.push(get(v), call(check.kind === 'int' ? 'rt_number_is_int' : 'rt_number_is_finite'), op('i32.eqz'), if_(fail));
        if (check.range) out.push(...outOfRange(at.scope, v, check.range), if_(fail));
        return [...out, ...store([get(v)])];
      }
      case 'record':
        return [get(c), i32(ch('{')), op('i32.ne'), if_(fail), get('depth'), i32(1), op('i32.add'), call(decoderName(f)), op('i32.eqz'), if_(fail), ...store([i32(STATIC.DECODED)])];
      case 'list':
      case 'set':
        throw new Error('internal: collections are decoded whole');
    }
  }
}

const loadName = (n: SlotNode): string => `pc_load_${n.id}`;
const decoderName = (n: SlotNode): string => `pc_dec_${n.id}`;
const checkName = (n: SlotNode): string => `pc_check_${n.id}`;

/**
 * Input paths whose value rule code loads, so that a record among them is kept as a runtime
 * value rather than streamed. (`has` needs only presence, which a streamed record's cell shows.)
 */
function loadedPaths(p: ir.Policy): Set<string> {
  const out = new Set<string>();
  forEachRoot(p, (e) =>
    walkExpr(e, (x) => {
      if (x.op === 'load' && x.root.kind === 'input') out.add(keyOf(x.path));
    }),
  );
  return out;
}
