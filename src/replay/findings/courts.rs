//! Courts: a court decision after the time limit the rule set gives that court's
//! instance (a parameter with `court_instance`), counted from the appeal it decides.

use super::{EventContext, Finding, FindingKind, Severity};
use crate::event::EventKind;

/// A departure where a court the record names decided after its instance's time limit.
pub fn court_decision_late(context: &EventContext, findings: &mut Vec<Finding>) {
    let record = context.record;
    let (true, Some(court)) = (record.event.is_appeal_decision(), record.court.as_ref()) else {
        return;
    };
    // The appeal it decides: the latest one before it.
    let Some(appealed) = context.before.last_on(EventKind::AppealFiled) else {
        return;
    };
    let rules = context.rules.for_date(record.date.day);
    for limit in rules.limits() {
        let parameter = &rules.parameters[&limit.parameter];
        if parameter.court_instance != Some(court.instance) {
            continue;
        }
        let due = limit.due(appealed, &rules.holidays, &rules.worked_weekend_days);
        // A decision dated only to the month or year is late only if even its first
        // possible day is.
        if record.date.earliest <= due {
            continue;
        }
        let late = record.date.earliest.days_since(due);
        findings.push(context.finding(
            Severity::Departure,
            FindingKind::LateDecision,
            format!("{} ({})", limit.parameter, court.instance.name()),
            format!(
                "the {} court decided {} after its time limit {} ({}, {}) ended on {}, counted from the appeal of {appealed}",
                court.instance.name().replace('_', " "),
                crate::number::plural(i64::from(late), "day", "days"),
                limit.parameter,
                parameter.label.to_lowercase(),
                parameter.status,
                due
            ),
            parameter.citation.as_ref().map(|c| rules.cite(c)),
        ));
    }
}
