/**
 * Name resolution: what every name in a pact refers to.
 *
 * Pact has one flat top-level namespace per kind of thing, shared by the pact and every library
 * it uses (transitively): a `use` brings in all of a module's enums, lets and input fields, and
 * modules used by that module too, because a library's lets must see what *its* libraries
 * declare. A library's data fields come along as well (beyond spec §3, which names enums, lets
 * and input fragments), so its lets may read tunables of their own. Rules, tests and
 * properties of libraries are not imported.
 *
 *   types   the built-in scalar names and enums           (`types.ts`, `schema.ts`)
 *   values  quantifier variables, innermost first;
 *           `input` and `data`, the whole documents;
 *           lets;
 *           the top-level input fields (`trust` means `input.trust`)
 *   calls   the built-in functions                        (`builtins.ts`)
 *   rules   rule ids and the decision's pseudo-rules      (`decls.ts`)
 *
 * A let may not be named like a top-level input field (P2014), so the order of the last two
 * value kinds never matters for a correct program; for an incorrect one the input field wins.
 * A quantifier variable shadows everything while its body is checked.
 *
 * {@link declare} collects the declarations of every module and reports duplicates (P2010 for
 * enums and lets, P2013 for enum members). {@link Env.resolve} then resolves a `Path` — its
 * root as above, then its fields one by one through record types — to a {@link Resolved}: the
 * `Ref` later phases use, the path's type, and its *optional prefixes*, the parts of the path
 * that may be absent and so need a `has` guard (`guards.ts`). Unknown names are P2001 and
 * unknown fields P2002, each with the nearest valid name.
 *
 * Guard keys name a location independently of how it was written: `input.action.amount` for
 * both `action.amount` and `input.action.amount`, `data.limits.max`, `#12.price` for field
 * `price` of the variable bound by quantifier node 12. A let whose value is just a path
 * (`let act = action`) is an *alias*: `act.amount` has the key of `action.amount`, so a
 * `has action.amount` guard covers it.
 */
import type { Span } from '../source/index.js';
import type * as ast from '../syntax/ast.js';
import type { Reporter } from './errors.js';
import { fieldOf, SCALAR_TYPE_NAMES, T, type EnumType, type FieldType, type LoadedModule, type RecordType, type Ref, type Type } from './types.js';

/** A let declaration and the module it comes from. */
export interface LetDecl {
  readonly decl: ast.LetDecl;
  readonly module: LoadedModule;
  /** True for lets of the pact being checked (not of a library). */
  readonly main: boolean;
}

/** The top-level declarations of the pact and its libraries, by kind. */
export interface Declarations {
  readonly enums: ReadonlyMap<string, EnumType>;
  /** Lets in declaration order: libraries first (post-order), then the pact. */
  readonly lets: ReadonlyMap<string, LetDecl>;
  readonly inputs: readonly ast.InputDecl[];
  readonly data: readonly ast.DataDecl[];
}

/**
 * Collects the enums, lets, input and data blocks of `modules` (libraries first, the pact
 * last), reporting duplicate enums and lets (P2010) and duplicate enum members (P2013).
 */
export function declare(modules: readonly LoadedModule[], main: LoadedModule, report: Reporter): Declarations {
  const enums = new Map<string, EnumType>();
  const enumSpans = new Map<string, Span>();
  const lets = new Map<string, LetDecl>();
  const inputs: ast.InputDecl[] = [];
  const data: ast.DataDecl[] = [];
  for (const m of modules) {
    for (const d of m.module.decls) {
      switch (d.kind) {
        case 'Enum': {
          const name = d.name.text;
          if (enumSpans.has(name) || SCALAR_TYPE_NAMES.includes(name)) {
            report.duplicate('P2010', d.name.span, 'enum', name, enumSpans.get(name), enumSpans.has(name) ? undefined : `\`${name}\` is a built-in type`);
            continue;
          }
          enumSpans.set(name, d.name.span);
          enums.set(name, { kind: 'enum', name, members: members(d, report) });
          break;
        }
        case 'Let': {
          const prior = lets.get(d.name.text);
          if (prior) {
            report.duplicate('P2010', d.name.span, 'let', d.name.text, prior.decl.name.span);
            continue;
          }
          lets.set(d.name.text, { decl: d, module: m, main: m === main });
          break;
        }
        case 'Input':
          inputs.push(d);
          break;
        case 'Data':
          data.push(d);
          break;
        default:
          break;
      }
    }
  }
  return { enums, lets, inputs, data };
}

