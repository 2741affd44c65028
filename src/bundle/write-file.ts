/**
 * Writing a bundle to disk atomically: readers (OPA polling a directory, a CI job, a second pactc)
 * must see either the old file or the complete new one, never a prefix.
 *
 * The recipe:
 *   1. create a temporary file next to the target — same directory, so same file system, which
 *      makes the final rename atomic — named `.<target>.<pid>.<random>.tmp`, opened with `wx`
 *      (exclusive: never reuse or follow an existing file);
 *   2. write all bytes and `fsync` them, so a crash after the rename cannot leave an empty file;
 *   3. close, then `rename` over the target (atomic replacement on POSIX; on Windows Node's rename
 *      replaces too, as MoveFileEx with MOVEFILE_REPLACE_EXISTING);
 *   4. on any failure in steps 1–3, close the handle if open, delete the temporary file, and throw
 *      a `BundleError` (`write-failed`, P5002) naming the target; the target is left untouched.
 *
 * Several files, all or nothing (`writeFilesAtomically`: `pactc build -o B --types T`): every
 * file is first written to its temporary file as above (steps 1–2), so a missing directory, a
 * permission problem or a full disk for *any* of them fails before any target is touched; only
 * then are the temporary files renamed over their targets, in order. Should a rename fail after
 * others succeeded (the target is a directory, say), the targets already replaced are rolled
 * back: each one's previous content was kept under a hard link made just before its rename (a
 * target that did not exist is removed again). Where no hard link can be made (a file system
 * without them) that previous content cannot be restored, and the error says the target was
 * replaced.
 *
 * The file-system calls go through a small `AtomicFs` interface (by default `node:fs/promises`) so
 * tests can inject a failure at any step.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { BundleError } from './error.js';

/** An open file as `writeBundleFile` uses it (a subset of `fs.promises.FileHandle`). */
export interface AtomicFileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system operations `writeBundleFile` needs; `node:fs/promises` by default. */
export interface AtomicFs {
  open(path: string, flags: string, mode: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Makes a hard link (the rollback of `writeFilesAtomically`); `node:fs/promises`' when absent. */
  link?(existing: string, newPath: string): Promise<void>;
}

/** The default `AtomicFs`: Node's own. */
export const nodeFs: AtomicFs = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (p) => fsp.unlink(p),
  link: (a, b) => fsp.link(a, b),
};

/** Options for `writeBundleFile`. */
export interface WriteFileOptions {
  /** The new file's permission bits (before the umask); 0o644 by default. */
  readonly mode?: number;
  /** The file-system operations to use (a test seam); `nodeFs` by default. */
  readonly fs?: AtomicFs;
}

/** Returns the temporary file name used for `target`: hidden, unique, in the same directory. */
export function tempPathFor(target: string, suffix = 'tmp'): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`);
}

/**
 * Writes `bytes` to `target` atomically (see the header comment): the target either keeps its old
 * content or gets all of the new one, and no temporary file is left behind on failure. Rejects
 * with a `BundleError` (`write-failed`) whose message names the target and the cause.
 */
export async function writeBundleFile(target: string, bytes: Uint8Array, opts: WriteFileOptions = {}): Promise<void> {
  await writeFilesAtomically([{ target, bytes, ...(opts.mode !== undefined ? { mode: opts.mode } : {}), what: 'bundle' }], opts.fs ? { fs: opts.fs } : {});
}

/** Why a write failed, in the user's terms (the temporary file is an implementation detail). */
function writeFailure(e: unknown, target: string): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `the directory '${path.dirname(target)}' does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied in '${path.dirname(target)}'`;
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** One file for {@link writeFilesAtomically}. */
export interface FileToWrite {
  /** Where it goes. */
  readonly target: string;
  readonly bytes: Uint8Array;
  /** The new file's permission bits (before the umask); 0o644 by default. */
  readonly mode?: number;
  /** What it is, for messages: `cannot write <what> '<name>'` (`file` and the target by default). */
  readonly what?: string;
  readonly name?: string;
}

/**
 * Writes several files all or nothing (see the header comment): when it rejects — with a
 * `BundleError` (`write-failed`) naming the file that could not be written — no target has
 * changed and no temporary file is left behind. Two files for the same target (by resolved
 * path) are refused before anything is written.
 */
export async function writeFilesAtomically(files: readonly FileToWrite[], opts: { readonly fs?: AtomicFs } = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  const link = fs.link ? fs.link.bind(fs) : nodeFs.link!;
  const fail = (f: FileToWrite, e: unknown, extra = ''): BundleError =>
    new BundleError('write-failed', `cannot write ${f.what ?? 'file'} '${f.name ?? f.target}': ${writeFailure(e, f.target)}${extra}`, { cause: e });

  // 0. Two files for one target: the second would silently replace the first.
  for (const [i, f] of files.entries()) {
    const other = files.slice(0, i).find((g) => path.resolve(g.target) === path.resolve(f.target));
    if (other) {
      throw new BundleError('write-failed', `cannot write ${f.what ?? 'file'} '${f.name ?? f.target}': it is where ${other.what ?? 'file'} '${other.name ?? other.target}' goes too`);
    }
  }

  // 1. Every file to a temporary file next to its target.
  const staged: string[] = [];
  const discard = async (from: number): Promise<void> => {
    for (const tmp of staged.slice(from)) await fs.unlink(tmp).catch(() => undefined);
  };
  for (const f of files) {
    const tmp = tempPathFor(f.target);
    let handle: AtomicFileHandle | undefined;
    let created = false;
    try {
      handle = await fs.open(tmp, 'wx', f.mode ?? 0o644);
      created = true;
      await handle.writeFile(f.bytes);
      await handle.sync();
      const h = handle;
      handle = undefined;
      await h.close();
      staged.push(tmp);
    } catch (e) {
      if (handle) await handle.close().catch(() => undefined);
      if (created) await fs.unlink(tmp).catch(() => undefined);
      await discard(0);
      throw fail(f, e);
    }
  }

  // 2. Renames, in order, keeping each replaced target under a hard link until all are done.
  const done: { readonly target: string; readonly backup: string | undefined; readonly existed: boolean }[] = [];
  for (const [i, f] of files.entries()) {
    const tmp = staged[i] as string;
    let backup: string | undefined;
    let existed = true;
    if (i < files.length - 1) {
      const b = tempPathFor(f.target, 'bak');
      try {
        await link(f.target, b);
        backup = b;
      } catch (e) {
        existed = (e as NodeJS.ErrnoException).code !== 'ENOENT';
      }
    } else existed = false; // The last rename is never rolled back.
    try {
      await fs.rename(tmp, f.target);
      done.push({ target: f.target, backup, existed });
    } catch (e) {
      if (backup) await fs.unlink(backup).catch(() => undefined);
      let lost = '';
      for (const d of done.reverse()) {
        if (d.backup) await fs.rename(d.backup, d.target).catch(() => (lost += `; '${d.target}' could not be restored`));
        else if (!d.existed) await fs.unlink(d.target).catch(() => (lost += `; '${d.target}' could not be removed`));
        else lost += `; '${d.target}' was replaced (no hard link could keep its previous content)`;
      }
      await discard(i);
      throw fail(f, e, lost);
    }
  }
  for (const d of done) if (d.backup) await fs.unlink(d.backup).catch(() => undefined);
}
