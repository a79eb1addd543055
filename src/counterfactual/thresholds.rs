//! Numeric thresholds in a counterfactual: the conditions an outcome rests on when the
//! record lacks a number, and real threshold refusals judged again on the record's
//! numbers against the other rule set's thresholds.
//!
//! A guard such as `members_at_least` passes when the record does not give the number
//! (so a real case is never refused for a count nobody recorded). In a counterfactual
//! that is not a fact but a condition: "registered if it had at least 5,000 members".
//! Every such pass is listed, so no outcome silently rests on a number nobody recorded.

use serde::Serialize;

use crate::date::Date;
use crate::defect::{DefectCode, DefectSet};
use crate::event::EventKind;
use crate::number::thousands;
use crate::rules::{CompiledGuard, RuleSet, TransitionId};
use crate::scenario::Filing;

/// An outcome that holds only if an unrecorded number meets a threshold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// When the move that rests on it happened.
    pub date: Date,
    /// The move.
    pub event: EventKind,
    /// The parameter whose threshold the record cannot be checked against.
    pub parameter: String,
    /// The threshold.
    pub threshold: f64,
    /// In words: "the group had at least 5,000 members (registration_members_min; …)".
    pub text: String,
}

/// A real refusal's threshold defect judged again under the other rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rejudged {
    /// The real decision's date.
    pub date: Date,
    /// The defect code.
    pub defect: DefectCode,
    /// Whether the defect stands under the other rules.
    pub stands: bool,
    /// The numbers and the reason.
    pub reason: String,
}

/// The threshold guards of `transition` that pass only because `filed` lacks the number.
pub fn unrecorded(
    rules: &RuleSet,
    transition: TransitionId,
    filed: Filing,
    date: Date,
) -> Vec<Condition> {
    let compiled = rules.compiled_transition(transition);
    let written = &rules.transition(transition).guards;
    let mut conditions = Vec::new();
    for (guard, spec) in compiled.guards.iter().zip(written) {
        let (threshold, what, missing) = match *guard {
            CompiledGuard::FoundersAtLeast(n) => (n as f64, "founders", filed.founders.is_none()),
            CompiledGuard::MembersAtLeast(n) => (n as f64, "members", filed.members.is_none()),
            CompiledGuard::MembersPerRegionAtLeast(n) => (
                n as f64,
                "members in every region",
                filed.min_members_per_region.is_none(),
            ),
            CompiledGuard::RegionsShareAtLeast(share) => (
                share,
                "of the regions covered",
                filed.regions_covered.is_none() || filed.regions_total.is_none(),
            ),
            _ => continue,
        };
        if !missing {
            continue;
        }
        let parameter = spec.parameter().unwrap_or_default().to_string();
        let amount = if matches!(guard, CompiledGuard::RegionsShareAtLeast(_)) {
            format!("{:.0}%", threshold * 100.0)
        } else {
            thousands(threshold as u64)
        };
        conditions.push(Condition {
            date,
            event: compiled.event,
            text: format!(
                "the group had at least {amount} {what} ({parameter}; the record gives no number)"
            ),
            parameter,
            threshold,
        });
    }
    conditions
}

/// A count against its minimum: whether it meets it (none when the record lacks it), the
/// count and the minimum in words, and what is counted.
fn counted(
    number: Option<u32>,
    minimum: u32,
    what: &'static str,
) -> (Option<bool>, Option<String>, String, &'static str) {
    (
        number.map(|n| n >= minimum),
        number.map(|n| thousands(n as u64)),
        thousands(minimum as u64),
        what,
    )
}

