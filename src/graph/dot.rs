//! The procedure graph as Graphviz DOT.
//!
//! Stages are rounded boxes with their id and label, filled by whose move it is (white:
//! the applicant's, red: the authority's, purple: a court's); final stages have a double
//! border and are green (registered) or grey (ended); a dot with an arrow marks the start.
//! Each transition is an arrow labelled with its event, actor, time limit, its conditions
//! with the rule set's thresholds ("members ≥ 5,000") and a short citation, styled by
//! actor (see [`super::style`]); the full citation, the guards and the transition's id are
//! in its tooltip (shown on hover in SVG). A legend explains it all. Fonts are sized for a
//! slide (stages 18 pt, edges and legend 16 pt).

use std::fmt::Write;

use crate::rules::StageOutcome;
use crate::source::StatusCounts;

use super::edge::TransitionEdge;
use super::procedure::ProcedureGraph;
use super::style::{ACTORS, actor_colour, actor_dot_style, actor_line_words, stage_fill, wrap};

/// A string as a DOT quoted string (quotes, backslashes and line breaks escaped).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The widest an edge label's condition line gets, in characters.
const LABEL_WIDTH: usize = 38;

/// Text safe inside a DOT HTML-like label.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl ProcedureGraph {
    /// The graph in Graphviz DOT; `dot -Tsvg` renders it.
    pub fn to_dot(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// The procedure of rule set {}: {}",
            self.rule_set(),
            self.title()
        );
        let _ = writeln!(out, "// Render with: dot -Tsvg FILE.dot -o FILE.svg");
        let _ = writeln!(out, "digraph {} {{", quote(self.rule_set()));
        let title = format!("{}\n{}", self.rule_set(), wrap(self.title(), 90).join("\n"));
        let _ = writeln!(
            out,
            "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontsize=24, rankdir=TB, nodesep=0.7, ranksep=0.9];",
            quote(&title)
        );
        let _ = writeln!(
            out,
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=18, color=\"#444444\"];"
        );
        let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=16];");
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "  \"__start\" [shape=circle, style=filled, fillcolor=black, label=\"\", width=0.18, fixedsize=true, tooltip=\"start\"];"
        );
        let _ = writeln!(
            out,
            "  \"__start\" -> {} [penwidth=1.5, arrowsize=0.8, tooltip=\"every application starts here\"];",
            quote(&self.start().id)
        );
        for stage in self.stages() {
            let mut label = stage.id.clone();
            for line in wrap(&stage.label, 30) {
                label.push('\n');
                label.push_str(&line);
            }
            let mut attributes = vec![
                format!("label={}", quote(&label)),
                format!("fillcolor={}", quote(stage_fill(stage))),
            ];
            if stage.outcome != StageOutcome::Pending || stage.terminal {
                attributes.push("peripheries=2".into());
            }
            if stage.start {
                attributes.push("penwidth=2".into());
            }
            let waiting = stage
                .waiting_on
                .map_or(String::new(), |actor| format!("; waiting on the {actor}"));
            attributes.push(format!(
                "tooltip={}",
                quote(&format!(
                    "{}: {}{waiting}; outcome {}",
                    stage.id,
                    stage.label,
                    stage.outcome_name()
                ))
            ));
            let _ = writeln!(out, "  {} [{}];", quote(&stage.id), attributes.join(", "));
        }
        let _ = writeln!(out);
        for edge in self.transitions() {
            let _ = writeln!(
                out,
                "  {} -> {} [{}];",
                quote(&edge.from),
                quote(&edge.to),
                edge_attributes(edge).join(", ")
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "  {}", legend(&self.transition_statuses()));
        let _ = writeln!(out, "}}");
        out
    }
}

fn edge_attributes(edge: &TransitionEdge) -> Vec<String> {
    let colour = actor_colour(edge.actor);
    let label = edge.label_lines(LABEL_WIDTH).join("\n");
    let mut tooltip = format!("{}: {} → {}", edge.id, edge.from, edge.to);
    if !edge.guards.is_empty() {
        let guards: Vec<String> = edge.guards.iter().map(ToString::to_string).collect();
        let _ = write!(tooltip, "\nguards: {}", guards.join(", "));
    }
    let _ = write!(tooltip, "\nstatus: {}", edge.status);
    if let Some(cited) = &edge.cited {
        let _ = write!(tooltip, "\nsource: {cited}");
    }
    vec![
        format!("label={}", quote(&label)),
        format!("color={}", quote(colour)),
        format!("fontcolor={}", quote(colour)),
        format!("style={}", actor_dot_style(edge.actor)),
        format!("tooltip={}", quote(&tooltip)),
    ]
}

fn legend(statuses: &StatusCounts) -> String {
    let mut rows = String::new();
    for actor in ACTORS {
        let _ = write!(
            rows,
            "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"{}\">{}</FONT></TD><TD ALIGN=\"LEFT\">{} arrow</TD></TR>",
            actor_colour(actor),
            html(&actor.to_string()),
            html(actor_line_words(actor))
        );
    }
    let rest = [
        ("● →", "the start stage"),
        ("double border", "final: registered (green) or ended (grey)"),
        ("red / purple fill", "waiting on the authority / a court"),
        (
            "NO TIME LIMIT",
            "the authority or a court may take any time",
        ),
        (
            "within N (limit)",
            "an act by the limit's last day, counted from the event that starts it",
        ),
        (
            "the day after N (limit)",
            "a clock: fires on the day after the limit's last day",
        ),
        ("if …", "conditions, with the rule set's thresholds"),
        (
            "· law, · official",
            "read in a Kazakh statute / stated by a Kazakh authority",
        ),
        (
            "· reported, · comparative",
            "press, NGO or foreign reports / a foreign law, draft or standard used as a model",
        ),
        (
            "· inferred, · ASSUMED",
            "derived from recorded cases / a modelling choice, not established by a source",
        ),
    ];
    let counted = format!("{statuses}");
    for (key, meaning) in rest {
        let _ = write!(
            rows,
            "<TR><TD ALIGN=\"LEFT\">{}</TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            html(key),
            html(meaning)
        );
    }
    let _ = write!(
        rows,
        "<TR><TD ALIGN=\"LEFT\">transitions by status</TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
        html(&counted)
    );
    format!(
        "\"__legend\" [shape=plain, style=\"\", fontsize=16, label=<<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>{rows}</TABLE>>];"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
    }
}
