/**
 * The runtime's value hash, mirrored in TypeScript.
 *
 * Objects and sets index their entries by this hash (see `layout.ts`); static data prebuilt at
 * compile time (`static-data.ts`) must therefore compute exactly what the Wasm function
 * `$value_hash` (in `values.ts`) computes, and `test/wasm/values.test.ts` checks they agree.
 *
 * The hash is consistent with the runtime's equality: numbers hash their f64 (so `1`, `1.0` and
 * `1e0` collide, as they are equal), strings hash their UTF-8 bytes with FNV-1a, arrays combine
 * element hashes in order, objects and sets add up per-entry hashes (order-independent). There is
 * no seed: hashes must be identical in every instance (Go pool, §5.6).
 */
import { FNV, T } from './layout.js';
import { wtf8 } from '../wtf8.js';

/** 32-bit FNV-1a over bytes, as a signed 32-bit integer. */
export function fnv1a(bytes: Uint8Array): number {
  let h = FNV.OFFSET | 0;
  for (const b of bytes) h = Math.imul(h ^ b, FNV.PRIME);
  return h | 0;
}

/** The murmur3 finaliser: spreads the bits of a 32-bit hash. */
export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hash of an f64 (−0 hashes as 0). */
export function numberHash(x: number): number {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, x === 0 ? 0 : x, true);
  return fmix32(d.getInt32(0, true) ^ d.getInt32(4, true));
}

/** A JSON-like value for {@link valueHash}; sets are `{ set: [...] }` only via `SetOf`. */
export type HashValue = null | boolean | number | string | readonly HashValue[] | { readonly [k: string]: HashValue } | SetOf;

/** A set of values, for hashing. */
export class SetOf {
  constructor(readonly items: readonly HashValue[]) {}
}

/** The runtime's hash of a value. */
export function valueHash(v: HashValue): number {
  if (v === null) return T.NULL;
  if (v === true) return T.BOOL + 1;
  if (v === false) return T.BOOL;
  if (typeof v === 'number') return numberHash(v);
  if (typeof v === 'string') return fnv1a(wtf8(v));
  if (v instanceof SetOf) {
    let h: number = T.SET;
    for (const e of v.items) h = (h + fmix32(valueHash(e))) | 0;
    return h;
  }
  if (Array.isArray(v)) {
    let h: number = T.ARRAY;
    for (const e of v as readonly HashValue[]) h = (Math.imul(h, 31) + valueHash(e)) | 0;
    return fmix32(h);
  }
  let h: number = T.OBJECT;
  const o = v as { readonly [k: string]: HashValue };
  for (const k of Object.keys(o)) {
    h = (h + fmix32(valueHash(k) ^ Math.imul(valueHash(o[k] as HashValue), 0x9e3779b1))) | 0;
  }
  return h;
}
