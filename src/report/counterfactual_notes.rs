//! What a counterfactual's numbers rest on, as sections every format renders the same
//! way: the range across authority models, the conditions on numbers the record lacks,
//! thresholds judged again, the assumptions used, the case file's own unconfirmed events,
//! events judged under rules not in force, and departures carried over from the record.
//!
//! Text prints each section as a heading and indented lines, Markdown and HTML as a
//! heading and a list; the outcome table ([`outcome_rows`]) is shared the same way, so no
//! format can leave anything out.

use crate::counterfactual::Counterfactual;
use crate::replay::{Outcome, Severity};
use crate::rules::StageOutcome;
use crate::source::Confidence;

/// One section: a heading and its lines (a section with no lines says all in its heading).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// A short name, stable for tools (`range`, `conditions`, …).
    pub key: &'static str,
    /// The heading a reader sees.
    pub heading: String,
    /// Its lines.
    pub lines: Vec<String>,
}

/// Every section that has something to say, in reading order.
pub fn sections(cf: &Counterfactual) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut add = |key, heading: String, lines: Vec<String>| {
        sections.push(Section {
            key,
            heading,
            lines,
        })
    };
    if !cf.range.is_empty() {
        add(
            "range",
            "Range across authority models (worst … lawful; * conditional)".into(),
            cf.range
                .iter()
                .map(|outcome| outcome.describe())
                .chain(crate::counterfactual::range::other_conditions(
                    &cf.range, cf.model,
                ))
                .collect(),
        );
    }
    if !cf.conditions.is_empty() {
        add(
            "conditions",
            "CONDITIONAL: the counterfactual outcome holds only if what follows is true".into(),
            cf.conditions
                .iter()
                .map(|c| format!("{} (checked at `{}` on {})", c.text, c.event, c.date))
                .collect(),
        );
    }
    if !cf.retimed_windows.is_empty() {
        add(
            "retimed_windows",
            "Time limits on the group timed from its real acts (the counterfactual opened them earlier)".into(),
            cf.retimed_windows.iter().map(|w| w.text.clone()).collect(),
        );
    }
    if !cf.rejudged.is_empty() {
        add(
            "rejudged",
            "Threshold refusals judged again on the record's numbers".into(),
            cf.rejudged
                .iter()
                .map(|note| {
                    format!(
                        "{}: {} {} — {}",
                        note.date,
                        note.defect.name(),
                        if note.stands { "stands" } else { "dropped" },
                        note.reason
                    )
                })
                .collect(),
        );
    }
    if cf.assumptions_used.is_empty() {
        add(
            "assumptions",
            "Assumptions used: none beyond the case file's own".into(),
            Vec::new(),
        );
    } else {
        add(
            "assumptions",
            "Assumptions used (steps the record lacks)".into(),
            cf.assumptions_used
                .iter()
                .map(|used| {
                    format!(
                        "{} = {} ({}): {} — {}",
                        used.name, used.value, used.origin, used.meaning, used.note
                    )
                })
                .collect(),
        );
    }
    let unconfirmed: Vec<String> = cf
        .factual
        .steps
        .iter()
        .filter(|step| step.confidence != Confidence::Confirmed)
        .map(|step| {
            format!(
                "#{} {} {} ({})",
                step.index, step.date, step.event, step.confidence
            )
        })
        .collect();
    if !unconfirmed.is_empty() {
        add(
            "unconfirmed_events",
            format!(
                "Events the case file itself does not confirm ({}): figures counting them rest on them",
                unconfirmed.len()
            ),
            unconfirmed,
        );
    }
    if !cf.out_of_force.is_empty() {
        add(
            "out_of_force",
            "Judged under rules not in force on the date".into(),
            cf.out_of_force
                .iter()
                .map(|event| event.message.clone())
                .collect(),
        );
    }
    let departures: Vec<String> = cf
        .counterfactual
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Departure)
        .map(|f| format!("{}: {}", f.date, f.message))
        .collect();
    if !departures.is_empty() {
        add(
            "departures",
            format!(
                "Departures from {} that the derived record still contains (real acts kept at their real dates, carried over)",
                cf.counterfactual.rules.id
            ),
            departures,
        );
    }
    sections
}

/// The header facts of a counterfactual beyond its two rule sets: the base it stands on
/// and how it differs from the case's own, the by-date rule, the authority model and any
/// named assumption. Each is a label and its lines.
pub fn header(cf: &Counterfactual) -> Vec<(&'static str, Vec<String>)> {
    let mut facts = Vec::new();
    let (factual, other) = (&cf.factual, &cf.counterfactual);
    if other.rules.id.contains('→') || factual.rules.id.contains('→') {
        facts.push((
            "by date",
            vec![crate::rules::timeline::TRANSITION_NOTE.to_string()],
        ));
    }
    if let Some(base) = &cf.base {
        let mut lines = vec![if base.own_base {
            format!(
                "{} — the case's own rules; the reform's default base is {}, whose values differ:",
                base.base,
                base.default_base.as_deref().unwrap_or("-")
            )
        } else {
            format!(
                "{} — NOT the case's own rules ({}); a regime change is mixed into this counterfactual:",
                base.base, base.own
            )
        }];
        lines.extend(base.differences.iter().map(|d| format!("  {d}")));
        facts.push(("base", lines));
    }
    facts.push(("authority", vec![cf.model.describe().to_string()]));
    if cf.act_earlier {
        facts.push((
            "ASSUMED",
            vec!["act_earlier — the group takes each step as soon as these rules allow, not on its real date (its real acts are shown beside)".to_string()],
        ));
    }
    facts
}

