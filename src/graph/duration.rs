//! Worst-case statutory durations: how long a step may take by law, and the sum along a path.
//!
//! A time limit of months or working days has no fixed length in calendar days: one month
//! is 28 to 31 days, ten working days are 12 to 14 days depending on the weekday it starts
//! on. The worst case takes the longest span over every possible start day, computed with
//! the same calendar functions the state machine uses ([`Date::add_months`],
//! [`crate::date::add_working_days`] and [`crate::date::longest_working_days_span`]), so
//! the graph and the machine never disagree about a limit.
//! A step with no limit is either the applicant's own time (it moves when it chooses; the
//! worst case counts nothing for it) or, when the authority or a court must act, a step
//! that leaves the worst case unbounded.

use std::fmt;

use serde::Serialize;

use crate::date::Date;
use crate::event::{Actor, EventKind};
use crate::rules::{ParameterUnit, TimeLimit};
use crate::source::Status;

/// A time limit as the graph shows it: its parameter, its length and its longest span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitSpec {
    /// The time-limit parameter's id (e.g. `review_period`).
    pub parameter: String,
    /// How many units.
    pub amount: u32,
    /// Calendar days, working days or months.
    pub unit: ParameterUnit,
    /// The longest the limit can last, in calendar days, over every start day.
    pub longest_days: u32,
    /// The events that start (restart) the limit.
    pub starts_on: Vec<EventKind>,
    /// Whether days of suspended review extend the limit.
    pub paused_while_suspended: bool,
    /// What the limit is, in a few words (the parameter's label).
    pub label: String,
    /// How firmly its value is established (the parameter's status).
    pub status: Status,
}

impl LimitSpec {
    /// The limit of a resolved rule set, with its longest span computed; `label` and
    /// `status` are its parameter's.
    pub fn new(limit: &TimeLimit, holidays: &[Date], label: &str, status: Status) -> LimitSpec {
        LimitSpec {
            label: label.to_string(),
            status,
            parameter: limit.parameter.clone(),
            amount: limit.amount,
            unit: limit.unit,
            longest_days: longest_days(limit, holidays),
            starts_on: EventKind::ALL
                .iter()
                .copied()
                .filter(|&kind| limit.started_by(kind))
                .collect(),
            paused_while_suspended: limit.paused_while_suspended,
        }
    }

    /// Whether events of `kind` start the limit.
    pub fn started_by(&self, kind: EventKind) -> bool {
        self.starts_on.contains(&kind)
    }

    /// The length as a person says it: `1 month`, `10 working days`.
    pub fn length(&self) -> String {
        amount_text(self.amount, self.unit)
    }
}

impl fmt::Display for LimitSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.length(), self.parameter)
    }
}

/// `amount` of `unit` in words, singular or plural.
pub fn amount_text(amount: u32, unit: ParameterUnit) -> String {
    let (one, many) = match unit {
        ParameterUnit::CalendarDays => ("day", "days"),
        ParameterUnit::WorkingDays => ("working day", "working days"),
        ParameterUnit::Months => ("month", "months"),
        ParameterUnit::Persons => ("person", "persons"),
        ParameterUnit::Share => ("share", "share"),
        ParameterUnit::Count => ("", ""),
    };
    match (amount, unit) {
        (_, ParameterUnit::Count) => amount.to_string(),
        (1, _) => format!("1 {one}"),
        _ => format!("{amount} {many}"),
    }
}

/// The longest calendar span of a time limit, in days, over every day it could start on.
///
/// Months: the longest over every start day of a four-year cycle, so a month counts 31
/// days and twelve months 366. Working days: the longest over the seven weekdays, and over
/// every start day near the rule set's public holidays, which lengthen the span.
pub fn longest_days(limit: &TimeLimit, holidays: &[Date]) -> u32 {
    let span = |start: Date, end: Date| end.days_since(start).max(0) as u32;
    match limit.unit {
        ParameterUnit::Months => {
            // 2000 is a leap year; 2000-01-01 to 2003-12-31 covers every month length and
            // every leap-year phase a span of up to ten years can meet.
            let first = Date::from_day_number(10_957);
            (0..1461)
                .map(|offset| first.add_days(offset))
                .map(|start| span(start, start.add_months(limit.amount)))
                .max()
                .unwrap_or(0)
        }
        ParameterUnit::WorkingDays => {
            crate::date::longest_working_days_span(limit.amount, holidays)
        }
        _ => limit.amount,
    }
}

