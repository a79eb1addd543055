//! Replay: fold a case's events under its rule set into a trace with findings and an
//! outcome.
//!
//! Each step of the trace ([`trace`]) shows the event, the stage before and after, the
//! transition and its citation, the time limit it had to meet and whether it did.
//! Findings ([`findings`], one small rule per kind) mark where the record departs from
//! the rules (a decision after its time limit, a refusal on a ground outside a closed
//! list, a refusal on rectifiable defects never notified, a refusal with no stated
//! ground) and, as observations, what the rules permit that a reform would not (a
//! refusal on rectifiable defects alone). The [`outcome`] sums the case up as of the last
//! event or a chosen date.

pub mod findings;
pub mod outcome;
pub mod sensitivity;
pub mod trace;

use serde::Serialize;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::machine::{self, State, TransitionError};
use crate::rules::RuleSet;
use crate::scenario::{Event, Scenario, ScenarioEvent};
use crate::source::Confidence;

pub use findings::{Finding, FindingKind, RestsOn, Severity};
pub use outcome::{Outcome, RecordedCheck, RunningLimit, running_limits};
pub use sensitivity::Sensitivity;
pub use trace::{CaseHeader, DefectView, LimitCheck, RulesHeader, TraceStep, UncertainEvents};

use findings::{CASE_RULES, CaseContext, EVENT_RULES, EventContext};

/// A whole replay: what a user reads, and what `--format json` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replay {
    /// The case.
    pub case: CaseHeader,
    /// The rule set it was replayed under.
    pub rules: RulesHeader,
    /// The date the outcome is evaluated at.
    pub as_of: Date,
    /// One step per event.
    pub steps: Vec<TraceStep>,
    /// Every finding, in event order.
    pub findings: Vec<Finding>,
    /// The outcome.
    pub outcome: Outcome,
    /// Events whose date or occurrence was inferred or assumed.
    pub uncertain_events: UncertainEvents,
    /// Whether the replay reproduces the outcome the sources record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_outcome: Option<RecordedCheck>,
    /// What moving each uncertain event within its bounds changes (filled by
    /// [`replay_with_sensitivity`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
}

/// Why a replay could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError(pub Diagnostic);

/// Replays a case under a rule set, evaluating the outcome at `as_of` (default: the last event).
pub fn replay(
    file: &str,
    scenario: &Scenario,
    rules: &RuleSet,
    as_of: Option<Date>,
) -> Result<Replay, Diagnostic> {
    replay_anchored(file, scenario, rules, as_of, &[])
}

/// A time limit on the group that runs from a later day than the event that starts it:
/// after event `index`, the limits that its kind starts run from `from` (see
/// [`State::time_from`]). Only a counterfactual's derived record has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// The event (position in the record) whose limits are re-timed.
    pub index: usize,
    /// The day they run from.
    pub from: Date,
}

