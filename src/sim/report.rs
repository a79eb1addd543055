//! A study's results as people and tools read them: text, Markdown, JSON and CSV.
//!
//! [`SimulationReport`] is built once from the tallies: every estimate and interval is
//! computed there, rounded to fixed decimals, so the four renderings show the same
//! numbers and the same study and seed give the same bytes on any thread count. The
//! report records the seed, the runs and the total number of simulated events, states the
//! statistical methods, and says how many of the profile's numbers are assumptions.

use std::fmt::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::date::Date;
use crate::report::table::Table;

use super::profile::ProvenanceCounts;
use super::runner::StudyTally;
use super::stats::{Bin, Interval, Metric, RuleSetTally};
use super::study::Study;
use crate::source::ValuesByStatus;

/// Output formats of `regsim simulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SimFormat {
    /// Aligned text with histogram bars, for a terminal.
    Text,
    /// Markdown tables, for a report or an issue.
    Markdown,
    /// Deterministic JSON with every estimate, interval and histogram bin.
    Json,
    /// One row per figure, for a spreadsheet.
    Csv,
}

/// How the intervals are computed, stated in every report.
pub const METHOD: &[&str] = &[
    "Share registered: Wilson score 95% interval (Wilson 1927).",
    "Means: normal (central limit) 95% interval, mean ± 1.96·s/√n.",
    "Median and p90 of time to registration: order statistics of the exact per-day histogram of registered runs (inverse empirical distribution, Hyndman & Fan type 1), with the distribution-free order-statistic 95% interval (Conover 1999, §3.2).",
    "Time to registration counts days from the first filing, over runs registered within the horizon.",
    "Paired differences: run i uses the same random draws under every rule set (common random numbers); the per-run difference (rule set − baseline) gets a normal 95% interval (for the share: the Wald interval for paired proportions, Agresti 2013 §11.1.1). The time difference is over runs registered under both.",
];

/// What the report says about the study.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StudySummary {
    /// Study id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Profile id.
    pub profile: String,
    /// Profile title.
    pub profile_title: String,
    /// How many of the profile's numbers have each status.
    pub profile_numbers: ProvenanceCounts,
    /// How many values of each rule set have each status, in report order.
    pub rule_values: Vec<ValuesByStatus>,
    /// Rule-set ids, in report order.
    pub rules: Vec<String>,
    /// The baseline's id.
    pub baseline: String,
    /// Days simulated.
    pub horizon_days: u32,
    /// The first day applications start.
    pub start: Date,
    /// Days over which starts are spread.
    pub start_spread_days: u32,
    /// Runs per rule set.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Events simulated over all rule sets and runs.
    pub total_events: u64,
}

/// How runs ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Registered within the horizon.
    pub registered: u64,
    /// Gave up.
    pub gave_up: u64,
    /// Still pending at the horizon (or with no lawful move left).
    pub pending: u64,
    /// Stopped at the per-run event cap.
    pub event_cap: u64,
}

/// Time to registration over registered runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimeToRegistration {
    /// Registered runs.
    pub registered_runs: u64,
    /// Mean days.
    pub mean: Option<Interval>,
    /// Median days.
    pub median: Option<Interval>,
    /// 90th percentile of days.
    pub p90: Option<Interval>,
}

/// A per-run figure's mean and its difference against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricResult {
    /// Name (`attempts`, `refusals`, …).
    pub name: String,
    /// Mean per run.
    pub mean: Option<Interval>,
    /// Mean paired difference against the baseline (absent for the baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Interval>,
}

/// Differences of registration against the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegistrationDifference {
    /// Share registered, rule set minus baseline.
    pub registered_share: Option<Interval>,
    /// Runs registered under both.
    pub registered_under_both: u64,
    /// Mean days to registration, over runs registered under both.
    pub mean_days_to_registration: Option<Interval>,
}

/// The histogram of days to registration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistogramResult {
    /// Width of each bin in days.
    pub bin_days: u32,
    /// Bins from day 0 to the horizon.
    pub bins: Vec<Bin>,
}

/// The results of one rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleSetResult {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Whether it is the baseline.
    pub baseline: bool,
    /// Runs.
    pub runs: u64,
    /// Events simulated.
    pub events: u64,
    /// How runs ended.
    pub outcomes: Outcomes,
    /// Share registered within the horizon.
    pub registered_share: Option<Interval>,
    /// Days from the first filing to registration.
    pub time_to_registration: TimeToRegistration,
    /// Per-run figures.
    pub metrics: Vec<MetricResult>,
    /// Against the baseline (absent for the baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versus_baseline: Option<RegistrationDifference>,
    /// Days to registration.
    pub histogram: HistogramResult,
}