/// How many days after a time limit's last day its clock transition fires. The last day
/// is the day the limit started plus its length; an act is in time on it; the state
/// machine and the simulator fire a clock transition (a window lapsing, deemed
/// registration) on the day after it, or on the day the case reaches the clock's stage
/// if that is later. Reports count the same way.
pub const CLOCK_FIRES_AFTER: u32 = 1;

/// The latest a transition may happen by statute, counted from the day its time limit
/// started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepBound {
    /// The applicant moves when it chooses and no limit binds it; counts as 0 days.
    ApplicantOwnTime,
    /// An act a time limit binds: by the limit's last day, at most this many calendar
    /// days after the limit started.
    Limited {
        /// The limit's longest span in calendar days.
        days: u32,
    },
    /// A clock transition: it fires on the day after the limit's last day, this many
    /// calendar days after the limit started (or when the case reaches its stage, if
    /// that is later).
    Fires {
        /// The limit's longest span in calendar days, plus [`CLOCK_FIRES_AFTER`].
        days: u32,
    },
    /// The authority or a court must act and no time limit binds it.
    Unbounded,
}

impl StepBound {
    /// The bound of a transition taken by `actor` under `limit`.
    pub fn of(actor: Actor, limit: Option<&LimitSpec>) -> StepBound {
        match (limit, actor) {
            (Some(limit), Actor::Clock) => StepBound::Fires {
                days: limit.longest_days.saturating_add(CLOCK_FIRES_AFTER),
            },
            (Some(limit), _) => StepBound::Limited {
                days: limit.longest_days,
            },
            (None, Actor::Applicant) => StepBound::ApplicantOwnTime,
            // A clock step always has a limit in a validated rule set; without one it
            // could fire at any time, which bounds nothing.
            (None, Actor::Authority | Actor::Court | Actor::Clock) => StepBound::Unbounded,
        }
    }

    /// Days the bound adds to a worst case, if it is finite.
    pub fn days(self) -> Option<u32> {
        match self {
            StepBound::ApplicantOwnTime => Some(0),
            StepBound::Limited { days } | StepBound::Fires { days } => Some(days),
            StepBound::Unbounded => None,
        }
    }

    /// How bad the bound is, for choosing the worst of a step's transitions: unbounded
    /// worst, then a limit by its days, then the applicant's own time.
    pub fn severity(self) -> (u8, u32) {
        match self {
            StepBound::ApplicantOwnTime => (0, 0),
            StepBound::Limited { days } | StepBound::Fires { days } => (1, days),
            StepBound::Unbounded => (2, 0),
        }
    }

    /// Whether a time limit binds the step (an act by its last day, or a clock).
    pub fn is_limited(self) -> bool {
        matches!(self, StepBound::Limited { .. } | StepBound::Fires { .. })
    }
}

impl fmt::Display for StepBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepBound::ApplicantOwnTime => f.write_str("applicant's own time"),
            StepBound::Limited { days } => write!(f, "by day {days} of its limit"),
            StepBound::Fires { days } => write!(f, "on day {days} of its limit"),
            StepBound::Unbounded => f.write_str("UNBOUNDED"),
        }
    }
}

/// The worst-case statutory duration of a path: the latest day its last step can happen
/// when every step is as late as its time limit allows, each limit counted once from the
/// event that starts it (see [`super::schedule`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorstCase {
    /// Whether every step is bounded (authority and court steps all have a time limit).
    pub bounded: bool,
    /// The worst case in calendar days from the start (a lower bound of the worst case
    /// when `bounded` is false).
    pub days: u32,
    /// Whether some timing of the path keeps every time limit; when none does, `days` is
    /// the plain upper bound (each step as late as its own limit allows).
    pub lawful: bool,
    /// Transitions taken by the authority or a court with no time limit (by id).
    pub unbounded_by: Vec<String>,
    /// Transitions the applicant takes in its own time, counted as 0 days (by id).
    pub applicant_own_time: Vec<String>,
}

impl WorstCase {
    /// The worst case of nothing: zero days, bounded.
    pub fn zero() -> WorstCase {
        WorstCase {
            bounded: true,
            lawful: true,
            ..WorstCase::default()
        }
    }

