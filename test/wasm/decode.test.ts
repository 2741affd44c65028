/**
 * The schema-guided input decoder (`codegen/slots.ts`, `runtime/decode.ts`).
 *
 * `opa_eval` offers the input text to the pact's decoder first and parses it generically only
 * when the decoder declines. The decoder must never change an answer, so every test here runs
 * the same text through the module as shipped and through the same pact compiled without the
 * decoder, and requires byte-identical output — for both entrypoints, in JSON and in Rego format —
 * and, where the text is JSON, the reference evaluator's decision. The texts are spelled to reach
 * every corner of the decoder: whitespace everywhere, escapes in keys and strings, numbers as
 * `1.0`/`1e0`/`10e-1`, repeated keys, undeclared fields holding any JSON, broken bytes.
 *
 * It must also be what it claims to be: conforming input is decoded without building a value tree
 * (measured as heap use, which undeclared fields do not increase), and explain still reports
 * the values as sent (number literals verbatim).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWasm, frontEnd } from '../../src/compile.js';
import type { CheckedPact } from '../../src/check/types.js';
import { decide, mergeData } from '../../src/eval/index.js';
import { MAX_NESTING } from '../../src/decision/index.js';
import { inputArbitrary, malformedInputArbitrary } from '../../src/testing/arbitraries.js';
import { generatePact, printPact, seededRng, type Rng } from '../differential/pact-gen.js';
import { parseOrAbsent } from '../differential/input-gen.js';
import { RawHost } from './host.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = ['refunds', 'mcp-gateway', 'deploy-agent', 'outbound-comms', 'support-agent/v1', 'support-agent/v4'];

/** A module instance that evaluates input text with `opa_eval`, reusing one heap region. */
class Evaluator {
  private readonly host: RawHost;
  private readonly data: number;
  private readonly base: number;

  constructor(wasm: Uint8Array, pact: CheckedPact, data: unknown = { pact: { [pact.name]: pact.dataDefaults } }) {
    this.host = new RawHost(wasm);
    this.data = this.host.parse(JSON.stringify(data));
    this.base = this.host.call('opa_heap_ptr_get');
  }

  /** The result text of entrypoint `ep` (0 decision, 1 explain) and the heap it used. */
  eval(input: Uint8Array, ep: number, format: number): { text: string; heap: number } {
    const need = this.base + input.length + (1 << 20);
    const mem = this.host.memory;
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    this.host.bytes.set(input, this.base);
    const heap = this.base + input.length;
    const out = this.host.call('opa_eval', 0, ep, this.data, this.base, input.length, heap, format);
    const used = this.host.call('opa_heap_ptr_get') - heap;
    return { text: this.host.cstr(out), heap: used };
  }

  /**
   * The same through the context ABI (`opa_value_parse`, `eval`, the result set dumped), which
   * builds the document as a value; undefined when `opa_value_parse` rejects the text.
   */
  evalCtx(input: Uint8Array, ep: number, rego = false): string | undefined {
    const h = this.host;
    const v = h.parse(input, true); // value syntax, as opa_eval reads input
    if (v === 0) return undefined;
    const ctx = h.call('opa_eval_ctx_new');
    h.call('opa_eval_ctx_set_input', ctx, v);
    h.call('opa_eval_ctx_set_data', ctx, this.data);
    h.call('opa_eval_ctx_set_entrypoint', ctx, ep);
    h.call('eval', ctx);
    const out = h.dump(h.call('opa_eval_ctx_get_result', ctx), rego);
    h.call('opa_heap_ptr_set', this.base);
    return out;
  }
}

/** A pact compiled with and without the decoder. */
interface Subject {
  readonly name: string;
  readonly pact: CheckedPact;
  readonly decoding: Evaluator;
  readonly plain: Evaluator;
}

function subject(name: string, path: string, src: string): Subject | undefined {
  const fe = frontEnd(path, src);
  if (!fe.ok || !fe.pact) return undefined;
  const pact = fe.pact;
  return { name, pact, decoding: new Evaluator(compileWasm(pact), pact), plain: new Evaluator(compileWasm(pact, { decodeInput: false }), pact) };
}

const examples: Subject[] = EXAMPLES.map((e) => {
  const path = join(ROOT, 'examples', `${e}.pact`);
  const s = subject(e, path, readFileSync(path, 'utf8'));
  if (!s) throw new Error(`${e} does not check`);
  return s;
});

