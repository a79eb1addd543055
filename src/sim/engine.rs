//! One simulated application: the actors' draws folded through the state machine.
//!
//! A run starts a new application at the rule set's start stage and repeats: the actor
//! whose move it is (the stage's `waiting_on`) draws its choice and the day of it from the
//! profile, among the transitions leaving the stage ([`RuleSet::outgoing`]); any clock
//! transition whose time limit has started would fire the day after its due day
//! ([`State::deadline`]); whichever comes first is applied with [`machine::apply`]. A move
//! is offered only if [`machine::allowed`] permits it, so the rules, not the profile,
//! decide what may happen: under `kz-2022` the authority may return a notification on a
//! rectifiable defect; under a cure-period reform it must issue remarks first; under a
//! closed list it cannot refuse on an unlisted ground and must register or stall; under
//! deemed registration the clock registers when its review runs past the limit.
//!
//! One exception is timing: an authority's decision drawn past its time limit, where no
//! clock transition fires first, is checked against the rules as of its due day and then
//! applied late, as a real ministry may decide late. The machine records the lateness and
//! the run counts it ([`RunOutcome::late_decisions`]). An applicant never acts late: its
//! move is offered only if in time.
//!
//! A run ends at registration (or deemed registration), when the applicant gives up, when
//! nothing lawful is left to do, or when the next event would fall after the horizon.
//! Everything here is `Copy` state on the stack: a run allocates nothing. What can be
//! worked out before the runs (each move's one transition, the due days of time limits)
//! is in the [`Plan`], so that checking a move is a lookup and a few guards.

use std::cell::Cell;

use crate::date::Date;
use crate::defect::DefectSet;
use crate::event::{Actor, EventKind};
use crate::machine::{self, State};
use crate::rules::{RuleSet, StageOutcome, TransitionId};
use crate::scenario::{Event, Filing};

pub use super::plan::Plan;
use super::plan::{OnlyTransition, PlannedDues, ReviewKind, StagePlan, bit};
use super::profile::{Profile, Review};
use super::random::{RunStreams, Stream};

pub use super::run::{MAX_EVENTS_PER_RUN, RunEnd, RunOutcome, RunSettings};

/// The authority's examination of one filing: drawn when the filing reaches it, kept
/// through a suspension, dropped when it decides or anyone else acts.
/// Durations that are rarely used keep their uniform draw and are sampled when needed.
#[derive(Clone, Copy, Debug)]
struct Examination {
    kind: ReviewKind,
    defects: DefectSet,
    remaining_days: u32,
    suspend: bool,
    suspend_after: u32,
    suspension_draw: f64,
    prefers_remarks: bool,
    register_when_barred: bool,
    stall_draw: f64,
}

/// An event the engine may apply, without the facts it files: those are the run's own
/// for an applicant's event and none for another's ([`Simulation::event`]). Small enough
/// to pass in registers, where an [`Event`] is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Next {
    kind: EventKind,
    date: Date,
    defects: DefectSet,
}

/// An event the rules were just asked about and allow, with the transition it takes (the
/// only one of its kind at the stage) and, where the engine worked out its deadline,
/// whether it is late.
#[derive(Clone, Copy, Debug)]
struct Accepted {
    next: Next,
    transition: TransitionId,
    late: Option<bool>,
}

/// What the actor whose move it is does next.
enum Move {
    /// This event, if no clock fires first.
    Act(Next),
    /// Nothing (a clock may still fire).
    Wait,
    /// The applicant gives up.
    Stop,
}

/// What run number `run` draws before the rules matter — its generators, its start day and
/// its group — the same under every rule set, so it is drawn once per run and shared.
#[derive(Clone, Debug)]
pub struct RunStart {
    streams: RunStreams,
    start: Date,
    filing: Filing,
    /// Where the run begins, if not at the rule set's first stage on `start`.
    opening: Option<State>,
}

impl RunStart {
    /// The start of run `run`.
    pub fn new(profile: &Profile, settings: &RunSettings, run: u64) -> RunStart {
        let mut streams = RunStreams::new(settings.seed, run);
        let offset = (streams.unit(Stream::Start) * settings.start_spread_days as f64) as i32;
        let start = settings.start.add_days(offset);
        let filing = profile
            .applicant
            .group
            .draw(streams.unit(Stream::Group), streams.unit(Stream::Group));
        RunStart {
            streams,
            start,
            filing,
            opening: None,
        }
    }

