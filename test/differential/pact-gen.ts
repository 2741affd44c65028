/**
 * A generator of well-typed pacts, as source text, for differential testing of the generated
 * Wasm against the reference evaluator (`wasm-vs-reference.test.ts`).
 *
 * Unlike `test/property/arb.ts` (syntax-level ASTs, not type-correct), every pact generated here
 * is meant to pass the checker — the acceptance rate is measured by the test suite and must stay
 * at or above 95 % — so that both engines actually run it. The generator is *type directed*:
 *
 * 1. **Schema.** A random input schema ({@link FieldSpec}): 1–4 top-level fields, records nested
 *    up to 3 deep, optional fields, `bool/int/number/duration/string`, enums, `list<T>`/`set<T>`
 *    (of scalars, of enums, of records, of lists), `@range(lo, hi)` with bounds written in many
 *    ways (`0.0`, `2.50`, `1e3`, `-0.5`), `@trust(…)`, `@sensitive`; field names include keywords
 *    (`to`, `in`, `scope` — reachable only after a `.`), JavaScript-special names (`__proto__`,
 *    `constructor`, `valueOf`) and `null`. A data block ({@link DataSpec}) with defaults: numbers,
 *    durations, strings, bools, enums, `set<string>`, `list<int>` and records.
 * 2. **Locations.** Every path an expression may read is a {@link Loc}: input paths (also the
 *    built-in `approval`), data paths, quantifier variables and their fields, lets and the fields
 *    of *alias* lets (`let act = action` … `act.amount`). A location knows its *guard key* (the
 *    checker's, `resolve.ts`) and the guard keys of its optional prefixes, so the generator reads
 *    an optional location only where a `has` guard is in force — `has p and …`, an earlier `when`
 *    clause of the same rule, or a `has` inside a quantifier body for the variable's fields.
 * 3. **Expressions** ({@link GExpr}) are built for a wanted class of type — `bool`, `num` (int,
 *    number and duration mix freely), `str`, an enum, a collection — drawing on every form of
 *    spec §4: `and/or/not`, the six comparisons, `==`/`!=` on strings, enums (against member
 *    literals, either side first) and bools, `in` over list literals, sets and lists, `matches`
 *    with `*`/`?` globs, the five functions, `+ - * /` (divisions by fields that are often 0, so
 *    run-time faults happen), unary minus, `all`/`any` over lists, sets, list literals and lists
 *    of records (with field access and `has` on the variable), nested quantifiers, variables that
 *    shadow lets, outer variables or top-level input fields (which must then be written
 *    `input.x`), `input.`/`data.` prefixed paths, and lets (chains, aliases, forward references).
 *    `about(loc)` makes a condition that really tests a location against the pact's thresholds,
 *    so the input generator (`input-gen.ts`) can hit both sides of every comparison.
 * 4. **Rules**: 1–8 of the three kinds, `when`/`unless` clauses (guards flow from earlier `when`
 *    clauses to later ones and to every `unless`), `to` roles (unicode, astral, empty), grants
 *    (shared between rules to exercise de-duplication), unicode and escaped `because` texts.
 * 5. **Printing** ({@link printPact}): our own printer, independent of `src/syntax/print.ts`, with
 *    the fewest parentheses the precedence table needs plus random redundant ones, one-line or
 *    multi-line rules, input and data blocks split in two (exercising the field-by-field merge),
 *    enums declared after their use, lets printed out of dependency order, and comments.
 *
 * Everything random goes through {@link Rng}, so one fast-check seed replays one pact exactly.
 * {@link arbPact} wraps the generator as a fast-check arbitrary whose shrinker ({@link shrinkPact})
 * removes rules, clauses, grants, lets and fields and replaces sub-expressions by same-typed
 * children or literals; candidates that no longer check are simply rejected by the property.
 */
import fc from 'fast-check';
import type { Json } from '../../src/check/types.js';

// ---------------------------------------------------------------------------------------------
// Randomness

/** The source of randomness of the generators: a uniform integer in `[lo, hi]`. */
export interface Rng {
  int(lo: number, hi: number): number;
}

/** An {@link Rng} drawing from fast-check's random stream (so seeds replay). */
export function rngOf(mrng: fc.Random): Rng {
  return { int: (lo, hi) => mrng.nextInt(lo, hi) };
}

/** A seeded {@link Rng} (mulberry32), for scripts. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/** True with probability `p`. */
export function chance(r: Rng, p: number): boolean {
  return r.int(0, 999_999) < p * 1_000_000;
}

/** One element of a non-empty array. */
export function pick<T>(r: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error('pick from an empty array');
  return xs[r.int(0, xs.length - 1)] as T;
}

/** One of weighted alternatives (weights need not sum to anything). */
export function weighted<T>(r: Rng, choices: readonly (readonly [number, T])[]): T {
  const live = choices.filter(([w]) => w > 0);
  const total = live.reduce((s, [w]) => s + w, 0);
  let x = (r.int(0, 999_999) / 1_000_000) * total;
  for (const [w, v] of live) {
    if (x < w) return v;
    x -= w;
  }
  return (live[live.length - 1] as readonly [number, T])[1];
}

