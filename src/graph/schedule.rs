//! The latest lawful timing of a walk through the procedure: each time limit counted once,
//! from the event that starts it.
//!
//! A time limit runs from the latest event that starts it (its `starts_on`), as in the
//! state machine ([`crate::machine::State::deadline`]); a move that does not start it
//! does not restart it. The filing window of the 2022 rules runs from the congress: the
//! refusal of an application and the lapse of the window after it are still counted from
//! the congress, not from the refusal. So a walk's worst case is not the sum of its
//! moves' limits but the latest day its last move can happen when every move happens as
//! late as its limit allows:
//!
//! - an act (by the applicant, the authority or a court) bound by a limit happens at the
//!   latest on the limit's last day: the day its starting event happened plus the limit's
//!   longest span ([`super::duration::longest_days`]);
//! - a clock move fires on the day after the limit's last day, or on the day the case
//!   reaches its stage if that is later (the engine's rule, [`CLOCK_FIRES_AFTER`]): a
//!   3-month window started on day 31 that may last 92 days has its last day on day 123
//!   and lapses on day 124;
//! - the applicant's own time (a move with no limit) counts 0 days, and a move the
//!   authority or a court makes with no limit counts 0 days too but leaves the walk
//!   unbounded (the day is then a lower bound);
//! - a limit nothing on the walk has started is counted from the day the case reaches the
//!   move's stage.
//!
//! Moves happen in order, so a move whose limit would already have run out when the case
//! reaches its stage forces the moves before it earlier (the latest lawful timing, not
//! the sum of the latest of each): under the 2022 rules an appeal against a refusal must
//! be filed within the filing window, so the application it follows must have been
//! submitted early enough for the review to end inside that window. The days are the
//! greatest solution of these constraints, found by lowering the latest day of a move
//! until every later limit is kept. A walk no timing makes lawful is reported as such.
//!
//! When several transitions can make a move, each choice is tried (they may start
//! different limits) and the latest outcome kept.

use serde::Serialize;

use crate::event::{Actor, EventKind};

use super::duration::{CLOCK_FIRES_AFTER, StepBound};
use super::procedure::ProcedureGraph;
use super::step::PathStep;

/// How many combinations of parallel transitions are tried on one walk; past this each
/// move keeps only its transition with the longest limit.
const COMBINATION_CAP: usize = 256;

/// How many times the latest days are lowered before the search gives up and keeps the
/// upper bound it has (never reached by a procedure of realistic size).
const LOWERING_CAP: usize = 100_000;

/// The event that started the limit a move is counted from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitStart {
    /// The event.
    pub event: EventKind,
    /// The index of the move that took it, in the walk.
    pub step: usize,
    /// The latest day it happened.
    pub day: u32,
}

/// One move of a walk at its latest lawful day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduledStep {
    /// The transition the worst case takes for this move.
    pub transition: String,
    /// Who takes it.
    pub actor: Actor,
    /// The latest day it can happen, counted from the day the application starts (day 0).
    pub day: u32,
    /// The time limit that sets the day, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// The event that started that limit (none when nothing on the walk started it: then
    /// it is counted from the day the case reached the move's stage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_by: Option<LimitStart>,
    /// Whether the move must come earlier than its own limit allows, so that a later move
    /// can still keep its limit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub held_back: bool,
}

/// The latest lawful timing of a walk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The moves, each at its latest day.
    pub steps: Vec<ScheduledStep>,
    /// The day of the last move.
    pub days: u32,
    /// Whether some timing keeps every limit on the walk.
    pub lawful: bool,
}

/// How one transition of a move is timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Timing {
    /// The applicant's own time: 0 days.
    OwnTime,
    /// The authority or a court with no limit: 0 days, and the walk is unbounded.
    Open,
    /// An act by the last day of the limit (index in the graph's limits).
    Act { limit: usize, span: i64 },
    /// A clock firing the day after the last day of the limit.
    Clock { limit: usize, span: i64 },
}

impl Timing {
    fn limit(self) -> Option<usize> {
        match self {
            Timing::Act { limit, .. } | Timing::Clock { limit, .. } => Some(limit),
            Timing::OwnTime | Timing::Open => None,
        }
    }

