// Command opa-harness evaluates the Wasm module of a pactc bundle inside OPA's own Go
// runtime, the way an OPA server serves a Wasm bundle.
//
//	opa-harness BUNDLE.tar.gz CASES.jsonl
//
// Each line of CASES.jsonl is {"entrypoint": "pact/NAME/decision", "input": <json or absent>,
// "data": <object, optional>}; one line is printed per case: {"result": RESULT_SET} or
// {"error": "message"}. RESULT_SET is the ABI's JSON result set, [{"result": VALUE}] when the
// entrypoint is defined and [] when it is not (see test/cross/README.md).
//
// How it evaluates (what `opa run -s -b bundle.tar.gz` does on bundle activation):
//  1. The tarball is read with OPA's bundle reader (signature verification is skipped: signing
//     is tested elsewhere).
//  2. The bundle is activated into an in-memory store with bundle.Activate: data.json lands in
//     the store under the manifest roots, the manifest and the base64 Wasm module under
//     data.system.bundles.
//  3. A case's "data", when present, replaces the whole data document outside data.system
//     (like setData in the JS SDK) before any Wasm instance exists.
//  4. rego.PrepareForEval on that store loads the Wasm resolvers from the store (OPA's
//     LoadWasmResolversFromStore: one resolver per manifest `wasm` module, initialised with the
//     whole data document), so the query data.pact.NAME.decision is answered by calling
//     opa_eval in OPA's Wasm VM. The VM engine is registered by importing
//     github.com/open-policy-agent/opa/v1/features/wasm.
//
// Rego modules in the bundle are dropped (with a note on stderr) so that an answer can only
// come from the Wasm module; pactc bundles contain none.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	_ "github.com/open-policy-agent/opa/v1/features/wasm"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"
	"github.com/open-policy-agent/opa/v1/version"
)

const bundleName = "pact"

var noteOnce sync.Once

type testCase struct {
	entrypoint string
	input      any
	hasInput   bool
	data       map[string]any
	dataKey    string // canonical JSON of data; "" = the bundle's own data
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Printf("OPA %s, Wasm resolver on %s\n", version.Version, wasmEngine())
		return
	}
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: opa-harness BUNDLE.tar.gz CASES.jsonl")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "opa-harness:", err)
		os.Exit(1)
	}
}

func run(bundlePath, casesPath string, stdout io.Writer) error {
	ctx := context.Background()
	cases, err := readCases(casesPath)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(bundlePath)
	if err != nil {
		return err
	}
	// Parse once up front so a broken bundle fails the whole run with a clear message.
	b, err := readBundle(raw)
	if err != nil {
		return err
	}
	served := map[string]bool{}
	for _, w := range b.Manifest.WasmResolvers {
		served[strings.Trim(w.Entrypoint, "/")] = true
	}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)

	hosts := map[string]*host{} // one activated store per distinct data document
	for _, c := range cases {
		var line map[string]any
		if !served[c.entrypoint] {
			line = map[string]any{"error": fmt.Sprintf("entrypoint %q is not served by a wasm module in the bundle manifest", c.entrypoint)}
		} else {
			h, ok := hosts[c.dataKey]
			if !ok {
				h, err = newHost(ctx, raw, c.data, c.dataKey != "")
				if err != nil {
					return fmt.Errorf("activating bundle: %w", err)
				}
				hosts[c.dataKey] = h
			}
			rs, err := h.eval(ctx, c)
			if err != nil {
				line = map[string]any{"error": err.Error()}
			} else {
				line = map[string]any{"result": rs}
			}
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}

// wasmEngine names the Wasm runtime linked into this OPA build: wazero since OPA v1.19,
// wasmtime-go (cgo) before.
func wasmEngine() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if strings.Contains(d.Path, "wazero") || strings.Contains(d.Path, "wasmtime-go") {
				return strings.TrimPrefix(d.Path, "github.com/") + " " + d.Version
			}
		}
	}
	return "an unknown engine"
}

func readBundle(raw []byte) (bundle.Bundle, error) {
	b, err := bundle.NewCustomReader(bundle.NewTarballLoaderWithBaseURL(bytes.NewReader(raw), "")).
		WithSkipBundleVerification(true).
		WithRegoVersion(ast.RegoV1).
		Read()
	if err != nil {
		return b, err
	}
	if len(b.Modules) > 0 {
		names := make([]string, 0, len(b.Modules))
		for _, m := range b.Modules {
			names = append(names, m.Path)
		}
		sort.Strings(names)
		noteOnce.Do(func() {
			fmt.Fprintf(os.Stderr, "opa-harness: note: ignoring Rego modules in the bundle (%s) so that only the Wasm module answers\n", strings.Join(names, ", "))
		})
		b.Modules = nil
	}
	return b, nil
}

