//! Replay: fold a case's events under its rule set into a trace with findings and an
//! outcome.
//!
//! Each step of the trace shows the event, the stage before and after, the transition and
//! its citation, the time limit it had to meet and whether it did. Findings mark where the
//! record departs from the rules (a decision after its time limit, a refusal on a ground
//! outside a closed list, a refusal on rectifiable defects never notified, a refusal with
//! no stated ground) and, as observations, what the rules permit that a reform would not
//! (a refusal on rectifiable defects alone). The outcome sums the case up as of the last
//! event or a chosen date.

use serde::Serialize;

use crate::date::Date;
use crate::defect::{DefectCode, DefectSet};
use crate::diagnostic::Diagnostic;
use crate::event::{Actor, EventKind};
use crate::machine::{self, State};
use crate::rules::{CompiledGuard, RuleSet, StageOutcome, TransitionId};
use crate::scenario::{CaseKind, Scenario};
use crate::source::{Confidence, Status};

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
}

/// Identity of the case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseHeader {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Real or hypothetical.
    pub kind: CaseKind,
    /// Who applied.
    pub applicant: String,
}

/// Identity of the rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RulesHeader {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Base regime and reforms applied, in order.
    pub lineage: Vec<String>,
}

/// How many events rest on inference or assumption.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UncertainEvents {
    /// Inferred events.
    pub inferred: usize,
    /// Assumed events.
    pub assumed: usize,
}

/// One defect as shown in a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DefectView {
    /// Code.
    pub code: DefectCode,
    /// Whether rectifiable.
    pub rectifiable: bool,
    /// The authority's words, if recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The time limit a step had to meet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitCheck {
    /// The time-limit parameter.
    pub parameter: String,
    /// Its label.
    pub label: String,
    /// Its status (law, official, assumed).
    pub status: Status,
    /// The day it started.
    pub started: Date,
    /// The last day in time.
    pub due: Date,
    /// Whether the step met it.
    pub kept: bool,
    /// Why the due date is uncertain, if it is: a working-day limit through a year the
    /// rule set's calendar does not cover, or covers only provisionally.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_uncertain: Option<String>,
}

/// One event of the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceStep {
    /// Position in the file's `events` (from 0).
    pub index: usize,
    /// Date.
    pub date: Date,
    /// Event.
    pub event: EventKind,
    /// Who caused it.
    pub actor: Actor,
    /// How firmly it is known.
    pub confidence: Confidence,
    /// Its source id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Its note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether it files documents again after an earlier filing.
    pub resubmission: bool,
    /// Stage before.
    pub stage_before: String,
    /// Stage after.
    pub stage_after: String,
    /// The transition taken.
    pub transition: String,
    /// The transition's status.
    pub transition_status: Status,
    /// The transition's citation, rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Defects stated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<DefectView>,
    /// The time limit it had to meet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<LimitCheck>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record departs from the rules.
    Departure,
    /// Something the rules permit that a reader should see.
    Observation,
}

/// What kind of finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// An authority or court act after its time limit.
    LateDecision,
    /// An applicant act after its time limit.
    LateFiling,
    /// A lapse recorded before its limit ran out.
    EarlyLapse,
    /// A refusal with no stated ground.
    RefusalWithoutGround,
    /// A refusal on a ground outside the closed list.
    RefusalOutsideClosedList,
    /// A refusal on rectifiable defects that were never notified and left uncured.
    RefusalWithoutPriorRemark,
    /// A threshold guard failed (e.g. registered with too few members on record).
    ThresholdNotMet,
    /// A remark round beyond the cap.
    TooManyRemarkRounds,
    /// A registration with notified defects uncured.
    UncuredDefects,
    /// A refusal resting only on rectifiable defects, which these rules permit.
    RefusalOnRectifiableDefects,
    /// As of the evaluation date, a time limit has run out with nothing done.
    Overdue,
    /// Events fall outside the period the rule set was in force.
    OutsideInForce,
    /// A working-day limit runs through a year the calendar does not cover (or only
    /// provisionally), so its due date is uncertain.
    UncertainDueDate,
    /// State organs prevented a founding congress.
    CongressPrevented,
    /// The case waits on the authority or a court at a stage no time limit bounds.
    UnboundedWait,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The event it concerns (position in `events`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    /// Its date.
    pub date: Date,
    /// Departure or observation.
    pub severity: Severity,
    /// What kind.
    pub kind: FindingKind,
    /// The rule concerned (transition, guard or policy).
    pub rule: String,
    /// What the finding says.
    pub message: String,
    /// The citation of the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

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
    /// Days spent where the authority had to act.
    pub days_waiting_on_authority: i32,
    /// Time limits running at the evaluation date.
    pub running_limits: Vec<RunningLimit>,
}

