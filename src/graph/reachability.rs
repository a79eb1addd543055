//! Stages no application can reach, and stages an application can reach but never leave
//! although nothing has been decided there.
//!
//! Resolution rejects rule sets with either ([`crate::rules::resolve`]), so for a resolved
//! rule set both lists are empty; the graph reports them anyway, from its own edges, so
//! the `paths` report states it and would show a regression in resolution at once.

use petgraph::visit::Bfs;
use serde::Serialize;

use crate::rules::StageOutcome;

use super::procedure::ProcedureGraph;

/// Structural problems of a procedure graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Reachability {
    /// Stages no path from the start reaches, in rule-set order.
    pub unreachable: Vec<String>,
    /// Stages nothing leaves whose outcome is still `pending`, in rule-set order.
    pub dead_ends: Vec<String>,
}

impl Reachability {
    /// Whether the procedure has neither.
    pub fn is_clean(&self) -> bool {
        self.unreachable.is_empty() && self.dead_ends.is_empty()
    }
}

impl ProcedureGraph {
    /// The unreachable stages and dead ends.
    pub fn reachability(&self) -> Reachability {
        let graph = self.inner();
        let mut reached = vec![false; graph.node_count()];
        let mut search = Bfs::new(graph, self.start_index());
        while let Some(stage) = search.next(graph) {
            reached[stage.index()] = true;
        }
        let mut report = Reachability::default();
        for (index, stage) in self.stages().enumerate() {
            if !reached.get(index).copied().unwrap_or(false) {
                report.unreachable.push(stage.id.clone());
            }
            if stage.terminal && stage.outcome == StageOutcome::Pending {
                report.dead_ends.push(stage.id.clone());
            }
        }
        report
    }
}
