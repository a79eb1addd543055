//! A counterfactual replay as a person reads it: the two traces aligned, the first point
//! of divergence, the outcome side by side, and every assumption used.

use std::fmt::Write;

use crate::counterfactual::{Counterfactual, Derivation};
use crate::replay::Outcome;
use crate::rules::StageOutcome;

use super::counterfactual_notes as notes;
use super::table::Table;

fn result(outcome: &Outcome) -> String {
    match (outcome.status, outcome.registered_on) {
        (StageOutcome::Registered, Some(date)) => format!("REGISTERED {date}"),
        (StageOutcome::Registered, None) => "REGISTERED".into(),
        (StageOutcome::Pending, _) => format!("not registered ({})", outcome.final_stage),
        (StageOutcome::Ended, _) => format!("ended ({})", outcome.final_stage),
    }
}

/// The change in one count; a refusal count the sources give only as a minimum makes
/// the change a bound (`≤-2`), or undetermined when both sides are minimums.
fn change_of(
    label: &str,
    real: i64,
    other: i64,
    real_minimum: bool,
    other_minimum: bool,
) -> String {
    let minimum = label == "refusals" && (real_minimum || other_minimum);
    match (
        minimum,
        real_minimum && real > 0,
        other_minimum && other > 0,
    ) {
        (true, true, true) if real != other => "undetermined (both are minimums)".to_string(),
        (true, true, false) => format!("≤{:+}", other - real),
        (true, false, true) => format!("≥{:+}", other - real),
        _ if real == other => String::new(),
        _ => format!("{:+}", other - real),
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
    for (label, lines) in notes::header(cf) {
        for (position, line) in lines.iter().enumerate() {
            let label = if position == 0 {
                format!("{label}:")
            } else {
                String::new()
            };
            let _ = writeln!(out, "{label:<13} {line}");
        }
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
    let mut counterfactual_result = result(c);
    if !cf.conditions.is_empty() {
        counterfactual_result.push_str(" — CONDITIONAL (see below)");
    }
    table.row([
        "result".to_string(),
        result(f),
        counterfactual_result,
        String::new(),
    ]);
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
            change_of(label, a, b, f.refusals_at_least, c.refusals_at_least),
        ]);
    }
    out.push_str(&table.render("  "));
    out.push('\n');
    for section in notes::sections(cf) {
        if section.lines.is_empty() {
            let _ = writeln!(out, "{}.", section.heading);
            continue;
        }
        let _ = writeln!(out, "{}:", section.heading);
        for line in &section.lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}
