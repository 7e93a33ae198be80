//! Compile cost for `cargo xtask bench`: `generated-client/` against the crate progenitor
//! makes of the same spec (`bench/progenitor-crate/` plus progenitor's output as its
//! `src/lib.rs`, built in `target/bench-compile/`). Each crate's dependencies are built
//! first; then, alternating between the two, the crate's `src/lib.rs` is touched and the
//! crate alone is checked or built in release without incremental compilation.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Rounds per measure; the median is reported.
const ROUNDS: usize = 5;

/// One compile measure: ours and progenitor's median time.
pub struct Cost {
    /// What was measured.
    pub label: &'static str,
    /// `generated-client/`.
    pub ours: Duration,
    /// progenitor's crate.
    pub theirs: Duration,
}

/// Measures `cargo check` and `cargo build --release` of both crates.
pub fn measure(root: &Path, cargo: &str, progenitor: &Path) -> Result<Vec<Cost>, String> {
    let dir = root.join("target/bench-compile");
    let krate = dir.join("progenitor-okta-users");
    std::fs::create_dir_all(krate.join("src")).map_err(|e| e.to_string())?;
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(
            root.join("bench/progenitor-crate").join(file),
            krate.join(file),
        )
        .map_err(|e| format!("{file}: {e}"))?;
    }
    let status = Command::new(progenitor)
        .arg(root.join("spec/okta-users.yaml"))
        .arg(krate.join("src/lib.rs"))
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("progenitor failed on spec/okta-users.yaml".into());
    }
    let ours = Side {
        lib: root.join("generated-client/src/lib.rs"),
        dir: root.to_path_buf(),
        args: vec!["--package".into(), "okta-users".into()],
        target: None,
    };
    let theirs = Side {
        lib: krate.join("src/lib.rs"),
        dir: krate,
        args: Vec::new(),
        target: Some(dir.join("target")),
    };
    let mut costs = Vec::new();
    for (label, build) in [
        ("touch + `cargo check` of okta-users alone", &["check"][..]),
        (
            "touch + release build of okta-users alone",
            &["build", "--release"][..],
        ),
    ] {
        // Dependencies first, so that only the crate itself is timed.
        ours.run(cargo, build)?;
        theirs.run(cargo, build)?;
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            a.push(ours.run(cargo, build)?);
            b.push(theirs.run(cargo, build)?);
        }
        costs.push(Cost {
            label,
            ours: median(a),
            theirs: median(b),
        });
    }
    Ok(costs)
}

struct Side {
    lib: PathBuf,
    dir: PathBuf,
    args: Vec<String>,
    target: Option<PathBuf>,
}

impl Side {
    /// Touches `src/lib.rs` and runs cargo; the time it took.
    fn run(&self, cargo: &str, build: &[&str]) -> Result<Duration, String> {
        let file = std::fs::File::options()
            .append(true)
            .open(&self.lib)
            .map_err(|e| format!("{}: {e}", self.lib.display()))?;
        file.set_modified(std::time::SystemTime::now())
            .map_err(|e| e.to_string())?;
        let mut command = Command::new(cargo);
        command
            .current_dir(&self.dir)
            .args(build)
            .args(["--quiet", "--locked", "--lib"])
            .args(&self.args)
            .env("CARGO_INCREMENTAL", "0");
        if let Some(target) = &self.target {
            command.env("CARGO_TARGET_DIR", target);
        }
        let start = Instant::now();
        let status = command.status().map_err(|e| e.to_string())?;
        let took = start.elapsed();
        if status.success() {
            Ok(took)
        } else {
            Err(format!("{command:?} failed: {status}"))
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
