//! The state machine: state is a pure fold of events under a rule set.
//!
//! [`apply`] is the one place that decides what the rules allow. Given a state, an event
//! and a resolved rule set it finds the transition the event takes from the current
//! stage, checks the transition's guards and time limit, and records the event's facts in
//! the new state. An event the stage does not allow at all is a [`TransitionError`]; an
//! event the stage allows but whose guards fail or whose time limit was missed is still
//! applied, and the [`Step`] says what failed, because a real record can depart from the
//! rules and replay must report that rather than refuse it. Deciding what an actor may do
//! next ([`allowed`]) uses the same guards, so replay, the graph and the simulator agree.
//!
//! State is `Copy` and `apply` allocates nothing: the simulator folds millions of events.

use std::fmt;

use crate::date::Date;
use crate::defect::{DefectCode, DefectSet};
use crate::event::{Actor, EventKind};
use crate::rules::{CompiledGuard, LimitId, RuleSet, StageId, TransitionId};
use crate::scenario::{Event, Filing};

/// Sentinel for "this kind of event has not happened".
const NEVER: i32 = i32::MIN;
/// Sentinel for "this kind of event happened before the record begins, on a day not
/// recorded": later than never, earlier than any recorded day, so a recorded event of
/// the kind still starts a time limit from its own date.
const UNKNOWN_DAY: i32 = i32::MIN + 1;

/// Everything the rules need to know about an application so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    /// The current stage.
    pub stage: StageId,
    /// The day the current stage was entered.
    pub entered: Date,
    /// The date of the last event applied.
    pub last_event: Option<Date>,
    /// Filings (notifications and applications).
    pub attempts: u32,
    /// Refusals (returned notifications and refused applications).
    pub refusals: u32,
    /// Remark rounds in all applications.
    pub remark_rounds: u32,
    /// Remark rounds since the last filing.
    pub remark_rounds_this_filing: u32,
    /// Appeals filed.
    pub appeals: u32,
    /// Days spent at stages where the authority had to act.
    pub days_waiting_on_authority: i32,
    /// The first filing.
    pub first_filing: Option<Date>,
    /// The day registration took effect.
    pub registered_on: Option<Date>,
    /// What the applicant filed last (merged over the current application).
    pub filed: Filing,
    /// Defects notified in remarks and not yet cured.
    pub pending_defects: DefectSet,
    /// Defects notified in remarks whose cure period ran out uncured.
    pub uncured_defects: DefectSet,
    /// Every defect notified in remarks on the current filing: one the authority raises
    /// again after a cure was notified first, and the cure did not remove it.
    pub notified_defects: DefectSet,
    /// When the current suspension began.
    pub suspended_since: Option<Date>,
    /// Days of suspension since the review clock last started.
    pub paused_days: i32,
    last_on: [i32; EventKind::COUNT],
}

/// A time limit that has started, with its due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// The limit.
    pub limit: LimitId,
    /// The day it started.
    pub started: Date,
    /// The last day on which the act is in time (a clock event fires the day after).
    pub due: Date,
}

impl Deadline {
    /// Whether an event of `kind` on `date` meets the limit: an act happens by the due
    /// day; a clock event fires after it.
    pub fn met_by(&self, kind: EventKind, date: Date) -> bool {
        if kind.actor() == Actor::Clock {
            date > self.due
        } else {
            date <= self.due
        }
    }
}

/// The result of applying one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The state after the event.
    pub state: State,
    /// The transition the event took.
    pub transition: TransitionId,
    /// The transition's time limit, if it has one and it had started.
    pub deadline: Option<Deadline>,
    /// Bit `i` is set when the transition's guard `i` failed.
    pub failed_guards: u32,
}

impl Step {
    /// Whether the event met its time limit: an act happened by the due day; a clock event
    /// happened after it.
    pub fn in_time(&self, kind: EventKind, date: Date) -> Option<bool> {
        self.deadline.map(|deadline| deadline.met_by(kind, date))
    }
}

