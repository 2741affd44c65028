/**
 * OPA's file digests for bundle signatures (opa-wasm-abi.md §12.4).
 *
 * OPA signs a bundle by listing a SHA-256 digest per file. Most files are hashed as raw bytes, but
 * "structured" files — base name `data.json`, `data.yaml`, `data.yml` or `.manifest` — are hashed
 * over a canonical JSON byte stream, so whitespace and key order do not change the digest. OPA
 * computes that stream in Go (`v1/bundle/hash.go`): it decodes the file with
 * `json.Decoder.UseNumber` into `map[string]any` and walks the value, writing objects with keys in
 * Go string (byte-wise) order and every scalar with `json.Encoder` (HTML escaping off). This file
 * reproduces it:
 *
 * 1. Strip a UTF-8 byte order mark.
 * 2. If the whole input is valid JSON (RFC 8259, as Go's `json.Valid`), read it with the small
 *    reader below, which keeps every number as its literal text (`1.50`, `1e3`, `-0`), because
 *    `JSON.parse` would turn `1.50` into `1.5` and change the digest. String bytes are decoded the
 *    way Go decodes them: each byte of an invalid UTF-8 sequence becomes U+FFFD, and an unpaired
 *    `\uD800`-style escape becomes U+FFFD. Duplicate keys: the last one wins (Go map semantics).
 * 3. Otherwise parse the input as YAML (first document) and convert it to JSON values, as OPA's
 *    `util.Unmarshal` does. This is best effort for plain data: OPA uses go-yaml v3, whose
 *    resolution of exotic scalars may differ from the `yaml` package's core schema.
 * 4. Write the canonical stream: `{` key `:` value `,` … `}` with keys sorted by their UTF-8
 *    bytes (JavaScript's default sort compares UTF-16 units, which orders U+E000–U+FFFF after
 *    astral characters — wrong here), `[` values `,` … `]`, numbers as their literal, `true`,
 *    `false`, `null`, no whitespace. Strings use Go's encoding with HTML escaping off: `\"`, `\\`,
 *    `\n`, `\r`, `\t`, `\b`, `\f`, other bytes below 0x20 as lowercase `\u00xx`, U+2028 and U+2029
 *    as `\u2028`/`\u2029`, everything else (including `<`, `>`, `&`, `/`, DEL and non-ASCII) raw.
 *    Because step 2 already replaced invalid UTF-8 by U+FFFD (valid UTF-8), the replacement
 *    character is written raw, exactly as Go's decode-then-encode round trip does (the spec's
 *    "invalid UTF-8 as `\ufffd`" holds only for Go strings that were never decoded; OPA v1.22.3
 *    writes the raw character here, as test/cross/bundle confirms).
 * 5. SHA-256, lowercase hex.
 *
 * The same encoder serialises the JavaScript values pactc writes (`canonicalJsonText`), so the
 * `data.json` we emit is already in canonical form and its digest is the hash of its bytes minus
 * the trailing newline.
 */
import { createHash } from 'node:crypto';
import * as YAML from 'yaml';
import { BundleError } from './error.js';

/** A JSON number kept as its literal text, exactly as it appeared in the input. */
export class JsonNumber {
  /** The literal, e.g. `2.50` or `-1e3`. */
  readonly literal: string;
  constructor(literal: string) {
    this.literal = literal;
  }
}

/** A JSON value read without loss: numbers as literals, objects as maps (last duplicate wins). */
export type JsonValue =
  | null
  | boolean
  | string
  | JsonNumber
  | readonly JsonValue[]
  | ReadonlyMap<string, JsonValue>;

/** Go's `encoding/json` refuses documents nested deeper than this. */
const MAX_DEPTH = 10_000;

/** The grammar of a JSON number (RFC 8259 §6). */
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** Lone UTF-16 surrogates, which Go turns into U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

class SyntaxFailure extends Error {}

