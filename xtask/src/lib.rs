//! Maintainer tasks behind `cargo xtask`: this repository's spec and client, the vendored
//! runtime copy, benchmarks and the recorded-traffic fixture. Generating, writing and
//! checking a crate are `openapi-client-gen`'s (the installable generator), re-exported here.

pub mod bench;
mod compile_cost;
pub mod cut;
pub mod lossiness;
pub mod recordings;
pub mod synthetic;

pub use openapi_client_gen::{
    check, default_crate_name, format_diagnostics, has_errors, write, Flags, Run, RuntimeSource,
    MANIFEST, VENDORED_RUNTIME,
};

use generator::File;
use std::path::{Path, PathBuf};

/// The workspace root (parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Files in `dir` with one of `extensions`, sorted by name (the specs of a directory).
pub fn specs_in(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let listed = path.extension().and_then(|e| e.to_str());
        if listed.is_some_and(|e| extensions.contains(&e)) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// The default runtime of `--out` crates: a path to this repository's `runtime/`, so that
/// they build today.
pub fn this_repository_runtime() -> RuntimeSource {
    RuntimeSource::Path(workspace_root().join("runtime").display().to_string())
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

/// Reads the spec and settings and runs the generator. `name` overrides the crate name.
pub fn run(spec: &Path, config: Option<&Path>, name: Option<&str>) -> Result<Run, String> {
    let runtime = if config == Project::checked_in().config.as_deref() {
        Project::checked_in().runtime
    } else {
        this_repository_runtime()
    };
    run_with(spec, config, name, Flags::default(), &runtime)
}

/// Like [`run`], with command-line `flags` and a runtime source; no progress reported.
pub fn run_with(
    spec: &Path,
    config: Option<&Path>,
    name: Option<&str>,
    flags: Flags,
    runtime: &RuntimeSource,
) -> Result<Run, String> {
    openapi_client_gen::generate(spec, config, name, flags, runtime, &mut |_, _| {})
        .map_err(|failure| failure.to_string())
}

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
