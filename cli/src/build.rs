//! The build-script entry point: generates a client from a spec into `OUT_DIR`, for the
//! crate root to `include!`. Cargo re-runs the script only when the spec, the settings file
//! or a hand-written module they name changes.
//!
//! ```no_run
//! // In build.rs's `fn main`:
//! openapi_client_gen::build::Build::new("openapi.yaml")
//!     .config("generator.yaml") // optional
//!     .generate()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```
//!
//! ```ignore
//! // src/lib.rs: the crate root (the generated code names its items `crate::…`)
//! include!(concat!(env!("OUT_DIR"), "/client.rs"));
//! ```
//!
//! The including crate's one dependency is `client-runtime` (generated code names serde,
//! serde_json, chrono and futures-util through its re-exports); it declares the features the
//! generated code is gated by (`private-key-jwt`, `mocks`, one per tag with tag features),
//! forwarding them to `client-runtime`, and `cfg(docsrs)` as an expected cfg.

use crate::{Failure, Flags, RuntimeSource};
use std::path::{Path, PathBuf};

/// A build-script generation: the spec, optional settings, where to write.
#[derive(Debug, Clone)]
pub struct Build {
    spec: PathBuf,
    config: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    flags: Flags,
}

/// The file to `include!`, relative to the output directory.
pub const ROOT_FILE: &str = "client.rs";

/// The directory of the other modules, relative to the output directory.
pub const MODULES_DIR: &str = "client";

impl Build {
    /// Generation of the client for the OpenAPI document at `spec` (relative paths are
    /// relative to the package, as in every build script).
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Self {
            spec: spec.as_ref().to_owned(),
            config: None,
            out_dir: None,
            flags: Flags::default(),
        }
    }

    /// The generator settings file (YAML).
    pub fn config(mut self, path: impl AsRef<Path>) -> Self {
        self.config = Some(path.as_ref().to_owned());
        self
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Every warning is an error.
    pub fn strict(mut self, strict: bool) -> Self {
        self.flags.strict = strict;
        self
    }

    /// Generates and writes `<out>/client.rs` and `<out>/client/*.rs`; returns the path of
    /// `client.rs`. Prints `cargo:rerun-if-changed` for every input and a
    /// `cargo:warning` per generator warning.
    pub fn generate(self) -> Result<PathBuf, Failure> {
        let out = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Failure::Io("OUT_DIR is not set: call this from a build script".into())
                })?,
        };
        let inputs = crate::read_inputs(
            &self.spec,
            self.config.as_deref(),
            None,
            self.flags,
            &RuntimeSource::Version,
        )?;
        for file in &inputs.files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        let modules_dir = out.join(MODULES_DIR);
        let mut settings = inputs.settings;
        settings.include_dir = Some(modules_dir.display().to_string().replace('\\', "/"));
        let spec_name = self.spec.display().to_string();
        let generated = generator::generate(&inputs.text, &settings)
            .map_err(|d| Failure::Spec(crate::format_diagnostics(&spec_name, &d)))?;
        for d in &generated.diagnostics {
            println!(
                "cargo:warning={spec_name}: {}",
                d.to_string().replace('\n', " ")
            );
        }
        std::fs::create_dir_all(&modules_dir)
            .map_err(|e| Failure::Io(format!("{}: {e}", modules_dir.display())))?;
        let root = out.join(ROOT_FILE);
        for file in &generated.files {
            let target = match file.path.strip_prefix("src/") {
                Some("lib.rs") => root.clone(),
                Some(module) => modules_dir.join(module),
                None => continue, // Cargo.toml, README.md: the including crate has its own.
            };
            std::fs::write(&target, &file.contents)
                .map_err(|e| Failure::Io(format!("{}: {e}", target.display())))?;
        }
        Ok(root)
    }
}
