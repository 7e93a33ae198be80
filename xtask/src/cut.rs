//! `cargo xtask cut`: a subset of an OpenAPI document — the named operations and every
//! component they reach through `$ref`, transitively — so that two releases of a large
//! published spec can be compared on the same operations (`tests/upgrade/`).
//!
//! Kept: `openapi`, `info`, `servers`, `security`, `tags` the kept operations use, the kept
//! operations with their path-level parameters, the reached components, and every security
//! scheme. Key order is the source's, so the output is deterministic.

use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The document `spec` (YAML or JSON text) cut to the operations `operations` (by
/// `operationId`), as YAML. Fails when an operation is missing or a `$ref` dangles.
pub fn cut(spec: &str, operations: &[String]) -> Result<String, String> {
    let doc: Value = serde_yaml::from_str(spec).map_err(|e| format!("not YAML or JSON: {e}"))?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or("the document has no paths")?;
    let wanted: BTreeSet<&str> = operations.iter().map(String::as_str).collect();
    let mut found = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut kept_paths = Mapping::new();
    for (path, item) in paths {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        let mut kept = Mapping::new();
        for (method, operation) in item {
            let is_method = method.as_str().is_some_and(|m| METHODS.contains(&m));
            let id = operation.get("operationId").and_then(Value::as_str);
            if let (true, Some(id)) = (is_method, id) {
                if wanted.contains(id) {
                    found.insert(id.to_owned());
                    if let Some(list) = operation.get("tags").and_then(Value::as_sequence) {
                        tags.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                    kept.insert(method.clone(), operation.clone());
                }
            }
        }
        if kept.is_empty() {
            continue;
        }
        for (key, value) in item {
            let is_method = key.as_str().is_some_and(|m| METHODS.contains(&m));
            if !is_method {
                kept.insert(key.clone(), value.clone());
            }
        }
        kept_paths.insert(path.clone(), Value::Mapping(kept));
    }
    let missing: Vec<&&str> = wanted.iter().filter(|id| !found.contains(**id)).collect();
    if !missing.is_empty() {
        return Err(format!("operations not in the document: {missing:?}"));
    }
    let components = doc.get("components").and_then(Value::as_mapping);
    let reached = reached_components(&Value::Mapping(kept_paths.clone()), components)?;

    let mut out = Mapping::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = doc.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    if let Some(all) = doc.get("tags").and_then(Value::as_sequence) {
        let used: Vec<Value> = all
            .iter()
            .filter(|t| {
                t.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| tags.contains(n))
            })
            .cloned()
            .collect();
        out.insert("tags".into(), Value::Sequence(used));
    }
    out.insert("paths".into(), Value::Mapping(kept_paths));
    let mut kept_components = Mapping::new();
    if let Some(components) = components {
        for (kind, entries) in components {
            let Some(entries) = entries.as_mapping() else {
                continue;
            };
            let kind_name = kind.as_str().unwrap_or_default();
            let kept: Mapping = entries
                .iter()
                .filter(|(name, _)| {
                    kind_name == "securitySchemes"
                        || name.as_str().is_some_and(|n| {
                            reached.contains(&(kind_name.to_owned(), n.to_owned()))
                        })
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !kept.is_empty() {
                kept_components.insert(kind.clone(), Value::Mapping(kept));
            }
        }
    }
    out.insert("components".into(), Value::Mapping(kept_components));
    serde_yaml::to_string(&Value::Mapping(out)).map_err(|e| e.to_string())
}

/// Every `(kind, name)` of `#/components/<kind>/<name>` reached from `root`, transitively.
fn reached_components(
    root: &Value,
    components: Option<&Mapping>,
) -> Result<BTreeSet<(String, String)>, String> {
    let mut reached = BTreeSet::new();
    let mut todo = Vec::new();
    refs(root, &mut todo);
    while let Some(target) = todo.pop() {
        let Some(rest) = target.strip_prefix("#/components/") else {
            continue;
        };
        let Some((kind, name)) = rest.split_once('/') else {
            return Err(format!("unsupported $ref {target}"));
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if !reached.insert((kind.to_owned(), name.clone())) {
            continue;
        }
        let node = components
            .and_then(|c| c.get(kind))
            .and_then(|k| k.get(name.as_str()))
            .ok_or_else(|| format!("dangling $ref {target}"))?;
        refs(node, &mut todo);
    }
    Ok(reached)
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    (Some("$ref"), Value::String(target)) => out.push(target.clone()),
                    _ => refs(value, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: A}, {name: B}]
paths:
  /a:
    parameters: [{$ref: '#/components/parameters/P'}]
    get: {operationId: getA, tags: [A], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}}
    post: {operationId: postA, tags: [B], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Unused'}}}}}}
components:
  parameters:
    P: {name: p, in: query, schema: {$ref: '#/components/schemas/C'}}
  schemas:
    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
    C: {type: string}
    Unused: {type: string}
  securitySchemes:
    key: {type: apiKey, in: header, name: X}
"##;

    #[test]
    fn keeps_the_operations_and_what_they_reach_transitively() {
        let out = cut(SPEC, &["getA".to_owned()]).expect("cuts");
        let doc: Value = serde_yaml::from_str(&out).expect("yaml");
        let schemas = doc["components"]["schemas"].as_mapping().expect("schemas");
        let names: Vec<&str> = schemas.keys().filter_map(Value::as_str).collect();
        assert_eq!(
            names,
            ["A", "B", "C"],
            "cycles followed once, unused left out"
        );
        assert!(doc["paths"]["/a"].get("post").is_none());
        assert!(doc["paths"]["/a"].get("parameters").is_some());
        assert_eq!(doc["tags"].as_sequence().map(Vec::len), Some(1));
        assert!(doc["components"]["securitySchemes"].get("key").is_some());
        assert_eq!(
            cut(SPEC, &["getA".to_owned()]).expect("again"),
            out,
            "deterministic"
        );
    }

    #[test]
    fn missing_operations_and_dangling_refs_are_errors() {
        assert!(cut(SPEC, &["nope".to_owned()])
            .unwrap_err()
            .contains("nope"));
        let dangling = SPEC.replace("'#/components/schemas/C'", "'#/components/schemas/Gone'");
        assert!(cut(&dangling, &["getA".to_owned()])
            .unwrap_err()
            .contains("Gone"));
    }
}
