//! Exporters: one small file per output format behind one trait.
//!
//! Every report regsim prints for `replay` and `compare` (a replay, a counterfactual
//! replay, a comparison) can be rendered as a terminal table, Markdown, JSON or CSV.
//! JSON and CSV are deterministic: rows in input order, no timestamps, no hash-map order.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod text;

use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    Text,
    /// Markdown tables, to paste into a report.
    Markdown,
    /// Deterministic JSON.
    Json,
    /// Comma-separated values, one row per line, for spreadsheets.
    Csv,
}

/// Renders each kind of report in one format.
pub trait Exporter {
    /// A replay.
    fn replay(&self, replay: &Replay) -> String;
    /// A counterfactual replay.
    fn counterfactual(&self, counterfactual: &Counterfactual) -> String;
    /// A comparison.
    fn comparison(&self, comparison: &Comparison) -> String;
}

/// The exporter for a format.
pub fn exporter(format: Format) -> &'static dyn Exporter {
    match format {
        Format::Text => &text::Text,
        Format::Markdown => &markdown::Markdown,
        Format::Json => &json::Json,
        Format::Csv => &csv::Csv,
    }
}

/// Shared wording for a row's result.
pub(crate) fn result_word(
    registered: bool,
    registered_on: Option<crate::date::Date>,
    final_stage: &str,
) -> String {
    match (registered, registered_on) {
        (true, Some(date)) => format!("registered {date}"),
        (true, None) => "registered".into(),
        (false, _) => format!("not registered ({final_stage})"),
    }
}

/// A signed delta, blank when zero.
/// A refusal count, marked `≥` when the sources give only a minimum ("several"); a
/// count of none stays `0` (a minimum of none says nothing).
pub(crate) fn refusal_count(refusals: u32, at_least: bool) -> String {
    if at_least && refusals > 0 {
        format!("≥{refusals}")
    } else {
        refusals.to_string()
    }
}

pub(crate) fn signed(value: i64) -> String {
    if value == 0 {
        String::new()
    } else {
        format!("{value:+}")
    }
}
