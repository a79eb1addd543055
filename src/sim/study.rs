//! Studies: which rule sets to compare, under which profile, over what horizon, how many
//! runs, from which seed.
//!
//! A study is a JSON file (bundled ones live in `scenarios/studies/` and are embedded in
//! the binary) whose every field a command-line flag may override. [`Study::load`] reads
//! the file, applies the overrides, resolves the rule sets and the profile and checks the
//! numbers; each problem is a [`Diagnostic`] located at the file's JSON path, or at the
//! flag that supplied the value.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;
use crate::rules::{Catalog, RuleSet};

use super::profile::Profile;

/// File name and text of every bundled study (also readable in `scenarios/studies/`).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "fast-path-current-vs-simplified.json",
        include_str!("../../scenarios/studies/fast-path-current-vs-simplified.json"),
    ),
    (
        "fast-path-thresholds.json",
        include_str!("../../scenarios/studies/fast-path-thresholds.json"),
    ),
    (
        "neutral-threshold-history.json",
        include_str!("../../scenarios/studies/neutral-threshold-history.json"),
    ),
    (
        "neutral-current-vs-simplified.json",
        include_str!("../../scenarios/studies/neutral-current-vs-simplified.json"),
    ),
    (
        "opposition-closed-grounds.json",
        include_str!("../../scenarios/studies/opposition-closed-grounds.json"),
    ),
    (
        "opposition-cure-period.json",
        include_str!("../../scenarios/studies/opposition-cure-period.json"),
    ),
    (
        "opposition-current-vs-simplified.json",
        include_str!("../../scenarios/studies/opposition-current-vs-simplified.json"),
    ),
    (
        "opposition-deemed-registration.json",
        include_str!("../../scenarios/studies/opposition-deemed-registration.json"),
    ),
    (
        "opposition-notice-only.json",
        include_str!("../../scenarios/studies/opposition-notice-only.json"),
    ),
    (
        "opposition-threshold-history.json",
        include_str!("../../scenarios/studies/opposition-threshold-history.json"),
    ),
    (
        "opposition-reforms.json",
        include_str!("../../scenarios/studies/opposition-reforms.json"),
    ),
];

/// The longest horizon, in days (a century).
pub const MAX_HORIZON_DAYS: u32 = 36_500;

/// The most runs a study may ask for.
pub const MAX_RUNS: u64 = 1_000_000_000;

/// The most rule sets one study may compare.
pub const MAX_RULE_SETS: usize = 32;

/// The day applications start when a study does not say: the first Monday of 2023, the
/// first full year under the rules in force since November 2022.
pub const DEFAULT_START: &str = "2023-01-02";

/// A study as written in its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// The JSON Schema that editors check this file against (e.g.
    /// `../schemas/study.schema.json`; `regsim schema study` writes it). regsim ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Identifier (lowercase letters, digits and dashes).
    pub id: String,
    /// Human title.
    pub title: String,
    /// The question the study asks and how to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rule-set ids to compare, in report order.
    pub rules: Vec<String>,
    /// The rule set differences are taken against (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// A bundled profile id, or a profile file (relative to the study file).
    pub profile: String,
    /// Days simulated from the start.
    pub horizon_days: u32,
    /// Applications simulated under each rule set.
    pub runs: u64,
    /// The seed every run's generators derive from.
    pub seed: u64,
    /// The first day an application may start (default [`DEFAULT_START`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// Applications start on days spread uniformly over this many days from `start`
    /// (default 0: all on `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_spread_days: Option<u32>,
}

