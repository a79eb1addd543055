//! A simulation report for people and spreadsheets: text, Markdown and CSV.
//!
//! Renders a [`SimulationReport`] (its numbers are computed and rounded once, in
//! [`crate::sim::results`], so every format shows the same digits): the study header,
//! the results per rule set with their 95% intervals, the paired differences against the
//! baseline, the histogram of days to registration, and the methods.

use std::fmt::Write;

use crate::report::csv_table;
use crate::report::table::Table;
use crate::sim::results::{RuleSetResult, SimulationReport};
use crate::sim::stats::{Interval, Metric};

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// How a figure is printed.
#[derive(Clone, Copy)]
enum Style {
    /// A share as a percentage (differences in percentage points).
    Percent,
    /// Days, one decimal.
    Days,
    /// A count per run, two decimals.
    Count,
}

impl Style {
    /// Decimals for figures shown together (an estimate and its interval): one for
    /// percentages and days, two for counts per run — more where all of them are below
    /// 0.01, so a difference of -0.0009 [-0.0011, -0.0007] does not read as 0.
    fn decimals(self, values: &[f64]) -> usize {
        match self {
            Style::Percent | Style::Days => 1,
            Style::Count => {
                let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                if largest > 0.0 && largest < 0.01 {
                    (1.0 - largest.log10().floor()).clamp(2.0, 6.0) as usize
                } else {
                    2
                }
            }
        }
    }

    fn number_with(self, value: f64, signed: bool, decimals: usize) -> String {
        let value = match self {
            Style::Percent => value * 100.0,
            Style::Days | Style::Count => value,
        };
        // Round first, so a tiny negative value prints as 0, not "-0.00".
        let scale = 10f64.powi(decimals as i32);
        let value = (value * scale).round() / scale;
        let value = if value == 0.0 { 0.0 } else { value };
        if signed {
            format!("{value:+.decimals$}")
        } else {
            format!("{value:.decimals$}")
        }
    }

    fn unit(self, signed: bool) -> &'static str {
        match (self, signed) {
            (Style::Percent, false) => "%",
            (Style::Percent, true) => " pp",
            _ => "",
        }
    }

    fn interval(self, interval: Option<Interval>, signed: bool) -> String {
        match interval {
            None => "—".to_string(),
            Some(i) => {
                let decimals = self.decimals(&[i.estimate, i.low, i.high]);
                format!(
                    "{}{} [{}, {}]",
                    self.number_with(i.estimate, signed, decimals),
                    self.unit(signed),
                    self.number_with(i.low, signed, decimals),
                    self.number_with(i.high, signed, decimals)
                )
            }
        }
    }
}

fn metric_style(name: &str) -> Style {
    if name == Metric::DaysWaitingOnAuthority.name() {
        Style::Days
    } else {
        Style::Count
    }
}

/// One row of the results table: a label and one cell per rule set.
pub(crate) type Row = (String, Vec<String>);

/// A report with the tables every rendering shares.
pub(crate) struct Rendering<'a>(pub(crate) &'a SimulationReport);

impl std::ops::Deref for Rendering<'_> {
    type Target = SimulationReport;
    fn deref(&self) -> &SimulationReport {
        self.0
    }
}

