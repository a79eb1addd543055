//! The page of a one-at-a-time sensitivity analysis: a tornado chart (for each profile
//! number, a bar from the headline at its low setting to the headline at its high one,
//! around the headline as it is), largest swing on top, and the same numbers as a table.

use std::fmt::Write;

use super::svg::{self, Linear, at, label, num};
use super::{escape, page};
use crate::sim::sensitivity::Sensitivity;

/// The chart.
fn chart(report: &Sensitivity) -> String {
    const WIDTH: f64 = 1000.0;
    const LABELS: f64 = 420.0;
    const RIGHT: f64 = 980.0;
    const ROW: f64 = 18.0;
    const TOP: f64 = 10.0;
    let rows: Vec<_> = report
        .rows
        .iter()
        .filter(|row| row.headline_low.is_some() && row.headline_high.is_some())
        .collect();
    let mut low = report.headline_value.unwrap_or(0.0);
    let mut high = low;
    for row in &rows {
        for value in [row.headline_low, row.headline_high].into_iter().flatten() {
            low = low.min(value);
            high = high.max(value);
        }
    }
    let ticks = svg::ticks(low.floor(), high.ceil(), 8);
    let from = ticks.first().copied().unwrap_or(low).min(low);
    let to = ticks.last().copied().unwrap_or(high).max(high);
    let x = Linear::new((from, to), (LABELS, RIGHT));
    let bottom = TOP + rows.len() as f64 * ROW + 4.0;
    let mut out = svg::open(
        "tornado",
        WIDTH,
        bottom + 40.0,
        "Sensitivity of the headline to each profile number",
        "For each profile number, a bar from the headline with the number set low (light) to the headline with it set high (dark); the vertical line is the headline with the profile as it is.",
    );
    svg::x_axis(&mut out, &x, &ticks, (bottom, TOP), &|v| num(v, 1));
    let _ = writeln!(
        out,
        "{}",
        label(
            (LABELS + RIGHT) / 2.0,
            bottom + 32.0,
            "middle",
            12.0,
            &report.headline
        )
    );
    for (index, row) in rows.iter().enumerate() {
        let (Some(at_low), Some(at_high)) = (row.headline_low, row.headline_high) else {
            continue;
        };
        let y = TOP + index as f64 * ROW;
        let base = report.headline_value.unwrap_or(at_low);
        let _ = writeln!(
            out,
            "<g><title>{}: low {} → {}, high {} → {}</title>{}<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#9bbbe0\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#0b5cad\"/></g>",
            escape(&row.number),
            escape(&row.low),
            num(at_low, 1),
            escape(&row.high),
            num(at_high, 1),
            label(LABELS - 6.0, y + 12.0, "end", 11.0, &row.number),
            at(x.at(base.min(at_low))),
            at(y + 3.0),
            at((x.at(base) - x.at(at_low)).abs()),
            at(ROW - 6.0),
            at(x.at(base.min(at_high))),
            at(y + 3.0),
            at((x.at(base) - x.at(at_high)).abs()),
            at(ROW - 6.0),
        );
    }
    if let Some(base) = report.headline_value {
        let _ = writeln!(
            out,
            "<line x1=\"{px}\" y1=\"{TOP}\" x2=\"{px}\" y2=\"{b}\" stroke=\"#1a1a1a\"/>",
            px = at(x.at(base)),
            b = at(bottom),
        );
    }
    out.push_str(svg::CLOSE);
    out
}

/// The whole page.
pub fn render(report: &Sensitivity) -> String {
    let mut body = format!(
        "<section>\n<h2>Tornado</h2>\n<figure>\n{}<figcaption>Light bar: the headline with the number set low; dark bar: set high; the vertical line: the profile as it is.</figcaption>\n</figure>\n</section>\n<section>\n<h2>The numbers</h2>\n<table>\n<caption>The headline with each profile number set low and high alone, largest swing first</caption>\n<thead><tr><th scope=\"col\">profile number</th><th scope=\"col\">status</th><th scope=\"col\">low</th><th scope=\"col\">high</th><th scope=\"col\">headline low</th><th scope=\"col\">headline high</th><th scope=\"col\">swing</th></tr></thead>\n<tbody>\n",
        chart(report)
    );
    let cell = |value: Option<f64>| value.map_or("—".to_string(), |v| format!("{v:+.1}"));
    for row in &report.rows {
        let status = if row.status == "assumed" {
            "ASSUMED"
        } else {
            row.status.as_str()
        };
        let _ = writeln!(
            body,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.number),
            escape(status),
            escape(&row.low),
            escape(&row.high),
            cell(row.headline_low),
            cell(row.headline_high),
            cell(row.swing),
        );
    }
    body.push_str("</tbody>\n</table>\n");
    for reason in &report.left_out {
        let _ = writeln!(body, "<p>Left out: {}</p>", escape(reason));
    }
    body.push_str("</section>\n");
    let subtitle = format!(
        "Headline: {}: {} with the profile as it is. Each number set low and high alone (a probability ±0.1; a duration, head count or share distribution ×0.5 and ×1.5), the others held, {} runs per setting on the same random numbers.",
        escape(&report.headline),
        cell(report.headline_value),
        report.runs
    );
    page::page(
        "Sensitivity",
        "What the headline rests on most",
        &subtitle,
        &body,
    )
}
