import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { generatedFiles } from '../../grammar/generate.js';
import { parseText, ROOT } from './helpers.js';

describe('generated grammar files stay fresh', () => {
  // Regenerate with `npx tsx grammar/generate.ts` (or `npx vitest run test/syntax -u`).
  it.each(generatedFiles().map((f) => [f.path, f.content]))('%s matches the parser', async (path, content) => {
    await expect(content).toMatchFileSnapshot(join(ROOT, path));
  });

  it('the EBNF names every parser rule', () => {
    const ebnf = generatedFiles().find((f) => f.path.endsWith('.ebnf'))!.content;
    for (const rule of ['pactFile', 'ruleDecl', 'expression', 'quantifier', 'literal', 'junk']) {
      expect(ebnf).toMatch(new RegExp(`^${rule}\\s+=`, 'm'));
    }
  });
});

describe('performance sanity', () => {
  it('parses and formats a generated 1,000-rule pact', () => {
    const rules = Array.from(
      { length: 1000 },
      (_, i) => `${['permit', 'forbid', 'escalate'][i % 3]} rule_${i}${i % 3 === 2 ? ' to "lead"' : ''}
  when action.category == "money_movement" and has action.amount and action.amount <= ${i * 10}
  unless trust.score < 0.${i % 10} or any t in action.tags: t matches "x*"
  because "reason ${i}"`,
    );
    const text = `pact big version "1.0.0"\n\n${rules.join('\n\n')}\n`;
    const t0 = performance.now();
    const r = parseText(text);
    const t1 = performance.now();
    const again = parseText(text);
    const t2 = performance.now();
    expect(r.diagnostics).toEqual([]);
    expect(again.module.decls).toHaveLength(1000);
    console.log(`1,000-rule pact (${text.length} chars): first parse ${(t1 - t0).toFixed(0)} ms, second ${(t2 - t1).toFixed(0)} ms`);
  });
});
