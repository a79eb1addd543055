//! What the record says about the real authority: the kinds of decision it took, each
//! real decision as a template for the counterfactual one, how long it took for each
//! kind, and whether it raised a defect again after a correction.

use crate::defect::DefectSet;
use crate::event::{Actor, EventKind};
use crate::machine::{self, State};
use crate::rules::RuleSet;
use crate::scenario::Scenario;

/// The kinds of decision an authority takes, so a template from one stage can be matched
/// to the corresponding event at another (a returned notification and a refused
/// application are both refusals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DecisionClass {
    Refuse,
    Remark,
    Approve,
    Other(EventKind),
}

pub(super) fn class_of(kind: EventKind) -> DecisionClass {
    match kind {
        EventKind::NotificationReturned | EventKind::ApplicationRefused => DecisionClass::Refuse,
        EventKind::RemarksIssued => DecisionClass::Remark,
        EventKind::NotificationConfirmed | EventKind::Registered => DecisionClass::Approve,
        other => DecisionClass::Other(other),
    }
}

/// A real decision used as a template.
#[derive(Clone, Copy, Debug)]
pub(super) struct Template {
    pub(super) class: DecisionClass,
    pub(super) kind: EventKind,
    pub(super) defects: DefectSet,
    /// Days from the real case reaching the deciding stage to the decision.
    pub(super) duration: i32,
}

/// How long the real authority took for each of its decisions, by the time limit that
/// governed it (or its stage, where none did) and the class of decision.
pub(super) fn real_paces(
    scenario: &Scenario,
    rules: &RuleSet,
) -> Vec<(String, DecisionClass, i32)> {
    let mut paces = Vec::new();
    let Some(first) = scenario.events.first() else {
        return paces;
    };
    let mut state = crate::replay::opening_state("", scenario, rules, first.date.day)
        .unwrap_or_else(|_| State::new(rules, first.date.day));
    for record in &scenario.events {
        let Ok(step) = machine::apply(&state, &record.compact(), rules) else {
            break;
        };
        let class = class_of(record.event);
        if record.event.actor() == Actor::Authority && !matches!(class, DecisionClass::Other(_)) {
            let key = match rules.compiled_transition(step.transition).deadline {
                Some(limit) => rules.limit(limit).parameter.clone(),
                None => rules.stage(state.stage).id.clone(),
            };
            paces.push((key, class, record.date.days_since(state.entered).max(0)));
        }
        state = step.state;
    }
    paces
}

/// Whether the record shows the authority raising a defect again on a corrected filing:
/// two of its decisions, with a filing of the applicant between them, share a defect.
pub(super) fn reraises(scenario: &Scenario) -> bool {
    let mut last: Option<DefectSet> = None;
    let mut corrected = false;
    for record in &scenario.events {
        let actor = record.event.actor();
        if actor == Actor::Applicant
            && (record.event.is_filing() || record.event == EventKind::DefectsCured)
        {
            corrected = true;
        }
        let class = class_of(record.event);
        if actor == Actor::Authority
            && matches!(class, DecisionClass::Refuse | DecisionClass::Remark)
        {
            let defects = record.compact().defects;
            let real_codes = defects.codes
                & !(crate::defect::DefectCode::NotRecorded.bit()
                    | crate::defect::DefectCode::Unspecified.bit());
            if corrected && last.is_some_and(|previous| previous.codes & real_codes != 0) {
                return true;
            }
            last = Some(defects);
            corrected = false;
        }
    }
    false
}
