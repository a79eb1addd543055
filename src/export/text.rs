//! Terminal text: aligned tables and timelines.

use std::fmt::Write;

use super::Exporter;
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
use crate::report::comparison_notes;
use crate::report::table::Table;
use crate::report::{counterfactual_text, replay_text};

/// The text exporter.
pub struct Text;

impl Exporter for Text {
    fn replay(&self, replay: &Replay) -> String {
        replay_text::render(replay)
    }

    fn counterfactual(&self, counterfactual: &Counterfactual) -> String {
        counterfactual_text::render(counterfactual)
    }

    fn comparison(&self, comparison: &Comparison) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Comparison of {} under {} (baseline {}; authority model: {})",
            plural_cases(comparison),
            comparison.rules.join(", "),
            comparison.baseline,
            comparison.authority.name()
        );
        out.push('\n');
        let mut table = Table::new(comparison_notes::HEADER);
        let mut last_case = "";
        for row in &comparison.rows {
            table.row(comparison_notes::cells(row, row.case != last_case));
            last_case = &row.case;
        }
        out.push_str(&table.render("  "));
        for note in comparison_notes::notes(comparison) {
            let _ = writeln!(out, "\n{}:", note.text.as_ref().unwrap_or(&note.heading));
            for (row, lines) in &note.entries {
                match lines.as_slice() {
                    [one] if note.key != "explanation" => {
                        let _ = writeln!(out, "  {row}: {one}");
                    }
                    many => {
                        let _ = writeln!(out, "  {row}:");
                        for line in many {
                            let _ = writeln!(out, "    - {line}");
                        }
                    }
                }
            }
        }
        out.push_str(crate::report::rules_text::STATUS_KEY);
        out.push_str("\n`days` runs from the first filing to registration, or, when not registered, to the day the case is evaluated (its last event, or the later day its recorded outcome describes); - where the first filing has no recorded day.\n");
        out
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        crate::report::simulation::render_text(report)
    }
}

fn plural_cases(comparison: &Comparison) -> String {
    let mut cases: Vec<&str> = comparison
        .rows
        .iter()
        .map(|row| row.case.as_str())
        .collect();
    cases.dedup();
    if cases.len() == 1 {
        "1 case".into()
    } else {
        format!("{} cases", cases.len())
    }
}
