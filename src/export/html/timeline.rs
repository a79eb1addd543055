//! The timeline of a case as an SVG: one lane per actor (applicant, authority, court,
//! clock), each event a marker on its date — coloured and shaped by actor, filled when
//! the case file confirms it, hollow when it is assumed or inferred — and the findings
//! marked in a lane above, joined to their event. A counterfactual draws the real and
//! the derived timelines on one date scale, so they can be read one above the other.

use std::fmt::Write;

use super::svg::{self, ACTOR_STYLES, DEPARTURE, Linear, Shape, at, label, marker};
use crate::date::Date;
use crate::event::Actor;
use crate::replay::{Replay, Severity};
use crate::source::Confidence;

/// One event on the timeline.
pub struct Mark {
    /// Its date.
    pub date: Date,
    /// Who caused it.
    pub actor: Actor,
    /// What a pointer over it shows (text).
    pub label: String,
    /// Whether the case file confirms it.
    pub confirmed: bool,
}

/// A finding on the timeline.
pub struct FindingMark {
    /// Its date.
    pub date: Date,
    /// Departure or observation.
    pub severity: Severity,
    /// What it says (text).
    pub label: String,
}

/// A timeline to draw.
pub struct Timeline {
    /// Unique in the page.
    pub id: String,
    /// The chart's title (text).
    pub title: String,
    /// The events.
    pub marks: Vec<Mark>,
    /// The findings.
    pub findings: Vec<FindingMark>,
    /// Dated lines across the lanes (registration), with their labels.
    pub milestones: Vec<(Date, String)>,
}

impl Timeline {
    /// The timeline of a replay.
    pub fn of_replay(id: &str, title: &str, replay: &Replay) -> Timeline {
        let marks = replay
            .steps
            .iter()
            .map(|step| Mark {
                date: step.day,
                actor: step.actor,
                label: format!(
                    "#{} {} {} ({}; {}): {} → {}",
                    step.index,
                    step.date,
                    step.event,
                    step.actor,
                    step.confidence,
                    step.stage_before,
                    step.stage_after
                ),
                confirmed: step.confidence == Confidence::Confirmed,
            })
            .collect();
        let findings = replay
            .findings
            .iter()
            .map(|finding| FindingMark {
                date: finding.date,
                severity: finding.severity,
                label: format!(
                    "{} {}: {}",
                    match finding.severity {
                        Severity::Departure => "departure",
                        Severity::Observation => "observation",
                    },
                    finding.date,
                    finding.message
                ),
            })
            .collect();
        let milestones = replay
            .outcome
            .registered_on
            .map(|date| (date, format!("registered {date}")))
            .into_iter()
            .collect();
        Timeline {
            id: id.to_string(),
            title: title.to_string(),
            marks,
            findings,
            milestones,
        }
    }

    /// The first and last dates it shows.
    pub fn span(&self) -> Option<(Date, Date)> {
        let dates = self
            .marks
            .iter()
            .map(|m| m.date)
            .chain(self.findings.iter().map(|f| f.date))
            .chain(self.milestones.iter().map(|m| m.0));
        let (mut first, mut last) = (None::<Date>, None::<Date>);
        for date in dates {
            first = Some(first.map_or(date, |f| f.min(date)));
            last = Some(last.map_or(date, |l| l.max(date)));
        }
        Some((first?, last?))
    }