/// The comparison of the replay with the outcome the sources record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordedCheck {
    /// Whether everything recorded was reproduced.
    pub reproduced: bool,
    /// What differs (empty when reproduced).
    pub differences: Vec<String>,
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
    // A record with no events (a counterfactual that derived none) starts on `as_of`;
    // there is no other date to start from.
    let Some(first_date) = scenario.events.first().map(|event| event.date).or(as_of) else {
        return Err(
            Diagnostic::at_path(file, "$.events", "the case has no events")
                .fix("add the events of the case, the first filing first"),
        );
    };
    let last_date = scenario
        .events
        .last()
        .map_or(first_date, |event| event.date);
    let as_of = as_of.unwrap_or(last_date);
    if as_of < last_date {
        return Err(Diagnostic::new(
            file,
            format!("--as-of {as_of} is before the case's last event ({last_date})"),
        )
        .fix("give a date on or after the last event"));
    }
    let mut state = State::new(rules, first_date);
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
        let step = machine::apply(&state, &event, rules).map_err(|error| {
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
        })?;
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
                due_uncertain: rules.due_uncertainty(limit.unit, deadline.started, deadline.due),
            }
        });
        let mut found =
            |severity, kind, rule: String, message: String, citation: Option<String>| {
                findings.push(Finding {
                    event: Some(index),
                    date: record.date,
                    severity,
                    kind,
                    rule,
                    message,
                    citation,
                });
            };
        if let Some(check) = &time_limit {
            if let Some(reason) = &check.due_uncertain {
                found(
                    Severity::Observation,
                    FindingKind::UncertainDueDate,
                    format!("{} / {}", transition.id, check.parameter),
                    format!(
                        "the due date of {} ({} to {}) is uncertain: {reason}",
                        check.parameter, check.started, check.due
                    ),
                    None,
                );
            }
            if !check.kept {
                let late = record.date.days_since(check.due);
                let (kind, message) = match event.kind.actor() {
                    Actor::Clock => (
                        FindingKind::EarlyLapse,
                        format!(
                            "`{}` is recorded on {}, but {} runs until {} inclusive: a lapse can be recorded from {}",
                            event.kind,
                            record.date,
                            check.parameter,
                            check.due,
                            check.due.add_days(1)
                        ),
                    ),
                    Actor::Applicant => (
                        FindingKind::LateFiling,
                        format!(
                            "`{}` came {late} days after the {} ({}) ended on {}",
                            event.kind,
                            check.parameter,
                            check.label.to_lowercase(),
                            check.due
                        ),
                    ),
                    Actor::Authority | Actor::Court => (
                        FindingKind::LateDecision,
                        format!(
                            "`{}` came {late} days after the {} ({}, {}) ended on {}",
                            event.kind,
                            check.parameter,
                            check.label.to_lowercase(),
                            check.status,
                            check.due
                        ),
                    ),
                };
                found(
                    Severity::Departure,
                    kind,
                    format!("{} / {}", transition.id, check.parameter),
                    message,
                    citation.clone(),
                );
            }
        }
        for (guard_index, guard) in rules
            .compiled_transition(step.transition)
            .guards
            .iter()
            .enumerate()
        {
            if step.failed_guards & (1 << guard_index) == 0 {
                continue;
            }
            let (kind, message, policy_citation) = guard_failure(*guard, &event, &state, rules);
            let rule = format!("{} / {}", transition.id, transition.guards[guard_index]);
            found(
                Severity::Departure,
                kind,
                rule,
                message,
                policy_citation.or_else(|| citation.clone()),
            );
        }
        if event.kind == EventKind::CongressPrevented {
            found(
                Severity::Observation,
                FindingKind::CongressPrevented,
                transition.id.clone(),
                "state organs prevented the founding congress; no rule of the procedure provides for this (the step exists only so that such a record can be replayed)".into(),
                citation.clone(),
            );
        }
        if event.kind.is_refusal() && event.defects.all_rectifiable() && !rules.notice_first() {
            let policy = &rules.policies.rectifiable_defects;
            found(
                Severity::Observation,
                FindingKind::RefusalOnRectifiableDefects,
                "policies.rectifiable_defects".into(),
                format!(
                    "refused on rectifiable defects only ({}); these rules permit it (no cure period, {})",
                    codes(event.defects),
                    policy.status
                ),
                policy.citation.as_ref().map(|c| rules.cite(c)),
            );
        }
        steps.push(TraceStep {
            index,
            date: record.date,
            event: record.event,
            actor: record.event.actor(),
            confidence: record.confidence,
            source: record.source.clone(),
            note: record.note.clone(),
            resubmission: event.kind.is_filing() && state.last_on(event.kind).is_some(),
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
        });
        state = step.state;
    }
    if let Some(period) = &rules.in_force {
        let outside: Vec<&crate::scenario::ScenarioEvent> = scenario
            .events
            .iter()
            .filter(|event| {
                event.date < period.from || period.until.is_some_and(|until| event.date > until)
            })
            .collect();
        if let Some(first) = outside.first() {
            let index = scenario
                .events
                .iter()
                .position(|event| std::ptr::eq(event, *first));
            let until = period
                .until
                .map_or(String::from("now"), |until| until.to_string());
            findings.push(Finding {
                event: index,
                date: first.date,
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
            });
        }
    }
    let running_limits = running_limits(&state, rules, as_of);
    let waiting = rules.stage(state.stage).waiting_on;
    if matches!(waiting, Some(Actor::Authority | Actor::Court))
        && running_limits.is_empty()
        && !scenario.events.is_empty()
    {
        let stage = rules.stage(state.stage);
        findings.push(Finding {
            event: None,
            date: as_of,
            severity: Severity::Observation,
            kind: FindingKind::UnboundedWait,
            rule: stage.id.clone(),
            message: format!(
                "as of {as_of}, the case has waited {} days on the {} at stage `{}` ({}), and no time limit of {} bounds that wait",
                as_of.days_since(state.entered),
                waiting.map_or(String::new(), |actor| actor.to_string()),
                stage.id,
                stage.label.to_lowercase(),
                rules.id
            ),
            citation: None,
        });
    }
    for running in running_limits.iter().filter(|running| running.overdue) {
        let actor = running.event.actor();
        let whose = match (actor, running.on_expiry) {
            (Actor::Clock, _) => format!("the window has run out; `{}` follows", running.event),
            (_, Some(clock)) => format!(
                "the {actor} has not taken `{}` in time; `{clock}` follows",
                running.event
            ),
            (_, None) => format!("the {actor} has not taken `{}` in time", running.event),
        };
        findings.push(Finding {
            event: None,
            date: as_of,
            severity: if matches!(actor, Actor::Authority | Actor::Court) {
                Severity::Departure
            } else {
                Severity::Observation
            },
            kind: FindingKind::Overdue,
            rule: format!("{} / {}", running.transition, running.parameter),
            message: format!(
                "as of {as_of}, {} ({}) ended on {}, {} days earlier: {whose}",
                running.parameter,
                running.label.to_lowercase(),
                running.due,
                as_of.days_since(running.due),
            ),
            citation: None,
        });
    }
    let stage = rules.stage(state.stage);
    let end = state.registered_on.unwrap_or(as_of);
    let outcome = Outcome {
        final_stage: stage.id.clone(),
        final_stage_label: stage.label.clone(),
        status: stage.outcome,
        registered_on: state.registered_on,
        first_filing: state.first_filing,
        days_from_first_filing: state.first_filing.map(|first| end.days_since(first)),
        attempts: state.attempts,
        refusals: state.refusals,
        refusals_at_least: scenario.refusals_are_minimum(),
        remark_rounds: state.remark_rounds,
        appeals: state.appeals,
        days_waiting_on_authority: state.waiting_on_authority_until(as_of, rules),
        running_limits,
    };
    let recorded_outcome = scenario.recorded_outcome.as_ref().map(|recorded| {
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
        if let Some(refusals) = recorded.refusals {
            if refusals != outcome.refusals {
                differences.push(format!(
                    "{refusals} refusals recorded, {} replayed",
                    outcome.refusals
                ));
            }
        }
        if let Some(minimum) = recorded.refusals_at_least {
            if outcome.refusals < minimum {
                differences.push(format!(
                    "at least {minimum} refusals recorded, {} replayed",
                    outcome.refusals
                ));
            }
        }
        RecordedCheck {
            reproduced: differences.is_empty(),
            differences,
        }
    });
    Ok(Replay {
        case: CaseHeader {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            kind: scenario.kind,
            applicant: scenario.applicant.clone(),
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
    })
}

