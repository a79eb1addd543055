//! The charts of the comparison and simulation pages, as SVG: horizontal bars (days per
//! case and rule set), histograms on a shared scale (small multiples), and forest plots
//! of paired differences with their intervals.

use std::fmt::Write;

use super::svg::{self, Linear, at, label, num};

/// One bar of a bar chart.
pub struct Bar {
    /// The group it belongs to (a case); a new group starts where it changes.
    pub group: String,
    /// Its label (a rule set).
    pub label: String,
    /// Its length, or none (drawn as "no figure").
    pub value: Option<f64>,
    /// The text after the bar.
    pub note: String,
    /// Solid (true) or light (false).
    pub solid: bool,
    /// Its colour.
    pub colour: &'static str,
    /// What a pointer over it shows.
    pub tooltip: String,
}

/// Horizontal bars grouped under group headings.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar], axis_label: &str) -> String {
    // The label column fits the longest label (about 6.6 units a character at 11.5
    // units), so no label is cut off on the left.
    let longest = bars
        .iter()
        .map(|bar| bar.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let labels = (longest * 6.6 + 16.0).clamp(330.0, 1200.0);
    let width = labels + 670.0;
    const ROW: f64 = 20.0;
    const GROUP: f64 = 22.0;
    const TOP: f64 = 8.0;
    let max = bars
        .iter()
        .filter_map(|bar| bar.value)
        .fold(0.0f64, f64::max)
        .max(1.0);
    let ticks = svg::ticks(0.0, max, 6);
    let end = ticks.last().copied().unwrap_or(max).max(max);
    let scale = Linear::new((0.0, end), (labels, labels + 390.0));
    let groups = {
        let mut names: Vec<&str> = bars.iter().map(|b| b.group.as_str()).collect();
        names.dedup();
        names.len()
    };
    let plot_height = TOP + groups as f64 * GROUP + bars.len() as f64 * ROW + 6.0;
    let height = plot_height + 34.0;
    let mut out = svg::open(id, width, height, title, desc);
    svg::x_axis(&mut out, &scale, &ticks, (plot_height, TOP), &|value| {
        num(value, 0)
    });
    let _ = writeln!(
        out,
        "{}",
        label(
            scale.at(end / 2.0),
            plot_height + 30.0,
            "middle",
            11.0,
            axis_label
        )
    );
    let mut y = TOP;
    let mut last_group = None;
    for bar in bars {
        if last_group != Some(bar.group.as_str()) {
            y += GROUP;
            let _ = writeln!(
                out,
                "<text x=\"4\" y=\"{}\" font-size=\"13\" font-weight=\"700\">{}</text>",
                at(y - 6.0),
                super::escape(&bar.group)
            );
            last_group = Some(bar.group.as_str());
        }
        let _ = write!(
            out,
            "<g><title>{}</title>{}",
            super::escape(&bar.tooltip),
            label(labels - 8.0, y + ROW / 2.0 + 4.0, "end", 11.5, &bar.label)
        );
        match bar.value {
            Some(value) => {
                let width = scale.at(value) - labels;
                let paint = if bar.solid {
                    format!("fill=\"{}\"", bar.colour)
                } else {
                    format!(
                        "fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"4 2\"",
                        bar.colour
                    )
                };
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}/>{}",
                    at(labels),
                    at(y + 3.0),
                    at(width.max(1.0)),
                    at(ROW - 6.0),
                    label(
                        labels + width.max(1.0) + 6.0,
                        y + ROW / 2.0 + 4.0,
                        "start",
                        11.5,
                        &bar.note
                    )
                );
            }
            None => {
                let _ = write!(
                    out,
                    "{}",
                    label(labels + 6.0, y + ROW / 2.0 + 4.0, "start", 11.5, &bar.note)
                );
            }
        }
        out.push_str("</g>\n");
        y += ROW;
    }
    out.push_str(svg::CLOSE);
    out
}

