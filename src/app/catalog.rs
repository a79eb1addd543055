//! The catalog a command works with, and the rule sets a case is replayed under.
//!
//! [`catalog`] is the bundled rule sets plus the files a user names with `--rules-file`
//! (files, or directories whose rule-set files all join; each must resolve, as `validate`
//! requires); [`rules_expression`] lets a rule-set file's path stand wherever an id does. [`resolve_under`] turns the rule-set
//! expression of a counterfactual (`kz-simplified`, `own+kz-simplified`,
//! `kz-2020+kz-simplified`) into the rule set a case is replayed under, refusing one for
//! another kind of organization.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;
use crate::rules::{Catalog, RuleSet, RuleSetFile};

use super::file_kind::{FileKind, file_kind};

/// The bundled rule sets plus the user's (`--rules-file`, each a file or a directory of
/// them). Every file the user names must resolve, as `validate` requires, whether or not
/// the command goes on to use it.
pub fn catalog(extra: &[PathBuf]) -> Result<Catalog, Diagnostics> {
    let UserRuleSets {
        catalog,
        unreadable,
        invalid,
        ..
    } = user_rule_sets(extra);
    let mut problems = unreadable;
    problems.extend(invalid);
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(Diagnostics(problems))
    }
}

/// The catalog with the user's rule-set files, and what was wrong with those that could
/// not join it or do not resolve (for `list` and `rules list`, which list what they can
/// and warn about the rest).
#[derive(Debug)]
pub struct UserRuleSets {
    /// The bundled rule sets and every user file that parsed.
    pub catalog: Catalog,
    /// The ids the user's files added, in the order given.
    pub added: Vec<String>,
    /// Files or directories that could not be read.
    pub unreadable: Vec<Diagnostic>,
    /// Files that do not parse, clash with another id, or do not resolve.
    pub invalid: Vec<Diagnostic>,
    /// The ids (among `added`) that do not resolve.
    pub unresolved: Vec<String>,
}

/// Reads the user's rule-set files beside the bundled ones, keeping every problem.
pub fn user_rule_sets(extra: &[PathBuf]) -> UserRuleSets {
    let mut found = UserRuleSets {
        catalog: Catalog::bundled(),
        added: Vec::new(),
        unreadable: Vec::new(),
        invalid: Vec::new(),
        unresolved: Vec::new(),
    };
    for path in extra {
        if path.is_dir() {
            match rule_set_files_in(path) {
                Ok(files) => {
                    for file in files {
                        add(&mut found, &file, true);
                    }
                }
                Err(problem) => found.unreadable.push(problem),
            }
        } else {
            add(&mut found, path, false);
        }
    }
    for id in found.added.clone() {
        if let Err(problems) = found.catalog.resolve(&id) {
            found.invalid.extend(problems.0);
            found.unresolved.push(id);
        }
    }
    found
}

/// Adds one file; in a directory, a JSON file that is not a rule set is skipped.
fn add(found: &mut UserRuleSets, path: &Path, in_directory: bool) {
    let name = path.display().to_string();
    let bytes = match input::read_bytes(path) {
        Ok(bytes) => bytes,
        Err(problem) => return found.unreadable.push(problem),
    };
    if in_directory {
        let kind = input::parse_value(&name, &bytes).and_then(|value| file_kind(&name, &value));
        if !matches!(kind, Ok(FileKind::RuleSet)) {
            return;
        }
    }
    let added = input::parse::<RuleSetFile>(&name, &bytes)
        .and_then(|file| found.catalog.add(name.clone(), file));
    match added {
        Ok(id) => {
            if !found.added.contains(&id) {
                found.added.push(id);
            }
        }
        Err(problem) => found.invalid.push(problem),
    }
}

