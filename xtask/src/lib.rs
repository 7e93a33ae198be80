//! Maintainer tasks behind `cargo xtask`: generating a crate from a spec into a directory,
//! and checking that a directory holds exactly what the spec generates.

pub mod bench;
mod compile_cost;
mod output;
pub mod recordings;
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

/// How a generated crate gets the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A path dependency (with the version, so the crate can be published too).
    Path(String),
    /// The published version only.
    Version,
    /// A copy of the runtime beside the crate (`<out>/client-runtime/`), for those who
    /// cannot take the dependency; written by [`write_vendored_runtime`].
    Vendored,
}

impl RuntimeSource {
    /// The default for `--out` crates: a path to this repository's `runtime/`, so that they
    /// build today.
    pub fn this_repository() -> Self {
        Self::Path(workspace_root().join("runtime").display().to_string())
    }
}

/// The checked-in spec, settings and client.
pub struct Project {
    /// OpenAPI document.
    pub spec: PathBuf,
    /// Generator settings (YAML), if any.
    pub config: Option<PathBuf>,
    /// Output crate directory.
    pub out: PathBuf,
    /// Where the crate gets the runtime from.
    pub runtime: RuntimeSource,
}

impl Project {
    /// `spec/okta-users.yaml` + `spec/generator.yaml` → `generated-client/`.
    pub fn checked_in() -> Self {
        let root = workspace_root();
        Self {
            spec: root.join("spec/okta-users.yaml"),
            config: Some(root.join("spec/generator.yaml")),
            out: root.join("generated-client"),
            runtime: RuntimeSource::Path("../runtime".to_owned()),
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
    let runtime = if config == Project::checked_in().config.as_deref() {
        Project::checked_in().runtime
    } else {
        RuntimeSource::this_repository()
    };
    run_with(spec, config, name, Flags::default(), &runtime)
}

/// Settings given on the command line, on top of the config file's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    /// Every warning is an error.
    pub strict: bool,
    /// One Cargo feature per OpenAPI tag.
    pub tag_features: bool,
}

/// Like [`run`], with command-line `flags`.
pub fn run_with(
    spec: &Path,
    config: Option<&Path>,
    name: Option<&str>,
    flags: Flags,
    runtime: &RuntimeSource,
) -> Result<Run, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut settings = match config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut settings =
                Config::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            // Hand-written modules are read from beside the settings file.
            let dir = path.parent().unwrap_or(Path::new("."));
            for module in &mut settings.modules {
                let file = dir.join(&module.file);
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                module.source = Some(text);
            }
            settings
        }
        None => Config::default(),
    };
    if let Some(name) = name {
        settings.crate_name = name.to_owned();
    } else if config.is_none() {
        settings.crate_name = default_crate_name(spec);
    }
    settings.strict |= flags.strict;
    settings.tag_features |= flags.tag_features;
    settings.runtime.path = match runtime {
        RuntimeSource::Path(path) => Some(path.clone()),
        RuntimeSource::Version => None,
        RuntimeSource::Vendored => Some(VENDORED_RUNTIME.to_owned()),
    };
    let start = Instant::now();
    let generated = generator::generate(&text, &settings)
        .map_err(|diags| format_diagnostics(&spec.display().to_string(), &diags))?;
    Ok(Run {
        generated,
        millis: start.elapsed().as_millis(),
    })
}

/// Where a vendored runtime goes, relative to the generated crate.
pub const VENDORED_RUNTIME: &str = "client-runtime";

/// Copies this repository's runtime crate into `<out>/client-runtime/` as a standalone
/// package (workspace-inherited fields written out), listed in the output's manifest like
/// every generated file.
pub fn vendored_runtime_files() -> Result<Vec<File>, String> {
    let root = workspace_root();
    let manifest = std::fs::read_to_string(root.join("runtime/Cargo.toml"))
        .map_err(|e| format!("runtime/Cargo.toml: {e}"))?;
    let workspace =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let inherited = |key: &str| {
        workspace
            .lines()
            .find(|l| l.starts_with(&format!("{key} =")))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    let manifest: String = manifest
        .lines()
        .map(|line| match line.split_once(".workspace = true") {
            Some((key, _)) => inherited(key.trim()),
            None => line.to_owned(),
        })
        .map(|line| {
            if line.starts_with("readme") {
                String::new()
            } else {
                line + "\n"
            }
        })
        .collect();
    let mut files = vec![File {
        path: format!("{VENDORED_RUNTIME}/Cargo.toml"),
        contents: format!(
            "# Copied by `cargo xtask generate --runtime vendored`. Do not edit.\n{manifest}"
        ),
    }];
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join("runtime/src"))
        .map_err(|e| format!("runtime/src: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    sources.sort();
    for source in sources {
        let name = source
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let contents =
            std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        files.push(File {
            path: format!("{VENDORED_RUNTIME}/src/{name}"),
            contents,
        });
    }
    Ok(files)
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
