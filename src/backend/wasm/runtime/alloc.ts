/**
 * Memory management: the bump allocator, the heap-pointer exports, and byte-block helpers.
 *
 * The heap is one bump region starting at `HEAP_BASE` (the 8-aligned end of static data).
 * `$heap_ptr` is the whole allocator state — there are no free lists — which gives the ABI's
 * heap-pointer contract (§5.1) directly:
 *
 * - `opa_heap_ptr_get()` returns `$heap_ptr`; every byte at or above it is free for the host.
 * - `opa_heap_ptr_set(p)` sets it; everything at or above `p` is forgotten. Hosts (and
 *   `opa_eval`) may pass an unaligned `p`; `opa_malloc` aligns up, so it never writes below `p`.
 * - After `opa_heap_ptr_set(x)` the allocator state is a function of `x` alone, as the Go pool
 *   requires when it clones memory between instances (§5.6).
 * - Memory growth is the allocator's job: it compares against `memory.size` on every call (never
 *   a cached size, since hosts grow memory from outside) and aborts with `opa_malloc: failed`
 *   when `memory.grow` fails.
 * - `opa_free`, `opa_value_free` and the stash family are no-ops: a bump allocator never reuses
 *   memory below the pointer, so there is nothing to free, stash or restore. They exist because
 *   hosts call them unconditionally.
 *
 * Memory above the heap pointer is not zeroed (it may hold a previous evaluation's data), so
 * every constructor initialises every field it allocates.
 */
import type { RuntimeContext } from './context.js';
import { ABORT_MESSAGES } from '../abi.js';

/** The allocator and memory helpers (WAT). `$heap_ptr` is defined by the module assembler. */
export function allocWat(c: RuntimeContext): string {
  return `
;; Calls the host's opa_abort with a NUL-terminated message and never returns.
(func $abort (param $msg i32)
  (call $opa_abort (local.get $msg))
  unreachable)

;; Returns an 8-aligned block of at least $size bytes (never 0), growing memory if needed.
(func $opa_malloc (param $size i32) (result i32)
  (local $p i64) (local $end i64) (local $pages i32)
  ;; Align up; 64-bit arithmetic so that nothing wraps near 4 GiB.
  (local.set $p (i64.and (i64.add (i64.extend_i32_u (global.get $heap_ptr)) (i64.const 7)) (i64.const -8)))
  (local.set $end (i64.add (local.get $p) (i64.extend_i32_u (local.get $size))))
  (if (i64.gt_u (local.get $end) (i64.const 0xffffffff))
    (then (call $abort ${c.cstr(ABORT_MESSAGES.mallocFailed)})))
  ;; Pages needed to hold [0, end); compare with the live memory size.
  (local.set $pages (i32.wrap_i64 (i64.shr_u (i64.add (local.get $end) (i64.const 0xffff)) (i64.const 16))))
  (if (i32.gt_u (local.get $pages) (memory.size))
    (then
      (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
        (then (call $abort ${c.cstr(ABORT_MESSAGES.mallocFailed)})))))
  (global.set $heap_ptr (i32.wrap_i64 (local.get $end)))
  (i32.wrap_i64 (local.get $p)))

;; A no-op: the bump allocator never reuses memory below the heap pointer.
(func $opa_free (param $addr i32))

;; A no-op (deep free of a value); see opa_free.
(func $opa_value_free (param $v i32))

;; Returns the heap pointer: every byte at or above it is free.
(func $opa_heap_ptr_get (result i32)
  (global.get $heap_ptr))

;; Sets the heap pointer, forgetting every allocation at or above it.
(func $opa_heap_ptr_set (param $p i32)
  (global.set $heap_ptr (local.get $p)))

;; No-ops: there are no free blocks to hide or restore.
(func $opa_heap_blocks_stash)
(func $opa_heap_blocks_restore)
(func $opa_heap_stash_clear)

;; Fills [p, p+n) with zeros, eight bytes at a time.
(func $mem_zero (param $p i32) (param $n i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $p) (local.get $n)))
  (block $done
    (loop $words
      (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
      (i64.store align=1 (local.get $p) (i64.const 0))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $words)))
  (block $done
    (loop $bytes
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (i32.store8 (local.get $p) (i32.const 0))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $bytes))))

;; Copies n bytes from src to dst, ascending. Safe when the blocks do not overlap or when
;; dst + 8 <= src (moving entries down within one array).
(func $mem_copy (param $dst i32) (param $src i32) (param $n i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $src) (local.get $n)))
  (block $done
    (loop $words
      (br_if $done (i32.gt_u (i32.add (local.get $src) (i32.const 8)) (local.get $end)))
      (i64.store align=1 (local.get $dst) (i64.load align=1 (local.get $src)))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (br $words)))
  (block $done
    (loop $bytes
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
      (local.set $src (i32.add (local.get $src) (i32.const 1)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
      (br $bytes))))

;; Returns 1 when the n bytes at p and q are equal.
(func $mem_eq (param $p i32) (param $q i32) (param $n i32) (result i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $p) (local.get $n)))
  (block $done
    (loop $words
      (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
      (if (i64.ne (i64.load align=1 (local.get $p)) (i64.load align=1 (local.get $q)))
        (then (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (local.set $q (i32.add (local.get $q) (i32.const 8)))
      (br $words)))
  (block $done
    (loop $bytes
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (if (i32.ne (i32.load8_u (local.get $p)) (i32.load8_u (local.get $q)))
        (then (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $bytes)))
  (i32.const 1))

;; Returns a heap copy of the n bytes at src.
(func $mem_dup (param $src i32) (param $n i32) (result i32)
  (local $p i32)
  (local.set $p (call $opa_malloc (local.get $n)))
  (call $mem_copy (local.get $p) (local.get $src) (local.get $n))
  (local.get $p))
`;
}