    fn description(&self) -> String {
        let count = |actor: Actor| self.marks.iter().filter(|m| m.actor == actor).count();
        let departures = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Departure)
            .count();
        let unconfirmed = self.marks.iter().filter(|m| !m.confirmed).count();
        let span = self
            .span()
            .map_or(String::new(), |(a, b)| format!(" from {a} to {b}"));
        format!(
            "{} events{span}: {} by the applicant, {} by the authority, {} by a court, {} by the clock; {unconfirmed} of them assumed or inferred (hollow markers). {departures} departures from the rules and {} observations are marked above the lanes. The table below lists every event.",
            self.marks.len(),
            count(Actor::Applicant),
            count(Actor::Authority),
            count(Actor::Court),
            count(Actor::Clock),
            self.findings.len() - departures
        )
    }

    /// The SVG, on the date scale `span` (give several timelines the same span to
    /// compare them).
    pub fn render(&self, span: (Date, Date)) -> String {
        const WIDTH: f64 = 1000.0;
        const LEFT: f64 = 92.0;
        const RIGHT: f64 = 24.0;
        const TOP: f64 = 10.0;
        const FINDINGS: f64 = 26.0;
        const LANE: f64 = 30.0;
        let lanes_top = TOP + FINDINGS;
        let axis_y = lanes_top + LANE * ACTOR_STYLES.len() as f64 + 6.0;
        let height = axis_y + 30.0;
        let (first, last) = span;
        let pad = ((last.days_since(first) as f64) * 0.02).max(3.0);
        let scale = Linear::new(
            (
                first.day_number() as f64 - pad,
                last.day_number() as f64 + pad,
            ),
            (LEFT, WIDTH - RIGHT),
        );
        let x = |date: Date| scale.at(date.day_number() as f64);
        let mut out = svg::open(&self.id, WIDTH, height, &self.title, &self.description());
        // Lanes and their labels.
        for (index, (actor, _, _)) in ACTOR_STYLES.iter().enumerate() {
            let y = lanes_top + LANE * index as f64;
            let fill = if index % 2 == 0 { "#f6f8fa" } else { "#ffffff" };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>{}",
                at(LEFT),
                at(y),
                at(WIDTH - RIGHT - LEFT),
                at(LANE),
                label(
                    LEFT - 8.0,
                    y + LANE / 2.0 + 4.0,
                    "end",
                    12.0,
                    &actor.to_string()
                )
            );
        }
        let _ = writeln!(
            out,
            "{}",
            label(
                LEFT - 8.0,
                TOP + FINDINGS / 2.0 + 4.0,
                "end",
                12.0,
                "findings"
            )
        );
        // The date axis.
        for (date, text) in svg::date_ticks(first, last, 10) {
            let _ = writeln!(
                out,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#c9d1d9\" stroke-dasharray=\"2 3\"/>{}",
                at(TOP),
                at(axis_y),
                label(x(date), axis_y + 16.0, "middle", 11.0, &text),
                x = at(x(date)),
            );
        }
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#57606a\"/>",
            at(LEFT),
            at(WIDTH - RIGHT),
            y = at(axis_y),
        );
        for (date, text) in &self.milestones {
            let _ = writeln!(
                out,
                "<g><title>{}</title><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#0f5323\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>{}</g>",
                super::escape(text),
                at(TOP),
                at(axis_y),
                label(x(*date) - 4.0, TOP + 10.0, "end", 11.0, text),
                x = at(x(*date)),
            );
        }
        // Events.
        for mark in &self.marks {
            let (lane, colour, shape) = ACTOR_STYLES
                .iter()
                .enumerate()
                .find(|(_, style)| style.0 == mark.actor)
                .map(|(index, style)| (index, style.1, style.2))
                .unwrap_or((0, "#000000", Shape::Circle));
            let y = lanes_top + LANE * lane as f64 + LANE / 2.0;
            let paint = if mark.confirmed {
                format!("fill=\"{colour}\" stroke=\"{colour}\" stroke-width=\"1\"")
            } else {
                format!("fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2\"")
            };
            let _ = writeln!(
                out,
                "<g class=\"event\"><title>{}</title>{}</g>",
                super::escape(&mark.label),
                marker(shape, x(mark.date), y, 11.0, &paint)
            );
        }
        // Findings, above the lanes.
        for finding in &self.findings {
            let y = TOP + FINDINGS / 2.0;
            let (shape, paint) = match finding.severity {
                Severity::Departure => (
                    Shape::Triangle,
                    format!("fill=\"{DEPARTURE}\" stroke=\"{DEPARTURE}\""),
                ),
                Severity::Observation => (
                    Shape::Circle,
                    "fill=\"#ffffff\" stroke=\"#5f5f5f\" stroke-width=\"2\"".to_string(),
                ),
            };
            let _ = writeln!(
                out,
                "<g class=\"finding\"><title>{}</title><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{}\" stroke-dasharray=\"1 2\"/>{}</g>",
                super::escape(&finding.label),
                at(y + 6.0),
                at(axis_y),
                if finding.severity == Severity::Departure {
                    DEPARTURE
                } else {
                    "#8c959f"
                },
                marker(shape, x(finding.date), y, 11.0, &paint),
                x = at(x(finding.date)),
            );
        }
        out.push_str(svg::CLOSE);
        out
    }
}

/// The legend of the timelines, as HTML.
pub fn legend() -> String {
    let mut out = String::from("<ul class=\"legend\">");
    for (actor, colour, shape) in ACTOR_STYLES {
        out.push_str(&svg::legend_item(
            &marker(shape, 7.0, 7.0, 10.0, &format!("fill=\"{colour}\"")),
            &actor.to_string(),
        ));
    }
    out.push_str(&svg::legend_item(
        &marker(
            Shape::Circle,
            7.0,
            7.0,
            9.0,
            "fill=\"#ffffff\" stroke=\"#1b1f24\" stroke-width=\"2\"",
        ),
        "hollow: assumed or inferred in the case file",
    ));
    out.push_str(&svg::legend_item(
        &marker(
            Shape::Triangle,
            7.0,
            7.0,
            10.0,
            &format!("fill=\"{DEPARTURE}\""),
        ),
        "departure from the rules",
    ));
    out.push_str(&svg::legend_item(
        &marker(
            Shape::Circle,
            7.0,
            7.0,
            9.0,
            "fill=\"#ffffff\" stroke=\"#5f5f5f\" stroke-width=\"2\"",
        ),
        "observation",
    ));
    out.push_str(&svg::legend_item(
        "<line x1=\"7\" y1=\"0\" x2=\"7\" y2=\"14\" stroke=\"#0f5323\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>",
        "registration",
    ));
    out.push_str("</ul>\n");
    out
}
