//! Rules in force by date: a case that spans a change of law is judged at each event
//! under the regime in force on that day.
//!
//! A regime and the one that replaced it form a timeline: `kz-2020` until 4 November 2022,
//! then `kz-2022`. The state machine asks the timeline for the rules in force on each
//! event's date, and a time limit for the rules in force on the day it started. Two
//! regimes chain only where their procedures have the same shape (the same stages,
//! transitions and time limits, in the same order), so a pending application simply
//! continues at the stage it reached, under the new values (thresholds, windows) from the
//! day they took effect. That continuation is the transitional rule regsim assumes where
//! the sources give none, and reports say so.

use serde::Serialize;

use crate::date::Date;

use super::{Catalog, EntityKind, RuleSet};

/// The regime that took over on a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Successor {
    /// Its first day in force.
    pub from: Date,
    /// The regime (itself possibly followed by another).
    pub rules: RuleSet,
}

/// The transitional rule assumed when a case spans a change of law.
pub const TRANSITION_NOTE: &str = "assumed transitional rule: an application under way continues at the stage it reached; each decision is judged under the regime in force on its date, and a time limit under the regime in force on the day it started";

impl RuleSet {
    /// The rules in force on `date`: this regime, or the successor that had taken over.
    #[inline]
    pub fn for_date(&self, date: Date) -> &RuleSet {
        let mut rules = self;
        while let Some(next) = &rules.successor {
            if date < next.from {
                break;
            }
            rules = &next.rules;
        }
        rules
    }

    /// Every regime of the timeline with the day it took over (`None` for the first).
    pub fn regimes(&self) -> Vec<(Option<Date>, &RuleSet)> {
        let mut out = vec![(None, self)];
        let mut rules = self;
        while let Some(next) = &rules.successor {
            out.push((Some(next.from), &next.rules));
            rules = &next.rules;
        }
        out
    }

    /// Whether another regime takes over during the timeline.
    pub fn spans_regimes(&self) -> bool {
        self.successor.is_some()
    }

    /// This regime followed by `next` from `from` on, if their procedures have the same
    /// shape; else why not.
    pub fn followed_by(mut self, from: Date, next: RuleSet) -> Result<RuleSet, String> {
        same_shape(&self, &next)?;
        let last = last_regime(&mut self);
        last.successor = Some(Box::new(Successor { from, rules: next }));
        let regimes: Vec<(Option<Date>, String)> = self
            .regimes()
            .iter()
            .map(|(from, rules)| (*from, rules.id.clone()))
            .collect();
        let first = regimes[0]
            .1
            .split('→')
            .next()
            .unwrap_or_default()
            .to_string();
        let later: Vec<String> = regimes[1..]
            .iter()
            .map(|(from, id)| {
                format!(
                    "{id} from {}",
                    from.map_or(String::new(), |d| d.to_string())
                )
            })
            .collect();
        self.id = std::iter::once(first.clone())
            .chain(regimes[1..].iter().map(|(_, id)| id.clone()))
            .collect::<Vec<_>>()
            .join("→");
        self.title = format!("{first}, then {}", later.join(", then "));
        Ok(self)
    }
}

fn last_regime(rules: &mut RuleSet) -> &mut RuleSet {
    match rules.successor {
        Some(ref mut next) => last_regime(&mut next.rules),
        None => rules,
    }
}

/// Two procedures have the same shape when their stages, transitions (from, to, event)
/// and time limits are the same, in the same order, so a state folded under one is a
/// state of the other.
fn same_shape(before: &RuleSet, after: &RuleSet) -> Result<(), String> {
    let stages = |rules: &RuleSet| -> Vec<String> {
        rules
            .stages()
            .iter()
            .map(|stage| stage.id.clone())
            .collect()
    };
    if stages(before) != stages(after) {
        return Err(format!(
            "`{}` and `{}` have different stages",
            before.id, after.id
        ));
    }
    let transitions = |rules: &RuleSet| -> Vec<(String, String, String)> {
        rules
            .procedure
            .transitions
            .iter()
            .map(|t| (t.from.clone(), t.to.clone(), t.event.to_string()))
            .collect()
    };
    if transitions(before) != transitions(after) || before.start() != after.start() {
        return Err(format!(
            "`{}` and `{}` have different transitions",
            before.id, after.id
        ));
    }
    let limits = |rules: &RuleSet| -> Vec<String> {
        rules.limits().iter().map(|l| l.parameter.clone()).collect()
    };
    let deadlines = |rules: &RuleSet| -> Vec<Option<usize>> {
        rules
            .transition_ids()
            .map(|id| rules.compiled_transition(id).deadline.map(|l| l.0 as usize))
            .collect()
    };
    if limits(before) != limits(after) || deadlines(before) != deadlines(after) {
        return Err(format!(
            "`{}` and `{}` have different time limits",
            before.id, after.id
        ));
    }
    Ok(())
}

impl Catalog {
    /// The base regimes for `entity` in force over `from..=to`, in order, each with the
    /// day it took over (`None` for the first), as ids.
    pub fn regimes_between(
        &self,
        entity: EntityKind,
        from: Date,
        to: Date,
    ) -> Vec<(Option<Date>, String)> {
        let mut out: Vec<(Option<Date>, String)> = Vec::new();
        let Some(first) = self.in_force_on(entity, from) else {
            return out;
        };
        out.push((None, first.to_string()));
        let mut current = first.to_string();
        while let Some(until) = self
            .file(&current)
            .and_then(|file| file.in_force.as_ref())
            .and_then(|period| period.until)
        {
            let next_day = until.add_days(1);
            if next_day > to {
                break;
            }
            let Some(next) = self.in_force_on(entity, next_day) else {
                break;
            };
            out.push((Some(next_day), next.to_string()));
            current = next.to_string();
        }
        out
    }
}