function members(d: ast.EnumDecl, report: Reporter): string[] {
  const seen = new Map<string, Span>();
  for (const m of d.members) {
    const prior = seen.get(m.text);
    if (prior) report.duplicate('P2013', m.span, 'enum member', m.text, prior);
    else seen.set(m.text, m.span);
  }
  return [...seen.keys()];
}

// ---------------------------------------------------------------------------------------------
// Scopes and paths

/** The quantifier variables in scope, innermost first (a persistent linked list). */
export interface Scope {
  readonly name: string;
  /** The Quantifier node that binds the variable. */
  readonly binder: ast.NodeId;
  readonly type: Type;
  readonly parent: Scope | undefined;
}

/** One part of a path that may be absent. */
export interface OptionalPrefix {
  /** The prefix as the user wrote it: `action.amount`, `input.approval`. */
  readonly written: string;
  /** The guard key (see the header). */
  readonly key: string;
  /** The prefix in the coordinates of the path's {@link Ref} (`path` or `fields`). */
  readonly ref: readonly string[];
}

/** What a path resolved to. */
export interface Resolved {
  readonly ref: Ref;
  /** The path's type; `error` after a reported problem. */
  readonly type: Type;
  /** The guard key of the path's root location and the field names below it. */
  readonly keyBase: string;
  readonly keyFields: readonly string[];
  /** Optional prefixes, shortest first. */
  readonly optional: readonly OptionalPrefix[];
  /** The `@range` of the field the path ends at, if it has one. */
  readonly range?: { readonly bounds: readonly [number, number]; readonly text: readonly [string, string] };
}

/** What the resolver needs to know about a let when a path names it. */
export interface LetView {
  readonly type: Type;
  /** For an alias (`let act = action`): the key base and fields of the aliased path. */
  readonly alias?: { readonly keyBase: string; readonly keyFields: readonly string[] };
}

/** The value namespace of a program: the documents, the lets and the top-level input fields. */
export class Env {
  constructor(
    readonly input: RecordType,
    readonly data: RecordType,
    readonly lets: ReadonlyMap<string, LetDecl>,
    readonly enums: ReadonlyMap<string, EnumType>,
    private readonly report: Reporter,
  ) {}

  /** Reports lets named like a top-level input field (P2014). */
  checkShadowing(): void {
    for (const [name, l] of this.lets) {
      if (!fieldOf(this.input, name)) continue;
      this.report.error('P2014', l.decl.name.span, `let \`${name}\` has the name of the input field \`${name}\``, {
        label: 'shadows an input field',
        help: `rename the let: \`${name}\` already means \`input.${name}\``,
      });
    }
  }

