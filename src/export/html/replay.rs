//! A replay as a page: the case and its rules, the timeline, every step with its time
//! limit, rule, status and source, the findings, and the outcome.

use std::fmt::Write;

use super::page::page;
use super::timeline::{self, Timeline};
use super::{Align, Table, escape, facts, list, status_badge, status_key};
use crate::replay::{LimitCheck, Replay, Severity, TraceStep};
use crate::report::replay_text::count;
use crate::rules::StageOutcome;
use crate::scenario::CaseKind;
use crate::source::Confidence;

/// The page of a replay.
pub fn render(replay: &Replay) -> String {
    let kind = match replay.case.kind {
        CaseKind::Real => "real case",
        CaseKind::Hypothetical => "hypothetical case",
    };
    let subtitle = format!("({kind}) — {}", escape(&replay.case.applicant));
    let mut body = header(replay);
    body.push_str("<h2>Timeline</h2>\n");
    body.push_str(&timeline_figure(replay, "timeline", "", None));
    body.push_str("<h2>Every event</h2>\n");
    body.push_str(&trace_table(
        replay,
        "Trace: each event, the stage before and after, and the time limit it had to meet",
    ));
    body.push_str(&uncertain_note(replay));
    body.push_str(&recorded_details(replay));
    body.push_str(&findings(replay));
    body.push_str(&sensitivity(replay));
    body.push_str(&outcome(replay));
    body.push_str(&status_key());
    page("regsim replay", &replay.case.title, &subtitle, &body)
}

fn header(replay: &Replay) -> String {
    let mut rules = format!(
        "<code>{}</code> — {}",
        escape(&replay.rules.id),
        escape(&replay.rules.title)
    );
    if replay.rules.id.contains('→') {
        let _ = write!(
            rules,
            "<br><span class=\"small\">{}</span>",
            escape(crate::rules::timeline::TRANSITION_NOTE)
        );
    }
    let mut items = vec![("rules", rules)];
    if replay.rules.lineage.len() > 1 {
        items.push(("lineage", escape(&replay.rules.lineage.join(" → "))));
    }
    items.push(("as of", replay.as_of.to_string()));
    let mut out = facts(&items);
    for line in crate::report::replay_text::header_notes(replay) {
        let class = if line.starts_with("RECORDED OUTCOME NOT REPRODUCED") {
            "alert"
        } else {
            "note"
        };
        let _ = writeln!(out, "<p class=\"{class}\">{}</p>", escape(line.trim()));
    }
    out
}

/// The timeline of a replay in a figure with its legend; `span` sets the date scale
/// (several timelines on one scale), else the replay's own.
pub fn timeline_figure(
    replay: &Replay,
    id: &str,
    title: &str,
    span: Option<(crate::date::Date, crate::date::Date)>,
) -> String {
    let chart_title = if title.is_empty() {
        format!("Timeline of {} under {}", replay.case.id, replay.rules.id)
    } else {
        title.to_string()
    };
    let timeline = Timeline::of_replay(id, &chart_title, replay);
    let Some(span) = span.or_else(|| timeline.span()) else {
        return String::new();
    };
    format!(
        "<figure>\n{}{}<figcaption>{}: each event on its date, in its actor's lane; findings above. Point at a marker for the event.</figcaption>\n</figure>\n",
        timeline.render(span),
        timeline::legend(),
        escape(&chart_title)
    )
}

/// A time limit as the text report writes it, with its status as a badge.
pub fn limit_cell(check: &LimitCheck) -> String {
    format!(
        "<code>{}</code> {} due {}{}: {}",
        escape(&check.parameter),
        status_badge(check.status),
        check.due,
        if check.due_uncertain.is_some() {
            " (uncertain)"
        } else {
            ""
        },
        if check.kept {
            "kept".to_string()
        } else {
            "<span class=\"missed\">MISSED</span>".to_string()
        }
    ) + &check.due_uncertain.as_ref().map_or(String::new(), |why| {
        format!("<br><span class=\"small\">{}</span>", escape(why))
    })
}

