//! What a replay's findings rest on and how they move with the uncertain dates, in words
//! every format shares (text, Markdown, HTML).

use crate::replay::{Finding, Replay, Sensitivity};

/// "rests on #3 (assumed), #4 (date known to the month); holds only for part of their
/// possible dates: placing #3 at an end of its bounds removes it", or `None` for a
/// finding that rests on nothing uncertain.
pub fn rests_on(finding: &Finding) -> Option<String> {
    if finding.rests_on.is_empty() {
        return None;
    }
    let events: Vec<String> = finding
        .rests_on
        .iter()
        .map(|rest| format!("#{} ({})", rest.event, basis_words(&rest.basis)))
        .collect();
    let mut text = format!("rests on {}", events.join(", "));
    if finding.uncertain {
        let decisive: Vec<String> = finding
            .rests_on
            .iter()
            .filter(|rest| rest.decisive)
            .map(|rest| format!("#{}", rest.event))
            .collect();
        text.push_str(&format!(
            "; UNCERTAIN: it holds only for part of their possible dates (placing {} at an end of its bounds removes it)",
            decisive.join(" or ")
        ));
    }
    Some(text)
}

/// Why an event is uncertain, in words.
pub fn basis_words(basis: &str) -> &str {
    match basis {
        "assumed" => "assumed",
        "inferred" => "inferred",
        "month" => "date known to the month",
        "year" => "date known to the year",
        other => other,
    }
}

/// The sensitivity section: a summary line, then one line per uncertain event whose
/// placement changes something.
pub fn lines(replay: &Replay) -> Vec<String> {
    let Some(sensitivity) = &replay.sensitivity else {
        return Vec::new();
    };
    summary(sensitivity)
}

fn summary(sensitivity: &Sensitivity) -> Vec<String> {
    let checked = sensitivity.events.len();
    if checked == 0 {
        return vec!["no event is assumed, inferred or imprecisely dated: nothing to move".into()];
    }
    let moving: Vec<_> = sensitivity
        .events
        .iter()
        .filter(|event| !event.at_earliest.is_empty() || !event.at_latest.is_empty())
        .collect();
    let mut lines = vec![format!(
        "{checked} uncertain event{} checked, each placed at both ends of the dates the record allows: {}",
        if checked == 1 { "" } else { "s" },
        if moving.is_empty() && sensitivity.unchecked > 0 {
            "none of those checked changes a finding or the outcome".to_string()
        } else if moving.is_empty() {
            "no finding and nothing in the outcome changes — the findings are solid".to_string()
        } else {
            format!(
                "{} change{} a finding or the outcome",
                moving.len(),
                if moving.len() == 1 { "s" } else { "" }
            )
        }
    )];
    if sensitivity.unchecked > 0 {
        lines.push(format!(
            "{} more uncertain events were not checked: the record is too long to replay once per placement of each within the check's budget",
            sensitivity.unchecked
        ));
    }
    for event in moving {
        let at = |day: crate::date::Date, changes: &[String]| {
            if changes.is_empty() {
                format!("on {day}: nothing changes")
            } else {
                format!("on {day}: {}", changes.join("; "))
            }
        };
        lines.push(format!(
            "#{} {} {} ({}; may lie {} – {}): {}; {}",
            event.event,
            event.date,
            event.kind,
            basis_words(&event.basis),
            event.earliest,
            event.latest,
            at(event.earliest, &event.at_earliest),
            at(event.latest, &event.at_latest)
        ));
    }
    lines
}
