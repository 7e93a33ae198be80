//! The installed command: help, exit codes (0 ok, 1 errors in the spec or output, 2 usage),
//! a progress line per stage, `--check`, and an output directory it did not write refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A spec of the repository's fixtures.
fn fixture(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join("tests/fixtures").join(name).display().to_string()
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().expect("parent")).expect("scratch");
    dir
}

#[test]
fn help_documents_every_option_and_exit_code() {
    for args in [&["--help"][..], &["generate", "--help"][..], &["-h"][..]] {
        let output = run(args);
        assert_eq!(code(&output), 0, "{args:?}");
        let help = text(&output.stdout);
        for option in [
            "--spec",
            "--out",
            "--config",
            "--name",
            "--runtime",
            "--strict",
            "--tag-features",
            "--check",
            "--quiet",
        ] {
            assert!(help.contains(option), "{option} undocumented");
        }
        for exit in ["0   ", "1   ", "2   "] {
            assert!(help.contains(exit), "exit code {exit:?} undocumented");
        }
    }
    let version = run(&["--version"]);
    assert_eq!(code(&version), 0);
    assert!(text(&version.stdout).starts_with("openapi-client-gen "));
}

#[test]
fn usage_errors_exit_2_and_say_why() {
    let out = scratch("usage").display().to_string();
    let spec = fixture("bodies.yaml");
    for (args, why) in [
        (vec![], "no command"),
        (vec!["frobnicate"], "unknown command"),
        (vec!["generate", "--out", &out], "--spec FILE is required"),
        (vec!["generate", "--spec", &spec], "--out DIR is required"),
        (vec!["generate", "--spec"], "--spec needs a value"),
        (
            vec!["generate", "--spec", &spec, "--out", &out, "--bogus"],
            "unknown option",
        ),
        (
            vec![
                "generate",
                "--spec",
                &spec,
                "--out",
                &out,
                "--runtime",
                "git",
            ],
            "unknown --runtime",
        ),
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(
            text(&output.stderr).contains(why),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    assert!(!Path::new(&out).exists(), "nothing written");
}

#[test]
fn spec_errors_and_unreadable_inputs_exit_1() {
    let dir = scratch("errors");
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("swagger2.yaml");
    std::fs::write(
        &bad,
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .expect("spec");
    let out = dir.join("out").display().to_string();
    let missing = dir.join("missing.yaml").display().to_string();
    for spec in [bad.display().to_string(), missing] {
        let output = run(&["generate", "--spec", &spec, "--out", &out]);
        assert_eq!(code(&output), 1, "{spec}: {}", text(&output.stderr));
        assert!(
            text(&output.stderr).contains(&spec),
            "the message names the input"
        );
    }
    assert!(!Path::new(&out).exists(), "nothing written");
}

#[test]
fn a_refused_path_key_leaves_out_its_operations_unless_strict() {
    let dir = scratch("refused-key");
    let spec = fixture("hostile-paths.yaml");
    let out = dir.join("out").display().to_string();
    let output = run(&["generate", "--spec", &spec, "--out", &out, "--quiet"]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let warnings = text(&output.stderr);
    assert!(
        warnings.contains("warning: #/paths/~1users~1..~1admin: unusable path key"),
        "located: {warnings}"
    );
    let ops = std::fs::read_to_string(dir.join("out/src/operations.rs")).expect("written");
    assert!(ops.contains("fn get_org_user(") && !ops.contains("fn get_admin("));

    let strict_out = dir.join("strict").display().to_string();
    let strict = run(&[
        "generate",
        "--spec",
        &spec,
        "--out",
        &strict_out,
        "--strict",
    ]);
    assert_eq!(code(&strict), 1, "{}", text(&strict.stderr));
    assert!(text(&strict.stderr).contains("error: #/paths/~1users~1..~1admin: unusable path key"));
    assert!(!Path::new(&strict_out).exists(), "nothing written");
}

#[test]
fn generates_with_progress_then_checks_and_refuses_foreign_directories() {
    let out = scratch("generate");
    let out_arg = out.display().to_string();
    let spec = fixture("bodies.yaml");
    let output = run(&[
        "generate",
        "--spec",
        &spec,
        "--out",
        &out_arg,
        "--name",
        "bodies-client",
    ]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let progress = text(&output.stderr);
    for stage in ["read: ", "lower: ", "emit: "] {
        assert!(progress.contains(stage), "no {stage} line in {progress}");
    }
    assert!(text(&output.stdout).starts_with(&format!("generated {out_arg}: ")));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"bodies-client\""));
    assert!(
        manifest.contains("client-runtime = { version = "),
        "the published runtime by default"
    );

    let check = run(&[
        "generate",
        "--spec",
        &spec,
        "--out",
        &out_arg,
        "--name",
        "bodies-client",
        "--check",
        "--quiet",
    ]);
    assert_eq!(code(&check), 0, "{}", text(&check.stderr));
    assert!(text(&check.stderr).is_empty(), "--quiet prints no progress");
    std::fs::write(out.join("src/types.rs"), "// edited\n").expect("edit");
    let stale = run(&[
        "generate",
        "--spec",
        &spec,
        "--out",
        &out_arg,
        "--name",
        "bodies-client",
        "--check",
    ]);
    assert_eq!(code(&stale), 1);
    assert!(text(&stale.stderr).contains("stale: "));

    let foreign = scratch("foreign");
    std::fs::create_dir_all(&foreign).expect("dir");
    std::fs::write(foreign.join("notes.txt"), "mine").expect("file");
    let refused = run(&[
        "generate",
        "--spec",
        &spec,
        "--out",
        &foreign.display().to_string(),
    ]);
    assert_eq!(code(&refused), 1);
    let entries: Vec<_> = std::fs::read_dir(&foreign)
        .expect("dir")
        .flatten()
        .collect();
    assert_eq!(entries.len(), 1, "nothing added");
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).expect("file"),
        "mine"
    );
}
