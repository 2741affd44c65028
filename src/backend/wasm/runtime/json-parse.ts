/**
 * The text parser behind `opa_json_parse` (JSON) and `opa_value_parse` (Rego values).
 *
 * One parser serves both: `$parse(ptr, len, rego)` reads one value from `[ptr, ptr+len)` and
 * returns it, or 0 on a syntax error. Following OPA (§3):
 * - leading whitespace is skipped; empty or blank text gives 0;
 * - after the value only whitespace may follow — and, for JSON text, NUL bytes (Rust hosts count
 *   the terminating NUL in the length); anything else makes the text invalid (0) — unlike OPA, which ignores
 *   trailing garbage, because a policy must never decide on part of what the host sent;
 * - the result never aliases the text (strings and number literals are copied), since hosts free
 *   or overwrite the buffer right after the call;
 * - duplicate object keys: the last value wins, at the first key's position.
 *
 * With `rego = 1` it also accepts what Go's `ast.Value.String()` prints: set literals `{1, "a"}`,
 * the empty set `set()`, object keys of any type (`{1: 2, [1]: "x"}`), and the Go string escapes
 * `\a \v \xHH \UHHHHHHHH` (plus JSON's). `{}` is an empty object in both modes. With `rego = 0`
 * set literals and non-string keys are syntax errors.
 *
 * Rejected (0), documented deviations from OPA, which aborts instead: invalid UTF-8 (including
 * overlong forms and encoded surrogates), raw control characters in strings, a `\u` escape that
 * is not four hex digits, `\x` above 0x7F. A `\u` escape of a surrogate without its partner is
 * kept (WTF-8: the 3-byte form of the code unit), as JSON and JavaScript allow.
 *
 * **No recursion.** Containers are parsed with an explicit stack of frames (parent, container,
 * pending key, kind) allocated on the heap and recycled through a free list, so the Wasm stack
 * depth is constant whatever the input. Nesting deeper than `MAX_DEPTH` is rejected (0), which
 * bounds the recursion of the functions that later walk the value (dump, equality, hashing).
 * The parse is a loop over two states: `$value` reads the start of a value (a scalar, or an
 * opening bracket that pushes a frame), `$complete` hands a finished value to the innermost
 * frame, which either asks for the next element or closes (and completes in its parent).
 *
 * The cursor lives in the globals `$p_pos`/`$p_end` for the duration of one call only.
 */
import type { RuntimeContext } from './context.js';
import { MAX_DEPTH, T } from './layout.js';

/** Frame kinds of the explicit parse stack. */
const F = { ARRAY: 0, KEY: 1, VALUE: 2, BRACE: 3, SET: 4 } as const;
/** Frame field offsets (16 bytes). */
const FR = { parent: 0, container: 4, key: 8, kind: 12, size: 16 } as const;

const ch = (s: string): number => s.charCodeAt(0);

