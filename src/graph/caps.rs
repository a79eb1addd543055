//! What can stop a loop from repeating: a counter guard, or a time limit started outside.
//!
//! Caps are judged within a scope: a whole loop (a strongly connected component), or one
//! elementary cycle of it taken on its own. Within a scope:
//!
//! - a time limit caps the transitions bound by it, and the transitions out of a stage
//!   its clock transition leaves, when it is started only outside the scope (nothing in
//!   the scope restarts it), no suspension in the scope extends it, and every route from
//!   the start into the scope passes an event that starts it; once it runs out they can no
//!   longer be taken lawfully (the clock ends any stay at its stage);
//! - a `remark_rounds_below` guard on a transition that issues remarks caps it when no
//!   filing in the scope resets the count of rounds.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::event::{Actor, EventKind};
use crate::rules::Guard;

use super::duration::LimitSpec;
use super::edge::TransitionEdge;
use super::procedure::ProcedureGraph;

/// What kind of rule can stop a loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapKind {
    /// A guard on a counter (`remark_rounds_below`).
    Counter,
    /// A time limit started outside the loop.
    TimeLimit,
}

/// One rule that could stop a loop, and whether it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cap {
    /// Counter or time limit.
    pub kind: CapKind,
    /// The parameter (the counter's cap or the time limit).
    pub parameter: String,
    /// The parameter's value in words (`2`, `1 month`).
    pub value: String,
    /// Whether it caps the transitions below.
    pub holds: bool,
    /// The transitions it stops (or would stop, if it held), by id.
    pub transitions: Vec<String>,
    /// Why it holds or not.
    pub reason: String,
}

/// The part of the graph caps are judged in.
pub(super) struct Scope {
    /// Whether each stage (by index) is in the scope.
    pub inside: Vec<bool>,
    /// The transitions of the scope, in rule-set order.
    pub edges: Vec<EdgeIndex>,
}

impl Scope {
    /// The stages `nodes` and the transitions `edges` (which must lie between them).
    pub fn new(graph: &ProcedureGraph, nodes: &[NodeIndex], mut edges: Vec<EdgeIndex>) -> Scope {
        let mut inside = vec![false; graph.inner().node_count()];
        for node in nodes {
            if let Some(slot) = inside.get_mut(node.index()) {
                *slot = true;
            }
        }
        edges.sort();
        edges.dedup();
        Scope { inside, edges }
    }

    fn contains(&self, stage: NodeIndex) -> bool {
        self.inside.get(stage.index()).copied().unwrap_or(false)
    }
}

impl ProcedureGraph {
    /// Every time limit that could cap the scope, with the transitions it stops and
    /// whether it holds, by parameter.
    pub(super) fn time_caps(&self, scope: &Scope) -> Vec<(Cap, Vec<EdgeIndex>)> {
        let graph = self.inner();
        let edge = |index: EdgeIndex| &graph[index];
        let mut limits: BTreeMap<String, LimitSpec> = BTreeMap::new();
        for e in graph.edge_references() {
            let binds = scope.contains(e.source())
                && (scope.contains(e.target()) || e.weight().actor == Actor::Clock);
            if let (true, Some(limit)) = (binds, &e.weight().time_limit) {
                limits
                    .entry(limit.parameter.clone())
                    .or_insert_with(|| limit.clone());
            }
        }
        let mut caps = Vec::new();
        for (parameter, limit) in &limits {
            let uses = |e: &TransitionEdge| {
                e.time_limit
                    .as_ref()
                    .is_some_and(|l| &l.parameter == parameter)
            };
            let clocks: Vec<EdgeIndex> = graph
                .edge_references()
                .filter(|e| {
                    scope.contains(e.source())
                        && e.weight().actor == Actor::Clock
                        && uses(e.weight())
                })
                .map(|e| e.id())
                .collect();
            let clock_stages: BTreeSet<NodeIndex> = clocks
                .iter()
                .filter_map(|&e| graph.edge_endpoints(e).map(|(source, _)| source))
                .collect();
            let stopped: Vec<EdgeIndex> = scope
                .edges
                .iter()
                .copied()
                .filter(|&e| {
                    let source = graph.edge_endpoints(e).map(|(source, _)| source);
                    edge(e).actor != Actor::Clock
                        && (uses(edge(e)) || source.is_some_and(|s| clock_stages.contains(&s)))
                })
                .collect();
            if stopped.is_empty() {
                continue;
            }
            let restarted: Vec<EdgeIndex> = scope
                .edges
                .iter()
                .copied()
                .filter(|&e| limit.started_by(edge(e).event))
                .collect();
            let suspensions: Vec<EdgeIndex> = scope
                .edges
                .iter()
                .copied()
                .filter(|&e| edge(e).event == EventKind::ReviewSuspended)
                .collect();
            let (holds, reason) = if !restarted.is_empty() {
                (
                    false,
                    format!("restarted inside the loop by {}", self.named(&restarted)),
                )
            } else if limit.paused_while_suspended && !suspensions.is_empty() {
                (
                    false,
                    format!(
                        "extended by every suspension inside the loop ({})",
                        self.named(&suspensions)
                    ),
                )
            } else if !self.started_before_entering(scope, limit) {
                (
                    false,
                    "may not be running when the loop is entered: a route into it passes \
                     none of the events that start it"
                        .to_string(),
                )
            } else {
                let starts: Vec<&str> = limit.starts_on.iter().map(|kind| kind.name()).collect();
                let mut reason = format!(
                    "started only outside the loop (by {}), so once it runs out these \
                     transitions can no longer be taken lawfully",
                    starts.join(", ")
                );
                if !clocks.is_empty() {
                    reason.push_str(&format!(
                        "; the clock then ends the stay at the stage ({})",
                        self.named(&clocks)
                    ));
                }
                (true, reason)
            };
            let cap = Cap {
                kind: CapKind::TimeLimit,
                parameter: parameter.clone(),
                value: limit.length(),
                holds,
                transitions: self.ids(&stopped),
                reason,
            };
            caps.push((cap, stopped));
        }
        caps
    }

