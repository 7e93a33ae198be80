//! Whole-process generation, this repository's generator against progenitor (the
//! `progenitor-baseline` binary), each reading a spec and writing formatted Rust: progenitor
//! once formatting with prettyplease (as ours does) and once with rustfmt (as
//! `cargo-progenitor` does). The
//! binaries come from `cargo xtask bench` (`BENCH_GENERATOR`, `BENCH_PROGENITOR`); without
//! them this bench measures nothing. A spec progenitor cannot read is measured alone.
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

struct Spec {
    name: &'static str,
    path: PathBuf,
    config: Option<PathBuf>,
}

fn specs(root: &Path) -> Vec<Spec> {
    let mut specs = vec![
        Spec {
            name: "okta_users",
            path: root.join("spec/okta-users.yaml"),
            config: Some(root.join("spec/generator.yaml")),
        },
        Spec {
            name: "nexus",
            path: root.join("tests/specs/oxide-nexus.json"),
            config: None,
        },
        Spec {
            name: "prefect_v31",
            path: root.join("tests/specs/v31-prefect-server.json"),
            config: None,
        },
    ];
    // Fetched by hand into the git-ignored target directory (see BENCHMARKS.md).
    let management = root.join("target/okta-management/management-minimal.yaml");
    if management.exists() {
        specs.push(Spec {
            name: "okta_management",
            path: management,
            config: None,
        });
    }
    specs
}

fn run(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn generation(c: &mut Criterion) {
    let (Some(ours), Some(progenitor)) = (
        std::env::var_os("BENCH_GENERATOR"),
        std::env::var_os("BENCH_PROGENITOR"),
    ) else {
        eprintln!("generate: BENCH_GENERATOR/BENCH_PROGENITOR unset; run `cargo xtask bench`");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root");
    let scratch = root.join("target/bench-generate");
    for spec in specs(root) {
        let out = scratch.join(spec.name);
        let _ = std::fs::create_dir_all(&scratch);
        let ours_cmd = || {
            let mut cmd = Command::new(&ours);
            cmd.arg("generate")
                .arg("--spec")
                .arg(&spec.path)
                .arg("--out")
                .arg(&out);
            cmd.arg("--name").arg(spec.name.replace('_', "-"));
            if let Some(config) = &spec.config {
                cmd.arg("--config").arg(config);
            }
            cmd
        };
        let progenitor_out = scratch.join(format!("{}-progenitor.rs", spec.name));
        let theirs_cmd = || {
            let mut cmd = Command::new(&progenitor);
            cmd.arg(&spec.path).arg(&progenitor_out);
            cmd
        };
        // As `cargo-progenitor` formats: through rustfmt.
        let theirs_rustfmt_cmd = || {
            let mut cmd = Command::new(&progenitor);
            cmd.arg("--rustfmt").arg(&spec.path).arg(&progenitor_out);
            cmd
        };
        assert!(
            run(&mut ours_cmd()),
            "the generator failed on {}",
            spec.name
        );
        let progenitor_reads_it = run(&mut theirs_cmd());
        let mut group = c.benchmark_group(format!("generate_{}", spec.name));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("generated", |b| b.iter(|| assert!(run(&mut ours_cmd()))));
        if progenitor_reads_it {
            group.bench_function("progenitor", |b| b.iter(|| assert!(run(&mut theirs_cmd()))));
            group.bench_function("progenitor_rustfmt", |b| {
                b.iter(|| assert!(run(&mut theirs_rustfmt_cmd())))
            });
        } else {
            eprintln!(
                "generate: progenitor fails on {}; measured alone",
                spec.name
            );
        }
        group.finish();
    }
}

criterion_group!(benches, generation);
criterion_main!(benches);
