/**
 * A small assembler for the WebAssembly text format, used to write the runtime as readable source.
 *
 * It accepts the subset of WAT the runtime needs and turns it into the same typed {@link Instr}
 * values the rest of the backend produces, so runtime and generated code go through one encoder.
 *
 * Module fields:
 * ```wat
 * (func $name (param $a i32) (param $b i32) (result i32) (local $x i32) instr*)
 * (global $name (mut i32) (i32.const 0))        ;; or `i32` for an immutable global
 * ```
 * Instructions may be written folded, `(i32.add (local.get $a) (i32.const 1))` — operands first,
 * like the WAT spec's desugaring — or flat, `local.get $a i32.const 1 i32.add`, and mixed. Block
 * instructions are folded only:
 * ```wat
 * (block $label (result i32) instr*)   (loop $label instr*)
 * (if $label (result i32) condition-instr* (then instr*) (else instr*))
 * ```
 * Immediates: `offset=N align=N` on loads and stores; `$name` or an index for locals, globals,
 * functions and labels; decimal or `0x` hexadecimal integers (negative allowed, `_` ignored);
 * `inf`, `-inf`, `nan` and decimal floats for float constants. Comments are `;; …` and `(; … ;)`.
 * Errors name the line.
 */
import { isMemoryOp, isPlainOp, type Instr, type LabelRef, type LocalRef, type ValType } from './instr.js';
import type { Func, Global, Local } from './module.js';

/** The functions and globals of a piece of WAT text. */
export interface ParsedWat {
  readonly funcs: Func[];
  readonly globals: Global[];
}

type Token = { readonly text: string; readonly line: number };
type SExpr = { readonly kind: 'atom'; readonly text: string; readonly line: number } | { readonly kind: 'list'; readonly items: SExpr[]; readonly line: number };

/** Parses WAT module fields (functions and globals). */
export function parseWat(text: string): ParsedWat {
  const funcs: Func[] = [];
  const globals: Global[] = [];
  for (const field of readSExprs(tokenize(text))) {
    if (field.kind !== 'list') fail(field, 'expected a module field');
    const head = atomAt(field, 0);
    if (head === 'func') funcs.push(parseFunc(field));
    else if (head === 'global') globals.push(parseGlobal(field));
    else fail(field, `unsupported module field (${head})`);
  }
  return { funcs, globals };
}

/** Parses a sequence of instructions (a function body without the `func` wrapper). */
export function parseInstrs(text: string): Instr[] {
  return parseBody(readSExprs(tokenize(text)));
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';' && text[i + 1] === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(' && text[i + 1] === ';') {
      const end = text.indexOf(';)', i + 2);
      if (end < 0) throw new Error(`wat:${line}: unterminated block comment`);
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (c === '(' || c === ')') {
      out.push({ text: c, line });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push({ text: text.slice(i, j + 1), line });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()";]/.test(text[j] ?? '')) j++;
      out.push({ text: text.slice(i, j), line });
      i = j;
    }
  }
  return out;
}

function readSExprs(tokens: Token[]): SExpr[] {
  let pos = 0;
  const read = (): SExpr => {
    const t = tokens[pos++];
    if (!t) throw new Error('wat: unexpected end of text');
    if (t.text === ')') throw new Error(`wat:${t.line}: unexpected )`);
    if (t.text !== '(') return { kind: 'atom', text: t.text, line: t.line };
    const items: SExpr[] = [];
    for (;;) {
      const next = tokens[pos];
      if (!next) throw new Error(`wat:${t.line}: unclosed (`);
      if (next.text === ')') {
        pos++;
        return { kind: 'list', items, line: t.line };
      }
      items.push(read());
    }
  };
  const out: SExpr[] = [];
  while (pos < tokens.length) out.push(read());
  return out;
}

function fail(e: { line: number }, msg: string): never {
  throw new Error(`wat:${e.line}: ${msg}`);
}

function atomAt(list: SExpr & { kind: 'list' }, i: number): string | undefined {
  const e = list.items[i];
  return e && e.kind === 'atom' ? e.text : undefined;
}

function isId(s: string | undefined): s is string {
  return s !== undefined && s.startsWith('$');
}

