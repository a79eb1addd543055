//! The elementary cycles of a loop, each named by its events and judged for caps.
//!
//! A loop (a strongly connected component) often holds several ways round: in the 2022
//! rules one component joins the refusal and resubmission of an application, the appeal
//! and remand, the suspension of the review, and starting over after a lapse. Listing its
//! elementary cycles (no stage twice), named by what happens on them, lets a reader see
//! each. A cycle is *capped* when a cap holds for it within the whole loop, *capped on its
//! own* when a cap holds only while the case stays on this cycle (the loop elsewhere
//! restarts the limit or resets the count), and *uncapped* otherwise.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::RandomState;

use petgraph::algo::all_simple_paths;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::event::EventKind;
use crate::rules::StageId;

use super::budget::{Budgeted, SEARCH_BUDGET};
use super::caps::Scope;
use super::procedure::ProcedureGraph;
use super::step::PathStep;

/// How many elementary cycles are listed at most for one loop.
pub const CYCLE_CAP: usize = 200;

/// Whether a cycle can repeat without end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleStatus {
    /// A cap holds for it whatever else happens in the loop.
    Capped,
    /// A cap holds only while the case stays on this cycle; the rest of the loop can
    /// restart the limit or reset the count.
    CappedOnItsOwn,
    /// Nothing caps it.
    Uncapped,
}

impl std::fmt::Display for CycleStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CycleStatus::Capped => "capped",
            CycleStatus::CappedOnItsOwn => "capped on its own only",
            CycleStatus::Uncapped => "UNCAPPED",
        })
    }
}

/// An elementary cycle of a loop: stages visited once each, back to the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cycle {
    /// What happens on it, named by its events ("refusal and resubmission").
    pub name: String,
    /// The stages, the first repeated at the end.
    pub stages: Vec<String>,
    /// The moves, each with the transitions that make it.
    pub steps: Vec<PathStep>,
    /// Capped, capped on its own only, or uncapped.
    pub status: CycleStatus,
    /// The parameters that cap it within the whole loop.
    pub capped_by: Vec<String>,
    /// The parameters that cap it only while the case stays on it.
    pub capped_on_its_own_by: Vec<String>,
}

impl Cycle {
    /// The stages joined by arrows.
    pub fn route(&self) -> String {
        self.stages.join(" → ")
    }
}

