//! What every chart is drawn with: the `<svg>` element with its accessible title and
//! description, linear scales, round ticks on a number axis or a date axis, and fixed
//! number formatting (so the same report gives the same bytes).

use std::fmt::Write;

use super::escape;
use crate::date::Date;

/// The colours of the actors (Okabe–Ito hues darkened to at least 3:1 on white) and
/// their marker shapes, so colour is never the only cue.
pub const ACTOR_STYLES: [(crate::event::Actor, &str, Shape); 4] = [
    (crate::event::Actor::Applicant, "#0b5cad", Shape::Circle),
    (crate::event::Actor::Authority, "#c24e00", Shape::Square),
    (crate::event::Actor::Court, "#007a5a", Shape::Diamond),
    (crate::event::Actor::Clock, "#5f5f5f", Shape::Triangle),
];

/// Colours for series (rule sets) in order, each at least 3:1 on white.
pub const SERIES: [&str; 8] = [
    "#5f6b7a", "#0b5cad", "#c24e00", "#007a5a", "#7b3fa0", "#8a6d00", "#b0306a", "#2b7a8c",
];

/// The colour of a finding that departs from the rules.
pub const DEPARTURE: &str = "#a11a1a";

/// A marker's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A circle.
    Circle,
    /// A square.
    Square,
    /// A square on its point.
    Diamond,
    /// A triangle, point up.
    Triangle,
}

/// A number with at most `decimals` decimals, never `-0`.
pub fn num(value: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value * scale).round() / scale;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let text = format!("{rounded:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A coordinate (one decimal).
pub fn at(value: f64) -> String {
    num(value, 1)
}

/// Opens a chart: `id` must be unique in the page; `title` and `desc` are text.
pub fn open(id: &str, width: f64, height: f64, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\" aria-describedby=\"{id}-desc\">\n<title>{t}</title>\n<desc id=\"{id}-desc\">{d}</desc>\n",
        w = at(width),
        h = at(height),
        t = escape(title),
        d = escape(desc),
    )
}

/// Closes a chart.
pub const CLOSE: &str = "</svg>\n";

/// A linear map from a domain to a range.
#[derive(Clone, Copy, Debug)]
pub struct Linear {
    domain: (f64, f64),
    range: (f64, f64),
}

impl Linear {
    /// Maps `domain` onto `range` (a zero-width domain maps to the range's start).
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Linear {
        Linear { domain, range }
    }

    /// Where `value` falls.
    pub fn at(&self, value: f64) -> f64 {
        let span = self.domain.1 - self.domain.0;
        if span == 0.0 {
            return self.range.0;
        }
        self.range.0 + (value - self.domain.0) / span * (self.range.1 - self.range.0)
    }
}

/// Round ticks within `low..=high`, as near `count` of them as a step of 1, 2 or 5
/// times a power of ten allows (on a tie, the fewer ticks).
pub fn ticks(low: f64, high: f64, count: usize) -> Vec<f64> {
    if high <= low || !low.is_finite() || !high.is_finite() {
        return vec![low];
    }
    let raw = (high - low) / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let within = |step: f64| {
        let first = (low / step).ceil() as i64;
        let last = (high / step).floor() as i64;
        (first, last)
    };
    let mut best: Option<(usize, f64)> = None;
    for step in [1.0, 2.0, 5.0, 10.0].map(|factor| factor * power) {
        let (first, last) = within(step);
        let ticks = (last - first + 1).max(0) as usize;
        let distance = ticks.abs_diff(count);
        if best.is_none_or(|(best_distance, _)| distance <= best_distance) {
            best = Some((distance, step));
        }
    }
    let step = best.map_or(power, |(_, step)| step);
    let (first, last) = within(step);
    (first..=last).map(|index| index as f64 * step).collect()
}

