//! Findings: where a record departs from its rules, and what the rules permit that a
//! reader should see — one small rule per kind of finding, in the spirit of a linter.
//!
//! A rule is a function. [`EVENT_RULES`] look at one replayed event (the event, the state
//! before it, the transition it took, the time limit it had to meet); [`CASE_RULES`] look
//! at the whole case once every event is replayed (the final state, the time limits still
//! running, the rule set's period in force). Replay runs every rule in list order, so the
//! findings of an event come in a fixed order. Adding a finding is one rule in one file
//! and one line in a list.

mod congress;
mod courts;
mod guards;
mod in_force;
mod overdue;
mod rectifiable;
mod suspensions;
mod time_limits;
mod waiting;

use serde::Serialize;

use crate::date::Date;
use crate::machine::{State, Step};
use crate::rules::{RuleSet, Transition};
use crate::scenario::{Event, Scenario, ScenarioEvent};

use super::outcome::RunningLimit;
use super::trace::LimitCheck;

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
    /// The review was suspended: for how long, and whether any limit bounded it.
    Suspension,
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
    /// What the finding rests on that the record does not establish firmly: the assumed,
    /// inferred or imprecisely dated events it depends on (its own event, the event that
    /// started its time limit, and any whose possible dates change it). Filled by the
    /// sensitivity check (`replay::replay_with_sensitivity`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rests_on: Vec<RestsOn>,
    /// Whether the finding holds only for part of the dates the record allows: moving an
    /// uncertain event within its bounds removes it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
}

/// An uncertain event a finding rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestsOn {
    /// The event's position in `events`.
    pub event: usize,
    /// Why it is uncertain: `assumed`, `inferred`, `month` or `year` (date precision).
    pub basis: String,
    /// Whether moving it within its bounds removes the finding.
    pub decisive: bool,
}

/// What a per-event rule sees: one replayed event.
pub struct EventContext<'a> {
    /// The event's position in the file's `events`.
    pub index: usize,
    /// The event as recorded.
    pub record: &'a ScenarioEvent,
    /// The event as the state machine reads it.
    pub event: &'a Event,
    /// The state before the event.
    pub before: &'a State,
    /// What the state machine did with it.
    pub step: &'a Step,
    /// The rule set.
    pub rules: &'a RuleSet,
    /// The transition the event took.
    pub transition: &'a Transition,
    /// The transition's citation, rendered.
    pub citation: Option<&'a str>,
    /// The time limit the event had to meet, if any.
    pub time_limit: Option<&'a LimitCheck>,
}

impl EventContext<'_> {
    /// A finding about this event.
    pub fn finding(
        &self,
        severity: Severity,
        kind: FindingKind,
        rule: String,
        message: String,
        citation: Option<String>,
    ) -> Finding {
        Finding {
            event: Some(self.index),
            date: self.record.date.day,
            severity,
            kind,
            rule,
            message,
            citation,
            rests_on: Vec::new(),
            uncertain: false,
        }
    }
}

/// What a whole-case rule sees: the case once every event is replayed.
pub struct CaseContext<'a> {
    /// The case.
    pub scenario: &'a Scenario,
    /// The rule set.
    pub rules: &'a RuleSet,
    /// The state after the last event.
    pub state: &'a State,
    /// The date the outcome is evaluated at.
    pub as_of: Date,
    /// The time limits running at `as_of`.
    pub running_limits: &'a [RunningLimit],
}

/// A rule that looks at one replayed event.
pub type EventRule = fn(&EventContext, &mut Vec<Finding>);

/// A rule that looks at the whole case.
pub type CaseRule = fn(&CaseContext, &mut Vec<Finding>);

/// The per-event rules, in the order their findings are listed.
pub const EVENT_RULES: &[EventRule] = &[
    time_limits::uncertain_due_date,
    time_limits::limit_not_kept,
    guards::failed_guards,
    congress::congress_prevented,
    courts::court_decision_late,
    rectifiable::refusal_on_rectifiable_defects,
];

/// The whole-case rules, in the order their findings are listed (after every event's).
pub const CASE_RULES: &[CaseRule] = &[
    in_force::outside_in_force,
    suspensions::suspension_length,
    waiting::unbounded_wait,
    overdue::overdue,
];
