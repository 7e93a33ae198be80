//! No input makes the generator panic or hang: malformed documents, broken nodes, dangling
//! and cyclic `$ref`s, OpenAPI 3.1, truncations and random mutations of a real spec all end
//! in a crate or in diagnostics with a JSON pointer.

use generator::{generate, Config, Diagnostic, Severity};
use proptest::prelude::*;
use serde_json::{json, Value};

fn okta_spec() -> Value {
    let text = include_str!("../../spec/okta-users.yaml");
    serde_yaml::from_str(text).expect("the checked-in spec parses")
}

fn run(doc: &Value) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    generate(&doc.to_string(), &Config::default()).map(|g| g.diagnostics)
}

fn minimal(extra_schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
        "components": {"schemas": extra_schemas}
    })
}

#[test]
fn unsupported_versions_and_non_documents_are_errors() {
    for (text, expected) in [
        ("", "not an object"),
        ("{", "not valid JSON"),
        ("openapi: [", "not valid YAML"),
        ("[1, 2]", "not an object"),
        (
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}",
            "OpenAPI 3.2.0 is not supported",
        ),
        ("swagger: '2.0'", "Swagger 2.0 is not supported"),
    ] {
        let errors = generate(text, &Config::default()).expect_err(text);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains(expected),
            "{text:?}: {}",
            errors[0]
        );
        assert_eq!(errors[0].severity, Severity::Error);
    }
}

#[test]
fn broken_nodes_become_json_values_with_a_located_warning() {
    let doc = minimal(json!({
        "A": {"type": "object", "properties": {
            "bad_bound": {"type": "integer", "minimum": 1e30},
            "numbers_as_strings": {"type": "string", "enum": [1, 2]},
            "wrong_type": {"type": 7},
            "dangling": {"$ref": "#/components/schemas/Nope"},
            "cycle": {"$ref": "#/components/schemas/Loop1"},
            "good": {"type": "string"},
            "flag": {"type": "boolean", "default": "false"},
        }, "required": ["good"]},
        "Loop1": {"$ref": "#/components/schemas/Loop2"},
        "Loop2": {"$ref": "#/components/schemas/Loop1"},
        "Weird": {"type": "object", "properties": {"required": ["x", "y"]}},
    }));
    let warnings = run(&doc).expect("one broken node does not sink the document");
    let at = |ptr: &str| warnings.iter().any(|d| d.pointer.starts_with(ptr));
    assert!(
        at("#/components/schemas/A/properties/bad_bound"),
        "{warnings:#?}"
    );
    assert!(
        at("#/components/schemas/A/properties/numbers_as_strings"),
        "{warnings:#?}"
    );
    assert!(
        at("#/components/schemas/A/properties/wrong_type"),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|d| d.message.contains("dangling reference")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|d| d.message.contains("cycle of `$ref` aliases")),
        "{warnings:#?}"
    );
    assert!(
        at("#/components/schemas/Weird/properties/required"),
        "{warnings:#?}"
    );

    let strict = Config {
        strict: true,
        ..Config::default()
    };
    let errors =
        generate(&doc.to_string(), &strict).expect_err("--strict turns warnings into errors");
    assert!(errors.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn wrong_types_in_structural_places_are_reported_not_fatal() {
    for doc in [
        json!({"openapi": "3.0.0", "info": {}, "paths": 5}),
        json!({"openapi": "3.0.0", "paths": {"/a": 5}}),
        json!({"openapi": "3.0.0", "paths": {"/a": {"get": []}}}),
        json!({"openapi": "3.0.0", "paths": {"/a": {"get": {"parameters": {"x": 1}, "responses": []}}}}),
        json!({"openapi": "3.0.0", "paths": {"/a": {"$ref": "#/paths/~1a"}}}),
        json!({"openapi": "3.0.0", "paths": {}, "components": {"schemas": []}}),
        json!({"openapi": "3.0.0", "paths": {}, "components": {"securitySchemes": {"x": {"type": "magic"}}}}),
        json!({"openapi": "3.0.0", "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/nowhere"}}}}}}),
    ] {
        let _ = run(&doc);
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let nested = |levels: usize| {
        let mut schema = json!({"type": "string"});
        for i in 0..levels {
            schema = if i % 2 == 0 {
                json!({"type": "object", "properties": {"inner": schema}})
            } else {
                json!({"type": "array", "items": schema})
            };
        }
        schema
    };
    assert!(run(&minimal(json!({"A": nested(40)}))).is_ok());
    let too_deep = run(&minimal(json!({"A": nested(1000)}))).expect_err("parser depth limit");
    assert!(
        too_deep[0].message.contains("recursion limit"),
        "{too_deep:?}"
    );
}

#[test]
fn every_truncation_of_the_real_spec_ends_cleanly() {
    let text = include_str!("../../spec/okta-users.yaml");
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let _ = generate(&text[..cut], &Config::default());
        }
        cut += 211;
    }
}

/// A pointer to some node of `value`, chosen by `choice`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn replacement(kind: u8, target: &str) -> Value {
    match kind % 9 {
        0 => Value::Null,
        1 => json!(-1),
        2 => json!("x"),
        3 => json!([]),
        4 => json!({}),
        5 => json!({"$ref": format!("#{target}")}),
        6 => json!({"type": "object", "additionalProperties": {"$ref": format!("#{target}")}}),
        7 => json!({"allOf": [{"$ref": format!("#{target}")}, {"nullable": true}]}),
        _ => json!({"oneOf": [{"$ref": format!("#{target}")}, {"type": "integer", "enum": ["a"]}]}),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Replacing any three nodes of the real spec with junk or with references to other
    /// nodes (including their own ancestors) never panics.
    #[test]
    fn random_mutations_of_the_real_spec_never_panic(edits in proptest::collection::vec((any::<u16>(), any::<u16>(), any::<u8>()), 1..4)) {
        let mut doc = okta_spec();
        for (node, target, kind) in edits {
            let mut all = Vec::new();
            pointers(&doc, String::new(), &mut all);
            let node = all[node as usize % all.len()].clone();
            let target = all[target as usize % all.len()].clone();
            if node.is_empty() {
                continue;
            }
            if let Some(slot) = doc.pointer_mut(&node) {
                *slot = replacement(kind, &target);
            }
        }
        let _ = run(&doc);
    }
}
