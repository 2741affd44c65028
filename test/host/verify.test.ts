/**
 * `verifyLog`: every kind of tampering is found at the right line with a clear message, and
 * any single-byte edit of a valid log is detected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, recordHash, verifyLog, type DecisionRecord, type LogProblem } from '../../src/host/log/index.js';
import { linesOf, sampleLog, textOf } from './log-helpers.js';

let LOG: string;
let LINES: string[];
let RECORDS: DecisionRecord[];

beforeAll(async () => {
  const sink = await sampleLog(1000);
  LOG = sink.text();
  LINES = linesOf(LOG);
  RECORDS = sink.records;
});

/** The problems as `[line, seq, kind, message]`, for compact expectations. */
const summary = (ps: readonly LogProblem[]): [number, number | null, string, string][] => ps.map((p) => [p.line, p.seq, p.kind, p.message]);

/** Replaces line `n` (1-based) with `f(record)` re-serialised canonically, keeping its hash. */
function editLine(lines: string[], n: number, f: (r: Record<string, any>) => void, rehash = false): string[] {
  const out = [...lines];
  const r = JSON.parse(out[n - 1]!) as Record<string, any>;
  f(r);
  if (rehash) r.hash = recordHash(r);
  out[n - 1] = canonicalJson(r);
  return out;
}