/// Values given on the command line, each replacing the study's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--runs`.
    pub runs: Option<u64>,
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--horizon`.
    pub horizon_days: Option<u32>,
    /// `--start`.
    pub start: Option<Date>,
    /// `--start-spread`.
    pub start_spread_days: Option<u32>,
    /// `--rules` (empty: keep the study's).
    pub rules: Vec<String>,
    /// `--baseline`.
    pub baseline: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
}

/// A checked study, ready to run.
#[derive(Clone, Debug)]
pub struct Study {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Where it was read from.
    pub origin: String,
    /// The rule sets, resolved, in report order.
    pub rules: Vec<RuleSet>,
    /// Index of the baseline in `rules`.
    pub baseline: usize,
    /// The behaviour profile.
    pub profile: Profile,
    /// Days simulated.
    pub horizon_days: u32,
    /// Runs per rule set.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// The first start day.
    pub start: Date,
    /// Days over which starts are spread.
    pub start_spread_days: u32,
}

/// Where a value came from: the study file at a JSON path, or a flag.
struct Origin<'a> {
    file: &'a str,
    path: String,
}

impl Origin<'_> {
    fn problem(&self, message: impl Into<String>, fix: impl Into<String>) -> Diagnostic {
        Diagnostic::at_path(self.file, &self.path, message).fix(fix)
    }
}

const COMMAND_LINE: &str = "<command line>";

impl Study {
    /// The ids of the bundled studies, sorted.
    pub fn bundled_ids() -> Vec<String> {
        let mut ids: Vec<String> = BUNDLED
            .iter()
            .filter_map(|(name, text)| {
                input::parse::<StudyFile>(name, text.as_bytes())
                    .ok()
                    .map(|file| file.id)
            })
            .collect();
        ids.sort();
        ids
    }

    /// Reads a study named by a bundled id or a file path, applies the overrides and
    /// checks everything.
    pub fn load(
        reference: &str,
        overrides: &Overrides,
        catalog: &Catalog,
    ) -> Result<Study, Diagnostics> {
        let looks_like_file = reference.ends_with(".json")
            || reference.contains(std::path::MAIN_SEPARATOR)
            || reference.contains('/')
            || Path::new(reference).is_file();
        if !looks_like_file {
            for (name, text) in BUNDLED {
                let origin = format!("<bundled>/scenarios/studies/{name}");
                let file: StudyFile = input::parse(&origin, text.as_bytes())?;
                if file.id == reference {
                    return Study::from_file(&origin, Path::new("."), file, overrides, catalog);
                }
            }
            return Err(Diagnostic::new(
                COMMAND_LINE,
                format!("no bundled study has the id `{reference}`"),
            )
            .fix(format!(
                "use one of: {}, or the path of a study file ending in .json",
                Study::bundled_ids().join(", ")
            ))
            .into());
        }
        let path = Path::new(reference);
        let bytes = input::read_bytes(path)?;
        let file: StudyFile = input::parse(reference, &bytes)?;
        let base = path.parent().unwrap_or(Path::new("."));
        Study::from_file(reference, base, file, overrides, catalog)
    }

    /// Checks a parsed study file under the overrides; relative profile paths in the file
    /// are taken from `base`, those given by a flag from the working directory.
    pub fn from_file(
        origin: &str,
        base: &Path,
        file: StudyFile,
        overrides: &Overrides,
        catalog: &Catalog,
    ) -> Result<Study, Diagnostics> {
        let mut problems = Vec::new();
        let at = |path: &str| Origin {
            file: origin,
            path: path.to_string(),
        };
        let flag = |name: &str| Origin {
            file: COMMAND_LINE,
            path: name.to_string(),
        };
        let valid_id = !file.id.is_empty()
            && file
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id {
            problems.push(at("$.id").problem(
                format!("`{}` is not a valid id", file.id),
                "use lowercase letters, digits and dashes",
            ));
        }

        let runs = overrides.runs.unwrap_or(file.runs);
        let runs_origin = if overrides.runs.is_some() {
            flag("--runs")
        } else {
            at("$.runs")
        };
        if !(1..=MAX_RUNS).contains(&runs) {
            problems.push(runs_origin.problem(
                format!("{runs} runs is outside 1 to {MAX_RUNS}"),
                "ask for at least one run (10,000 give shares to about ±1 point)",
            ));
        }
        let horizon_days = overrides.horizon_days.unwrap_or(file.horizon_days);
        let horizon_origin = if overrides.horizon_days.is_some() {
            flag("--horizon")
        } else {
            at("$.horizon_days")
        };
        if !(1..=MAX_HORIZON_DAYS).contains(&horizon_days) {
            problems.push(horizon_origin.problem(
                format!("a horizon of {horizon_days} days is outside 1 to {MAX_HORIZON_DAYS}"),
                "give the horizon in days, e.g. 365 for a year",
            ));
        }
        let seed = overrides.seed.unwrap_or(file.seed);
        let start = match overrides.start.or(file.start) {
            Some(start) => start,
            None => Date::parse(DEFAULT_START).expect("DEFAULT_START is a date"),
        };
        let start_spread_days = overrides
            .start_spread_days
            .or(file.start_spread_days)
            .unwrap_or(0);
        if start_spread_days > MAX_HORIZON_DAYS {
            let place = if overrides.start_spread_days.is_some() {
                flag("--start-spread")
            } else {
                at("$.start_spread_days")
            };
            problems.push(place.problem(
                format!("a spread of {start_spread_days} days is more than {MAX_HORIZON_DAYS}"),
                "give the spread in days, e.g. 365 to start applications over a year",
            ));
        }
        if horizon_days <= MAX_HORIZON_DAYS
            && start_spread_days <= MAX_HORIZON_DAYS
            && start
                .add_days((start_spread_days + horizon_days) as i32)
                .ymd()
                .0
                > Date::MAX_YEAR
        {
            problems.push(at("$.start").problem(
                format!("the simulated period runs past {}", Date::MAX_YEAR),
                "start earlier or shorten the horizon",
            ));
        }

        let (ids, rules_origin): (Vec<(String, Origin)>, Origin) = if overrides.rules.is_empty() {
            (
                file.rules
                    .iter()
                    .enumerate()
                    .map(|(i, id)| (id.clone(), at(&format!("$.rules[{i}]"))))
                    .collect(),
                at("$.rules"),
            )
        } else {
            (
                overrides
                    .rules
                    .iter()
                    .map(|id| (id.clone(), flag("--rules")))
                    .collect(),
                flag("--rules"),
            )
        };
        if ids.is_empty() || ids.len() > MAX_RULE_SETS {
            problems.push(rules_origin.problem(
                format!(
                    "a study compares 1 to {MAX_RULE_SETS} rule sets, not {}",
                    ids.len()
                ),
                "list the rule-set ids to compare, e.g. [\"kz-2022\", \"kz-simplified\"]",
            ));
        }
        // A rule set named by its file's path (relative to the study's folder, or to the
        // working directory for a flag) joins the catalog under its own id.
        let mut catalog = std::borrow::Cow::Borrowed(catalog);
        let command_line = Path::new("");
        let ids: Vec<(String, Origin)> = ids
            .into_iter()
            .filter_map(|(id, place)| {
                let folder = if place.file == COMMAND_LINE {
                    command_line
                } else {
                    base
                };
                if !Catalog::names_files(&id, folder) {
                    return Some((id, place));
                }
                match catalog.to_mut().add_files_named_in(&id, folder) {
                    Ok(named) => Some((named, place)),
                    Err(problem) => {
                        problems.push(place.problem(
                            format!("the rule set `{id}` cannot be used: {}", problem.message),
                            problem.fix.clone().unwrap_or_else(|| {
                                "name a rule-set id (see `regsim list`) or a rule-set file".into()
                            }),
                        ));
                        None
                    }
                }
            })
            .collect();
        let (baseline_id, baseline_origin) = match (&overrides.baseline, &file.baseline) {
            (Some(id), _) => (Some(id.clone()), flag("--baseline")),
            (None, Some(id)) if overrides.rules.is_empty() => (Some(id.clone()), at("$.baseline")),
            (None, _) => (None, at("$.baseline")),
        };
        let folder = if baseline_origin.file == COMMAND_LINE {
            command_line
        } else {
            base
        };
        let baseline_id = baseline_id.map(|id| {
            if Catalog::names_files(&id, folder) {
                // A path that does not read is reported where the rule sets are read.
                catalog
                    .to_mut()
                    .add_files_named_in(&id, folder)
                    .unwrap_or(id)
            } else {
                id
            }
        });
        let catalog: &Catalog = &catalog;
        let known: Vec<&str> = catalog.ids().collect();
        let mut rules = Vec::new();
        for (index, (id, place)) in ids.iter().enumerate() {
            if ids[..index].iter().any(|(earlier, _)| earlier == id) {
                problems.push(place.problem(
                    format!("rule set `{id}` is listed twice"),
                    "list each rule set once (a rule set against itself differs by exactly 0)",
                ));
                continue;
            }
            if !id.contains('+') && catalog.file(id).is_none() {
                problems.push(place.problem(
                    format!("no rule set has the id `{id}`"),
                    crate::diagnostic::did_you_mean(id, &known),
                ));
                continue;
            }
            match catalog.resolve(id) {
                Ok(resolved) => rules.push(resolved),
                Err(diagnostics) => problems.extend(diagnostics.0),
            }
        }

        let baseline = match baseline_id {
            None => 0,
            Some(id) => match ids.iter().position(|(listed, _)| *listed == id) {
                Some(index) => index,
                None => {
                    problems.push(baseline_origin.problem(
                        format!("the baseline `{id}` is not one of the rule sets compared"),
                        format!(
                            "name one of: {}",
                            ids.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                    0
                }
            },
        };

        let profile = match &overrides.profile {
            Some(reference) => {
                Profile::load(reference, Path::new("."), (COMMAND_LINE, "--profile"))
            }
            None => Profile::load(&file.profile, base, (origin, "$.profile")),
        };
        let profile = match profile {
            Ok(profile) => Some(profile),
            Err(diagnostics) => {
                problems.extend(diagnostics.0);
                None
            }
        };

        match profile {
            Some(profile) if problems.is_empty() => Ok(Study {
                id: file.id,
                title: file.title,
                description: file.description,
                origin: origin.to_string(),
                rules,
                baseline,
                profile,
                horizon_days,
                runs,
                seed,
                start,
                start_spread_days,
            }),
            _ => Err(Diagnostics(problems)),
        }
    }
}