    /// The same run, begun in `state` instead of at the rule set's first stage: a real
    /// record that begins mid-procedure, simulated from its first recorded event (the
    /// state's own date should be the run's start; days to registration count from it).
    pub fn in_state(mut self, state: State) -> RunStart {
        self.opening = Some(state);
        self
    }
}

/// Simulates run number `run` of a study under one rule set.
pub fn simulate(plan: &Plan, profile: &Profile, settings: &RunSettings, run: u64) -> RunOutcome {
    simulate_from(
        plan,
        profile,
        settings,
        &RunStart::new(profile, settings, run),
    )
}

/// Simulates a run under one rule set from its [`RunStart`].
pub fn simulate_from(
    plan: &Plan,
    profile: &Profile,
    settings: &RunSettings,
    run: &RunStart,
) -> RunOutcome {
    let streams = run.streams.clone();
    let (start, filing) = (run.start, run.filing);
    let mut sim = Simulation {
        plan,
        rules: plan.rules,
        profile,
        streams,
        filing,
        state: run.opening.unwrap_or_else(|| State::new(plan.rules, start)),
        opened_on: run.opening.map(|_| start),
        // A limit may start on any day from the first start to the end of the latest
        // horizon (the last day an event is applied).
        dues: plan.dues(
            settings.start,
            settings
                .start_spread_days
                .saturating_add(settings.horizon_days)
                .saturating_add(1),
        ),
        accepted: Cell::new(None),
        accepted_clock: Cell::new(None),
        last_kind: None,
        examination: None,
        lapses: 0,
        late_decisions: 0,
        events: 0,
    };
    let horizon_end = start.add_days(settings.horizon_days as i32);
    let end = loop {
        let stage = &plan.stages[sim.state.stage.0 as usize];
        match stage.outcome {
            StageOutcome::Registered => break RunEnd::Registered,
            StageOutcome::Ended => break RunEnd::GaveUp,
            StageOutcome::Pending => {}
        }
        if sim.events >= MAX_EVENTS_PER_RUN {
            break RunEnd::EventCap;
        }
        let actor = match stage.waiting_on {
            Some(Actor::Applicant) => sim.applicant_move(stage),
            Some(Actor::Authority) => sim.authority_move(stage),
            Some(Actor::Court) => sim.court_move(stage),
            Some(Actor::Clock) | None => Move::Wait,
        };
        let clock = match actor {
            Move::Act(event) => sim.next_clock(stage, event.date),
            Move::Wait => sim.next_clock(stage, horizon_end.add_days(1)),
            Move::Stop => None,
        };
        let event = match (actor, clock) {
            (Move::Stop, _) => break RunEnd::GaveUp,
            (Move::Act(act), Some(clock)) if clock.date <= act.date => clock,
            (Move::Act(act), _) => act,
            (Move::Wait, Some(clock)) => clock,
            (Move::Wait, None) => break RunEnd::Pending,
        };
        if event.date > horizon_end || !sim.apply(stage, &sim.event(event)) {
            break RunEnd::Pending;
        }
    };
    sim.outcome(end, horizon_end)
}

struct Simulation<'a> {
    plan: &'a Plan<'a>,
    /// For a run begun mid-procedure ([`RunStart::in_state`]): its first day, from which
    /// days to registration count (a filing it makes is not the application's first).
    opened_on: Option<Date>,
    rules: &'a RuleSet,
    profile: &'a Profile,
    streams: RunStreams,
    /// The facts this run's filings list: the group's own sizes, valid names only.
    filing: Filing,
    state: State,
    dues: PlannedDues<'a>,
    /// The last event [`machine::allowed`] accepted in this state, with its transition.
    accepted: Cell<Option<Accepted>>,
    /// The same for the clock transition that would fire next.
    accepted_clock: Cell<Option<Accepted>>,
    last_kind: Option<EventKind>,
    examination: Option<Examination>,
    lapses: u32,
    late_decisions: u32,
    events: u32,
}

