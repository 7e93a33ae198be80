//! Every real-world spec in `tests/specs/` and every fixture in `tests/fixtures/`
//! generates a standalone crate that compiles with zero warnings, and whose models
//! round-trip every `example` of the spec that has a schema.
//!
//! All crates go into one throwaway workspace under the target directory
//! (`CARGO_TARGET_TMPDIR`, which follows `CARGO_TARGET_DIR`; nothing is written into the
//! source tree), built into the repository's own target directory so that their
//! dependencies are the ones already built; the root `Cargo.lock` is copied in so they resolve to the same
//! versions as `generated-client/` (already downloaded by the time this test runs).

mod examples;
mod intersections;

use generator::ir::{TypeKind, TypeRef};
use okta_users_tests::{fixtures_dir, root, shared_specs_dir, specs_in};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Instant;
use xtask::RuntimeSource;

/// Real-world specs that must be present (`tests/specs/README.md` lists twelve).
const SHARED_SPECS: usize = 12;

/// What generating one crate produced.
struct Generated {
    name: String,
    lines: usize,
    millis: u128,
    warnings: usize,
    examples: usize,
}

/// Generates the crate for `spec` into `dir/<name>`, plus `tests/examples.rs` that
/// round-trips the spec's examples through the generated types.
fn generate_into(spec: &Path, settings: Option<&Path>, dir: &Path) -> Generated {
    generate_with(
        spec,
        settings,
        dir,
        None,
        &xtask::this_repository_runtime(),
        xtask::Flags::default(),
    )
}

/// Like [`generate_into`], with a crate name of its own and a runtime source.
fn generate_with(
    spec: &Path,
    settings: Option<&Path>,
    dir: &Path,
    name: Option<&str>,
    runtime: &RuntimeSource,
    flags: xtask::Flags,
) -> Generated {
    let name = name.map_or_else(|| xtask::default_crate_name(spec), str::to_owned);
    let mut result = xtask::run_with(spec, settings, Some(&name), flags, runtime)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    if *runtime == RuntimeSource::Vendored {
        let vendored = xtask::vendored_runtime_files().expect("runtime sources");
        result.generated.files.extend(vendored);
    }
    let crate_dir = dir.join(&name);
    xtask::write(&crate_dir, &result.generated.files).expect("crate written");

    let text = std::fs::read_to_string(spec).expect("spec");
    // The tree the generator reads (3.1 `examples` arrays already read as `example`).
    let doc: Value = generator::load_document(&text).expect("spec parses");
    let config = match settings {
        Some(path) => {
            generator::Config::from_yaml(&std::fs::read_to_string(path).expect("settings"))
                .expect("settings parse")
        }
        None => generator::Config::default(),
    };
    let (api, _) = generator::lower(&text, &config).expect("spec lowers");
    let type_def = |ptr: &str| api.types.iter().find(|t| t.pointer.as_deref() == Some(ptr));
    let type_of = |ptr: &str| type_def(ptr).map(|t| t.name.clone());
    let field_type = |ptr: &str, prop: &str| match &type_def(ptr)?.kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .find(|f| f.json_name == prop)
            .map(|f| rust_type(&f.ty)),
        _ => None,
    };
    let found = examples::collect(&doc, &type_of, &field_type);
    std::fs::create_dir_all(crate_dir.join("tests")).expect("tests dir");
    std::fs::write(
        crate_dir.join("tests/examples.rs"),
        examples::test_file(&name, &found),
    )
    .expect("examples test");

    Generated {
        lines: result.lines(),
        millis: result.millis,
        warnings: result.generated.diagnostics.len(),
        examples: found.len(),
        name,
    }
}

/// A test of the generated petstore crate's typed mocks (feature `mocks`).
const PETSTORE_TYPED_MOCKS: &str = r#"
use oai_petstore::mocks::{when, wiremock::MockServer};
use oai_petstore::types::Pet;

