//! Markdown: GitHub-flavoured tables that paste into a report.

use std::fmt::Write;

use super::{Exporter, result_word, signed};
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
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
            let _ = writeln!(
                out,
                "- **{:?}** {}: {} (rule `{}`{cite})",
                f.severity, f.date, f.message, f.rule
            );
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
                        .map_or("—".into(), |e| format!("{} {}", e.date, e.event)),
                    row.counterfactual
                        .as_ref()
                        .map_or("—".into(), |e| format!("{} {}", e.date, e.event)),
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
        let (f, c) = (outcome_rows(&cf.factual), outcome_rows(&cf.counterfactual));
        let rows: Vec<Vec<String>> = f
            .into_iter()
            .zip(c)
            .map(|(a, b)| vec![a[0].clone(), a[1].clone(), b[1].clone()])
            .collect();
        table(
            &mut out,
            &[
                "",
                &format!("real (`{}`)", cf.factual.rules.id),
                &format!("counterfactual (`{}`)", cf.counterfactual.rules.id),
            ],
            &rows,
        );
        if !cf.assumptions_used.is_empty() {
            out.push_str("\n### Assumptions used\n\n");
            for a in &cf.assumptions_used {
                let _ = writeln!(
                    out,
                    "- `{}` = {} ({}): {} — {}",
                    a.name, a.value, a.origin, a.meaning, a.note
                );
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
                let d = row.delta.as_ref();
                let dagger = |figure: &str| {
                    if row.unconfirmed_figures.iter().any(|f| f == figure) {
                        "†"
                    } else {
                        ""
                    }
                };
                let kind = match (row.baseline, row.counterfactual) {
                    (true, false) => " (baseline, factual)",
                    (true, true) => " (baseline, counterfactual)",
                    (false, false) => " (factual)",
                    (false, true) => "",
                };
                vec![
                    row.case.clone(),
                    format!(
                        "{}{kind}{}",
                        row.rules,
                        if row.conditions.is_empty() { "" } else { " *" }
                    ),
                    if row.applicable {
                        format!(
                            "{}{}",
                            result_word(row.registered, row.registered_on, &row.final_stage),
                            dagger("registered_on")
                        )
                    } else {
                        row.final_stage.clone()
                    },
                    row.days
                        .map_or("-".into(), |d| format!("{d}{}", dagger("days"))),
                    format!(
                        "{}{}",
                        super::refusal_count(row.refusals, row.refusals_at_least),
                        dagger("refusals")
                    ),
                    row.remark_rounds.to_string(),
                    row.appeals.to_string(),
                    row.authority_days.to_string(),
                    d.map_or(String::new(), |d| {
                        if d.registration == "same" {
                            d.days.map_or(String::new(), |x| signed(x as i64))
                        } else {
                            d.registration.clone()
                        }
                    }),
                    d.map_or(String::new(), |d| signed(d.refusals)),
                ]
            })
            .collect();
        table(
            &mut out,
            &[
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
            ],
            &rows,
        );
        let explained: Vec<_> = comparison.explained_rows().collect();
        if !explained.is_empty() {
            out.push_str("\n### Why the outcomes differ\n");
            for row in explained {
                let _ = writeln!(out, "\n**{}** under `{}`:\n", row.case, row.rules);
                for sentence in &row.explanation {
                    let _ = writeln!(out, "- {sentence}");
                }
            }
        }
        let ranged: Vec<_> = comparison.rows_with_range().collect();
        if !ranged.is_empty() {
            out.push_str("\n### Range across authority models\n\n");
            for row in ranged {
                let outcomes: Vec<String> = row.range.iter().map(|o| o.describe()).collect();
                let _ = writeln!(
                    out,
                    "- **{}** under `{}`: {}",
                    row.case,
                    row.rules,
                    outcomes.join("; ")
                );
            }
        }
        let conditional: Vec<_> = comparison.conditional_rows().collect();
        if !conditional.is_empty() {
            out.push_str("\n### Conditional outcomes\n\n");
            for row in conditional {
                let _ = writeln!(
                    out,
                    "- **{}** under `{}` holds only if {}",
                    row.case,
                    row.rules,
                    row.conditions.join("; ")
                );
            }
        }
        let assumed: Vec<_> = comparison.rows_with_assumptions().collect();
        if !assumed.is_empty() {
            out.push_str("\n### Assumptions used\n\n");
            for row in assumed {
                let _ = writeln!(
                    out,
                    "- **{}** under `{}`: {}",
                    row.case,
                    row.rules,
                    row.assumptions.join(", ")
                );
            }
        }
        out.push_str("\n### Values behind these numbers, by status\n\n");
        for rules in &comparison.statuses {
            let _ = writeln!(out, "- `{}`: {}", rules.id, rules.counts);
        }
        out
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        crate::report::simulation::render_markdown(report)
    }
}
