//! `allOf` is the intersection of its members: a property several members define gets the
//! type every definition allows (annotation formats don't conflict, `integer` ∧ `number` is
//! an integer, an `enum` narrows, nullable only if every definition is, arrays and objects
//! merge recursively); only definitions no value can satisfy together degrade, with a
//! warning naming both places. The same holds for OpenAPI 3.1 (type arrays, `const`).

use generator::ir::{Api, Field, TypeKind, TypeRef};
use generator::{lower, Config, Diagnostic};

/// A spec whose `Merged` schema is `allOf` of two objects defining `p` as `a` and `b`
/// (YAML flow mappings), plus `extra` component schemas.
fn spec(version: &str, a: &str, b: &str, extra: &str) -> String {
    format!(
        r#"
openapi: {version}
info: {{title: t, version: '1'}}
paths: {{}}
components:
  schemas:
    Merged:
      allOf:
        - {{type: object, properties: {{p: {a}}}}}
        - {{type: object, properties: {{p: {b}}}}}
{extra}
"#
    )
}

fn lowered(version: &str, a: &str, b: &str, extra: &str) -> (Api, Vec<Diagnostic>) {
    lower(&spec(version, a, b, extra), &Config::default()).expect("lowers")
}

fn field<'a>(api: &'a Api, type_name: &str, json_name: &str) -> &'a Field {
    let def = api
        .types
        .iter()
        .find(|t| t.name == type_name)
        .unwrap_or_else(|| panic!("no type {type_name}"));
    let TypeKind::Struct { fields, .. } = &def.kind else {
        panic!("{type_name} is not a struct: {:?}", def.kind);
    };
    fields
        .iter()
        .find(|f| f.json_name == json_name)
        .unwrap_or_else(|| panic!("{type_name} has no {json_name}"))
}

/// The merged type of `p` for definitions `a` ∧ `b` (3.0), checking nothing degraded.
fn merged(a: &str, b: &str) -> (Api, Field) {
    merged_in("3.0.3", a, b, "")
}

fn merged_in(version: &str, a: &str, b: &str, extra: &str) -> (Api, Field) {
    let (api, diags) = lowered(version, a, b, extra);
    assert!(diags.iter().all(|d| !d.is_lossy()), "{a} ∧ {b}: {diags:?}");
    let f = field(&api, "Merged", "p").clone();
    (api, f)
}

fn enum_values(api: &Api, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Named(name) = ty else {
        panic!("not an enum: {ty:?}");
    };
    match &api
        .types
        .iter()
        .find(|t| &t.name == name)
        .expect("declared")
        .kind
    {
        TypeKind::Enum { variants, .. } => variants.iter().map(|v| v.value.clone()).collect(),
        other => panic!("{name} is not an enum: {other:?}"),
    }
}

#[test]
fn annotation_formats_and_constraints_do_not_conflict() {
    for (a, b) in [
        ("{type: string, format: uri}", "{type: string}"),
        (
            "{type: string, format: uri-template}",
            "{type: string, format: email}",
        ),
        (
            "{type: string, maxLength: 3}",
            "{type: string, pattern: '^a'}",
        ),
        (
            "{type: string, format: hostname}",
            "{type: string, format: uuid, minLength: 1}",
        ),
    ] {
        assert_eq!(merged(a, b).1.ty, TypeRef::String, "{a} ∧ {b}");
    }
    // A format that changes the Rust type wins over none.
    let (_, f) = merged("{type: string}", "{type: string, format: date-time}");
    assert_eq!(f.ty, TypeRef::DateTime);
    let (_, f) = merged(
        "{type: string, format: password}",
        "{type: string, maxLength: 9}",
    );
    assert_eq!(f.ty, TypeRef::Secret, "a secret stays redacted");
}

#[test]
fn integer_and_number_is_an_integer_and_the_narrowest_width_wins() {
    let (_, f) = merged("{type: number}", "{type: integer}");
    assert_eq!(f.ty, TypeRef::Int("i64"));
    let (_, f) = merged(
        "{type: integer, format: int64}",
        "{type: integer, format: int32}",
    );
    assert_eq!(f.ty, TypeRef::Int("i32"));
    let (_, f) = merged(
        "{type: number, format: double}",
        "{type: integer, minimum: 0}",
    );
    assert_eq!(f.ty, TypeRef::Int("i64"));
}