const generated: Subject[] = [];
for (let seed = 1; generated.length < 12 && seed < 200; seed++) {
  const s = subject(`generated #${seed}`, 'gen.pact', printPact(generatePact(seededRng(seed))));
  if (s) generated.push(s);
}

// ---------------------------------------------------------------------------------------------
// Spelling JSON text

const WS = ['', '', '', ' ', '\n', '\t', ' \r\n  '];
const pick = <T,>(r: Rng, xs: readonly T[]): T => xs[r.int(0, xs.length - 1)] as T;
const chance = (r: Rng, p: number): boolean => r.int(0, 999) < p * 1000;

/** A string literal with some characters escaped (`\uXXXX`, `\/`, the short escapes). */
function spellString(s: string, r: Rng, escapeRate: number): string {
  let out = '"';
  for (const unit of s.split('')) {
    const code = unit.charCodeAt(0);
    if (chance(r, escapeRate)) {
      const hex = code.toString(16).padStart(4, '0');
      out += `\\u${chance(r, 0.5) ? hex.toUpperCase() : hex}`;
    } else if (unit === '/' && chance(r, 0.5)) out += '\\/';
    else out += JSON.stringify(unit).slice(1, -1);
  }
  return `${out}"`;
}

/** A number literal with the same value, spelled one of several ways. */
function spellNumber(n: number, r: Rng): string {
  const plain = JSON.stringify(n);
  if (!Number.isInteger(n) || Math.abs(n) >= 1e15) return plain;
  // (`00e-1` would not be JSON: zero has no tenfold spelling.)
  return pick(r, [plain, plain, `${plain}.0`, `${plain}e0`, n === 0 ? plain : `${plain}0e-1`, `${plain}.000E+0`]);
}

/** Any JSON value (for undeclared fields), nested up to `depth`. */
function anyJson(r: Rng, depth: number): unknown {
  switch (r.int(0, depth > 0 ? 7 : 4)) {
    case 0:
      return null;
    case 1:
      return chance(r, 0.5);
    case 2:
      return r.int(-1000, 1000) / pick(r, [1, 10, 1000]);
    case 3:
      return pick(r, ['', 'x', 'amount', 'é', '\u{1F600}', 'a"b\\c', 'tab\there', '/path/']);
    case 4:
      return pick(r, ['read', 'money_movement', 'true', '0']);
    case 5:
    case 6:
      return Array.from({ length: r.int(0, 3) }, () => anyJson(r, depth - 1));
    default:
      return Object.fromEntries(Array.from({ length: r.int(0, 3) }, (_, i) => [pick(r, ['k', 'amount', 'tool', `f${i}`]), anyJson(r, depth - 1)]));
  }
}

/** `v` as JSON text with random spacing, escapes, number spellings, extra and repeated keys. */
function spell(v: unknown, r: Rng): string {
  const ws = (): string => pick(r, WS);
  const go = (x: unknown): string => {
    if (x === null || typeof x === 'boolean') return String(x);
    if (typeof x === 'number') return spellNumber(x, r);
    if (typeof x === 'string') return spellString(x, r, 0.05);
    if (Array.isArray(x)) return `[${ws()}${x.map((e) => go(e)).join(`${ws()},${ws()}`)}${ws()}]`;
    const members: string[] = [];
    for (const [k, value] of Object.entries(x as Record<string, unknown>)) {
      // An undeclared field (no generated pact declares these names; repeated keys come next).
      if (chance(r, 0.15)) members.push(`${spellString(pick(r, ['zz', 'x-note', 'extra_payload']), r, 0)}${ws()}:${ws()}${go(anyJson(r, 3))}`);
      // A repeated key: JSON.parse (and pactc) keep the last value.
      if (chance(r, 0.01)) members.push(`${spellString(k, r, 0)}:${go(anyJson(r, 1))}`);
      // Now and then a key with escapes (serialisers do not escape ASCII keys; the decoder declines them).
      members.push(`${spellString(k, r, chance(r, 0.01) ? 0.3 : 0)}${ws()}:${ws()}${go(value)}`);
    }
    return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
  };
  let text = `${ws()}${go(v)}${ws()}`;
  if (chance(r, 0.04)) {
    // A broken byte somewhere.
    const at = r.int(0, text.length);
    const what = pick(r, ['', '{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', 'e', '.', 'x', '\u0001']);
    text = text.slice(0, at) + what + text.slice(at + (chance(r, 0.5) ? 1 : 0));
  }
  return text;
}

// ---------------------------------------------------------------------------------------------

