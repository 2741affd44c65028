/**
 * Parsing and dumping at the byte level: the exact text the module writes, the inputs it must
 * accept or reject (§3, §4), and the memory contract around them (§5.1).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_DEPTH } from '../../src/backend/wasm/runtime/layout.js';
import { AbortError, RawHost, echoModule } from './host.js';

const bytes = echoModule();
const host = (): RawHost => new RawHost(bytes);

describe('opa_json_parse / opa_json_dump', () => {
  it('keeps number literals exactly as written', () => {
    const h = host();
    for (const n of ['1.50', '1e2', '1E+2', '-0', '0.000', '12345678901234567890123', '-1.5e-300', '1e400', '0e0']) {
      expect(h.roundTrip(`[${n}]`)).toBe(`[${n}]`);
    }
  });

  it('writes compact JSON with OPA’s string escaping', () => {
    const h = host();
    expect(h.roundTrip(' { "a" : [ 1 , true , null ] , "b" : { } , "c" : [ ] } ')).toBe('{"a":[1,true,null],"b":{},"c":[]}');
    // Only ", \ and control bytes are escaped; \b and \f become \u00xx; / and U+2028 stay raw.
    expect(h.roundTrip('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\u2028é"')).toBe('"\\"\\\\/\\u0008\\u000c\\n\\r\\t\\u0001\\u001f\u007f\u2028é"');
    expect(h.roundTrip('"\\ud83d\\ude00"')).toBe('"😀"');
  });

  it('lets the last duplicate key win, at the first key’s position', () => {
    expect(host().roundTrip('{"a":1,"b":2,"a":3}')).toBe('{"a":3,"b":2}');
  });

  it('tolerates leading whitespace, trailing whitespace and NULs; trailing text and empty text are errors', () => {
    const h = host();
    expect(h.roundTrip('  true  garbage')).toBeUndefined(); // never decide on part of the text
    expect(h.roundTrip('  true \0\0')).toBe('true'); // a terminating NUL, as Rust hosts send
    expect(h.roundTrip('{"a":1}\0')).toBe('{"a":1}');
    expect(h.roundTrip('01')).toBeUndefined(); // a leading zero is not JSON
    for (const bad of ['', '   ', '\0']) expect(h.parse(bad)).toBe(0);
  });

  it('rejects syntax errors, set literals and non-string keys', () => {
    const h = host();
    const bad = ['{1,2}', 'set()', '{1:2}', '[1,]', '[1 2]', '{"a"}', '{"a":}', '{"a":1,}', '"abc', '"\\x41"',
      '"\\a"', '"\\u12"', '-', '1.', '.5', '+1', '1e', 'tru',
      'nul', '"\u0001"', '[', '{', '{"a":1', '[[[]]', '\u00a0true'];
    for (const t of bad) expect(h.parse(t), t).toBe(0);
  });

  it('rejects invalid UTF-8 (documented: OPA aborts, we return 0)', () => {
    const h = host();
    const q = (...b: number[]): Uint8Array => Uint8Array.from([0x22, ...b, 0x22]);
    for (const b of [[0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3], [0xf8, 0x80, 0x80, 0x80, 0x80]]) {
      expect(h.parse(q(...b)), b.join(',')).toBe(0);
    }
    expect(h.roundTrip(q(0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80))).toBe('"é😀"');
  });

  it('never aliases the input buffer', () => {
    const h = host();
    const text = new TextEncoder().encode('{"key":"value","n":1.25,"a":["x"]}');
    const addr = h.write(text);
    const v = h.call('opa_json_parse', addr, text.length);
    h.bytes.fill(0x20, addr, addr + text.length);
    expect(h.dump(v)).toBe('{"key":"value","n":1.25,"a":["x"]}');
  });

  it('never traps on arbitrary bytes: 0 or a value', () => {
    const h = host();
    const base = h.call('opa_heap_ptr_get');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (b, rego) => {
        h.call('opa_heap_ptr_set', base);
        const v = h.parse(b, rego);
        if (v !== 0) expect(typeof h.dump(v, rego)).toBe('string');
      }),
      { numRuns: 3000 },
    );
    // Structured noise: fragments of JSON glued at random.
    const frag = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'u', 'd8', '00', '1', '-', 'e', '.', 'true', 'set()', ' ', '\u00e9');
    fc.assert(
      fc.property(fc.array(frag, { maxLength: 40 }), fc.boolean(), (parts, rego) => {
        h.call('opa_heap_ptr_set', base);
        const v = h.parse(parts.join(''), rego);
        if (v !== 0) expect(() => parseRegoOrJson(h.dump(v, rego), rego)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it(`accepts nesting up to ${MAX_DEPTH} and rejects deeper text`, () => {
    const h = host();
    const nest = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(h.roundTrip(nest(1000))).toBe(nest(1000));
    expect(h.roundTrip(nest(MAX_DEPTH))).toBe(nest(MAX_DEPTH));
    expect(h.parse(nest(MAX_DEPTH + 1))).toBe(0);
    expect(h.parse('['.repeat(100_000))).toBe(0);
    const obj = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(h.roundTrip(obj(1000))).toBe(obj(1000));
  });

  it('parses and dumps 1 MB texts', () => {
    const h = host();
    const doc = { rows: Array.from({ length: 20000 }, (_, i) => ({ i, s: `row ${i} é`, f: [i * 0.5, -i, true] })) };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(h.roundTrip(text)).toBe(text);
    const strs = JSON.stringify('x'.repeat(1_200_000));
    expect(h.roundTrip(strs)).toBe(strs);
  });
});

describe('opa_value_parse / opa_value_dump (Rego syntax)', () => {
  it('reads sets, the empty set and non-string keys', () => {
    const h = host();
    expect(h.roundTrip('{1, "a", [2], {3}}', true)).toBe('{1,"a",[2],{3}}');
    expect(h.roundTrip('set()', true)).toBe('set()');
    expect(h.roundTrip('{}', true)).toBe('{}');
    expect(h.roundTrip('{1, 1, 1.0}', true)).toBe('{1}');
    expect(h.roundTrip('{1: 2, [1]: "x", {"k"}: null, "s": set()}', true)).toBe('{1:2,[1]:"x",{"k"}:null,"s":set()}');
    expect(h.roundTrip('{{"result": {1, 2}}}', true)).toBe('{{"result":{1,2}}}');
  });

  it('dumps sets as arrays and non-string keys as their JSON text in JSON', () => {
    const h = host();
    const v = h.parse('{1: {2, 3}, [1, "a"]: set(), "s": "t", null: 0}', true);
    expect(h.dump(v)).toBe('{"1":[2,3],"[1,\\"a\\"]":[],"s":"t","null":0}');
  });

  it('reads Go’s strconv.Quote escapes', () => {
    const h = host();
    expect(h.roundTrip('"\\x01\\a\\v\\U0001F600\\u00e9\\x7f"', true)).toBe('"\\u0001\\u0007\\u000b😀é\u007f"');
    for (const bad of ['"\\x80"', '"\\U00110000"', '"\\U0000D800"', '"\\x4"', '"\\U0001F60"']) expect(h.parse(bad, true), bad).toBe(0);
  });

  it('reads Go’s ast.Value.String() layout', () => {
    const h = host();
    expect(h.roundTrip('{"a": [1, 2], "b": {"c": {true, false}}}', true)).toBe('{"a":[1,2],"b":{"c":{true,false}}}');
  });
});

describe('opa_eval', () => {
  const evalText = (h: RawHost, input: string | undefined, ep: number, format: number, data = 0): string => {
    const base = h.call('opa_heap_ptr_get');
    let addr = 0;
    let len = 0;
    if (input !== undefined) {
      const b = new TextEncoder().encode(input);
      h.bytes.set(b, base);
      addr = base;
      len = b.length;
    }
    return h.cstr(h.call('opa_eval', 0, ep, data, addr, len, base + len, format));
  };

  it('writes the result set as JSON (format 0) or Rego (format 1)', () => {
    const h = host();
    expect(evalText(h, '{"x":1.50}', 0, 0)).toBe('[{"result":{"x":1.50}}]');
    expect(evalText(h, '{"x":{1,2}}', 0, 0)).toBe('[{"result":{"x":[1,2]}}]');
    expect(evalText(h, '{"x":{1,2}}', 0, 1)).toBe('{{"result":{"x":{1,2}}}}');
    expect(evalText(h, undefined, 0, 0)).toBe('[]');
    expect(evalText(h, undefined, 0, 1)).toBe('set()');
    expect(evalText(h, '{"a": \\x}', 0, 0)).toBe('[]'); // unparsable input is undefined
  });

  it('aborts on a reserved argument or an unknown entrypoint', () => {
    const h = host();
    expect(() => h.call('opa_eval', 1, 0, 0, 0, 0, h.call('opa_heap_ptr_get'), 0)).toThrow(new AbortError('invalid reserved argument'));
    expect(() => h.call('opa_eval', 0, 2, 0, 0, 0, h.call('opa_heap_ptr_get'), 0)).toThrow(new AbortError('internal: illegal entrypoint id'));
  });

  it('takes an unaligned heap pointer and never writes below it', () => {
    const h = host();
    const base = h.call('opa_heap_ptr_get');
    for (const input of ['1', '{"a":[1,2,3]}', '"odd"']) {
      const b = new TextEncoder().encode(input);
      h.bytes.set(b, base);
      const snapshot = h.bytes.slice(0, base + b.length);
      const out = h.call('opa_eval', 0, 0, 0, base, b.length, base + b.length, 0);
      expect(out).toBeGreaterThanOrEqual(base + b.length);
      expect(out % 8).toBe(0);
      expect(h.bytes.slice(0, base + b.length)).toEqual(snapshot);
      expect(h.cstr(out)).toBe(`[{"result":${input}}]`);
    }
  });

  it('returns fresh builtins and entrypoints objects', () => {
    const h = host();
    expect(h.dump(h.call('builtins'))).toBe('{}');
    const a = h.call('entrypoints');
    const b = h.call('entrypoints');
    expect(a).not.toBe(b);
    expect(h.dump(a)).toBe('{"echo":0,"data":1}');
  });
});

describe('allocator', () => {
  it('aligns, never returns 0, and grows memory itself', () => {
    const h = host();
    h.call('opa_heap_ptr_set', h.call('opa_heap_ptr_get') + 3);
    const a = h.call('opa_malloc', 0);
    expect(a % 8).toBe(0);
    expect(a).toBeGreaterThan(0);
    const big = h.call('opa_malloc', 10 * 65536);
    expect(h.memory.buffer.byteLength).toBeGreaterThanOrEqual(big + 10 * 65536);
    h.bytes[big + 10 * 65536 - 1] = 1; // in bounds
  });

  it('aborts with "opa_malloc: failed" when memory cannot grow', () => {
    const h = new RawHost(bytes, { initial: 2, maximum: 3 });
    expect(() => h.call('opa_malloc', 4 * 65536)).toThrow(new AbortError('opa_malloc: failed'));
    expect(() => h.call('opa_malloc', -1)).toThrow(new AbortError('opa_malloc: failed'));
  });

  it('opa_free, opa_value_free and the stash family are harmless no-ops', () => {
    const h = host();
    const v = h.parse('{"a":[1]}');
    const before = h.call('opa_heap_ptr_get');
    for (const arg of [0, v, 12345, -1]) {
      h.call('opa_free', arg);
      h.call('opa_value_free', arg);
    }
    h.call('opa_heap_blocks_stash');
    h.call('opa_heap_blocks_restore');
    h.call('opa_heap_stash_clear');
    expect(h.call('opa_heap_ptr_get')).toBe(before);
    expect(h.dump(v)).toBe('{"a":[1]}');
  });
});

function parseRegoOrJson(text: string, rego: boolean): void {
  if (!rego) JSON.parse(text);
}

describe('lone surrogates (JSON allows them; JavaScript strings hold them)', () => {
  it('keeps an unpaired surrogate escape as itself and dumps it as an escape', () => {
    const host = new RawHost(echoModule());
    for (const text of ['"\\ud800"', '"\\udc00\\ud800"', '"\\ud800\\u0041"', '"a\\udbffz"', '["\\ud83d","\\ude00"]']) {
      const v = host.parse(text);
      expect(v, text).not.toBe(0);
      expect(JSON.parse(host.dump(v)), text).toEqual(JSON.parse(text));
    }
    // A proper pair is one code point, written as raw UTF-8.
    expect(host.dump(host.parse('"\\ud83d\\ude00"'))).toBe('"😀"');
  });
});