    /// The transitions of the scope guarded by a remark-round counter, by parameter.
    pub(super) fn counter_guards(&self, scope: &Scope) -> BTreeMap<String, Vec<EdgeIndex>> {
        let mut guards: BTreeMap<String, Vec<EdgeIndex>> = BTreeMap::new();
        for &e in &scope.edges {
            let parameter = self.inner()[e].guards.iter().find_map(|guard| match guard {
                Guard::RemarkRoundsBelow { parameter } => Some(parameter.clone()),
                _ => None,
            });
            if let Some(parameter) = parameter {
                guards.entry(parameter).or_default().push(e);
            }
        }
        guards
    }

    /// Whether taking the transition counts a remark round.
    pub(super) fn counts_remarks(&self, e: EdgeIndex) -> bool {
        self.inner()[e].event == EventKind::RemarksIssued
    }

    /// The filings among `edges` (a filing restarts the count of remark rounds).
    pub(super) fn filings(&self, edges: &[EdgeIndex]) -> Vec<EdgeIndex> {
        edges
            .iter()
            .copied()
            .filter(|&e| self.inner()[e].event.is_filing())
            .collect()
    }

    /// The cap a counter parameter puts on `guarded`, holding on `holding`; `filings` are
    /// the filings that reset it where it does not hold.
    pub(super) fn counter_cap(
        &self,
        parameter: &str,
        guarded: &[EdgeIndex],
        holding: &[EdgeIndex],
        filings: &[EdgeIndex],
    ) -> Cap {
        let value = self
            .count_parameter(parameter)
            .map_or_else(|| "?".into(), |value| value.to_string());
        let (holds, transitions, reason) = if !holding.is_empty() {
            (
                true,
                holding,
                format!(
                    "at most {value} remark rounds per filing, and no filing inside the loop \
                     resets the count"
                ),
            )
        } else if guarded.iter().all(|&e| !self.counts_remarks(e)) {
            (
                false,
                guarded,
                "the guard is on a transition that issues no remarks, so the count never \
                 grows inside the loop"
                    .to_string(),
            )
        } else {
            (
                false,
                guarded,
                format!(
                    "the count restarts with every filing, and the loop contains filings: {}",
                    self.named(filings)
                ),
            )
        };
        Cap {
            kind: CapKind::Counter,
            parameter: parameter.to_string(),
            value,
            holds,
            transitions: self.ids(transitions),
            reason,
        }
    }

    /// Whether every route from the start into the scope passes an event that starts
    /// `limit`, so the limit is running when the scope is entered.
    fn started_before_entering(&self, scope: &Scope, limit: &LimitSpec) -> bool {
        let graph = self.inner();
        let start = self.start_index();
        let mut seen = vec![false; graph.node_count()];
        let mut queue = VecDeque::from([start]);
        seen[start.index()] = true;
        while let Some(stage) = queue.pop_front() {
            if scope.contains(stage) {
                return false;
            }
            for e in graph.edges_directed(stage, Direction::Outgoing) {
                let next = e.target();
                if !limit.started_by(e.weight().event) && !seen[next.index()] {
                    seen[next.index()] = true;
                    queue.push_back(next);
                }
            }
        }
        true
    }

    /// The ids of transitions.
    pub(super) fn ids(&self, edges: &[EdgeIndex]) -> Vec<String> {
        edges.iter().map(|&e| self.inner()[e].id.clone()).collect()
    }

    /// The ids of transitions in backquotes, joined by commas.
    pub(super) fn named(&self, edges: &[EdgeIndex]) -> String {
        edges
            .iter()
            .map(|&e| format!("`{}`", self.inner()[e].id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
