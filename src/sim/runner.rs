//! Running a study's runs on several threads with results that do not depend on how many.
//!
//! Runs are cut into chunks of [`CHUNK_RUNS`] consecutive run indices, a size fixed
//! independently of the thread count. Worker threads (`std::thread::scope`) take the next
//! chunk from an atomic counter, simulate each of its runs under every rule set (the same
//! run index, hence the same draws, under each: common random numbers), and tally them in
//! a per-chunk accumulator. Finished chunks are merged into the study's tally strictly in
//! chunk order, through a small reorder buffer, so the reduction is sequential and
//! deterministic (the integer sums would in fact merge identically in any order). Memory
//! holds a few chunk tallies at a time, whatever the number of runs.
//!
//! A progress bar is drawn on stderr only when asked for (the command asks when stderr is
//! a terminal).

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::engine::{self, Plan, RunOutcome, RunSettings, RunStart};
use super::profile::Profile;
use super::stats::RuleSetTally;

/// Runs per chunk: the unit of work and of reduction.
pub const CHUNK_RUNS: u64 = 512;

/// The most threads a study may use.
pub const MAX_THREADS: usize = 256;

/// What a study accumulated: one tally per rule set, in the study's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudyTally {
    /// Per rule set.
    pub rule_sets: Vec<RuleSetTally>,
}

impl StudyTally {
    /// Empty tallies for `count` rule sets over a horizon of `horizon_days`.
    pub fn new(count: usize, horizon_days: u32) -> StudyTally {
        StudyTally {
            rule_sets: (0..count)
                .map(|_| RuleSetTally::new(horizon_days))
                .collect(),
        }
    }

    /// Adds everything `other` holds (exact, and the same in any order).
    pub fn merge(&mut self, other: &StudyTally) {
        for (mine, theirs) in self.rule_sets.iter_mut().zip(&other.rule_sets) {
            mine.merge(theirs);
        }
    }

    /// Events simulated over all rule sets.
    pub fn events(&self) -> u64 {
        self.rule_sets.iter().map(|tally| tally.events).sum()
    }
}

/// How to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunnerOptions {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Whether to draw a progress bar on stderr.
    pub progress: bool,
}

/// Simulates `runs` runs under each plan (`baseline` indexes the plan the differences are
/// taken against) and returns the tallies.
pub fn run(
    plans: &[Plan],
    baseline: usize,
    profile: &Profile,
    settings: &RunSettings,
    runs: u64,
    options: RunnerOptions,
) -> StudyTally {
    run_range(plans, baseline, profile, settings, 0..runs, options)
}

/// Simulates the runs numbered `range` (a shard of a study: run *i* draws the same numbers
/// whichever shard runs it) and returns their tallies.
pub fn run_range(
    plans: &[Plan],
    baseline: usize,
    profile: &Profile,
    settings: &RunSettings,
    range: Range<u64>,
    options: RunnerOptions,
) -> StudyTally {
    let offset = range.start;
    let runs = range.end.saturating_sub(range.start);
    let chunks = runs.div_ceil(CHUNK_RUNS);
    let threads = options
        .threads
        .clamp(1, MAX_THREADS)
        .min(chunks.max(1) as usize);
    let next_chunk = AtomicU64::new(0);
    let done_runs = AtomicU64::new(0);
    let workers_done = AtomicU64::new(0);
    let reduction = Mutex::new(Reduction {
        total: StudyTally::new(plans.len(), settings.horizon_days),
        next: 0,
        waiting: BTreeMap::new(),
    });
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                // Counts this worker as done even if it unwinds, so the progress bar ends.
                let _done = WorkerDone(&workers_done);
                let mut outcomes = vec![RunOutcome::default(); plans.len()];
                loop {
                    let chunk = next_chunk.fetch_add(1, Ordering::Relaxed);
                    if chunk >= chunks {
                        break;
                    }
                    let first = offset + chunk * CHUNK_RUNS;
                    let last = (first + CHUNK_RUNS).min(offset + runs);
                    let mut tally = StudyTally::new(plans.len(), settings.horizon_days);
                    for run in first..last {
                        let start = RunStart::new(profile, settings, run);
                        for (outcome, plan) in outcomes.iter_mut().zip(plans) {
                            *outcome = engine::simulate_from(plan, profile, settings, &start);
                        }
                        let base = outcomes[baseline];
                        for (rule_set, outcome) in tally.rule_sets.iter_mut().zip(&outcomes) {
                            rule_set.add(outcome, &base);
                        }
                    }
                    done_runs.fetch_add(last - first, Ordering::Relaxed);
                    // A poisoned lock means another worker panicked; the scope re-raises it.
                    if let Ok(mut reduction) = reduction.lock() {
                        reduction.finish(chunk, tally);
                    }
                }
            });
        }
        if options.progress {
            draw_progress(&done_runs, runs, &workers_done, threads as u64);
        }
    });
    match reduction.into_inner() {
        Ok(reduction) => reduction.total,
        Err(poisoned) => poisoned.into_inner().total,
    }
}

/// Merges chunk tallies in chunk order.
struct Reduction {
    total: StudyTally,
    next: u64,
    waiting: BTreeMap<u64, StudyTally>,
}

impl Reduction {
    fn finish(&mut self, chunk: u64, tally: StudyTally) {
        self.waiting.insert(chunk, tally);
        while let Some(tally) = self.waiting.remove(&self.next) {
            self.total.merge(&tally);
            self.next += 1;
        }
    }
}

/// Increments a counter when dropped.
struct WorkerDone<'a>(&'a AtomicU64);

impl Drop for WorkerDone<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Redraws a one-line bar on stderr until every run is done (or every worker stopped).
fn draw_progress(done_runs: &AtomicU64, runs: u64, workers_done: &AtomicU64, workers: u64) {
    const WIDTH: u64 = 40;
    let mut stderr = std::io::stderr();
    loop {
        let done = done_runs.load(Ordering::Relaxed).min(runs);
        let filled = (done * WIDTH).checked_div(runs).unwrap_or(WIDTH);
        let bar: String = (0..WIDTH)
            .map(|i| if i < filled { '#' } else { '-' })
            .collect();
        let _ = write!(stderr, "\r[{bar}] {done}/{runs} runs");
        let _ = stderr.flush();
        if done >= runs || workers_done.load(Ordering::Relaxed) >= workers {
            let _ = writeln!(stderr);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
