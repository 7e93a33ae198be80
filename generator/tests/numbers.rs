//! Numbers load the same from YAML and JSON: integers beyond 64 bits do not fail the
//! document; an integer bound that fits `i64` once read as a float is kept, one that does
//! not is dropped with a warning at its pointer, and the schema stays an integer.

use generator::{generate, Config};

const YAML: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Big:
      type: integer
      minimum: -9223372036854776000
      maximum: 99999999999999999999999
    Plain:
      type: object
      properties:
        count: {type: integer, minimum: 0}
        huge: {type: number, example: 123456789012345678901234567890}
";

#[test]
fn yaml_and_json_load_big_numbers_alike() {
    let json = serde_json::to_string(&serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "Big": {"type": "integer", "minimum": -9.223372036854776e18, "maximum": 1e23},
            "Plain": {"type": "object", "properties": {
                "count": {"type": "integer", "minimum": 0},
                "huge": {"type": "number", "example": 1.2345678901234568e29}
            }}
        }}
    }))
    .expect("json");
    let from_yaml = generate(YAML, &Config::default()).expect("YAML loads");
    let from_json = generate(&json, &Config::default()).expect("JSON loads");
    for generated in [&from_yaml, &from_json] {
        let messages: Vec<String> = generated
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            messages,
            ["warning: #/components/schemas/Big/maximum: integer bound 1e+23 is beyond 64 bits and is not kept (the schema stays an integer)"],
        );
        let types = generated.file("src/types.rs").expect("types");
        assert!(types.contains("pub type Big = i64;"), "{types}");
    }
    assert_eq!(
        from_yaml.files, from_json.files,
        "the same crate from either text"
    );
}
