//! `regsim paths`: every path through a rule set's procedure with its worst-case
//! duration, the loops and what caps them.

use std::path::PathBuf;

use clap::Args;

use crate::app::rules_expression;
use crate::export::OutputFormat;
use crate::export::json::to_json;
use crate::graph::{PathsReport, ProcedureGraph};
use crate::output;
use crate::report::paths_text;
use crate::rules::Catalog;

use super::{Failure, format};

/// `regsim paths --rules RULES`
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The rule set: an id, a rule-set file, or BASE+REFORM… (see `regsim list`).
    #[arg(long = "rules", value_name = "RULESET")]
    pub rules: String,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::GRAPH_REPORTS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim paths`.
pub fn run(catalog: &mut Catalog, args: PathsArgs) -> Result<(), Failure> {
    let expression = rules_expression(catalog, &args.rules)?;
    let rules = catalog.resolve(&expression)?;
    let report = PathsReport::new(&ProcedureGraph::new(&rules));
    let text = match args.format {
        OutputFormat::Markdown => paths_text::render_markdown(&report),
        OutputFormat::Json => to_json(&report),
        _ => paths_text::render_text(&report),
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
