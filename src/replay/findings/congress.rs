//! A founding congress that state organs prevented: no rule provides for it, and a
//! reader should see it.

use super::{EventContext, Finding, FindingKind, Severity};
use crate::event::EventKind;

/// An observation on every `congress_prevented` event.
pub fn congress_prevented(context: &EventContext, findings: &mut Vec<Finding>) {
    if context.event.kind != EventKind::CongressPrevented {
        return;
    }
    findings.push(context.finding(
        Severity::Observation,
        FindingKind::CongressPrevented,
        context.transition.id.clone(),
        "state organs prevented the founding congress; no rule of the procedure provides for this (the step exists only so that such a record can be replayed)".into(),
        context.citation.map(str::to_string),
    ));
}
