//! Markdown: GitHub-flavoured tables that paste into a report.

use std::fmt::Write;

use super::{Exporter, result_word};
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
use crate::report::comparison_notes;
use crate::report::counterfactual_notes as notes;
use crate::report::counterfactual_text::derivation_text;

/// The Markdown exporter.
pub struct Markdown;

/// Escapes a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        header.iter().map(|_| " --- ").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

fn outcome_rows(replay: &Replay) -> Vec<Vec<String>> {
    let o = &replay.outcome;
    vec![
        vec![
            "result".into(),
            result_word(o.registered_on.is_some(), o.registered_on, &o.final_stage),
        ],
        vec![
            "days from first filing".into(),
            o.days_from_first_filing
                .map_or("-".into(), |d| d.to_string()),
        ],
        vec!["attempts".into(), o.attempts.to_string()],
        vec![
            "refusals".into(),
            super::refusal_count(o.refusals, o.refusals_at_least),
        ],
        vec!["remark rounds".into(), o.remark_rounds.to_string()],
        vec!["appeals".into(), o.appeals.to_string()],
        vec![
            "days waiting on the authority".into(),
            o.days_waiting_on_authority.to_string(),
        ],
    ]
}

impl Exporter for Markdown {
    fn replay(&self, replay: &Replay) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## {} — replay under `{}`\n",
            replay.case.title, replay.rules.id
        );
        let rows: Vec<Vec<String>> = replay
            .steps
            .iter()
            .map(|s| {
                vec![
                    s.index.to_string(),
                    s.date.to_string(),
                    s.confidence.to_string(),
                    s.event.to_string(),
                    format!("{} → {}", s.stage_before, s.stage_after),
                    s.time_limit.as_ref().map_or(String::new(), |l| {
                        format!(
                            "{} [{}] due {}{}: {}",
                            l.parameter,
                            l.status,
                            l.due,
                            if l.due_uncertain.is_some() {
                                " (uncertain)"
                            } else {
                                ""
                            },
                            if l.kept { "kept" } else { "**missed**" }
                        )
                    }),
                ]
            })
            .collect();
        table(
            &mut out,
            &["#", "date", "basis", "event", "stage", "time limit"],
            &rows,
        );
        out.push_str("\n### Findings\n\n");
        if replay.findings.is_empty() {
            out.push_str("None: the record follows the rules.\n");
        }
        for f in &replay.findings {
            let cite = f
                .citation
                .as_ref()
                .map_or(String::new(), |c| format!(" — {c}"));
            let rests = crate::report::sensitivity_notes::rests_on(f)
                .map_or(String::new(), |rests| format!("; {rests}"));
            let _ = writeln!(
                out,
                "- **{:?}** {}: {} (rule `{}`{cite}{rests})",
                f.severity, f.date, f.message, f.rule
            );
        }
        let sensitivity = crate::report::sensitivity_notes::lines(replay);
        if !sensitivity.is_empty() {
            out.push_str("\n### Sensitivity to what the record does not establish\n\n");
            for line in sensitivity {
                let _ = writeln!(out, "- {line}");
            }
        }
        out.push_str("\n### Outcome\n\n");
        table(&mut out, &["", "value"], &outcome_rows(replay));
        out
    }

    fn counterfactual(&self, cf: &Counterfactual) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## {} — `{}` vs `{}`\n",
            cf.factual.case.title, cf.factual.rules.id, cf.counterfactual.rules.id
        );
        for (label, lines) in notes::header(cf) {
            let _ = writeln!(out, "- **{label}**: {}", lines.join(" "));
        }
        let _ = writeln!(out, "- **as of**: {}\n", cf.factual.as_of);
        let rows: Vec<Vec<String>> = cf
            .rows
            .iter()
            .map(|row| {
                vec![
                    row.factual
                        .as_ref()
                        .map_or("+".into(), |e| e.index.to_string()),
                    row.factual
                        .as_ref()
                        .map_or("—".into(), |e| notes::row_event(&cf.factual.steps, e)),
                    row.counterfactual.as_ref().map_or("—".into(), |e| {
                        notes::row_event(&cf.counterfactual.steps, e)
                    }),
                    derivation_text(&row.derivation),
                ]
            })
            .collect();
        table(
            &mut out,
            &["#", "real event", "counterfactual event", "how"],
            &rows,
        );
        if let Some(d) = &cf.divergence {
            let cite = d
                .citation
                .as_ref()
                .map_or(String::new(), |c| format!(" — {c}"));
            let _ = writeln!(
                out,
                "\n**First divergence** ({}): {} (rule `{}`{cite})",
                d.date, d.description, d.rule
            );
        }
        out.push_str("\n### Outcome\n\n");
        let (header, rows) = notes::outcome_rows(cf);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = rows.into_iter().map(|row| row.to_vec()).collect();
        table(&mut out, &header, &rows);
        for section in notes::sections(cf) {
            let _ = writeln!(out, "\n### {}", section.heading);
            if !section.lines.is_empty() {
                out.push('\n');
            }
            for line in &section.lines {
                let _ = writeln!(out, "- {line}");
            }
        }
        out
    }

    fn comparison(&self, comparison: &Comparison) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## Comparison under {} (baseline `{}`)\n",
            comparison
                .rules
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", "),
            comparison.baseline
        );
        let rows: Vec<Vec<String>> = comparison
            .rows
            .iter()
            .map(|row| {
                let mut cells = comparison_notes::cells(row, true);
                cells.resize(comparison_notes::HEADER.len(), String::new());
                cells
            })
            .collect();
        table(&mut out, &comparison_notes::HEADER, &rows);
        for note in comparison_notes::notes(comparison) {
            let _ = writeln!(out, "\n### {}\n", note.heading);
            if let Some(text) = &note.text {
                let _ = writeln!(out, "{text}:\n");
            }
            for (row, lines) in &note.entries {
                match lines.as_slice() {
                    [one] if note.key != "explanation" => {
                        let _ = writeln!(out, "- **{row}**: {one}");
                    }
                    many => {
                        let _ = writeln!(out, "- **{row}**:");
                        for line in many {
                            let _ = writeln!(out, "  - {line}");
                        }
                    }
                }
            }
        }
        out.push('\n');
        out.push_str(crate::report::rules_text::STATUS_KEY);
        out
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        crate::report::simulation::render_markdown(report)
    }
}
