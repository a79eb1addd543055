//! Rule-set expressions: `BASE+REFORM[+REFORM…]`, with `own` for a case's own rules.

use crate::diagnostic::Diagnostic;

/// The terms of a rule-set expression, `own` replaced by the case's own rule set.
pub(super) fn expression_terms(
    expression: &str,
    own_rules: Option<&str>,
) -> Result<Vec<String>, Diagnostic> {
    let mut terms = Vec::new();
    for (position, term) in expression.split('+').map(str::trim).enumerate() {
        let term = match (term, own_rules) {
            ("", _) => {
                return Err(
                    Diagnostic::new(expression, "a rule-set expression has an empty term")
                        .fix("write BASE+REFORM, e.g. kz-2020+kz-simplified or own+kz-simplified"),
                );
            }
            (OWN, _) if position > 0 => {
                return Err(Diagnostic::new(
                    expression,
                    "`own` (the case's own rule set) can only come first",
                )
                .fix("write own+REFORM"));
            }
            (OWN, Some(own)) => own,
            (OWN, None) => {
                return Err(Diagnostic::new(
                    expression,
                    "`own` stands for a case's own rule set, and there is no case here",
                )
                .fix("name the base rule set instead, e.g. kz-2022+kz-simplified"));
            }
            (term, _) => term,
        };
        terms.push(term.to_string());
    }
    Ok(terms)
}

/// The word that stands for a case's own rule set in a rule-set expression
/// (`own+kz-simplified`).
pub const OWN: &str = "own";
