/**
 * Strings: UTF-8 helpers and the string functions of the pact language.
 *
 * Strings are UTF-8 byte runs (`layout.ts`) and always valid: the parser rejects invalid UTF-8,
 * static literals come from TypeScript strings, and every function here maps valid text to valid
 * text. That makes byte-level algorithms correct at the code-point level:
 * - equality and `starts_with`/`ends_with`/`contains` compare bytes (UTF-8 is self-synchronising:
 *   a valid encoded needle can only match at code-point boundaries);
 * - byte order is code-point order, so `$rt_string_compare` is `memcmp`;
 * - `len` counts the bytes that are not continuation bytes (`10xxxxxx`).
 *
 * `$rt_lower` maps each code point through the generated range table (`lower-table.ts`, placed
 * in static memory as rows of four i32: first, last, delta, step) by binary search, with an ASCII
 * fast path. `$rt_matches` is glob matching over code points — `*` any run (also empty), `?`
 * exactly one code point, anything else itself, anchored at both ends — greedy with backtracking
 * to the last `*` (the algorithm of the reference evaluator's `glob`, O(|s|·|p|) at worst).
 */
import type { RuntimeContext } from './context.js';
import { ARR, OBJ, STR, T } from './layout.js';
import { LOWER_RANGES } from './lower-table.js';
import { LOWER_ROW_SIZE, lowerTableBytes } from './lower.js';

const ch = (s: string): number => s.charCodeAt(0);

