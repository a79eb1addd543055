//! The one output-format type every command's `--format` takes.
//!
//! Each command accepts the formats it can render (the command line offers only those,
//! see `crate::cli::format`); the renderers match on this one type, so a format is named
//! the same way everywhere.

use std::fmt;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    /// Aligned text for a terminal.
    Text,
    /// Markdown, to paste into a report.
    Markdown,
    /// Deterministic JSON.
    Json,
    /// Comma-separated values for spreadsheets.
    Csv,
    /// Graphviz DOT (render with `dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (renders in Markdown on code hosts).
    Mermaid,
    /// One self-contained HTML page with SVG charts, to share.
    Html,
    /// An IEEE 1849-2016 XES event log, for process-mining tools.
    Xes,
}

impl OutputFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [OutputFormat; 8] = [
        OutputFormat::Text,
        OutputFormat::Markdown,
        OutputFormat::Json,
        OutputFormat::Csv,
        OutputFormat::Dot,
        OutputFormat::Mermaid,
        OutputFormat::Html,
        OutputFormat::Xes,
    ];

    /// The name `--format` takes.
    pub const fn name(self) -> &'static str {
        match self {
            OutputFormat::Text => "text",
            OutputFormat::Markdown => "markdown",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
            OutputFormat::Dot => "dot",
            OutputFormat::Mermaid => "mermaid",
            OutputFormat::Html => "html",
            OutputFormat::Xes => "xes",
        }
    }

    /// The format a name stands for.
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
    }

    /// One line on what the format is for (shown in `--help`).
    pub const fn help(self) -> &'static str {
        match self {
            OutputFormat::Text => "aligned text for a terminal",
            OutputFormat::Markdown => "Markdown tables, to paste into a report",
            OutputFormat::Json => "deterministic JSON",
            OutputFormat::Csv => "comma-separated values for spreadsheets",
            OutputFormat::Dot => "Graphviz DOT (render with `dot -Tsvg`)",
            OutputFormat::Mermaid => "a Mermaid flowchart (renders in Markdown on code hosts)",
            OutputFormat::Html => "one self-contained HTML page with SVG charts, to share",
            OutputFormat::Xes => "an IEEE 1849-2016 XES event log, for process-mining tools",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