/// Why an event could not be applied at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// The current stage has no transition for this event.
    NotAllowed {
        /// The stage's id.
        stage: String,
        /// The event.
        event: EventKind,
        /// The events the stage allows.
        allowed: Vec<EventKind>,
    },
    /// The event is dated before the previous one.
    OutOfOrder {
        /// The previous event's date.
        previous: Date,
    },
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransitionError::NotAllowed {
                stage,
                event,
                allowed,
            } => {
                write!(f, "`{event}` is not allowed at stage `{stage}`")?;
                if allowed.is_empty() {
                    write!(f, "; nothing can happen after this stage")
                } else {
                    let names: Vec<&str> = allowed.iter().map(|kind| kind.name()).collect();
                    write!(f, "; allowed there: {}", names.join(", "))
                }
            }
            TransitionError::OutOfOrder { previous } => {
                write!(
                    f,
                    "the event is dated before the previous event ({previous})"
                )
            }
        }
    }
}

impl State {
    /// A new application at the rule set's start stage, opened on `date`.
    pub fn new(rules: &RuleSet, date: Date) -> State {
        State {
            stage: rules.start(),
            entered: date,
            last_event: None,
            attempts: 0,
            refusals: 0,
            remark_rounds: 0,
            remark_rounds_this_filing: 0,
            appeals: 0,
            days_waiting_on_authority: 0,
            first_filing: None,
            registered_on: None,
            filed: Filing::default(),
            pending_defects: DefectSet::EMPTY,
            uncured_defects: DefectSet::EMPTY,
            notified_defects: DefectSet::EMPTY,
            suspended_since: None,
            paused_days: 0,
            last_on: [NEVER; EventKind::COUNT],
        }
    }

    /// A case whose record begins at `stage` on `date`, the events in `established`
    /// having happened before on days not recorded (a filing among them counts as an
    /// attempt).
    pub fn opening(
        rules: &RuleSet,
        date: Date,
        stage: StageId,
        established: &[EventKind],
    ) -> State {
        let mut state = State::new(rules, date);
        state.stage = stage;
        for &kind in established {
            state.last_on[kind.index()] = UNKNOWN_DAY;
            if kind.is_filing() {
                state.attempts += 1;
            }
        }
        state
    }

    /// The date of the latest event of `kind`, if it happened on a recorded day.
    pub fn last_on(&self, kind: EventKind) -> Option<Date> {
        let day = self.last_on[kind.index()];
        (day != NEVER && day != UNKNOWN_DAY).then(|| Date::from_day_number(day))
    }

    /// Whether an event of `kind` happened, recorded or established before the record.
    pub fn happened(&self, kind: EventKind) -> bool {
        self.last_on[kind.index()] != NEVER
    }

    /// Whether a limit has started on a day the record does not give (the event that
    /// starts it happened before the record begins).
    pub fn deadline_unknown(&self, limit: LimitId, rules: &RuleSet) -> bool {
        let mut start = NEVER;
        let mut mask = rules.limit(limit).starts_on;
        while mask != 0 {
            let index = mask.trailing_zeros() as usize;
            start = start.max(self.last_on[index]);
            mask &= mask - 1;
        }
        start == UNKNOWN_DAY
    }

    /// Times the limits that `kind` starts from `date` instead of the day `kind` last
    /// happened. A counterfactual uses it where the other rules open a time limit on the
    /// group at an authority act earlier than the real act that opened it (a confirmation
    /// months before the real one): the group's real acts keep their real dates, so its
    /// window runs from the day it really had the decision, never from one it could not
    /// have known of.
    pub fn time_from(&mut self, kind: EventKind, date: Date) {
        self.last_on[kind.index()] = date.day_number();
    }

    /// The deadline of a limit as things stand, if it has started.
    pub fn deadline(&self, limit: LimitId, rules: &RuleSet) -> Option<Deadline> {
        self.deadline_with(limit, rules, &Computed)
    }