/// The `*.json` files of a directory, sorted (not its subdirectories).
fn rule_set_files_in(directory: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(directory).map_err(|error| {
        Diagnostic::new(
            directory.display().to_string(),
            format!("cannot list the directory: {error}"),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|file| file.is_file() && file.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// A rule-set expression from the command line whose terms may be rule-set files
/// (`--rules my-reform.json`, `kz-2020+my-reform.json`): each file joins the catalog and
/// its id takes its place.
pub fn rules_expression(catalog: &mut Catalog, expression: &str) -> Result<String, Diagnostics> {
    if !Catalog::names_files(expression, Path::new("")) {
        return Ok(expression.to_string());
    }
    let named = catalog.add_files_named_in(expression, Path::new(""))?;
    // A file named here must resolve on its own, as one given with --rules-file must.
    for term in named.split('+') {
        if term != crate::rules::OWN && catalog.file(term).is_some() {
            catalog.resolve(term)?;
        }
    }
    Ok(named)
}

/// The label of `regsim compare`'s default counterfactual, also accepted by `--under`:
/// each case's own rules with the simplified reform for its entity kind.
pub const DEFAULT_REFORM_LABEL: &str = "own+simplified";

/// The stacked simplified reform for an entity kind.
pub fn simplified_reform_for(entity: crate::rules::EntityKind) -> &'static str {
    match entity {
        crate::rules::EntityKind::Party => "kz-simplified",
        crate::rules::EntityKind::PublicAssociation => "kz-pa-simplified",
    }
}

/// The rule set a counterfactual of a case runs under. A reform named alone is applied to
/// the case's own rules (`kz-simplified` means `own+kz-simplified`); a rule set for
/// another entity kind is refused, naming the reforms that would apply. `own+simplified`
/// is the case's own rules with the simplified reform for its entity kind.
pub fn resolve_under(
    catalog: &Catalog,
    expression: &str,
    case: &str,
    own: &RuleSet,
) -> Result<RuleSet, Diagnostics> {
    let expression = expression.trim();
    let expression = if expression == DEFAULT_REFORM_LABEL {
        format!(
            "{}+{}",
            crate::rules::OWN,
            simplified_reform_for(own.entity)
        )
    } else if !expression.contains('+')
        && expression != crate::rules::OWN
        && catalog.is_reform(expression)
    {
        format!("{}+{expression}", crate::rules::OWN)
    } else {
        expression.to_string()
    };
    let entity_error = |what: String| {
        let fitting = catalog.reforms_for(own.entity);
        Diagnostic::new(
            case,
            format!(
                "{what}; the case is a {} case under `{}`: a counterfactual across entity kinds would produce numbers that mean nothing",
                own.entity, own.id
            ),
        )
        .fix(format!(
            "use a rule set or reform for {} cases: {}",
            own.entity,
            fitting
                .iter()
                .map(|id| format!("own+{id}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    };
    // A reform that cannot patch a rule set of the case's entity is an entity mismatch.
    for term in expression.split('+').map(str::trim).skip(1) {
        if catalog.is_reform(term) && !catalog.reforms_for(own.entity).contains(&term) {
            return Err(entity_error(format!(
                "`{term}` is a reform for another kind of organization"
            ))
            .into());
        }
    }
    let other = resolve_own(catalog, &expression, own)?;
    if other.entity != own.entity {
        return Err(entity_error(format!(
            "`{}` is a rule set for {} cases",
            other.id, other.entity
        ))
        .into());
    }
    Ok(other)
}

/// Resolves an expression in which `own` is the case's own rules. A case judged under
/// the regimes in force by date gets the same expression applied to each regime, on the
/// same dates (`kz-2020+kz-simplified` until the 2022 amendments, then
/// `kz-2022+kz-simplified`).
fn resolve_own(catalog: &Catalog, expression: &str, own: &RuleSet) -> Result<RuleSet, Diagnostics> {
    let mentions_own = expression
        .split('+')
        .any(|term| term.trim() == crate::rules::OWN);
    if !mentions_own || !own.spans_regimes() {
        return catalog.resolve_for_case(expression, Some(&own.id));
    }
    if expression.trim() == crate::rules::OWN {
        return Ok(own.clone());
    }
    let mut timeline: Option<RuleSet> = None;
    for (from, regime) in own.regimes() {
        let regime_id = regime.id.split('→').next().unwrap_or(&regime.id);
        let rules = catalog.resolve_for_case(expression, Some(regime_id))?;
        timeline = Some(match (timeline, from) {
            (Some(before), Some(from)) => before
                .followed_by(from, rules)
                .map_err(|why| Diagnostic::new(crate::diagnostic::COMMAND_LINE, why))?,
            _ => rules,
        });
    }
    Ok(timeline.expect("a timeline has a first regime"))
}
