//! OpenAPI 3.1 to the 3.0 shapes the rest of the pipeline reads, as one rewrite of the JSON
//! tree before lowering (3.0 documents are not touched, so their output stays the same).
//!
//! - `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → no `type`
//!   (any JSON); `type: "null"` members of `oneOf`/`anyOf` → the union becomes `nullable`
//!   (`anyOf: [X, null]` → `allOf: [X]` + `nullable`, the 3.0 idiom);
//! - `const: v` → `enum: [v]` (with the `type` the value implies); schema
//!   `examples: [a, …]` → `example: a`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → bound + `true`;
//! - `prefixItems` (fixed tuples) stay and become Rust tuples; with further `items`, arrays of
//!   any JSON, with a warning;
//! - `webhooks` are read for their schemas only (no client calls);
//! - `jsonSchemaDialect`, `$dynamicRef` and `$dynamicAnchor` → a warning.

use crate::diagnostics::{child, Diagnostic};
use serde_json::{Map, Value};

/// Rewrites a 3.1 document in place; returns what could not be kept.
pub fn downgrade(doc: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(root) = doc.as_object_mut() {
        if root.contains_key("jsonSchemaDialect") {
            warnings.push(Diagnostic::warning(
                "#/jsonSchemaDialect",
                "`jsonSchemaDialect` is not supported; schemas are read as OpenAPI 3.1's default dialect",
            ));
        }
        if root.contains_key("webhooks") && !root.contains_key("paths") {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
    }
    walk(doc, "#", &mut warnings);
    warnings
}

fn walk(node: &mut Value, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) => {
            rewrite(map, pointer, warnings);
            for (key, value) in map.iter_mut() {
                walk(value, &child(pointer, key), warnings);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &child(pointer, &i.to_string()), warnings);
            }
        }
        _ => {}
    }
}

/// The 3.1 keywords of one schema object, rewritten.
fn rewrite(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<&Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .collect();
        if non_null.len() < types.len() {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        match non_null.as_slice() {
            [only] => {
                map.insert("type".to_owned(), (*only).clone());
            }
            _ => {
                map.remove("type");
            }
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            let before = members.len();
            members.retain(|m| {
                !(m.get("type").and_then(Value::as_str) == Some("null")
                    || m.get("type")
                        .and_then(Value::as_array)
                        .is_some_and(|t| t.iter().all(|x| x.as_str() == Some("null"))))
            });
            if members.len() < before {
                let single = (members.len() == 1).then(|| members[0].clone());
                map.insert("nullable".to_owned(), Value::Bool(true));
                if let Some(only) = single {
                    // `anyOf: [X, null]` is 3.0's `allOf: [X]` + `nullable`.
                    map.remove(key);
                    map.insert("allOf".to_owned(), Value::Array(vec![only]));
                }
            }
        }
    }
    if let Some(value) = map.remove("const") {
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(implied) = implied {
            map.entry("type".to_owned())
                .or_insert_with(|| Value::String(implied.to_owned()));
        }
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        if let Some(first) = examples.into_iter().next() {
            map.entry("example".to_owned()).or_insert(first);
        }
        map.remove("examples");
    }
    for (key, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(key).cloned() {
            map.insert(bound.to_owned(), Value::Number(n));
            map.insert(key.to_owned(), Value::Bool(true));
        }
    }
    if map.contains_key("prefixItems") {
        match map.get("items") {
            // A fixed tuple: `prefixItems` alone (or `items: false`) becomes a Rust tuple.
            None | Some(Value::Bool(false)) => {
                map.remove("items");
            }
            Some(_) => {
                map.remove("prefixItems");
                map.remove("items");
                warnings.push(Diagnostic::warning(
                    child(pointer, "prefixItems"),
                    "tuples with further `items` are read as arrays of serde_json::Value",
                ));
            }
        }
    }
    for key in ["$dynamicRef", "$dynamicAnchor"] {
        if map.remove(key).is_some() {
            warnings.push(Diagnostic::warning(
                child(pointer, key),
                format!("`{key}` is not supported; ignored"),
            ));
        }
    }
}
