//! The deriver: walks the real record and the other rule set side by side, keeping the
//! applicant's acts, re-deriving the authority's, the courts' and the clock's, and
//! recording one aligned row per move.

use crate::date::Date;
use crate::defect::DefectSet;
use crate::event::{Actor, EventKind};
use crate::event_date::EventDate;
use crate::machine::{self, State};
use crate::rules::{RuleSet, StageOutcome, TransitionId};
use crate::scenario::{Event, Scenario, ScenarioEvent};
use crate::source::Confidence;

use super::real_authority::{DecisionClass, Template, class_of, real_paces, reraises};
use super::thresholds::{self, Condition, Rejudged};
use super::wording::{summary, to_defects};
use super::{AlignedRow, AssumptionUse, AuthorityModel, Derivation, RowEvent};

pub(super) struct Deriver<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) factual_rules: &'a RuleSet,
    pub(super) rules: &'a RuleSet,
    pub(super) model: AuthorityModel,
    pub(super) as_of: Date,
    pub(super) state: State,
    pub(super) real_state: State,
    pub(super) next_real: usize,
    pub(super) last_kind: Option<EventKind>,
    pub(super) last_template: Option<Template>,
    pub(super) cured: DefectSet,
    pub(super) events: Vec<ScenarioEvent>,
    pub(super) rows: Vec<AlignedRow>,
    pub(super) assumptions_used: Vec<AssumptionUse>,
    pub(super) conditions: Vec<Condition>,
    pub(super) rejudged: Vec<Rejudged>,
    /// Real refusals whose grounds the record does not give, kept under stricter rules.
    pub(super) unrecorded_grounds: u32,
    /// Real refusals whose grounds the record does not give, met at a stage where the
    /// other rules provide no refusal at all.
    pub(super) unrecorded_no_refusal: u32,
    /// The first real refusal whose grounds the record does not give: its date and kind.
    pub(super) first_unrecorded: Option<(Date, EventKind)>,
    /// How long the real authority took for each kind of decision: the time limit that
    /// governed it (or its stage, with none), the decision's class, and the days.
    pub(super) real_paces: Vec<(String, DecisionClass, i32)>,
    /// Where the pace of the decision being derived came from, for its row.
    pub(super) pace_note: Option<String>,
    /// Whether the real authority raised a defect again after the group corrected its
    /// filing: then `replicate` raises it again after a cure the record lacks too.
    pub(super) reraises: bool,
    /// The named assumption `act_earlier`: steps the group really took later are taken as
    /// soon as the other rules allow.
    pub(super) act_earlier: bool,
    /// A real decision whose counterpart falls after the group's next real acts: those
    /// acts come first, at their real dates, while the authority is still deciding.
    pub(super) pending: Option<PendingDecision>,
    /// Time limits on the group re-timed from its real acts, for the replay of the
    /// derived record ([`super::windows`]).
    pub(super) anchors: Vec<crate::replay::Anchor>,
    /// The same, for the reader.
    pub(super) retimed: Vec<super::RetimedWindow>,
    /// Where the record could no longer be followed without assuming a step again.
    pub(super) limit: Option<super::DerivationLimit>,
    /// Real refusals whose counterpart falls after the horizon: pending there, not avoided.
    pub(super) refusals_pending: u32,
}

/// A real decision waiting for its counterfactual date.
#[derive(Clone, Debug)]
pub(super) struct PendingDecision {
    /// The real event's position in the record.
    pub(super) index: usize,
    /// The template it lends.
    pub(super) template: Template,
    /// The guards the real decision failed under its own rules.
    pub(super) real_failed: Vec<&'static str>,
    /// The day the counterfactual decision falls.
    pub(super) date: Date,
}

impl<'a> Deriver<'a> {
    pub(super) fn new(
        scenario: &'a Scenario,
        factual_rules: &'a RuleSet,
        rules: &'a RuleSet,
        model: AuthorityModel,
        as_of: Date,
    ) -> Self {
        let start = scenario
            .events
            .first()
            .map_or(as_of, |event| event.date.day);
        Deriver {
            scenario,
            factual_rules,
            rules,
            model,
            as_of,
            state: opening(scenario, rules, start),
            real_state: opening(scenario, factual_rules, start),
            next_real: 0,
            last_kind: None,
            last_template: None,
            cured: DefectSet::EMPTY,
            events: Vec::new(),
            rows: Vec::new(),
            assumptions_used: Vec::new(),
            conditions: Vec::new(),
            rejudged: Vec::new(),
            unrecorded_grounds: 0,
            unrecorded_no_refusal: 0,
            first_unrecorded: None,
            real_paces: real_paces(scenario, factual_rules),
            pace_note: None,
            reraises: reraises(scenario),
            act_earlier: false,
            pending: None,
            anchors: Vec::new(),
            retimed: Vec::new(),
            limit: None,
            refusals_pending: 0,
        }
    }

