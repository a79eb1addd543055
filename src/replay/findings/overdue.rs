//! Time limits that have run out by the evaluation date with nothing done: a departure
//! when the authority or a court owes the act, an observation when the applicant does.

use super::{CaseContext, Finding, FindingKind, Severity};
use crate::event::Actor;

/// One finding per running limit that is overdue at the evaluation date.
pub fn overdue(context: &CaseContext, findings: &mut Vec<Finding>) {
    let as_of = context.as_of;
    for running in context
        .running_limits
        .iter()
        .filter(|running| running.overdue)
    {
        let actor = running.event.actor();
        let whose = match (actor, running.on_expiry) {
            (Actor::Clock, _) => format!("the window has run out; `{}` follows", running.event),
            (_, Some(clock)) => format!(
                "the {actor} has not taken `{}` in time; `{clock}` follows",
                running.event
            ),
            (_, None) => format!("the {actor} has not taken `{}` in time", running.event),
        };
        findings.push(Finding {
            event: None,
            date: as_of,
            severity: if matches!(actor, Actor::Authority | Actor::Court) {
                Severity::Departure
            } else {
                Severity::Observation
            },
            kind: FindingKind::Overdue,
            rule: format!("{} / {}", running.transition, running.parameter),
            message: format!(
                "as of {as_of}, {} ({}) ended on {}, {} days earlier: {whose}",
                running.parameter,
                running.label.to_lowercase(),
                running.due,
                as_of.days_since(running.due),
            ),
            citation: None,
            rests_on: Vec::new(),
            uncertain: false,
        });
    }
}
