//! Loops: the parts of a procedure that can repeat, and whether the rule set caps them.
//!
//! A loop is a strongly connected component of the graph with more than one stage, or a
//! stage with a transition to itself: refusal and resubmission, remarks and cure, appeal
//! and remand, suspension and resumption, starting over after a lapse. The rules that
//! can stop a loop are in [`super::caps`]. The loop is capped when every way round it
//! passes a capped transition; to decide that, the time-capped transitions are removed,
//! the strongly connected components of what remains are computed again, in each of
//! those the counter caps hold only if no filing resets the count, and whatever still
//! cycles is uncapped and reported. The loop's elementary cycles ([`super::cycles`]) are
//! listed too, so a reader sees "refusal and resubmission" rather than a set of stages.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::caps::{Cap, Scope};
use super::cycles::{Cycle, CycleStatus};
use super::procedure::ProcedureGraph;

/// A part of a loop that still cycles once every capped transition is taken away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UncappedPart {
    /// Its stages, in rule-set order.
    pub stages: Vec<String>,
    /// Its transitions, in rule-set order.
    pub transitions: Vec<String>,
}

/// A loop of the procedure (a strongly connected component that can repeat).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Loop {
    /// Its stages, in rule-set order.
    pub stages: Vec<String>,
    /// The transitions between its stages, in rule-set order.
    pub transitions: Vec<String>,
    /// The rules that could stop it, each with whether it does.
    pub caps: Vec<Cap>,
    /// Whether every way round it passes a capped transition.
    pub capped: bool,
    /// What still cycles with no cap (empty when capped).
    pub uncapped_parts: Vec<UncappedPart>,
    /// Its elementary cycles, shortest first.
    pub cycles: Vec<Cycle>,
    /// Whether there are more cycles than listed.
    pub cycles_truncated: bool,
}

impl Loop {
    /// The cycles with a given status.
    pub fn cycles_with(&self, status: CycleStatus) -> impl Iterator<Item = &Cycle> {
        self.cycles
            .iter()
            .filter(move |cycle| cycle.status == status)
    }
}

impl ProcedureGraph {
    /// The loops of the procedure, in rule-set order of their first stage.
    pub fn loops(&self) -> Vec<Loop> {
        let mut components: Vec<Vec<NodeIndex>> = tarjan_scc(self.inner())
            .into_iter()
            .filter(|component| {
                component.len() > 1
                    || component
                        .first()
                        .is_some_and(|&stage| self.has_self_loop(stage))
            })
            .map(|mut component| {
                component.sort();
                component
            })
            .collect();
        components.sort();
        components
            .iter()
            .map(|component| self.analyse_loop(component))
            .collect()
    }

