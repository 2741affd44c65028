/**
 * Schemas: type expressions, field annotations, and the merged `input` and `data` documents.
 *
 * Type expressions resolve against the built-in scalar names and the program's enums (an enum
 * from any loaded module; names share one namespace). Fields carry annotations, each checked
 * against its field's type:
 *
 *   `@trust(higher|lower)`  on `int`, `number`, `duration` — a trust signal, which way is safer
 *   `@trust(true|false)`    on `bool`
 *   `@range(lo, hi)`        on numbers, `lo <= hi`, inclusive bounds
 *   `@sensitive`            on anything; decision logs mask the value
 *
 * A wrong type is P2050, an unknown name P2051 (with a suggestion), bad arguments P2052 and a
 * repeated annotation P2053. `@trust` belongs on input fields: data are the operator's
 * tunables, not signals about the agent.
 *
 * The input document is the union of every `input { … }` block of the pact and of the libraries
 * it uses (libraries first, in load order), plus the built-in `approval?: { by: string,
 * role: string }`. Blocks merge field by field: two declarations of one field agree when both
 * are records (merged recursively) or have the same type, optionality and compatible
 * annotations; otherwise the later one is P2020 with the earlier one as a related location. A
 * field written twice in *one* record or block is P2012.
 *
 * The data document is the list of every `data { … }` field followed by the built-ins
 * `kill_switch: bool = false` and `revoked: set<string> = []`; a data field may be declared only
 * once anywhere (P2012), and its default must conform to its type and range (P2027).
 *
 * Literals against types (the end of this file): data defaults and test inputs are literals,
 * not expressions. {@link literalJson} converts one to the JSON the engines see (durations
 * become seconds, later duplicate keys win); {@link conform} walks one against a type the way
 * the decision procedure validates a real input (spec §5 step 2), collecting {@link Problem}s
 * worded like the run-time violations of `decision/index.ts` — so the checker's
 * "`input.trust.score` must be between 0 and 1" reads like the `invalid_input` reason
 * the test would otherwise produce. Object keys the type does not declare are reported as
 * `unknown` problems with the nearest declared field; callers decide whether they matter (a
 * data default may not have them, a test input may).
 *
 * Numbers are lenient in the way §2 allows: a duration literal is a number of seconds, so it
 * fits `int`, `number` and `duration`, and a plain number fits `duration`.
 */
