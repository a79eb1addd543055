//! Terminal text: aligned tables and timelines.

use std::fmt::Write;

use super::{Exporter, result_word, signed};
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
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
        let mut table = Table::new([
            "case",
            "rules",
            "result",
            "days",
            "refusals",
            "remarks",
            "appeals",
            "authority days",
            "Δ days",
            "Δ refusals",
        ]);
        let mut last_case = "";
        for row in &comparison.rows {
            let case = if row.case == last_case {
                String::new()
            } else {
                row.case.clone()
            };
            last_case = &row.case;
            let marker = match (row.baseline, row.counterfactual, row.conditions.is_empty()) {
                (true, false, _) => " (baseline, factual)",
                (true, true, true) => " (baseline, counterfactual)",
                (true, true, false) => " (baseline, counterfactual)*",
                (false, false, _) => " (own, factual)",
                (false, true, true) => "",
                (false, true, false) => " *",
            };
            if !row.applicable {
                table.row([
                    case,
                    format!("{}{marker}", row.rules),
                    row.final_stage.clone(),
                ]);
                continue;
            }
            let delta = row.delta.as_ref();
            let delta_days =
                delta.map_or(String::new(), |d| match (d.registration.as_str(), d.days) {
                    ("gained", _) => "gained".into(),
                    ("lost", _) => "lost".into(),
                    (_, Some(days)) => signed(days as i64),
                    _ => String::new(),
                });
            let dagger = |figure: &str| {
                if row.unconfirmed_figures.iter().any(|f| f == figure) {
                    "†"
                } else {
                    ""
                }
            };
            table.row([
                case,
                format!("{}{marker}", row.rules),
                format!(
                    "{}{}",
                    result_word(row.registered, row.registered_on, &row.final_stage),
                    dagger("registered_on")
                ),
                row.days
                    .map_or(String::from("-"), |d| format!("{d}{}", dagger("days"))),
                format!(
                    "{}{}",
                    super::refusal_count(row.refusals, row.refusals_at_least),
                    dagger("refusals")
                ),
                row.remark_rounds.to_string(),
                row.appeals.to_string(),
                row.authority_days.to_string(),
                delta_days,
                delta.map_or(String::new(), |d| signed(d.refusals)),
            ]);
        }
        out.push_str(&table.render("  "));
        let with_assumptions: Vec<_> = comparison.rows_with_assumptions().collect();
        if !with_assumptions.is_empty() {
            out.push_str(
                "\nAssumptions used by the counterfactual rows (steps the records lack):\n",
            );
            for row in with_assumptions {
                let _ = writeln!(
                    out,
                    "  {} under {}: {}",
                    row.case,
                    row.rules,
                    row.assumptions.join(", ")
                );
            }
        }
        let ranged: Vec<_> = comparison.rows_with_range().collect();
        if !ranged.is_empty() {
            out.push_str("\nRange across authority models (worst … lawful; * conditional):\n");
            for row in ranged {
                let outcomes: Vec<String> = row.range.iter().map(|o| o.describe()).collect();
                let _ = writeln!(
                    out,
                    "  {} under {}: {}",
                    row.case,
                    row.rules,
                    outcomes.join("; ")
                );
            }
        }
        let conditional: Vec<_> = comparison.conditional_rows().collect();
        if !conditional.is_empty() {
            out.push_str("\nCONDITIONAL rows (*): the outcome holds only if\n");
            for row in conditional {
                let _ = writeln!(
                    out,
                    "  {} under {}: {}",
                    row.case,
                    row.rules,
                    row.conditions.join("; ")
                );
            }
        }
        let unconfirmed: Vec<_> = comparison
            .rows
            .iter()
            .filter(|row| !row.unconfirmed_events.is_empty() && row.baseline)
            .collect();
        if !unconfirmed.is_empty() {
            out.push_str("\n† the figure counts, or is dated by, events the case file does not confirm (assumed or inferred there) or an assumption placed; for example:\n");
            for row in unconfirmed {
                let _ = writeln!(
                    out,
                    "  {}: {} event(s), e.g. {}",
                    row.case,
                    row.unconfirmed_events.len(),
                    row.unconfirmed_events
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        let out_of_force: Vec<_> = comparison
            .rows
            .iter()
            .filter(|row| !row.out_of_force.is_empty())
            .collect();
        if !out_of_force.is_empty() {
            out.push_str("\nRows judged under rules not in force on the events' dates:\n");
            for row in out_of_force {
                let _ = writeln!(
                    out,
                    "  {} under {}: {} event(s), first: {}",
                    row.case,
                    row.rules,
                    row.out_of_force.len(),
                    row.out_of_force[0]
                );
            }
        }
        let explained: Vec<_> = comparison.explained_rows().collect();
        if !explained.is_empty() {
            out.push_str("\nWhy the outcomes differ:\n");
            for row in explained {
                let _ = writeln!(out, "  {} under {}:", row.case, row.rules);
                for sentence in &row.explanation {
                    let _ = writeln!(out, "    - {sentence}");
                }
            }
        }
        out.push_str("\nValues behind these numbers, by status:\n");
        for rules in &comparison.statuses {
            let _ = writeln!(out, "  {}: {}", rules.id, rules.counts);
        }
        out.push_str(crate::report::rules_text::STATUS_KEY);
        out.push_str("\n`days` runs from the first filing to registration, or to the case's last event when not registered.\n");
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