/// A study's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulationReport {
    /// The study as run.
    pub study: StudySummary,
    /// How the intervals are computed.
    pub method: Vec<String>,
    /// Per rule set, in study order.
    pub rule_sets: Vec<RuleSetResult>,
}

/// Rounds to six decimals, so every rendering prints the same digits.
fn round(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

fn rounded(interval: Option<Interval>) -> Option<Interval> {
    interval.map(|i| Interval {
        estimate: round(i.estimate),
        low: round(i.low),
        high: round(i.high),
    })
}

/// The bin width for a horizon: the smallest round width giving at most 24 bins.
pub fn bin_days(horizon_days: u32) -> u32 {
    const WIDTHS: [u32; 17] = [
        1, 2, 5, 7, 10, 14, 15, 20, 30, 60, 90, 120, 180, 365, 730, 1825, 3650,
    ];
    WIDTHS
        .into_iter()
        .find(|&width| (horizon_days + 1).div_ceil(width) <= 24)
        .unwrap_or(36_500)
}

impl SimulationReport {
    /// Builds the report of a study from its tallies.
    pub fn new(study: &Study, tally: &StudyTally) -> SimulationReport {
        let width = bin_days(study.horizon_days);
        let rule_sets = study
            .rules
            .iter()
            .zip(&tally.rule_sets)
            .enumerate()
            .map(|(index, (rules, tally))| {
                let baseline = index == study.baseline;
                rule_set_result(&rules.id, &rules.title, baseline, tally, width)
            })
            .collect();
        SimulationReport {
            study: StudySummary {
                id: study.id.clone(),
                title: study.title.clone(),
                description: study.description.clone(),
                profile: study.profile.id.clone(),
                profile_title: study.profile.title.clone(),
                profile_numbers: study.profile.provenance,
                rule_values: study
                    .rules
                    .iter()
                    .map(|rules| ValuesByStatus {
                        id: rules.id.clone(),
                        counts: rules.status_counts(),
                    })
                    .collect(),
                rules: study.rules.iter().map(|rules| rules.id.clone()).collect(),
                baseline: study.rules[study.baseline].id.clone(),
                horizon_days: study.horizon_days,
                start: study.start,
                start_spread_days: study.start_spread_days,
                runs: study.runs,
                seed: study.seed,
                total_events: tally.events(),
            },
            method: METHOD.iter().map(|line| line.to_string()).collect(),
            rule_sets,
        }
    }

    /// The report in `format`.
    pub fn render(&self, format: SimFormat) -> String {
        match format {
            SimFormat::Text => self.to_text(),
            SimFormat::Markdown => self.to_markdown(),
            SimFormat::Json => crate::cli::to_json(self),
            SimFormat::Csv => self.to_csv(),
        }
    }
}

fn rule_set_result(
    id: &str,
    title: &str,
    baseline: bool,
    tally: &RuleSetTally,
    width: u32,
) -> RuleSetResult {
    let histogram = &tally.days_to_registration;
    let metrics = Metric::ALL
        .iter()
        .enumerate()
        .map(|(index, metric)| MetricResult {
            name: metric.name().to_string(),
            mean: rounded(tally.metrics[index].mean_interval()),
            difference: (!baseline)
                .then(|| rounded(tally.paired.metrics[index].mean_interval()))
                .flatten(),
        })
        .collect();
    RuleSetResult {
        id: id.to_string(),
        title: title.to_string(),
        baseline,
        runs: tally.runs,
        events: tally.events,
        outcomes: Outcomes {
            registered: tally.registered,
            gave_up: tally.gave_up,
            pending: tally.pending,
            event_cap: tally.event_cap,
        },
        registered_share: rounded(tally.registered_share().wilson()),
        time_to_registration: TimeToRegistration {
            registered_runs: histogram.total(),
            mean: rounded(tally.days_to_registration_moments.mean_interval()),
            median: rounded(histogram.quantile_interval(0.5)),
            p90: rounded(histogram.quantile_interval(0.9)),
        },
        metrics,
        versus_baseline: (!baseline).then(|| RegistrationDifference {
            registered_share: rounded(tally.paired.registered.mean_interval()),
            registered_under_both: tally.paired.days_to_registration.count(),
            mean_days_to_registration: rounded(tally.paired.days_to_registration.mean_interval()),
        }),
        histogram: HistogramResult {
            bin_days: width,
            bins: histogram.bins(width),
        },
    }
}

/// `1234567` as `1,234,567`.
fn thousands(value: u64) -> String {
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
    fn number(self, value: f64, signed: bool) -> String {
        let (value, decimals) = match self {
            Style::Percent => (value * 100.0, 1),
            Style::Days => (value, 1),
            Style::Count => (value, 2),
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
            Some(i) => format!(
                "{}{} [{}, {}]",
                self.number(i.estimate, signed),
                self.unit(signed),
                self.number(i.low, signed),
                self.number(i.high, signed)
            ),
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
type Row = (String, Vec<String>);

impl SimulationReport {
    fn header_lines(&self) -> Vec<String> {
        let study = &self.study;
        let numbers = study.profile_numbers;
        vec![
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
        ]
    }

    fn result_rows(&self) -> Vec<Row> {
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

    fn difference_rows(&self) -> (Vec<&RuleSetResult>, Vec<Row>) {
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

    fn rule_set_heading(result: &RuleSetResult) -> String {
        if result.baseline {
            format!("{} (baseline)", result.id)
        } else {
            result.id.clone()
        }
    }

    fn event_cap_note(&self) -> Option<String> {
        let capped: u64 = self.rule_sets.iter().map(|r| r.outcomes.event_cap).sum();
        (capped > 0).then(|| {
            format!(
                "{} runs stopped at the cap of {} events per run (counted as pending); check the profile for zero-day loops.",
                thousands(capped),
                super::engine::MAX_EVENTS_PER_RUN
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

    fn to_csv(&self) -> String {
        fn field(text: &str) -> String {
            if text.contains([',', '"', '\n']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.to_string()
            }
        }
        let mut out = String::from("section,rule_set,name,n,estimate,ci_low,ci_high\n");
        let mut line =
            |section: &str, rule_set: &str, name: &str, n: String, interval: Option<Interval>| {
                let (estimate, low, high) =
                    interval.map_or((String::new(), String::new(), String::new()), |i| {
                        (
                            i.estimate.to_string(),
                            i.low.to_string(),
                            i.high.to_string(),
                        )
                    });
                let _ = writeln!(
                    out,
                    "{},{},{},{n},{estimate},{low},{high}",
                    field(section),
                    field(rule_set),
                    field(name)
                );
            };
        let study = &self.study;
        for (name, value) in [
            ("id", study.id.clone()),
            ("profile", study.profile.clone()),
            ("baseline", study.baseline.clone()),
            ("horizon_days", study.horizon_days.to_string()),
            ("start", study.start.to_string()),
            ("start_spread_days", study.start_spread_days.to_string()),
            ("runs", study.runs.to_string()),
            ("seed", study.seed.to_string()),
            ("total_events", study.total_events.to_string()),
        ] {
            line("study", "", name, field(&value), None);
        }
        for r in &self.rule_sets {
            let id = r.id.as_str();
            line(
                "result",
                id,
                "registered_share",
                r.runs.to_string(),
                r.registered_share,
            );
            let registered = r.time_to_registration.registered_runs.to_string();
            let time = &r.time_to_registration;
            line(
                "result",
                id,
                "days_to_registration_mean",
                registered.clone(),
                time.mean,
            );
            line(
                "result",
                id,
                "days_to_registration_median",
                registered.clone(),
                time.median,
            );
            line(
                "result",
                id,
                "days_to_registration_p90",
                registered,
                time.p90,
            );
            for metric in &r.metrics {
                line("result", id, &metric.name, r.runs.to_string(), metric.mean);
            }
            if let Some(versus) = &r.versus_baseline {
                line(
                    "difference",
                    id,
                    "registered_share",
                    r.runs.to_string(),
                    versus.registered_share,
                );
                line(
                    "difference",
                    id,
                    "days_to_registration_mean",
                    versus.registered_under_both.to_string(),
                    versus.mean_days_to_registration,
                );
                for metric in &r.metrics {
                    line(
                        "difference",
                        id,
                        &metric.name,
                        r.runs.to_string(),
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
                line("outcome", id, name, count.to_string(), None);
            }
            for bin in &r.histogram.bins {
                line(
                    "histogram",
                    id,
                    &format!("{}-{}", bin.from, bin.to),
                    bin.count.to_string(),
                    None,
                );
            }
        }
        out
    }
}