/// [`replay`] with time limits re-timed by `anchors`.
pub fn replay_anchored(
    file: &str,
    scenario: &Scenario,
    rules: &RuleSet,
    as_of: Option<Date>,
    anchors: &[Anchor],
) -> Result<Replay, Diagnostic> {
    let scenario = &*scenario.settled();
    // A record with no events (a counterfactual that derived none) starts on `as_of`;
    // there is no other date to start from.
    let Some(first_date) = scenario
        .events
        .first()
        .map(|event| event.date.day)
        .or(as_of)
    else {
        return Err(
            Diagnostic::at_path(file, "$.events", "the case has no events")
                .fix("add the events of the case, the first filing first"),
        );
    };
    let last_date = scenario
        .events
        .last()
        .map_or(first_date, |event| event.date.day);
    // The sources may describe the case after its last event (still under examination).
    let described = scenario
        .recorded_outcome
        .as_ref()
        .and_then(|recorded| recorded.as_of)
        .map_or(last_date, |date| date.earliest.max(last_date));
    let as_of = as_of.unwrap_or(described);
    if as_of < last_date {
        return Err(Diagnostic::new(
            file,
            format!("--as-of {as_of} is before the case's last event ({last_date})"),
        )
        .fix("give a date on or after the last event"));
    }
    let mut state = opening_state(file, scenario, rules, first_date)?;
    let mut steps = Vec::with_capacity(scenario.events.len());
    let mut findings = Vec::new();
    let mut uncertain = UncertainEvents::default();
    for (index, record) in scenario.events.iter().enumerate() {
        match record.confidence {
            Confidence::Inferred => uncertain.inferred += 1,
            Confidence::Assumed => uncertain.assumed += 1,
            Confidence::Confirmed => {}
        }
        let event = record.compact();
        let step = machine::apply(&state, &event, rules)
            .map_err(|error| transition_problem(file, index, record, rules, &error))?;
        let transition = rules.transition(step.transition);
        let citation = transition
            .citation
            .as_ref()
            .map(|citation| rules.cite(citation));
        let time_limit = step.deadline.map(|deadline| {
            let limit = rules.limit(deadline.limit);
            let parameter = &rules.parameters[&limit.parameter];
            LimitCheck {
                parameter: limit.parameter.clone(),
                label: parameter.label.clone(),
                status: parameter.status,
                started: deadline.started,
                due: deadline.due,
                kept: step.in_time(event.kind, event.date).unwrap_or(true),
                due_uncertain: rules
                    .due_uncertainty(limit.unit, deadline.started, deadline.due)
                    .or_else(|| imprecise_limit(scenario, index, deadline.started)),
            }
        });
        let time_limit_unknown = rules
            .compiled_transition(step.transition)
            .deadline
            .filter(|&limit| step.deadline.is_none() && state.deadline_unknown(limit, rules))
            .map(|limit| {
                let parameter = &rules.limit(limit).parameter;
                format!(
                    "{parameter} ({}) started before the record begins, on a day it does not give: whether it was kept is unknown",
                    rules.parameters[parameter].label
                )
            });
        let context = EventContext {
            index,
            record,
            event: &event,
            before: &state,
            step: &step,
            rules,
            transition,
            citation: citation.as_deref(),
            time_limit: time_limit.as_ref(),
        };
        for rule in EVENT_RULES {
            rule(&context, &mut findings);
        }
        steps.push(TraceStep {
            index,
            date: record.date,
            day: record.date.day,
            event: record.event,
            actor: record.event.actor(),
            confidence: record.confidence,
            source: record.source.clone(),
            sources: record.sources.clone(),
            note: record.note.clone(),
            accepted: record.accepted,
            disqualified: record.disqualified,
            court: record.court.clone(),
            resubmission: event.kind.is_filing() && state.happened(event.kind),
            stage_before: rules.stage(state.stage).id.clone(),
            stage_after: rules.stage(step.state.stage).id.clone(),
            transition: transition.id.clone(),
            transition_status: transition.status,
            citation,
            defects: record
                .defects
                .iter()
                .map(|d| DefectView {
                    code: d.code,
                    rectifiable: d.is_rectifiable(),
                    text: d.text.clone(),
                })
                .collect(),
            time_limit,
            time_limit_unknown,
        });
        state = step.state;
        for anchor in anchors.iter().filter(|anchor| anchor.index == index) {
            state.time_from(event.kind, anchor.from);
        }
    }
    let running_limits = running_limits(&state, rules, as_of);
    let context = CaseContext {
        scenario,
        rules,
        state: &state,
        as_of,
        running_limits: &running_limits,
    };
    for rule in CASE_RULES {
        rule(&context, &mut findings);
    }
    let outcome = outcome::outcome(scenario, rules, &state, as_of, running_limits);
    let recorded_outcome = scenario
        .recorded_outcome
        .as_ref()
        .map(|recorded| outcome::check_recorded(recorded, &outcome));
    Ok(Replay {
        case: CaseHeader {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            kind: scenario.kind,
            applicant: scenario.applicant.clone(),
            starts_at: scenario.starts_at.clone(),
        },
        rules: RulesHeader {
            id: rules.id.clone(),
            title: rules.title.clone(),
            lineage: rules.lineage.iter().map(|step| step.id.clone()).collect(),
        },
        as_of,
        steps,
        findings,
        outcome,
        uncertain_events: uncertain,
        recorded_outcome,
        sensitivity: None,
    })
}

/// [`replay`], with the sensitivity check: what each finding rests on, and what moving
/// each assumed, inferred or imprecisely dated event within its bounds would change.
pub fn replay_with_sensitivity(
    file: &str,
    scenario: &Scenario,
    rules: &RuleSet,
    as_of: Option<Date>,
) -> Result<Replay, Diagnostic> {
    let mut replayed = replay(file, scenario, rules, as_of)?;
    let settled = scenario.settled();
    let report = sensitivity::check(file, &settled, rules, &mut replayed);
    replayed.sensitivity = Some(report);
    Ok(replayed)
}