#[tokio::test]
async fn typed_mocks_answer_what_the_builders_send() {
    let server = MockServer::start().await;
    let client = oai_petstore::Client::builder()
        .base_url(server.uri())
        .allow_http_on_loopback()
        .build()
        .unwrap();
    let pet = |id: i64, name: &str| {
        let mut pet = Pet::default();
        pet.id = id;
        pet.name = name.to_owned();
        pet
    };
    let pets = vec![pet(1, "Tom"), pet(2, "Kit")];
    when(&client.list_pets().limit(2)).respond(200, &pets).expect(1).mount(&server).await;
    when(&client.show_pet_by_id("1")).respond(200, &pets[0]).mount(&server).await;

    let listed = client.list_pets().limit(2).send().await.unwrap();
    assert_eq!(listed.body().len(), 2);
    let one = client.show_pet_by_id("1").send().await.unwrap();
    assert_eq!(one.body().name, "Tom");
    // Not what was mocked: another id.
    assert!(client.show_pet_by_id("2").send().await.is_err());
}
"#;

/// The repository's own target directory, shared by the throwaway workspaces: the
/// dependencies are already built there when this test runs (a fresh clone would otherwise
/// build them all a second time). Nesting is safe: cargo releases the directory's lock
/// before it runs the tests.
fn shared_target() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target directory")
        .to_path_buf()
}

