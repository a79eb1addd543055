//! Every simple path from the start to each target stage, with its worst-case duration.
//!
//! A path is a sequence of stages with no stage twice; each step between two stages may be
//! taken by one of several transitions (an appeal granted or remanded), and the step's
//! bound is the worst of them. The paths come from petgraph's `all_simple_paths`, run on
//! the stages that can reach the target with parallel transitions merged, so each path is
//! found once. Simple paths skip cycles; [`super::loops`] covers what repeats. The number
//! of simple paths can grow exponentially with the size of a procedure, so enumeration
//! stops at a cap and says so.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::hash::RandomState;

use petgraph::Direction;
use petgraph::algo::all_simple_paths;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeRef, Reversed};
use serde::Serialize;

use crate::rules::StageId;

use super::budget::{Budgeted, SEARCH_BUDGET};
use super::duration::{StepBound, WorstCase};
use super::procedure::ProcedureGraph;
use super::schedule::Schedule;

pub use super::step::{PathStep, StepOption};

/// How many paths are examined at most, over all targets.
pub const PATH_CAP: usize = 10_000;

/// A simple path from the start to a target stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcedurePath {
    /// The target stage it ends in.
    pub target: String,
    /// The stages, start first.
    pub stages: Vec<String>,
    /// The moves between them.
    pub steps: Vec<PathStep>,
    /// The worst case: the day of the last move when every move is as late as its limit
    /// allows, each limit counted from the event that starts it.
    pub worst_case: WorstCase,
    /// The moves at their latest lawful days.
    pub schedule: Schedule,
}

impl ProcedurePath {
    /// The stages joined by arrows.
    pub fn route(&self) -> String {
        self.stages.join(" → ")
    }
}

/// The paths of a procedure, sorted by target (rule-set order), length, then stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathSet {
    /// The paths found.
    pub paths: Vec<ProcedurePath>,
    /// Whether enumeration stopped (at the cap, or when its work budget ran out) before
    /// finding every path.
    pub truncated: bool,
    /// The cap on the number of paths.
    pub cap: usize,
}

impl ProcedureGraph {
    /// Every simple path from the start to each target stage, at most `cap` in all.
    pub fn paths(&self, cap: usize) -> PathSet {
        let start = self.start_index();
        let mut found: Vec<(NodeIndex, Vec<NodeIndex>)> = Vec::new();
        let mut truncated = false;
        let budget = Cell::new(SEARCH_BUDGET);
        for target in self.targets() {
            let target = NodeIndex::new(target.0 as usize);
            if found.len() >= cap {
                truncated = true;
                break;
            }
            if target == start {
                found.push((target, vec![start]));
                continue;
            }
            let routes = self.routes_to(target);
            let view = Budgeted::new(&routes, &budget);
            let mut paths =
                all_simple_paths::<Vec<NodeIndex>, _, RandomState>(view, start, target, 0, None);
            for path in paths.by_ref().take(cap - found.len()) {
                found.push((target, path));
            }
            if paths.next().is_some() || view.exhausted() {
                truncated = true;
            }
        }
        found.sort_by(|(a_target, a), (b_target, b)| {
            (a_target, a.len(), a).cmp(&(b_target, b.len(), b))
        });
        PathSet {
            paths: found
                .into_iter()
                .map(|(target, stages)| self.path(target, &stages))
                .collect(),
            truncated,
            cap,
        }
    }

    /// The stages that can reach `target`, with parallel transitions merged into one edge
    /// and nothing leaving the target; node indices are those of the procedure graph.
    fn routes_to(&self, target: NodeIndex) -> DiGraph<(), ()> {
        let graph = self.inner();
        let mut reaches = vec![false; graph.node_count()];
        let mut search = Bfs::new(Reversed(graph), target);
        while let Some(node) = search.next(Reversed(graph)) {
            reaches[node.index()] = true;
        }
        let mut routes = DiGraph::with_capacity(graph.node_count(), graph.edge_count());
        for _ in graph.node_indices() {
            routes.add_node(());
        }
        let mut seen = BTreeSet::new();
        for edge in graph.edge_references() {
            let (from, to) = (edge.source(), edge.target());
            if from != target
                && reaches[from.index()]
                && reaches[to.index()]
                && seen.insert((from, to))
            {
                routes.add_edge(from, to, ());
            }
        }
        routes
    }

    fn path(&self, target: NodeIndex, stages: &[NodeIndex]) -> ProcedurePath {
        let graph = self.inner();
        let mut worst_case = WorstCase::zero();
        let mut steps = Vec::new();
        for pair in stages.windows(2) {
            let step = self.step(
                StageId(pair[0].index() as u16),
                StageId(pair[1].index() as u16),
            );
            add_step(&mut worst_case, &step);
            steps.push(step);
        }
        let schedule = self.schedule(&steps);
        worst_case.days = schedule.days;
        worst_case.lawful = schedule.lawful;
        ProcedurePath {
            target: graph[target].id.clone(),
            stages: stages.iter().map(|&node| graph[node].id.clone()).collect(),
            steps,
            worst_case,
            schedule,
        }
    }

    /// The move from one stage to another, with every transition that makes it.
    pub fn step(&self, from: StageId, to: StageId) -> PathStep {
        let options: Vec<StepOption> = self
            .between(from, to)
            .into_iter()
            .map(|edge| StepOption {
                transition: edge.id.clone(),
                event: edge.event,
                actor: edge.actor,
                time_limit: edge.time_limit.as_ref().map(|l| l.parameter.clone()),
                bound: edge.bound,
            })
            .collect();
        let bound = options
            .iter()
            .map(|option| option.bound)
            .max_by_key(|bound| bound.severity())
            .unwrap_or(StepBound::Unbounded);
        let name = |stage: StageId| self.stage(stage).map(|node| node.id.clone());
        PathStep {
            from: name(from).unwrap_or_default(),
            to: name(to).unwrap_or_default(),
            options,
            bound,
        }
    }

    /// Whether `stage` has a transition to itself.
    pub(super) fn has_self_loop(&self, stage: NodeIndex) -> bool {
        self.inner()
            .edges_directed(stage, Direction::Outgoing)
            .any(|edge| edge.target() == stage)
    }
}

/// Adds a step's worst bound to a worst case, naming every transition that has it (the
/// days are set by [`ProcedureGraph::schedule`], which counts each limit once).
pub fn add_step(worst_case: &mut WorstCase, step: &PathStep) {
    match step.bound {
        StepBound::Limited { .. } | StepBound::Fires { .. } => {
            if let Some(option) = step.options.iter().find(|o| o.bound == step.bound) {
                worst_case.add(&option.transition, step.bound);
            }
        }
        StepBound::ApplicantOwnTime | StepBound::Unbounded => {
            for option in step.options.iter().filter(|o| o.bound == step.bound) {
                worst_case.add(&option.transition, step.bound);
            }
        }
    }
}
