//! Every value of a resolved rule set with what stands behind it: its status and the
//! source its citation names, one row each, for reports that show "the status and source
//! of every value behind the numbers".
//!
//! The rows are the values [`RuleSet::status_counts`] counts — the in-force period, the
//! calendar, each parameter, each policy and each transition — so a list and its counts
//! always agree.

use serde::{Deserialize, Serialize};

use super::{Policy, RuleSet};
use crate::source::{Citation, Status};

/// One value of a rule set and its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueProvenance {
    /// What the value is (`parameter registration_members_min`, `policy refusal_grounds`,
    /// `transition register`, `in force`, `calendar`).
    pub what: String,
    /// The value in words (`5000 persons`, `closed: too_few_members`, `under_review →
    /// registered on registered`).
    pub value: String,
    /// Its status.
    pub status: Status,
    /// The source its citation names, rendered, if it cites one.
    pub source: Option<String>,
}

impl RuleSet {
    /// Every value of the rule set with its status and source, in the order
    /// [`RuleSet::status_counts`] counts them.
    pub fn provenance(&self) -> Vec<ValueProvenance> {
        let cite = |citation: &Option<Citation>| citation.as_ref().map(|c| self.cite(c));
        let mut rows = Vec::new();
        if let Some(period) = &self.in_force {
            rows.push(ValueProvenance {
                what: "in force".into(),
                value: format!(
                    "{} – {}",
                    period.from,
                    period.until.map_or("now".to_string(), |d| d.to_string())
                ),
                status: period.status,
                source: cite(&period.citation),
            });
        }
        if let Some(calendar) = &self.calendar {
            rows.push(ValueProvenance {
                what: "calendar".into(),
                value: calendar.id.clone(),
                status: calendar.status,
                source: cite(&calendar.citation),
            });
        }
        for (id, parameter) in &self.parameters {
            rows.push(ValueProvenance {
                what: format!("parameter {id}"),
                value: {
                    let unit = parameter.unit.label();
                    // "1 month", "2 months".
                    let unit = if parameter.value == 1.0 {
                        unit.strip_suffix('s').unwrap_or(unit)
                    } else {
                        unit
                    };
                    format!("{} {unit}", crate::number::readable(parameter.value))
                },
                status: parameter.status,
                source: cite(&parameter.citation),
            });
        }
        let policies = &self.policies;
        rows.push(policy_row(
            "refusal_grounds",
            &policies.refusal_grounds,
            self,
        ));
        rows.push(policy_row(
            "rectifiable_defects",
            &policies.rectifiable_defects,
            self,
        ));
        rows.push(policy_row(
            "authority_silence",
            &policies.authority_silence,
            self,
        ));
        rows.push(policy_row("notification", &policies.notification, self));
        for transition in &self.procedure.transitions {
            rows.push(ValueProvenance {
                what: format!("transition {}", transition.id),
                value: format!(
                    "{} → {} on {}",
                    transition.from, transition.to, transition.event
                ),
                status: transition.status,
                source: cite(&transition.citation),
            });
        }
        rows
    }
}

fn policy_row<R: Serialize>(name: &str, policy: &Policy<R>, rules: &RuleSet) -> ValueProvenance {
    let rule = serde_json::to_value(&policy.rule)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut value = rule;
    if !policy.listed.is_empty() {
        let listed: Vec<&str> = policy.listed.iter().map(|code| code.name()).collect();
        value = format!("{value}: {}", listed.join(", "));
    }
    ValueProvenance {
        what: format!("policy {name}"),
        value,
        status: policy.status,
        source: policy.citation.as_ref().map(|c| rules.cite(c)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_rows_are_the_values_the_counts_count() {
        let catalog = crate::rules::Catalog::bundled();
        for id in catalog.ids() {
            let rules = catalog.resolve(id).expect("bundled rule sets resolve");
            let rows = rules.provenance();
            let mut counts = crate::source::StatusCounts::default();
            for row in &rows {
                counts.add(row.status);
            }
            assert_eq!(counts, rules.status_counts(), "{id}");
        }
    }
}
