/**
 * The `@sensitive` fields of the input document, as wildcard JSON pointers.
 *
 * A decision log must mask every input field the pact marks `@sensitive` (spec §3), but the host
 * has only the bundle, so the paths are written into it: either computed here from the checked
 * pact at build time, or recovered from the bundle's `/schema/input.json` (its
 * `x-pact-sensitive` keywords) at run time. Both give the same list.
 *
 * A path is a JSON pointer (RFC 6901) rooted at the log record, as OPA's `erased`/`masked`
 * pointers are: `/input/card/number`. A `*` token stands for every element of a list or set:
 * `/input/customers/*\/email` masks the `email` of every customer. `*` is unambiguous because a
 * declared field name is an identifier. A field inside a sensitive field is covered by it, so
 * only the outermost sensitive field of a branch is listed. Data fields are not listed: the
 * decision log records the input, not the data.
 */
import type { CheckedPact, Type } from '../../check/types.js';
import type { PactJsonSchema } from './json-schema.js';

/** The pointer token that matches every element of an array. */
export const WILDCARD = '*';

/** Escapes one JSON pointer token (RFC 6901 §3: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Unescapes one JSON pointer token (RFC 6901 §4: `~1` → `/`, then `~0` → `~`). */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Returns the wildcard pointers of the pact's `@sensitive` input fields, in schema order. */
export function sensitivePaths(pact: CheckedPact): string[] {
  const out: string[] = [];
  const walk = (t: Type, prefix: string): void => {
    if (t.kind === 'record') {
      for (const f of t.fields) {
        const p = `${prefix}/${escapePointerToken(f.name)}`;
        if (f.sensitive) out.push(p);
        else walk(f.type, p);
      }
    } else if (t.kind === 'list' || t.kind === 'set') {
      walk(t.element, `${prefix}/${WILDCARD}`);
    }
  };
  walk(pact.input, '/input');
  return out;
}

/**
 * Returns the wildcard pointers of the `x-pact-sensitive` fields of an input schema written by
 * {@link inputJsonSchema} (loaded from a bundle as plain JSON), in schema order.
 */
export function sensitivePathsFromSchema(schema: PactJsonSchema): string[] {
  const out: string[] = [];
  const walk = (s: PactJsonSchema, prefix: string): void => {
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const p = `${prefix}/${escapePointerToken(name)}`;
      if (child['x-pact-sensitive'] === true) out.push(p);
      else walk(child, p);
    }
    if (s.items) walk(s.items, `${prefix}/${WILDCARD}`);
  };
  walk(schema, `/${schema['x-pact-document'] ?? 'input'}`);
  return out;
}
