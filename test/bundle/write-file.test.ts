import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBundleError, writeBundleFile, writeFilesAtomically } from '../../src/bundle/index.js';
import { nodeFs, tempPathFor, type AtomicFs } from '../../src/bundle/write-file.js';

const made: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'pactc-write-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const NEW = new TextEncoder().encode('new bundle bytes');

/** Wraps the real file system, failing at one step. */
function failingAt(step: 'open' | 'write' | 'sync' | 'close' | 'rename'): AtomicFs {
  const boom = (): Error => Object.assign(new Error(`injected ${step} failure`), { code: 'EIO' });
  return {
    async open(p, flags, mode) {
      if (step === 'open') throw boom();
      const h = await nodeFs.open(p, flags, mode);
      return {
        async writeFile(data) {
          if (step === 'write') {
            await h.writeFile(data.subarray(0, 3)); // a partial write reached the disk
            throw boom();
          }
          await h.writeFile(data);
        },
        async sync() {
          if (step === 'sync') throw boom();
          await h.sync();
        },
        async close() {
          await h.close();
          if (step === 'close') throw boom();
        },
      };
    },
    async rename(from, to) {
      if (step === 'rename') throw boom();
      await nodeFs.rename(from, to);
    },
    unlink: nodeFs.unlink,
  };
}

async function writeError(target: string, fs?: AtomicFs): Promise<Error> {
  try {
    await writeBundleFile(target, NEW, fs ? { fs } : {});
  } catch (e) {
    return e as Error;
  }
  throw new Error('writeBundleFile did not fail');
}

describe('writeBundleFile', () => {
  it('writes a new file and leaves nothing else behind', async () => {
    const dir = fresh();
    await writeBundleFile(join(dir, 'b.tar.gz'), NEW);
    expect(readFileSync(join(dir, 'b.tar.gz'))).toEqual(Buffer.from(NEW));
    expect(readdirSync(dir)).toEqual(['b.tar.gz']);
  });
  it('replaces an existing file', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'b.tar.gz'), 'old');
    await writeBundleFile(join(dir, 'b.tar.gz'), NEW);
    expect(readFileSync(join(dir, 'b.tar.gz'), 'utf8')).toBe('new bundle bytes');
    expect(readdirSync(dir)).toEqual(['b.tar.gz']);
  });
  it('applies the requested mode', async () => {
    const dir = fresh();
    await writeBundleFile(join(dir, 'b.tar.gz'), NEW, { mode: 0o600 });
    expect(statSync(join(dir, 'b.tar.gz')).mode & 0o777).toBe(0o600);
  });
  it('uses a hidden temporary name in the target directory', () => {
    const tmp = tempPathFor('/some/dir/b.tar.gz');
    expect(tmp).toMatch(/^\/some\/dir\/\.b\.tar\.gz\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(tempPathFor('/some/dir/b.tar.gz')).not.toBe(tmp);
  });
  it('fails cleanly when the directory does not exist', async () => {
    const dir = fresh();
    const e = await writeError(join(dir, 'missing', 'b.tar.gz'));
    expect(isBundleError(e, 'write-failed')).toBe(true);
    expect((e as { code?: string }).code).toBe('P5002');
    expect(e.message).toMatch(/^cannot write bundle '.*\/missing\/b\.tar\.gz': the directory '.*\/missing' does not exist$/);
    expect(readdirSync(dir)).toEqual([]);
  });
  it('fails cleanly when the target is a directory', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'b.tar.gz'));
    const e = await writeError(join(dir, 'b.tar.gz'));
    expect(isBundleError(e, 'write-failed')).toBe(true);
    expect(readdirSync(dir)).toEqual(['b.tar.gz']);
    expect(statSync(join(dir, 'b.tar.gz')).isDirectory()).toBe(true);
  });
  it.each(['open', 'write', 'sync', 'close', 'rename'] as const)(
    'keeps the old bundle and removes the temporary file when %s fails',
    async (step) => {
      const dir = fresh();
      writeFileSync(join(dir, 'b.tar.gz'), 'old');
      const e = await writeError(join(dir, 'b.tar.gz'), failingAt(step));
      expect(isBundleError(e, 'write-failed')).toBe(true);
      expect(e.message).toContain(`injected ${step} failure`);
      expect(readFileSync(join(dir, 'b.tar.gz'), 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['b.tar.gz']);
    },
  );
});

describe('writeFilesAtomically', () => {
  const A = new TextEncoder().encode('new a');
  const B = new TextEncoder().encode('new b');

  it('writes every file, leaving nothing else behind', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a'), 'old a');
    await writeFilesAtomically([{ target: join(dir, 'a'), bytes: A }, { target: join(dir, 'b'), bytes: B }]);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('new a');
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('new b');
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('touches no target when any file cannot be written, and names that file', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a'), 'old a');
    const e = await writeFilesAtomically([
      { target: join(dir, 'a'), bytes: A, what: 'bundle', name: 'a' },
      { target: join(dir, 'missing', 'b'), bytes: B, what: 'types', name: 'missing/b' },
    ]).catch((x: unknown) => x as Error);
    expect(isBundleError(e, 'write-failed')).toBe(true);
    expect((e as Error).message).toMatch(/^cannot write types 'missing\/b': the directory '.*\/missing' does not exist$/);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old a');
    expect(readdirSync(dir)).toEqual(['a']);
  });

  it('refuses two files for one target before writing anything', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a'), 'old a');
    const e = await writeFilesAtomically([
      { target: join(dir, 'a'), bytes: A, what: 'bundle', name: 'a' },
      { target: join(dir, 'x', '..', 'a'), bytes: B, what: 'types', name: 'x/../a' },
    ]).catch((x: unknown) => x as Error);
    expect(isBundleError(e, 'write-failed')).toBe(true);
    expect((e as Error).message).toBe("cannot write types 'x/../a': it is where bundle 'a' goes too");
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old a');
    expect(readdirSync(dir)).toEqual(['a']);
  });

  it('rolls back the renames already made when a later one fails', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a'), 'old a');
    // The second target is a directory: its temporary file is written, its rename fails.
    mkdirSync(join(dir, 'b'));
    const e = await writeFilesAtomically([{ target: join(dir, 'a'), bytes: A }, { target: join(dir, 'b'), bytes: B }]).catch((x: unknown) => x as Error);
    expect(isBundleError(e, 'write-failed')).toBe(true);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old a');
    expect(statSync(join(dir, 'b')).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
    // A first target that did not exist before is removed again.
    const e2 = await writeFilesAtomically([{ target: join(dir, 'c'), bytes: A }, { target: join(dir, 'b'), bytes: B }]).catch((x: unknown) => x as Error);
    expect(isBundleError(e2, 'write-failed')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('rolls back when a rename fails for any reason (injected)', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a'), 'old a');
    writeFileSync(join(dir, 'b'), 'old b');
    let renames = 0;
    const fs: AtomicFs = {
      ...nodeFs,
      async rename(from, to) {
        if (to === join(dir, 'b') && from.endsWith('.tmp') && ++renames === 1) throw Object.assign(new Error('injected rename failure'), { code: 'EIO' });
        await nodeFs.rename(from, to);
      },
    };
    const e = await writeFilesAtomically([{ target: join(dir, 'a'), bytes: A }, { target: join(dir, 'b'), bytes: B }], { fs }).catch((x: unknown) => x as Error);
    expect((e as Error).message).toContain('injected rename failure');
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old a');
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('old b');
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });
});
