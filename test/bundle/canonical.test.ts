import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalBytes,
  canonicalJsonText,
  canonicalText,
  compareUtf8,
  decodeUtf8Go,
  digestFile,
  goJsonString,
  isStructuredFile,
  JsonNumber,
  parseJsonLiteral,
} from '../../src/bundle/canonical.js';
import { isBundleError } from '../../src/bundle/index.js';
import { text, utf8 } from './helpers.js';

const canon = (s: string | Uint8Array): string => text(canonicalBytes(typeof s === 'string' ? utf8(s) : s));
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('spec test vectors (opa-wasm-abi.md §12.4)', () => {
  it('hashes an empty object', () => {
    expect(canon('{}')).toBe('{}');
    expect(digestFile('data.json', utf8('{}'))).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
  it('sorts keys, keeps number literals and escapes strings the Go way', () => {
    const src = '{ "b": [1, 2.50, "x\\n\\u0001<"], "a": {"é": null, "z": true} }';
    expect(canon(src)).toBe('{"a":{"z":true,"é":null},"b":[1,2.50,"x\\n\\u0001<"]}');
    expect(digestFile('/data.json', utf8(src))).toBe('e13531d457ca0763af97689a67c1066ac49f3df7e53eb0d6d07c1d126e15d6c3');
  });
  it('hashes the example manifest', () => {
    const src = '{"revision":"","roots":[""],"wasm":[{"entrypoint":"example/hello","module":"/policy.wasm"}],"rego_version":1}\n';
    expect(canon(src)).toBe(
      '{"rego_version":1,"revision":"","roots":[""],"wasm":[{"entrypoint":"example/hello","module":"/policy.wasm"}]}',
    );
    expect(digestFile('.manifest', utf8(src))).toBe('d4524eefacb993624dac4cb6f120d0427192f3c68763efa8e00d3970540182f1');
  });
});

// Each digest below was checked against OPA v1.22.3's own hasher by test/cross/bundle/run.sh.
describe('vectors agreed with OPA v1.22.3', () => {
  const cases: [note: string, name: string, input: Uint8Array, canonical: string, digest: string][] = [
    ['number literals survive', 'data.json', utf8('{"n":[1.50,1e3,1E+2,-0,0.0,-1.25e-7,123456789012345678901234567890]}'),
      '{"n":[1.50,1e3,1E+2,-0,0.0,-1.25e-7,123456789012345678901234567890]}',
      '76e36c42e4ccba7f3ba232e09e6876dfead63bd1899e3764486e0e42b1d4a3b2'],
    ['the last duplicate key wins, whole value', 'data.json', utf8('{"a":1,"a":2,"b":{"c":1},"b":{"d":2}}'),
      '{"a":2,"b":{"d":2}}', 'b89499d698ae41becc873b1ce5da8a30f15759df999f69a5981e09bd1f928217'],
    ['keys sort by UTF-8 bytes, not UTF-16 units', 'data.json', utf8('{"\uffff":1,"😀":2,"\ue000":3,"a":4,"é":5,"":6}'),
      '{"":6,"a":4,"é":5,"\ue000":3,"\uffff":1,"😀":2}', '2a88a0b5370a61f2f92586293a4febae265233cba949a68551a5209789d1687e'],
    ['Go string escaping, HTML off', 'data.json',
      utf8('{"s":"<>&/\\/ \\u007f \\u2028 \\u2029 \\b\\f\\n\\r\\t \\u0000\\u001f \\"\\\\ é 😀"}'),
      '{"s":"<>&// \u007f \\u2028 \\u2029 \\b\\f\\n\\r\\t \\u0000\\u001f \\"\\\\ é 😀"}',
      'fe607a631d43cfb7ee36cd931cdb9b0b721ab3387326811c4f63611b02371db0'],
    ['each invalid UTF-8 byte becomes one raw U+FFFD', 'data.json',
      bytes('{"bad":"', [0xff, 0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80, 0xc0, 0xaf], '"}'),
      '{"bad":"\ufffd\ufffd\ufffdA\ufffd\ufffd\ufffd\ufffd\ufffd"}',
      '382214efcac8a266476d6a318246725b08b9a0f22200ac4248601f7cea8eda3a'],
    ['lone surrogate escapes become U+FFFD, pairs join', 'data.json',
      utf8('{"l":"\\ud800x","r":"\\udc00\\ud800","p":"\\ud83d\\ude00","q":"\\ud800\\ud83d\\ude00"}'),
      '{"l":"\ufffdx","p":"😀","q":"\ufffd😀","r":"\ufffd\ufffd"}',
      '6e726f59c76719146f278b4ccbe3b491494f204122917c2e3e17e06dcd0937b0'],
    ['BOM and whitespace are ignored', 'data.json', bytes([0xef, 0xbb, 0xbf], ' \n\t{ "x" : [ ] , "y" : { } }\r\n'),
      '{"x":[],"y":{}}', 'a2efbbd5077fd5dbf65c620bfac024fc43c1f29e3da4d9d47b83c3b1b94c12f3'],
    ['a data.json that is not JSON is read as YAML', 'data.json', utf8('a: 1\nb: [x, 2.5]\n'),
      '{"a":1,"b":["x",2.5]}', '8028ccff655e59cc43f578ca8b72d7a10a29a1866ce38f88c36f7d5dea6b39c4'],
    ['data.yaml is converted to JSON', 'data.yaml', utf8('a: 1\nb: [x, 2.5, true, null]\nc:\n  d: "<&>"\n  e: 1.50\n'),
      '{"a":1,"b":["x",2.5,true,null],"c":{"d":"<&>","e":1.5}}',
      'ffa37d35816736541534cfbd6b67f5056cfe9d5d21a9b6f63537164039d54bf8'],
    ['data.yml is structured in current OPA', 'data.yml', utf8('z: 1\na: [1, 2]\n'),
      '{"a":[1,2],"z":1}', '603b715b8b879e0d1d6816dea2cde3b2242f214932b5f9fe606c53e3a01d1042'],
  ];
  it.each(cases)('%s', (_note, name, input, canonical, digest) => {
    expect(text(canonicalBytes(input))).toBe(canonical);
    expect(digestFile(name, input)).toBe(digest);
  });
});

describe('structured versus raw files', () => {
  it('classifies by base name', () => {
    for (const p of ['data.json', '/data.json', '/a/b/data.json', 'data.yaml', 'x/data.yml', '.manifest', '/.manifest']) {
      expect(isStructuredFile(p), p).toBe(true);
    }
    for (const p of ['/policy.wasm', '/schema/input.json', 'x.rego', 'mydata.json', '/a.manifest', '/.signatures.json']) {
      expect(isStructuredFile(p), p).toBe(false);
    }
  });
  it('hashes other files as raw bytes, whitespace included', () => {
    const raw = utf8('{ "b": 1, "a": 2 }');
    const sha = createHash('sha256').update(raw).digest('hex');
    expect(digestFile('/schema/input.json', raw)).toBe(sha);
    expect(digestFile('/data.json', raw)).not.toBe(sha);
    expect(digestFile('/data.json', raw)).toBe(digestFile('/data.json', utf8('{"a":2,"b":1}')));
  });
  it('rejects a structured file that is neither JSON nor YAML', () => {
    let caught: unknown;
    try {
      digestFile('data.json', utf8('{"a": [1, 2'));
    } catch (e) {
      caught = e;
    }
    expect(isBundleError(caught, 'invalid-structured-file')).toBe(true);
    expect((caught as Error).message).toMatch(/^data\.json: neither JSON nor YAML/);
  });
});

describe('the literal JSON reader', () => {
  it.each([
    '', ' ', '{', '{"a"}', '{"a":}', '{"a":1,}', '[1,]', '[1 2]', '01', '1.', '.5', '+1', '-', '1e', 'tru', 'nul',
    '"\\x"', '"\\u12"', '"a\nb"', '"\u0001"', "'a'", '{"a":1}x', '{a:1}', 'NaN', 'Infinity',
  ])('rejects %j', (src) => {
    expect(parseJsonLiteral(utf8(src))).toBeUndefined();
  });
  it('keeps numbers as literals and objects as maps', () => {
    const v = parseJsonLiteral(utf8('{"x":[2.50,-0]}')) as ReadonlyMap<string, unknown>;
    const arr = v.get('x') as JsonNumber[];
    expect(arr.map((n) => n.literal)).toEqual(['2.50', '-0']);
  });
  it('refuses nesting deeper than Go does', () => {
    expect(parseJsonLiteral(utf8('['.repeat(9_000) + ']'.repeat(9_000)))).toBeDefined();
    expect(parseJsonLiteral(utf8('['.repeat(10_001) + ']'.repeat(10_001)))).toBeUndefined();
  });
  it('decodes UTF-8 one bad byte at a time, unlike TextDecoder', () => {
    const truncated = new Uint8Array([0xe2, 0x82, 0x41]);
    expect(decodeUtf8Go(truncated)).toBe('\ufffd\ufffdA');
    expect(new TextDecoder().decode(truncated)).toBe('\ufffdA');
    expect(decodeUtf8Go(new Uint8Array([0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x90, 0x80, 0x80]))).toBe('😀\ufffd\ufffd\ufffd\ufffd');
  });
});

describe('the canonical encoder', () => {
  it('escapes like Go with HTML escaping off', () => {
    expect(goJsonString('<a href="x">&\u2028\u007f\u0000\u001b')).toBe('"<a href=\\"x\\">&\\u2028\u007f\\u0000\\u001b"');
    expect(goJsonString('\ud800')).toBe('"\ufffd"');
  });
  it('orders by code point, where the default sort does not', () => {
    const keys = ['\uffff', '😀', '\ue000'];
    expect([...keys].sort()).toEqual(['😀', '\ue000', '\uffff']);
    expect([...keys].sort(compareUtf8)).toEqual(['\ue000', '\uffff', '😀']);
    expect([...keys].sort(compareUtf8).map((k) => Buffer.from(k))).toEqual(
      keys.map((k) => Buffer.from(k)).sort(Buffer.compare),
    );
  });
  it('serialises plain JavaScript values canonically', () => {
    expect(canonicalJsonText({ z: [1, 0.5, -0, 10n ** 20n], a: { c: null, b: 'é<' } })).toBe(
      '{"a":{"b":"é<","c":null},"z":[1,0.5,0,100000000000000000000]}',
    );
  });
  it.each([
    ['NaN', { x: Number.NaN }, /\$\.x: NaN is not a JSON number/],
    ['undefined', { x: undefined }, /\$\.x: a undefined is not JSON data/],
    ['a function', { f: () => 1 }, /\$\.f: a function is not JSON data/],
    ['a Date', { d: new Date(0) }, /\$\.d: a Date instance is not plain JSON data/],
    ['a Map', [new Map()], /\$\[0\]: a Map instance/],
  ])('rejects %s', (_what, value, message) => {
    expect(() => canonicalJsonText(value)).toThrow(message);
  });
  it('rejects cycles', () => {
    const a: Record<string, unknown> = {};
    a['self'] = a;
    expect(() => canonicalJsonText(a)).toThrow(/cyclic/);
  });
});

describe('properties', () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  it('canonical form is independent of whitespace and key order', () => {
    fc.assert(
      fc.property(json, (v) => {
        const compact = canon(JSON.stringify(v));
        const pretty = canon(JSON.stringify(v, null, 3));
        const reordered = canon(JSON.stringify(v, (_k, x: unknown) =>
          x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x));
        return compact === pretty && compact === reordered;
      }),
    );
  });
  it('is idempotent and preserves the value', () => {
    fc.assert(
      fc.property(json, (v) => {
        const once = canon(JSON.stringify(v));
        expect(canon(once)).toBe(once);
        expect(JSON.parse(once)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
  it('agrees with the JS-value encoder on JSON.parse-able text', () => {
    fc.assert(
      fc.property(json, (v) => {
        const src = JSON.stringify(v);
        return canonicalText(parseJsonLiteral(utf8(src))!) === canonicalJsonText(JSON.parse(src));
      }),
    );
  });
});