    /// A decision the record lacks takes as long as the record's own decisions of the
    /// same kind took (the median, for the same time limit and class of decision), else
    /// the whole time limit the rules give it; never the pace of another kind of step.
    pub(super) fn paced(&mut self, template: Template) -> Template {
        let mut paced = template;
        let Some((key, due)) = self.step_kind(template.class) else {
            self.pace_note = None;
            return template;
        };
        let mut durations: Vec<i32> = self
            .real_paces
            .iter()
            .filter(|(kind, class, _)| *kind == key && *class == template.class)
            .map(|(_, _, days)| *days)
            .collect();
        durations.sort_unstable();
        if let Some(&median) = durations.get(durations.len() / 2) {
            paced.duration = median;
            self.pace_note = Some(format!(
                "after {median} days, the median of the record's {} decision(s) of this kind (under {key})",
                durations.len()
            ));
        } else if let Some(due) = due {
            paced.duration = due.days_since(self.state.entered).max(0);
            let parameter = self.rules.parameters.get(&key);
            self.pace_note = Some(format!(
                "on the last day of {key}{}: the record has no decision of this kind to take the pace from",
                parameter.map_or(String::new(), |p| format!(" ({})", p.status))
            ));
        } else {
            self.pace_note = None;
        }
        paced
    }

    /// The kind of step a real decision was: the time limit that governed it under the
    /// real rules (else its stage's id).
    fn real_step_kind(&self, before: &State, record: &ScenarioEvent) -> Option<String> {
        let step = machine::apply(before, &record.compact(), self.factual_rules).ok()?;
        Some(
            match self
                .factual_rules
                .compiled_transition(step.transition)
                .deadline
            {
                Some(limit) => self.factual_rules.limit(limit).parameter.clone(),
                None => self.factual_rules.stage(before.stage).id.clone(),
            },
        )
    }

    /// The kind of step a decision of `class` at the current stage is: the time limit
    /// that governs it (else the stage's id), and that limit's due date.
    fn step_kind(&self, class: DecisionClass) -> Option<(String, Option<Date>)> {
        let id = self
            .rules
            .outgoing(self.state.stage)
            .iter()
            .copied()
            .find(|&id| {
                let kind = self.rules.compiled_transition(id).event;
                class_of(kind) == class && kind.actor() != Actor::Clock
            })?;
        match self.rules.compiled_transition(id).deadline {
            Some(limit) => Some((
                self.rules.limit(limit).parameter.clone(),
                self.state.deadline(limit, self.rules).map(|d| d.due),
            )),
            None => Some((self.rules.stage(self.state.stage).id.clone(), None)),
        }
    }

    pub(super) fn run(&mut self) {
        let budget = 4 * self.scenario.events.len() + 1_000;
        for _ in 0..budget {
            if self.limit.is_some() || !self.step() {
                break;
            }
        }
        if let Some(limit) = self.limit.clone() {
            // Past the limit nothing is derived: each remaining real event says so.
            let reason = format!(
                "not derived: the counterfactual stops on {} (see the limit below)",
                limit.derived_to
            );
            if let Some(pending) = self.pending.take() {
                let record = &self.scenario.events[pending.index];
                self.push_dropped_row(pending.index, record, reason.clone());
            }
            while self.next_real < self.scenario.events.len() {
                let (index, record, _) = self.take_real();
                self.push_dropped_row(index, record, reason.clone());
            }
        }
    }

    /// Advances the real fold past the next real event, returning it.
    pub(super) fn take_real(&mut self) -> (usize, &'a ScenarioEvent, State) {
        let taken = self.peek_real();
        self.advance_real();
        taken
    }

