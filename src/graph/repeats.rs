//! Walks that go round a counter-capped loop as often as its cap allows.
//!
//! Simple paths visit no stage twice, so they leave out what a loop capped by a counter
//! still permits: under `kz-simplified` the authority may issue remarks twice on one
//! filing (`max_remark_rounds`), so the longest way to registration goes through remarks
//! and cure, then remarks again, the cure period running out, and the review after it.
//! For each simple path and each elementary cycle capped by a `remark_rounds_below`
//! counter, with no filing on it (a filing resets the count), the cycle is inserted where
//! the path passes one of its stages, once per round the cap still allows on that filing
//! (the rounds the path itself already takes count against it). The walk is then timed
//! like a path ([`super::schedule`]); per target the longest walk is kept. One cycle is
//! repeated at one place: two different capped cycles sharing one counter are not
//! combined. Loops capped by a time limit are not repeated: they can go round only until
//! the limit runs out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::event::EventKind;

use super::cycles::Cycle;
use super::duration::WorstCase;
use super::loops::Loop;
use super::paths::{PathSet, PathStep, ProcedurePath, add_step};
use super::procedure::ProcedureGraph;
use super::schedule::Schedule;

/// A path with a counter-capped cycle repeated in it, within the cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RepeatedWalk {
    /// The target stage it ends in.
    pub target: String,
    /// The stages, start first (some twice).
    pub stages: Vec<String>,
    /// The moves between them.
    pub steps: Vec<PathStep>,
    /// Its worst case, timed like a path's.
    pub worst_case: WorstCase,
    /// The moves at their latest lawful days.
    pub schedule: Schedule,
    /// The simple path it extends, as a route.
    pub path: String,
    /// The cycle repeated (its name, e.g. "remarks and cure").
    pub cycle: String,
    /// The cycle's route.
    pub cycle_route: String,
    /// How many extra times the walk goes round the cycle.
    pub extra_rounds: u32,
    /// The counter parameter that caps it.
    pub cap: String,
    /// The cap's value (rounds per filing).
    pub cap_value: u32,
}

impl RepeatedWalk {
    /// The stages joined by arrows.
    pub fn route(&self) -> String {
        self.stages.join(" → ")
    }
}

impl ProcedureGraph {
    /// Per target, the longest walk that repeats a counter-capped cycle within its cap, in
    /// rule-set order of the targets.
    pub fn repeated_walks(&self, paths: &PathSet, loops: &[Loop]) -> Vec<RepeatedWalk> {
        let cycles: Vec<(&Cycle, &str, u32)> = loops
            .iter()
            .flat_map(|l| l.cycles.iter())
            .filter_map(|cycle| {
                let (cap, value) = cycle
                    .capped_by
                    .iter()
                    .chain(&cycle.capped_on_its_own_by)
                    .find_map(|name| Some((name.as_str(), self.count_parameter(name)?)))?;
                let resets = cycle.steps.iter().any(is_filing);
                (!resets).then_some((cycle, cap, value))
            })
            .collect();
        let mut longest: BTreeMap<String, RepeatedWalk> = BTreeMap::new();
        for path in &paths.paths {
            for &(cycle, cap, value) in &cycles {
                for walk in self.insertions(path, cycle, cap, value) {
                    let better = match longest.get(&walk.target) {
                        None => true,
                        Some(kept) => {
                            (walk.worst_case.bounded, walk.worst_case.days)
                                > (kept.worst_case.bounded, kept.worst_case.days)
                        }
                    };
                    if better {
                        longest.insert(walk.target.clone(), walk);
                    }
                }
            }
        }
        let order: Vec<String> = self
            .targets()
            .into_iter()
            .filter_map(|stage| self.stage(stage).map(|node| node.id.clone()))
            .collect();
        order
            .iter()
            .filter_map(|target| longest.remove(target))
            .collect()
    }

    /// The walks made by inserting `cycle` into `path` at each stage they share, as many
    /// extra times as the cap leaves rounds on that filing.
    fn insertions(
        &self,
        path: &ProcedurePath,
        cycle: &Cycle,
        cap: &str,
        value: u32,
    ) -> Vec<RepeatedWalk> {
        let rounds_per_pass = cycle.steps.iter().filter(|s| issues_remarks(s)).count() as u32;
        if rounds_per_pass == 0 {
            return Vec::new();
        }
        let ring = &cycle.stages[..cycle.stages.len().saturating_sub(1)];
        let mut walks = Vec::new();
        for (position, stage) in path.stages.iter().enumerate() {
            let Some(offset) = ring.iter().position(|s| s == stage) else {
                continue;
            };
            // The filing the insertion falls under: from the last filing before it to
            // the next one; its remark rounds count against the cap.
            let first = path.steps[..position]
                .iter()
                .rposition(is_filing)
                .map_or(0, |k| k + 1);
            let last = path.steps[position..]
                .iter()
                .position(is_filing)
                .map_or(path.steps.len(), |k| position + k);
            let used = path.steps[first..last]
                .iter()
                .filter(|s| issues_remarks(s))
                .count() as u32;
            let extra = value.saturating_sub(used) / rounds_per_pass;
            if extra == 0 {
                continue;
            }
            let mut rotated: Vec<PathStep> = cycle.steps[offset..].to_vec();
            rotated.extend_from_slice(&cycle.steps[..offset]);
            let mut steps: Vec<PathStep> = path.steps[..position].to_vec();
            let mut stages: Vec<String> = path.stages[..=position].to_vec();
            for _ in 0..extra {
                for step in &rotated {
                    stages.push(step.to.clone());
                    steps.push(step.clone());
                }
            }
            steps.extend_from_slice(&path.steps[position..]);
            stages.extend_from_slice(&path.stages[position + 1..]);
            let mut worst_case = WorstCase::zero();
            for step in &steps {
                add_step(&mut worst_case, step);
            }
            let schedule = self.schedule(&steps);
            worst_case.days = schedule.days;
            worst_case.lawful = schedule.lawful;
            walks.push(RepeatedWalk {
                target: path.target.clone(),
                stages,
                steps,
                worst_case,
                schedule,
                path: path.route(),
                cycle: cycle.name.clone(),
                cycle_route: cycle.route(),
                extra_rounds: extra,
                cap: cap.to_string(),
                cap_value: value,
            });
        }
        walks
    }
}

fn is_filing(step: &PathStep) -> bool {
    step.options.iter().any(|option| option.event.is_filing())
}

fn issues_remarks(step: &PathStep) -> bool {
    step.options
        .iter()
        .any(|option| option.event == EventKind::RemarksIssued)
}