type host struct {
	store    storage.Store
	prepared map[string]rego.PreparedEvalQuery
}

func newHost(ctx context.Context, raw []byte, data map[string]any, replaceData bool) (*host, error) {
	b, err := readBundle(raw)
	if err != nil {
		return nil, err
	}
	store := inmem.New()
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		return nil, err
	}
	err = bundle.Activate(&bundle.ActivateOpts{
		Ctx:      ctx,
		Store:    store,
		Txn:      txn,
		Compiler: ast.NewCompiler(),
		Metrics:  metrics.New(),
		Bundles:  map[string]*bundle.Bundle{bundleName: &b},
		ParserOptions: ast.ParserOptions{
			RegoVersion: ast.RegoV1,
		},
	})
	if err == nil && replaceData {
		err = replaceUserData(ctx, store, txn, data)
	}
	if err != nil {
		store.Abort(ctx, txn)
		return nil, err
	}
	if err := store.Commit(ctx, txn); err != nil {
		return nil, err
	}
	return &host{store: store, prepared: map[string]rego.PreparedEvalQuery{}}, nil
}

// replaceUserData makes data (plus the bundle bookkeeping under data.system) the whole data
// document.
func replaceUserData(ctx context.Context, store storage.Store, txn storage.Transaction, data map[string]any) error {
	if _, ok := data["system"]; ok {
		return errors.New(`case data must not contain the key "system" (OPA keeps bundle metadata there)`)
	}
	system, err := store.Read(ctx, txn, storage.MustParsePath("/system"))
	if err != nil {
		return err
	}
	root := make(map[string]any, len(data)+1)
	for k, v := range data {
		root[k] = v
	}
	root["system"] = system
	return store.Write(ctx, txn, storage.ReplaceOp, storage.RootPath, root)
}

func (h *host) eval(ctx context.Context, c testCase) ([]any, error) {
	pq, ok := h.prepared[c.entrypoint]
	if !ok {
		ref, err := ast.PtrRef(ast.DefaultRootDocument, c.entrypoint)
		if err != nil {
			return nil, err
		}
		r := rego.New(
			rego.Query(ref.String()),
			rego.Store(h.store),
		)
		pq, err = r.PrepareForEval(ctx)
		if err != nil {
			return nil, err
		}
		h.prepared[c.entrypoint] = pq
	}
	opts := []rego.EvalOption{}
	if c.hasInput {
		opts = append(opts, rego.EvalInput(c.input))
	}
	rs, err := pq.Eval(ctx, opts...)
	if err != nil {
		return nil, err
	}
	switch len(rs) {
	case 0:
		return []any{}, nil
	case 1:
		if len(rs[0].Expressions) != 1 {
			return nil, fmt.Errorf("unexpected result shape: %d expressions", len(rs[0].Expressions))
		}
		return []any{map[string]any{"result": rs[0].Expressions[0].Value}}, nil
	default:
		return nil, fmt.Errorf("unexpected result shape: %d results", len(rs))
	}
}

func readCases(path string) ([]testCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var cases []testCase
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal([]byte(text), &fields); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		var c testCase
		if err := json.Unmarshal(fields["entrypoint"], &c.entrypoint); err != nil || c.entrypoint == "" {
			return nil, fmt.Errorf("%s:%d: missing or invalid \"entrypoint\"", path, n)
		}
		c.entrypoint = strings.Trim(c.entrypoint, "/")
		if in, ok := fields["input"]; ok {
			c.hasInput = true
			if err := util.UnmarshalJSON(in, &c.input); err != nil {
				return nil, fmt.Errorf("%s:%d: input: %w", path, n, err)
			}
		}
		if d, ok := fields["data"]; ok {
			var v any
			if err := util.UnmarshalJSON(d, &v); err != nil {
				return nil, fmt.Errorf("%s:%d: data: %w", path, n, err)
			}
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s:%d: \"data\" must be an object", path, n)
			}
			c.data = obj
			canon, err := json.Marshal(obj) // map keys are sorted: a canonical key
			if err != nil {
				return nil, err
			}
			c.dataKey = "data:" + string(canon)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}