/**
 * Decodes UTF-8 the way Go's `utf8.DecodeRune` does: every byte that does not start a valid
 * sequence becomes one U+FFFD (the WHATWG decoder behind `TextDecoder` replaces a truncated
 * sequence with a single U+FFFD instead, which would change digests).
 */
export function decodeUtf8Go(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  let run = start; // start of the current ASCII/valid run not yet appended
  let i = start;
  const flush = (to: number): void => {
    if (to > run) out += Buffer.from(bytes.buffer, bytes.byteOffset + run, to - run).toString('utf8');
  };
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const size = validSequenceLength(bytes, i, end);
    if (size > 0) {
      i += size;
      continue;
    }
    flush(i);
    out += '\uFFFD';
    i++;
    run = i;
  }
  flush(end);
  return out;
}

/** Returns the length of the valid UTF-8 sequence at `i`, or 0 (Go's `acceptRanges`). */
function validSequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean =>
    i + k < end && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Reads a complete JSON text (RFC 8259; surrounding whitespace allowed) without losing number
 * literals. Returns undefined when the bytes are not valid JSON, so callers can fall back to YAML
 * the way OPA does.
 */
export function parseJsonLiteral(bytes: Uint8Array): JsonValue | undefined {
  const reader = new LiteralReader(bytes);
  try {
    reader.skipSpace();
    const value = reader.value(0);
    reader.skipSpace();
    if (reader.pos !== bytes.length) return undefined;
    return value;
  } catch (e) {
    if (e instanceof SyntaxFailure) return undefined;
    throw e;
  }
}

/** A recursive-descent reader over bytes; throws `SyntaxFailure` on the first error. */
class LiteralReader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth >= MAX_DEPTH) throw new SyntaxFailure('exceeded max depth');
    const c = this.bytes[this.pos];
    switch (c) {
      case 0x7b: // {
        return this.object(depth + 1);
      case 0x5b: // [
        return this.array(depth + 1);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.word('true', true);
      case 0x66: // f
        return this.word('false', false);
      case 0x6e: // n
        return this.word('null', null);
      default:
        return this.number();
    }
  }

  private word<T>(text: string, value: T): T {
    for (let k = 0; k < text.length; k++) {
      if (this.bytes[this.pos + k] !== text.charCodeAt(k)) throw new SyntaxFailure(text);
    }
    this.pos += text.length;
    return value;
  }

  private number(): JsonNumber {
    const start = this.pos;
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
      if (!numeric) break;
      this.pos++;
    }
    const literal = Buffer.from(b.buffer, b.byteOffset + start, this.pos - start).toString('latin1');
    if (!NUMBER.test(literal)) throw new SyntaxFailure('number');
    return new JsonNumber(literal);
  }

  private expect(c: number): void {
    if (this.bytes[this.pos] !== c) throw new SyntaxFailure(String.fromCharCode(c));
    this.pos++;
  }

  private object(depth: number): ReadonlyMap<string, JsonValue> {
    const map = new Map<string, JsonValue>();
    this.expect(0x7b);
    this.skipSpace();
    if (this.bytes[this.pos] === 0x7d) {
      this.pos++;
      return map;
    }
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.pos] !== 0x22) throw new SyntaxFailure('key');
      const key = this.string();
      this.skipSpace();
      this.expect(0x3a);
      this.skipSpace();
      // Go map semantics: a later duplicate replaces the earlier value.
      map.set(key, this.value(depth));
      this.skipSpace();
      if (this.bytes[this.pos] === 0x2c) {
        this.pos++;
        continue;
      }
      this.expect(0x7d);
      return map;
    }
  }

  private array(depth: number): JsonValue[] {
    const items: JsonValue[] = [];
    this.expect(0x5b);
    this.skipSpace();
    if (this.bytes[this.pos] === 0x5d) {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth));
      this.skipSpace();
      if (this.bytes[this.pos] === 0x2c) {
        this.pos++;
        continue;
      }
      this.expect(0x5d);
      return items;
    }
  }

  private string(): string {
    const b = this.bytes;
    this.expect(0x22);
    let out = '';
    let run = this.pos;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (c === 0x22) {
        out += decodeUtf8Go(b, run, this.pos);
        this.pos++;
        return out.replace(LONE_SURROGATE, '\uFFFD');
      }
      if (c < 0x20) throw new SyntaxFailure('control character in string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += decodeUtf8Go(b, run, this.pos);
      this.pos++;
      out += this.escape();
      run = this.pos;
    }
    throw new SyntaxFailure('unterminated string');
  }

  private escape(): string {
    const c = this.bytes[this.pos++];
    switch (c) {
      case 0x22: return '"';
      case 0x5c: return '\\';
      case 0x2f: return '/';
      case 0x62: return '\b';
      case 0x66: return '\f';
      case 0x6e: return '\n';
      case 0x72: return '\r';
      case 0x74: return '\t';
      case 0x75: { // u: four hex digits; surrogate pairs are joined, lone halves fixed later
        const hex = Buffer.from(this.bytes.subarray(this.pos, this.pos + 4)).toString('latin1');
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxFailure('bad \\u escape');
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        throw new SyntaxFailure('bad escape');
    }
  }
}

