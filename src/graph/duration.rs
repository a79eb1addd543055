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
}

impl LimitSpec {
    /// The limit of a resolved rule set, with its longest span computed.
    pub fn new(limit: &TimeLimit, holidays: &[Date]) -> LimitSpec {
        LimitSpec {
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

/// The longest a transition may take by statute, counted from the moment it can be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepBound {
    /// The applicant moves when it chooses and no limit binds it; counts as 0 days.
    ApplicantOwnTime,
    /// A time limit binds it: at most this many calendar days.
    Limited {
        /// The limit's longest span in calendar days.
        days: u32,
    },
    /// The authority or a court must act and no time limit binds it.
    Unbounded,
}

impl StepBound {
    /// The bound of a transition taken by `actor` under `limit`.
    pub fn of(actor: Actor, limit: Option<&LimitSpec>) -> StepBound {
        match (limit, actor) {
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
            StepBound::Limited { days } => Some(days),
            StepBound::Unbounded => None,
        }
    }
}

impl fmt::Display for StepBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepBound::ApplicantOwnTime => f.write_str("applicant's own time"),
            StepBound::Limited { days } => write!(f, "≤ {days} days"),
            StepBound::Unbounded => f.write_str("UNBOUNDED"),
        }
    }
}

/// The worst-case statutory duration of a path: the sum of its steps' bounds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorstCase {
    /// Whether every step is bounded (authority and court steps all have a time limit).
    pub bounded: bool,
    /// The sum of the bounded steps' longest spans, in calendar days (a lower bound of the
    /// worst case when `bounded` is false).
    pub days: u32,
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
            ..WorstCase::default()
        }
    }

    /// Adds one step whose worst transition is `transition` with `bound`.
    pub fn add(&mut self, transition: &str, bound: StepBound) {
        match bound {
            StepBound::ApplicantOwnTime => self.applicant_own_time.push(transition.to_string()),
            StepBound::Limited { days } => self.days = self.days.saturating_add(days),
            StepBound::Unbounded => {
                self.bounded = false;
                self.unbounded_by.push(transition.to_string());
            }
        }
    }
}

impl fmt::Display for WorstCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bounded {
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
    fn worst_case_sums_bounded_steps_and_names_the_rest() {
        let mut worst = WorstCase::zero();
        worst.add("file", StepBound::ApplicantOwnTime);
        worst.add("review", StepBound::Limited { days: 31 });
        worst.add("decide", StepBound::Limited { days: 14 });
        assert_eq!(worst.to_string(), "≤ 45 days");
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
