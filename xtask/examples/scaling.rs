//! How generation time and output grow with spec size, on synthetic specs (see
//! `xtask::synthetic`): 1k, 4k and 16k schemas with 10 references each, and one enum of
//! 50k values whose names collide.
//!
//! `cargo run --release -p xtask --example scaling` prints one row per spec. Peak memory is
//! the process's, so measure it per size: `... --example scaling -- 16000`.

use std::time::Instant;

fn main() {
    let sizes: Vec<usize> = match std::env::args().nth(1) {
        Some(n) => vec![n.parse().expect("a number of schemas")],
        None => vec![1000, 4000, 16000],
    };
    println!("| spec | bytes | types | generation | per schema | lines |");
    println!("|---|---|---|---|---|---|");
    for n in sizes {
        row(
            &format!("{n} schemas"),
            &xtask::synthetic::schemas_spec(n, 10),
            n,
        );
    }
    row(
        "50k enum values",
        &xtask::synthetic::enum_spec(50_000),
        50_000,
    );
}

fn row(label: &str, spec: &str, units: usize) {
    let started = Instant::now();
    let generated = generator::generate(spec, &generator::Config::default())
        .unwrap_or_else(|d| panic!("{label}: {:?}", d.first()));
    let elapsed = started.elapsed();
    let lines: usize = generated
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    println!(
        "| {label} | {} | {} | {:.2} s | {:.1} µs | {lines} |",
        spec.len(),
        generated.types,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / units as f64
    );
}
