/**
 * The simple-lowercase mapping in TypeScript, and its encoding as static data for the runtime.
 *
 * `lower-table.ts` (generated) is the single source of truth; the Wasm `$rt_lower` binary-searches
 * the bytes produced by {@link lowerTableBytes}, and {@link simpleLower} gives the reference
 * evaluator the identical mapping without relying on the host's ICU.
 */
import { LOWER_RANGES } from './lower-table.js';

/** Bytes per table row in static memory: first, last, delta, step (four i32). */
export const LOWER_ROW_SIZE = 16;

/** The table as little-endian i32 rows, for a data segment. */
export function lowerTableBytes(): Uint8Array {
  const b = new Uint8Array(LOWER_RANGES.length * LOWER_ROW_SIZE);
  const d = new DataView(b.buffer);
  LOWER_RANGES.forEach(([first, last, delta, step], i) => {
    d.setInt32(i * LOWER_ROW_SIZE, first, true);
    d.setInt32(i * LOWER_ROW_SIZE + 4, last, true);
    d.setInt32(i * LOWER_ROW_SIZE + 8, delta, true);
    d.setInt32(i * LOWER_ROW_SIZE + 12, step, true);
  });
  return b;
}

/** The simple lowercase of one code point (itself when it has none). */
export function lowerCodePoint(cp: number): number {
  let lo = 0;
  let hi = LOWER_RANGES.length - 1;
  // The last row whose first ≤ cp.
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = LOWER_RANGES[mid] as readonly [number, number, number, number];
    if (row[0] <= cp) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const row = LOWER_RANGES[found];
  if (!row) return cp;
  const [first, last, delta, step] = row;
  return cp <= last && (cp - first) % step === 0 ? cp + delta : cp;
}

/** Lowercases `s` one code point at a time with the shared table (lone surrogates kept). */
export function simpleLower(s: string): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(lowerCodePoint(ch.codePointAt(0) as number));
  return out;
}
