//! The procedure graph as a Mermaid flowchart, which code hosts render in Markdown.
//!
//! Node ids are `s0`, `s1`, … (stage ids could clash with Mermaid keywords such as
//! `end`); labels carry the stage's id and label, edge labels the event, actor, time
//! limit, conditions with their thresholds and a short citation, in an 18 px font set by
//! an `init` directive. Arrows are styled by actor with
//! `linkStyle`: applicant solid blue, authority thick red, court dashed purple, clock
//! dotted grey; stages are filled by whose move it is and final stages drawn as
//! stadiums with a thick border. Label text is escaped with Mermaid's numeric
//! entity codes, so quotes, `#`, `|` and angle brackets in a label cannot break the chart.

use std::fmt::Write;

use crate::event::Actor;
use crate::rules::StageOutcome;

use super::procedure::ProcedureGraph;
use super::style::{ACTORS, actor_colour, actor_line_words, stage_fill, wrap};

/// Text safe inside a quoted Mermaid label; line breaks become `<br/>`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#34;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

impl ProcedureGraph {
    /// The graph as a Mermaid flowchart (without the Markdown code fence).
    pub fn to_mermaid(&self) -> String {
        let mut out = String::new();
        // Large enough for a slide; the directive must come first.
        let _ = writeln!(
            out,
            "%%{{init: {{\"themeVariables\": {{\"fontSize\": \"18px\"}}}}}}%%"
        );
        let _ = writeln!(
            out,
            "%% The procedure of rule set {}: {}",
            self.rule_set(),
            self.title().replace('\n', " ")
        );
        let styles: Vec<String> = ACTORS
            .iter()
            .map(|&actor| format!("{actor} {}", actor_line_words(actor)))
            .collect();
        let _ = writeln!(out, "%% Arrows: {}.", styles.join(", "));
        let _ = writeln!(
            out,
            "%% Transitions by status: {}.",
            self.transition_statuses()
        );
        let _ = writeln!(out, "flowchart TD");
        let _ = writeln!(out, "    start((\"start\"))");
        for stage in self.stages() {
            let mut label = stage.id.clone();
            for line in wrap(&stage.label, 30) {
                label.push('\n');
                label.push_str(&line);
            }
            let node = format!("s{}", stage.stage.0);
            let label = escape(&label);
            if stage.outcome != StageOutcome::Pending || stage.terminal {
                let _ = writeln!(out, "    {node}([\"{label}\"])");
            } else {
                let _ = writeln!(out, "    {node}[\"{label}\"]");
            }
        }
        let _ = writeln!(out, "    start --> s{}", self.start().stage.0);
        // Link 0 is the start arrow; links are numbered in the order they are written.
        let mut links: Vec<(usize, Actor)> = Vec::new();
        for edge in self.transitions() {
            let (Some(from), Some(to)) = (
                self.stages().find(|s| s.id == edge.from),
                self.stages().find(|s| s.id == edge.to),
            ) else {
                continue;
            };
            let arrow = match edge.actor {
                Actor::Applicant => "-->",
                Actor::Authority => "==>",
                Actor::Court | Actor::Clock => "-.->",
            };
            let label = edge.label_lines(38).join("\n");
            let _ = writeln!(
                out,
                "    s{} {arrow}|\"{}\"| s{}",
                from.stage.0,
                escape(&label),
                to.stage.0
            );
            links.push((links.len() + 1, edge.actor));
        }
        let _ = writeln!(out, "    linkStyle 0 stroke:#000000,stroke-width:2px");
        for actor in ACTORS {
            let indices: Vec<String> = links
                .iter()
                .filter(|(_, a)| *a == actor)
                .map(|(index, _)| index.to_string())
                .collect();
            if indices.is_empty() {
                continue;
            }
            let colour = actor_colour(actor);
            let dash = match actor {
                Actor::Applicant => "",
                Actor::Authority => ",stroke-width:3px",
                Actor::Court => ",stroke-dasharray:8 4",
                Actor::Clock => ",stroke-dasharray:2 3",
            };
            let _ = writeln!(
                out,
                "    linkStyle {} stroke:{colour},color:{colour}{dash}",
                indices.join(",")
            );
        }
        let _ = writeln!(
            out,
            "    classDef startMark fill:#000000,color:#ffffff,stroke:#000000"
        );
        let _ = writeln!(out, "    class start startMark");
        for stage in self.stages() {
            let fill = stage_fill(stage);
            let border = if stage.outcome != StageOutcome::Pending || stage.terminal {
                ",stroke-width:4px,stroke-dasharray:0"
            } else if stage.start {
                ",stroke-width:2px"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    style s{} fill:{fill},stroke:#444444{border}",
                stage.stage.0
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_labels_from_breaking_the_chart() {
        assert_eq!(
            escape("a \"b\" | #c <d>\ne"),
            "a #34;b#34; #124; #35;c #60;d#62;<br/>e"
        );
    }
}
