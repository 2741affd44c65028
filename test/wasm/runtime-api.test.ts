/**
 * The runtime API for generated code (`RUNTIME_API` in runtime.ts), called directly: every
 * documented function exists with its signature, and each behaves like its JavaScript model
 * (the reference evaluator's semantics) on generated inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RUNTIME_API, newStaticData } from '../../src/backend/wasm/index.js';
import { buildModule } from '../../src/backend/wasm/index.js';
import { LOWER_RANGES } from '../../src/backend/wasm/runtime/lower-table.js';
import { lowerCodePoint, simpleLower } from '../../src/backend/wasm/runtime/lower.js';
import { SetOf, valueHash, type HashValue } from '../../src/backend/wasm/runtime/hash.js';
import { STATIC } from '../../src/backend/wasm/runtime/layout.js';
import { RawHost, echoSpec, emitWithExports } from './host.js';
import { glob } from '../../src/eval/expr.js'; // the reference evaluator's glob is the model

const statics = newStaticData();
const constObj = statics.value({ name: 'refund_agent', limits: [1, 2.5, -3], nested: { ok: true, none: null }, e: {} });
const constSet = statics.setValue(['a', 'b', 1, 'a']);
const lit = statics.string('limits');
const api = Object.keys(RUNTIME_API);
const bytes = emitWithExports(echoSpec({ staticData: statics }), [...api, 'value_hash']);
const h = new RawHost(bytes);
const base = h.call('opa_heap_ptr_get');
const f = (name: string) => (...args: number[]): number => h.call(name, ...args);

const reset = (): void => {
  h.call('opa_heap_ptr_set', base);
};
const str = (s: string): number => h.str(s);
const json = (v: unknown): number => h.parse(JSON.stringify(v));

/** The JS rule the lowercase table encodes (see scripts/gen-lower-table.ts). */
function lowerRule(cp: number): number {
  const l = String.fromCodePoint(cp).toLowerCase();
  return Array.from(l).length === 1 ? (l.codePointAt(0) as number) : cp;
}

