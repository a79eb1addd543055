//! A counterfactual replay as a person reads it: the two traces aligned, the first point
//! of divergence, the outcome side by side, and every assumption used.

use std::fmt::Write;

use crate::counterfactual::{Counterfactual, Derivation};
use crate::replay::{Outcome, Severity};
use crate::rules::StageOutcome;

use super::table::Table;

fn result(outcome: &Outcome) -> String {
    match (outcome.status, outcome.registered_on) {
        (StageOutcome::Registered, Some(date)) => format!("REGISTERED {date}"),
        (StageOutcome::Registered, None) => "REGISTERED".into(),
        (StageOutcome::Pending, _) => format!("not registered ({})", outcome.final_stage),
        (StageOutcome::Ended, _) => format!("ended ({})", outcome.final_stage),
    }
}

/// How a row was derived, in a few words.
pub fn derivation_text(derivation: &Derivation) -> String {
    match derivation {
        Derivation::Kept => "kept".into(),
        Derivation::Replaced { reason, .. } => format!("replaced: {reason}"),
        Derivation::Translated { reason, .. } => format!("translated: {reason}"),
        Derivation::Dropped { reason } => format!("dropped: {reason}"),
        Derivation::Assumed { assumption, value } => format!("assumed: {assumption} = {value}"),
        Derivation::Derived { reason, .. } => format!("derived: {reason}"),
    }
}

/// Renders a counterfactual replay.
pub fn render(cf: &Counterfactual) -> String {
    let mut out = String::new();
    let (factual, other) = (&cf.factual, &cf.counterfactual);
    let model = cf.model.describe();
    let _ = writeln!(out, "{} — counterfactual replay", factual.case.title);
    let _ = writeln!(
        out,
        "real rules:   {} — {}",
        factual.rules.id, factual.rules.title
    );
    let _ = writeln!(
        out,
        "other rules:  {} — {} ({})",
        other.rules.id,
        other.rules.title,
        other.rules.lineage.join(" → ")
    );
    if other.rules.id.contains('→') || factual.rules.id.contains('→') {
        let _ = writeln!(
            out,
            "by date:      {}",
            crate::rules::timeline::TRANSITION_NOTE
        );
    }
    if let Some(base) = &cf.base {
        if base.own_base {
            let _ = writeln!(
                out,
                "base:         {} — the case's own rules; the reform's default base is {}, whose values differ:",
                base.base,
                base.default_base.as_deref().unwrap_or("-")
            );
        } else {
            let _ = writeln!(
                out,
                "base:         {} — NOT the case's own rules ({}); a regime change is mixed into this counterfactual:",
                base.base, base.own
            );
        }
        for difference in &base.differences {
            let _ = writeln!(out, "                {difference}");
        }
    }
    let _ = writeln!(out, "authority:    {model}");
    if cf.act_earlier {
        let _ = writeln!(
            out,
            "ASSUMED:      act_earlier — the group takes each step as soon as these rules allow, not on its real date (its real acts are shown beside)"
        );
    }
    let _ = writeln!(out, "as of:        {}", factual.as_of);
    out.push('\n');
    let mut table = Table::new(["#", "real event", "counterfactual event", "how"]);
    for row in &cf.rows {
        let real = row
            .factual
            .as_ref()
            .map_or(String::from("—"), |e| format!("{} {}", e.date, e.event));
        let derived = row.counterfactual.as_ref().map_or(String::from("—"), |e| {
            let stage = &other.steps[e.index].stage_after;
            format!("{} {} → {stage}", e.date, e.event)
        });
        let index = row
            .factual
            .as_ref()
            .map_or(String::from("+"), |e| e.index.to_string());
        table.row([index, real, derived, derivation_text(&row.derivation)]);
    }
    out.push_str(&table.render("  "));
    out.push('\n');
    match &cf.divergence {
        None => {
            out.push_str("No divergence: the record plays out the same under both rule sets.\n")
        }
        Some(divergence) => {
            let place = divergence
                .factual_event
                .map_or(String::new(), |index| format!("event {index}, "));
            let _ = writeln!(
                out,
                "First divergence ({place}{}): {}",
                divergence.date, divergence.description
            );
            let _ = write!(out, "  rule: {}", divergence.rule);
            if let Some(citation) = &divergence.citation {
                let _ = write!(out, " — {citation}");
            }
            out.push('\n');
        }
    }
    out.push('\n');
    let (f, c) = (&factual.outcome, &other.outcome);
    let mut table = Table::new([
        "outcome".to_string(),
        format!("real ({})", factual.rules.id),
        format!("counterfactual ({})", other.rules.id),
        "change".to_string(),
    ]);
    table.row(["result".to_string(), result(f), result(c), String::new()]);
    let days = |o: &Outcome| {
        o.days_from_first_filing
            .map_or(String::from("-"), |d| d.to_string())
    };
    let change = match (f.days_from_first_filing, c.days_from_first_filing) {
        (Some(a), Some(b)) if f.registered_on.is_some() && c.registered_on.is_some() => {
            format!("{:+}", b - a)
        }
        (_, Some(b)) if f.registered_on.is_none() && c.registered_on.is_some() => {
            format!("registered after {b} days instead of not at all")
        }
        _ => String::new(),
    };
    table.row([
        "days from first filing".to_string(),
        days(f),
        days(c),
        change,
    ]);
    for (label, a, b) in [
        ("attempts", f.attempts as i64, c.attempts as i64),
        ("refusals", f.refusals as i64, c.refusals as i64),
        (
            "remark rounds",
            f.remark_rounds as i64,
            c.remark_rounds as i64,
        ),
        ("appeals", f.appeals as i64, c.appeals as i64),
        (
            "days waiting on the authority",
            f.days_waiting_on_authority as i64,
            c.days_waiting_on_authority as i64,
        ),
    ] {
        // A refusal count the sources give only as a minimum ("several") is shown as one.
        let count = |value: i64, at_least: bool| {
            if label == "refusals" && at_least && value > 0 {
                format!("≥{value}")
            } else {
                value.to_string()
            }
        };
        table.row([
            label.to_string(),
            count(a, f.refusals_at_least),
            count(b, c.refusals_at_least),
            if a == b {
                String::new()
            } else {
                format!("{:+}", b - a)
            },
        ]);
    }
    out.push_str(&table.render("  "));
    out.push('\n');
    if cf.assumptions_used.is_empty() {
        out.push_str("Assumptions used: none beyond the case file's own.\n");
    } else {
        out.push_str("Assumptions used (steps the record lacks):\n");
        for used in &cf.assumptions_used {
            let _ = writeln!(
                out,
                "  {} = {} ({}): {} — {}",
                used.name, used.value, used.origin, used.meaning, used.note
            );
        }
    }
    out.push_str(&rests_on(cf));
    let departures: Vec<_> = other
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Departure)
        .collect();
    if !departures.is_empty() {
        let _ = writeln!(
            out,
            "Departures from {} that the derived record still contains (real acts kept at their real dates, carried over):",
            other.rules.id
        );
        for finding in departures {
            let _ = writeln!(out, "  {}: {}", finding.date, finding.message);
        }
    }
    out
}

