//! Diagnostics: what the generator reports about a spec, each tied to a JSON pointer.
//!
//! Nothing on an input path panics; every problem becomes a [`Diagnostic`]. Warnings let
//! generation go on (the construct degrades to something lossless, usually a JSON value);
//! errors stop it.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation continued; the construct was mapped to a lossless fallback or skipped.
    Warning,
    /// Generation cannot produce a correct crate.
    Error,
}

/// One finding about the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// JSON pointer (RFC 6901) of the offending node, e.g. `#/paths/~1users/get`.
    pub pointer: String,
    /// One-line reason.
    pub message: String,
}

/// Phrases with which every degrading diagnostic ends its reason: the node became untyped
/// JSON, or was left out.
const LOSSY_PHRASES: &[&str] = &[
    "serde_json::Value",
    "skipped",
    "ignored",
    "not generated",
    "without them",
    "sent as a plain string",
];

impl Diagnostic {
    /// True when the node it reports was degraded to untyped JSON or left out (the
    /// lossiness figure counts these); false for notes about renamed or reconciled things.
    pub fn is_lossy(&self) -> bool {
        LOSSY_PHRASES.iter().any(|p| self.message.contains(p))
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.pointer, self.message)
    }
}

/// Collects diagnostics during one generation run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning.
    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic::warning(pointer, message));
    }

    /// Records an error.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic::error(pointer, message));
    }

    /// True when any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics in the order they were found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}
