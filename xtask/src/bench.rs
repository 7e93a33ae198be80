//! `cargo xtask bench`: builds the generator and the progenitor baseline in release, runs the
//! criterion benches of `bench/`, the memory probe and the compile-cost comparison
//! ([`crate::compile_cost`]), then prints every measure as a ratio against its baseline from
//! the same run, beside the target it is held to.
use std::path::Path;
use std::process::{Command, ExitCode};

/// One row of the report: a criterion group and the side it is divided by.
struct Row {
    group: &'static str,
    label: &'static str,
    baseline: &'static str,
    target: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        group: "generate_okta_users",
        label: "generate spec/okta-users.yaml, vs progenitor + prettyplease",
        baseline: "progenitor",
        target: "≤ 0.2×",
    },
    Row {
        group: "generate_okta_users",
        label: "generate spec/okta-users.yaml, vs progenitor + rustfmt (cargo-progenitor)",
        baseline: "progenitor_rustfmt",
        target: "≤ 0.2×",
    },
    Row {
        group: "generate_nexus",
        label: "generate oxide-nexus.json (193 ops), vs progenitor + prettyplease",
        baseline: "progenitor",
        target: "≤ 0.2×",
    },
    Row {
        group: "generate_nexus",
        label: "generate oxide-nexus.json, vs progenitor + rustfmt (cargo-progenitor)",
        baseline: "progenitor_rustfmt",
        target: "≤ 0.2×",
    },
    Row {
        group: "generate_prefect_v31",
        label: "generate v31-prefect-server.json (largest test spec, 3.1)",
        baseline: "progenitor",
        target: "(progenitor reads no 3.1)",
    },
    Row {
        group: "generate_okta_management",
        label: "generate Okta management (732 ops)",
        baseline: "progenitor",
        target: "≤ 0.5 s",
    },
];

/// The client measures, each timed in alternation with the hand-written baseline
/// (`bench/src/paired.rs`): group, label, target.
const PAIRED_ROWS: &[(&str, &str, &str)] = &[
    ("get_user", "getUser round trip on loopback", "≤ 1.03×"),
    ("list_page", "one listUsers page (200 users)", "—"),
    ("stream_50_pages", "stream 50 pages of 200 users", "≤ 1.05×"),
    (
        "decode_user",
        "decode the getUser body (one user, lifecycle links)",
        "—",
    ),
    (
        "decode_page",
        "decode a 200-user page (custom attributes, undeclared keys)",
        "≤ 1.05×",
    ),
    (
        "decode_page_declared_keys",
        "decode the same page, declared keys only",
        "—",
    ),
];

