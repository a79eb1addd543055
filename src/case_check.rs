//! Checking a scenario file's meaning before it is replayed.
//!
//! Parsing (serde) catches malformed JSON, wrong types and unknown names. This module
//! catches what parsing cannot: dates out of order, citations of sources the file does
//! not list, real events with no source, facts attached to events that cannot carry
//! them, a rule set that does not exist or registers another kind of entity. Every
//! problem is reported with its JSON path, all at once.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::event::EventKind;
use crate::rules::{Catalog, RuleSet};
use crate::scenario::{CaseKind, Filing, Scenario, ScenarioEvent};
use crate::source::Confidence;

/// The most events one case may hold.
pub const MAX_EVENTS: usize = 100_000;

/// The assumption names counterfactual replay understands, with what each means.
pub const KNOWN_ASSUMPTIONS: &[(&str, &str)] = &[
    (
        "cure_days",
        "days the applicant takes to cure notified defects",
    ),
    (
        "congress_after_days",
        "days from the opening of the congress window to a congress the real case never reached",
    ),
    (
        "submission_after_days",
        "days from the congress to filing the registration documents",
    ),
    (
        "review_days",
        "days the authority takes to decide where the record has no decision",
    ),
    (
        "members",
        "members a filing would list where the record does not say",
    ),
];

/// The rule set a scenario names, resolved; `by_date` picks the bundled regime in force on the first event.
pub fn rules_for(
    file: &str,
    scenario: &Scenario,
    catalog: &Catalog,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let id = if scenario.rules == "by_date" {
        let Some(first) = scenario.events.first() else {
            return Err(vec![Diagnostic::at_path(
                file,
                "$.rules",
                "`by_date` needs at least one event to date the case",
            )]);
        };
        match catalog.in_force_on(scenario.entity, first.date.day) {
            Some(id) => id.to_string(),
            None => {
                return Err(vec![
                    Diagnostic::at_path(
                        file,
                        "$.rules",
                        format!(
                            "no single bundled {} rule set was in force on {}",
                            scenario.entity, first.date
                        ),
                    )
                    .fix("name the rule set explicitly (see `regsim rules list`)"),
                ]);
            }
        }
    } else {
        scenario.rules.clone()
    };
    if catalog.file(&id).is_none() {
        let known: Vec<&str> = catalog.ids().collect();
        return Err(vec![
            Diagnostic::at_path(file, "$.rules", format!("unknown rule set `{id}`"))
                .fix(format!("use one of: {}, or `by_date`", known.join(", "))),
        ]);
    }
    let mut rules = catalog.resolve(&id).map_err(|problems| problems.0)?;
    // `by_date`: a case that runs past its first regime's end is judged under each regime
    // in force on the day (a bundled regime whose procedure has the same shape).
    if scenario.rules == "by_date" {
        if let (Some(first), Some(last)) = (scenario.events.first(), scenario.events.last()) {
            let regimes = catalog.regimes_between(scenario.entity, first.date.day, last.date.day);
            for (from, next) in regimes.into_iter().skip(1) {
                let (Some(from), Ok(next)) = (from, catalog.resolve(&next)) else {
                    break;
                };
                match rules.clone().followed_by(from, next) {
                    Ok(timeline) => rules = timeline,
                    Err(_) => break,
                }
            }
        }
    }
    if rules.entity != scenario.entity {
        return Err(vec![
            Diagnostic::at_path(
                file,
                "$.rules",
                format!(
                    "rule set `{id}` registers a {}, but the case is a {}",
                    rules.entity, scenario.entity
                ),
            )
            .fix("name a rule set for the case's entity kind"),
        ]);
    }
    Ok(rules)
}

