//! `--format`: the one output-format type, offered per command as the formats it renders.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::export::OutputFormat;

/// A `--format` value parser that accepts only `allowed` (and lists only them in `--help`).
pub fn parser(allowed: &'static [OutputFormat]) -> impl TypedValueParser<Value = OutputFormat> {
    PossibleValuesParser::new(
        allowed
            .iter()
            .map(|format| PossibleValue::new(format.name()).help(format.help())),
    )
    .map(|name| OutputFormat::from_name(&name).unwrap_or(OutputFormat::Text))
}

/// Text and JSON, for listings and resolved files (`rules show`, `calendar`).
pub const TEXT_OR_JSON: &[OutputFormat] = &[OutputFormat::Text, OutputFormat::Json];

/// Text, Markdown, JSON and CSV, for listings (`list`).
pub const TABLES: &[OutputFormat] = &[
    OutputFormat::Text,
    OutputFormat::Markdown,
    OutputFormat::Json,
    OutputFormat::Csv,
];

/// Text, Markdown and JSON, for the graph reports (`paths`, `rules diff`).
pub const GRAPH_REPORTS: &[OutputFormat] = &[
    OutputFormat::Text,
    OutputFormat::Markdown,
    OutputFormat::Json,
];

/// The diagram formats of `graph`.
pub const DIAGRAMS: &[OutputFormat] =
    &[OutputFormat::Dot, OutputFormat::Mermaid, OutputFormat::Json];

/// The formats of `replay`: the report formats, and an XES event log of the one case.
pub const REPLAY: &[OutputFormat] = &[
    OutputFormat::Text,
    OutputFormat::Markdown,
    OutputFormat::Json,
    OutputFormat::Csv,
    OutputFormat::Html,
    OutputFormat::Xes,
];

/// The event-log formats of `event-log`.
pub const EVENT_LOGS: &[OutputFormat] = &[OutputFormat::Xes, OutputFormat::Csv];
