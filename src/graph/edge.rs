//! A transition as an edge of the procedure graph.
//!
//! The edge says what happens (the event), who makes it happen (the actor), by when (the
//! time limit, with its longest span in days), under which conditions (the guards), and
//! on what authority (status and citation), so a diagram or a report never needs to look
//! the transition up again.

use std::fmt;

use serde::Serialize;

use crate::event::{Actor, EventKind};
use crate::rules::{Guard, TransitionId};
use crate::source::{Citation, Status};

use super::duration::{LimitSpec, StepBound};
use super::style::wrap;

/// A transition of the procedure, as an edge of [`super::ProcedureGraph`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TransitionEdge {
    /// Index of the transition in its rule set.
    #[serde(skip)]
    pub transition: TransitionId,
    /// The transition's id (e.g. `refuse_application`).
    pub id: String,
    /// The stage it leaves.
    pub from: String,
    /// The stage it enters.
    pub to: String,
    /// The event that takes it.
    pub event: EventKind,
    /// Who takes it.
    pub actor: Actor,
    /// Conditions that must hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guards: Vec<Guard>,
    /// The guards in words with the rule set's values ("members ≥ 5,000"), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// The time limit it must meet (for a clock event: whose expiry fires it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<LimitSpec>,
    /// The longest it may take by statute.
    pub bound: StepBound,
    /// How firmly it is established.
    pub status: Status,
    /// Where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// The citation as a reader looks it up: the source's title and the locator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited: Option<String>,
}

impl TransitionEdge {
    /// A short citation for diagrams: the source id and locator, then the status
    /// (`kz-law-2002 Art. 10(2) · law`), or the status alone with no citation.
    pub fn short_citation(&self) -> String {
        match &self.citation {
            Some(citation) => match &citation.locator {
                Some(locator) => format!("{} {locator} · {}", citation.source, self.status),
                None => format!("{} · {}", citation.source, self.status),
            },
            None => self.status.to_string(),
        }
    }

    /// The time limit in words, or what its absence means; a clock fires on the day after
    /// the limit's last day. A limit that is not law or official carries its status.
    pub fn limit_text(&self) -> String {
        let status = |limit: &LimitSpec| match limit.status {
            Status::Law | Status::Official => String::new(),
            status => format!(", {status}"),
        };
        match (&self.time_limit, self.bound) {
            (Some(limit), _) if self.actor == Actor::Clock => format!(
                "the day after {} ({}{})",
                limit.length(),
                limit.parameter,
                status(limit)
            ),
            (Some(limit), _) => format!(
                "within {} ({}{})",
                limit.length(),
                limit.parameter,
                status(limit)
            ),
            (None, StepBound::ApplicantOwnTime) => "own time".into(),
            (None, _) => "NO TIME LIMIT".into(),
        }
    }
}

impl TransitionEdge {
    /// The label diagrams draw on the edge, in short lines so the diagram stays narrow
    /// enough for a slide: the event and the actor; the time limit; each condition with
    /// its value ("if members ≥ 5,000", "and …"); the short citation; each wrapped at
    /// `width` characters.
    pub fn label_lines(&self, width: usize) -> Vec<String> {
        let mut lines = vec![format!("{} · {}", self.event, self.actor)];
        lines.extend(wrap(&self.limit_text(), width));
        for (index, condition) in self.conditions.iter().enumerate() {
            let joint = if index == 0 { "if" } else { "and" };
            lines.extend(wrap(&format!("{joint} {condition}"), width));
        }
        lines.extend(wrap(&self.short_citation(), width));
        lines
    }
}

impl fmt::Display for TransitionEdge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} by the {}, {}",
            self.id,
            self.event,
            self.actor,
            self.limit_text()
        )
    }
}