    /// The next real event and the real state before it, without moving past it.
    pub(super) fn peek_real(&self) -> (usize, &'a ScenarioEvent, State) {
        let scenario: &'a Scenario = self.scenario;
        (
            self.next_real,
            &scenario.events[self.next_real],
            self.real_state,
        )
    }

    /// Moves the real fold past the next real event, remembering a real refusal or remark
    /// as the template for decisions the record lacks.
    pub(super) fn advance_real(&mut self) {
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

    pub(super) fn stage_waits_on(&self) -> Option<Actor> {
        self.rules.stage(self.state.stage).waiting_on
    }

    /// One move of the derivation; false when nothing more can happen.
    pub(super) fn step(&mut self) -> bool {
        let real = self.scenario.events.get(self.next_real);
        // A real decision held back for the group's earlier acts is taken once no act of
        // the group comes before its date.
        if let Some(pending) = self.pending.clone() {
            let others_first = real.is_some_and(|record| {
                record.event.actor() != Actor::Authority && record.date < pending.date
            });
            let group_acts_first = others_first;
            if !group_acts_first {
                self.pending = None;
                let scenario: &'a Scenario = self.scenario;
                let record = &scenario.events[pending.index];
                self.decide(
                    pending.template,
                    Some((pending.index, record)),
                    &pending.real_failed,
                );
                return true;
            }
        }
        let waits = self.stage_waits_on();
        // A real event the counterfactual stage allows is applied as it stands (the record
        // leads wherever it can).
        if let Some(record) = real {
            let actor = record.event.actor();
            // A real appeal challenged what the real authority did: a refusal, or a
            // suspension. Under the other rules it challenges the same kind of act or
            // nothing: an appeal against a refusal is never turned into a challenge of a
            // suspension the real group never faced (or the reverse).
            let appeal_object_differs = record.event == EventKind::AppealFiled
                && self.state.suspended_since.is_some()
                    != self.real_state.suspended_since.is_some();
            let allowed_here = !appeal_object_differs
                && machine::candidates(&self.state, record.event, self.rules)
                    .next()
                    .is_some();
            let in_order = self.state.last_event.is_none_or(|last| record.date >= last);
            let translated = if in_order {
                self.translation(record.event, record.date.day)
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
                && self.pending.is_none()
                && actor == Actor::Applicant
                && waits == Some(Actor::Authority)
            {
                if let Some(template) = self
                    .last_template
                    .map(|t| self.paced(t))
                    .filter(|t| self.state.entered.add_days(t.duration) <= record.date)
                {
                    if self.decide(template, None, &[]) {
                        return true;
                    }
                }
            }
            if self.fire_new_clock_before(record.date.day) {
                return true;
            }
            if actor == Actor::Applicant {
                if allowed_here && self.state.last_event.is_none_or(|last| record.date >= last) {
                    if self.fire_new_clock_before(record.date.day) {
                        return true;
                    }
                    let (index, record, _) = self.take_real();
                    self.apply(record.compact(), Some(index), Derivation::Kept, record);
                    return true;
                }
                if let Some(kind) = translated {
                    if self.fire_new_clock_before(record.date.day) {
                        return true;
                    }
                    let (index, record, _) = self.take_real();
                    let id = machine::candidates(&self.state, kind, self.rules).next();
                    let transition = id.map(|id| self.rules.transition(id));
                    let derivation = Derivation::Translated {
                        reason: format!(
                            "the applicant's correction, recorded as `{}`, is {} `{kind}` under {}{}",
                            record.event,
                            if kind.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                                "an"
                            } else {
                                "a"
                            },
                            self.rules.id,
                            if kind == EventKind::DefectsCured {
                                ""
                            } else {
                                " (a refused group files again)"
                            }
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
                let taken_earlier = self.act_earlier
                    && self.rows.iter().any(|row| {
                        matches!(row.derivation, Derivation::Assumed { .. })
                            && row
                                .counterfactual
                                .as_ref()
                                .is_some_and(|e| e.event == record.event)
                    });
                let reason = if appeal_object_differs {
                    format!(
                        "not the same challenge: the real appeal challenged {}, while under {} the review is {}",
                        if self.real_state.suspended_since.is_some() {
                            "a suspension"
                        } else {
                            "a refusal"
                        },
                        self.rules.id,
                        if self.state.suspended_since.is_some() {
                            "suspended (an appeal there would challenge the suspension)"
                        } else {
                            "not suspended"
                        }
                    )
                } else if taken_earlier {
                    format!(
                        "taken earlier under the named assumption {} (see the assumed `{}` above)",
                        super::ACT_EARLIER,
                        record.event
                    )
                } else if allowed_here {
                    "the counterfactual case had already moved past this date".to_string()
                } else if self.rules.stage(self.state.stage).outcome == StageOutcome::Registered {
                    format!(
                        "not needed: under {} the group is already registered",
                        self.rules.id
                    )
                } else if record.event.is_filing()
                    && self.state.last_on(record.event).is_some()
                    && self.rules.stage(self.state.stage).waiting_on == Some(Actor::Applicant)
                    && !self
                        .last_kind
                        .is_some_and(|last| last.is_refusal() || last == EventKind::WindowLapsed)
                {
                    // The group filed again because its real filing was turned away; under
                    // the other rules the filing it already made carried it further.
                    format!(
                        "not needed: under {} its earlier filing already took the case to stage `{}`{}",
                        self.rules.id,
                        self.rules.stage(self.state.stage).id,
                        self.answered_decision(index)
                    )
                } else {
                    format!(
                        "not possible at stage `{}` under {}{}",
                        self.rules.stage(self.state.stage).id,
                        self.rules.id,
                        self.answered_decision(index)
                    )
                };
                self.drop_real(index, record, reason);
                return true;
            }
            // Authority, court or clock event in the record.
            // The real act of the authority (or court) lends its decision to the stage
            // where the other rules wait on that same actor; a court's ruling is no
            // template for the authority's review, nor the reverse. The clock's real
            // verdict on the authority's silence (a deemed registration) stands for the
            // authority's decision where the other rules deem nothing.
            let deciding_here = allowed_here
                || waits == Some(actor)
                || (actor == Actor::Clock && waits == Some(Actor::Authority));
            if deciding_here {
                // The real fold moves past the event only after the decision, so the
                // counterfactual is compared with the record as it stood before it.
                let (index, record, real_before) = self.peek_real();
                let duration = record.date.days_since(real_before.entered).max(0);
                let mut template = Template {
                    class: class_of(record.event),
                    kind: record.event,
                    defects: record.compact().defects,
                    duration,
                };
                // A real decision of another kind of step (a notification returned, standing
                // for an application refused) lends its grounds but not its pace.
                if !matches!(template.class, DecisionClass::Other(_))
                    && self.real_step_kind(&real_before, record)
                        != self.step_kind(template.class).map(|(key, _)| key)
                {
                    template = self.paced(template);
                }
                let real_failed = self.real_failed_guard_names(&real_before, record);
                // Where the counterpart falls after the group's next real act (a re-filing,
                // an appeal answering the real decision), that act comes first, judged at the
                // stage the counterfactual case is then at; the decision waits for its date.
                if let Some(date) = self.tentative_decision_date(template) {
                    let group_acts_first =
                        self.scenario.events.get(index + 1).is_some_and(|next| {
                            next.event.actor() != Actor::Authority && next.date < date
                        });
                    if group_acts_first && self.pending.is_none() {
                        self.pending = Some(PendingDecision {
                            index,
                            template,
                            real_failed,
                            date,
                        });
                        self.advance_real();
                        return true;
                    }
                }
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
        // The record is exhausted. On its path, only a clock the other rules add (a
        // registration deemed on the authority's silence) can still move the case on by
        // the evaluation date; off its path, the other rules may move it on any way.
        if !self.off_record() {
            return self.fire_new_clock_before(self.as_of.add_days(1));
        }
        match waits {
            Some(Actor::Authority) => {
                let Some(template) = self.last_template else {
                    return self.fire_new_clock_before(self.as_of.add_days(1));
                };
                let template = self.paced(template);
                self.decide(template, None, &[])
            }
            _ => {
                self.synthesize_applicant_step()
                    || self.fire_new_clock_before(self.as_of.add_days(1))
            }
        }
    }

    /// Names of the guards the real event failed under its own rules (its own departures).
    pub(super) fn real_failed_guard_names(
        &self,
        before: &State,
        record: &ScenarioEvent,
    ) -> Vec<&'static str> {
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
    pub(super) fn fire_new_clock_before(&mut self, date: Date) -> bool {
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

    pub(super) fn off_record(&self) -> bool {
        self.rules.stage(self.state.stage).id != self.factual_rules.stage(self.real_state.stage).id
    }

    pub(super) fn clock_exists_in_factual(&self, id: TransitionId) -> bool {
        let transition = self.rules.transition(id);
        self.factual_rules
            .procedure
            .transitions
            .iter()
            .any(|t| t.from == transition.from && t.event == transition.event)
    }

    /// The authority's (or court's, or clock's) move on a template.
    pub(super) fn apply(
        &mut self,
        event: Event,
        index: Option<usize>,
        derivation: Derivation,
        record: &ScenarioEvent,
    ) {
        self.apply_with_row(event, index, derivation, record.clone());
    }

    pub(super) fn apply_derived(&mut self, event: Event, derivation: Derivation) {
        let note = match &derivation {
            Derivation::Assumed { assumption, value } => {
                format!("derived: placed by the assumption {assumption} = {value}")
            }
            Derivation::Derived { reason, .. } => format!("derived: {reason}"),
            _ => "derived".to_string(),
        };
        let record = ScenarioEvent {
            date: EventDate::day(event.date),
            event: event.kind,
            confidence: Confidence::Assumed,
            source: None,
            note: Some(note),
            defects: to_defects(
                event.defects,
                &ScenarioEvent {
                    date: EventDate::day(event.date),
                    event: event.kind,
                    confidence: Confidence::Assumed,
                    source: None,
                    note: None,
                    defects: Vec::new(),
                    filed: None,
                    accepted: None,
                    disqualified: None,
                    court: None,
                    sources: Vec::new(),
                    limit: None,
                },
            ),
            filed: if event.filed == Default::default() {
                None
            } else {
                Some(event.filed)
            },
            accepted: None,
            disqualified: None,
            court: None,
            sources: Vec::new(),
            limit: None,
        };
        self.apply_with_row(event, None, derivation, record);
    }

    pub(super) fn apply_with_row(
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
        let approves = class_of(event.kind) == DecisionClass::Approve
            || event.kind == EventKind::DeemedRegistered;
        if approves && !matches!(derivation, Derivation::Kept) {
            let filed = self.state.filed.updated_by(event.filed);
            // A registration deemed on silence rests on the same thresholds as one the
            // authority grants: an authority that could have refused on them in time would have.
            let judged_by = if event.kind == EventKind::DeemedRegistered {
                self.rules
                    .outgoing(self.state.stage)
                    .iter()
                    .copied()
                    .find(|&id| self.rules.compiled_transition(id).event == EventKind::Registered)
                    .unwrap_or(step.transition)
            } else {
                step.transition
            };
            let in_force = self.rules.for_date(event.date);
            for condition in thresholds::unrecorded(in_force, judged_by, filed, event.date) {
                if !self
                    .conditions
                    .iter()
                    .any(|c| c.parameter == condition.parameter)
                {
                    self.conditions.push(condition);
                }
            }
        }
        self.state = step.state;
        self.last_kind = Some(event.kind);
        let cf_index = self.events.len();
        self.events.push(record);
        self.rows.push(AlignedRow {
            factual: index.map(|index| RowEvent {
                index,
                date: self.scenario.events[index].date.day,
                event: self.scenario.events[index].event,
            }),
            counterfactual: Some(RowEvent {
                index: cf_index,
                date: event.date,
                event: event.kind,
            }),
            derivation,
        });
        self.retime_windows(event.kind, event.date, index);
    }

    pub(super) fn drop_real(&mut self, index: usize, record: &ScenarioEvent, reason: String) {
        let reason = format!("{reason}{}", self.retimed_note(index));
        self.push_dropped_row(index, record, reason);
    }

    pub(super) fn push_dropped_row(
        &mut self,
        index: usize,
        record: &ScenarioEvent,
        reason: String,
    ) {
        self.rows.push(AlignedRow {
            factual: Some(RowEvent {
                index,
                date: record.date.day,
                event: record.event,
            }),
            counterfactual: None,
            derivation: Derivation::Dropped { reason },
        });
    }
}

/// The state a case's record begins in under `rules` (the stage its `starts_at` names,
/// where the rules have it; the counterfactual checks that they do before deriving).
fn opening(scenario: &Scenario, rules: &RuleSet, start: Date) -> State {
    crate::replay::opening_state("", scenario, rules, start)
        .unwrap_or_else(|_| State::new(rules, start))
}
