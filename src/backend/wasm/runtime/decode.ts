/**
 * Scanning primitives for schema-guided input decoding (the decoder itself is generated per
 * pact by `codegen/slots.ts`).
 *
 * They work on the same cursor as the parser (`$p_pos`/`$p_end`) and accept exactly the JSON
 * text `json-parse.ts` accepts with `rego = 0` — same grammar, same string rules (control
 * characters, UTF-8, escapes, lone surrogates), same nesting limit — but allocate nothing:
 *
 * | function | does |
 * |---|---|
 * | `d_scan_string` | validates the string at the cursor; returns its closing quote's address (0 if invalid) and sets `$d_escaped` |
 * | `d_key` | an object key without escapes: its bytes in `$d_key_ptr`/`$d_key_len` (0 for an escaped or invalid key) |
 * | `d_string(hdr)` | a string value: written into the static header `hdr` over the input's own bytes, or (with escapes) decoded by `$p_string` |
 * | `d_number(hdr)` | a number value: the header `hdr` over the literal's text in the input, its f64 computed on first use |
 * | `d_skip(depth)` | skips one value inside `depth` containers, validating it: 1 if it is JSON, else 0 |
 *
 * Values made by `d_string`/`d_number` point into the input text, which `opa_eval` keeps in place
 * below the heap until it returns, and live in static headers that the next decision reuses —
 * they never outlive the call that made them.
 */
import type { RuntimeContext } from './context.js';
import { MAX_DEPTH, NUM, STR, T } from './layout.js';

const ch = (s: string): number => s.charCodeAt(0);

/** The i32 conditions or-ed together: (i32.or a (i32.or b …)). */
const anyOf = (conds: readonly string[]): string => conds.reduceRight((rest, x) => `(i32.or ${x} ${rest})`);

