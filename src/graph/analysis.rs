//! The analysis `regsim paths` reports: every path with its worst case, the loops and what
//! caps them, unreachable stages and dead ends, and a verdict on the whole procedure.
//!
//! The verdict answers "how long can registration take at most, by the rules?". It is
//! finite only when every path is bounded (every step the authority or a court takes has a
//! time limit) and every loop is capped; otherwise it names what leaves it open: the steps
//! without a limit and the uncapped loops. The longest figures take the simple paths and
//! the walks that repeat a counter-capped loop as often as its cap allows
//! ([`super::repeats`]), so a second remark round a reform permits is in them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::event::{Actor, EventKind};

use super::duration::{LimitSpec, StepBound};
use super::loops::Loop;
use super::paths::{PATH_CAP, PathSet};
use super::procedure::ProcedureGraph;
use super::reachability::Reachability;
use super::repeats::RepeatedWalk;
use super::schedule::Schedule;

/// The paths ending in one target stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetSummary {
    /// The target stage's id.
    pub stage: String,
    /// What reaching it means (`registered`, `ended`, or `pending` for a dead end).
    pub outcome: String,
    /// How many paths end there.
    pub paths: usize,
    /// How many of them are bounded.
    pub bounded_paths: usize,
    /// The longest worst case among its bounded paths, in days.
    pub longest_bounded_days: Option<u32>,
}

/// A transition the authority or a court takes with no time limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenStep {
    /// The transition's id.
    pub transition: String,
    /// The stage it leaves.
    pub from: String,
    /// The stage it enters.
    pub to: String,
    /// The event that takes it.
    pub event: EventKind,
    /// Who takes it.
    pub actor: Actor,
    /// On how many paths it is the worst step of its move.
    pub paths: usize,
    /// Whether it lies inside a loop.
    pub in_loop: bool,
}

/// A stage a case can sit in without end: every way out is taken by the authority or a
/// court with no time limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndlessWait {
    /// The stage's id.
    pub stage: String,
    /// The transitions out of it, none with a time limit.
    pub transitions: Vec<String>,
}

/// Whether the rules bound the duration of the procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every path is bounded, no stage can hold a case without end, and every loop is
    /// capped.
    Finite,
    /// Some path has a step without a time limit, some stage can hold a case without end,
    /// or some loop has no cap.
    Unbounded,
}

/// The worst case of the whole procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcedureWorstCase {
    /// Finite or unbounded.
    pub verdict: Verdict,
    /// The longest worst case among bounded paths, in days.
    pub longest_bounded_days: Option<u32>,
    /// The route of that path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longest_bounded_route: Option<String>,
    /// The longest worst case among bounded paths to the first registered stage they
    /// reach (registration itself, not what follows it), in days.
    pub longest_to_registration_days: Option<u32>,
    /// The route of that path (or walk, when a capped loop repeated in it makes it longer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longest_to_registration_route: Option<String>,
    /// How many paths there are.
    pub paths: usize,
    /// How many paths are unbounded.
    pub unbounded_paths: usize,
    /// Every reachable transition the authority or a court takes with no time limit.
    pub open_steps: Vec<OpenStep>,
    /// Stages a case can sit in without end.
    pub endless_waits: Vec<EndlessWait>,
    /// Transitions the applicant takes in its own time on some path (counted as 0 days).
    pub applicant_own_time: Vec<String>,
    /// How many loops have no cap.
    pub uncapped_loops: usize,
}

/// Everything `regsim paths` reports about a rule set's procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathsReport {
    /// The rule set's id.
    pub rule_set: String,
    /// Its title.
    pub title: String,
    /// The start stage.
    pub start: String,
    /// How many transitions have each status: what the paths rest on.
    pub transition_statuses: crate::source::StatusCounts,
    /// The verdict and what decides it.
    pub worst_case: ProcedureWorstCase,
    /// One summary per target stage, in rule-set order.
    pub targets: Vec<TargetSummary>,
    /// The time limits of the procedure with their longest spans, by parameter.
    pub time_limits: Vec<LimitSpec>,
    /// Every path.
    #[serde(flatten)]
    pub paths: PathSet,
    /// The loops.
    pub loops: Vec<Loop>,
    /// Per target, the longest walk repeating counter-capped loops within their caps.
    pub capped_repeats: Vec<RepeatedWalk>,
    /// Whether the search for those walks stopped at its budget before trying every path.
    pub capped_repeats_truncated: bool,
    /// Unreachable stages and dead ends.
    pub reachability: Reachability,
}