/** The parser (WAT). */
export function jsonParseWat(c: RuntimeContext): string {
  return `
(global $p_pos (mut i32) (i32.const 0))
(global $p_end (mut i32) (i32.const 0))

;; opa_json_parse: one JSON value from [ptr, ptr+len), or 0.
(func $opa_json_parse (param $ptr i32) (param $len i32) (result i32)
  (call $parse (local.get $ptr) (local.get $len) (i32.const 0)))

;; opa_value_parse: one Rego value (JSON plus sets, non-string keys, Go escapes), or 0.
(func $opa_value_parse (param $ptr i32) (param $len i32) (result i32)
  (call $parse (local.get $ptr) (local.get $len) (i32.const 1)))

;; The byte at p, or -1 at or beyond the end of the text.
(func $p_byte (param $p i32) (result i32)
  (if (result i32) (i32.lt_u (local.get $p) (global.get $p_end))
    (then (i32.load8_u (local.get $p)))
    (else (i32.const -1))))

;; A complete top-level value v: returns v when only whitespace follows, else 0 — a policy never
;; decides on part of what the host sent (\`{"a":1} x\` is not JSON). JSON text may also end in
;; NUL bytes: Rust hosts pass the text's terminating NUL inside the length to opa_json_parse.
;; (Value syntax comes from opa_eval and the Go host, always with the exact length.)
(func $p_rest (param $v i32) (param $rego i32) (result i32)
  (loop $more
    (if (i32.and (i32.eqz (local.get $rego)) (i32.eqz (call $p_skip_ws)))
      (then
        (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
        (br $more))))
  (select (local.get $v) (i32.const 0) (i32.eq (call $p_skip_ws) (i32.const -1))))

;; Skips JSON whitespace; returns the next byte (not consumed), or -1 at the end.
(func $p_skip_ws (result i32)
  (local $c i32)
  (loop $more
    (local.set $c (call $p_byte (global.get $p_pos)))
    (if (i32.or (i32.or (i32.eq (local.get $c) (i32.const ${ch(' ')})) (i32.eq (local.get $c) (i32.const ${ch('\n')})))
                (i32.or (i32.eq (local.get $c) (i32.const ${ch('\r')})) (i32.eq (local.get $c) (i32.const ${ch('\t')}))))
      (then
        (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
        (br $more))))
  (local.get $c))

;; Consumes the bytes [lit, lit+n) if the text continues with them; returns 1 if it did.
(func $p_match (param $lit i32) (param $n i32) (result i32)
  (if (i32.gt_u (i32.add (global.get $p_pos) (local.get $n)) (global.get $p_end)) (then (return (i32.const 0))))
  (if (i32.eqz (call $mem_eq (global.get $p_pos) (local.get $lit) (local.get $n))) (then (return (i32.const 0))))
  (global.set $p_pos (i32.add (global.get $p_pos) (local.get $n)))
  (i32.const 1))

;; The keywords: true, false, null, and (Rego only) set().
(func $p_keyword (param $rego i32) (result i32)
  (if (call $p_match ${c.str('true')}) (then (return (call $rt_bool (i32.const 1)))))
  (if (call $p_match ${c.str('false')}) (then (return (call $rt_bool (i32.const 0)))))
  (if (call $p_match ${c.str('null')}) (then (return (call $rt_null))))
  (if (local.get $rego)
    (then (if (call $p_match ${c.str('set()')}) (then (return (call $rt_set_new))))))
  (i32.const 0))

;; Skips ASCII digits from p; returns the first non-digit position.
(func $p_digits (param $p i32) (result i32)
  (local $c i32)
  (loop $more
    (local.set $c (call $p_byte (local.get $p)))
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const ${ch('0')})) (i32.const 10))
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $more))))
  (local.get $p))

;; 1 when byte c is an ASCII digit.
(func $is_digit (param $c i32) (result i32)
  (i32.lt_u (i32.sub (local.get $c) (i32.const ${ch('0')})) (i32.const 10)))

;; A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; keeps a copy of its text.
(func $p_number (result i32)
  (local $start i32) (local $p i32)
  (local.set $start (global.get $p_pos))
  (local.set $p (call $p_number_end (local.get $start)))
  (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
  (global.set $p_pos (local.get $p))
  (call $number_from_text
    (call $mem_dup (local.get $start) (i32.sub (local.get $p) (local.get $start)))
    (i32.sub (local.get $p) (local.get $start))))

;; The end of the number literal starting at p, or 0 when the text there is not one.
(func $p_number_end (param $p i32) (result i32)
  (local $c i32)
  (if (i32.eq (call $p_byte (local.get $p)) (i32.const ${ch('-')}))
    (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
  (local.set $c (call $p_byte (local.get $p)))
  (if (i32.eq (local.get $c) (i32.const ${ch('0')}))
    (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
    (else
      (if (i32.eqz (call $is_digit (local.get $c))) (then (return (i32.const 0))))
      (local.set $p (call $p_digits (local.get $p)))))
  (if (i32.eq (call $p_byte (local.get $p)) (i32.const ${ch('.')}))
    (then
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (if (i32.eqz (call $is_digit (call $p_byte (local.get $p)))) (then (return (i32.const 0))))
      (local.set $p (call $p_digits (local.get $p)))))
  (if (i32.eq (i32.or (call $p_byte (local.get $p)) (i32.const 0x20)) (i32.const ${ch('e')}))
    (then
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $c (call $p_byte (local.get $p)))
      (if (i32.or (i32.eq (local.get $c) (i32.const ${ch('+')})) (i32.eq (local.get $c) (i32.const ${ch('-')})))
        (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
      (if (i32.eqz (call $is_digit (call $p_byte (local.get $p)))) (then (return (i32.const 0))))
      (local.set $p (call $p_digits (local.get $p)))))
  (local.get $p))

;; The value of n hex digits at p, or -1 if one is not a hex digit.
(func $p_hex (param $p i32) (param $n i32) (result i32)
  (local $v i32) (local $c i32) (local $d i32)
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $c (i32.load8_u (local.get $p)))
      (local.set $d
        (if (result i32) (call $is_digit (local.get $c))
          (then (i32.sub (local.get $c) (i32.const ${ch('0')})))
          (else
            (local.set $c (i32.or (local.get $c) (i32.const 0x20)))
            (if (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const ${ch('a')})) (i32.const 6))
              (then (i32.add (i32.sub (local.get $c) (i32.const ${ch('a')})) (i32.const 10)))
              (else (return (i32.const -1)))))))
      (local.set $v (i32.or (i32.shl (local.get $v) (i32.const 4)) (local.get $d)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (local.get $v))

;; A string starting at the opening quote. Pass 1 finds the closing quote; pass 2 decodes
;; escapes and validates UTF-8 into a block of the raw length (decoding never grows text).
(func $p_string (param $rego i32) (result i32)
  (local $start i32) (local $q i32) (local $end i32) (local $i i32) (local $out i32) (local $o i32)
  (local $c i32) (local $cp i32) (local $lo i32) (local $n i32)
  (local.set $start (i32.add (global.get $p_pos) (i32.const 1)))
  (local.set $end (global.get $p_end))
  (local.set $q (local.get $start))
  (block $found
    (loop $scan
      (if (i32.ge_u (local.get $q) (local.get $end)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u (local.get $q)))
      (br_if $found (i32.eq (local.get $c) (i32.const ${ch('"')})))
      (local.set $q (i32.add (local.get $q)
        (select (i32.const 2) (i32.const 1) (i32.eq (local.get $c) (i32.const ${ch('\\')})))))
      (br $scan)))
  (local.set $out (call $opa_malloc (i32.sub (local.get $q) (local.get $start))))
  (local.set $o (local.get $out))
  (local.set $i (local.get $start))
  (block $fail
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $q)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const ${ch('\\')}))
          (then
            ;; An escape. The closing quote was found by skipping escaped bytes, so i+1 < q.
            (local.set $c (i32.load8_u offset=1 (local.get $i)))
            (local.set $cp (i32.const -1))
            (if (i32.eq (local.get $c) (i32.const ${ch('u')}))
              (then
                (br_if $fail (i32.gt_u (i32.add (local.get $i) (i32.const 6)) (local.get $q)))
                (local.set $cp (call $p_hex (i32.add (local.get $i) (i32.const 2)) (i32.const 4)))
                (br_if $fail (i32.lt_s (local.get $cp) (i32.const 0)))
                (local.set $i (i32.add (local.get $i) (i32.const 6)))
                ;; A high surrogate followed by \\uDC00-DFFF is a pair. A surrogate without its
                ;; partner is kept as itself (JSON allows it, and JavaScript strings hold it): it is
                ;; stored WTF-8-style as the 3-byte form of its code unit, and dumped as \\uXXXX.
                (if (i32.eq (i32.and (local.get $cp) (i32.const 0xfc00)) (i32.const 0xd800))
                  (then
                    (if (i32.and (i32.le_u (i32.add (local.get $i) (i32.const 6)) (local.get $q))
                                 (i32.eq (i32.load16_u (local.get $i)) (i32.const ${ch('\\') | (ch('u') << 8)})))
                      (then
                        (local.set $lo (call $p_hex (i32.add (local.get $i) (i32.const 2)) (i32.const 4)))
                        (if (i32.eq (i32.and (local.get $lo) (i32.const 0xfc00)) (i32.const 0xdc00))
                          (then
                            (local.set $cp (i32.add (i32.const 0x10000)
                              (i32.or (i32.shl (i32.and (local.get $cp) (i32.const 0x3ff)) (i32.const 10))
                                      (i32.and (local.get $lo) (i32.const 0x3ff)))))
                            (local.set $i (i32.add (local.get $i) (i32.const 6)))))))))
                (local.set $o (call $utf8_put (local.get $o) (local.get $cp)))
                (br $each)))
            (if (local.get $rego)
              (then
                (if (i32.eq (local.get $c) (i32.const ${ch('U')}))
                  (then
                    (br_if $fail (i32.gt_u (i32.add (local.get $i) (i32.const 10)) (local.get $q)))
                    (local.set $cp (call $p_hex (i32.add (local.get $i) (i32.const 2)) (i32.const 8)))
                    (br_if $fail (i32.gt_u (local.get $cp) (i32.const 0x10ffff)))
                    (br_if $fail (i32.eq (i32.and (local.get $cp) (i32.const 0xfff800)) (i32.const 0xd800)))
                    (local.set $o (call $utf8_put (local.get $o) (local.get $cp)))
                    (local.set $i (i32.add (local.get $i) (i32.const 10)))
                    (br $each)))
                (if (i32.eq (local.get $c) (i32.const ${ch('x')}))
                  (then
                    (br_if $fail (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $q)))
                    (local.set $cp (call $p_hex (i32.add (local.get $i) (i32.const 2)) (i32.const 2)))
                    (br_if $fail (i32.gt_u (local.get $cp) (i32.const 0x7f)))
                    (i32.store8 (local.get $o) (local.get $cp))
                    (local.set $o (i32.add (local.get $o) (i32.const 1)))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $each)))
                (if (i32.eq (local.get $c) (i32.const ${ch('a')})) (then (local.set $cp (i32.const 7))))
                (if (i32.eq (local.get $c) (i32.const ${ch('v')})) (then (local.set $cp (i32.const 11))))))
            ;; The two-byte escapes.
            (if (i32.eq (local.get $c) (i32.const ${ch('"')})) (then (local.set $cp (local.get $c))))
            (if (i32.eq (local.get $c) (i32.const ${ch('\\')})) (then (local.set $cp (local.get $c))))
            (if (i32.eq (local.get $c) (i32.const ${ch('/')})) (then (local.set $cp (local.get $c))))
            (if (i32.eq (local.get $c) (i32.const ${ch('b')})) (then (local.set $cp (i32.const 8))))
            (if (i32.eq (local.get $c) (i32.const ${ch('f')})) (then (local.set $cp (i32.const 12))))
            (if (i32.eq (local.get $c) (i32.const ${ch('n')})) (then (local.set $cp (i32.const 10))))
            (if (i32.eq (local.get $c) (i32.const ${ch('r')})) (then (local.set $cp (i32.const 13))))
            (if (i32.eq (local.get $c) (i32.const ${ch('t')})) (then (local.set $cp (i32.const 9))))
            (br_if $fail (i32.lt_s (local.get $cp) (i32.const 0)))
            (i32.store8 (local.get $o) (local.get $cp))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $each)))
        ;; Raw bytes: no control characters; multi-byte sequences must be valid UTF-8.
        (br_if $fail (i32.lt_u (local.get $c) (i32.const 0x20)))
        (local.set $n (call $utf8_len_at (local.get $i) (local.get $q)))
        (br_if $fail (i32.eqz (local.get $n)))
        (call $mem_copy (local.get $o) (local.get $i) (local.get $n))
        (local.set $o (i32.add (local.get $o) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (local.get $n)))
        (br $each)))
    (global.set $p_pos (i32.add (local.get $q) (i32.const 1)))
    (return (call $rt_string (local.get $out) (i32.sub (local.get $o) (local.get $out)))))
  (i32.const 0))

;; Pushes a frame; returns the new top, or 0 when nesting exceeds MAX_DEPTH.
;; (Frames are recycled by $parse through its free list, see there.)
(func $p_frame (param $parent i32) (param $free i32) (param $container i32) (param $kind i32) (result i32)
  (local $f i32)
  (local.set $f
    (if (result i32) (local.get $free)
      (then (local.get $free))
      (else (call $opa_malloc (i32.const ${FR.size})))))
  (i32.store offset=${FR.parent} (local.get $f) (local.get $parent))
  (i32.store offset=${FR.container} (local.get $f) (local.get $container))
  (i32.store offset=${FR.key} (local.get $f) (i32.const 0))
  (i32.store offset=${FR.kind} (local.get $f) (local.get $kind))
  (local.get $f))

;; Parses one value from [ptr, ptr+len) followed only by whitespace; rego = 1 for Rego value
;; syntax. Returns 0 on error.
(func $parse (param $ptr i32) (param $len i32) (param $rego i32) (result i32)
  (local $v i32)
  (global.set $p_pos (local.get $ptr))
  (global.set $p_end (i32.add (local.get $ptr) (local.get $len)))
  (local.set $v (call $parse_value (local.get $rego) (i32.const 0)))
  (if (result i32) (local.get $v)
    (then (call $p_rest (local.get $v) (local.get $rego)))
    (else (i32.const 0))))

;; Parses one value at $p_pos inside \`depth\` enclosing containers (the nesting limit counts
;; them too), leaving $p_pos just after it. Returns 0 on error.
(func $parse_value (param $rego i32) (param $depth i32) (result i32)
  (local $v i32) (local $top i32) (local $free i32) (local $f i32) (local $c i32)
  (local $container i32)
  (block $fail
    (loop $value
      ;; ---- the start of a value: a scalar ends in $v; a bracket opens a frame.
      (local.set $c (call $p_skip_ws))
      (block $have
        (if (i32.or (i32.eq (local.get $c) (i32.const ${ch('[')})) (i32.eq (local.get $c) (i32.const ${ch('{')})))
          (then
            (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
            ;; Empty containers complete at once (but count towards the depth limit too).
            (if (i32.eq (call $p_skip_ws) (i32.add (local.get $c) (i32.const 2)))
              (then
                (br_if $fail (i32.ge_u (local.get $depth) (i32.const ${MAX_DEPTH})))
                (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
                (local.set $v
                  (if (result i32) (i32.eq (local.get $c) (i32.const ${ch('[')}))
                    (then (call $rt_array_new (i32.const 0)))
                    (else (call $rt_object_new))))
                (br $have)))
            (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
            (br_if $fail (i32.gt_u (local.get $depth) (i32.const ${MAX_DEPTH})))
            (local.set $f (local.get $free))
            (if (local.get $free) (then (local.set $free (i32.load offset=${FR.parent} (local.get $free)))))
            (local.set $top
              (if (result i32) (i32.eq (local.get $c) (i32.const ${ch('[')}))
                (then (call $p_frame (local.get $top) (local.get $f) (call $rt_array_new (i32.const 0)) (i32.const ${F.ARRAY})))
                (else
                  ;; Rego: the first element decides between object and set; JSON: an object.
                  (if (result i32) (local.get $rego)
                    (then (call $p_frame (local.get $top) (local.get $f) (i32.const 0) (i32.const ${F.BRACE})))
                    (else (call $p_frame (local.get $top) (local.get $f) (call $rt_object_new) (i32.const ${F.KEY})))))))
            (br $value)))
        (if (i32.eq (local.get $c) (i32.const ${ch('"')}))
          (then
            (local.set $v (call $p_string (local.get $rego)))
            (br_if $fail (i32.eqz (local.get $v)))
            (br $have)))
        (if (i32.or (i32.eq (local.get $c) (i32.const ${ch('-')})) (call $is_digit (local.get $c)))
          (then
            (local.set $v (call $p_number))
            (br_if $fail (i32.eqz (local.get $v)))
            (br $have)))
        (local.set $v (call $p_keyword (local.get $rego)))
        (br_if $fail (i32.eqz (local.get $v))))
      ;; ---- $v is complete: give it to the innermost frame, closing frames that end.
      (loop $complete
        (if (i32.eqz (local.get $top)) (then (return (local.get $v))))
        (local.set $c (call $p_skip_ws))
        (local.set $container (i32.load offset=${FR.container} (local.get $top)))
        (block $close
          (block $set (block $brace (block $objvalue (block $key (block $array
            (br_table $array $key $objvalue $brace $set (i32.load offset=${FR.kind} (local.get $top))))
            ;; array element
            (call $rt_array_push (local.get $container) (local.get $v))
            (br_if $close (i32.eq (local.get $c) (i32.const ${ch(']')})))
            (br_if $fail (i32.ne (local.get $c) (i32.const ${ch(',')})))
            (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
            (br $value))
            ;; object key (JSON: must be a string)
            (br_if $fail (i32.and (i32.eqz (local.get $rego))
              (i32.ne (i32.load8_u (local.get $v)) (i32.const ${T.STRING}))))
            (br_if $fail (i32.ne (local.get $c) (i32.const ${ch(':')})))
            (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
            (i32.store offset=${FR.key} (local.get $top) (local.get $v))
            (i32.store offset=${FR.kind} (local.get $top) (i32.const ${F.VALUE}))
            (br $value))
            ;; object value
            (call $rt_object_insert (local.get $container) (i32.load offset=${FR.key} (local.get $top)) (local.get $v))
            (br_if $close (i32.eq (local.get $c) (i32.const ${ch('}')})))
            (br_if $fail (i32.ne (local.get $c) (i32.const ${ch(',')})))
            (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
            (i32.store offset=${FR.kind} (local.get $top) (i32.const ${F.KEY}))
            (br $value))
            ;; the first element after "{" (Rego): a ":" makes it an object key, else a set element
            (if (i32.eq (local.get $c) (i32.const ${ch(':')}))
              (then
                (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
                (i32.store offset=${FR.container} (local.get $top) (call $rt_object_new))
                (i32.store offset=${FR.key} (local.get $top) (local.get $v))
                (i32.store offset=${FR.kind} (local.get $top) (i32.const ${F.VALUE}))
                (br $value)))
            (local.set $container (call $rt_set_new))
            (i32.store offset=${FR.container} (local.get $top) (local.get $container))
            (i32.store offset=${FR.kind} (local.get $top) (i32.const ${F.SET})))
          ;; set element
          (call $rt_set_add (local.get $container) (local.get $v))
          (br_if $close (i32.eq (local.get $c) (i32.const ${ch('}')})))
          (br_if $fail (i32.ne (local.get $c) (i32.const ${ch(',')})))
          (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
          (br $value))
        ;; ---- the innermost container is closed: pop its frame and complete it.
        (global.set $p_pos (i32.add (global.get $p_pos) (i32.const 1)))
        (local.set $v (local.get $container))
        (local.set $f (local.get $top))
        (local.set $top (i32.load offset=${FR.parent} (local.get $f)))
        (i32.store offset=${FR.parent} (local.get $f) (local.get $free))
        (local.set $free (local.get $f))
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (br $complete))))
  (i32.const 0))
`;
}
