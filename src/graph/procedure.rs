//! The procedure graph of a resolved rule set: stages as nodes, transitions as edges.
//!
//! [`ProcedureGraph`] is built from a [`RuleSet`] and nothing else, node `i` being stage
//! `i` and edge `i` transition `i`, so the graph allows exactly the moves the state
//! machine allows (the integration tests replay every bundled case and check each step
//! is an edge). The petgraph value stays private; the analyses ([`super::paths`],
//! [`super::loops`], [`super::reachability`]) and the exports ([`super::dot`],
//! [`super::mermaid`], [`super::json`]) are methods and functions over this type.

use std::collections::BTreeMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::rules::{ParameterUnit, RuleSet, StageId, TransitionId};
use crate::source::Status;

use super::conditions::condition_text;
use super::duration::{LimitSpec, StepBound};
use super::edge::TransitionEdge;
use super::node::StageNode;

/// The procedure of a rule set as a directed multigraph.
#[derive(Clone, Debug)]
pub struct ProcedureGraph {
    rule_set: String,
    title: String,
    start: NodeIndex,
    graph: DiGraph<StageNode, TransitionEdge>,
    /// Count parameters (caps read by guards such as `remark_rounds_below`), by id.
    counts: BTreeMap<String, u32>,
    /// Every time limit of the rule set, in rule-set order.
    limits: Vec<LimitSpec>,
}

impl ProcedureGraph {
    /// The graph of a resolved rule set.
    pub fn new(rules: &RuleSet) -> ProcedureGraph {
        let limits: Vec<LimitSpec> = rules
            .limits()
            .iter()
            .map(|limit| {
                let parameter = rules.parameters.get(&limit.parameter);
                LimitSpec::new(
                    limit,
                    &rules.holidays,
                    parameter.map_or("", |p| p.label.as_str()),
                    parameter.map_or(Status::Assumed, |p| p.status),
                )
            })
            .collect();
        let mut graph =
            DiGraph::with_capacity(rules.stages().len(), rules.procedure.transitions.len());
        for (index, stage) in rules.stages().iter().enumerate() {
            let id = StageId(index as u16);
            graph.add_node(StageNode {
                stage: id,
                id: stage.id.clone(),
                label: stage.label.clone(),
                waiting_on: stage.waiting_on,
                outcome: stage.outcome,
                start: id == rules.start(),
                terminal: rules.is_terminal(id),
            });
        }
        for id in rules.transition_ids() {
            let written = rules.transition(id);
            let compiled = rules.compiled_transition(id);
            let time_limit = compiled
                .deadline
                .and_then(|limit| limits.get(limit.0 as usize))
                .cloned();
            let actor = compiled.event.actor();
            graph.add_edge(
                NodeIndex::new(compiled.from.0 as usize),
                NodeIndex::new(compiled.to.0 as usize),
                TransitionEdge {
                    transition: id,
                    id: written.id.clone(),
                    from: written.from.clone(),
                    to: written.to.clone(),
                    event: compiled.event,
                    actor,
                    guards: written.guards.clone(),
                    conditions: written
                        .guards
                        .iter()
                        .filter_map(|guard| condition_text(guard, rules))
                        .collect(),
                    bound: StepBound::of(actor, time_limit.as_ref()),
                    time_limit,
                    status: written.status,
                    citation: written.citation.clone(),
                    cited: written
                        .citation
                        .as_ref()
                        .map(|citation| rules.cite(citation)),
                },
            );
        }
        ProcedureGraph {
            rule_set: rules.id.clone(),
            title: rules.title.clone(),
            start: NodeIndex::new(rules.start().0 as usize),
            graph,
            counts: rules
                .parameters
                .iter()
                .filter(|(_, parameter)| parameter.unit == ParameterUnit::Count)
                .map(|(id, parameter)| (id.clone(), parameter.value as u32))
                .collect(),
            limits,
        }
    }

    /// Every time limit of the rule set, in rule-set order.
    pub fn limits(&self) -> &[LimitSpec] {
        &self.limits
    }

    /// The time limit defined by a parameter, with its index in [`Self::limits`].
    pub fn limit(&self, parameter: &str) -> Option<(usize, &LimitSpec)> {
        self.limits
            .iter()
            .enumerate()
            .find(|(_, limit)| limit.parameter == parameter)
    }

    /// The rule set's id.
    pub fn rule_set(&self) -> &str {
        &self.rule_set
    }

    /// The rule set's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The stage every application starts in.
    pub fn start(&self) -> &StageNode {
        &self.graph[self.start]
    }

    /// Every stage, in rule-set order.
    pub fn stages(&self) -> impl Iterator<Item = &StageNode> {
        self.graph.node_weights()
    }

    /// One stage, if the id is in range.
    pub fn stage(&self, stage: StageId) -> Option<&StageNode> {
        self.graph.node_weight(NodeIndex::new(stage.0 as usize))
    }

    /// Every transition, in rule-set order.
    pub fn transitions(&self) -> impl Iterator<Item = &TransitionEdge> {
        self.graph.edge_weights()
    }

    /// How many transitions have each status (for legends).
    pub fn transition_statuses(&self) -> crate::source::StatusCounts {
        let mut counts = crate::source::StatusCounts::default();
        for edge in self.transitions() {
            counts.add(edge.status);
        }
        counts
    }

    /// One transition, if the id is in range.
    pub fn transition(&self, transition: TransitionId) -> Option<&TransitionEdge> {
        self.graph
            .edge_weight(EdgeIndex::new(transition.0 as usize))
    }

    /// Whether the graph has this transition as an edge from `from` to `to`.
    pub fn has_edge(&self, from: StageId, to: StageId, transition: TransitionId) -> bool {
        self.graph
            .edges_connecting(
                NodeIndex::new(from.0 as usize),
                NodeIndex::new(to.0 as usize),
            )
            .any(|edge| edge.weight().transition == transition)
    }

    /// The transitions leaving a stage, in rule-set order.
    pub fn outgoing(&self, stage: StageId) -> Vec<&TransitionEdge> {
        let mut edges: Vec<&TransitionEdge> = self
            .graph
            .edges_directed(NodeIndex::new(stage.0 as usize), Direction::Outgoing)
            .map(|edge| edge.weight())
            .collect();
        edges.sort_by_key(|edge| edge.transition);
        edges
    }

    /// The transitions from one stage to another, in rule-set order.
    pub fn between(&self, from: StageId, to: StageId) -> Vec<&TransitionEdge> {
        let mut edges: Vec<&TransitionEdge> = self
            .graph
            .edges_connecting(
                NodeIndex::new(from.0 as usize),
                NodeIndex::new(to.0 as usize),
            )
            .map(|edge| edge.weight())
            .collect();
        edges.sort_by_key(|edge| edge.transition);
        edges
    }

    /// The stages where paths end: outcome decided, or nothing leaves them.
    pub fn targets(&self) -> Vec<StageId> {
        self.stages()
            .filter(|stage| stage.is_target())
            .map(|stage| stage.stage)
            .collect()
    }

    /// The value of a count parameter.
    pub fn count_parameter(&self, parameter: &str) -> Option<u32> {
        self.counts.get(parameter).copied()
    }

    /// The petgraph value, for the analyses in this module.
    pub(super) fn inner(&self) -> &DiGraph<StageNode, TransitionEdge> {
        &self.graph
    }

    /// The start as a petgraph index.
    pub(super) fn start_index(&self) -> NodeIndex {
        self.start
    }
}