impl PathsReport {
    /// Analyses a procedure graph, examining at most [`PATH_CAP`] paths.
    pub fn new(graph: &ProcedureGraph) -> PathsReport {
        PathsReport::with_cap(graph, PATH_CAP)
    }

    /// Analyses a procedure graph, examining at most `cap` paths.
    pub fn with_cap(graph: &ProcedureGraph, cap: usize) -> PathsReport {
        let paths = graph.paths(cap);
        let loops = graph.loops();
        let repeated = graph.repeated_walks(&paths, &loops);
        let capped_repeats = repeated.walks;
        let targets = graph
            .targets()
            .into_iter()
            .filter_map(|stage| graph.stage(stage))
            .map(|stage| {
                let ending: Vec<_> = paths
                    .paths
                    .iter()
                    .filter(|path| path.target == stage.id)
                    .collect();
                let bounded: Vec<u32> = ending
                    .iter()
                    .filter(|path| path.worst_case.bounded)
                    .map(|path| path.worst_case.days)
                    .collect();
                TargetSummary {
                    stage: stage.id.clone(),
                    outcome: stage.outcome_name().to_string(),
                    paths: ending.len(),
                    bounded_paths: bounded.len(),
                    longest_bounded_days: bounded.into_iter().max(),
                }
            })
            .collect();
        let reachability = graph.reachability();
        let reachable = |id: &str| !reachability.unreachable.iter().any(|stage| stage == id);
        let in_loop: BTreeSet<&str> = loops
            .iter()
            .flat_map(|l| l.transitions.iter().map(String::as_str))
            .collect();
        let mut worst_on_paths: BTreeMap<&str, usize> = BTreeMap::new();
        let mut own_time: BTreeSet<&str> = BTreeSet::new();
        for path in &paths.paths {
            for step in &path.steps {
                for option in step.options.iter().filter(|o| o.bound == step.bound) {
                    match step.bound {
                        StepBound::Unbounded => {
                            *worst_on_paths
                                .entry(option.transition.as_str())
                                .or_default() += 1;
                        }
                        StepBound::ApplicantOwnTime => {
                            own_time.insert(option.transition.as_str());
                        }
                        StepBound::Limited { .. } | StepBound::Fires { .. } => {}
                    }
                }
            }
        }
        let open_steps: Vec<OpenStep> = graph
            .transitions()
            .filter(|edge| edge.bound == StepBound::Unbounded && reachable(&edge.from))
            .map(|edge| OpenStep {
                transition: edge.id.clone(),
                from: edge.from.clone(),
                to: edge.to.clone(),
                event: edge.event,
                actor: edge.actor,
                paths: worst_on_paths.get(edge.id.as_str()).copied().unwrap_or(0),
                in_loop: in_loop.contains(edge.id.as_str()),
            })
            .collect();
        let endless_waits: Vec<EndlessWait> = graph
            .stages()
            .filter(|stage| reachable(&stage.id))
            .filter_map(|stage| {
                let out = graph.outgoing(stage.stage);
                // A way out ends the wait unless the authority or a court takes it with no
                // time limit, or it is the applicant's move into a stage it cannot leave
                // the same way (a court challenge of a suspension nothing bounds).
                let stuck_in = |id: &str| {
                    graph
                        .stages()
                        .find(|node| node.id == id)
                        .is_some_and(|node| {
                            let next = graph.outgoing(node.stage);
                            !next.is_empty()
                                && next.iter().all(|edge| edge.bound == StepBound::Unbounded)
                        })
                };
                let held = matches!(
                    stage.waiting_on,
                    Some(crate::event::Actor::Authority | crate::event::Actor::Court)
                );
                let endless = !out.is_empty()
                    && out.iter().all(|edge| {
                        edge.bound == StepBound::Unbounded
                            || (held
                                && edge.bound == StepBound::ApplicantOwnTime
                                && stuck_in(&edge.to))
                    });
                endless.then(|| EndlessWait {
                    stage: stage.id.clone(),
                    transitions: out.iter().map(|edge| edge.id.clone()).collect(),
                })
            })
            .collect();
        let applicant_own_time: Vec<String> = graph
            .transitions()
            .filter(|edge| own_time.contains(edge.id.as_str()))
            .map(|edge| edge.id.clone())
            .collect();
        // Simple paths, then walks with a capped loop repeated.
        let walks: Vec<Walk> = paths
            .paths
            .iter()
            .filter(|path| path.worst_case.bounded)
            .map(|path| Walk {
                stages: &path.stages,
                days: path.worst_case.days,
                route: path.route(),
            })
            .chain(
                capped_repeats
                    .iter()
                    .filter(|walk| walk.worst_case.bounded)
                    .map(|walk| Walk {
                        stages: &walk.stages,
                        days: walk.worst_case.days,
                        route: walk.route(),
                    }),
            )
            .collect();
        let longest = longest_walk(walks.iter());
        let registered: Vec<&str> = graph
            .stages()
            .filter(|stage| stage.outcome == crate::rules::StageOutcome::Registered)
            .map(|stage| stage.id.as_str())
            .collect();
        let unbounded_paths = paths
            .paths
            .iter()
            .filter(|path| !path.worst_case.bounded)
            .count();
        let uncapped_loops = loops.iter().filter(|l| !l.capped).count();
        let to_registration = longest_walk(
            walks
                .iter()
                .filter(|walk| first_reaches(walk.stages, &registered)),
        );
        let worst_case = ProcedureWorstCase {
            verdict: if unbounded_paths == 0 && endless_waits.is_empty() && uncapped_loops == 0 {
                Verdict::Finite
            } else {
                Verdict::Unbounded
            },
            longest_bounded_days: longest.map(|walk| walk.days),
            longest_bounded_route: longest.map(|walk| walk.route.clone()),
            longest_to_registration_days: to_registration.map(|walk| walk.days),
            longest_to_registration_route: to_registration.map(|walk| walk.route.clone()),
            paths: paths.paths.len(),
            unbounded_paths,
            open_steps,
            endless_waits,
            applicant_own_time,
            uncapped_loops,
        };
        let mut time_limits: Vec<LimitSpec> = Vec::new();
        for edge in graph.transitions() {
            if let Some(limit) = &edge.time_limit {
                if !time_limits.iter().any(|l| l.parameter == limit.parameter) {
                    time_limits.push(limit.clone());
                }
            }
        }
        time_limits.sort_by(|a, b| a.parameter.cmp(&b.parameter));
        PathsReport {
            rule_set: graph.rule_set().to_string(),
            title: graph.title().to_string(),
            start: graph.start().id.clone(),
            transition_statuses: graph.transition_statuses(),
            worst_case,
            targets,
            time_limits,
            paths,
            loops,
            capped_repeats,
            capped_repeats_truncated: repeated.truncated,
            reachability,
        }
    }

