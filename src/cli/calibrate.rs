//! The `regsim calibrate` command: real cases in, a fitted profile and its account out.
//!
//! The cases are read as every command reads them (the same checks as `validate`); only
//! real cases of one entity kind are fitted together. The fitted profile is written
//! atomically to `-o FILE`; the report (text, Markdown or JSON) goes to stdout, or to
//! `--report FILE`. `--validate` adds the leave-one-out test of [`crate::calibrate::validate`].

use std::path::{Path, PathBuf};

use clap::Args;

use crate::app;
use crate::calibrate::validate::{self, ValidationOptions};
use crate::calibrate::{self, CaseInput};
use crate::diagnostic::{COMMAND_LINE, Diagnostic, Diagnostics};
use crate::export::OutputFormat;
use crate::output;
use crate::report;
use crate::rules::{Catalog, EntityKind};
use crate::scenario::CaseKind;
use crate::sim::profile::Profile;

use super::{Failure, format};

/// `regsim calibrate [CASES...] [-o PROFILE] [--validate]`.
#[derive(Debug, Clone, Args)]
pub struct CalibrateArgs {
    /// Real case files or directories of them, or bundled case ids (default: every
    /// bundled real case of --entity).
    #[arg(value_name = "CASES")]
    pub cases: Vec<PathBuf>,
    /// Which kind of organization the cases are (`party` or `public_association`); with
    /// no CASES, which bundled real cases to fit (default: party).
    #[arg(long, value_name = "KIND", value_parser = parse_entity)]
    pub entity: Option<EntityKind>,
    /// The profile whose numbers are kept where no case informs them: a bundled id or a
    /// file (default for party cases: opposition; public-association cases must name one).
    #[arg(long, value_name = "ID|FILE")]
    pub base: Option<String>,
    /// The fitted profile's id.
    #[arg(long, value_name = "ID", default_value = "calibrated")]
    pub id: String,
    /// Write the fitted profile (JSON) to this file, atomically.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also test the fit: leave each case out, fit on the others, predict it.
    #[arg(long)]
    pub validate: bool,
    /// With --validate: runs simulated per prediction.
    #[arg(long, value_name = "N", default_value_t = 2000, requires = "validate")]
    pub runs: u64,
    /// With --validate: the seed of the predictions' runs.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "validate")]
    pub seed: u64,
    /// Report format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(&[OutputFormat::Text, OutputFormat::Markdown, OutputFormat::Json]))]
    pub format: OutputFormat,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

fn parse_entity(text: &str) -> Result<EntityKind, String> {
    match text {
        "party" => Ok(EntityKind::Party),
        "public_association" => Ok(EntityKind::PublicAssociation),
        other => Err(format!(
            "`{other}` is not an entity kind: use `party` or `public_association`"
        )),
    }
}

/// The most runs a prediction may simulate.
const MAX_RUNS: u64 = 1_000_000;

/// The fewest runs a prediction's 90% interval is read from.
const MIN_RUNS: u64 = 100;

/// Whether two paths name one file (`./a.json` and `a.json`; a link and its target).
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |path: &Path| {
        std::fs::canonicalize(path).ok().or_else(|| {
            let folder = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(folder).ok()?.join(path.file_name()?))
        })
    };
    a == b || matches!((resolve(a), resolve(b)), (Some(a), Some(b)) if a == b)
}

