//! How a case ends up: the final stage, registration, the counts, the time limits still
//! running at the evaluation date, and whether that reproduces what the sources record.

use serde::Serialize;

use crate::date::Date;
use crate::event::{Actor, EventKind};
use crate::machine::State;
use crate::rules::{RuleSet, StageOutcome, TransitionId};
use crate::scenario::{CourtInstance, RecordedOutcome, Scenario};
use crate::source::Status;

/// A time limit running at the evaluation date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunningLimit {
    /// The transition it bounds.
    pub transition: String,
    /// The act due within the limit (or, if no act is bounded, the clock event).
    pub event: EventKind,
    /// The clock event that follows when the limit runs out, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_expiry: Option<EventKind>,
    /// The time-limit parameter.
    pub parameter: String,
    /// Its label.
    pub label: String,
    /// Its status.
    pub status: Status,
    /// The day it started.
    pub started: Date,
    /// The last day in time.
    pub due: Date,
    /// Whether it has run out by the evaluation date.
    pub overdue: bool,
}

/// The outcome of a case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// Final stage id.
    pub final_stage: String,
    /// Final stage label.
    pub final_stage_label: String,
    /// Pending, registered or ended.
    pub status: StageOutcome,
    /// The registration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on: Option<Date>,
    /// The first filing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_filing: Option<Date>,
    /// The first filing as the record dates it, where it gives only the month or year
    /// (`first_filing` and the days since it are then left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_filing_recorded: Option<String>,
    /// Days from the first filing to registration, or to the evaluation date if not registered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_from_first_filing: Option<i32>,
    /// Filings (notifications and applications).
    pub attempts: u32,
    /// Refusals (returned notifications and refused applications).
    pub refusals: u32,
    /// Whether `refusals` is a minimum: the sources give no exact count.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub refusals_at_least: bool,
    /// Remark rounds.
    pub remark_rounds: u32,
    /// Appeals.
    pub appeals: u32,
    /// Court decisions on appeals, by the instance that gave them (where the record names it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub court_decisions: Vec<CourtDecisions>,
    /// Days spent where the authority had to act.
    pub days_waiting_on_authority: i32,
    /// Time limits running at the evaluation date.
    pub running_limits: Vec<RunningLimit>,
}

/// The court decisions one instance gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CourtDecisions {
    /// The instance (`first_instance`, `appeal`, `cassation`, `supreme`), or `not_recorded`
    /// for decisions whose court the record does not name.
    pub instance: String,
    /// Appeals it rejected (the refusal stood).
    pub rejected: u32,
    /// Appeals it granted (the refusal was annulled).
    pub granted: u32,
    /// Matters it sent back to the authority.
    pub remanded: u32,
    /// How many of these decisions the case file does not confirm (assumed or inferred).
    #[serde(skip_serializing_if = "is_zero")]
    pub unconfirmed: u32,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