/// The other rule set's threshold for a threshold defect, from the first guard that
/// checks it, with its parameter name. Too few regions means, for a notification, too
/// small a share of the regions among the founders (`regions_share_at_least`), and for an
/// application too few members in some region (`members_per_region_at_least`).
fn threshold_for(
    rules: &RuleSet,
    code: DefectCode,
    at_notification: bool,
) -> Option<(CompiledGuard, String)> {
    for id in rules.transition_ids() {
        let compiled = rules.compiled_transition(id);
        for (guard, spec) in compiled.guards.iter().zip(&rules.transition(id).guards) {
            let matches = match (code, guard) {
                (DefectCode::TooFewFounders, CompiledGuard::FoundersAtLeast(_))
                | (DefectCode::TooFewMembers, CompiledGuard::MembersAtLeast(_)) => true,
                (DefectCode::TooFewRegions, CompiledGuard::MembersPerRegionAtLeast(_)) => {
                    !at_notification
                }
                (DefectCode::TooFewRegions, CompiledGuard::RegionsShareAtLeast(_)) => {
                    at_notification
                }
                _ => false,
            };
            if matches {
                return Some((*guard, spec.parameter().unwrap_or_default().to_string()));
            }
        }
    }
    None
}

/// Judges a real refusal's threshold defects again against `rules` on the numbers the
/// record gives. A defect the other threshold would not produce is dropped; one whose
/// number the record lacks stands unless `drop_unknown` (the lawful model), and the
/// reason says which.
pub fn rejudge(
    defects: DefectSet,
    filed: Filing,
    counted_by_authority: bool,
    (factual, rules): (&RuleSet, &RuleSet),
    (date, at_notification): (Date, bool),
    drop_unknown: bool,
) -> (DefectSet, Vec<Rejudged>) {
    let mut kept = defects;
    let mut notes = Vec::new();
    for code in [
        DefectCode::TooFewFounders,
        DefectCode::TooFewMembers,
        DefectCode::TooFewRegions,
    ] {
        if defects.codes & code.bit() == 0 {
            continue;
        }
        // Where both rule sets set the same threshold, the real decision already judged it.
        let threshold = threshold_for(rules, code, at_notification);
        if threshold.as_ref().map(|(guard, _)| *guard)
            == threshold_for(factual, code, at_notification).map(|(guard, _)| guard)
        {
            continue;
        }
        let Some((guard, parameter)) = threshold else {
            kept.codes &= !code.bit();
            kept.rectifiable &= !code.bit();
            notes.push(Rejudged {
                date,
                defect: code,
                stands: false,
                reason: format!("{} sets no such threshold", rules.id),
            });
            continue;
        };
        // The filing's number and the other rules' minimum, each in words, and whether
        // the number meets it (none when the record lacks the number).
        let (meets, have, need, what) = match guard {
            CompiledGuard::FoundersAtLeast(n) => counted(filed.founders, n, "founders"),
            CompiledGuard::MembersAtLeast(n) => counted(filed.members, n, "members"),
            CompiledGuard::MembersPerRegionAtLeast(n) => counted(
                filed.min_members_per_region,
                n,
                "members in the least-represented region",
            ),
            CompiledGuard::RegionsShareAtLeast(share) => {
                let have = match (filed.regions_covered, filed.regions_total) {
                    (Some(covered), Some(total)) if total > 0 => Some((covered, total)),
                    _ => None,
                };
                (
                    have.map(|(covered, total)| covered as f64 / total as f64 + 1e-9 >= share),
                    have.map(|(covered, total)| format!("{covered} of {total}")),
                    format!("{:.0}%", share * 100.0),
                    "regions among the founders",
                )
            }
            _ => continue,
        };
        let whose = if counted_by_authority {
            "the authority's accepted"
        } else {
            "the filing's"
        };
        let (stands, reason) = match (meets, have) {
            (Some(true), Some(have)) => (
                false,
                format!(
                    "{whose} {have} {what} meet {}'s {need} ({parameter})",
                    rules.id
                ),
            ),
            (Some(false), Some(have)) => (
                true,
                format!(
                    "{whose} {have} {what} are below {}'s {need} ({parameter})",
                    rules.id
                ),
            ),
            _ if drop_unknown => (
                false,
                format!(
                    "the record gives no number of {what}; the lawful model does not presume it below {}'s {need} ({parameter})",
                    rules.id
                ),
            ),
            _ => (
                true,
                format!(
                    "the record gives no number of {what}, so the refusal is kept against {}'s {need} ({parameter})",
                    rules.id
                ),
            ),
        };
        if !stands {
            kept.codes &= !code.bit();
            kept.rectifiable &= !code.bit();
        }
        notes.push(Rejudged {
            date,
            defect: code,
            stands,
            reason,
        });
    }
    (kept, notes)
}