interface Outcome {
  readonly decoded: boolean;
}

/** Runs `text` through both modules (both entrypoints, both formats) and the reference. */
function check(s: Subject, text: string | Uint8Array): Outcome {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let decoded = false;
  for (const ep of [0, 1]) {
    for (const format of [0, 1]) {
      const a = s.decoding.eval(bytes, ep, format);
      const b = s.plain.eval(bytes, ep, format);
      expect(a.text, `${s.name}, entrypoint ${ep}, format ${format}, input ${JSON.stringify(typeof text === 'string' ? text : [...text])}`).toBe(b.text);
      if (ep === 0 && format === 0) decoded = a.heap < b.heap;
    }
    // The decision written as text from fragments is the document the value path builds, as
    // JSON and as Rego text.
    for (const rego of [false, true]) {
      const viaValue = s.decoding.evalCtx(bytes, ep, rego);
      if (viaValue !== undefined) expect(s.decoding.eval(bytes, ep, rego ? 1 : 0).text, `${s.name}, entrypoint ${ep}, rego ${rego}: text vs value`).toBe(viaValue);
    }
  }
  // Where the text is JSON, the reference decides too. (opa_eval also takes Rego value syntax —
  // sets, non-string keys, Go escapes — which JSON.parse rejects; both modules agree on it above.)
  const input = typeof text === 'string' ? parseOrAbsent(text) : undefined;
  if (input !== undefined) {
    const got = JSON.parse(s.decoding.eval(bytes, 0, 0).text) as [{ result: unknown }];
    expect(JSON.stringify(got[0].result), `${s.name}: reference on ${text}`).toBe(JSON.stringify(decide(s.pact, input, mergeData(s.pact.dataDefaults, undefined))));
  }
  return { decoded };
}

