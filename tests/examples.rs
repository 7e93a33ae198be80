//! Collects the `example`s of a spec that have a schema, and writes a test file for a
//! generated crate that decodes each into its generated type and encodes it back.

use serde_json::Value;
use std::fmt::Write as _;

/// One example: where it is, the Rust type it must decode into, and its JSON.
pub struct Example {
    /// JSON pointer of the example.
    pub at: String,
    /// Rust type, relative to the crate root (`types::Pet`, `Vec<types::Pet>`).
    pub rust_type: String,
    /// The example value.
    pub value: Value,
}

/// Examples of component schemas, of their properties, and of media types whose schema is
/// a component schema (or an array of one). `type_of` maps a schema pointer to its generated
/// type name; `field_type` maps (schema pointer, property) to the Rust type of that field.
pub fn collect(
    doc: &Value,
    type_of: &dyn Fn(&str) -> Option<String>,
    field_type: &dyn Fn(&str, &str) -> Option<String>,
) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (key, schema) in schemas {
            let ptr = format!("#/components/schemas/{}", escape(key));
            if let (Some(example), Some(ty)) = (schema.get("example"), type_of(&ptr)) {
                out.push(Example {
                    at: format!("{ptr}/example"),
                    rust_type: format!("types::{ty}"),
                    value: example.clone(),
                });
            }
            let Some(Value::Object(props)) = schema.get("properties") else {
                continue;
            };
            for (prop, prop_schema) in props {
                if let (Some(example), Some(ty)) =
                    (prop_schema.get("example"), field_type(&ptr, prop))
                {
                    let at = format!("{ptr}/properties/{}/example", escape(prop));
                    out.push(Example {
                        at,
                        rust_type: ty,
                        value: example.clone(),
                    });
                }
            }
        }
    }
    walk_media(doc, doc, String::from("#"), type_of, &mut out);
    out
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn walk_media(
    doc: &Value,
    node: &Value,
    at: String,
    type_of: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Example>,
) {
    let Value::Object(map) = node else {
        if let Value::Array(items) = node {
            for (i, item) in items.iter().enumerate() {
                walk_media(doc, item, format!("{at}/{i}"), type_of, out);
            }
        }
        return;
    };
    if at.contains("/components/schemas") || at.ends_with("/example") {
        return;
    }
    if let Some(ty) = map.get("schema").and_then(|s| media_type(s, type_of)) {
        if let Some(example) = map.get("example") {
            out.push(Example {
                at: format!("{at}/example"),
                rust_type: ty.clone(),
                value: example.clone(),
            });
        }
        if let Some(Value::Object(examples)) = map.get("examples") {
            for (name, example) in examples {
                let example = match example.get("$ref").and_then(Value::as_str) {
                    Some(target) => target
                        .strip_prefix('#')
                        .and_then(|p| doc.pointer(p))
                        .unwrap_or(example),
                    None => example,
                };
                if let Some(value) = example.get("value") {
                    out.push(Example {
                        at: format!("{at}/examples/{}", escape(name)),
                        rust_type: ty.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
    }
    for (key, child) in map {
        walk_media(doc, child, format!("{at}/{}", escape(key)), type_of, out);
    }
}

fn media_type(schema: &Value, type_of: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return type_of(target).map(|t| format!("types::{t}"));
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let target = schema.get("items")?.get("$ref")?.as_str()?;
        return type_of(target).map(|t| format!("Vec<types::{t}>"));
    }
    None
}

/// The test file for crate `krate` checking `examples`.
pub fn test_file(krate: &str, examples: &[Example]) -> String {
    let mut out = format!(
        "//! Every example of the spec decodes into its generated type and encodes back to\n\
         //! the same JSON (timestamps compared as instants, `5.0` equal to `5`).\n\n\
         #![allow(unused_imports, dead_code)]\nuse {krate}::{{types, Secret}};\n\
         use client_runtime::deps::{{chrono, serde, serde_json}};\n\n{HELPER}\n#[test]\nfn examples_round_trip() {{\n",
        krate = krate.replace('-', "_")
    );
    for example in examples {
        let json = serde_json::to_string(&example.value).unwrap_or_default();
        let _ = writeln!(
            out,
            "    check::<{}>({:?}, {:?});",
            example.rust_type, example.at, json
        );
    }
    out.push_str("}\n");
    out
}

const HELPER: &str = r#"fn check<T: serde::de::DeserializeOwned + serde::Serialize>(at: &str, json: &str) {
    let expected: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
    let value: T = serde_json::from_value(expected.clone()).unwrap_or_else(|e| panic!("{at}: does not decode: {e}"));
    let back = serde_json::to_value(&value).expect("encodes");
    assert_eq!(normalize(back), normalize(expected), "{at}: changed in a round trip");
}

fn normalize(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(&s) {
            Ok(t) => Value::String(format!("instant {}", t.timestamp_nanos_opt().unwrap_or_default())),
            Err(_) => Value::String(s),
        },
        // Integers compare exactly; a float with an integral value (`5.0` for a `number`
        // example written `5`) compares as that integer.
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => serde_json::json!(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}
"#;
