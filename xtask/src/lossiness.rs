//! The lossiness figure: per spec, how many nodes the generator degraded to
//! `serde_json::Value` or left out, by reason class (`cargo xtask lossiness [SPEC…]`;
//! `tests/lossiness.rs` pins it for every spec the repository holds).

use generator::Diagnostic;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Reason classes, each with the phrase its diagnostics carry; checked in order.
const CLASSES: &[(&str, &str)] = &[
    ("allOf-contradiction", "no value satisfies both"),
    ("allOf-object-and-scalar", "mixes objects with non-object"),
    ("callback", "`callbacks` are not supported"),
    ("response-link", "response `links`"),
    ("not-schema", "`not` schemas"),
    ("refused-path-key", "unusable path key"),
    ("reserved-header", "the parameter is not generated"),
    ("parameter-without-placeholder", "has no placeholder"),
    ("unresolvable-ref", "reference"),
    ("mistyped-schema", "does not match its `type"),
    ("malformed-node", "malformed"),
    ("unsupported-security-scheme", "scheme ignored"),
    ("unsupported-3.1-keyword", "is not supported; ignored"),
];

/// The class of a lossy diagnostic (`other` when none of [`CLASSES`] matches).
pub fn class(diagnostic: &Diagnostic) -> &'static str {
    CLASSES
        .iter()
        .find(|(_, phrase)| diagnostic.message.contains(phrase))
        .map_or("other", |(class, _)| class)
}

/// Lossy diagnostics of lowering `spec` with its settings (`config`, default if none),
/// counted per class.
pub fn measure(
    spec: &Path,
    config: Option<&Path>,
) -> Result<BTreeMap<&'static str, usize>, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let config = openapi_client_gen::read_config(config).map_err(|e| e.to_string())?;
    let (_, diagnostics) = generator::lower(&text, &config)
        .map_err(|e| crate::format_diagnostics(&spec.display().to_string(), &e))?;
    let mut classes = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.is_lossy()) {
        *classes.entry(class(d)).or_insert(0) += 1;
    }
    Ok(classes)
}

/// The specs the repository holds: real ones (`tests/specs/`, `tests/specs/large/`) and
/// the fixtures.
pub fn held_specs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    for dir in ["tests/specs", "tests/specs/large", "tests/fixtures"] {
        let dir = root.join(dir);
        let found = crate::specs_in(&dir, &["json", "yaml", "yml"])
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        specs.extend(found);
    }
    Ok(specs)
}

/// A Markdown table: spec, degraded-node count, classes.
pub fn report(specs: &[PathBuf]) -> Result<String, String> {
    let mut out = String::from("| spec | degraded | reason classes |\n|---|---:|---|\n");
    for spec in specs {
        let classes = measure(spec, None)?;
        let total: usize = classes.values().sum();
        let list: Vec<String> = classes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned());
        let _ = writeln!(
            out,
            "| {} | {total} | {} |",
            name.unwrap_or_default(),
            list.join(", ")
        );
    }
    Ok(out)
}
