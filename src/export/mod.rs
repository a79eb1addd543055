//! Exporters: one small file per output format behind one trait.
//!
//! Every report regsim prints for `replay`, `compare` and `simulate` (a replay, a
//! counterfactual replay, a comparison, a simulation study) can be rendered as a terminal table, Markdown, JSON or CSV,
//! or as one self-contained HTML page ([`html`]). Replays also export as event logs for
//! process mining ([`event_log`]: XES and CSV).
//! Every format is deterministic: rows in input order, no timestamps, no hash-map order.

pub mod csv;
pub mod event_log;
pub mod format;
pub mod html;
pub mod json;
pub mod markdown;
pub mod text;

use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
use crate::sim::results::SimulationReport;

pub use format::OutputFormat;

/// Renders each kind of report in one format.
pub trait Exporter {
    /// A replay.
    fn replay(&self, replay: &Replay) -> String;
    /// A counterfactual replay.
    fn counterfactual(&self, counterfactual: &Counterfactual) -> String;
    /// A comparison.
    fn comparison(&self, comparison: &Comparison) -> String;
    /// A simulation study's results.
    fn simulation(&self, report: &SimulationReport) -> String;
}

/// The formats reports (replays, counterfactuals, comparisons, simulations) come in.
pub const REPORT_FORMATS: &[OutputFormat] = &[
    OutputFormat::Text,
    OutputFormat::Markdown,
    OutputFormat::Json,
    OutputFormat::Csv,
    OutputFormat::Html,
];

/// The exporter for a format, if reports come in that format (see [`REPORT_FORMATS`]).
pub fn exporter(format: OutputFormat) -> Option<&'static dyn Exporter> {
    match format {
        OutputFormat::Text => Some(&text::Text),
        OutputFormat::Markdown => Some(&markdown::Markdown),
        OutputFormat::Json => Some(&json::Json),
        OutputFormat::Csv => Some(&csv::Csv),
        OutputFormat::Html => Some(&html::Html),
        OutputFormat::Dot | OutputFormat::Mermaid | OutputFormat::Xes => None,
    }
}

pub(crate) use crate::report::words::{refusal_count, result_word};
