/**
 * What the runtime's WAT sources may refer to besides each other: static strings.
 *
 * Every runtime source file exports a function from a {@link RuntimeContext} to WAT text. The
 * context lays out the static bytes the text mentions (abort messages, keywords, tables) and
 * interpolates their addresses, so `(call $abort ${c.cstr('opa_malloc: failed')})` reads like
 * the program it is. Layout is deterministic: the same runtime always gets the same addresses.
 */
import type { StaticData } from '../static-data.js';

/** The services a runtime source file uses while producing its text. */
export interface RuntimeContext {
  /** The runtime's static data (laid out from `STATIC.DATA_START`). */
  readonly statics: StaticData;
  /** `(i32.const addr)` of a NUL-terminated static copy of `s`. */
  cstr(s: string): string;
  /** `(i32.const ptr) (i32.const len)` of static UTF-8 bytes of `s`. */
  str(s: string): string;
  /** `(i32.const addr)` of static bytes, aligned. */
  bytes(b: Uint8Array, align?: number): string;
  /** `(i32.const addr)` of a prebuilt static string value. */
  strValue(s: string): string;
}

/** Creates a context over `statics`. */
export function runtimeContext(statics: StaticData): RuntimeContext {
  return {
    statics,
    cstr: (s) => `(i32.const ${statics.cstr(s)})`,
    str: (s) => {
      const { ptr, len } = statics.string(s);
      return `(i32.const ${ptr}) (i32.const ${len})`;
    },
    bytes: (b, align = 1) => `(i32.const ${statics.bytes(b, align)})`,
    strValue: (s) => `(i32.const ${statics.stringValue(s)})`,
  };
}
