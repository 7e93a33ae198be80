//! An `allOf` that wraps one referenced schema and only refines properties it already has
//! is that schema's type (Okta's `getUser` started answering `UserGetSingleton: allOf [User,
//! {_embedded: …}]`; code naming `User` must keep compiling). Anything that adds a
//! property, a requirement, a catch-all or nullability stays a struct of its own.

use generator::{generate, Config};

fn spec(refinement: &str) -> String {
    format!(
        r##"
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /users/{{id}}:
    get:
      operationId: getUser
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/UserGetSingleton'}}}}}}
components:
  schemas:
    User:
      type: object
      properties:
        id: {{type: string}}
        _embedded: {{type: object, additionalProperties: {{type: object}}}}
    UserGetSingleton:
      allOf:
        - $ref: '#/components/schemas/User'
        - {refinement}
"##
    )
}

fn types_rs(refinement: &str) -> (String, usize) {
    let generated = generate(&spec(refinement), &Config::default()).expect("generates");
    let types = generated.file("src/types.rs").expect("types.rs").to_owned();
    (types, generated.diagnostics.len())
}

#[test]
fn a_wrapper_that_only_refines_is_the_referenced_type() {
    let (types, warnings) = types_rs(
        "{type: object, description: With blocks., properties: {_embedded: {type: object, properties: {blocks: {type: array, items: {type: string}}}}}}",
    );
    assert!(
        types.contains("pub type UserGetSingleton = User;"),
        "{types}"
    );
    assert_eq!(warnings, 0, "a refinement is not a conflict to report");
}

#[test]
fn a_wrapper_that_adds_anything_is_a_struct_of_its_own() {
    for refinement in [
        "{type: object, properties: {nickname: {type: string}}}",
        "{type: object, required: [id], properties: {id: {type: string}}}",
        "{type: object, properties: {id: {type: string}}, additionalProperties: false}",
        "{type: object, nullable: true, properties: {id: {type: string}}}",
        "{$ref: '#/components/schemas/User'}",
    ] {
        let (types, _) = types_rs(refinement);
        assert!(
            !types.contains("pub type UserGetSingleton = User;"),
            "{refinement}: {types}"
        );
    }
}
