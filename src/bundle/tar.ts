/**
 * The container layer: a deterministic gzip-compressed ustar archive, and the way back.
 *
 * Writing (what `opa build` writes, opa-wasm-abi.md §11.1, minus its nondeterminism):
 * - `tar-stream` writes one ustar header per file: typeflag `0` (regular file; no directory
 *   entries), the name verbatim with its leading `/`, mode 0600, uid/gid 0, empty user and group
 *   names, mtime 0, device numbers 0; then the data padded to 512 bytes, and two zero blocks at
 *   the end (no padding to a 10 KiB record, like Go's `archive/tar`).
 * - Names must be ASCII and at most 100 bytes so that they fit the plain ustar `name` field. We
 *   never fall back to pax headers or the ustar `prefix` field: tar-stream's prefix split drops
 *   the leading `/` of long names, and OPA matches the manifest's `module` against the header name
 *   verbatim.
 * - Node's zlib compresses at a fixed level (9). Its gzip header already carries mtime 0, no file
 *   name and XFL 2 (the value for level 9); we overwrite the OS byte with 255 ("unknown"), which is
 *   what Go's `compress/gzip` writes, instead of the build host's OS code. The gzip trailer's
 *   CRC-32 covers only the uncompressed data, so patching the header keeps the stream valid.
 *
 * The result is byte-identical for the same input on the same Node build. The uncompressed tar is
 * byte-identical everywhere; the deflate stream can in principle differ between zlib builds (Node
 * ships Chromium's zlib, whose SIMD paths may pick different matches), so cross-machine
 * reproducibility checks should compare the gunzipped tar or the per-file digests.
 *
 * Reading accepts any tar `tar-stream` understands (ustar, GNU, pax) and, like OPA's tarball
 * loader, keeps only regular files and skips directories and other entry types.
 */
import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { BundleError } from './error.js';

/** One file in an archive: its header name (verbatim) and its bytes. */
export interface TarEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The fixed deflate level of every bundle we write. */
export const GZIP_LEVEL = 9;

/** The gzip OS byte we write: 255, "unknown", as Go's `compress/gzip` writes. */
export const GZIP_OS_UNKNOWN = 255;

/** The longest entry name a plain ustar header holds. */
export const MAX_TAR_NAME_BYTES = 100;

/** The file mode of every entry (owner read/write, as `opa build`). */
const FILE_MODE = 0o600;

/** The Unix epoch: every entry's mtime. */
const EPOCH = new Date(0);

/** Returns why `name` cannot be a ustar entry name, or undefined when it can. */
export function tarNameProblem(name: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(name)) return 'must be printable ASCII';
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_TAR_NAME_BYTES) return `must be at most ${MAX_TAR_NAME_BYTES} bytes`;
  return undefined;
}

/**
 * Writes `entries`, in order, as an uncompressed ustar archive with fixed metadata (see the header
 * comment). Throws a `BundleError` for a name that does not fit a ustar header.
 */
export async function packTar(entries: readonly TarEntry[]): Promise<Uint8Array> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    const problem = tarNameProblem(entry.name);
    if (problem) {
      pack.destroy();
      throw new BundleError('invalid-spec', `file name '${entry.name}' ${problem}`);
    }
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        {
          name: entry.name,
          type: 'file',
          mode: FILE_MODE,
          uid: 0,
          gid: 0,
          uname: '',
          gname: '',
          mtime: EPOCH,
          size: entry.bytes.byteLength,
        },
        Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength),
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }
  pack.finalize();
  await collected;
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Compresses a tar archive deterministically: deflate level 9, gzip mtime 0, OS byte 255.
 */
export function gzipDeterministic(tar: Uint8Array): Uint8Array {
  const gz = gzipSync(tar, { level: GZIP_LEVEL, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
  // INVARIANT: zlib writes a 10-byte header with no optional fields (FLG = 0) and mtime 0.
  gz[4] = 0;
  gz[5] = 0;
  gz[6] = 0;
  gz[7] = 0;
  gz[9] = GZIP_OS_UNKNOWN;
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

/**
 * Decompresses a bundle. Throws a `BundleError` with reason `not-gzip` when the bytes do not start
 * with the gzip magic number, and `corrupt-gzip` when the stream is damaged or truncated.
 */
export function gunzipBundle(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new BundleError('not-gzip', 'invalid bundle: not a gzip file (a bundle is a .tar.gz archive)');
  }
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new BundleError('corrupt-gzip', `invalid bundle: corrupt gzip stream (${why})`, { cause: e });
  }
}

/**
 * Reads the regular files of an uncompressed tar archive in archive order, names verbatim.
 * Directories and other entry types are skipped, as OPA does. Throws a `BundleError` with reason
 * `not-tar` when the bytes are not a tar archive.
 */
export async function unpackTar(tar: Uint8Array): Promise<TarEntry[]> {
  const extract = tarStream.extract();
  const entries: TarEntry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      // Go maps the legacy "\0" typeflag to a regular file; tar-stream reports both as 'file'.
      if (entry.header.type === 'file') {
        const data = Buffer.concat(chunks);
        entries.push({ name: entry.header.name, bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
      }
    }
  })();
  try {
    extract.end(Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength));
    await done;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new BundleError('not-tar', `invalid bundle: not a tar archive (${why})`, { cause: e });
  }
  return entries;
}