    /// [`State::deadline`], with the limit's due day taken from `dues`.
    #[inline(always)]
    pub fn deadline_with(
        &self,
        limit: LimitId,
        rules: &RuleSet,
        dues: &impl DueDays,
    ) -> Option<Deadline> {
        let mut start = NEVER;
        let mut mask = rules.limit(limit).starts_on;
        while mask != 0 {
            let index = mask.trailing_zeros() as usize;
            start = start.max(self.last_on[index]);
            mask &= mask - 1;
        }
        if start == NEVER || start == UNKNOWN_DAY {
            return None;
        }
        let started = Date::from_day_number(start);
        let (mut due, paused_while_suspended) = dues.due(limit, started, rules);
        if paused_while_suspended {
            due = due.add_days(self.paused_days);
        }
        Some(Deadline {
            limit,
            started,
            due,
        })
    }

    /// Days the authority has been waited on, counting the current stage up to `date`.
    pub fn waiting_on_authority_until(&self, date: Date, rules: &RuleSet) -> i32 {
        let current = if rules.stage(self.stage).waiting_on == Some(Actor::Authority) {
            date.days_since(self.entered).max(0)
        } else {
            0
        };
        self.days_waiting_on_authority + current
    }
}

/// Where the due day of a started time limit comes from. It depends only on the limit and
/// the day it started, so the simulator, which asks for the same one many times over a
/// run, may remember it ([`Computed`] works it out every time).
pub trait DueDays {
    /// The last day of `limit` started on `started`, before any pause, and whether
    /// suspended days extend it: the limit as the rules in force on `started` define it.
    fn due(&self, limit: LimitId, started: Date, rules: &RuleSet) -> (Date, bool);
}

/// Due days worked out from the rules each time they are asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Computed;

impl DueDays for Computed {
    #[inline]
    fn due(&self, limit: LimitId, started: Date, rules: &RuleSet) -> (Date, bool) {
        // A limit runs under the rules in force on the day it started.
        let rules = rules.for_date(started);
        let time_limit = rules.limit(limit);
        (
            time_limit.due(started, &rules.holidays, &rules.worked_weekend_days),
            time_limit.paused_while_suspended,
        )
    }
}

/// Which of a transition's guards fail for `event` in `state` (bit `i` for guard `i`).
pub fn failed_guards(
    state: &State,
    event: &Event,
    transition: TransitionId,
    rules: &RuleSet,
) -> u32 {
    let rules = rules.for_date(event.date);
    let guards = &rules.compiled_transition(transition).guards;
    if guards.is_empty() {
        return 0;
    }
    let mut failed = 0;
    for (index, guard) in guards.iter().enumerate() {
        if !guard_holds(*guard, state, event, rules) {
            failed |= 1 << index;
        }
    }
    failed
}

/// Whether `guard` holds. A threshold reads the fact as filed with the event, else as filed
/// before (what [`Filing::updated_by`] would give, one field at a time).
/// Whether `guard` holds under `rules` whatever the state and the event: it checks a
/// policy the rule set does not have (a closed list of grounds, notice before refusal).
pub fn always_holds(guard: CompiledGuard, rules: &RuleSet) -> bool {
    match guard {
        CompiledGuard::HasListedGround => !rules.grounds_closed(),
        CompiledGuard::RectifiableDefectsNoticedFirst => !rules.notice_first(),
        _ => false,
    }
}

/// Whether all of `guards` hold for `event` in `state` under `rules`, the rules in force on
/// the event's day: [`failed_guards`] for a list of guards the caller prepared (a
/// transition's, without those that [`always_holds`]).
#[inline]
pub fn guards_hold(
    state: &State,
    event: &Event,
    guards: &[CompiledGuard],
    rules: &RuleSet,
) -> bool {
    guards
        .iter()
        .all(|guard| guard_holds(*guard, state, event, rules))
}

