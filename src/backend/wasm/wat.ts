/**
 * A disassembler to the WebAssembly text format, for tests and goldens.
 *
 * `printFunc` prints one function and `printModule` a whole module, from the symbolic
 * {@link WasmModule} (what the backend builds) or from bytes (via `decode.ts`, with
 * `printBytes`). The output is the flat, indented style of `wasm2wat`: one instruction per line,
 * `block`/`loop`/`if` opening an indented body closed by `end`, names (`$opa_malloc`, `$len`)
 * wherever the module has them. It is meant to be read and diffed (goldens print *one function*
 * per case, like starlark's codegen tests); it is not guaranteed to re-assemble with
 * `wat-parse.ts`, which only reads the folded subset the runtime is written in.
 */
import { MEMORY_OPCODES, isMemoryOp, type Instr, type LabelRef, type LocalRef } from './instr.js';
import type { DataSegment, Func, WasmModule } from './module.js';
import { decodeModule } from './decode.js';

/** Prints one function in flat WAT. */
export function printFunc(f: Func): string {
  const lines: string[] = [];
  const sig = [
    `(func $${f.name}`,
    ...f.params.map((p) => `(param $${p.name} ${p.type})`),
    ...(f.results.length ? [`(result ${f.results.join(' ')})`] : []),
  ].join(' ');
  lines.push(sig);
  for (const l of f.locals) lines.push(`  (local $${l.name} ${l.type})`);
  const names = [...f.params, ...f.locals].map((l) => l.name);
  const local = (ref: LocalRef): string => (typeof ref === 'number' ? (names[ref] !== undefined ? `$${names[ref]}` : String(ref)) : `$${ref}`);
  const label = (ref: LabelRef): string => (typeof ref === 'number' ? String(ref) : `$${ref}`);
  const emit = (body: readonly Instr[], depth: number): void => {
    const pad = '  '.repeat(depth);
    for (const i of body) {
      switch (i.op) {
        case 'block':
        case 'loop':
        case 'if': {
          const head = [i.op, i.label ? `$${i.label}` : '', i.type ? `(result ${i.type})` : ''].filter(Boolean).join(' ');
          lines.push(pad + head);
          emit(i.body, depth + 1);
          if (i.op === 'if' && i.else && i.else.length > 0) {
            lines.push(`${pad}else`);
            emit(i.else, depth + 1);
          }
          lines.push(`${pad}end`);
          break;
        }
        case 'br':
        case 'br_if':
          lines.push(`${pad}${i.op} ${label(i.label)}`);
          break;
        case 'br_table':
          lines.push(`${pad}br_table ${[...i.labels, i.default].map(label).join(' ')}`);
          break;
        case 'call':
          lines.push(`${pad}call $${i.func}`);
          break;
        case 'local.get':
        case 'local.set':
        case 'local.tee':
          lines.push(`${pad}${i.op} ${local(i.local)}`);
          break;
        case 'global.get':
        case 'global.set':
          lines.push(`${pad}${i.op} $${i.global}`);
          break;
        case 'i32.const':
        case 'i64.const':
          lines.push(`${pad}${i.op} ${i.value.toString()}`);
          break;
        case 'f32.const':
        case 'f64.const':
          lines.push(`${pad}${i.op} ${floatText(i.value)}`);
          break;
        default: {
          const m = i as { op: string; offset?: number; align?: number };
          const imm = [m.offset ? `offset=${m.offset}` : '', m.align !== undefined && m.align !== naturalAlign(m.op) ? `align=${m.align}` : '']
            .filter(Boolean)
            .join(' ');
          lines.push(`${pad}${m.op}${imm ? ` ${imm}` : ''}`);
        }
      }
    }
  };
  emit(f.body, 1);
  lines[lines.length - 1] += ')';
  return `${lines.join('\n')}\n`;
}

/** Prints a whole module. */
export function printModule(m: WasmModule): string {
  const out: string[] = ['(module'];
  for (const i of m.imports) {
    if (i.kind === 'memory') out.push(`  (import "${i.module}" "${i.field}" (memory ${i.min}${i.max !== undefined ? ` ${i.max}` : ''}))`);
    else {
      const sig = [...(i.type.params.length ? [`(param ${i.type.params.join(' ')})`] : []), ...(i.type.results.length ? [`(result ${i.type.results.join(' ')})`] : [])];
      out.push(`  (import "${i.module}" "${i.field}" (func $${i.name}${sig.length ? ` ${sig.join(' ')}` : ''}))`);
    }
  }
  for (const g of m.globals) {
    const t = g.mutable ? `(mut ${g.type})` : g.type;
    out.push(`  (global $${g.name} ${t} (${g.type}.const ${g.init.toString()}))`);
  }
  for (const e of m.exports) {
    out.push(e.kind === 'memory' ? `  (export "${e.name}" (memory 0))` : `  (export "${e.name}" (${e.kind} $${e.ref}))`);
  }
  if (m.start !== undefined) out.push(`  (start $${m.start})`);
  for (const f of m.funcs) out.push(...printFunc(f).trimEnd().split('\n').map((l) => `  ${l}`));
  for (const d of m.data) out.push(`  (data (i32.const ${d.offset}) "${dataText(d)}")`);
  out.push(')');
  return `${out.join('\n')}\n`;
}

/** Disassembles module bytes. */
export function printBytes(bytes: Uint8Array): string {
  return printModule(decodeModule(bytes));
}

function naturalAlign(op: string): number | undefined {
  return isMemoryOp(op) ? MEMORY_OPCODES[op][1] : undefined;
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

function dataText(d: DataSegment): string {
  let s = '';
  for (const b of d.bytes) {
    s += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, '0')}`;
  }
  return s;
}
