//! Why a counterfactual differs: the reasons given on each row and the first divergence.

use crate::defect::DefectSet;
use crate::event::{Actor, EventKind};
use crate::machine;
use crate::replay::Replay;
use crate::scenario::Event;

use super::derive::Deriver;
use super::real_authority::{DecisionClass, Template, class_of};
use super::wording::describe;
use super::{AuthorityModel, Derivation, Divergence};

impl<'a> Deriver<'a> {
    /// Why the real decision is not open under the other rules.
    pub(super) fn why_not(
        &self,
        template: Template,
        real_failed: &[&str],
    ) -> (String, String, Option<String>) {
        let stage = &self.rules.stage(self.state.stage).id;
        // A real decision taken at another stage stands for the decision of the same
        // class here (a returned notification for a refused application).
        let mapped = if machine::candidates(&self.state, template.kind, self.rules)
            .next()
            .is_some()
        {
            Some(template.kind)
        } else {
            machine::allowed_kinds(&self.state, self.rules)
                .into_iter()
                .find(|&kind| class_of(kind) == template.class && kind.actor() != Actor::Clock)
        };
        let Some(kind) = mapped else {
            return (
                format!(
                    "`{}` is not a step of {} at stage `{stage}`, nor is any decision of its kind",
                    template.kind, self.rules.id
                ),
                format!("procedure of {}", self.rules.id),
                None,
            );
        };
        let prefix = if kind == template.kind {
            String::new()
        } else {
            format!(
                "the real `{}` stands for `{kind}` at stage `{stage}`; ",
                template.kind
            )
        };
        let Some(id) = machine::candidates(&self.state, kind, self.rules).next() else {
            return (
                format!("{prefix}it is not open"),
                format!("procedure of {}", self.rules.id),
                None,
            );
        };
        let mut event = Event::bare(kind, self.state.last_event.unwrap_or(self.state.entered));
        event.defects = template.defects;
        let failed = machine::failed_guards(&self.state, &event, id, self.rules);
        let transition = self.rules.transition(id);
        for (index, guard) in transition.guards.iter().enumerate() {
            if failed & (1 << index) == 0 || real_failed.contains(&guard.name()) {
                continue;
            }
            let policies = &self.rules.policies;
            let (rule, citation, reason) = match guard.name() {
                "has_listed_ground" => (
                    format!(
                        "policies.refusal_grounds (closed list) [{}]",
                        policies.refusal_grounds.status
                    ),
                    policies.refusal_grounds.citation.as_ref(),
                    format!(
                        "a refusal on {} is not allowed: none of these is a listed ground",
                        describe(template.defects)
                    ),
                ),
                "rectifiable_defects_noticed_first" => (
                    format!(
                        "policies.rectifiable_defects (notice and cure first) [{}]",
                        policies.rectifiable_defects.status
                    ),
                    policies.rectifiable_defects.citation.as_ref(),
                    format!(
                        "a refusal on rectifiable defects only ({}) is not allowed before they are notified and a cure period runs out",
                        describe(template.defects)
                    ),
                ),
                "remark_rounds_below" => (
                    format!(
                        "{} / remark_rounds_below [{}]",
                        transition.id, transition.status
                    ),
                    transition.citation.as_ref(),
                    "no further remark round is allowed on this filing".to_string(),
                ),
                other => (
                    format!("{} / {other} [{}]", transition.id, transition.status),
                    transition.citation.as_ref(),
                    format!("`{kind}` fails the guard {other}"),
                ),
            };
            return (
                format!("{prefix}{reason}"),
                rule,
                citation.map(|c| self.rules.cite(c)),
            );
        }
        if self.model == AuthorityModel::Lawful {
            return (
                format!(
                    "{prefix}a lawful authority refuses only on unrectifiable (and, under a closed list, listed) defects and decides within its time limit"
                ),
                "authority model: lawful".into(),
                None,
            );
        }
        if !prefix.is_empty() {
            return (
                prefix.trim_end_matches("; ").to_string(),
                transition.id.clone(),
                transition.citation.as_ref().map(|c| self.rules.cite(c)),
            );
        }
        (
            format!(
                "the real `{}` is not open at this point under {}",
                template.kind, self.rules.id
            ),
            format!("procedure of {}", self.rules.id),
            None,
        )
    }

