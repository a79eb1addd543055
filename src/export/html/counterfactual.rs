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
use crate::replay::{Outcome, Severity};
use crate::report::counterfactual_text::derivation_text;
use crate::rules::StageOutcome;

fn result(outcome: &Outcome) -> String {
    match (outcome.status, outcome.registered_on) {
        (StageOutcome::Registered, Some(date)) => format!("REGISTERED {date}"),
        (StageOutcome::Registered, None) => "REGISTERED".into(),
        (StageOutcome::Pending, _) => format!("not registered ({})", outcome.final_stage),
        (StageOutcome::Ended, _) => format!("ended ({})", outcome.final_stage),
    }
}

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
    body.push_str(&assumptions(cf));
    body.push_str(&rests_on(cf));
    body.push_str(&departures(cf));
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
    if other.rules.id.contains('→') || factual.rules.id.contains('→') {
        items.push(("by date", escape(crate::rules::timeline::TRANSITION_NOTE)));
    }
    if let Some(base) = &cf.base {
        let lead = if base.own_base {
            format!(
                "{} — the case's own rules; the reform's default base is {}, whose values differ:",
                base.base,
                base.default_base.as_deref().unwrap_or("-")
            )
        } else {
            format!(
                "{} — <strong>NOT</strong> the case's own rules ({}); a regime change is mixed into this counterfactual:",
                escape(&base.base),
                escape(&base.own)
            )
        };
        let lead = if base.own_base { escape(&lead) } else { lead };
        items.push((
            "base",
            lead + &list(base.differences.iter().map(|d| escape(d))),
        ));
    }
    items.push(("authority", escape(cf.model.describe())));
    if cf.act_earlier {
        items.push((
            "ASSUMED",
            escape("act_earlier — the group takes each step as soon as these rules allow, not on its real date (its real acts are shown beside)"),
        ));
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
        let real = row
            .factual
            .as_ref()
            .map_or(String::from("—"), |e| format!("{} {}", e.date, e.event));
        let derived = row.counterfactual.as_ref().map_or(String::from("—"), |e| {
            let stage = other
                .steps
                .get(e.index)
                .map_or("", |step| step.stage_after.as_str());
            format!("{} {} → {stage}", e.date, e.event)
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
    let (factual, other) = (&cf.factual, &cf.counterfactual);
    let (f, c) = (&factual.outcome, &other.outcome);
    let mut table = Table::new("The outcome under the real rules and under the other rules")
        .column("outcome", Align::Left)
        .column(&format!("real ({})", factual.rules.id), Align::Right)
        .column(
            &format!("counterfactual ({})", other.rules.id),
            Align::Right,
        )
        .column("change", Align::Right)
        .row_headers();
    table.row(vec![
        "result".into(),
        escape(&result(f)),
        format!("<strong>{}</strong>", escape(&result(c))),
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
    table.row(vec![
        "days from first filing".into(),
        days(f),
        days(c),
        escape(&change),
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
        let count = |value: i64, at_least: bool| {
            if label == "refusals" && at_least && value > 0 {
                format!("≥{value}")
            } else {
                value.to_string()
            }
        };
        table.row(vec![
            escape(label),
            count(a, f.refusals_at_least),
            count(b, c.refusals_at_least),
            if a == b {
                String::new()
            } else {
                format!("{:+}", b - a)
            },
        ]);
    }
    table.render()
}

fn assumptions(cf: &Counterfactual) -> String {
    if cf.assumptions_used.is_empty() {
        return "<p>Assumptions used: none beyond the case file's own.</p>\n".into();
    }
    let mut out = String::from("<h3>Assumptions used (steps the record lacks):</h3>\n");
    out.push_str(&list(cf.assumptions_used.iter().map(|used| {
        format!(
            "<span class=\"assumed\"><code>{}</code> = {}</span> ({}): {} — {}",
            escape(&used.name),
            used.value,
            escape(&used.origin),
            escape(&used.meaning),
            escape(&used.note)
        )
    })));
    out
}

/// The counterpart of the text report's "rests on" block: conditions, threshold refusals
/// judged again, events the case file does not confirm, events outside the base's period.
fn rests_on(cf: &Counterfactual) -> String {
    let mut out = String::new();
    if !cf.conditions.is_empty() {
        out.push_str("<h3 class=\"conditional\">CONDITIONAL: the counterfactual outcome holds only if</h3>\n");
        out.push_str(&list(cf.conditions.iter().map(|condition| {
            format!(
                "{} (checked at `{}` on {})",
                escape(&condition.text),
                condition.event,
                condition.date
            )
        })));
    }
    if !cf.rejudged.is_empty() {
        out.push_str("<h3>Threshold refusals judged again on the record's numbers:</h3>\n");
        out.push_str(&list(cf.rejudged.iter().map(|note| {
            format!(
                "{}: {} {} — {}",
                note.date,
                note.defect.name(),
                if note.stands { "stands" } else { "dropped" },
                escape(&note.reason)
            )
        })));
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
            "<h3>Events the case file itself does not confirm ({}): figures counting them rest on them</h3>",
            assumed.len()
        );
        out.push_str(&list(assumed.iter().map(|step| {
            format!(
                "#{} {} {} ({})",
                step.index, step.date, step.event, step.confidence
            )
        })));
    }
    if !cf.out_of_force.is_empty() {
        out.push_str("<h3>Judged under rules not in force on the date:</h3>\n");
        out.push_str(&list(
            cf.out_of_force.iter().map(|event| escape(&event.message)),
        ));
    }
    out
}

fn departures(cf: &Counterfactual) -> String {
    let other = &cf.counterfactual;
    let departures: Vec<_> = other
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Departure)
        .collect();
    if departures.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h3>Departures from {} that the derived record still contains (real acts kept at their real dates, carried over):</h3>\n",
        escape(&other.rules.id)
    );
    out.push_str(&list(departures.iter().map(|finding| {
        format!("{}: {}", finding.date, escape(&finding.message))
    })));
    out
}
