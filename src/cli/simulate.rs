//! The `regsim simulate` command: flags, then study, run, report, output.
//!
//! Flags stay raw here ([`SimulateArgs`]); [`crate::sim::study::Study::load`] turns them
//! and the study file into a checked study the rest of the pipeline trusts;
//! [`crate::sim::results::simulate`] runs it, or [`crate::sim::shard::run`] one part of
//! it (`--shard K/N`).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::export::{self, OutputFormat};
use crate::output;
use crate::report;
use crate::rules::Catalog;
use crate::sim::results::simulate;
use crate::sim::runner::{MAX_THREADS, RunnerOptions};
use crate::sim::shard::{self, Shard};
use crate::sim::study::{Overrides, Study};
use crate::sim::sweep::{self, SweepSpec, Target};

use super::{Failure, format, parse_date, report_exporter};

/// `regsim simulate STUDY [flags]`: every flag overrides the study file's field.
#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// A bundled study id (e.g. `opposition-current-vs-simplified`) or a study file.
    #[arg(value_name = "STUDY")]
    pub study: String,
    /// Applications simulated under each rule set.
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// The seed every run's random streams derive from.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Days simulated from the start.
    #[arg(long = "horizon", value_name = "DAYS")]
    pub horizon_days: Option<u32>,
    /// The first day applications start (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<Date>,
    /// Spread the starts uniformly over this many days from the first.
    #[arg(long, value_name = "DAYS")]
    pub start_spread: Option<u32>,
    /// Rule sets to compare instead of the study's (repeat, or separate with commas).
    #[arg(long = "rules", value_name = "ID", num_args = 1.., value_delimiter = ',')]
    pub rules: Vec<String>,
    /// The rule set differences are taken against.
    #[arg(long, value_name = "ID")]
    pub baseline: Option<String>,
    /// A bundled profile id or a profile file.
    #[arg(long, value_name = "ID|FILE")]
    pub profile: Option<String>,
    /// Run only part K of N of the runs and write its mergeable statistics (JSON) for
    /// `regsim merge`, whatever --format says.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// Run the study at every value of a rule-set parameter or profile number, on common
    /// random numbers: PARAM=FROM..TO[:STEP].
    #[arg(long, value_name = "PARAM=FROM..TO[:STEP]", value_parser = SweepSpec::parse)]
    pub sweep: Option<SweepSpec>,
    /// With --sweep: find where the share registered crosses a target, e.g.
    /// 'registered >= 50%'.
    #[arg(long, value_name = "TARGET", value_parser = Target::parse, requires = "sweep")]
    pub target: Option<Target>,
    /// With --target: the rule set judged (default: the first the sweep changes).
    #[arg(long, value_name = "ID", requires = "target")]
    pub target_rules: Option<String>,
    /// Instead of the report: how the headline paired difference moves when each profile
    /// number is set low and high alone (a tornado table; text or JSON).
    #[arg(long)]
    pub sensitivity: bool,
    /// Runs per setting of --sensitivity (default: the study's runs, at most 10,000).
    #[arg(long, value_name = "N", requires = "sensitivity")]
    pub sensitivity_runs: Option<u64>,
    /// Worker threads (default: the available cores); results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(export::REPORT_FORMATS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The thread count when none is given: the cores available, at least 1.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
}

/// Loads, runs and reports a study as the flags say.
pub fn run(catalog: &Catalog, args: &SimulateArgs) -> Result<(), Failure> {
    let threads = args.threads.unwrap_or_else(default_threads);
    if !(1..=MAX_THREADS).contains(&threads) {
        return Err(Diagnostic::at_path(
            "<command line>",
            "--threads",
            format!("{threads} threads is outside 1 to {MAX_THREADS}"),
        )
        .fix("give the number of worker threads, e.g. --threads 2")
        .into());
    }
    let overrides = Overrides {
        runs: args.runs,
        seed: args.seed,
        horizon_days: args.horizon_days,
        start: args.start,
        start_spread_days: args.start_spread,
        rules: args.rules.clone(),
        baseline: args.baseline.clone(),
        profile: args.profile.clone(),
    };
    let study = Study::load(&args.study, &overrides, catalog)?;
    let options = RunnerOptions {
        threads,
        progress: std::io::stderr().is_terminal(),
    };
    if args.sensitivity {
        let render = match args.format {
            OutputFormat::Text | OutputFormat::Markdown => report::sensitivity::text,
            OutputFormat::Json => report::sensitivity::json,
            OutputFormat::Html => export::html::tornado_page,
            other => {
                return Err(Diagnostic::at_path(
                    "<command line>",
                    "--format",
                    format!("a sensitivity table is not written as {other} yet"),
                )
                .fix("use --format text, json or html with --sensitivity")
                .into());
            }
        };
        let runs = args.sensitivity_runs.unwrap_or(study.runs.min(10_000));
        if !(1..=crate::sim::study::MAX_RUNS).contains(&runs) {
            return Err(Diagnostic::at_path(
                "<command line>",
                "--sensitivity-runs",
                format!("{runs} runs is not a run count"),
            )
            .fix("give at least one run, e.g. --sensitivity-runs 10000")
            .into());
        }
        let found = crate::sim::sensitivity::analyse(&study, runs, options);
        output::write(args.output.as_deref(), &render(&found))?;
        return Ok(());
    }
    if let Some(spec) = &args.sweep {
        if args.shard.is_some() {
            return Err(Diagnostic::at_path(
                "<command line>",
                "--shard",
                "a sweep cannot be sharded yet",
            )
            .fix("run the sweep whole, or shard each point's study yourself with --shard")
            .into());
        }
        let render = match args.format {
            OutputFormat::Text | OutputFormat::Markdown => report::sweep::text,
            OutputFormat::Csv => report::sweep::csv,
            OutputFormat::Json => report::sweep::json,
            OutputFormat::Html => export::html::sweep_page,
            other => {
                return Err(Diagnostic::at_path(
                    "<command line>",
                    "--format",
                    format!("a sweep is not written as {other} yet"),
                )
                .fix("use --format text, csv, json or html with --sweep")
                .into());
            }
        };
        let found = sweep::sweep(
            &study,
            catalog,
            spec,
            args.target,
            args.target_rules.as_deref(),
            options,
        )?;
        let text = render(&found);
        output::write(args.output.as_deref(), &text)?;
        return Ok(());
    }
    if let Some(part) = args.shard {
        let file = shard::run(&study, part, options);
        output::write(args.output.as_deref(), &file.to_json())?;
        return Ok(());
    }
    let report = simulate(&study, options);
    let text = report_exporter(args.format)?.simulation(&report);
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
