//! Which figures of an outcome rest on events the case file does not confirm (assumed
//! or inferred there) or that an assumption placed: a count that includes one, a date
//! that follows one, days waiting on the authority that one starts or ends. Every format
//! marks them `†` (the comparison's cells, the counterfactual's outcome table) and lists
//! them in JSON and CSV, so no figure that rests on an assumption reads as a fact.

use crate::replay::Replay;
use crate::rules::RuleSet;

use super::{Counterfactual, Derivation};

/// Every figure a row can mark as resting on unconfirmed events, in report order.
pub const FIGURES: [&str; 8] = [
    "registered_on",
    "days",
    "attempts",
    "refusals",
    "remark_rounds",
    "appeals",
    "authority_days",
    "lapses",
];

/// The figures of a row that rest on events the case file does not confirm (or, in a
/// counterfactual, on events an assumption placed or real unconfirmed events kept or
/// replaced): a count that includes one, a date that follows one.
pub fn unconfirmed_figures(
    replay: &Replay,
    rules: &RuleSet,
    cf: Option<&Counterfactual>,
) -> Vec<String> {
    use crate::event::EventKind;
    let unconfirmed = |index: usize| -> bool {
        match cf {
            None => !replay.steps[index].is_firm(),
            Some(cf) => cf
                .rows
                .iter()
                .find(|row| {
                    row.counterfactual
                        .as_ref()
                        .is_some_and(|e| e.index == index)
                })
                .is_some_and(|row| match (&row.derivation, &row.factual) {
                    (Derivation::Assumed { .. }, _) => true,
                    (_, Some(real)) => !cf.factual.steps[real.index].is_firm(),
                    _ => false,
                }),
        }
    };
    let registered_on = replay.outcome.registered_on;
    let mut figures: Vec<&str> = Vec::new();
    for (index, step) in replay.steps.iter().enumerate() {
        if !unconfirmed(index) {
            continue;
        }
        let mut add = |figure| {
            if !figures.contains(&figure) {
                figures.push(figure);
            }
        };
        // A registration date the record gives is a fact in a factual row, whatever came
        // before it; in a counterfactual it follows what the derivation placed.
        let dated_by_it = match cf {
            None => step.event.is_registration(),
            Some(_) => true,
        };
        if dated_by_it && registered_on.is_some_and(|date| step.date <= date) {
            add("registered_on");
        }
        if registered_on.is_none_or(|date| step.date <= date) {
            add("days");
        }
        match step.event {
            EventKind::NotificationReturned | EventKind::ApplicationRefused => add("refusals"),
            EventKind::NotificationFiled | EventKind::ApplicationSubmitted => add("attempts"),
            EventKind::RemarksIssued => add("remark_rounds"),
            EventKind::AppealFiled => add("appeals"),
            _ => {}
        }
        // The days waiting on the authority run from the step that hands the case to it
        // to the step that hands it back: an unconfirmed event on either side moves them.
        let waits_after =
            step.stage_after != step.stage_before && waits_on_authority(rules, &step.stage_after);
        let waited_before = waits_on_authority(rules, &step.stage_before);
        if waits_after || waited_before {
            add("authority_days");
        }
    }
    // A lapse rests on the event that started the limit that ran out.
    let lapse_rests = replay.steps.iter().any(|step| {
        step.event == EventKind::WindowLapsed
            && step.time_limit.as_ref().is_some_and(|limit| {
                replay
                    .steps
                    .iter()
                    .enumerate()
                    .any(|(k, start)| start.date == limit.started && unconfirmed(k))
            })
    });
    if lapse_rests {
        figures.push("lapses");
    }
    FIGURES
        .iter()
        .filter(|figure| figures.contains(figure))
        .map(|figure| figure.to_string())
        .collect()
}

/// Whether the stage `id` waits on the authority under `rules`.
fn waits_on_authority(rules: &RuleSet, id: &str) -> bool {
    rules
        .stage_id(id)
        .is_some_and(|stage| rules.stage(stage).waiting_on == Some(crate::event::Actor::Authority))
}