impl Rendering<'_> {
    /// The study header, one line each (`Study: …`, `Profile: …`, …).
    pub(crate) fn header_lines(&self) -> Vec<String> {
        let study = &self.study;
        let numbers = study.profile_numbers;
        let mut lines = vec![
            format!("Study: {} — {}", study.id, study.title),
            format!(
                "Profile: {} — {} (its numbers by status: {numbers})",
                study.profile, study.profile_title,
            ),
            format!(
                "Values by status in each rule set: {}",
                study
                    .rule_values
                    .iter()
                    .map(|rules| format!("{} — {}", rules.id, rules.counts))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "Rule sets: {} (baseline: {})",
                study.rules.join(", "),
                study.baseline
            ),
            format!(
                "Runs: {} per rule set; seed {}; horizon {} days from each run's start; {}",
                thousands(study.runs),
                study.seed,
                thousands(study.horizon_days as u64),
                if study.start_spread_days <= 1 {
                    format!("every run starts on {}", study.start)
                } else {
                    format!(
                        "runs start uniformly over {} days from {}",
                        thousands(study.start_spread_days as u64),
                        study.start
                    )
                }
            ),
            format!(
                "Simulated events: {} (the same for any thread count)",
                thousands(study.total_events)
            ),
        ];
        if let Some(fitted) = &study.profile_fitted_to {
            lines.push(format!("The profile rests on: {fitted}"));
        }
        for note in &study.profile_notes {
            lines.push(format!("  - {note}"));
        }
        for note in &study.by_construction {
            lines.push(format!("HOLDS BY CONSTRUCTION: {note}"));
        }
        lines
    }

    /// The results table: a label and one cell per rule set.
    pub(crate) fn result_rows(&self) -> Vec<Row> {
        let cells = |f: &dyn Fn(&RuleSetResult) -> String| -> Vec<String> {
            self.rule_sets.iter().map(f).collect()
        };
        let share = |count: u64, runs: u64| {
            if runs == 0 {
                "—".to_string()
            } else {
                format!("{:.1}%", count as f64 * 100.0 / runs as f64)
            }
        };
        let mut rows: Vec<Row> = vec![
            (
                "registered within the horizon".into(),
                cells(&|r| Style::Percent.interval(r.registered_share, false)),
            ),
            (
                "gave up".into(),
                cells(&|r| share(r.outcomes.gave_up, r.runs)),
            ),
            (
                "still pending at the horizon".into(),
                cells(&|r| share(r.outcomes.pending + r.outcomes.event_cap, r.runs)),
            ),
            (
                "registered runs".into(),
                cells(&|r| thousands(r.time_to_registration.registered_runs)),
            ),
            (
                "days to registration, mean".into(),
                cells(&|r| Style::Days.interval(r.time_to_registration.mean, false)),
            ),
            (
                "days to registration, median".into(),
                cells(&|r| Style::Days.interval(r.time_to_registration.median, false)),
            ),
            (
                "days to registration, p90".into(),
                cells(&|r| Style::Days.interval(r.time_to_registration.p90, false)),
            ),
        ];
        for (index, metric) in Metric::ALL.iter().enumerate() {
            rows.push((
                format!("{}, mean", metric.label()),
                cells(&|r| {
                    metric_style(&r.metrics[index].name).interval(r.metrics[index].mean, false)
                }),
            ));
        }
        rows
    }

    /// The paired-difference table: the rule sets other than the baseline, and a label
    /// and one cell per such rule set.
    pub(crate) fn difference_rows(&self) -> (Vec<&RuleSetResult>, Vec<Row>) {
        let others: Vec<&RuleSetResult> = self.rule_sets.iter().filter(|r| !r.baseline).collect();
        let cells = |f: &dyn Fn(&RuleSetResult) -> String| -> Vec<String> {
            others.iter().map(|r| f(r)).collect()
        };
        let mut rows: Vec<Row> = vec![
            (
                "registered within the horizon".into(),
                cells(&|r| {
                    Style::Percent
                        .interval(r.versus_baseline.and_then(|v| v.registered_share), true)
                }),
            ),
            (
                "runs registered under both".into(),
                cells(&|r| thousands(r.versus_baseline.map_or(0, |v| v.registered_under_both))),
            ),
            (
                "days to registration, mean (registered under both)".into(),
                cells(&|r| {
                    Style::Days.interval(
                        r.versus_baseline.and_then(|v| v.mean_days_to_registration),
                        true,
                    )
                }),
            ),
        ];
        for (index, metric) in Metric::ALL.iter().enumerate() {
            rows.push((
                metric.label().to_string(),
                cells(&|r| {
                    metric_style(&r.metrics[index].name).interval(r.metrics[index].difference, true)
                }),
            ));
        }
        (others, rows)
    }

    /// A rule set's column heading (`kz-2022 (baseline)`).
    pub(crate) fn rule_set_heading(result: &RuleSetResult) -> String {
        if result.baseline {
            format!("{} (baseline)", result.id)
        } else {
            result.id.clone()
        }
    }

    /// The note on runs stopped at the event cap, if any were.
    pub(crate) fn event_cap_note(&self) -> Option<String> {
        let capped: u64 = self.rule_sets.iter().map(|r| r.outcomes.event_cap).sum();
        (capped > 0).then(|| {
            format!(
                "{} runs stopped at the cap of {} events per run (counted as pending); check the profile for zero-day loops.",
                thousands(capped),
                crate::sim::engine::MAX_EVENTS_PER_RUN
            )
        })
    }

    fn to_text(&self) -> String {
        let mut out = String::new();
        for line in self.header_lines() {
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "Results within the horizon (95% intervals in brackets)"
        );
        let mut table = Table::new(
            std::iter::once(String::new()).chain(self.rule_sets.iter().map(Self::rule_set_heading)),
        );
        for (label, cells) in self.result_rows() {
            table.row(std::iter::once(label).chain(cells));
        }
        out.push_str(&table.render("  "));
        let (others, rows) = self.difference_rows();
        if !others.is_empty() {
            out.push('\n');
            let _ = writeln!(
                out,
                "Paired difference against {} (same runs, same draws; 95% intervals)",
                self.study.baseline
            );
            let mut table = Table::new(
                std::iter::once(String::new()).chain(others.iter().map(|r| r.id.clone())),
            );
            for (label, cells) in rows {
                table.row(std::iter::once(label).chain(cells));
            }
            out.push_str(&table.render("  "));
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "Days from first filing to registration (registered runs; each bar up to 40 marks)"
        );
        let largest = self
            .rule_sets
            .iter()
            .flat_map(|r| r.histogram.bins.iter().map(|bin| bin.count))
            .max()
            .unwrap_or(0);
        for result in &self.rule_sets {
            let _ = writeln!(out, "  {}", Self::rule_set_heading(result));
            let mut table = Table::new(["", "", ""]);
            for bin in &result.histogram.bins {
                let marks = if largest == 0 {
                    0
                } else {
                    (bin.count * 40).div_ceil(largest) as usize
                };
                table.row([
                    format!("{:>5}–{:<5}", bin.from, bin.to),
                    "█".repeat(marks),
                    thousands(bin.count),
                ]);
            }
            // Skip the empty header row the table starts with.
            let rendered = table.render("    ");
            out.push_str(rendered.split_once('\n').map_or("", |(_, rest)| rest));
        }
        out.push('\n');
        let _ = writeln!(out, "Method");
        for line in &self.method {
            let _ = writeln!(out, "  - {line}");
        }
        if let Some(note) = self.event_cap_note() {
            let _ = writeln!(out, "  - {note}");
        }
        out
    }

    fn to_markdown(&self) -> String {
        let escape = |text: &str| text.replace('|', "\\|");
        let table = |out: &mut String, header: Vec<String>, rows: Vec<Row>| {
            let _ = writeln!(
                out,
                "| {} |",
                header
                    .iter()
                    .map(|h| escape(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            let _ = writeln!(
                out,
                "|{}",
                header
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i == 0 { " --- |" } else { " ---: |" })
                    .collect::<String>()
            );
            for (label, cells) in rows {
                let _ = writeln!(
                    out,
                    "| {} | {} |",
                    escape(&label),
                    cells
                        .iter()
                        .map(|c| escape(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
            }
        };
        let mut out = String::new();
        let study = &self.study;
        let _ = writeln!(out, "# Simulation: {}\n", escape(&study.title));
        for line in self.header_lines().iter().skip(1) {
            let _ = writeln!(out, "- {}", escape(line));
        }
        let _ = writeln!(out, "- Study: `{}`", study.id);
        out.push('\n');
        let _ = writeln!(out, "## Results within the horizon\n");
        let header = std::iter::once("95% intervals in brackets".to_string())
            .chain(self.rule_sets.iter().map(Self::rule_set_heading))
            .collect();
        table(&mut out, header, self.result_rows());
        let (others, rows) = self.difference_rows();
        if !others.is_empty() {
            let _ = writeln!(out, "\n## Paired difference against {}\n", study.baseline);
            let header = std::iter::once("same runs, same draws".to_string())
                .chain(others.iter().map(|r| r.id.clone()))
                .collect();
            table(&mut out, header, rows);
        }
        let _ = writeln!(out, "\n## Days from first filing to registration\n");
        let header = std::iter::once("days".to_string())
            .chain(self.rule_sets.iter().map(Self::rule_set_heading))
            .collect();
        let bins = self.rule_sets.first().map_or(0, |r| r.histogram.bins.len());
        let rows = (0..bins)
            .map(|index| {
                let first = &self.rule_sets[0].histogram.bins[index];
                (
                    format!("{}–{}", first.from, first.to),
                    self.rule_sets
                        .iter()
                        .map(|r| thousands(r.histogram.bins.get(index).map_or(0, |b| b.count)))
                        .collect(),
                )
            })
            .collect();
        table(&mut out, header, rows);
        let _ = writeln!(out, "\n## Method\n");
        for line in &self.method {
            let _ = writeln!(out, "- {}", escape(line));
        }
        if let Some(note) = self.event_cap_note() {
            let _ = writeln!(out, "- {}", escape(&note));
        }
        out
    }

    /// One row per figure, each column one kind of value (see `csv_table`): the study's
    /// settings repeated on every row so that any row read alone says what it belongs to,
    /// counts in `n`, estimates and their 95% interval in `estimate`, `ci_low`, `ci_high`,
    /// and a histogram bin's days in `from_day` and `to_day`.
    fn to_csv(&self) -> String {
        const HEADER: [&str; 16] = [
            "study",
            "profile",
            "baseline",
            "seed",
            "start",
            "start_spread_days",
            "horizon_days",
            "section",
            "rule_set",
            "name",
            "from_day",
            "to_day",
            "n",
            "estimate",
            "ci_low",
            "ci_high",
        ];
        let study = &self.study;
        let settings = [
            study.id.clone(),
            study.profile.clone(),
            study.baseline.clone(),
            study.seed.to_string(),
            study.start.to_string(),
            study.start_spread_days.to_string(),
            study.horizon_days.to_string(),
        ];
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut row = |section: &str,
                       rule_set: &str,
                       name: &str,
                       bin: Option<(u32, u32)>,
                       n: u64,
                       interval: Option<Interval>| {
            let mut cells = settings.to_vec();
            let (from, to) = bin.map_or((String::new(), String::new()), |(from, to)| {
                (from.to_string(), to.to_string())
            });
            let (estimate, low, high) =
                interval.map_or((String::new(), String::new(), String::new()), |i| {
                    (
                        i.estimate.to_string(),
                        i.low.to_string(),
                        i.high.to_string(),
                    )
                });
            cells.extend([
                section.to_string(),
                rule_set.to_string(),
                name.to_string(),
                from,
                to,
                n.to_string(),
                estimate,
                low,
                high,
            ]);
            rows.push(cells);
        };
        row("study", "", "runs", None, study.runs, None);
        row("study", "", "total_events", None, study.total_events, None);
        for r in &self.rule_sets {
            let id = r.id.as_str();
            let registered = r.time_to_registration.registered_runs;
            let time = &r.time_to_registration;
            row(
                "result",
                id,
                "registered_share",
                None,
                r.runs,
                r.registered_share,
            );
            row(
                "result",
                id,
                "days_to_registration_mean",
                None,
                registered,
                time.mean,
            );
            row(
                "result",
                id,
                "days_to_registration_median",
                None,
                registered,
                time.median,
            );
            row(
                "result",
                id,
                "days_to_registration_p90",
                None,
                registered,
                time.p90,
            );
            for metric in &r.metrics {
                row("result", id, &metric.name, None, r.runs, metric.mean);
            }
            if let Some(versus) = &r.versus_baseline {
                row(
                    "difference",
                    id,
                    "registered_share",
                    None,
                    r.runs,
                    versus.registered_share,
                );
                row(
                    "difference",
                    id,
                    "days_to_registration_mean",
                    None,
                    versus.registered_under_both,
                    versus.mean_days_to_registration,
                );
                for metric in &r.metrics {
                    row(
                        "difference",
                        id,
                        &metric.name,
                        None,
                        r.runs,
                        metric.difference,
                    );
                }
            }
            for (name, count) in [
                ("registered", r.outcomes.registered),
                ("gave_up", r.outcomes.gave_up),
                ("pending", r.outcomes.pending),
                ("event_cap", r.outcomes.event_cap),
            ] {
                row("outcome", id, name, None, count, None);
            }
            for bin in &r.histogram.bins {
                let name = format!("{}-{}", bin.from, bin.to);
                row(
                    "histogram",
                    id,
                    &name,
                    Some((bin.from, bin.to)),
                    bin.count,
                    None,
                );
            }
        }
        csv_table::table(&HEADER, rows)
    }
}

/// The report as aligned text with histogram bars, for a terminal.
pub fn render_text(report: &SimulationReport) -> String {
    Rendering(report).to_text()
}

/// The report as Markdown tables.
pub fn render_markdown(report: &SimulationReport) -> String {
    Rendering(report).to_markdown()
}

/// The report as CSV, one row per figure.
pub fn render_csv(report: &SimulationReport) -> String {
    Rendering(report).to_csv()
}
