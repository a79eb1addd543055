//! Sensitivity to what the record does not establish: for every event whose date is
//! assumed, inferred or known only to the month or year, does moving it within the
//! bounds the record allows change any finding or the outcome?
//!
//! The bounds are the record's own: an imprecise date may lie anywhere in its month or
//! year; an assumed or inferred day anywhere between the events before and after it (the
//! only limits the record's order sets; the first event cannot move earlier, the last not
//! past the evaluation date). Each uncertain event is replayed once at each end of its
//! bounds, the others where they are. A finding that some placement removes holds only
//! for part of the bounds and is marked uncertain; every finding lists the uncertain
//! events it rests on. So an advocate knows which claims stand whatever the unrecorded
//! dates were.

use serde::Serialize;

use crate::date::Date;
use crate::event_date::{EventDate, Precision};
use crate::rules::{RuleSet, StageOutcome};
use crate::scenario::Scenario;
use crate::source::Confidence;

use super::{Finding, FindingKind, Replay, RestsOn, Severity};

/// The sensitivity of a replay to its uncertain events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Every uncertain event with its bounds and what moving it changes.
    pub events: Vec<UncertainEvent>,
    /// Whether no finding and nothing in the outcome changes within the bounds.
    pub solid: bool,
    /// Uncertain events left unchecked because checking them all would replay the case
    /// more than [`MAX_EVENTS_REPLAYED`] events' worth (a very long record); 0 normally.
    #[serde(skip_serializing_if = "is_zero")]
    pub unchecked: usize,
}

/// The most events the check replays in all (two placements per uncertain event, each a
/// whole replay), so a record with tens of thousands of assumed events cannot make a
/// replay hang: about a second's work.
pub const MAX_EVENTS_REPLAYED: usize = 5_000_000;

fn is_zero(value: &usize) -> bool {
    *value == 0
}

/// One uncertain event and what moving it within its bounds changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncertainEvent {
    /// Position in `events`.
    pub event: usize,
    /// The event kind.
    pub kind: String,
    /// The date as the record gives it.
    pub date: EventDate,
    /// Why it is uncertain: `assumed`, `inferred`, `month`, `year` or `period`.
    pub basis: String,
    /// The earliest day the record allows.
    pub earliest: Date,
    /// The latest day the record allows.
    pub latest: Date,
    /// What changes when it is placed on its earliest day (empty: nothing).
    pub at_earliest: Vec<String>,
    /// What changes when it is placed on its latest day (empty: nothing).
    pub at_latest: Vec<String>,
}

/// Why an event is uncertain, if it is.
fn basis(confidence: Confidence, date: &EventDate) -> Option<&'static str> {
    match (confidence, date.precision) {
        (Confidence::Assumed, _) => Some("assumed"),
        (Confidence::Inferred, _) => Some("inferred"),
        (Confidence::Confirmed, Precision::Month) => Some("month"),
        (Confidence::Confirmed, Precision::Year) => Some("year"),
        (Confidence::Confirmed, Precision::Period) => Some("period"),
        (Confidence::Confirmed, Precision::Day) => None,
    }
}

/// A finding's identity across placements: its event, kind and severity.
type Key = (Option<usize>, FindingKind, Severity);

fn key(finding: &Finding) -> Key {
    (finding.event, finding.kind, finding.severity)
}

