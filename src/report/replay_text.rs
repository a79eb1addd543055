//! The replay timeline as a person reads it in a terminal.

use std::fmt::Write;

use crate::replay::{Replay, Severity};
use crate::rules::StageOutcome;
use crate::source::Confidence;

use super::table::Table;

/// "1 thing" or "N things".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Renders a replay as a timeline, its findings and its outcome.
pub fn render(replay: &Replay) -> String {
    let mut out = String::new();
    let kind = match replay.case.kind {
        crate::scenario::CaseKind::Real => "real case",
        crate::scenario::CaseKind::Hypothetical => "hypothetical case",
    };
    let _ = writeln!(
        out,
        "{} ({kind}) — {}",
        replay.case.title, replay.case.applicant
    );
    let _ = writeln!(out, "rules: {} — {}", replay.rules.id, replay.rules.title);
    if replay.rules.id.contains('→') {
        let _ = writeln!(out, "       {}", crate::rules::timeline::TRANSITION_NOTE);
    }
    if replay.rules.lineage.len() > 1 {
        let _ = writeln!(out, "lineage: {}", replay.rules.lineage.join(" → "));
    }
    let _ = writeln!(out, "as of: {}", replay.as_of);
    for line in header_notes(replay) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    let mut table = Table::new([
        "#",
        "date",
        "basis",
        "event",
        "stage before → after",
        "time limit",
    ]);
    for step in &replay.steps {
        let basis = match step.confidence {
            Confidence::Confirmed => "",
            Confidence::Inferred => "inferred",
            Confidence::Assumed => "ASSUMED",
        };
        let event = if step.resubmission {
            format!("{} (again)", step.event)
        } else {
            step.event.to_string()
        };
        let unknown = step.time_limit_unknown.as_ref().map(|text| {
            format!(
                "{}: started before the record, UNKNOWN",
                text.split(' ').next().unwrap_or_default()
            )
        });
        let limit = step
            .time_limit
            .as_ref()
            .map_or(unknown.unwrap_or_default(), |check| {
                format!(
                    "{} [{}] due {}{}: {}",
                    check.parameter,
                    check.status,
                    check.due,
                    if check.due_uncertain.is_some() {
                        " (uncertain)"
                    } else {
                        ""
                    },
                    if check.kept { "kept" } else { "MISSED" }
                )
            });
        table.row([
            step.index.to_string(),
            step.date.to_string(),
            basis.to_string(),
            event,
            format!("{} → {}", step.stage_before, step.stage_after),
            limit,
        ]);
    }
    out.push_str(&table.render("  "));
    let uncertain = &replay.uncertain_events;
    if uncertain.assumed + uncertain.inferred > 0 {
        let _ = writeln!(out, "  ({})", uncertain_words(replay));
    }
    let details = recorded_details(replay);
    if !details.is_empty() {
        out.push_str("  Recorded details:\n");
        for line in details {
            let _ = writeln!(out, "    {line}");
        }
    }
    out.push('\n');
    if replay.findings.is_empty() {
        out.push_str("Findings: none — the record follows the rules.\n");
    } else {
        let departures = replay
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Departure)
            .count();
        let _ = writeln!(
            out,
            "Findings: {}, {}",
            count(
                departures,
                "departure from the rules",
                "departures from the rules"
            ),
            count(
                replay.findings.len() - departures,
                "observation",
                "observations"
            )
        );
        for finding in &replay.findings {
            let label = match finding.severity {
                Severity::Departure => "departure",
                Severity::Observation => "observation",
            };
            let place = finding
                .event
                .map_or(String::from("at the end"), |index| format!("event {index}"));
            // An event known only to the month or year shows as the record gives it.
            let date = finding
                .event
                .and_then(|index| replay.steps.get(index))
                .map_or(finding.date.to_string(), |step| step.date.to_string());
            let _ = writeln!(out, "  [{label}] {place}, {date}: {}", finding.message);
            let _ = write!(out, "      rule: {}", finding.rule);
            if let Some(citation) = &finding.citation {
                let _ = write!(out, " — {citation}");
            }
            out.push('\n');
            if let Some(rests) = super::sensitivity_notes::rests_on(finding) {
                let _ = writeln!(out, "      {rests}");
            }
        }
    }
    let sensitivity = super::sensitivity_notes::lines(replay);
    if !sensitivity.is_empty() {
        out.push_str("\nSensitivity to what the record does not establish\n");
        for line in sensitivity {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push('\n');
    let outcome = &replay.outcome;
    let status = match outcome.status {
        StageOutcome::Registered => "REGISTERED",
        StageOutcome::Pending => "not registered (pending)",
        StageOutcome::Ended => "not registered (ended)",
    };
    out.push_str("Outcome\n");
    let mut table = Table::new(["", ""]);
    table.row(["result", status]);
    table.row([
        "final stage".to_string(),
        format!("{} — {}", outcome.final_stage, outcome.final_stage_label),
    ]);
    if let Some(date) = outcome.registered_on {
        table.row(["registered on".to_string(), date.to_string()]);
    }
    if let Some(first) = first_filing(replay) {
        table.row(["first filing".to_string(), first]);
    }
    if let Some(days) = outcome.days_from_first_filing {
        let until = if outcome.registered_on.is_some() {
            "to registration"
        } else {
            "so far"
        };
        table.row([
            "days from first filing".to_string(),
            format!("{days} ({until})"),
        ]);
    }
    table.row(["attempts".to_string(), outcome.attempts.to_string()]);
    table.row(["refusals".to_string(), refusals_cell(replay)]);
    table.row([
        "remark rounds".to_string(),
        outcome.remark_rounds.to_string(),
    ]);
    table.row(["appeals".to_string(), outcome.appeals.to_string()]);
    for (label, value) in court_rows(replay) {
        table.row([label, value]);
    }
    table.row([
        "days waiting on the authority".to_string(),
        outcome.days_waiting_on_authority.to_string(),
    ]);
    let mut text = table.render("  ");
    text = text
        .lines()
        .skip(1)
        .map(|line| format!("{line}\n"))
        .collect();
    out.push_str(&text);
    if !outcome.running_limits.is_empty() {
        let _ = writeln!(out, "  time limits running on {}:", replay.as_of);
        for running in &outcome.running_limits {
            let state = if running.overdue {
                "RUN OUT"
            } else {
                "running"
            };
            let _ = writeln!(
                out,
                "    {} ({}, {}): started {}, due {} — {state}; due by then: {}{}",
                running.parameter,
                running.label,
                running.status,
                running.started,
                running.due,
                running.event,
                running
                    .on_expiry
                    .map_or(String::new(), |clock| format!(", else {clock}"))
            );
        }
    }
    if let Some(check) = &replay.recorded_outcome {
        if check.reproduced {
            out.push_str("  recorded outcome: reproduced\n");
        } else {
            let _ = writeln!(
                out,
                "  recorded outcome: NOT reproduced — {}",
                check.differences.join("; ")
            );
        }
        if let Some(outside) = &check.outside_file {
            let _ = writeln!(out, "    {outside}");
        }
        if let Some(note) = &check.note {
            let _ = writeln!(out, "    note: {note}");
        }
    }
    out
}

/// The lines above the timeline that say what the record is: an unexplained or explained
/// mismatch with the recorded outcome, and where the record begins.
pub fn header_notes(replay: &Replay) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(starts) = &replay.case.starts_at {
        let established: Vec<&str> = starts.established.iter().map(|kind| kind.name()).collect();
        lines.push(format!(
            "record begins: at stage `{}`; before it, not recorded (days unknown): {} — {}",
            starts.stage,
            if established.is_empty() {
                "nothing stated".to_string()
            } else {
                established.join(", ")
            },
            starts.note
        ));
    }
    if let Some(check) = replay.recorded_outcome.as_ref().filter(|c| !c.reproduced) {
        lines.push(format!(
            "RECORDED OUTCOME NOT REPRODUCED: {}",
            check.differences.join("; ")
        ));
        if let Some(note) = &check.note {
            lines.push(format!("  the case file explains: {note}"));
        }
    }
    lines
}