describe('schema-guided input decoding', () => {
  it.each([...examples, ...generated].map((s) => [s.name, s] as const))('%s: decodes exactly as the generic parser decides, for any spelling', (_, s) => {
    let decoded = 0;
    let conforming = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: inputArbitrary(s.pact) }, { weight: 1, arbitrary: malformedInputArbitrary(s.pact) }), fc.integer(), (input, seed) => {
        if (input === undefined) return;
        const text = spell(input, seededRng(seed));
        const out = check(s, text);
        if (s.pact && JSON.stringify(decide(s.pact, input, s.pact.dataDefaults).rules).includes('invalid_input')) return;
        conforming++;
        if (out.decoded) decoded++;
      }),
      { numRuns: 120, seed: 20261126 },
    );
    // The decoder really runs: most conforming texts (those without escaped keys, repeated keys
    // or broken bytes) take it.
    expect(decoded, `${decoded} of ${conforming} conforming texts decoded`).toBeGreaterThan(conforming * 0.6);
  });

  const refunds = examples[0] as Subject;
  const action = '"action":{"tool":"stripe.refund","category":"money_movement","amount":200,"target":"cus_1"}';
  const trust = '"trust":{"score":0.9,"eval_age":86400,"open_disputes":0}';

  it.each([
    ['plain', `{${action},${trust}}`],
    ['fields in another order', `{${trust},${action}}`],
    ['an escaped key equal to a declared one', `{"\\u0061ction":{"tool":"stripe.refund","category":"money_movement","amount":200,"target":"cus_1"},${trust}}`],
    ['a declared key twice, the first value invalid', `{"action":5,${action},${trust}}`],
    ['a declared key twice, the second value invalid', `{${action},"action":5,${trust}}`],
    ['a nested declared key twice', `{"action":{"tool":"a","tool":"stripe.refund","category":"money_movement","amount":200,"target":"cus_1"},${trust}}`],
    ['an enum member spelled with an escape', `{"action":{"tool":"stripe.refund","category":"money\\u005fmovement","amount":200,"target":"cus_1"},${trust}}`],
    ['a string with every escape', `{"action":{"tool":"s\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00","category":"read","target":"c"},${trust}}`],
    ['a lone surrogate in a declared string', `{"action":{"tool":"\\ud800","category":"read","target":"c"},${trust}}`],
    ['an int written 0.0e5', `{${action},"trust":{"score":0.9,"eval_age":86400,"open_disputes":0.0e5}}`],
    ['an int written 1.5', `{${action},"trust":{"score":0.9,"eval_age":86400,"open_disputes":1.5}}`],
    ['a number at its range bound', `{${action},"trust":{"score":1,"eval_age":86400,"open_disputes":0}}`],
    ['a number just outside its range', `{${action},"trust":{"score":1.0000000000000002,"eval_age":86400,"open_disputes":0}}`],
    ['a number far outside its range', `{${action},"trust":{"score":1e400,"eval_age":86400,"open_disputes":0}}`],
    ['a number beyond f64 where any number goes', `{"action":{"tool":"t","category":"read","amount":1e400,"target":"c"},${trust}}`],
    ['a negative number beyond f64', `{"action":{"tool":"t","category":"read","amount":-1E+309,"target":"c"},${trust}}`],
    ['null on an optional field', `{"action":{"tool":"t","category":"read","amount":null,"target":"c"},${trust}}`],
    ['null on a required field', `{"action":{"tool":null,"category":"read","target":"c"},${trust}}`],
    ['a missing required field', `{"action":{"category":"read","target":"c"},${trust}}`],
    ['an approval', `{${action},${trust},"approval":{"by":"ann","role":"finance_lead"}}`],
    ['null approval', `{${action},${trust},"approval":null}`],
    ['a record where a string belongs', `{"action":{"tool":{"a":1},"category":"read","target":"c"},${trust}}`],
    ['an undeclared field with every kind of JSON', `{"x":[1,-2.5e-3,"s",true,false,null,{"a":[{}],"b":{}},[]],${action},${trust}}`],
    ['an undeclared field with broken JSON inside', `{"x":[1,],${action},${trust}}`],
    ['an undeclared field with a bad escape', `{"x":"\\q",${action},${trust}}`],
    ['an undeclared field with a raw control character', `{"x":"a\u0001b",${action},${trust}}`],
    ['an undeclared object with a number key', `{"x":{1:2},${action},${trust}}`],
    ['mismatched brackets in an undeclared field', `{"x":[1},${action},${trust}}`],
    ['Rego set syntax in an undeclared field', `{"x":{1,2},${action},${trust}}`],
    ['Rego set() in an undeclared field', `{"x":set(),${action},${trust}}`],
    ['a Go escape in a declared string', `{"action":{"tool":"\\x41","category":"read","target":"c"},${trust}}`],
    ['trailing garbage', `{${action},${trust}} x`],
    ['trailing NUL', `{${action},${trust}}\u0000`],
    ['a trailing comma', `{${action},${trust},}`],
    ['a leading comma', `{,${action},${trust}}`],
    ['nothing after a colon', `{"action":}`],
    ['text cut short', `{${action},${trust}`],
    ['an array', `[${action}]`],
    ['whitespace only', ' \n '],
    ['a number', '42'],
  ])('agrees with the generic parser on %s', (_, text) => {
    check(refunds, text);
  });

  it('writes ids, reasons, roles and grants with every kind of character exactly as the value path dumps them', () => {
    const src = String.raw`pact odd version "1.0.0-beta.1"
input { action: { kind: string } }
permit p_one
  when action.kind == "a"
  grant "s\"1\\" scope "sc\u0001\u0008\u000c\u001f é 😀" ttl 5m
  grant "s2" scope "x" ttl 90s
  because "a \"quoted\" \\ back\tslash\nnew line \u0000 \u007f é 😀 \ud83d\ude00"
permit p_two
  when action.kind == "a" or action.kind == "b"
  grant "s2" scope "x" ttl 90s
  because "second\r"
escalate e_one to "rôle \"1\"", "Admin", "admin"
  when action.kind == "c"
  because "needs\u2028review \ud800 lone"
forbid f_one
  when action.kind == "d"
  because "</script>"
`;
    const s = subject('odd', 'odd.pact', src);
    expect(s, 'the pact checks').toBeDefined();
    for (const kind of ['a', 'b', 'c', 'd', 'e']) {
      check(s as Subject, JSON.stringify({ action: { kind } }));
      check(s as Subject, JSON.stringify({ action: { kind }, approval: { by: 'x', role: 'Admin' } }));
    }
  });

  it('agrees on raw bytes that are not UTF-8, inside and outside declared strings', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]]) {
      const b = Uint8Array.from(bad);
      check(refunds, cat(enc(`{"x":"a`), b, enc(`",${action},${trust}}`)));
      check(refunds, cat(enc(`{"action":{"tool":"a`), b, enc(`","category":"read","target":"c"},${trust}}`)));
      check(refunds, cat(enc(`{"`), b, enc(`":1,${action},${trust}}`)));
    }
  });

  it('agrees at the nesting limit, in undeclared fields and in lists', () => {
    // The input object is one level; an undeclared value may add MAX_NESTING - 1 more.
    for (const extra of [MAX_NESTING - 2, MAX_NESTING - 1, MAX_NESTING]) {
      for (const [open, close] of [
        ['[', ']'],
        ['{"k":', '}'],
      ] as const) {
        const deep = `${open.repeat(extra)}1${close.repeat(extra)}`;
        const empty = `${open.repeat(extra - 1)}${open === '[' ? '[]' : '{}'}${close.repeat(extra - 1)}`;
        check(refunds, `{"x":${deep},${action},${trust}}`);
        check(refunds, `{"x":${empty},${action},${trust}}`);
      }
    }
  });

  it('never traps on arbitrary bytes, alone or spliced into a valid input', () => {
    const valid = new TextEncoder().encode(`{${action},${trust}}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.tuple(fc.nat(valid.length), fc.nat(8), fc.uint8Array({ maxLength: 8 })).map(([at, cut, bytes]) =>
            Uint8Array.from([...valid.subarray(0, at), ...bytes, ...valid.subarray(Math.min(valid.length, at + cut))]),
          ),
        ),
        (bytes) => {
          check(refunds, bytes);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });

  it('decodes megabyte inputs: a 1 MB declared string and a 1 MB undeclared payload', () => {
    const long = 'x'.repeat(1 << 20);
    check(refunds, `{"action":{"tool":"${long}","category":"read","target":"c"},${trust}}`);
    const payload = `[${Array.from({ length: 22000 }, (_, i) => `{"i":${i},"s":"${'y'.repeat(32)}"}`).join(',')}]`;
    expect(payload.length).toBeGreaterThan(1 << 20);
    check(refunds, `{"payload":${payload},${action},${trust}}`);
  });

  it('leaves input that a host placed above the heap to the generic parser', () => {
    // Hosts put the input text below the heap (§5.1); decoded values point into it. A host that
    // puts it above instead gets what the generic parser (which copies) gives, at any distance.
    const text = new TextEncoder().encode(`{"action":{"tool":"stripe.refund","category":"money_movement","amount":2.50e2,"target":"cus_1"},${trust}}`);
    const run = (wasm: Uint8Array, gap: number): string => {
      const h = new RawHost(wasm);
      const data = h.parse(JSON.stringify({ pact: { [refunds.pact.name]: refunds.pact.dataDefaults } }));
      const heap = h.call('opa_heap_ptr_get');
      h.bytes.set(text, heap + gap);
      return h.cstr(h.call('opa_eval', 0, 1, data, heap + gap, text.length, heap, 0));
    };
    const decoding = compileWasm(refunds.pact);
    const plain = compileWasm(refunds.pact, { decodeInput: false });
    for (let gap = 256; gap <= 16384; gap += 256) expect(run(decoding, gap), `gap ${gap}`).toBe(run(plain, gap));
  });

  it('builds no value tree for conforming input: undeclared fields cost no heap', () => {
    const base = refunds.decoding.eval(new TextEncoder().encode(`{${action},${trust}}`), 0, 0);
    const big = `{"payload":{"items":[${Array.from({ length: 500 }, (_, i) => `{"id":${i},"note":"${'x'.repeat(40)}"}`).join(',')}]},${action},${trust}}`;
    const withBig = refunds.decoding.eval(new TextEncoder().encode(big), 0, 0);
    expect(withBig.text).toBe(base.text);
    // (The heap starts right after the input text; allocations are 8-aligned from there.)
    expect(withBig.heap).toBeLessThan(base.heap + 8);
    // The generic parser builds the whole tree (hundreds of kilobytes for this input).
    expect(refunds.plain.eval(new TextEncoder().encode(big), 0, 0).heap).toBeGreaterThan(50 * base.heap);
  });

  it('explains with the values as sent: number literals verbatim, escapes decoded', () => {
    const text = `{"action":{"tool":"stripe.\\u0072efund","category":"money_movement","amount":2.50e2,"target":"cus_1"},"trust":{"score":0.90,"eval_age":86400,"open_disputes":0}}`;
    const out = refunds.decoding.eval(new TextEncoder().encode(text), 1, 0);
    expect(out.text).toBe(refunds.plain.eval(new TextEncoder().encode(text), 1, 0).text);
    expect(out.text).toContain('"action.amount":2.50e2');
    expect(out.text).toContain('"trust.score":0.90');
    expect(out.text).not.toContain('\\u0072');
  });
});
