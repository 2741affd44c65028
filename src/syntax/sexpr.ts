/**
 * Debug printing and structural comparison of ASTs, for goldens and round-trip tests.
 *
 * {@link sexpr} renders any node as an s-expression that shows the tree's structure explicitly
 * (every operator application is parenthesised, so precedence is visible): the syntax golden of
 * the style guide §4. The tree is first converted to nested lists, then laid out by a small
 * Wadler-style rule: a list goes on one line when it fits in {@link SEXPR_WIDTH} columns from
 * its indentation, otherwise its head stays on the first line and each element goes on its own
 * line, indented by two.
 *
 * {@link equalModuloSpans} compares two trees ignoring `id`, `span`, every `…Span` field and the
 * module's comments — what `parse(format(m))` must preserve. {@link stripSpans} returns the
 * compared projection, so tests can show a readable diff when trees differ.
 */
import type * as ast from './ast.js';

type SExp = string | readonly SExp[];

/** Columns an s-expression list may take on one line before it is broken. */
export const SEXPR_WIDTH = 90;

const q = (s: string) => JSON.stringify(s);

function tree(n: ast.AnyNode): SExp {
  switch (n.kind) {
    case 'Module':
      return [
        'module',
        ...(n.header ? [tree(n.header)] : []),
        ...n.decls.map(tree),
        ...n.comments.map((c) => ['comment', q(c.text), ...(c.trailing ? ['trailing'] : [])]),
      ];
    case 'Pact':
      return ['pact', n.name.text, q(n.version.value)];
    case 'UseStd':
      return ['use', ['std', ...n.path.map((p) => p.text)]];
    case 'UseFile':
      return ['use', q(n.path.value)];
    case 'Enum':
      return ['enum', n.name.text, ...n.members.map((m) => m.text)];
    case 'Input':
      return ['input', ...n.fields.map(tree)];
    case 'Data':
      return ['data', ...n.fields.map(tree)];
    case 'Let':
      return ['let', n.name.text, tree(n.value)];
    case 'NamedType':
      return n.name.text;
    case 'CollectionType':
      return [n.collection, tree(n.element)];
    case 'RecordType':
      return ['record', ...n.fields.map(tree)];
    case 'Field':
      return ['field', n.name.text + (n.optional ? '?' : ''), tree(n.type), ...n.annotations.map(tree)];
    case 'DataField':
      return ['field', n.name.text, tree(n.type), ...n.annotations.map(tree), ...(n.value ? [['default', tree(n.value)]] : [])];
    case 'Annotation':
      return [`@${n.name.text}`, ...n.args.map(tree)];
    case 'Rule':
      return [
        n.effect,
        n.name.text,
        ...(n.roles.length > 0 ? [['to', ...n.roles.map((r) => q(r.value))]] : []),
        ...n.clauses.map(tree),
        ...n.grants.map(tree),
        ...(n.because ? [['because', q(n.because.value)]] : []),
      ];
    case 'When':
    case 'Unless':
      return [n.kind === 'When' ? 'when' : 'unless', tree(n.condition)];
    case 'Grant':
      return ['grant', q(n.secret.value), q(n.scope.value), n.ttl.text];
    case 'Test':
      return [
        'test',
        q(n.name.value),
        ...(n.input ? [['input', tree(n.input)]] : []),
        ...(n.data ? [['data', tree(n.data)]] : []),
        ...(n.expect ? [tree(n.expect)] : []),
      ];
    case 'Expect':
      return ['expect', n.effect, ...(n.by.length > 0 ? [['by', ...n.by.map((b) => b.text)]] : [])];
    case 'Property':
      return ['property', q(n.name.value), ...(n.given ? [['given', tree(n.given)]] : []), ['expect', ...n.effects.map((e) => e.effect)]];
    case 'Number':
      return n.text;
    case 'Duration':
      return `${n.text}=${n.seconds}s`;
    case 'String':
      return q(n.value);
    case 'Bool':
      return String(n.value);
    case 'Null':
      return 'null';
    case 'Array':
      return ['array', ...n.items.map(tree)];
    case 'Object':
      return ['object', ...n.entries.map(tree)];
    case 'Entry':
      return [n.bare ? n.key : q(n.key), tree(n.value)];
    case 'List':
      return ['list', ...n.items.map(tree)];
    case 'Path':
      return [n.root, ...n.fields].map((f) => f.text).join('.');
    case 'Unary':
      return [n.op === '-' ? 'neg' : n.op, tree(n.operand)];
    case 'Binary':
      return [n.op, tree(n.left), tree(n.right)];
    case 'Call':
      return ['call', n.callee.text, ...n.args.map(tree)];
    case 'Has':
      return ['has', tree(n.path)];
    case 'Quantifier':
      return [n.quantifier, n.variable.text, tree(n.collection), tree(n.body)];
    case 'Name':
      return n.text;
  }
}

function flat(s: SExp): string {
  return typeof s === 'string' ? s : `(${s.map(flat).join(' ')})`;
}

function layout(s: SExp, indent: number): string {
  const one = flat(s);
  if (typeof s === 'string' || indent + one.length <= SEXPR_WIDTH || s.length < 2) return one;
  const pad = ' '.repeat(indent + 2);
  // Atoms right after the head stay on the head's line while they fit: `(permit small_refund`.
  let headText = typeof s[0] === 'string' ? s[0] : layout(s[0]!, indent + 1);
  let i = 1;
  while (i < s.length && typeof s[i] === 'string' && indent + headText.length + (s[i] as string).length + 2 <= SEXPR_WIDTH) {
    headText += ` ${s[i] as string}`;
    i++;
  }
  return `(${headText}${s.slice(i).map((x) => `\n${pad}${layout(x, indent + 2)}`).join('')})`;
}

/** Renders a node as an indented s-expression (the syntax golden format). */
export function sexpr(node: ast.AnyNode): string {
  return layout(tree(node), 0);
}

// ---------------------------------------------------------------------------------------------
// Structural comparison

function ignored(key: string): boolean {
  return key === 'id' || key === 'span' || key.endsWith('Span') || key === 'comments';
}

/** The tree without ids, spans and comments: what a round trip through `format` preserves. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!ignored(k) && v !== undefined) out[k] = stripSpans(v);
  }
  return out;
}

/** True when two trees are equal ignoring ids, spans, `…Span` fields and comments. */
export function equalModuloSpans(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equalModuloSpans(x, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = (o: object) => Object.keys(o).filter((k) => !ignored(k) && (o as Record<string, unknown>)[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => equalModuloSpans((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
