//! The declared minimum Rust version is true: no locked dependency needs a newer one, and the
//! workspace and the generated client declare the same. (Clippy's `incompatible_msrv` lint,
//! run by `.ci/run` with `-D warnings`, checks our own use of the standard library against it.)

use okta_users_tests::root;
use std::process::Command;

fn declared(manifest: &str) -> String {
    let text = std::fs::read_to_string(root().join(manifest)).expect("manifest");
    let line = text
        .lines()
        .find(|l| l.starts_with("rust-version"))
        .expect("rust-version");
    line.split('"').nth(1).expect("quoted version").to_owned()
}

/// `1.88` → `[1, 88, 0]`.
fn parse(version: &str) -> [u64; 3] {
    let mut parts = version.split('.').map(|p| p.parse().unwrap_or(0));
    [(); 3].map(|()| parts.next().unwrap_or(0))
}

#[test]
fn no_dependency_needs_a_newer_rust_than_declared() {
    let msrv = declared("Cargo.toml");
    assert_eq!(declared("generated-client/Cargo.toml"), msrv);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // The packages built for this machine (others, e.g. for Android, are not downloaded).
    let rustc = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("host triple");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let packages = metadata["packages"].as_array().expect("packages");
    let newer: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (parse(needs) > parse(&msrv))
                .then(|| format!("{} {} needs {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(packages.len() > 50, "metadata lists the dependency graph");
    assert!(
        newer.is_empty(),
        "rust-version {msrv} is too old: {newer:?}"
    );
}
