//! Throughput and memory of the simulator: `cargo bench --bench simulate`.
//!
//! Runs the bundled study `opposition-current-vs-simplified` (two rule sets under the
//! opposition profile, one-year horizon) and prints simulated events per second on 1 and
//! 2 threads (best of several repetitions, since the machine may be shared), the speedup,
//! whether both thread counts gave identical tallies, and the peak resident memory
//! (`VmHWM` in /proc/self/status) of a fresh process that ran 10,000 and 100,000 runs, to
//! show memory does not grow with runs. It also prints how many CPUs were idle before it
//! started and the CPU time per event on each thread count, because on a shared machine
//! another process may hold a core: the wall-clock speedup is then capped, while the CPU
//! time per event still shows whether the work itself scales. `REGSIM_BENCH_RUNS` sets the
//! runs per timing (default 200,000) and `REGSIM_BENCH_REPEAT` the repetitions (default 5).
//!
//! Measured for issue 14 on the 2-core development machine with both cores idle: before,
//! 12.7–12.8 M events/s best on one thread and 25.3 M/s on two (79 ns CPU time per event);
//! after, 21.0 M events/s best on one thread (20.96 M median) and 41.8 M/s on two (48 ns),
//! identical tallies, peak RSS about 5 MiB at 10,000 and 100,000 runs. Callgrind counts
//! about 700 instructions per event (1,020 before), spread over the engine's moves and
//! checks, the random draws (PCG's 128-bit multiply and output, about a sixth), sampling
//! durations (a triangular one mostly read from a table, skipping its square root) and
//! applying each event to the state.

use std::process::Command;
use std::time::{Duration, Instant};

use regsim::rules::Catalog;
use regsim::sim::engine::{Plan, RunSettings};
use regsim::sim::runner::{self, RunnerOptions, StudyTally};
use regsim::sim::study::{Overrides, Study};

const STUDY: &str = "opposition-current-vs-simplified";
const CHILD: &str = "REGSIM_BENCH_CHILD_RUNS";

fn load(runs: u64) -> Study {
    let overrides = Overrides {
        runs: Some(runs),
        ..Overrides::default()
    };
    Study::load(STUDY, &overrides, &Catalog::bundled()).expect("the bundled study loads")
}

fn run(study: &Study, threads: usize) -> StudyTally {
    let plans: Vec<Plan> = study.rules.iter().map(Plan::new).collect();
    let settings = RunSettings {
        seed: study.seed,
        start: study.start,
        start_spread_days: study.start_spread_days,
        horizon_days: study.horizon_days,
    };
    runner::run(
        &plans,
        study.baseline,
        &study.profile,
        &settings,
        study.runs,
        RunnerOptions {
            threads,
            progress: false,
        },
    )
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// User plus system CPU time of this process (all threads), in clock ticks.
fn cpu_ticks() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let after_name = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = after_name.split_whitespace().collect();
            // Fields 14 and 15 of stat(5), counted after the state (field 3).
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

/// CPUs idle over `window`, from /proc/stat (None if unreadable).
fn idle_cpus(window: Duration) -> Option<(f64, usize)> {
    let read = || -> Option<(u64, u64, usize)> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let cpus = stat
            .lines()
            .filter(|l| l.starts_with("cpu") && !l.starts_with("cpu "))
            .count();
        let total: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .filter_map(|field| field.parse().ok())
            .collect();
        Some((total.iter().sum(), *total.get(3)? + *total.get(4)?, cpus))
    };
    let (total_before, idle_before, cpus) = read()?;
    std::thread::sleep(window);
    let (total_after, idle_after, _) = read()?;
    let total = total_after.saturating_sub(total_before).max(1);
    Some((
        idle_after.saturating_sub(idle_before) as f64 / total as f64 * cpus as f64,
        cpus,
    ))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if let Some(runs) = std::env::var(CHILD)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        let tally = run(&load(runs), 2);
        println!("{} {}", tally.events(), peak_rss_kib());
        return;
    }
    let runs = env_number("REGSIM_BENCH_RUNS", 200_000);
    let repeat = env_number("REGSIM_BENCH_REPEAT", 5).max(1);
    let study = load(runs);
    println!(
        "study {STUDY}: {} rule sets, {runs} runs each, horizon {} days",
        study.rules.len(),
        study.horizon_days
    );
    if let Some((idle, cpus)) = idle_cpus(Duration::from_secs(1)) {
        println!("idle CPUs before the bench: {idle:.1} of {cpus}");
    }
    let _ = run(&load(runs / 10 + 1), 1); // warm up caches and the allocator
    let mut best = [0.0f64; 2];
    let mut tallies = Vec::new();
    for (slot, threads) in [1usize, 2].into_iter().enumerate() {
        let mut rates = Vec::new();
        let mut ticks = 0;
        let mut events = 0;
        for _ in 0..repeat {
            let started = Instant::now();
            let ticks_before = cpu_ticks();
            let tally = run(&study, threads);
            let seconds = started.elapsed().as_secs_f64();
            ticks += cpu_ticks() - ticks_before;
            events += tally.events();
            rates.push(tally.events() as f64 / seconds);
            if rates.len() == 1 {
                tallies.push(tally);
            }
        }
        rates.sort_by(f64::total_cmp);
        best[slot] = rates[rates.len() - 1];
        // Clock ticks are 1/100 s on Linux.
        let cpu_ns_per_event = ticks as f64 * 1e7 / events.max(1) as f64;
        println!(
            "{threads} thread{}: {:.2} M events/s best, {:.2} M median, {:.0} ns CPU time per event ({} events per repetition)",
            if threads == 1 { " " } else { "s" },
            best[slot] / 1e6,
            rates[rates.len() / 2] / 1e6,
            cpu_ns_per_event,
            tallies[slot].events()
        );
    }
    println!("speedup 2 threads / 1 thread: {:.2}x", best[1] / best[0]);
    println!(
        "identical tallies on 1 and 2 threads: {}",
        if tallies[0] == tallies[1] {
            "yes"
        } else {
            "NO"
        }
    );
    let exe = std::env::current_exe().expect("the bench binary's path");
    for child_runs in [10_000u64, 100_000] {
        let output = Command::new(&exe)
            .env(CHILD, child_runs.to_string())
            .output()
            .expect("the bench re-runs itself");
        let text = String::from_utf8_lossy(&output.stdout);
        let mut fields = text.split_whitespace();
        let events = fields.next().unwrap_or("?");
        let rss = fields.next().unwrap_or("?");
        println!("peak RSS with {child_runs:>7} runs: {rss} KiB ({events} events)");
    }
}
