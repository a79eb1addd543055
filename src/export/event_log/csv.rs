//! The event log as CSV (RFC 4180, CRLF line ends, a header row): one row per event.
//!
//! The first four columns are the ones process-mining tools ask for — `case_id`,
//! `activity`, `timestamp`, `resource` (PM4Py: `pm4py.format_dataframe(df,
//! case_id="case_id", activity_key="activity", timestamp_key="timestamp")`) — then
//! regsim's event attributes, then the case's attributes as `case:` columns (the prefix
//! PM4Py reads as trace attributes), repeated on each of its rows. The names and values
//! are those of the XES log ([`super::xes`]).

use super::{CASE_ATTRIBUTES, EVENT_ATTRIBUTES, Value, case_attributes, event_attributes};
use crate::replay::Replay;

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The replays as one CSV event log, a case's events in order, cases in the order given.
pub fn log(replays: &[Replay]) -> String {
    let mut out = String::new();
    let header = ["case_id", "activity", "timestamp", "resource"]
        .into_iter()
        .map(String::from)
        .chain(EVENT_ATTRIBUTES.iter().map(|name| name.to_string()))
        .chain(CASE_ATTRIBUTES.iter().map(|name| format!("case:{name}")));
    line(&mut out, header);
    let value = |value: Option<Value>| value.map_or(String::new(), |v| v.text());
    for replay in replays {
        let case: Vec<String> = case_attributes(replay)
            .into_iter()
            .map(|(_, v)| value(v))
            .collect();
        for step in &replay.steps {
            let standard = [
                replay.case.id.clone(),
                step.event.to_string(),
                Value::Day(step.day).text(),
                step.actor.to_string(),
            ];
            let attributes = event_attributes(replay, step)
                .into_iter()
                .map(|(_, v)| value(v));
            line(
                &mut out,
                standard.into_iter().chain(attributes).chain(case.clone()),
            );
        }
    }
    out
}
