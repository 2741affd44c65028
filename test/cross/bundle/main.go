// Command crossbundle checks pactc's bundles with OPA's own bundle package (v1/bundle).
//
// It is the Go half of test/cross/bundle/run.sh, never part of `npm test`:
//
//	crossbundle check CASES.json OUTDIR
//
// CASES.json is written by gen.ts. For every digest case it recomputes the file digest the way
// OPA's VerifyBundleFile does (IsStructuredDoc → util.Unmarshal → SignatureHasher) and compares
// it with pactc's. For every bundle case it loads the bundle with bundle.NewCustomReader over a
// tarball loader — with a verification config when the case has a key — and checks that OPA
// accepts it (and sees the manifest, roots, entrypoints and data pactc meant) or rejects it with
// the expected message. Finally it re-signs the unsigned bundle with OPA's signer for each key in
// the cases and writes the result to OUTDIR, so that verify-opa.ts can check pactc's verifier
// against bundles OPA wrote.
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/keys"
	"github.com/open-policy-agent/opa/v1/util"
)

type digestCase struct {
	Name   string `json:"name"`   // bundle path, decides structured vs raw
	File   string `json:"file"`   // where the bytes are
	Digest string `json:"digest"` // pactc's digest
}

type bundleCase struct {
	Note        string         `json:"note"`
	File        string         `json:"file"`
	Alg         string         `json:"alg"`
	Key         string         `json:"key"` // verification key file ("" = no verification config)
	Scope       string         `json:"scope"`
	WantError   string         `json:"wantError"` // substring; "" = must load
	Revision    string         `json:"revision"`
	Roots       []string       `json:"roots"`
	Entrypoints []string       `json:"entrypoints"`
	Data        map[string]any `json:"data"`
}

type signCase struct {
	Alg        string `json:"alg"`
	SigningKey string `json:"signingKey"` // file, or the secret for HS*
	Out        string `json:"out"`
}

type cases struct {
	Digests  []digestCase `json:"digests"`
	Bundles  []bundleCase `json:"bundles"`
	Unsigned string       `json:"unsigned"`
	Resign   []signCase   `json:"resign"`
}

var failures int

func fail(format string, args ...any) {
	failures++
	fmt.Printf("FAIL "+format+"\n", args...)
}

func opaDigest(name string, bs []byte) (string, error) {
	h, err := bundle.NewSignatureHasher(bundle.SHA256)
	if err != nil {
		return "", err
	}
	var value any
	if bundle.IsStructuredDoc(name) {
		if err := util.Unmarshal(bs, &value); err != nil {
			return "", err
		}
	} else {
		value = bs
	}
	sum, err := h.HashFile(value)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sum), nil
}

func readBundle(file, alg, key, scope string) (bundle.Bundle, error) {
	bs, err := os.ReadFile(file)
	if err != nil {
		return bundle.Bundle{}, err
	}
	r := bundle.NewCustomReader(bundle.NewTarballLoaderWithBaseURL(bytes.NewReader(bs), ""))
	if key != "" {
		kc, err := keys.NewKeyConfig(key, alg, scope)
		if err != nil {
			return bundle.Bundle{}, err
		}
		bvc := bundle.NewVerificationConfig(map[string]*keys.Config{"default": kc}, "default", scope, nil)
		r = r.WithBundleVerificationConfig(bvc)
	}
	return r.Read()
}

// normalise turns json.Number and nested values into what encoding/json produces for `any`.
func normalise(v any) any {
	bs, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(bs, &out)
	return out
}

func checkBundle(c bundleCase) {
	b, err := readBundle(c.File, c.Alg, c.Key, c.Scope)
	if c.WantError != "" {
		if err == nil {
			fail("%s: OPA accepted the bundle, want error containing %q", c.Note, c.WantError)
		} else if !strings.Contains(err.Error(), c.WantError) {
			fail("%s: OPA error %q does not contain %q", c.Note, err.Error(), c.WantError)
		} else {
			fmt.Printf("ok   %s: rejected (%s)\n", c.Note, err.Error())
		}
		return
	}
	if err != nil {
		fail("%s: OPA rejected the bundle: %v", c.Note, err)
		return
	}
	m := b.Manifest
	if m.Revision != c.Revision {
		fail("%s: revision %q, want %q", c.Note, m.Revision, c.Revision)
	}
	if m.Roots == nil || !reflect.DeepEqual(*m.Roots, c.Roots) {
		fail("%s: roots %v, want %v", c.Note, m.Roots, c.Roots)
	}
	var eps []string
	for _, w := range m.WasmResolvers {
		eps = append(eps, w.Entrypoint)
	}
	if !reflect.DeepEqual(eps, c.Entrypoints) {
		fail("%s: entrypoints %v, want %v", c.Note, eps, c.Entrypoints)
	}
	if len(b.WasmModules) != 1 || b.WasmModules[0].Path != "/policy.wasm" {
		fail("%s: wasm modules %d, want exactly /policy.wasm", c.Note, len(b.WasmModules))
	}
	if !reflect.DeepEqual(normalise(b.Data), normalise(c.Data)) {
		fail("%s: data %v, want %v", c.Note, normalise(b.Data), normalise(c.Data))
	}
	if rv := b.RegoVersion(0); rv.Int() != 1 {
		fail("%s: rego_version %v, want 1", c.Note, rv)
	}
	fmt.Printf("ok   %s: loaded (revision %s)\n", c.Note, m.Revision)
}

func resign(unsigned string, s signCase) {
	b, err := readBundle(unsigned, "", "", "")
	if err != nil {
		fail("resign %s: read: %v", s.Alg, err)
		return
	}
	sc := bundle.NewSigningConfig(s.SigningKey, s.Alg, "")
	if err := b.GenerateSignature(sc, "default", false); err != nil {
		fail("resign %s: sign: %v", s.Alg, err)
		return
	}
	var buf bytes.Buffer
	if err := bundle.NewWriter(&buf).Write(b); err != nil {
		fail("resign %s: write: %v", s.Alg, err)
		return
	}
	if err := os.WriteFile(s.Out, buf.Bytes(), 0o644); err != nil {
		fail("resign %s: %v", s.Alg, err)
		return
	}
	fmt.Printf("ok   OPA signed the bundle with %s -> %s\n", s.Alg, filepath.Base(s.Out))
}

func main() {
	if len(os.Args) != 3 || os.Args[1] != "check" {
		fmt.Fprintln(os.Stderr, "usage: crossbundle check CASES.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var cs cases
	if err := json.Unmarshal(raw, &cs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for _, d := range cs.Digests {
		bs, err := os.ReadFile(d.File)
		if err != nil {
			fail("digest %s: %v", d.Name, err)
			continue
		}
		got, err := opaDigest(d.Name, bs)
		if err != nil {
			fail("digest %s (%s): OPA cannot hash it: %v", d.Name, filepath.Base(d.File), err)
		} else if got != d.Digest {
			fail("digest %s (%s): OPA %s, pactc %s", d.Name, filepath.Base(d.File), got, d.Digest)
		} else {
			fmt.Printf("ok   digest %s (%s)\n", d.Name, filepath.Base(d.File))
		}
	}
	for _, c := range cs.Bundles {
		checkBundle(c)
	}
	for _, s := range cs.Resign {
		resign(cs.Unsigned, s)
	}
	fmt.Printf("%d digest cases, %d bundle cases, %d re-signed, %d failures\n",
		len(cs.Digests), len(cs.Bundles), len(cs.Resign), failures)
	if failures > 0 {
		os.Exit(1)
	}
}