    /// Records one step whose worst transition is `transition` with `bound`: whether it
    /// leaves the worst case unbounded or is the applicant's own time. The days are not
    /// summed here: a limit runs from the event that starts it, which may lie several
    /// steps back, so [`super::schedule`] sets them.
    pub fn add(&mut self, transition: &str, bound: StepBound) {
        match bound {
            StepBound::ApplicantOwnTime => self.applicant_own_time.push(transition.to_string()),
            StepBound::Limited { .. } | StepBound::Fires { .. } => {}
            StepBound::Unbounded => {
                self.bounded = false;
                self.unbounded_by.push(transition.to_string());
            }
        }
    }
}

impl fmt::Display for WorstCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.lawful {
            write!(f, "≤ {} days (no lawful timing)", self.days)
        } else if self.bounded {
            write!(f, "≤ {} days", self.days)
        } else {
            f.write_str("UNBOUNDED")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(amount: u32, unit: ParameterUnit) -> TimeLimit {
        TimeLimit {
            parameter: "limit".into(),
            amount,
            unit,
            starts_on: 1,
            paused_while_suspended: false,
        }
    }

    #[test]
    fn months_take_their_longest_calendar_span() {
        let longest = |months| longest_days(&limit(months, ParameterUnit::Months), &[]);
        assert_eq!(longest(1), 31);
        // July to September, or October to December.
        assert_eq!(longest(3), 92);
        assert_eq!(longest(4), 123);
        // A year with a 29 February in it.
        assert_eq!(longest(12), 366);
        assert_eq!(longest(48), 1461);
    }

    #[test]
    fn working_days_take_their_longest_span_over_start_weekdays() {
        let longest = |days| longest_days(&limit(days, ParameterUnit::WorkingDays), &[]);
        // One working day from a Friday is the Monday after.
        assert_eq!(longest(1), 3);
        // Five working days are always a week; ten, two weeks.
        assert_eq!(longest(5), 7);
        assert_eq!(longest(10), 14);
        // Six working days from a Friday end on the Monday two weeks later.
        assert_eq!(longest(6), 10);
    }

    #[test]
    fn holidays_lengthen_working_days() {
        let holiday = Date::parse("2024-01-02").unwrap(); // a Tuesday
        let plain = longest_days(&limit(1, ParameterUnit::WorkingDays), &[]);
        let with_holiday = longest_days(&limit(1, ParameterUnit::WorkingDays), &[holiday]);
        assert_eq!(plain, 3);
        // From Friday 29 December: Monday 1 January is a working day, so still 3 days;
        // from Monday 1 January the next working day is Wednesday 3 January: 2 days.
        assert_eq!(with_holiday, 3);
        let monday = Date::parse("2024-01-01").unwrap();
        let with_monday = longest_days(&limit(1, ParameterUnit::WorkingDays), &[monday]);
        // From Friday 29 December the next working day is Tuesday 2 January: 4 days.
        assert_eq!(with_monday, 4);
    }

    #[test]
    fn calendar_days_are_as_written() {
        assert_eq!(
            longest_days(&limit(30, ParameterUnit::CalendarDays), &[]),
            30
        );
    }

    #[test]
    fn worst_case_names_own_time_and_unbounded_steps() {
        let mut worst = WorstCase::zero();
        worst.add("file", StepBound::ApplicantOwnTime);
        worst.add("review", StepBound::Limited { days: 31 });
        worst.days = 31;
        assert_eq!(worst.to_string(), "≤ 31 days");
        assert_eq!(worst.applicant_own_time, ["file"]);
        worst.add("appeal", StepBound::Unbounded);
        assert!(!worst.bounded);
        assert_eq!(worst.unbounded_by, ["appeal"]);
        assert_eq!(worst.to_string(), "UNBOUNDED");
    }

    #[test]
    fn a_step_without_a_limit_is_own_time_only_for_the_applicant() {
        assert_eq!(
            StepBound::of(Actor::Applicant, None),
            StepBound::ApplicantOwnTime
        );
        assert_eq!(StepBound::of(Actor::Authority, None), StepBound::Unbounded);
        assert_eq!(StepBound::of(Actor::Court, None), StepBound::Unbounded);
        assert!(StepBound::Unbounded > StepBound::Limited { days: 10_000 });
        assert!(StepBound::Limited { days: 0 } > StepBound::ApplicantOwnTime);
    }
}
