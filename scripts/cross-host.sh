#!/usr/bin/env bash
# Cross-host conformance: do pactc bundles decide identically in hosts other than the JS SDK?
#
#   scripts/cross-host.sh [--self-test] [--cases DIR] [--hosts LIST]
#
# Builds a harness per host whose toolchain is present (test/cross/README.md), lays out the
# suites with `node scripts/cross-cases.mjs`, runs every harness on every suite and compares its
# output with expected.jsonl. Prints `cross-host: N passed, N failed[, N skipped]` per host and
# in total; exits 1 on any mismatch. A missing toolchain, or a harness build that fails (network,
# too old a compiler, ...), skips that host with a message instead — unless CROSS_HOST_STRICT=1.
#
#   --self-test    use a fixture built by OPA itself (`opa build -t wasm` of
#                  test/cross/fixture/src, oracle `opa eval`) instead of pactc's suites: checks
#                  the harnesses and this script. Needs Go.
#   --cases DIR    read pactc's suites from DIR (default: $PACTC_CROSS_CASES, else test/cross/cases)
#   --hosts LIST   comma-separated subset of: go go-wasmtime rust python python-replay
#                  (default: $CROSS_HOSTS, else go,go-wasmtime,rust,python)
#
# Environment: CROSS_HOST_CACHE (default test/cross/.cache) holds every download and build
# product this script makes; point it outside the work tree to keep it across fresh clones.
# Go's own module and build caches (GOMODCACHE, GOCACHE) and cargo's registry are used as
# configured. CROSS_HOST_STRICT=1 turns skipped builds into failures.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CROSS="$ROOT/test/cross"
CACHE="${CROSS_HOST_CACHE:-$CROSS/.cache}"
STRICT="${CROSS_HOST_STRICT:-0}"
HOSTS="${CROSS_HOSTS:-go,go-wasmtime,rust,python}"
SELF_TEST=0
CASES_FROM=""

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --self-test) SELF_TEST=1 ;;
    --cases) [ $# -ge 2 ] || usage; CASES_FROM="$2"; shift ;;
    --hosts) [ $# -ge 2 ] || usage; HOSTS="$2"; shift ;;
    -h|--help) usage 0 ;;
    *) echo "cross-host.sh: unknown argument $1" >&2; usage ;;
  esac
  shift
done

mkdir -p "$CACHE/bin" "$CACHE/logs" "$CACHE/results"
CACHE="$(cd "$CACHE" && pwd)"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
export CARGO_TARGET_DIR="$CACHE/cargo-target"