/// The month names date axes use.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Ticks on a date axis from `start` to `end`: the first days of months, every 1, 2, 3
/// or 6 months or every 1, 2 or 5 years, whichever gives at most `most` ticks; each with
/// its label ("May 2022", or "2023" for yearly ticks).
pub fn date_ticks(start: Date, end: Date, most: usize) -> Vec<(Date, String)> {
    let (year, month, _) = start.ymd();
    for months in [1u32, 2, 3, 6, 12, 24, 60] {
        let mut ticks = Vec::new();
        // The first tick: the first month boundary at or after `start` on the step's grid.
        let mut index = year * 12 + month as i32 - 1;
        while index.rem_euclid(months as i32) != 0 {
            index += 1;
        }
        loop {
            let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
            let Some(date) = Date::from_ymd(y, m, 1) else {
                break;
            };
            if date > end {
                break;
            }
            if date >= start {
                let label = if months >= 12 {
                    y.to_string()
                } else {
                    format!("{} {y}", MONTHS[m as usize - 1])
                };
                ticks.push((date, label));
            }
            index += months as i32;
        }
        if ticks.len() <= most {
            return ticks;
        }
    }
    Vec::new()
}

/// A marker of `shape` centred on (x, y), `size` across, with attributes `extra`.
pub fn marker(shape: Shape, x: f64, y: f64, size: f64, extra: &str) -> String {
    let r = size / 2.0;
    match shape {
        Shape::Circle => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {extra}/>",
            at(x),
            at(y),
            at(r)
        ),
        Shape::Square => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {extra}/>",
            at(x - r * 0.9),
            at(y - r * 0.9),
            at(size * 0.9),
            at(size * 0.9)
        ),
        Shape::Diamond => format!(
            "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" {extra}/>",
            at(x),
            at(y - r * 1.15),
            at(x + r * 1.15),
            at(y),
            at(x),
            at(y + r * 1.15),
            at(x - r * 1.15),
            at(y)
        ),
        Shape::Triangle => format!(
            "<path d=\"M{} {}L{} {}L{} {}Z\" {extra}/>",
            at(x),
            at(y - r * 1.15),
            at(x + r * 1.1),
            at(y + r * 0.85),
            at(x - r * 1.1),
            at(y + r * 0.85)
        ),
    }
}

/// A text label at (x, y): `anchor` is `start`, `middle` or `end`; `text` is escaped.
pub fn label(x: f64, y: f64, anchor: &str, size: f64, text: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{}\">{}</text>",
        at(x),
        at(y),
        num(size, 1),
        escape(text)
    )
}

/// A horizontal number axis along y = `y` from the scale's range, with gridlines up to
/// `top`, ticks labelled by `format`.
pub fn x_axis(
    out: &mut String,
    scale: &Linear,
    values: &[f64],
    (y, top): (f64, f64),
    format: &dyn Fn(f64) -> String,
) {
    for &value in values {
        let x = scale.at(value);
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{y}\" stroke=\"#e3e7eb\"/>{}",
            label(scale.at(value), y + 14.0, "middle", 11.0, &format(value)),
            x = at(x),
            top = at(top),
            y = at(y),
        );
    }
}

/// A legend entry: a small marker and its text, as HTML.
pub fn legend_item(swatch: &str, text: &str) -> String {
    format!(
        "<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\">{swatch}</svg>{}</li>",
        escape(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_and_never_negative_zero() {
        assert_eq!(num(-0.0001, 2), "0");
        assert_eq!(num(2.50, 2), "2.5");
        assert_eq!(num(12.0, 1), "12");
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(-3.2, 1.5, 4), vec![-3.0, -2.0, -1.0, 0.0, 1.0]);
    }

    #[test]
    fn date_ticks_fit() {
        let start = Date::parse("2022-05-04").unwrap();
        let end = Date::parse("2024-04-15").unwrap();
        let ticks = date_ticks(start, end, 9);
        assert!(ticks.len() <= 9 && ticks.len() >= 4, "{ticks:?}");
        assert_eq!(ticks[0].1, "Jul 2022");
    }
}
