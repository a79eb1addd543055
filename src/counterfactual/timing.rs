//! When a counterfactual decision falls, and what the group does meanwhile.
//!
//! A real decision lends its grounds to the counterfactual one, which may fall later (the
//! other rules give the authority longer, or the record has no decision of that kind to
//! take the pace from). The group's real acts dated before it come first, at their real
//! dates, judged at the stage the counterfactual case is then at: the decision is held
//! back (`PendingDecision`) until no real act precedes it. An act that has no
//! counterpart says which real decision it followed and what became of that decision.

use crate::date::Date;
use crate::event::Actor;
use crate::machine;

use super::derive::Deriver;
use super::real_authority::Template;
use super::{AuthorityModel, Derivation};

impl Deriver<'_> {
    /// The day the authority would take a decision on `template` at the current stage,
    /// as [`Deriver::decide`] dates it: `replicate` and `lawful` as long as the template
    /// took (`lawful` never past the limit), `worst` on the limit's last day.
    pub(super) fn tentative_decision_date(&self, template: Template) -> Option<Date> {
        let due = machine::allowed_kinds(&self.state, self.rules)
            .into_iter()
            .filter(|kind| matches!(kind.actor(), Actor::Authority | Actor::Court))
            .filter_map(|kind| {
                machine::candidates(&self.state, kind, self.rules)
                    .find_map(|id| self.rules.compiled_transition(id).deadline)
                    .and_then(|limit| self.state.deadline(limit, self.rules))
                    .map(|deadline| deadline.due)
            })
            .min();
        if self.model == AuthorityModel::Worst {
            return due;
        }
        let date = (template.duration >= 0)
            .then(|| self.state.entered.add_days(template.duration))
            .or(due);
        match (date, due) {
            (Some(date), Some(due)) if self.model == AuthorityModel::Lawful => Some(date.min(due)),
            (date, _) => date,
        }
    }

    /// What became of the real decision an applicant's act at `index` answered (the last
    /// authority or court decision before it), when the counterfactual has none like it:
    /// the reason the act has no counterpart.
    pub(super) fn answered_decision(&self, index: usize) -> String {
        let Some(decision) = (0..index).rev().find(|&i| {
            matches!(
                self.scenario.events[i].event.actor(),
                Actor::Authority | Actor::Court
            )
        }) else {
            return String::new();
        };
        let real = &self.scenario.events[decision];
        let answered = format!("; it followed the real `{}` of {}", real.event, real.date);
        if let Some(pending) = self.pending.as_ref().filter(|p| p.index == decision) {
            return format!(
                "{answered}, whose counterpart is still to come (on {})",
                pending.date
            );
        }
        let row = self
            .rows
            .iter()
            .find(|row| row.factual.as_ref().is_some_and(|f| f.index == decision));
        match row.map(|row| (&row.derivation, row.counterfactual.as_ref())) {
            Some((Derivation::Dropped { .. }, _)) => {
                format!(
                    "{answered}, which has no counterpart under {}",
                    self.rules.id
                )
            }
            Some((_, Some(counterpart))) if counterpart.event != real.event => format!(
                "{answered}, which under {} is `{}` on {}",
                self.rules.id, counterpart.event, counterpart.date
            ),
            _ => String::new(),
        }
    }
}