fn guard_holds(guard: CompiledGuard, state: &State, event: &Event, rules: &RuleSet) -> bool {
    let (filed, earlier) = (&event.filed, &state.filed);
    match guard {
        CompiledGuard::FoundersAtLeast(minimum) => filed
            .founders
            .or(earlier.founders)
            .is_none_or(|n| n >= minimum),
        CompiledGuard::MembersAtLeast(minimum) => filed
            .members
            .or(earlier.members)
            .is_none_or(|n| n >= minimum),
        CompiledGuard::MembersPerRegionAtLeast(minimum) => filed
            .min_members_per_region
            .or(earlier.min_members_per_region)
            .is_none_or(|n| n >= minimum),
        CompiledGuard::RegionsShareAtLeast(share) => {
            let covered = filed.regions_covered.or(earlier.regions_covered);
            match (covered, filed.regions_total.or(earlier.regions_total)) {
                (Some(covered), Some(total)) if total > 0 => {
                    covered as f64 / total as f64 + 1e-9 >= share
                }
                _ => true,
            }
        }
        CompiledGuard::GroundStated => event.defects.codes & !DefectCode::Unspecified.bit() != 0,
        CompiledGuard::HasListedGround => {
            // A ground the sources do not report cannot be judged against the list.
            !rules.grounds_closed()
                || event
                    .defects
                    .intersects(rules.listed_grounds() | DefectCode::NotRecorded.bit())
                || (rules.uncured_may_ground() && notified_and_uncured(state, event))
        }
        CompiledGuard::RectifiableDefectsNoticedFirst => {
            !rules.notice_first()
                || event.defects.has_unrectifiable()
                || notified_and_uncured(state, event)
        }
        CompiledGuard::RemarkRoundsBelow(cap) => state.remark_rounds_this_filing < cap,
        CompiledGuard::NoUncuredDefects => {
            state.pending_defects.is_empty() && state.uncured_defects.is_empty()
        }
    }
}

/// Whether every defect `event` states was notified in remarks on the current filing (and
/// so, raised now, was not cured: left uncured, or raised again after a cure).
fn notified_and_uncured(state: &State, event: &Event) -> bool {
    !event.defects.is_empty()
        && event.defects.codes & !(state.uncured_defects.codes | state.notified_defects.codes) == 0
}

/// The transitions `event` may take from the current stage, in rule-set order.
pub fn candidates<'a>(
    state: &State,
    kind: EventKind,
    rules: &'a RuleSet,
) -> impl Iterator<Item = TransitionId> + use<'a> {
    rules
        .outgoing(state.stage)
        .iter()
        .copied()
        .filter(move |&id| rules.compiled_transition(id).event == kind)
}

/// The transition `event` takes: the first whose guards all hold, else the first candidate.
fn choose(state: &State, event: &Event, rules: &RuleSet) -> Option<(TransitionId, u32)> {
    let mut fallback = None;
    for id in candidates(state, event.kind, rules) {
        let failed = failed_guards(state, event, id, rules);
        if failed == 0 {
            return Some((id, 0));
        }
        fallback.get_or_insert((id, failed));
    }
    fallback
}

/// Whether `event` may lawfully happen now: a transition exists, its guards hold and its
/// time limit is kept.
pub fn allowed(state: &State, event: &Event, rules: &RuleSet) -> Option<TransitionId> {
    allowed_with(state, event, rules, &Computed)
}

/// [`allowed`], with due days taken from `dues`.
#[inline]
pub fn allowed_with(
    state: &State,
    event: &Event,
    rules: &RuleSet,
    dues: &impl DueDays,
) -> Option<TransitionId> {
    candidates(state, event.kind, rules).find(|&id| {
        failed_guards(state, event, id, rules) == 0
            && rules.compiled_transition(id).deadline.is_none_or(|limit| {
                state
                    .deadline_with(limit, rules, dues)
                    .is_none_or(|deadline| deadline.met_by(event.kind, event.date))
            })
    })
}

