//! The page of a sweep: the share registered against the swept value, one line per rule
//! set with its 95% band, the break-even value marked, and the same numbers as a table.

use std::fmt::Write;

use super::svg::{self, Linear, SERIES, at, label, num};
use super::{escape, page};
use crate::sim::sweep::{SweepReport, number};

/// The chart: x the swept value, y the share registered (0 to 100%).
fn chart(report: &SweepReport) -> String {
    const WIDTH: f64 = 1000.0;
    const HEIGHT: f64 = 420.0;
    const LEFT: f64 = 70.0;
    const RIGHT: f64 = 960.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 360.0;
    let values: Vec<f64> = report.points.iter().map(|p| p.value).collect();
    let (low, high) = (
        values.first().copied().unwrap_or(0.0),
        values.last().copied().unwrap_or(1.0),
    );
    let x = Linear::new((low, high), (LEFT, RIGHT));
    let y = Linear::new((0.0, 1.0), (BOTTOM, TOP));
    let mut out = svg::open(
        "sweep",
        WIDTH,
        HEIGHT,
        &format!("Share registered against {}", report.parameter),
        "One line per rule set, with its 95% interval as a band; the dashed line marks the break-even value, if one was searched for and found.",
    );
    svg::x_axis(
        &mut out,
        &x,
        &svg::ticks(low, high, 8),
        (BOTTOM, TOP),
        &|v| number(v),
    );
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{yy}\" x2=\"{RIGHT}\" y2=\"{yy}\" stroke=\"#e3e7eb\"/>{}",
            label(
                LEFT - 6.0,
                y.at(tick) + 4.0,
                "end",
                11.0,
                &format!("{}%", num(tick * 100.0, 0))
            ),
            yy = at(y.at(tick)),
        );
    }
    let _ = writeln!(
        out,
        "{}",
        label(
            (LEFT + RIGHT) / 2.0,
            BOTTOM + 34.0,
            "middle",
            12.0,
            &report.parameter
        )
    );
    let rule_sets = report.points.first().map_or(0, |p| p.rule_sets.len());
    for index in 0..rule_sets {
        let colour = SERIES[index % SERIES.len()];
        let mut band_top = Vec::new();
        let mut band_bottom = Vec::new();
        let mut line = Vec::new();
        for point in &report.points {
            if let Some(share) = point.rule_sets[index].registered_share {
                let px = at(x.at(point.value));
                line.push(format!("{px},{}", at(y.at(share.estimate))));
                band_top.push(format!("{px},{}", at(y.at(share.high))));
                band_bottom.push(format!("{px},{}", at(y.at(share.low))));
            }
        }
        band_bottom.reverse();
        let name = escape(&report.points[0].rule_sets[index].rules);
        let _ = writeln!(
            out,
            "<g><title>{name}</title><polygon points=\"{} {}\" fill=\"{colour}\" fill-opacity=\"0.15\"/><polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/></g>",
            band_top.join(" "),
            band_bottom.join(" "),
            line.join(" "),
        );
    }
    if let Some(value) = report.break_even.as_ref().and_then(|found| found.value) {
        let px = at(x.at(value));
        let _ = writeln!(
            out,
            "<line x1=\"{px}\" y1=\"{TOP}\" x2=\"{px}\" y2=\"{BOTTOM}\" stroke=\"#a11a1a\" stroke-dasharray=\"6 4\"/>{}",
            label(
                x.at(value) + 4.0,
                TOP + 12.0,
                "start",
                11.0,
                &format!("break-even {}", number(value))
            ),
        );
    }
    out.push_str(svg::CLOSE);
    out
}

/// The whole page.
pub fn render(report: &SweepReport) -> String {
    let mut body = String::new();
    let legend: Vec<String> = report
        .points
        .first()
        .map(|p| {
            p.rule_sets
                .iter()
                .enumerate()
                .map(|(index, result)| {
                    let colour = SERIES[index % SERIES.len()];
                    svg::legend_item(
                        &format!(
                            "<rect x=\"1\" y=\"5\" width=\"12\" height=\"4\" fill=\"{colour}\"/>"
                        ),
                        &format!(
                            "{}{}",
                            result.rules,
                            if result.swept {
                                ""
                            } else {
                                " (unchanged by the sweep)"
                            }
                        ),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = writeln!(
        body,
        "<section>\n<h2>Share registered within the horizon</h2>\n<figure>\n{}<ul class=\"legend\">{}</ul>\n</figure>",
        chart(report),
        legend.join("")
    );
    if let Some(found) = &report.break_even {
        let _ = writeln!(
            body,
            "<p><strong>Break-even for <code>registered {} {}%</code> under {}:</strong> {}</p>",
            escape(found.target.comparison),
            num(found.target.share * 100.0, 2),
            escape(&found.rules),
            escape(&found.finding)
        );
    }
    body.push_str("</section>\n<section>\n<h2>The numbers</h2>\n<table>\n<caption>Share registered within the horizon at each value, with 95% intervals</caption>\n<thead><tr><th scope=\"col\">");
    body.push_str(&escape(&report.parameter));
    body.push_str("</th>");
    if let Some(first) = report.points.first() {
        for result in &first.rule_sets {
            let _ = write!(body, "<th scope=\"col\">{}</th>", escape(&result.rules));
        }
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for point in &report.points {
        let _ = write!(body, "<tr><th scope=\"row\">{}</th>", number(point.value));
        for result in &point.rule_sets {
            let cell = result.registered_share.map_or("—".to_string(), |i| {
                format!(
                    "{}% [{}, {}]",
                    num(i.estimate * 100.0, 1),
                    num(i.low * 100.0, 1),
                    num(i.high * 100.0, 1)
                )
            });
            let _ = write!(body, "<td>{cell}</td>");
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n</section>\n");
    let subtitle = format!(
        "{} swept ({}; before the sweep: {}); {} runs per point and rule set from seed {}, the same draws at every point (common random numbers); a swept value is <strong>ASSUMED</strong>: a value tried, not a proposal. Baseline: {}.",
        escape(&report.parameter),
        escape(&report.kind),
        escape(
            &report
                .original
                .iter()
                .map(|(owner, value)| format!("{} in {owner}", number(*value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        report.runs,
        report.seed,
        escape(&report.baseline),
    );
    page::page(
        &format!("Sweep — {}", report.study),
        &report.title,
        &subtitle,
        &body,
    )
}
