//! `openapi-client-gen`: the generator as a tool. Reads an OpenAPI document and optional
//! settings from files, runs the `generator` pipeline stage by stage, and writes a crate into
//! a directory (only into an empty or self-generated one), checks a directory for staleness,
//! or — from a build script — writes a client into `OUT_DIR` ([`build`]).
//!
//! The command-line tool (`src/main.rs`) and the maintainers' `cargo xtask generate` are thin
//! over this library.

pub mod build;
mod check;
mod output;

pub use check::check;
pub use output::{with_manifest, write, MANIFEST};

use generator::{Config, Diagnostic, Generated, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How a generated crate gets the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A path dependency (with the version, so the crate can be published too).
    Path(String),
    /// The published version only.
    Version,
    /// A copy of the runtime beside the crate (`<out>/client-runtime/`), for those who
    /// cannot take the dependency; the caller supplies the copy's files.
    Vendored,
}

/// Where a vendored runtime goes, relative to the generated crate.
pub const VENDORED_RUNTIME: &str = "client-runtime";

/// Settings given on the command line, on top of the settings file's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    /// Every warning is an error.
    pub strict: bool,
    /// One Cargo feature per OpenAPI tag.
    pub tag_features: bool,
}

/// A stage of the pipeline, reported as it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the spec and settings files.
    Read,
    /// Parsing and lowering the document to the intermediate representation.
    Lower,
    /// Emitting and formatting the Rust files.
    Emit,
}

impl Stage {
    /// The stage's name in progress lines.
    pub fn name(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Lower => "lower",
            Self::Emit => "emit",
        }
    }
}

/// A generation run's output and timing.
#[derive(Debug)]
pub struct Run {
    /// What the generator produced.
    pub generated: Generated,
    /// Wall time of parse + lower + emit, in milliseconds.
    pub millis: u128,
}

impl Run {
    /// The one-line summary of a written crate: counts, time, warnings, lossy nodes.
    pub fn summary(&self, out: &Path) -> String {
        let generated = &self.generated;
        let lossy = generated
            .diagnostics
            .iter()
            .filter(|d| d.is_lossy())
            .count();
        format!(
            "generated {}: {} types, {} operations, {} lines in {} files, {} ms ({} warnings, {lossy} nodes degraded or skipped)",
            out.display(),
            generated.types,
            generated.operations,
            self.lines(),
            generated.files.len(),
            self.millis,
            generated.diagnostics.len(),
        )
    }

    /// Total lines over all generated files.
    pub fn lines(&self) -> usize {
        self.generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum()
    }
}

/// Why a run produced nothing: a file could not be read, or the spec has errors.
#[derive(Debug)]
pub enum Failure {
    /// A file could not be read or the settings could not be parsed.
    Io(String),
    /// The generator reported errors (every diagnostic of the run, formatted).
    Spec(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(message) | Self::Spec(message) => f.write_str(message.trim_end()),
        }
    }
}

/// Reads the settings file (YAML), with the hand-written modules and docs it names read
/// from beside it; the defaults when there is none.
pub fn read_config(path: Option<&Path>) -> Result<Config, Failure> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let mut settings = Config::from_yaml(&read(path)?)
        .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    for module in &mut settings.modules {
        module.source = Some(read(&dir.join(&module.file))?);
    }
    if let Some(docs) = &mut settings.docs {
        docs.source = Some(read(&dir.join(&docs.file))?);
    }
    Ok(settings)
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("{}: {e}", path.display())))
}

/// What a run reads: the spec's text, the settings with the command line applied, and every
/// file read for them (for a build script's `rerun-if-changed`).
#[derive(Debug)]
pub struct Inputs {
    /// The spec's text.
    pub text: String,
    /// Settings file, `name`, flags and runtime source combined.
    pub settings: Config,
    /// The spec, the settings file and the files it names.
    pub files: Vec<PathBuf>,
}

/// Reads `spec` and the settings. `name` overrides the crate name (without it and without
/// settings, the name comes from the spec's file name).
pub fn read_inputs(
    spec: &Path,
    config: Option<&Path>,
    name: Option<&str>,
    flags: Flags,
    runtime: &RuntimeSource,
) -> Result<Inputs, Failure> {
    let text = read(spec)?;
    let mut settings = read_config(config)?;
    let mut files = vec![spec.to_owned()];
    if let Some(config) = config {
        let dir = config.parent().unwrap_or(Path::new("."));
        let docs = settings.docs.iter().map(|d| &d.file);
        let named = settings.modules.iter().map(|m| &m.file).chain(docs);
        files.push(config.to_owned());
        files.extend(named.map(|file| dir.join(file)));
    }
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
    Ok(Inputs {
        text,
        settings,
        files,
    })
}

/// Reads `spec` and the settings ([`read_inputs`]) and runs the generator. `progress` is
/// called as each stage ends, with its duration in milliseconds.
pub fn generate(
    spec: &Path,
    config: Option<&Path>,
    name: Option<&str>,
    flags: Flags,
    runtime: &RuntimeSource,
    progress: &mut dyn FnMut(Stage, u128),
) -> Result<Run, Failure> {
    let start = Instant::now();
    let Inputs { text, settings, .. } = read_inputs(spec, config, name, flags, runtime)?;
    progress(Stage::Read, start.elapsed().as_millis());
    let spec_name = spec.display().to_string();
    let lowered = Instant::now();
    let (api, diagnostics) = generator::lower(&text, &settings)
        .map_err(|diags| Failure::Spec(format_diagnostics(&spec_name, &diags)))?;
    progress(Stage::Lower, lowered.elapsed().as_millis());
    let emitted = Instant::now();
    let generated = generator::emit_crate(&api, &settings, diagnostics)
        .map_err(|diags| Failure::Spec(format_diagnostics(&spec_name, &diags)))?;
    progress(Stage::Emit, emitted.elapsed().as_millis());
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