#[test]
fn an_enum_narrows_and_two_enums_keep_what_they_share() {
    let (api, f) = merged("{type: string}", "{type: string, enum: [a, b]}");
    assert_eq!(enum_values(&api, &f.ty), ["a", "b"]);
    let (api, f) = merged(
        "{type: string, enum: [a, b, c]}",
        "{type: string, enum: [c, a, d]}",
    );
    assert_eq!(enum_values(&api, &f.ty), ["a", "c"]);
}

#[test]
fn nullable_only_where_every_definition_allows_null() {
    let (_, f) = merged("{type: string, nullable: true}", "{type: string}");
    assert!(!f.nullable);
    let (_, f) = merged(
        "{type: string, nullable: true}",
        "{type: string, nullable: true, format: uri}",
    );
    assert!(f.nullable);
    // A definition without a type constrains nothing, null included.
    let (_, f) = merged("{type: string, nullable: true}", "{description: d}");
    assert!(f.nullable);
}

#[test]
fn arrays_and_objects_merge_recursively() {
    let (api, f) = merged(
        "{type: array, items: {type: object, properties: {id: {type: integer}, url: {type: string, format: uri}}}}",
        "{type: array, items: {type: object, properties: {url: {type: string}, name: {type: string}}}}",
    );
    let TypeRef::List(item) = &f.ty else {
        panic!("{:?}", f.ty)
    };
    let TypeRef::Named(item) = item.as_ref() else {
        panic!("{item:?}")
    };
    for (prop, ty) in [
        ("id", TypeRef::Int("i64")),
        ("url", TypeRef::String),
        ("name", TypeRef::String),
    ] {
        assert_eq!(field(&api, item, prop).ty, ty, "{prop}");
    }
    let (api, f) = merged(
        "{type: object, required: [a], properties: {a: {type: integer}, deep: {type: object, properties: {x: {type: number}}}}}",
        "{type: object, properties: {b: {type: boolean}, deep: {type: object, properties: {x: {type: integer}, y: {type: string}}}}}",
    );
    let TypeRef::Named(outer) = &f.ty else {
        panic!("{:?}", f.ty)
    };
    assert!(field(&api, outer, "a").required);
    assert_eq!(field(&api, outer, "b").ty, TypeRef::Bool);
    let TypeRef::Named(deep) = &field(&api, outer, "deep").ty else {
        panic!("deep")
    };
    assert_eq!(field(&api, deep, "x").ty, TypeRef::Int("i64"));
    assert_eq!(field(&api, deep, "y").ty, TypeRef::String);
}

#[test]
fn an_object_that_already_types_everything_keeps_its_name() {
    let owner =
        "    Owner: {type: object, properties: {name: {type: string}, age: {type: integer}}}";
    let (_, f) = merged_in(
        "3.0.3",
        "{$ref: '#/components/schemas/Owner'}",
        "{type: object, properties: {name: {type: string, description: The name.}}}",
        owner,
    );
    assert_eq!(f.ty, TypeRef::Named("Owner".into()));
}

#[test]
fn a_union_beside_one_kind_is_its_member_of_that_kind() {
    let (_, f) = merged(
        "{nullable: true, oneOf: [{type: integer}, {type: string, format: date-time}]}",
        "{type: string}",
    );
    assert_eq!(f.ty, TypeRef::DateTime);
    assert!(!f.nullable);
}

#[test]
fn recursive_definitions_merge_once() {
    let extra = "    A: {type: object, properties: {next: {$ref: '#/components/schemas/A'}, a: {type: string}}}\n    B: {type: object, properties: {next: {$ref: '#/components/schemas/B'}, b: {type: string}}}";
    let (api, f) = merged_in(
        "3.0.3",
        "{$ref: '#/components/schemas/A'}",
        "{$ref: '#/components/schemas/B'}",
        extra,
    );
    let TypeRef::Named(name) = &f.ty else {
        panic!("{:?}", f.ty)
    };
    assert_eq!(
        field(&api, name, "next").ty,
        f.ty,
        "closes the cycle on itself"
    );
}