impl ProcedureGraph {
    /// The elementary cycles among `nodes` (at most [`CYCLE_CAP`], within a work budget),
    /// shortest first, each found once from its first stage in rule-set order; and whether
    /// there may be more.
    pub(super) fn elementary_cycles(&self, nodes: &[NodeIndex]) -> (Vec<Vec<NodeIndex>>, bool) {
        let graph = self.inner();
        let mut found: Vec<Vec<NodeIndex>> = Vec::new();
        let mut truncated = false;
        let budget = Cell::new(SEARCH_BUDGET);
        'first: for (position, &first) in nodes.iter().enumerate() {
            if self.has_self_loop(first) {
                found.push(vec![first]);
            }
            let allowed: BTreeSet<NodeIndex> = nodes[position..].iter().copied().collect();
            let mut routes: DiGraph<(), ()> = DiGraph::with_capacity(graph.node_count(), 0);
            for _ in graph.node_indices() {
                routes.add_node(());
            }
            let mut seen = BTreeSet::new();
            let mut last_before_first = BTreeSet::new();
            for e in graph.edge_references() {
                let (from, to) = (e.source(), e.target());
                if from == to || !allowed.contains(&from) || !allowed.contains(&to) {
                    continue;
                }
                if to == first {
                    last_before_first.insert(from);
                } else if seen.insert((from, to)) {
                    routes.add_edge(from, to, ());
                }
            }
            for &last in &last_before_first {
                let view = Budgeted::new(&routes, &budget);
                let paths =
                    all_simple_paths::<Vec<NodeIndex>, _, RandomState>(view, first, last, 0, None);
                for path in paths {
                    if found.len() >= CYCLE_CAP {
                        truncated = true;
                        break 'first;
                    }
                    found.push(path);
                }
                if view.exhausted() {
                    truncated = true;
                    break 'first;
                }
            }
        }
        found.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        (found, truncated)
    }

    /// The cycle through `stages` (back to the first), with the caps that hold for it in
    /// the whole loop (`loop_caps`: parameters by capped transition) and on its own.
    pub(super) fn cycle(
        &self,
        stages: &[NodeIndex],
        loop_caps: &BTreeMap<EdgeIndex, BTreeSet<String>>,
    ) -> Cycle {
        let graph = self.inner();
        let mut closed: Vec<NodeIndex> = stages.to_vec();
        if let Some(&first) = stages.first() {
            closed.push(first);
        }
        let step_options: Vec<Vec<EdgeIndex>> = closed
            .windows(2)
            .map(|pair| {
                let mut options: Vec<EdgeIndex> = graph
                    .edges_connecting(pair[0], pair[1])
                    .map(|e| e.id())
                    .collect();
                options.sort();
                options
            })
            .collect();
        let own_caps = self.own_caps(stages, &step_options);
        let capping = |caps: &BTreeMap<EdgeIndex, BTreeSet<String>>| -> BTreeSet<String> {
            let mut names = BTreeSet::new();
            for options in &step_options {
                if !options.is_empty() && options.iter().all(|e| caps.contains_key(e)) {
                    for e in options {
                        names.extend(caps[e].iter().cloned());
                    }
                }
            }
            names
        };
        let capped_by = capping(loop_caps);
        let capped_on_its_own_by: Vec<String> = capping(&own_caps)
            .into_iter()
            .filter(|name| !capped_by.contains(name))
            .collect();
        let status = if !capped_by.is_empty() {
            CycleStatus::Capped
        } else if !capped_on_its_own_by.is_empty() {
            CycleStatus::CappedOnItsOwn
        } else {
            CycleStatus::Uncapped
        };
        let mut phrases: Vec<String> = Vec::new();
        for options in &step_options {
            let mut events: Vec<EventKind> = options.iter().map(|&e| graph[e].event).collect();
            events.sort();
            events.dedup();
            let phrase = events
                .iter()
                .map(|&kind| event_phrase(kind))
                .collect::<Vec<_>>()
                .join("/");
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        }
        Cycle {
            name: join_words(&phrases),
            stages: closed.iter().map(|&n| graph[n].id.clone()).collect(),
            steps: closed
                .windows(2)
                .map(|pair| {
                    self.step(
                        StageId(pair[0].index() as u16),
                        StageId(pair[1].index() as u16),
                    )
                })
                .collect(),
            status,
            capped_by: capped_by.into_iter().collect(),
            capped_on_its_own_by,
        }
    }

    /// The caps that hold for a cycle taken on its own: parameters by capped transition.
    fn own_caps(
        &self,
        stages: &[NodeIndex],
        step_options: &[Vec<EdgeIndex>],
    ) -> BTreeMap<EdgeIndex, BTreeSet<String>> {
        let scope = Scope::new(self, stages, step_options.concat());
        let mut caps: BTreeMap<EdgeIndex, BTreeSet<String>> = BTreeMap::new();
        for (cap, stopped) in self.time_caps(&scope) {
            if cap.holds {
                for e in stopped {
                    caps.entry(e).or_default().insert(cap.parameter.clone());
                }
            }
        }
        if self.filings(&scope.edges).is_empty() {
            for (parameter, guarded) in self.counter_guards(&scope) {
                for e in guarded {
                    if self.counts_remarks(e) {
                        caps.entry(e).or_default().insert(parameter.clone());
                    }
                }
            }
        }
        caps
    }
}

/// What an event does in a loop, in a word or two.
pub fn event_phrase(kind: EventKind) -> &'static str {
    match kind {
        EventKind::NotificationFiled => "new notification",
        EventKind::NotificationConfirmed => "confirmation",
        EventKind::NotificationReturned => "return of the notification",
        EventKind::CongressHeld => "congress",
        EventKind::CongressPrevented => "prevented congress",
        EventKind::ApplicationSubmitted => "resubmission",
        EventKind::RemarksIssued => "remarks",
        EventKind::DefectsCured => "cure",
        EventKind::ReviewSuspended => "suspension",
        EventKind::ReviewResumed => "resumption",
        EventKind::ApplicationRefused => "refusal",
        EventKind::AppealFiled => "appeal",
        EventKind::AppealRejected => "appeal rejected",
        EventKind::AppealGranted => "appeal granted",
        EventKind::AppealRemanded => "remand",
        EventKind::Registered => "registration",
        EventKind::DeemedRegistered => "deemed registration",
        EventKind::WindowLapsed => "lapse",
        EventKind::Withdrawn => "withdrawal",
        EventKind::BranchesRegistered => "branches registered",
        EventKind::RegistrationCancelled => "cancellation",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
