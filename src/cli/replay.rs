//! `regsim replay`: a case under its rules (timeline, findings, outcome), or the same
//! facts under other rules (`--under`, a counterfactual replay).

use std::path::PathBuf;

use clap::Args;

use crate::app::{load_case, resolve_under, rules_expression};
use crate::counterfactual::{self, AuthorityModel};
use crate::date::Date;
use crate::diagnostic::{COMMAND_LINE, Diagnostic};
use crate::export::OutputFormat;
use crate::export::event_log::xes;
use crate::output;
use crate::replay;
use crate::rules::Catalog;

use super::{Failure, format, parse_date, report_exporter};

/// `regsim replay CASE [--under RULES]`
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The case file, or the id of a bundled case (see `regsim list`).
    pub file: PathBuf,
    /// Evaluate the outcome on this date (YYYY-MM-DD) instead of the last event's.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Replay the same facts under these rules (counterfactual replay): a rule-set
    /// expression; a reform named alone is applied to the case's own rules.
    #[arg(long, value_name = "RULES")]
    pub under: Option<String>,
    /// How the authority behaves in a counterfactual.
    #[arg(long, value_enum, default_value_t = AuthorityModel::Replicate)]
    pub authority: AuthorityModel,
    /// Named assumption: the group takes each step (congress, filing) as soon as the
    /// other rules allow, not on its real date; the real act is shown beside it.
    #[arg(long, requires = "under")]
    pub act_earlier: bool,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::REPLAY))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim replay`.
pub fn run(catalog: &mut Catalog, args: ReplayArgs) -> Result<(), Failure> {
    let (name, scenario, rules) = load_case(&args.file, catalog)?;
    if args.format == OutputFormat::Xes {
        if args.under.is_some() {
            return Err(Diagnostic::new(
                COMMAND_LINE,
                "`--format xes` exports the case as recorded; it does not take `--under`",
            )
            .fix("drop --under, or see the counterfactual with --format html, json or csv")
            .into());
        }
        let replay = replay::replay(&name, &scenario, &rules, args.as_of)?;
        output::write(args.output.as_deref(), &xes::log(&[replay]))?;
        return Ok(());
    }
    let exporter = report_exporter(args.format)?;
    let text = match args.under {
        None => exporter.replay(&replay::replay_with_sensitivity(
            &name, &scenario, &rules, args.as_of,
        )?),
        Some(other) => {
            let other = rules_expression(catalog, &other)?;
            let other = resolve_under(catalog, &other, &name, &rules)?;
            let mut cf = counterfactual::counterfactual_with(
                &name,
                &scenario,
                (&rules, &other),
                args.authority,
                args.as_of,
                args.act_earlier,
            )?;
            counterfactual::regime::annotate(&mut cf, &rules, &other, catalog);
            cf.range = counterfactual::range::range(&name, &scenario, (&rules, &other), &cf)?;
            exporter.counterfactual(&cf)
        }
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
