//! A sweep for people and spreadsheets: the share registered (and the paired difference
//! against the baseline) at every point, per rule set, and the break-even finding.

use crate::sim::stats::Interval;
use crate::sim::sweep::{SweepReport, number};

use super::csv_table;
use super::table::Table;

fn percent(interval: Option<Interval>) -> String {
    interval.map_or("—".into(), |i| {
        format!(
            "{:.1}% [{:.1}, {:.1}]",
            i.estimate * 100.0,
            i.low * 100.0,
            i.high * 100.0
        )
    })
}

fn points(interval: Option<Interval>) -> String {
    interval.map_or("—".into(), |i| {
        format!(
            "{:+.1} pp [{:+.1}, {:+.1}]",
            i.estimate * 100.0,
            i.low * 100.0,
            i.high * 100.0
        )
    })
}

/// The terminal table.
pub fn text(report: &SweepReport) -> String {
    let mut out = format!(
        "Sweep: {} — {}\nParameter: {} ({}; before the sweep: {}); every point runs the same {} runs per rule set from seed {} (common random numbers); a swept value is ASSUMED: a value tried, not a proposal\nBaseline: {}\n\n",
        report.study,
        report.title,
        report.parameter,
        report.kind,
        report
            .original
            .iter()
            .map(|(owner, value)| format!("{} in {owner}", number(*value)))
            .collect::<Vec<_>>()
            .join(", "),
        report.runs,
        report.seed,
        report.baseline,
    );
    let Some(first) = report.points.first() else {
        return out;
    };
    let mut header = vec![report.parameter.clone()];
    for result in &first.rule_sets {
        let mark = if result.swept { "" } else { " (unchanged)" };
        header.push(format!("{}{mark}: registered", result.rules));
        if result.rules != report.baseline {
            header.push(format!("vs {}", report.baseline));
        }
    }
    let mut table = Table::new(header);
    for point in &report.points {
        let mut row = vec![number(point.value)];
        for result in &point.rule_sets {
            row.push(percent(result.registered_share));
            if result.rules != report.baseline {
                row.push(points(result.registered_versus_baseline));
            }
        }
        table.row(row);
    }
    out.push_str("Share registered within the horizon at each value (95% intervals; paired differences against the baseline)\n");
    out.push_str(&table.render("  "));
    if let Some(found) = &report.break_even {
        out.push_str(&format!(
            "\nBreak-even for `registered {} {:.1}%` under {}: {}\n",
            found.target.comparison,
            found.target.share * 100.0,
            found.rules,
            found.finding
        ));
    }
    out
}

/// One CSV row per point and rule set.
pub fn csv(report: &SweepReport) -> String {
    let cell = |value: Option<f64>| value.map_or(String::new(), |v| format!("{v}"));
    let rows = report.points.iter().flat_map(|point| {
        point.rule_sets.iter().map(move |result| {
            vec![
                report.parameter.clone(),
                number(point.value),
                result.rules.clone(),
                result.swept.to_string(),
                cell(result.registered_share.map(|i| i.estimate)),
                cell(result.registered_share.map(|i| i.low)),
                cell(result.registered_share.map(|i| i.high)),
                cell(result.mean_days_to_registration.map(|i| i.estimate)),
                cell(result.registered_versus_baseline.map(|i| i.estimate)),
                cell(result.registered_versus_baseline.map(|i| i.low)),
                cell(result.registered_versus_baseline.map(|i| i.high)),
            ]
        })
    });
    csv_table::table(
        &[
            "parameter",
            "value",
            "rules",
            "swept",
            "registered_share",
            "registered_share_low",
            "registered_share_high",
            "mean_days_to_registration",
            "registered_versus_baseline",
            "registered_versus_baseline_low",
            "registered_versus_baseline_high",
        ],
        rows,
    )
}

/// The JSON document.
pub fn json(report: &SweepReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a sweep serializes");
    text.push('\n');
    text
}
