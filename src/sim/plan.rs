//! What the simulator works out about a rule set before it runs, and remembers during a
//! run, so that the engine's hot loop looks things up instead of searching for them.
//!
//! A [`Plan`] holds, per stage, the event kinds that leave it, which of them take exactly
//! one transition (and that transition, with the guards that can fail under the rule set
//! and its time limit), the clock transitions with a time limit, and which
//! examination a review stage uses, and a [`DueTable`] of the due day of each time limit for
//! every day it may start in a study's runs: the engine asks for deadlines several times
//! per event (to check an act, to time the clock, to record lateness), and working out a
//! month or working-day limit is calendar arithmetic. Both
//! only save work: the answers are those of [`crate::machine`] asked afresh.

use std::sync::OnceLock;

use crate::date::Date;
use crate::event::{Actor, EventKind};
use crate::machine::{self, Computed, DueDays};
use crate::rules::{CompiledGuard, LimitId, RuleSet, StageId, StageOutcome, TransitionId};

/// Bit `kind.index()`, for the masks of event kinds below.
pub(super) const fn bit(kind: EventKind) -> u32 {
    1 << kind.index()
}

/// Which of the profile's examinations a review stage uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ReviewKind {
    Notification,
    Application,
}

/// What the engine needs to know about one stage, computed once per rule set.
#[derive(Clone, Debug)]
pub(super) struct StagePlan {
    pub outcome: StageOutcome,
    pub waiting_on: Option<Actor>,
    /// Bit `kind.index()` for every event kind that leaves the stage.
    pub kinds: u32,
    /// Bit `kind.index()` for every event kind with exactly one transition leaving it.
    pub single: u32,
    /// For each kind in `single`, at `kind.index()`, its one transition.
    only: [Option<OnlyTransition>; EventKind::COUNT],
    pub review: ReviewKind,
    /// Clock transitions with a time limit.
    pub clocks: Vec<TransitionId>,
}

/// The one transition an event kind takes from a stage, with what may bar it.
#[derive(Clone, Debug)]
pub(super) struct OnlyTransition {
    pub id: TransitionId,
    /// Its guards, without those that always hold under the rule set
    /// ([`machine::always_holds`]).
    pub guards: Vec<CompiledGuard>,
    /// Its time limit.
    pub limit: Option<LimitId>,
}

impl StagePlan {
    /// The one transition `kind` takes from the stage, if it has exactly one.
    #[inline]
    pub fn only(&self, kind: EventKind) -> Option<&OnlyTransition> {
        self.only[kind.index()].as_ref()
    }
}

/// A rule set prepared for simulation: per stage, the moves it offers.
#[derive(Clone, Debug)]
pub struct Plan<'r> {
    pub(super) rules: &'r RuleSet,
    pub(super) stages: Vec<StagePlan>,
    /// Whether one regime governs every day (no successor takes over): the day of an event
    /// then changes which guards hold only through its time limit.
    pub(super) one_regime: bool,
    /// Due days for the days of the first study run with the plan.
    dues: OnceLock<DueTable>,
}

impl<'r> Plan<'r> {
    /// Prepares a resolved rule set.
    pub fn new(rules: &'r RuleSet) -> Plan<'r> {
        let stages = (0..rules.stages().len())
            .map(|index| {
                let id = StageId(index as u16);
                let stage = rules.stage(id);
                let mut kinds = 0;
                let mut repeated = 0;
                let mut only: [Option<OnlyTransition>; EventKind::COUNT] =
                    std::array::from_fn(|_| None);
                let mut clocks = Vec::new();
                for &transition in rules.outgoing(id) {
                    let compiled = rules.compiled_transition(transition);
                    if kinds & bit(compiled.event) != 0 {
                        repeated |= bit(compiled.event);
                    }
                    kinds |= bit(compiled.event);
                    only[compiled.event.index()] = Some(OnlyTransition {
                        id: transition,
                        guards: compiled
                            .guards
                            .iter()
                            .copied()
                            .filter(|&guard| !machine::always_holds(guard, rules))
                            .collect(),
                        limit: compiled.deadline,
                    });
                    if compiled.event.actor() == Actor::Clock && compiled.deadline.is_some() {
                        clocks.push(transition);
                    }
                }
                let notification =
                    bit(EventKind::NotificationConfirmed) | bit(EventKind::NotificationReturned);
                for (index, slot) in only.iter_mut().enumerate() {
                    if repeated & (1 << index) != 0 {
                        *slot = None;
                    }
                }
                StagePlan {
                    outcome: stage.outcome,
                    waiting_on: stage.waiting_on,
                    kinds,
                    single: kinds & !repeated,
                    only,
                    review: if kinds & notification != 0 {
                        ReviewKind::Notification
                    } else {
                        ReviewKind::Application
                    },
                    clocks,
                }
            })
            .collect();
        Plan {
            rules,
            stages,
            one_regime: !rules.spans_regimes(),
            dues: OnceLock::new(),
        }
    }

    /// The rule set.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// The due days of its time limits, tabled for the `days` days from `first` on (made
    /// on first use; a plan later run over other days works out the days its table lacks).
    pub(super) fn dues(&self, first: Date, days: u32) -> PlannedDues<'_> {
        PlannedDues {
            rules: self.rules,
            table: self
                .dues
                .get_or_init(|| DueTable::new(self.rules, first, days)),
        }
    }
}

/// The most days a [`DueTable`] covers; days beyond are worked out when asked for.
const MOST_TABLE_DAYS: i64 = 20_000;

/// The due day of every time limit for every day it may start in a study's runs: a due day
/// depends only on the limit and the day it started (under one rule set), and the engine
/// asks for the same ones millions of times.
#[derive(Clone, Debug)]
pub(super) struct DueTable {
    /// The first day covered, as a day number.
    first: i32,
    /// Days covered.
    days: usize,
    /// At `limit × days + (started − first)`: the due day before any pause, and whether
    /// suspended days extend it.
    entries: Vec<(Date, bool)>,
}

impl DueTable {
    /// Due days for limits started on the `days` days from `first` on (at most
    /// [`MOST_TABLE_DAYS`]).
    fn new(rules: &RuleSet, first: Date, days: u32) -> DueTable {
        let days = i64::from(days).min(MOST_TABLE_DAYS);
        let entries = (0..rules.limits().len())
            .flat_map(|limit| {
                (0..days as i32).map(move |offset| {
                    Computed.due(LimitId(limit as u16), first.add_days(offset), rules)
                })
            })
            .collect();
        DueTable {
            first: first.day_number(),
            days: days as usize,
            entries,
        }
    }
}

/// Due days from a plan's [`DueTable`], for the rule set it was made for; any other day
/// or regime is worked out afresh.
#[derive(Clone, Copy)]
pub(super) struct PlannedDues<'a> {
    rules: &'a RuleSet,
    table: &'a DueTable,
}

impl DueDays for PlannedDues<'_> {
    #[inline]
    fn due(&self, limit: LimitId, started: Date, rules: &RuleSet) -> (Date, bool) {
        let offset = started.day_number().wrapping_sub(self.table.first) as u32 as usize;
        if offset < self.table.days && std::ptr::eq(rules, self.rules) {
            if let Some(&entry) = self
                .table
                .entries
                .get(limit.0 as usize * self.table.days + offset)
            {
                return entry;
            }
        }
        Computed.due(limit, started, rules)
    }
}
