/**
 * Rego value text for the Go-host tests: a reader for what `opa_value_dump` writes (what Go's
 * `ast.ParseTerm` reads) and a writer that mimics Go's `ast.Value.String()` (spaces after `:` and
 * `,`, sets as `{…}`/`set()`, strings quoted by `strconv.Quote`).
 *
 * Sets are represented in JS as {@link RegoSet}; everything else is plain JSON.
 */

/** A Rego set in JS. */
export class RegoSet {
  constructor(readonly items: unknown[]) {}
}

/** A Rego object with non-string keys in JS. */
export class RegoMap {
  constructor(readonly entries: [unknown, unknown][]) {}
}

/** Parses Rego value text (JSON plus sets and non-string keys). Throws on anything else. */
export function parseRego(text: string): unknown {
  let i = 0;
  const ws = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, out;
        else throw new Error(`bad array at ${i}`);
      }
    }
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return i++, {};
      const first = value();
      ws();
      if (text[i] === ':') {
        const entries: [unknown, unknown][] = [];
        i++;
        entries.push([first, value()]);
        for (;;) {
          ws();
          if (text[i] === '}') {
            i++;
            break;
          }
          if (text[i] !== ',') throw new Error(`bad object at ${i}`);
          i++;
          const k = value();
          ws();
          if (text[i++] !== ':') throw new Error(`bad object at ${i}`);
          entries.push([k, value()]);
        }
        if (entries.every(([k]) => typeof k === 'string')) return Object.fromEntries(entries as [string, unknown][]);
        return new RegoMap(entries);
      }
      const items = [first];
      for (;;) {
        ws();
        if (text[i] === '}') return i++, new RegoSet(items);
        if (text[i] !== ',') throw new Error(`bad set at ${i}`);
        i++;
        items.push(value());
      }
    }
    if (text.startsWith('set()', i)) return (i += 5), new RegoSet([]);
    const m = /^(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) throw new Error(`bad value at ${i}: ${text.slice(i, i + 20)}`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`trailing text at ${i}`);
  return v;
}

/** Go's `strconv.Quote`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\', 34: '\\"' };
    if (esc[cp] !== undefined) out += esc[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp !== 0x20 && /[\p{C}\p{Z}]/u.test(ch)) {
      out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** Go's `ast.Value.String()` of a JS value (sets as {@link RegoSet}). */
export function goText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'string') return goQuote(v);
  if (v instanceof RegoSet) return v.items.length === 0 ? 'set()' : `{${v.items.map(goText).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(goText).join(', ')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .map((k) => `${goQuote(k)}: ${goText(o[k])}`)
    .join(', ')}}`;
}
