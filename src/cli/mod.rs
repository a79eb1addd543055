//! The command line: raw flags (clap), one file per command, and the dispatch.
//!
//! Each command reads its inputs through the loading layer ([`crate::app`]), runs the
//! engine and writes one report (to stdout, or atomically to `-o FILE`). Errors in input
//! come back as diagnostics and exit code 2; `validate` exits 1 when it found problems it
//! was asked to look for. `src/main.rs` only calls [`run`] and sets the exit code. Nothing
//! outside this module imports it.

pub mod calendar;
pub mod calibrate;
pub mod compare;
pub mod completions;
pub mod event_log;
pub mod format;
pub mod graph;
pub mod list;
pub mod man;
pub mod merge;
pub mod new;
pub mod paths;
pub mod replay;
pub mod rules;
pub mod schema;
pub mod simulate;
pub mod validate;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::app;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::export::{self, Exporter, OutputFormat};
use crate::input;

pub use validate::{Validation, validate_files};

/// regsim — replay, compare and simulate legal registration procedures.
#[derive(Debug, Parser)]
#[command(name = "regsim", version, about, long_about = None)]
pub struct Cli {
    /// Your rule-set files (bases or reforms), or directories of them, beside the bundled ones (repeat the flag).
    #[arg(long = "rules-file", global = true, value_name = "FILE")]
    pub rules_files: Vec<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every bundled case, rule set, study and profile (and your --rules-file files).
    List(list::ListArgs),
    /// Write a starting case, reform, study or profile that validates as written.
    New(new::NewArgs),
    /// Check scenario and rule-set files and report every problem found.
    Validate {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Replay a case under its rule set: timeline, findings, outcome.
    Replay(replay::ReplayArgs),
    /// Compare cases under several rule sets, with deltas against a baseline.
    Compare(compare::CompareArgs),
    /// Draw a rule set's procedure: stages, transitions, actors, time limits, citations.
    Graph(graph::GraphArgs),
    /// Every path through a rule set's procedure with its worst-case duration, and its loops.
    Paths(paths::PathsArgs),
    /// List, show or compare rule sets.
    Rules {
        /// What to do.
        #[command(subcommand)]
        action: rules::RulesAction,
    },
    /// Cases replayed under their own rules as one event log for process mining (XES, CSV).
    EventLog(event_log::EventLogArgs),
    /// Simulate many applications under several rule sets and compare them (Monte Carlo).
    Simulate(Box<simulate::SimulateArgs>),
    /// Fit a behaviour profile to real case files, and test the fit on each case left out.
    Calibrate(calibrate::CalibrateArgs),
    /// Merge the shards `simulate --shard K/N` wrote into the report of the whole study.
    Merge(merge::MergeArgs),
    /// The statutory calendar working-day limits count by: days off and worked weekend days.
    Calendar(calendar::CalendarArgs),
    /// The JSON Schema of a file kind (case, rules, study, profile), for editors.
    Schema(schema::SchemaArgs),
    /// A shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// The manual page (roff: `regsim man | man -l -`).
    Man(man::ManArgs),
}

/// How a command ended, other than success.
#[derive(Debug)]
pub enum Failure {
    /// The run worked and found what the user asked to be told about (exit 1).
    Found,
    /// Bad usage or unusable input (exit 2).
    Input(Diagnostics),
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure::Input(diagnostic.into())
    }
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Failure::Input(diagnostics)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    input::forget_files_read();
    app::count_bundled_files_as_read();
    let rules_files = &cli.rules_files;
    match cli.command {
        Command::List(args) => list::run(rules_files, &args),
        Command::New(args) => new::run(&app::catalog(rules_files)?, &args),
        Command::Validate { files } => validate::run(rules_files, &files),
        Command::Calendar(args) => calendar::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Replay(args) => replay::run(&mut app::catalog(rules_files)?, args),
        Command::Compare(args) => compare::run(&mut app::catalog(rules_files)?, args),
        Command::EventLog(args) => event_log::run(&app::catalog(rules_files)?, args),
        Command::Graph(args) => graph::run(&mut app::catalog(rules_files)?, args),
        Command::Paths(args) => paths::run(&mut app::catalog(rules_files)?, args),
        Command::Rules { action } => rules::run(rules_files, action),
        Command::Simulate(args) => simulate::run(&app::catalog(rules_files)?, &args),
        Command::Merge(args) => merge::run(&args),
        Command::Calibrate(args) => calibrate::run(&app::catalog(rules_files)?, &args),
    }
}

/// `--as-of` and other date flags: YYYY-MM-DD.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|error| error.to_string())
}

/// The exporter of a report format, or a usage error naming the formats reports take.
fn report_exporter(format: OutputFormat) -> Result<&'static dyn Exporter, Failure> {
    export::exporter(format).ok_or_else(|| {
        Diagnostic::new(
            crate::diagnostic::COMMAND_LINE,
            format!("reports do not come in `--format {format}`"),
        )
        .fix(format!(
            "use one of: {}",
            export::REPORT_FORMATS
                .iter()
                .map(|format| format.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()
    })
}