fn basis(step: &TraceStep) -> String {
    match step.confidence {
        Confidence::Confirmed => String::new(),
        Confidence::Inferred => "<span class=\"assumed\">inferred</span>".into(),
        Confidence::Assumed => "<span class=\"assumed\">ASSUMED</span>".into(),
    }
}

/// The steps of a replay as a table: one row per event, then a full-width row with what
/// the case file and the rule set say about it (defects in the authority's words, the
/// rule's citation, the event's note).
pub fn trace_table(replay: &Replay, caption: &str) -> String {
    let mut table = Table::new(escape(caption))
        .column("#", Align::Right)
        .column("date", Align::Left)
        .column("basis", Align::Left)
        .column("actor", Align::Left)
        .column("event", Align::Left)
        .column("stage before → after", Align::Left)
        .column("time limit", Align::Left)
        .column("rule and its status", Align::Left)
        .column("source", Align::Left)
        .class("trace");
    for step in &replay.steps {
        let event = if step.resubmission {
            format!("{} (again)", step.event)
        } else {
            step.event.to_string()
        };
        table.row(vec![
            step.index.to_string(),
            format!("<span class=\"nowrap\">{}</span>", step.date),
            basis(step),
            step.actor.to_string(),
            format!("<code>{}</code>", escape(&event)),
            escape(&format!("{} → {}", step.stage_before, step.stage_after)),
            step.time_limit.as_ref().map_or_else(
                || {
                    step.time_limit_unknown.as_ref().map_or(String::new(), |text| {
                        format!(
                            "<code>{}</code>: started before the record, UNKNOWN<br><span class=\"small\">{}</span>",
                            escape(text.split(' ').next().unwrap_or_default()),
                            escape(text)
                        )
                    })
                },
                limit_cell,
            ),
            format!(
                "<code>{}</code> {}",
                escape(&step.transition),
                status_badge(step.transition_status)
            ),
            step.source.as_ref().map_or(String::new(), |s| {
                format!("<code class=\"nowrap\">{}</code>", escape(s))
            }),
        ]);
        let mut details = Vec::new();
        for defect in &step.defects {
            let mut text = format!(
                "defect <code>{}</code>{}",
                defect.code,
                if defect.rectifiable {
                    " (rectifiable)"
                } else {
                    ""
                }
            );
            if let Some(words) = &defect.text {
                let _ = write!(text, ": “{}”", escape(words));
            }
            details.push(text);
        }
        if let Some(citation) = &step.citation {
            details.push(format!("rule: {}", escape(citation)));
        }
        if let Some(note) = &step.note {
            details.push(format!("note: {}", escape(note)));
        }
        if !details.is_empty() {
            table.detail(details.join("<br>"));
        }
    }
    table.render()
}

fn uncertain_note(replay: &Replay) -> String {
    let uncertain = &replay.uncertain_events;
    if uncertain.assumed + uncertain.inferred == 0 {
        return String::new();
    }
    format!(
        "<p class=\"note\">({})</p>\n",
        escape(&crate::report::replay_text::uncertain_words(replay))
    )
}

/// The facts events record beyond the trace's columns (several sources, counts at a
/// decision, courts).
fn recorded_details(replay: &Replay) -> String {
    let lines = crate::report::replay_text::recorded_details(replay);
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "<h3>Recorded details</h3>\n{}\n",
        list(lines.iter().map(|line| escape(line)))
    )
}

/// What moving each uncertain event within its bounds changes.
fn sensitivity(replay: &Replay) -> String {
    let lines = crate::report::sensitivity_notes::lines(replay);
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "<h2>Sensitivity to what the record does not establish</h2>\n{}\n",
        list(lines.iter().map(|line| escape(line)))
    )
}