/// The outcome's first filing as the record allows: its day, its month or year, or
/// "before the record begins".
pub fn first_filing(replay: &Replay) -> Option<String> {
    let outcome = &replay.outcome;
    if let Some(first) = outcome.first_filing {
        return Some(first.to_string());
    }
    if let Some(recorded) = &outcome.first_filing_recorded {
        return Some(format!("{recorded} (day not recorded)"));
    }
    replay
        .case
        .starts_at
        .as_ref()
        .is_some_and(|starts| starts.established.iter().any(|kind| kind.is_filing()))
        .then(|| "before the record begins (day not recorded)".to_string())
}

/// The court decisions by instance, as outcome rows.
pub fn court_rows(replay: &Replay) -> Vec<(String, String)> {
    replay
        .outcome
        .court_decisions
        .iter()
        .map(|court| {
            (
                format!("court decisions ({})", court.instance),
                format!(
                    "{} rejected, {} granted, {} remanded{}",
                    court.rejected,
                    court.granted,
                    court.remanded,
                    if court.unconfirmed > 0 {
                        format!(
                            " ({} of them ASSUMED or inferred in the case file)",
                            court.unconfirmed
                        )
                    } else {
                        String::new()
                    }
                ),
            )
        })
        .collect()
}

/// The facts events record beyond the timeline's columns, one line per event that has
/// any: several sources, the counts at a decision, the court that heard an appeal.
pub fn recorded_details(replay: &Replay) -> Vec<String> {
    let mut lines = Vec::new();
    for step in &replay.steps {
        let mut parts = Vec::new();
        if let Some(court) = &step.court {
            parts.push(match &court.name {
                Some(name) => format!("court: {name} ({})", court.instance.name()),
                None => format!("court: {}", court.instance.name()),
            });
        }
        if let Some(accepted) = &step.accepted {
            parts.push(format!("accepted {}", filing_counts(accepted)));
        }
        if let Some(disqualified) = &step.disqualified {
            parts.push(format!("disqualified {}", filing_counts(disqualified)));
        }
        if !step.sources.is_empty() {
            let cited: Vec<String> = step
                .source
                .iter()
                .cloned()
                .chain(step.sources.iter().map(|citation| match &citation.locator {
                    Some(locator) => format!("{} ({locator})", citation.source),
                    None => citation.source.clone(),
                }))
                .collect();
            parts.push(format!("sources: {}", cited.join(", ")));
        }
        if !parts.is_empty() {
            lines.push(format!(
                "#{} {} {}: {}",
                step.index,
                step.date,
                step.event,
                parts.join("; ")
            ));
        }
    }
    lines
}

