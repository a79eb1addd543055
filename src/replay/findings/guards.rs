//! Guards a recorded event failed: a refusal with no stated ground, outside a closed
//! list, on rectifiable defects never notified; a threshold not met; a remark round past
//! its cap; a registration with notified defects uncured.

use crate::defect::DefectSet;
use crate::machine::State;
use crate::rules::{CompiledGuard, RuleSet};

use super::{EventContext, Finding, FindingKind, Severity};

/// Every guard of the transition the event took that the record did not meet.
pub fn failed_guards(context: &EventContext, findings: &mut Vec<Finding>) {
    let (rules, step) = (context.rules, context.step);
    for (guard_index, guard) in rules
        .compiled_transition(step.transition)
        .guards
        .iter()
        .enumerate()
    {
        if step.failed_guards & (1 << guard_index) == 0 {
            continue;
        }
        let (kind, message, policy_citation) =
            guard_failure(*guard, context.event, context.before, rules);
        let rule = format!(
            "{} / {}",
            context.transition.id, context.transition.guards[guard_index]
        );
        findings.push(context.finding(
            Severity::Departure,
            kind,
            rule,
            message,
            policy_citation.or_else(|| context.citation.map(str::to_string)),
        ));
    }
}

/// The defect codes of a set, by name.
pub(super) fn codes(defects: DefectSet) -> String {
    defects
        .codes()
        .map(|code| code.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn guard_failure(
    guard: CompiledGuard,
    event: &crate::scenario::Event,
    state: &State,
    rules: &RuleSet,
) -> (FindingKind, String, Option<String>) {
    let filed = state.filed.updated_by(event.filed);
    let policy_cite =
        |citation: &Option<crate::source::Citation>| citation.as_ref().map(|c| rules.cite(c));
    match guard {
        CompiledGuard::GroundStated => (
            FindingKind::RefusalWithoutGround,
            format!("`{}` states no specific ground", event.kind),
            None,
        ),
        CompiledGuard::HasListedGround => {
            let policy = &rules.policies.refusal_grounds;
            let listed: Vec<&str> = policy.listed.iter().map(|code| code.name()).collect();
            (
                FindingKind::RefusalOutsideClosedList,
                format!(
                    "`{}` rests on {} — none of them on the closed list ({})",
                    event.kind,
                    codes(event.defects),
                    listed.join(", ")
                ),
                policy_cite(&policy.citation),
            )
        }
        CompiledGuard::RectifiableDefectsNoticedFirst => {
            let policy = &rules.policies.rectifiable_defects;
            (
                FindingKind::RefusalWithoutPriorRemark,
                format!(
                    "`{}` rests only on rectifiable defects ({}) that were not first notified with a cure period and left uncured",
                    event.kind,
                    codes(event.defects)
                ),
                policy_cite(&policy.citation),
            )
        }
        CompiledGuard::FoundersAtLeast(minimum) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} founders on record, fewer than the {minimum} required",
                filed.founders.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::MembersAtLeast(minimum) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} members on record, fewer than the {minimum} required",
                filed.members.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::MembersPerRegionAtLeast(minimum) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} members in the smallest region, fewer than the {minimum} required",
                filed.min_members_per_region.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::RegionsShareAtLeast(share) => (
            FindingKind::ThresholdNotMet,
            format!(
                "{} of {} regions on record, less than the required share {share:.4}",
                filed.regions_covered.unwrap_or(0),
                filed.regions_total.unwrap_or(0)
            ),
            None,
        ),
        CompiledGuard::RemarkRoundsBelow(cap) => (
            FindingKind::TooManyRemarkRounds,
            format!(
                "remark round {} exceeds the cap of {cap}",
                state.remark_rounds_this_filing + 1
            ),
            None,
        ),
        CompiledGuard::NoUncuredDefects => (
            FindingKind::UncuredDefects,
            format!(
                "`{}` while notified defects are uncured ({})",
                event.kind,
                codes(DefectSet {
                    codes: state.pending_defects.codes | state.uncured_defects.codes,
                    rectifiable: 0
                })
            ),
            None,
        ),
    }
}