impl Simulation<'_> {
    /// The day the current stage's actor starts counting from.
    fn now(&self) -> Date {
        self.state.last_event.unwrap_or(self.state.entered)
    }

    fn outcome(&self, end: RunEnd, horizon_end: Date) -> RunOutcome {
        let state = &self.state;
        let registered_on = match end {
            RunEnd::Registered => state.registered_on,
            _ => None,
        };
        let until = registered_on.unwrap_or(horizon_end);
        RunOutcome {
            end: if end == RunEnd::Registered && registered_on.is_none() {
                RunEnd::Pending
            } else {
                end
            },
            days_to_registration: registered_on.map(|day| {
                let from = self
                    .opened_on
                    .or(state.first_filing)
                    .unwrap_or(state.entered);
                day.days_since(from).max(0) as u32
            }),
            attempts: state.attempts,
            refusals: state.refusals,
            remark_rounds: state.remark_rounds,
            appeals: state.appeals,
            lapses: self.lapses,
            days_waiting_on_authority: state.waiting_on_authority_until(until, self.rules).max(0)
                as u32,
            late_decisions: self.late_decisions,
            events: self.events,
        }
    }

    /// Applies an event; false if the machine refuses it (which the engine's own checks
    /// make impossible, but a run then ends rather than panics).
    fn apply(&mut self, stage: &StagePlan, event: &Event) -> bool {
        let actor = event.kind.actor();
        // An event just accepted, the only one of its kind here: the machine would choose
        // the same transition, so it need not choose again.
        let accepted = if event.kind.actor() == Actor::Clock {
            self.accepted.set(None);
            self.accepted_clock.take()
        } else {
            self.accepted_clock.set(None);
            self.accepted.take()
        };
        let late = match accepted {
            Some(Accepted {
                next,
                transition,
                late,
            }) if next
                == (Next {
                    kind: event.kind,
                    date: event.date,
                    defects: event.defects,
                })
                && stage.single & bit(next.kind) != 0
                && self.state.last_event.is_none_or(|last| last <= next.date) =>
            {
                // Only an authority's lateness is counted; the deadline is worked out again
                // only if it was not when the event was accepted.
                let with_deadline = actor == Actor::Authority && late.is_none();
                let applied = machine::apply_allowed(
                    &mut self.state,
                    event,
                    transition,
                    with_deadline,
                    self.rules,
                    &self.dues,
                );
                late.unwrap_or(applied.in_time(event.kind, event.date) == Some(false))
            }
            _ => match machine::apply_in_place(&mut self.state, event, self.rules) {
                Ok(applied) => applied.in_time(event.kind, event.date) == Some(false),
                Err(_) => return false,
            },
        };
        if actor == Actor::Authority && late {
            self.late_decisions += 1;
        }
        match event.kind {
            EventKind::WindowLapsed => {
                self.lapses += 1;
                self.examination = None;
            }
            EventKind::ReviewSuspended => {
                if let Some(examination) = &mut self.examination {
                    examination.remaining_days = examination
                        .remaining_days
                        .saturating_sub(examination.suspend_after);
                    examination.suspend = false;
                }
            }
            EventKind::ReviewResumed => {}
            _ => self.examination = None,
        }
        self.last_kind = Some(event.kind);
        self.events += 1;
        true
    }

    /// The earliest clock transition that would fire, on the day after its due day, if
    /// it fires on or before `until` (the actor's move, or the day after the horizon).
    #[inline(always)]
    fn next_clock(&self, stage: &StagePlan, until: Date) -> Option<Next> {
        // Most stages have no clock: no call for them.
        if stage.clocks.is_empty() {
            return None;
        }
        self.earliest_clock(stage, until)
    }

    /// [`Simulation::next_clock`] at a stage with clocks.
    fn earliest_clock(&self, stage: &StagePlan, until: Date) -> Option<Next> {
        let mut earliest: Option<Next> = None;
        let mut clock = None;
        for &id in &stage.clocks {
            let compiled = self.rules.compiled_transition(id);
            let Some(limit) = compiled.deadline else {
                continue;
            };
            let Some(deadline) = self.state.deadline_with(limit, self.rules, &self.dues) else {
                continue;
            };
            let date = deadline.due.add_days(1).max(self.now());
            if date > until || earliest.is_some_and(|event| event.date <= date) {
                continue;
            }
            let event = Event::bare(compiled.event, date);
            // This transition fires after its due day, so it is allowed if its guards hold
            // (no need to compute the deadline again); else another transition of the same
            // event may be.
            let transition = if machine::failed_guards(&self.state, &event, id, self.rules) == 0 {
                Some(id)
            } else {
                machine::allowed_with(&self.state, &event, self.rules, &self.dues)
            };
            if let Some(transition) = transition {
                earliest = Some(Next {
                    kind: event.kind,
                    date,
                    defects: event.defects,
                });
                clock = Some(transition);
            }
        }
        if let (Some(event), Some(transition)) = (earliest, clock) {
            self.accepted_clock.set(Some(Accepted {
                next: event,
                transition,
                late: None,
            }));
        }
        earliest
    }

    /// `kind` on `date` with `defects`, if the rules allow it then. An authority decision
    /// drawn after its time limit is allowed if the rules would allow it on its due day.
    fn lawful(&self, kind: EventKind, date: Date, defects: DefectSet) -> Option<Next> {
        let next = Next {
            kind,
            date,
            defects,
        };
        let stage = &self.plan.stages[self.state.stage.0 as usize];
        match (stage.only(kind), self.plan.one_regime) {
            // Nothing can bar it (the most common move: a filing).
            (Some(only), true) if only.guards.is_empty() && only.limit.is_none() => {
                self.accepted.set(Some(Accepted {
                    next,
                    transition: only.id,
                    late: Some(false),
                }));
                Some(next)
            }
            (Some(only), true) => self.lawful_by(only, next).then_some(next),
            _ => self.lawful_among(next),
        }
    }

    /// [`Simulation::lawful`] where the event's kind may take several transitions, or the
    /// rule set spans regimes: [`machine::allowed`], then the late-decision rule.
    fn lawful_among(&self, next: Next) -> Option<Next> {
        let (kind, date) = (next.kind, next.date);
        let event = self.event(next);
        if let Some(transition) = machine::allowed_with(&self.state, &event, self.rules, &self.dues)
        {
            self.accepted.set(Some(Accepted {
                next,
                transition,
                late: None,
            }));
            return Some(next);
        }
        if kind.actor() != Actor::Authority {
            return None;
        }
        machine::candidates(&self.state, kind, self.rules).find_map(|id| {
            let limit = self.rules.compiled_transition(id).deadline?;
            let deadline = self.state.deadline_with(limit, self.rules, &self.dues)?;
            if date <= deadline.due {
                return None;
            }
            let on_time = Event {
                date: deadline.due,
                ..event
            };
            machine::allowed_with(&self.state, &on_time, self.rules, &self.dues).map(|_| next)
        })
    }

    /// The event `next` is: with the run's filing if the applicant files it.
    #[inline]
    fn event(&self, next: Next) -> Event {
        Event {
            kind: next.kind,
            date: next.date,
            defects: next.defects,
            filed: if next.kind.actor() == Actor::Applicant {
                self.filing
            } else {
                Filing::default()
            },
        }
    }

    /// [`Simulation::lawful`] for an event whose kind takes only transition `id` from the
    /// stage, under a rule set with one regime: the same verdict, with the guards checked
    /// and the deadline worked out once. [`machine::allowed`] takes `id` if its guards hold
    /// and its time limit is met. Failing that, a late authority decision is allowed if it
    /// would have been on its due day, which (guards not depending on the day under one
    /// regime) is when its guards hold and its limit was missed. True if allowed.
    fn lawful_by(&self, only: &OnlyTransition, event: Next) -> bool {
        if !only.guards.is_empty()
            && !machine::guards_hold(&self.state, &self.event(event), &only.guards, self.rules)
        {
            return false;
        }
        let deadline = only
            .limit
            .and_then(|limit| self.state.deadline_with(limit, self.rules, &self.dues));
        let late = match deadline {
            Some(deadline) if !deadline.met_by(event.kind, event.date) => {
                if event.kind.actor() != Actor::Authority || event.date <= deadline.due {
                    return false;
                }
                true
            }
            _ => false,
        };
        self.accepted.set(Some(Accepted {
            next: event,
            transition: only.id,
            late: Some(late),
        }));
        true
    }

    fn applicant_move(&mut self, stage: &StagePlan) -> Move {
        let profile = self.profile;
        let applicant = &profile.applicant;
        let now = self.now();
        let setback = matches!(
            self.last_kind,
            Some(
                EventKind::NotificationReturned
                    | EventKind::ApplicationRefused
                    | EventKind::AppealRejected
                    | EventKind::WindowLapsed
            )
        );
        if setback {
            let give_up = self.streams.unit(Stream::Setback);
            let appeal = self.streams.unit(Stream::Setback);
            let appeal_draw = self.streams.unit(Stream::Setback);
            if give_up < applicant.give_up {
                if stage.kinds & bit(EventKind::Withdrawn) != 0 {
                    if let Some(event) = self.lawful(EventKind::Withdrawn, now, DefectSet::EMPTY) {
                        return Move::Act(event);
                    }
                }
                return Move::Stop;
            }
            let refused = matches!(
                self.last_kind,
                Some(EventKind::NotificationReturned | EventKind::ApplicationRefused)
            );
            if refused
                && stage.kinds & bit(EventKind::AppealFiled) != 0
                && appeal < applicant.appeal
            {
                let date = now.add_days(applicant.file_appeal.sample(appeal_draw) as i32);
                if let Some(event) = self.lawful(EventKind::AppealFiled, date, DefectSet::EMPTY) {
                    return Move::Act(event);
                }
            }
        }
        if stage.kinds & bit(EventKind::DefectsCured) != 0 {
            let cures = self.streams.unit(Stream::CureDefects) < applicant.cure;
            let days = applicant
                .cure_defects
                .sample(self.streams.unit(Stream::CureDefects));
            if cures {
                let date = now.add_days(days as i32);
                if let Some(event) = self.lawful(EventKind::DefectsCured, date, DefectSet::EMPTY) {
                    return Move::Act(event);
                }
            }
        }
        if stage.kinds & bit(EventKind::CongressHeld) != 0 {
            let days = applicant
                .hold_congress
                .sample(self.streams.unit(Stream::HoldCongress));
            let date = now.add_days(days as i32);
            if let Some(event) = self.lawful(EventKind::CongressHeld, date, DefectSet::EMPTY) {
                return Move::Act(event);
            }
        }
        if stage.kinds & bit(EventKind::ApplicationSubmitted) != 0 {
            let resubmission = matches!(
                self.last_kind,
                Some(EventKind::ApplicationRefused | EventKind::AppealRejected)
            );
            let (stream, delay) = if self.state.attempts == 0 {
                (Stream::FirstFiling, &applicant.first_filing)
            } else if resubmission {
                (Stream::ResubmitApplication, &applicant.resubmit_application)
            } else {
                (Stream::SubmitApplication, &applicant.submit_application)
            };
            let date = now.add_days(delay.sample(self.streams.unit(stream)) as i32);
            if let Some(event) =
                self.lawful(EventKind::ApplicationSubmitted, date, DefectSet::EMPTY)
            {
                return Move::Act(event);
            }
        }
        if stage.kinds & bit(EventKind::NotificationFiled) != 0 {
            let (stream, delay) = if self.state.attempts == 0 {
                (Stream::FirstFiling, &applicant.first_filing)
            } else {
                (Stream::RefileNotification, &applicant.refile_notification)
            };
            let date = now.add_days(delay.sample(self.streams.unit(stream)) as i32);
            if let Some(event) = self.lawful(EventKind::NotificationFiled, date, DefectSet::EMPTY) {
                return Move::Act(event);
            }
        }
        Move::Wait
    }

    /// Draws the authority's examination of the filing in front of it. Always nine draws
    /// from the review's stream, whatever is used, so later examinations stay aligned
    /// across rule sets.
    fn examine(&mut self, kind: ReviewKind) -> Examination {
        let profile = self.profile;
        let authority = &profile.authority;
        let (stream, review): (Stream, &Review) = match kind {
            ReviewKind::Notification => (Stream::NotificationReview, &authority.notification),
            ReviewKind::Application => (Stream::ApplicationReview, &authority.application),
        };
        let after_cure = self.last_kind == Some(EventKind::DefectsCured);
        let probability = if after_cure {
            review.defect_probability_after_cure
        } else {
            review.defect_probability
        };
        let mut draw = || self.streams.unit(stream);
        let found = draw() < probability;
        let which = draw();
        let review_days = review.review_days.sample(draw());
        let suspend = draw() < review.suspension;
        let suspend_after_draw = draw();
        let suspension_draw = draw();
        let prefers_remarks = draw() < authority.prefers_remarks;
        let register_when_barred = draw() < authority.register_when_barred;
        let stall_draw = draw();
        Examination {
            kind,
            defects: if found {
                review.defects.pick(which)
            } else {
                DefectSet::EMPTY
            },
            remaining_days: review_days,
            suspend,
            suspend_after: if suspend {
                review.suspend_after_days.sample(suspend_after_draw)
            } else {
                0
            },
            suspension_draw,
            prefers_remarks,
            register_when_barred,
            stall_draw,
        }
    }

    fn authority_move(&mut self, stage: &StagePlan) -> Move {
        let now = self.now();
        let decisions = bit(EventKind::NotificationConfirmed)
            | bit(EventKind::NotificationReturned)
            | bit(EventKind::RemarksIssued)
            | bit(EventKind::ApplicationRefused)
            | bit(EventKind::Registered);
        // A suspended review: the profile's authority resumes it after the suspension it
        // drew. Decisions the rules allow during a suspension are there so real records
        // can hold them; no profile number gives their likelihood.
        let suspended = stage.kinds & bit(EventKind::ReviewResumed) != 0;
        if stage.kinds & decisions == 0 || suspended {
            if !suspended {
                return Move::Wait;
            }
            let days = self.examination.map_or(0, |examination| {
                let authority = &self.profile.authority;
                let review = match examination.kind {
                    ReviewKind::Notification => &authority.notification,
                    ReviewKind::Application => &authority.application,
                };
                review.suspension_days.sample(examination.suspension_draw)
            });
            return self
                .lawful(
                    EventKind::ReviewResumed,
                    now.add_days(days as i32),
                    DefectSet::EMPTY,
                )
                .map_or(Move::Wait, Move::Act);
        }
        let examination = match self.examination {
            Some(examination) => examination,
            None => {
                let examination = self.examine(stage.review);
                self.examination = Some(examination);
                examination
            }
        };
        if examination.suspend
            && stage.kinds & bit(EventKind::ReviewSuspended) != 0
            && examination.suspend_after < examination.remaining_days
        {
            let date = now.add_days(examination.suspend_after as i32);
            if let Some(event) = self.lawful(EventKind::ReviewSuspended, date, DefectSet::EMPTY) {
                return Move::Act(event);
            }
        }
        let date = now.add_days(examination.remaining_days as i32);
        self.decide(stage, &examination, date)
    }

    /// The authority's decision on `date`: approve what has no defect; otherwise remarks
    /// or a refusal, whichever the rules allow (the profile's preference where both are);
    /// where the rules bar both, register at once or after stalling.
    fn decide(&self, stage: &StagePlan, examination: &Examination, date: Date) -> Move {
        let present = |kind: EventKind| stage.kinds & bit(kind) != 0;
        let approve = [EventKind::NotificationConfirmed, EventKind::Registered]
            .into_iter()
            .find(|&kind| present(kind));
        let refuse = [
            EventKind::NotificationReturned,
            EventKind::ApplicationRefused,
        ]
        .into_iter()
        .find(|&kind| present(kind));
        // Defects notified and left uncured are the grounds the rules let it rely on.
        let mut defects = if self.state.uncured_defects.is_empty() {
            examination.defects
        } else {
            self.state.uncured_defects
        };
        if defects.is_empty() {
            if let Some(kind) = approve {
                if let Some(event) = self.lawful(kind, date, DefectSet::EMPTY) {
                    return Move::Act(event);
                }
                defects = machine::merit_defects(&self.state, kind, date, self.rules);
            }
            if defects.is_empty() {
                return Move::Wait;
            }
        }
        let remarks = if present(EventKind::RemarksIssued) {
            self.lawful(EventKind::RemarksIssued, date, defects)
        } else {
            None
        };
        let refusal = refuse.and_then(|kind| self.lawful(kind, date, defects));
        match (remarks, refusal) {
            (Some(remarks), Some(refusal)) => {
                if examination.prefers_remarks && !defects.has_unrectifiable() {
                    Move::Act(remarks)
                } else {
                    Move::Act(refusal)
                }
            }
            (Some(remarks), None) => Move::Act(remarks),
            (None, Some(refusal)) => Move::Act(refusal),
            (None, None) => {
                let Some(kind) = approve else {
                    return Move::Wait;
                };
                let when = if examination.register_when_barred {
                    date
                } else {
                    let stall = self
                        .profile
                        .authority
                        .stall_days
                        .sample(examination.stall_draw);
                    date.add_days(stall as i32)
                };
                self.lawful(kind, when, DefectSet::EMPTY)
                    .map_or(Move::Wait, Move::Act)
            }
        }
    }

    fn court_move(&mut self, stage: &StagePlan) -> Move {
        let profile = self.profile;
        let court = &profile.court;
        let outcome = self.streams.unit(Stream::Court);
        let days = court.decision_days.sample(self.streams.unit(Stream::Court));
        let date = self.now().add_days(days as i32);
        let order = if outcome < court.grant {
            [EventKind::AppealGranted, EventKind::AppealRemanded]
        } else if outcome < court.grant + court.remand {
            [EventKind::AppealRemanded, EventKind::AppealGranted]
        } else {
            [EventKind::AppealRejected, EventKind::AppealRejected]
        };
        for kind in order.into_iter().chain([EventKind::AppealRejected]) {
            if stage.kinds & bit(kind) != 0 {
                if let Some(event) = self.lawful(kind, date, DefectSet::EMPTY) {
                    return Move::Act(event);
                }
            }
        }
        Move::Wait
    }
}