/// Fits, optionally validates, writes the profile and the report.
pub fn run(catalog: &Catalog, args: &CalibrateArgs) -> Result<(), Failure> {
    if args.validate && !(MIN_RUNS..=MAX_RUNS).contains(&args.runs) {
        return Err(Diagnostic::at_path(
            COMMAND_LINE,
            "--runs",
            format!(
                "{} runs is outside {MIN_RUNS} to {MAX_RUNS} (fewer runs cannot give a 90% interval worth reading)",
                args.runs
            ),
        )
        .fix("give the runs per prediction, e.g. --runs 2000")
        .into());
    }
    if let (Some(output), Some(report)) = (&args.output, &args.report) {
        if same_file(output, report) {
            return Err(Diagnostic::at_path(
                COMMAND_LINE,
                "--report",
                format!(
                    "-o and --report both name `{}`: the report would replace the profile",
                    output.display()
                ),
            )
            .fix("write the profile and the report to two files")
            .into());
        }
    }
    if Profile::bundled_ids().contains(&args.id) {
        return Err(Diagnostic::at_path(
            COMMAND_LINE,
            "--id",
            format!("`{}` is the id of a bundled profile", args.id),
        )
        .fix("give the fitted profile an id of its own, e.g. --id opposition-fitted")
        .into());
    }
    let cases = load(catalog, &args.cases, args.entity)?;
    let entity = cases
        .first()
        .map_or(EntityKind::Party, |case| case.scenario.entity);
    let base = match (&args.base, entity) {
        (Some(base), _) => base.as_str(),
        (None, EntityKind::Party) => "opposition",
        (None, _) => {
            return Err(Diagnostic::at_path(
                COMMAND_LINE,
                "--base",
                "no bundled profile describes public associations, and the numbers no case informs must come from one",
            )
            .fix(format!(
                "name a base profile with --base (a bundled one — {} — describes party groups; its numbers are kept only where the cases are silent)",
                Profile::bundled_ids().join(", ")
            ))
            .into());
        }
    };
    let base = Profile::load(base, Path::new("."), (COMMAND_LINE, "--base"))?;
    let inputs: Vec<&CaseInput> = cases.iter().collect();
    let mut calibration = calibrate::calibrate(&inputs, &base, &args.id);
    let origin = args
        .output
        .as_ref()
        .map_or("<fitted profile>".to_string(), |path| {
            path.display().to_string()
        });
    calibrate::compile(&calibration, &origin)?;
    if args.validate {
        let options = ValidationOptions {
            runs: args.runs,
            seed: args.seed,
        };
        calibration.validation = Some(validate::validate(&cases, &base, options)?);
    }
    if let Some(path) = &args.output {
        let mut text = serde_json::to_string_pretty(&calibration.file).map_err(|error| {
            Diagnostic::new(path.display().to_string(), format!("cannot write: {error}"))
        })?;
        text.push('\n');
        output::write(Some(path), &text)?;
    }
    let text = match args.format {
        OutputFormat::Json => report::calibration::json(&calibration),
        OutputFormat::Markdown => report::calibration::markdown(&calibration),
        _ => report::calibration::text(&calibration),
    };
    output::write(args.report.as_deref(), &text)?;
    Ok(())
}

/// Reads the cases: real ones of one entity kind, each id once.
fn load(
    catalog: &Catalog,
    paths: &[PathBuf],
    entity: Option<EntityKind>,
) -> Result<Vec<CaseInput>, Diagnostics> {
    let loaded = app::load_cases(catalog, paths, false)?;
    let mut problems = Vec::new();
    let mut cases: Vec<(String, CaseInput)> = Vec::new();
    for (name, scenario, rules) in loaded {
        if paths.is_empty() && scenario.entity != entity.unwrap_or(EntityKind::Party) {
            continue;
        }
        if let Some(entity) = entity.filter(|entity| *entity != scenario.entity) {
            problems.push(
                Diagnostic::at_path(
                    &name,
                    "$.entity",
                    format!(
                        "this case is a {}, and --entity says {entity}",
                        scenario.entity
                    ),
                )
                .fix("leave --entity out when naming cases, or name cases of that kind"),
            );
            continue;
        }
        if scenario.kind != CaseKind::Real {
            problems.push(
                Diagnostic::at_path(&name, "$.kind", "a hypothetical case cannot be fitted to")
                    .fix("calibrate on real cases only: numbers fitted to invented events would be presented as evidence"),
            );
            continue;
        }
        if let Some((other, _)) = cases
            .iter()
            .find(|(_, case)| case.scenario.id == scenario.id)
        {
            problems.push(
                Diagnostic::at_path(
                    &name,
                    "$.id",
                    format!("the case `{}` is also given as {other}", scenario.id),
                )
                .fix("give each case once"),
            );
            continue;
        }
        let scenario = scenario.settled().into_owned();
        cases.push((name, CaseInput { scenario, rules }));
    }
    if let Some((first_name, first)) = cases.first() {
        let kind = first.scenario.entity;
        for (name, case) in &cases {
            if case.scenario.entity != kind {
                problems.push(
                    Diagnostic::at_path(
                        name,
                        "$.entity",
                        format!(
                            "this case is a {} and {first_name} a {kind}: one profile describes one procedure",
                            case.scenario.entity
                        ),
                    )
                    .fix("calibrate the cases of each entity kind separately"),
                );
            }
        }
    } else if problems.is_empty() {
        problems.push(
            Diagnostic::new(
                COMMAND_LINE,
                format!(
                    "no real {} case to fit to",
                    entity.unwrap_or(EntityKind::Party)
                ),
            )
            .fix("name real case files, or use --entity with bundled cases of that kind"),
        );
    }
    if problems.is_empty() {
        Ok(cases.into_iter().map(|(_, case)| case).collect())
    } else {
        Err(Diagnostics(problems))
    }
}