/** UTF-8 helpers and string functions (WAT). */
export function stringsWat(c: RuntimeContext): string {
  const table = c.bytes(lowerTableBytes(), 4);
  return `
;; ---- UTF-8 ---------------------------------------------------------------------------------

;; The length (1-4) of the valid UTF-8 sequence at p (ending before end), or 0 if invalid:
;; no overlong forms, no surrogates, nothing above U+10FFFF.
(func $utf8_len_at (param $p i32) (param $end i32) (result i32)
  (local $c i32) (local $lo i32) (local $hi i32) (local $n i32)
  (local.set $c (i32.load8_u (local.get $p)))
  (if (i32.lt_u (local.get $c) (i32.const 0x80)) (then (return (i32.const 1))))
  (if (i32.lt_u (local.get $c) (i32.const 0xc2)) (then (return (i32.const 0))))
  (if (i32.ge_u (local.get $c) (i32.const 0xf5)) (then (return (i32.const 0))))
  ;; The sequence length and the allowed range of the second byte.
  (local.set $lo (i32.const 0x80))
  (local.set $hi (i32.const 0xbf))
  (local.set $n (i32.const 2))
  (if (i32.ge_u (local.get $c) (i32.const 0xe0)) (then (local.set $n (i32.const 3))))
  (if (i32.ge_u (local.get $c) (i32.const 0xf0)) (then (local.set $n (i32.const 4))))
  (if (i32.eq (local.get $c) (i32.const 0xe0)) (then (local.set $lo (i32.const 0xa0))))
  (if (i32.eq (local.get $c) (i32.const 0xed)) (then (local.set $hi (i32.const 0x9f))))
  (if (i32.eq (local.get $c) (i32.const 0xf0)) (then (local.set $lo (i32.const 0x90))))
  (if (i32.eq (local.get $c) (i32.const 0xf4)) (then (local.set $hi (i32.const 0x8f))))
  (if (i32.gt_u (i32.add (local.get $p) (local.get $n)) (local.get $end)) (then (return (i32.const 0))))
  (local.set $c (i32.load8_u offset=1 (local.get $p)))
  (if (i32.or (i32.lt_u (local.get $c) (local.get $lo)) (i32.gt_u (local.get $c) (local.get $hi)))
    (then (return (i32.const 0))))
  (if (i32.ge_u (local.get $n) (i32.const 3))
    (then
      (if (i32.ne (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0xc0)) (i32.const 0x80))
        (then (return (i32.const 0))))))
  (if (i32.eq (local.get $n) (i32.const 4))
    (then
      (if (i32.ne (i32.and (i32.load8_u offset=3 (local.get $p)) (i32.const 0xc0)) (i32.const 0x80))
        (then (return (i32.const 0))))))
  (local.get $n))

;; The length of the (valid) UTF-8 sequence whose lead byte is at p.
(func $utf8_seq_len (param $p i32) (result i32)
  (local $c i32)
  (local.set $c (i32.load8_u (local.get $p)))
  (if (result i32) (i32.lt_u (local.get $c) (i32.const 0x80))
    (then (i32.const 1))
    (else (if (result i32) (i32.lt_u (local.get $c) (i32.const 0xe0))
      (then (i32.const 2))
      (else (select (i32.const 3) (i32.const 4) (i32.lt_u (local.get $c) (i32.const 0xf0))))))))

;; The code point of the (valid) UTF-8 sequence at p.
(func $utf8_decode (param $p i32) (result i32)
  (local $c i32)
  (local.set $c (i32.load8_u (local.get $p)))
  (if (i32.lt_u (local.get $c) (i32.const 0x80)) (then (return (local.get $c))))
  (if (i32.lt_u (local.get $c) (i32.const 0xe0))
    (then (return (i32.or (i32.shl (i32.and (local.get $c) (i32.const 0x1f)) (i32.const 6))
                          (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f))))))
  (if (i32.lt_u (local.get $c) (i32.const 0xf0))
    (then (return (i32.or (i32.or
      (i32.shl (i32.and (local.get $c) (i32.const 0x0f)) (i32.const 12))
      (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
      (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3f))))))
  (i32.or (i32.or (i32.or
    (i32.shl (i32.and (local.get $c) (i32.const 0x07)) (i32.const 18))
    (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f)) (i32.const 12)))
    (i32.shl (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
    (i32.and (i32.load8_u offset=3 (local.get $p)) (i32.const 0x3f))))

;; Writes code point cp as UTF-8 at o; returns the position after it.
(func $utf8_put (param $o i32) (param $cp i32) (result i32)
  (if (i32.lt_u (local.get $cp) (i32.const 0x80))
    (then
      (i32.store8 (local.get $o) (local.get $cp))
      (return (i32.add (local.get $o) (i32.const 1)))))
  (if (i32.lt_u (local.get $cp) (i32.const 0x800))
    (then
      (i32.store8 (local.get $o) (i32.or (i32.const 0xc0) (i32.shr_u (local.get $cp) (i32.const 6))))
      (i32.store8 offset=1 (local.get $o) (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3f))))
      (return (i32.add (local.get $o) (i32.const 2)))))
  (if (i32.lt_u (local.get $cp) (i32.const 0x10000))
    (then
      (i32.store8 (local.get $o) (i32.or (i32.const 0xe0) (i32.shr_u (local.get $cp) (i32.const 12))))
      (i32.store8 offset=1 (local.get $o)
        (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 6)) (i32.const 0x3f))))
      (i32.store8 offset=2 (local.get $o) (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3f))))
      (return (i32.add (local.get $o) (i32.const 3)))))
  (i32.store8 (local.get $o) (i32.or (i32.const 0xf0) (i32.shr_u (local.get $cp) (i32.const 18))))
  (i32.store8 offset=1 (local.get $o)
    (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 12)) (i32.const 0x3f))))
  (i32.store8 offset=2 (local.get $o)
    (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 6)) (i32.const 0x3f))))
  (i32.store8 offset=3 (local.get $o) (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3f))))
  (i32.add (local.get $o) (i32.const 4)))

;; ---- comparisons ----------------------------------------------------------------------------

;; 1 when v is a string value.
(func $is_string (param $v i32) (result i32)
  (i32.eq (call $rt_type (local.get $v)) (i32.const ${T.STRING})))

;; 1 when a and b are strings with the same bytes (0 if either is not a string).
(func $rt_string_equal (param $a i32) (param $b i32) (result i32)
  (if (i32.eqz (i32.and (call $is_string (local.get $a)) (call $is_string (local.get $b))))
    (then (return (i32.const 0))))
  (if (i32.ne (i32.load offset=${STR.len} (local.get $a)) (i32.load offset=${STR.len} (local.get $b)))
    (then (return (i32.const 0))))
  (call $mem_eq (i32.load offset=${STR.ptr} (local.get $a)) (i32.load offset=${STR.ptr} (local.get $b))
    (i32.load offset=${STR.len} (local.get $a))))

;; 1 when v is a string whose bytes are [ptr, ptr+len) (a static literal).
(func $rt_string_equal_lit (param $v i32) (param $ptr i32) (param $len i32) (result i32)
  (if (i32.eqz (call $is_string (local.get $v))) (then (return (i32.const 0))))
  (if (i32.ne (i32.load offset=${STR.len} (local.get $v)) (local.get $len)) (then (return (i32.const 0))))
  (call $mem_eq (i32.load offset=${STR.ptr} (local.get $v)) (local.get $ptr) (local.get $len)))

;; Compares strings a and b by code point: -1, 0 or 1. Non-strings compare as empty.
(func $rt_string_compare (param $a i32) (param $b i32) (result i32)
  (local $p i32) (local $q i32) (local $n i32) (local $m i32) (local $i i32) (local $x i32) (local $y i32)
  (if (call $is_string (local.get $a))
    (then
      (local.set $p (i32.load offset=${STR.ptr} (local.get $a)))
      (local.set $n (i32.load offset=${STR.len} (local.get $a)))))
  (if (call $is_string (local.get $b))
    (then
      (local.set $q (i32.load offset=${STR.ptr} (local.get $b)))
      (local.set $m (i32.load offset=${STR.len} (local.get $b)))))
  (block $done
    (loop $each
      (br_if $done (i32.or (i32.ge_u (local.get $i) (local.get $n)) (i32.ge_u (local.get $i) (local.get $m))))
      (local.set $x (i32.load8_u (i32.add (local.get $p) (local.get $i))))
      (local.set $y (i32.load8_u (i32.add (local.get $q) (local.get $i))))
      (if (i32.ne (local.get $x) (local.get $y))
        (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (i32.sub (i32.gt_u (local.get $n) (local.get $m)) (i32.lt_u (local.get $n) (local.get $m))))

;; 1 when string s starts with string p.
(func $rt_starts_with (param $s i32) (param $p i32) (result i32)
  (if (i32.eqz (i32.and (call $is_string (local.get $s)) (call $is_string (local.get $p))))
    (then (return (i32.const 0))))
  (if (i32.gt_u (i32.load offset=${STR.len} (local.get $p)) (i32.load offset=${STR.len} (local.get $s)))
    (then (return (i32.const 0))))
  (call $mem_eq (i32.load offset=${STR.ptr} (local.get $s)) (i32.load offset=${STR.ptr} (local.get $p))
    (i32.load offset=${STR.len} (local.get $p))))

;; 1 when string s ends with string p.
(func $rt_ends_with (param $s i32) (param $p i32) (result i32)
  (local $n i32) (local $m i32)
  (if (i32.eqz (i32.and (call $is_string (local.get $s)) (call $is_string (local.get $p))))
    (then (return (i32.const 0))))
  (local.set $n (i32.load offset=${STR.len} (local.get $s)))
  (local.set $m (i32.load offset=${STR.len} (local.get $p)))
  (if (i32.gt_u (local.get $m) (local.get $n)) (then (return (i32.const 0))))
  (call $mem_eq (i32.add (i32.load offset=${STR.ptr} (local.get $s)) (i32.sub (local.get $n) (local.get $m)))
    (i32.load offset=${STR.ptr} (local.get $p)) (local.get $m)))

;; 1 when string s contains string p (the empty string is in every string).
(func $rt_contains (param $s i32) (param $p i32) (result i32)
  (local $sp i32) (local $pp i32) (local $m i32) (local $last i32) (local $first i32)
  (if (i32.eqz (i32.and (call $is_string (local.get $s)) (call $is_string (local.get $p))))
    (then (return (i32.const 0))))
  (local.set $m (i32.load offset=${STR.len} (local.get $p)))
  (if (i32.eqz (local.get $m)) (then (return (i32.const 1))))
  (if (i32.gt_u (local.get $m) (i32.load offset=${STR.len} (local.get $s))) (then (return (i32.const 0))))
  (local.set $sp (i32.load offset=${STR.ptr} (local.get $s)))
  (local.set $pp (i32.load offset=${STR.ptr} (local.get $p)))
  (local.set $first (i32.load8_u (local.get $pp)))
  (local.set $last (i32.add (local.get $sp) (i32.sub (i32.load offset=${STR.len} (local.get $s)) (local.get $m))))
  (block $done
    (loop $each
      (br_if $done (i32.gt_u (local.get $sp) (local.get $last)))
      (if (i32.eq (i32.load8_u (local.get $sp)) (local.get $first))
        (then
          (if (call $mem_eq (local.get $sp) (local.get $pp) (local.get $m)) (then (return (i32.const 1))))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 1)))
      (br $each)))
  (i32.const 0))

;; ---- length, lowercase, glob ----------------------------------------------------------------

;; The number of code points of a string, of elements of an array or set, of entries of an
;; object; -1 for anything else.
(func $rt_len (param $v i32) (result i32)
  (local $tag i32) (local $p i32) (local $end i32) (local $n i32)
  (local.set $tag (call $rt_type (local.get $v)))
  (if (i32.eq (local.get $tag) (i32.const ${T.ARRAY})) (then (return (i32.load offset=${ARR.len} (local.get $v)))))
  (if (i32.ge_u (local.get $tag) (i32.const ${T.OBJECT})) (then (return (i32.load offset=${OBJ.len} (local.get $v)))))
  (if (i32.ne (local.get $tag) (i32.const ${T.STRING})) (then (return (i32.const -1))))
  (local.set $p (i32.load offset=${STR.ptr} (local.get $v)))
  (local.set $end (i32.add (local.get $p) (i32.load offset=${STR.len} (local.get $v))))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $n (i32.add (local.get $n)
        (i32.ne (i32.and (i32.load8_u (local.get $p)) (i32.const 0xc0)) (i32.const 0x80))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $each)))
  (local.get $n))

;; The simple lowercase of code point cp (binary search in the static range table).
(func $lower_cp (param $cp i32) (result i32)
  (local $lo i32) (local $hi i32) (local $mid i32) (local $row i32) (local $found i32)
  (local.set $hi (i32.const ${LOWER_RANGES.length - 1}))
  (local.set $found (i32.const -1))
  (block $done
    (loop $search
      (br_if $done (i32.gt_s (local.get $lo) (local.get $hi)))
      (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
      (local.set $row (i32.add ${table} (i32.mul (local.get $mid) (i32.const ${LOWER_ROW_SIZE}))))
      (if (i32.le_u (i32.load (local.get $row)) (local.get $cp))
        (then
          (local.set $found (local.get $row))
          (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
        (else (local.set $hi (i32.sub (local.get $mid) (i32.const 1)))))
      (br $search)))
  (if (i32.lt_s (local.get $found) (i32.const 0)) (then (return (local.get $cp))))
  (if (i32.gt_u (local.get $cp) (i32.load offset=4 (local.get $found))) (then (return (local.get $cp))))
  (if (i32.rem_u (i32.sub (local.get $cp) (i32.load (local.get $found))) (i32.load offset=12 (local.get $found)))
    (then (return (local.get $cp))))
  (i32.add (local.get $cp) (i32.load offset=8 (local.get $found))))

;; The simple lowercase of string s, code point by code point (s itself if not a string).
(func $rt_lower (param $s i32) (result i32)
  (local $p i32) (local $end i32) (local $out i32) (local $o i32) (local $c i32) (local $len i32)
  (if (i32.eqz (call $is_string (local.get $s))) (then (return (local.get $s))))
  (local.set $len (i32.load offset=${STR.len} (local.get $s)))
  (local.set $p (i32.load offset=${STR.ptr} (local.get $s)))
  (local.set $end (i32.add (local.get $p) (local.get $len)))
  ;; A lowercase form is at most 3/2 as long (two bytes to three, e.g. U+023A → U+2C65).
  (local.set $out (call $opa_malloc (i32.add (i32.add (local.get $len) (i32.shr_u (local.get $len) (i32.const 1))) (i32.const 4))))
  (local.set $o (local.get $out))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.lt_u (local.get $c) (i32.const 0x80))
        (then
          (if (i32.lt_u (i32.sub (local.get $c) (i32.const ${ch('A')})) (i32.const 26))
            (then (local.set $c (i32.add (local.get $c) (i32.const 32)))))
          (i32.store8 (local.get $o) (local.get $c))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (local.set $p (i32.add (local.get $p) (i32.const 1))))
        (else
          (local.set $o (call $utf8_put (local.get $o) (call $lower_cp (call $utf8_decode (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (call $utf8_seq_len (local.get $p))))))
      (br $each)))
  (call $rt_string (local.get $out) (i32.sub (local.get $o) (local.get $out))))

;; 1 when string s matches glob pattern g ('*' any run of code points, '?' one code point).
(func $rt_matches (param $s i32) (param $g i32) (result i32)
  (local $si i32) (local $send i32) (local $pi i32) (local $pend i32) (local $star i32) (local $mark i32)
  (local $pc i32) (local $n i32)
  (if (i32.eqz (i32.and (call $is_string (local.get $s)) (call $is_string (local.get $g))))
    (then (return (i32.const 0))))
  (local.set $si (i32.load offset=${STR.ptr} (local.get $s)))
  (local.set $send (i32.add (local.get $si) (i32.load offset=${STR.len} (local.get $s))))
  (local.set $pi (i32.load offset=${STR.ptr} (local.get $g)))
  (local.set $pend (i32.add (local.get $pi) (i32.load offset=${STR.len} (local.get $g))))
  (local.set $star (i32.const 0))
  (block $done
    (loop $step
      (br_if $done (i32.ge_u (local.get $si) (local.get $send)))
      (if (i32.lt_u (local.get $pi) (local.get $pend))
        (then
          (local.set $pc (i32.load8_u (local.get $pi)))
          (if (i32.eq (local.get $pc) (i32.const ${ch('*')}))
            (then
              ;; Remember the star; first assume it matches the empty run.
              (local.set $pi (i32.add (local.get $pi) (i32.const 1)))
              (local.set $star (local.get $pi))
              (local.set $mark (local.get $si))
              (br $step)))
          (if (i32.eq (local.get $pc) (i32.const ${ch('?')}))
            (then
              (local.set $si (i32.add (local.get $si) (call $utf8_seq_len (local.get $si))))
              (local.set $pi (i32.add (local.get $pi) (i32.const 1)))
              (br $step)))
          (local.set $n (call $utf8_seq_len (local.get $pi)))
          (if (i32.le_u (i32.add (local.get $si) (local.get $n)) (local.get $send))
            (then
              (if (call $mem_eq (local.get $si) (local.get $pi) (local.get $n))
                (then
                  (local.set $si (i32.add (local.get $si) (local.get $n)))
                  (local.set $pi (i32.add (local.get $pi) (local.get $n)))
                  (br $step)))))))
      ;; Mismatch: let the last star swallow one more code point, or fail.
      (if (i32.eqz (local.get $star)) (then (return (i32.const 0))))
      (local.set $pi (local.get $star))
      (local.set $mark (i32.add (local.get $mark) (call $utf8_seq_len (local.get $mark))))
      (local.set $si (local.get $mark))
      (br $step)))
  ;; The subject is consumed: only stars may remain.
  (loop $stars
    (if (i32.lt_u (local.get $pi) (local.get $pend))
      (then
        (if (i32.eq (i32.load8_u (local.get $pi)) (i32.const ${ch('*')}))
          (then
            (local.set $pi (i32.add (local.get $pi) (i32.const 1)))
            (br $stars))))))
  (i32.eq (local.get $pi) (local.get $pend)))

;; 1 when x is an element of array or set c (by $rt_value_equal), or a value of object c.
(func $rt_in (param $x i32) (param $c i32) (result i32)
  (local $tag i32) (local $i i32) (local $n i32)
  (local.set $tag (call $rt_type (local.get $c)))
  (if (i32.eq (local.get $tag) (i32.const ${T.SET})) (then (return (call $rt_set_contains (local.get $c) (local.get $x)))))
  (if (i32.eq (local.get $tag) (i32.const ${T.ARRAY}))
    (then
      (local.set $n (i32.load offset=${ARR.len} (local.get $c)))
      (block $done
        (loop $each
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (if (call $rt_value_equal (local.get $x) (call $rt_array_get (local.get $c) (local.get $i)))
            (then (return (i32.const 1))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each)))
      (return (i32.const 0))))
  (if (i32.eq (local.get $tag) (i32.const ${T.OBJECT}))
    (then
      (local.set $n (i32.load offset=${OBJ.len} (local.get $c)))
      (block $done
        (loop $each
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (if (call $rt_value_equal (local.get $x) (call $rt_table_value (local.get $c) (local.get $i)))
            (then (return (i32.const 1))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each)))))
  (i32.const 0))
`;
}
