//! CSV (RFC 4180, CRLF line ends, see `report::csv_table`): a header row, then one row per
//! trace step, aligned row or comparison row. Each column holds one kind of value: a
//! comparison's `delta_registration` is a word (`gained`, `lost`, `same`) and
//! `delta_registered` the same change as a number (1, -1, 0); `--explain` fills the
//! `explanation` column (one line per step of the explanation, in one quoted field).

use super::Exporter;
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
use crate::report::counterfactual_text::derivation_text;
use crate::report::csv_table::table as lines;

/// The CSV exporter.
pub struct Csv;

/// `delta_registration` as a number, so the column can be summed: 1 gained, -1 lost,
/// 0 the same.
fn registration_change(word: &str) -> i8 {
    match word {
        "gained" => 1,
        "lost" => -1,
        _ => 0,
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

impl Exporter for Csv {
    fn replay(&self, replay: &Replay) -> String {
        lines(
            &[
                "case",
                "rules",
                "index",
                "date",
                "event",
                "actor",
                "confidence",
                "stage_before",
                "stage_after",
                "transition",
                "limit",
                "limit_due",
                "limit_kept",
                "source",
            ],
            replay.steps.iter().map(|s| {
                vec![
                    replay.case.id.clone(),
                    replay.rules.id.clone(),
                    s.index.to_string(),
                    s.date.to_string(),
                    s.event.to_string(),
                    s.actor.to_string(),
                    s.confidence.to_string(),
                    s.stage_before.clone(),
                    s.stage_after.clone(),
                    s.transition.clone(),
                    opt(s.time_limit.as_ref().map(|l| l.parameter.clone())),
                    opt(s.time_limit.as_ref().map(|l| l.due)),
                    opt(s.time_limit.as_ref().map(|l| l.kept)),
                    opt(s.source.clone()),
                ]
            }),
        )
    }

    fn counterfactual(&self, cf: &Counterfactual) -> String {
        lines(
            &[
                "case",
                "real_rules",
                "other_rules",
                "real_index",
                "real_date",
                "real_event",
                "cf_date",
                "cf_event",
                "how",
            ],
            cf.rows
                .iter()
                .map(|row| {
                    vec![
                        cf.factual.case.id.clone(),
                        cf.factual.rules.id.clone(),
                        cf.counterfactual.rules.id.clone(),
                        opt(row.factual.as_ref().map(|e| e.index)),
                        opt(row.factual.as_ref().map(|e| e.date)),
                        opt(row.factual.as_ref().map(|e| e.event)),
                        opt(row.counterfactual.as_ref().map(|e| e.date)),
                        opt(row.counterfactual.as_ref().map(|e| e.event)),
                        derivation_text(&row.derivation),
                    ]
                })
                // The outcome table closes the file, its figures marked as in every format
                // (`†` on a figure that rests on an assumed or unconfirmed event).
                .chain(
                    crate::report::counterfactual_notes::outcome_rows(cf)
                        .1
                        .into_iter()
                        .map(|[label, real, other, change]| {
                            vec![
                                cf.factual.case.id.clone(),
                                cf.factual.rules.id.clone(),
                                cf.counterfactual.rules.id.clone(),
                                String::new(),
                                String::new(),
                                String::new(),
                                String::new(),
                                String::new(),
                                format!(
                                    "outcome: {label}: real {real}; counterfactual {other}{}",
                                    if change.is_empty() {
                                        String::new()
                                    } else {
                                        format!("; change {change}")
                                    }
                                ),
                            ]
                        }),
                ),
        )
    }

    fn comparison(&self, comparison: &Comparison) -> String {
        lines(
            &[
                "case",
                "kind",
                "rules",
                "baseline",
                "counterfactual",
                "applicable",
                "final_stage",
                "registered",
                "registered_on",
                "days",
                "attempts",
                "refusals",
                "refusals_at_least",
                "remark_rounds",
                "appeals",
                "authority_days",
                "delta_registration",
                "delta_registered",
                "delta_days",
                "delta_refusals",
                "delta_attempts",
                "delta_remark_rounds",
                "delta_appeals",
                "delta_authority_days",
                "assumptions",
                "conditions",
                "unconfirmed_events",
                "out_of_force",
                "derived_to",
                "unconfirmed_figures",
                "explanation",
            ],
            comparison.rows.iter().map(|r| {
                // A row derived only to an earlier day has no difference from the baseline:
                // its counts cover another period (see `derived_to`).
                let d = r.delta.as_ref().filter(|_| r.derived_to.is_none());
                // A rule set that does not apply to the case has no outcome: its figures
                // are empty, never zeros a spreadsheet would average in.
                let figure = |value: String| if r.applicable { value } else { String::new() };
                vec![
                    r.case.clone(),
                    format!("{:?}", r.kind).to_lowercase(),
                    r.rules.clone(),
                    r.baseline.to_string(),
                    r.counterfactual.to_string(),
                    r.applicable.to_string(),
                    r.final_stage.clone(),
                    figure(r.registered.to_string()),
                    opt(r.registered_on),
                    opt(r.days),
                    figure(r.attempts.to_string()),
                    figure(r.refusals.to_string()),
                    figure(r.refusals_at_least.to_string()),
                    figure(r.remark_rounds.to_string()),
                    figure(r.appeals.to_string()),
                    figure(r.authority_days.to_string()),
                    opt(d.map(|d| d.registration.clone())),
                    opt(d.map(|d| registration_change(&d.registration))),
                    opt(d.and_then(|d| d.days)),
                    opt(d.map(|d| d.refusals)),
                    opt(d.map(|d| d.attempts)),
                    opt(d.map(|d| d.remark_rounds)),
                    opt(d.map(|d| d.appeals)),
                    opt(d.map(|d| d.authority_days)),
                    r.assumptions.join("; "),
                    r.conditions.join("; "),
                    r.unconfirmed_events.len().to_string(),
                    r.out_of_force.len().to_string(),
                    opt(r.derived_to.as_ref().map(|limit| limit.derived_to)),
                    r.unconfirmed_figures.join(" "),
                    r.explanation.join("\n"),
                ]
            }),
        )
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        crate::report::simulation::render_csv(report)
    }
}
