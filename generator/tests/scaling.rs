//! Specs built to make generation explode (an `allOf` listing its own schema twice, long
//! `$ref` chains, cycles through every schema, thousands of colliding names) generate.
//! Each runs under a watchdog: the old exponential and quadratic paths took minutes to
//! forever here; linear generation takes seconds even in a debug build. The scaling figures
//! themselves come from `cargo run --release -p xtask --example scaling`.

use generator::{generate, Config};
use std::sync::mpsc;
use std::time::Duration;

/// Generates `spec` on another thread; panics if it takes longer than `limit`.
fn generates_within(spec: String, limit: Duration) -> generator::Generated {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(generate(&spec, &Config::default()));
    });
    receive
        .recv_timeout(limit)
        .expect("generation did not finish: super-linear path")
        .expect("generates")
}

fn self_referencing_allof(depth: usize) -> String {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "Loop": {"allOf": vec![serde_json::json!({"$ref": "#/components/schemas/Loop"}); depth]
                .into_iter()
                .chain([serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}})])
                .collect::<Vec<_>>()}
        }}
    })
    .to_string()
}

#[test]
fn an_allof_listing_itself_is_linear() {
    let generated = generates_within(self_referencing_allof(40), Duration::from_secs(60));
    assert_eq!(generated.types, 1);
}

#[test]
fn thousands_of_cross_referencing_schemas_generate() {
    let spec = xtask_free_schemas_spec();
    let generated = generates_within(spec, Duration::from_secs(120));
    assert_eq!(generated.types, 3 * 600);
}

#[test]
fn fifty_thousand_colliding_enum_values_generate() {
    let values: Vec<String> = (0..50_000)
        .map(|i| ["a-{}", "a_{}", "A{}", "a.{}", "a {}"][i % 5].replace("{}", &(i / 5).to_string()))
        .collect();
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Big": {"type": "string", "enum": values}}}
    });
    let generated = generates_within(spec.to_string(), Duration::from_secs(120));
    let types = generated.file("src/types.rs").expect("types");
    assert!(types.contains("A9999_5"), "collisions get distinct names");
}

/// 600 schemas that each refer to 10 others (cycles everywhere), each with an alias in a
/// chain of up to 50 `$ref`s and a self-listing `allOf`: the shape of
/// `xtask::synthetic::schemas_spec`, which this crate cannot depend on.
fn xtask_free_schemas_spec() -> String {
    let n = 600;
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let mut props = serde_json::Map::new();
        for r in 0..10 {
            let target = (i * 7 + r * 13 + 1) % n;
            props.insert(
                format!("p{r}"),
                serde_json::json!({"$ref": format!("#/components/schemas/S{target}")}),
            );
        }
        props.insert("user_type".into(), serde_json::json!({"type": "string"}));
        props.insert("UserType".into(), serde_json::json!({"type": "integer"}));
        schemas.insert(
            format!("S{i}"),
            serde_json::json!({"type": "object", "properties": props}),
        );
        let next = if (i + 1) % 50 == 0 {
            format!("S{i}")
        } else {
            format!("Alias{}", i + 1)
        };
        schemas.insert(
            format!("Alias{i}"),
            serde_json::json!({"$ref": format!("#/components/schemas/{next}")}),
        );
        schemas.insert(
            format!("Same{i}"),
            serde_json::json!({"allOf": [
                {"$ref": format!("#/components/schemas/Same{i}")},
                {"$ref": format!("#/components/schemas/Same{i}")},
                {"$ref": format!("#/components/schemas/S{i}")}
            ]}),
        );
    }
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// Large files are formatted by several workers; the output must not depend on which
/// worker formatted which chunk.
#[test]
fn parallel_formatting_gives_the_same_bytes_every_run() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/specs/oxide-nexus.json"
    ))
    .expect("nexus spec in tests/specs");
    let config = generator::Config {
        tag_features: true,
        ..generator::Config::default()
    };
    let first = generator::generate(&spec, &config).expect("generates");
    assert!(first.types > 64, "large enough to be formatted in parallel");
    for _ in 0..3 {
        let again = generator::generate(&spec, &config).expect("generates");
        assert!(again.files == first.files, "output differs between runs");
    }
}
