/**
 * Numbers: correctly rounded decimal → f64, and f64 → shortest decimal text.
 *
 * **Parsing** (`$decimal_to_f64`, used lazily by `$rt_number_to_f64`) gives exactly what
 * JavaScript's `Number(text)` gives for every JSON number text:
 * 1. Scan: the first 19 significant digits into an i64 `mant`, and a decimal exponent `E` such
 *    that the value is `mant × 10^E` (when nothing was dropped).
 * 2. Clinger's fast path: when `mant` is exact and ≤ 2^53 and `|E| ≤ 22` (or `E ≤ 37` with an
 *    exact integer product ≤ 2^53), one IEEE multiplication or division by an exact power of ten
 *    is correctly rounded by definition.
 * 3. Out of range: ≥ 10^310 → ±∞, < 10^-330 → ±0.
 * 4. Slow path, with exact big-integer arithmetic: `D` = the first 800 significant digits (a
 *    halfway point between two doubles has at most 767 significant digits, so the rest only
 *    matters as a "sticky" non-zero flag). Start from an approximation `z` (within a few ulps)
 *    and compare the exact value `D × 10^E` with the halfway points `(2m+1) × 2^(e-1)` around
 *    `z = m × 2^e`, moving `z` one ulp at a time until the value lies between them; ties go to
 *    the even significand. The comparison multiplies whichever side needs it by `5^|E|` and
 *    shifts by the difference of the powers of two, so only three big-integer operations are
 *    needed: multiply by a small number, shift left, compare. Scratch big integers are allocated
 *    on the heap and released by restoring the heap pointer (nothing else is allocated meanwhile).
 *
 * **Formatting** (`$format_f64`, for numbers computed in code) matches `JSON.stringify` /
 * ECMAScript `Number::toString`: integers below 2^53 print as plain decimals; otherwise the
 * exact decimal expansion of the double is computed (`m × 2^e` → `m × 5^-e` or `m << e`, then
 * repeated division by 10^9) and the shortest digit string that parses back to the same double
 * is chosen: for each length 1…17 both neighbours (truncated and incremented) are tried with
 * `$decimal_to_f64`; if both round-trip the nearer wins (ties: even digit). The digits are then
 * laid out by the spec's rules (plain up to 21 integer digits, `0.000001` down to 10^-6, else
 * `d.ddde±x`). NaN and ±∞ print as `null` (as `JSON.stringify` does); −0 prints as `0`.
 *
 * Big integers are `[len i32][cap i32][limbs u32 × cap]`, little-endian limbs, normalised (no
 * leading zero limbs; zero has len 0).
 */
import type { RuntimeContext } from './context.js';
import { BIG_LIMBS, MAX_DIGITS } from './layout.js';

const ch = (s: string): number => s.charCodeAt(0);

/** Big integer header offsets. */
const BIG = { len: 0, cap: 4, limbs: 8 } as const;