/// Cargo in `dir` with the shared target directory. Warnings are not made errors with
/// `RUSTFLAGS`, which would rebuild every dependency: callers check stderr with
/// [`assert_clean`] instead (cargo shows, and replays from its cache, the warnings of every
/// path crate).
fn cargo_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target())
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// `output` succeeded without a warning.
fn assert_clean(output: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning"),
        "{what}:\n{stderr}\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The Rust spelling of a field type, as seen from a test of the generated crate.
fn rust_type(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".to_owned(),
        TypeRef::Secret => "Secret".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Int(n) | TypeRef::Float(n) => (*n).to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Json | TypeRef::Bytes | TypeRef::Multipart => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(n) => format!("types::{n}"),
        TypeRef::List(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Tuple(items) => format!(
            "({})",
            items.iter().map(|t| rust_type(t) + ",").collect::<String>()
        ),
        TypeRef::Map(inner) => format!("std::collections::BTreeMap<String, {}>", rust_type(inner)),
    }
}

/// Writes a spec of `count` compatible `allOf` pairs drawn with a fixed seed (the same
/// sample every run) into `work`; returns its path.
fn intersection_sample(work: &Path, count: usize) -> std::path::PathBuf {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = intersections::object_pairs();
    let pairs: Vec<intersections::Pair> = (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a pair").current())
        .collect();
    let path = work.join("allof-intersections.json");
    let text = serde_json::to_string_pretty(&intersections::spec(&pairs)).expect("spec");
    std::fs::write(&path, text).expect("sample spec written");
    path
}

#[test]
fn every_spec_generates_a_crate_that_compiles_without_warnings() {
    let work = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("standalone");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates).expect("work dir");

    let shared = specs_in(&shared_specs_dir(), &["yaml", "yml", "json"]);
    assert_eq!(
        shared.len(),
        SHARED_SPECS,
        "expected the twelve real-world specs"
    );
    let fixtures = specs_in(&fixtures_dir(), &["yaml"]);
    let okta = xtask::Project::checked_in();
    let specs = std::iter::once((okta.spec.as_path(), okta.config.as_deref()))
        .chain(shared.iter().chain(&fixtures).map(|s| (s.as_path(), None)));
    let mut members = Vec::new();
    let mut examples = 0;
    for (spec, settings) in specs {
        let g = generate_into(spec, settings, &crates);
        eprintln!(
            "{:<28} {:>6} lines {:>5} ms {:>3} warnings {:>3} examples",
            g.name, g.lines, g.millis, g.warnings, g.examples
        );
        examples += g.examples;
        members.push(format!("\"crates/{}\"", g.name));
    }
    assert!(
        examples >= 20,
        "only {examples} examples found; the collector is broken"
    );
    // A sample of random compatible `allOf` pairs, each with a value valid for both as its
    // example: the value decodes into the merged type and re-encodes unchanged.
    let sample = intersection_sample(&work, 200);
    let g = generate_into(&sample, None, &crates);
    assert_eq!(g.examples, 200, "one example per pair");
    members.push(format!("\"crates/{}\"", g.name));
    // One crate takes the runtime by version, as it would once published; the patch
    // points that version at this repository's runtime.
    let petstore = shared_specs_dir().join("oai-petstore.yaml");
    let by_version = "oai-petstore-by-version";
    generate_with(
        &petstore,
        None,
        &crates,
        Some(by_version),
        &RuntimeSource::Version,
        xtask::Flags::default(),
    );
    members.push(format!("\"crates/{by_version}\""));
    // One crate has a feature per tag; below it is also checked with one tag only.
    let by_tag = "oxide-nexus-by-tag";
    generate_with(
        &shared_specs_dir().join("oxide-nexus.json"),
        None,
        &crates,
        Some(by_tag),
        &xtask::this_repository_runtime(),
        xtask::Flags {
            tag_features: true,
            ..xtask::Flags::default()
        },
    );
    members.push(format!("\"crates/{by_tag}\""));
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[patch.crates-io]\nclient-runtime = {{ path = {:?} }}\n",
        members.join(", "),
        root().join("runtime").display().to_string()
    );
    std::fs::write(work.join("Cargo.toml"), manifest).expect("workspace manifest");
    let lock = root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, work.join("Cargo.lock")).expect("lock copied");
    }

    let start = Instant::now();
    let output = cargo_in(
        &work,
        &[
            "test",
            "--workspace",
            "--quiet",
            "--message-format=short",
            "--test",
            "examples",
        ],
    );
    eprintln!(
        "build and example round trips of {} crates: {:.1} s",
        members.len(),
        start.elapsed().as_secs_f64()
    );
    assert_clean(
        &output,
        "generated crates fail to build without warnings or to round-trip examples",
    );
    // Typed mocks on another spec than Okta's: petstore's listPets and showPetById.
    std::fs::write(
        crates.join("oai-petstore/tests/typed_mocks.rs"),
        PETSTORE_TYPED_MOCKS,
    )
    .expect("typed mocks test");
    let output = cargo_in(
        &work,
        &[
            "test",
            "--quiet",
            "--message-format=short",
            "--package",
            "oai-petstore",
            "--features",
            "mocks",
            "--test",
            "typed_mocks",
        ],
    );
    assert_clean(&output, "typed mocks of the petstore crate");
    // With one tag's feature (and with none) the crate still compiles without warnings.
    for features in [&["--features", "disks"][..], &[]] {
        let mut args = vec![
            "check",
            "--quiet",
            "--message-format=short",
            "--package",
            by_tag,
            "--no-default-features",
        ];
        args.extend_from_slice(features);
        let output = cargo_in(&work, &args);
        assert_clean(&output, &format!("{by_tag} with features {features:?}"));
    }

    // A crate with a vendored copy of the runtime builds on its own (its own workspace: the
    // copy is a second package of the same name and version).
    let vendored_dir = work.join("vendored");
    let _ = std::fs::remove_dir_all(&vendored_dir);
    let vendored = "oai-petstore-vendored";
    generate_with(
        &petstore,
        None,
        &vendored_dir,
        Some(vendored),
        &RuntimeSource::Vendored,
        xtask::Flags::default(),
    );
    std::fs::write(
        vendored_dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [\"{vendored}\"]\n"),
    )
    .expect("vendored workspace");
    if lock.exists() {
        std::fs::copy(&lock, vendored_dir.join("Cargo.lock")).expect("lock copied");
    }
    let output = cargo_in(
        &vendored_dir,
        &["check", "--quiet", "--message-format=short"],
    );
    assert_clean(&output, "the crate with a vendored runtime");

    // Spec text crafted as code (tests/fixtures/hostile-docs.yaml) yields no doctest at all:
    // none compiled, none run, none ignored.
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["test", "--doc", "--package", "hostile-docs"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", shared_target())
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let counts: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("running "))
        .collect();
    assert!(
        output.status.success() && !counts.is_empty() && counts.iter().all(|c| c.starts_with("0 ")),
        "doctests made from spec text:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