function valType(e: SExpr | undefined, at: { line: number }): ValType {
  const t = e && e.kind === 'atom' ? e.text : undefined;
  if (t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64') return t;
  return fail(at, `expected a value type, got ${t ?? 'a list'}`);
}

function parseFunc(field: SExpr & { kind: 'list' }): Func {
  const name = atomAt(field, 1);
  if (!isId(name)) fail(field, 'a function needs a $name');
  const params: Local[] = [];
  const locals: Local[] = [];
  const results: ValType[] = [];
  let i = 2;
  for (; i < field.items.length; i++) {
    const item = field.items[i];
    if (!item || item.kind !== 'list') break;
    const head = atomAt(item, 0);
    if (head !== 'param' && head !== 'local' && head !== 'result') break;
    if (head === 'result') {
      results.push(...item.items.slice(1).map((t) => valType(t, item)));
      continue;
    }
    const id = atomAt(item, 1);
    if (!isId(id) || item.items.length !== 3) fail(item, `write (${head} $name type)`);
    (head === 'param' ? params : locals).push({ name: id.slice(1), type: valType(item.items[2], item) });
  }
  return { name: name.slice(1), params, results, locals, body: parseBody(field.items.slice(i)) };
}

function parseGlobal(field: SExpr & { kind: 'list' }): Global {
  const name = atomAt(field, 1);
  if (!isId(name)) fail(field, 'a global needs a $name');
  const typeItem = field.items[2];
  let mutable = false;
  let type: ValType;
  if (typeItem && typeItem.kind === 'list' && atomAt(typeItem, 0) === 'mut') {
    mutable = true;
    type = valType(typeItem.items[1], typeItem);
  } else {
    type = valType(typeItem, field);
  }
  const init = parseBody(field.items.slice(3));
  const only = init[0];
  if (init.length !== 1 || !only || !only.op.endsWith('.const')) fail(field, 'a global needs a constant initialiser');
  const value = (only as { value: number | bigint }).value;
  return { name: name.slice(1), type, mutable, init: value };
}

/** Parses a list of folded or flat instructions. */
function parseBody(items: SExpr[]): Instr[] {
  const out: Instr[] = [];
  let pos = 0;
  const nextAtom = (): (SExpr & { kind: 'atom' }) | undefined => {
    const e = items[pos];
    return e && e.kind === 'atom' ? e : undefined;
  };
  while (pos < items.length) {
    const e = items[pos++] as SExpr;
    if (e.kind === 'list') {
      out.push(...parseFolded(e));
      continue;
    }
    // A flat instruction: its immediates are the atoms that follow it.
    const imms: SExpr[] = [];
    const takeImm = (): void => {
      const a = nextAtom();
      if (a) {
        imms.push(a);
        pos++;
      }
    };
    const opName = e.text;
    if (opName === 'block' || opName === 'loop' || opName === 'if') fail(e, `write ${opName} folded: (${opName} …)`);
    if (opName === 'br_table') {
      while (nextAtom() && isLabelAtom(nextAtom()?.text)) takeImm();
    } else if (isMemoryOp(opName)) {
      while (nextAtom() && /^(offset|align)=/.test(nextAtom()?.text ?? '')) takeImm();
    } else if (!isPlainOp(opName)) {
      takeImm();
    }
    out.push(makeInstr(opName, imms, e));
  }
  return out;
}

function isLabelAtom(t: string | undefined): boolean {
  return t !== undefined && (t.startsWith('$') || /^\d+$/.test(t));
}

/** Parses one folded expression: its operands (in order), then the instruction itself. */
function parseFolded(list: SExpr & { kind: 'list' }): Instr[] {
  const head = atomAt(list, 0);
  if (head === undefined) fail(list, 'expected an instruction name');
  if (head === 'block' || head === 'loop' || head === 'if') return parseStructured(head, list);
  let i = 1;
  const imms: SExpr[] = [];
  const items = list.items;
  const atom = (k: number): string | undefined => {
    const e = items[k];
    return e && e.kind === 'atom' ? e.text : undefined;
  };
  if (head === 'br_table') {
    while (isLabelAtom(atom(i))) imms.push(items[i++] as SExpr);
  } else if (isMemoryOp(head)) {
    while (/^(offset|align)=/.test(atom(i) ?? '')) imms.push(items[i++] as SExpr);
  } else if (!isPlainOp(head) && atom(i) !== undefined) {
    imms.push(items[i++] as SExpr);
  }
  const operands = parseBody(items.slice(i));
  return [...operands, makeInstr(head, imms, list)];
}

function parseStructured(head: 'block' | 'loop' | 'if', list: SExpr & { kind: 'list' }): Instr[] {
  let i = 1;
  let label: string | undefined;
  let type: ValType | undefined;
  const first = atomAt(list, 1);
  if (isId(first)) {
    label = first.slice(1);
    i++;
  }
  const r = list.items[i];
  if (r && r.kind === 'list' && atomAt(r, 0) === 'result') {
    if (r.items.length !== 2) fail(r, 'a block has at most one result (MVP)');
    type = valType(r.items[1], r);
    i++;
  }
  if (head !== 'if') return [{ op: head, label, type, body: parseBody(list.items.slice(i)) }];

  // (if … cond* (then …) (else …)?): the condition is evaluated first, like any operand.
  const cond: SExpr[] = [];
  let then: Instr[] | undefined;
  let els: Instr[] | undefined;
  for (const e of list.items.slice(i)) {
    if (e.kind === 'list' && atomAt(e, 0) === 'then') then = parseBody(e.items.slice(1));
    else if (e.kind === 'list' && atomAt(e, 0) === 'else') els = parseBody(e.items.slice(1));
    else if (then === undefined) cond.push(e);
    else fail(e, 'unexpected item after (then …)');
  }
  if (!then) fail(list, 'if needs (then …)');
  return [...parseBody(cond), { op: 'if', label, type, body: then, else: els }];
}

function intText(a: SExpr | undefined, at: { line: number }): string {
  if (!a || a.kind !== 'atom') fail(at, 'expected an integer');
  return a.text.replace(/_/g, '');
}

function makeInstr(opName: string, imms: SExpr[], at: { line: number }): Instr {
  const imm = imms[0];
  const ref = (): string => {
    if (!imm || imm.kind !== 'atom' || !imm.text.startsWith('$')) fail(at, `${opName} needs a $name`);
    return imm.text.slice(1);
  };
  const localOrLabel = (): LocalRef & LabelRef => {
    if (!imm || imm.kind !== 'atom') fail(at, `${opName} needs an immediate`);
    if (imm.text.startsWith('$')) return imm.text.slice(1);
    if (!/^\d+$/.test(imm.text)) fail(at, `bad immediate ${imm.text}`);
    return Number(imm.text);
  };
  const labelOf = (e: SExpr): LabelRef => {
    const t = (e as { text: string }).text;
    return t.startsWith('$') ? t.slice(1) : Number(t);
  };
  switch (opName) {
    case 'local.get':
    case 'local.set':
    case 'local.tee':
      return { op: opName, local: localOrLabel() };
    case 'global.get':
    case 'global.set':
      return { op: opName, global: ref() };
    case 'call':
      return { op: 'call', func: ref() };
    case 'br':
    case 'br_if':
      return { op: opName, label: localOrLabel() };
    case 'br_table': {
      if (imms.length < 1) fail(at, 'br_table needs at least a default label');
      const labels = imms.map(labelOf);
      return { op: 'br_table', labels: labels.slice(0, -1), default: labels[labels.length - 1] as LabelRef };
    }
    case 'i32.const': {
      const v = Number(intText(imm, at));
      if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) fail(at, `bad i32 constant ${intText(imm, at)}`);
      return { op: 'i32.const', value: v | 0 };
    }
    case 'i64.const': {
      const t = intText(imm, at);
      const neg = t.startsWith('-');
      const v = BigInt(neg ? t.slice(1) : t);
      return { op: 'i64.const', value: BigInt.asIntN(64, neg ? -v : v) };
    }
    case 'f32.const':
    case 'f64.const':
      return { op: opName, value: floatText(imm, at) };
    default:
      if (isMemoryOp(opName)) {
        let offset = 0;
        let align: number | undefined;
        for (const m of imms) {
          const [k, v] = (m as { text: string }).text.split('=');
          if (k === 'offset') offset = Number(v);
          else align = Number(v);
        }
        return { op: opName, offset, align };
      }
      if (isPlainOp(opName)) return { op: opName };
      return fail(at, `unknown instruction ${opName}`);
  }
}

function floatText(a: SExpr | undefined, at: { line: number }): number {
  if (!a || a.kind !== 'atom') fail(at, 'expected a float');
  const t = a.text.replace(/_/g, '');
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (t === 'nan') return NaN;
  const v = Number(t);
  if (Number.isNaN(v)) fail(at, `bad float constant ${t}`);
  return v;
}
