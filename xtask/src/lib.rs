//! Maintainer tasks behind `cargo xtask`: generating a crate from a spec into a directory,
//! and checking that a directory holds exactly what the spec generates.

mod output;
pub mod synthetic;

pub use output::{write, MANIFEST};

use generator::{Config, Diagnostic, File, Generated, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The workspace root (parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The checked-in spec, settings and client.
pub struct Project {
    /// OpenAPI document.
    pub spec: PathBuf,
    /// Generator settings (YAML), if any.
    pub config: Option<PathBuf>,
    /// Output crate directory.
    pub out: PathBuf,
}

impl Project {
    /// `spec/okta-users.yaml` + `spec/generator.yaml` → `generated-client/`.
    pub fn checked_in() -> Self {
        let root = workspace_root();
        Self {
            spec: root.join("spec/okta-users.yaml"),
            config: Some(root.join("spec/generator.yaml")),
            out: root.join("generated-client"),
        }
    }
}

/// A generation run's output and timing.
pub struct Run {
    /// What the generator produced.
    pub generated: Generated,
    /// Wall time of parse + lower + emit, in milliseconds.
    pub millis: u128,
}

impl Run {
    /// Total lines over all generated files.
    pub fn lines(&self) -> usize {
        self.generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum()
    }
}

/// Reads the spec and settings and runs the generator. `name` overrides the crate name.
pub fn run(spec: &Path, config: Option<&Path>, name: Option<&str>) -> Result<Run, String> {
    run_with(spec, config, name, false)
}

/// Like [`run`]; `strict` turns every warning into an error.
pub fn run_with(
    spec: &Path,
    config: Option<&Path>,
    name: Option<&str>,
    strict: bool,
) -> Result<Run, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut settings = match config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Config::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Config::default(),
    };
    if let Some(name) = name {
        settings.crate_name = name.to_owned();
    } else if config.is_none() {
        settings.crate_name = default_crate_name(spec);
    }
    settings.strict |= strict;
    let start = Instant::now();
    let generated = generator::generate(&text, &settings)
        .map_err(|diags| format_diagnostics(&spec.display().to_string(), &diags))?;
    Ok(Run {
        generated,
        millis: start.elapsed().as_millis(),
    })
}

/// A crate name from a spec's file name: `oai-petstore.yaml` → `oai-petstore`.
pub fn default_crate_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("api-client");
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    match name.trim_matches('-') {
        "" => "api-client".to_owned(),
        n if n.starts_with(|c: char| c.is_ascii_digit()) => format!("api-{n}"),
        n => n.to_owned(),
    }
}

/// Diagnostics as lines prefixed by the spec path.
pub fn format_diagnostics(spec: &str, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{spec}: {d}");
    }
    out
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

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
