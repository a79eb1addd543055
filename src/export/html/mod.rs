//! HTML: one self-contained page per report, to share with someone who does not use a
//! terminal.
//!
//! The page needs nothing from outside: the style sheet is inline, the charts are inline
//! SVG, there is no script and no web font, so it opens offline, in an e-mail attachment
//! or from a USB stick, and prints (a print style sheet drops the screen margins and keeps
//! tables and charts whole). It holds everything the text report holds — the tables, the
//! conditions, the † marks, the assumptions used, the rules not in force, the values by
//! status — and draws what a table shows poorly: the timeline of a case, the
//! distributions of a simulation, the paired differences with their intervals, the curve
//! of a sweep.
//!
//! Every text taken from an input file (titles, notes, citations) is escaped
//! ([`escape`]). Tables have captions and header cells with their scope; every chart is
//! an `img` with a title and a description, and the numbers it draws are also in a table.
//! The bytes are deterministic: no date of rendering, no random ids.

mod charts;
mod comparison;
mod counterfactual;
mod page;
mod replay;
mod simulation;
mod svg;
mod sweep;
mod timeline;
mod tornado;

use std::fmt::Write;

use super::Exporter;
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
use crate::sim::results::SimulationReport;
use crate::source::{Status, ValuesByStatus};

/// The HTML exporter.
pub struct Html;

impl Exporter for Html {
    fn replay(&self, replay: &Replay) -> String {
        replay::render(replay)
    }
    fn counterfactual(&self, counterfactual: &Counterfactual) -> String {
        counterfactual::render(counterfactual)
    }
    fn comparison(&self, comparison: &Comparison) -> String {
        comparison::render(comparison)
    }
    fn simulation(&self, report: &SimulationReport) -> String {
        simulation::render(report)
    }
}

/// The page of a sweep (`simulate --sweep --format html`).
pub fn sweep_page(report: &crate::sim::sweep::SweepReport) -> String {
    sweep::render(report)
}

/// The page of a sensitivity analysis (`simulate --sensitivity --format html`).
pub fn tornado_page(report: &crate::sim::sensitivity::Sensitivity) -> String {
    tornado::render(report)
}

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How a column's cells are aligned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A row of a [`Table`]: cells, or one cell spanning the columns after the first.
enum Row {
    /// One cell per column.
    Cells(Vec<String>),
    /// Details of the row above, across the table.
    Detail(String),
}

/// An HTML table with a caption, column headers and, optionally, a header cell opening
/// each row. Cells are HTML (escape text before adding it).
struct Table {
    caption: String,
    columns: Vec<(String, Align)>,
    rows: Vec<Row>,
    row_headers: bool,
    class: &'static str,
}

impl Table {
    /// A table whose caption is `caption` (HTML).
    fn new(caption: impl Into<String>) -> Table {
        Table {
            caption: caption.into(),
            columns: Vec::new(),
            rows: Vec::new(),
            row_headers: false,
            class: "",
        }
    }

    /// Adds a column (its header is text).
    fn column(mut self, header: &str, align: Align) -> Table {
        self.columns.push((escape(header), align));
        self
    }

    /// Makes the first cell of each row its header (`<th scope="row">`).
    fn row_headers(mut self) -> Table {
        self.row_headers = true;
        self
    }

    /// Sets the table's class.
    fn class(mut self, class: &'static str) -> Table {
        self.class = class;
        self
    }

