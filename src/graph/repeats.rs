//! Walks that go round a counter-capped loop as often as its cap allows.
//!
//! Simple paths visit no stage twice, so they leave out what a loop capped by a counter
//! still permits: under `kz-simplified` the authority may issue remarks twice on one
//! filing (`max_remark_rounds`), so the longest way to registration goes through remarks
//! and cure, then remarks again, the cure period running out, and the review after it.
//! Each elementary cycle capped by a `remark_rounds_below` counter, with no filing on it
//! (a filing resets the count), can be inserted where a walk passes one of its stages,
//! once per round the cap still allows on that filing (the rounds the walk already takes
//! there count against it). From each simple path, insertions are added one at a time,
//! each time the one that lengthens the worst case most, until none does (so the remark
//! rounds on a notification and those on an application, two filings, are both
//! repeated); walks are timed like paths ([`super::schedule`]) and per target the longest
//! is kept. The search is greedy, so its figure is a lower bound of the longest such
//! walk. Loops capped by a time limit are not repeated: they can go round
//! only until the limit runs out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::event::EventKind;

use super::cycles::Cycle;
use super::duration::WorstCase;
use super::loops::Loop;
use super::paths::{PathSet, add_step};
use super::procedure::ProcedureGraph;
use super::schedule::Schedule;
use super::step::PathStep;

/// One counter-capped cycle gone round again in a walk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repeat {
    /// The cycle's name ("remarks and cure").
    pub cycle: String,
    /// The cycle's route.
    pub cycle_route: String,
    /// The stage where the walk leaves its path to go round it.
    pub at: String,
    /// How many extra times the walk goes round it.
    pub extra_rounds: u32,
    /// The counter parameter that caps it.
    pub cap: String,
    /// The cap's value (rounds per filing).
    pub cap_value: u32,
}

/// A path with counter-capped cycles repeated in it, within their caps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RepeatedWalk {
    /// The target stage it ends in.
    pub target: String,
    /// The stages, start first (some more than once).
    pub stages: Vec<String>,
    /// The moves between them.
    pub steps: Vec<PathStep>,
    /// Its worst case, timed like a path's.
    pub worst_case: WorstCase,
    /// The moves at their latest lawful days.
    pub schedule: Schedule,
    /// The simple path it extends, as a route.
    pub path: String,
    /// The cycles gone round again, in the order they were added.
    pub repeats: Vec<Repeat>,
}

impl RepeatedWalk {
    /// The stages joined by arrows.
    pub fn route(&self) -> String {
        self.stages.join(" → ")
    }
}

/// How many walks are timed at most in one analysis; past it the search stops and says
/// so.
pub const REPEAT_BUDGET: usize = 50_000;

/// How many cycles are added to one path at most.
const REPEATS_PER_PATH: usize = 8;

/// The longest repeated walk per target, and whether the search stopped at its budget.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RepeatedWalks {
    /// Per target, in rule-set order, the longest walk.
    pub walks: Vec<RepeatedWalk>,
    /// Whether the search stopped before trying every path.
    pub truncated: bool,
}

/// A counter-capped cycle with no filing on it.
struct CappedCycle<'a> {
    cycle: &'a Cycle,
    cap: &'a str,
    value: u32,
    rounds_per_pass: u32,
}

