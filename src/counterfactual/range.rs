//! The range of a counterfactual outcome across the authority models, from the most
//! adverse (`worst`) to the most favourable to the applicant (`lawful`), so a reader sees
//! how much of a result rests on the authority's conduct.
//!
//! Refusals alone do not rank outcomes: an authority that holds a case in an endless
//! suspension refuses it less often than one that keeps refusing. An outcome is at least
//! as adverse as another ([`ModelOutcome::at_least_as_adverse_as`]) when it registers no
//! earlier (never counts as latest) and, when neither registers, it holds the case
//! without end (waiting on the authority or a court where no time limit runs: the
//! application is never decided), or else refuses at least as often. Every model is
//! derived to the same horizon, and a refusal whose counterpart falls after it is counted
//! as pending there, so a model that refuses later never looks as if it refused less.

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
    /// Real refusals whose counterpart falls after the horizon: pending there.
    #[serde(skip_serializing_if = "is_zero")]
    pub refusals_pending: u32,
    /// Days the group waited on the authority.
    pub authority_days: i32,
    /// Where the case ends waiting on the authority or a court at a stage no time limit
    /// bounds: the stage (it is held without end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_at: Option<String>,
    /// Where the derivation stopped because the record could no longer be followed: the
    /// outcome is as of that day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_to: Option<Date>,
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
            refusals_pending: cf.refusals_pending,
            authority_days: outcome.days_waiting_on_authority,
            held_at: cf
                .counterfactual
                .findings
                .iter()
                .find(|finding| finding.kind == FindingKind::UnboundedWait)
                .map(|finding| finding.rule.clone()),
            derived_to: cf.limit.as_ref().map(|limit| limit.derived_to),
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
        if self.refusals_pending > 0 {
            text.push_str(&format!(
                " (+{} pending at the horizon)",
                self.refusals_pending
            ));
        }
        if let Some(date) = self.derived_to {
            text.push_str(&format!(" (derived only to {date}: see its limit)"));
        }
        if self.conditional {
            text.push('*');
        }
        format!("{}: {text}", self.model)
    }

    /// Refusals, counting those pending at the horizon: a model that takes longer to
    /// refuse has not refused less when the horizon cuts its refusal off.
    pub fn refusals_counted(&self) -> u32 {
        self.refusals + self.refusals_pending
    }

    /// Whether this outcome is at least as adverse to the applicant as `other`: it
    /// registers no earlier; when neither registers, it holds the case without end (the
    /// application is never decided, so the group can neither register nor appeal), or
    /// else it refuses at least as often, counting refusals pending at the horizon.
    pub fn at_least_as_adverse_as(&self, other: &ModelOutcome) -> bool {
        match (self.registered_on, other.registered_on) {
            (Some(mine), Some(theirs)) => mine >= theirs,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => match (&self.held_at, &other.held_at) {
                (Some(_), _) => true,
                (None, Some(_)) => false,
                (None, None) => self.refusals_counted() >= other.refusals_counted(),
            },
        }
    }
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

/// For a range, the conditions of every starred model (`chosen` included, though the
/// report states its conditions again below), one line per model: what each `*` rests on.
pub fn model_conditions(range: &[ModelOutcome]) -> Vec<String> {
    range
        .iter()
        .filter(|outcome| outcome.conditional)
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
            // Every model to the same horizon as the chosen one (its `--as-of`, if any).
            let other = counterfactual_with(
                file,
                scenario,
                rules,
                model,
                Some(chosen.factual.as_of),
                chosen.act_earlier,
            )?;
            outcomes.push(ModelOutcome::of(&other));
        }
    }
    Ok(outcomes)
}
