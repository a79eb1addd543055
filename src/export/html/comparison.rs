//! A comparison as a page: a chart of days from the first filing per case and rule set
//! (solid where the case ends registered), the table of outcomes and deltas with the
//! text report's marks (`*` conditional, `†` resting on unconfirmed events), and every
//! note the text report gives: assumptions used, the range across authority models,
//! conditions, unconfirmed events, rules not in force, the reasons for each difference
//! (`--explain`), and the values behind the numbers by status.

use std::fmt::Write;

use super::charts::{self, Bar};
use super::page::page;
use super::svg::SERIES;
use super::{Align, Table, escape, list, provenance_section, status_section};
use crate::compare::{Comparison, ComparisonRow};
use crate::report::comparison_notes;
use crate::report::words::{refusal_count, result_word};

/// The page of a comparison.
pub fn render(comparison: &Comparison) -> String {
    let mut cases: Vec<&str> = comparison.rows.iter().map(|r| r.case.as_str()).collect();
    cases.dedup();
    let cases = if cases.len() == 1 {
        "1 case".to_string()
    } else {
        format!("{} cases", cases.len())
    };
    let title = format!(
        "Comparison of {cases} under {}",
        comparison.rules.join(", ")
    );
    let subtitle = escape(&format!(
        "(baseline {}; authority model: {})",
        comparison.baseline,
        comparison.authority.name()
    ));
    let mut body = String::from("<h2>Days from the first filing, per case and rule set</h2>\n");
    body.push_str(&chart(comparison));
    body.push_str("<h2>Outcomes and differences from the baseline</h2>\n");
    body.push_str(&table(comparison));
    body.push_str(&notes(comparison));
    body.push_str(&status_section(
        "Values behind these numbers, by status",
        &comparison.statuses,
    ));
    body.push_str(&provenance_section(&comparison.provenance));
    body.push_str("<p class=\"note\"><code>days</code> runs from the first filing to registration, or, when not registered, to the day the case is evaluated (its last event, or the later day its recorded outcome describes); - where the first filing has no recorded day.</p>\n");
    page("regsim compare", &title, &subtitle, &body)
}

/// The marker after a row's rule set, as in the text report.
fn dagger(row: &ComparisonRow, figure: &str) -> &'static str {
    if row.unconfirmed_figures.iter().any(|f| f == figure) {
        "†"
    } else {
        ""
    }
}

fn chart(comparison: &Comparison) -> String {
    // Rows come case by case, each under the compared rule sets in order.
    let labels = comparison.rules.len().max(1);
    let bars: Vec<Bar> = comparison
        .rows
        .iter()
        .enumerate()
        .map(|(position, row)| {
            let colour = if row.baseline {
                SERIES[0]
            } else {
                SERIES[1 + position % labels % (SERIES.len() - 1)]
            };
            let result = if !row.applicable {
                format!("n/a: {}", row.final_stage)
            } else if row.registered {
                format!(
                    "{}{}",
                    result_word(row.registered, row.registered_on, &row.final_stage),
                    dagger(row, "registered_on")
                )
            } else {
                "not registered".to_string()
            };
            let note = match (row.applicable, row.days) {
                (true, Some(days)) => format!(
                    "{days} days{}, {result}{}",
                    dagger(row, "days"),
                    if row.conditions.is_empty() { "" } else { " *" }
                ),
                _ => result.clone(),
            };
            Bar {
                group: row.case.clone(),
                label: comparison_notes::row_kind(row),
                value: row.days.filter(|_| row.applicable).map(f64::from),
                note: note.clone(),
                solid: row.registered,
                colour,
                tooltip: format!(
                    "{} under {}: {note}; {} refusals",
                    row.case,
                    row.rules,
                    refusal_count(row.refusals, row.refusals_at_least)
                ),
            }
        })
        .collect();
    let desc = format!(
        "Horizontal bars, one per case and rule set ({} rows): the length is the days from the first filing to registration, or to the case's last event when not registered. Solid bars end registered; dashed outlines end not registered. The table below gives every figure.",
        bars.len()
    );
    format!(
        "<figure>\n{}{}<figcaption>Days from the first filing under each rule set; * conditional, † resting on events the case file does not confirm.</figcaption>\n</figure>\n",
        charts::bars(
            "compare-days",
            "Days from the first filing to registration, or to the last event",
            &desc,
            &bars,
            "days from the first filing"
        ),
        legend(comparison),
    )
}

