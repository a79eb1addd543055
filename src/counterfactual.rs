//! Counterfactual replay: the same facts under another rule set.
//!
//! The applicant's actions (filings, congress, cures, appeals) are kept at their real
//! dates. The authority's, the courts' and the clock's events are re-derived under the
//! other rule set, taking each real decision as a template:
//!
//! * `adverse` (default): the authority raises the same defects it raised in reality. If
//!   its real decision is allowed under the other rules (or breaks only rules it broke in
//!   reality too), it stands; otherwise the authority takes the most adverse decision the
//!   other rules allow on those defects (refuse, else notify them for cure, else approve).
//!   It takes as long as it really took, measured from the day the case reached it; where
//!   the other rules let the clock decide (deemed registration, a cure period running
//!   out), the clock decides.
//! * `lawful`: the authority refuses only on unrectifiable defects (and, under a closed
//!   list, only listed ones), notifies rectifiable ones for cure where the rules provide
//!   it, approves otherwise, and always decides within its time limit.
//!
//! Where the other rules need a step the record lacks (a congress the real group was
//! never allowed to hold, a cure it was never invited to make), the scenario's
//! `assumptions` fill it, else regsim's documented defaults; every assumption used is
//! listed. The derived events are replayed by the same state machine as any case, so the
//! counterfactual trace, findings and outcome are exactly as trustworthy as a replay.

use serde::Serialize;

use crate::case_check::KNOWN_ASSUMPTIONS;
use crate::date::Date;
use crate::defect::{Defect, DefectCode, DefectSet};
use crate::diagnostic::Diagnostic;
use crate::event::{Actor, EventKind};
use crate::machine::{self, State};
use crate::replay::{self, Replay};
use crate::rules::{CompiledGuard, RuleSet, StageOutcome, TransitionId};
use crate::scenario::{Event, Scenario, ScenarioEvent};
use crate::source::Confidence;

/// How the authority behaves in a counterfactual.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityModel {
    /// As adverse as the other rules permit, on the defects it really raised.
    #[default]
    Adverse,
    /// Refuses only on listed, unrectifiable defects and decides within its limit.
    Lawful,
}

/// regsim's defaults for steps the record lacks, used when the scenario states no assumption.
pub const DEFAULT_ASSUMPTIONS: &[(&str, f64, &str)] = &[
    (
        "cure_days",
        14.0,
        "two weeks to correct a list or a charter wording, well inside the cure periods proposed (one month and more)",
    ),
    (
        "congress_after_days",
        30.0,
        "one month to convene the congress, inside every congress window modelled (two or three months); Respublica took 9 days",
    ),
    (
        "submission_after_days",
        30.0,
        "one month from congress to filing, inside every filing window modelled; Respublica filed within about 17–46 days",
    ),
];

/// What became of a real event, or where a derived one came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "derivation", rename_all = "snake_case")]
pub enum Derivation {
    /// The real event, kept.
    Kept,
    /// The real decision is not allowed under the other rules; this one replaces it.
    Replaced {
        /// Why the real decision is not allowed.
        reason: String,
        /// The rule (policy, guard or missing transition) that made the difference.
        rule: String,
        /// Its citation.
        #[serde(skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
    /// The real event has no counterpart.
    Dropped {
        /// Why.
        reason: String,
    },
    /// The applicant's real correction, filed as the step the other rules call it
    /// (a cure where they invite one, a fresh filing where they refuse first).
    Translated {
        /// What the real act was and what it becomes.
        reason: String,
        /// The transition it takes.
        rule: String,
        /// Its citation.
        #[serde(skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
    /// An applicant step the record lacks, placed by an assumption.
    Assumed {
        /// The assumption's name.
        assumption: String,
        /// Its value (days).
        value: f64,
    },
    /// An authority or clock event the other rules produce with no real counterpart.
    Derived {
        /// Why it happens.
        reason: String,
        /// The rule.
        rule: String,
        /// Its citation.
        #[serde(skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
}

/// One event in an aligned row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowEvent {
    /// Position in its own event list.
    pub index: usize,
    /// Date.
    pub date: Date,
    /// Event.
    pub event: EventKind,
}

/// One row of the aligned traces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedRow {
    /// The real event, if the row has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factual: Option<RowEvent>,
    /// The counterfactual event, if the row has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterfactual: Option<RowEvent>,
    /// How the row was derived.
    #[serde(flatten)]
    pub derivation: Derivation,
}

/// An assumption a counterfactual used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssumptionUse {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// `scenario` when the case file states it, `default` when regsim's default was used.
    pub origin: String,
    /// What it means.
    pub meaning: String,
    /// Why this value.
    pub note: String,
}

/// Where the counterfactual first departs from the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// The real event at that point, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factual_event: Option<usize>,
    /// The date.
    pub date: Date,
    /// What happened differently.
    pub description: String,
    /// The rule that caused it.
    pub rule: String,
    /// Its citation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// How the outcome changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeDelta {
    /// Registered in reality.
    pub registered_factual: bool,
    /// Registered in the counterfactual.
    pub registered_counterfactual: bool,
    /// Real registration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on_factual: Option<Date>,
    /// Counterfactual registration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on_counterfactual: Option<Date>,
    /// Days from first filing to registration (or to the evaluation date), real.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_factual: Option<i32>,
    /// The same, counterfactual.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_counterfactual: Option<i32>,
    /// Refusals avoided (real minus counterfactual).
    pub refusals_avoided: i64,
    /// Filings avoided.
    pub attempts_avoided: i64,
    /// Remark rounds added (counterfactual minus real).
    pub remark_rounds_added: i64,
    /// Days waiting on the authority saved.
    pub authority_days_saved: i64,
}

