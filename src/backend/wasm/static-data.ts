/**
 * Static data: the bytes that active data segments place in memory before any code runs.
 *
 * A {@link StaticData} hands out addresses from a starting offset upwards and remembers the bytes
 * to put there; `segments()` turns them into data segments. Identical requests are deduplicated
 * (one copy of each string literal), and layout is append-only and deterministic, so the same
 * sequence of requests always gives the same addresses — a requirement of the Go host's pool,
 * which copies raw memory between instances (§5.6).
 *
 * Besides raw bytes it can prebuild immutable values in the runtime's representation
 * (`runtime/layout.ts`): strings, numbers, and whole constant JSON trees. Such values cost no
 * allocation at run time; they must never be mutated (the runtime never mutates values it did not
 * create, except `opa_value_add_path`/`remove_path` on the host's data document, which is always
 * a heap value).
 */
import { ARR, BOOL, NUM, OBJ, STATIC, STR, T } from './runtime/layout.js';
import { fnv1a, valueHash } from './runtime/hash.js';
import { wtf8 } from './wtf8.js';
import type { DataSegment } from './module.js';

/** A static string: the address and byte length of its UTF-8 bytes. */
export interface StaticString {
  readonly ptr: number;
  readonly len: number;
}

/** A JSON-like constant that can be prebuilt in static memory. */
export type StaticJson = null | boolean | number | string | readonly StaticJson[] | { readonly [k: string]: StaticJson };

/** Lays out static memory from a base address. */
export class StaticData {
  private readonly chunks: { addr: number; bytes: Uint8Array }[] = [];
  private next: number;
  private readonly dedup = new Map<string, number>();

  /** Starts laying out at `base`. */
  constructor(readonly base: number) {
    this.next = base;
  }

  /** The first free address after everything laid out so far. */
  get end(): number {
    return this.next;
  }

  /** Places `bytes` at an address aligned to `align` and returns it (deduplicated). */
  bytes(bytes: Uint8Array, align = 1): number {
    const key = `${align}:${Buffer.from(bytes).toString('base64')}`;
    const seen = this.dedup.get(key);
    if (seen !== undefined) return seen;
    const addr = alignUp(this.next, align);
    this.chunks.push({ addr, bytes: Uint8Array.from(bytes) });
    this.next = addr + bytes.length;
    this.dedup.set(key, addr);
    return addr;
  }

  /** Reserves `n` zeroed bytes that are never shared with another request (scratch space). */
  reserve(n: number, align = 8): number {
    const addr = alignUp(this.next, align);
    this.chunks.push({ addr, bytes: new Uint8Array(n) });
    this.next = addr + n;
    return addr;
  }

  /** Places the UTF-8 bytes of `s` (no terminator; a lone surrogate in WTF-8 form, see {@link wtf8}). */
  string(s: string): StaticString {
    const b = wtf8(s);
    return { ptr: b.length === 0 ? STATIC.DATA_START : this.bytes(b), len: b.length };
  }

  /** Places a NUL-terminated copy of `s` (for `opa_abort` messages) and returns its address. */
  cstr(s: string): number {
    const b = new TextEncoder().encode(s);
    const z = new Uint8Array(b.length + 1);
    z.set(b);
    return this.bytes(z);
  }

  /** Prebuilds a constant value and returns its address. Object keys keep their order. */
  value(v: StaticJson): number {
    if (v === null) return STATIC.NULL;
    if (v === true) return STATIC.TRUE;
    if (v === false) return STATIC.FALSE;
    if (typeof v === 'number') return this.numberValue(v);
    if (typeof v === 'string') return this.stringValue(v);
    if (Array.isArray(v)) return this.arrayValue(v as readonly StaticJson[]);
    return this.objectValue(v as { readonly [k: string]: StaticJson });
  }

  /** Prebuilds a string value. */
  stringValue(s: string): number {
    const { ptr, len } = this.string(s);
    const h = new Uint8Array(STR.size);
    const d = new DataView(h.buffer);
    h[0] = T.STRING;
    d.setInt32(STR.len, len, true);
    d.setInt32(STR.ptr, ptr, true);
    return this.bytes(h, 8);
  }

  /** Prebuilds a number value (f64 cached; dumped like `JSON.stringify`). */
  numberValue(x: number): number {
    if (!Number.isFinite(x)) throw new Error(`wasm: static number must be finite: ${x}`);
    const h = new Uint8Array(NUM.size);
    const d = new DataView(h.buffer);
    h[0] = T.NUMBER;
    h[NUM.flags] = NUM.HAS_F64;
    d.setFloat64(NUM.f64, x, true);
    return this.bytes(h, 8);
  }

  /** Prebuilds an array value. */
  arrayValue(items: readonly StaticJson[]): number {
    const elems = items.map((i) => this.value(i));
    const slots = this.words(elems);
    const h = new Uint8Array(ARR.size);
    const d = new DataView(h.buffer);
    h[0] = T.ARRAY;
    d.setInt32(ARR.len, elems.length, true);
    d.setInt32(ARR.cap, elems.length, true);
    d.setInt32(ARR.elems, slots, true);
    return this.bytes(h, 8);
  }

  /** Prebuilds an object value with string keys, hash index included. */
  objectValue(o: { readonly [k: string]: StaticJson }): number {
    const keys = Object.keys(o);
    const entries = keys.map((k) => {
      const value = o[k] as StaticJson;
      return { key: this.stringValue(k), value: this.value(value), hash: fnv1a(wtf8(k)) };
    });
    return this.table(T.OBJECT, entries);
  }