    /// Adds a row of HTML cells.
    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Row::Cells(cells));
    }

    /// Adds details of the row above (HTML), in one cell under all its columns but the first.
    fn detail(&mut self, html: String) {
        self.rows.push(Row::Detail(html));
    }

    fn render(&self) -> String {
        let mut out = String::from("<div class=\"table-wrap\">");
        if self.class.is_empty() {
            out.push_str("<table>");
        } else {
            let _ = write!(out, "<table class=\"{}\">", self.class);
        }
        let _ = write!(out, "<caption>{}</caption>\n<thead><tr>", self.caption);
        for (header, align) in &self.columns {
            let _ = write!(
                out,
                "<th scope=\"col\"{}>{header}</th>",
                align_class(*align)
            );
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            let row = match row {
                Row::Cells(cells) => cells,
                Row::Detail(html) => {
                    let _ = writeln!(
                        out,
                        "<tr class=\"detail\"><td></td><td colspan=\"{}\">{html}</td></tr>",
                        self.columns.len().saturating_sub(1).max(1)
                    );
                    continue;
                }
            };
            out.push_str("<tr>");
            for (index, cell) in row.iter().enumerate() {
                let align = self.columns.get(index).map_or(Align::Left, |c| c.1);
                if index == 0 && self.row_headers {
                    let _ = write!(out, "<th scope=\"row\"{}>{cell}</th>", align_class(align));
                } else {
                    let _ = write!(out, "<td{}>{cell}</td>", align_class(align));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n");
        out
    }
}

fn align_class(align: Align) -> &'static str {
    match align {
        Align::Left => "",
        Align::Right => " class=\"num\"",
    }
}

/// A value's status as a badge (`ASSUMED` shouted, as in the text reports).
fn status_badge(status: Status) -> String {
    format!(
        "<span class=\"status status-{}\">{status}</span>",
        status.name()
    )
}

/// "Values behind these numbers, by status": a table of the counts per rule set (or
/// profile), and what each status means.
fn status_section(heading: &str, values: &[ValuesByStatus]) -> String {
    let mut out = format!(
        "<section class=\"statuses\">\n<h2>{}</h2>\n",
        escape(heading)
    );
    let mut table = Table::new("How many values of each rule set (or profile) have each status")
        .column("values of", Align::Left)
        .row_headers();
    for status in Status::ALL {
        table = table.column(status.name(), Align::Right);
    }
    for rules in values {
        let mut cells = vec![format!("<code>{}</code>", escape(&rules.id))];
        cells.extend(
            Status::ALL
                .iter()
                .map(|&status| rules.counts.get(status).to_string()),
        );
        table.row(cells);
    }
    out.push_str(&table.render());
    out.push_str(&status_key());
    out.push_str("</section>\n");
    out
}

/// Every value behind the numbers with its status and source: one collapsible table per
/// rule set, closed until opened (`regsim rules show ID` prints the same with notes).
pub(crate) fn provenance_section(
    provenance: &[(String, Vec<crate::rules::provenance::ValueProvenance>)],
) -> String {
    if provenance.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("<h2>Every value behind these numbers, with its status and source</h2>\n");
    for (id, values) in provenance {
        let mut table = Table::new(format!("The values of <code>{}</code>", escape(id)))
            .column("value", Align::Left)
            .column("", Align::Left)
            .column("status", Align::Left)
            .column("source", Align::Left)
            .row_headers()
            .class("wide");
        for value in values {
            table.row(vec![
                format!("<code>{}</code>", escape(&value.what)),
                escape(&value.value),
                status_badge(value.status),
                value
                    .source
                    .as_ref()
                    .map_or_else(|| "no source: see its note".to_string(), |s| escape(s)),
            ]);
        }
        let _ = writeln!(
            out,
            "<details><summary><code>{}</code>: {} values</summary>\n{}</details>",
            escape(id),
            values.len(),
            table.render()
        );
    }
    out
}

/// What each status means: the text reports' key, in one paragraph.
fn status_key() -> String {
    let key: Vec<&str> = crate::report::rules_text::STATUS_KEY
        .lines()
        .map(str::trim)
        .collect();
    format!(
        "<p class=\"status-key\"><strong>Statuses.</strong> {}</p>\n",
        escape(&key.join(" "))
    )
}

/// A list of facts: each a term (text) and
/// its description (HTML).
fn facts(items: &[(&str, String)]) -> String {
    let mut out = String::from("<dl class=\"facts\">\n");
    for (term, description) in items {
        let _ = writeln!(out, "<dt>{}</dt><dd>{description}</dd>", escape(term));
    }
    out.push_str("</dl>\n");
    out
}

/// A bulleted list of HTML items, or nothing when there are none.
fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul>\n");
    for item in items {
        let _ = writeln!(out, "<li>{item}</li>");
    }
    out.push_str("</ul>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