/// A counterfactual replay.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterfactual {
    /// The authority model.
    pub model: AuthorityModel,
    /// The replay of the record under its own rules.
    pub factual: Replay,
    /// The replay of the derived record under the other rules.
    pub counterfactual: Replay,
    /// The two traces aligned.
    pub rows: Vec<AlignedRow>,
    /// The first point of divergence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divergence: Option<Divergence>,
    /// Every assumption used.
    pub assumptions_used: Vec<AssumptionUse>,
    /// The outcome delta.
    pub delta: OutcomeDelta,
}

/// Replays `scenario` (whose own rules are `factual_rules`) under `other`.
pub fn counterfactual(
    file: &str,
    scenario: &Scenario,
    factual_rules: &RuleSet,
    other: &RuleSet,
    model: AuthorityModel,
    as_of: Option<Date>,
) -> Result<Counterfactual, Diagnostic> {
    let factual = replay::replay(file, scenario, factual_rules, as_of)?;
    let as_of = factual.as_of;
    let mut deriver = Deriver::new(scenario, factual_rules, other, model, as_of);
    deriver.run();
    let derived = Scenario {
        events: deriver.events.clone(),
        recorded_outcome: None,
        rules: other.id.clone(),
        ..scenario.clone()
    };
    let counterfactual = replay::replay(file, &derived, other, Some(as_of)).map_err(|problem| {
        Diagnostic::new(
            file,
            format!(
                "internal error: the derived record does not replay under `{}`: {}",
                other.id, problem.message
            ),
        )
    })?;
    let divergence = deriver.divergence(&factual, &counterfactual);
    let delta = delta(&factual, &counterfactual);
    Ok(Counterfactual {
        model,
        factual,
        counterfactual,
        rows: deriver.rows,
        divergence,
        assumptions_used: deriver.assumptions_used,
        delta,
    })
}

fn delta(factual: &Replay, counterfactual: &Replay) -> OutcomeDelta {
    let (f, c) = (&factual.outcome, &counterfactual.outcome);
    OutcomeDelta {
        registered_factual: f.status == StageOutcome::Registered,
        registered_counterfactual: c.status == StageOutcome::Registered,
        registered_on_factual: f.registered_on,
        registered_on_counterfactual: c.registered_on,
        days_factual: f.days_from_first_filing,
        days_counterfactual: c.days_from_first_filing,
        refusals_avoided: f.refusals as i64 - c.refusals as i64,
        attempts_avoided: f.attempts as i64 - c.attempts as i64,
        remark_rounds_added: c.remark_rounds as i64 - f.remark_rounds as i64,
        authority_days_saved: f.days_waiting_on_authority as i64
            - c.days_waiting_on_authority as i64,
    }
}

/// The kinds of decision an authority takes, so a template from one stage can be matched
/// to the corresponding event at another (a returned notification and a refused
/// application are both refusals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DecisionClass {
    Refuse,
    Remark,
    Approve,
    Other(EventKind),
}

fn class_of(kind: EventKind) -> DecisionClass {
    match kind {
        EventKind::NotificationReturned | EventKind::ApplicationRefused => DecisionClass::Refuse,
        EventKind::RemarksIssued => DecisionClass::Remark,
        EventKind::NotificationConfirmed | EventKind::Registered => DecisionClass::Approve,
        other => DecisionClass::Other(other),
    }
}

/// A real decision used as a template.
#[derive(Clone, Copy, Debug)]
struct Template {
    class: DecisionClass,
    kind: EventKind,
    defects: DefectSet,
    /// Days from the real case reaching the deciding stage to the decision.
    duration: i32,
}

struct Deriver<'a> {
    scenario: &'a Scenario,
    factual_rules: &'a RuleSet,
    rules: &'a RuleSet,
    model: AuthorityModel,
    as_of: Date,
    state: State,
    real_state: State,
    next_real: usize,
    last_kind: Option<EventKind>,
    last_template: Option<Template>,
    cured: DefectSet,
    events: Vec<ScenarioEvent>,
    rows: Vec<AlignedRow>,
    assumptions_used: Vec<AssumptionUse>,
}

impl<'a> Deriver<'a> {
    fn new(
        scenario: &'a Scenario,
        factual_rules: &'a RuleSet,
        rules: &'a RuleSet,
        model: AuthorityModel,
        as_of: Date,
    ) -> Self {
        let start = scenario.events.first().map_or(as_of, |event| event.date);
        Deriver {
            scenario,
            factual_rules,
            rules,
            model,
            as_of,
            state: State::new(rules, start),
            real_state: State::new(factual_rules, start),
            next_real: 0,
            last_kind: None,
            last_template: None,
            cured: DefectSet::EMPTY,
            events: Vec::new(),
            rows: Vec::new(),
            assumptions_used: Vec::new(),
        }
    }

    fn assumption(&mut self, name: &str) -> f64 {
        let (value, origin, note) = match self.scenario.assumptions.get(name) {
            Some(stated) => (stated.value, "scenario", stated.note.clone()),
            None => {
                let (_, value, note) = DEFAULT_ASSUMPTIONS
                    .iter()
                    .find(|(known, _, _)| *known == name)
                    .copied()
                    .unwrap_or((name, 30.0, "regsim default"));
                (value, "default", note.to_string())
            }
        };
        if !self.assumptions_used.iter().any(|used| used.name == name) {
            let meaning = KNOWN_ASSUMPTIONS
                .iter()
                .find(|(known, _)| *known == name)
                .map_or("", |(_, meaning)| meaning);
            self.assumptions_used.push(AssumptionUse {
                name: name.into(),
                value,
                origin: origin.into(),
                meaning: meaning.into(),
                note,
            });
        }
        value
    }

