//! The range of a counterfactual outcome across the authority models, from the most
//! adverse (`worst`) to the most favourable to the applicant (`lawful`), so a reader sees
//! how much of a result rests on the authority's conduct.
//!
//! Refusals alone do not rank outcomes: an authority that holds a case in an endless
//! suspension refuses it less often than one that keeps refusing. An outcome is at least
//! as adverse as another ([`ModelOutcome::at_least_as_adverse_as`]) when it registers no
//! earlier (never counts as latest) and, when neither registers, it holds the case
//! without end (waiting on the authority or a court where no time limit runs), or else
//! refuses at least as often or keeps the group waiting on the authority at least as long.

use serde::Serialize;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::replay::FindingKind;
use crate::rules::RuleSet;
use crate::scenario::Scenario;

use super::{AuthorityModel, Counterfactual, counterfactual_with};

/// A counterfactual's outcome under one authority model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModelOutcome {
    /// The model.
    pub model: AuthorityModel,
    /// Registration date, if registered.
    pub registered_on: Option<Date>,
    /// Days from first filing to registration, if registered.
    pub days: Option<i32>,
    /// Refusals.
    pub refusals: u32,
    /// Whether `refusals` is a minimum (the sources give no exact count).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub refusals_at_least: bool,
    /// Days the group waited on the authority.
    pub authority_days: i32,
    /// Where the case ends waiting on the authority or a court at a stage no time limit
    /// bounds: the stage (it is held without end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_at: Option<String>,
    /// Whether the outcome is conditional on something the record lacks.
    pub conditional: bool,
    /// What it is conditional on (the conditions' texts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
}

impl ModelOutcome {
    /// The outcome of a counterfactual, as one entry of a range.
    pub fn of(cf: &Counterfactual) -> ModelOutcome {
        let outcome = &cf.counterfactual.outcome;
        ModelOutcome {
            model: cf.model,
            registered_on: outcome.registered_on,
            days: outcome
                .days_from_first_filing
                .filter(|_| outcome.registered_on.is_some()),
            refusals: outcome.refusals,
            refusals_at_least: outcome.refusals_at_least,
            authority_days: outcome.days_waiting_on_authority,
            held_at: cf
                .counterfactual
                .findings
                .iter()
                .find(|finding| finding.kind == FindingKind::UnboundedWait)
                .map(|finding| finding.rule.clone()),
            conditional: !cf.conditions.is_empty(),
            conditions: cf.conditions.iter().map(|c| c.text.clone()).collect(),
        }
    }

    /// "worst: registered 2022-08-02 (day 90), 0 refusals", with `≥` on a minimum count
    /// and `*` when conditional.
    pub fn describe(&self) -> String {
        let mut text = match (self.registered_on, self.days) {
            (Some(date), Some(days)) => format!("registered {date} (day {days})"),
            (Some(date), None) => format!("registered {date}"),
            _ => match &self.held_at {
                Some(stage) => format!("not registered (held without end at `{stage}`)"),
                None => "not registered".to_string(),
            },
        };
        let count = if self.refusals_at_least && self.refusals > 0 {
            format!("≥{}", self.refusals)
        } else {
            self.refusals.to_string()
        };
        let noun = if self.refusals == 1 {
            "refusal"
        } else {
            "refusals"
        };
        text.push_str(&format!(", {count} {noun}"));
        if self.conditional {
            text.push('*');
        }
        format!("{}: {text}", self.model)
    }

    /// Whether this outcome is at least as adverse to the applicant as `other`: it
    /// registers no earlier, and when neither registers, it refuses at least as often or
    /// holds the group waiting on the authority at least as long.
    pub fn at_least_as_adverse_as(&self, other: &ModelOutcome) -> bool {
        match (self.registered_on, other.registered_on) {
            (Some(mine), Some(theirs)) => mine >= theirs,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => match (&self.held_at, &other.held_at) {
                (Some(_), _) => true,
                (None, Some(_)) => false,
                (None, None) => {
                    self.refusals >= other.refusals || self.authority_days >= other.authority_days
                }
            },
        }
    }
}

/// For a range, the conditions of the models other than `chosen` (whose conditions the
/// report states anyway), one line per model: what each `*` rests on.
pub fn other_conditions(range: &[ModelOutcome], chosen: AuthorityModel) -> Vec<String> {
    range
        .iter()
        .filter(|outcome| outcome.model != chosen && outcome.conditional)
        .map(|outcome| {
            format!(
                "* under {}: {}",
                outcome.model,
                outcome.conditions.join("; ")
            )
        })
        .collect()
}

/// The outcome under every model, from `worst` to `lawful`; `chosen` (already derived
/// under its own model) is reused for its entry.
pub fn range(
    file: &str,
    scenario: &Scenario,
    rules: (&RuleSet, &RuleSet),
    chosen: &Counterfactual,
) -> Result<Vec<ModelOutcome>, Diagnostic> {
    let mut outcomes = Vec::new();
    for model in AuthorityModel::ALL {
        if model == chosen.model {
            outcomes.push(ModelOutcome::of(chosen));
        } else {
            let other =
                counterfactual_with(file, scenario, rules, model, None, chosen.act_earlier)?;
            outcomes.push(ModelOutcome::of(&other));
        }
    }
    Ok(outcomes)
}