/// A result as the outcome table states it.
pub fn result(outcome: &Outcome) -> String {
    match (outcome.status, outcome.registered_on) {
        (StageOutcome::Registered, Some(date)) => format!("REGISTERED {date}"),
        (StageOutcome::Registered, None) => "REGISTERED".into(),
        (StageOutcome::Pending, _) => format!("not registered ({})", outcome.final_stage),
        (StageOutcome::Ended, _) => format!("ended ({})", outcome.final_stage),
    }
}

/// The change in one count; a refusal count the sources give only as a minimum makes
/// the change a bound (`≤-2`), or undetermined when both sides are minimums and differ.
fn change_of(
    label: &str,
    real: i64,
    other: i64,
    real_minimum: bool,
    other_minimum: bool,
) -> String {
    let minimum = label == "refusals" && (real_minimum || other_minimum);
    match (
        minimum,
        real_minimum && real > 0,
        other_minimum && other > 0,
    ) {
        (true, true, true) if real != other => "undetermined (both are minimums)".to_string(),
        (true, true, false) => format!("≤{:+}", other - real),
        (true, false, true) => format!("≥{:+}", other - real),
        _ if real == other => String::new(),
        _ => format!("{:+}", other - real),
    }
}

/// The outcome table: the header (outcome, real, counterfactual, change) and one row per
/// figure, the counterfactual result marked when it is conditional.
pub fn outcome_rows(cf: &Counterfactual) -> (Vec<String>, Vec<[String; 4]>) {
    let (factual, other) = (&cf.factual, &cf.counterfactual);
    let header = vec![
        "outcome".to_string(),
        format!("real ({})", factual.rules.id),
        format!("counterfactual ({})", other.rules.id),
        "change".to_string(),
    ];
    let (f, c) = (&factual.outcome, &other.outcome);
    let mut rows = Vec::new();
    let mut counterfactual_result = result(c);
    if !cf.conditions.is_empty() {
        counterfactual_result.push_str(" — CONDITIONAL (see below)");
    }
    rows.push([
        "result".to_string(),
        result(f),
        counterfactual_result,
        String::new(),
    ]);
    let days = |o: &Outcome| {
        o.days_from_first_filing
            .map_or(String::from("-"), |d| d.to_string())
    };
    let change = match (f.days_from_first_filing, c.days_from_first_filing) {
        (Some(a), Some(b)) if f.registered_on.is_some() && c.registered_on.is_some() => {
            format!("{:+}", b - a)
        }
        (_, Some(b)) if f.registered_on.is_none() && c.registered_on.is_some() => {
            format!("registered after {b} days instead of not at all")
        }
        _ => String::new(),
    };
    rows.push([
        "days from first filing".to_string(),
        days(f),
        days(c),
        change,
    ]);
    for (label, a, b) in [
        ("attempts", f.attempts as i64, c.attempts as i64),
        ("refusals", f.refusals as i64, c.refusals as i64),
        (
            "remark rounds",
            f.remark_rounds as i64,
            c.remark_rounds as i64,
        ),
        ("appeals", f.appeals as i64, c.appeals as i64),
        (
            "days waiting on the authority",
            f.days_waiting_on_authority as i64,
            c.days_waiting_on_authority as i64,
        ),
    ] {
        // A refusal count the sources give only as a minimum ("several") is shown as one.
        let count = |value: i64, at_least: bool| {
            if label == "refusals" && at_least && value > 0 {
                format!("≥{value}")
            } else {
                value.to_string()
            }
        };
        rows.push([
            label.to_string(),
            count(a, f.refusals_at_least),
            count(b, c.refusals_at_least),
            change_of(label, a, b, f.refusals_at_least, c.refusals_at_least),
        ]);
    }
    // A lapse the counterfactual keeps is an outcome too: it is never hidden behind the
    // other counts.
    let lapses = |replay: &crate::replay::Replay| {
        replay
            .steps
            .iter()
            .filter(|step| step.event == crate::event::EventKind::WindowLapsed)
            .count() as i64
    };
    let (a, b) = (lapses(factual), lapses(other));
    if a > 0 || b > 0 {
        rows.push([
            "lapsed time limits".to_string(),
            a.to_string(),
            b.to_string(),
            change_of("lapsed time limits", a, b, false, false),
        ]);
    }
    (header, rows)
}
