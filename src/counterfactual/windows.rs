//! Time limits on the group timed from its real acts.
//!
//! The group's real acts keep their real dates. Where the other rules open a time limit on
//! the group (a window to hold the congress, to file) at a counterfactual act earlier than
//! the real act that opened the same limit for the real group (a notification confirmed
//! on filing, or a return replaced by a confirmation, months before the real
//! confirmation), keeping the real dates would make the group's real later acts late and
//! let a window lapse that the real record never let lapse: a lapse the model made, not
//! the reform. So the window runs from the real act that opened it (the group could not
//! act on a decision it never had), and every re-timed window is listed with both dates.
//! Where the record has no such real act (the group was never confirmed), nothing is
//! re-timed: the steps the record lacks are placed by assumptions instead.

use crate::date::Date;
use crate::event::{Actor, EventKind};
use crate::replay::Anchor;

use super::RetimedWindow;
use super::derive::Deriver;

impl Deriver<'_> {
    /// After the counterfactual event `kind` of `date` (the last one derived, standing for
    /// the real event `real`, if any), re-times the limits it opened on the group where the
    /// real act that opened them is later.
    pub(super) fn retime_windows(&mut self, kind: EventKind, date: Date, real: Option<usize>) {
        if self.act_earlier {
            // The named assumption: the group acts as soon as the other rules let it.
            return;
        }
        let stage = self.rules.stage(self.state.stage);
        if stage.waiting_on != Some(Actor::Applicant) {
            return;
        }
        let rules = self.rules.for_date(date);
        // The limit and the applicant acts it governs here.
        let mut parameters: Vec<(String, Vec<EventKind>)> = Vec::new();
        for &id in rules.outgoing(self.state.stage) {
            let compiled = rules.compiled_transition(id);
            if compiled.event.actor() == Actor::Authority || compiled.event.actor() == Actor::Court
            {
                continue;
            }
            let Some(limit) = compiled.deadline else {
                continue;
            };
            let limit = rules.limit(limit);
            if !limit.started_by(kind) {
                continue;
            }
            match parameters.iter_mut().find(|(p, _)| *p == limit.parameter) {
                Some((_, governed)) => governed.push(compiled.event),
                None => parameters.push((limit.parameter.clone(), vec![compiled.event])),
            }
        }
        for (parameter, governed) in parameters {
            // The same limit under the real rules, and the real act that opened it next.
            let real_rules = self.factual_rules.for_date(date);
            let Some(real_limit) = real_rules.limit_id(&parameter) else {
                continue;
            };
            let real_limit = real_rules.limit(real_limit).clone();
            let scenario = self.scenario;
            // A real act that opened the limit itself (a real confirmation kept as it
            // stands) is its own counterpart.
            if real.is_some_and(|i| real_limit.started_by(scenario.events[i].event)) {
                continue;
            }
            // The real act that opened the window the group really used: the last one
            // before its next real act the limit governs (else the next one at all).
            let later = || scenario.events.iter().enumerate().skip(self.next_real);
            let used = later()
                .find(|(_, event)| governed.contains(&event.event))
                .map_or(scenario.events.len(), |(i, _)| i);
            let starters = || later().filter(|(_, event)| real_limit.started_by(event.event));
            let opener = if used < scenario.events.len() {
                starters().take_while(|(i, _)| *i < used).last()
            } else {
                starters().next()
            };
            let Some((real_index, real)) = opener else {
                continue;
            };
            if real.date <= date {
                continue;
            }
            self.state.time_from(kind, real.date.day);
            let index = self.events.len() - 1;
            self.anchors.push(Anchor {
                index,
                from: real.date.day,
            });
            let label = self
                .rules
                .parameters
                .get(&parameter)
                .map_or(String::new(), |p| format!(" ({})", p.label.to_lowercase()));
            self.retimed.push(RetimedWindow {
                text: format!(
                    "{parameter}{label} runs from {}, the real `{}` (#{real_index}) that opened it for the group, not from the counterfactual `{kind}` of {date}: the group's real acts keep their dates, and it could not act on a decision it never had",
                    real.date, real.event
                ),
                parameter,
                opened_by: kind,
                opened_on: date,
                real_index,
                real_event: real.event,
                runs_from: real.date.day,
            });
        }
    }

    /// The note a dropped real event gets when a window runs from it.
    pub(super) fn retimed_note(&self, index: usize) -> String {
        self.retimed
            .iter()
            .filter(|window| window.real_index == index)
            .map(|window| {
                format!(
                    "; the group's {} runs from it (see below)",
                    window.parameter
                )
            })
            .collect()
    }
}