  /**
   * Resolves a path in `scope`. `letView` gives the type of a let (checking it on first use).
   * Unknown names and fields are reported here; the answer then has the error type.
   */
  resolve(p: ast.Path, scope: Scope | undefined, letView: (name: string, at: Span) => LetView): Resolved {
    const root = p.root.text;
    const fields = p.fields.map((f) => f.text);
    for (let s = scope; s; s = s.parent) {
      if (s.name === root) return this.walk(p, 1, s.type, { kind: 'var', binder: s.binder, fields }, `#${s.binder}`);
    }
    if (root === 'input') return this.walk(p, 1, this.input, { kind: 'input', path: fields }, 'input');
    if (root === 'data') return this.walk(p, 1, this.data, { kind: 'data', path: fields }, 'data');
    if (fieldOf(this.input, root)) return this.walk(p, 0, this.input, { kind: 'input', path: [root, ...fields] }, 'input');
    if (this.lets.has(root)) {
      const view = letView(root, p.root.span);
      const ref: Ref = { kind: 'let', name: root, fields };
      return view.alias ? this.walk(p, 1, view.type, ref, view.alias.keyBase, view.alias.keyFields) : this.walk(p, 1, view.type, ref, `let ${root}`);
    }
    const member = p.fields.length === 0 ? [...this.enums.values()].find((e) => e.members.includes(root)) : undefined;
    const help = this.enums.has(root)
      ? enumHelp(this.enums.get(root))
      : member
        ? `\`${root}\` is a member of enum \`${member.name}\`; members are written as strings: \`"${root}"\``
        : undefined;
    this.report.unknownName(p.root.span, root, this.candidates(scope), help);
    return { ref: { kind: 'input', path: [root, ...fields] }, type: T.error, keyBase: 'input', keyFields: [root, ...fields], optional: [] };
  }

  /** Value names in scope, likeliest first, for "did you mean". */
  candidates(scope: Scope | undefined): string[] {
    const out: string[] = [];
    for (let s = scope; s; s = s.parent) out.push(s.name);
    return [...out, ...this.lets.keys(), ...this.input.fields.map((f) => f.name), 'input', 'data'];
  }

  /**
   * Follows `p.fields` from index `from` (0 when the root itself is a field of `type`) through
   * record types. `prefix` is the key base's fields before the first walked name.
   */
  private walk(p: ast.Path, from: number, type: Type, ref: Ref, keyBase: string, prefix: readonly string[] = []): Resolved {
    const names: ast.Name[] = [p.root, ...p.fields];
    const written = names.map((n) => n.text);
    const keyFields = [...prefix, ...names.slice(from).map((n) => n.text)];
    const refNames = ref.kind === 'input' || ref.kind === 'data' ? ref.path : ref.kind === 'builtin' ? [] : ref.fields;
    const optional: OptionalPrefix[] = [];
    let t = type;
    let last: FieldType | undefined;
    for (let i = from; i < names.length; i++) {
      const name = names[i] as ast.Name;
      if (t.kind === 'error') break;
      const owner = written.slice(0, i).join('.') || 'input';
      if (t.kind !== 'record') {
        this.report.notARecord(name.span, name.text, owner, t);
        t = T.error;
        break;
      }
      const f = fieldOf(t, name.text);
      if (!f) {
        this.report.unknownField(name.span, name.text, owner, t.fields.map((x) => x.name));
        t = T.error;
        break;
      }
      if (f.optional) {
        // names[from..i] are the walked names: keyFields after `prefix`, and the Ref's own names.
        const walked = i - from + 1;
        optional.push({
          written: written.slice(0, i + 1).join('.'),
          key: guardKey(keyBase, keyFields.slice(0, prefix.length + walked)),
          ref: refNames.slice(0, walked),
        });
      }
      t = f.type;
      last = f;
    }
    const range = t.kind !== 'error' && last?.range && last.rangeText ? { bounds: last.range, text: last.rangeText } : undefined;
    return { ref, type: t, keyBase, keyFields, optional, ...(range ? { range } : {}) };
  }
}

/** The guard key of a location: its key base and the field names below it. */
export function guardKey(keyBase: string, fields: readonly string[]): string {
  return fields.length === 0 ? keyBase : `${keyBase}.${fields.join('.')}`;
}

function enumHelp(e: EnumType | undefined): string {
  const example = e?.members[0];
  return `\`${e?.name}\` is an enum type; write its members as string literals${example !== undefined ? `, e.g. \`"${example}"\`` : ''}`;
}
