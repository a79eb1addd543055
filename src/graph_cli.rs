//! The command-line side of the procedure graph: the `graph`, `paths` and `rules diff`
//! commands, their flags and what they run.
//!
//! [`crate::cli`] holds the command enum and dispatches here; each function resolves the
//! rule sets it names, builds the graphs, renders one report and writes it (to stdout or
//! atomically to `-o FILE`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::{Failure, catalog, resolve, to_json};
use crate::graph::{PathsReport, ProcedureGraph, RuleSetDiff};
use crate::output;
use crate::report::{diff_text, paths_text};
use crate::rules::Catalog;

/// Formats of `regsim graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (render with `dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (renders in Markdown on code hosts).
    Mermaid,
    /// Deterministic JSON.
    Json,
}

/// Formats of `regsim paths` and `regsim rules diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned text for a terminal.
    Text,
    /// Markdown, to paste into a report.
    Markdown,
    /// Deterministic JSON.
    Json,
}

/// `regsim graph`: draw a rule set's procedure.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The rule set (see `regsim rules list`).
    #[arg(long = "rules", value_name = "RULESET")]
    pub rules: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `regsim paths`: every path, its worst case, the loops and their caps.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The rule set (see `regsim rules list`).
    #[arg(long = "rules", value_name = "RULESET")]
    pub rules: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `regsim rules diff`: what changes from one rule set to another.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The rule set before (e.g. `kz-2022`).
    pub before: String,
    /// The rule set after (e.g. `kz-simplified`).
    pub after: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim graph`.
pub fn graph(rules_files: &[PathBuf], args: GraphArgs) -> Result<(), Failure> {
    let catalog = catalog(rules_files)?;
    let rules = resolve(&catalog, &args.rules)?;
    let graph = ProcedureGraph::new(&rules);
    let text = match args.format {
        GraphFormat::Dot => graph.to_dot(),
        GraphFormat::Mermaid => graph.to_mermaid(),
        GraphFormat::Json => to_json(&graph.to_json()),
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}

/// Runs `regsim paths`.
pub fn paths(rules_files: &[PathBuf], args: PathsArgs) -> Result<(), Failure> {
    let catalog = catalog(rules_files)?;
    let rules = resolve(&catalog, &args.rules)?;
    let report = PathsReport::new(&ProcedureGraph::new(&rules));
    let text = match args.format {
        ReportFormat::Text => paths_text::render_text(&report),
        ReportFormat::Markdown => paths_text::render_markdown(&report),
        ReportFormat::Json => to_json(&report),
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}

/// Runs `regsim rules diff` on an already loaded catalog.
pub fn diff(catalog: &Catalog, args: DiffArgs) -> Result<(), Failure> {
    let before = resolve(catalog, &args.before)?;
    let after = resolve(catalog, &args.after)?;
    let diff = RuleSetDiff::new(&before, &after);
    let text = match args.format {
        ReportFormat::Text => diff_text::render_text(&diff),
        ReportFormat::Markdown => diff_text::render_markdown(&diff),
        ReportFormat::Json => to_json(&diff),
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
