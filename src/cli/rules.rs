//! `regsim rules list|show|diff`: the rule sets, one resolved with every value's status
//! and citation, and what changes from one to another.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::export::OutputFormat;
use crate::export::json::to_json;
use crate::graph::RuleSetDiff;
use crate::output;
use crate::report::{diff_text, rules_text};
use crate::rules::Catalog;

use super::{Failure, format};

/// `regsim rules …`
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List the rule sets.
    List,
    /// Show a resolved rule set with every value's status and citation.
    Show(ShowArgs),
    /// What changes from one rule set to another: values, procedure, paths, worst case.
    Diff(DiffArgs),
}

/// `regsim rules show RULES`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A rule-set expression (an id, or BASE+REFORM…).
    pub id: String,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::TEXT_OR_JSON))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `regsim rules diff BEFORE AFTER`
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The rule set before (e.g. `kz-2022`).
    pub before: String,
    /// The rule set after (e.g. `kz-simplified`).
    pub after: String,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::GRAPH_REPORTS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim rules …`.
pub fn run(catalog: &Catalog, action: RulesAction) -> Result<(), Failure> {
    match action {
        RulesAction::List => output::write(None, &rules_text::render_list(catalog))?,
        RulesAction::Show(args) => {
            let rules = catalog.resolve(&args.id)?;
            let text = match args.format {
                OutputFormat::Json => to_json(&rules),
                _ => rules_text::render_show(&rules),
            };
            output::write(args.output.as_deref(), &text)?;
        }
        RulesAction::Diff(args) => {
            let before = catalog.resolve(&args.before)?;
            let after = catalog.resolve(&args.after)?;
            let diff = RuleSetDiff::new(&before, &after);
            let text = match args.format {
                OutputFormat::Markdown => diff_text::render_markdown(&diff),
                OutputFormat::Json => to_json(&diff),
                _ => diff_text::render_text(&diff),
            };
            output::write(args.output.as_deref(), &text)?;
        }
    }
    Ok(())
}