/// The located problem of an event its stage does not allow.
fn transition_problem(
    file: &str,
    index: usize,
    record: &ScenarioEvent,
    rules: &RuleSet,
    error: &TransitionError,
) -> Diagnostic {
    Diagnostic::at_path(
        file,
        format!("$.events[{index}].event"),
        format!(
            "event {index} ({}, {}) under rule set `{}`: {error}",
            record.date, record.event, rules.id
        ),
    )
    .fix(format!(
        "correct the record, or see the procedure with `regsim graph --rules {}`",
        rules.id
    ))
}

/// Every event of a case that its stage does not allow, all in one run (what `validate`
/// lists). After such an event the fold goes on from where the record implies the case
/// stood: either the wrong event is passed over (an event recorded in error) or it is
/// taken from a stage that allows it (earlier events missing from the record), whichever
/// lets the next event apply; so one wrong event neither hides the next nor raises
/// knock-on problems.
pub fn transition_problems(file: &str, scenario: &Scenario, rules: &RuleSet) -> Vec<Diagnostic> {
    let scenario = &*scenario.settled();
    let mut problems = Vec::new();
    let Some(first) = scenario.events.first() else {
        return problems;
    };
    let events: Vec<Event> = scenario.events.iter().map(ScenarioEvent::compact).collect();
    let mut state = match opening_state(file, scenario, rules, first.date.day) {
        Ok(state) => state,
        Err(problem) => return vec![problem],
    };
    for (index, record) in scenario.events.iter().enumerate() {
        match machine::apply(&state, &events[index], rules) {
            Ok(step) => state = step.state,
            Err(error) => {
                problems.push(transition_problem(file, index, record, rules, &error));
                if let TransitionError::NotAllowed { .. } = error {
                    state = recovered_state(&state, &events[index], events.get(index + 1), rules);
                }
            }
        }
    }
    problems
}

/// Where the record implies a case stood after an event its stage did not allow: the
/// first of "the event was recorded in error" and "the event happened from a stage that
/// allows it" after which the next event applies.
fn recovered_state(state: &State, event: &Event, next: Option<&Event>, rules: &RuleSet) -> State {
    let rules_then = rules.for_date(event.date);
    let implied = rules_then
        .transition_ids()
        .map(|id| rules_then.compiled_transition(id))
        .filter(|transition| transition.event == event.kind)
        .filter_map(|transition| {
            let mut implied = *state;
            implied.stage = transition.from;
            machine::apply(&implied, event, rules)
                .ok()
                .map(|step| step.state)
        });
    let options: Vec<State> = std::iter::once(*state).chain(implied).collect();
    let next_applies = |candidate: &&State| {
        next.is_some_and(|next| machine::apply(candidate, next, rules).is_ok())
    };
    options
        .iter()
        .find(next_applies)
        .or(options.get(1))
        .copied()
        .unwrap_or(*state)
}

/// The state a case's record begins in: the rule set's first stage, or the stage the
/// case's `starts_at` names, with what the earlier stages established (dates unknown).
pub fn opening_state(
    file: &str,
    scenario: &Scenario,
    rules: &RuleSet,
    date: Date,
) -> Result<State, Diagnostic> {
    let Some(starts) = &scenario.starts_at else {
        return Ok(State::new(rules, date));
    };
    let regime = rules.for_date(date);
    let Some(stage) = regime.stage_id(&starts.stage) else {
        let stages: Vec<&str> = regime.stages().iter().map(|s| s.id.as_str()).collect();
        return Err(Diagnostic::at_path(
            file,
            "$.starts_at.stage",
            format!(
                "rule set `{}` has no stage `{}` for the record to begin at",
                rules.id, starts.stage
            ),
        )
        .fix(format!("use one of: {}", stages.join(", "))));
    };
    Ok(State::opening(rules, date, stage, &starts.established))
}

/// Why a time limit's check is uncertain when the event it bounds, or the event that
/// started it, is dated only to the month or year.
fn imprecise_limit(scenario: &Scenario, index: usize, started: Date) -> Option<String> {
    let event = &scenario.events[index];
    let start = scenario.events[..index]
        .iter()
        .rev()
        .find(|earlier| earlier.date.day == started);
    let imprecise: Vec<String> = start
        .into_iter()
        .chain(std::iter::once(event))
        .filter(|e| !e.date.is_exact())
        .map(|e| format!("`{}` is dated only {}", e.event, e.date))
        .collect();
    (!imprecise.is_empty()).then(|| {
        format!(
            "{}: the check uses the first possible day; the sensitivity check tries the others",
            imprecise.join(" and ")
        )
    })
}
