//! The calibration report: every number fitted (value, 90% interval, what it rests on,
//! the base's value), every number kept from the base and why, the delays the dates could
//! not give, and the leave-one-out coverage; as text, Markdown or JSON.

use crate::calibrate::Calibration;
use crate::calibrate::validate::{Coverage, MIN_RUNS_FOR_DAYS, Prediction, Validation};

use super::document::Document;

/// The report as a document.
fn document(calibration: &Calibration) -> Document {
    let mut doc = Document::new();
    doc.heading(
        1,
        format!(
            "Calibration: profile `{}` fitted to {} on the base profile `{}`",
            calibration.profile,
            crate::calibrate::count(calibration.cases.len(), "real case", "real cases"),
            calibration.base
        ),
    );
    doc.paragraph(format!("Cases: {}.", calibration.cases.join(", ")));
    doc.heading(2, "Method");
    doc.list(calibration.method.clone());
    doc.heading(2, "Fitted from the cases");
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
                let status = match number.status.as_str() {
                    "assumed" => "ASSUMED",
                    other => other,
                };
                (
                    format!("{} = {} ({status}){interval}", number.path, number.value),
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
    if !calibration.spans.is_empty() {
        doc.heading(2, "Spans between sourced dates");
        doc.paragraph("Between two events whose days the sources give, the record's events are counted but their days are placed by assumption: only the whole span is read, against the fitted profile's mean for the same sequence of waits (nothing is fitted to it).");
        doc.outline(
            calibration
                .spans
                .iter()
                .map(|check| {
                    let span = &check.span;
                    (
                        format!(
                            "{}: {} → {}: {} days over {} waits; the fitted profile's mean {:.1} days",
                            span.case,
                            span.from,
                            span.to,
                            span.days,
                            span.waits.len(),
                            check.profile_days
                        ),
                        vec![format!("waits: {}", check.profile_waits.join(" + "))],
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
        "Each case below was predicted by the profile fitted to the other cases ({} runs per prediction under the case's own rules from its first filing over its span, seed {}), and by the base profile `{}` as it is. Returns and refusals, and days to registration (among the runs registered within two years or the span if longer, given at least {MIN_RUNS_FOR_DAYS} of them), are judged by the central 90% of the simulated runs (5th to 95th percentile): a well-calibrated profile has at least 90% of them inside. Whether the case was registered within its span is a yes-or-no answer, reported with the share of runs that gave it and not judged by an interval.",
        validation.options.runs, validation.options.seed, validation.base
    ));
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
                    cell(&check.fitted, validation.options.runs),
                    cell(&check.base, validation.options.runs),
                ]
            })
            .collect(),
    );
    doc.paragraph(format!(
        "Coverage: the fitted profiles {}; the base profile `{}` {}. Checks of one case are not independent, so the intervals overstate the evidence; the base is not held out, so where it was fitted by hand to these cases its coverage is not a test.",
        coverage(&validation.fitted),
        validation.base,
        coverage(&validation.base_coverage),
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

/// One prediction in a cell.
fn cell(prediction: &Prediction, runs: u64) -> String {
    if let Some(probability) = prediction.probability_of_recorded {
        return format!("P(recorded) = {probability:.2}");
    }
    match (prediction.low, prediction.high, prediction.inside) {
        (Some(low), Some(high), Some(inside)) => format!(
            "{low}–{high} (mean {:.2}{}) {}",
            prediction.mean,
            if (prediction.runs as u64) < runs {
                format!(", {} runs", prediction.runs)
            } else {
                String::new()
            },
            if inside { "inside" } else { "OUTSIDE" }
        ),
        _ if prediction.runs == 0 => "no run registered: not judged".to_string(),
        _ => format!("{} runs registered, too few: not judged", prediction.runs),
    }
}

/// A profile's coverage in words.
fn coverage(coverage: &Coverage) -> String {
    let share = match (coverage.judged, coverage.interval) {
        (0, _) | (_, None) => "no interval check".to_string(),
        (judged, Some([low, high])) => format!(
            "{} of {judged} interval checks inside ({:.0}%, 90% interval {:.0}–{:.0}%)",
            coverage.inside,
            100.0 * coverage.inside as f64 / judged as f64,
            100.0 * low,
            100.0 * high
        ),
    };
    match coverage.mean_probability_of_recorded {
        Some(probability) => format!(
            "{share}, and a mean probability of {probability:.2} for the recorded yes-or-no answers"
        ),
        None => share,
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
