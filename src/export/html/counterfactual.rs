//! A counterfactual replay as a page: the two rule sets and the authority model, the
//! real and the derived timelines on one date scale, the aligned rows with how each was
//! derived, the first divergence, the outcomes side by side, and everything the
//! counterfactual rests on (assumptions, conditions, unconfirmed events, rules not in
//! force), then both records step by step with their statuses and sources.

use std::fmt::Write;

use super::page::page;
use super::replay::{timeline_figure, trace_table};
use super::timeline::Timeline;
use super::{Align, Table, escape, facts, list, status_key};
use crate::counterfactual::Counterfactual;
use crate::report::counterfactual_notes as notes;
use crate::report::counterfactual_text::derivation_text;

/// The page of a counterfactual replay.
pub fn render(cf: &Counterfactual) -> String {
    let (factual, other) = (&cf.factual, &cf.counterfactual);
    let subtitle = format!(
        "— counterfactual replay under <code>{}</code>",
        escape(&other.rules.id)
    );
    let mut body = header(cf);
    body.push_str("<h2>Timelines: the record and the counterfactual</h2>\n");
    let span = [
        Timeline::of_replay("a", "", factual).span(),
        Timeline::of_replay("b", "", other).span(),
    ]
    .into_iter()
    .flatten()
    .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    body.push_str(&timeline_figure(
        factual,
        "timeline-real",
        &format!("The record under the real rules ({})", factual.rules.id),
        span,
    ));
    body.push_str(&timeline_figure(
        other,
        "timeline-counterfactual",
        &format!("The counterfactual under {}", other.rules.id),
        span,
    ));
    body.push_str("<h2>The record and the counterfactual, row by row</h2>\n");
    body.push_str(&aligned(cf));
    body.push_str(&divergence(cf));
    body.push_str("<h2>Outcome</h2>\n");
    body.push_str(&outcomes(cf));
    body.push_str("<h2>What the counterfactual rests on</h2>\n");
    body.push_str(&rests_on(cf));
    body.push_str("<h2>Both records, step by step</h2>\n");
    body.push_str(&trace_table(
        factual,
        &format!(
            "The record under the real rules ({}), with each step's rule, status and source",
            factual.rules.id
        ),
    ));
    body.push_str(&trace_table(
        other,
        &format!(
            "The derived record under {}, with each step's rule, status and source",
            other.rules.id
        ),
    ));
    body.push_str(&status_key());
    page(
        "regsim counterfactual replay",
        &factual.case.title,
        &subtitle,
        &body,
    )
}

fn header(cf: &Counterfactual) -> String {
    let (factual, other) = (&cf.factual, &cf.counterfactual);
    let mut items = vec![
        (
            "real rules",
            format!(
                "<code>{}</code> — {}",
                escape(&factual.rules.id),
                escape(&factual.rules.title)
            ),
        ),
        (
            "other rules",
            format!(
                "<code>{}</code> — {} ({})",
                escape(&other.rules.id),
                escape(&other.rules.title),
                escape(&other.rules.lineage.join(" → "))
            ),
        ),
    ];
    for (label, lines) in notes::header(cf) {
        let lead = lines.first().map_or(String::new(), |lead| escape(lead));
        let rest: Vec<String> = lines
            .iter()
            .skip(1)
            .map(|line| escape(line.trim()))
            .collect();
        let value = if rest.is_empty() {
            lead
        } else {
            lead + &list(rest)
        };
        items.push((label, value));
    }
    items.push(("as of", factual.as_of.to_string()));
    facts(&items)
}

fn aligned(cf: &Counterfactual) -> String {
    let other = &cf.counterfactual;
    let mut table = Table::new(
        "Each real event and its counterpart under the other rules, and how it was derived",
    )
    .column("#", Align::Right)
    .column("real event", Align::Left)
    .column("counterfactual event", Align::Left)
    .column("how", Align::Left)
    .class("trace");
    for row in &cf.rows {
        let real = row.factual.as_ref().map_or(String::from("—"), |e| {
            crate::report::counterfactual_notes::row_event(&cf.factual.steps, e)
        });
        let derived = row.counterfactual.as_ref().map_or(String::from("—"), |e| {
            let stage = other
                .steps
                .get(e.index)
                .map_or("", |step| step.stage_after.as_str());
            format!(
                "{} → {stage}",
                crate::report::counterfactual_notes::row_event(&other.steps, e)
            )
        });
        let index = row
            .factual
            .as_ref()
            .map_or(String::from("+"), |e| e.index.to_string());
        let how = derivation_text(&row.derivation);
        let how = if how.starts_with("assumed") {
            format!("<span class=\"assumed\">{}</span>", escape(&how))
        } else {
            escape(&how)
        };
        table.row(vec![index, escape(&real), escape(&derived), how]);
    }
    table.render()
}

fn divergence(cf: &Counterfactual) -> String {
    match &cf.divergence {
        None => {
            "<p>No divergence: the record plays out the same under both rule sets.</p>\n".into()
        }
        Some(divergence) => {
            let place = divergence
                .factual_event
                .map_or(String::new(), |index| format!("event {index}, "));
            format!(
                "<p><strong>First divergence ({place}{}):</strong> {}<br><span class=\"small\">rule: <code>{}</code>{}</span></p>\n",
                divergence.date,
                escape(&divergence.description),
                escape(&divergence.rule),
                divergence
                    .citation
                    .as_ref()
                    .map_or(String::new(), |c| format!(" — {}", escape(c)))
            )
        }
    }
}

fn outcomes(cf: &Counterfactual) -> String {
    let (header, rows) = notes::outcome_rows(cf);
    let mut table = Table::new("The outcome under the real rules and under the other rules")
        .column(&header[0], Align::Left)
        .column(&header[1], Align::Right)
        .column(&header[2], Align::Right)
        .column(&header[3], Align::Right)
        .row_headers();
    for (position, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(|cell| escape(cell)).collect();
        if position == 0 {
            cells[2] = format!("<strong>{}</strong>", cells[2]);
        }
        table.row(cells);
    }
    table.render()
}

/// Everything the counterfactual rests on, as the text report lists it: the range across
/// authority models, conditions, thresholds judged again, assumptions, the case file's
/// unconfirmed events, rules not in force, departures carried over.
fn rests_on(cf: &Counterfactual) -> String {
    let mut out = String::new();
    for section in notes::sections(cf) {
        let class = match section.key {
            "conditions" => " class=\"conditional\"",
            "assumptions" => " class=\"assumed\"",
            _ => "",
        };
        if section.lines.is_empty() {
            let _ = writeln!(out, "<p{class}>{}.</p>", escape(&section.heading));
            continue;
        }
        let _ = writeln!(out, "<h3{class}>{}:</h3>", escape(&section.heading));
        out.push_str(&list(section.lines.iter().map(|line| escape(line))));
    }
    out
}
