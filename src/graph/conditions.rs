//! A transition's guards in words, with the rule set's values: "members ≥ 5,000",
//! "fewer than 2 remark rounds".
//!
//! Diagrams draw these on the edges, so a reader sees the thresholds a reform moves
//! without looking the parameters up. A value that is not established by a Kazakh source
//! (any status but `law` or `official`) carries its status, as every other figure does.

use crate::rules::{Guard, ParameterUnit, RuleSet};
use crate::source::Status;

/// The guard in words, with its parameter's value and, unless it is law or official, the
/// value's status; `None` for a guard the rule set's policies make always true (a listed
/// ground where the grounds are open, rectifiable defects notified first where the
/// authority may refuse on them at once), so no diagram reads as if the rules in force
/// already had a reform's safeguards.
pub fn condition_text(guard: &Guard, rules: &RuleSet) -> Option<String> {
    match guard {
        Guard::HasListedGround if !rules.grounds_closed() => return None,
        Guard::RectifiableDefectsNoticedFirst if !rules.notice_first() => return None,
        _ => {}
    }
    let parameter = guard.parameter().and_then(|id| rules.parameters.get(id));
    let value = parameter.map(|p| match p.unit {
        ParameterUnit::Share => percent(p.value),
        _ => crate::number::readable(p.value),
    });
    let value = value.as_deref().unwrap_or("?");
    let text = match guard {
        Guard::FoundersAtLeast { .. } => format!("founders ≥ {value}"),
        Guard::MembersAtLeast { .. } => format!("members ≥ {value}"),
        Guard::MembersPerRegionAtLeast { .. } => format!("≥ {value} members in each region"),
        Guard::RegionsShareAtLeast { .. } => format!("regions covered ≥ {value}"),
        Guard::GroundStated => "a ground stated".into(),
        Guard::HasListedGround => "a listed ground".into(),
        Guard::RectifiableDefectsNoticedFirst => "rectifiable defects notified first".into(),
        Guard::RemarkRoundsBelow { .. } => format!("fewer than {value} remark rounds"),
        Guard::NoUncuredDefects => "no uncured defects".into(),
    };
    Some(match parameter.map(|p| p.status) {
        Some(Status::Law | Status::Official) | None => text,
        Some(status) => format!("{text} ({status})"),
    })
}

/// A share as a percentage, to one decimal where it needs one (`66.7%`, `50%`).
fn percent(share: f64) -> String {
    let tenths = (share * 1000.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{}%", tenths as i64)
    } else {
        format!("{tenths:.1}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(crate::number::readable(5000.0), "5,000");
        assert_eq!(crate::number::readable(700.0), "700");
        assert_eq!(crate::number::readable(50_000.0), "50,000");
        assert_eq!(crate::number::readable(1_234_567.0), "1,234,567");
        assert_eq!(crate::number::readable(2.5), "2.5");
        assert_eq!(percent(2.0 / 3.0), "66.7%");
        assert_eq!(percent(0.5), "50%");
    }

    #[test]
    fn the_current_rules_show_their_thresholds() {
        let rules = crate::rules::Catalog::bundled()
            .resolve("kz-2022")
            .expect("kz-2022 resolves");
        let members = Guard::MembersAtLeast {
            parameter: "registration_members_min".into(),
        };
        assert_eq!(
            condition_text(&members, &rules).as_deref(),
            Some("members ≥ 5,000")
        );
        // kz-2022's grounds are open and rectifiable defects may ground a refusal at once:
        // those guards always hold there and are not drawn.
        assert_eq!(condition_text(&Guard::HasListedGround, &rules), None);
        assert_eq!(
            condition_text(&Guard::RectifiableDefectsNoticedFirst, &rules),
            None
        );
        let reformed = crate::rules::Catalog::bundled()
            .resolve("kz-simplified")
            .expect("kz-simplified resolves");
        assert_eq!(
            condition_text(&Guard::HasListedGround, &reformed).as_deref(),
            Some("a listed ground")
        );
    }
}