describe('runtime API', () => {
  it('defines every documented function with its signature', () => {
    const m = buildModule(echoSpec());
    for (const [name, sig] of Object.entries(RUNTIME_API)) {
      const fn = m.funcs.find((x) => x.name === name);
      expect(fn, name).toBeDefined();
      expect(fn?.params.map((p) => p.type), name).toEqual(sig.params);
      expect(fn?.results, name).toEqual(sig.results);
    }
  });

  it('builds scalars and reads their types', () => {
    reset();
    expect(f('rt_type')(0)).toBe(0);
    expect(h.dump(f('rt_null')())).toBe('null');
    expect(f('rt_null')()).toBe(STATIC.NULL);
    expect(h.dump(f('rt_bool')(7))).toBe('true');
    expect(f('rt_is_true')(f('rt_bool')(1))).toBe(1);
    expect(f('rt_is_true')(f('rt_bool')(0))).toBe(0);
    expect(f('rt_is_true')(json(1))).toBe(0);
    for (const [v, t] of [[null, 1], [true, 2], [1, 3], ['s', 4], [[], 5], [{}, 6]] as const) expect(f('rt_type')(json(v))).toBe(t);
    expect(f('rt_type')(h.parse('set()', true))).toBe(7);
    const s = f('rt_string')(lit.ptr, lit.len);
    expect(h.dump(s)).toBe('"limits"');
  });

  it('builds and reads arrays, objects and sets', () => {
    reset();
    const a = f('rt_array_new')(0);
    for (let i = 0; i < 10; i++) f('rt_array_push')(a, f('rt_number_i32')(i));
    expect(h.dump(a)).toBe('[0,1,2,3,4,5,6,7,8,9]');
    expect(f('rt_array_len')(a)).toBe(10);
    expect(f('rt_array_len')(json({}))).toBe(-1);
    expect(h.dump(f('rt_array_get')(a, 9))).toBe('9');
    expect(f('rt_array_get')(a, 10)).toBe(0);
    expect(f('rt_array_get')(a, -1)).toBe(0);

    const o = f('rt_object_new')();
    for (let i = 0; i < 40; i++) f('rt_object_insert')(o, str(`k${i % 20}`), f('rt_number_i32')(i));
    expect(f('rt_len')(o)).toBe(20);
    expect(h.dump(f('rt_object_get')(o, str('k3')))).toBe('23');
    const k7 = new TextEncoder().encode('k7');
    const addr = h.write(k7);
    expect(h.dump(f('rt_object_get_str')(o, addr, 2))).toBe('27');
    expect(f('rt_object_get_str')(o, addr, 1)).toBe(0);
    expect(f('rt_object_get_str')(a, addr, 2)).toBe(0);
    expect(f('rt_object_get_str')(0, addr, 2)).toBe(0);
    expect(h.dump(f('rt_table_key')(o, 0))).toBe('"k0"');
    expect(h.dump(f('rt_table_value')(o, 19))).toBe('39');
    expect(f('rt_table_key')(o, 20)).toBe(0);

    const s = f('rt_set_new')();
    for (const v of [1, '1', 1.0, [1], { a: 1 }, [1], null]) f('rt_set_add')(s, json(v));
    expect(h.dump(s)).toBe('[1,"1",[1],{"a":1},null]');
    expect(f('rt_set_contains')(s, h.parse('1.0'))).toBe(1);
    expect(f('rt_set_contains')(s, json({ a: 1 }))).toBe(1);
    expect(f('rt_set_contains')(s, json({ a: 2 }))).toBe(0);
  });

  it('uses prebuilt static values like heap values', () => {
    reset();
    expect(h.dump(constObj)).toBe('{"name":"refund_agent","limits":[1,2.5,-3],"nested":{"ok":true,"none":null},"e":{}}');
    expect(h.dump(f('rt_object_get_str')(constObj, lit.ptr, lit.len))).toBe('[1,2.5,-3]');
    expect(f('rt_value_equal')(constObj, h.parse(h.dump(constObj)))).toBe(1);
    expect(h.dump(constSet)).toBe('["a","b",1]');
    expect(f('rt_set_contains')(constSet, str('b'))).toBe(1);
    expect(f('rt_in')(json(1), constSet)).toBe(1);
    expect(f('rt_number_to_f64')(f('rt_array_get')(f('rt_object_get_str')(constObj, lit.ptr, lit.len), 1))).toBe(2.5);
  });

  it('compares values structurally (numbers by value) and hashes like hash.ts', () => {
    const toHash = (v: unknown): HashValue => v as HashValue;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (x, y) => {
        reset();
        const a = json(x);
        const b = json(y);
        const same = JSON.stringify(x) === JSON.stringify(y) || deepEqualJson(x, y);
        expect(f('rt_value_equal')(a, b)).toBe(same ? 1 : 0);
        expect(f('rt_value_equal')(a, h.parse(h.dump(a)))).toBe(1);
        expect(f('value_hash')(a)).toBe(valueHash(toHash(JSON.parse(JSON.stringify(x)))));
      }),
      { numRuns: 500 },
    );
    reset();
    expect(f('rt_value_equal')(h.parse('[1, 1e0, 10e-1]'), h.parse('[1.0, 1, 1]'))).toBe(1);
    expect(f('rt_value_equal')(json({ a: 1, b: 2 }), json({ b: 2, a: 1 }))).toBe(1);
    expect(f('rt_value_equal')(h.parse('{1, 2}', true), h.parse('{2, 1}', true))).toBe(1);
    expect(f('value_hash')(h.parse('{2, "x"}', true))).toBe(valueHash(new SetOf([2, 'x'])));
    expect(f('rt_value_equal')(0, 0)).toBe(1);
    expect(f('rt_value_equal')(0, json(null))).toBe(0);
  });

  it('concatenates strings and builds text in buffers', () => {
    reset();
    expect(h.dump(f('rt_string_concat')(str('input.tags'), str('[2] é')))).toBe('"input.tags[2] é"');
    expect(h.dump(f('rt_string_concat')(str('a'), json(1)))).toBe('"a"');
    const b = f('buf_new')(0);
    f('buf_str')(b, str('n='));
    (h.ex.buf_u64 as unknown as (b: number, x: bigint) => void)(b, 18446744073709551615n);
    f('buf_byte')(b, 0x20);
    (h.ex.format_f64 as (b: number, x: number) => void)(b, 0.1 + 0.2);
    f('buf_byte')(b, 0x20);
    f('dump')(b, h.parse('{"s": {1}}', true), 1);
    f('buf_bytes')(b, lit.ptr, lit.len);
    const want = `n=18446744073709551615 ${0.1 + 0.2} {"s":{1}}limits`;
    expect(h.dump(f('rt_buf_string')(b))).toBe(JSON.stringify(want));
    expect(h.cstr(f('buf_cstr')(b))).toBe(want);
    expect(f('buf_len')(b)).toBe(want.length + 1); // with the NUL
  });

  it('tests membership with in', () => {
    reset();
    expect(f('rt_in')(str('b'), json(['a', 'b']))).toBe(1);
    expect(f('rt_in')(str('c'), json(['a', 'b']))).toBe(0);
    expect(f('rt_in')(h.parse('2.0'), json([1, 2]))).toBe(1);
    expect(f('rt_in')(str('v'), json({ k: 'v' }))).toBe(1);
    expect(f('rt_in')(str('k'), json({ k: 'v' }))).toBe(0);
    expect(f('rt_in')(str('x'), json('x'))).toBe(0);
  });
});

