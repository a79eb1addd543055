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
                .chain(crate::counterfactual::range::model_conditions(&cf.range))
                .collect(),
        );
    }
    if !cf.unconfirmed_factual.is_empty() || !cf.unconfirmed_counterfactual.is_empty() {
        let list = |figures: &[String]| {
            if figures.is_empty() {
                "none".to_string()
            } else {
                figures.join(", ")
            }
        };
        add(
            "unconfirmed_figures",
            "† in the outcome table: the figure counts, or is dated by, events the case file does not confirm (assumed or inferred there) or that an assumption placed; a change marked † rests on such a figure".into(),
            vec![
                format!("real: {}", list(&cf.unconfirmed_factual)),
                format!("counterfactual: {}", list(&cf.unconfirmed_counterfactual)),
            ],
        );
    }
    if let Some(limit) = &cf.limit {
        add(
            "limit",
            format!(
                "LIMIT: the counterfactual is derived only to {}",
                limit.derived_to
            ),
            vec![limit.text.clone()],
        );
    }
    if !cf.conditions.is_empty() {
        add(
            "conditions",
            "CONDITIONAL: the counterfactual outcome holds only if what follows is true".into(),
            cf.conditions
                .iter()
                .map(|c| {
                    if c.parameter.starts_with("policies.") {
                        format!(
                            "{} (the first of them: the real `{}` of {})",
                            c.text, c.event, c.date
                        )
                    } else {
                        format!("{} (checked at `{}` on {})", c.text, c.event, c.date)
                    }
                })
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
        .filter(|step| !step.is_firm())
        .map(|step| {
            format!(
                "#{} {} {} ({})",
                step.index,
                step.date,
                step.event,
                step.basis()
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
    // `†` on a figure that rests on an unconfirmed or assumed event, on either side.
    let mark = |figures: &[String], figure: &str| {
        if figures.iter().any(|f| f == figure) {
            "†"
        } else {
            ""
        }
    };
    let real_mark = |figure| mark(&cf.unconfirmed_factual, figure);
    let other_mark = |figure| mark(&cf.unconfirmed_counterfactual, figure);
    let change_mark = |figure| mark(&cf.delta.unconfirmed, figure);
    let mut counterfactual_result = format!("{}{}", result(c), other_mark("registered_on"));
    if let Some(limit) = &cf.limit {
        counterfactual_result.push_str(&format!(" as of {} — LIMIT (see below)", limit.derived_to));
    }
    if !cf.conditions.is_empty() {
        counterfactual_result.push_str(" — CONDITIONAL (see below)");
    }
    rows.push([
        "result".to_string(),
        format!("{}{}", result(f), real_mark("registered_on")),
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
    let with_mark = |change: String, figure| {
        if cf.limit.is_some() {
            "n/a (derived only to an earlier day)".to_string()
        } else if change.is_empty() {
            change
        } else {
            format!("{change}{}", change_mark(figure))
        }
    };
    let mark_days = |o: &Outcome, marked: &str| {
        let value = days(o);
        if value == "-" {
            value
        } else {
            format!("{value}{marked}")
        }
    };
    rows.push([
        "days from first filing".to_string(),
        mark_days(f, real_mark("days")),
        mark_days(c, other_mark("days")),
        with_mark(change, "days"),
    ]);
    for (label, figure, a, b) in [
        ("attempts", "attempts", f.attempts as i64, c.attempts as i64),
        ("refusals", "refusals", f.refusals as i64, c.refusals as i64),
        (
            "remark rounds",
            "remark_rounds",
            f.remark_rounds as i64,
            c.remark_rounds as i64,
        ),
        ("appeals", "appeals", f.appeals as i64, c.appeals as i64),
        (
            "days waiting on the authority",
            "authority_days",
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
            format!("{}{}", count(a, f.refusals_at_least), real_mark(figure)),
            format!("{}{}", count(b, c.refusals_at_least), other_mark(figure)),
            with_mark(
                change_of(label, a, b, f.refusals_at_least, c.refusals_at_least),
                figure,
            ),
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
            format!("{a}{}", real_mark("lapses")),
            format!("{b}{}", other_mark("lapses")),
            with_mark(
                change_of("lapsed time limits", a, b, false, false),
                "lapses",
            ),
        ]);
    }
    (header, rows)
}

/// An aligned row's event as "date event", its date as the record gives it (`2025-08`
/// for a month-only date) from the steps of its own replay.
pub fn row_event(
    steps: &[crate::replay::TraceStep],
    event: &crate::counterfactual::RowEvent,
) -> String {
    let date = steps
        .get(event.index)
        .map_or(event.date.to_string(), |step| step.date.to_string());
    format!("{date} {}", event.event)
}
