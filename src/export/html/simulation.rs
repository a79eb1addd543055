//! A simulation study as a page: the study and what stands behind its numbers, the
//! results with their 95% intervals, the paired differences against the baseline as a
//! table and as forest plots, the distributions of days to registration and of filings
//! per run as histograms on shared scales (each with its table), and the methods.
//!
//! The numbers and their digits are the text report's ([`crate::report::simulation`]),
//! computed once in [`crate::sim::results`].

use std::fmt::Write;

use super::charts::{self, Estimate, Histogram};
use super::page::page;
use super::svg::SERIES;
use super::{Align, Table, escape, facts, list, status_section};
use crate::report::simulation::{Rendering, Row, thousands};
use crate::sim::results::{RuleSetResult, SimulationReport};
use crate::sim::stats::{Interval, Metric};
use crate::source::ValuesByStatus;

/// The page of a simulation study.
pub fn render(report: &SimulationReport) -> String {
    let rendering = Rendering(report);
    let study = &report.study;
    let mut body = header(&rendering);
    body.push_str("<h2>Results within the horizon</h2>\n");
    let headings: Vec<String> = report
        .rule_sets
        .iter()
        .map(Rendering::rule_set_heading)
        .collect();
    body.push_str(&rows_table(
        "Results within the horizon (95% intervals in brackets)",
        &headings,
        rendering.result_rows(),
    ));
    let (others, rows) = rendering.difference_rows();
    if !others.is_empty() {
        body.push_str("<h2>Paired differences against the baseline</h2>\n");
        let _ = writeln!(
            body,
            "<p>Each dot is the mean difference (rule set − {}) over the same runs with the same draws; each line its 95% interval; the dashed line is no difference.</p>",
            escape(&study.baseline)
        );
        body.push_str(&forests(report, &others, &rows));
        let headings: Vec<String> = others.iter().map(|r| r.id.clone()).collect();
        body.push_str(&rows_table(
            &format!(
                "Paired difference against {} (same runs, same draws; 95% intervals)",
                study.baseline
            ),
            &headings,
            rows,
        ));
    }
    body.push_str("<h2>Days from first filing to registration</h2>\n");
    body.push_str(&days_histograms(report));
    body.push_str("<h2>Filings (attempts) per run</h2>\n");
    body.push_str(&attempts_histograms(report));
    body.push_str("<h2>Method</h2>\n");
    let mut method: Vec<String> = report.method.iter().map(|line| escape(line)).collect();
    if let Some(note) = rendering.event_cap_note() {
        method.push(escape(&note));
    }
    body.push_str(&list(method));
    // The rule sets' values, then the behaviour profile's numbers.
    let mut values = study.rule_values.clone();
    values.push(ValuesByStatus {
        id: format!("profile {}", study.profile),
        counts: study.profile_numbers,
    });
    body.push_str(&status_section(
        "Values behind these numbers, by status",
        &values,
    ));
    let mut provenance = study.rule_provenance.clone();
    provenance.push((
        format!("profile {}", study.profile),
        study.profile_provenance.clone(),
    ));
    body.push_str(&super::provenance_section(&provenance));
    page(
        "regsim simulate",
        &format!("Simulation: {}", study.title),
        &format!("study <code>{}</code>", escape(&study.id)),
        &body,
    )
}

fn header(rendering: &Rendering) -> String {
    let lines = rendering.header_lines();
    let items: Vec<(String, String)> = lines
        .iter()
        .map(|line| match line.split_once(": ") {
            // One rule set a line (the text report separates them with semicolons).
            Some((term, rest)) if rest.contains("; ") => {
                let parts: Vec<&str> = rest.split("; ").collect();
                let items = parts.iter().enumerate().map(|(index, part)| {
                    let end = if index + 1 < parts.len() { ";" } else { "" };
                    format!("{}{end}", escape(part))
                });
                (
                    term.to_string(),
                    format!(
                        "<ul class=\"plain\">{}</ul>",
                        items.map(|i| format!("<li>{i}</li>")).collect::<String>()
                    ),
                )
            }
            Some((term, rest)) => (term.to_string(), escape(rest)),
            None => (String::new(), escape(line)),
        })
        .collect();
    let borrowed: Vec<(&str, String)> = items
        .iter()
        .map(|(term, text)| (term.as_str(), text.clone()))
        .collect();
    let mut out = facts(&borrowed);
    if let Some(description) = &rendering.study.description {
        let _ = writeln!(out, "<p>{}</p>", escape(description));
    }
    out
}

