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
    /// What loading changed, each at its pointer (integer bounds beyond `i64`).
    pub warnings: Vec<Diagnostic>,
}

/// Parses a spec from text. JSON is tried when the text starts with `{`; YAML otherwise
/// (YAML is a superset of JSON, so both work either way).
pub fn parse(text: &str) -> Result<Document, Diagnostic> {
    let mut raw: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| Diagnostic::error("#", format!("not valid JSON: {e}")))?
    } else {
        let JsonValue(value) = serde_yaml::from_str(text)
            .map_err(|e| Diagnostic::error("#", format!("not valid YAML: {e}")))?;
        value
    };
    let mut warnings = Vec::new();
    let Some(root) = raw.as_object() else {
        return Err(Diagnostic::error("#", "the document is not an object"));
    };
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) if v.starts_with("3.1") => {
            warnings.extend(crate::downgrade::downgrade(&mut raw));
        }
        Some(v) if v.starts_with("3.") => {
            return Err(Diagnostic::error(
                "#/openapi",
                format!(
                    "OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"
                ),
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
    fix_integer_bounds(&mut raw, &mut String::from("#"), &mut warnings);
    Ok(Document { raw, warnings })
}

/// Integer-schema bounds (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
/// `multipleOf`) that are not `i64`: an integral float within range becomes that integer,
/// anything else is dropped with a warning at its pointer (instead of degrading the schema).
/// `pointer` is the node's JSON pointer, grown and shrunk in place on the way down (this
/// visits every node of the document, so it allocates nothing per node).
fn fix_integer_bounds(node: &mut Value, pointer: &mut String, warnings: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("integer") {
                for key in [
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                ] {
                    let Some(Value::Number(n)) = map.get(key) else {
                        continue;
                    };
                    if n.is_i64() {
                        continue;
                    }
                    let integral = n
                        .as_f64()
                        .filter(|f| {
                            f.fract() == 0.0 && *f >= i64::MIN as f64 && *f < i64::MAX as f64
                        })
                        .map(|f| f as i64);
                    match integral {
                        Some(i) => {
                            map.insert(key.to_owned(), Value::from(i));
                        }
                        None => {
                            warnings.push(Diagnostic::warning(
                                crate::diagnostics::child(pointer, key),
                                format!("integer bound {n} is beyond 64 bits and is not kept (the schema stays an integer)"),
                            ));
                            map.remove(key);
                        }
                    }
                }
            }
            let len = pointer.len();
            for (key, child) in map.iter_mut() {
                pointer.push('/');
                for c in key.chars() {
                    match c {
                        '~' => pointer.push_str("~0"),
                        '/' => pointer.push_str("~1"),
                        c => pointer.push(c),
                    }
                }
                fix_integer_bounds(child, pointer, warnings);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            let len = pointer.len();
            for (i, item) in items.iter_mut().enumerate() {
                use std::fmt::Write as _;
                let _ = write!(pointer, "/{i}");
                fix_integer_bounds(item, pointer, warnings);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// A JSON tree read from YAML, with integers beyond 64 bits read as floats (as JSON
/// parsing does) instead of failing the whole document; mapping keys that are not strings
/// (numbers, booleans) become their text.
struct JsonValue(Value);

impl<'de> serde::Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(JsonValue)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((JsonValue(key), JsonValue(value))) = map.next_entry()? {
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A float as JSON (non-finite values, which JSON cannot hold, become `null`).
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}
