"""Cross-host harness for Python hosts: python harness.py [--backend B] BUNDLE.tar.gz CASES.jsonl

Backends:
  opa-wasm  the real PyPI package opa-wasm 0.3.2 (``from opa_wasm import OPAPolicy``), on
            wasmer-python 1.x + wasmer-compiler-cranelift. Needs CPython <= 3.10 (wasmer's wheels).
  replay    opa_wasm_replay.OPAPolicy: the same class replayed on the ``wasmtime`` PyPI package,
            for when the real one cannot be installed. Its results are labelled "replay".
  auto      opa-wasm if it imports, else replay (default).

How a bundle is evaluated, as a Python service using the package would:
  * ``/policy.wasm`` is extracted from the tarball (the package takes a file path; the replay
    takes the bytes) and ``OPAPolicy(...)`` is constructed once;
  * ``set_data`` is called with the case's ``data`` when present, else with the bundle's
    ``data.json`` document, whenever it differs from the data of the previous case — so one
    instance sees several data replacements, as a long-running service would;
  * ``evaluate(input, "pact/NAME/decision")`` returns the JSON result set, printed as
    ``{"result": RESULT_SET}``; any exception prints ``{"error": "Type: message"}``.

The package always serialises the input (``json.dumps(None)`` is ``null``), so it cannot
evaluate with no input at all: such cases print ``{"skip": "..."}``.
"""

import argparse
import io
import json
import os
import sys
import tarfile
import tempfile


def load_backend(name):
    if name in ("auto", "opa-wasm"):
        try:
            from opa_wasm import OPAPolicy  # noqa: F401  (wasmer raises ImportError on 3.11+)

            def make(wasm_bytes, wasm_path):
                return OPAPolicy(wasm_path)

            return "opa-wasm", make
        except ImportError as e:
            if name == "opa-wasm":
                raise SystemExit(f"python harness: the opa-wasm package is not usable here: {e}")
    from opa_wasm_replay import OPAPolicy as ReplayPolicy

    def make_replay(wasm_bytes, wasm_path):
        return ReplayPolicy(wasm_bytes)

    return "replay", make_replay


def read_bundle(path):
    """(policy.wasm bytes, data document) of a bundle; data.json files merged at their paths."""
    wasm = None
    data = {}
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = member.name.lstrip("/")
            content = tar.extractfile(member).read()
            if name == "policy.wasm":
                wasm = content
            elif name == "data.json" or name.endswith("/data.json"):
                node = data
                for seg in [s for s in name.split("/")[:-1] if s]:
                    node = node.setdefault(seg, {})
                merge(node, json.loads(content))
    if wasm is None:
        raise SystemExit("python harness: no /policy.wasm in the bundle")
    return wasm, data


def merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge(dst[k], v)
        else:
            dst[k] = v


def read_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            c = json.loads(line)
            if not isinstance(c, dict) or not isinstance(c.get("entrypoint"), str) or not c["entrypoint"]:
                raise SystemExit(f'{path}:{n}: missing or invalid "entrypoint"')
            if "data" in c and not isinstance(c["data"], dict):
                raise SystemExit(f'{path}:{n}: "data" must be an object')
            c["entrypoint"] = c["entrypoint"].strip("/")
            cases.append(c)
    return cases


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["auto", "opa-wasm", "replay"], default="auto")
    ap.add_argument("--version", action="store_true", help="print the backend in use and exit")
    ap.add_argument("bundle", nargs="?")
    ap.add_argument("cases", nargs="?")
    args = ap.parse_args(argv)

    backend, make = load_backend(args.backend)
    if args.version:
        if backend == "opa-wasm":
            from importlib.metadata import version

            print(f"opa-wasm {version('opa-wasm')} (PyPI package, wasmer {version('wasmer')}, "
                  f"Python {sys.version.split()[0]})")
        else:
            from importlib.metadata import version

            print(f"REPLAY of opa-wasm 0.3.2 on wasmtime {version('wasmtime')} "
                  f"(Python {sys.version.split()[0]})")
        return 0
    if not args.bundle or not args.cases:
        ap.error("BUNDLE and CASES are required")

    cases = read_cases(args.cases)
    try:
        wasm, bundle_data = read_bundle(args.bundle)
    except (OSError, tarfile.TarError, ValueError) as e:
        raise SystemExit(f"python harness: cannot read the bundle: {type(e).__name__}: {e}")
    with tempfile.TemporaryDirectory() as tmp:
        wasm_path = os.path.join(tmp, "policy.wasm")
        with open(wasm_path, "wb") as f:
            f.write(wasm)
        try:
            policy = make(wasm, wasm_path)
            load_error = None
        except Exception as e:  # the package's load-time failures, e.g. LookupError for builtins
            policy, load_error = None, f"loading the policy: {type(e).__name__}: {e}"

        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        current_data = None  # the package starts with {} loaded; the first case always sets data
        for c in cases:
            if load_error:
                line = {"error": load_error}
            elif "input" not in c:
                line = {"skip": "the opa-wasm package always serialises an input (absent input becomes null)"}
            else:
                data = c["data"] if "data" in c else bundle_data
                try:
                    if current_data is None or data != current_data:
                        policy.set_data(data)
                        current_data = data
                    line = {"result": policy.evaluate(c["input"], c["entrypoint"])}
                except Exception as e:
                    # Keep using the same instance, as services do: the module must recover
                    # from an abort at the next evaluate (spec: opa-wasm-abi.md section 9).
                    line = {"error": f"{type(e).__name__}: {e}"}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main(sys.argv[1:]))