/// What the counterfactual's numbers rest on beyond the record: unrecorded numbers,
/// thresholds judged again, events the case file itself assumes, and events dated outside
/// the base regime's period.
pub fn rests_on(cf: &Counterfactual) -> String {
    let mut out = String::new();
    if !cf.conditions.is_empty() {
        let _ = writeln!(out, "CONDITIONAL: the counterfactual outcome holds only if");
        for condition in &cf.conditions {
            let _ = writeln!(
                out,
                "  {} (checked at `{}` on {})",
                condition.text, condition.event, condition.date
            );
        }
    }
    if !cf.rejudged.is_empty() {
        out.push_str("Threshold refusals judged again on the record's numbers:\n");
        for note in &cf.rejudged {
            let _ = writeln!(
                out,
                "  {}: {} {} — {}",
                note.date,
                note.defect.name(),
                if note.stands { "stands" } else { "dropped" },
                note.reason
            );
        }
    }
    let assumed: Vec<_> = cf
        .factual
        .steps
        .iter()
        .filter(|step| step.confidence != crate::source::Confidence::Confirmed)
        .collect();
    if !assumed.is_empty() {
        let _ = writeln!(
            out,
            "Events the case file itself does not confirm ({}): figures counting them rest on them",
            assumed.len()
        );
        for step in assumed {
            let _ = writeln!(
                out,
                "  #{} {} {} ({})",
                step.index, step.date, step.event, step.confidence
            );
        }
    }
    if !cf.out_of_force.is_empty() {
        out.push_str("Judged under rules not in force on the date:\n");
        for event in &cf.out_of_force {
            let _ = writeln!(out, "  {}", event.message);
        }
    }
    out
}
