//! The parts of a replay: the case and rules it ran under, one step per event (stages,
//! transition, citation, the time limit it had to meet), and how many events rest on
//! inference or assumption.

use serde::Serialize;

use crate::date::Date;
use crate::defect::DefectCode;
use crate::event::{Actor, EventKind};
use crate::event_date::EventDate;
use crate::scenario::{CaseKind, Court, Filing, StartsAt};
use crate::source::{Citation, Confidence, Status};

/// Identity of the case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseHeader {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Real or hypothetical.
    pub kind: CaseKind,
    /// Who applied.
    pub applicant: String,
    /// Where the record begins, if later than the rule set's first stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<StartsAt>,
}

/// Identity of the rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RulesHeader {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Base regime and reforms applied, in order.
    pub lineage: Vec<String>,
}

/// How many events rest on inference or assumption.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UncertainEvents {
    /// Inferred events.
    pub inferred: usize,
    /// Assumed events.
    pub assumed: usize,
}

/// One defect as shown in a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DefectView {
    /// Code.
    pub code: DefectCode,
    /// Whether rectifiable.
    pub rectifiable: bool,
    /// The authority's words, if recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The time limit a step had to meet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitCheck {
    /// The time-limit parameter.
    pub parameter: String,
    /// Its label.
    pub label: String,
    /// Its status (law, official, assumed).
    pub status: Status,
    /// The day it started.
    pub started: Date,
    /// The last day in time.
    pub due: Date,
    /// Whether the step met it.
    pub kept: bool,
    /// Why the due date is uncertain, if it is: a working-day limit through a year the
    /// rule set's calendar does not cover, or covers only provisionally.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_uncertain: Option<String>,
}

/// One event of the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceStep {
    /// Position in the file's `events` (from 0).
    pub index: usize,
    /// The date as the record gives it (`2009-12-04`, or `2009-12`, `2009` where only the
    /// month or year is known).
    pub date: EventDate,
    /// The day the replay used for it (the date itself where the record gives the day).
    pub day: Date,
    /// Event.
    pub event: EventKind,
    /// Who caused it.
    pub actor: Actor,
    /// How firmly it is known.
    pub confidence: Confidence,
    /// Its source id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Further sources, each with its locator.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
    /// Its note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a decision: what the authority counted as valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Filing>,
    /// For a decision: the names it disqualified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disqualified: Option<Filing>,
    /// For an appeal or a court's decision: the court.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub court: Option<Court>,
    /// Whether it files documents again after an earlier filing.
    pub resubmission: bool,
    /// Stage before.
    pub stage_before: String,
    /// Stage after.
    pub stage_after: String,
    /// The transition taken.
    pub transition: String,
    /// The transition's status.
    pub transition_status: Status,
    /// The transition's citation, rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Defects stated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<DefectView>,
    /// The time limit it had to meet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<LimitCheck>,
    /// A time limit it had to meet that started before the record begins, on a day the
    /// record does not give (a case whose `starts_at` stage is late in the procedure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit_unknown: Option<String>,
}

impl TraceStep {
    /// Whether the record establishes the event firmly: confirmed, and dated to the day.
    pub fn is_firm(&self) -> bool {
        self.confidence == Confidence::Confirmed && self.date.is_exact()
    }

    /// What the event rests on where it is not firm: `assumed`, `inferred`, or the
    /// precision of its date (`dated only 2024-05`).
    pub fn basis(&self) -> String {
        match self.confidence {
            Confidence::Confirmed if self.date.is_exact() => "confirmed".to_string(),
            Confidence::Confirmed => format!("dated only {}", self.date),
            other => other.to_string(),
        }
    }
}
