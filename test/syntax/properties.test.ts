import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATALOG } from '../../src/diag/index.js';
import { sourceFile } from '../../src/source/index.js';
import { equalModuloSpans, format, parse, stripSpans } from '../../src/syntax/index.js';
import { KEYWORDS, lex, P } from '../../src/syntax/tokens.js';
import * as arb from '../property/arb.js';
import { examplePacts } from './helpers.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);

/** Checks the invariants every parse result keeps, whatever the input. */
function checkResult(text: string): ReturnType<typeof parse> {
  const r = parse(sourceFile('fuzz.pact', text));
  expect(r.module.kind).toBe('Module');
  for (const d of r.diagnostics) {
    expect(d.code in CATALOG).toBe(true);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.message).not.toContain('\n');
    // The last-resort guard in parse.ts turns an exception into this message: a bug if seen.
    expect(d.message).not.toMatch(/^the parser failed/);
  }
  // A best-effort module can always be printed.
  expect(typeof format(r.module)).toBe('string');
  return r;
}

const corpus = examplePacts().map((e) => e.text);

/**
 * Significant-token images from the corpus, every keyword and punctuation token of the language
 * (the examples use no arithmetic, for one), plus a few troublemakers, for mutations.
 */
const POOL = [
  ...new Set([
    ...corpus.flatMap((t) => lex(sourceFile('x', t)).tokens.map((k) => k.image)),
    ...KEYWORDS,
    ...Object.values(P).map((t) => String(t.PATTERN).slice(1, -1).replace(/\\(.)/g, '$1')),
  ]),
  '"', '/*', '*/', '//', '\\', '#', '1.5h', '012', '.5', '5.', '-0', '1e400', '\u00e9', '\n',
];

/** `text` with tokens inserted, deleted or replaced. */
function mutate(text: string, edits: readonly (readonly [string, number, string])[]): string {
  const toks = lex(sourceFile('x', text)).tokens;
  if (toks.length === 0) return text;
  let out = text;
  // Edit from the end so earlier offsets stay valid.
  const sorted = edits.map(([op, i, img]) => ({ op, t: toks[i % toks.length]!, img })).sort((a, b) => b.t.startOffset - a.t.startOffset);
  for (const { op, t, img } of sorted) {
    const s = t.startOffset;
    const e = s + t.image.length;
    if (op === 'insert') out = `${out.slice(0, s)}${img} ${out.slice(s)}`;
    else if (op === 'delete') out = out.slice(0, s) + out.slice(e);
    else out = `${out.slice(0, s)}${img}${out.slice(e)}`;
  }
  return out;
}

const edits = fc.array(fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), fc.constantFrom(...POOL)), { minLength: 1, maxLength: 6 });

/** A valid example pact with tokens inserted, deleted or replaced. */
const mutated: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...corpus), edits).map(([text, e]) => mutate(text, e));

/** A generated pact (every construct, arithmetic and quantifiers included), mutated likewise. */
const mutatedGenerated: fc.Arbitrary<string> = fc.tuple(arb.module, edits).map(([m, e]) => mutate(format(m), e));

describe('parse never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void checkResult(s)), { numRuns: RUNS });
  });

  it('on strings made of pact tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...POOL), { maxLength: 60 }).map((ts) => ts.join(' ')), (s) => void checkResult(s)),
      { numRuns: RUNS },
    );
  });

  it('on valid pacts with tokens inserted, deleted or replaced', () => {
    fc.assert(fc.property(mutated, (s) => void checkResult(s)), { numRuns: RUNS });
  });

  it('on generated pacts with tokens inserted, deleted or replaced', () => {
    fc.assert(fc.property(mutatedGenerated, (s) => void checkResult(s)), { numRuns: RUNS });
  });
});

describe('round trip through the formatter', () => {
  it('parse(format(m)) equals m for generated modules, with no diagnostics', () => {
    fc.assert(
      fc.property(arb.module, (m) => {
        const text = format(m);
        const r = parse(sourceFile('rt.pact', text));
        expect(r.diagnostics).toEqual([]);
        if (!equalModuloSpans(r.module, m)) expect(stripSpans(r.module)).toEqual(stripSpans(m));
      }),
      { numRuns: RUNS },
    );
  });

  it('format is idempotent on generated modules', () => {
    fc.assert(
      fc.property(arb.module, (m) => {
        const once = format(m);
        expect(format(parse(sourceFile('rt.pact', once)).module)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every comment inserted into formatted text, and stays idempotent', () => {
    const withComments = arb.module.chain((m) => arb.withComments(format(m)).map((c) => ({ m, ...c })));
    fc.assert(
      fc.property(withComments, ({ m, text, comments }) => {
        const r = parse(sourceFile('c.pact', text));
        expect(r.diagnostics).toEqual([]);
        expect(equalModuloSpans(r.module, m)).toBe(true);
        const once = format(r.module);
        comments.forEach((_, i) => expect(once.split(` #${i}`).length - 1).toBe(1));
        const again = parse(sourceFile('c2.pact', once));
        expect(again.module.comments.length).toBe(r.module.comments.length);
        expect(format(again.module)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(examplePacts().map((e) => [e.path, e.text]))('round-trips %s', (_, text) => {
    const r = parse(sourceFile('ex.pact', text));
    expect(r.diagnostics).toEqual([]);
    const once = format(r.module);
    const again = parse(sourceFile('ex2.pact', once));
    expect(again.diagnostics).toEqual([]);
    expect(stripSpans(again.module)).toEqual(stripSpans(r.module));
    expect(again.module.comments.map((c) => c.text)).toEqual(r.module.comments.map((c) => c.text));
    expect(format(again.module)).toBe(once);
  });
});