/// The defects that would make an approval of `kind` on `date` unlawful in `state`: the
/// thresholds its first transition's guards check and the state fails.
pub fn merit_defects(state: &State, kind: EventKind, date: Date, rules: &RuleSet) -> DefectSet {
    let event = Event::bare(kind, date);
    let Some(id) = candidates(state, kind, rules).next() else {
        return DefectSet::EMPTY;
    };
    let failed = failed_guards(state, &event, id, rules);
    let guards = &rules.compiled_transition(id).guards;
    let mut defects = DefectSet::EMPTY;
    for (index, guard) in guards.iter().enumerate() {
        if failed & (1 << index) == 0 {
            continue;
        }
        defects = match guard {
            CompiledGuard::FoundersAtLeast(_) => defects.with(DefectCode::TooFewFounders, false),
            CompiledGuard::MembersAtLeast(_) => defects.with(DefectCode::TooFewMembers, false),
            CompiledGuard::MembersPerRegionAtLeast(_) | CompiledGuard::RegionsShareAtLeast(_) => {
                defects.with(DefectCode::TooFewRegions, false)
            }
            _ => defects,
        };
    }
    defects
}

/// The events the current stage allows, deduplicated, in rule-set order.
pub fn allowed_kinds(state: &State, rules: &RuleSet) -> Vec<EventKind> {
    let mut kinds: Vec<EventKind> = Vec::new();
    for &id in rules.outgoing(state.stage) {
        let kind = rules.compiled_transition(id).event;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// Applies one event: the pure transition function of the fold.
pub fn apply(state: &State, event: &Event, rules: &RuleSet) -> Result<Step, TransitionError> {
    let mut next = *state;
    let applied = apply_in_place(&mut next, event, rules)?;
    Ok(Step {
        state: next,
        transition: applied.transition,
        deadline: applied.deadline,
        failed_guards: applied.failed_guards,
    })
}

/// What applying an event did besides changing the state: a [`Step`] without the state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The transition the event took.
    pub transition: TransitionId,
    /// The transition's time limit, if it has one and it had started.
    pub deadline: Option<Deadline>,
    /// Bit `i` is set when the transition's guard `i` failed.
    pub failed_guards: u32,
}

impl Applied {
    /// Whether the event met its time limit (as [`Step::in_time`]).
    pub fn in_time(&self, kind: EventKind, date: Date) -> Option<bool> {
        self.deadline.map(|deadline| deadline.met_by(kind, date))
    }
}

/// [`apply`] on the state itself, for the simulator's hot loop (no copy of the state in
/// and out). The same decision: nothing is changed when the event is refused.
pub fn apply_in_place(
    state: &mut State,
    event: &Event,
    rules: &RuleSet,
) -> Result<Applied, TransitionError> {
    // A case that spans a change of law is judged under the rules in force on the day.
    let rules = rules.for_date(event.date);
    if let Some(previous) = state.last_event {
        if event.date < previous {
            return Err(TransitionError::OutOfOrder { previous });
        }
    }
    let Some((transition, failed_guards)) = choose(state, event, rules) else {
        return Err(TransitionError::NotAllowed {
            stage: rules.stage(state.stage).id.clone(),
            event: event.kind,
            allowed: allowed_kinds(state, rules),
        });
    };
    Ok(take(
        state,
        event,
        transition,
        failed_guards,
        Some(&Computed),
        rules,
    ))
}

/// [`apply_in_place`] for an event [`allowed`] has just accepted by `transition`, the only
/// transition of its event at the current stage (so [`apply`] would choose it, with every
/// guard holding): the simulator's shortcut, which skips choosing again and computes the
/// transition's deadline only `with_deadline`.
#[inline]
pub fn apply_allowed(
    state: &mut State,
    event: &Event,
    transition: TransitionId,
    with_deadline: bool,
    rules: &RuleSet,
    dues: &impl DueDays,
) -> Applied {
    take(
        state,
        event,
        transition,
        0,
        with_deadline.then_some(dues),
        rules.for_date(event.date),
    )
}

/// Takes `transition` with `event`: the facts it records and the stage it enters.
/// The transition's deadline is computed only if `dues` are given.
fn take(
    state: &mut State,
    event: &Event,
    transition: TransitionId,
    failed_guards: u32,
    dues: Option<&impl DueDays>,
    rules: &RuleSet,
) -> Applied {
    let compiled = rules.compiled_transition(transition);
    let deadline = match (compiled.deadline, dues) {
        (Some(limit), Some(dues)) => state.deadline_with(limit, rules, dues),
        _ => None,
    };
    let (from, entered) = (state.stage, state.entered);
    record(state, event, rules);
    if compiled.to != from {
        if rules.stage(from).waiting_on == Some(Actor::Authority) {
            state.days_waiting_on_authority += event.date.days_since(entered).max(0);
        }
        state.stage = compiled.to;
        state.entered = event.date;
    }
    Applied {
        transition,
        deadline,
        failed_guards,
    }
}

/// Records the facts an event establishes (counters, filings, defects, dates).
fn record(state: &mut State, event: &Event, rules: &RuleSet) {
    let date = event.date;
    match event.kind {
        EventKind::NotificationFiled => {
            state.filed = Filing::default().updated_by(event.filed);
            start_filing(state, date);
        }
        EventKind::ApplicationSubmitted => {
            state.filed = state.filed.updated_by(event.filed);
            start_filing(state, date);
        }
        EventKind::NotificationReturned | EventKind::ApplicationRefused => {
            state.refusals += 1;
            end_suspension(state, date);
        }
        EventKind::RemarksIssued => {
            state.remark_rounds += 1;
            state.remark_rounds_this_filing += 1;
            state.pending_defects = event.defects;
            state.notified_defects = DefectSet {
                codes: state.notified_defects.codes | event.defects.codes,
                rectifiable: state.notified_defects.rectifiable | event.defects.rectifiable,
            };
        }
        EventKind::DefectsCured => {
            state.filed = state.filed.updated_by(event.filed);
            state.pending_defects = DefectSet::EMPTY;
        }
        EventKind::WindowLapsed => {
            if !state.pending_defects.is_empty() {
                state.uncured_defects = state.pending_defects;
                state.pending_defects = DefectSet::EMPTY;
            }
            // The only limit that runs out during a suspension bounds the suspension.
            end_suspension(state, date);
        }
        EventKind::ReviewSuspended => state.suspended_since = Some(date),
        // A suspension ends when the review resumes, when a court lifts it, or with a
        // decision taken while it lasts.
        EventKind::ReviewResumed | EventKind::AppealGranted | EventKind::AppealRemanded => {
            end_suspension(state, date)
        }
        EventKind::AppealFiled => state.appeals += 1,
        EventKind::Registered | EventKind::DeemedRegistered => {
            state.registered_on.get_or_insert(date);
            end_suspension(state, date);
        }
        EventKind::NotificationConfirmed
        | EventKind::CongressHeld
        | EventKind::CongressPrevented
        | EventKind::AppealRejected
        | EventKind::Withdrawn
        | EventKind::BranchesRegistered
        | EventKind::RegistrationCancelled => {}
    }
    if rules.suspension_reset() & (1 << event.kind.index()) != 0 {
        state.paused_days = 0;
    }
    state.last_on[event.kind.index()] = date.day_number();
    state.last_event = Some(date);
}

/// Ends a suspension under way on `date`: its days are added to the time the review
/// clock stood still.
fn end_suspension(state: &mut State, date: Date) {
    if let Some(since) = state.suspended_since.take() {
        state.paused_days += date.days_since(since).max(0);
    }
}

fn start_filing(state: &mut State, date: Date) {
    state.attempts += 1;
    state.first_filing.get_or_insert(date);
    state.remark_rounds_this_filing = 0;
    state.pending_defects = DefectSet::EMPTY;
    state.uncured_defects = DefectSet::EMPTY;
    state.notified_defects = DefectSet::EMPTY;
}
