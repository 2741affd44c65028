"""REPLAY, not the real package: python-opa-wasm 0.3.2's ``OPAPolicy`` re-run on wasmtime.

The PyPI package ``opa-wasm`` 0.3.2 (a2d24/python-opa-wasm) runs on wasmer-python 1.x, whose
native wheels stop at CPython 3.10 (on 3.11+ pip installs a stub ``wasmer`` that raises
``ImportError: Wasmer is not available on this system``). Where no CPython <= 3.10 is at hand,
the cross-host suite uses this module instead: the same class, method by method and call by
call (see docs: shared spec opa-wasm-abi.md section 5.5), with only the engine swapped for the
``wasmtime`` PyPI package:

* memory: 5 pages, no maximum, created by the host and imported as ``env.memory``;
* imports ``env.opa_builtin0..4``, ``env.opa_abort``, ``env.opa_println``;
* after instantiation: read both ABI globals (major != 1 -> RuntimeError; fast path iff minor
  >= 2), ``entrypoints()`` then ``builtins()`` (each dumped with ``opa_json_dump``; every
  declared builtin must be supplied, else LookupError), then ``{}`` is loaded as data
  (``opa_malloc`` + write + ``opa_json_parse``), then ``opa_heap_ptr_get`` -> base pointer;
* ``set_data``: ``opa_heap_ptr_set(base)``, load the JSON, ``opa_heap_ptr_get`` -> data pointer;
* ``evaluate`` fast path: ``json.dumps(input)`` (so ``None`` becomes ``null``) written at the data
  heap pointer **without growing memory**, then
  ``opa_eval(0, ep, data, addr, len, addr + len, 0)`` and the NUL-terminated JSON result is read;
* legacy path (minor < 2): ``opa_heap_ptr_set``, input via ``opa_json_parse``, the
  ``opa_eval_ctx_*`` calls, ``eval``, ``opa_eval_ctx_get_result``, ``opa_json_dump``;
* ``opa_abort`` raises ``RuntimeError("OPA Aborted with message: ...")``.

Kept deliberately close to the original text so that a diff against it stays readable.
"""

import json
from typing import Tuple, Union

from wasmtime import (
    Engine,
    FuncType,
    Limits,
    Linker,
    Memory,
    MemoryType,
    Module,
    Store,
    ValType,
)

_I32 = ValType.i32()


