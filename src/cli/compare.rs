//! `regsim compare`: many cases under several rule sets, with deltas against a baseline.
//!
//! With no `--rules`, each case is compared under its own rules (the baseline, a factual
//! replay) and under its own rules with the simplified reform for its kind of
//! organization.

use std::path::PathBuf;

use clap::Args;

use crate::app::{load_cases, resolve_under, rules_expression};
use crate::compare;
use crate::counterfactual::AuthorityModel;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::export::{self, OutputFormat};
use crate::output;
use crate::rules::{Catalog, RuleSet};

use super::{Failure, format, report_exporter};

/// `regsim compare [PATHS]`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Case files, directories of them, or bundled case ids; none means the bundled real cases.
    pub paths: Vec<PathBuf>,
    /// A rule set to compare (repeat the flag); default each case's own rules and its own
    /// rules with the simplified reform.
    #[arg(long = "rules", value_name = "RULESET")]
    pub rules: Vec<String>,
    /// The rule set the deltas are measured from; default the first --rules.
    #[arg(long)]
    pub baseline: Option<String>,
    /// How the authority behaves in the counterfactuals.
    #[arg(long, value_enum, default_value_t = AuthorityModel::Replicate)]
    pub authority: AuthorityModel,
    /// Explain, for every outcome that differs from the baseline, the rules that made the difference.
    #[arg(long)]
    pub explain: bool,
    /// Include hypothetical cases when no paths are given.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(export::REPORT_FORMATS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim compare`.
pub fn run(catalog: &mut Catalog, args: CompareArgs) -> Result<(), Failure> {
    let rules = args
        .rules
        .iter()
        .map(|expression| rules_expression(catalog, expression))
        .collect::<Result<Vec<_>, _>>()?;
    let baseline = match &args.baseline {
        Some(expression) => Some(rules_expression(catalog, expression)?),
        None => None,
    };
    let text = compare_command(
        catalog,
        &args.paths,
        &rules,
        baseline,
        args.authority,
        args.explain,
        args.all,
        args.format,
    )?;
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}

pub use crate::app::{DEFAULT_REFORM_LABEL, simplified_reform_for};

/// A short reason for a comparison row that does not apply.
fn compare_reason(problems: &Diagnostics, own: &RuleSet) -> String {
    problems.0.first().map_or_else(
        || format!("does not apply to this {} case", own.entity),
        |problem| {
            problem
                .message
                .split(';')
                .next()
                .unwrap_or(&problem.message)
                .to_string()
        },
    )
}

#[allow(clippy::too_many_arguments)]
fn compare_command(
    catalog: &Catalog,
    paths: &[PathBuf],
    rules: &[String],
    baseline: Option<String>,
    authority: AuthorityModel,
    explain: bool,
    all: bool,
    format: OutputFormat,
) -> Result<String, Failure> {
    let cases = load_cases(catalog, paths, all)?;
    if cases.is_empty() {
        return Err(Diagnostic::new("compare", "no cases to compare")
            .fix("name case files or a directory holding them")
            .into());
    }
    // With no --rules: each case under its own rules (the baseline, a factual replay) and
    // under its own rules with the simplified reform for its entity kind.
    let labels: Vec<String> = if rules.is_empty() {
        vec![
            crate::rules::OWN.to_string(),
            DEFAULT_REFORM_LABEL.to_string(),
        ]
    } else {
        rules.to_vec()
    };
    let baseline = baseline.unwrap_or_else(|| labels[0].clone());
    let Some(baseline_index) = labels.iter().position(|label| *label == baseline) else {
        return Err(Diagnostic::new(
            "--baseline",
            format!(
                "the baseline `{baseline}` is not among the rule sets compared ({})",
                labels.join(", ")
            ),
        )
        .fix("name one of the --rules, or add it with another --rules")
        .into());
    };
    let mut inputs: Vec<compare::CaseInput> = Vec::new();
    for (file, scenario, own_rules) in &cases {
        let mut rule_sets = Vec::new();
        for label in &labels {
            let expression = if label == DEFAULT_REFORM_LABEL {
                format!("own+{}", simplified_reform_for(own_rules.entity))
            } else {
                label.clone()
            };
            let resolved = if expression
                .split('+')
                .any(|term| term.trim() == crate::rules::OWN)
            {
                match resolve_under(catalog, &expression, file, own_rules) {
                    Ok(rules) => Ok(rules),
                    Err(problems) => Err(compare_reason(&problems, own_rules)),
                }
            } else {
                Ok(catalog.resolve(&expression)?)
            };
            rule_sets.push(resolved);
        }
        inputs.push(compare::CaseInput {
            file: file.clone(),
            scenario,
            own_rules,
            rule_sets,
        });
    }
    let comparison = compare::compare(
        &inputs,
        &labels,
        baseline_index,
        authority,
        explain,
        Some(catalog),
    )?;
    Ok(report_exporter(format)?.comparison(&comparison))
}