/// Checks `replay` (of the settled `scenario`) against every placement of its uncertain
/// events, fills each finding's `rests_on` and `uncertain`, and returns the report.
pub fn check(file: &str, scenario: &Scenario, rules: &RuleSet, replay: &mut Replay) -> Sensitivity {
    let events = &scenario.events;
    let as_of = replay.as_of;
    let base_keys: Vec<Key> = replay.findings.iter().map(key).collect();
    let mut report = Vec::new();
    // For each finding: the uncertain events whose placement removes it.
    let mut decisive: Vec<Vec<usize>> = vec![Vec::new(); replay.findings.len()];
    let mut replayed = 0usize;
    let mut unchecked = 0usize;
    for (index, event) in events.iter().enumerate() {
        let Some(basis) = basis(event.confidence, &event.date) else {
            continue;
        };
        if replayed + 2 * events.len() > MAX_EVENTS_REPLAYED {
            unchecked += 1;
            continue;
        }
        replayed += 2 * events.len();
        // The event before bounds it by the day the replay placed that event on (already
        // its earliest possible); the event after by the latest day it allows itself,
        // since an event dated only to the month or year moves later with it.
        let before = index
            .checked_sub(1)
            .map(|previous| events[previous].date.day);
        let after = events.get(index + 1).map(|next| next.date.latest());
        let (mut earliest, mut latest) = if event.date.is_exact() {
            (
                before.unwrap_or(event.date.day),
                after.unwrap_or(as_of).max(event.date.day),
            )
        } else {
            (event.date.earliest, event.date.latest())
        };
        if let Some(before) = before {
            earliest = earliest.max(before);
        }
        if let Some(after) = after {
            latest = latest.min(after);
        }
        latest = latest.min(as_of).max(earliest);
        let mut changes = [Vec::new(), Vec::new()];
        for (slot, day) in [earliest, latest].into_iter().enumerate() {
            if day == event.date.day {
                continue;
            }
            let mut moved = scenario.clone();
            moved.events[index].date = EventDate::day(day);
            let Ok(variant) = super::replay(file, &moved, rules, Some(as_of)) else {
                changes[slot].push("the record no longer replays".to_string());
                continue;
            };
            let variant_keys: Vec<Key> = variant.findings.iter().map(key).collect();
            for (position, finding) in replay.findings.iter().enumerate() {
                if !variant_keys.contains(&base_keys[position]) {
                    changes[slot].push(format!("removes: {}", describe(finding)));
                    decisive[position].push(index);
                }
            }
            for finding in &variant.findings {
                if !base_keys.contains(&key(finding)) {
                    changes[slot].push(format!("adds: {}", describe(finding)));
                }
            }
            changes[slot].extend(outcome_changes(replay, &variant));
        }
        let [at_earliest, at_latest] = changes;
        report.push(UncertainEvent {
            event: index,
            kind: event.event.name().to_string(),
            date: event.date,
            basis: basis.to_string(),
            earliest,
            latest,
            at_earliest,
            at_latest,
        });
    }
    // What each finding rests on: its own event, the event that started its time limit,
    // and every event whose placement removes it.
    for (position, finding) in replay.findings.iter_mut().enumerate() {
        // Events the finding's own rule named (a suspension's end), then its own event.
        let mut rests: Vec<usize> = finding.rests_on.iter().map(|rest| rest.event).collect();
        if let Some(index) = finding.event {
            rests.push(index);
            if let Some(check) = replay.steps.get(index).and_then(|s| s.time_limit.as_ref()) {
                if let Some(start) = (0..index)
                    .rev()
                    .find(|&earlier| events[earlier].date.day == check.started)
                {
                    rests.push(start);
                }
            }
        }
        rests.extend(decisive[position].iter().copied());
        rests.sort_unstable();
        rests.dedup();
        finding.rests_on = rests
            .into_iter()
            .filter_map(|index| {
                basis(events[index].confidence, &events[index].date).map(|basis| RestsOn {
                    event: index,
                    basis: basis.to_string(),
                    decisive: decisive[position].contains(&index),
                })
            })
            .collect();
        finding.uncertain = !decisive[position].is_empty();
    }
    let solid = report
        .iter()
        .all(|event| event.at_earliest.is_empty() && event.at_latest.is_empty());
    Sensitivity {
        events: report,
        solid: solid && unchecked == 0,
        unchecked,
    }
}

fn describe(finding: &Finding) -> String {
    let place = finding
        .event
        .map_or_else(|| "the end".to_string(), |index| format!("event {index}"));
    let kind = serde_json::to_value(finding.kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default();
    let severity = match finding.severity {
        Severity::Departure => "departure",
        Severity::Observation => "observation",
    };
    format!("[{severity}] {kind} at {place}")
}

/// What differs in the outcome between two placements.
fn outcome_changes(base: &Replay, variant: &Replay) -> Vec<String> {
    let (a, b) = (&base.outcome, &variant.outcome);
    let mut changes = Vec::new();
    let word = |status: StageOutcome| match status {
        StageOutcome::Registered => "registered",
        StageOutcome::Pending => "pending",
        StageOutcome::Ended => "ended",
    };
    if a.status != b.status || a.final_stage != b.final_stage {
        changes.push(format!(
            "outcome: {} at `{}` → {} at `{}`",
            word(a.status),
            a.final_stage,
            word(b.status),
            b.final_stage
        ));
    }
    if a.registered_on != b.registered_on {
        let show = |date: Option<Date>| date.map_or_else(|| "-".to_string(), |d| d.to_string());
        changes.push(format!(
            "registration: {} → {}",
            show(a.registered_on),
            show(b.registered_on)
        ));
    }
    if a.refusals != b.refusals {
        changes.push(format!("refusals: {} → {}", a.refusals, b.refusals));
    }
    changes
}
