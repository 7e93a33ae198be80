//! Every real-world spec in `../shared/specs/` and every fixture in `tests/fixtures/`
//! generates a standalone crate that `cargo check`s with zero warnings.
//!
//! All crates go into one throwaway workspace under `target/standalone/` so that their
//! dependencies build once; the root `Cargo.lock` is copied in so they resolve to the same
//! versions as `generated-client/` (already downloaded by the time this test runs).

use okta_users_tests::{fixtures_dir, root, shared_specs_dir, specs_in};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Shared specs that must be present (the README of `../shared/specs` lists nine).
const SHARED_SPECS: usize = 9;

fn generate_into(spec: &Path, dir: &Path) -> (String, usize, u128, usize) {
    let name = xtask::default_crate_name(spec);
    let result =
        xtask::run(spec, None, Some(&name)).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    xtask::write(&dir.join(&name), &result.generated.files).expect("crate written");
    let warnings = result.generated.diagnostics.len();
    (name, result.lines(), result.millis, warnings)
}

#[test]
fn every_spec_generates_a_crate_that_compiles_without_warnings() {
    let work = root().join("target/standalone");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates).expect("work dir");

    let shared = specs_in(&shared_specs_dir(), &["yaml", "yml", "json"]);
    assert_eq!(shared.len(), SHARED_SPECS, "expected the nine shared specs");
    let fixtures = specs_in(&fixtures_dir(), &["yaml"]);
    let mut members = Vec::new();
    for spec in shared.iter().chain(&fixtures) {
        let (name, lines, millis, warnings) = generate_into(spec, &crates);
        eprintln!(
            "{:<28} {lines:>6} lines {millis:>5} ms {warnings:>3} warnings",
            name
        );
        members.push(format!("\"crates/{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).expect("workspace manifest");
    let lock: PathBuf = root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, work.join("Cargo.lock")).expect("lock copied");
    }

    let start = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--quiet", "--message-format=short"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    eprintln!(
        "cargo check of {} crates: {:.1} s",
        members.len(),
        start.elapsed().as_secs_f64()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated crates do not compile cleanly:\n{stderr}"
    );
    assert!(
        !stderr.contains("warning"),
        "generated crates have warnings:\n{stderr}"
    );
}
