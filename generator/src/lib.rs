//! An OpenAPI 3.0 to Rust client generator.
//!
//! The pipeline is `load` (text → JSON tree) → `lower` (JSON tree → [`ir::Api`]) → `emit`
//! (IR → crate files, formatted by `prettyplease`). Problems are reported as
//! [`Diagnostic`]s carrying the JSON pointer of the node at fault; nothing in the pipeline
//! panics on bad input.

pub mod config;
pub mod diagnostics;
mod downgrade;
mod emit;
pub mod ir;
mod load;
mod lower;
mod naming;
mod refs;

pub use config::Config;
pub use diagnostics::{Diagnostic, Severity};
pub use emit::File;

/// The result of a successful run.
#[derive(Debug)]
pub struct Generated {
    /// Files of the crate, paths relative to its root.
    pub files: Vec<File>,
    /// Warnings met on the way.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of named types generated.
    pub types: usize,
    /// Number of operations generated.
    pub operations: usize,
}

impl Generated {
    /// The contents of the file at `path` (e.g. `src/types.rs`), if it was generated.
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
    }
}

/// The document as the generator reads it: parsed (YAML or JSON), OpenAPI 3.1 keywords
/// rewritten to 3.0 shapes, integer bounds fixed. For tools that look at the same tree
/// (the example round trips of the tests).
pub fn load_document(spec: &str) -> Result<serde_json::Value, Diagnostic> {
    load::parse(spec).map(|doc| doc.raw)
}

/// Parses and lowers a spec to the IR, returning it with the diagnostics found.
pub fn lower(spec: &str, config: &Config) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = load::parse(spec).map_err(|d| vec![d])?;
    let mut diags = diagnostics::Diagnostics::default();
    for warning in doc.warnings {
        diags.warn(warning.pointer, warning.message);
    }
    let api = lower::lower(&doc.raw, config, &mut diags);
    let mut found = diags.into_vec();
    if config.strict {
        for d in &mut found {
            d.severity = Severity::Error;
        }
    }
    if found.iter().any(|d| d.severity == Severity::Error) {
        return Err(found);
    }
    Ok((api, found))
}

/// Generates a client crate from spec text (YAML or JSON).
///
/// Returns every diagnostic as the error when any of them is an error.
pub fn generate(spec: &str, config: &Config) -> Result<Generated, Vec<Diagnostic>> {
    let (api, diagnostics) = lower(spec, config)?;
    emit_crate(&api, config, diagnostics)
}

/// Emits the crate for a lowered `api` (the second stage of [`generate`]); `diagnostics`
/// are those of lowering, returned with the result (and with the emit error, if any).
pub fn emit_crate(
    api: &ir::Api,
    config: &Config,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Generated, Vec<Diagnostic>> {
    let files = emit::emit(api, config).map_err(|d| {
        diagnostics.push(d);
        diagnostics.clone()
    })?;
    Ok(Generated {
        files,
        diagnostics,
        types: api.types.len(),
        operations: api.operations.len(),
    })
}
