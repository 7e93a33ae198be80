//! A path key that would move a request to another endpoint or host refuses its own
//! operations (a warning located at the path item; an error under `--strict`), never the
//! rest of the document; vendor conventions that cannot (a `#fragment` telling operations apart, a
//! literal `?query`) are generated; mismatched placeholders and reserved header parameters
//! are warnings (the compiling cases are the `hostile-paths` and `vendor-paths` fixtures,
//! built by the standalone test).

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
fn path_keys_that_move_the_request_refuse_only_their_operations() {
    for path in [
        "@evil.example.com:8443/x",
        ".evil.example.com/x",
        "evil",
        "/users/../admin",
        "/users/%2e%2E/admin",
        "/users/./me",
        "/users/x@evil.example.com",
        "/users/x@evil.example.com?admin=true",
        "/users/../admin#frag",
        "/users?=nameless",
        "/users?x=%zz",
        "/https://evil.example.com/x",
        "/users/{id",
        "/users/a b",
        "/users/\n```rust",
    ] {
        let spec = spec_with_path(path);
        let generated = generate(&spec, &Config::default())
            .unwrap_or_else(|e| panic!("{path:?} sank the document: {e:?}"));
        let [refused] = generated.diagnostics.as_slice() else {
            panic!("{path:?}: {:?}", generated.diagnostics);
        };
        assert_eq!(refused.pointer, pointer(path), "{path:?}: {refused}");
        assert!(refused.message.contains("unusable path key"), "{refused}");
        assert!(refused.is_lossy(), "counted as left out: {refused}");
        assert_eq!(
            generated.operations, 1,
            "{path:?}: only `fine` is generated"
        );
        let ops = generated.file("src/operations.rs").expect("operations.rs");
        assert!(ops.contains("pub fn fine("), "{path:?}");
        assert!(!ops.contains("fn moved("), "{path:?}");
        // Under `--strict` the refusal stops generation, located at the same pointer.
        let strict = Config {
            strict: true,
            ..Config::default()
        };
        let errors = generate(&spec, &strict).expect_err("strict refuses");
        assert!(
            errors
                .iter()
                .any(|d| d.severity == Severity::Error && d.pointer == pointer(path)),
            "{path:?}: {errors:?}"
        );
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

#[test]
fn fragments_tell_operations_apart_and_literal_queries_are_always_sent() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/files/{file_id}#add_shared_link": {"put": {
                "parameters": [{"name": "file_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }},
            "/files/{file_id}#remove_shared_link": {"put": {
                "parameters": [{"name": "file_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }},
            "/responses?beta=true&mode=a%20b": {"post": {
                "operationId": "createResponse",
                "responses": {"204": {"description": "ok"}}
            }},
            "/items?version=1": {"get": {
                "operationId": "listItems",
                "parameters": [{"name": "version", "in": "query", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }}
        }
    });
    let generated = generate(&spec.to_string(), &Config::default()).expect("generates");
    assert!(
        generated.diagnostics.is_empty(),
        "{:?}",
        generated.diagnostics
    );
    assert_eq!(generated.operations, 4, "one operation per fragment");
    let ops = generated.file("src/operations.rs").expect("operations.rs");
    for expected in [
        "pub fn put_files_file_id_add_shared_link(",
        "pub fn put_files_file_id_remove_shared_link(",
        "\"/files/{file_id}\"",
        "request.query(\"beta\", &\"true\", true)?;",
        "request.query(\"mode\", &\"a b\", true)?;",
        "\"/responses\"",
        "\"/items\"",
    ] {
        assert!(ops.contains(expected), "{expected}");
    }
    assert!(!ops.contains("\"/files/{file_id}#"), "no fragment is sent");
    assert!(
        !ops.contains("\"version\", &\"1\""),
        "a declared parameter overrides the literal one"
    );
}