/// Counts a case's court decisions by instance, first instance first; decisions whose
/// court is not named come last, and only where some decision names one.
pub fn court_decisions(scenario: &Scenario, as_of: Date) -> Vec<CourtDecisions> {
    let mut rows: Vec<CourtDecisions> = Vec::new();
    let decisions = scenario
        .events
        .iter()
        .filter(|event| event.event.is_appeal_decision() && event.date <= as_of);
    if decisions.clone().all(|event| event.court.is_none()) {
        return rows;
    }
    let order = |name: &str| {
        CourtInstance::ALL
            .iter()
            .position(|instance| instance.name() == name)
            .unwrap_or(CourtInstance::ALL.len())
    };
    for event in decisions {
        let instance = event
            .court
            .as_ref()
            .map_or("not_recorded", |court| court.instance.name());
        let position = match rows.iter().position(|row| row.instance == instance) {
            Some(position) => position,
            None => {
                rows.push(CourtDecisions {
                    instance: instance.to_string(),
                    rejected: 0,
                    granted: 0,
                    remanded: 0,
                    unconfirmed: 0,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[position];
        if event.confidence != crate::source::Confidence::Confirmed {
            row.unconfirmed += 1;
        }
        match event.event {
            EventKind::AppealRejected => row.rejected += 1,
            EventKind::AppealGranted => row.granted += 1,
            _ => row.remanded += 1,
        }
    }
    rows.sort_by_key(|row| order(&row.instance));
    rows
}

/// The comparison of the replay with the outcome the sources record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordedCheck {
    /// Whether everything recorded was reproduced.
    pub reproduced: bool,
    /// What differs (empty when reproduced).
    pub differences: Vec<String>,
    /// Attempts and refusals the sources count outside the file, in words, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_file: Option<String>,
    /// The case file's note on the recorded outcome: what explains a difference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Sums a case up at `as_of` from the state after its last event.
pub fn outcome(
    scenario: &Scenario,
    rules: &RuleSet,
    state: &State,
    as_of: Date,
    running_limits: Vec<RunningLimit>,
) -> Outcome {
    let stage = rules.stage(state.stage);
    let end = state.registered_on.unwrap_or(as_of);
    // A filing established before the record begins has no recorded day: the first
    // filing, and the days since it, are unknown.
    let first_filing = state.first_filing.filter(|_| {
        !scenario
            .starts_at
            .as_ref()
            .is_some_and(|starts| starts.established.iter().any(|kind| kind.is_filing()))
    });
    // A first filing dated only to the month or year has no day to count from.
    let imprecise_first = scenario
        .events
        .iter()
        .find(|event| event.event.is_filing())
        .filter(|event| !event.date.is_exact() && first_filing == Some(event.date.day));
    let first_filing = first_filing.filter(|_| imprecise_first.is_none());
    Outcome {
        final_stage: stage.id.clone(),
        final_stage_label: stage.label.clone(),
        status: stage.outcome,
        registered_on: state.registered_on,
        first_filing,
        first_filing_recorded: imprecise_first.map(|event| event.date.to_string()),
        days_from_first_filing: first_filing.map(|first| end.days_since(first)),
        attempts: state.attempts,
        refusals: state.refusals,
        refusals_at_least: scenario.refusals_are_minimum(),
        remark_rounds: state.remark_rounds,
        appeals: state.appeals,
        court_decisions: court_decisions(scenario, as_of),
        days_waiting_on_authority: state.waiting_on_authority_until(as_of, rules),
        running_limits,
    }
}

/// Compares the replayed outcome with the one the sources record.
pub fn check_recorded(recorded: &RecordedOutcome, outcome: &Outcome) -> RecordedCheck {
    let mut differences = Vec::new();
    let registered = outcome.status == StageOutcome::Registered;
    if recorded.registered != registered {
        differences.push(format!(
            "the sources record {}registration; the replay ends {}registered",
            if recorded.registered { "" } else { "no " },
            if registered { "" } else { "un" }
        ));
    }
    if recorded.registered_on.is_some() && recorded.registered_on != outcome.registered_on {
        differences.push(format!(
            "registration recorded on {}, replayed on {}",
            recorded.registered_on.map_or("-".into(), |d| d.to_string()),
            outcome.registered_on.map_or("-".into(), |d| d.to_string())
        ));
    }
    let outside = recorded.refusals_outside_file.unwrap_or(0);
    let in_file = |count: u32| {
        if outside == 0 {
            plural(count, "refusal", "refusals")
        } else {
            format!(
                "{} ({} of them outside the file)",
                plural(count, "refusal", "refusals"),
                outside
            )
        }
    };
    if let Some(refusals) = recorded.refusals {
        if u64::from(refusals) != u64::from(outcome.refusals) + u64::from(outside) {
            differences.push(format!(
                "{} recorded, {} replayed",
                in_file(refusals),
                outcome.refusals
            ));
        }
    }
    if let Some(minimum) = recorded.refusals_at_least {
        if u64::from(outcome.refusals) + u64::from(outside) < u64::from(minimum) {
            differences.push(format!(
                "at least {} recorded, {} replayed",
                in_file(minimum),
                outcome.refusals
            ));
        }
    }
    let outside_file = match (
        recorded.attempts_outside_file,
        recorded.refusals_outside_file,
    ) {
        (None | Some(0), None | Some(0)) => None,
        (attempts, refusals) => Some(format!(
            "the sources count {} and {} outside this file",
            plural(attempts.unwrap_or(0), "filing", "filings"),
            plural(refusals.unwrap_or(0), "refusal", "refusals"),
        )),
    };
    RecordedCheck {
        reproduced: differences.is_empty(),
        differences,
        outside_file,
        note: recorded.note.clone(),
    }
}

/// The time limits running from the current stage at `as_of`.
pub fn running_limits(state: &State, rules: &RuleSet, as_of: Date) -> Vec<RunningLimit> {
    let mut running = Vec::new();
    for &id in rules.outgoing(state.stage) {
        let compiled = rules.compiled_transition(id);
        let Some(limit) = compiled.deadline else {
            continue;
        };
        let Some(deadline) = state.deadline(limit, rules) else {
            continue;
        };
        let parameter_id = &rules.limit(limit).parameter;
        let clock = compiled.event.actor() == Actor::Clock;
        if let Some(existing) = running
            .iter_mut()
            .find(|r: &&mut RunningLimit| &r.parameter == parameter_id)
        {
            // One line per limit: the act it bounds, and the clock event that follows it.
            if clock {
                existing.on_expiry.get_or_insert(compiled.event);
            } else if existing.event.actor() == Actor::Clock {
                existing.on_expiry = Some(existing.event);
                existing.event = compiled.event;
                existing.transition = rules.transition(id).id.clone();
            }
            continue;
        }
        let parameter = &rules.parameters[parameter_id];
        running.push(RunningLimit {
            transition: rules.transition(TransitionId(id.0)).id.clone(),
            event: compiled.event,
            on_expiry: None,
            parameter: parameter_id.clone(),
            label: parameter.label.clone(),
            status: parameter.status,
            started: deadline.started,
            due: deadline.due,
            overdue: as_of > deadline.due,
        });
    }
    running
}

/// "1 refusal" or "N refusals".
fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