describe('string functions', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const small = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀', '*', '?'), maxLength: 8 });

  it('starts_with, ends_with, contains, equality and order agree with JS on code points', () => {
    fc.assert(
      fc.property(fc.oneof(text, small), fc.oneof(text, small), (s, p) => {
        reset();
        const a = str(s);
        const b = str(p);
        expect(f('rt_starts_with')(a, b)).toBe(s.startsWith(p) ? 1 : 0);
        expect(f('rt_ends_with')(a, b)).toBe(s.endsWith(p) ? 1 : 0);
        expect(f('rt_contains')(a, b)).toBe(s.includes(p) ? 1 : 0);
        expect(f('rt_string_equal')(a, b)).toBe(s === p ? 1 : 0);
        const cmp = Math.sign(cmpCodePoints(s, p));
        expect(f('rt_string_compare')(a, b)).toBe(cmp);
        const lb = h.write(new TextEncoder().encode(p));
        expect(f('rt_string_equal_lit')(a, lb, new TextEncoder().encode(p).length)).toBe(s === p ? 1 : 0);
      }),
      { numRuns: 1000 },
    );
    reset();
    expect(f('rt_starts_with')(json(1), str(''))).toBe(0);
  });

  it('len counts code points, elements and entries', () => {
    fc.assert(
      fc.property(text, (s) => {
        reset();
        expect(f('rt_len')(str(s))).toBe(Array.from(s).length);
      }),
    );
    reset();
    expect(f('rt_len')(json([1, 2, 3]))).toBe(3);
    expect(f('rt_len')(h.parse('{1, 2}', true))).toBe(2);
    expect(f('rt_len')(json({ a: 1 }))).toBe(1);
    expect(f('rt_len')(json(5))).toBe(-1);
    expect(f('rt_len')(0)).toBe(-1);
  });

  it('matches globs like the reference evaluator', () => {
    fc.assert(
      fc.property(small, small, (s, g) => {
        reset();
        expect(f('rt_matches')(str(s), str(g)), `${s} ~ ${g}`).toBe(glob(s, g) ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
    reset();
    const m = (s: string, g: string): number => f('rt_matches')(str(s), str(g));
    expect(m('stripe.refund', 'stripe.*')).toBe(1);
    expect(m('crm.export', '*.ex?ort')).toBe(1);
    expect(m('é😀x', '??x')).toBe(1);
    expect(m('é😀x', '???x')).toBe(0);
    expect(m('', '*')).toBe(1);
    expect(m('', '')).toBe(1);
    expect(m('a', '')).toBe(0);
  });

  it('lower maps every code point through the shared table, like the JS rule', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 16 }), (s) => {
        reset();
        expect(JSON.parse(h.dump(f('rt_lower')(str(s))))).toBe(simpleLower(s));
      }),
      { numRuns: 1000 },
    );
    reset();
    const all = Array.from({ length: 0x3000 }, (_, i) => i)
      .filter((cp) => cp < 0xd800 || cp > 0xdfff)
      .map((cp) => String.fromCodePoint(cp))
      .join('');
    expect(JSON.parse(h.dump(f('rt_lower')(str(all))))).toBe(simpleLower(all));
    expect(JSON.parse(h.dump(f('rt_lower')(str('ÀÉÎ İ ΣΑΣ Ⱥ K 𐐀'))))).toBe('àéî İ σασ ⱥ k 𐐨');
  });

  it('the committed table encodes the rule for every code point on this Node', () => {
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (lowerCodePoint(cp) !== lowerRule(cp)) {
        throw new Error(`U+${cp.toString(16)}: table ${lowerCodePoint(cp)}, rule ${lowerRule(cp)} — rerun scripts/gen-lower-table.ts`);
      }
    }
    expect(LOWER_RANGES.length).toBeGreaterThan(100);
  });
});

function cmpCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** JSON equality with object keys unordered (what the runtime's equality means for JSON). */
function deepEqualJson(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== typeof y || x === null || y === null || typeof x !== 'object') return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) return x.length === (y as unknown[]).length && x.every((v, i) => deepEqualJson(v, (y as unknown[])[i]));
  const kx = Object.keys(x as object);
  const ky = Object.keys(y as object);
  return kx.length === ky.length && kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && deepEqualJson((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
}