/// One histogram of a set of small multiples.
pub struct Histogram {
    /// Unique in the page.
    pub id: String,
    /// Its title (text).
    pub title: String,
    /// Its description (text).
    pub desc: String,
    /// Bins: first value, last value, count.
    pub bins: Vec<(u32, u32, u64)>,
    /// Vertical reference lines (value, label), e.g. the median.
    pub marks: Vec<(f64, String)>,
    /// The bars' colour.
    pub colour: &'static str,
}

/// Histograms on one shared scale: the same x range and the same largest count, so
/// their shapes compare; `x_label` and `y_label` name the axes. With `centred`, each
/// bin is one whole value drawn centred on its tick (counts per value), else bins run
/// from their first value to just past their last (days).
pub fn histograms(
    histograms: &[Histogram],
    (x_label, y_label): (&str, &str),
    centred: bool,
) -> String {
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 230.0;
    const LEFT: f64 = 50.0;
    const RIGHT: f64 = 14.0;
    const TOP: f64 = 30.0;
    const BOTTOM: f64 = 44.0;
    let low = histograms
        .iter()
        .flat_map(|h| h.bins.first().map(|b| b.0))
        .min()
        .unwrap_or(0) as f64;
    let high = histograms
        .iter()
        .flat_map(|h| h.bins.last().map(|b| b.1))
        .max()
        .unwrap_or(1) as f64
        + 1.0;
    let largest = histograms
        .iter()
        .flat_map(|h| h.bins.iter().map(|b| b.2))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let y_ticks = svg::ticks(0.0, largest, 4);
    let top_value = y_ticks.last().copied().unwrap_or(largest).max(largest);
    let shift = if centred { 0.5 } else { 0.0 };
    let x = Linear::new((low - shift, high - shift), (LEFT, WIDTH - RIGHT));
    let y = Linear::new((0.0, top_value), (HEIGHT - BOTTOM, TOP));
    let mut out = String::from("<div class=\"charts\">\n");
    for histogram in histograms {
        out.push_str("<figure>\n");
        out.push_str(&svg::open(
            &histogram.id,
            WIDTH,
            HEIGHT,
            &histogram.title,
            &histogram.desc,
        ));
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"16\" font-size=\"13\" font-weight=\"700\">{}</text>",
            at(LEFT),
            super::escape(&histogram.title)
        );
        for &tick in &y_ticks {
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{v}\" x2=\"{}\" y2=\"{v}\" stroke=\"#e3e7eb\"/>{}",
                at(LEFT),
                at(WIDTH - RIGHT),
                label(LEFT - 5.0, y.at(tick) + 4.0, "end", 11.5, &num(tick, 0)),
                v = at(y.at(tick)),
            );
        }
        for tick in svg::ticks(low, high - 2.0 * shift, 6) {
            let _ = writeln!(
                out,
                "<line x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\" stroke=\"#57606a\"/>{}",
                at(HEIGHT - BOTTOM),
                at(HEIGHT - BOTTOM + 4.0),
                label(
                    x.at(tick),
                    HEIGHT - BOTTOM + 16.0,
                    "middle",
                    11.5,
                    &num(tick, 0)
                ),
                p = at(x.at(tick)),
            );
        }
        for &(from, to, count) in &histogram.bins {
            let (left, right) = (x.at(from as f64 - shift), x.at(to as f64 + 1.0 - shift));
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{from}–{to}: {count}</title></rect>",
                at(left + 0.5),
                at(y.at(count as f64)),
                at((right - left - 1.0).max(0.5)),
                at(y.at(0.0) - y.at(count as f64)),
                histogram.colour
            );
        }
        for (value, text) in &histogram.marks {
            let p = x.at(*value);
            let _ = writeln!(
                out,
                "<line x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\" stroke=\"#1b1f24\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>{}",
                at(TOP - 4.0),
                at(HEIGHT - BOTTOM),
                label(p + 3.0, TOP + 6.0, "start", 10.5, text),
                p = at(p),
            );
        }
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#57606a\"/>{}{}",
            at(LEFT),
            at(WIDTH - RIGHT),
            label(
                (LEFT + WIDTH - RIGHT) / 2.0,
                HEIGHT - 8.0,
                "middle",
                11.0,
                x_label
            ),
            format_args!(
                "<text x=\"12\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">{}</text>",
                at((TOP + HEIGHT - BOTTOM) / 2.0),
                at((TOP + HEIGHT - BOTTOM) / 2.0),
                super::escape(y_label)
            ),
            b = at(HEIGHT - BOTTOM),
        );
        out.push_str(svg::CLOSE);
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
    out
}

