/** The append-only JSON-lines file sink: appending, resuming from the tail, torn and bad tails. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, FileSink, isLogError, recordHash, verifyLogFile } from '../../src/host/log/index.js';
import { linesOf, sampleEvent, testLogger, textOf } from './log-helpers.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pactc-log-'));
  file = join(dir, 'decisions.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the file, records `events` (by index) through a fresh logger, and closes it. */
async function append(indexes: readonly number[], options: Parameters<typeof FileSink.open>[1] = {}): Promise<number[]> {
  const sink = await FileSink.open(file, options);
  const logger = testLogger(sink);
  const seqs: number[] = [];
  for (const i of indexes) seqs.push((await logger.record(sampleEvent(i))).seq);
  await logger.close();
  return seqs;
}

describe('FileSink', () => {
  it('creates the file with mode 0600 and writes one canonical line per record', async () => {
    await append([0, 1, 2]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = linesOf(readFileSync(file, 'utf8'));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(canonicalJson(JSON.parse(l))).toBe(l);
    expect(await verifyLogFile(file)).toMatchObject({ ok: true, problems: [] });
  });

  it('resumes the chain from the last record of an existing file', async () => {
    expect(await append([0, 1, 2])).toEqual([0, 1, 2]);
    expect(await append([3, 4])).toEqual([3, 4]);
    expect(await append([5])).toEqual([5]);
    const v = await verifyLogFile(file);
    expect(v).toMatchObject({ ok: true, problems: [], head: { seq: 5 } });
  });

  it('reads a tail line longer than its 64 KiB read chunk', async () => {
    const sink = await FileSink.open(file);
    const logger = testLogger(sink);
    await logger.record(sampleEvent(0));
    const big = await logger.record({ input: { blob: 'x'.repeat(200_000) }, result: null });
    await logger.close();
    const again = await FileSink.open(file);
    expect(await again.resume()).toEqual({ seq: 1, hash: big.hash });
    await again.close();
  });

  it('appends with O_APPEND: lines another writer added are not overwritten', async () => {
    const sink = await FileSink.open(file);
    const logger = testLogger(sink);
    await logger.record(sampleEvent(0));
    appendFileSync(file, 'NOT A RECORD\n');
    await logger.record(sampleEvent(1));
    await logger.close();
    const lines = linesOf(readFileSync(file, 'utf8'));
    expect(lines[1]).toBe('NOT A RECORD');
    expect(JSON.parse(lines[2]!).seq).toBe(1);
    expect((await verifyLogFile(file)).problems.map((p) => [p.line, p.kind])).toEqual([[2, 'malformed']]);
  });

  it('continues a rotated chain in an empty file from the head it is given', async () => {
    await append([0, 1]);
    const head = (await verifyLogFile(file)).head!;
    const next = join(dir, 'decisions.2.jsonl');
    const sink = await FileSink.open(next, { head });
    const r = await testLogger(sink).record(sampleEvent(2));
    await sink.close();
    expect(r).toMatchObject({ seq: 2, prev_hash: head.hash });
    expect(await verifyLogFile(next, { previous: head })).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses to extend a torn last line, and reports it', async () => {
    await append([0, 1, 2]);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 25));
    const err = await FileSink.open(file).catch((e: unknown) => e);
    expect(isLogError(err, 'torn-tail')).toBe(true);
    expect((err as Error).message).toMatch(/the last line is torn \(\d+ bytes with no newline\), so the chain will not be extended/);
    expect(readFileSync(file, 'utf8')).toBe(text.slice(0, text.length - 25));
  });

  it("with onTornTail 'seal', keeps the fragment as evidence and resumes from the record before it", async () => {
    await append([0, 1, 2]);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 25));
    expect(await append([3], { onTornTail: 'seal' })).toEqual([2]);
    const v = await verifyLogFile(file);
    expect(v.problems.map((p) => [p.line, p.kind])).toEqual([[3, 'malformed']]);
    expect(v.head).toMatchObject({ seq: 2 });
  });

  it("with onTornTail 'seal', a complete record missing only its newline becomes the head", async () => {
    await append([0, 1, 2]);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, -1));
    expect(await append([3], { onTornTail: 'seal' })).toEqual([3]);
    expect(await verifyLogFile(file)).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses to extend a chain whose last record was edited or is not a record', async () => {
    await append([0, 1]);
    const lines = linesOf(readFileSync(file, 'utf8'));
    const last = JSON.parse(lines[1]!) as Record<string, any>;
    last.input.action.amount = 0;
    writeFileSync(file, textOf([lines[0]!, canonicalJson(last)]));
    await expect(FileSink.open(file)).rejects.toMatchObject({ reason: 'bad-tail', message: expect.stringMatching(/seq 1, was edited \(hash mismatch\)/) });

    last.hash = recordHash(last);
    writeFileSync(file, textOf([lines[0]!, canonicalJson(last).replace('{"', '{ "')]));
    await expect(FileSink.open(file)).rejects.toMatchObject({ reason: 'bad-tail', message: expect.stringMatching(/not in canonical form/) });

    writeFileSync(file, textOf([lines[0]!, '{"oops":true}']));
    await expect(FileSink.open(file)).rejects.toMatchObject({ reason: 'bad-tail', message: expect.stringMatching(/is not a record: `seq` is missing/) });

    writeFileSync(file, `${textOf(lines)}\n`);
    await expect(FileSink.open(file)).rejects.toMatchObject({ reason: 'bad-tail', message: expect.stringMatching(/is empty/) });
  });

  it('records 200 concurrent decisions as a valid chain on disk', async () => {
    const sink = await FileSink.open(file);
    const logger = testLogger(sink);
    await Promise.all(Array.from({ length: 200 }, (_, i) => logger.record(sampleEvent(i))));
    const head = await logger.head();
    await logger.close();
    expect(head?.seq).toBe(199);
    expect(await verifyLogFile(file, { expectedHead: head })).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses writes after close', async () => {
    const sink = await FileSink.open(file);
    await sink.close();
    await expect(sink.write('{}')).rejects.toMatchObject({ reason: 'closed' });
  });
});
