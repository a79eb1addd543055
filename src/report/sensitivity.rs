//! The one-at-a-time sensitivity (tornado) table for people, and as JSON.

use crate::sim::sensitivity::Sensitivity;

use super::table::Table;

fn points(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{v:+.1}"))
}

/// The terminal table, largest swing first, with a bar per row.
pub fn text(report: &Sensitivity) -> String {
    let mut out = format!(
        "Sensitivity of the headline to each profile number, one at a time (tornado)\nHeadline: {}: {} with the profile as it is\nEach number set low and high alone (a probability ±0.1; a duration, head count or share distribution ×0.5 and ×1.5), the others held, {} runs per setting on the same random numbers; largest swing first\n\n",
        report.headline,
        points(report.headline_value),
        report.runs,
    );
    let widest = report
        .rows
        .iter()
        .filter_map(|row| row.swing.map(f64::abs))
        .fold(0.0, f64::max);
    let mut table = Table::new([
        "profile number",
        "status",
        "low",
        "high",
        "headline low",
        "headline high",
        "swing",
        "",
    ]);
    for row in &report.rows {
        let bar = row.swing.map_or(String::new(), |swing| {
            let width = if widest > 0.0 {
                (swing.abs() / widest * 30.0).round() as usize
            } else {
                0
            };
            "█".repeat(width)
        });
        let status = if row.status == "assumed" {
            "ASSUMED".to_string()
        } else {
            row.status.clone()
        };
        table.row([
            row.number.clone(),
            status,
            row.low.clone(),
            row.high.clone(),
            points(row.headline_low),
            points(row.headline_high),
            points(row.swing),
            bar,
        ]);
    }
    out.push_str(&table.render("  "));
    for reason in &report.left_out {
        out.push_str(&format!("  left out: {reason}\n"));
    }
    out
}

/// The JSON document.
pub fn json(report: &Sensitivity) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a sensitivity serializes");
    text.push('\n');
    text
}