    fn run(&mut self) {
        let budget = 4 * self.scenario.events.len() + 1_000;
        for _ in 0..budget {
            if !self.step() {
                break;
            }
        }
    }

    /// Advances the real fold past the next real event, returning it.
    fn take_real(&mut self) -> (usize, &'a ScenarioEvent, State) {
        let taken = self.peek_real();
        self.advance_real();
        taken
    }

    /// The next real event and the real state before it, without moving past it.
    fn peek_real(&self) -> (usize, &'a ScenarioEvent, State) {
        let scenario: &'a Scenario = self.scenario;
        (
            self.next_real,
            &scenario.events[self.next_real],
            self.real_state,
        )
    }

    /// Moves the real fold past the next real event, remembering a real refusal or remark
    /// as the template for decisions the record lacks.
    fn advance_real(&mut self) {
        let record = &self.scenario.events[self.next_real];
        let before = self.real_state;
        if let Ok(step) = machine::apply(&self.real_state, &record.compact(), self.factual_rules) {
            self.real_state = step.state;
        }
        self.next_real += 1;
        let class = class_of(record.event);
        if record.event.actor() == Actor::Authority
            && matches!(class, DecisionClass::Refuse | DecisionClass::Remark)
        {
            let duration = record.date.days_since(before.entered).max(0);
            self.last_template = Some(Template {
                class,
                kind: record.event,
                defects: record.compact().defects,
                duration,
            });
        }
    }

    fn stage_waits_on(&self) -> Option<Actor> {
        self.rules.stage(self.state.stage).waiting_on
    }

    /// One move of the derivation; false when nothing more can happen.
    fn step(&mut self) -> bool {
        let real = self.scenario.events.get(self.next_real);
        let waits = self.stage_waits_on();
        // A real event the counterfactual stage allows is applied as it stands (the record
        // leads wherever it can).
        if let Some(record) = real {
            let actor = record.event.actor();
            let allowed_here = machine::candidates(&self.state, record.event, self.rules)
                .next()
                .is_some();
            let in_order = self.state.last_event.is_none_or(|last| record.date >= last);
            let translated = if in_order {
                self.translation(record.event, record.date)
            } else {
                None
            };
            let real_usable =
                actor == Actor::Applicant && (allowed_here || translated.is_some()) && in_order;
            // Once the case has left the record's path, a step the other rules need and
            // the record lacks (an applicant step, or the authority's decision on it) comes
            // first when it is due before the record's next event. While the case keeps step
            // with the record, the record alone decides.
            let off_record = self.off_record();
            if off_record
                && !real_usable
                && self
                    .synthesis_date()
                    .is_some_and(|date| date <= record.date)
                && self.synthesize_applicant_step()
            {
                return true;
            }
            if off_record
                && !real_usable
                && actor == Actor::Applicant
                && waits == Some(Actor::Authority)
            {
                if let Some(template) = self
                    .last_template
                    .filter(|t| self.state.entered.add_days(t.duration) <= record.date)
                {
                    if self.decide(template, None, &[]) {
                        return true;
                    }
                }
            }
            if self.fire_new_clock_before(record.date) {
                return true;
            }
            if actor == Actor::Applicant {
                if allowed_here && self.state.last_event.is_none_or(|last| record.date >= last) {
                    if self.fire_new_clock_before(record.date) {
                        return true;
                    }
                    let (index, record, _) = self.take_real();
                    self.apply(record.compact(), Some(index), Derivation::Kept, record);
                    return true;
                }
                if let Some(kind) = translated {
                    if self.fire_new_clock_before(record.date) {
                        return true;
                    }
                    let (index, record, _) = self.take_real();
                    let id = machine::candidates(&self.state, kind, self.rules).next();
                    let transition = id.map(|id| self.rules.transition(id));
                    let derivation = Derivation::Translated {
                        reason: format!(
                            "the applicant's correction, recorded as `{}`, is a `{kind}` under {}",
                            record.event, self.rules.id
                        ),
                        rule: transition.map_or_else(|| kind.to_string(), |t| t.id.clone()),
                        citation: transition
                            .and_then(|t| t.citation.as_ref())
                            .map(|c| self.rules.cite(c)),
                    };
                    let mut event = record.compact();
                    event.kind = kind;
                    let derived = ScenarioEvent {
                        event: kind,
                        ..record.clone()
                    };
                    self.apply_with_row(event, Some(index), derivation, derived);
                    return true;
                }
                let (index, record, _) = self.take_real();
                let reason = if allowed_here {
                    "the counterfactual case had already moved past this date".to_string()
                } else if self.rules.stage(self.state.stage).outcome == StageOutcome::Registered {
                    format!(
                        "not needed: under {} the group is already registered",
                        self.rules.id
                    )
                } else {
                    format!(
                        "not possible at stage `{}` under {}",
                        self.rules.stage(self.state.stage).id,
                        self.rules.id
                    )
                };
                self.drop_real(index, record, reason);
                return true;
            }
            // Authority, court or clock event in the record.
            let deciding_here =
                allowed_here || matches!(waits, Some(Actor::Authority | Actor::Court));
            if deciding_here {
                // The real fold moves past the event only after the decision, so the
                // counterfactual is compared with the record as it stood before it.
                let (index, record, real_before) = self.peek_real();
                let duration = record.date.days_since(real_before.entered).max(0);
                let template = Template {
                    class: class_of(record.event),
                    kind: record.event,
                    defects: record.compact().defects,
                    duration,
                };
                let real_failed = self.real_failed_guard_names(&real_before, record);
                self.decide(template, Some((index, record)), &real_failed);
                self.advance_real();
                return true;
            }
            let (index, record, _) = self.take_real();
            let reason = format!(
                "no counterpart: under {} the case is at stage `{}`, where nothing waits on the {actor}",
                self.rules.id,
                self.rules.stage(self.state.stage).id
            );
            self.drop_real(index, record, reason);
            return true;
        }
        // The record is exhausted: off its path, the other rules may still move the case on.
        if !self.off_record() {
            return false;
        }
        match waits {
            Some(Actor::Authority) => {
                let Some(template) = self.last_template else {
                    return self.fire_new_clock_before(self.as_of.add_days(1));
                };
                self.decide(template, None, &[])
            }
            _ => {
                self.synthesize_applicant_step()
                    || self.fire_new_clock_before(self.as_of.add_days(1))
            }
        }
    }