#[test]
fn only_definitions_no_value_satisfies_degrade_naming_both_places() {
    for (a, b, why) in [
        (
            "{type: string}",
            "{type: object}",
            "string here, object there",
        ),
        (
            "{type: string, format: date}",
            "{type: string, format: date-time}",
            "`date`",
        ),
        (
            "{type: string, enum: [a]}",
            "{type: string, enum: [b]}",
            "no value in common",
        ),
        (
            "{type: array, items: {type: boolean}}",
            "{type: array, items: {type: string}}",
            "boolean",
        ),
    ] {
        let (api, diags) = lowered("3.0.3", a, b, "");
        assert_eq!(field(&api, "Merged", "p").ty, TypeRef::Json, "{a} ∧ {b}");
        let [warning] = diags.as_slice() else {
            panic!("{a} ∧ {b}: {diags:?}")
        };
        assert!(warning.is_lossy());
        assert_eq!(
            warning.pointer,
            "#/components/schemas/Merged/allOf/0/properties/p"
        );
        assert!(
            warning
                .message
                .contains("#/components/schemas/Merged/allOf/1/properties/p"),
            "{warning}"
        );
        assert!(warning.message.contains(why), "{warning}");
    }
}

#[test]
fn openapi_31_type_arrays_and_const_follow_the_same_rules() {
    let (_, f) = merged_in(
        "3.1.0",
        "{type: [string, 'null']}",
        "{type: string, format: email}",
        "",
    );
    assert_eq!(f.ty, TypeRef::String);
    assert!(!f.nullable, "null only on one side");
    let (_, f) = merged_in(
        "3.1.0",
        "{type: [integer, 'null']}",
        "{type: [number, 'null']}",
        "",
    );
    assert_eq!(f.ty, TypeRef::Int("i64"));
    assert!(f.nullable);
    let (api, f) = merged_in("3.1.0", "{const: b}", "{type: string, enum: [a, b]}", "");
    assert_eq!(enum_values(&api, &f.ty), ["b"]);
    let (api, diags) = lowered("3.1.0", "{const: a}", "{enum: [b, c]}", "");
    assert_eq!(field(&api, "Merged", "p").ty, TypeRef::Json);
    assert!(diags
        .iter()
        .any(|d| d.message.contains("no value in common")));
}

#[test]
fn merges_reached_through_refs_are_bounded() {
    // `next` of S_i ∧ `next` of T_i is S_{i+1} ∧ T_{i+1}: a chain of merges through `$ref`s,
    // 5,000 long, that the document's nesting limit does not bound.
    let mut schemas = serde_json::Map::new();
    let n = 5_000;
    for i in 0..n {
        for (side, own) in [("S", "a"), ("T", "b")] {
            let next = format!("#/components/schemas/{side}{}", (i + 1) % n);
            schemas.insert(
                format!("{side}{i}"),
                serde_json::json!({"type": "object", "properties": {
                    "next": {"$ref": next}, own: {"type": "string"}}}),
            );
        }
    }
    schemas.insert(
        "Merged".into(),
        serde_json::json!({"allOf": [{"$ref": "#/components/schemas/S0"}, {"$ref": "#/components/schemas/T0"}]}),
    );
    let spec = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": schemas}
    });
    // A small stack, as a worker thread may have: the bound must hold well within it.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || lower(&spec.to_string(), &Config::default()).expect("lowers"))
        .expect("thread");
    let (api, diags) = handle.join().expect("no stack overflow");
    assert!(
        diags.iter().any(|d| d.message.contains("nest more than")),
        "{diags:?}"
    );
    assert!(diags.iter().all(|d| !d.is_lossy()), "{diags:?}");
    assert!(matches!(
        field(&api, "Merged", "next").ty,
        TypeRef::Named(_)
    ));
}