    pub(super) fn divergence(
        &self,
        factual: &Replay,
        counterfactual: &Replay,
    ) -> Option<Divergence> {
        for row in &self.rows {
            let (Derivation::Kept, Some(real), Some(derived)) =
                (&row.derivation, &row.factual, &row.counterfactual)
            else {
                break;
            };
            let (before, after) = (
                &factual.steps[real.index],
                &counterfactual.steps[derived.index],
            );
            if before.stage_after != after.stage_after || before.date != after.date {
                let transition = self
                    .rules
                    .procedure
                    .transitions
                    .iter()
                    .find(|t| t.id == after.transition);
                return Some(Divergence {
                    factual_event: Some(real.index),
                    date: after.day,
                    description: format!(
                        "`{}` leads to `{}` under {} instead of `{}` under {}",
                        after.event,
                        after.stage_after,
                        self.rules.id,
                        before.stage_after,
                        self.factual_rules.id
                    ),
                    rule: format!("{} [{}]", after.transition, after.transition_status),
                    citation: transition
                        .and_then(|t| t.citation.as_ref())
                        .map(|c| self.rules.cite(c)),
                });
            }
        }
        let row = self
            .rows
            .iter()
            .find(|row| !matches!(row.derivation, Derivation::Kept))?;
        let date = row
            .counterfactual
            .as_ref()
            .or(row.factual.as_ref())
            .map_or(self.as_of, |event| event.date);
        let factual_event = row.factual.as_ref().map(|event| event.index);
        let (description, rule, citation) = match &row.derivation {
            Derivation::Replaced {
                reason,
                rule,
                citation,
            } => (
                match (&row.factual, &row.counterfactual) {
                    (Some(real), Some(other)) if real.event == other.event => format!(
                        "{} falls on {} instead of {}: {reason}",
                        real.event, other.date, real.date
                    ),
                    _ => format!(
                        "{} becomes {}: {reason}",
                        row.factual
                            .as_ref()
                            .map_or("-".into(), |e| e.event.to_string()),
                        row.counterfactual
                            .as_ref()
                            .map_or("-".into(), |e| e.event.to_string())
                    ),
                },
                rule.clone(),
                citation.clone(),
            ),
            Derivation::Dropped { reason } => (
                format!(
                    "the real {} is dropped: {reason}",
                    row.factual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                format!("procedure of {}", self.rules.id),
                None,
            ),
            Derivation::Assumed { assumption, value } => (
                format!(
                    "{} placed by assumption {assumption} = {value}",
                    row.counterfactual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                format!("assumption {assumption}"),
                None,
            ),
            Derivation::Derived {
                reason,
                rule,
                citation,
            } => (
                format!(
                    "{}: {reason}",
                    row.counterfactual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                rule.clone(),
                citation.clone(),
            ),
            Derivation::Translated {
                reason,
                rule,
                citation,
            } => (reason.clone(), rule.clone(), citation.clone()),
            Derivation::Kept => unreachable!("filtered above"),
        };
        Some(Divergence {
            factual_event,
            date,
            description,
            rule,
            citation,
        })
    }
}

/// Why the authority takes a decision the record lacks, in a sentence.
pub(super) fn derived_reason(
    kind: EventKind,
    chosen: DefectSet,
    raised: DefectSet,
    cured: DefectSet,
    rules: &str,
) -> String {
    let outstanding = DefectSet {
        codes: raised.codes & !cured.codes,
        rectifiable: raised.rectifiable & !cured.codes,
    };
    match class_of(kind) {
        DecisionClass::Approve if outstanding.is_empty() => {
            format!(
                "the defects the authority raised in reality ({}) have been cured, so it approves",
                describe(raised)
            )
        }
        DecisionClass::Approve => format!(
            "under {rules} none of the defects the authority raised in reality ({}) may ground a refusal or a further remark here, so it approves",
            describe(outstanding)
        ),
        _ => format!(
            "the authority raises the defects it raised in reality ({})",
            describe(chosen)
        ),
    }
}
