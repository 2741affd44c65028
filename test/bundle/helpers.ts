/**
 * Shared fixtures for the bundle tests: a sample pact spec, tar-level editing of a built bundle
 * (to simulate tampering or hand-made bundles), and a raw ustar header reader that checks what
 * the writer put on disk without going through tar-stream.
 */
import { gunzipSync } from 'node:zlib';
import type { BundleSpec } from '../../src/bundle/index.js';
import { readBundle } from '../../src/bundle/index.js';
import { gzipDeterministic, packTar, type TarEntry } from '../../src/bundle/tar.js';

/** A tiny valid Wasm header standing in for a compiled module. */
export const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Text of UTF-8 bytes. */
export const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** The sample bundle spec used across tests (pact `refund_agent`). */
export function sampleSpec(overrides: Partial<BundleSpec> = {}): BundleSpec {
  return {
    pact: { name: 'refund_agent', version: '1.2.0', sourceDigest: 'sha256:' + 'ab'.repeat(32) },
    compilerVersion: '0.1.0',
    wasm: WASM,
    data: { refund_limit: 500, kill_switch: false, revoked: [], ratio: 0.25 },
    files: { '/schema/input.json': '{"type":"object"}\n' },
    ...overrides,
  };
}

/** An edit of one tar entry: replace its bytes, remove it (`null`), or add it before the last entry. */
export type Edits = Readonly<Record<string, Uint8Array | string | null>>;

/** Returns the entries of a bundle, in archive order, with `edits` applied. */
export async function editedEntries(bundle: Uint8Array, edits: Edits): Promise<TarEntry[]> {
  const read = await readBundle(bundle);
  const entries: TarEntry[] = [];
  const pending = new Map(Object.entries(edits));
  for (const [name, bytes] of read.files) {
    if (!pending.has(name)) {
      entries.push({ name, bytes });
      continue;
    }
    const edit = pending.get(name);
    pending.delete(name);
    if (edit !== null && edit !== undefined) entries.push({ name, bytes: typeof edit === 'string' ? utf8(edit) : edit });
  }
  for (const [name, edit] of pending) {
    if (edit !== null && edit !== undefined) {
      entries.splice(entries.length - 1, 0, { name, bytes: typeof edit === 'string' ? utf8(edit) : edit });
    }
  }
  return entries;
}

/** Re-packs a bundle with `edits` applied (signatures are kept as they were). */
export async function repack(bundle: Uint8Array, edits: Edits): Promise<Uint8Array> {
  return gzipDeterministic(await packTar(await editedEntries(bundle, edits)));
}

/** Packs arbitrary entries into a `.tar.gz` (for hand-made bundles). */
export async function tarGz(entries: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  return gzipDeterministic(
    await packTar(Object.entries(entries).map(([name, b]) => ({ name, bytes: typeof b === 'string' ? utf8(b) : b }))),
  );
}

/** The fields of a ustar header, read straight from the 512-byte block. */
export interface RawHeader {
  readonly name: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtime: number;
  readonly typeflag: string;
  readonly magic: string;
  readonly version: string;
  readonly uname: string;
  readonly gname: string;
  readonly prefix: string;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? raw.length : nul).toString('latin1');
}

/** Reads every header of a gzip-compressed tar, and the number of bytes after the last entry. */
export function rawHeaders(bundle: Uint8Array): { headers: RawHeader[]; trailer: Buffer } {
  const tar = gunzipSync(bundle);
  const headers: RawHeader[] = [];
  let pos = 0;
  while (pos + 512 <= tar.length && tar.subarray(pos, pos + 512).some((b) => b !== 0)) {
    const block = tar.subarray(pos, pos + 512);
    const size = parseInt(field(block, 124, 12), 8);
    headers.push({
      name: field(block, 0, 100),
      mode: parseInt(field(block, 100, 8), 8),
      uid: parseInt(field(block, 108, 8), 8),
      gid: parseInt(field(block, 116, 8), 8),
      size,
      mtime: parseInt(field(block, 136, 12), 8),
      typeflag: String.fromCharCode(block[156]!),
      magic: block.subarray(257, 263).toString('latin1'),
      version: block.subarray(263, 265).toString('latin1'),
      uname: field(block, 265, 32),
      gname: field(block, 297, 32),
      prefix: field(block, 345, 155),
    });
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return { headers, trailer: tar.subarray(pos) };
}
