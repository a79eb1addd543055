//! Events outside the period the rule set was in force: the case file chose these rules
//! for the whole case, and a reader should see where they did not apply.

use super::{CaseContext, Finding, FindingKind, Severity};
use crate::scenario::ScenarioEvent;

/// One observation, at the first event outside the period, counting them all.
pub fn outside_in_force(context: &CaseContext, findings: &mut Vec<Finding>) {
    let (scenario, rules) = (context.scenario, context.rules);
    let Some(first_period) = &rules.in_force else {
        return;
    };
    // A case judged by date runs under a timeline of regimes: its period runs from the
    // first regime's start to the last regime's end.
    let mut period = first_period.clone();
    if let Some((_, last)) = rules.regimes().last() {
        if let Some(last_period) = &last.in_force {
            period.until = last_period.until;
        }
    }
    let period = &period;
    let outside: Vec<&ScenarioEvent> = scenario
        .events
        .iter()
        .filter(|event| {
            event.date < period.from || period.until.is_some_and(|until| event.date > until)
        })
        .collect();
    let Some(first) = outside.first() else {
        return;
    };
    let index = scenario
        .events
        .iter()
        .position(|event| std::ptr::eq(event, *first));
    let until = period
        .until
        .map_or(String::from("now"), |until| until.to_string());
    findings.push(Finding {
        event: index,
        date: first.date.day,
        severity: Severity::Observation,
        kind: FindingKind::OutsideInForce,
        rule: "in_force".into(),
        message: format!(
            "{} of {} events fall outside the period {} was in force ({} – {until}, {}); the case file chose these rules for the whole case",
            outside.len(),
            scenario.events.len(),
            rules.id,
            period.from,
            period.status
        ),
        citation: period.citation.as_ref().map(|c| rules.cite(c)),
        rests_on: Vec::new(),
        uncertain: false,
    });
}
