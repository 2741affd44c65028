/**
 * Where JSON text first goes wrong. `JSON.parse` names the offending offset in some messages only
 * (V8 says `Unexpected token 'o', "not json" is not valid JSON` with none), so the CLI finds it
 * itself to report `FILE:LINE:COL`. A syntax scan of RFC 8259, no values built; containers are
 * tracked on an explicit stack, so deep nesting cannot overflow the call stack.
 */

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The offset of the first character that makes `text` not JSON, or undefined if it is JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const stack: ('[' | '{')[] = [];
  const ws = (): void => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  /** A string at `i` (its opening quote); on failure `i` is at the offending character. */
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length; ) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        if (!match(ESCAPE)) return false;
      } else i++;
    }
    return false;
  };
  /** After `{` or `,` in an object: a key and its colon. */
  const key = (): boolean => {
    ws();
    if (!string()) return false;
    ws();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  for (;;) {
    // A value.
    ws();
    const c = text[i];
    if (c === '[' || c === '{') {
      i++;
      ws();
      if (text[i] === (c === '[' ? ']' : '}')) i++;
      else {
        stack.push(c);
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      // The longest number there; what follows it is then the offending character.
      if (!match(NUMBER)) return i;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return i;
    // Close containers, or go on to the next element.
    for (;;) {
      ws();
      const open = stack[stack.length - 1];
      if (open === undefined) return i < text.length ? i : undefined;
      if (text[i] === ',') {
        i++;
        if (open === '{' && !key()) return i;
        break;
      }
      if (text[i] !== (open === '[' ? ']' : '}')) return i;
      i++;
      stack.pop();
    }
  }
}
