//! `regsim graph`: draw a rule set's procedure (stages, transitions, actors, time limits,
//! citations) as Graphviz DOT, a Mermaid flowchart or JSON.

use std::path::PathBuf;

use clap::Args;

use crate::app::rules_expression;
use crate::export::OutputFormat;
use crate::export::json::to_json;
use crate::graph::ProcedureGraph;
use crate::output;
use crate::rules::Catalog;

use super::{Failure, format};

/// `regsim graph --rules RULES`
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The rule set: an id, a rule-set file, or BASE+REFORM… (see `regsim list`).
    #[arg(long = "rules", value_name = "RULESET")]
    pub rules: String,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Dot, value_parser = format::parser(format::DIAGRAMS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim graph`.
pub fn run(catalog: &mut Catalog, args: GraphArgs) -> Result<(), Failure> {
    let expression = rules_expression(catalog, &args.rules)?;
    let rules = catalog.resolve(&expression)?;
    let graph = ProcedureGraph::new(&rules);
    let text = match args.format {
        OutputFormat::Mermaid => graph.to_mermaid(),
        OutputFormat::Json => to_json(&graph.to_json()),
        _ => graph.to_dot(),
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
