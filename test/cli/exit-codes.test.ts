/**
 * The command line's contract of spec §9: diagnostics as `FILE:LINE:COL: error[CODE]: message`,
 * `--json`, and the exit statuses (0 clean, 1 errors, 2 usage) of check, fmt, build and eval.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPactc } from '../cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pactc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BAD = join(dir, 'bad.pact');
writeFileSync(BAD, 'pact t version "1.0.0"\ninput { trust: { score: number } }\npermit p\n  when trust.scor >= 0.8\n  because "x"\n');
const UGLY = join(dir, 'ugly.pact');
writeFileSync(UGLY, 'pact t version "1.0.0"\ninput { trust: { score: number } }\npermit p when trust.score >= 0.8 because "x"\n');

describe('pactc check', () => {
  it('exits 0 on a clean pact and prints nothing', async () => {
    const r = await runPactc(['check', 'examples/refunds.pact']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  it('exits 1 with FILE:LINE:COL: error[CODE]: message and a did-you-mean', async () => {
    const r = await runPactc(['check', BAD]);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`${BAD}:4:14: error[P2002]: unknown field \`scor\` on \`trust\``);
    expect(r.stderr).toContain('= help: did you mean `score`?');
  });

  it('--json lists the diagnostics with line and column', async () => {
    const r = await runPactc(['check', '--json', BAD]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject([{ code: 'P2002', severity: 'error', file: BAD, line: 4, col: 14, help: 'did you mean `score`?' }]);
  });

  it('reports a file it cannot read, with the reason, in both layouts', async () => {
    const missing = join(dir, 'missing.pact');
    const text = await runPactc(['check', missing, 'examples/refunds.pact']);
    expect(text.status).toBe(1);
    expect(text.stderr.split('\n')[0]).toBe(`${missing}: error[P5001]: cannot read \`${missing}\`: no such file`);
    const json = await runPactc(['check', '--json', missing]);
    expect([json.status, json.stderr]).toEqual([1, '']);
    expect(JSON.parse(json.stdout)).toEqual([
      { code: 'P5001', severity: 'error', message: `cannot read \`${missing}\`: no such file`, file: missing, line: 0, col: 0, endLine: 0, endCol: 0 },
    ]);
  });

  it('exits 2 on a usage error', async () => {
    expect((await runPactc(['check'])).status).toBe(2);
    expect((await runPactc(['frobnicate'])).status).toBe(2);
  });
});

describe('pactc fmt --check', () => {
  it('lists a file not in the canonical layout and exits 1; a formatted file exits 0', async () => {
    const r = await runPactc(['fmt', '--check', UGLY]);
    expect([r.status, r.stdout]).toEqual([1, `${UGLY}\n`]);
    expect((await runPactc(['fmt', '--check', 'examples/mcp-gateway.pact'])).status).toBe(0);
  });
});

describe('pactc build', () => {
  it('exits 1 on a pact with errors and writes no bundle', async () => {
    const out = join(dir, 'bad.tar.gz');
    const r = await runPactc(['build', BAD, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${BAD}:4:14: error[P2002]`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('pactc eval', () => {
  it('exits 0 whatever the effect, and 1 when the input is not JSON', async () => {
    const forbid = await runPactc(['eval', 'examples/refunds.pact', '--input', '-'], process.cwd(), '{}');
    expect(forbid.status).toBe(0);
    expect(JSON.parse(forbid.stdout)).toMatchObject({ effect: 'forbid', rules: ['invalid_input', 'invalid_input'] });
    const broken = await runPactc(['eval', 'examples/refunds.pact', '--input', '-'], process.cwd(), '{"action":');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^pactc: <stdin>:1:\d+: error\[P5004\]: input is not JSON/);
  });
});

describe('the pactc command', () => {
  it('stops quietly when the reader of its output goes away (`pactc fmt big.pact | head`)', async () => {
    // bin/pactc.js runs dist/, which `npm install` builds.
    const big = join(dir, 'big.pact');
    const rules = Array.from({ length: 3000 }, (_, i) => `permit r${i} when trust.score >= 0.${i % 10} because "rule ${i}"`);
    writeFileSync(big, `pact t version "1.0.0"\ninput { trust: { score: number } }\n${rules.join('\n')}\n`);
    const child = spawn(process.execPath, ['bin/pactc.js', 'fmt', big], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('still exits with its own status when the reader goes away (`pactc check bad.pact 2>&1 | head`)', async () => {
    const bad = join(dir, 'many-errors.pact');
    const rules = Array.from({ length: 3000 }, (_, i) => `permit r${i} when trust.scor >= 0.5 because "rule ${i}"`);
    writeFileSync(bad, `pact t version "1.0.0"\ninput { trust: { score: number } }\n${rules.join('\n')}\n`);
    const child = spawn(process.execPath, ['bin/pactc.js', 'check', bad], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
  });
});
