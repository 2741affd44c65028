/**
 * Values: constructors, arrays, the object/set hash table, equality and hashing.
 *
 * The representation is documented in `layout.ts`. This file owns the algorithms on it:
 *
 * - **Arrays** grow by doubling their element block (copying; the old block is garbage).
 * - **Objects and sets** share one insertion-ordered hash table (`$table_*`). A lookup hashes the
 *   key, probes the index linearly from `hash & mask`, and compares stored hashes before calling
 *   `$rt_value_equal`. Insertion appends an entry (growing and reindexing at full capacity, so the
 *   index is at most half full) or replaces the value of an equal key in place. Removal shifts the
 *   later entries down and rebuilds the index (rare: only `opa_value_remove_path`).
 * - **Equality** is structural; numbers compare by their correctly rounded f64 (so `1 == 1.0`, and
 *   distinct 20-digit literals that round to one double are equal — pactc computes in f64).
 * - **Hashing** is mirrored in TypeScript by `hash.ts`; keep the two in step.
 *
 * Functions named `rt_*` are the API for generated code (documented in `runtime.ts`); `table_*`,
 * `value_*` and friends are internal. A value argument of 0 ("undefined") is accepted by the
 * `rt_*` readers and treated as "not of that type".
 */
import type { RuntimeContext } from './context.js';
import { ARR, BOOL, FNV, NUM, OBJ, STATIC, STR, T } from './layout.js';

