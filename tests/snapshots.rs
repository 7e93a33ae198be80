//! insta snapshots of the generator's output: every file generated for `spec/`, and the
//! generated modules for each fixture in `tests/fixtures/`. Snapshots live in
//! `tests/snapshots/`; one that no test asserts any more fails the run. Every snapshot is
//! asserted even after a mismatch, so one run shows every difference.

use okta_users_tests::{fixtures_dir, root, specs_in};
use std::collections::BTreeSet;

/// Snapshot name for `file` of the crate generated from `spec`.
fn snapshot_name(spec: &str, file: &str) -> String {
    format!("{spec}__{}", file.replace(['/', '.'], "_"))
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Asserts the snapshots, recording each mismatch in `failed`, and returns their names.
fn snapshot_spec(
    spec: &std::path::Path,
    config: Option<&std::path::Path>,
    label: &str,
    only: &[&str],
    failed: &mut Vec<String>,
) -> Vec<String> {
    let run = xtask::run(spec, config, None).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let mut names = Vec::new();
    for file in &run.generated.files {
        if !only.is_empty() && !only.contains(&file.path.as_str()) {
            continue;
        }
        let name = snapshot_name(label, &file.path);
        let asserted = std::panic::catch_unwind(|| {
            settings().bind(|| insta::assert_snapshot!(name.clone(), file.contents));
        });
        if asserted.is_err() {
            failed.push(name.clone());
        }
        names.push(name);
    }
    names
}

#[test]
fn snapshots_of_spec_and_fixtures() {
    let project = xtask::Project::checked_in();
    let mut expected: BTreeSet<String> = BTreeSet::new();
    let mut failed = Vec::new();
    expected.extend(snapshot_spec(
        &project.spec,
        project.config.as_deref(),
        "okta_users",
        &[],
        &mut failed,
    ));
    let fixtures = specs_in(&fixtures_dir(), &["yaml"]);
    assert!(fixtures.len() >= 6, "fixtures missing");
    for spec in &fixtures {
        let label = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("fixture name");
        let only = ["src/types.rs", "src/operations.rs", "src/lib.rs"];
        expected.extend(snapshot_spec(
            spec,
            None,
            &format!("fixture_{label}"),
            &only,
            &mut failed,
        ));
    }

    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("tests/snapshots"))
        .expect("snapshot dir")
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".snap")
                .map(str::to_owned)
        })
        .collect();
    assert!(failed.is_empty(), "snapshots that differ: {failed:?}");
    let unreferenced: Vec<&String> = on_disk.difference(&expected).collect();
    assert!(
        unreferenced.is_empty(),
        "unreferenced snapshots (delete them): {unreferenced:?}"
    );
}
