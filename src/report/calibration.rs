//! The calibration report: every number fitted (value, 90% interval, what it rests on,
//! the base's value), every number kept from the base and why, the delays the dates could
//! not give, and the leave-one-out coverage; as text, Markdown or JSON.

use crate::calibrate::Calibration;
use crate::calibrate::validate::{Prediction, Validation};

use super::document::Document;

/// The report as a document.
fn document(calibration: &Calibration) -> Document {
    let mut doc = Document::new();
    doc.heading(
        1,
        format!(
            "Calibration: profile `{}` fitted to {} real case(s) on the base profile `{}`",
            calibration.profile,
            calibration.cases.len(),
            calibration.base
        ),
    );
    doc.paragraph(format!("Cases: {}.", calibration.cases.join(", ")));
    doc.heading(2, "Method");
    doc.list(calibration.method.clone());
    doc.heading(2, "Fitted from the cases (status inferred)");
    doc.outline(
        calibration
            .fitted
            .iter()
            .map(|number| {
                let days = number.value.ends_with("days");
                let interval = number
                    .interval
                    .map(|[low, high]| match days {
                        true => format!(", 90% interval of the mean {low:.1}–{high:.1}"),
                        false => format!(", 90% interval {low:.3}–{high:.3}"),
                    })
                    .unwrap_or_default();
                (
                    format!("{} = {}{interval}", number.path, number.value),
                    vec![
                        format!("from: {}", number.basis),
                        format!("base: {}", number.base),
                    ],
                )
            })
            .collect(),
    );
    doc.heading(
        2,
        format!(
            "Kept from the base profile `{}` (no case informs them)",
            calibration.base
        ),
    );
    doc.outline(
        calibration
            .kept
            .iter()
            .map(|number| {
                (
                    format!("{} = {}", number.path, number.base),
                    vec![number.reason.clone()],
                )
            })
            .collect(),
    );
    if !calibration.unused_delays.is_empty() {
        doc.heading(2, "Delays the dates could not give");
        doc.list(
            calibration
                .unused_delays
                .iter()
                .map(|(reason, count)| {
                    format!("{count} pair(s) of consecutive events with {reason}")
                })
                .collect(),
        );
    }
    if !calibration.cycles.is_empty() {
        doc.heading(2, "Return cycles between sourced filings");
        doc.paragraph("Between two notification filings whose dates the sources give, the record's returns, appeals and refilings are counted but their days are placed by assumption: only the mean cycle is read, against the fitted profile's mean (no number is fitted to it).");
        doc.outline(
            calibration
                .cycles
                .iter()
                .map(|check| {
                    let span = &check.span;
                    (
                        format!(
                            "{} {} → {}: {} returns and {} appeal(s) in {} days, {:.1} days a return",
                            span.case,
                            span.from,
                            span.to,
                            span.returns,
                            span.appeals,
                            span.days,
                            check.days_per_return
                        ),
                        vec![format!("fitted profile: {}", check.profile_cycle)],
                    )
                })
                .collect(),
        );
    }
    if let Some(validation) = &calibration.validation {
        validation_section(&mut doc, validation);
    }
    doc
}

fn validation_section(doc: &mut Document, validation: &Validation) {
    doc.heading(2, "Leave-one-out validation");
    doc.paragraph(format!(
        "Each case below was predicted by the profile fitted to the other cases ({} runs per prediction under the case's own rules from its first filing over its span, seed {}), and by the base profile `{}` as it is. A check is inside when the recorded figure lies in the central 90% of the simulated runs (5th to 95th percentile); a well-calibrated profile has about 90% of checks inside.",
        validation.options.runs, validation.options.seed, validation.base
    ));
    let runs = validation.options.runs as usize;
    let cell = |prediction: &Prediction| {
        let verdict = if prediction.inside {
            "inside"
        } else {
            "OUTSIDE"
        };
        match prediction.runs {
            0 => format!("no run registered {verdict}"),
            all if all == runs => format!(
                "{}–{} (mean {:.2}) {verdict}",
                prediction.low, prediction.high, prediction.mean
            ),
            some => format!(
                "{}–{} (mean {:.1}, {some} runs) {verdict}",
                prediction.low, prediction.high, prediction.mean
            ),
        }
    };
    doc.table(
        [
            "case",
            "figure",
            "span",
            "recorded",
            "fitted without it",
            &format!("base `{}`", validation.base),
        ],
        validation
            .checks
            .iter()
            .map(|check| {
                vec![
                    check.case.clone(),
                    check.quantity.clone(),
                    format!("{} days", check.span_days),
                    check.recorded.to_string(),
                    cell(&check.fitted),
                    cell(&check.base),
                ]
            })
            .collect(),
    );
    let total = validation.checks.len();
    let share = |inside: usize| {
        if total == 0 {
            "n/a".to_string()
        } else {
            format!("{:.0}%", 100.0 * inside as f64 / total as f64)
        }
    };
    doc.paragraph(format!(
        "Coverage: the fitted profile {} of {total} checks inside ({}); the base profile `{}` {} of {total} ({}). The base is not held out: where it was fitted by hand to these cases, its coverage is not a test.",
        validation.fitted_inside,
        share(validation.fitted_inside),
        validation.base,
        validation.base_inside,
        share(validation.base_inside),
    ));
    let caveats: Vec<String> = validation
        .checks
        .iter()
        .filter_map(|check| {
            check
                .caveat
                .as_ref()
                .map(|caveat| format!("{}: {caveat}", check.case))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !caveats.is_empty() {
        doc.paragraph("Caveats:");
        doc.list(caveats);
    }
    if !validation.skipped.is_empty() {
        doc.paragraph("Not predicted:");
        doc.list(
            validation
                .skipped
                .iter()
                .map(|skipped| format!("{}: {}", skipped.case, skipped.reason))
                .collect(),
        );
    }
}

/// Aligned text.
pub fn text(calibration: &Calibration) -> String {
    document(calibration).to_text()
}

/// Markdown.
pub fn markdown(calibration: &Calibration) -> String {
    document(calibration).to_markdown()
}

/// JSON: the whole account (the fitted profile itself is what `-o` writes).
pub fn json(calibration: &Calibration) -> String {
    let mut text = serde_json::to_string_pretty(calibration)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}