/** Value constructors, containers, equality and hashing (WAT). */
export function valuesWat(_c: RuntimeContext): string {
  return `
;; ---- scalars ------------------------------------------------------------------------------

;; The type tag of v (1 null … 7 set), or 0 when v is 0 (undefined).
(func $rt_type (param $v i32) (result i32)
  (if (result i32) (local.get $v)
    (then (i32.load8_u (local.get $v)))
    (else (i32.const 0))))

;; The null value (a static singleton).
(func $rt_null (result i32)
  (i32.const ${STATIC.NULL}))

;; The boolean value for b (0 = false, anything else = true); static singletons.
(func $rt_bool (param $b i32) (result i32)
  (select (i32.const ${STATIC.TRUE}) (i32.const ${STATIC.FALSE}) (local.get $b)))

;; 1 when v is the boolean true, else 0 (also for non-booleans and undefined).
(func $rt_is_true (param $v i32) (result i32)
  (if (result i32) (i32.eq (call $rt_type (local.get $v)) (i32.const ${T.BOOL}))
    (then (i32.load offset=${BOOL.value} (local.get $v)))
    (else (i32.const 0))))

;; A number made by code from an f64 (dumped like JSON.stringify).
(func $rt_number_f64 (param $x f64) (result i32)
  (local $v i32)
  (local.set $v (call $opa_malloc (i32.const ${NUM.size})))
  (i32.store (local.get $v) (i32.const ${T.NUMBER | (NUM.HAS_F64 << 8)}))
  (i32.store offset=${NUM.text} (local.get $v) (i32.const 0))
  (i32.store offset=${NUM.len} (local.get $v) (i32.const 0))
  (f64.store offset=${NUM.f64} (local.get $v) (local.get $x))
  (local.get $v))

;; A number made by code from a signed i32.
(func $rt_number_i32 (param $n i32) (result i32)
  (call $rt_number_f64 (f64.convert_i32_s (local.get $n))))

;; A number holding the literal text [ptr, ptr+len), which must be valid JSON number syntax and
;; must stay valid as long as the value (the parser passes a heap copy).
(func $number_from_text (param $ptr i32) (param $len i32) (result i32)
  (local $v i32)
  (local.set $v (call $opa_malloc (i32.const ${NUM.size})))
  (i32.store (local.get $v) (i32.const ${T.NUMBER | (NUM.HAS_TEXT << 8)}))
  (i32.store offset=${NUM.text} (local.get $v) (local.get $ptr))
  (i32.store offset=${NUM.len} (local.get $v) (local.get $len))
  (f64.store offset=${NUM.f64} (local.get $v) (f64.const 0))
  (local.get $v))

;; The f64 of a number value, correctly rounded from its text on first use and then cached.
;; Returns NaN for a non-number (which compares unequal to everything).
(func $rt_number_to_f64 (param $v i32) (result f64)
  (local $x f64)
  (if (i32.ne (call $rt_type (local.get $v)) (i32.const ${T.NUMBER}))
    (then (return (f64.const nan))))
  (if (i32.and (i32.load8_u offset=${NUM.flags} (local.get $v)) (i32.const ${NUM.HAS_F64}))
    (then (return (f64.load offset=${NUM.f64} (local.get $v)))))
  (local.set $x (call $decimal_to_f64
    (i32.load offset=${NUM.text} (local.get $v)) (i32.load offset=${NUM.len} (local.get $v))))
  (f64.store offset=${NUM.f64} (local.get $v) (local.get $x))
  (i32.store8 offset=${NUM.flags} (local.get $v)
    (i32.or (i32.load8_u offset=${NUM.flags} (local.get $v)) (i32.const ${NUM.HAS_F64})))
  (local.get $x))

;; 1 when v is a number whose value is finite in f64 (not 1e400).
(func $rt_number_is_finite (param $v i32) (result i32)
  (if (result i32) (i32.eq (call $rt_type (local.get $v)) (i32.const ${T.NUMBER}))
    (then (f64.lt (f64.abs (call $rt_number_to_f64 (local.get $v))) (f64.const inf)))
    (else (i32.const 0))))

;; 1 when v is a number with an integral value (1, 1.0, 1e3; not 1.5, not infinite).
(func $rt_number_is_int (param $v i32) (result i32)
  (local $x f64)
  (if (i32.ne (call $rt_type (local.get $v)) (i32.const ${T.NUMBER}))
    (then (return (i32.const 0))))
  (local.set $x (call $rt_number_to_f64 (local.get $v)))
  (i32.and
    (f64.eq (f64.trunc (local.get $x)) (local.get $x))
    (f64.lt (f64.abs (local.get $x)) (f64.const inf))))

;; A string value over the bytes [ptr, ptr+len) without copying them: for static literals
;; and for bytes the caller has just allocated.
(func $rt_string (param $ptr i32) (param $len i32) (result i32)
  (local $v i32)
  (local.set $v (call $opa_malloc (i32.const ${STR.size})))
  (i32.store (local.get $v) (i32.const ${T.STRING}))
  (i32.store offset=${STR.len} (local.get $v) (local.get $len))
  (i32.store offset=${STR.ptr} (local.get $v) (local.get $ptr))
  (local.get $v))

;; ---- arrays -------------------------------------------------------------------------------

;; A new empty array with room for cap elements.
(func $rt_array_new (param $cap i32) (result i32)
  (local $a i32)
  (local.set $a (call $opa_malloc (i32.const ${ARR.size})))
  (i32.store (local.get $a) (i32.const ${T.ARRAY}))
  (i32.store offset=${ARR.len} (local.get $a) (i32.const 0))
  (i32.store offset=${ARR.cap} (local.get $a) (local.get $cap))
  (i32.store offset=${ARR.elems} (local.get $a)
    (if (result i32) (local.get $cap)
      (then (call $opa_malloc (i32.shl (local.get $cap) (i32.const 2))))
      (else (i32.const 0))))
  (local.get $a))

;; Appends v to array a.
(func $rt_array_push (param $a i32) (param $v i32)
  (local $len i32) (local $cap i32) (local $elems i32)
  (local.set $len (i32.load offset=${ARR.len} (local.get $a)))
  (local.set $cap (i32.load offset=${ARR.cap} (local.get $a)))
  (local.set $elems (i32.load offset=${ARR.elems} (local.get $a)))
  (if (i32.eq (local.get $len) (local.get $cap))
    (then
      (local.set $cap (select (i32.shl (local.get $cap) (i32.const 1)) (i32.const 4) (local.get $cap)))
      (local.set $elems (call $opa_malloc (i32.shl (local.get $cap) (i32.const 2))))
      (call $mem_copy (local.get $elems) (i32.load offset=${ARR.elems} (local.get $a))
        (i32.shl (local.get $len) (i32.const 2)))
      (i32.store offset=${ARR.cap} (local.get $a) (local.get $cap))
      (i32.store offset=${ARR.elems} (local.get $a) (local.get $elems))))
  (i32.store (i32.add (local.get $elems) (i32.shl (local.get $len) (i32.const 2))) (local.get $v))
  (i32.store offset=${ARR.len} (local.get $a) (i32.add (local.get $len) (i32.const 1))))

;; The length of an array, or -1 when a is not an array.
(func $rt_array_len (param $a i32) (result i32)
  (if (result i32) (i32.eq (call $rt_type (local.get $a)) (i32.const ${T.ARRAY}))
    (then (i32.load offset=${ARR.len} (local.get $a)))
    (else (i32.const -1))))

;; Element i of array a, or 0 when a is not an array or i is out of range.
(func $rt_array_get (param $a i32) (param $i i32) (result i32)
  (if (i32.ne (call $rt_type (local.get $a)) (i32.const ${T.ARRAY}))
    (then (return (i32.const 0))))
  (if (i32.ge_u (local.get $i) (i32.load offset=${ARR.len} (local.get $a)))
    (then (return (i32.const 0))))
  (i32.load (i32.add (i32.load offset=${ARR.elems} (local.get $a)) (i32.shl (local.get $i) (i32.const 2)))))

;; ---- objects and sets (one hash table) -----------------------------------------------------

;; A new empty table with the given tag (object or set); arrays are allocated on first insert.
(func $table_new (param $tag i32) (result i32)
  (local $t i32)
  (local.set $t (call $opa_malloc (i32.const ${OBJ.size})))
  (i32.store (local.get $t) (local.get $tag))
  (i32.store offset=${OBJ.len} (local.get $t) (i32.const 0))
  (i32.store offset=${OBJ.cap} (local.get $t) (i32.const 0))
  (i32.store offset=${OBJ.entries} (local.get $t) (i32.const 0))
  (i32.store offset=${OBJ.index} (local.get $t) (i32.const 0))
  (local.get $t))

;; A new empty object.
(func $rt_object_new (result i32)
  (call $table_new (i32.const ${T.OBJECT})))

;; A new empty set.
(func $rt_set_new (result i32)
  (call $table_new (i32.const ${T.SET})))

;; The address of entry i of table t.
(func $table_entry (param $t i32) (param $i i32) (result i32)
  (i32.add (i32.load offset=${OBJ.entries} (local.get $t)) (i32.mul (local.get $i) (i32.const ${OBJ.ENTRY}))))

;; Records entry i (with hash h) in the index of t; the index must have a free slot.
(func $table_index_put (param $t i32) (param $i i32) (param $h i32)
  (local $mask i32) (local $slot i32) (local $index i32)
  (local.set $index (i32.load offset=${OBJ.index} (local.get $t)))
  (local.set $mask (i32.sub (i32.shl (i32.load offset=${OBJ.cap} (local.get $t)) (i32.const 1)) (i32.const 1)))
  (local.set $slot (i32.and (local.get $h) (local.get $mask)))
  (loop $probe
    (if (i32.load (i32.add (local.get $index) (i32.shl (local.get $slot) (i32.const 2))))
      (then
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
        (br $probe))))
  (i32.store (i32.add (local.get $index) (i32.shl (local.get $slot) (i32.const 2)))
    (i32.add (local.get $i) (i32.const 1))))

;; Clears the index of t and re-enters every entry.
(func $table_reindex (param $t i32)
  (local $i i32) (local $len i32)
  (call $mem_zero (i32.load offset=${OBJ.index} (local.get $t))
    (i32.shl (i32.load offset=${OBJ.cap} (local.get $t)) (i32.const 3)))
  (local.set $len (i32.load offset=${OBJ.len} (local.get $t)))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $table_index_put (local.get $t) (local.get $i)
        (i32.load offset=${OBJ.HASH} (call $table_entry (local.get $t) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

;; Doubles the capacity of t (or makes it 4): new entry block, new index, reindex.
(func $table_grow (param $t i32)
  (local $cap i32) (local $entries i32)
  (local.set $cap (i32.load offset=${OBJ.cap} (local.get $t)))
  (local.set $cap (select (i32.shl (local.get $cap) (i32.const 1)) (i32.const 4) (local.get $cap)))
  (local.set $entries (call $opa_malloc (i32.mul (local.get $cap) (i32.const ${OBJ.ENTRY}))))
  (call $mem_copy (local.get $entries) (i32.load offset=${OBJ.entries} (local.get $t))
    (i32.mul (i32.load offset=${OBJ.len} (local.get $t)) (i32.const ${OBJ.ENTRY})))
  (i32.store offset=${OBJ.entries} (local.get $t) (local.get $entries))
  (i32.store offset=${OBJ.cap} (local.get $t) (local.get $cap))
  (i32.store offset=${OBJ.index} (local.get $t) (call $opa_malloc (i32.shl (local.get $cap) (i32.const 3))))
  (call $table_reindex (local.get $t)))

;; The entry number of key (whose hash is h) in t, or -1.
(func $table_find (param $t i32) (param $key i32) (param $h i32) (result i32)
  (local $mask i32) (local $slot i32) (local $n i32) (local $e i32) (local $index i32)
  (if (i32.eqz (i32.load offset=${OBJ.cap} (local.get $t))) (then (return (i32.const -1))))
  (local.set $index (i32.load offset=${OBJ.index} (local.get $t)))
  (local.set $mask (i32.sub (i32.shl (i32.load offset=${OBJ.cap} (local.get $t)) (i32.const 1)) (i32.const 1)))
  (local.set $slot (i32.and (local.get $h) (local.get $mask)))
  (loop $probe
    (local.set $n (i32.load (i32.add (local.get $index) (i32.shl (local.get $slot) (i32.const 2)))))
    (if (i32.eqz (local.get $n)) (then (return (i32.const -1))))
    (local.set $e (call $table_entry (local.get $t) (i32.sub (local.get $n) (i32.const 1))))
    (if (i32.eq (i32.load offset=${OBJ.HASH} (local.get $e)) (local.get $h))
      (then
        (if (call $rt_value_equal (i32.load offset=${OBJ.KEY} (local.get $e)) (local.get $key))
          (then (return (i32.sub (local.get $n) (i32.const 1)))))))
    (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
    (br $probe))
  (unreachable))

;; The entry number of the string key [ptr, ptr+len) (hash h) in t, or -1.
(func $table_find_str (param $t i32) (param $ptr i32) (param $len i32) (param $h i32) (result i32)
  (local $mask i32) (local $slot i32) (local $n i32) (local $e i32) (local $k i32) (local $index i32)
  (if (i32.eqz (i32.load offset=${OBJ.cap} (local.get $t))) (then (return (i32.const -1))))
  (local.set $index (i32.load offset=${OBJ.index} (local.get $t)))
  (local.set $mask (i32.sub (i32.shl (i32.load offset=${OBJ.cap} (local.get $t)) (i32.const 1)) (i32.const 1)))
  (local.set $slot (i32.and (local.get $h) (local.get $mask)))
  (loop $probe
    (local.set $n (i32.load (i32.add (local.get $index) (i32.shl (local.get $slot) (i32.const 2)))))
    (if (i32.eqz (local.get $n)) (then (return (i32.const -1))))
    (local.set $e (call $table_entry (local.get $t) (i32.sub (local.get $n) (i32.const 1))))
    (local.set $k (i32.load offset=${OBJ.KEY} (local.get $e)))
    (if (i32.eq (i32.load offset=${OBJ.HASH} (local.get $e)) (local.get $h))
      (then
        (if (i32.eq (i32.load8_u (local.get $k)) (i32.const ${T.STRING}))
          (then
            (if (i32.eq (i32.load offset=${STR.len} (local.get $k)) (local.get $len))
              (then
                (if (call $mem_eq (i32.load offset=${STR.ptr} (local.get $k)) (local.get $ptr) (local.get $len))
                  (then (return (i32.sub (local.get $n) (i32.const 1)))))))))))
    (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
    (br $probe))
  (unreachable))

;; Inserts key → value into t; an equal key keeps its position and takes the new value.
(func $table_insert (param $t i32) (param $key i32) (param $value i32)
  (local $h i32) (local $i i32) (local $e i32) (local $len i32)
  (local.set $h (call $value_hash (local.get $key)))
  (local.set $i (call $table_find (local.get $t) (local.get $key) (local.get $h)))
  (if (i32.ge_s (local.get $i) (i32.const 0))
    (then
      (i32.store offset=${OBJ.VALUE} (call $table_entry (local.get $t) (local.get $i)) (local.get $value))
      (return)))
  (local.set $len (i32.load offset=${OBJ.len} (local.get $t)))
  (if (i32.eq (local.get $len) (i32.load offset=${OBJ.cap} (local.get $t)))
    (then (call $table_grow (local.get $t))))
  (local.set $e (call $table_entry (local.get $t) (local.get $len)))
  (i32.store offset=${OBJ.KEY} (local.get $e) (local.get $key))
  (i32.store offset=${OBJ.VALUE} (local.get $e) (local.get $value))
  (i32.store offset=${OBJ.HASH} (local.get $e) (local.get $h))
  (call $table_index_put (local.get $t) (local.get $len) (local.get $h))
  (i32.store offset=${OBJ.len} (local.get $t) (i32.add (local.get $len) (i32.const 1))))

;; Removes key from t, keeping the order of the other entries; returns 1 if it was present.
(func $table_remove (param $t i32) (param $key i32) (result i32)
  (local $i i32) (local $len i32) (local $e i32)
  (local.set $i (call $table_find (local.get $t) (local.get $key) (call $value_hash (local.get $key))))
  (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0))))
  (local.set $len (i32.sub (i32.load offset=${OBJ.len} (local.get $t)) (i32.const 1)))
  (local.set $e (call $table_entry (local.get $t) (local.get $i)))
  (call $mem_copy (local.get $e) (i32.add (local.get $e) (i32.const ${OBJ.ENTRY}))
    (i32.mul (i32.sub (local.get $len) (local.get $i)) (i32.const ${OBJ.ENTRY})))
  (i32.store offset=${OBJ.len} (local.get $t) (local.get $len))
  (call $table_reindex (local.get $t))
  (i32.const 1))

;; Inserts key → v into object o (last insert of an equal key wins).
(func $rt_object_insert (param $o i32) (param $key i32) (param $v i32)
  (call $table_insert (local.get $o) (local.get $key) (local.get $v)))

;; Adds v to set s (no effect when an equal element is present).
(func $rt_set_add (param $s i32) (param $v i32)
  (call $table_insert (local.get $s) (local.get $v) (i32.const 0)))

;; The value under key in object o, or 0 when absent or o is not an object.
(func $rt_object_get (param $o i32) (param $key i32) (result i32)
  (local $i i32)
  (if (i32.ne (call $rt_type (local.get $o)) (i32.const ${T.OBJECT})) (then (return (i32.const 0))))
  (local.set $i (call $table_find (local.get $o) (local.get $key) (call $value_hash (local.get $key))))
  (if (result i32) (i32.lt_s (local.get $i) (i32.const 0))
    (then (i32.const 0))
    (else (i32.load offset=${OBJ.VALUE} (call $table_entry (local.get $o) (local.get $i))))))

;; The value under the string key [ptr, ptr+len) (usually a static literal) in object o, or 0
;; when absent or o is not an object.
(func $rt_object_get_str (param $o i32) (param $ptr i32) (param $len i32) (result i32)
  (local $i i32)
  (if (i32.ne (call $rt_type (local.get $o)) (i32.const ${T.OBJECT})) (then (return (i32.const 0))))
  (local.set $i (call $table_find_str (local.get $o) (local.get $ptr) (local.get $len)
    (call $fnv1a (local.get $ptr) (local.get $len))))
  (if (result i32) (i32.lt_s (local.get $i) (i32.const 0))
    (then (i32.const 0))
    (else (i32.load offset=${OBJ.VALUE} (call $table_entry (local.get $o) (local.get $i))))))

;; 1 when set s has an element equal to v.
(func $rt_set_contains (param $s i32) (param $v i32) (result i32)
  (if (i32.ne (call $rt_type (local.get $s)) (i32.const ${T.SET})) (then (return (i32.const 0))))
  (i32.ge_s (call $table_find (local.get $s) (local.get $v) (call $value_hash (local.get $v))) (i32.const 0)))

;; Entry i of an object or set, for iteration in insertion order: the key (or element), or 0
;; when out of range. $rt_table_value gives the value of entry i of an object.
(func $rt_table_key (param $t i32) (param $i i32) (result i32)
  (if (i32.ge_u (local.get $i) (i32.load offset=${OBJ.len} (local.get $t))) (then (return (i32.const 0))))
  (i32.load offset=${OBJ.KEY} (call $table_entry (local.get $t) (local.get $i))))

;; The value of entry i of object t, or 0 when out of range.
(func $rt_table_value (param $t i32) (param $i i32) (result i32)
  (if (i32.ge_u (local.get $i) (i32.load offset=${OBJ.len} (local.get $t))) (then (return (i32.const 0))))
  (i32.load offset=${OBJ.VALUE} (call $table_entry (local.get $t) (local.get $i))))

;; ---- equality and hashing -----------------------------------------------------------------

;; 1 when a and b are structurally equal values (numbers by f64 value), else 0.
(func $rt_value_equal (param $a i32) (param $b i32) (result i32)
  (local $tag i32) (local $n i32) (local $i i32) (local $e i32) (local $bv i32)
  (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
  (if (i32.or (i32.eqz (local.get $a)) (i32.eqz (local.get $b))) (then (return (i32.const 0))))
  (local.set $tag (i32.load8_u (local.get $a)))
  (if (i32.ne (local.get $tag) (i32.load8_u (local.get $b))) (then (return (i32.const 0))))
  (block $table (block $array (block $string (block $number (block $bool (block $null
    (br_table $null $null $bool $number $string $array $table $table (local.get $tag)))
    ;; null (and the impossible tag 0)
    (return (i32.const 1)))
    ;; bool
    (return (i32.eq (i32.load offset=${BOOL.value} (local.get $a)) (i32.load offset=${BOOL.value} (local.get $b)))))
    ;; number
    (return (f64.eq (call $rt_number_to_f64 (local.get $a)) (call $rt_number_to_f64 (local.get $b)))))
    ;; string
    (local.set $n (i32.load offset=${STR.len} (local.get $a)))
    (if (i32.ne (local.get $n) (i32.load offset=${STR.len} (local.get $b))) (then (return (i32.const 0))))
    (return (call $mem_eq (i32.load offset=${STR.ptr} (local.get $a)) (i32.load offset=${STR.ptr} (local.get $b)) (local.get $n))))
    ;; array: same length, elements equal in order
    (local.set $n (i32.load offset=${ARR.len} (local.get $a)))
    (if (i32.ne (local.get $n) (i32.load offset=${ARR.len} (local.get $b))) (then (return (i32.const 0))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (call $rt_value_equal (call $rt_array_get (local.get $a) (local.get $i))
                                           (call $rt_array_get (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (return (i32.const 1)))
  ;; object or set: same size, and every entry of a is in b (with an equal value for objects)
  (local.set $n (i32.load offset=${OBJ.len} (local.get $a)))
  (if (i32.ne (local.get $n) (i32.load offset=${OBJ.len} (local.get $b))) (then (return (i32.const 0))))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $e (call $table_entry (local.get $a) (local.get $i)))
      (local.set $bv (call $table_find (local.get $b) (i32.load offset=${OBJ.KEY} (local.get $e))
        (i32.load offset=${OBJ.HASH} (local.get $e))))
      (if (i32.lt_s (local.get $bv) (i32.const 0)) (then (return (i32.const 0))))
      (if (i32.eq (local.get $tag) (i32.const ${T.OBJECT}))
        (then
          (if (i32.eqz (call $rt_value_equal (i32.load offset=${OBJ.VALUE} (local.get $e))
                (i32.load offset=${OBJ.VALUE} (call $table_entry (local.get $b) (local.get $bv)))))
            (then (return (i32.const 0))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (i32.const 1))

;; 32-bit FNV-1a over the bytes [p, p+n).
(func $fnv1a (param $p i32) (param $n i32) (result i32)
  (local $h i32) (local $end i32)
  (local.set $h (i32.const ${FNV.OFFSET | 0}))
  (local.set $end (i32.add (local.get $p) (local.get $n)))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $p))) (i32.const ${FNV.PRIME})))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $each)))
  (local.get $h))

;; The murmur3 32-bit finaliser.
(func $fmix32 (param $h i32) (result i32)
  (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
  (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
  (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
  (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
  (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

;; The hash of a value, consistent with $rt_value_equal (mirrored by hash.ts).
(func $value_hash (param $v i32) (result i32)
  (local $tag i32) (local $h i32) (local $i i32) (local $n i32) (local $e i32) (local $bits i64) (local $x f64)
  (local.set $tag (call $rt_type (local.get $v)))
  (block $table (block $array (block $string (block $number (block $bool (block $null
    (br_table $null $null $bool $number $string $array $table $table (local.get $tag)))
    (return (local.get $tag)))
    (return (i32.add (i32.const ${T.BOOL}) (i32.load offset=${BOOL.value} (local.get $v)))))
    ;; number: the f64 bits, with -0 as +0
    (local.set $x (call $rt_number_to_f64 (local.get $v)))
    (if (f64.eq (local.get $x) (f64.const 0)) (then (local.set $x (f64.const 0))))
    (local.set $bits (i64.reinterpret_f64 (local.get $x)))
    (return (call $fmix32 (i32.xor (i32.wrap_i64 (local.get $bits))
      (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32)))))))
    (return (call $fnv1a (i32.load offset=${STR.ptr} (local.get $v)) (i32.load offset=${STR.len} (local.get $v)))))
    ;; array: ordered combination
    (local.set $h (i32.const ${T.ARRAY}))
    (local.set $n (i32.load offset=${ARR.len} (local.get $v)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31))
          (call $value_hash (call $rt_array_get (local.get $v) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (return (call $fmix32 (local.get $h))))
  ;; object or set: order-independent sum over entries
  (local.set $h (local.get $tag))
  (local.set $n (i32.load offset=${OBJ.len} (local.get $v)))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $e (call $table_entry (local.get $v) (local.get $i)))
      (local.set $h (i32.add (local.get $h)
        (call $fmix32
          (if (result i32) (i32.eq (local.get $tag) (i32.const ${T.OBJECT}))
            (then (i32.xor (i32.load offset=${OBJ.HASH} (local.get $e))
              (i32.mul (call $value_hash (i32.load offset=${OBJ.VALUE} (local.get $e))) (i32.const 0x9e3779b1))))
            (else (i32.load offset=${OBJ.HASH} (local.get $e)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (local.get $h))
`;
}
