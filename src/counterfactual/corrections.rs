//! The applicant's corrections under other rules: one act under two names. A real
//! re-filing is the cure where the other rules invite one (within the cure period), a
//! fresh filing where they refuse first, and after a refusal (or a rejected appeal) the
//! step the other rules give a refused group. The act keeps its real date either way.

use crate::date::Date;
use crate::event::EventKind;
use crate::machine;

use super::derive::Deriver;

impl Deriver<'_> {
    /// The applicant's corrections are one act under two names: a cure where the rules
    /// invite one, a fresh filing where they refuse first. A real filing the other rules
    /// would receive as a cure (or the reverse) is translated, keeping its date.
    ///
    /// A real re-filing counts as a cure only if it falls within the cure period: a group
    /// that re-filed months later did so under rules that set it no deadline, so its date
    /// says nothing about a cure it was never invited to make (the `cure_days` assumption
    /// places that one instead).
    pub(super) fn translation(&self, kind: EventKind, date: Date) -> Option<EventKind> {
        let allows = |target: EventKind| {
            machine::candidates(&self.state, target, self.rules).any(|id| {
                target != EventKind::DefectsCured
                    || self
                        .rules
                        .compiled_transition(id)
                        .deadline
                        .and_then(|limit| self.state.deadline(limit, self.rules))
                        .is_none_or(|deadline| date <= deadline.due)
            })
        };
        if allows(kind) {
            return None;
        }
        // A rejected appeal leaves the refusal standing: the group files again as a
        // refused group.
        let after_refusal = self
            .last_kind
            .is_some_and(|last| last.is_refusal() || last == EventKind::AppealRejected);
        match kind {
            EventKind::NotificationFiled | EventKind::ApplicationSubmitted
                if allows(EventKind::DefectsCured) =>
            {
                Some(EventKind::DefectsCured)
            }
            // After a refusal, the group's corrected documents go in again as the step the
            // other rules give a refused group: a re-filed notification is a resubmitted
            // application where the rules resume at the application, and the reverse.
            EventKind::NotificationFiled
                if after_refusal && allows(EventKind::ApplicationSubmitted) =>
            {
                Some(EventKind::ApplicationSubmitted)
            }
            EventKind::ApplicationSubmitted
                if after_refusal && allows(EventKind::NotificationFiled) =>
            {
                Some(EventKind::NotificationFiled)
            }
            EventKind::DefectsCured => [
                EventKind::ApplicationSubmitted,
                EventKind::NotificationFiled,
            ]
            .into_iter()
            .find(|&target| allows(target)),
            _ => None,
        }
    }
}