/** The decoding primitives (WAT). */
export function decodeWat(c: RuntimeContext): string {
  // One bit per open container of a skipped value: set for an object, clear for an array.
  const kinds = c.statics.reserve(Math.ceil((MAX_DEPTH + 2) / 8));
  const twoByteEscapes = ['"', '\\', '/', 'b', 'f', 'n', 'r', 't'];
  return `
(global $d_escaped (mut i32) (i32.const 0))
(global $d_key_ptr (mut i32) (i32.const 0))
(global $d_key_len (mut i32) (i32.const 0))

;; Validates the string whose opening quote is at $p_pos and moves the cursor past it. Returns the
;; address of the closing quote, or 0 when the text is not a JSON string; $d_escaped tells
;; whether it contains escapes.
(func $d_scan_string (result i32)
  (local $i i32) (local $end i32) (local $c i32) (local $n i32)
  (global.set $d_escaped (i32.const 0))
  (local.set $i (i32.add (global.get $p_pos) (i32.const 1)))
  (local.set $end (global.get $p_end))
  (loop $each
    (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0))))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const ${ch('"')}))
      (then
        (global.set $p_pos (i32.add (local.get $i) (i32.const 1)))
        (return (local.get $i))))
    (if (i32.eq (local.get $c) (i32.const ${ch('\\')}))
      (then
        (global.set $d_escaped (i32.const 1))
        (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)) (then (return (i32.const 0))))
        (local.set $c (i32.load8_u offset=1 (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const ${ch('u')}))
          (then
            (if (i32.gt_u (i32.add (local.get $i) (i32.const 6)) (local.get $end)) (then (return (i32.const 0))))
            (if (i32.lt_s (call $p_hex (i32.add (local.get $i) (i32.const 2)) (i32.const 4)) (i32.const 0))
              (then (return (i32.const 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 6)))
            (br $each)))
        (if (i32.eqz ${anyOf(twoByteEscapes.map((e) => `(i32.eq (local.get $c) (i32.const ${ch(e)}))`))})
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $each)))
    ;; Raw bytes: no control characters; multi-byte sequences must be valid UTF-8.
    (if (i32.lt_u (local.get $c) (i32.const 0x20)) (then (return (i32.const 0))))
    (local.set $n (call $utf8_len_at (local.get $i) (local.get $end)))
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (local.get $n)))
    (br $each))
  (i32.const 0))

;; An object key at the cursor (its opening quote). Returns 1 with the key's bytes in
;; $d_key_ptr/$d_key_len, or 0 when it is not a string or has escapes (the caller falls back).
(func $d_key (result i32)
  (local $start i32) (local $q i32)
  (local.set $start (i32.add (global.get $p_pos) (i32.const 1)))
  (local.set $q (call $d_scan_string))
  (if (i32.or (i32.eqz (local.get $q)) (global.get $d_escaped)) (then (return (i32.const 0))))
  (global.set $d_key_ptr (local.get $start))
  (global.set $d_key_len (i32.sub (local.get $q) (local.get $start)))
  (i32.const 1))

;; The string value at the cursor, or 0 when invalid. Without escapes it is the header at hdr
;; over the input's bytes; with escapes, a decoded heap copy.
(func $d_string (param $hdr i32) (result i32)
  (local $start i32) (local $q i32)
  (local.set $start (global.get $p_pos))
  (local.set $q (call $d_scan_string))
  (if (i32.eqz (local.get $q)) (then (return (i32.const 0))))
  (if (global.get $d_escaped)
    (then
      (global.set $p_pos (local.get $start))
      (return (call $p_string (i32.const 0)))))
  (i32.store (local.get $hdr) (i32.const ${T.STRING}))
  (i32.store offset=${STR.len} (local.get $hdr) (i32.sub (local.get $q) (i32.add (local.get $start) (i32.const 1))))
  (i32.store offset=${STR.ptr} (local.get $hdr) (i32.add (local.get $start) (i32.const 1)))
  (local.get $hdr))

;; The number value at the cursor in the header at hdr (text in place, f64 not yet computed),
;; or 0 when the text there is not a number.
(func $d_number (param $hdr i32) (result i32)
  (local $start i32) (local $end i32)
  (local.set $start (global.get $p_pos))
  (local.set $end (call $p_number_end (local.get $start)))
  (if (i32.eqz (local.get $end)) (then (return (i32.const 0))))
  (global.set $p_pos (local.get $end))
  (i32.store (local.get $hdr) (i32.const ${T.NUMBER | (NUM.HAS_TEXT << 8)}))
  (i32.store offset=${NUM.text} (local.get $hdr) (local.get $start))
  (i32.store offset=${NUM.len} (local.get $hdr) (i32.sub (local.get $end) (local.get $start)))
  (local.get $hdr))

;; After "{" or "," in an object being skipped: a key and its colon. 1 if they are there.
(func $d_member_key (result i32)
  (if (i32.ne (call $p_skip_ws) (i32.const ${ch('"')})) (then (return (i32.const 0))))
  (if (i32.eqz (call $d_scan_string)) (then (return (i32.const 0))))
  (if (i32.ne (call $p_skip_ws) (i32.const ${ch(':')})) (then (return (i32.const 0))))
  (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
  (i32.const 1))

;; The kind bit of open container n (1 = object).
(func $d_kind (param $n i32) (result i32)
  (i32.and
    (i32.shr_u (i32.load8_u offset=${kinds} (i32.shr_u (local.get $n) (i32.const 3))) (i32.and (local.get $n) (i32.const 7)))
    (i32.const 1)))

;; Records the kind of open container n.
(func $d_set_kind (param $n i32) (param $object i32)
  (local $a i32) (local $bit i32)
  (local.set $a (i32.shr_u (local.get $n) (i32.const 3)))
  (local.set $bit (i32.shl (i32.const 1) (i32.and (local.get $n) (i32.const 7))))
  (i32.store8 offset=${kinds} (local.get $a)
    (i32.or
      (i32.and (i32.load8_u offset=${kinds} (local.get $a)) (i32.xor (local.get $bit) (i32.const -1)))
      (select (local.get $bit) (i32.const 0) (local.get $object)))))

;; Skips the JSON value at the cursor, which sits inside \`depth\` containers, without allocating.
;; Returns 1 when it is valid JSON within the nesting limit (the cursor is then just after it).
(func $d_skip (param $depth i32) (result i32)
  (local $c i32) (local $n i32)
  (block $fail
    (loop $value
      (local.set $c (call $p_skip_ws))
      (block $have
        (if (i32.or (i32.eq (local.get $c) (i32.const ${ch('[')})) (i32.eq (local.get $c) (i32.const ${ch('{')})))
          (then
            (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
            ;; Empty containers complete at once (and count towards the limit, as in $parse_value).
            (if (i32.eq (call $p_skip_ws) (i32.add (local.get $c) (i32.const 2)))
              (then
                (br_if $fail (i32.ge_u (i32.add (local.get $depth) (local.get $n)) (i32.const ${MAX_DEPTH})))
                (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
                (br $have)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br_if $fail (i32.gt_u (i32.add (local.get $depth) (local.get $n)) (i32.const ${MAX_DEPTH})))
            (call $d_set_kind (local.get $n) (i32.eq (local.get $c) (i32.const ${ch('{')})))
            (if (i32.eq (local.get $c) (i32.const ${ch('{')}))
              (then (br_if $fail (i32.eqz (call $d_member_key)))))
            (br $value)))
        (if (i32.eq (local.get $c) (i32.const ${ch('"')}))
          (then
            (br_if $fail (i32.eqz (call $d_scan_string)))
            (br $have)))
        (if (i32.or (i32.eq (local.get $c) (i32.const ${ch('-')})) (call $is_digit (local.get $c)))
          (then
            (local.set $c (call $p_number_end (global.get $p_pos)))
            (br_if $fail (i32.eqz (local.get $c)))
            (global.set $p_pos (local.get $c))
            (br $have)))
        (br_if $have (call $p_match ${c.str('true')}))
        (br_if $have (call $p_match ${c.str('false')}))
        (br_if $have (call $p_match ${c.str('null')}))
        (br $fail))
      ;; A value is complete: continue or close the innermost open container.
      (loop $complete
        (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
        (local.set $c (call $p_skip_ws))
        (if (i32.eq (local.get $c) (i32.const ${ch(',')}))
          (then
            (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
            (if (call $d_kind (local.get $n))
              (then (br_if $fail (i32.eqz (call $d_member_key)))))
            (br $value)))
        (br_if $fail (i32.ne (local.get $c)
          (select (i32.const ${ch('}')}) (i32.const ${ch(']')}) (call $d_kind (local.get $n)))))
        (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $complete))))
  (i32.const 0))
`;
}