say() { echo "[cross-host] $*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
sha() { cat "$@" | sha256sum | cut -c1-16; }

# Runs a build step with its output in a log; on failure shows the log's tail.
build_step() { # LOG CMD...
  local log="$1"; shift
  if "$@" >>"$log" 2>&1; then return 0; fi
  say "build step failed: $*"
  tail -n 25 "$log" | sed 's/^/    | /'
  return 1
}

# ---------------------------------------------------------------- harness builds
# Each build_HOST sets HARNESS (an array: the command to run) and LABEL, or returns 1 (skip).

build_go() {
  command -v go >/dev/null || { SKIP_WHY="go not found"; return 1; }
  local log="$CACHE/logs/build-go.log"; : >"$log"
  (cd "$CROSS/go" && build_step "$log" go build -trimpath -o "$CACHE/bin/opa-harness" .) \
    || { SKIP_WHY="harness build failed (log: $log)"; return 1; }
  HARNESS=("$CACHE/bin/opa-harness")
}

build_go_wasmtime() {
  command -v go >/dev/null || { SKIP_WHY="go not found"; return 1; }
  [ "$(go env CGO_ENABLED)" = 1 ] && command -v "$(go env CC)" >/dev/null \
    || { SKIP_WHY="cgo unavailable (needs CGO_ENABLED=1 and a C compiler)"; return 1; }
  local log="$CACHE/logs/build-go-wasmtime.log"; : >"$log"
  (cd "$CROSS/go" && build_step "$log" go build -modfile=go.wasmtime.mod -trimpath -o "$CACHE/bin/opa-harness-wasmtime" .) \
    || { SKIP_WHY="harness build failed (log: $log)"; return 1; }
  HARNESS=("$CACHE/bin/opa-harness-wasmtime")
}

build_rust() {
  command -v cargo >/dev/null || { SKIP_WHY="cargo not found"; return 1; }
  local log="$CACHE/logs/build-rust.log"; : >"$log"
  build_step "$log" cargo build --release --locked --manifest-path "$CROSS/rust/Cargo.toml" \
    || { SKIP_WHY="harness build failed (log: $log)"; return 1; }
  HARNESS=("$CACHE/cargo-target/release/opa-wasm-harness")
}

# A venv under the cache, rebuilt when its requirements file changes.
make_venv() { # DIR PYTHON REQUIREMENTS LOG
  local dir="$1" py="$2" req="$3" log="$4" stamp
  stamp="$("$py" --version 2>&1) $(sha "$req")"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  rm -rf "$dir"
  build_step "$log" "$py" -m venv "$dir" \
    && build_step "$log" "$dir/bin/python" -m pip install --disable-pip-version-check -q -r "$req" \
    && echo "$stamp" >"$dir/.stamp"
}

# CPython <= 3.10 for the real opa-wasm package (wasmer-python 1.x has no wheels for 3.11+).
find_old_python() {
  local c v r roots=()
  command -v pyenv >/dev/null && roots+=("$(pyenv root)")
  roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
  for c in python3.10 python3.9 python3.8 \
    $(for r in "${roots[@]}"; do ls -d "$r"/versions/3.{10,9,8}.*/bin/python3 2>/dev/null; done | sort -rVu); do
    command -v "$c" >/dev/null || continue
    v="$("$c" -c 'import sys; print(sys.version_info[1] if sys.version_info[0] == 3 else 0)' 2>/dev/null)" || continue
    if [ "${v:-0}" -ge 8 ] && [ "$v" -le 10 ]; then command -v "$c"; return 0; fi
  done
  return 1
}

build_python_replay() {
  command -v python3 >/dev/null || { SKIP_WHY="python3 not found"; return 1; }
  local log="$CACHE/logs/build-python-replay.log"; : >"$log"
  make_venv "$CACHE/py-replay" python3 "$CROSS/python/requirements-replay.txt" "$log" \
    || { SKIP_WHY="could not install wasmtime from PyPI (log: $log)"; return 1; }
  HARNESS=("$CACHE/py-replay/bin/python" "$CROSS/python/harness.py" --backend replay)
}

build_python() {
  local py log="$CACHE/logs/build-python.log"; : >"$log"
  if py="$(find_old_python)"; then
    if make_venv "$CACHE/py-opa-wasm" "$py" "$CROSS/python/requirements-opa-wasm.txt" "$log" \
      && build_step "$log" "$CACHE/py-opa-wasm/bin/python" -c 'import wasmer, wasmer_compiler_cranelift, opa_wasm'; then
      HARNESS=("$CACHE/py-opa-wasm/bin/python" "$CROSS/python/harness.py" --backend opa-wasm)
      return 0
    fi
    say "python: the real opa-wasm package did not install with $py (log: $log); using the REPLAY on wasmtime"
  else
    say "python: no CPython 3.8-3.10 found for the real opa-wasm package (wasmer-python has no wheels for 3.11+); using the REPLAY on wasmtime"
  fi
  build_python_replay
}

# ---------------------------------------------------------------- suites

command -v node >/dev/null || { say "node not found (needed to lay out and compare suites)"; exit 1; }
SUITES="$CACHE/suites"
if [ "$SELF_TEST" = 1 ]; then
  say "self-test: building the fixture with OPA itself"
  command -v go >/dev/null || { say "self-test needs go"; exit 1; }
  t0="$(now)"; log="$CACHE/logs/build-opa-cli.log"; : >"$log"
  (cd "$CROSS/go" && build_step "$log" go build -trimpath -o "$CACHE/bin/opa" github.com/open-policy-agent/opa) \
    || { say "could not build the opa CLI (log: $log)"; exit 1; }
  node "$CROSS/fixture/make-fixture.mjs" "$CACHE/bin/opa" "$CACHE/fixture-suites" || exit 1
  say "fixture ready in $(elapsed "$t0")s"
  CASES_FROM="$CACHE/fixture-suites"
fi
if [ -z "$CASES_FROM" ] && [ -z "${PACTC_CROSS_CASES:-}" ]; then
  # pactc's own suites: every pact of the conformance corpus, built into a bundle, with the
  # corpus's expected decisions.
  (cd "$ROOT" && node --import tsx scripts/cross-suites.ts "$CACHE/pactc-suites") || { say "could not generate suites"; exit 1; }
  CASES_FROM="$CACHE/pactc-suites"
fi
node "$ROOT/scripts/cross-cases.mjs" "$SUITES" ${CASES_FROM:+--from "$CASES_FROM"} || { say "malformed suites"; exit 1; }
mapfile -t SUITE_NAMES < <(node -e 'for (const s of require(process.argv[1]).suites) console.log(s.name)' "$SUITES/suites.json")
if [ "${#SUITE_NAMES[@]}" -eq 0 ]; then
  say "no suites to run: nothing to compare, no harness built (see test/cross/README.md)"
  exit 0
fi

# ---------------------------------------------------------------- run

TOTAL_P=0 TOTAL_F=0 TOTAL_S=0 SKIPPED_HOSTS=0 FAILED_HOSTS=0
SUMMARY=()
IFS=',' read -r -a HOST_LIST <<<"$HOSTS"
for host in "${HOST_LIST[@]}"; do
  host="${host// /}"
  [ -n "$host" ] || continue
  echo
  say "== host $host"
  HARNESS=() SKIP_WHY=""
  case "$host" in
    go|go-wasmtime|rust|python|python-replay) ;;
    *) say "unknown host '$host'"; exit 2 ;;
  esac
  t0="$(now)"
  if ! "build_${host//-/_}"; then
    say "SKIP $host: $SKIP_WHY"
    SUMMARY+=("$(printf '%-14s skipped: %s' "$host" "$SKIP_WHY")")
    SKIPPED_HOSTS=$((SKIPPED_HOSTS + 1))
    continue
  fi
  build_s="$(elapsed "$t0")"
  label="$("${HARNESS[@]}" --version 2>/dev/null | head -n 1)"
  say "$host: ${label:-?} (harness ready in ${build_s}s)"

  t0="$(now)"; P=0 F=0 S=0
  mkdir -p "$CACHE/results/$host"
  for suite in "${SUITE_NAMES[@]}"; do
    dir="$SUITES/$suite" out="$CACHE/results/$host/$suite.jsonl" err="$CACHE/results/$host/$suite.stderr"
    timeout 600 "${HARNESS[@]}" "$dir/bundle.tar.gz" "$dir/cases.jsonl" >"$out" 2>"$err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
      say "$host/$suite: harness exited with status $rc; stderr:"
      tail -n 15 "$err" | sed 's/^/    | /'
    fi
    cmp_out="$(node "$CROSS/compare.mjs" "$dir/cases.jsonl" "$dir/expected.jsonl" "$out" "$host/$suite")"
    echo "$cmp_out" | sed '$d'
    counts="$(echo "$cmp_out" | tail -n 1)"
    if [[ "$counts" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
      read -r p f s <<<"$counts"
    else
      say "$host/$suite: comparison failed: $counts"; p=0 f=1 s=0
    fi
    P=$((P + p)) F=$((F + f)) S=$((S + s))
  done
  run_s="$(elapsed "$t0")"
  echo "cross-host: $P passed, $F failed$([ "$S" -gt 0 ] && echo ", $S skipped")"
  SUMMARY+=("$(printf '%-14s %4d passed %4d failed %4d skipped   build %6ss  run %6ss   %s' "$host" "$P" "$F" "$S" "$build_s" "$run_s" "$label")")
  TOTAL_P=$((TOTAL_P + P)) TOTAL_F=$((TOTAL_F + F)) TOTAL_S=$((TOTAL_S + S))
  [ "$F" -eq 0 ] || FAILED_HOSTS=$((FAILED_HOSTS + 1))
done

echo
say "== summary (${#SUITE_NAMES[@]} suite(s); outputs in $CACHE/results)"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if [ "$STRICT" = 1 ] && [ "$SKIPPED_HOSTS" -gt 0 ]; then
  say "CROSS_HOST_STRICT=1: $SKIPPED_HOSTS host(s) could not be built"
  TOTAL_F=$((TOTAL_F + SKIPPED_HOSTS))
fi
echo "cross-host: $TOTAL_P passed, $TOTAL_F failed$([ "$TOTAL_S" -gt 0 ] && echo ", $TOTAL_S skipped")"
[ "$TOTAL_F" -eq 0 ]
