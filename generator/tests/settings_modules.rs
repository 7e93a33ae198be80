//! Hand-written modules and parameter types from the settings: copied and declared, or a
//! located error.
use generator::config::{ModuleConfig, ParameterTypeConfig};
use generator::{generate, Config};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        '204': {description: ok}
"#;

fn settings(module: &str, rust_type: &str) -> Config {
    Config {
        modules: vec![ModuleConfig {
            name: module.to_owned(),
            file: "helpers.rs".to_owned(),
            source: Some("//! Helpers.\npub struct Query(pub String);\n".to_owned()),
        }],
        parameter_types: vec![ParameterTypeConfig {
            operation: "listThings".to_owned(),
            parameter: "q".to_owned(),
            rust_type: rust_type.to_owned(),
        }],
        ..Config::default()
    }
}

#[test]
fn modules_are_copied_and_parameters_take_their_types() {
    let generated =
        generate(SPEC, &settings("helpers", "crate::helpers::Query")).expect("generates");
    let file = |path: &str| generated.file(path).unwrap_or_else(|| panic!("no {path}"));
    assert!(file("src/helpers.rs").ends_with("pub struct Query(pub String);\n"));
    assert!(file("src/lib.rs").contains("pub mod helpers;"));
    assert!(file("src/operations.rs").contains("value: impl Into<crate::helpers::Query>"));
}

#[test]
fn bad_settings_are_located_errors() {
    for (module, rust_type, expected) in [
        ("types", "crate::helpers::Query", "modules[0]"),
        ("Helpers", "crate::helpers::Query", "modules[0]"),
        ("helpers; fn x() {}", "crate::helpers::Query", "modules[0]"),
        ("helpers", "Vec<u8> ; fn f()", "parameter_types[0]"),
        ("helpers", "<T as X>::Y", "parameter_types[0]"),
    ] {
        let errors = generate(SPEC, &settings(module, rust_type)).expect_err(module);
        assert!(
            errors.iter().any(|d| d.pointer.contains(expected)),
            "{module} / {rust_type}: {errors:?}"
        );
    }
    let mut unknown = settings("helpers", "crate::helpers::Query");
    unknown.parameter_types[0].parameter = "nope".to_owned();
    let errors = generate(SPEC, &unknown).expect_err("no such parameter");
    assert!(
        errors[0].message.contains("has no parameter `nope`"),
        "{errors:?}"
    );
}

/// Hand-written docs are appended to the crate docs and README as written (their code
/// blocks stay Rust, so they are doctests), while the spec's own text stays sanitized.
#[test]
fn hand_written_docs_are_appended_unsanitized_and_must_be_read() {
    let spec = SPEC.replace(
        "info: {title: t, version: '1'}",
        "info: {title: t, version: '1', description: \"```\\nspec_code();\\n```\"}",
    );
    let docs = "# Quick start\n\n```no_run\nlet _ = 1;\n```\n";
    let mut config = Config {
        docs: Some(generator::config::DocsConfig {
            file: "docs.md".to_owned(),
            source: Some(docs.to_owned()),
        }),
        ..Config::default()
    };
    let generated = generate(&spec, &config).expect("generates");
    let lib = generated.file("src/lib.rs").expect("lib.rs");
    assert!(
        lib.contains("//! ```no_run\n//! let _ = 1;\n//! ```"),
        "{lib}"
    );
    assert!(
        lib.contains("//! ```text\n//! spec_code();"),
        "spec text stays text: {lib}"
    );
    assert!(generated
        .file("README.md")
        .expect("README")
        .contains(docs.trim_end()));

    config.docs.as_mut().expect("docs").source = None;
    let errors = generate(&spec, &config).expect_err("unread docs");
    assert!(
        errors.iter().any(|d| d.pointer.contains("docs")),
        "{errors:?}"
    );
}