/**
 * Encodes a string as Go's `json.Encoder` does with `SetEscapeHTML(false)` (Go ≥ 1.22). The
 * string must be well-formed UTF-16; lone surrogates are written as U+FFFD.
 */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp !== 0x22 && cp !== 0x5c && cp !== 0x2028 && cp !== 0x2029) {
      out += cp >= 0xd800 && cp <= 0xdfff ? '\uFFFD' : ch;
      continue;
    }
    switch (cp) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      default: out += '\\u' + cp.toString(16).padStart(4, '0');
    }
  }
  return out + '"';
}

/** Orders strings by their UTF-8 bytes, which is code point order (not UTF-16 unit order). */
export function compareUtf8(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Writes a value as OPA's canonical JSON text (no whitespace, keys in UTF-8 byte order). */
export function canonicalText(value: JsonValue): string {
  const parts: string[] = [];
  const walk = (v: JsonValue): void => {
    if (v === null) parts.push('null');
    else if (typeof v === 'boolean') parts.push(v ? 'true' : 'false');
    else if (typeof v === 'string') parts.push(goJsonString(v));
    else if (v instanceof JsonNumber) parts.push(v.literal);
    else if (Array.isArray(v)) {
      parts.push('[');
      v.forEach((e, i) => {
        if (i > 0) parts.push(',');
        walk(e);
      });
      parts.push(']');
    } else {
      const map = v as ReadonlyMap<string, JsonValue>;
      const keys = [...map.keys()].sort(compareUtf8);
      parts.push('{');
      keys.forEach((k, i) => {
        if (i > 0) parts.push(',');
        parts.push(goJsonString(k), ':');
        walk(map.get(k)!);
      });
      parts.push('}');
    }
  };
  walk(value);
  return parts.join('');
}

/**
 * Converts a plain JavaScript value (what pactc puts in `data.json` or the manifest) into a
 * `JsonValue`. Numbers must be finite and are written as `JSON.stringify` writes them; bigints
 * as their decimal digits. Anything JSON cannot represent — undefined, functions, symbols,
 * non-finite numbers, class instances such as `Date` or `Map`, cycles — is an error naming the
 * offending path, so a bundle never silently drops a field.
 */
export function fromJs(value: unknown, path = '$'): JsonValue {
  return fromJsAt(value, path, new Set());
}

function fromJsAt(value: unknown, path: string, seen: Set<object>): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a JSON number`);
    return new JsonNumber(JSON.stringify(value));
  }
  if (typeof value === 'bigint') return new JsonNumber(value.toString());
  if (typeof value !== 'object') throw new TypeError(`${path}: a ${typeof value} is not JSON data`);
  if (seen.has(value)) throw new TypeError(`${path}: cyclic value`);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((e, i) => fromJsAt(e, `${path}[${i}]`, seen));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${path}: a ${value.constructor?.name ?? 'class'} instance is not plain JSON data`);
    }
    const map = new Map<string, JsonValue>();
    for (const [k, v] of Object.entries(value)) {
      map.set(k.replace(LONE_SURROGATE, '\uFFFD'), fromJsAt(v, `${path}.${k}`, seen));
    }
    return map;
  } finally {
    seen.delete(value);
  }
}

