//! Event logs for process mining: the replays of many cases as one log, in XES ([`xes`])
//! or CSV ([`csv`]).
//!
//! A process-mining tool (PM4Py, ProM, Celonis, Disco) reads a log of cases, each a
//! sequence of events with an activity, a timestamp and a resource. regsim's replay of a
//! case gives exactly that: one trace per case (its id), one event per recorded event (its
//! kind is the activity, its actor the resource), and beside them what only regsim knows
//! — the stage before and after, the transition and its status, how firmly the event is
//! known and its source, the defects stated, the time limit it had to meet, the findings
//! on it. Both formats carry the same attributes under the same names, defined once here.
//!
//! Dates in case files are days: every timestamp is the day at 00:00 UTC, and events of
//! one day keep the order of the case file.

pub mod csv;
pub mod xes;

use crate::date::Date;
use crate::replay::{Replay, Severity, TraceStep};

/// One attribute value, typed as XES types it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// True or false.
    Boolean(bool),
    /// A day (written as that day at 00:00 UTC).
    Day(Date),
}

impl Value {
    /// The value as both formats write it (a day as `YYYY-MM-DDT00:00:00.000+00:00`).
    pub fn text(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Integer(number) => number.to_string(),
            Value::Boolean(flag) => flag.to_string(),
            Value::Day(date) => timestamp(*date),
        }
    }
}

/// A day as an ISO 8601 timestamp: the day at midnight UTC.
pub fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00.000+00:00")
}

/// A named attribute, absent when the case file or the replay has no value for it.
pub type Attribute = (&'static str, Option<Value>);

/// What the log says of itself: every timestamp is a day.
pub const TIME_PRECISION: &str = "day: case files date events to the day; each timestamp is that day at 00:00 UTC, and events of one day keep the case file's order";

/// The name an enum has in JSON (`late_decision`, `real`).
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(String::from))
        .unwrap_or_default()
}

fn text(value: impl ToString) -> Option<Value> {
    Some(Value::Text(value.to_string()))
}

fn integer(value: impl Into<i64>) -> Option<Value> {
    Some(Value::Integer(value.into()))
}

/// The attributes of a case (XES trace attributes; `case:` columns in CSV), after its id.
pub fn case_attributes(replay: &Replay) -> Vec<Attribute> {
    let outcome = &replay.outcome;
    let departures = replay
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Departure)
        .count();
    vec![
        ("title", text(&replay.case.title)),
        ("kind", text(serde_name(&replay.case.kind))),
        ("applicant", text(&replay.case.applicant)),
        ("rules", text(&replay.rules.id)),
        ("as_of", Some(Value::Day(replay.as_of))),
        ("final_stage", text(&outcome.final_stage)),
        ("outcome", text(serde_name(&outcome.status))),
        ("registered_on", outcome.registered_on.map(Value::Day)),
        (
            "days_from_first_filing",
            outcome.days_from_first_filing.and_then(integer),
        ),
        ("attempts", integer(outcome.attempts)),
        ("refusals", integer(outcome.refusals)),
        (
            "refusals_at_least",
            Some(Value::Boolean(outcome.refusals_at_least)),
        ),
        ("remark_rounds", integer(outcome.remark_rounds)),
        ("appeals", integer(outcome.appeals)),
        (
            "days_waiting_on_authority",
            integer(outcome.days_waiting_on_authority),
        ),
        ("departures", integer(departures as i64)),
        (
            "observations",
            integer((replay.findings.len() - departures) as i64),
        ),
    ]
}

/// The attributes of one event beyond the four standard ones (activity, timestamp,
/// resource, lifecycle), in column order.
pub fn event_attributes(replay: &Replay, step: &TraceStep) -> Vec<Attribute> {
    let limit = step.time_limit.as_ref();
    let defects: Vec<&str> = step
        .defects
        .iter()
        .map(|defect| defect.code.name())
        .collect();
    let findings: Vec<String> = replay
        .findings
        .iter()
        .filter(|finding| finding.event == Some(step.index))
        .map(|finding| {
            format!(
                "{}:{}",
                serde_name(&finding.severity),
                serde_name(&finding.kind)
            )
        })
        .collect();
    let nonempty = |parts: Vec<String>| (!parts.is_empty()).then(|| Value::Text(parts.join(" ")));
    vec![
        ("index", integer(step.index as i64)),
        ("stage_before", text(&step.stage_before)),
        ("stage_after", text(&step.stage_after)),
        ("transition", text(&step.transition)),
        ("transition_status", text(step.transition_status.name())),
        ("confidence", text(step.confidence)),
        ("source", step.source.as_ref().and_then(text)),
        ("resubmission", Some(Value::Boolean(step.resubmission))),
        (
            "defects",
            nonempty(defects.iter().map(|code| code.to_string()).collect()),
        ),
        ("time_limit", limit.and_then(|l| text(&l.parameter))),
        (
            "time_limit_status",
            limit.and_then(|l| text(l.status.name())),
        ),
        ("time_limit_due", limit.map(|l| Value::Day(l.due))),
        ("time_limit_kept", limit.map(|l| Value::Boolean(l.kept))),
        ("findings", nonempty(findings)),
        ("note", step.note.as_ref().and_then(text)),
        (
            "date_as_recorded",
            (!step.date.is_exact()).then(|| Value::Text(step.date.to_string())),
        ),
        (
            "court",
            step.court.as_ref().map(|court| {
                Value::Text(match &court.name {
                    Some(name) => format!("{} ({name})", court.instance.name()),
                    None => court.instance.name().to_string(),
                })
            }),
        ),
    ]
}

/// The names of [`case_attributes`], in order (the CSV header).
pub const CASE_ATTRIBUTES: [&str; 17] = [
    "title",
    "kind",
    "applicant",
    "rules",
    "as_of",
    "final_stage",
    "outcome",
    "registered_on",
    "days_from_first_filing",
    "attempts",
    "refusals",
    "refusals_at_least",
    "remark_rounds",
    "appeals",
    "days_waiting_on_authority",
    "departures",
    "observations",
];

/// The names of [`event_attributes`], in order (the CSV header).
pub const EVENT_ATTRIBUTES: [&str; 17] = [
    "index",
    "stage_before",
    "stage_after",
    "transition",
    "transition_status",
    "confidence",
    "source",
    "resubmission",
    "defects",
    "time_limit",
    "time_limit_status",
    "time_limit_due",
    "time_limit_kept",
    "findings",
    "note",
    "date_as_recorded",
    "court",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_midnight_utc() {
        let date = Date::parse("2022-05-04").unwrap();
        assert_eq!(timestamp(date), "2022-05-04T00:00:00.000+00:00");
    }
}
