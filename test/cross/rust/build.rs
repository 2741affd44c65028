// Records the resolved versions of the host crates (from Cargo.lock) for `--version`.
fn main() {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for (krate, var) in [("opa-wasm", "HARNESS_OPA_WASM_VERSION"), ("wasmtime", "HARNESS_WASMTIME_VERSION")] {
        let needle = format!("name = \"{krate}\"\nversion = \"");
        let version = lock
            .find(&needle)
            .and_then(|i| lock[i + needle.len()..].split('"').next())
            .unwrap_or("?");
        println!("cargo:rustc-env={var}={version}");
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
}
