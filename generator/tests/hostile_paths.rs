//! Path keys that would move a request to another endpoint or host are errors located at
//! the path item; mismatched placeholders and reserved header parameters are warnings (the
//! compiling case is the `hostile-paths` fixture, built by the standalone test).

use generator::{generate, Config, Severity};
use serde_json::json;

fn spec_with_path(path: &str) -> String {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/fine": {"get": {"operationId": "fine", "responses": {"204": {"description": "ok"}}}},
            path: {"get": {"operationId": "moved", "responses": {"204": {"description": "ok"}}}}
        }
    })
    .to_string()
}

/// The JSON pointer of `path` under `#/paths`.
fn pointer(path: &str) -> String {
    format!("#/paths/{}", path.replace('~', "~0").replace('/', "~1"))
}

#[test]
fn path_keys_that_move_the_request_are_located_errors() {
    for path in [
        "@evil.example.com:8443/x",
        ".evil.example.com/x",
        "evil",
        "/users/../admin",
        "/users/%2e%2E/admin",
        "/users/./me",
        "/users/x@evil.example.com",
        "/users?admin=true",
        "/users#frag",
        "/https://evil.example.com/x",
        "/users/{id",
        "/users/a b",
        "/users/\n```rust",
    ] {
        let errors = generate(&spec_with_path(path), &Config::default())
            .err()
            .unwrap_or_else(|| panic!("{path:?} was accepted"));
        let error = errors
            .iter()
            .find(|d| d.severity == Severity::Error)
            .expect("an error");
        assert_eq!(error.pointer, pointer(path), "{path:?}: {error}");
        assert!(error.message.contains("unusable path key"), "{error}");
    }
}

#[test]
fn placeholders_and_parameters_must_agree() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a/{b}": {"get": {
            "operationId": "getA",
            "parameters": [
                {"name": "c", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "Authorization", "in": "header", "schema": {"type": "string"}}
            ],
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    let generated = generate(&spec.to_string(), &Config::default()).expect("warnings only");
    let messages: Vec<String> = generated
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "#/paths/~1a~1{b}/get: path parameter `c` has no placeholder",
        "#/paths/~1a~1{b}/get: placeholder `{b}` has no path parameter",
        "#/paths/~1a~1{b}/get/parameters/1: header `Authorization` is set by the runtime",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected} not in {messages:#?}"
        );
    }
    let operations = generated.file("src/operations.rs").expect("operations");
    assert!(operations.contains("b: impl Into<String>"), "{operations}");
    assert!(!operations.contains("fn authorization"), "{operations}");
}
