//! The catalog a command works with, and the rule sets a case is replayed under.
//!
//! [`catalog`] is the bundled rule sets plus the files a user names with `--rules-file`
//! (each must resolve, as `validate` requires). [`resolve_under`] turns the rule-set
//! expression of a counterfactual (`kz-simplified`, `own+kz-simplified`,
//! `kz-2020+kz-simplified`) into the rule set a case is replayed under, refusing one for
//! another kind of organization.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::{Catalog, RuleSet};

/// The bundled rule sets plus the user's.
pub fn catalog(extra: &[PathBuf]) -> Result<Catalog, Diagnostics> {
    let mut catalog = Catalog::bundled();
    let mut problems = Vec::new();
    let mut added = Vec::new();
    for path in extra {
        match catalog.add_path(path) {
            Ok(id) => added.push(id),
            Err(problem) => problems.push(problem),
        }
    }
    // A rule-set file the user names must resolve, as `validate` requires, whether or not
    // this command goes on to use it.
    if problems.is_empty() {
        for id in added {
            if let Err(found) = catalog.resolve(&id) {
                problems.extend(found.0);
            }
        }
    }
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(Diagnostics(problems))
    }
}

/// The rule set a counterfactual of a case runs under. A reform named alone is applied to
/// the case's own rules (`kz-simplified` means `own+kz-simplified`); a rule set for
/// another entity kind is refused, naming the reforms that would apply.
pub fn resolve_under(
    catalog: &Catalog,
    expression: &str,
    case: &str,
    own: &RuleSet,
) -> Result<RuleSet, Diagnostics> {
    let expression = expression.trim();
    let expression = if !expression.contains('+')
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
