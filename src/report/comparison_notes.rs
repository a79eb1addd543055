//! A comparison as every format shows it: the table's cells (the same in text and
//! Markdown, with `†`, `≥`, `≤` and `*` marks), and the notes under it — assumptions,
//! the range across authority models, conditional rows, what `†` rests on, rows judged
//! under rules not in force, why outcomes differ, and the values by status.

use super::words::{refusal_count, result_word};
use crate::compare::{Comparison, ComparisonRow};

/// The table's header.
pub const HEADER: [&str; 10] = [
    "case",
    "rules",
    "result",
    "days",
    "refusals",
    "remarks",
    "appeals",
    "authority days",
    "Δ days",
    "Δ refusals",
];

/// What kind of row it is, after its rule-set expression: baseline or not, factual or
/// counterfactual, `*` when conditional.
pub fn row_kind(row: &ComparisonRow) -> String {
    let kind = match (row.baseline, row.counterfactual) {
        (true, false) => " (baseline, factual)",
        (true, true) => " (baseline, counterfactual)",
        (false, false) => " (own, factual)",
        (false, true) => " (counterfactual)",
    };
    let conditional = if row.conditions.is_empty() { "" } else { "*" };
    format!("{}{kind}{conditional}", row.rules)
}

/// The cells of a row (the case's id only on its first row when `show_case`); a rule
/// set that does not apply gets its reason and nothing else.
pub fn cells(row: &ComparisonRow, show_case: bool) -> Vec<String> {
    let case = if show_case {
        row.case.clone()
    } else {
        String::new()
    };
    if !row.applicable {
        return vec![case, row_kind(row), row.final_stage.clone()];
    }
    let dagger = |figure: &str| {
        if row.unconfirmed_figures.iter().any(|f| f == figure) {
            "†"
        } else {
            ""
        }
    };
    let delta = row.delta.as_ref();
    vec![
        case,
        row_kind(row),
        format!(
            "{}{}{}",
            result_word(row.registered, row.registered_on, &row.final_stage),
            row.derived_to
                .as_ref()
                .map_or(String::new(), |limit| format!(" to {} ‡", limit.derived_to)),
            dagger("registered_on")
        ),
        row.days
            .map_or(String::from("-"), |d| format!("{d}{}", dagger("days"))),
        format!(
            "{}{}",
            if row.refusals_outside_file > 0 {
                format!(
                    "{} +{} outside",
                    refusal_count(row.refusals, false),
                    refusal_count(row.refusals_outside_file, row.refusals_at_least)
                )
            } else {
                refusal_count(row.refusals, row.refusals_at_least)
            },
            dagger("refusals")
        ),
        format!("{}{}", row.remark_rounds, dagger("remark_rounds")),
        format!("{}{}", row.appeals, dagger("appeals")),
        format!("{}{}", row.authority_days, dagger("authority_days")),
        delta.map_or(String::new(), |d| d.days_cell()),
        delta.map_or(String::new(), |d| d.refusals_cell()),
    ]
}

/// One note under the table: a heading, an explanation, and one entry per row it
/// concerns (`case under rules`, then what it says).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// A short name, stable for tools.
    pub key: &'static str,
    /// The heading.
    pub heading: String,
    /// What the note explains, when its heading alone does not say it.
    pub text: Option<String>,
    /// Entries: the row (`case under rules`, or a rule set's id) and its lines.
    pub entries: Vec<(String, Vec<String>)>,
}

fn under(row: &ComparisonRow) -> String {
    format!("{} under {}", row.case, row.rules)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Every note with something to say, in reading order.
pub fn notes(comparison: &Comparison) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut add = |key, heading: &str, entries: Vec<(String, Vec<String>)>| {
        if !entries.is_empty() {
            let (heading, text) = match heading.split_once(" | ") {
                Some((heading, text)) => (heading.to_string(), Some(text.to_string())),
                None => (heading.to_string(), None),
            };
            notes.push(Note {
                key,
                heading,
                text,
                entries,
            });
        }
    };
    add(
        "assumptions",
        "Assumptions used by the counterfactual rows (steps the records lack)",
        comparison
            .rows_with_assumptions()
            .map(|row| (under(row), vec![row.assumptions.join(", ")]))
            .collect(),
    );
    add(
        "range",
        "Range across authority models (worst … lawful; * conditional)",
        comparison
            .rows_with_range()
            .map(|row| {
                let outcomes: Vec<String> = row.range.iter().map(|o| o.describe()).collect();
                let mut lines = vec![outcomes.join("; ")];
                lines.extend(crate::counterfactual::range::model_conditions(&row.range));
                (under(row), lines)
            })
            .collect(),
    );
    add(
        "limits",
        "LIMITS (‡): rows derived only to an earlier day; their figures are as of then, so no difference is given (n/a)",
        comparison
            .rows
            .iter()
            .filter_map(|row| {
                row.derived_to
                    .as_ref()
                    .map(|limit| (under(row), vec![limit.text.clone()]))
            })
            .collect(),
    );
    add(
        "conditions",
        "CONDITIONAL rows (*): each outcome holds only if what follows is true",
        comparison
            .conditional_rows()
            .map(|row| (under(row), vec![row.conditions.join("; ")]))
            .collect(),
    );
    add(
        "unconfirmed",
        "What †, ≥ and ≤ mean | † the figure counts, or is dated by, events the case file does not confirm (assumed or inferred there) or an assumption placed; a difference marked † rests on such a figure; ≥ a count the sources give only as a minimum, ≤ or ? a difference from one; +N outside: refusals the sources count outside the case file (earlier attempts it holds no events for), which no counterfactual can judge; for example",
        comparison
            .rows
            .iter()
            .filter(|row| !row.unconfirmed_events.is_empty() && row.baseline)
            .map(|row| {
                let examples: Vec<String> =
                    row.unconfirmed_events.iter().take(3).cloned().collect();
                (
                    row.case.clone(),
                    vec![format!(
                        "{}, e.g. {}",
                        plural(row.unconfirmed_events.len(), "event", "events"),
                        examples.join(", ")
                    )],
                )
            })
            .collect(),
    );
    add(
        "out_of_force",
        "Rows judged under rules not in force on the events' dates",
        comparison
            .rows
            .iter()
            .filter(|row| !row.out_of_force.is_empty())
            .map(|row| {
                (
                    under(row),
                    vec![format!(
                        "{}, first: {}",
                        plural(row.out_of_force.len(), "event", "events"),
                        row.out_of_force[0]
                    )],
                )
            })
            .collect(),
    );
    add(
        "explanation",
        "Why the outcomes differ",
        comparison
            .explained_rows()
            .map(|row| (under(row), row.explanation.clone()))
            .collect(),
    );
    add(
        "statuses",
        "Values behind these numbers, by status",
        comparison
            .statuses
            .iter()
            .map(|rules| (rules.id.clone(), vec![rules.counts.to_string()]))
            .collect(),
    );
    notes
}
