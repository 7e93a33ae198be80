//! Paired measurement: the generated client and its baseline timed in alternation, so that
//! a machine whose speed drifts during a run (other load, frequency changes) moves both
//! sides of each pair alike. Each round runs one batch of each side, in alternating order;
//! the figure is the median over rounds of the per-round ratio, beside each side's median
//! time per iteration.

use std::time::{Duration, Instant};

/// Target time of one batch (one side, one round).
const BATCH: Duration = Duration::from_millis(20);
/// Rounds measured (after one warm-up round).
const ROUNDS: usize = 41;

/// The medians of one paired measurement, in nanoseconds per iteration.
#[derive(Debug, Clone, Copy)]
pub struct Paired {
    pub ours: f64,
    pub theirs: f64,
    /// Median of the per-round ratios ours / theirs.
    pub ratio: f64,
}

impl Paired {
    /// One JSON line, as `cargo xtask bench` reads it.
    pub fn json(&self, group: &str) -> String {
        format!(
            "{{\"paired\":\"{group}\",\"ours\":{:.1},\"theirs\":{:.1},\"ratio\":{:.4}}}",
            self.ours, self.theirs, self.ratio
        )
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Times `ours` against `theirs`; each runs `n` iterations when called with `n`.
pub fn measure(mut ours: impl FnMut(u64), mut theirs: impl FnMut(u64)) -> Paired {
    // Iterations per batch: enough for the slower side's batch to take about BATCH.
    let mut n = 1u64;
    loop {
        let start = Instant::now();
        ours(n);
        theirs(n);
        if start.elapsed() >= BATCH * 2 || n >= 1 << 30 {
            break;
        }
        n *= 2;
    }
    let time = |f: &mut dyn FnMut(u64)| {
        let start = Instant::now();
        f(n);
        start.elapsed().as_nanos() as f64 / n as f64
    };
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..=ROUNDS {
        let (x, y) = if round % 2 == 0 {
            let x = time(&mut ours);
            (x, time(&mut theirs))
        } else {
            let y = time(&mut theirs);
            (time(&mut ours), y)
        };
        if round > 0 {
            a.push(x);
            b.push(y);
            r.push(x / y);
        }
    }
    Paired {
        ours: median(&mut a),
        theirs: median(&mut b),
        ratio: median(&mut r),
    }
}