/// "4,800 members, 17 regions" for the counts a filing or decision gives.
pub fn filing_counts(filing: &crate::scenario::Filing) -> String {
    use crate::number::thousands;
    let mut parts = Vec::new();
    if let Some(n) = filing.founders {
        parts.push(format!("{} founders", thousands(u64::from(n))));
    }
    if let Some(n) = filing.members {
        parts.push(format!("{} members", thousands(u64::from(n))));
    }
    if let Some(n) = filing.min_members_per_region {
        parts.push(format!(
            "{} members in the smallest region",
            thousands(u64::from(n))
        ));
    }
    match (filing.regions_covered, filing.regions_total) {
        (Some(covered), Some(total)) => parts.push(format!("{covered} of {total} regions")),
        (Some(covered), None) => parts.push(format!("{covered} regions")),
        _ => {}
    }
    if parts.is_empty() {
        "no counts".to_string()
    } else {
        parts.join(", ")
    }
}

/// "1 event assumed, 0 inferred: their dates rest on the notes in the case file".
pub fn uncertain_words(replay: &Replay) -> String {
    let uncertain = &replay.uncertain_events;
    format!(
        "{} assumed, {} inferred: their dates rest on the notes in the case file",
        count(uncertain.assumed, "event", "events"),
        uncertain.inferred
    )
}

/// The outcome's refusal count as the record allows it: a minimum where the sources give
/// no exact count, the file's own where they count more outside it.
pub fn refusals_cell(replay: &Replay) -> String {
    let outcome = &replay.outcome;
    let outside = replay
        .recorded_outcome
        .as_ref()
        .is_some_and(|check| check.outside_file.is_some());
    if outside {
        format!(
            "{} in this file (the sources count more outside it: see below)",
            outcome.refusals
        )
    } else if outcome.refusals_at_least && outcome.refusals > 0 {
        format!(
            "at least {} (the sources give no exact count)",
            outcome.refusals
        )
    } else {
        outcome.refusals.to_string()
    }
}