/** Serialises a plain JavaScript value as canonical JSON text (see `fromJs` for what is allowed). */
export function canonicalJsonText(value: unknown): string {
  return canonicalText(fromJs(value));
}

/**
 * Parses YAML (the first document, as OPA does) into a `JsonValue`. Integers stay exact (read as
 * bigints); other numbers are written as JavaScript prints them, which matches Go's shortest
 * float formatting for ordinary values. Throws when the text is not YAML or holds a value JSON
 * cannot represent.
 */
export function parseYamlAsJson(text: string): JsonValue {
  // Duplicate keys stay an error (the yaml default), as in go-yaml v3.
  const docs = YAML.parseAllDocuments(text, { intAsBigInt: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const first = doc.errors[0];
    if (first) throw new TypeError(`invalid YAML: ${first.message.split('\n')[0] ?? ''}`);
  }
  const doc = list[0];
  if (!doc) return null;
  const js: unknown = doc.toJS({ mapAsMap: true, maxAliasCount: 1000 });
  return yamlValue(js, '$');
}

function yamlValue(v: unknown, path: string): JsonValue {
  if (v === undefined || v === null) return null;
  if (v instanceof Map) {
    const map = new Map<string, JsonValue>();
    for (const [k, e] of v as Map<unknown, unknown>) {
      const key = typeof k === 'string' ? k : String(k);
      map.set(key, yamlValue(e, `${path}.${key}`));
    }
    return map;
  }
  if (Array.isArray(v)) return v.map((e, i) => yamlValue(e, `${path}[${i}]`));
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Set) return [...v].map((e, i) => yamlValue(e, `${path}[${i}]`));
  return fromJs(v, path);
}

/** Strips a leading UTF-8 byte order mark. */
function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    ? bytes.subarray(3)
    : bytes;
}

/**
 * Returns the canonical JSON bytes OPA hashes for a structured file: JSON if the bytes are valid
 * JSON, else YAML converted to JSON. Throws a `BundleError` when the file is neither.
 */
export function canonicalBytes(bytes: Uint8Array, name = 'file'): Uint8Array {
  const body = stripBom(bytes);
  let value = parseJsonLiteral(body);
  if (value === undefined) {
    try {
      value = parseYamlAsJson(decodeUtf8Go(body));
    } catch (e) {
      throw new BundleError(
        'invalid-structured-file',
        `${name}: neither JSON nor YAML (${e instanceof Error ? e.message : String(e)})`,
        { cause: e },
      );
    }
  }
  return Buffer.from(canonicalText(value), 'utf8');
}

/** Returns the base name of a bundle path (`/a/b/data.json` → `data.json`). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * Returns whether OPA hashes this file canonically rather than as raw bytes: OPA v1.22's
 * `IsStructuredDoc`, base name `data.json`, `data.yaml`, `data.yml` or `.manifest`. (The spec's
 * §12.4 describes an older OPA that hashed `data.yml` raw; current OPA, checked by the cross test,
 * hashes it canonically. The signatures file is never listed, so it needs no rule.)
 */
export function isStructuredFile(path: string): boolean {
  const base = baseName(path);
  return base === 'data.json' || base === 'data.yaml' || base === 'data.yml' || base === '.manifest';
}

/** Returns the lowercase hex SHA-256 of some bytes or a UTF-8 string. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Returns the digest OPA records for a bundle file in `.signatures.json`: lowercase hex SHA-256 of
 * the canonical JSON bytes for structured files, of the raw bytes for all others. `name` may be
 * given with or without the leading `/`.
 */
export function digestFile(name: string, bytes: Uint8Array): string {
  return sha256Hex(isStructuredFile(name) ? canonicalBytes(bytes, name) : bytes);
}