impl ProcedureGraph {
    /// Per target, the longest walk that repeats counter-capped cycles within their caps.
    ///
    /// From each simple path, cycles are added one at a time, each time the insertion
    /// (cycle, place, as many rounds as the cap leaves on that filing) that lengthens the
    /// worst case most, until none does.
    pub fn repeated_walks(&self, paths: &PathSet, loops: &[Loop]) -> RepeatedWalks {
        let cycles: Vec<CappedCycle> = loops
            .iter()
            .flat_map(|l| l.cycles.iter())
            .filter_map(|cycle| {
                let (cap, value) = cycle
                    .capped_by
                    .iter()
                    .chain(&cycle.capped_on_its_own_by)
                    .find_map(|name| Some((name.as_str(), self.count_parameter(name)?)))?;
                let rounds_per_pass =
                    cycle.steps.iter().filter(|s| issues_remarks(s)).count() as u32;
                let resets = cycle.steps.iter().any(is_filing);
                (!resets && rounds_per_pass > 0).then_some(CappedCycle {
                    cycle,
                    cap,
                    value,
                    rounds_per_pass,
                })
            })
            .collect();
        let mut result = RepeatedWalks::default();
        if cycles.is_empty() {
            return result;
        }
        let mut budget = REPEAT_BUDGET;
        let mut longest: BTreeMap<String, RepeatedWalk> = BTreeMap::new();
        'paths: for path in &paths.paths {
            let mut walk = RepeatedWalk {
                target: path.target.clone(),
                stages: path.stages.clone(),
                steps: path.steps.clone(),
                worst_case: path.worst_case.clone(),
                schedule: path.schedule.clone(),
                path: path.route(),
                repeats: Vec::new(),
            };
            for _ in 0..REPEATS_PER_PATH {
                let mut best: Option<RepeatedWalk> = None;
                for capped in &cycles {
                    for candidate in self.insertions(&walk, capped) {
                        if budget == 0 {
                            result.truncated = true;
                            break 'paths;
                        }
                        budget -= 1;
                        let kept = best.as_ref().unwrap_or(&walk);
                        if key(&candidate) > key(kept) {
                            best = Some(candidate);
                        }
                    }
                }
                match best {
                    Some(longer) => walk = longer,
                    None => break,
                }
            }
            if walk.repeats.is_empty() {
                continue;
            }
            let better = longest
                .get(&walk.target)
                .is_none_or(|kept| key(&walk) > key(kept));
            if better {
                longest.insert(walk.target.clone(), walk);
            }
        }
        result.walks = self
            .targets()
            .into_iter()
            .filter_map(|stage| self.stage(stage).map(|node| node.id.clone()))
            .filter_map(|target| longest.remove(&target))
            .collect();
        result
    }

    /// The walks made by going round `capped` from each stage of `walk` it passes, as
    /// many extra times as the cap leaves rounds on that filing.
    fn insertions(&self, walk: &RepeatedWalk, capped: &CappedCycle) -> Vec<RepeatedWalk> {
        let cycle = capped.cycle;
        let ring = &cycle.stages[..cycle.stages.len().saturating_sub(1)];
        let mut walks = Vec::new();
        for (position, stage) in walk.stages.iter().enumerate() {
            let Some(offset) = ring.iter().position(|s| s == stage) else {
                continue;
            };
            // The filing the insertion falls under: from the last filing before it to
            // the next one; the remark rounds already in it count against the cap.
            let first = walk.steps[..position]
                .iter()
                .rposition(is_filing)
                .map_or(0, |k| k + 1);
            let last = walk.steps[position..]
                .iter()
                .position(is_filing)
                .map_or(walk.steps.len(), |k| position + k);
            let used = walk.steps[first..last]
                .iter()
                .filter(|s| issues_remarks(s))
                .count() as u32;
            let extra = capped.value.saturating_sub(used) / capped.rounds_per_pass;
            if extra == 0 {
                continue;
            }
            let mut rotated: Vec<PathStep> = cycle.steps[offset..].to_vec();
            rotated.extend_from_slice(&cycle.steps[..offset]);
            let mut steps: Vec<PathStep> = walk.steps[..position].to_vec();
            let mut stages: Vec<String> = walk.stages[..=position].to_vec();
            for _ in 0..extra {
                for step in &rotated {
                    stages.push(step.to.clone());
                    steps.push(step.clone());
                }
            }
            steps.extend_from_slice(&walk.steps[position..]);
            stages.extend_from_slice(&walk.stages[position + 1..]);
            let mut worst_case = WorstCase::zero();
            for step in &steps {
                add_step(&mut worst_case, step);
            }
            let schedule = self.schedule(&steps);
            worst_case.days = schedule.days;
            worst_case.lawful = schedule.lawful;
            let mut repeats = walk.repeats.clone();
            repeats.push(Repeat {
                cycle: cycle.name.clone(),
                cycle_route: cycle.route(),
                at: stage.clone(),
                extra_rounds: extra,
                cap: capped.cap.to_string(),
                cap_value: capped.value,
            });
            walks.push(RepeatedWalk {
                target: walk.target.clone(),
                stages,
                steps,
                worst_case,
                schedule,
                path: walk.path.clone(),
                repeats,
            });
        }
        walks
    }
}

/// How a walk ranks: lawful and bounded first, then by days.
fn key(walk: &RepeatedWalk) -> (bool, bool, u32) {
    (
        walk.worst_case.lawful,
        walk.worst_case.bounded,
        walk.worst_case.days,
    )
}

fn is_filing(step: &PathStep) -> bool {
    step.options.iter().any(|option| option.event.is_filing())
}

fn issues_remarks(step: &PathStep) -> bool {
    step.options
        .iter()
        .any(|option| option.event == EventKind::RemarksIssued)
}
