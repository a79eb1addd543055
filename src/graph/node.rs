//! A stage as a node of the procedure graph.
//!
//! The node carries what a reader of a diagram needs without looking the stage up again:
//! its id and label, whose move it is there, what reaching it means, and whether it is
//! the start or a target (a stage where a path ends).

use std::fmt;

use serde::Serialize;

use crate::event::Actor;
use crate::rules::{StageId, StageOutcome};

/// A stage of the procedure, as a node of [`super::ProcedureGraph`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageNode {
    /// Index of the stage in its rule set.
    #[serde(skip)]
    pub stage: StageId,
    /// The stage's id (e.g. `under_review`).
    pub id: String,
    /// What the stage is, in a few words.
    pub label: String,
    /// Whose move it is while the application sits here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_on: Option<Actor>,
    /// What reaching it means.
    pub outcome: StageOutcome,
    /// Whether every application starts here.
    pub start: bool,
    /// Whether nothing leaves it.
    pub terminal: bool,
}

impl StageNode {
    /// Whether paths end here: the outcome is decided (registered or ended) or nothing
    /// leaves the stage.
    pub fn is_target(&self) -> bool {
        self.outcome != StageOutcome::Pending || self.terminal
    }

    /// What reaching the stage means, in a word.
    pub fn outcome_name(&self) -> &'static str {
        match self.outcome {
            StageOutcome::Pending => "pending",
            StageOutcome::Registered => "registered",
            StageOutcome::Ended => "ended",
        }
    }
}

impl fmt::Display for StageNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.label)
    }
}