describe('verifyLog', () => {
  it('accepts an intact log, and an empty one', () => {
    expect(verifyLog(LOG)).toMatchObject({ ok: true, problems: [] });
    expect(verifyLog(Buffer.from(LOG))).toMatchObject({ ok: true, problems: [] });
    expect(verifyLog('')).toEqual({ ok: true, records: [], problems: [], head: undefined });
  });

  it('finds an edited field (hash mismatch) at its line', () => {
    const v = verifyLog(textOf(editLine(LINES, 7, (r) => (r.input.action.amount = 1))));
    expect(v.ok).toBe(false);
    expect(summary(v.problems)).toEqual([[7, 6, 'edited', 'line 7: record seq 6 was edited (hash mismatch)']]);
  });

  it('finds an edited seq without also reporting a deletion or reordering', () => {
    const v = verifyLog(textOf(editLine(LINES, 7, (r) => (r.seq = 600))));
    expect(summary(v.problems)).toEqual([[7, 6, 'edited', 'line 7: record claiming seq 600 was edited (hash mismatch); seq 6 was expected here']]);
  });

  it('finds an edit that keeps the value but changes the bytes (not canonical)', () => {
    const lines = [...LINES];
    lines[4] = lines[4]!.replace('"seq":4', '"seq":4.0');
    expect(summary(verifyLog(textOf(lines)).problems)).toEqual([[5, 4, 'edited', 'line 5: record seq 4 was edited (not in canonical form)']]);
    const crlf = LOG.replace('\n', '\r\n');
    expect(summary(verifyLog(crlf).problems)).toEqual([[1, 0, 'edited', 'line 1: record seq 0 was edited (not in canonical form)']]);
  });

  it('finds a record replaced and re-hashed: the next record no longer chains to it', () => {
    const v = verifyLog(textOf(editLine(LINES, 7, (r) => (r.result.effect = 'forbid'), true)));
    expect(summary(v.problems)).toEqual([
      [8, 7, 'hash', 'line 8: record seq 7 does not chain to seq 6 on line 7 (prev_hash mismatch): seq 6 was replaced or re-hashed'],
    ]);
  });

  it('finds a deleted record (seq gap and prev_hash mismatch) at the line after it', () => {
    const lines = [...LINES];
    lines.splice(6, 1); // line 7 held seq 6
    const v = verifyLog(textOf(lines));
    expect(summary(v.problems)).toEqual([
      [7, 7, 'deleted', "line 7: record seq 6 is missing before seq 7: seq 7 follows seq 5, and its prev_hash does not match seq 5's hash (deleted)"],
    ]);
    const several = [...LINES];
    several.splice(100, 3);
    expect(summary(verifyLog(textOf(several)).problems)).toEqual([
      [101, 103, 'deleted', "line 101: records seq 100–102 are missing before seq 103: seq 103 follows seq 99, and its prev_hash does not match seq 99's hash (deleted)"],
    ]);
  });

  it('finds a deleted record even when the later seqs were renumbered and re-hashed (prev_hash mismatch)', () => {
    let lines = [...LINES.slice(0, 6), ...LINES.slice(7, 9)];
    for (let n = 7; n <= lines.length; n++) lines = editLine(lines, n, (r) => (r.seq -= 1), true);
    const v = verifyLog(textOf(lines));
    expect(summary(v.problems)).toEqual([
      [7, 6, 'hash', 'line 7: record seq 6 does not chain to seq 5 on line 6 (prev_hash mismatch): seq 5 was replaced or re-hashed'],
      [8, 7, 'hash', 'line 8: record seq 7 does not chain to seq 6 on line 7 (prev_hash mismatch): seq 6 was replaced or re-hashed'],
    ]);
  });

  it('finds a chain that does not start at the genesis hash', () => {
    const v = verifyLog(textOf(editLine(LINES.slice(0, 3), 1, (r) => (r.prev_hash = 'e'.repeat(64)), true)));
    expect(summary(v.problems)).toEqual([
      [1, 0, 'hash', 'line 1: record seq 0 does not start a chain (prev_hash is not the genesis hash of 64 zeros)'],
      [2, 1, 'hash', 'line 2: record seq 1 does not chain to seq 0 on line 1 (prev_hash mismatch): seq 0 was replaced or re-hashed'],
    ]);
  });

  it('finds two swapped records as reordered, at both lines', () => {
    const lines = [...LINES];
    [lines[4], lines[5]] = [lines[5]!, lines[4]!];
    const v = verifyLog(textOf(lines));
    expect(v.ok).toBe(false);
    expect(summary(v.problems)).toEqual([
      [5, 5, 'reordered', 'line 5: record seq 5 comes before seq 4 (line 6): records are out of order'],
      [6, 4, 'reordered', 'line 6: record seq 4 comes after seq 5 (line 5): records are out of order'],
    ]);
  });

  it('finds a duplicated record', () => {
    const lines = [...LINES];
    lines.splice(10, 0, lines[3]!);
    expect(summary(verifyLog(textOf(lines)).problems)).toEqual([[11, 3, 'duplicated', 'line 11: record seq 3 appears again (first on line 4)']]);
  });

  it('finds a torn last line', () => {
    const cut = LOG.slice(0, LOG.length - 40);
    const v = verifyLog(cut);
    expect(v.ok).toBe(false);
    expect(summary(v.problems)).toEqual([[1000, null, 'torn', expect.stringMatching(/^line 1000: the last line is torn: \d+ bytes with no newline \(a write was cut short\)$/)]]);
    expect(v.records).toHaveLength(999);
    expect(summary(verifyLog(LOG.slice(0, -1)).problems)).toEqual([[1000, 999, 'torn', 'line 1000: record seq 999 is complete but has no newline (torn write)']]);
  });

  it('finds garbage appended, with or without a newline', () => {
    expect(summary(verifyLog(`${LOG}garbage\n`).problems)).toEqual([
      [1001, null, 'malformed', expect.stringMatching(/^line 1001: the line is not JSON \(.+\)$/)],
    ]);
    expect(summary(verifyLog(`${LOG}garbage`).problems)).toEqual([
      [1001, null, 'malformed', expect.stringMatching(/^line 1001: the last line is not JSON \(.+\) and has no newline$/)],
    ]);
    expect(summary(verifyLog(`${LOG}{"seq":1000}\n`).problems)).toEqual([[1001, null, 'malformed', 'line 1001: the line is not a record: `hash` is missing']]);
    expect(summary(verifyLog(`${LOG}\n`).problems)).toEqual([[1001, null, 'malformed', 'line 1001: the line is empty']]);
    expect(summary(verifyLog(Buffer.concat([Buffer.from(LOG), Buffer.from([0xff, 0x0a])])).problems)).toEqual([
      [1001, null, 'malformed', 'line 1001: the line is not valid UTF-8'],
    ]);
  });

  it('does not also report a deletion for a record made unreadable', () => {
    const lines = [...LINES];
    lines[6] = lines[6]!.slice(0, 50);
    expect(summary(verifyLog(textOf(lines)).problems)).toEqual([[7, null, 'malformed', expect.stringMatching(/^line 7: the line is not JSON/)]]);
  });

  it('refuses a log whose first records were deleted, unless it is a rotated segment', () => {
    const tail = textOf(LINES.slice(10));
    const v = verifyLog(tail);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      {
        line: 1,
        seq: 10,
        kind: 'truncated',
        severity: 'error',
        message: 'line 1: records before seq 10 are missing: the log starts at seq 10, not 0 (deleted, unless the log is a rotated segment)',
      },
    ]);
    expect(verifyLog(textOf(LINES.slice(1))).ok).toBe(false);
    expect(verifyLog(tail, { rotated: true })).toMatchObject({ ok: true, problems: [] });
    const previous = { seq: 9, hash: RECORDS[9]!.hash };
    expect(verifyLog(tail, { previous })).toMatchObject({ ok: true, problems: [] });
    expect(summary(verifyLog(tail, { previous: { seq: 9, hash: 'f'.repeat(64) } }).problems)).toEqual([
      [1, 10, 'hash', "line 1: record seq 10 does not chain to the previous segment's seq 9 (prev_hash mismatch)"],
    ]);
    expect(verifyLog(textOf(LINES.slice(12)), { previous }).problems.map((p) => p.kind)).toEqual(['deleted']);
  });

  it('finds records cut off the end, or a rewritten chain, given the anchored head', () => {
    const head = { seq: 999, hash: RECORDS[999]!.hash };
    expect(verifyLog(LOG, { expectedHead: head })).toMatchObject({ ok: true, problems: [] });
    expect(summary(verifyLog(textOf(LINES.slice(0, 997)), { expectedHead: head }).problems)).toEqual([
      [998, 999, 'deleted', 'line 998: records seq 997–999 are missing at the end: the anchored head is seq 999 (the log was cut short)'],
    ]);
    const rewritten = editLine(LINES, 1000, (r) => (r.result.effect = 'forbid'), true);
    expect(summary(verifyLog(textOf(rewritten), { expectedHead: head }).problems)).toEqual([
      [1000, 999, 'hash', 'line 1000: record seq 999 does not match the anchored head (its hash differs): the chain was rewritten'],
    ]);
  });

  it('reports each problem once for several tamperings in one log', () => {
    let lines = editLine(LINES, 3, (r) => (r.labels.id = 'evil'));
    lines.splice(20, 1);
    [lines[40], lines[41]] = [lines[41]!, lines[40]!];
    lines = [...lines.slice(0, -1), lines[lines.length - 1]!.slice(0, 30)];
    const v = verifyLog(lines.join('\n'));
    expect(v.problems.map((p) => [p.line, p.kind])).toEqual([
      [3, 'edited'],
      [21, 'deleted'],
      [41, 'reordered'],
      [42, 'reordered'],
      [999, 'torn'],
    ]);
  });
});

