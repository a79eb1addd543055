//! `regsim validate`: check case, rule-set, study and profile files and report every
//! problem found (exit 1 when there are problems, 2 when a file cannot be read).

use std::path::PathBuf;

use crate::app::{self, FileKind, check_case, file_kind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;
use crate::output;
use crate::rules::RuleSetFile;
use crate::scenario::Scenario;

use super::Failure;

/// What `regsim validate` found, before it is printed.
#[derive(Debug, Default)]
pub struct Validation {
    /// One `ok` line per valid file.
    pub report: String,
    /// Files that could not be read (exit 2).
    pub unreadable: Vec<Diagnostic>,
    /// Problems in files that were read (exit 1).
    pub invalid: Vec<Diagnostic>,
}

pub fn run(rules_files: &[PathBuf], files: &[PathBuf]) -> Result<(), Failure> {
    let Validation {
        report,
        unreadable,
        invalid,
    } = validate_files(rules_files, files)?;
    output::write(None, &report)?;
    let mut all = unreadable.clone();
    all.extend(invalid.iter().cloned());
    if !all.is_empty() {
        eprintln!("{}", Diagnostics(all));
    }
    if !unreadable.is_empty() {
        Err(Failure::Input(Diagnostics::default()))
    } else if !invalid.is_empty() {
        Err(Failure::Found)
    } else {
        Ok(())
    }
}

/// The checks of `regsim validate` on `files`, with the user's rule sets beside the
/// bundled ones; an unusable `--rules-file` is an error of its own.
pub fn validate_files(rules_files: &[PathBuf], files: &[PathBuf]) -> Result<Validation, Failure> {
    let mut catalog = app::catalog(rules_files)?;
    let mut unreadable = Vec::new();
    let mut invalid = Vec::new();
    let mut parsed = Vec::new();
    for path in files {
        // A bundled case's id is accepted as a case path is everywhere.
        let (name, bytes) = match app::read_case(path) {
            Ok(read) => read,
            Err(problem) => {
                unreadable.push(problem);
                continue;
            }
        };
        let kind =
            match input::parse_value(&name, &bytes).and_then(|value| file_kind(&name, &value)) {
                Ok(kind) => kind,
                Err(problem) => {
                    invalid.push(problem);
                    continue;
                }
            };
        match kind {
            FileKind::RuleSet => match input::parse::<RuleSetFile>(&name, &bytes) {
                Ok(file) => match catalog.add(name.clone(), file) {
                    Ok(id) => parsed.push((name, FileKind::RuleSet, id, bytes)),
                    Err(problem) => invalid.push(problem),
                },
                Err(problem) => invalid.push(problem),
            },
            other => parsed.push((name, other, String::new(), bytes)),
        }
    }
    let mut report = String::new();
    for (name, kind, id, bytes) in &parsed {
        match kind {
            FileKind::RuleSet => match catalog.resolve(id) {
                Ok(_) => report.push_str(&format!("ok  {name} (rule set {id})\n")),
                Err(problems) => invalid.extend(problems.0),
            },
            FileKind::Profile => match crate::sim::profile::Profile::parse(name, bytes) {
                Ok(profile) => {
                    report.push_str(&format!("ok  {name} (behaviour profile {})\n", profile.id))
                }
                Err(problems) => invalid.extend(problems.0),
            },
            FileKind::Study => {
                let overrides = crate::sim::study::Overrides::default();
                match crate::sim::study::Study::load(name, &overrides, &catalog) {
                    Ok(_) => report.push_str(&format!("ok  {name} (study)\n")),
                    Err(problems) => invalid.extend(problems.0),
                }
            }
            FileKind::Case => {
                let scenario: Scenario = match input::parse(name, bytes) {
                    Ok(scenario) => scenario,
                    Err(problem) => {
                        invalid.push(problem);
                        continue;
                    }
                };
                match check_case(name, &scenario, &catalog) {
                    Ok(rules) => report.push_str(&format!(
                        "ok  {name} (case {}, {}, rules {})\n",
                        scenario.id,
                        crate::number::plural(scenario.events.len() as i64, "event", "events"),
                        rules.id
                    )),
                    Err(problems) => invalid.extend(problems),
                }
            }
        }
    }
    Ok(Validation {
        report,
        unreadable,
        invalid,
    })
}
