//! Suspensions: how long each suspension of the review lasted and whether any time limit
//! of the rule set bounded it.
//!
//! A suspension stops the review's clock ("the registration term, by law, is suspended;
//! members of the party are being checked"), so a review period alone cannot say that
//! a review took too long. Every suspension is reported with its length — to the event
//! that ended it, or to the evaluation date if it has not ended — and with the limit that
//! bounds it, where the rule set has one (a limit started by `review_suspended`), or the
//! plain fact that nothing does.

use super::{CaseContext, Finding, FindingKind, RestsOn, Severity};
use crate::event::EventKind;
use crate::number::plural;

/// One observation per suspension in the record.
pub fn suspension_length(context: &CaseContext, findings: &mut Vec<Finding>) {
    let events = &context.scenario.events;
    let rules = context.rules;
    for (index, event) in events.iter().enumerate() {
        if event.event != EventKind::ReviewSuspended {
            continue;
        }
        // What ended it: the review resumed, a court lifted it, a decision, a withdrawal.
        let ended = events[index + 1..].iter().enumerate().find(|(_, later)| {
            matches!(
                later.event,
                EventKind::ReviewResumed
                    | EventKind::AppealGranted
                    | EventKind::AppealRemanded
                    | EventKind::ApplicationRefused
                    | EventKind::Registered
                    | EventKind::DeemedRegistered
                    | EventKind::Withdrawn
                    | EventKind::WindowLapsed
            )
        });
        let regime = rules.for_date(event.date.day);
        let bound = regime.limits().iter().find(|limit| {
            limit.starts_on & (1u64 << EventKind::ReviewSuspended.index()) != 0
                && !limit.paused_while_suspended
        });
        let (until, latest_end, how) = match ended {
            Some((_, end)) => (
                end.date.day,
                end.date.latest(),
                format!("from {} until `{}` on {}", event.date, end.event, end.date),
            ),
            None => (
                context.as_of,
                context.as_of,
                format!(
                    "from {}, still suspended as of {}",
                    event.date, context.as_of
                ),
            ),
        };
        // A start or an end known only to the month or year gives a range of lengths.
        let days = until.days_since(event.date.latest().min(until)).max(0);
        let most_days = latest_end.days_since(event.date.day).max(days);
        let length = if most_days > days {
            format!("{days} to {most_days} days")
        } else {
            plural(i64::from(days), "day", "days")
        };
        let bounded = match bound {
            Some(limit) => {
                let parameter = &regime.parameters[&limit.parameter];
                let due = limit.due(
                    event.date.day,
                    &regime.holidays,
                    &regime.worked_weekend_days,
                );
                format!(
                    "{} ({}, {}) bounds it: it had to end by {}{}",
                    limit.parameter,
                    parameter.label.to_lowercase(),
                    parameter.status,
                    due,
                    if until > due { " — it did not" } else { "" }
                )
            }
            None => format!(
                "no time limit of {} bounds a suspension (none was found in the sources), and the review period stands still while it lasts",
                regime.id
            ),
        };
        findings.push(Finding {
            event: Some(index),
            date: event.date.day,
            severity: Severity::Observation,
            kind: FindingKind::Suspension,
            rule: "suspend_review".into(),
            message: format!("the review was suspended for {length} ({how}); {bounded}"),
            citation: None,
            // Its length rests on the event that ended it as much as on the suspension.
            rests_on: ended
                .map(|(offset, _)| RestsOn {
                    event: index + 1 + offset,
                    basis: String::new(),
                    decisive: false,
                })
                .into_iter()
                .collect(),
            uncertain: false,
        });
    }
}
