/**
 * The evaluation exports of the ABI: `opa_eval`, the context family, `builtins`, and the data
 * patch functions `opa_value_add_path` / `opa_value_remove_path` (spec §3).
 *
 * Two functions are generated per module by `runtime.ts` and only called here:
 * `$eval_entrypoint(id, input, data) -> result` (0 = undefined; an unknown id aborts with
 * `internal: illegal entrypoint id`) and `$entrypoints() -> object`.
 *
 * `opa_eval` (ABI 1.2, every host's fast path) sets the heap pointer to the host's `heap_ptr`
 * before allocating anything (the input text lies just below it; §5.1), offers the text to the
 * module's `$decode_input` (a pact's schema-guided decoder, see `codegen/slots.ts`; it answers 0
 * for anything it does not fully accept), else parses it with value syntax (so Go's Rego-quoted
 * input works too), and has the entrypoint write its result straight into the output text
 * (`$write_entrypoint`: a pact's decision writes precomputed fragments; other results are dumped):
 * `[{"result":V}]` / `[]` for format 0, `{{"result":V}}` / `set()` for any other format (Go
 * passes 1).
 *
 * The context (ABI 1.0 slow path: JS/Go with minor < 2, Rust's load sequence) is 16 bytes:
 * input, data, result, entrypoint. `eval` stores a real result-set value: an empty set, or a
 * set holding the object `{"result": V}`.
 */
import type { RuntimeContext } from './context.js';
import { ABORT_MESSAGES, ERRC, RESULT_KEY } from '../abi.js';
import { STATIC, T } from './layout.js';

/** Context field offsets. */
const CTX = { input: 0, data: 4, result: 8, entrypoint: 12, size: 16 } as const;

