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
}

/** The default `AtomicFs`: Node's own. */
export const nodeFs: AtomicFs = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (p) => fsp.unlink(p),
};

/** Options for `writeBundleFile`. */
export interface WriteFileOptions {
  /** The new file's permission bits (before the umask); 0o644 by default. */
  readonly mode?: number;
  /** The file-system operations to use (a test seam); `nodeFs` by default. */
  readonly fs?: AtomicFs;
}

/** Returns the temporary file name used for `target`: hidden, unique, in the same directory. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `bytes` to `target` atomically (see the header comment): the target either keeps its old
 * content or gets all of the new one, and no temporary file is left behind on failure. Rejects
 * with a `BundleError` (`write-failed`) whose message names the target and the cause.
 */
export async function writeBundleFile(target: string, bytes: Uint8Array, opts: WriteFileOptions = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  const tmp = tempPathFor(target);
  let handle: AtomicFileHandle | undefined;
  let created = false;
  try {
    handle = await fs.open(tmp, 'wx', opts.mode ?? 0o644);
    created = true;
    await handle.writeFile(bytes);
    await handle.sync();
    const h = handle;
    handle = undefined;
    await h.close();
    await fs.rename(tmp, target);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw new BundleError('write-failed', `cannot write bundle '${target}': ${writeFailure(e, target)}`, { cause: e });
  }
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
