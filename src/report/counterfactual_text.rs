//! A counterfactual replay as a person reads it: the two traces aligned, the first point
//! of divergence, the outcome side by side, and every assumption used.

use std::fmt::Write;

use crate::counterfactual::{Counterfactual, Derivation};

use super::counterfactual_notes as notes;
use super::table::Table;

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
        // Dates as the record gives them (`2025-08` for a month-only date).
        let real = row.factual.as_ref().map_or(String::from("—"), |e| {
            super::counterfactual_notes::row_event(&cf.factual.steps, e)
        });
        let derived = row.counterfactual.as_ref().map_or(String::from("—"), |e| {
            format!(
                "{} → {}",
                super::counterfactual_notes::row_event(&other.steps, e),
                other.steps[e.index].stage_after
            )
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
    let (header, rows) = notes::outcome_rows(cf);
    let mut table = Table::new(header);
    for row in rows {
        table.row(row);
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