import { fieldPath, indexPath, violation, type Expected } from '../decision/index.js';
import { NO_SPAN, type Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import { didYouMean, nearest } from '../diag/index.js';
import { meant, type Reporter } from './errors.js';
import { describeType, isError, isNumeric, SCALAR_TYPE_NAMES, sameType, showType, T, type EnumType, type FieldType, type Json, type RecordType, type TrustDirection, type Type } from './types.js';

/** The known annotation names, for suggestions. */
const ANNOTATIONS = ['trust', 'range', 'sensitive'];

/** The built-in `approval` input field (spec §3). */
const APPROVAL: FieldType = {
  name: 'approval',
  optional: true,
  type: {
    kind: 'record',
    fields: [
      { name: 'by', optional: false, type: T.string },
      { name: 'role', optional: false, type: T.string },
    ],
  },
};

/** The built-in data fields and their defaults (spec §3). */
const BUILTIN_DATA: readonly { readonly field: FieldType; readonly value: Json }[] = [
  { field: { name: 'kill_switch', optional: false, type: T.bool }, value: false },
  { field: { name: 'revoked', optional: false, type: { kind: 'set', element: T.string } }, value: [] },
];

/** The label under a literal that does not conform, by problem kind. */
const PROBLEM_LABEL = { type: 'wrong type', missing: 'a field is missing', range: 'out of range', unknown: 'not a declared field', duplicate: 'given twice' } as const;

/** Where an annotated field lives: input fields may be trust signals, data fields may not. */
type Where = 'input' | 'data';

/** The data document: its schema and the defaults of every field. */
export interface DataSchema {
  readonly type: RecordType;
  readonly defaults: { readonly [key: string]: Json };
}

/** Resolves type expressions and builds the input and data schemas, reporting as it goes. */
export class SchemaBuilder {
  /** Where each field was declared, for conflict messages. */
  private readonly spans = new Map<FieldType, Span>();

  constructor(
    private readonly enums: ReadonlyMap<string, EnumType>,
    private readonly report: Reporter,
  ) {}

  /** Resolves a type expression; unknown names are P2003 and give the error type. */
  type(t: ast.TypeExpr, where: Where = 'input'): Type {
    switch (t.kind) {
      case 'NamedType': {
        const name = t.name.text;
        if (SCALAR_TYPE_NAMES.includes(name)) return { kind: name } as Type;
        const e = this.enums.get(name);
        if (e) return e;
        const help =
          name === 'set' || name === 'list'
            ? `\`${name}\` needs an element type, e.g. \`${name}<string>\``
            : didYouMean(name, [...SCALAR_TYPE_NAMES, ...this.enums.keys()]);
        this.report.unknownType(t.name.span, name, [], help);
        return T.error;
      }
      case 'CollectionType':
        return { kind: t.collection, element: this.type(t.element, where) };
      case 'RecordType':
        return { kind: 'record', fields: this.fields(t.fields, where) };
    }
  }

  /** The fields of one record or block; a name written twice is P2012. */
  fields(fields: readonly ast.Field[], where: Where): FieldType[] {
    const out: FieldType[] = [];
    const first = new Map<string, Span>();
    for (const f of fields) {
      const prior = first.get(f.name.text);
      if (prior) {
        this.report.duplicate('P2012', f.name.span, 'field', f.name.text, prior);
        continue;
      }
      first.set(f.name.text, f.name.span);
      const type = this.type(f.type, where);
      const ft: FieldType = { name: f.name.text, optional: f.optional, type, ...this.annotations(f.annotations, type, where) };
      this.spans.set(ft, f.name.span);
      out.push(ft);
    }
    return out;
  }

  /** Checks a field's annotations against its type and returns what they say. */
  private annotations(anns: readonly ast.Annotation[], type: Type, where: Where): Pick<FieldType, 'trust' | 'range' | 'rangeText' | 'sensitive'> {
    const out: { trust?: TrustDirection; range?: readonly [number, number]; rangeText?: readonly [string, string]; sensitive?: boolean } = {};
    const seen = new Map<string, Span>();
    for (const a of anns) {
      const name = a.name.text;
      const prior = seen.get(name);
      if (prior) {
        this.report.error('P2053', a.span, `duplicate annotation \`@${name}\``, {
          label: 'already given',
          related: [{ span: prior, message: 'first given here' }],
        });
        continue;
      }
      seen.set(name, a.span);
      switch (name) {
        case 'trust': {
          const t = this.trust(a, type, where);
          if (t) out.trust = t;
          break;
        }
        case 'range': {
          const r = this.range(a, type);
          if (r) [out.range, out.rangeText] = r;
          break;
        }
        case 'sensitive':
          if (a.args.length > 0) this.badArgs(a, 'takes no arguments');
          else out.sensitive = true;
          break;
        default: {
          const help = didYouMean(name, ANNOTATIONS);
          this.report.error('P2051', a.span, `unknown annotation \`@${name}\``, {
            label: 'not an annotation',
            help: help ?? 'the annotations are `@trust(…)`, `@range(lo, hi)` and `@sensitive`',
          });
        }
      }
    }
    return out;
  }

  private trust(a: ast.Annotation, type: Type, where: Where): TrustDirection | undefined {
    if (where === 'data') {
      this.report.error('P2050', a.span, '`@trust` marks input fields, not data fields', {
        label: 'on a data field',
        help: 'trust signals describe the agent and arrive with each input; data fields are tunables',
      });
      return undefined;
    }
    if (isError(type)) return undefined;
    const arg = a.args.length === 1 ? a.args[0] : undefined;
    const word = arg?.kind === 'Name' ? arg.text : arg?.kind === 'Bool' ? String(arg.value) : undefined;
    if (isNumeric(type)) {
      if (word === 'higher' || word === 'lower') return word;
      const near = word !== undefined ? didYouMean(word, ['higher', 'lower']) : undefined;
      this.badArgs(a, `a numeric trust signal takes \`higher\` or \`lower\``, near ?? 'write `@trust(higher)` when a higher value is safer, `@trust(lower)` when a lower one is');
      return undefined;
    }
    if (type.kind === 'bool') {
      if (word === 'true' || word === 'false') return word;
      this.badArgs(a, 'a bool trust signal takes `true` or `false`', 'write `@trust(true)` when `true` is the safer value');
      return undefined;
    }
    this.report.error('P2050', a.span, `\`@trust\` applies to numbers and bools, not ${describeType(type)}`, { label: `on ${describeType(type)}` });
    return undefined;
  }

  /** The bounds of a valid `@range`, as numbers and as written. */
  private range(a: ast.Annotation, type: Type): [readonly [number, number], readonly [string, string]] | undefined {
    if (isError(type)) return undefined;
    if (!isNumeric(type)) {
      this.report.error('P2050', a.span, `\`@range\` applies to numbers, not ${describeType(type)}`, { label: `on ${describeType(type)}` });
      return undefined;
    }
    const [lo, hi] = a.args;
    if (a.args.length !== 2 || lo?.kind !== 'Number' || hi?.kind !== 'Number') {
      this.badArgs(a, 'takes two numbers', 'write `@range(lo, hi)` with number literals');
      return undefined;
    }
    if (lo.value > hi.value) {
      this.badArgs(a, `the lower bound ${lo.text} is greater than the upper bound ${hi.text}`, `write \`@range(${hi.text}, ${lo.text})\``);
      return undefined;
    }
    return [
      [lo.value, hi.value],
      [lo.text, hi.text],
    ];
  }

  private badArgs(a: ast.Annotation, message: string, help?: string): void {
    this.report.error('P2052', a.span, `invalid arguments to \`@${a.name.text}\`: ${message}`, {
      label: 'invalid arguments',
      ...(help ? { help } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // The input document

  /** Merges the input blocks (in the order given) and the built-in `approval` into one record. */
  input(blocks: readonly ast.InputDecl[]): RecordType {
    let fields: FieldType[] = [];
    for (const b of blocks) fields = this.mergeFields(fields, this.fields(b.fields, 'input'), []);
    const i = fields.findIndex((f) => f.name === APPROVAL.name);
    const user = fields[i];
    if (user === undefined) fields.push(APPROVAL);
    else this.mergeField(APPROVAL, user, ['approval']);
    return { kind: 'record', fields };
  }

  /** Adds `incoming` fields to `existing`, merging fields declared in both. */
  private mergeFields(existing: readonly FieldType[], incoming: readonly FieldType[], path: readonly string[]): FieldType[] {
    const out = [...existing];
    for (const f of incoming) {
      const i = out.findIndex((x) => x.name === f.name);
      const prior = out[i];
      if (prior === undefined) out.push(f);
      else out[i] = this.mergeField(prior, f, [...path, f.name]);
    }
    return out;
  }

  /**
   * Merges two declarations of one field. They agree when both are records with the same
   * optionality (merged field by field), or have the same type and optionality; annotations
   * must not contradict each other. Otherwise reports P2020 at the second; the field then has
   * the error type, so its uses do not repeat the conflict.
   */
  private mergeField(a: FieldType, b: FieldType, path: readonly string[]): FieldType {
    const annotationsAgree =
      (a.trust === undefined || b.trust === undefined || a.trust === b.trust) &&
      (a.range === undefined || b.range === undefined || (a.range[0] === b.range[0] && a.range[1] === b.range[1]));
    const annotations = {
      ...((a.trust ?? b.trust) !== undefined ? { trust: a.trust ?? b.trust } : {}),
      ...(a.range ? { range: a.range, rangeText: a.rangeText } : b.range ? { range: b.range, rangeText: b.rangeText } : {}),
      ...(a.sensitive || b.sensitive ? { sensitive: true } : {}),
    };
    if (a.optional === b.optional && annotationsAgree) {
      if (a.type.kind === 'record' && b.type.kind === 'record') {
        const merged: FieldType = { name: a.name, optional: a.optional, type: { kind: 'record', fields: this.mergeFields(a.type.fields, b.type.fields, path) }, ...annotations };
        this.spans.set(merged, this.spans.get(a) ?? NO_SPAN);
        return merged;
      }
      if (sameType(a.type, b.type) || isError(a.type) || isError(b.type)) {
        const merged: FieldType = { ...a, ...annotations };
        this.spans.set(merged, this.spans.get(a) ?? NO_SPAN);
        return merged;
      }
    }
    // Only the built-in `approval` (and its fields) has no declaration span.
    const first = this.spans.get(a);
    this.report.error('P2020', this.spans.get(b) ?? NO_SPAN, `conflicting declarations of input field \`${path.join('.')}\``, {
      label: `declared here as \`${showField(b)}\``,
      related: [first ? { span: first, message: `declared as \`${showField(a)}\` here` } : { span: NO_SPAN, message: `the built-in field is \`${showField(a)}\`` }],
      help: 'declarations of one field in several input blocks or modules must agree',
    });
    // Uses of the field would only repeat the conflict.
    return { ...a, type: T.error };
  }

  // -------------------------------------------------------------------------------------------
  // The data document

  /** Builds the data schema and defaults from every data block and the built-ins. */
  data(blocks: readonly ast.DataDecl[]): DataSchema {
    const fields: FieldType[] = [];
    const defaults: { [key: string]: Json } = {};
    const first = new Map<string, Span>();
    for (const f of blocks.flatMap((b) => b.fields)) {
      const name = f.name.text;
      const builtin = BUILTIN_DATA.find((b) => b.field.name === name);
      const prior = first.get(name);
      if (prior || builtin) {
        this.report.duplicate('P2012', f.name.span, 'data field', name, prior, builtin ? `\`data.${name}\` is built in` : undefined);
        continue;
      }
      first.set(name, f.name.span);
      const type = this.type(f.type, 'data');
      const ft: FieldType = { name, optional: false, type, ...this.annotations(f.annotations, type, 'data') };
      fields.push(ft);
      if (f.value === undefined) {
        this.report.error('P2027', f.name.span, `data field \`${name}\` has no default`, {
          label: 'needs a default',
          help: `write \`${name}: ${showType(type)} = …\`; hosts may replace it at run time`,
        });
        continue;
      }
      for (const p of conform(f.value, type, `data.${name}`, ft)) {
        this.report.error('P2027', p.span, `data default does not match its type: ${p.message}`, {
          label: PROBLEM_LABEL[p.kind],
          ...(p.suggestion ? { help: meant(p.suggestion) } : {}),
        });
      }
      setOwn(defaults, name, literalJson(f.value));
    }
    for (const b of BUILTIN_DATA) {
      fields.push(b.field);
      setOwn(defaults, b.field.name, b.value);
    }
    return { type: { kind: 'record', fields }, defaults };
  }
}

/** A field as written: `score?: number @trust(higher) @range(0, 1)`. */
function showField(f: FieldType): string {
  const ann = [
    f.trust !== undefined ? ` @trust(${f.trust})` : '',
    f.range !== undefined ? ` @range(${f.range[0]}, ${f.range[1]})` : '',
    f.sensitive ? ' @sensitive' : '',
  ].join('');
  return `${f.name}${f.optional ? '?' : ''}: ${showType(f.type)}${ann}`;
}

// ---------------------------------------------------------------------------------------------
// Literals against types

/** Why a literal does not conform, at which literal and document path. */
export interface Problem {
  readonly kind: 'type' | 'missing' | 'range' | 'unknown' | 'duplicate';
  readonly span: Span;
  /** The document path, e.g. `input.action.amount`. */
  readonly path: string;
  /** A one-line sentence worded like the run-time violation: "`input.action.amount` must be a number". */
  readonly message: string;
  /** For `unknown` keys and enum values: the nearest valid name, if any is close. */
  readonly suggestion?: string;
}

/** The JSON value of a literal: durations in seconds, the last of duplicate keys wins. */
export function literalJson(lit: ast.Literal): Json {
  switch (lit.kind) {
    case 'Number':
      return lit.value;
    case 'String':
      return lit.value;
    case 'Bool':
      return lit.value;
    case 'Duration':
      return lit.seconds;
    case 'Null':
      return null;
    case 'Array':
      return lit.items.map(literalJson);
    case 'Object': {
      const out: { [key: string]: Json } = {};
      for (const e of lit.entries) setOwn(out, e.key, literalJson(e.value));
      return out;
    }
  }
}

/** What a violation message says a value of type `t` must be. */
function expectedOf(t: Type): Expected {
  switch (t.kind) {
    case 'enum':
      return { kind: 'enum', members: t.members };
    case 'record':
      return { kind: 'object' };
    case 'error':
      return { kind: 'object' };
    default:
      return { kind: t.kind };
  }
}

/** The numeric value of a literal, if it is a number or a duration. */
function numberOf(lit: ast.Literal): number | undefined {
  return lit.kind === 'Number' ? lit.value : lit.kind === 'Duration' ? lit.seconds : undefined;
}

/** The `@range` of a field, if any, which a literal for that field must respect. */
type Bounds = Pick<FieldType, 'range' | 'rangeText'>;

/**
 * Checks `lit` against `type` at document path `path` (and against the field's `@range` when
 * `bounds` has one); returns every problem found, outermost first.
 */
export function conform(lit: ast.Literal, type: Type, path: string, bounds?: Bounds): Problem[] {
  const out: Problem[] = [];
  walk(lit, type, path, bounds, out);
  return out;
}

function walk(lit: ast.Literal, type: Type, path: string, bounds: Bounds | undefined, out: Problem[]): void {
  const wrong = (): void => {
    out.push({ kind: 'type', span: lit.span, path, message: violation.type(`\`${path}\``, expectedOf(type)) });
  };
  switch (type.kind) {
    case 'error':
      return;
    case 'bool':
      if (lit.kind !== 'Bool') wrong();
      return;
    case 'string':
      if (lit.kind !== 'String') wrong();
      return;
    case 'int':
    case 'number':
    case 'duration': {
      const n = numberOf(lit);
      if (n === undefined || (type.kind === 'int' && !Number.isInteger(n))) return wrong();
      const range = bounds?.range;
      if (range && (n < range[0] || n > range[1])) {
        const [lo, hi] = bounds?.rangeText ?? [String(range[0]), String(range[1])];
        out.push({ kind: 'range', span: lit.span, path, message: violation.range(`\`${path}\``, lo, hi) });
      }
      return;
    }
    case 'enum': {
      if (lit.kind !== 'String') return wrong();
      if (!type.members.includes(lit.value)) {
        const suggestion = nearest(lit.value, type.members);
        out.push({ kind: 'type', span: lit.span, path, message: violation.type(`\`${path}\``, expectedOf(type)), ...(suggestion ? { suggestion } : {}) });
      }
      return;
    }
    case 'set':
    case 'list':
      if (lit.kind !== 'Array') return wrong();
      lit.items.forEach((item, i) => walk(item, type.element, indexPath(path, i), undefined, out));
      return;
    case 'record':
      if (lit.kind !== 'Object') return wrong();
      return record(lit, type.fields, path, out);
  }
}

function record(lit: ast.ObjectLit, fields: readonly FieldType[], path: string, out: Problem[]): void {
  const seen = new Map<string, ast.ObjectEntry>();
  for (const e of lit.entries) {
    const at = fieldPath(path, e.key);
    if (seen.has(e.key)) {
      out.push({ kind: 'duplicate', span: e.keySpan, path: at, message: `\`${at}\` is given twice` });
    }
    seen.set(e.key, e);
    const f = fields.find((x) => x.name === e.key);
    if (!f) {
      const suggestion = nearest(e.key, fields.filter((x) => !lit.entries.some((y) => y.key === x.name)).map((x) => x.name));
      out.push({ kind: 'unknown', span: e.keySpan, path: at, message: `\`${at}\` is not declared`, ...(suggestion ? { suggestion } : {}) });
      continue;
    }
    walk(e.value, f.type, at, f, out);
  }
  for (const f of fields) {
    if (!f.optional && !seen.has(f.name)) {
      out.push({ kind: 'missing', span: lit.span, path: fieldPath(path, f.name), message: violation.missing(`\`${fieldPath(path, f.name)}\``) });
    }
  }
}

/** Sets an own, enumerable member — also when the key is `__proto__`, which assignment would not. */
function setOwn(o: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
