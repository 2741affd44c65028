import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPactc } from '../cli-run.js';
import { verifyLog } from '../../src/host/log/index.js';

describe('npm start (pactc demo)', () => {
  it('plays the scripted day with the effects in the expected order and a verified log', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pactc-demo-test-')), 'decisions.jsonl');
    const c = await runPactc(['demo', '--log', log]);
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    const effects = c.stdout
      .split('\n')
      .map((l) => /^\d\d:\d\d (.{34})(permit|escalate|forbid)\b/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]?.trim()}: ${m[2]}`);
    expect(effects).toEqual([
      'read the assigned ticket: permit',
      'search the knowledge base: permit',
      'set the ticket to pending: permit',
      'update someone else’s ticket: forbid',
      'fetch billing context: permit',
      'refund 30: permit',
      'refund 300: escalate',
      'refund 300, approved by finance: permit',
      'refund 30: forbid',
      'read the assigned ticket: permit',
      'refund 30: forbid',
      'read the assigned ticket: forbid',
      'read the assigned ticket: permit',
    ]);
    expect(c.stdout).toContain('approvers: finance-lead');
    expect(c.stdout).toContain('grant stripe refunds:write 300s');
    expect(c.stdout).toContain('kill_switch');
    expect(c.stdout).toMatch(/decision log: 14 records, hash chain verified/);
    const verified = verifyLog(readFileSync(log));
    expect(verified.ok).toBe(true);
    expect(verified.records).toHaveLength(14); // 13 decisions and the explanation of the revoked refund
  });
});
