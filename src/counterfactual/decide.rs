//! The authority's (or a court's, or the clock's) decision at a stage where it must act,
//! under the chosen authority model.

use crate::date::Date;
use crate::defect::{DefectCode, DefectSet};
use crate::event::{Actor, EventKind};
use crate::machine;
use crate::rules::CompiledGuard;
use crate::scenario::{Event, ScenarioEvent};

use super::derive::Deriver;
use super::explain::derived_reason;
use super::real_authority::{DecisionClass, Template, class_of};
use super::thresholds;
use super::wording::to_defects;
use super::{AuthorityModel, Derivation};

impl<'a> Deriver<'a> {
    pub(super) fn decide(
        &mut self,
        mut template: Template,
        real: Option<(usize, &'a ScenarioEvent)>,
        real_failed: &[&str],
    ) -> bool {
        let mut dropped_thresholds: Vec<String> = Vec::new();
        if real.is_some() {
            let date = self.state.last_event.unwrap_or(self.state.entered);
            // The numbers the real decision turned on: what the authority accepted where
            // the record gives it, else what was filed.
            let accepted = real.and_then(|(_, record)| record.accepted);
            let (defects, notes) = thresholds::rejudge(
                template.defects,
                accepted.map_or(self.state.filed, |counts| {
                    self.state.filed.updated_by(counts)
                }),
                accepted.is_some(),
                (self.factual_rules.for_date(date), self.rules.for_date(date)),
                (date, template.kind == EventKind::NotificationReturned),
                self.model == AuthorityModel::Lawful,
            );
            // Threshold defects this decision no longer rests on, for its row's reason.
            dropped_thresholds = notes
                .iter()
                .filter(|note| !note.stands)
                .map(|note| format!("{} dropped: {}", note.defect.name(), note.reason))
                .collect();
            if !notes.is_empty() {
                template.defects = defects;
                self.rejudged.extend(notes);
            }
        }
        let entered = self.state.entered;
        let model = self.model;
        let lawful = model == AuthorityModel::Lawful;
        // The decision date. `replicate` and `lawful` take as long as the real decision of
        // this kind took (with no such decision, as long as the rules permit), `lawful`
        // never past the limit; `worst` uses every limit in full, and with no limit it
        // does not act at all.
        let decision_date = |deriver: &Deriver, kind: EventKind| -> Option<Date> {
            let due = machine::candidates(&deriver.state, kind, deriver.rules)
                .find_map(|id| deriver.rules.compiled_transition(id).deadline)
                .and_then(|limit| deriver.state.deadline(limit, deriver.rules))
                .map(|deadline| deadline.due);
            if model == AuthorityModel::Worst {
                return due;
            }
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
        if model == AuthorityModel::Worst && self.worst_suspends(real) {
            return true;
        }
        let mut options: Vec<(EventKind, DefectSet)> = Vec::new();
        let stage_kinds: Vec<EventKind> = machine::allowed_kinds(&self.state, self.rules);
        // Every decision of `class` the stage allows, on `defects`.
        let offer = |options: &mut Vec<(EventKind, DefectSet)>, class, defects| {
            options.extend(
                stage_kinds
                    .iter()
                    .copied()
                    .filter(|&k| class_of(k) == class && k.actor() != Actor::Clock)
                    .map(|k| (k, defects)),
            );
        };
        // A real decision raises the defects it really raised, even on a corrected filing;
        // a decision the record lacks raises them less those since cured, unless the record
        // shows this authority raising defects again on corrected filings and the model
        // repeats its conduct (`replicate`, `worst`).
        let defects = if real.is_some() || (self.reraises && !lawful) {
            template.defects
        } else {
            DefectSet {
                codes: template.defects.codes & !self.cured.codes,
                rectifiable: template.defects.rectifiable & !self.cured.codes,
            }
        };
        // Every model considers the real decision first: it stands where the other rules
        // allow it (for `lawful`, only where it breaks none of them).
        if let Some((_, record)) = real.filter(|_| {
            template.class == DecisionClass::Refuse
                && template.defects.codes & DefectCode::NotRecorded.bit() != 0
        }) {
            self.first_unrecorded
                .get_or_insert((record.date.day, record.event));
            // Where the other rules provide no refusal here at all (registration by
            // notification), the outcome follows from their design whatever the real
            // grounds were: that is a condition too, never a silent registration.
            if !stage_kinds
                .iter()
                .any(|&kind| class_of(kind) == DecisionClass::Refuse)
            {
                self.unrecorded_no_refusal += 1;
            }
        }
        if real.is_some() && template.duration >= 0 {
            let mut grounds = template.defects;
            if template.class == DecisionClass::Refuse
                && grounds.codes & DefectCode::NotRecorded.bit() != 0
                && self.stricter_about_grounds()
            {
                self.unrecorded_grounds += 1;
                if lawful {
                    // A ground nobody recorded cannot be shown to meet stricter rules: a
                    // lawful authority would have had to state one that does.
                    grounds.codes &= !DefectCode::NotRecorded.bit();
                }
            }
            if lawful && template.class == DecisionClass::Refuse {
                // A lawful refusal cites only what may ground it: under notice-and-cure
                // no rectifiable defect, under a closed list only listed ones.
                if self.rules.notice_first() {
                    grounds.codes &= !grounds.rectifiable;
                    grounds.rectifiable = 0;
                }
                if self.rules.grounds_closed() {
                    // An unrecorded ground cannot be judged against the list; where the
                    // other rules are no stricter than the real ones, it stands as it did.
                    let unrecorded = if self.stricter_about_grounds() {
                        0
                    } else {
                        DefectCode::NotRecorded.bit()
                    };
                    grounds.codes &= self.rules.listed_grounds() | unrecorded;
                    grounds.rectifiable &= self.rules.listed_grounds();
                }
            }
            if !grounds.is_empty() || template.defects.is_empty() {
                options.push((template.kind, grounds));
            }
        }
        if let DecisionClass::Other(kind) = template.class {
            if options.is_empty() {
                options.push((kind, DefectSet::EMPTY));
            }
            // The real authority stayed silent and the real rules deemed the group
            // registered; where the other rules have no such clock, a lawful authority
            // decides within its limit, and with no defect raised it approves.
            if lawful
                && kind == EventKind::DeemedRegistered
                && machine::candidates(&self.state, kind, self.rules)
                    .next()
                    .is_none()
            {
                offer(&mut options, DecisionClass::Approve, DefectSet::EMPTY);
            }
        } else if lawful {
            // A ground the record does not give counts, for a lawful authority under
            // stricter rules, as a defect it must notify rather than refuse on.
            let defects = if defects.codes & DefectCode::NotRecorded.bit() != 0
                && self.stricter_about_grounds()
            {
                DefectSet {
                    codes: defects.codes,
                    rectifiable: defects.rectifiable | DefectCode::NotRecorded.bit(),
                }
            } else {
                defects
            };
            let mut grounds = DefectSet {
                codes: defects.codes & !defects.rectifiable,
                rectifiable: 0,
            };
            if self.rules.grounds_closed() {
                let unrecorded = if self.stricter_about_grounds() {
                    0
                } else {
                    DefectCode::NotRecorded.bit()
                };
                grounds.codes &= self.rules.listed_grounds() | unrecorded;
            }
            let rectifiable = DefectSet {
                codes: defects.rectifiable,
                rectifiable: defects.rectifiable,
            };
            if !grounds.is_empty() {
                offer(&mut options, DecisionClass::Refuse, grounds);
            }
            if !rectifiable.is_empty() {
                offer(&mut options, DecisionClass::Remark, rectifiable);
            }
            offer(&mut options, DecisionClass::Approve, DefectSet::EMPTY);
        } else {
            // `replicate` and `worst`: the most adverse decision the rules allow on the
            // defects really raised (refuse, else notify for cure, else approve), and a
            // refusal on a threshold the filing's recorded numbers fail.
            if model == AuthorityModel::Worst {
                options.clear();
            }
            options.extend(self.threshold_refusals());
            if !defects.is_empty() {
                offer(&mut options, DecisionClass::Refuse, defects);
                offer(&mut options, DecisionClass::Remark, defects);
            }
            if model == AuthorityModel::Worst && real.is_some() && template.duration >= 0 {
                options.push((template.kind, template.defects));
            }
            offer(&mut options, DecisionClass::Approve, DefectSet::EMPTY);
        }
        // Decisions more adverse than the one taken that the rules closed, and why.
        let mut closed: Vec<String> = Vec::new();
        let mut beyond_horizon: Option<Date> = None;
        let mut refusal_beyond_horizon = false;
        for (position, (kind, defects)) in options.iter().copied().enumerate() {
            let Some(date) = decision_date(self, kind) else {
                continue;
            };
            if date > self.as_of {
                // A decision that falls after the horizon is pending there, not avoided.
                beyond_horizon = Some(beyond_horizon.unwrap_or(date).min(date));
                refusal_beyond_horizon |= class_of(kind) == DecisionClass::Refuse;
                continue;
            }
            if self.state.last_event.is_some_and(|last| date < last) {
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
                && model != AuthorityModel::Worst
                && kind == template.kind
                && (!lawful || defects == template.defects);
            // `replicate` lets a real decision stand where it breaks only rules it broke in
            // reality too; `lawful` never lets a decision break a rule.
            let acceptable = failed_names.is_empty()
                || (is_real
                    && !lawful
                    && failed_names.iter().all(|name| real_failed.contains(name)));
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
                let (mut reason, mut rule, mut citation) = self.why_not(template, real_failed);
                if let Some((_, record)) =
                    real.filter(|_| kind == template.kind && defects == template.defects)
                {
                    // The real decision stands; only its day moves.
                    let transition = self.rules.transition(id);
                    reason = format!(
                        "the same decision, {} days {} the real one: {}",
                        date.days_since(record.date.day).abs(),
                        if date >= record.date {
                            "after"
                        } else {
                            "before"
                        },
                        if model == AuthorityModel::Worst {
                            "the worst-case authority uses its time limit in full".to_string()
                        } else {
                            "it takes as long as the real decision of this kind took".to_string()
                        }
                    );
                    rule = transition.id.clone();
                    citation = transition.citation.as_ref().map(|c| self.rules.cite(c));
                }
                if !dropped_thresholds.is_empty() {
                    // The refusal's ground was a threshold the filing meets under these
                    // rules: that, not a missing ground, is why it does not stand.
                    let ground_left = !template.defects.is_empty();
                    reason = format!(
                        "{}{}",
                        dropped_thresholds.join("; "),
                        if ground_left {
                            format!("; {reason}")
                        } else {
                            "; no other ground was recorded".to_string()
                        }
                    );
                }
                for entry in &closed {
                    reason.push_str("; ");
                    reason.push_str(entry);
                }
                if real.is_some() {
                    if let Some(pace) = self.pace_note.take() {
                        reason.push_str("; decided ");
                        reason.push_str(&pace);
                    }
                }
                match real {
                    Some(_) => Derivation::Replaced {
                        reason,
                        rule,
                        citation,
                    },
                    None => Derivation::Derived {
                        reason: {
                            let mut reason = derived_reason(
                                kind,
                                defects,
                                template.defects,
                                self.cured,
                                &self.rules.id,
                            );
                            if let Some(pace) = self.pace_note.take() {
                                reason.push_str(", ");
                                reason.push_str(&pace);
                            }
                            reason
                        },
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
                            date: record.date.on(date),
                            ..record.clone()
                        }
                    } else {
                        ScenarioEvent {
                            date: crate::event_date::EventDate::day(date),
                            event: kind,
                            defects: to_defects(defects, record),
                            filed: None,
                            accepted: None,
                            disqualified: None,
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
            Some((index, record)) if beyond_horizon.is_some() => {
                if refusal_beyond_horizon {
                    self.refusals_pending += 1;
                }
                let due = beyond_horizon.unwrap_or(self.as_of);
                self.push_dropped_row(
                    index,
                    record,
                    format!(
                        "pending at the horizon: under {} this decision falls on {due}, after {}; it is counted as pending, not as avoided",
                        self.rules.id, self.as_of
                    ),
                );
                true
            }
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
    pub(super) fn threshold_refusals(&self) -> Vec<(EventKind, DefectSet)> {
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

    /// `worst`: where the rules let the authority suspend its review, it does so as soon as
    /// the case reaches it, and nothing makes it resume unless a time limit does.
    fn worst_suspends(&mut self, real: Option<(usize, &'a ScenarioEvent)>) -> bool {
        let Some(id) =
            machine::candidates(&self.state, EventKind::ReviewSuspended, self.rules).next()
        else {
            return false;
        };
        let date = self
            .state
            .last_event
            .map_or(self.state.entered, |last| last.max(self.state.entered));
        if date > self.as_of {
            return false;
        }
        let transition = self.rules.transition(id);
        let derivation = Derivation::Derived {
            reason: "the worst-case authority suspends the review wherever the rules allow it"
                .into(),
            rule: transition.id.clone(),
            citation: transition.citation.as_ref().map(|c| self.rules.cite(c)),
        };
        self.apply_derived(Event::bare(EventKind::ReviewSuspended, date), derivation);
        if let Some((index, record)) = real {
            self.push_dropped_row(
                index,
                record,
                "under the worst-case model the authority had suspended the review instead".into(),
            );
        }
        true
    }

    /// Whether the other rules constrain refusal grounds more than the real ones did (a
    /// closed list where the real was open or listed other grounds, or notice and cure
    /// first where the real rules let the authority refuse at once): then a real refusal
    /// whose ground the record does not give cannot be judged against them.
    pub(super) fn stricter_about_grounds(&self) -> bool {
        let (real, other) = (self.factual_rules, self.rules);
        let narrower_list = other.grounds_closed()
            && (!real.grounds_closed()
                || other.listed_grounds() & real.listed_grounds() != real.listed_grounds());
        narrower_list || (other.notice_first() && !real.notice_first())
    }
}
