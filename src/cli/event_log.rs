//! `regsim event-log`: many cases, each replayed under its own rules, as one event log
//! for process-mining tools (XES or CSV).
//!
//! It takes cases as `compare` does: files and directories of them, else the bundled
//! real cases (`--all` adds the hypothetical ones).

use std::path::PathBuf;

use clap::Args;

use crate::app::load_cases;
use crate::diagnostic::Diagnostic;
use crate::export::OutputFormat;
use crate::export::event_log::{csv, xes};
use crate::output;
use crate::replay;
use crate::rules::Catalog;

use super::{Failure, format};

/// `regsim event-log [PATHS]`
#[derive(Debug, Args)]
pub struct EventLogArgs {
    /// Case files or directories of them; none means the bundled real cases.
    pub paths: Vec<PathBuf>,
    /// Include hypothetical cases when no paths are given.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Xes, value_parser = format::parser(format::EVENT_LOGS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim event-log`.
pub fn run(catalog: &Catalog, args: EventLogArgs) -> Result<(), Failure> {
    let cases = load_cases(catalog, &args.paths, args.all)?;
    if cases.is_empty() {
        return Err(Diagnostic::new("event-log", "no cases to export")
            .fix("name case files or a directory holding them")
            .into());
    }
    let mut replays = Vec::with_capacity(cases.len());
    for (file, scenario, rules) in &cases {
        replays.push(replay::replay(file, scenario, rules, None)?);
    }
    let text = match args.format {
        OutputFormat::Csv => csv::log(&replays),
        _ => xes::log(&replays),
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