/** The evaluation exports (WAT). */
export function abiExportsWat(c: RuntimeContext): string {
  const resultKey = c.strValue(RESULT_KEY);
  return `
;; opa_eval: parse input, evaluate entrypoint ep, return the result set as text.
(func $opa_eval (param $reserved i32) (param $ep i32) (param $data i32) (param $input i32)
    (param $input_len i32) (param $heap i32) (param $format i32) (result i32)
  (local $in i32) (local $rego i32) (local $b i32)
  (if (local.get $reserved) (then (call $abort ${c.cstr(ABORT_MESSAGES.invalidReserved)})))
  (global.set $heap_ptr (local.get $heap))
  ;; The pact's own decoder reads well-formed, conforming input straight into its slots (the
  ;; entrypoints then see the "decoded" object); anything else takes the generic parser. Decoded
  ;; values point into the input text, so the decoder runs only when that text lies wholly below
  ;; the heap (as every host puts it, §5.1) and no allocation of this call can overwrite it.
  (if (local.get $input_len)
    (then
      (local.set $in
        (if (result i32)
          (if (result i32) (i32.le_u (i32.add (local.get $input) (local.get $input_len)) (local.get $heap))
            (then (call $decode_input (local.get $input) (local.get $input_len) (local.get $ep)))
            (else (i32.const 0)))
          (then (i32.const ${STATIC.DECODED}))
          (else (call $opa_value_parse (local.get $input) (local.get $input_len)))))))
  (local.set $rego (i32.ne (local.get $format) (i32.const 0)))
  (local.set $b (call $buf_new (i32.const 256)))
  (if (local.get $rego)
    (then (call $buf_bytes (local.get $b) ${c.str(`{{"${RESULT_KEY}":`)}))
    (else (call $buf_bytes (local.get $b) ${c.str(`[{"${RESULT_KEY}":`)})))
  (if (call $write_entrypoint (local.get $ep) (local.get $in) (local.get $data) (local.get $b) (local.get $rego))
    (then
      (if (local.get $rego)
        (then (call $buf_bytes (local.get $b) ${c.str('}}')}))
        (else (call $buf_bytes (local.get $b) ${c.str('}]')}))))
    (else
      ;; Undefined: the empty result set instead of the opening written above.
      (call $buf_clear (local.get $b))
      (if (local.get $rego)
        (then (call $buf_bytes (local.get $b) ${c.str('set()')}))
        (else (call $buf_bytes (local.get $b) ${c.str('[]')})))))
  (call $buf_cstr (local.get $b)))

;; builtins: a fresh empty object (pactc modules call no host builtins).
(func $builtins (result i32)
  (call $rt_object_new))

;; A new evaluation context: no input, no data, no result, entrypoint 0.
(func $opa_eval_ctx_new (result i32)
  (local $ctx i32)
  (local.set $ctx (call $opa_malloc (i32.const ${CTX.size})))
  (call $mem_zero (local.get $ctx) (i32.const ${CTX.size}))
  (local.get $ctx))

;; Setters; a value of 0 means "undefined".
(func $opa_eval_ctx_set_input (param $ctx i32) (param $v i32)
  (i32.store offset=${CTX.input} (local.get $ctx) (local.get $v)))
(func $opa_eval_ctx_set_data (param $ctx i32) (param $v i32)
  (i32.store offset=${CTX.data} (local.get $ctx) (local.get $v)))
(func $opa_eval_ctx_set_entrypoint (param $ctx i32) (param $id i32)
  (i32.store offset=${CTX.entrypoint} (local.get $ctx) (local.get $id)))

;; eval: evaluates the context's entrypoint and stores the result set; returns 0.
(func $eval (param $ctx i32) (result i32)
  (local $r i32) (local $set i32) (local $obj i32)
  (local.set $r (call $eval_entrypoint
    (i32.load offset=${CTX.entrypoint} (local.get $ctx))
    (i32.load offset=${CTX.input} (local.get $ctx))
    (i32.load offset=${CTX.data} (local.get $ctx))))
  (local.set $set (call $rt_set_new))
  (if (local.get $r)
    (then
      (local.set $obj (call $rt_object_new))
      (call $rt_object_insert (local.get $obj) ${resultKey} (local.get $r))
      (call $rt_set_add (local.get $set) (local.get $obj))))
  (i32.store offset=${CTX.result} (local.get $ctx) (local.get $set))
  (i32.const 0))

;; The result set of the last eval (an empty set before any).
(func $opa_eval_ctx_get_result (param $ctx i32) (result i32)
  (local $r i32)
  (local.set $r (i32.load offset=${CTX.result} (local.get $ctx)))
  (if (i32.eqz (local.get $r))
    (then
      (local.set $r (call $rt_set_new))
      (i32.store offset=${CTX.result} (local.get $ctx) (local.get $r))))
  (local.get $r))

;; opa_value_add_path: base[path…] = v, creating missing intermediate objects.
;; Returns 0 ok, 2 when a node on the path is not an object, 3 when path is not a non-empty array.
(func $opa_value_add_path (param $base i32) (param $path i32) (param $v i32) (result i32)
  (local $n i32) (local $i i32) (local $node i32) (local $key i32) (local $child i32)
  (local.set $n (call $rt_array_len (local.get $path)))
  (if (i32.le_s (local.get $n) (i32.const 0)) (then (return (i32.const ${ERRC.INVALID_PATH}))))
  (local.set $node (local.get $base))
  (block $done
    (loop $walk
      (if (i32.ne (call $rt_type (local.get $node)) (i32.const ${T.OBJECT}))
        (then (return (i32.const ${ERRC.INVALID_TYPE}))))
      (local.set $key (call $rt_array_get (local.get $path) (local.get $i)))
      (br_if $done (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
      (local.set $child (call $rt_object_get (local.get $node) (local.get $key)))
      (if (i32.eqz (local.get $child))
        (then
          (local.set $child (call $rt_object_new))
          (call $rt_object_insert (local.get $node) (local.get $key) (local.get $child))))
      (local.set $node (local.get $child))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $walk)))
  (call $rt_object_insert (local.get $node) (local.get $key) (local.get $v))
  (i32.const ${ERRC.OK}))

;; opa_value_remove_path: deletes base[path…]; a missing node on the way is success.
(func $opa_value_remove_path (param $base i32) (param $path i32) (result i32)
  (local $n i32) (local $i i32) (local $node i32) (local $key i32)
  (local.set $n (call $rt_array_len (local.get $path)))
  (if (i32.le_s (local.get $n) (i32.const 0)) (then (return (i32.const ${ERRC.INVALID_PATH}))))
  (local.set $node (local.get $base))
  (block $done
    (loop $walk
      (if (i32.ne (call $rt_type (local.get $node)) (i32.const ${T.OBJECT}))
        (then (return (i32.const ${ERRC.INVALID_TYPE}))))
      (local.set $key (call $rt_array_get (local.get $path) (local.get $i)))
      (br_if $done (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
      (local.set $node (call $rt_object_get (local.get $node) (local.get $key)))
      (if (i32.eqz (local.get $node)) (then (return (i32.const ${ERRC.OK}))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $walk)))
  (drop (call $table_remove (local.get $node) (local.get $key)))
  (i32.const ${ERRC.OK}))
`;
}
