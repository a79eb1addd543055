//! Rule-set expressions: `BASE+REFORM[+REFORM…]`, with `own` for a case's own rules, and
//! terms that name a rule-set file by its path (`kz-2020+my-reform.json`).

use std::path::{Path, PathBuf};

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

/// The file a term of an expression names, if it names one rather than an id: it ends in
/// `.json`, holds a path separator, or is a file that exists (a path that exists wins over
/// an id). A relative path is taken from `base` (the folder of the file that wrote the
/// expression; empty for the command line).
pub(super) fn term_file(term: &str, base: &Path) -> Option<PathBuf> {
    let term = term.trim();
    if term.is_empty() || term == OWN {
        return None;
    }
    let path = if base.as_os_str().is_empty() || base == Path::new(".") {
        PathBuf::from(term)
    } else {
        base.join(term)
    };
    let looks_like_path = term.to_ascii_lowercase().ends_with(".json")
        || term.contains('/')
        || term.contains(std::path::MAIN_SEPARATOR);
    (looks_like_path || path.is_file()).then_some(path)
}
