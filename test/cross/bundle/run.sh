#!/usr/bin/env bash
# Cross-checks pactc's bundles against OPA's own Go bundle package (github.com/open-policy-agent/opa/v1/bundle).
#
#   test/cross/bundle/run.sh
#
# Needs Go (>= the version in go.mod) and network access to the Go module proxy the first time.
# Steps: build the Go checker (main.go); gen.ts writes pactc bundles, keys, digest inputs and
# cases.json; the checker compares OPA's digests with pactc's, loads/verifies every bundle with
# OPA's reader (and expects OPA's rejections for the tampered ones), and re-signs the unsigned
# bundle with OPA's signer; verify-opa.ts then verifies OPA's bundles with pactc.
# Not part of `npm test`; exits non-zero on any disagreement.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pactc-cross-bundle.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

echo "== building the OPA checker ($(go version | cut -d' ' -f3))"
# A checker that cannot be built (no module proxy, an older Go) is a skip, not a failure:
# only a disagreement between OPA and pactc fails this script.
if ! (cd "$here" && go build -o "$work/crossbundle" .); then
  echo "cross-bundle: skipped: the OPA checker could not be built (see above)"
  exit 0
fi
echo "== writing pactc bundles and cases"
(cd "$root" && npx tsx test/cross/bundle/gen.ts "$work")
echo "== OPA checks pactc"
"$work/crossbundle" check "$work/cases.json"
echo "== pactc checks OPA"
(cd "$root" && npx tsx test/cross/bundle/verify-opa.ts "$work")
