//! `regsim rules list|show|diff`: the rule sets, one resolved with every value's status
//! and citation, and what changes from one to another.
//!
//! `rules list` lists what it can: a `--rules-file` that does not resolve is listed,
//! marked as such, its errors go to stderr, and the command exits 2, as every command
//! does for an unusable `--rules-file`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::app::{self, rules_expression};
use crate::export::OutputFormat;
use crate::export::json::to_json;
use crate::graph::RuleSetDiff;
use crate::output;
use crate::report::{diff_text, rules_text};

use super::{Failure, format};

/// `regsim rules …`
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List the rule sets (bundled and --rules-file); a file of yours that does not resolve is marked, its errors printed, exit 2.
    List,
    /// Show a resolved rule set with every value's status and citation.
    Show(ShowArgs),
    /// What changes from one rule set to another: values, procedure, paths, worst case.
    Diff(DiffArgs),
}

/// `regsim rules show RULES`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A rule-set expression: an id, a rule-set file, or BASE+REFORM… (see `regsim list`).
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
    /// The rule set before (e.g. `kz-2022`; an id, a file or an expression).
    pub before: String,
    /// The rule set after (e.g. `kz-simplified`; an id, a file or an expression).
    pub after: String,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::GRAPH_REPORTS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim rules …`.
pub fn run(rules_files: &[PathBuf], action: RulesAction) -> Result<(), Failure> {
    match action {
        RulesAction::List => {
            let found = app::user_rule_sets(rules_files);
            output::write(
                None,
                &rules_text::render_list(&found.catalog, &found.unresolved),
            )?;
            return super::list::warn_about(found);
        }
        RulesAction::Show(args) => {
            let mut catalog = app::catalog(rules_files)?;
            let expression = rules_expression(&mut catalog, &args.id)?;
            let rules = catalog.resolve(&expression)?;
            let text = match args.format {
                OutputFormat::Json => to_json(&rules),
                _ => rules_text::render_show(&rules),
            };
            output::write(args.output.as_deref(), &text)?;
        }
        RulesAction::Diff(args) => {
            let mut catalog = app::catalog(rules_files)?;
            let before = rules_expression(&mut catalog, &args.before)?;
            let after = rules_expression(&mut catalog, &args.after)?;
            let before = catalog.resolve(&before)?;
            let after = catalog.resolve(&after)?;
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