fn rows_table(caption: &str, headings: &[String], rows: Vec<Row>) -> String {
    let mut table = Table::new(escape(caption))
        .column("", Align::Left)
        .row_headers()
        .class("wide");
    for heading in headings {
        table = table.column(heading, Align::Right);
    }
    for (label, cells) in rows {
        table.row(
            std::iter::once(escape(&label))
                .chain(cells.iter().map(|c| escape(c)))
                .collect(),
        );
    }
    table.render()
}

/// An estimate and its interval: estimate, low, high.
type Triple = (f64, f64, f64);

/// One forest plot per difference (share registered, days, each metric).
fn forests(report: &SimulationReport, others: &[&RuleSetResult], rows: &[Row]) -> String {
    let percent =
        |i: Option<Interval>| i.map(|i| (i.estimate * 100.0, i.low * 100.0, i.high * 100.0));
    let plain = |i: Option<Interval>| i.map(|i| (i.estimate, i.low, i.high));
    // The difference rows, in table order: the share, the runs registered under both (a
    // count, not drawn), the days, then each metric.
    let mut plots: Vec<(String, Vec<Option<Triple>>, usize)> = vec![
        (
            "registered within the horizon (percentage points)".into(),
            others
                .iter()
                .map(|r| percent(r.versus_baseline.and_then(|v| v.registered_share)))
                .collect(),
            0,
        ),
        (
            "days to registration, mean (registered under both)".into(),
            others
                .iter()
                .map(|r| plain(r.versus_baseline.and_then(|v| v.mean_days_to_registration)))
                .collect(),
            2,
        ),
    ];
    for (index, metric) in Metric::ALL.iter().enumerate() {
        plots.push((
            metric.label().to_string(),
            others
                .iter()
                .map(|r| plain(r.metrics[index].difference))
                .collect(),
            3 + index,
        ));
    }
    let mut out = String::from("<div class=\"charts\">\n");
    for (number, (title, intervals, row)) in plots.into_iter().enumerate() {
        let texts = rows.get(row).map(|r| r.1.clone()).unwrap_or_default();
        let estimates: Vec<Estimate> = others
            .iter()
            .zip(intervals)
            .enumerate()
            .map(|(i, (rules, interval))| Estimate {
                label: rules.id.clone(),
                interval,
                text: texts.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        let desc = format!(
            "Paired difference against {} in {title}: {}.",
            report.study.baseline,
            estimates
                .iter()
                .map(|e| format!("{} {}", e.label, e.text))
                .collect::<Vec<_>>()
                .join("; ")
        );
        out.push_str(&charts::forest(
            &format!("difference-{number}"),
            &title,
            &desc,
            &estimates,
        ));
    }
    out.push_str("</div>\n");
    out
}

fn colour(result: &RuleSetResult, index: usize) -> &'static str {
    if result.baseline {
        SERIES[0]
    } else {
        SERIES[1 + index % (SERIES.len() - 1)]
    }
}

fn days_histograms(report: &SimulationReport) -> String {
    let histograms: Vec<Histogram> = report
        .rule_sets
        .iter()
        .enumerate()
        .map(|(index, result)| {
            let time = &result.time_to_registration;
            let mut marks = Vec::new();
            if let Some(median) = time.median {
                marks.push((median.estimate, format!("median {}", median.estimate)));
            }
            let heading = Rendering::rule_set_heading(result);
            Histogram {
                id: format!("days-{index}"),
                title: heading.clone(),
                desc: format!(
                    "Histogram of days from the first filing to registration under {heading}, over {} registered runs of {}, in bins of {} days; median {}. The table below gives every bin's count.",
                    thousands(time.registered_runs),
                    thousands(result.runs),
                    result.histogram.bin_days,
                    time.median.map_or("—".into(), |m| m.estimate.to_string())
                ),
                bins: result
                    .histogram
                    .bins
                    .iter()
                    .map(|bin| (bin.from, bin.to, bin.count))
                    .collect(),
                marks,
                colour: colour(result, index),
            }
        })
        .collect();
    let mut out = format!(
        "<figure>\n{}<figcaption>Days from first filing to registration (registered runs), one chart per rule set on the same scales; the dashed line is the median.</figcaption>\n</figure>\n",
        charts::histograms(
            &histograms,
            ("days from the first filing", "registered runs"),
            false
        )
    );
    let mut table = Table::new("Days from first filing to registration: registered runs per bin")
        .column("days", Align::Left)
        .row_headers()
        .class("wide");
    for result in &report.rule_sets {
        table = table.column(&Rendering::rule_set_heading(result), Align::Right);
    }
    let bins = report
        .rule_sets
        .first()
        .map_or(0, |r| r.histogram.bins.len());
    for index in 0..bins {
        let first = &report.rule_sets[0].histogram.bins[index];
        table.row(
            std::iter::once(format!("{}–{}", first.from, first.to))
                .chain(
                    report
                        .rule_sets
                        .iter()
                        .map(|r| thousands(r.histogram.bins.get(index).map_or(0, |b| b.count))),
                )
                .collect(),
        );
    }
    out.push_str(&table.render());
    out
}

fn attempts_histograms(report: &SimulationReport) -> String {
    let most = report
        .rule_sets
        .iter()
        .map(|r| r.attempts_distribution.len())
        .max()
        .unwrap_or(0);
    let histograms: Vec<Histogram> = report
        .rule_sets
        .iter()
        .enumerate()
        .map(|(index, result)| {
            let heading = Rendering::rule_set_heading(result);
            let mean = result
                .metrics
                .iter()
                .find(|m| m.name == Metric::Attempts.name())
                .and_then(|m| m.mean);
            Histogram {
                id: format!("attempts-{index}"),
                title: heading.clone(),
                desc: format!(
                    "Bar chart of the filings (attempts) each of the {} runs under {heading} made, from 0 to {}; mean {}. The table below gives every count.",
                    thousands(result.runs),
                    most.saturating_sub(1),
                    mean.map_or("—".into(), |m| format!("{:.2}", m.estimate))
                ),
                bins: (0..most)
                    .map(|attempts| {
                        let runs = result
                            .attempts_distribution
                            .get(attempts)
                            .map_or(0, |c| c.runs);
                        (attempts as u32, attempts as u32, runs)
                    })
                    .collect(),
                marks: mean
                    .map(|m| (m.estimate, format!("mean {:.2}", m.estimate)))
                    .into_iter()
                    .collect(),
                colour: colour(result, index),
            }
        })
        .collect();
    let mut out = format!(
        "<figure>\n{}<figcaption>Runs by the number of filings (notifications and applications) they made within the horizon, one chart per rule set on the same scales; the dashed line is the mean.</figcaption>\n</figure>\n",
        charts::histograms(&histograms, ("filings in a run", "runs"), true)
    );
    let mut table = Table::new("Filings (attempts) per run: runs that made each number")
        .column("filings", Align::Right)
        .row_headers()
        .class("wide");
    for result in &report.rule_sets {
        table = table.column(&Rendering::rule_set_heading(result), Align::Right);
    }
    for attempts in 0..most {
        table.row(
            std::iter::once(attempts.to_string())
                .chain(report.rule_sets.iter().map(|r| {
                    thousands(r.attempts_distribution.get(attempts).map_or(0, |c| c.runs))
                }))
                .collect(),
        );
    }
    out.push_str(&table.render());
    out
}
