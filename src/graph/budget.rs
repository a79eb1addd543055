//! A view of a graph that stops a search after a fixed amount of work.
//!
//! petgraph's `all_simple_paths` yields a path only when it reaches the target; on a large,
//! densely connected procedure it can explore for hours between two paths. Handing it a
//! [`Budgeted`] view instead bounds the work: every expansion of a stage (a request for
//! its successors) spends one unit, and once the budget is spent every stage reports no
//! successors, so the search unwinds at once. The caller then reports the enumeration as
//! incomplete rather than hanging.

use std::cell::Cell;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{GraphBase, GraphRef, IntoNeighbors, IntoNeighborsDirected, NodeCount};

/// How many stage expansions one enumeration may spend.
pub const SEARCH_BUDGET: usize = 2_000_000;

/// A simple stage graph whose successor lists cost one unit of a shared budget each.
#[derive(Clone, Copy, Debug)]
pub struct Budgeted<'a> {
    graph: &'a DiGraph<(), ()>,
    left: &'a Cell<usize>,
}

impl<'a> Budgeted<'a> {
    /// A view of `graph` spending from `left`.
    pub fn new(graph: &'a DiGraph<(), ()>, left: &'a Cell<usize>) -> Budgeted<'a> {
        Budgeted { graph, left }
    }

    /// Whether the budget has run out.
    pub fn exhausted(&self) -> bool {
        self.left.get() == 0
    }
}

impl GraphBase for Budgeted<'_> {
    type NodeId = NodeIndex;
    type EdgeId = petgraph::graph::EdgeIndex;
}

impl GraphRef for Budgeted<'_> {}

impl NodeCount for Budgeted<'_> {
    fn node_count(&self) -> usize {
        self.graph.node_count()
    }
}

impl IntoNeighbors for Budgeted<'_> {
    type Neighbors = std::vec::IntoIter<NodeIndex>;

    fn neighbors(self, node: NodeIndex) -> Self::Neighbors {
        self.neighbors_directed(node, Direction::Outgoing)
    }
}

impl IntoNeighborsDirected for Budgeted<'_> {
    type NeighborsDirected = std::vec::IntoIter<NodeIndex>;

    fn neighbors_directed(self, node: NodeIndex, direction: Direction) -> Self::NeighborsDirected {
        let left = self.left.get();
        if left == 0 {
            return Vec::new().into_iter();
        }
        self.left.set(left - 1);
        self.graph
            .neighbors_directed(node, direction)
            .collect::<Vec<_>>()
            .into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_hides_every_successor() {
        let mut graph = DiGraph::<(), ()>::new();
        let a = graph.add_node(());
        let b = graph.add_node(());
        graph.add_edge(a, b, ());
        let left = Cell::new(1);
        let view = Budgeted::new(&graph, &left);
        assert_eq!(view.neighbors(a).collect::<Vec<_>>(), [b]);
        assert!(view.exhausted());
        assert!(view.neighbors(a).next().is_none());
    }
}
