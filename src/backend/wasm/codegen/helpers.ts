/**
 * Helper functions shared by the generated policy code, written in WAT.
 *
 * They are small and policy-specific only through the static addresses spliced into the text
 * (the keys and constant parts of decision documents), so each module gets its own copy,
 * assembled by the runtime's WAT assembler into the same typed instructions as everything else.
 *
 * | helper | signature | does |
 * |---|---|---|
 * | `pc_len` | (v) → i32 | code points of a string, elements of a list or set; 0 otherwise |
 * | `pc_elem` | (c, i) → v | element i of a list or set |
 * | `pc_push` | (arr, v) → arr | appends v, creating the array when `arr` is 0 |
 * | `pc_concat` | (a, b) → v | the string a ++ b |
 * | `pc_index` | (prefix, i) → v | the string `prefix[i]` (violation paths under lists) |
 * | `pc_doc` | (effect, rules, reasons, approvers, grants) → v | a decision document |
 * | `pc_violations` | (inV, dataV) → v | the forbid document listing schema violations |
 */
import type { Func } from '../module.js';
import { parseWat } from '../wat-parse.js';
import { T } from '../runtime/layout.js';
import type { Consts } from './context.js';

/** Assembles the helpers for a pact whose `pact` field is `{name, version}`. */
export function helperFuncs(consts: Consts, pact: { name: string; version: string }): Func[] {
  const k = (s: string) => consts.str(s);
  const pactDoc = consts.json({ name: pact.name, version: pact.version });
  const forbid = k('forbid');
  const empty = consts.json([]);
  const open = consts.statics.string('[');
  const close = consts.statics.string(']');
  const text = String.raw`
(func $pc_len (param $v i32) (result i32)
  (local $n i32)
  (local.set $n (call $rt_len (local.get $v)))
  (select (local.get $n) (i32.const 0) (i32.gt_s (local.get $n) (i32.const 0))))

(func $pc_elem (param $c i32) (param $i i32) (result i32)
  (if (result i32) (i32.eq (call $rt_type (local.get $c)) (i32.const ${T.SET}))
    (then (call $rt_table_key (local.get $c) (local.get $i)))
    (else (call $rt_array_get (local.get $c) (local.get $i)))))

(func $pc_push (param $arr i32) (param $v i32) (result i32)
  (if (i32.eqz (local.get $arr))
    (then (local.set $arr (call $rt_array_new (i32.const 4)))))
  (call $rt_array_push (local.get $arr) (local.get $v))
  (local.get $arr))

;; A string value's bytes: length at offset 4, pointer at offset 8 (runtime/layout.ts).
(func $pc_concat (param $a i32) (param $b i32) (result i32)
  (local $buf i32)
  (local.set $buf (call $buf_new (i32.add (i32.load offset=4 (local.get $a)) (i32.load offset=4 (local.get $b)))))
  (call $buf_bytes (local.get $buf) (i32.load offset=8 (local.get $a)) (i32.load offset=4 (local.get $a)))
  (call $buf_bytes (local.get $buf) (i32.load offset=8 (local.get $b)) (i32.load offset=4 (local.get $b)))
  (call $rt_string (call $buf_ptr (local.get $buf)) (call $buf_len (local.get $buf))))

(func $pc_index (param $prefix i32) (param $i i32) (result i32)
  (local $buf i32)
  (local.set $buf (call $buf_new (i32.add (i32.load offset=4 (local.get $prefix)) (i32.const 12))))
  (call $buf_bytes (local.get $buf) (i32.load offset=8 (local.get $prefix)) (i32.load offset=4 (local.get $prefix)))
  (call $buf_bytes (local.get $buf) (i32.const ${open.ptr}) (i32.const 1))
  (call $buf_u64 (local.get $buf) (i64.extend_i32_u (local.get $i)))
  (call $buf_bytes (local.get $buf) (i32.const ${close.ptr}) (i32.const 1))
  (call $rt_string (call $buf_ptr (local.get $buf)) (call $buf_len (local.get $buf))))

(func $pc_doc (param $effect i32) (param $rules i32) (param $reasons i32) (param $approvers i32) (param $grants i32) (result i32)
  (local $o i32)
  (local.set $o (call $rt_object_new))
  (call $rt_object_insert (local.get $o) (i32.const ${k('effect')}) (local.get $effect))
  (call $rt_object_insert (local.get $o) (i32.const ${k('rules')}) (local.get $rules))
  (call $rt_object_insert (local.get $o) (i32.const ${k('reasons')}) (local.get $reasons))
  (call $rt_object_insert (local.get $o) (i32.const ${k('approvers')}) (local.get $approvers))
  (call $rt_object_insert (local.get $o) (i32.const ${k('grants')}) (local.get $grants))
  (call $rt_object_insert (local.get $o) (i32.const ${k('pact')}) (i32.const ${pactDoc}))
  (local.get $o))

(func $pc_violations (param $in i32) (param $data i32) (result i32)
  (local $rules i32) (local $reasons i32) (local $i i32) (local $n i32)
  (local.set $rules (call $rt_array_new (i32.const 4)))
  (local.set $reasons (call $rt_array_new (i32.const 4)))
  (local.set $n (call $pc_len (local.get $in)))
  (local.set $i (i32.const 0))
  (block $done_in (loop $next_in
    (br_if $done_in (i32.ge_s (local.get $i) (local.get $n)))
    (call $rt_array_push (local.get $rules) (i32.const ${k('invalid_input')}))
    (call $rt_array_push (local.get $reasons) (call $rt_array_get (local.get $in) (local.get $i)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next_in)))
  (local.set $n (call $pc_len (local.get $data)))
  (local.set $i (i32.const 0))
  (block $done_data (loop $next_data
    (br_if $done_data (i32.ge_s (local.get $i) (local.get $n)))
    (call $rt_array_push (local.get $rules) (i32.const ${k('invalid_data')}))
    (call $rt_array_push (local.get $reasons) (call $rt_array_get (local.get $data) (local.get $i)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next_data)))
  (call $pc_doc (i32.const ${forbid}) (local.get $rules) (local.get $reasons) (i32.const ${empty}) (i32.const ${empty})))
`;
  return parseWat(text).funcs;
}
