//! One move along a path: from one stage to the next, by one of the transitions that
//! make it, bounded by the worst of their time limits.

use serde::Serialize;

use crate::event::{Actor, EventKind};

use super::duration::StepBound;

/// One transition that may take a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepOption {
    /// The transition's id.
    pub transition: String,
    /// The event that takes it.
    pub event: EventKind,
    /// Who takes it.
    pub actor: Actor,
    /// The time-limit parameter that binds it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<String>,
    /// The longest it may take.
    pub bound: StepBound,
}

/// A move from one stage to the next along a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathStep {
    /// The stage left.
    pub from: String,
    /// The stage entered.
    pub to: String,
    /// The transitions that make this move, in rule-set order.
    pub options: Vec<StepOption>,
    /// The worst of their bounds.
    pub bound: StepBound,
}