    fn analyse_loop(&self, nodes: &[NodeIndex]) -> Loop {
        let graph = self.inner();
        let members: BTreeSet<NodeIndex> = nodes.iter().copied().collect();
        let edges: Vec<EdgeIndex> = graph
            .edge_references()
            .filter(|e| members.contains(&e.source()) && members.contains(&e.target()))
            .map(|e| e.id())
            .collect();
        let scope = Scope::new(self, nodes, edges);

        let mut caps = Vec::new();
        let mut capped_by: BTreeMap<EdgeIndex, BTreeSet<String>> = BTreeMap::new();
        for (cap, stopped) in self.time_caps(&scope) {
            if cap.holds {
                for e in stopped {
                    capped_by
                        .entry(e)
                        .or_default()
                        .insert(cap.parameter.clone());
                }
            }
            caps.push(cap);
        }

        // What cycles once the time-capped transitions are taken away; in each part the
        // counters hold only if no filing in it resets them.
        let untimed: Vec<EdgeIndex> = scope
            .edges
            .iter()
            .copied()
            .filter(|e| !capped_by.contains_key(e))
            .collect();
        let counters = self.counter_guards(&scope);
        let guarded: BTreeSet<EdgeIndex> = counters.values().flatten().copied().collect();
        let mut uncapped = Vec::new();
        let mut counted: BTreeSet<EdgeIndex> = BTreeSet::new();
        let mut in_a_part: BTreeSet<EdgeIndex> = BTreeSet::new();
        for (part_nodes, part_edges) in self.cycling_parts(&untimed) {
            in_a_part.extend(part_edges.iter().copied());
            if self.filings(&part_edges).is_empty() {
                let counting: BTreeSet<EdgeIndex> = part_edges
                    .iter()
                    .copied()
                    .filter(|&e| guarded.contains(&e) && self.counts_remarks(e))
                    .collect();
                counted.extend(counting.iter().copied());
                let rest: Vec<EdgeIndex> = part_edges
                    .iter()
                    .copied()
                    .filter(|e| !counting.contains(e))
                    .collect();
                uncapped.extend(self.cycling_parts(&rest));
            } else {
                uncapped.push((part_nodes, part_edges));
            }
        }
        let loop_filings = self.filings(&scope.edges);
        for (parameter, guarded) in &counters {
            // A counter on a transition no remaining part cycles through is already
            // time-capped; it also caps by count unless a filing in the loop resets it.
            let holding: Vec<EdgeIndex> = guarded
                .iter()
                .copied()
                .filter(|e| {
                    counted.contains(e)
                        || (!in_a_part.contains(e)
                            && self.counts_remarks(*e)
                            && loop_filings.is_empty())
                })
                .collect();
            for &e in &holding {
                capped_by.entry(e).or_default().insert(parameter.clone());
            }
            caps.push(self.counter_cap(parameter, guarded, &holding, &loop_filings));
        }
        caps.sort_by(|a, b| (a.kind, &a.parameter).cmp(&(b.kind, &b.parameter)));

        let (cycles, cycles_truncated) = self.elementary_cycles(nodes);
        let cycles = cycles
            .iter()
            .map(|stages| self.cycle(stages, &capped_by))
            .collect();
        let mut uncapped_parts: Vec<UncappedPart> = uncapped
            .into_iter()
            .map(|(part_nodes, part_edges)| UncappedPart {
                stages: part_nodes.iter().map(|&n| graph[n].id.clone()).collect(),
                transitions: self.ids(&part_edges),
            })
            .collect();
        uncapped_parts.sort_by(|a, b| a.stages.cmp(&b.stages));
        Loop {
            stages: nodes.iter().map(|&n| graph[n].id.clone()).collect(),
            transitions: self.ids(&scope.edges),
            caps,
            capped: uncapped_parts.is_empty(),
            uncapped_parts,
            cycles,
            cycles_truncated,
        }
    }

    /// The strongly connected components that still cycle using only `edges`: each with
    /// its stages and the edges between them, in index order.
    fn cycling_parts(&self, edges: &[EdgeIndex]) -> Vec<(Vec<NodeIndex>, Vec<EdgeIndex>)> {
        let graph = self.inner();
        let mut part: DiGraph<(), EdgeIndex> =
            DiGraph::with_capacity(graph.node_count(), edges.len());
        for _ in graph.node_indices() {
            part.add_node(());
        }
        for &e in edges {
            if let Some((from, to)) = graph.edge_endpoints(e) {
                part.add_edge(from, to, e);
            }
        }
        let mut parts = Vec::new();
        for mut component in tarjan_scc(&part) {
            component.sort();
            let members: BTreeSet<NodeIndex> = component.iter().copied().collect();
            let mut within: Vec<EdgeIndex> = part
                .edge_references()
                .filter(|e| members.contains(&e.source()) && members.contains(&e.target()))
                .map(|e| *e.weight())
                .collect();
            within.sort();
            if component.len() > 1 || !within.is_empty() {
                parts.push((component, within));
            }
        }
        parts.sort();
        parts
    }
}
