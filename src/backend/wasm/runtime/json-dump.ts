/**
 * Serialisation: the output buffer, `opa_json_dump` and `opa_value_dump`.
 *
 * **Buffer.** A buffer is a 16-byte header (data pointer, length, capacity) followed by its data
 * block. When the data block is the most recent allocation (the usual case while dumping) it grows
 * in place by bumping the heap; otherwise it is copied to a block twice the size. Capacities are
 * multiples of 8 so that "ends at the heap pointer" is exact.
 *
 * **JSON** (`$dump` with rego = 0), compact, as OPA writes it (§4.3):
 * - strings escape only `"`, `\\` and bytes below 0x20 (`\\n`, `\\r`, `\\t`, else `\\u00xx` in
 *   lowercase hex); `/`, U+2028 and all other UTF-8 are written raw;
 * - numbers print their literal text when they have one, else like `JSON.stringify` (number.ts);
 * - sets print as arrays; object keys that are not strings print as strings holding their JSON
 *   (`{1: 2}` → `{"1":2}`, `{[1]: 2}` → `{"[1]":2}`);
 * - objects and sets print in insertion order.
 *
 * **Rego** (rego = 1): the same, except sets print as `{a,b}` (empty: `set()`) and non-string
 * keys print as values (`{1:2}`), which Go's `ast.ParseTerm` reads back.
 *
 * The value 0 (undefined) prints as `null`, so a confused host never makes the module trap.
 * Recursion depth is bounded by the parser's nesting limit (`MAX_DEPTH`).
 */
import type { RuntimeContext } from './context.js';
import { ARR, BOOL, NUM, OBJ, STR, T } from './layout.js';

const ch = (s: string): number => s.charCodeAt(0);
/** Buffer header offsets. */
const BUF = { ptr: 0, len: 4, cap: 8, size: 16 } as const;