/** Number parsing and formatting (WAT). */
export function numberWat(c: RuntimeContext): string {
  const pow10 = new Uint8Array(23 * 8);
  const dv = new DataView(pow10.buffer);
  for (let i = 0; i <= 22; i++) dv.setFloat64(i * 8, Number(`1e${i}`), true);
  const pow10Table = c.bytes(pow10, 8);
  const scratch = `(i32.const ${c.statics.reserve(32)})`;
  return `
;; Results of $dec_scan besides its return value.
(global $scan_mant (mut i64) (i64.const 0))
(global $scan_kept (mut i32) (i32.const 0))
(global $scan_trunc (mut i32) (i32.const 0))
(global $scan_neg (mut i32) (i32.const 0))

;; 10^n as an f64, exact for 0 <= n <= 22.
(func $pow10_f64 (param $n i32) (result f64)
  (f64.load (i32.add ${pow10Table} (i32.shl (local.get $n) (i32.const 3)))))

;; 10^n as a u32, 0 <= n <= 9.
(func $pow10_u32 (param $n i32) (result i32)
  (local $p i32)
  (local.set $p (i32.const 1))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $p (i32.mul (local.get $p) (i32.const 10)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (local.get $p))

;; ---- big integers ---------------------------------------------------------------------------

;; A new big integer (zero) with room for ${BIG_LIMBS} limbs.
(func $big_new (result i32)
  (local $b i32)
  (local.set $b (call $opa_malloc (i32.const ${8 + 4 * BIG_LIMBS})))
  (i32.store offset=${BIG.len} (local.get $b) (i32.const 0))
  (i32.store offset=${BIG.cap} (local.get $b) (i32.const ${BIG_LIMBS}))
  (local.get $b))

;; The address of limb i of b.
(func $big_limb (param $b i32) (param $i i32) (result i32)
  (i32.add (i32.add (local.get $b) (i32.const ${BIG.limbs})) (i32.shl (local.get $i) (i32.const 2))))

;; Appends a top limb (aborts if the capacity is exhausted, which would be a runtime bug).
(func $big_push (param $b i32) (param $limb i32)
  (local $len i32)
  (local.set $len (i32.load offset=${BIG.len} (local.get $b)))
  (if (i32.ge_u (local.get $len) (i32.load offset=${BIG.cap} (local.get $b)))
    (then (call $abort ${c.cstr('internal: big integer overflow')})))
  (i32.store (call $big_limb (local.get $b) (local.get $len)) (local.get $limb))
  (i32.store offset=${BIG.len} (local.get $b) (i32.add (local.get $len) (i32.const 1))))

;; Drops leading zero limbs.
(func $big_normalize (param $b i32)
  (local $len i32)
  (local.set $len (i32.load offset=${BIG.len} (local.get $b)))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $len)))
      (br_if $done (i32.load (call $big_limb (local.get $b) (i32.sub (local.get $len) (i32.const 1)))))
      (local.set $len (i32.sub (local.get $len) (i32.const 1)))
      (br $each)))
  (i32.store offset=${BIG.len} (local.get $b) (local.get $len)))

;; b = x (unsigned 64-bit).
(func $big_set_u64 (param $b i32) (param $x i64)
  (i32.store offset=${BIG.len} (local.get $b) (i32.const 0))
  (call $big_push (local.get $b) (i32.wrap_i64 (local.get $x)))
  (call $big_push (local.get $b) (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
  (call $big_normalize (local.get $b)))

;; dst = src.
(func $big_copy (param $dst i32) (param $src i32)
  (i32.store offset=${BIG.len} (local.get $dst) (i32.load offset=${BIG.len} (local.get $src)))
  (call $mem_copy (call $big_limb (local.get $dst) (i32.const 0)) (call $big_limb (local.get $src) (i32.const 0))
    (i32.shl (i32.load offset=${BIG.len} (local.get $src)) (i32.const 2))))

;; b = b × m + a (m, a unsigned 32-bit).
(func $big_mul_add (param $b i32) (param $m i32) (param $a i32)
  (local $i i32) (local $len i32) (local $p i32) (local $t i64) (local $carry i64)
  (local.set $len (i32.load offset=${BIG.len} (local.get $b)))
  (local.set $carry (i64.extend_i32_u (local.get $a)))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (local.set $p (call $big_limb (local.get $b) (local.get $i)))
      (local.set $t (i64.add (i64.mul (i64.extend_i32_u (i32.load (local.get $p))) (i64.extend_i32_u (local.get $m)))
        (local.get $carry)))
      (i32.store (local.get $p) (i32.wrap_i64 (local.get $t)))
      (local.set $carry (i64.shr_u (local.get $t) (i64.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (if (i64.ne (local.get $carry) (i64.const 0))
    (then (call $big_push (local.get $b) (i32.wrap_i64 (local.get $carry))))))

;; b = b × 5^n.
(func $big_mul_pow5 (param $b i32) (param $n i32)
  (local $p i32)
  (block $done
    (loop $each
      (br_if $done (i32.lt_u (local.get $n) (i32.const 13)))
      (call $big_mul_add (local.get $b) (i32.const 1220703125) (i32.const 0))  ;; 5^13
      (local.set $n (i32.sub (local.get $n) (i32.const 13)))
      (br $each)))
  (local.set $p (i32.const 1))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $p (i32.mul (local.get $p) (i32.const 5)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (call $big_mul_add (local.get $b) (local.get $p) (i32.const 0)))

;; b = b × 2^n.
(func $big_shl (param $b i32) (param $n i32)
  (local $words i32) (local $bits i32) (local $len i32) (local $i i32) (local $hi i32)
  (local.set $len (i32.load offset=${BIG.len} (local.get $b)))
  (if (i32.eqz (local.get $len)) (then (return)))
  (local.set $words (i32.shr_u (local.get $n) (i32.const 5)))
  (local.set $bits (i32.and (local.get $n) (i32.const 31)))
  (if (i32.gt_u (i32.add (i32.add (local.get $len) (local.get $words)) (i32.const 1)) (i32.load offset=${BIG.cap} (local.get $b)))
    (then (call $abort ${c.cstr('internal: big integer overflow')})))
  ;; From the top down: limb i moves to i + words, its high bits spill into the next limb.
  (local.set $hi (i32.const 0))
  (local.set $i (local.get $len))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (if (local.get $bits)
        (then
          (i32.store (call $big_limb (local.get $b) (i32.add (i32.add (local.get $i) (local.get $words)) (i32.const 1)))
            (i32.or (local.get $hi)
              (i32.shr_u (i32.load (call $big_limb (local.get $b) (local.get $i))) (i32.sub (i32.const 32) (local.get $bits)))))
          (local.set $hi (i32.shl (i32.load (call $big_limb (local.get $b) (local.get $i))) (local.get $bits))))
        (else
          (i32.store (call $big_limb (local.get $b) (i32.add (local.get $i) (local.get $words)))
            (i32.load (call $big_limb (local.get $b) (local.get $i))))))
      (br $each)))
  (if (local.get $bits)
    (then
      (i32.store (call $big_limb (local.get $b) (local.get $words)) (local.get $hi))
      (local.set $len (i32.add (local.get $len) (i32.const 1)))))
  (call $mem_zero (call $big_limb (local.get $b) (i32.const 0)) (i32.shl (local.get $words) (i32.const 2)))
  (i32.store offset=${BIG.len} (local.get $b) (i32.add (local.get $len) (local.get $words)))
  (call $big_normalize (local.get $b)))

;; Compares a and b: -1, 0 or 1.
(func $big_cmp (param $a i32) (param $b i32) (result i32)
  (local $i i32) (local $x i32) (local $y i32)
  (local.set $i (i32.load offset=${BIG.len} (local.get $a)))
  (if (i32.ne (local.get $i) (i32.load offset=${BIG.len} (local.get $b)))
    (then (return (select (i32.const 1) (i32.const -1) (i32.gt_u (local.get $i) (i32.load offset=${BIG.len} (local.get $b)))))))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $x (i32.load (call $big_limb (local.get $a) (local.get $i))))
      (local.set $y (i32.load (call $big_limb (local.get $b) (local.get $i))))
      (if (i32.ne (local.get $x) (local.get $y))
        (then (return (select (i32.const 1) (i32.const -1) (i32.gt_u (local.get $x) (local.get $y))))))
      (br $each)))
  (i32.const 0))

;; b = b / d; returns b mod d (d unsigned 32-bit, non-zero).
(func $big_divmod (param $b i32) (param $d i32) (result i32)
  (local $i i32) (local $p i32) (local $rem i64) (local $cur i64)
  (local.set $i (i32.load offset=${BIG.len} (local.get $b)))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $p (call $big_limb (local.get $b) (local.get $i)))
      (local.set $cur (i64.or (i64.shl (local.get $rem) (i64.const 32)) (i64.extend_i32_u (i32.load (local.get $p)))))
      (i32.store (local.get $p) (i32.wrap_i64 (i64.div_u (local.get $cur) (i64.extend_i32_u (local.get $d)))))
      (local.set $rem (i64.rem_u (local.get $cur) (i64.extend_i32_u (local.get $d))))
      (br $each)))
  (call $big_normalize (local.get $b))
  (i32.wrap_i64 (local.get $rem)))

;; ---- decimal → binary -----------------------------------------------------------------------

;; Scans valid number text, keeping at most max significant digits: into the global $scan_mant
;; when big = 0, else into the big integer big. Returns E with value = ±digits × 10^E; sets
;; $scan_kept (digits kept), $scan_trunc (a dropped digit was non-zero) and $scan_neg.
(func $dec_scan (param $p i32) (param $len i32) (param $max i32) (param $big i32) (result i32)
  (local $end i32) (local $c i32) (local $d i32) (local $frac i32) (local $kept i32) (local $seen i32)
  (local $dexp i32) (local $exp i32) (local $eneg i32) (local $mant i64) (local $chunk i32) (local $chunkn i32)
  (local $trunc i32)
  (local.set $end (i32.add (local.get $p) (local.get $len)))
  (global.set $scan_neg (i32.eq (i32.load8_u (local.get $p)) (i32.const ${ch('-')})))
  (local.set $p (i32.add (local.get $p) (global.get $scan_neg)))
  (block $mantissa_done
    (loop $each
      (br_if $mantissa_done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $c (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (if (i32.eq (local.get $c) (i32.const ${ch('.')}))
        (then (local.set $frac (i32.const 1)) (br $each)))
      (br_if $mantissa_done (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const ${ch('e')})))
      (local.set $d (i32.sub (local.get $c) (i32.const ${ch('0')})))
      (if (i32.and (i32.eqz (local.get $seen)) (i32.eqz (local.get $d)))
        (then
          ;; A leading zero: only shifts the exponent when it is after the point.
          (local.set $dexp (i32.sub (local.get $dexp) (local.get $frac)))
          (br $each)))
      (local.set $seen (i32.const 1))
      (if (i32.lt_u (local.get $kept) (local.get $max))
        (then
          (local.set $kept (i32.add (local.get $kept) (i32.const 1)))
          (local.set $dexp (i32.sub (local.get $dexp) (local.get $frac)))
          (if (local.get $big)
            (then
              (local.set $chunk (i32.add (i32.mul (local.get $chunk) (i32.const 10)) (local.get $d)))
              (local.set $chunkn (i32.add (local.get $chunkn) (i32.const 1)))
              (if (i32.eq (local.get $chunkn) (i32.const 9))
                (then
                  (call $big_mul_add (local.get $big) (i32.const 1000000000) (local.get $chunk))
                  (local.set $chunk (i32.const 0))
                  (local.set $chunkn (i32.const 0)))))
            (else
              (local.set $mant (i64.add (i64.mul (local.get $mant) (i64.const 10)) (i64.extend_i32_u (local.get $d)))))))
        (else
          ;; A dropped digit: before the point it still scales the value.
          (local.set $dexp (i32.add (local.get $dexp) (i32.eqz (local.get $frac))))
          (if (local.get $d) (then (local.set $trunc (i32.const 1))))))
      (br $each)))
  (if (local.get $chunkn)
    (then (call $big_mul_add (local.get $big) (call $pow10_u32 (local.get $chunkn)) (local.get $chunk))))
  ;; The exponent (saturating: anything this large is 0 or infinity anyway).
  (if (i32.lt_u (local.get $p) (local.get $end))
    (then
      (local.set $c (i32.load8_u (local.get $p)))
      (local.set $eneg (i32.eq (local.get $c) (i32.const ${ch('-')})))
      (if (i32.or (local.get $eneg) (i32.eq (local.get $c) (i32.const ${ch('+')})))
        (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
      (block $done
        (loop $each
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $exp (i32.add (i32.mul (local.get $exp) (i32.const 10))
            (i32.sub (i32.load8_u (local.get $p)) (i32.const ${ch('0')}))))
          (if (i32.gt_s (local.get $exp) (i32.const 100000)) (then (local.set $exp (i32.const 100000))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $each)))))
  (global.set $scan_mant (local.get $mant))
  (global.set $scan_kept (local.get $kept))
  (global.set $scan_trunc (local.get $trunc))
  (i32.add (local.get $dexp) (select (i32.sub (i32.const 0) (local.get $exp)) (local.get $exp) (local.get $eneg))))

;; The correctly rounded f64 of valid JSON number text [p, p+len).
(func $decimal_to_f64 (param $p i32) (param $len i32) (result f64)
  (local $e i32) (local $m f64) (local $x f64) (local $neg i32)
  (local.set $e (call $dec_scan (local.get $p) (local.get $len) (i32.const 19) (i32.const 0)))
  (local.set $neg (global.get $scan_neg))
  (block $signed
    (if (i64.eqz (global.get $scan_mant))
      (then (local.set $x (f64.const 0)) (br $signed)))
    ;; Clinger's fast path: an exact mantissa and one exact power of ten.
    (if (i32.and (i32.eqz (global.get $scan_trunc))
                 (i64.le_u (global.get $scan_mant) (i64.const 9007199254740992)))
      (then
        (local.set $m (f64.convert_i64_u (global.get $scan_mant)))
        (if (i32.and (i32.ge_s (local.get $e) (i32.const 0)) (i32.le_s (local.get $e) (i32.const 22)))
          (then (local.set $x (f64.mul (local.get $m) (call $pow10_f64 (local.get $e)))) (br $signed)))
        (if (i32.and (i32.lt_s (local.get $e) (i32.const 0)) (i32.ge_s (local.get $e) (i32.const -22)))
          (then (local.set $x (f64.div (local.get $m) (call $pow10_f64 (i32.sub (i32.const 0) (local.get $e))))) (br $signed)))
        (if (i32.and (i32.gt_s (local.get $e) (i32.const 22)) (i32.le_s (local.get $e) (i32.const 37)))
          (then
            (local.set $m (f64.mul (local.get $m) (call $pow10_f64 (i32.sub (local.get $e) (i32.const 22)))))
            (if (f64.le (local.get $m) (f64.const 9007199254740992))
              (then (local.set $x (f64.mul (local.get $m) (f64.const 1e22))) (br $signed)))))))
    ;; Far out of range.
    (if (i32.gt_s (i32.add (global.get $scan_kept) (local.get $e)) (i32.const 310))
      (then (local.set $x (f64.const inf)) (br $signed)))
    (if (i32.lt_s (i32.add (global.get $scan_kept) (local.get $e)) (i32.const -330))
      (then (local.set $x (f64.const 0)) (br $signed)))
    (local.set $x (call $decimal_slow (local.get $p) (local.get $len))))
  (select (f64.neg (local.get $x)) (local.get $x) (local.get $neg)))

;; An approximation (a few ulps) of mant × 10^e by repeated exact powers of ten.
(func $approx_f64 (param $mant i64) (param $e i32) (result f64)
  (local $x f64)
  (local.set $x (f64.convert_i64_u (local.get $mant)))
  (if (i32.ge_s (local.get $e) (i32.const 0))
    (then
      (block $done
        (loop $each
          (br_if $done (i32.le_s (local.get $e) (i32.const 22)))
          (local.set $x (f64.mul (local.get $x) (f64.const 1e22)))
          (local.set $e (i32.sub (local.get $e) (i32.const 22)))
          (br $each)))
      (return (f64.mul (local.get $x) (call $pow10_f64 (local.get $e))))))
  (local.set $e (i32.sub (i32.const 0) (local.get $e)))
  (block $done
    (loop $each
      (br_if $done (i32.le_s (local.get $e) (i32.const 22)))
      (local.set $x (f64.div (local.get $x) (f64.const 1e22)))
      (local.set $e (i32.sub (local.get $e) (i32.const 22)))
      (br $each)))
  (f64.div (local.get $x) (call $pow10_f64 (local.get $e))))

;; Compares D × 10^e with the halfway point above the non-negative double whose bits are given:
;; (2m+1) × 2^(e2-1). Returns -1, 0 or 1. L and R are scratch big integers.
(func $cmp_halfway (param $d i32) (param $e i32) (param $bits i64) (param $l i32) (param $r i32) (result i32)
  (local $biased i32) (local $m i64) (local $e2 i32) (local $twoL i32) (local $twoR i32)
  (local.set $biased (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 52))))
  (local.set $m (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
  (if (local.get $biased)
    (then
      (local.set $m (i64.or (local.get $m) (i64.const 0x10000000000000)))
      (local.set $e2 (i32.sub (local.get $biased) (i32.const 1075))))
    (else (local.set $e2 (i32.const -1074))))
  (call $big_copy (local.get $l) (local.get $d))
  (call $big_set_u64 (local.get $r) (i64.add (i64.shl (local.get $m) (i64.const 1)) (i64.const 1)))
  (if (i32.ge_s (local.get $e) (i32.const 0))
    (then (call $big_mul_pow5 (local.get $l) (local.get $e)))
    (else (call $big_mul_pow5 (local.get $r) (i32.sub (i32.const 0) (local.get $e)))))
  (local.set $twoL (local.get $e))
  (local.set $twoR (i32.sub (local.get $e2) (i32.const 1)))
  (if (i32.gt_s (local.get $twoL) (local.get $twoR))
    (then (call $big_shl (local.get $l) (i32.sub (local.get $twoL) (local.get $twoR))))
    (else (call $big_shl (local.get $r) (i32.sub (local.get $twoR) (local.get $twoL)))))
  (call $big_cmp (local.get $l) (local.get $r)))

;; The slow path: the correctly rounded magnitude of the number text, by exact comparison.
(func $decimal_slow (param $p i32) (param $len i32) (result f64)
  (local $saved i32) (local $d i32) (local $l i32) (local $r i32) (local $e i32) (local $trunc i32)
  (local $bits i64) (local $z f64) (local $cmp i32)
  (local.set $saved (global.get $heap_ptr))
  (local.set $d (call $big_new))
  (local.set $l (call $big_new))
  (local.set $r (call $big_new))
  (local.set $e (call $dec_scan (local.get $p) (local.get $len) (i32.const ${MAX_DIGITS}) (local.get $d)))
  (local.set $trunc (global.get $scan_trunc))
  ;; Start near the answer: the first 19 digits, scaled in floating point (scan first, then
  ;; read the mantissa it left behind).
  (local.set $cmp (call $dec_scan (local.get $p) (local.get $len) (i32.const 19) (i32.const 0)))
  (local.set $z (call $approx_f64 (global.get $scan_mant) (local.get $cmp)))
  (if (f64.eq (local.get $z) (f64.const inf)) (then (local.set $z (f64.const 1.7976931348623157e308))))
  (local.set $bits (i64.reinterpret_f64 (local.get $z)))
  (block $done
    (loop $adjust
      ;; Above the upper halfway point (or on it, with an odd significand or dropped digits): up.
      (local.set $cmp (call $cmp_halfway (local.get $d) (local.get $e) (local.get $bits) (local.get $l) (local.get $r)))
      (if (i32.and (i32.eqz (local.get $cmp)) (local.get $trunc)) (then (local.set $cmp (i32.const 1))))
      (if (i32.or (i32.gt_s (local.get $cmp) (i32.const 0))
                  (i32.and (i32.eqz (local.get $cmp)) (i32.wrap_i64 (i64.and (local.get $bits) (i64.const 1)))))
        (then
          (local.set $bits (i64.add (local.get $bits) (i64.const 1)))
          (br_if $done (i64.eq (local.get $bits) (i64.const 0x7ff0000000000000)))
          (br $adjust)))
      (br_if $done (i64.eqz (local.get $bits)))
      ;; Below the lower halfway point (or on it, with the lower neighbour even): down.
      (local.set $cmp (call $cmp_halfway (local.get $d) (local.get $e)
        (i64.sub (local.get $bits) (i64.const 1)) (local.get $l) (local.get $r)))
      (if (i32.and (i32.eqz (local.get $cmp)) (local.get $trunc)) (then (local.set $cmp (i32.const 1))))
      (if (i32.or (i32.lt_s (local.get $cmp) (i32.const 0))
                  (i32.and (i32.eqz (local.get $cmp))
                           (i64.eqz (i64.and (i64.sub (local.get $bits) (i64.const 1)) (i64.const 1)))))
        (then
          (local.set $bits (i64.sub (local.get $bits) (i64.const 1)))
          (br $adjust)))))
  (global.set $heap_ptr (local.get $saved))
  (f64.reinterpret_i64 (local.get $bits)))

;; ---- binary → decimal -----------------------------------------------------------------------

;; Appends the decimal digits of the unsigned integer x.
(func $buf_u64 (param $b i32) (param $x i64)
  (local $p i32)
  (local.set $p (i32.add ${scratch} (i32.const 24)))
  (loop $each
    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
    (i32.store8 (local.get $p) (i32.add (i32.wrap_i64 (i64.rem_u (local.get $x) (i64.const 10))) (i32.const ${ch('0')})))
    (local.set $x (i64.div_u (local.get $x) (i64.const 10)))
    (br_if $each (i64.ne (local.get $x) (i64.const 0))))
  (call $buf_bytes (local.get $b) (local.get $p) (i32.sub (i32.add ${scratch} (i32.const 24)) (local.get $p))))

;; Appends n zero digits.
(func $buf_zeros (param $b i32) (param $n i32)
  (block $done
    (loop $each
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (call $buf_byte (local.get $b) (i32.const ${ch('0')}))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each))))

;; The f64 of the decimal digits [p, p+k) × 10^e, by writing "digits" "e" exponent as text at q.
(func $digits_to_f64 (param $p i32) (param $k i32) (param $e i32) (param $q i32) (result f64)
  (local $o i32) (local $x i64)
  (call $mem_copy (local.get $q) (local.get $p) (local.get $k))
  (local.set $o (i32.add (local.get $q) (local.get $k)))
  (i32.store8 (local.get $o) (i32.const ${ch('e')}))
  (local.set $o (i32.add (local.get $o) (i32.const 1)))
  (if (i32.lt_s (local.get $e) (i32.const 0))
    (then
      (i32.store8 (local.get $o) (i32.const ${ch('-')}))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (local.set $e (i32.sub (i32.const 0) (local.get $e)))))
  ;; At most 4 exponent digits.
  (i32.store8 (local.get $o) (i32.add (i32.div_u (local.get $e) (i32.const 1000)) (i32.const ${ch('0')})))
  (i32.store8 offset=1 (local.get $o) (i32.add (i32.rem_u (i32.div_u (local.get $e) (i32.const 100)) (i32.const 10)) (i32.const ${ch('0')})))
  (i32.store8 offset=2 (local.get $o) (i32.add (i32.rem_u (i32.div_u (local.get $e) (i32.const 10)) (i32.const 10)) (i32.const ${ch('0')})))
  (i32.store8 offset=3 (local.get $o) (i32.add (i32.rem_u (local.get $e) (i32.const 10)) (i32.const ${ch('0')})))
  (call $decimal_to_f64 (local.get $q) (i32.sub (i32.add (local.get $o) (i32.const 4)) (local.get $q))))

;; Adds one to the decimal digits [p, p+k); returns 1 when they carried out (all were 9s:
;; the digits are then "100…0", one place further left).
(func $digits_inc (param $p i32) (param $k i32) (result i32)
  (local $i i32) (local $c i32)
  (local.set $i (local.get $k))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))
      (if (i32.lt_u (local.get $c) (i32.const ${ch('9')}))
        (then
          (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.add (local.get $c) (i32.const 1)))
          (return (i32.const 0))))
      (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.const ${ch('0')}))
      (br $each)))
  (i32.store8 (local.get $p) (i32.const ${ch('1')}))
  (i32.const 1))

;; Appends a finite, non-negative, non-integral-or-large x in shortest round-trip form.
(func $format_shortest (param $b i32) (param $x f64)
  (local $saved i32) (local $bits i64) (local $biased i32) (local $m i64) (local $e2 i32)
  (local $big i32) (local $digits i32) (local $end i32) (local $p i32) (local $len i32) (local $n i32)
  (local $k i32) (local $floor i32) (local $ceil i32) (local $text i32) (local $fl i32) (local $ce i32)
  (local $carry i32) (local $half i32) (local $i i32) (local $s i64) (local $cn i32)
  (local.set $saved (global.get $heap_ptr))
  ;; x = m × 2^e2 exactly.
  (local.set $bits (i64.reinterpret_f64 (local.get $x)))
  (local.set $biased (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 52))))
  (local.set $m (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
  (if (local.get $biased)
    (then
      (local.set $m (i64.or (local.get $m) (i64.const 0x10000000000000)))
      (local.set $e2 (i32.sub (local.get $biased) (i32.const 1075))))
    (else (local.set $e2 (i32.const -1074))))
  ;; The exact decimal expansion: big = m × 2^e2 (e2 ≥ 0) or m × 5^-e2 with 10^e2 moved out.
  (local.set $big (call $big_new))
  (call $big_set_u64 (local.get $big) (local.get $m))
  (if (i32.ge_s (local.get $e2) (i32.const 0))
    (then (call $big_shl (local.get $big) (local.get $e2)) (local.set $e2 (i32.const 0)))
    (else (call $big_mul_pow5 (local.get $big) (i32.sub (i32.const 0) (local.get $e2)))))
  ;; Its digits, least significant first, nine at a time, written backwards.
  (local.set $digits (call $opa_malloc (i32.const 1024)))
  (local.set $end (i32.add (local.get $digits) (i32.const 1024)))
  (local.set $p (local.get $end))
  (block $done
    (loop $chunks
      (br_if $done (i32.eqz (i32.load offset=${BIG.len} (local.get $big))))
      (local.set $cn (call $big_divmod (local.get $big) (i32.const 1000000000)))
      (local.set $i (i32.const 9))
      (loop $nine
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.add (i32.rem_u (local.get $cn) (i32.const 10)) (i32.const ${ch('0')})))
        (local.set $cn (i32.div_u (local.get $cn) (i32.const 10)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $nine (local.get $i)))
      (br $chunks)))
  (block $done
    (loop $zeros
      (br_if $done (i32.ne (i32.load8_u (local.get $p)) (i32.const ${ch('0')})))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $zeros)))
  (local.set $len (i32.sub (local.get $end) (local.get $p)))
  ;; x = 0.d1d2…dlen × 10^n
  (local.set $n (i32.add (local.get $len) (local.get $e2)))
  (local.set $floor (call $opa_malloc (i32.const 24)))
  (local.set $ceil (call $opa_malloc (i32.const 24)))
  (local.set $text (call $opa_malloc (i32.const 32)))
  (local.set $k (i32.const 1))
  (block $found
    (loop $try
      (if (i32.ge_u (local.get $k) (local.get $len))
        (then
          ;; Every digit: exact.
          (local.set $k (local.get $len))
          (call $mem_copy (local.get $floor) (local.get $p) (local.get $k))
          (br $found)))
      (call $mem_copy (local.get $floor) (local.get $p) (local.get $k))
      (call $mem_copy (local.get $ceil) (local.get $p) (local.get $k))
      (local.set $carry (call $digits_inc (local.get $ceil) (local.get $k)))
      (local.set $fl (f64.eq (call $digits_to_f64 (local.get $floor) (local.get $k)
        (i32.sub (local.get $n) (local.get $k)) (local.get $text)) (local.get $x)))
      (local.set $ce (f64.eq (call $digits_to_f64 (local.get $ceil) (local.get $k)
        (i32.add (i32.sub (local.get $n) (local.get $k)) (local.get $carry)) (local.get $text)) (local.get $x)))
      (if (i32.and (local.get $fl) (local.get $ce))
        (then
          ;; Both round-trip: the nearer one, comparing the dropped digits with one half.
          (local.set $half (i32.sub (i32.load8_u (i32.add (local.get $p) (local.get $k))) (i32.const ${ch('5')})))
          (if (i32.eqz (local.get $half))
            (then
              (local.set $i (i32.add (local.get $k) (i32.const 1)))
              (block $rest
                (loop $each
                  (br_if $rest (i32.ge_u (local.get $i) (local.get $len)))
                  (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const ${ch('0')}))
                    (then (local.set $half (i32.const 1)) (br $rest)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $each)))))
          (if (i32.eqz (local.get $half))
            (then (local.set $half
              (i32.and (i32.load8_u (i32.add (local.get $floor) (i32.sub (local.get $k) (i32.const 1)))) (i32.const 1)))))
          (local.set $fl (i32.le_s (local.get $half) (i32.const 0)))
          (local.set $ce (i32.eqz (local.get $fl)))))
      (br_if $found (local.get $fl))
      (if (local.get $ce)
        (then
          (call $mem_copy (local.get $floor) (local.get $ceil) (local.get $k))
          (local.set $n (i32.add (local.get $n) (local.get $carry)))
          (br $found)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $try)))
  ;; The chosen digits without trailing zeros, as an integer (at most 17 digits).
  (block $done
    (loop $trim
      (br_if $done (i32.le_u (local.get $k) (i32.const 1)))
      (br_if $done (i32.ne (i32.load8_u (i32.add (local.get $floor) (i32.sub (local.get $k) (i32.const 1)))) (i32.const ${ch('0')})))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $trim)))
  (local.set $i (i32.const 0))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 10))
        (i64.extend_i32_u (i32.sub (i32.load8_u (i32.add (local.get $floor) (local.get $i))) (i32.const ${ch('0')})))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  ;; Release the scratch memory before writing (the buffer may grow into it).
  (global.set $heap_ptr (local.get $saved))
  (call $format_digits (local.get $b) (local.get $s) (local.get $k) (local.get $n)))

;; Appends the k-digit integer s as the number s × 10^(n-k), laid out as Number::toString does.
(func $format_digits (param $b i32) (param $s i64) (param $k i32) (param $n i32)
  (local $d i32) (local $e i32)
  ;; The digits as text in the static scratch [scratch, scratch+k).
  (local.set $d (i32.add ${scratch} (local.get $k)))
  (loop $each
    (local.set $d (i32.sub (local.get $d) (i32.const 1)))
    (i32.store8 (local.get $d) (i32.add (i32.wrap_i64 (i64.rem_u (local.get $s) (i64.const 10))) (i32.const ${ch('0')})))
    (local.set $s (i64.div_u (local.get $s) (i64.const 10)))
    (br_if $each (i32.gt_u (local.get $d) ${scratch})))
  ;; k ≤ n ≤ 21: digits, then zeros.
  (if (i32.and (i32.le_s (local.get $k) (local.get $n)) (i32.le_s (local.get $n) (i32.const 21)))
    (then
      (call $buf_bytes (local.get $b) ${scratch} (local.get $k))
      (call $buf_zeros (local.get $b) (i32.sub (local.get $n) (local.get $k)))
      (return)))
  ;; 0 < n ≤ 21: a point inside the digits.
  (if (i32.and (i32.gt_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $n) (i32.const 21)))
    (then
      (call $buf_bytes (local.get $b) ${scratch} (local.get $n))
      (call $buf_byte (local.get $b) (i32.const ${ch('.')}))
      (call $buf_bytes (local.get $b) (i32.add ${scratch} (local.get $n)) (i32.sub (local.get $k) (local.get $n)))
      (return)))
  ;; -6 < n ≤ 0: "0." and leading zeros.
  (if (i32.and (i32.gt_s (local.get $n) (i32.const -6)) (i32.le_s (local.get $n) (i32.const 0)))
    (then
      (call $buf_bytes (local.get $b) ${c.str('0.')})
      (call $buf_zeros (local.get $b) (i32.sub (i32.const 0) (local.get $n)))
      (call $buf_bytes (local.get $b) ${scratch} (local.get $k))
      (return)))
  ;; Exponent form: d[.ddd]e±x.
  (call $buf_byte (local.get $b) (i32.load8_u ${scratch}))
  (if (i32.gt_u (local.get $k) (i32.const 1))
    (then
      (call $buf_byte (local.get $b) (i32.const ${ch('.')}))
      (call $buf_bytes (local.get $b) (i32.add ${scratch} (i32.const 1)) (i32.sub (local.get $k) (i32.const 1)))))
  (call $buf_byte (local.get $b) (i32.const ${ch('e')}))
  (local.set $e (i32.sub (local.get $n) (i32.const 1)))
  (call $buf_byte (local.get $b) (select (i32.const ${ch('+')}) (i32.const ${ch('-')}) (i32.ge_s (local.get $e) (i32.const 0))))
  (call $buf_u64 (local.get $b) (i64.extend_i32_u
    (select (local.get $e) (i32.sub (i32.const 0) (local.get $e)) (i32.ge_s (local.get $e) (i32.const 0))))))

;; Appends x like JSON.stringify: shortest round-trip digits; NaN and infinities as null.
(func $format_f64 (param $b i32) (param $x f64)
  (if (f64.ne (local.get $x) (local.get $x))
    (then (call $buf_bytes (local.get $b) ${c.str('null')}) (return)))
  (if (f64.eq (f64.abs (local.get $x)) (f64.const inf))
    (then (call $buf_bytes (local.get $b) ${c.str('null')}) (return)))
  (if (f64.eq (local.get $x) (f64.const 0))
    (then (call $buf_byte (local.get $b) (i32.const ${ch('0')})) (return)))
  (if (f64.lt (local.get $x) (f64.const 0))
    (then
      (call $buf_byte (local.get $b) (i32.const ${ch('-')}))
      (local.set $x (f64.neg (local.get $x)))))
  (if (i32.and (f64.lt (local.get $x) (f64.const 9007199254740992)) (f64.eq (f64.trunc (local.get $x)) (local.get $x)))
    (then (call $buf_u64 (local.get $b) (i64.trunc_f64_u (local.get $x))) (return)))
  (call $format_shortest (local.get $b) (local.get $x)))
`;
}
