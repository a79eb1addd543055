//! XES (IEEE 1849-2016, eXtensible Event Stream): the event log as XML.
//!
//! The log declares the standard Concept, Time, Lifecycle and Organizational extensions,
//! global defaults for the keys its classifiers use, and three classifiers (by activity,
//! by resource, by the stage an event leads to). Each case is a trace whose
//! `concept:name` is the case id; each event has `concept:name` (the event kind),
//! `time:timestamp` (the day at 00:00 UTC), `lifecycle:transition` (`complete`: an event
//! is an act, not a span) and `org:resource` (applicant, authority, court or clock),
//! then regsim's own attributes ([`super::event_attributes`]). The document is in no XML
//! namespace, as the standard's schema (which declares none) requires; it validates
//! against `tests/xes/xes-ieee-1849-2016.xsd`. Text is escaped for XML attributes.

use std::fmt::Write;

use super::{Attribute, TIME_PRECISION, Value, case_attributes, event_attributes};
use crate::date::Date;
use crate::replay::Replay;

/// The standard extensions the log uses: name, prefix, URI.
const EXTENSIONS: [(&str, &str, &str); 4] = [
    (
        "Concept",
        "concept",
        "http://www.xes-standard.org/concept.xesext",
    ),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    (
        "Lifecycle",
        "lifecycle",
        "http://www.xes-standard.org/lifecycle.xesext",
    ),
    (
        "Organizational",
        "org",
        "http://www.xes-standard.org/org.xesext",
    ),
];

/// Escapes text for a double-quoted XML attribute. Line breaks and tabs are written as
/// character references (a parser would otherwise read them as spaces); the control
/// characters XML 1.0 cannot carry at all become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn element(out: &mut String, indent: &str, key: &str, value: &Value) {
    let tag = match value {
        Value::Text(_) => "string",
        Value::Integer(_) => "int",
        Value::Boolean(_) => "boolean",
        Value::Day(_) => "date",
    };
    let _ = writeln!(
        out,
        "{indent}<{tag} key=\"{}\" value=\"{}\"/>",
        escape(key),
        escape(&value.text())
    );
}

fn elements(out: &mut String, indent: &str, attributes: &[Attribute]) {
    for (key, value) in attributes {
        if let Some(value) = value {
            element(out, indent, key, value);
        }
    }
}

/// The replays as one XES log, a trace per replay in the order given.
pub fn log(replays: &[Replay]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let events: usize = replays.iter().map(|replay| replay.steps.len()).sum();
    let _ = writeln!(
        out,
        "<!-- regsim event log (IEEE 1849-2016 XES): {} case(s), {events} event(s). Timestamps are days at 00:00 UTC. -->",
        replays.len()
    );
    out.push_str("<log xes.version=\"1.0\" xes.features=\"\">\n");
    for (name, prefix, uri) in EXTENSIONS {
        let _ = writeln!(
            out,
            "  <extension name=\"{name}\" prefix=\"{prefix}\" uri=\"{uri}\"/>"
        );
    }
    out.push_str("  <global scope=\"trace\">\n");
    element(
        &mut out,
        "    ",
        "concept:name",
        &Value::Text("__INVALID__".into()),
    );
    out.push_str("  </global>\n  <global scope=\"event\">\n");
    for (key, value) in [
        ("concept:name", Value::Text("__INVALID__".into())),
        ("time:timestamp", Value::Day(Date::from_day_number(0))),
        ("lifecycle:transition", Value::Text("complete".into())),
        ("org:resource", Value::Text("__INVALID__".into())),
        ("stage_after", Value::Text("__INVALID__".into())),
    ] {
        element(&mut out, "    ", key, &value);
    }
    out.push_str("  </global>\n");
    for (name, keys) in [
        ("Activity", "concept:name"),
        ("Resource", "org:resource"),
        ("Stage", "stage_after"),
    ] {
        let _ = writeln!(out, "  <classifier name=\"{name}\" keys=\"{keys}\"/>");
    }
    elements(
        &mut out,
        "  ",
        &[
            ("concept:name", Some(Value::Text("regsim event log".into()))),
            ("lifecycle:model", Some(Value::Text("standard".into()))),
            ("time_precision", Some(Value::Text(TIME_PRECISION.into()))),
        ],
    );
    for replay in replays {
        out.push_str("  <trace>\n");
        element(
            &mut out,
            "    ",
            "concept:name",
            &Value::Text(replay.case.id.clone()),
        );
        elements(&mut out, "    ", &case_attributes(replay));
        for step in &replay.steps {
            out.push_str("    <event>\n");
            elements(
                &mut out,
                "      ",
                &[
                    ("concept:name", Some(Value::Text(step.event.to_string()))),
                    ("time:timestamp", Some(Value::Day(step.day))),
                    ("lifecycle:transition", Some(Value::Text("complete".into()))),
                    ("org:resource", Some(Value::Text(step.actor.to_string()))),
                ],
            );
            elements(&mut out, "      ", &event_attributes(replay, step));
            out.push_str("    </event>\n");
        }
        out.push_str("  </trace>\n");
    }
    out.push_str("</log>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_line_breaks() {
        assert_eq!(
            escape("<script>\"a\" & 'b'\nc\td\u{1}"),
            "&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&#10;c&#9;d\u{FFFD}"
        );
    }
}