describe('verifyLog, properties', () => {
  let small: Buffer;
  let tiny: Buffer;
  beforeAll(async () => {
    small = Buffer.from((await sampleLog(8)).text());
    tiny = Buffer.from((await sampleLog(3)).text());
  });

  it('detects any single-byte edit of a valid log', () => {
    fc.assert(
      fc.property(fc.nat({ max: small.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const edited = Buffer.from(small);
        edited[at] = (edited[at]! + delta) % 256;
        expect(verifyLog(edited).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('detects every single-byte edit to a JSON-significant byte, exhaustively over a record', () => {
    // The first record of three (a masked card number, a non-ASCII holder name), newline included.
    const first = 0;
    const end = tiny.indexOf(0x0a) + 1;
    const record = tiny.subarray(first, end).toString('utf8');
    expect(record).toContain('"masked":["/input/action/card/number","/input/customers/0/email"]');
    expect(record).toContain('Zoë Ñandú 🐢');
    for (let at = first; at < end; at++) {
      for (const b of [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x30, 0x31, 0x45, 0x5c, 0x65, 0x7b, 0x7d, 0xc3, 0xff]) {
        if (tiny[at] === b) continue;
        const edited = Buffer.from(tiny);
        edited[at] = b;
        const v = verifyLog(edited);
        if (v.ok) throw new Error(`edit at byte ${at} to 0x${b.toString(16)} was not detected`);
      }
    }
  });

  it('detects the removal of any line but the first and last', () => {
    const lines = linesOf(small.toString('utf8'));
    for (let i = 1; i < lines.length - 1; i++) {
      const v = verifyLog(textOf(lines.filter((_, k) => k !== i)));
      expect(v.ok).toBe(false);
      expect(v.problems[0]).toMatchObject({ line: i + 1, kind: 'deleted' });
    }
  });

  it('detects any swap of two different lines', () => {
    const lines = linesOf(small.toString('utf8'));
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), fc.nat({ max: lines.length - 1 }), (i, j) => {
        fc.pre(i !== j);
        const swapped = [...lines];
        [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
        const v = verifyLog(textOf(swapped));
        expect(v.ok).toBe(false);
        expect(v.problems.every((p) => p.kind === 'reordered')).toBe(true);
        expect(v.problems[0]!.line).toBe(Math.min(i, j) + 1);
      }),
    );
  });
});