/// Every problem of meaning in a scenario (empty when it is sound).
pub fn check(file: &str, scenario: &Scenario, rules: Option<&RuleSet>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |path: String, message: String| Diagnostic::at_path(file, path, message);
    if scenario.id.trim().is_empty() || scenario.id.len() > 100 {
        problems.push(at(
            "$.id".into(),
            "the case needs a short, non-empty id".into(),
        ));
    }
    let mut source_ids = BTreeSet::new();
    for (index, source) in scenario.sources.iter().enumerate() {
        if !source_ids.insert(source.id.as_str()) {
            problems.push(
                at(
                    format!("$.sources[{index}].id"),
                    format!("source `{}` is listed twice", source.id),
                )
                .fix("give each source its own id"),
            );
        }
    }
    if scenario.events.is_empty() {
        problems.push(
            at("$.events".into(), "the case has no events".into())
                .fix("add at least one dated event"),
        );
    }
    if scenario.events.len() > MAX_EVENTS {
        problems.push(at(
            "$.events".into(),
            format!(
                "the case has {} events, more than the {MAX_EVENTS} regsim accepts",
                scenario.events.len()
            ),
        ));
        return problems;
    }
    for (name, assumption) in &scenario.assumptions {
        if !KNOWN_ASSUMPTIONS.iter().any(|(known, _)| known == name) {
            let names: Vec<&str> = KNOWN_ASSUMPTIONS.iter().map(|(known, _)| *known).collect();
            problems.push(
                at(
                    format!("$.assumptions.{name}"),
                    format!("unknown assumption `{name}`"),
                )
                .fix(format!("use one of: {}", names.join(", "))),
            );
        }
        if !assumption.value.is_finite() || assumption.value < 0.0 || assumption.value > 1e7 {
            problems.push(
                at(
                    format!("$.assumptions.{name}.value"),
                    format!("{} is not a usable value", assumption.value),
                )
                .fix("give a number from 0 to 10,000,000"),
            );
        }
    }
    if let Some(recorded) = &scenario.recorded_outcome {
        if recorded.registered_on.is_some() && !recorded.registered {
            problems.push(at(
                "$.recorded_outcome.registered_on".into(),
                "a registration date is given but `registered` is false".into(),
            ));
        }
        if let (Some(as_of), Some(last)) = (recorded.as_of, scenario.events.last()) {
            if as_of.latest() < last.date.earliest {
                problems.push(
                    at(
                        "$.recorded_outcome.as_of".into(),
                        format!(
                            "the sources' last word on the case ({as_of}) comes before its last event ({})",
                            last.date
                        ),
                    )
                    .fix("give the day the sources last describe the case, on or after its last event, or leave `as_of` out"),
                );
            }
        }
        if let Some(source) = &recorded.source {
            if !source_ids.contains(source.as_str()) {
                problems.push(
                    at(
                        "$.recorded_outcome.source".into(),
                        format!("source `{source}` is not listed in `sources`"),
                    )
                    .fix("add it to `sources`"),
                );
            }
        }
    }
    let mut previous = None;
    let mut current_filing = Filing::default();
    let settled = scenario.settled();
    for (index, event) in settled.events.iter().enumerate() {
        let path = format!("$.events[{index}]");
        if let Some((previous, written)) = previous {
            if event.date < previous {
                problems.push(
                    at(
                        format!("{path}.date"),
                        format!(
                            "event {index} ({}) is dated before the event before it ({written})",
                            event.date
                        ),
                    )
                    .fix("list events in date order"),
                );
            }
        }
        previous = Some((event.date.day, event.date));
        for (position, citation) in event.sources.iter().enumerate() {
            if !source_ids.contains(citation.source.as_str()) {
                problems.push(
                    at(
                        format!("{path}.sources[{position}].source"),
                        format!("source `{}` is not listed in `sources`", citation.source),
                    )
                    .fix("add it to the case's `sources` or correct the id"),
                );
            }
        }
        match &event.source {
            Some(source) if !source_ids.contains(source.as_str()) => {
                problems.push(
                    at(
                        format!("{path}.source"),
                        format!("source `{source}` is not listed in `sources`"),
                    )
                    .fix("add it to `sources` or correct the id"),
                );
            }
            None if scenario.kind == CaseKind::Real
                && event.confidence != Confidence::Assumed
                && event.sources.is_empty() =>
            {
                problems.push(
                    at(
                        format!("{path}.source"),
                        format!(
                            "event {index} of a real case is `{}` but cites no source",
                            event.confidence
                        ),
                    )
                    .fix("cite a source, or mark the event `assumed` and explain in `note`"),
                );
            }
            _ => {}
        }
        if event.confidence != Confidence::Confirmed
            && event
                .note
                .as_deref()
                .is_none_or(|note| note.trim().is_empty())
        {
            problems.push(
                at(
                    format!("{path}.note"),
                    format!(
                        "event {index} is `{}` but has no note saying how it was placed",
                        event.confidence
                    ),
                )
                .fix("add a `note`"),
            );
        }
        let carries_defects = matches!(
            event.event,
            EventKind::NotificationReturned
                | EventKind::ApplicationRefused
                | EventKind::RemarksIssued
                | EventKind::RegistrationCancelled
        );
        if !event.defects.is_empty() && !carries_defects {
            problems.push(
                at(
                    format!("{path}.defects"),
                    format!("`{}` cannot state defects", event.event),
                )
                .fix("move the defects to the refusal or remarks event"),
            );
        }
        let carries_filing = matches!(
            event.event,
            EventKind::NotificationFiled
                | EventKind::ApplicationSubmitted
                | EventKind::DefectsCured
                | EventKind::CongressHeld
        );
        if event.filed.is_some() && !carries_filing {
            problems.push(
                at(
                    format!("{path}.filed"),
                    format!("`{}` files nothing", event.event),
                )
                .fix("move `filed` to the notification, application or cure"),
            );
        }
        if let Some(filed) = &event.filed {
            if let (Some(covered), Some(total)) = (filed.regions_covered, filed.regions_total) {
                if covered > total {
                    problems.push(
                        at(
                            format!("{path}.filed.regions_covered"),
                            format!("{covered} regions covered out of {total}"),
                        )
                        .fix("regions_covered cannot exceed regions_total"),
                    );
                }
            }
            for (field, value) in [
                ("founders", filed.founders),
                ("members", filed.members),
                ("min_members_per_region", filed.min_members_per_region),
            ] {
                if value.is_some_and(|value| value > 100_000_000) {
                    problems.push(
                        at(
                            format!("{path}.filed.{field}"),
                            format!("{} persons is not plausible", value.unwrap_or(0)),
                        )
                        .fix("give a head count below 100,000,000"),
                    );
                }
            }
        }
        if event.event.is_filing() {
            current_filing = if event.event == EventKind::NotificationFiled {
                event.filed.unwrap_or_default()
            } else {
                current_filing.updated_by(event.filed.unwrap_or_default())
            };
        }
        problems.extend(decision_count_problems(file, &path, event, current_filing));
        if event.court.is_some()
            && !matches!(
                event.event,
                EventKind::AppealFiled
                    | EventKind::AppealRejected
                    | EventKind::AppealGranted
                    | EventKind::AppealRemanded
            )
        {
            problems.push(
                at(
                    format!("{path}.court"),
                    format!("`{}` is not heard by a court", event.event),
                )
                .fix("name the court on the appeal and on the court's decision"),
            );
        }
        match (&event.limit, event.event) {
            (Some(_), kind) if kind != EventKind::WindowLapsed => {
                problems.push(
                    at(
                        format!("{path}.limit"),
                        "only `window_lapsed` names a limit".into(),
                    )
                    .fix("remove `limit`"),
                );
            }
            (Some(limit), _) => {
                if let Some(rules) = rules {
                    if rules.limit_id(limit).is_none() {
                        let names: Vec<&str> = rules
                            .limits()
                            .iter()
                            .map(|l| l.parameter.as_str())
                            .collect();
                        problems.push(
                            at(
                                format!("{path}.limit"),
                                format!("rule set `{}` has no time limit `{limit}`", rules.id),
                            )
                            .fix(format!("use one of: {}", names.join(", "))),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    problems
}

/// Problems with the counts an authority's decision records (`accepted`, `disqualified`):
/// only decisions carry them, and with the filing's count known, the filed count is the
/// accepted plus the disqualified.
fn decision_count_problems(
    file: &str,
    path: &str,
    event: &ScenarioEvent,
    filing: Filing,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let decides = event.event.actor() == crate::event::Actor::Authority;
    for (field, counts) in [
        ("accepted", event.accepted),
        ("disqualified", event.disqualified),
    ] {
        if counts.is_some() && !decides {
            problems.push(
                Diagnostic::at_path(
                    file,
                    format!("{path}.{field}"),
                    format!(
                        "`{}` is not the authority's decision; only a decision records what it {field}",
                        event.event
                    ),
                )
                .fix("move the counts to the decision (e.g. `application_refused`)"),
            );
        }
    }
    let (Some(accepted), Some(disqualified)) = (event.accepted, event.disqualified) else {
        return problems;
    };
    for (field, filed, kept, struck) in [
        (
            "founders",
            filing.founders,
            accepted.founders,
            disqualified.founders,
        ),
        (
            "members",
            filing.members,
            accepted.members,
            disqualified.members,
        ),
    ] {
        if let (Some(filed), Some(kept), Some(struck)) = (filed, kept, struck) {
            if u64::from(kept) + u64::from(struck) != u64::from(filed) {
                problems.push(
                    Diagnostic::at_path(
                        file,
                        format!("{path}.accepted.{field}"),
                        format!(
                            "{kept} {field} accepted and {struck} disqualified do not add up to the {filed} filed"
                        ),
                    )
                    .fix("correct one of the three counts, or leave out the one the sources do not give"),
                );
            }
        }
    }
    problems
}
