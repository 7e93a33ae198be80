//! Whether a directory holds exactly what a spec generates: stale, missing and extra files,
//! with a short diff for each stale one (`--check`).

use crate::output;
use generator::File;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Differences between `out` and `files`: one entry per stale, missing or extra file, with
/// a short diff for stale ones. Empty when `out` is fresh.
pub fn check(out: &Path, files: &[File]) -> Vec<String> {
    let mut problems = Vec::new();
    let files = &output::with_manifest(files);
    for file in files {
        let path = out.join(&file.path);
        match std::fs::read_to_string(&path) {
            Err(_) => problems.push(format!("missing: {}", path.display())),
            Ok(current) if current.replace("\r\n", "\n") != file.contents => {
                problems.push(format!(
                    "stale: {}\n{}",
                    path.display(),
                    short_diff(&current, &file.contents)
                ));
            }
            Ok(_) => {}
        }
    }
    for extra in extra_files(out, files) {
        problems.push(format!("not generated (remove it): {}", extra.display()));
    }
    problems
}

/// A unified diff limited to 40 lines.
fn short_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header("checked in", "generated")
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = lines
        .iter()
        .take(40)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > 40 {
        let _ = write!(shown, "\n… {} more diff lines", lines.len() - 40);
    }
    shown
}

/// `.rs` files under `out/src` that `files` does not contain.
fn extra_files(out: &Path, files: &[File]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    collect_rs(&out.join("src"), &mut found);
    found.retain(|p| !files.iter().any(|f| out.join(&f.path) == *p));
    found.sort();
    found
}

fn collect_rs(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}