  /** Prebuilds a set value of scalars or nested constants. */
  setValue(items: readonly StaticJson[]): number {
    const entries: { key: number; value: number; hash: number }[] = [];
    const seen = new Set<string>();
    for (const it of items) {
      const k = JSON.stringify(it);
      if (seen.has(k)) continue;
      seen.add(k);
      entries.push({ key: this.value(it), value: 0, hash: valueHash(it) });
    }
    return this.table(T.SET, entries);
  }

  /** Returns the data segments (one per chunk, in address order). */
  segments(): DataSegment[] {
    return [...this.chunks].sort((a, b) => a.addr - b.addr).map((c) => ({ offset: c.addr, bytes: c.bytes }));
  }

  private words(ws: readonly number[]): number {
    const b = new Uint8Array(Math.max(4, ws.length * 4));
    const d = new DataView(b.buffer);
    ws.forEach((w, i) => d.setInt32(i * 4, w, true));
    // Unique per call: containers must not share element storage.
    const addr = alignUp(this.next, 8);
    this.chunks.push({ addr, bytes: b });
    this.next = addr + b.length;
    return addr;
  }

  private table(tag: number, entries: readonly { key: number; value: number; hash: number }[]): number {
    let cap = 0;
    if (entries.length > 0) {
      cap = 4;
      while (cap < entries.length) cap *= 2;
    }
    let entriesAddr = 0;
    let indexAddr = 0;
    if (cap > 0) {
      const e = new Uint8Array(cap * OBJ.ENTRY);
      const ed = new DataView(e.buffer);
      entries.forEach((en, i) => {
        ed.setInt32(i * OBJ.ENTRY + OBJ.KEY, en.key, true);
        ed.setInt32(i * OBJ.ENTRY + OBJ.VALUE, en.value, true);
        ed.setInt32(i * OBJ.ENTRY + OBJ.HASH, en.hash, true);
      });
      const slots = new Int32Array(cap * 2);
      const mask = cap * 2 - 1;
      entries.forEach((en, i) => {
        let s = en.hash & mask;
        while (slots[s] !== 0) s = (s + 1) & mask;
        slots[s] = i + 1;
      });
      entriesAddr = alignUp(this.next, 8);
      this.chunks.push({ addr: entriesAddr, bytes: e });
      this.next = entriesAddr + e.length;
      indexAddr = this.words(Array.from(slots));
    }
    const h = new Uint8Array(OBJ.size);
    const d = new DataView(h.buffer);
    h[0] = tag;
    d.setInt32(OBJ.len, entries.length, true);
    d.setInt32(OBJ.cap, cap, true);
    d.setInt32(OBJ.entries, entriesAddr, true);
    d.setInt32(OBJ.index, indexAddr, true);
    return this.bytes(h, 8);
  }
}

/**
 * Merges data chunks into few segments: chunks closer than 16 bytes join (the gap is zero
 * filled), and segments that are all zeros are dropped — every host hands a module a fresh,
 * zeroed memory, so they would only restate it.
 */
export function mergeSegments(chunks: readonly DataSegment[]): DataSegment[] {
  const sorted = [...chunks].filter((c) => c.bytes.length > 0).sort((a, b) => a.offset - b.offset);
  const out: { offset: number; parts: Uint8Array[]; end: number }[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.offset < last.end) throw new Error(`wasm: overlapping static data at ${c.offset}`);
    if (last && c.offset - last.end <= 16) {
      last.parts.push(new Uint8Array(c.offset - last.end), c.bytes);
      last.end = c.offset + c.bytes.length;
    } else out.push({ offset: c.offset, parts: [c.bytes], end: c.offset + c.bytes.length });
  }
  return out
    .map((seg) => {
      const bytes = new Uint8Array(seg.end - seg.offset);
      let at = 0;
      for (const p of seg.parts) {
        bytes.set(p, at);
        at += p.length;
      }
      return { offset: seg.offset, bytes };
    })
    .filter((seg) => seg.bytes.some((b) => b !== 0));
}

/** Rounds `n` up to a multiple of `align` (a power of two). */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/** The bool header bytes (for the static singletons). */
export function boolHeader(value: boolean): Uint8Array {
  const h = new Uint8Array(8);
  h[0] = T.BOOL;
  h[BOOL.value] = value ? 1 : 0;
  return h;
}

/**
 * The JSON text the runtime's dump writes for a static document (`runtime/json-dump.ts`): keys in
 * order, no spaces; strings escape `"`, `\`, `\n`, `\r`, `\t`, other bytes below 0x20 as
 * `\u00xx` and lone surrogates as `\udxxx` (lowercase hex), everything else raw; numbers as
 * `JSON.stringify` writes them.
 */
export function jsonText(v: StaticJson): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'string') {
    let out = '"';
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < v.length && (v.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        out += v.slice(i, i + 2);
        i++;
      } else if ((c & 0xf800) === 0xd800) out += `\\u${c.toString(16)}`;
      else if (c === 0x22) out += '\\"';
      else if (c === 0x5c) out += '\\\\';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x09) out += '\\t';
      else if (c < 0x20) out += `\\u00${c.toString(16).padStart(2, '0')}`;
      else out += v[i];
    }
    return `${out}"`;
  }
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  return `{${Object.entries(v as { readonly [k: string]: StaticJson }).map(([k, x]) => `${jsonText(k)}:${jsonText(x)}`).join(',')}}`;
}