    fn span(self) -> i64 {
        match self {
            Timing::Act { span, .. } | Timing::Clock { span, .. } => span,
            Timing::OwnTime | Timing::Open => 0,
        }
    }
}

/// One transition a move may take, as the schedule needs it.
#[derive(Clone, Debug)]
struct Choice {
    transition: String,
    actor: Actor,
    event: EventKind,
    timing: Timing,
    /// The time-limit parameter that binds it, if any.
    parameter: Option<String>,
    /// The limits (indices) its event starts.
    starts: Vec<usize>,
}

/// The latest days of one combination of choices.
struct Timeline {
    days: Vec<i64>,
    held_back: Vec<bool>,
    /// For each move, the move (1-based; 0 is none) whose event started its limit.
    base: Vec<usize>,
    lawful: bool,
}

impl ProcedureGraph {
    /// The latest lawful timing of a walk made of `steps`.
    pub fn schedule(&self, steps: &[PathStep]) -> Schedule {
        let moves: Vec<Vec<Choice>> = steps.iter().map(|step| self.choices(step)).collect();
        let combinations = moves
            .iter()
            .map(Vec::len)
            .try_fold(1usize, |product, n| product.checked_mul(n.max(1)))
            .filter(|&product| product <= COMBINATION_CAP);
        let moves: Vec<Vec<Choice>> = match combinations {
            Some(_) => moves,
            None => moves
                .into_iter()
                .map(|choices| {
                    let longest = choices.iter().map(|c| c.timing.span()).max();
                    choices
                        .into_iter()
                        .filter(|c| Some(c.timing.span()) == longest)
                        .take(1)
                        .collect()
                })
                .collect(),
        };
        let mut best: Option<(Vec<&Choice>, Timeline)> = None;
        let mut picked: Vec<usize> = vec![0; moves.len()];
        loop {
            let walk: Vec<&Choice> = moves
                .iter()
                .zip(&picked)
                .filter_map(|(choices, &index)| choices.get(index))
                .collect();
            if walk.len() == moves.len() {
                let timeline = latest_days(&walk);
                let better = match &best {
                    None => true,
                    Some((_, kept)) => {
                        (timeline.lawful, timeline.days.last()) > (kept.lawful, kept.days.last())
                    }
                };
                if better {
                    best = Some((walk, timeline));
                }
            }
            // The next combination, the last move's choice varying fastest.
            let mut position = moves.len();
            loop {
                if position == 0 {
                    return best.map_or_else(Schedule::default, |(walk, timeline)| {
                        schedule_of(&walk, &timeline)
                    });
                }
                position -= 1;
                picked[position] += 1;
                if picked[position] < moves[position].len() {
                    break;
                }
                picked[position] = 0;
            }
        }
    }

    /// The transitions that can make a move at its worst bound: the limited ones when the
    /// move is bounded by a limit, else those of its bound (own time or open).
    fn choices(&self, step: &PathStep) -> Vec<Choice> {
        step.options
            .iter()
            .filter(|option| {
                option.bound == step.bound || (step.bound.is_limited() && option.bound.is_limited())
            })
            .map(|option| {
                let limit = option.time_limit.as_deref().and_then(|p| self.limit(p));
                let timing = match (option.bound, limit) {
                    (StepBound::Unbounded, _) => Timing::Open,
                    (StepBound::ApplicantOwnTime, _) | (_, None) => Timing::OwnTime,
                    (StepBound::Limited { .. } | StepBound::Fires { .. }, Some((index, spec))) => {
                        let span = i64::from(spec.longest_days);
                        if option.actor == Actor::Clock {
                            Timing::Clock { limit: index, span }
                        } else {
                            Timing::Act { limit: index, span }
                        }
                    }
                };
                Choice {
                    transition: option.transition.clone(),
                    actor: option.actor,
                    event: option.event,
                    parameter: timing.limit().and(option.time_limit.clone()),
                    timing,
                    starts: self
                        .limits()
                        .iter()
                        .enumerate()
                        .filter(|(_, limit)| limit.started_by(option.event))
                        .map(|(index, _)| index)
                        .collect(),
                }
            })
            .collect()
    }
}