class OPAPolicy:
    ENGINE = Engine()

    def __init__(self, wasm_bytes: bytes, memory_pages=5, max_memory_pages=None, builtins=None):
        self.store = Store(OPAPolicy.ENGINE)
        self.memory = Memory(self.store, MemoryType(Limits(memory_pages, max_memory_pages)))

        linker = Linker(OPAPolicy.ENGINE)
        linker.define(self.store, "env", "memory", self.memory)
        for n in range(5):
            linker.define_func(
                "env",
                f"opa_builtin{n}",
                FuncType([_I32] * (n + 2), [_I32]),
                getattr(self, f"_opa_builtin{n}"),
            )
        linker.define_func("env", "opa_abort", FuncType([_I32], []), self._opa_abort)
        linker.define_func("env", "opa_println", FuncType([_I32], []), self._opa_println)

        self.module = Module(OPAPolicy.ENGINE, wasm_bytes)
        instance = linker.instantiate(self.store, self.module)
        self.exports = instance.exports(self.store)

        abi_major_version = self.exports.get("opa_wasm_abi_version")
        if abi_major_version and abi_major_version.value(self.store) != 1:
            raise RuntimeError(f"Unsupported ABI Version {abi_major_version.value(self.store)}")

        abi_minor_version = self.exports.get("opa_wasm_abi_minor_version")
        if abi_minor_version and abi_minor_version.value(self.store) >= 2:
            self.supports_fastpath = True
        else:
            self.supports_fastpath = False

        self.entrypoints = self._fetch_json(self._call("entrypoints"))
        self.builtins_by_id = self._create_builtins_map(builtins if builtins else {})

        # Set the default value for data. This can be overwritten by set_data
        self.data_address = self._put_json({})

        self.base_heap_pointer = self._call("opa_heap_ptr_get")
        self.data_heap_pointer = self.base_heap_pointer
        self.heap_pointer = self.base_heap_pointer

    def _call(self, name, *args):
        return self.exports[name](self.store, *args)

    def evaluate(self, input, entrypoint=0):
        entrypoint = self._lookup_entrypoint(entrypoint)

        # Before each evaluation, reset the heap pointer to the data_heap_pointer
        self.heap_pointer = self.data_heap_pointer

        if not self.supports_fastpath:
            return self._evaluate_legacy(input, entrypoint)

        return self._evaluate_fastpath(input, entrypoint)

    def set_data(self, data):
        # Reset the heap to the base_heap_pointer when data is changed
        self._call("opa_heap_ptr_set", self.base_heap_pointer)

        #  Perform update of data and pointers
        self.data_address = self._put_json(data)
        self.data_heap_pointer = self._call("opa_heap_ptr_get")
        self.heap_pointer = self.data_heap_pointer

    def _evaluate_fastpath(self, input, entrypoint):
        input_address, input_length = self._put_json_in_memory(input)
        result = self._call(
            "opa_eval",
            0,
            entrypoint,
            self.data_address,
            input_address,
            input_length,
            self.heap_pointer,
            0,
        )
        return self._fetch_json_raw(result)

    def _evaluate_legacy(self, input, entrypoint):
        # Reset the heap pointer before each evaluation
        self._call("opa_heap_ptr_set", self.data_heap_pointer)
        input_address = self._put_json(input)

        context = self._call("opa_eval_ctx_new")

        self._call("opa_eval_ctx_set_input", context, input_address)
        self._call("opa_eval_ctx_set_data", context, self.data_address)
        self._call("opa_eval_ctx_set_entrypoint", context, entrypoint)

        self._call("eval", context)
        result_address = self._call("opa_eval_ctx_get_result", context)

        return self._fetch_json(result_address)

    def _fetch_json(self, address: int):
        json_address = self._call("opa_json_dump", address)
        return self._fetch_json_raw(json_address)

    def _fetch_json_raw(self, json_address: int):
        return json.loads(self._fetch_string_as_bytearray(json_address))

    def _write(self, address: int, data: bytes):
        # wasmer's uint8_view slice assignment: IndexError past the end, memory never grown.
        if address + len(data) > self.memory.data_len(self.store):
            raise IndexError("write past the end of the Wasm memory (the host never grows it)")
        self.memory.write(self.store, data, address)

    def _put_json(self, value) -> int:
        json_string = json.dumps(value).encode("utf-8")
        size = len(json_string)

        dest_string_address = self._call("opa_malloc", size)
        self._write(dest_string_address, json_string)

        dest_json_address = self._call("opa_json_parse", dest_string_address, size)

        if dest_json_address == 0:
            raise RuntimeError("Failed to parse JSON Value")

        return dest_json_address

    def _put_json_in_memory(self, value) -> Tuple[int, int]:
        json_string = json.dumps(value).encode("utf-8")
        input_length = len(json_string)

        input_address = self.heap_pointer
        self._write(input_address, json_string)

        self.heap_pointer = input_address + input_length
        return input_address, input_length

    def _fetch_string_as_bytearray(self, address) -> bytearray:
        memory_buffer = self.memory.read(self.store, address, self.memory.data_len(self.store))
        end = memory_buffer.find(0)  # Null terminated string
        return memory_buffer if end < 0 else memory_buffer[:end]

    def _dispatch(self, id: int, *args):
        return self._put_json(self.builtins_by_id[id](*args))

    def _create_builtins_map(self, builtins):
        builtins_by_id = {}
        builtin_functions_required = self._fetch_json(self._call("builtins"))

        for function_name, id in builtin_functions_required.items():
            if function_name not in builtins:
                raise LookupError(f"A required builtin '{function_name}' function was not provided.")

            builtins_by_id[id] = builtins[function_name]

        return builtins_by_id

    def _opa_builtin0(self, builtin_id: int, ctx: int) -> int:
        return self._dispatch(builtin_id)

    def _opa_builtin1(self, builtin_id: int, ctx: int, _1: int) -> int:
        return self._dispatch(builtin_id, *self._make_args_for_builtin(_1))

    def _opa_builtin2(self, builtin_id: int, ctx: int, _1: int, _2: int) -> int:
        return self._dispatch(builtin_id, *self._make_args_for_builtin(_1, _2))

    def _opa_builtin3(self, builtin_id: int, ctx: int, _1: int, _2: int, _3: int) -> int:
        return self._dispatch(builtin_id, *self._make_args_for_builtin(_1, _2, _3))

    def _opa_builtin4(self, builtin_id: int, ctx: int, _1: int, _2: int, _3: int, _4: int) -> int:
        return self._dispatch(builtin_id, *self._make_args_for_builtin(_1, _2, _3, _4))

    def _opa_abort(self, address: int):
        raise RuntimeError(
            f"OPA Aborted with message: {self._fetch_string_as_bytearray(address).decode('utf-8')}"
        )

    def _opa_println(self, address: int):
        print(self._fetch_string_as_bytearray(address).decode("utf-8"))

    def _make_args_for_builtin(self, *addresses):
        return [self._fetch_json(address) for address in addresses]

    def _lookup_entrypoint(self, entrypoint: Union[str, int]) -> int:
        if isinstance(entrypoint, int) and entrypoint < len(self.entrypoints):
            return entrypoint

        if isinstance(entrypoint, str) and entrypoint in self.entrypoints:
            return self.entrypoints[entrypoint]

        raise ValueError(f"The specified entrypoint '{entrypoint}' is not valid")
