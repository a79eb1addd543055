//! Time limits: an act after its limit (a late decision, a late filing), a lapse recorded
//! before its limit ran out, and a limit whose due date the calendar cannot fix.

use crate::event::Actor;

use super::{EventContext, Finding, FindingKind, Severity};

/// A working-day limit through a year the calendar does not cover (or only
/// provisionally): its due date is uncertain.
pub fn uncertain_due_date(context: &EventContext, findings: &mut Vec<Finding>) {
    let Some(check) = context.time_limit else {
        return;
    };
    let Some(reason) = &check.due_uncertain else {
        return;
    };
    findings.push(context.finding(
        Severity::Observation,
        FindingKind::UncertainDueDate,
        format!("{} / {}", context.transition.id, check.parameter),
        format!(
            "the due date of {} ({} to {}) is uncertain: {reason}",
            check.parameter, check.started, check.due
        ),
        None,
    ));
}

/// An act after its time limit: a late decision (authority or court), a late filing
/// (applicant), or a lapse recorded before the limit ran out (clock).
pub fn limit_not_kept(context: &EventContext, findings: &mut Vec<Finding>) {
    let Some(check) = context.time_limit else {
        return;
    };
    if check.kept {
        return;
    }
    let (event, record) = (context.event, context.record);
    let late = record.date.days_since(check.due);
    let (kind, message) = match event.kind.actor() {
        Actor::Clock => (
            FindingKind::EarlyLapse,
            format!(
                "`{}` is recorded on {}, but {} runs until {} inclusive: a lapse can be recorded from {}",
                event.kind,
                record.date,
                check.parameter,
                check.due,
                check.due.add_days(1)
            ),
        ),
        Actor::Applicant => (
            FindingKind::LateFiling,
            format!(
                "`{}` came {} after the {} ({}) ended on {}",
                event.kind,
                crate::number::plural(i64::from(late), "day", "days"),
                check.parameter,
                check.label.to_lowercase(),
                check.due
            ),
        ),
        Actor::Authority | Actor::Court => (
            FindingKind::LateDecision,
            format!(
                "`{}` came {} after the {} ({}, {}) ended on {}",
                event.kind,
                crate::number::plural(i64::from(late), "day", "days"),
                check.parameter,
                check.label.to_lowercase(),
                check.status,
                check.due
            ),
        ),
    };
    findings.push(context.finding(
        Severity::Departure,
        kind,
        format!("{} / {}", context.transition.id, check.parameter),
        message,
        context.citation.map(str::to_string),
    ));
}
