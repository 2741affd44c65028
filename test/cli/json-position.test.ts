/**
 * `pactc eval` and `pactc replay` point at the first character that makes an input or data file
 * not JSON (`FILE:LINE:COL`), whatever `JSON.parse`'s message says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/cli/json-position.js';
import { runPactc } from '../cli-run.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('the first offending character of text that is not JSON', () => {
  it.each([
    ['not json', 0],
    ['{"a":', 5],
    ['{"a":1,}', 7],
    ['[1,2', 4],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['{a:1}', 1],
    ['"tab\there"', 4],
    ['"\\q"', 1],
    ['01', 1],
    ['1.', 1],
    ['-', 0],
    ['{"a":[1,{"b":tru}]}', 13],
    ['{} x', 3],
    ['[}', 1],
    ['', 0],
  ])('%j at %i', (text, offset) => {
    expect(parses(text)).toBe(false);
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('finds none exactly when JSON.parse accepts the text', () => {
    const nearJson = fc.oneof(
      fc.json().chain((t) => fc.tuple(fc.nat(t.length), fc.nat(3), fc.constantFrom('', ',', ':', '{', '}', '[', ']', '"', '\\', 'x', '0', '-', ' ', '\n', 'e')).map(([at, cut, s]) => t.slice(0, at) + s + t.slice(at + cut))),
      fc.json(),
      fc.string(),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        expect(jsonErrorOffset(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('survives nesting far deeper than the call stack', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
    expect(jsonErrorOffset(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined();
  });

  it('is where pactc eval points', async () => {
    const r = await runPactc(['eval', 'examples/refunds.pact', '--input', '-'], process.cwd(), '{\n  "action": {\n    "tool": nope\n  }\n}\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pactc: <stdin>:3:13: error\[P5004\]: input is not JSON: unexpected "n"$/m);
    const cut = await runPactc(['eval', 'examples/refunds.pact', '--input', '-'], process.cwd(), '{"action":');
    expect(cut.stderr).toMatch(/^pactc: <stdin>:1:11: error\[P5004\]: input is not JSON: the text ends too early$/m);
  });
});
