/**
 * OPA's Go host sequences (§5.3, §5.6), replayed by {@link GoHost}: Rego text in and out,
 * data patches with the stash dance, and the pool's raw clone of the data segment.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERRC } from '../../src/backend/wasm/abi.js';
import { GoHost, echoModule } from './host.js';
import { RegoSet, goText, parseRego } from './rego-text.js';

const bytes = echoModule();

/** Unwraps a format-1 result set `{{"result": V}}` (undefined for `set()`), as Go's resolver does. */
function result(text: string): unknown {
  const rs = parseRego(text);
  expect(rs).toBeInstanceOf(RegoSet);
  const items = (rs as RegoSet).items;
  expect(items.length).toBeLessThanOrEqual(1);
  if (items.length === 0) return undefined;
  const only = items[0] as Record<string, unknown>;
  expect(Object.keys(only)).toEqual(['result']);
  return only.result;
}

/** Rego values for generation: JSON plus sets of distinct scalars. */
const regoValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), tie('value'), { maxKeys: 4 }),
    fc.uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -100, max: 100 })), { maxLength: 4 }).map((xs) => new RegoSet(xs)),
  ),
})).value;

describe('Go host (wasmtime) sequences', () => {
  it('starts up: opa_malloc(0), data via opa_value_parse, builtins and entrypoints', () => {
    const g = new GoHost(bytes, '{"roles": {"admin": {"alice", "bob"}}, "limit": 1.50}');
    expect(g.entrypoints).toEqual({ echo: 0, data: 1 });
    expect(g.eval('data')).toBe('{{"result":{"roles":{"admin":{"alice","bob"}},"limit":1.50}}}');
  });

  it('evaluates with format 1 and the compat path, same answers', () => {
    const g = new GoHost(bytes, '{}');
    fc.assert(
      fc.property(regoValue, (v) => {
        const text = goText(v);
        const fast = g.eval('echo', text);
        expect(g.evalCompat('echo', text)).toBe(fast);
        expect(goText(result(fast))).toBe(text);
      }),
      { numRuns: 400 },
    );
    expect(g.eval('echo')).toBe('set()');
    expect(g.evalCompat('echo')).toBe('set()');
  });

  it('reads Go-quoted strings that OPA’s own parser rejects', () => {
    const g = new GoHost(bytes, '{}');
    const s = '\u0001bell\u0007 vtab\u000b smile😀 nbsp\u00a0 zwj\u200d \u{e0001}';
    const text = goText({ s });
    expect(text).toContain('\\x01');
    expect(text).toContain('\\a');
    expect(text).toContain('\\v');
    expect(text).toContain('\\U000e0001');
    expect(result(g.eval('echo', text))).toEqual({ s });
  });

  it('replaces data (stash_clear, reset to base, parse, stash)', () => {
    const g = new GoHost(bytes, '{"a": 1}');
    g.eval('echo', '{"big": "' + 'x'.repeat(5000) + '"}');
    g.setData('{"b": {1, 2}}');
    expect(result(g.eval('data'))).toEqual({ b: new RegoSet([1, 2]) });
  });

  it('patches data with opa_value_add_path / opa_value_remove_path', () => {
    const g = new GoHost(bytes, '{"a": {"b": 1}, "n": 5}');
    expect(g.setDataPath('["a", "c"]', '[1, 2]')).toBe(ERRC.OK);
    expect(g.setDataPath('["x", "y", "z"]', '"deep"')).toBe(ERRC.OK);
    expect(g.setDataPath('["a", "b"]', '{"replaced": true}')).toBe(ERRC.OK);
    // Evaluations in between must not clobber the patched document.
    g.eval('echo', '{"pad": "' + 'p'.repeat(3000) + '"}');
    expect(result(g.eval('data'))).toEqual({ a: { b: { replaced: true }, c: [1, 2] }, n: 5, x: { y: { z: 'deep' } } });
    expect(g.setDataPath('["n", "m"]', '1')).toBe(ERRC.INVALID_TYPE);
    expect(g.setDataPath('[]', '1')).toBe(ERRC.INVALID_PATH);
    expect(g.setDataPath('"a"', '1')).toBe(ERRC.INVALID_PATH);
    expect(g.removeDataPath('["a", "b"]')).toBe(ERRC.OK);
    expect(g.removeDataPath('["missing", "deeper"]')).toBe(ERRC.OK);
    expect(g.removeDataPath('["n", "m"]')).toBe(ERRC.INVALID_TYPE);
    expect(g.removeDataPath('[]')).toBe(ERRC.INVALID_PATH);
    expect(result(g.eval('data'))).toEqual({ a: { c: [1, 2] }, n: 5, x: { y: { z: 'deep' } } });
    // Removal keeps the order of the remaining keys and the index consistent.
    g.setData('{"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5}');
    expect(g.removeDataPath('["k2"]')).toBe(ERRC.OK);
    expect(g.setDataPath('["k2"]', '"back"')).toBe(ERRC.OK);
    expect(g.eval('data')).toBe('{{"result":{"k0":0,"k1":1,"k3":3,"k4":4,"k5":5,"k2":"back"}}}');
  });

  it('clones the parsed data segment raw into another instance (the pool)', () => {
    const data = { roles: { admin: ['alice'], ops: ['bob', 'carol'] }, limits: { refund: 500, ratio: 0.25 }, s: 'é😀' };
    const first = new GoHost(bytes, goText(data));
    const clone = new GoHost(bytes, undefined, first);
    expect(clone.base).toBe(first.base);
    expect(clone.eval('data')).toBe(first.eval('data'));
    expect(result(clone.eval('data'))).toEqual(data);
    // Lookups in the cloned hash tables work (no per-instance state such as a hash seed).
    expect(clone.setDataPath('["limits", "refund"]', '900')).toBe(ERRC.OK);
    expect(result(clone.eval('data'))).toEqual({ ...data, limits: { refund: 900, ratio: 0.25 } });
    expect(result(first.eval('data'))).toEqual(data);
  });

  it('is deterministic: two fresh instances have byte-identical memory after start-up and data', () => {
    const a = new GoHost(bytes, '{"x": [1, 2, {"y": "z"}]}');
    const b = new GoHost(bytes, '{"x": [1, 2, {"y": "z"}]}');
    expect(a.evalHeap).toBe(b.evalHeap);
    expect(a.raw.bytes.slice(0, a.evalHeap)).toEqual(b.raw.bytes.slice(0, b.evalHeap));
  });
});
