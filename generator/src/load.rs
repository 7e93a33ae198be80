//! Loading: text (YAML or JSON) to a raw JSON tree, with the version checked.
//!
//! Nodes are deserialized into `openapiv3` types one at a time by [`crate::refs::Resolver`],
//! so one malformed node yields one diagnostic instead of sinking the whole document, and
//! `$ref`s may point anywhere in the document, not only into `components`.

use crate::diagnostics::Diagnostic;
use serde_json::Value;

/// A parsed spec: the whole document as a JSON tree.
pub struct Document {
    /// The whole document as JSON.
    pub raw: Value,
}

/// Parses a spec from text. JSON is tried when the text starts with `{`; YAML otherwise
/// (YAML is a superset of JSON, so both work either way).
pub fn parse(text: &str) -> Result<Document, Diagnostic> {
    let raw: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| Diagnostic::error("#", format!("not valid JSON: {e}")))?
    } else {
        serde_yaml::from_str(text)
            .map_err(|e| Diagnostic::error("#", format!("not valid YAML: {e}")))?
    };
    let Some(root) = raw.as_object() else {
        return Err(Diagnostic::error("#", "the document is not an object"));
    };
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) if v.starts_with("3.") => {
            return Err(Diagnostic::error(
                "#/openapi",
                format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"),
            ))
        }
        Some(v) => {
            return Err(Diagnostic::error(
                "#/openapi",
                format!("OpenAPI version `{v}` is not supported; expected 3.0.x"),
            ))
        }
        None if root.contains_key("swagger") => {
            return Err(Diagnostic::error(
                "#/swagger",
                "Swagger 2.0 is not supported; convert the document to OpenAPI 3.0",
            ))
        }
        None => return Err(Diagnostic::error("#", "missing `openapi` version field")),
    }
    Ok(Document { raw })
}
