//! Reading case files: by path, or the bundled ones (by id wherever a path is taken:
//! `regsim replay baytaq`); the checks every command makes.
//!
//! A command that reads a case makes the same checks as `validate` ([`check_case`]): its
//! rule set resolves and fits, its meaning is sound, and it replays. A name that is a file
//! is read as one (a path that exists wins over an id); otherwise a bundled case of that
//! id is used, and an unknown name is an error with the closest ids.

use std::path::{Path, PathBuf};

use crate::case_check;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;
use crate::replay;
use crate::rules::{Catalog, RuleSet};
use crate::scenario::Scenario;

use super::file_kind::{FileKind, file_kind};

/// The ids of the bundled cases (their file names without `.json`), sorted.
pub fn bundled_case_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = super::bundled_cases::CASES
        .iter()
        .map(|(file_name, _)| file_name.trim_end_matches(".json"))
        .collect();
    ids.sort_unstable();
    ids
}

/// The name and bytes of a case named by a path, or by the id of a bundled case when no
/// file has that name (`baytaq`, or `baytaq.json` outside `scenarios/`).
pub fn read_case(path: &Path) -> Result<(String, Vec<u8>), Diagnostic> {
    let given = path.display().to_string();
    if path.exists() {
        return Ok((given, input::read_bytes(path)?));
    }
    let bare = path.components().count() == 1;
    let id = given.strip_suffix(".json").unwrap_or(&given);
    if bare {
        if let Some((file_name, text)) = super::bundled_cases::CASES
            .iter()
            .find(|(file_name, _)| file_name.trim_end_matches(".json") == id)
        {
            return Ok((
                format!("<bundled>/scenarios/{file_name}"),
                text.as_bytes().to_vec(),
            ));
        }
    }
    if bare && !given.ends_with(".json") {
        return Err(Diagnostic::new(
            &given,
            "no file has this name and no bundled case has this id",
        )
        .fix(format!(
            "name a case file, or a bundled case ({}): {}",
            "see `regsim list`",
            crate::diagnostic::did_you_mean(id, &bundled_case_ids())
        )));
    }
    input::read_bytes(path).map(|bytes| (given, bytes))
}

/// Reads, parses and checks a case (a file, or a bundled case by id) and resolves its
/// rule set.
pub fn load_case(
    path: &Path,
    catalog: &Catalog,
) -> Result<(String, Scenario, RuleSet), Diagnostics> {
    let (name, bytes) = read_case(path)?;
    let kind = input::parse_value(&name, &bytes).and_then(|value| file_kind(&name, &value))?;
    let not_a_case = |what: &str, fix: &str| {
        Err(
            Diagnostic::new(&name, format!("this is a {what} file, not a case"))
                .fix(fix)
                .into(),
        )
    };
    match kind {
        FileKind::Case => {}
        FileKind::RuleSet => {
            return not_a_case(
                "rule-set",
                "pass it with --rules-file and name its id, or see it with `regsim rules show`",
            );
        }
        FileKind::Profile => {
            return not_a_case(
                "behaviour-profile",
                "name it in a study's `profile`, or pass it to `regsim simulate --profile`",
            );
        }
        FileKind::Study => return not_a_case("study", "run it with `regsim simulate`"),
    }
    let scenario: Scenario = input::parse(&name, &bytes)?;
    let rules = check_case(&name, &scenario, catalog).map_err(Diagnostics)?;
    Ok((name, scenario, rules))
}

/// The checks `validate` makes on a parsed case, which every command that reads a case
/// makes too: its rule set resolves and fits, its meaning is sound, and it replays.
/// Returns the case's rule set.
pub fn check_case(
    name: &str,
    scenario: &Scenario,
    catalog: &Catalog,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let rules = case_check::rules_for(name, scenario, catalog);
    let mut problems = case_check::check(name, scenario, rules.as_ref().ok());
    match rules {
        Err(rule_problems) => {
            problems.extend(rule_problems);
            Err(problems)
        }
        Ok(_) if !problems.is_empty() => Err(problems),
        Ok(rules) => match replay::replay(name, scenario, &rules, None) {
            Ok(replay) => match unexplained_mismatch(name, &replay) {
                Some(problem) => Err(vec![problem]),
                None => Ok(rules),
            },
            Err(problem) => {
                let every = replay::transition_problems(name, scenario, &rules);
                Err(if every.is_empty() {
                    vec![problem]
                } else {
                    every
                })
            }
        },
    }
}

/// Loads the cases `compare` works on: the given files and directories, else the bundled ones.
pub fn load_cases(
    catalog: &Catalog,
    paths: &[PathBuf],
    include_hypothetical: bool,
) -> Result<Vec<(String, Scenario, RuleSet)>, Diagnostics> {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    if paths.is_empty() {
        for (file_name, text) in super::bundled_cases::CASES {
            let name = format!("<bundled>/scenarios/{file_name}");
            let loaded = input::parse::<Scenario>(&name, text.as_bytes())
                .map_err(Diagnostics::from)
                .and_then(|scenario| {
                    let rules =
                        case_check::rules_for(&name, &scenario, catalog).map_err(Diagnostics)?;
                    Ok((name.clone(), scenario, rules))
                });
            match loaded {
                Ok(case)
                    if include_hypothetical || case.1.kind == crate::scenario::CaseKind::Real =>
                {
                    cases.push(case)
                }
                Ok(_) => {}
                Err(error) => problems.extend(error.0),
            }
        }
    } else {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                    .map_err(|error| {
                        Diagnostic::new(
                            path.display().to_string(),
                            format!("cannot list the directory: {error}"),
                        )
                    })?
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .filter(|file| {
                        file.is_file() && file.extension().is_some_and(|ext| ext == "json")
                    })
                    .collect();
                inside.sort();
                files.extend(inside);
            } else {
                files.push(path.clone());
            }
        }
        for file in files {
            match load_case(&file, catalog) {
                Ok(case) => cases.push(case),
                Err(error) => problems.extend(error.0),
            }
        }
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(Diagnostics(problems))
    }
}

/// A replay that does not reproduce the outcome the case file records, unless the file's
/// `recorded_outcome.note` explains why.
fn unexplained_mismatch(name: &str, replay: &replay::Replay) -> Option<Diagnostic> {
    let check = replay.recorded_outcome.as_ref()?;
    if check.reproduced
        || check
            .note
            .as_deref()
            .is_some_and(|note| !note.trim().is_empty())
    {
        return None;
    }
    Some(
        Diagnostic::at_path(
            name,
            "$.recorded_outcome",
            format!(
                "the replay does not reproduce the recorded outcome: {}",
                check.differences.join("; ")
            ),
        )
        .fix(
            "correct the events or the recorded figures; if the sources count what the file \
             cannot hold (earlier attempts), give `refusals_outside_file`; otherwise explain \
             the difference in `recorded_outcome.note`",
        ),
    )
}
