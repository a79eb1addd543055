//! A wait no time limit bounds: the case waits on the authority or a court at a stage
//! where the rules set no limit, so it can wait without end.

use super::{CaseContext, Finding, FindingKind, Severity};
use crate::event::Actor;

/// An observation when, at the evaluation date, the case waits on the authority or a
/// court and no time limit runs.
pub fn unbounded_wait(context: &CaseContext, findings: &mut Vec<Finding>) {
    let (rules, state, as_of) = (context.rules, context.state, context.as_of);
    let waiting = rules.stage(state.stage).waiting_on;
    if !(matches!(waiting, Some(Actor::Authority | Actor::Court))
        && context.running_limits.is_empty()
        && !context.scenario.events.is_empty())
    {
        return;
    }
    let stage = rules.stage(state.stage);
    findings.push(Finding {
        event: None,
        date: as_of,
        severity: Severity::Observation,
        kind: FindingKind::UnboundedWait,
        rule: stage.id.clone(),
        message: format!(
            "as of {as_of}, the case has waited {} on the {} at stage `{}` ({}), and no time limit of {} bounds that wait",
            crate::number::plural(i64::from(as_of.days_since(state.entered)), "day", "days"),
            waiting.map_or(String::new(), |actor| actor.to_string()),
            stage.id,
            stage.label.to_lowercase(),
            rules.id
        ),
        citation: None,
        rests_on: Vec::new(),
        uncertain: false,
    });
}