/// The latest days of a walk whose move `k` takes `walk[k]`; day index `i` is after move
/// `i - 1`, day 0 the start.
fn latest_days(walk: &[&Choice]) -> Timeline {
    let n = walk.len();
    let base: Vec<usize> = (0..n)
        .map(|k| {
            walk[k].timing.limit().map_or(0, |limit| {
                (0..k)
                    .rev()
                    .find(|&j| walk[j].starts.contains(&limit))
                    .map_or(0, |j| j + 1)
            })
        })
        .collect();
    let clock_delay = i64::from(CLOCK_FIRES_AFTER);
    let mut latest = vec![i64::MAX; n + 1];
    latest[0] = 0;
    let mut days = vec![0i64; n + 1];
    let mut held_back = vec![false; n];
    let mut lawful = true;
    for _ in 0..LOWERING_CAP {
        let mut settled = true;
        for i in 1..=n {
            let k = i - 1;
            let before = days[k];
            // Counted from the day its limit started, or from reaching the stage.
            let from = if base[k] == 0 { before } else { days[base[k]] };
            match walk[k].timing {
                Timing::OwnTime | Timing::Open => {
                    if latest[i] < before {
                        latest[k] = latest[i];
                        settled = false;
                        break;
                    }
                    days[i] = before;
                    held_back[k] = false;
                }
                Timing::Act { span, .. } => {
                    let due = from + span;
                    let day = due.min(latest[i]);
                    if day < before {
                        // The limit ran out before the case reached the stage: the moves
                        // before must come earlier.
                        latest[k] = day;
                        settled = false;
                        break;
                    }
                    days[i] = day;
                    held_back[k] = day < due;
                }
                Timing::Clock { span, .. } => {
                    let fires = (from + span + clock_delay).max(before);
                    if fires > latest[i] {
                        if before > latest[i] || base[k] == 0 {
                            latest[k] = latest[k].min(if before > latest[i] {
                                latest[i]
                            } else {
                                latest[i] - span - clock_delay
                            });
                        } else {
                            let j = base[k];
                            latest[j] = latest[j].min(latest[i] - span - clock_delay);
                        }
                        settled = false;
                        break;
                    }
                    days[i] = fires;
                    held_back[k] = false;
                }
            }
        }
        if latest.iter().any(|&day| day < 0) {
            lawful = false;
            break;
        }
        if settled {
            break;
        }
    }
    if !lawful {
        // No timing keeps every limit: report the plain upper bound, each move as late
        // as its own limit allows.
        days = vec![0; n + 1];
        for i in 1..=n {
            let k = i - 1;
            let from = if base[k] == 0 { days[k] } else { days[base[k]] };
            days[i] = match walk[k].timing {
                Timing::OwnTime | Timing::Open => days[k],
                Timing::Act { span, .. } => (from + span).max(days[k]),
                Timing::Clock { span, .. } => (from + span + clock_delay).max(days[k]),
            };
        }
        held_back = vec![false; n];
    }
    Timeline {
        days,
        held_back,
        base,
        lawful,
    }
}

fn schedule_of(walk: &[&Choice], timeline: &Timeline) -> Schedule {
    let day = |i: usize| u32::try_from(timeline.days[i].max(0)).unwrap_or(u32::MAX);
    let steps: Vec<ScheduledStep> = walk
        .iter()
        .enumerate()
        .map(|(k, choice)| ScheduledStep {
            transition: choice.transition.clone(),
            actor: choice.actor,
            day: day(k + 1),
            limit: choice.parameter.clone(),
            started_by: (timeline.base[k] > 0).then(|| LimitStart {
                event: walk[timeline.base[k] - 1].event,
                step: timeline.base[k] - 1,
                day: day(timeline.base[k]),
            }),
            held_back: timeline.held_back[k],
        })
        .collect();
    Schedule {
        days: steps.last().map_or(0, |step| step.day),
        steps,
        lawful: timeline.lawful,
    }
}