/// The findings of a replay.
pub fn findings(replay: &Replay) -> String {
    let mut out = String::from("<h2>Findings</h2>\n");
    if replay.findings.is_empty() {
        out.push_str("<p>Findings: none — the record follows the rules.</p>\n");
        return out;
    }
    let departures = replay
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Departure)
        .count();
    let _ = writeln!(
        out,
        "<p>Findings: {}, {}</p>\n<ul class=\"findings\">",
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
        let date = finding
            .event
            .and_then(|index| replay.steps.get(index))
            .map_or(finding.date.to_string(), |step| step.date.to_string());
        let rests = crate::report::sensitivity_notes::rests_on(finding)
            .map_or(String::new(), |rests| {
                format!("<br><span class=\"small\">{}</span>", escape(&rests))
            });
        let _ = writeln!(
            out,
            "<li class=\"finding-{label}\"><strong>{label}</strong> {place}, {date}: {}<br><span class=\"small\">rule: <code>{}</code>{}</span>{rests}</li>",
            escape(&finding.message),
            escape(&finding.rule),
            finding
                .citation
                .as_ref()
                .map_or(String::new(), |c| format!(" — {}", escape(c)))
        );
    }
    out.push_str("</ul>\n");
    out
}

fn outcome(replay: &Replay) -> String {
    let outcome = &replay.outcome;
    let mut out = String::from("<h2>Outcome</h2>\n");
    let status = match outcome.status {
        StageOutcome::Registered => "REGISTERED",
        StageOutcome::Pending => "not registered (pending)",
        StageOutcome::Ended => "not registered (ended)",
    };
    let mut table = Table::new("Outcome")
        .column("", Align::Left)
        .column("", Align::Left)
        .row_headers();
    let mut row = |label: &str, value: String| table.row(vec![escape(label), value]);
    row("result", format!("<strong>{status}</strong>"));
    row(
        "final stage",
        escape(&format!(
            "{} — {}",
            outcome.final_stage, outcome.final_stage_label
        )),
    );
    if let Some(date) = outcome.registered_on {
        row("registered on", date.to_string());
    }
    if let Some(first) = crate::report::replay_text::first_filing(replay) {
        row("first filing", escape(&first));
    }
    if let Some(days) = outcome.days_from_first_filing {
        let until = if outcome.registered_on.is_some() {
            "to registration"
        } else {
            "so far"
        };
        row("days from first filing", format!("{days} ({until})"));
    }
    row("attempts", outcome.attempts.to_string());
    row(
        "refusals",
        escape(&crate::report::replay_text::refusals_cell(replay)),
    );
    row("remark rounds", outcome.remark_rounds.to_string());
    row("appeals", outcome.appeals.to_string());
    for (label, value) in crate::report::replay_text::court_rows(replay) {
        row(&label, escape(&value));
    }
    row(
        "days waiting on the authority",
        outcome.days_waiting_on_authority.to_string(),
    );
    out.push_str(&table.render());
    if !outcome.running_limits.is_empty() {
        let _ = writeln!(out, "<p>time limits running on {}:</p>\n<ul>", replay.as_of);
        for running in &outcome.running_limits {
            let state = if running.overdue {
                "<span class=\"alert\">RUN OUT</span>"
            } else {
                "running"
            };
            let _ = writeln!(
                out,
                "<li><code>{}</code> ({}, {}): started {}, due {} — {state}; due by then: {}{}</li>",
                escape(&running.parameter),
                escape(&running.label),
                running.status,
                running.started,
                running.due,
                running.event,
                running
                    .on_expiry
                    .map_or(String::new(), |clock| format!(", else {clock}"))
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(check) = &replay.recorded_outcome {
        if check.reproduced {
            out.push_str("<p>recorded outcome: reproduced</p>\n");
        } else {
            let _ = writeln!(
                out,
                "<p>recorded outcome: <span class=\"alert\">NOT reproduced</span> — {}</p>",
                escape(&check.differences.join("; "))
            );
        }
        if let Some(outside) = &check.outside_file {
            let _ = writeln!(out, "<p>{}</p>", escape(outside));
        }
        if let Some(note) = &check.note {
            let _ = writeln!(out, "<p>note: {}</p>", escape(note));
        }
    }
    out
}
