//! CSV (RFC 4180): a header row, then one row per trace step, aligned row or comparison
//! row; fields with commas, quotes or line breaks are quoted.

use super::Exporter;
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;
use crate::report::counterfactual_text::derivation_text;

/// The CSV exporter.
pub struct Csv;

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn lines(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
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
            cf.rows.iter().map(|row| {
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
            }),
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
                "unconfirmed_figures",
            ],
            comparison.rows.iter().map(|r| {
                let d = r.delta.as_ref();
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
                    r.unconfirmed_figures.join(" "),
                ]
            }),
        )
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        crate::report::simulation::render_csv(report)
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
    }
}
