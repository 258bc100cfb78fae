//! How the benchmarks time a query: the median and the worst of 25 runs.

use std::time::{Duration, Instant};

pub const RUNS: usize = 25;

/// Runs `run` [`RUNS`] times; its median and worst time, and what the last run found.
pub fn measure<F, Fut>(runtime: &tokio::runtime::Runtime, mut run: F) -> (Duration, Duration, u32)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = u32>,
{
    let mut times = Vec::with_capacity(RUNS);
    let mut found = 0;
    for _ in 0..RUNS {
        let began = Instant::now();
        found = runtime.block_on(run());
        times.push(began.elapsed());
    }
    times.sort();
    (times[RUNS / 2], times[RUNS - 1], found)
}
