/**
 * The host's commands, in-process through `main(argv, io)` with captured output in temp dirs:
 * `pactc build --types`, `pactc eval --log`, `pactc log verify` (edited, deleted and reordered
 * records found, with their lines) and `pactc replay` (clean, other data, masked records).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { canonicalJson, inputTypeScript, readBundle, recordHash, verifyLog } from '../../src/index.js';
import { agentSource, pactc, read, refund, SMALL_REFUND, tempDir } from './host-helpers.js';

const dir = tempDir();
writeFileSync(join(dir, 'agent.pact'), agentSource());
writeFileSync(join(dir, 'agent-v2.pact'), agentSource({ version: '1.3.0', limit: 1000 }));
const inputs: Record<string, unknown> = {
  'small.json': refund(200),
  'large.json': refund(700),
  'read.json': read(),
  'card.json': refund(200, { card: { number: '4242-4242', holder: 'Ann' } }),
  'approved.json': { ...refund(700), approval: { by: 'lou', role: 'finance-lead' } },
  'limit.json': { refund_limit: 1000 },
  'kill.json': { kill_switch: true },
};
for (const [name, value] of Object.entries(inputs)) writeFileSync(join(dir, name), JSON.stringify(value));

const lines = (path: string): string[] => readFileSync(join(dir, path), 'utf8').split('\n').filter((l) => l !== '');
const writeLines = (path: string, ls: readonly string[]): void => writeFileSync(join(dir, path), ls.map((l) => `${l}\n`).join(''));

describe('pactc build', () => {
  it('writes the bundle with its schemas, and the TypeScript types with --types', async () => {
    const r = await pactc(dir, 'build', 'agent.pact', '-o', 'agent.tar.gz', '--types', 'agent.d.ts');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^built agent\.tar\.gz: pact refund_agent 1\.2\.0, .*\nwrote agent\.d\.ts: types Input, Data and Decision of pact refund_agent\n$/);
    const { pact } = checkSource('agent.pact', agentSource());
    expect(readFileSync(join(dir, 'agent.d.ts'), 'utf8')).toBe(inputTypeScript(pact!));
    const files = (await readBundle(readFileSync(join(dir, 'agent.tar.gz')))).files;
    expect([...files.keys()]).toContain('/schema/input.json');
    expect([...files.keys()]).toContain('/schema/data.schema.json');
  });

  it('builds byte-identical bundles twice', async () => {
    expect((await pactc(dir, 'build', 'agent.pact', '-o', 'again.tar.gz')).status).toBe(0);
    expect(readFileSync(join(dir, 'again.tar.gz')).equals(readFileSync(join(dir, 'agent.tar.gz')))).toBe(true);
    expect((await pactc(dir, 'build', 'agent-v2.pact', '-o', 'agent-v2.tar.gz')).status).toBe(0);
  });
});

describe('pactc eval --log', () => {
  it('prints the decision and appends it to the log, continuing the chain across runs', async () => {
    const first = await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'small.json', '--log', 'decisions.jsonl');
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(first.stdout)).toEqual(SMALL_REFUND);
    expect((await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'large.json', '--log', 'decisions.jsonl')).status).toBe(0);
    expect((await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'large.json', '--data', 'limit.json', '--log', 'decisions.jsonl')).status).toBe(0);
    expect((await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'read.json', '--data', 'kill.json', '--log', 'decisions.jsonl')).status).toBe(0);
    const explained = await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'card.json', '--explain', '--log', 'decisions.jsonl');
    expect(JSON.parse(explained.stdout).explanation).toHaveLength(6);
    // A .pact source compiles to the same bytes as the built bundle: same digest in the log.
    expect((await pactc(dir, 'eval', 'agent.pact', '-i', 'approved.json', '--log', 'decisions.jsonl')).status).toBe(0);

    const text = readFileSync(join(dir, 'decisions.jsonl'), 'utf8');
    const v = verifyLog(text);
    expect(v).toMatchObject({ ok: true, problems: [] });
    const records = v.records;
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(records.map((r) => (r.result as { effect: string }).effect)).toEqual(['permit', 'escalate', 'permit', 'forbid', 'permit', 'permit']);
    expect(records[2]!.data?.overrides).toEqual({ refund_limit: 1000 });
    expect(records[3]!.data?.overrides).toEqual({ kill_switch: true });
    expect(records[4]).toMatchObject({ path: 'pact/refund_agent/explain', masked: expect.arrayContaining(['/input/action/card/number']) });
    expect(new Set(records.map((r) => r.bundle_digest)).size).toBe(1);
    expect(text).not.toContain('4242');
  });

  it('reports a log it cannot continue', async () => {
    writeFileSync(join(dir, 'torn.jsonl'), '{"seq":0');
    const r = await pactc(dir, 'eval', 'agent.tar.gz', '-i', 'small.json', '--log', 'torn.jsonl');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pactc: torn\.jsonl: cannot append to the decision log: .*torn/);
  });
});

describe('pactc log verify', () => {
  it('reports `ok: N records, head <hash>` for an intact log', async () => {
    const r = await pactc(dir, 'log', 'verify', 'decisions.jsonl');
    const head = JSON.parse(lines('decisions.jsonl')[5]!) as { hash: string };
    expect(r).toMatchObject({ status: 0, stdout: `ok: 6 records, head ${head.hash} (seq 5)\n`, stderr: '' });
    expect((await pactc(dir, 'log', 'verify', 'decisions.jsonl', '--head', `5:${head.hash}`)).status).toBe(0);
  });

  it('finds an edited record, with its line', async () => {
    const ls = lines('decisions.jsonl');
    ls[2] = ls[2]!.replace('"effect":"permit"', '"effect":"forbid"');
    writeLines('edited.jsonl', ls);
    const r = await pactc(dir, 'log', 'verify', 'edited.jsonl');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('line 3: record seq 2 was edited (hash mismatch)\n');
    expect(r.stderr).toBe('pactc: edited.jsonl: the log does not verify (1 problem)\n');
  });

  it('finds a deleted record', async () => {
    const ls = lines('decisions.jsonl');
    ls.splice(3, 1);
    writeLines('deleted.jsonl', ls);
    const r = await pactc(dir, 'log', 'verify', 'deleted.jsonl');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^line 4: record seq 3 is missing before seq 4: seq 4 follows seq 2, and its prev_hash does not match seq 2's hash \(deleted\)\n$/);
  });

  it('finds reordered records', async () => {
    const ls = lines('decisions.jsonl');
    [ls[1], ls[2]] = [ls[2]!, ls[1]!];
    writeLines('reordered.jsonl', ls);
    const r = await pactc(dir, 'log', 'verify', 'reordered.jsonl');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('line 2: record seq 2 comes before seq 1 (line 3): records are out of order');
  });

  it('refuses a log whose first records were deleted, unless told it is a rotated segment', async () => {
    const ls = lines('decisions.jsonl');
    writeLines('headless.jsonl', ls.slice(1));
    const r = await pactc(dir, 'log', 'verify', 'headless.jsonl');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('line 1: records before seq 1 are missing: the log starts at seq 1, not 0 (deleted, unless the log is a rotated segment)\n');
    expect(r.stderr).toBe(
      'pactc: headless.jsonl: the log does not verify (1 problem)\n' +
        "hint: if the log is a rotated segment, pass --previous SEQ:HASH (the previous segment's last record) or --rotated\n",
    );
    const rotated = await pactc(dir, 'log', 'verify', 'headless.jsonl', '--rotated');
    expect(rotated).toMatchObject({ status: 0, stderr: '' });
    expect(rotated.stdout).toMatch(/^ok: 5 records, head [0-9a-f]{64} \(seq 5\)\n$/);
    const seq0 = JSON.parse(ls[0]!) as { hash: string };
    expect((await pactc(dir, 'log', 'verify', 'headless.jsonl', '--previous', `0:${seq0.hash}`)).status).toBe(0);
  });

  it('finds a record cut off the end only against the anchored head', async () => {
    const ls = lines('decisions.jsonl');
    const head = JSON.parse(ls[5]!) as { hash: string };
    writeLines('cut.jsonl', ls.slice(0, 5));
    expect((await pactc(dir, 'log', 'verify', 'cut.jsonl')).status).toBe(0);
    const r = await pactc(dir, 'log', 'verify', 'cut.jsonl', '--head', `5:${head.hash}`);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('line 6: record seq 5 is missing at the end: the anchored head is seq 5 (the log was cut short)\n');
    expect((await pactc(dir, 'log', 'verify', 'cut.jsonl', '--head', 'five')).status).toBe(2);
    expect((await pactc(dir, 'log', 'verify', 'none.jsonl')).stderr).toBe('pactc: none.jsonl: no such file\n');
  });
});

describe('pactc replay', () => {
  it('replays a clean log with no differences, skipping the record with a masked field', async () => {
    const r = await pactc(dir, 'replay', 'decisions.jsonl', 'agent.tar.gz');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^replaying decisions\.jsonl with agent\.tar\.gz: pact refund_agent 1\.2\.0, revision [0-9a-f]{12}\n/);
    expect(r.stdout).toContain('line 5 (seq 4): skipped: the input has masked fields (/input/action/card/number); the log does not hold their values\n');
    expect(r.stdout).toContain('note: 1 record was not replayed: the input has masked @sensitive fields, whose values the log does not hold\n');
    expect(r.stdout).toMatch(/\n6 records: 5 same, 0 different, 1 skipped \(1 masked\)\n$/);
    expect(r.stderr).toBe('');
  });

  it('fails when a record is of a pact no bundle given decides', async () => {
    writeFileSync(join(dir, 'other.pact'), agentSource({ name: 'other_agent' }));
    expect((await pactc(dir, 'build', 'other.pact', '-o', 'other.tar.gz')).status).toBe(0);
    const r = await pactc(dir, 'replay', 'decisions.jsonl', 'other.tar.gz');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('line 1 (seq 0): skipped: decided by `pact/refund_agent/decision`, not by pact `other_agent`\n');
    expect(r.stdout).toMatch(/\n6 records: 0 same, 0 different, 6 skipped \(6 of no bundle given\)\n$/);
    expect(r.stderr).toBe('pactc: decisions.jsonl: 6 records were decided by a pact or revision that no bundle given decides, and not replayed\n');
  });

  it('fails on a file that is not a decision log, and on an empty one', async () => {
    const r = await pactc(dir, 'replay', 'agent.pact', 'agent.tar.gz');
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(/^pactc: agent\.pact: not a decision log: no line is a record \(line 1: the line is not JSON \(.*\)\)\n$/);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const empty = await pactc(dir, 'replay', 'empty.jsonl', 'agent.tar.gz');
    expect(empty).toMatchObject({ status: 1, stderr: 'pactc: empty.jsonl: the log is empty: nothing to replay\n' });
  });

  it('fails when every record has masked fields: nothing was replayed', async () => {
    writeLines('masked.jsonl', [lines('decisions.jsonl')[4]!]);
    const r = await pactc(dir, 'replay', 'masked.jsonl', 'agent.tar.gz', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ replayed: 0, masked: 1, ok: false });
    expect(r.stderr).toBe('pactc: masked.jsonl: nothing was replayed: the record has masked @sensitive input fields, whose values the log does not hold\n');
  });

  it('replays a log that spans a hot swap with every bundle that decided it', async () => {
    // Records 0-5 by agent.tar.gz, then two by agent-v2.tar.gz (as after a swap; one chain).
    const ls = lines('decisions.jsonl');
    writeLines('swapped.jsonl', ls);
    for (const input of ['large.json', 'small.json']) {
      expect((await pactc(dir, 'eval', 'agent-v2.tar.gz', '-i', input, '--log', 'swapped.jsonl')).status).toBe(0);
    }
    const one = await pactc(dir, 'replay', 'swapped.jsonl', 'agent.tar.gz');
    expect(one.status).toBe(1);
    const both = await pactc(dir, 'replay', 'swapped.jsonl', 'agent.tar.gz', 'agent-v2.tar.gz');
    expect(both.status).toBe(0);
    expect(both.stdout).toMatch(
      /^replaying swapped\.jsonl with 2 bundles, each record with the one that decided it:\n {2}agent\.tar\.gz: pact refund_agent 1\.2\.0, revision [0-9a-f]{12}\n {2}agent-v2\.tar\.gz: pact refund_agent 1\.3\.0, revision [0-9a-f]{12}\n/,
    );
    expect(both.stdout).toMatch(/\n8 records: 7 same, 0 different, 1 skipped \(1 masked\)\n$/);
  });

  it('reports differences for a log decided under other data, and exits 1', async () => {
    const whatIf = await pactc(dir, 'replay', 'decisions.jsonl', 'agent.tar.gz', '--data', 'limit.json');
    expect(whatIf.status).toBe(1);
    expect(whatIf.stdout).toContain(
      'line 2 (seq 1): different (effect, rules, reasons, approvers, grants): logged escalate by large_refund, replayed permit by small_refund\n',
    );
    expect(whatIf.stdout).toMatch(/\n6 records: 3 same, 2 different, 1 skipped \(1 masked\)\n$/);
    expect(whatIf.stderr).toBe('pactc: decisions.jsonl: 2 records differ from what was logged\n');

    const v2 = await pactc(dir, 'replay', 'decisions.jsonl', 'agent-v2.tar.gz');
    expect(v2.status).toBe(1);
    expect(v2.stdout).toContain('note: 5 records were decided by another bundle file than the one replayed with\n');
    expect(v2.stdout).toContain("note: 4 records were replayed with data other than recorded (the bundle's defaults differ)\n");
  });

  it('warns when the log does not verify, and reports a forged decision', async () => {
    const ls = lines('decisions.jsonl');
    const r = JSON.parse(ls[1]!) as Record<string, unknown> & { result: Record<string, unknown> };
    const forged = { ...r, result: { ...r.result, effect: 'permit' } };
    ls[1] = canonicalJson({ ...forged, hash: recordHash(forged) });
    writeLines('forged.jsonl', ls);
    const out = await pactc(dir, 'replay', 'forged.jsonl', 'agent.tar.gz');
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('line 2 (seq 1): different (effect): logged permit by large_refund, replayed escalate by large_refund\n');
    expect(out.stdout).toContain('warning: the log does not verify (1 problem); run `pactc log verify forged.jsonl`\n');
  });

  it('replays with a new version listing only the records whose outcome changed, the version change noted once', async () => {
    const r = await pactc(dir, 'replay', 'decisions.jsonl', 'agent-v2.tar.gz');
    expect(r.status).toBe(1);
    const listed = r.stdout.split('\n').filter((l) => l.startsWith('line '));
    expect(listed).toEqual([
      'line 2 (seq 1): different (effect, rules, reasons, approvers, grants): logged escalate by large_refund, replayed permit by small_refund',
      'line 5 (seq 4): skipped: the input has masked fields (/input/action/card/number); the log does not hold their values',
      'line 6 (seq 5): different (rules, reasons): logged permit by large_refund, replayed permit by small_refund',
    ]);
    expect(r.stdout).toContain(
      "note: 5 records were decided by another version of the pact (1.2.0) than replayed (1.3.0): the decisions' `pact` field differs accordingly, which is not counted as a difference\n",
    );
    expect(r.stdout).toMatch(/\n6 records: 3 same, 2 different, 1 skipped \(1 masked\)\n$/);
    expect(r.stderr).toBe('pactc: decisions.jsonl: 2 records differ from what was logged\n');
    // No outcome changes: exit 0, the version change still noted.
    const ls = lines('decisions.jsonl');
    writeLines('unchanged.jsonl', [ls[0]!, ls[2]!, ls[3]!]);
    const same = await pactc(dir, 'replay', 'unchanged.jsonl', 'agent-v2.tar.gz', '--rotated');
    expect(same).toMatchObject({ status: 0, stderr: '' });
    expect(same.stdout).toContain('note: 3 records were decided by another version of the pact (1.2.0) than replayed (1.3.0)');
    expect(same.stdout).toMatch(/\n3 records: 3 same, 0 different, 0 skipped\n$/);
    const json = JSON.parse((await pactc(dir, 'replay', 'unchanged.jsonl', 'agent-v2.tar.gz', '--json')).stdout);
    expect(json).toMatchObject({ same: 3, different: 0, versionChanges: 3, ok: true });
  });

  it('takes --rotated and --previous for a rotated segment, as log verify does', async () => {
    const ls = lines('decisions.jsonl');
    writeLines('seg2.jsonl', ls.slice(2));
    const plain = await pactc(dir, 'replay', 'seg2.jsonl', 'agent.tar.gz');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(
      'warning: the log does not verify (1 problem); run `pactc log verify seg2.jsonl`\n' +
        "hint: if the log is a rotated segment, pass --previous SEQ:HASH (the previous segment's last record) or --rotated\n",
    );
    const rotated = await pactc(dir, 'replay', 'seg2.jsonl', 'agent.tar.gz', '--rotated');
    expect(rotated).toMatchObject({ status: 0, stderr: '' });
    expect(rotated.stdout).not.toContain('warning');
    expect(rotated.stdout).toMatch(/\n4 records: 3 same, 0 different, 1 skipped \(1 masked\)\n$/);
    const seq1 = JSON.parse(ls[1]!) as { hash: string };
    const previous = await pactc(dir, 'replay', 'seg2.jsonl', 'agent.tar.gz', '--previous', `1:${seq1.hash}`, '--json');
    expect(JSON.parse(previous.stdout)).toMatchObject({ verification: { ok: true }, ok: true });
    const wrong = await pactc(dir, 'replay', 'seg2.jsonl', 'agent.tar.gz', '--previous', `0:${seq1.hash}`);
    expect(wrong.stdout).toContain('warning: the log does not verify (1 problem); run `pactc log verify seg2.jsonl --previous 0:');
    expect((await pactc(dir, 'replay', 'seg2.jsonl', 'agent.tar.gz', '--previous', 'one')).status).toBe(2);
  });

  it('prints the report as JSON with --json', async () => {
    const r = await pactc(dir, 'replay', 'decisions.jsonl', 'agent.tar.gz', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ same: 5, different: 0, skipped: 1, masked: 1, ok: true, bundle: { name: 'refund_agent' } });
  });
});
