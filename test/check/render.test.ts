/**
 * Checker diagnostics as users see them: the style guide's layout exactly for one case, and a
 * few diagnostic snapshots (Gleam style: one file per case, `--- SOURCE` then `--- ERROR`)
 * under `test/check/snapshots/`, refreshed with `npx vitest run test/check -u`.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { renderDiagnostic, type SourceLookup } from '../../src/diag/index.js';
import { sourceFile } from '../../src/source/index.js';
import { readFileSync } from 'node:fs';

/** Renders every diagnostic of `text` checked as `path`, reading library files from disk. */
function rendered(path: string, text: string): string {
  const main = sourceFile(path, text);
  const lookup: SourceLookup = (p) => {
    if (p === path) return main;
    try {
      return sourceFile(p, readFileSync(p, 'utf8'));
    } catch {
      return undefined;
    }
  };
  return checkSource(path, text)
    .diagnostics.map((d) => renderDiagnostic(d, lookup))
    .join('\n\n');
}

describe('rendering', () => {
  it('follows the style guide layout, with a did-you-mean help', () => {
    const text = [
      '// refunds.pact',
      'pact refund_agent version "1.0.0"',
      '',
      'input {',
      '  action: { amount: number },',
      '  trust: { score: number },',
      '}',
      '',
      '// A rule whose condition has a typo.',
      '',
      '',
      '',
      'permit small_refund',
      '  when action.amount <= 500 and trust.scor >= 0.8',
      '  because "Small refunds for trusted agents"',
      '',
    ].join('\n');
    expect(rendered('pacts/refunds.pact', text)).toBe(
      [
        'pacts/refunds.pact:14:39: error[P2002]: unknown field `scor` on `trust`',
        '   ┌─ pacts/refunds.pact:14:39',
        '   │',
        '14 │   when action.amount <= 500 and trust.scor >= 0.8',
        '   │                                       ^^^^ `trust` has no field `scor`',
        '   │',
        '   = help: did you mean `score`?',
      ].join('\n'),
    );
  });
});

/** The snapshot cases: a name and a pact with mistakes. */
const CASES: Record<string, string> = {
  'unguarded-optional': `pact refunds version "1.0.0"
input { action: { amount?: number } }
permit small when action.amount <= 500 because "Small refunds"
`,
  'enum-member': `pact refunds version "1.0.0"
enum Category { read, state_mutation, money_movement }
input { action: { category: Category } }
permit pay when action.category == "money_movment" because "Payments"
`,
  'let-cycle': `pact tiers version "1.0.0"
input { trust: { score: number } }
let senior = trust.score > 0.9 and not junior
let junior = not senior
permit p when senior because "Seniors act alone"
`,
  'never-holds': `pact limits version "1.0.0"
input { action: { amount: number } }
forbid odd
  when action.amount > 10000
  when action.amount < 100
  because "Impossible"
`,
  'library-conflict': `pact tools version "1.0.0"
use "./modules/common.pact"
input { action: { tool: int } }
permit p when action.tool == 5 because "Tool five"
`,
  'unknown-test-rule': `pact refunds version "1.0.0"
input { a: int }
permit small_refund when a < 5 because "Small"
test "small refunds pass" {
  input = { a: 1 }
  expect permit by small_refnd
}
`,
};

describe('diagnostic snapshots', () => {
  for (const [name, source] of Object.entries(CASES)) {
    it(name, async () => {
      const out = `--- SOURCE\n${source}--- ERROR\n${rendered(`test/check/${name}.pact`, source)}\n`;
      await expect(out).toMatchFileSnapshot(`snapshots/${name}.txt`);
    });
  }
});
