//! opa-wasm-harness BUNDLE.tar.gz CASES.jsonl
//!
//! Evaluates the `/policy.wasm` of a bundle with the `opa-wasm` crate (matrix-org/rust-opa-wasm,
//! wasmtime), the way a Rust service embedding that crate would:
//!   * the module is read with the crate's own bundle reader (`opa_wasm::read_bundle`, which only
//!     looks for the tar entry `/policy.wasm`), compiled with `wasmtime::Module::new`;
//!   * `Runtime::new` instantiates it (this validates ABI version, builtins, entrypoints, exports);
//!   * `Runtime::with_data` loads the data document: the case's `data` when present, otherwise
//!     the bundle's `data.json` files (the crate ignores them, so a host passes them itself —
//!     which is what this harness does, merging each `.../data.json` at its directory's path);
//!   * `Policy::evaluate(store, entrypoint, &input)` evaluates by entrypoint name and returns the
//!     JSON result set, printed as `{"result": RESULT_SET}`; failures print `{"error": "..."}`.
//!
//! The crate always serialises an input (`()` becomes `null`), so it cannot evaluate with no
//! input at all; such cases print `{"skip": "..."}` instead of a result.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};

use anyhow::{bail, Context, Result};
use opa_wasm::Runtime;
use serde_json::{json, Map, Value};
use wasmtime::{Engine, Module, Store};

struct Case {
    entrypoint: String,
    input: Option<Value>,
    data: Option<Value>,
}

fn read_cases(path: &str) -> Result<Vec<Case>> {
    let f = std::fs::File::open(path).with_context(|| format!("opening {path}"))?;
    let mut cases = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).with_context(|| format!("{path}:{}", i + 1))?;
        let Value::Object(mut obj) = v else { bail!("{path}:{}: not an object", i + 1) };
        let entrypoint = match obj.remove("entrypoint") {
            Some(Value::String(s)) if !s.is_empty() => s.trim_matches('/').to_string(),
            _ => bail!("{path}:{}: missing or invalid \"entrypoint\"", i + 1),
        };
        let data = match obj.remove("data") {
            None => None,
            Some(d @ Value::Object(_)) => Some(d),
            Some(_) => bail!("{path}:{}: \"data\" must be an object", i + 1),
        };
        cases.push(Case { entrypoint, input: obj.remove("input"), data });
    }
    Ok(cases)
}

/// The bundle's data document: every `data.json` entry, placed at its directory's path.
fn bundle_data(path: &str) -> Result<Value> {
    let f = std::fs::File::open(path)?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(f));
    let mut root = Value::Object(Map::new());
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let name = name.trim_start_matches('/');
        let (dir, base) = match name.rsplit_once('/') {
            Some((d, b)) => (d, b),
            None => ("", name),
        };
        if base != "data.json" || !entry.header().entry_type().is_file() {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text)?;
        let value: Value = serde_json::from_str(&text).with_context(|| format!("parsing {name}"))?;
        let mut node = &mut root;
        for seg in dir.split('/').filter(|s| !s.is_empty()) {
            let obj = node.as_object_mut().context("data.json paths conflict")?;
            node = obj.entry(seg.to_string()).or_insert_with(|| Value::Object(Map::new()));
        }
        merge(node, value);
    }
    Ok(root)
}

fn merge(dst: &mut Value, src: Value) {
    match (dst, src) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, v) in s {
                match d.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        d.insert(k, v);
                    }
                }
            }
        }
        (d, s) => *d = s,
    }
}

struct Host {
    store: Store<()>,
    policy: opa_wasm::Policy<opa_wasm::DefaultContext>,
}

async fn new_host(engine: &Engine, module: &Module, data: &Value) -> Result<Host> {
    let mut store = Store::new(engine, ());
    let runtime = Runtime::new(&mut store, module).await?;
    let policy = runtime.with_data(&mut store, data).await?;
    Ok(Host { store, policy })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 2 && args[1] == "--version" {
        println!(
            "opa-wasm {} (Rust crate) on wasmtime {}",
            env!("HARNESS_OPA_WASM_VERSION"),
            env!("HARNESS_WASMTIME_VERSION")
        );
        return;
    }
    if args.len() != 3 {
        eprintln!("usage: opa-wasm-harness BUNDLE.tar.gz CASES.jsonl");
        std::process::exit(2);
    }
    if let Err(e) = run(&args[1], &args[2]).await {
        eprintln!("opa-wasm-harness: {e:#}");
        std::process::exit(1);
    }
}

async fn run(bundle_path: &str, cases_path: &str) -> Result<()> {
    let cases = read_cases(cases_path)?;
    let wasm = opa_wasm::read_bundle(bundle_path).await?;
    let engine = Engine::default();
    let module = Module::new(&engine, wasm)?;
    let default_data = bundle_data(bundle_path)?;

    // One instance per distinct data document (Runtime::with_data consumes the runtime).
    let mut hosts: BTreeMap<String, Result<Host, String>> = BTreeMap::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for case in &cases {
        let line = match &case.input {
            None => json!({"skip": "the opa-wasm crate always serialises an input (absent input becomes null)"}),
            Some(input) => {
                let data = case.data.as_ref().unwrap_or(&default_data);
                let key = serde_json::to_string(data)?;
                if !hosts.contains_key(&key) {
                    let h = new_host(&engine, &module, data).await.map_err(|e| format!("{e:#}"));
                    hosts.insert(key.clone(), h);
                }
                match hosts.get_mut(&key).expect("inserted above") {
                    Err(e) => json!({"error": format!("loading the policy: {e}")}),
                    Ok(h) => {
                        let res: Result<Value> =
                            h.policy.evaluate(&mut h.store, &case.entrypoint, input).await;
                        match res {
                            Ok(v) => json!({"result": v}),
                            Err(e) => json!({"error": format!("{e:#}")}),
                        }
                    }
                }
            }
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