/// One row of a forest plot: a label, an estimate and its interval.
pub struct Estimate {
    /// The row's label (a rule set).
    pub label: String,
    /// Estimate, low, high; none when there is no interval.
    pub interval: Option<(f64, f64, f64)>,
    /// The interval as the tables write it.
    pub text: String,
}

/// A forest plot: each row's estimate as a dot on its 95% interval, against a line at
/// zero (no difference).
pub fn forest(id: &str, title: &str, desc: &str, rows: &[Estimate]) -> String {
    const WIDTH: f64 = 560.0;
    const LEFT: f64 = 196.0;
    const PLOT_RIGHT: f64 = 390.0;
    const ROW: f64 = 24.0;
    const TOP: f64 = 28.0;
    let (mut low, mut high) = (0.0f64, 0.0f64);
    for row in rows {
        if let Some((_, l, h)) = row.interval {
            low = low.min(l);
            high = high.max(h);
        }
    }
    if high - low == 0.0 {
        (low, high) = (-1.0, 1.0);
    }
    let pad = (high - low) * 0.06;
    let scale = Linear::new((low - pad, high + pad), (LEFT, PLOT_RIGHT));
    let bottom = TOP + rows.len() as f64 * ROW + 4.0;
    let height = bottom + 26.0;
    let mut out = String::from("<figure>\n");
    out.push_str(&svg::open(id, WIDTH, height, title, desc));
    let _ = writeln!(
        out,
        "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"700\">{}</text>",
        super::escape(title)
    );
    let ticks = svg::ticks(low, high, 3);
    // As many decimals as the tick step needs, so small differences do not read "0 0 0".
    let decimals = match ticks.as_slice() {
        [first, second, ..] if second - first < 1.0 && second - first > 0.0 => {
            (-(second - first).log10().floor()).clamp(1.0, 6.0) as usize
        }
        _ => 0,
    };
    svg::x_axis(&mut out, &scale, &ticks, (bottom, TOP - 4.0), &|v| {
        num(v, decimals)
    });
    let zero = scale.at(0.0);
    let _ = writeln!(
        out,
        "<line x1=\"{z}\" y1=\"{}\" x2=\"{z}\" y2=\"{}\" stroke=\"#1b1f24\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"/>",
        at(TOP - 4.0),
        at(bottom),
        z = at(zero),
    );
    for (index, row) in rows.iter().enumerate() {
        let y = TOP + index as f64 * ROW + ROW / 2.0;
        let _ = write!(
            out,
            "<g><title>{}: {}</title>{}",
            super::escape(&row.label),
            super::escape(&row.text),
            label(LEFT - 8.0, y + 4.0, "end", 12.0, &row.label)
        );
        if let Some((estimate, l, h)) = row.interval {
            let _ = write!(
                out,
                "<line x1=\"{}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#0b5cad\" stroke-width=\"2.5\"/><circle cx=\"{}\" cy=\"{yy}\" r=\"4.5\" fill=\"#0b5cad\"/>",
                at(scale.at(l)),
                at(scale.at(h).max(scale.at(l) + 0.5)),
                at(scale.at(estimate)),
                yy = at(y),
            );
        }
        let _ = writeln!(
            out,
            "{}</g>",
            label(PLOT_RIGHT + 10.0, y + 4.0, "start", 12.0, &row.text)
        );
    }
    out.push_str(svg::CLOSE);
    out.push_str("</figure>\n");
    out
}