function shuffled<T>(r: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model

/** A type of the generated schema. */
export type Ty =
  | { readonly k: 'bool' | 'int' | 'number' | 'duration' | 'string' }
  | { readonly k: 'enum'; readonly name: string; readonly members: readonly string[] }
  | { readonly k: 'list' | 'set'; readonly el: Ty }
  | { readonly k: 'record'; readonly fields: readonly FieldSpec[] };

/** `@range(lo, hi)` with its bounds as written. */
export interface RangeSpec {
  readonly lo: number;
  readonly hi: number;
  readonly loText: string;
  readonly hiText: string;
}

/** A field of an input record. */
export interface FieldSpec {
  readonly name: string;
  readonly optional: boolean;
  readonly ty: Ty;
  readonly range?: RangeSpec;
  readonly trust?: 'higher' | 'lower' | 'true' | 'false';
  readonly sensitive?: boolean;
}

/** `enum NAME { members }`. */
export interface EnumSpec {
  readonly name: string;
  readonly members: readonly string[];
}

/** A data field with its default (`value` as JSON, `text` as written). */
export interface DataSpec {
  readonly name: string;
  readonly ty: Ty;
  readonly range?: RangeSpec;
  readonly value: Json;
  readonly text: string;
}

/** The class of a type as expressions use it: numbers mix, enums are their own class. */
export type Cls = 'bool' | 'num' | 'str' | 'enum' | 'coll' | 'rec';

/** The class of a type. */
export function clsOf(t: Ty): Cls {
  switch (t.k) {
    case 'bool':
      return 'bool';
    case 'int':
    case 'number':
    case 'duration':
      return 'num';
    case 'string':
      return 'str';
    case 'enum':
      return 'enum';
    case 'list':
    case 'set':
      return 'coll';
    case 'record':
      return 'rec';
  }
}

/** Binary operators. */
export type BinOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'matches' | '+' | '-' | '*' | '/';

/** A generated expression; `cls` is the class of its type (for shrinking). */
export type GExpr =
  | { readonly k: 'lit'; readonly cls: 'num' | 'str' | 'bool'; readonly text: string; readonly value: number | string | boolean }
  | { readonly k: 'path'; readonly cls: Cls; readonly text: string }
  | { readonly k: 'has'; readonly cls: 'bool'; readonly text: string; readonly keys: readonly string[] }
  | { readonly k: 'un'; readonly cls: Cls; readonly op: 'not' | '-'; readonly e: GExpr }
  | { readonly k: 'bin'; readonly cls: Cls; readonly op: BinOp; readonly l: GExpr; readonly r: GExpr }
  | { readonly k: 'call'; readonly cls: Cls; readonly fn: string; readonly args: readonly GExpr[] }
  | { readonly k: 'list'; readonly cls: 'coll'; readonly items: readonly GExpr[] }
  | { readonly k: 'quant'; readonly cls: 'bool'; readonly q: 'all' | 'any'; readonly v: string; readonly coll: GExpr; readonly body: GExpr }
  | { readonly k: 'paren'; readonly cls: Cls; readonly e: GExpr };

/** A `let`; `aliasKey` is set when the body is a path to an input or data location. */
export interface LetSpec {
  readonly name: string;
  readonly ty: Ty;
  readonly body: GExpr;
  readonly aliasKey?: string;
}

/** `grant "SECRET" scope "SCOPE" ttl TTL`. */
export interface GrantSpec {
  readonly secret: string;
  readonly scope: string;
  readonly ttl: string;
  readonly seconds: number;
}

/** A rule. */
export interface RuleSpec {
  readonly effect: 'permit' | 'escalate' | 'forbid';
  readonly name: string;
  readonly roles: readonly string[];
  readonly whens: readonly GExpr[];
  readonly unlesses: readonly GExpr[];
  readonly grants: readonly GrantSpec[];
  readonly because: string;
  readonly multiline: boolean;
}

/** Layout choices that do not change the meaning of the pact. */
export interface Style {
  readonly splitInput: boolean;
  readonly splitData: boolean;
  readonly comments: boolean;
  readonly enumsLast: boolean;
  /** Print order of the lets (a permutation of their indices). */
  readonly letOrder: readonly number[];
}

/** A generated pact. */
export interface GenPact {
  readonly name: string;
  readonly version: string;
  readonly enums: readonly EnumSpec[];
  readonly input: readonly FieldSpec[];
  readonly data: readonly DataSpec[];
  readonly lets: readonly LetSpec[];
  readonly rules: readonly RuleSpec[];
  readonly style: Style;
}

/** Generator options. */
export interface GenOptions {
  /** At most this many rules (default 8). */
  readonly maxRules?: number;
  /** Expression nesting budget (default 3). */
  readonly maxDepth?: number;
  /**
   * JavaScript-special and keyword field names (`__proto__`, `constructor`, `to`) and names that
   * are easy to get wrong (`null`, `input`, `data` as input fields). Default true.
   */
  readonly exoticNames?: boolean;
  /**
   * Unpaired surrogates (`"\ud800"`) in string literals, `because` texts, roles, secrets and
   * scopes. Default true.
   */
  readonly loneSurrogates?: boolean;
  /** `__proto__` among the exotic field names. Default true. */
  readonly protoNames?: boolean;
  /** Lets aliasing an alias let (`let a = action` `let b = a`). Default true. */
  readonly aliasChains?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Pools

/** The reserved words of spec §2. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'pact', 'version', 'use', 'enum', 'input', 'data', 'let', 'permit', 'escalate', 'forbid',
  'when', 'unless', 'because', 'to', 'grant', 'scope', 'ttl', 'test', 'expect', 'by',
  'property', 'given', 'and', 'or', 'not', 'in', 'has', 'matches', 'all', 'any', 'true', 'false',
]);

const PSEUDO_IDS = new Set(['kill_switch', 'default_deny', 'evaluation_error', 'invalid_input', 'invalid_data']);

const TOP_NAMES = ['action', 'trust', 'ctx', 'req', 'agent', 'meta', 'env', 'session', 'user', 'limits', 'q', 'tags', 'count'];
const TOP_EXOTIC = ['null', 'len', 'constructor', '__proto__', 'data', 'input', 'scope', 'toString'];
const FIELD_NAMES = ['tool', 'category', 'amount', 'target', 'score', 'eval_age', 'open_disputes', 'count', 'ratio', 'name', 'kind', 'tags', 'items', 'sku', 'qty', 'note', 'level', 'flag', 'owner', 'id', 'size', 'max', 'label', 'enabled', 'age', 'price', 'b', 'x'];
const FIELD_EXOTIC = ['to', 'scope', 'in', 'when', 'by', 'role', '__proto__', 'constructor', 'valueOf', 'null', 'hasOwnProperty', 'len'];
const ENUM_NAMES = ['Category', 'Kind', 'Level', 'Mode', 'Tier', 'E1'];
const MEMBER_NAMES = ['read', 'write', 'money_movement', 'admin', 'low', 'high', 'x', 'Read', 'a_b', 'in', 'not', 'data', 'z9'];
const DATA_NAMES = ['limit', 'threshold', 'blocked', 'allowed', 'label', 'max_age', 'ratio', 'tiers', 'mode', 'floor', 'cap', 'prefix', 'ok_roles', 'weights', 'cfg', 'd0'];
const DATA_EXOTIC = ['__proto__', 'constructor', 'in', 'toString'];
const LET_NAMES = ['trusted', 'big', 'auto_ok', 'total', 'who', 'cat', 'lim', 'act', 'tags_ok', 'ratio2', 'name_l', 'all_items', 'chain1', 'chain2', 'k', 'v2'];
const VAR_NAMES = ['t', 'i', 'x', 'item', 'e', 'y', 'n', 'it', 's', 'tag', 'el'];
const RULE_NAMES = ['read_only', 'small_refund', 'large_refund', 'huge_refund', 'deny_x', 'r', 'allow', 'block', 'review', 'ok', 'privileged', 'Rule_9'];
const PACT_NAMES = ['demo', 'refund_agent', 'p', 'agent_1', 'x_y'];
const VERSIONS = ['1.0.0', '0.1.0', '2.3.4-beta.1', '1.2.0+build.5', '10.20.30'];
const BECAUSE = ['Reads are low risk', 'ok', 'Σ ünïcödé ✓', 'quote " and \\ backslash', 'line\nbreak\ttab', '😀 emoji', '  padded  ', 'a', 'Trusted agents may issue small refunds', '\u0001 control', 'ｚ wide'];
/** Approver roles: sorted by UTF-16 code units, astral and U+FF5A disagree with code point order. */
export const ROLES = ['finance-lead', 'ops', 'sre', 'Sécurité', 'admin', 'a', 'B', 'ｚ', '😀', 'zeta', 'Ω', '', 'ops '];
/** Texts with unpaired surrogates, for `because`, roles, secrets and scopes. */
const LONE_TEXTS = ['\ud800', 'a\udc00', '\udbff', 'x\ud83d'];
const SECRETS = ['stripe', 'github', 'db', 'vault/ключ', 's3', '😀key'];
const SCOPES = ['refunds:write', 'repo:read', 'rw', '*', 'é', ''];
const TTLS: readonly (readonly [string, number])[] = [
  ['5m', 300],
  ['1h', 3600],
  ['90s', 90],
  ['0s', 0],
  ['30d', 2592000],
  ['1s', 1],
  ['36500d', 3153600000],
];

/** String literals of expressions; unicode, case pairs, escapes. */
export const STRINGS = [
  'read', 'write', 'stripe.refund', 'billing.lookup', 'crm.export', 'a', 'A', '', ' ', 'ab', 'abc', 'é', 'É',
  'Straße', 'STRASSE', 'İstanbul', 'ΣΑΣ', 'σας', '日本語', '😀', 'a😀b', 'ǅ', 'Ǆ', 'x-y_z', 'a"b', 'back\\slash',
  'line\nbreak', 'tab\t', 'ｚ', 'Z', 'cus_1', 'Ꭰ', 'ꭰ', '𐐀', 'ß', 'K', 'Ⅻ', 'ⓐ', 'ＡＢＣ', '\u0000nul', 'a.b',
];
const GLOBS = ['*', '', '?', '**', 'stripe.*', '*.refund', 'a?c', '*é*', '?😀?', 'a*b*c', '*ß', 'read', 'Σ*', '*?', 'x-*_z'];
const INTS = [0, 1, 2, 3, 5, 10, 100, 500, 1000, 10000];
const DECIMALS: readonly (readonly [string, number])[] = [
  ['0.1', 0.1],
  ['0.2', 0.2],
  ['0.3', 0.3],
  ['0.5', 0.5],
  ['0.7', 0.7],
  ['0.8', 0.8],
  ['1.5', 1.5],
  ['2.50', 2.5],
  ['0.30000000000000004', 0.30000000000000004],
  ['1e3', 1000],
  ['1E-2', 0.01],
  ['0.0', 0],
  ['1e308', 1e308],
  ['9007199254740993', 9007199254740992],
];
const DURATIONS: readonly (readonly [string, number])[] = [
  ['0s', 0],
  ['90s', 90],
  ['5m', 300],
  ['1h', 3600],
  ['30d', 2592000],
  ['2d', 172800],
];

// ---------------------------------------------------------------------------------------------
// Locations

/** A path an expression may read (see the header). */
export interface Loc {
  readonly ty: Ty;
  readonly kind: 'input' | 'data' | 'var' | 'let';
  /** Top-level field, variable or let name ('' for data). */
  readonly name: string;
  /** Field names after `name` (data: after `data`). */
  readonly segs: readonly string[];
  /** The checker's guard key of this location. */
  readonly key: string;
  /** Guard keys of the optional prefixes, shortest first (all must be guarded to read). */
  readonly optKeys: readonly string[];
  /** Whether the location itself is optional. */
  readonly optional: boolean;
  /** The location to write after `has` (undefined: cannot be tested with `has`). */
  readonly hasLoc?: Loc;
}

interface VarB {
  readonly name: string;
  readonly id: number;
  readonly ty: Ty;
}

interface Ctx {
  readonly depth: number;
  readonly guards: ReadonlySet<string>;
  readonly vars: readonly VarB[];
  readonly lets: readonly LetSpec[];
  readonly shadow: ReadonlySet<string>;
  /** Locations guarded most recently: `about` favours them. */
  readonly recent: readonly Loc[];
}

const BUILTIN_APPROVAL: FieldSpec = {
  name: 'approval',
  optional: true,
  ty: {
    k: 'record',
    fields: [
      { name: 'by', optional: false, ty: { k: 'string' } },
      { name: 'role', optional: false, ty: { k: 'string' } },
    ],
  },
};

function recordLocs(out: Loc[], kind: 'input' | 'data' | 'var', name: string, segs: readonly string[], ty: Ty, key: string, optKeys: readonly string[], optional: boolean): void {
  const loc: Loc = { ty, kind, name, segs, key, optKeys, optional };
  const self: Loc = { ...loc, hasLoc: loc };
  out.push(self);
  if (ty.k !== 'record') return;
  for (const f of ty.fields) {
    const k = `${key}.${f.name}`;
    recordLocs(out, kind, name, [...segs, f.name], f.ty, k, f.optional ? [...optKeys, k] : optKeys, f.optional);
  }
}

/** The input locations of a schema (the built-in `approval` included). */
export function inputLocs(input: readonly FieldSpec[]): Loc[] {
  const out: Loc[] = [];
  for (const f of [...input, BUILTIN_APPROVAL]) {
    const key = `input.${f.name}`;
    recordLocs(out, 'input', f.name, [], f.ty, key, f.optional ? [key] : [], f.optional);
  }
  return out;
}

function dataLocs(data: readonly DataSpec[]): Loc[] {
  const out: Loc[] = [];
  for (const d of data) recordLocs(out, 'data', '', [d.name], d.ty, `data.${d.name}`, [], false);
  // The built-ins.
  out.push({ ty: { k: 'bool' }, kind: 'data', name: '', segs: ['kill_switch'], key: 'data.kill_switch', optKeys: [], optional: false });
  out.push({ ty: { k: 'set', el: { k: 'string' } }, kind: 'data', name: '', segs: ['revoked'], key: 'data.revoked', optKeys: [], optional: false });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Expression constructors

const lit = (cls: 'num' | 'str' | 'bool', text: string, value: number | string | boolean): GExpr => ({ k: 'lit', cls, text, value });
const bin = (op: BinOp, l: GExpr, r: GExpr): GExpr => ({
  k: 'bin',
  op,
  l,
  r,
  cls: op === '+' || op === '-' || op === '*' || op === '/' ? 'num' : 'bool',
});
const un = (op: 'not' | '-', e: GExpr): GExpr => ({ k: 'un', op, e, cls: op === 'not' ? 'bool' : 'num' });
const call = (fn: string, args: readonly GExpr[]): GExpr => ({
  k: 'call',
  fn,
  args,
  cls: fn === 'lower' ? 'str' : fn === 'len' ? 'num' : 'bool',
});
const strLit = (s: string): GExpr => lit('str', JSON.stringify(s), s);
const boolLit = (b: boolean): GExpr => lit('bool', String(b), b);

/** The guard keys a condition establishes when it holds (`has` and `and` only, as the checker). */
export function guardsOf(e: GExpr): string[] {
  switch (e.k) {
    case 'has':
      return [...e.keys];
    case 'paren':
      return guardsOf(e.e);
    case 'bin':
      return e.op === 'and' ? [...guardsOf(e.l), ...guardsOf(e.r)] : [];
    default:
      return [];
  }
}

/** The guard keys `has` on a location establishes: every prefix of its key below the root. */
function hasKeys(loc: Loc): string[] {
  const parts = loc.key.split('.');
  const out: string[] = [];
  for (let i = 2; i <= parts.length; i++) out.push(parts.slice(0, i).join('.'));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generator

const COMPARE_OPS: readonly BinOp[] = ['<', '<=', '>', '>=', '==', '!='];

class PactGenerator {
  private nextBinder = 1;
  private enums: EnumSpec[] = [];
  private input: FieldSpec[] = [];
  private data: DataSpec[] = [];
  private staticInput: Loc[] = [];
  private staticData: Loc[] = [];
  private readonly maxDepth: number;
  private readonly exotic: boolean;

  constructor(
    private readonly r: Rng,
    private readonly opts: GenOptions,
  ) {
    this.maxDepth = opts.maxDepth ?? 3;
    this.exotic = opts.exoticNames ?? true;
  }

  pact(): GenPact {
    const r = this.r;
    this.enums = this.genEnums();
    this.input = this.genInput();
    this.data = this.genData();
    this.staticInput = inputLocs(this.input);
    this.staticData = dataLocs(this.data);
    const lets = this.genLets();
    const rules = this.genRules(lets);
    return {
      name: pick(r, PACT_NAMES),
      version: pick(r, VERSIONS),
      enums: this.enums,
      input: this.input,
      data: this.data,
      lets,
      rules,
      style: {
        splitInput: chance(r, 0.2),
        splitData: chance(r, 0.15),
        comments: chance(r, 0.2),
        enumsLast: chance(r, 0.15),
        letOrder: chance(r, 0.3) ? shuffled(r, lets.map((_, i) => i)) : lets.map((_, i) => i),
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Declarations

  private genEnums(): EnumSpec[] {
    const r = this.r;
    const n = weighted(r, [
      [2, 0],
      [5, 1],
      [2, 2],
    ]);
    const names = shuffled(r, ENUM_NAMES).slice(0, n);
    return names.map((name) => ({ name, members: shuffled(r, MEMBER_NAMES).slice(0, r.int(1, 4)) }));
  }

  private fieldName(used: Set<string>, top: boolean): string {
    const r = this.r;
    for (let tries = 0; tries < 20; tries++) {
      const pool = top ? TOP_NAMES : FIELD_NAMES;
      const exotic = top ? TOP_EXOTIC : FIELD_EXOTIC;
      const name = this.exotic && chance(r, 0.06) ? pick(r, exotic) : pick(r, pool);
      if (name === '__proto__' && this.opts.protoNames === false) continue;
      if (!used.has(name) && name !== 'approval') {
        used.add(name);
        return name;
      }
    }
    const name = `f${used.size}_${r.int(0, 99)}`;
    used.add(name);
    return name;
  }

  private range(t: 'int' | 'number' | 'duration'): RangeSpec {
    const r = this.r;
    const lows: readonly (readonly [string, number])[] = [
      ['0', 0],
      ['0.0', 0],
      ['-1', -1],
      ['-0.5', -0.5],
      ['1', 1],
      ['-10', -10],
      ['0.5', 0.5],
    ];
    const highs: readonly (readonly [string, number])[] = [
      ['1', 1],
      ['1.0', 1],
      ['2.50', 2.5],
      ['10', 10],
      ['100', 100],
      ['1e3', 1000],
      ['86400', 86400],
      ['1E2', 100],
    ];
    for (;;) {
      const [loText, lo] = pick(r, lows);
      const [hiText, hi] = pick(r, highs);
      if (lo <= hi && !(t === 'int' && Math.ceil(lo) > Math.floor(hi))) return { lo, hi, loText, hiText };
    }
  }

  private scalarTy(): Ty {
    const r = this.r;
    const kinds: readonly (readonly [number, Ty])[] = [
      [2, { k: 'bool' }],
      [2, { k: 'int' }],
      [3, { k: 'number' }],
      [1.5, { k: 'duration' }],
      [3, { k: 'string' }],
      ...this.enums.map((e) => [2, { k: 'enum', name: e.name, members: e.members }] as const),
    ];
    return weighted(r, kinds);
  }

  private collTy(depth: number): Ty {
    const r = this.r;
    const k = chance(r, 0.5) ? 'list' : 'set';
    const el: Ty = weighted<() => Ty>(r, [
      [6, () => this.scalarTy()],
      [k === 'list' && depth > 0 ? 2.5 : 0, () => ({ k: 'record', fields: this.genFields(depth - 1, r.int(1, 3), false) })],
      [depth > 0 ? 0.5 : 0, () => ({ k: 'list', el: this.scalarTy() })],
    ])();
    return { k, el };
  }

  private genFields(depth: number, n: number, top: boolean): FieldSpec[] {
    const r = this.r;
    const used = new Set<string>();
    const out: FieldSpec[] = [];
    for (let i = 0; i < n; i++) {
      const name = this.fieldName(used, top);
      const ty: Ty = weighted<() => Ty>(r, [
        [top ? 1.5 : 7, () => this.scalarTy()],
        [depth > 0 ? (top ? 7 : 1.5) : 0, () => ({ k: 'record', fields: this.genFields(depth - 1, r.int(1, 5), false) })],
        [1.5, () => this.collTy(depth)],
      ])();
      const f: { name: string; optional: boolean; ty: Ty; range?: RangeSpec; trust?: FieldSpec['trust']; sensitive?: boolean } = {
        name,
        optional: chance(r, top ? 0.15 : 0.3),
        ty,
      };
      if ((ty.k === 'int' || ty.k === 'number' || ty.k === 'duration') && chance(r, 0.3)) f.range = this.range(ty.k);
      if ((ty.k === 'int' || ty.k === 'number' || ty.k === 'duration') && chance(r, 0.2)) f.trust = chance(r, 0.5) ? 'higher' : 'lower';
      if (ty.k === 'bool' && chance(r, 0.2)) f.trust = chance(r, 0.5) ? 'true' : 'false';
      if (chance(r, 0.05)) f.sensitive = true;
      out.push(f);
    }
    return out;
  }

  private genInput(): FieldSpec[] {
    return this.genFields(this.r.int(1, 3), this.r.int(1, 4), true);
  }

  private numText(t: Ty, range: RangeSpec | undefined): [string, number] {
    const r = this.r;
    const cands: (readonly [string, number])[] =
      t.k === 'int'
        ? [['0', 0], ['1', 1], ['5', 5], ['10', 10], ['100', 100], ['500', 500], ['-3', -3], ['1e3', 1000], ['5m', 300], ['-0', -0]]
        : t.k === 'number'
          ? [['0.1', 0.1], ['0.2', 0.2], ['0.5', 0.5], ['2.5', 2.5], ['-1.5', -1.5], ['0', 0], ['100', 100], ['1e-3', 0.001], ['500', 500]]
          : [['5m', 300], ['30d', 2592000], ['90s', 90], ['0s', 0], ['3600', 3600], ['1.5', 1.5]];
    const ok = cands.filter(([, v]) => !range || (v >= range.lo && v <= range.hi));
    if (ok.length > 0) return [...pick(r, ok)];
    if (!range) return ['0', 0];
    return [range.loText, range.lo];
  }

  private dataDefault(t: Ty, range?: RangeSpec): [string, Json] {
    const r = this.r;
    switch (t.k) {
      case 'int':
      case 'number':
      case 'duration':
        return this.numText(t, range);
      case 'string': {
        const s = pick(r, STRINGS);
        return [JSON.stringify(s), s];
      }
      case 'bool': {
        const b = chance(r, 0.5);
        return [String(b), b];
      }
      case 'enum': {
        const m = pick(r, t.members);
        return [JSON.stringify(m), m];
      }
      case 'list':
      case 'set': {
        const n = r.int(0, 3);
        const items = Array.from({ length: n }, () => this.dataDefault(t.el));
        return [`[${items.map(([s]) => s).join(', ')}]`, items.map(([, v]) => v)];
      }
      case 'record': {
        const entries: [string, string, Json][] = [];
        for (const f of t.fields) {
          if (f.optional && chance(r, 0.5)) continue;
          const [s, v] = this.dataDefault(f.ty, f.range);
          entries.push([f.name, s, v]);
        }
        const value: { [k: string]: Json } = {};
        for (const [k, , v] of entries) Object.defineProperty(value, k, { value: v, enumerable: true, writable: true, configurable: true });
        const keyText = (k: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && chance(r, 0.7) ? k : JSON.stringify(k));
        return [`{ ${entries.map(([k, s]) => `${keyText(k)}: ${s}`).join(', ')} }`, value];
      }
    }
  }

  private genData(): DataSpec[] {
    const r = this.r;
    const n = r.int(0, 4);
    const used = new Set<string>();
    const out: DataSpec[] = [];
    for (let i = 0; i < n; i++) {
      let name = this.exotic && chance(r, 0.04) ? pick(r, DATA_EXOTIC) : pick(r, DATA_NAMES);
      if (name === '__proto__' && this.opts.protoNames === false) name = 'd_proto';
      if (used.has(name)) name = `${name}_${i}`;
      used.add(name);
      const ty: Ty = weighted<() => Ty>(r, [
        [3, () => ({ k: 'number' })],
        [2, () => ({ k: 'int' })],
        [1, () => ({ k: 'duration' })],
        [1.5, () => ({ k: 'string' })],
        [3, () => ({ k: 'set', el: { k: 'string' } })],
        [1, () => ({ k: 'list', el: { k: 'int' } })],
        [0.7, () => ({ k: 'bool' })],
        [this.enums.length > 0 ? 0.7 : 0, () => {
          const e = pick(r, this.enums);
          return { k: 'enum', name: e.name, members: e.members };
        }],
        [0.7, () => ({
          k: 'record',
          fields: [
            { name: 'max', optional: false, ty: { k: 'int' } },
            { name: 'tags', optional: false, ty: { k: 'set', el: { k: 'string' } } },
            { name: 'note', optional: true, ty: { k: 'string' } },
          ],
        })],
      ])();
      const range = (ty.k === 'int' || ty.k === 'number' || ty.k === 'duration') && chance(r, 0.2) ? this.range(ty.k) : undefined;
      const [text, value] = this.dataDefault(ty, range);
      out.push({ name, ty, value, text, ...(range ? { range } : {}) });
    }
    return out;
  }

  private genLets(): LetSpec[] {
    const r = this.r;
    const n = weighted(r, [
      [3, 0],
      [3, 1],
      [2, 2],
      [1.5, 3],
      [1, 4],
    ]);
    const topNames = new Set(this.input.map((f) => f.name));
    const out: LetSpec[] = [];
    for (let i = 0; i < n; i++) {
      let name = pick(r, LET_NAMES);
      if (topNames.has(name) || out.some((l) => l.name === name)) name = `${name}_${i}`;
      const ctx: Ctx = { depth: this.maxDepth - 1, guards: new Set(), vars: [], lets: out, shadow: new Set(), recent: [] };
      const kind = weighted<string>(r, [
        [4, 'bool'],
        [2, 'num'],
        [1, 'str'],
        [2, 'alias'],
        [0.7, 'list'],
      ]);
      const alias = kind === 'alias' ? this.aliasTarget(ctx) : undefined;
      if (alias) {
        out.push({ name, ty: alias.loc.ty, body: alias.expr, ...(alias.key ? { aliasKey: alias.key } : {}) });
      } else if (kind === 'num') {
        out.push({ name, ty: { k: 'number' }, body: this.num(ctx) });
      } else if (kind === 'str') {
        out.push({ name, ty: { k: 'string' }, body: this.str(ctx) });
      } else if (kind === 'list') {
        const numeric = chance(r, 0.5);
        const items = Array.from({ length: r.int(1, 3) }, () => (numeric ? this.numLit() : strLit(pick(r, STRINGS))));
        out.push({ name, ty: { k: 'list', el: numeric ? { k: 'number' } : { k: 'string' } }, body: { k: 'list', cls: 'coll', items } });
      } else {
        out.push({ name, ty: { k: 'bool' }, body: this.bool(ctx) });
      }
    }
    return out;
  }

  /** A path for an alias let: an always-present input or data location, or an earlier alias. */
  private aliasTarget(ctx: Ctx): { loc: Loc; expr: GExpr; key?: string } | undefined {
    const r = this.r;
    const chains = this.opts.aliasChains ?? true;
    const cands = this.locs(ctx).filter(
      (l) => l.optKeys.length === 0 && (l.kind === 'input' || l.kind === 'data' || (chains && l.kind === 'let' && l.segs.length === 0 && ctx.lets.find((x) => x.name === l.name)?.aliasKey)),
    );
    if (cands.length === 0) return undefined;
    const recs = cands.filter((l) => l.ty.k === 'record');
    const loc = recs.length > 0 && chance(r, 0.7) ? pick(r, recs) : pick(r, cands);
    const key = loc.kind === 'let' ? ctx.lets.find((x) => x.name === loc.name)?.aliasKey : loc.key;
    return { loc, expr: { k: 'path', cls: clsOf(loc.ty), text: this.text(loc, ctx) }, ...(key ? { key } : {}) };
  }

  private genRules(lets: readonly LetSpec[]): RuleSpec[] {
    const r = this.r;
    const n = r.int(1, this.opts.maxRules ?? 8);
    const used = new Set<string>();
    const out: RuleSpec[] = [];
    for (let i = 0; i < n; i++) {
      let name = pick(r, RULE_NAMES);
      if (used.has(name) || PSEUDO_IDS.has(name)) name = `${name}_${i}`;
      used.add(name);
      const effect = weighted<RuleSpec['effect']>(r, [
        [4.5, 'permit'],
        [3, 'escalate'],
        [2.5, 'forbid'],
      ]);
      const lone = (this.opts.loneSurrogates ?? true) && chance(r, 0.04);
      const roles = effect === 'escalate' ? Array.from({ length: weighted(r, [[6, 1], [3, 2], [1, 3]]) }, () => (lone && chance(r, 0.5) ? pick(r, LONE_TEXTS) : pick(r, ROLES))) : [];
      let ctx: Ctx = { depth: this.maxDepth, guards: new Set(), vars: [], lets, shadow: new Set(), recent: [] };
      const whens: GExpr[] = [];
      const nWhen = weighted(r, [[1, 0], [5, 1], [3, 2], [1.5, 3]]);
      for (let j = 0; j < nWhen; j++) {
        const e = j < nWhen - 1 && chance(r, 0.15) ? this.hasOnly(ctx) : this.bool(ctx);
        whens.push(e);
        ctx = this.withGuards(ctx, e);
      }
      const unlesses = Array.from({ length: weighted(r, [[6, 0], [3, 1], [1, 2]]) }, () => this.bool(ctx));
      const grants: GrantSpec[] =
        effect === 'forbid'
          ? []
          : Array.from({ length: weighted(r, [[5, 0], [3, 1], [1, 2]]) }, () => {
              const [ttl, seconds] = pick(r, TTLS);
              return {
                secret: lone && chance(r, 0.3) ? pick(r, LONE_TEXTS) : pick(r, SECRETS.slice(0, 3 + (chance(r, 0.3) ? 3 : 0))),
                scope: lone && chance(r, 0.3) ? pick(r, LONE_TEXTS) : pick(r, SCOPES),
                ttl,
                seconds,
              };
            });
      const because = lone && chance(r, 0.5) ? `${pick(r, LONE_TEXTS)} reason` : pick(r, BECAUSE);
      out.push({ effect, name, roles, whens, unlesses, grants, because, multiline: chance(r, 0.6) });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Locations in a context

  /** Every location visible in `ctx` (readable or not). */
  private locs(ctx: Ctx): Loc[] {
    const out: Loc[] = [...this.staticInput, ...this.staticData];
    // Variables, innermost wins.
    const seen = new Set<string>();
    for (let i = ctx.vars.length - 1; i >= 0; i--) {
      const v = ctx.vars[i] as VarB;
      if (seen.has(v.name)) continue;
      seen.add(v.name);
      recordLocs(out, 'var', v.name, [], v.ty, `#${v.id}`, [], false);
    }
    for (const l of ctx.lets) {
      if (ctx.shadow.has(l.name)) continue;
      out.push({ ty: l.ty, kind: 'let', name: l.name, segs: [], key: l.aliasKey ?? `let ${l.name}`, optKeys: [], optional: false });
      if (l.aliasKey !== undefined && l.ty.k === 'record') {
        // Sub-locations read through the alias, guarded by the aliased path's keys.
        for (const target of [...this.staticInput, ...this.staticData]) {
          if (!target.key.startsWith(`${l.aliasKey}.`)) continue;
          const rest = target.key.slice(l.aliasKey.length + 1).split('.');
          out.push({ ty: target.ty, kind: 'let', name: l.name, segs: rest, key: target.key, optKeys: target.optKeys, optional: target.optional, hasLoc: target });
        }
      }
    }
    return out;
  }

  private readable(ctx: Ctx, l: Loc): boolean {
    return l.optKeys.every((k) => ctx.guards.has(k));
  }

  private readableLocs(ctx: Ctx, pred: (l: Loc) => boolean): Loc[] {
    return this.locs(ctx).filter((l) => pred(l) && this.readable(ctx, l));
  }

  /** The text of a path to `loc` in `ctx`. */
  private text(loc: Loc, ctx: Ctx): string {
    switch (loc.kind) {
      case 'input': {
        const forced = KEYWORDS.has(loc.name) || ctx.shadow.has(loc.name) || ctx.lets.some((l) => l.name === loc.name);
        const prefix = forced || chance(this.r, 0.15) ? 'input.' : '';
        return prefix + [loc.name, ...loc.segs].join('.');
      }
      case 'data':
        return ['data', ...loc.segs].join('.');
      case 'var':
      case 'let':
        return [loc.name, ...loc.segs].join('.');
    }
  }

  private path(loc: Loc, ctx: Ctx): GExpr {
    return { k: 'path', cls: clsOf(loc.ty), text: this.text(loc, ctx) };
  }

  private has(loc: Loc, ctx: Ctx): GExpr {
    const target = loc.hasLoc ?? loc;
    return { k: 'has', cls: 'bool', text: `has ${this.text(target, ctx)}`, keys: hasKeys(target) };
  }

  private withGuards(ctx: Ctx, e: GExpr): Ctx {
    const keys = guardsOf(e);
    if (keys.length === 0) return ctx;
    const guards = new Set([...ctx.guards, ...keys]);
    const recent = this.locs(ctx).filter((l) => keys.includes(l.key) && l.optional);
    return { ...ctx, guards, recent: [...recent, ...ctx.recent].slice(0, 4) };
  }

  private deeper(ctx: Ctx): Ctx {
    return { ...ctx, depth: ctx.depth - 1 };
  }

  // -------------------------------------------------------------------------------------------
  // Literals

  private numLit(): GExpr {
    const r = this.r;
    const [text, value] = weighted<readonly [string, number]>(r, [
      [5, (() => {
        const n = pick(r, INTS);
        return [String(n), n] as const;
      })()],
      [3, pick(r, DECIMALS.filter(([t]) => t !== '1e308' || chance(r, 0.2)))],
      [2, pick(r, DURATIONS)],
    ]);
    return lit('num', text, value);
  }

  /** A number literal, sometimes negated (unary minus on a literal). */
  private numConst(): GExpr {
    const l = this.numLit();
    return chance(this.r, 0.15) ? un('-', l) : l;
  }

  private glob(): GExpr {
    return strLit(pick(this.r, GLOBS));
  }

  private maybeParen(e: GExpr): GExpr {
    return chance(this.r, 0.06) ? { k: 'paren', cls: e.cls, e } : e;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions by class

  /** A `has` test of some optional location (for a `when` clause of its own). */
  private hasOnly(ctx: Ctx): GExpr {
    const opt = this.locs(ctx).filter((l) => l.optional && l.hasLoc && !this.readable(ctx, l) && l.optKeys.slice(0, -1).every((k) => ctx.guards.has(k)));
    if (opt.length === 0) return this.bool(ctx);
    return this.has(pick(this.r, opt), ctx);
  }

  /** A condition. */
  bool(ctx: Ctx): GExpr {
    const r = this.r;
    if (ctx.depth <= 0) return this.maybeParen(this.boolLeaf(ctx));
    const c = this.deeper(ctx);
    const make = weighted<() => GExpr>(r, [
      [4, () => this.aboutSome(c)],
      [3, () => this.guarded(c)],
      [2, () => {
        const left = this.bool(c);
        return bin('and', left, this.bool(this.withGuards(c, left)));
      }],
      [1.5, () => bin('or', this.bool(c), this.bool(c))],
      [1, () => un('not', this.bool(c))],
      [1.2, () => bin(pick(r, COMPARE_OPS), this.num(c), this.num(c))],
      [0.8, () => this.strCompare(c)],
      [1, () => this.membership(c)],
      [1, () => this.strTest(c)],
      [1.2, () => this.quant(c)],
      [0.5, () => this.boolLet(c) ?? this.aboutSome(c)],
      [0.4, () => bin(pick(r, ['==', '!='] as const), this.bool(c), this.bool(c))],
      [0.2, () => boolLit(chance(r, 0.5))],
      [0.3, () => {
        const opt = this.locs(c).filter((l) => l.hasLoc && (l.optional || chance(r, 0.05)) && l.optKeys.slice(0, -1).every((k) => c.guards.has(k)));
        return opt.length > 0 ? this.has(pick(r, opt), c) : boolLit(true);
      }],
    ]);
    return this.maybeParen(make());
  }

  private boolLeaf(ctx: Ctx): GExpr {
    const r = this.r;
    const bools = this.readableLocs(ctx, (l) => l.ty.k === 'bool');
    return weighted<() => GExpr>(r, [
      [bools.length > 0 ? 3 : 0, () => this.path(pick(r, bools), ctx)],
      [4, () => this.aboutSome({ ...ctx, depth: 0 })],
      [0.5, () => boolLit(chance(r, 0.5))],
      [0.5, () => this.boolLet(ctx) ?? boolLit(false)],
    ])();
  }

  private boolLet(ctx: Ctx): GExpr | undefined {
    const lets = ctx.lets.filter((l) => l.ty.k === 'bool' && !ctx.shadow.has(l.name));
    if (lets.length === 0) return undefined;
    return { k: 'path', cls: 'bool', text: pick(this.r, lets).name };
  }

  /** A condition about a random readable location. */
  private aboutSome(ctx: Ctx): GExpr {
    const r = this.r;
    if (ctx.recent.length > 0 && chance(r, 0.5)) {
      const l = pick(r, ctx.recent);
      if (this.readable(ctx, l)) return this.about(l, ctx);
    }
    const vars = this.readableLocs(ctx, (l) => l.kind === 'var');
    if (vars.length > 0 && chance(r, 0.5)) return this.about(pick(r, vars), ctx);
    const all = this.readableLocs(ctx, () => true);
    return this.about(pick(r, all), ctx);
  }

  /** `has L and about(L)` for an optional location not yet guarded. */
  private guarded(ctx: Ctx): GExpr {
    const r = this.r;
    const cands = this.locs(ctx).filter((l) => l.optKeys.length > 0 && !this.readable(ctx, l) && l.hasLoc);
    if (cands.length === 0) return this.aboutSome(ctx);
    const loc = pick(r, cands);
    const h = this.has(loc, ctx);
    const inner = this.withGuards(ctx, h);
    const body = this.about(loc, inner);
    return bin('and', h, chance(r, 0.2) ? bin('and', body, this.bool(this.withGuards(inner, body))) : body);
  }

  /** A condition that tests the value at `loc` (which must be readable in `ctx`). */
  private about(loc: Loc, ctx: Ctx): GExpr {
    const r = this.r;
    const p = (): GExpr => this.path(loc, ctx);
    const t = loc.ty;
    switch (t.k) {
      case 'bool':
        return weighted<() => GExpr>(r, [
          [3, p],
          [1, () => un('not', p())],
          [1, () => bin(pick(r, ['==', '!='] as const), p(), boolLit(chance(r, 0.5)))],
        ])();
      case 'int':
      case 'number':
      case 'duration':
        return weighted<() => GExpr>(r, [
          [5, () => bin(pick(r, COMPARE_OPS), p(), this.numConst())],
          [1.5, () => bin(pick(r, COMPARE_OPS), this.numConst(), p())],
          [1.5, () => bin(pick(r, COMPARE_OPS), p(), this.num(ctx))],
          [1.5, () => bin(pick(r, COMPARE_OPS), bin(pick(r, ['+', '-', '*', '/'] as const), p(), this.num(ctx)), this.numConst())],
          [1, () => bin(pick(r, COMPARE_OPS), bin('/', this.numConst(), p()), this.numConst())],
          [1, () => bin('in', p(), { k: 'list', cls: 'coll', items: Array.from({ length: r.int(1, 3) }, () => (chance(r, 0.8) ? this.numConst() : this.num(ctx))) })],
          [0.5, () => bin(pick(r, COMPARE_OPS), un('-', p()), this.numConst())],
          [0.7, () => this.membershipOf(p(), 'num', undefined, ctx)],
        ])();
      case 'string':
        return weighted<() => GExpr>(r, [
          [3, () => bin(pick(r, ['==', '!='] as const), p(), strLit(this.strValue()))],
          [0.7, () => bin(pick(r, ['==', '!='] as const), strLit(this.strValue()), p())],
          [2, () => bin('matches', p(), this.glob())],
          [2, () => call(pick(r, ['starts_with', 'ends_with', 'contains'] as const), [p(), chance(r, 0.8) ? strLit(this.strValue()) : this.str(ctx)])],
          [1, () => bin(pick(r, ['==', '!='] as const), call('lower', [p()]), strLit(this.strValue()))],
          [1, () => bin(pick(r, COMPARE_OPS), call('len', [p()]), this.numConst())],
          [1.5, () => this.membershipOf(p(), 'str', undefined, ctx)],
          [0.5, () => bin(pick(r, ['==', '!='] as const), p(), this.str(ctx))],
        ])();
      case 'enum':
        return weighted<() => GExpr>(r, [
          [3, () => bin(pick(r, ['==', '!='] as const), p(), strLit(pick(r, t.members)))],
          [1, () => bin(pick(r, ['==', '!='] as const), strLit(pick(r, t.members)), p())],
          [2, () => this.membershipOf(p(), 'enum', t, ctx)],
          [1, () => {
            const same = this.readableLocs(ctx, (l) => l.ty.k === 'enum' && l.ty.name === t.name);
            return bin(pick(r, ['==', '!='] as const), p(), this.path(pick(r, same), ctx));
          }],
        ])();
      case 'list':
      case 'set': {
        const el = t.el;
        const ec = clsOf(el);
        return weighted<() => GExpr>(r, [
          [2, () => bin(pick(r, COMPARE_OPS), call('len', [p()]), this.numConst())],
          [ec === 'num' || ec === 'str' || ec === 'enum' || ec === 'bool' ? 2 : 0, () => bin('in', this.scalarOf(el, ctx), p())],
          [3, () => this.quantOver(p(), el, ctx)],
          [0.5, () => un('not', this.quantOver(p(), el, ctx))],
          [ec === 'num' ? 0.5 : 0, () => bin(pick(r, COMPARE_OPS), bin('/', this.numConst(), call('len', [p()])), this.numConst())],
        ])();
      }
      case 'record': {
        const subs = this.locs(ctx).filter((l) => l.key.startsWith(`${loc.key}.`) && l.key.split('.').length === loc.key.split('.').length + 1 && l.kind === loc.kind && l.name === loc.name);
        if (subs.length === 0) return boolLit(true);
        const sub = pick(r, subs);
        if (this.readable(ctx, sub)) return this.about(sub, ctx);
        if (!sub.hasLoc) return boolLit(true);
        const h = this.has(sub, ctx);
        return bin('and', h, this.about(sub, this.withGuards(ctx, h)));
      }
    }
  }

  /** A scalar expression of `el`'s class (for the left side of `in`). */
  private scalarOf(el: Ty, ctx: Ctx): GExpr {
    const r = this.r;
    switch (clsOf(el)) {
      case 'num':
        return chance(r, 0.7) ? this.numConst() : this.num(ctx);
      case 'str':
        return chance(r, 0.7) ? strLit(this.strValue()) : this.str(ctx);
      case 'enum': {
        const e = el as { k: 'enum'; members: readonly string[]; name: string };
        const same = this.readableLocs(ctx, (l) => l.ty.k === 'enum' && l.ty.name === e.name);
        return same.length > 0 && chance(r, 0.4) ? this.path(pick(r, same), ctx) : strLit(pick(r, e.members));
      }
      case 'bool':
        return boolLit(chance(r, 0.5));
      default:
        throw new Error('internal: not a scalar');
    }
  }

  /** `x in C` for a scalar `x` of class `cls`, C a matching collection in scope or a literal. */
  private membershipOf(x: GExpr, cls: 'num' | 'str' | 'enum', e: (Ty & { k: 'enum' }) | undefined, ctx: Ctx): GExpr {
    const r = this.r;
    const colls = this.readableLocs(ctx, (l) => {
      if (l.ty.k !== 'list' && l.ty.k !== 'set') return false;
      const ec = clsOf(l.ty.el);
      return ec === cls && (cls !== 'enum' || (l.ty.el as { name: string }).name === e?.name);
    });
    const lets = ctx.lets.filter((l) => !ctx.shadow.has(l.name) && l.aliasKey === undefined && l.ty.k === 'list' && clsOf(l.ty.el) === cls);
    const literal = (): GExpr => ({
      k: 'list',
      cls: 'coll',
      items: Array.from({ length: r.int(1, 3) }, () =>
        cls === 'num'
          ? chance(r, 0.85) ? this.numConst() : this.num(ctx)
          : cls === 'str'
            ? chance(r, 0.85) ? strLit(this.strValue()) : this.str(ctx)
            : strLit(pick(r, e?.members ?? ['x'])),
      ),
    });
    const coll = weighted<() => GExpr>(r, [
      [colls.length > 0 ? 3 : 0, () => this.path(pick(r, colls), ctx)],
      [lets.length > 0 ? 1 : 0, () => ({ k: 'path', cls: 'coll', text: pick(r, lets).name })],
      [2, literal],
    ])();
    return bin('in', x, coll);
  }

  private membership(ctx: Ctx): GExpr {
    const r = this.r;
    const scalars = this.readableLocs(ctx, (l) => ['num', 'str', 'enum'].includes(clsOf(l.ty)));
    if (scalars.length === 0 || chance(r, 0.2)) return this.membershipOf(this.numConst(), 'num', undefined, ctx);
    const loc = pick(r, scalars);
    const cls = clsOf(loc.ty) as 'num' | 'str' | 'enum';
    return this.membershipOf(this.path(loc, ctx), cls, loc.ty.k === 'enum' ? loc.ty : undefined, ctx);
  }

  private strCompare(ctx: Ctx): GExpr {
    return bin(pick(this.r, ['==', '!='] as const), this.str(ctx), this.str(ctx));
  }

  private strTest(ctx: Ctx): GExpr {
    const r = this.r;
    return weighted<() => GExpr>(r, [
      [1, () => bin('matches', this.str(ctx), chance(r, 0.85) ? this.glob() : this.str(ctx))],
      [1, () => call(pick(r, ['starts_with', 'ends_with', 'contains'] as const), [this.str(ctx), this.str(ctx)])],
    ])();
  }

  /** A quantifier over some collection in scope (or a list literal). */
  private quant(ctx: Ctx): GExpr {
    const r = this.r;
    const colls = this.readableLocs(ctx, (l) => l.ty.k === 'list' || l.ty.k === 'set');
    if (colls.length > 0 && chance(r, 0.8)) {
      const loc = pick(r, colls);
      return this.quantOver(this.path(loc, ctx), (loc.ty as { el: Ty }).el, ctx);
    }
    const numeric = chance(r, 0.6);
    const items = Array.from({ length: r.int(1, 3) }, () => (numeric ? this.numConst() : strLit(this.strValue())));
    return this.quantOver({ k: 'list', cls: 'coll', items }, numeric ? { k: 'number' } : { k: 'string' }, ctx);
  }

  /** `all|any v in coll: body`, the body mostly about the variable. */
  private quantOver(coll: GExpr, el: Ty, ctx: Ctx): GExpr {
    const r = this.r;
    const id = this.nextBinder++;
    const topNames = this.input.map((f) => f.name);
    const outer = [...ctx.vars.map((v) => v.name), ...ctx.lets.map((l) => l.name), ...topNames];
    let v: string;
    if (chance(r, 0.1) && outer.filter((n) => !KEYWORDS.has(n)).length > 0) v = pick(r, outer.filter((n) => !KEYWORDS.has(n)));
    else {
      const free = VAR_NAMES.filter((n) => !outer.includes(n));
      v = free.length > 0 ? pick(r, free) : `v${id}`;
    }
    const shadow = new Set(ctx.shadow);
    if (outer.includes(v)) shadow.add(v);
    const inner: Ctx = {
      depth: ctx.depth - 1,
      guards: ctx.guards,
      vars: [...ctx.vars, { name: v, id, ty: el }],
      lets: ctx.lets.filter((l) => l.name !== v),
      shadow,
      recent: ctx.recent,
    };
    const varLoc = this.locs(inner).find((l) => l.kind === 'var' && l.key === `#${id}`) as Loc;
    const body = weighted<() => GExpr>(r, [
      [5, () => this.about(varLoc, inner)],
      [1.5, () => {
        const a = this.about(varLoc, inner);
        const op = chance(r, 0.6) ? 'and' : 'or';
        // Guards flow to the right of `and` only.
        const right = op === 'and' ? this.withGuards(inner, a) : inner;
        return bin(op, a, chance(r, 0.5) ? this.about(varLoc, right) : this.bool(right));
      }],
      [inner.depth > 0 ? 1 : 0, () => this.bool(inner)],
    ])();
    return { k: 'quant', cls: 'bool', q: chance(r, 0.5) ? 'all' : 'any', v, coll, body };
  }

  /** A number. */
  num(ctx: Ctx): GExpr {
    const r = this.r;
    const nums = this.readableLocs(ctx, (l) => clsOf(l.ty) === 'num');
    const sized = this.readableLocs(ctx, (l) => l.ty.k === 'string' || l.ty.k === 'list' || l.ty.k === 'set');
    const lets = ctx.lets.filter((l) => !ctx.shadow.has(l.name) && clsOf(l.ty) === 'num');
    const c = this.deeper(ctx);
    const deep = ctx.depth > 0;
    const e = weighted<() => GExpr>(r, [
      [3, () => this.numConst()],
      [nums.length > 0 ? 4 : 0, () => this.path(pick(r, nums), ctx)],
      [sized.length > 0 ? 1 : 0, () => call('len', [this.path(pick(r, sized), ctx)])],
      [deep ? 2 : 0, () => bin(pick(r, ['+', '-', '*', '/', '/'] as const), this.num(c), this.num(c))],
      [deep ? 0.5 : 0, () => un('-', this.num(c))],
      [lets.length > 0 ? 1 : 0, () => ({ k: 'path', cls: 'num', text: pick(r, lets).name })],
      [deep ? 0.3 : 0, () => call('len', [{ k: 'list', cls: 'coll', items: Array.from({ length: r.int(1, 3) }, () => this.num(c)) }])],
    ])();
    return this.maybeParen(e);
  }

  /** A string (never an enum value). */
  str(ctx: Ctx): GExpr {
    const r = this.r;
    const strs = this.readableLocs(ctx, (l) => l.ty.k === 'string');
    const lets = ctx.lets.filter((l) => !ctx.shadow.has(l.name) && l.ty.k === 'string');
    const deep = ctx.depth > 0;
    return weighted<() => GExpr>(r, [
      [3, () => strLit(this.strValue())],
      [strs.length > 0 ? 4 : 0, () => this.path(pick(r, strs), ctx)],
      [deep ? 1 : 0, () => call('lower', [this.str(this.deeper(ctx))])],
      [lets.length > 0 ? 1 : 0, () => ({ k: 'path', cls: 'str', text: pick(r, lets).name })],
    ])();
  }

  private strValue(): string {
    const r = this.r;
    return (this.opts.loneSurrogates ?? true) && chance(r, 0.03) ? pick(r, LONE_TEXTS) : pick(r, STRINGS);
  }
}

/** Generates one pact (see the header). */
export function generatePact(r: Rng, opts: GenOptions = {}): GenPact {
  return new PactGenerator(r, opts).pact();
}

// ---------------------------------------------------------------------------------------------
// Printing

const POWER: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  in: 4,
  matches: 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};
const ATOM = 8;

function power(e: GExpr): number {
  switch (e.k) {
    case 'bin':
      return POWER[e.op] ?? ATOM;
    case 'un':
      return e.op === 'not' ? 3 : 7;
    case 'quant':
      return 0;
    default:
      return ATOM;
  }
}

/**
 * Prints `e` where binding power `min` is needed; `edge` says nothing follows it up to the end
 * of the enclosing expression or bracket (where a quantifier may stand unparenthesised).
 */
function printE(e: GExpr, min: number, edge: boolean): string {
  const wrap = e.k === 'quant' ? !(edge && min <= 3) : power(e) < min;
  const text = exprText(e, wrap || edge);
  return wrap ? `(${text})` : text;
}

function exprText(e: GExpr, edge: boolean): string {
  switch (e.k) {
    case 'lit':
    case 'path':
    case 'has':
      return e.text;
    case 'paren':
      return `(${printE(e.e, 0, true)})`;
    case 'list':
      return `[${e.items.map((x) => printE(x, 0, true)).join(', ')}]`;
    case 'call':
      return `${e.fn}(${e.args.map((x) => printE(x, 0, true)).join(', ')})`;
    case 'un':
      if (e.op === 'not') return `not ${printE(e.e, 3, edge)}`;
      // `--x` would also parse, but keep a double minus readable.
      return e.e.k === 'un' && e.e.op === '-' ? `-(${printE(e.e, 0, true)})` : `-${printE(e.e, 7, edge)}`;
    case 'bin': {
      const p = POWER[e.op] ?? ATOM;
      if (p === 4) return `${printE(e.l, 5, false)} ${e.op} ${printE(e.r, 5, edge)}`;
      return `${printE(e.l, p, false)} ${e.op} ${printE(e.r, p + 1, edge)}`;
    }
    case 'quant':
      return `${e.q} ${e.v} in ${printE(e.coll, 5, false)}: ${printE(e.body, 0, true)}`;
  }
}

/** Prints a generated expression as pact source. */
export function printGExpr(e: GExpr): string {
  return printE(e, 0, true);
}

function typeText(t: Ty, indent: string): string {
  switch (t.k) {
    case 'enum':
      return t.name;
    case 'list':
    case 'set':
      return `${t.k}<${typeText(t.el, indent)}>`;
    case 'record':
      return recordText(t.fields, indent);
    default:
      return t.k;
  }
}

function fieldText(f: FieldSpec, indent: string): string {
  const ann = [
    f.range ? ` @range(${f.range.loText}, ${f.range.hiText})` : '',
    f.trust ? ` @trust(${f.trust})` : '',
    f.sensitive ? ' @sensitive' : '',
  ].join('');
  return `${f.name}${f.optional ? '?' : ''}: ${typeText(f.ty, indent)}${ann}`;
}

function recordText(fields: readonly FieldSpec[], indent: string): string {
  if (fields.length <= 2 && fields.every((f) => f.ty.k !== 'record')) return `{ ${fields.map((f) => fieldText(f, indent)).join(', ')} }`;
  const inner = `${indent}  `;
  return `{\n${fields.map((f) => `${inner}${fieldText(f, inner)},\n`).join('')}${indent}}`;
}

function inputBlock(fields: readonly FieldSpec[], comments: boolean): string {
  const lines = fields.map((f, i) => `  ${fieldText(f, '  ')},${comments && i === 0 ? ' // first field' : ''}`);
  return `input {\n${lines.join('\n')}\n}`;
}

/** Splits the input fields into two blocks that merge back into the same schema. */
function splitFields(fields: readonly FieldSpec[]): [FieldSpec[], FieldSpec[]] {
  const a: FieldSpec[] = [];
  const b: FieldSpec[] = [];
  fields.forEach((f, i) => {
    if (i % 2 === 0) a.push(f);
    else if (f.ty.k === 'record' && f.ty.fields.length >= 2) {
      const half = Math.ceil(f.ty.fields.length / 2);
      a.push({ ...f, ty: { k: 'record', fields: f.ty.fields.slice(0, half) } });
      b.push({ ...f, ty: { k: 'record', fields: f.ty.fields.slice(half) } });
    } else b.push(f);
  });
  return [a, b];
}

function dataBlock(data: readonly DataSpec[]): string {
  const lines = data.map((d) => `  ${d.name}: ${typeText(d.ty, '  ')}${d.range ? ` @range(${d.range.loText}, ${d.range.hiText})` : ''} = ${d.text},`);
  return `data {\n${lines.join('\n')}\n}`;
}

function ruleText(rule: RuleSpec, comments: boolean): string {
  const head = `${rule.effect} ${rule.name}${rule.roles.length > 0 ? ` to ${rule.roles.map((x) => JSON.stringify(x)).join(', ')}` : ''}`;
  const parts = [
    ...rule.whens.map((w) => `when ${printGExpr(w)}`),
    ...rule.unlesses.map((u) => `unless ${printGExpr(u)}`),
    ...rule.grants.map((g) => `grant ${JSON.stringify(g.secret)} scope ${JSON.stringify(g.scope)} ttl ${g.ttl}`),
    `because ${JSON.stringify(rule.because)}`,
  ];
  if (!rule.multiline) return `${head} ${parts.join(' ')}`;
  return `${head}${comments ? ' /* rule */' : ''}\n${parts.map((p) => `  ${p}`).join('\n')}`;
}

/** Prints a generated pact as source text. */
export function printPact(gp: GenPact): string {
  const out: string[] = [`pact ${gp.name} version ${JSON.stringify(gp.version)}`];
  const enums = gp.enums.map((e) => `enum ${e.name} { ${e.members.join(', ')} }`);
  if (!gp.style.enumsLast) out.push(...enums);
  if (gp.style.splitInput && gp.input.length > 0) {
    const [a, b] = splitFields(gp.input);
    if (a.length > 0) out.push(inputBlock(a, gp.style.comments));
    if (b.length > 0) out.push(inputBlock(b, false));
  } else out.push(inputBlock(gp.input, gp.style.comments));
  if (gp.data.length > 0) {
    if (gp.style.splitData && gp.data.length >= 2) {
      const half = Math.ceil(gp.data.length / 2);
      out.push(dataBlock(gp.data.slice(0, half)), dataBlock(gp.data.slice(half)));
    } else out.push(dataBlock(gp.data));
  }
  const order = gp.style.letOrder.length === gp.lets.length ? gp.style.letOrder : gp.lets.map((_, i) => i);
  const lets = order.map((i) => gp.lets[i]).filter((l): l is LetSpec => l !== undefined);
  if (lets.length > 0) out.push(lets.map((l) => `let ${l.name} = ${printGExpr(l.body)}`).join('\n'));
  gp.rules.forEach((rule, i) => {
    if (gp.style.comments && i === 0) out.push('// the rules');
    out.push(ruleText(rule, gp.style.comments));
  });
  if (gp.style.enumsLast) out.push(...enums);
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Literals for the input generator

/** The constants a pact mentions, which inputs should hit (and miss by a little). */
export interface PactLiterals {
  readonly numbers: readonly number[];
  readonly strings: readonly string[];
  readonly roles: readonly string[];
  readonly secrets: readonly string[];
}

/** Collects the pact's literals: numbers (signed), strings, strings matching its globs. */
export function pactLiterals(gp: GenPact): PactLiterals {
  const numbers = new Set<number>();
  const strings = new Set<string>();
  const visit = (e: GExpr, negated: boolean): void => {
    switch (e.k) {
      case 'lit':
        if (typeof e.value === 'number') numbers.add(negated ? -e.value : e.value);
        if (typeof e.value === 'string') strings.add(e.value);
        return;
      case 'un':
        visit(e.e, e.op === '-' ? !negated : negated);
        return;
      case 'bin':
        if (e.op === 'matches' && e.r.k === 'lit' && typeof e.r.value === 'string') {
          for (const s of globInstances(e.r.value)) strings.add(s);
        }
        visit(e.l, false);
        visit(e.r, false);
        return;
      case 'call':
        e.args.forEach((a) => visit(a, false));
        return;
      case 'list':
        e.items.forEach((a) => visit(a, false));
        return;
      case 'quant':
        visit(e.coll, false);
        visit(e.body, false);
        return;
      case 'paren':
        visit(e.e, negated);
        return;
      default:
        return;
    }
  };
  for (const l of gp.lets) visit(l.body, false);
  for (const r of gp.rules) [...r.whens, ...r.unlesses].forEach((e) => visit(e, false));
  const dataVisit = (v: Json): void => {
    if (typeof v === 'number') numbers.add(v);
    else if (typeof v === 'string') strings.add(v);
    else if (Array.isArray(v)) v.forEach(dataVisit);
    else if (v && typeof v === 'object') Object.values(v).forEach(dataVisit);
  };
  gp.data.forEach((d) => dataVisit(d.value));
  const ranges = (fields: readonly FieldSpec[]): void => {
    for (const f of fields) {
      if (f.range) {
        numbers.add(f.range.lo);
        numbers.add(f.range.hi);
      }
      if (f.ty.k === 'record') ranges(f.ty.fields);
      if ((f.ty.k === 'list' || f.ty.k === 'set') && f.ty.el.k === 'record') ranges(f.ty.el.fields);
    }
  };
  ranges(gp.input);
  return {
    numbers: [...numbers],
    strings: [...strings],
    roles: [...new Set(gp.rules.flatMap((r) => r.roles))],
    secrets: [...new Set(gp.rules.flatMap((r) => r.grants.map((g) => g.secret)))],
  };
}

/** A few strings a glob matches (and one it barely misses). */
export function globInstances(glob: string): string[] {
  const fill = (star: string, q: string): string => [...glob].map((c) => (c === '*' ? star : c === '?' ? q : c)).join('');
  return [fill('', 'a'), fill('x', '😀'), fill('é😀z', 'Z'), `${fill('', 'a')}!`];
}

// ---------------------------------------------------------------------------------------------
// Shrinking

/** Same-class simplifications of an expression: its children of the same class, then literals. */
function simpler(e: GExpr): GExpr[] {
  const out: GExpr[] = [];
  const same = (x: GExpr): void => {
    if (x.cls === e.cls) out.push(x);
  };
  switch (e.k) {
    case 'bin':
      same(e.l);
      same(e.r);
      break;
    case 'un':
    case 'paren':
      same(e.e);
      break;
    case 'call':
      e.args.forEach(same);
      break;
    default:
      break;
  }
  if (e.k !== 'lit') {
    if (e.cls === 'bool') out.push(boolLit(true), boolLit(false));
    if (e.cls === 'num') out.push(lit('num', '0', 0), lit('num', '1', 1));
    if (e.cls === 'str') out.push(strLit(''));
  }
  if (e.k === 'list' && e.items.length > 1) e.items.forEach((_, i) => out.push({ ...e, items: e.items.filter((__, j) => j !== i) }));
  return out;
}

/** Every way to simplify `e` in one step, outermost first. */
function* shrinkExpr(e: GExpr): Generator<GExpr> {
  yield* simpler(e);
  switch (e.k) {
    case 'bin':
      for (const l of shrinkExpr(e.l)) yield { ...e, l };
      for (const r of shrinkExpr(e.r)) yield { ...e, r };
      return;
    case 'un':
      for (const x of shrinkExpr(e.e)) yield { ...e, e: x };
      return;
    case 'paren':
      for (const x of shrinkExpr(e.e)) yield { ...e, e: x };
      return;
    case 'call':
      for (let i = 0; i < e.args.length; i++) for (const a of shrinkExpr(e.args[i] as GExpr)) yield { ...e, args: e.args.map((x, j) => (j === i ? a : x)) };
      return;
    case 'list':
      for (let i = 0; i < e.items.length; i++) for (const a of shrinkExpr(e.items[i] as GExpr)) yield { ...e, items: e.items.map((x, j) => (j === i ? a : x)) };
      return;
    case 'quant':
      for (const body of shrinkExpr(e.body)) yield { ...e, body };
      for (const coll of shrinkExpr(e.coll)) yield { ...e, coll };
      return;
    default:
      return;
  }
}

const without = <T>(xs: readonly T[], i: number): T[] => xs.filter((_, j) => j !== i);
const replaced = <T>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, j) => (j === i ? x : y));

function* shrinkFields(fields: readonly FieldSpec[]): Generator<FieldSpec[]> {
  for (let i = 0; i < fields.length; i++) if (fields.length > 1) yield without(fields, i);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as FieldSpec;
    if (f.range || f.trust || f.sensitive) yield replaced(fields, i, { name: f.name, optional: f.optional, ty: f.ty });
    if (f.ty.k === 'record') for (const sub of shrinkFields(f.ty.fields)) yield replaced(fields, i, { ...f, ty: { k: 'record', fields: sub } });
  }
}

/**
 * Every one-step simplification of a pact, most drastic first: fewer rules, clauses, grants,
 * lets, data fields, enums and input fields, plainer layout, simpler expressions. Some results
 * no longer check (a removed let still used); callers discard those.
 */
export function* shrinkPact(gp: GenPact): Generator<GenPact> {
  const rules = gp.rules;
  for (let i = 0; i < rules.length; i++) if (rules.length > 1) yield { ...gp, rules: without(rules, i) };
  for (let i = 0; i < gp.lets.length; i++) yield { ...gp, lets: without(gp.lets, i), style: { ...gp.style, letOrder: [] } };
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as RuleSpec;
    for (let j = 0; j < r.whens.length; j++) yield { ...gp, rules: replaced(rules, i, { ...r, whens: without(r.whens, j) }) };
    for (let j = 0; j < r.unlesses.length; j++) yield { ...gp, rules: replaced(rules, i, { ...r, unlesses: without(r.unlesses, j) }) };
    for (let j = 0; j < r.grants.length; j++) yield { ...gp, rules: replaced(rules, i, { ...r, grants: without(r.grants, j) }) };
    for (let j = 0; j < r.roles.length; j++) if (r.roles.length > 1) yield { ...gp, rules: replaced(rules, i, { ...r, roles: without(r.roles, j) }) };
  }
  for (let i = 0; i < gp.data.length; i++) yield { ...gp, data: without(gp.data, i) };
  for (let i = 0; i < gp.enums.length; i++) yield { ...gp, enums: without(gp.enums, i) };
  for (const input of shrinkFields(gp.input)) yield { ...gp, input };
  const s = gp.style;
  if (s.splitInput || s.splitData || s.comments || s.enumsLast) yield { ...gp, style: { ...s, splitInput: false, splitData: false, comments: false, enumsLast: false } };
  if (s.letOrder.some((x, i) => x !== i)) yield { ...gp, style: { ...s, letOrder: gp.lets.map((_, i) => i) } };
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as RuleSpec;
    if (r.multiline) yield { ...gp, rules: replaced(rules, i, { ...r, multiline: false }) };
    if (r.because !== 'b') yield { ...gp, rules: replaced(rules, i, { ...r, because: 'b' }) };
    for (let j = 0; j < r.whens.length; j++) for (const w of shrinkExpr(r.whens[j] as GExpr)) yield { ...gp, rules: replaced(rules, i, { ...r, whens: replaced(r.whens, j, w) }) };
    for (let j = 0; j < r.unlesses.length; j++) for (const u of shrinkExpr(r.unlesses[j] as GExpr)) yield { ...gp, rules: replaced(rules, i, { ...r, unlesses: replaced(r.unlesses, j, u) }) };
  }
  for (let i = 0; i < gp.lets.length; i++) {
    const l = gp.lets[i] as LetSpec;
    for (const body of shrinkExpr(l.body)) yield { ...gp, lets: replaced(gp.lets, i, { ...l, body }) };
  }
}

// ---------------------------------------------------------------------------------------------
// The arbitrary

class PactArbitrary extends fc.Arbitrary<GenPact> {
  constructor(private readonly opts: GenOptions) {
    super();
  }
  generate(mrng: fc.Random): fc.Value<GenPact> {
    return new fc.Value(generatePact(rngOf(mrng), this.opts), undefined);
  }
  canShrinkWithoutContext(_value: unknown): _value is GenPact {
    return false;
  }
  shrink(value: GenPact): fc.Stream<fc.Value<GenPact>> {
    return new fc.Stream(shrinkPact(value)).map((v) => new fc.Value(v, undefined));
  }
}

/** Generated pacts, shrinking with {@link shrinkPact}. Print them with {@link printPact}. */
export function arbPact(opts: GenOptions = {}): fc.Arbitrary<GenPact> {
  return new PactArbitrary(opts);
}