fn codes(defects: DefectSet) -> String {
    defects
        .codes()
        .map(|code| code.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn guard_failure(
    guard: CompiledGuard,
    event: &crate::scenario::Event,
    state: &State,
    rules: &RuleSet,
) -> (FindingKind, String, Option<String>) {
    let filed = state.filed.updated_by(event.filed);
    let policy_cite =
        |citation: &Option<crate::source::Citation>| citation.as_ref().map(|c| rules.cite(c));
    match guard {
        CompiledGuard::GroundStated => (
            FindingKind::RefusalWithoutGround,
            format!("`{}` states no specific ground", event.kind),
            None,
        ),
        CompiledGuard::HasListedGround => {
            let policy = &rules.policies.refusal_grounds;
            let listed: Vec<&str> = policy.listed.iter().map(|code| code.name()).collect();
            (
                FindingKind::RefusalOutsideClosedList,
                format!(
                    "`{}` rests on {} — none of them on the closed list ({})",
                    event.kind,
                    codes(event.defects),
                    listed.join(", ")
                ),
                policy_cite(&policy.citation),
            )
        }
        CompiledGuard::RectifiableDefectsNoticedFirst => {
            let policy = &rules.policies.rectifiable_defects;
            (
                FindingKind::RefusalWithoutPriorRemark,
                format!(
                    "`{}` rests only on rectifiable defects ({}) that were not first notified with a cure period and left uncured",
                    event.kind,
                    codes(event.defects)
                ),
                policy_cite(&policy.citation),
            )
        }
        CompiledGuard::FoundersAtLeast(minimum) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} founders on record, fewer than the {minimum} required",
                filed.founders.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::MembersAtLeast(minimum) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} members on record, fewer than the {minimum} required",
                filed.members.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::MembersPerRegionAtLeast(minimum) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} members in the smallest region, fewer than the {minimum} required",
                filed.min_members_per_region.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::RegionsShareAtLeast(share) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} of {} regions on record, less than the required share {share:.4}",
                filed.regions_covered.unwrap_or(0),
                filed.regions_total.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::RemarkRoundsBelow(cap) => (
            FindingKind::TooManyRemarkRounds,
            format!(
                "remark round {} exceeds the cap of {cap}",
                state.remark_rounds_this_filing + 1
            ),
            None,
        ),
        CompiledGuard::NoUncuredDefects => (
            FindingKind::UncuredDefects,
            format!(
                "`{}` while notified defects are uncured ({})",
                event.kind,
                codes(DefectSet {
                    codes: state.pending_defects.codes | state.uncured_defects.codes,
                    rectifiable: 0
                })
            ),
            None,
        ),
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