    /// Names of the guards the real event failed under its own rules (its own departures).
    fn real_failed_guard_names(&self, before: &State, record: &ScenarioEvent) -> Vec<&'static str> {
        let event = record.compact();
        let Ok(step) = machine::apply(before, &event, self.factual_rules) else {
            return Vec::new();
        };
        let guards = &self.factual_rules.transition(step.transition).guards;
        guards
            .iter()
            .enumerate()
            .filter(|(i, _)| step.failed_guards & (1 << i) != 0)
            .map(|(_, g)| g.name())
            .collect()
    }

    /// Fires a clock transition the other rules add (absent from the real rules) if it
    /// falls due before `date`. Returns whether it fired.
    fn fire_new_clock_before(&mut self, date: Date) -> bool {
        for &id in self.rules.outgoing(self.state.stage) {
            let compiled = self.rules.compiled_transition(id);
            // While the counterfactual keeps step with the record, the record's own clock
            // events apply; a clock the other rules add, or any clock once the case has left
            // the record's path, is fired here.
            if compiled.event.actor() != Actor::Clock
                || (self.clock_exists_in_factual(id) && !self.off_record())
            {
                continue;
            }
            let Some(limit) = compiled.deadline else {
                continue;
            };
            let Some(deadline) = self.state.deadline(limit, self.rules) else {
                continue;
            };
            let fires = deadline
                .due
                .add_days(1)
                .max(self.state.last_event.unwrap_or(deadline.due));
            if fires < date && fires <= self.as_of {
                let transition = self.rules.transition(id);
                let parameter = &self.rules.limit(limit).parameter;
                let reason = format!(
                    "{} ({}) ran out on {}",
                    parameter,
                    self.rules.parameters[parameter].label.to_lowercase(),
                    deadline.due
                );
                let derivation = Derivation::Derived {
                    reason,
                    rule: transition.id.clone(),
                    citation: transition.citation.as_ref().map(|c| self.rules.cite(c)),
                };
                self.apply_derived(Event::bare(compiled.event, fires), derivation);
                return true;
            }
        }
        false
    }

    /// The applicant's corrections are one act under two names: a cure where the rules
    /// invite one, a fresh filing where they refuse first. A real filing the other rules
    /// would receive as a cure (or the reverse) is translated, keeping its date.
    ///
    /// A real re-filing counts as a cure only if it falls within the cure period: a group
    /// that re-filed months later did so under rules that set it no deadline, so its date
    /// says nothing about a cure it was never invited to make (the `cure_days` assumption
    /// places that one instead).
    fn translation(&self, kind: EventKind, date: Date) -> Option<EventKind> {
        let allows = |target: EventKind| {
            machine::candidates(&self.state, target, self.rules).any(|id| {
                target != EventKind::DefectsCured
                    || self
                        .rules
                        .compiled_transition(id)
                        .deadline
                        .and_then(|limit| self.state.deadline(limit, self.rules))
                        .is_none_or(|deadline| date <= deadline.due)
            })
        };
        if allows(kind) {
            return None;
        }
        match kind {
            EventKind::NotificationFiled | EventKind::ApplicationSubmitted
                if allows(EventKind::DefectsCured) =>
            {
                Some(EventKind::DefectsCured)
            }
            EventKind::DefectsCured => [
                EventKind::ApplicationSubmitted,
                EventKind::NotificationFiled,
            ]
            .into_iter()
            .find(|&target| allows(target)),
            _ => None,
        }
    }

    fn off_record(&self) -> bool {
        self.rules.stage(self.state.stage).id != self.factual_rules.stage(self.real_state.stage).id
    }

    fn clock_exists_in_factual(&self, id: TransitionId) -> bool {
        let transition = self.rules.transition(id);
        self.factual_rules
            .procedure
            .transitions
            .iter()
            .any(|t| t.from == transition.from && t.event == transition.event)
    }

    /// The applicant step the other rules need next and the record lacks, if any.
    fn synthesis(&self) -> Option<(EventKind, &'static str, Date)> {
        let (kind, name) = match self.last_kind {
            Some(EventKind::RemarksIssued) => (EventKind::DefectsCured, "cure_days"),
            Some(EventKind::NotificationConfirmed | EventKind::NotificationFiled) => {
                (EventKind::CongressHeld, "congress_after_days")
            }
            Some(EventKind::CongressHeld) => {
                (EventKind::ApplicationSubmitted, "submission_after_days")
            }
            _ => return None,
        };
        machine::candidates(&self.state, kind, self.rules).next()?;
        let date = self
            .state
            .entered
            .add_days(self.assumption_peek(name) as i32);
        Some((kind, name, date))
    }

    fn synthesis_date(&self) -> Option<Date> {
        self.synthesis().map(|(_, _, date)| date)
    }

    /// An applicant step the other rules need and the record lacks.
    fn synthesize_applicant_step(&mut self) -> bool {
        let Some((kind, name, date)) = self.synthesis() else {
            return false;
        };
        let Some(id) = machine::candidates(&self.state, kind, self.rules).next() else {
            return false;
        };
        if date > self.as_of {
            return false;
        }
        if let Some(limit) = self.rules.compiled_transition(id).deadline {
            if self
                .state
                .deadline(limit, self.rules)
                .is_some_and(|deadline| date > deadline.due)
            {
                return false;
            }
        }
        if self.fire_new_clock_before(date) {
            return true;
        }
        let value = self.assumption(name);
        let mut event = Event::bare(kind, date);
        if kind == EventKind::ApplicationSubmitted {
            if let Some(members) = self.scenario.assumptions.get("members") {
                event.filed.members = Some(members.value as u32);
            }
        }
        self.apply_derived(
            event,
            Derivation::Assumed {
                assumption: name.into(),
                value,
            },
        );
        true
    }

    fn assumption_peek(&self, name: &str) -> f64 {
        self.scenario
            .assumptions
            .get(name)
            .map(|a| a.value)
            .unwrap_or_else(|| {
                DEFAULT_ASSUMPTIONS
                    .iter()
                    .find(|(known, _, _)| *known == name)
                    .map_or(30.0, |(_, value, _)| *value)
            })
    }

    /// The authority's (or court's, or clock's) move on a template.
    fn decide(
        &mut self,
        template: Template,
        real: Option<(usize, &'a ScenarioEvent)>,
        real_failed: &[&str],
    ) -> bool {
        let entered = self.state.entered;
        let lawful = self.model == AuthorityModel::Lawful;
        // The decision date: as long as it really took (or, with no template, as long as the
        // rules permit), capped at the limit when the model is lawful.
        let decision_date = |deriver: &Deriver, kind: EventKind| -> Option<Date> {
            let due = machine::candidates(&deriver.state, kind, deriver.rules)
                .find_map(|id| deriver.rules.compiled_transition(id).deadline)
                .and_then(|limit| deriver.state.deadline(limit, deriver.rules))
                .map(|deadline| deadline.due);
            let date = if template.duration >= 0 {
                Some(entered.add_days(template.duration))
            } else {
                due
            };
            match (date, due) {
                (Some(date), Some(due)) if lawful => Some(date.min(due)),
                (date, _) => date,
            }
        };
        let mut options: Vec<(EventKind, DefectSet)> = Vec::new();
        let stage_kinds: Vec<EventKind> = machine::allowed_kinds(&self.state, self.rules);
        let kinds_of = |class: DecisionClass| -> Vec<EventKind> {
            stage_kinds
                .iter()
                .copied()
                .filter(|&k| class_of(k) == class && k.actor() != Actor::Clock)
                .collect()
        };
        // A real decision raises the defects it really raised, even on a corrected filing;
        // a decision the record lacks raises them less those since cured.
        let defects = if real.is_some() {
            template.defects
        } else {
            DefectSet {
                codes: template.defects.codes & !self.cured.codes,
                rectifiable: template.defects.rectifiable & !self.cured.codes,
            }
        };
        if let DecisionClass::Other(kind) = template.class {
            options.push((kind, DefectSet::EMPTY));
        } else if lawful {
            let mut grounds = DefectSet {
                codes: defects.codes & !defects.rectifiable,
                rectifiable: 0,
            };
            if self.rules.grounds_closed() {
                grounds.codes &= self.rules.listed_grounds();
            }
            let rectifiable = DefectSet {
                codes: defects.rectifiable,
                rectifiable: defects.rectifiable,
            };
            if !grounds.is_empty() {
                options.extend(
                    kinds_of(DecisionClass::Refuse)
                        .into_iter()
                        .map(|k| (k, grounds)),
                );
            }
            if !rectifiable.is_empty() {
                options.extend(
                    kinds_of(DecisionClass::Remark)
                        .into_iter()
                        .map(|k| (k, rectifiable)),
                );
            }
            options.extend(
                kinds_of(DecisionClass::Approve)
                    .into_iter()
                    .map(|k| (k, DefectSet::EMPTY)),
            );
        } else {
            if real.is_some() && template.duration >= 0 {
                options.push((template.kind, template.defects));
            }
            if !defects.is_empty() {
                options.extend(
                    kinds_of(DecisionClass::Refuse)
                        .into_iter()
                        .map(|k| (k, defects)),
                );
                options.extend(
                    kinds_of(DecisionClass::Remark)
                        .into_iter()
                        .map(|k| (k, defects)),
                );
            }
            options.extend(
                kinds_of(DecisionClass::Approve)
                    .into_iter()
                    .map(|k| (k, DefectSet::EMPTY)),
            );
            options.extend(self.threshold_refusals());
        }
        // Decisions more adverse than the one taken that the rules closed, and why.
        let mut closed: Vec<String> = Vec::new();
        for (position, (kind, defects)) in options.iter().copied().enumerate() {
            let Some(date) = decision_date(self, kind) else {
                continue;
            };
            if date > self.as_of || self.state.last_event.is_some_and(|last| date < last) {
                continue;
            }
            let mut event = Event::bare(kind, date);
            event.defects = defects;
            let Some(id) = machine::candidates(&self.state, kind, self.rules).next() else {
                continue;
            };
            let failed = machine::failed_guards(&self.state, &event, id, self.rules);
            let failed_names: Vec<&str> = self
                .rules
                .transition(id)
                .guards
                .iter()
                .enumerate()
                .filter(|(i, _)| failed & (1 << i) != 0)
                .map(|(_, g)| g.name())
                .collect();
            let is_real = position == 0
                && real.is_some()
                && template.duration >= 0
                && (!lawful || matches!(template.class, DecisionClass::Other(_)));
            let acceptable = failed_names.is_empty()
                || (is_real && failed_names.iter().all(|name| real_failed.contains(name)));
            if !acceptable {
                if position > 0 && class_of(kind) != template.class {
                    let entry = format!("`{kind}` is closed too ({})", failed_names.join(", "));
                    if !closed.contains(&entry) {
                        closed.push(entry);
                    }
                }
                continue;
            }
            if self.fire_new_clock_before(date.add_days(1)) {
                // The clock came first; the template is spent if it was real.
                if let Some((index, record)) = real {
                    self.push_dropped_row(
                        index,
                        record,
                        format!("under {} the clock decided first", self.rules.id),
                    );
                }
                return true;
            }
            let derivation = if is_real && kind == template.kind && defects == template.defects {
                Derivation::Kept
            } else {
                let (mut reason, rule, citation) = self.why_not(template, real_failed);
                for entry in &closed {
                    reason.push_str("; ");
                    reason.push_str(entry);
                }
                match real {
                    Some(_) => Derivation::Replaced {
                        reason,
                        rule,
                        citation,
                    },
                    None => Derivation::Derived {
                        reason: derived_reason(
                            kind,
                            defects,
                            template.defects,
                            self.cured,
                            &self.rules.id,
                        ),
                        rule: self.rules.transition(id).id.clone(),
                        citation: self
                            .rules
                            .transition(id)
                            .citation
                            .as_ref()
                            .map(|c| self.rules.cite(c)),
                    },
                }
            };
            match real {
                Some((index, record)) => {
                    let record_event = if matches!(derivation, Derivation::Kept) {
                        ScenarioEvent {
                            date,
                            ..record.clone()
                        }
                    } else {
                        ScenarioEvent {
                            date,
                            event: kind,
                            defects: to_defects(defects, record),
                            filed: None,
                            limit: None,
                            ..record.clone()
                        }
                    };
                    self.apply_with_row(event, Some(index), derivation, record_event);
                }
                None => self.apply_derived(event, derivation),
            }
            return true;
        }
        // Nothing the authority may do now: the clock may still act; else the template lapses.
        if self.fire_new_clock_before(self.as_of.add_days(1)) {
            if let Some((index, record)) = real {
                self.push_dropped_row(
                    index,
                    record,
                    format!("under {} the clock decided first", self.rules.id),
                );
            }
            return true;
        }
        match real {
            Some((index, record)) => {
                let (reason, _, _) = self.why_not(template, real_failed);
                self.push_dropped_row(
                    index,
                    record,
                    format!(
                        "{reason}; no other decision is open to the authority by {}",
                        self.as_of
                    ),
                );
                true
            }
            None => false,
        }
    }

    /// Refusals on the thresholds the other rules set, when an approval fails them.
    fn threshold_refusals(&self) -> Vec<(EventKind, DefectSet)> {
        let mut options = Vec::new();
        for &id in self.rules.outgoing(self.state.stage) {
            let compiled = self.rules.compiled_transition(id);
            if class_of(compiled.event) != DecisionClass::Approve {
                continue;
            }
            let probe = Event::bare(
                compiled.event,
                self.state.last_event.unwrap_or(self.state.entered),
            );
            let failed = machine::failed_guards(&self.state, &probe, id, self.rules);
            let mut defects = DefectSet::EMPTY;
            for (index, guard) in compiled.guards.iter().enumerate() {
                if failed & (1 << index) == 0 {
                    continue;
                }
                defects = match guard {
                    CompiledGuard::FoundersAtLeast(_) => {
                        defects.with(DefectCode::TooFewFounders, false)
                    }
                    CompiledGuard::MembersAtLeast(_) => {
                        defects.with(DefectCode::TooFewMembers, false)
                    }
                    CompiledGuard::MembersPerRegionAtLeast(_)
                    | CompiledGuard::RegionsShareAtLeast(_) => {
                        defects.with(DefectCode::TooFewRegions, false)
                    }
                    _ => defects,
                };
            }
            if !defects.is_empty() {
                for &refusal in self.rules.outgoing(self.state.stage) {
                    let kind = self.rules.compiled_transition(refusal).event;
                    if class_of(kind) == DecisionClass::Refuse {
                        options.push((kind, defects));
                    }
                }
            }
        }
        options
    }

    /// Why the real decision is not open under the other rules.
    fn why_not(
        &self,
        template: Template,
        real_failed: &[&str],
    ) -> (String, String, Option<String>) {
        let stage = &self.rules.stage(self.state.stage).id;
        // A real decision taken at another stage stands for the decision of the same
        // class here (a returned notification for a refused application).
        let mapped = if machine::candidates(&self.state, template.kind, self.rules)
            .next()
            .is_some()
        {
            Some(template.kind)
        } else {
            machine::allowed_kinds(&self.state, self.rules)
                .into_iter()
                .find(|&kind| class_of(kind) == template.class && kind.actor() != Actor::Clock)
        };
        let Some(kind) = mapped else {
            return (
                format!(
                    "`{}` is not a step of {} at stage `{stage}`, nor is any decision of its kind",
                    template.kind, self.rules.id
                ),
                format!("procedure of {}", self.rules.id),
                None,
            );
        };
        let prefix = if kind == template.kind {
            String::new()
        } else {
            format!(
                "the real `{}` stands for `{kind}` at stage `{stage}`; ",
                template.kind
            )
        };
        let Some(id) = machine::candidates(&self.state, kind, self.rules).next() else {
            return (
                format!("{prefix}it is not open"),
                format!("procedure of {}", self.rules.id),
                None,
            );
        };
        let mut event = Event::bare(kind, self.state.last_event.unwrap_or(self.state.entered));
        event.defects = template.defects;
        let failed = machine::failed_guards(&self.state, &event, id, self.rules);
        let transition = self.rules.transition(id);
        for (index, guard) in transition.guards.iter().enumerate() {
            if failed & (1 << index) == 0 || real_failed.contains(&guard.name()) {
                continue;
            }
            let policies = &self.rules.policies;
            let (rule, citation, reason) = match guard.name() {
                "has_listed_ground" => (
                    "policies.refusal_grounds (closed list)".to_string(),
                    policies.refusal_grounds.citation.as_ref(),
                    format!(
                        "a refusal on {} is not allowed: none of these is a listed ground",
                        describe(template.defects)
                    ),
                ),
                "rectifiable_defects_noticed_first" => (
                    "policies.rectifiable_defects (notice and cure first)".to_string(),
                    policies.rectifiable_defects.citation.as_ref(),
                    format!(
                        "a refusal on rectifiable defects only ({}) is not allowed before they are notified and a cure period runs out",
                        describe(template.defects)
                    ),
                ),
                "remark_rounds_below" => (
                    format!("{} / remark_rounds_below", transition.id),
                    transition.citation.as_ref(),
                    "no further remark round is allowed on this filing".to_string(),
                ),
                other => (
                    format!("{} / {other}", transition.id),
                    transition.citation.as_ref(),
                    format!("`{kind}` fails the guard {other}"),
                ),
            };
            return (
                format!("{prefix}{reason}"),
                rule,
                citation.map(|c| self.rules.cite(c)),
            );
        }
        if self.model == AuthorityModel::Lawful {
            return (
                format!(
                    "{prefix}a lawful authority refuses only on unrectifiable (and, under a closed list, listed) defects and decides within its time limit"
                ),
                "authority model: lawful".into(),
                None,
            );
        }
        if !prefix.is_empty() {
            return (
                prefix.trim_end_matches("; ").to_string(),
                transition.id.clone(),
                transition.citation.as_ref().map(|c| self.rules.cite(c)),
            );
        }
        (
            format!(
                "the real `{}` is not open at this point under {}",
                template.kind, self.rules.id
            ),
            format!("procedure of {}", self.rules.id),
            None,
        )
    }

    fn apply(
        &mut self,
        event: Event,
        index: Option<usize>,
        derivation: Derivation,
        record: &ScenarioEvent,
    ) {
        self.apply_with_row(event, index, derivation, record.clone());
    }

    fn apply_derived(&mut self, event: Event, derivation: Derivation) {
        let note = match &derivation {
            Derivation::Assumed { assumption, value } => {
                format!("derived: placed by the assumption {assumption} = {value}")
            }
            Derivation::Derived { reason, .. } => format!("derived: {reason}"),
            _ => "derived".to_string(),
        };
        let record = ScenarioEvent {
            date: event.date,
            event: event.kind,
            confidence: Confidence::Assumed,
            source: None,
            note: Some(note),
            defects: to_defects(
                event.defects,
                &ScenarioEvent {
                    date: event.date,
                    event: event.kind,
                    confidence: Confidence::Assumed,
                    source: None,
                    note: None,
                    defects: Vec::new(),
                    filed: None,
                    limit: None,
                },
            ),
            filed: if event.filed == Default::default() {
                None
            } else {
                Some(event.filed)
            },
            limit: None,
        };
        self.apply_with_row(event, None, derivation, record);
    }

    fn apply_with_row(
        &mut self,
        event: Event,
        index: Option<usize>,
        derivation: Derivation,
        mut record: ScenarioEvent,
    ) {
        let Ok(step) = machine::apply(&self.state, &event, self.rules) else {
            // Every option was checked against the same machine; this cannot happen, but a
            // derivation must never abort: record the real event as dropped instead.
            if let (Some(index), Some(real)) =
                (index, index.and_then(|i| self.scenario.events.get(i)))
            {
                self.push_dropped_row(index, real, "not possible under the other rules".into());
            }
            return;
        };
        if !matches!(derivation, Derivation::Kept) && record.confidence == Confidence::Confirmed {
            record.confidence = Confidence::Assumed;
            record.note = Some(format!(
                "derived from event {}: {}",
                index.map_or(String::from("-"), |i| i.to_string()),
                summary(&derivation)
            ));
        }
        match event.kind {
            EventKind::DefectsCured => {
                self.cured = DefectSet {
                    codes: self.cured.codes | self.state.pending_defects.codes,
                    rectifiable: self.cured.rectifiable | self.state.pending_defects.rectifiable,
                }
            }
            kind if kind.is_filing() => self.cured = DefectSet::EMPTY,
            _ => {}
        }
        self.state = step.state;
        self.last_kind = Some(event.kind);
        let cf_index = self.events.len();
        self.events.push(record);
        self.rows.push(AlignedRow {
            factual: index.map(|index| RowEvent {
                index,
                date: self.scenario.events[index].date,
                event: self.scenario.events[index].event,
            }),
            counterfactual: Some(RowEvent {
                index: cf_index,
                date: event.date,
                event: event.kind,
            }),
            derivation,
        });
    }

    fn drop_real(&mut self, index: usize, record: &ScenarioEvent, reason: String) {
        self.push_dropped_row(index, record, reason);
    }

    fn push_dropped_row(&mut self, index: usize, record: &ScenarioEvent, reason: String) {
        self.rows.push(AlignedRow {
            factual: Some(RowEvent {
                index,
                date: record.date,
                event: record.event,
            }),
            counterfactual: None,
            derivation: Derivation::Dropped { reason },
        });
    }

    fn divergence(&self, factual: &Replay, counterfactual: &Replay) -> Option<Divergence> {
        for row in &self.rows {
            let (Derivation::Kept, Some(real), Some(derived)) =
                (&row.derivation, &row.factual, &row.counterfactual)
            else {
                break;
            };
            let (before, after) = (
                &factual.steps[real.index],
                &counterfactual.steps[derived.index],
            );
            if before.stage_after != after.stage_after || before.date != after.date {
                let transition = self
                    .rules
                    .procedure
                    .transitions
                    .iter()
                    .find(|t| t.id == after.transition);
                return Some(Divergence {
                    factual_event: Some(real.index),
                    date: after.date,
                    description: format!(
                        "`{}` leads to `{}` under {} instead of `{}` under {}",
                        after.event,
                        after.stage_after,
                        self.rules.id,
                        before.stage_after,
                        self.factual_rules.id
                    ),
                    rule: after.transition.clone(),
                    citation: transition
                        .and_then(|t| t.citation.as_ref())
                        .map(|c| self.rules.cite(c)),
                });
            }
        }
        let row = self
            .rows
            .iter()
            .find(|row| !matches!(row.derivation, Derivation::Kept))?;
        let date = row
            .counterfactual
            .as_ref()
            .or(row.factual.as_ref())
            .map_or(self.as_of, |event| event.date);
        let factual_event = row.factual.as_ref().map(|event| event.index);
        let (description, rule, citation) = match &row.derivation {
            Derivation::Replaced {
                reason,
                rule,
                citation,
            } => (
                format!(
                    "{} becomes {}: {reason}",
                    row.factual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string()),
                    row.counterfactual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                rule.clone(),
                citation.clone(),
            ),
            Derivation::Dropped { reason } => (
                format!(
                    "the real {} is dropped: {reason}",
                    row.factual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                format!("procedure of {}", self.rules.id),
                None,
            ),
            Derivation::Assumed { assumption, value } => (
                format!(
                    "{} placed by assumption {assumption} = {value}",
                    row.counterfactual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                format!("assumption {assumption}"),
                None,
            ),
            Derivation::Derived {
                reason,
                rule,
                citation,
            } => (
                format!(
                    "{}: {reason}",
                    row.counterfactual
                        .as_ref()
                        .map_or("-".into(), |e| e.event.to_string())
                ),
                rule.clone(),
                citation.clone(),
            ),
            Derivation::Translated {
                reason,
                rule,
                citation,
            } => (reason.clone(), rule.clone(), citation.clone()),
            Derivation::Kept => unreachable!("filtered above"),
        };
        Some(Divergence {
            factual_event,
            date,
            description,
            rule,
            citation,
        })
    }
}

/// Why the authority takes a decision the record lacks, in a sentence.
fn derived_reason(
    kind: EventKind,
    chosen: DefectSet,
    raised: DefectSet,
    cured: DefectSet,
    rules: &str,
) -> String {
    let outstanding = DefectSet {
        codes: raised.codes & !cured.codes,
        rectifiable: raised.rectifiable & !cured.codes,
    };
    match class_of(kind) {
        DecisionClass::Approve if outstanding.is_empty() => {
            format!(
                "the defects the authority raised in reality ({}) have been cured, so it approves",
                describe(raised)
            )
        }
        DecisionClass::Approve => format!(
            "under {rules} none of the defects the authority raised in reality ({}) may ground a refusal or a further remark here, so it approves",
            describe(outstanding)
        ),
        _ => format!(
            "the authority raises the defects it raised in reality ({})",
            describe(chosen)
        ),
    }
}

fn summary(derivation: &Derivation) -> String {
    match derivation {
        Derivation::Kept => "kept".into(),
        Derivation::Replaced { reason, .. } => format!("replaced: {reason}"),
        Derivation::Translated { reason, .. } => reason.clone(),
        Derivation::Dropped { reason } => format!("dropped: {reason}"),
        Derivation::Assumed { assumption, value } => format!("assumed {assumption} = {value}"),
        Derivation::Derived { reason, .. } => reason.clone(),
    }
}

fn describe(defects: DefectSet) -> String {
    let names: Vec<&str> = defects.codes().map(|code| code.name()).collect();
    if names.is_empty() {
        "no defects".into()
    } else {
        names.join(", ")
    }
}

/// Defects of a set, keeping the texts the record gave for the same codes.
fn to_defects(set: DefectSet, record: &ScenarioEvent) -> Vec<Defect> {
    set.codes()
        .map(|code| Defect {
            code,
            text: record
                .defects
                .iter()
                .find(|d| d.code == code)
                .and_then(|d| d.text.clone()),
            rectifiable: Some(set.rectifiable & code.bit() != 0),
        })
        .collect()
}