/** The buffer and the dumpers (WAT). */
export function jsonDumpWat(c: RuntimeContext): string {
  return `
;; ---- output buffer -------------------------------------------------------------------------

;; Empties buffer b (keeping its capacity).
(func $buf_clear (param $b i32)
  (i32.store offset=${BUF.len} (local.get $b) (i32.const 0)))

;; A new empty buffer with room for cap bytes.
(func $buf_new (param $cap i32) (result i32)
  (local $b i32)
  (local.set $cap (i32.and (i32.add (local.get $cap) (i32.const 7)) (i32.const -8)))
  (local.set $b (call $opa_malloc (i32.const ${BUF.size})))
  (i32.store offset=${BUF.ptr} (local.get $b) (call $opa_malloc (local.get $cap)))
  (i32.store offset=${BUF.len} (local.get $b) (i32.const 0))
  (i32.store offset=${BUF.cap} (local.get $b) (local.get $cap))
  (local.get $b))

;; Makes room for n more bytes.
(func $buf_reserve (param $b i32) (param $n i32)
  (local $need i32) (local $cap i32) (local $ptr i32) (local $grow i32) (local $new i32)
  (local.set $need (i32.add (i32.load offset=${BUF.len} (local.get $b)) (local.get $n)))
  (local.set $cap (i32.load offset=${BUF.cap} (local.get $b)))
  (if (i32.le_u (local.get $need) (local.get $cap)) (then (return)))
  (local.set $ptr (i32.load offset=${BUF.ptr} (local.get $b)))
  ;; At least double, rounded to 8.
  (local.set $grow (i32.sub (local.get $need) (local.get $cap)))
  (if (i32.lt_u (local.get $grow) (local.get $cap)) (then (local.set $grow (local.get $cap))))
  (local.set $grow (i32.and (i32.add (local.get $grow) (i32.const 7)) (i32.const -8)))
  (if (i32.eq (i32.add (local.get $ptr) (local.get $cap)) (global.get $heap_ptr))
    (then
      ;; The data block is the last allocation: extend it in place.
      (drop (call $opa_malloc (local.get $grow)))
      (i32.store offset=${BUF.cap} (local.get $b) (i32.add (local.get $cap) (local.get $grow)))
      (return)))
  (local.set $new (call $opa_malloc (i32.add (local.get $cap) (local.get $grow))))
  (call $mem_copy (local.get $new) (local.get $ptr) (i32.load offset=${BUF.len} (local.get $b)))
  (i32.store offset=${BUF.ptr} (local.get $b) (local.get $new))
  (i32.store offset=${BUF.cap} (local.get $b) (i32.add (local.get $cap) (local.get $grow))))

;; Appends one byte.
(func $buf_byte (param $b i32) (param $c i32)
  (local $len i32)
  (call $buf_reserve (local.get $b) (i32.const 1))
  (local.set $len (i32.load offset=${BUF.len} (local.get $b)))
  (i32.store8 (i32.add (i32.load offset=${BUF.ptr} (local.get $b)) (local.get $len)) (local.get $c))
  (i32.store offset=${BUF.len} (local.get $b) (i32.add (local.get $len) (i32.const 1))))

;; Appends the n bytes at p.
(func $buf_bytes (param $b i32) (param $p i32) (param $n i32)
  (local $len i32)
  (call $buf_reserve (local.get $b) (local.get $n))
  (local.set $len (i32.load offset=${BUF.len} (local.get $b)))
  (call $mem_copy (i32.add (i32.load offset=${BUF.ptr} (local.get $b)) (local.get $len)) (local.get $p) (local.get $n))
  (i32.store offset=${BUF.len} (local.get $b) (i32.add (local.get $len) (local.get $n))))

;; Appends a NUL and returns the address of the text (a C string).
(func $buf_cstr (param $b i32) (result i32)
  (call $buf_byte (local.get $b) (i32.const 0))
  (i32.load offset=${BUF.ptr} (local.get $b)))

;; The data pointer and length of a buffer.
(func $buf_ptr (param $b i32) (result i32) (i32.load offset=${BUF.ptr} (local.get $b)))
(func $buf_len (param $b i32) (result i32) (i32.load offset=${BUF.len} (local.get $b)))

;; A string value over the buffer's current contents (later appends are not seen by it).
(func $rt_buf_string (param $b i32) (result i32)
  (call $rt_string (call $buf_ptr (local.get $b)) (call $buf_len (local.get $b))))

;; The string a ++ b (non-strings count as empty).
(func $rt_string_concat (param $a i32) (param $b i32) (result i32)
  (local $buf i32)
  (local.set $buf (call $buf_new (i32.add (call $str_len (local.get $a)) (call $str_len (local.get $b)))))
  (call $buf_str (local.get $buf) (local.get $a))
  (call $buf_str (local.get $buf) (local.get $b))
  (call $rt_buf_string (local.get $buf)))

;; The byte length of a string value (0 for anything else).
(func $str_len (param $s i32) (result i32)
  (if (result i32) (i32.eq (call $rt_type (local.get $s)) (i32.const ${T.STRING}))
    (then (i32.load offset=${STR.len} (local.get $s)))
    (else (i32.const 0))))

;; Appends the bytes of string value s (nothing for a non-string).
(func $buf_str (param $b i32) (param $s i32)
  (if (i32.eq (call $rt_type (local.get $s)) (i32.const ${T.STRING}))
    (then (call $buf_bytes (local.get $b) (i32.load offset=${STR.ptr} (local.get $s)) (i32.load offset=${STR.len} (local.get $s))))))

;; ---- dumping -------------------------------------------------------------------------------

;; Appends the bytes [p, p+n) as a quoted JSON string, escaping as OPA does.
(func $dump_string (param $b i32) (param $p i32) (param $n i32)
  (local $end i32) (local $c i32) (local $run i32)
  (call $buf_byte (local.get $b) (i32.const ${ch('"')}))
  (local.set $end (i32.add (local.get $p) (local.get $n)))
  (local.set $run (local.get $p))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $c (i32.load8_u (local.get $p)))
      ;; A lone surrogate (WTF-8: ED A0-BF xx, see json-parse.ts) is not UTF-8: write \\uXXXX.
      (if (i32.and (i32.eq (local.get $c) (i32.const 0xed))
                   (i32.ge_u (i32.load8_u offset=1 (local.get $p)) (i32.const 0xa0)))
        (then
          (call $buf_bytes (local.get $b) (local.get $run) (i32.sub (local.get $p) (local.get $run)))
          (call $buf_bytes (local.get $b) ${c.str('\\ud')})
          (call $buf_byte (local.get $b) (call $hex_digit (i32.shr_u (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3c)) (i32.const 2))))
          (call $buf_byte (local.get $b) (call $hex_digit
            (i32.or (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 3)) (i32.const 2))
                    (i32.shr_u (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x30)) (i32.const 4)))))
          (call $buf_byte (local.get $b) (call $hex_digit (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 15))))
          (local.set $p (i32.add (local.get $p) (i32.const 3)))
          (local.set $run (local.get $p))
          (br $each)))
      (if (i32.or (i32.lt_u (local.get $c) (i32.const 0x20))
                  (i32.or (i32.eq (local.get $c) (i32.const ${ch('"')})) (i32.eq (local.get $c) (i32.const ${ch('\\')}))))
        (then
          ;; Flush the run of plain bytes, then the escape.
          (call $buf_bytes (local.get $b) (local.get $run) (i32.sub (local.get $p) (local.get $run)))
          (local.set $run (i32.add (local.get $p) (i32.const 1)))
          (call $buf_byte (local.get $b) (i32.const ${ch('\\')}))
          (block $escaped
            (if (i32.ge_u (local.get $c) (i32.const 0x20))
              (then (call $buf_byte (local.get $b) (local.get $c)) (br $escaped)))
            (if (i32.eq (local.get $c) (i32.const ${ch('\n')}))
              (then (call $buf_byte (local.get $b) (i32.const ${ch('n')})) (br $escaped)))
            (if (i32.eq (local.get $c) (i32.const ${ch('\r')}))
              (then (call $buf_byte (local.get $b) (i32.const ${ch('r')})) (br $escaped)))
            (if (i32.eq (local.get $c) (i32.const ${ch('\t')}))
              (then (call $buf_byte (local.get $b) (i32.const ${ch('t')})) (br $escaped)))
            (call $buf_bytes (local.get $b) ${c.str('u00')})
            (call $buf_byte (local.get $b) (call $hex_digit (i32.shr_u (local.get $c) (i32.const 4))))
            (call $buf_byte (local.get $b) (call $hex_digit (i32.and (local.get $c) (i32.const 15)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $each)))
  (call $buf_bytes (local.get $b) (local.get $run) (i32.sub (local.get $end) (local.get $run)))
  (call $buf_byte (local.get $b) (i32.const ${ch('"')})))

;; The lowercase hex digit for 0-15.
(func $hex_digit (param $d i32) (result i32)
  (i32.add (local.get $d) (select (i32.const ${ch('0')}) (i32.const ${ch('a') - 10}) (i32.lt_u (local.get $d) (i32.const 10)))))

;; Appends value v: JSON when rego = 0, Rego value syntax when rego = 1.
(func $dump (param $b i32) (param $v i32) (param $rego i32)
  (local $tag i32) (local $i i32) (local $n i32) (local $e i32) (local $k i32) (local $tmp i32)
  (local.set $tag (call $rt_type (local.get $v)))
  (block $table (block $array (block $string (block $number (block $bool (block $null
    (br_table $null $null $bool $number $string $array $table $table (local.get $tag)))
    (call $buf_bytes (local.get $b) ${c.str('null')})
    (return))
    (if (i32.load offset=${BOOL.value} (local.get $v))
      (then (call $buf_bytes (local.get $b) ${c.str('true')}))
      (else (call $buf_bytes (local.get $b) ${c.str('false')})))
    (return))
    (if (i32.and (i32.load8_u offset=${NUM.flags} (local.get $v)) (i32.const ${NUM.HAS_TEXT}))
      (then (call $buf_bytes (local.get $b) (i32.load offset=${NUM.text} (local.get $v)) (i32.load offset=${NUM.len} (local.get $v))))
      (else (call $format_f64 (local.get $b) (f64.load offset=${NUM.f64} (local.get $v)))))
    (return))
    (call $dump_string (local.get $b) (i32.load offset=${STR.ptr} (local.get $v)) (i32.load offset=${STR.len} (local.get $v)))
    (return))
    ;; array
    (call $buf_byte (local.get $b) (i32.const ${ch('[')}))
    (local.set $n (i32.load offset=${ARR.len} (local.get $v)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (local.get $i) (then (call $buf_byte (local.get $b) (i32.const ${ch(',')}))))
        (call $dump (local.get $b) (call $rt_array_get (local.get $v) (local.get $i)) (local.get $rego))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (call $buf_byte (local.get $b) (i32.const ${ch(']')}))
    (return))
  ;; object or set
  (local.set $n (i32.load offset=${OBJ.len} (local.get $v)))
  (if (i32.eq (local.get $tag) (i32.const ${T.SET}))
    (then
      (if (i32.eqz (local.get $rego))
        (then
          ;; JSON: a set is an array.
          (call $buf_byte (local.get $b) (i32.const ${ch('[')}))
          (block $done
            (loop $each
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (if (local.get $i) (then (call $buf_byte (local.get $b) (i32.const ${ch(',')}))))
              (call $dump (local.get $b) (call $rt_table_key (local.get $v) (local.get $i)) (i32.const 0))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $each)))
          (call $buf_byte (local.get $b) (i32.const ${ch(']')}))
          (return)))
      (if (i32.eqz (local.get $n))
        (then
          (call $buf_bytes (local.get $b) ${c.str('set()')})
          (return)))))
  (call $buf_byte (local.get $b) (i32.const ${ch('{')}))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (if (local.get $i) (then (call $buf_byte (local.get $b) (i32.const ${ch(',')}))))
      (local.set $k (call $rt_table_key (local.get $v) (local.get $i)))
      (if (i32.or (local.get $rego) (i32.eq (i32.load8_u (local.get $k)) (i32.const ${T.STRING})))
        (then (call $dump (local.get $b) (local.get $k) (local.get $rego)))
        (else
          ;; JSON with a non-string key: the key's JSON text, as a string.
          (local.set $tmp (call $buf_new (i32.const 32)))
          (call $dump (local.get $tmp) (local.get $k) (i32.const 0))
          (call $dump_string (local.get $b) (call $buf_ptr (local.get $tmp)) (call $buf_len (local.get $tmp)))))
      (if (i32.eq (local.get $tag) (i32.const ${T.OBJECT}))
        (then
          (call $buf_byte (local.get $b) (i32.const ${ch(':')}))
          (call $dump (local.get $b) (call $rt_table_value (local.get $v) (local.get $i)) (local.get $rego))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (call $buf_byte (local.get $b) (i32.const ${ch('}')})))

;; opa_json_dump: a NUL-terminated compact JSON text of v.
(func $opa_json_dump (param $v i32) (result i32)
  (local $b i32)
  (local.set $b (call $buf_new (i32.const 64)))
  (call $dump (local.get $b) (local.get $v) (i32.const 0))
  (call $buf_cstr (local.get $b)))

;; opa_value_dump: a NUL-terminated Rego text of v (sets as {a,b} / set()).
(func $opa_value_dump (param $v i32) (result i32)
  (local $b i32)
  (local.set $b (call $buf_new (i32.const 64)))
  (call $dump (local.get $b) (local.get $v) (i32.const 1))
  (call $buf_cstr (local.get $b)))
`;
}
