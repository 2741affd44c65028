/**
 * A readable text form of the IR, for goldens and `pactc build --emit ir`.
 *
 * Expressions print as s-expressions annotated with their representation where it is not
 * obvious: `(cmp<= num (load input.action.amount num) (let #0 num))`.
 */
import type * as ir from './ir.js';
import { children } from './walk.js';

function root(r: ir.Root): string {
  return r.kind === 'var' ? `$${r.slot}` : r.kind;
}

/** Prints one expression. */
export function printIrExpr(e: ir.Expr): string {
  switch (e.op) {
    case 'bool':
    case 'num':
      return String(e.value);
    case 'str':
      return JSON.stringify(e.value);
    case 'load':
      return `(load ${[root(e.root), ...e.path].join('.')} ${e.repr})`;
    case 'has':
      return `(has ${[root(e.root), ...e.path].join('.')})`;
    case 'let':
      return `(let #${e.index} ${e.repr})`;
    case 'cmp':
      return `(cmp${e.cmp} ${e.repr} ${children(e).map(printIrExpr).join(' ')})`;
    case 'arith':
      return `(${e.arith} ${children(e).map(printIrExpr).join(' ')})`;
    case 'member':
    case 'one_of':
      return `(${e.op} ${e.repr} ${children(e).map(printIrExpr).join(' ')})`;
    case 'call':
      return `(call ${e.fn} ${children(e).map(printIrExpr).join(' ')})`;
    case 'quant':
      return `(${e.q} $${e.slot} ${children(e).map(printIrExpr).join(' ')})`;
    default:
      return `(${e.op} ${children(e).map(printIrExpr).join(' ')})`;
  }
}

function printCheck(c: ir.Check, indent: string): string {
  switch (c.kind) {
    case 'record':
      return `{\n${c.fields.map((f) => `${indent}  ${f.name}${f.optional ? '?' : ''}: ${printCheck(f.check, indent + '  ')}`).join('\n')}\n${indent}}`;
    case 'list':
    case 'set':
      return `${c.kind}<${printCheck(c.element, indent)}>`;
    case 'enum':
      return `enum(${c.members.join(', ')})`;
    case 'int':
    case 'number':
    case 'duration':
      return c.range ? `${c.kind} @range(${c.range.loText}, ${c.range.hiText})` : c.kind;
    default:
      return c.kind;
  }
}

/** Prints a whole policy. */
export function printPolicy(p: ir.Policy): string {
  const out = [`policy ${p.pact.name} ${p.pact.version} (slots ${p.slots})`];
  out.push(`input ${printCheck(p.input, '')}`, `data ${printCheck(p.data, '')}`);
  p.lets.forEach((l, i) => out.push(`let #${i} ${l.name}: ${l.repr} = ${printIrExpr(l.body)}`));
  for (const r of p.rules) {
    out.push(`${r.effect} ${r.id}${r.roles.length ? ` to ${r.roles.join(', ')}` : ''}`);
    for (const c of r.clauses) out.push(`  ${c.kind} ${printIrExpr(c.cond)}${c.reads.length ? `  ; reads ${c.reads.map((x) => x.label).join(', ')}` : ''}`);
    for (const g of r.grants) out.push(`  ${g.text}`);
    out.push(`  because ${JSON.stringify(r.because)}`);
  }
  return out.join('\n') + '\n';
}
