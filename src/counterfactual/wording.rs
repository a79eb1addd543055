//! The words a counterfactual row uses: a derivation in one phrase, a set of defects by
//! name, and defects as records keeping the authority's own texts.

use crate::defect::{Defect, DefectSet};
use crate::scenario::ScenarioEvent;

use super::Derivation;

pub(super) fn summary(derivation: &Derivation) -> String {
    match derivation {
        Derivation::Kept => "kept".into(),
        Derivation::Replaced { reason, .. } => format!("replaced: {reason}"),
        Derivation::Translated { reason, .. } => reason.clone(),
        Derivation::Dropped { reason } => format!("dropped: {reason}"),
        Derivation::Assumed { assumption, value } => format!("assumed {assumption} = {value}"),
        Derivation::Derived { reason, .. } => reason.clone(),
    }
}

pub(super) fn describe(defects: DefectSet) -> String {
    let names: Vec<&str> = defects.codes().map(|code| code.name()).collect();
    if names.is_empty() {
        "no defects".into()
    } else {
        names.join(", ")
    }
}

/// Defects of a set, keeping the texts the record gave for the same codes.
pub(super) fn to_defects(set: DefectSet, record: &ScenarioEvent) -> Vec<Defect> {
    set.codes()
        .map(|code| Defect {
            code,
            text: record
                .defects
                .iter()
                .find(|d| d.code == code)
                .and_then(|d| d.text.clone()),
            rectifiable: Some(set.rectifiable & code.bit() != 0),
        })
        .collect()
}
