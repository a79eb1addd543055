//! A refusal resting only on rectifiable defects, which rules without a cure period
//! permit: not a departure, but what a cure-period reform would change.

use super::guards::codes;
use super::{EventContext, Finding, FindingKind, Severity};

/// An observation on a refusal on rectifiable defects alone under rules that do not
/// require notice first.
pub fn refusal_on_rectifiable_defects(context: &EventContext, findings: &mut Vec<Finding>) {
    let (event, rules) = (context.event, context.rules);
    if !(event.kind.is_refusal() && event.defects.all_rectifiable() && !rules.notice_first()) {
        return;
    }
    let policy = &rules.policies.rectifiable_defects;
    findings.push(context.finding(
        Severity::Observation,
        FindingKind::RefusalOnRectifiableDefects,
        "policies.rectifiable_defects".into(),
        format!(
            "refused on rectifiable defects only ({}){}; these rules permit it (no cure period, {})",
            codes(event.defects),
            // Whether a defect could be cured is the record's word only where it says so.
            if context.record.defects.iter().any(|d| d.rectifiable.is_none()) {
                " — rectifiable by the defect code's default: no source says whether they could be cured"
            } else {
                ""
            },
            policy.status
        ),
        policy.citation.as_ref().map(|c| rules.cite(c)),
    ));
}
