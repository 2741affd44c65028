/**
 * Numbers: the runtime's decimal → f64 conversion must equal JavaScript's `Number(text)` for every
 * JSON number text (correct rounding, including ties, long mantissas and extreme exponents), and
 * numbers made by code must print exactly like `JSON.stringify`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emitWithExports, echoSpec, RawHost } from './host.js';
import type { Instr } from '../../src/backend/wasm/instr.js';

const reformat: Instr[] = [
  { op: 'local.get', local: 'input' },
  { op: 'call', func: 'rt_number_to_f64' },
  { op: 'call', func: 'rt_number_f64' },
];
const bytes = emitWithExports(echoSpec({ entrypoints: [{ name: 'reformat', body: { body: reformat } }] }), [
  'rt_number_to_f64',
  'rt_number_i32',
  'rt_number_f64',
  'rt_number_is_int',
]);
const h = new RawHost(bytes);
const base = h.call('opa_heap_ptr_get');

/** The module's f64 for a number text. */
function toF64(text: string): number {
  h.call('opa_heap_ptr_set', base);
  const v = h.parse(text);
  expect(v, text).not.toBe(0);
  return (h.ex.rt_number_to_f64 as (v: number) => number)(v);
}

/** The module's text for a number made by code from x. */
function format(x: number): string {
  h.call('opa_heap_ptr_set', base);
  return h.dump((h.ex.rt_number_f64 as (x: number) => number)(x));
}

function expectSame(text: string): void {
  const want = Number(text);
  const got = toF64(text);
  expect(Object.is(got, want) || (got === want && want !== 0), `${text}: got ${got}, want ${want}`).toBe(true);
}

/** The exact decimal text of m × 2^e (m, e integers). */
function exactDecimal(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  const digits = (m * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  return `${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`;
}

/** The significand and exponent of a positive finite double. */
function decompose(x: number): { m: bigint; e: number } {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, x);
  const bits = d.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: biased - 1075 };
}

const positiveDouble = fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true });

describe('decimal → f64 is correctly rounded (equals Number(text))', () => {
  it('on fixed hard cases', () => {
    for (const t of [
      '0', '-0', '0.0', '-0e10', '1', '-1', '0.1', '0.3', '1e22', '1e23', '9007199254740993', '9007199254740992.5',
      '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '1e309', '-1e400',
      '2.2250738585072014e-308', '2.2250738585072011e-308', '4.9406564584124654e-324', '5e-324', '3e-324',
      '2.4703282292062327e-324', '2.4703282292062328e-324', '1e-400', '123456789012345678901234567890',
      '0.000000000000000000000000000001', '8.98846567431158e307', '1.00000000000000011102230246251565404236316680908203125',
      '1.00000000000000011102230246251565404236316680908203124', '1.00000000000000011102230246251565404236316680908203126',
      '7.2057594037927933e16', '4.35679719459676e-308', '2.2250738585072012e-308', '1e-7', '123e-20', '1e37', '9e15',
      `0.${'0'.repeat(400)}1e400`, `${'9'.repeat(900)}e-600`, `1${'0'.repeat(1000)}e-1000`,
    ]) {
      expectSame(t);
    }
  });

  it('on the shortest and longer texts of random doubles', () => {
    fc.assert(
      fc.property(positiveDouble, fc.integer({ min: 1, max: 21 }), fc.boolean(), (x, p, neg) => {
        const s = neg ? '-' : '';
        expectSame(s + String(x).replace('+', ''));
        expectSame(s + x.toExponential(p - 1).replace('+', ''));
        expectSame(s + x.toPrecision(p).replace('+', ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('on random digit strings with long mantissas and extreme exponents', () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const text = fc
      .tuple(fc.boolean(), digits(1, 40), fc.option(digits(1, 60)), fc.option(fc.integer({ min: -400, max: 400 })))
      .map(([neg, int, frac, exp]) => {
        const i = int.replace(/^0+(?=\d)/, '');
        return `${neg ? '-' : ''}${i}${frac !== null ? `.${frac}` : ''}${exp !== null ? `e${exp}` : ''}`;
      });
    fc.assert(fc.property(text, expectSame), { numRuns: 5000 });
    const long = fc.tuple(digits(1, 1200), fc.integer({ min: -1500, max: 400 })).map(([d, e]) => `0.${d}e${e}`);
    fc.assert(fc.property(long, expectSame), { numRuns: 500 });
  });

  it('on exact halfway points between neighbouring doubles, and just off them', () => {
    fc.assert(
      fc.property(positiveDouble, (x) => {
        const { m, e } = decompose(x);
        const half = exactDecimal(2n * m + 1n, e - 1);
        expectSame(half);
        const withPoint = half.includes('.') ? half : `${half}.`;
        expectSame(`${withPoint}000000000000000000000000001`.replace(/\.$/, ''));
        // Just below: decrement the last digit when possible.
        const below = half.replace(/([1-9])(0*)$/, (_, d: string, z: string) => `${Number(d) - 1}${'9'.repeat(z.length)}`);
        if (below !== half) expectSame(below);
      }),
      { numRuns: 1500 },
    );
  });

  it('on subnormals and the overflow boundary', () => {
    const sub = fc.integer({ min: 1, max: 2 ** 52 - 1 }).map((k) => k * Number.MIN_VALUE);
    fc.assert(fc.property(sub, (x) => expectSame(String(x))), { numRuns: 500 });
    const { m, e } = decompose(Number.MAX_VALUE);
    const overflowTie = exactDecimal(2n * m + 1n, e - 1);
    expectSame(overflowTie);
    expect(toF64(overflowTie)).toBe(Infinity);
    expectSame(overflowTie.replace(/1$/, '0') + '9');
  });
});

describe('numbers made by code print like JSON.stringify', () => {
  it('on fixed cases', () => {
    for (const x of [0, -0, 1, -1, 0.1, 0.5, 1.5, 100, 1e21, 1e20, 123456789012345680000, 2 ** 53, 2 ** 60, 2 ** 53 + 2,
      1e-7, 1.5e-7, 0.000001, 1e-6, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE * 3, 0.1 + 0.2, 1 / 3, -2 / 3,
      4.35, 1.7976931348623157e308, 9007199254740993, 123e-20, 1e300, 1.25e-300]) {
      expect(format(x), String(x)).toBe(JSON.stringify(x));
    }
    expect(format(NaN)).toBe('null');
    expect(format(Infinity)).toBe('null');
  });

  it('on random doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(format(x)).toBe(JSON.stringify(x));
      }),
      { numRuns: 3000 },
    );
  });

  it('through an entrypoint: parse, compute, print', () => {
    for (const t of ['1.50', '1e2', '12345678901234567890123', '-0.0', '0.1']) {
      const b = new TextEncoder().encode(t);
      h.call('opa_heap_ptr_set', base);
      h.bytes.set(b, base);
      const out = h.cstr(h.call('opa_eval', 0, 2, 0, base, b.length, base + b.length, 0));
      expect(out).toBe(`[{"result":${JSON.stringify(Number(t))}}]`);
    }
  });

  it('from i32, and integer tests', () => {
    const fromI32 = h.ex.rt_number_i32 as (n: number) => number;
    const isInt = h.ex.rt_number_is_int as (v: number) => number;
    for (const n of [0, 1, -1, 2147483647, -2147483648]) expect(h.dump(fromI32(n))).toBe(String(n));
    for (const [t, want] of [['1', 1], ['1.0', 1], ['1e3', 1], ['1.5', 0], ['-0', 1], ['1e400', 0], ['"1"', 0]] as const) {
      expect(isInt(h.parse(t)), t).toBe(want);
    }
  });
});