/// Runs everything; `filter` (criterion's) narrows the timed benches and skips the
/// compile-cost measures and the synthetic specs, which `scaling` alone selects.
pub fn bench(root: &Path, filter: Option<&str>) -> Result<ExitCode, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = root.join("target");
    cargo_run(Command::new(&cargo).current_dir(root).args([
        "build",
        "--release",
        "--locked",
        "-p",
        "xtask",
    ]))?;
    let progenitor_target = target.join("progenitor-baseline");
    cargo_run(
        Command::new(&cargo)
            .current_dir(root.join("bench/progenitor-baseline"))
            .args(["build", "--release", "--locked", "--target-dir"])
            .arg(&progenitor_target),
    )?;
    let memory = Command::new(&cargo)
        .current_dir(root)
        .args(["bench", "--locked", "-p", "bench", "--bench", "memory"])
        .output()
        .map_err(|e| format!("cargo bench: {e}"))?;
    if !memory.status.success() {
        return Err(format!(
            "memory bench failed:\n{}",
            String::from_utf8_lossy(&memory.stderr)
        ));
    }
    let mut client = Command::new(&cargo);
    client
        .current_dir(root)
        .args(["bench", "--locked", "-p", "bench", "--bench", "client"]);
    if let Some(filter) = filter {
        client.args(["--", filter]);
    }
    let client = client
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo bench: {e}"))?;
    if !client.status.success() {
        return Err("client bench failed".to_owned());
    }
    let mut timed = Command::new(&cargo);
    timed
        .current_dir(root)
        .args(["bench", "--locked", "-p", "bench", "--bench", "generate"])
        .env("BENCH_GENERATOR", target.join("release/xtask"))
        .env(
            "BENCH_PROGENITOR",
            progenitor_target.join("release/progenitor-baseline"),
        );
    if let Some(filter) = filter {
        timed.args(["--", filter]);
    }
    cargo_run(&mut timed)?;
    let scaling = if filter.is_none_or(|f| f == "scaling") {
        scaling(&target)?
    } else {
        String::new()
    };
    let compile = if filter.is_none() {
        crate::compile_cost::measure(
            root,
            &cargo,
            &progenitor_target.join("release/progenitor-baseline"),
        )?
    } else {
        Vec::new()
    };
    println!(
        "{}{scaling}",
        report(
            &target.join("criterion"),
            &String::from_utf8_lossy(&client.stdout),
            &String::from_utf8_lossy(&memory.stdout),
            &compile
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Whole-process generation of synthetic specs of 4,000 and 16,000 schemas
/// ([`crate::synthetic::schemas_spec`], ten cross-references each) by the release
/// generator: the 16,000 figure against its 10 s target, and time per schema at both sizes
/// (flat means linear). Rows of the report's table.
fn scaling(target: &Path) -> Result<String, String> {
    let dir = target.join("bench-synthetic");
    let generator = target.join("release/xtask");
    let mut rows = String::new();
    let mut per_schema = Vec::new();
    for schemas in [4_000, 16_000] {
        let spec = dir.join(format!("schemas-{schemas}.json"));
        let out = dir.join(format!("out-{schemas}"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(&spec, crate::synthetic::schemas_spec(schemas, 10))
            .map_err(|e| format!("{}: {e}", spec.display()))?;
        let _ = std::fs::remove_dir_all(&out);
        let start = std::time::Instant::now();
        let status = Command::new(&generator)
            .args(["generate", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", generator.display()))?;
        let elapsed = start.elapsed().as_secs_f64();
        let _ = std::fs::remove_dir_all(&out);
        if !status.success() {
            return Err(format!("generating {} failed", spec.display()));
        }
        per_schema.push(elapsed * 1e3 / schemas as f64);
        if schemas == 16_000 {
            rows += &format!(
                "| generate a 16,000-schema synthetic spec, whole process | {elapsed:.2} s | | | ≤ 10 s |\n"
            );
        }
    }
    rows += &format!(
        "| time per schema, 4,000 vs 16,000 schemas | {:.2} ms vs {:.2} ms | | {:.3}× | flat |\n",
        per_schema[0],
        per_schema[1],
        per_schema[1] / per_schema[0]
    );
    Ok(rows)
}

fn cargo_run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("{command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {status}"))
    }
}

/// The median of a criterion measurement, in nanoseconds.
fn median(criterion: &Path, group: &str, function: &str) -> Option<f64> {
    let path = criterion
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn human(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.3} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n => format!("{:.1} µs", n / 1e3),
    }
}

/// The Markdown table of ratios (BENCHMARKS.md holds the latest one).
fn report(
    criterion: &Path,
    paired: &str,
    memory: &str,
    compile: &[crate::compile_cost::Cost],
) -> String {
    let mut out = String::from(
        "| measure | generated | baseline | ratio | target |\n|---|---|---|---|---|\n",
    );
    for row in ROWS {
        let Some(ours) = median(criterion, row.group, "generated") else {
            continue;
        };
        let (theirs, ratio) = match median(criterion, row.group, row.baseline) {
            Some(theirs) => (
                format!("{} ({})", human(theirs), row.baseline.replace('_', " + ")),
                format!("{:.3}×", ours / theirs),
            ),
            None => (format!("{} fails", row.baseline), "—".to_owned()),
        };
        out += &format!(
            "| {} | {} | {theirs} | {ratio} | {} |\n",
            row.label,
            human(ours),
            row.target
        );
    }
    let paired: Vec<serde_json::Value> = paired
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    for (group, label, target) in PAIRED_ROWS {
        let Some(line) = paired.iter().find(|l| l["paired"] == *group) else {
            continue;
        };
        let number = |key: &str| line[key].as_f64().unwrap_or(f64::NAN);
        out += &format!(
            "| {label} | {} | {} (hand) | {:.3}× (paired median) | {target} |\n",
            human(number("ours")),
            human(number("theirs")),
            number("ratio")
        );
    }
    for cost in compile {
        out += &format!(
            "| {} | {:.2} s | {:.2} s (progenitor) | {:.3}× | ≤ 1.0× |\n",
            cost.label,
            cost.ours.as_secs_f64(),
            cost.theirs.as_secs_f64(),
            cost.ours.as_secs_f64() / cost.theirs.as_secs_f64()
        );
    }
    let lines: Vec<serde_json::Value> = memory
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let side = |name: &str, key: &str| {
        lines
            .iter()
            .find(|l| l["memory"] == name)
            .and_then(|l| l[key].as_f64())
    };
    for (key, label, target) in [
        ("peak", "peak heap, collecting 10,000 users", "≤ 1.20×"),
        ("retained", "heap held by 10,000 users", "≤ 1.20×"),
    ] {
        if let (Some(ours), Some(theirs)) = (side("generated", key), side("hand", key)) {
            out += &format!(
                "| {label} | {:.1} MB | {:.1} MB (hand) | {:.3}× | {target} |\n",
                ours / 1e6,
                theirs / 1e6,
                ours / theirs
            );
        }
    }
    if let (Some(ours), Some(theirs)) = (
        side("generated_declared", "retained"),
        side("hand", "retained"),
    ) {
        out += &format!(
            "| heap held by 10,000 users, declared keys only | {:.1} MB | {:.1} MB (hand) | {:.3}× | — |\n",
            ours / 1e6,
            theirs / 1e6,
            ours / theirs
        );
    }
    if let Some(sizes) = lines.iter().find(|l| l.get("size_of").is_some()) {
        out += &format!(
            "| `size_of::<User>()` | {} B | {} B (hand) | | |\n",
            sizes["size_of"]["generated"], sizes["size_of"]["hand"]
        );
    }
    out
}
