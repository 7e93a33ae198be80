//! OpenAPI 3.1 documents are read by rewriting their 3.1 keywords into the 3.0 shapes the
//! pipeline knows; the real 3.1 specs in tests/specs build in the standalone test.

use generator::{generate, Config};

fn types_of(spec: &str) -> String {
    let generated = generate(spec, &Config::default()).expect("generates");
    generated.file("src/types.rs").expect("types").to_owned()
}

#[test]
fn type_arrays_null_const_examples_and_exclusive_bounds() {
    let spec = r##"{
      "openapi": "3.1.0",
      "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
      "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
      "paths": {},
      "components": {"schemas": {
        "Id": {"$ref": "#/$defs/Uuid"},
        "Thing": {
          "type": "object",
          "required": ["name", "kind"],
          "properties": {
            "name": {"type": ["string", "null"]},
            "kind": {"const": "thing"},
            "size": {"type": "integer", "exclusiveMinimum": 0, "examples": [3, 4]},
            "parent": {"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]},
            "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}
          }
        }
      }},
      "$defs": {"Uuid": {"type": "string", "format": "uuid", "description": "From $defs."}},
      "webhooks": {"thingCreated": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}, "responses": {"200": {"description": "ok"}}}}}
    }"##;
    let types = types_of(spec);
    assert!(types.contains("pub name: Option<String>"), "{types}");
    assert!(
        types.contains("pub enum ThingKind"),
        "const became a one-value enum:\n{types}"
    );
    assert!(types.contains("pub size: Option<i64>"), "{types}");
    assert!(
        types.contains("pub parent: crate::Nullable<Box<Thing>>")
            || types.contains("pub parent: crate::Nullable<::std::boxed::Box<Thing>>"),
        "{types}"
    );
    assert!(
        types.contains("pub type Id = String;"),
        "$defs resolve:\n{types}"
    );
    assert!(types.contains("pub pair: Option<(String, i64)>"), "{types}");
}

#[test]
fn a_webhooks_only_document_is_a_types_only_crate() {
    let spec = r##"{
      "openapi": "3.1.0",
      "info": {"title": "t", "version": "1"},
      "webhooks": {"evt": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evt"}}}}, "responses": {"200": {"description": "ok"}}}}},
      "components": {"schemas": {"Evt": {"type": "object", "properties": {"id": {"type": "string"}}}}}
    }"##;
    let generated = generate(spec, &Config::default()).expect("generates");
    assert_eq!(generated.operations, 0);
    assert!(generated.types >= 1);
}