/// The chart's legend: what solid and dashed bars mean, and each compared rule set's colour.
fn legend(comparison: &Comparison) -> String {
    let swatch = |paint: &str| format!("<rect x=\"1\" y=\"3\" width=\"12\" height=\"8\" {paint}/>");
    let mut out = String::from("<ul class=\"legend\">");
    out.push_str(&super::svg::legend_item(
        &swatch("fill=\"#1b1f24\""),
        "solid: registered",
    ));
    out.push_str(&super::svg::legend_item(
        &swatch("fill=\"#ffffff\" stroke=\"#1b1f24\" stroke-width=\"2\" stroke-dasharray=\"3 1\""),
        "dashed outline: not registered",
    ));
    for (index, label) in comparison.rules.iter().enumerate() {
        let colour = if *label == comparison.baseline {
            SERIES[0]
        } else {
            SERIES[1 + index % (SERIES.len() - 1)]
        };
        let text = if *label == comparison.baseline {
            format!("{label} (baseline)")
        } else {
            label.clone()
        };
        out.push_str(&super::svg::legend_item(
            &swatch(&format!("fill=\"{colour}\"")),
            &text,
        ));
    }
    out.push_str("</ul>");
    out
}

fn table(comparison: &Comparison) -> String {
    let mut table =
        Table::new("Each case under each rule set, with differences from the baseline (Δ)")
            .column("case", Align::Left)
            .column("rules", Align::Left)
            .column("result", Align::Left)
            .column("days", Align::Right)
            .column("refusals", Align::Right)
            .column("remarks", Align::Right)
            .column("appeals", Align::Right)
            .column("authority days", Align::Right)
            .column("Δ days", Align::Right)
            .column("Δ refusals", Align::Right)
            .row_headers()
            .class("wide");
    for row in &comparison.rows {
        let mut cells: Vec<String> = comparison_notes::cells(row, true)
            .iter()
            .map(|cell| escape(cell))
            .collect();
        cells[0] = format!("<code class=\"nowrap\">{}</code>", cells[0]);
        // The rules cell may wrap (at a composition's `+` and `→`), so the Δ columns
        // stay on screen and on the printed page.
        if !row.conditions.is_empty() {
            cells[1] = format!("<span class=\"conditional\">{}</span>", cells[1]);
        }
        cells.resize(comparison_notes::HEADER.len(), String::new());
        table.row(cells);
    }
    table.render()
}

fn notes(comparison: &Comparison) -> String {
    let mut out = String::new();
    for note in comparison_notes::notes(comparison) {
        let heading = if note.key == "conditions" {
            format!(
                "<span class=\"conditional\">{}</span>",
                escape(&note.heading)
            )
        } else {
            escape(&note.heading)
        };
        let _ = writeln!(out, "<h3>{heading}</h3>");
        if let Some(text) = &note.text {
            let _ = writeln!(out, "<p>{}:</p>", escape(text));
        }
        let items: Vec<String> = note
            .entries
            .iter()
            .map(|(row, lines)| match lines.as_slice() {
                [one] if note.key != "explanation" => {
                    format!("<code>{}</code>: {}", escape(row), escape(one))
                }
                many => format!(
                    "<code>{}</code>:{}",
                    escape(row),
                    list(many.iter().map(|line| escape(line)))
                ),
            })
            .collect();
        out.push_str(&list(items));
    }
    out
}
