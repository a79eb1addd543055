//! What a counterfactual's numbers rest on, as sections every format renders the same
//! way: the range across authority models, the conditions on numbers the record lacks,
//! thresholds judged again, the assumptions used, the case file's own unconfirmed events,
//! events judged under rules not in force, and departures carried over from the record.
//!
//! Text prints each section as a heading and indented lines, Markdown as a heading and a
//! list, CSV as one row per line; so no format can leave one out.

use crate::counterfactual::Counterfactual;
use crate::replay::Severity;
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
            cf.range.iter().map(|outcome| outcome.describe()).collect(),
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
