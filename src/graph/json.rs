//! The procedure graph as deterministic JSON: the stages and transitions in rule-set
//! order, each with everything the diagrams show (and the longest span of each time
//! limit), so other tools can draw or analyse the procedure without regsim.

use serde::Serialize;

use super::edge::TransitionEdge;
use super::node::StageNode;
use super::procedure::ProcedureGraph;

/// The graph as it is written to JSON.
#[derive(Clone, Debug, Serialize)]
pub struct GraphJson<'a> {
    /// The rule set's id.
    pub rule_set: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The start stage's id.
    pub start: &'a str,
    /// The stages, in rule-set order.
    pub stages: Vec<&'a StageNode>,
    /// The transitions, in rule-set order.
    pub transitions: Vec<&'a TransitionEdge>,
}

impl ProcedureGraph {
    /// The graph as a serializable value.
    pub fn to_json(&self) -> GraphJson<'_> {
        GraphJson {
            rule_set: self.rule_set(),
            title: self.title(),
            start: &self.start().id,
            stages: self.stages().collect(),
            transitions: self.transitions().collect(),
        }
    }
}