    /// The timing of the longest bounded walk to registration (a simple path or a walk
    /// with a capped loop repeated), with its stages.
    pub fn registration_schedule(&self) -> Option<(&[String], &Schedule)> {
        let route = self.worst_case.longest_to_registration_route.as_ref()?;
        self.paths
            .paths
            .iter()
            .find(|path| &path.route() == route)
            .map(|path| (path.stages.as_slice(), &path.schedule))
            .or_else(|| {
                self.capped_repeats
                    .iter()
                    .find(|walk| &walk.route() == route)
                    .map(|walk| (walk.stages.as_slice(), &walk.schedule))
            })
    }
}

/// A bounded path or walk, as the longest figures need it.
struct Walk<'a> {
    stages: &'a [String],
    days: u32,
    route: String,
}

/// The first of the longest walks, so a simple path wins a tie with a repeated walk.
fn longest_walk<'a, 'b>(walks: impl Iterator<Item = &'b Walk<'a>>) -> Option<&'b Walk<'a>> {
    walks.fold(None, |best, walk| match best {
        Some(kept) if kept.days >= walk.days => Some(kept),
        _ => Some(walk),
    })
}

/// Whether a walk ends in one of `stages` and passes none of them before.
fn first_reaches(walk: &[String], stages: &[&str]) -> bool {
    match walk.split_last() {
        Some((last, before)) => {
            stages.contains(&last.as_str()) && !before.iter().any(|s| stages.contains(&s.as_str()))
        }
        None => false,
    }
}
