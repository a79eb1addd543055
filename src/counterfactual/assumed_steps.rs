//! Steps the record lacks, placed by assumptions: a congress the real group was never
//! allowed to hold, a filing it never reached, a cure it was never invited to make. The
//! case file's `assumptions` give their timing, else regsim's documented defaults; every
//! assumption used is listed with where its value came from.

use crate::case_check::KNOWN_ASSUMPTIONS;
use crate::date::Date;
use crate::event::EventKind;
use crate::machine;
use crate::scenario::Event;

use super::derive::Deriver;
use super::{AssumptionUse, DEFAULT_ASSUMPTIONS, Derivation};

impl Deriver<'_> {
    pub(super) fn assumption(&mut self, name: &str) -> f64 {
        let (value, origin, note) = match self.scenario.assumptions.get(name) {
            Some(stated) => (stated.value, "scenario", stated.note.clone()),
            None => {
                let (_, value, note) = DEFAULT_ASSUMPTIONS
                    .iter()
                    .find(|(known, _, _)| *known == name)
                    .copied()
                    .unwrap_or((name, 30.0, "regsim default"));
                (value, "default", note.to_string())
            }
        };
        if !self.assumptions_used.iter().any(|used| used.name == name) {
            let meaning = KNOWN_ASSUMPTIONS
                .iter()
                .find(|(known, _)| *known == name)
                .map_or("", |(_, meaning)| meaning);
            self.assumptions_used.push(AssumptionUse {
                name: name.into(),
                value,
                origin: origin.into(),
                meaning: meaning.into(),
                note,
            });
        }
        value
    }

    /// The applicant step the other rules need next and the record lacks, if any.
    pub(super) fn synthesis(&self) -> Option<(EventKind, &'static str, Date)> {
        let (kind, name) = match self.last_kind {
            Some(EventKind::RemarksIssued) => (EventKind::DefectsCured, "cure_days"),
            Some(EventKind::NotificationConfirmed | EventKind::NotificationFiled) => {
                (EventKind::CongressHeld, "congress_after_days")
            }
            Some(EventKind::CongressHeld) => {
                (EventKind::ApplicationSubmitted, "submission_after_days")
            }
            _ => return None,
        };
        machine::candidates(&self.state, kind, self.rules).next()?;
        // A default fills only a step the record lacks: where the group really took this
        // step later (a congress, a filing), its real act keeps its real date.
        let later = &self.scenario.events[self.next_real..];
        if kind != EventKind::DefectsCured
            && !self.act_earlier
            && later.iter().any(|event| event.event == kind)
        {
            return None;
        }
        // Nor a cure where the group really filed a correction within the cure period:
        // that filing is the cure.
        if kind == EventKind::DefectsCured {
            let cure_due = machine::candidates(&self.state, kind, self.rules)
                .find_map(|id| self.rules.compiled_transition(id).deadline)
                .and_then(|limit| self.state.deadline(limit, self.rules))
                .map(|deadline| deadline.due);
            let corrected_in_time = later.iter().any(|event| {
                matches!(
                    event.event,
                    EventKind::NotificationFiled
                        | EventKind::ApplicationSubmitted
                        | EventKind::DefectsCured
                ) && cure_due.is_none_or(|due| event.date <= due)
            });
            if corrected_in_time {
                return None;
            }
        }
        let date = self
            .state
            .entered
            .add_days(self.assumption_peek(name) as i32);
        Some((kind, name, date))
    }

    pub(super) fn synthesis_date(&self) -> Option<Date> {
        self.synthesis().map(|(_, _, date)| date)
    }

    /// An applicant step the other rules need and the record lacks.
    pub(super) fn synthesize_applicant_step(&mut self) -> bool {
        let Some((kind, name, date)) = self.synthesis() else {
            return false;
        };
        let Some(id) = machine::candidates(&self.state, kind, self.rules).next() else {
            return false;
        };
        if date > self.as_of {
            return false;
        }
        if let Some(limit) = self.rules.compiled_transition(id).deadline {
            if self
                .state
                .deadline(limit, self.rules)
                .is_some_and(|deadline| date > deadline.due)
            {
                return false;
            }
        }
        if self.fire_new_clock_before(date) {
            return true;
        }
        // A step the record lacks is assumed once. Needing it again (a second congress
        // after a lapse the counterfactual itself produced) means the record can no longer
        // be followed under these rules: nothing more is derived, and the limit says why,
        // rather than numbers that would be the model's, not the record's.
        let placed_before = self.rows.iter().any(|row| {
            matches!(row.derivation, Derivation::Assumed { .. })
                && row.counterfactual.as_ref().is_some_and(|e| e.event == kind)
        });
        if placed_before && kind != EventKind::DefectsCured {
            let derived_to = self.state.last_event.unwrap_or(self.state.entered);
            self.limit = Some(super::DerivationLimit {
                derived_to,
                step: kind,
                text: format!(
                    "the record cannot be followed under {} past {derived_to}: the group would need a second `{kind}` its record never shows (the first was placed by the assumption {name}); the real acts after that day have no counterpart the record supports, so nothing after {derived_to} is derived and the counterfactual figures are as of {derived_to}, not {}",
                    self.rules.id, self.as_of
                ),
            });
            return true;
        }
        let value = self.assumption(name);
        let mut event = Event::bare(kind, date);
        if kind == EventKind::ApplicationSubmitted {
            if let Some(members) = self.scenario.assumptions.get("members") {
                event.filed.members = Some(members.value as u32);
            }
        }
        self.apply_derived(
            event,
            Derivation::Assumed {
                assumption: name.into(),
                value,
            },
        );
        true
    }

    pub(super) fn assumption_peek(&self, name: &str) -> f64 {
        self.scenario
            .assumptions
            .get(name)
            .map(|a| a.value)
            .unwrap_or_else(|| {
                DEFAULT_ASSUMPTIONS
                    .iter()
                    .find(|(known, _, _)| *known == name)
                    .map_or(30.0, |(_, value, _)| *value)
            })
    }
}
