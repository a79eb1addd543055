//! Every kind of finding replay can report is shown by at least one bundled case, so a
//! change that stops replay from reporting one fails here and in that case's snapshot.
//! The `hypothetical-finding-*` cases each exercise one kind, including an act on the
//! last day of its limit (in time) and one on the day after (late).

mod common;

use std::collections::BTreeSet;

use regsim::app::{catalog, load_case};
use regsim::replay::{FindingKind, Severity, replay};

/// Every kind, listed through a `match` so that a new kind fails to compile until it is
/// added here (and given a bundled case).
fn every_kind() -> Vec<FindingKind> {
    let all = [
        FindingKind::LateDecision,
        FindingKind::LateFiling,
        FindingKind::EarlyLapse,
        FindingKind::RefusalWithoutGround,
        FindingKind::RefusalOutsideClosedList,
        FindingKind::RefusalWithoutPriorRemark,
        FindingKind::ThresholdNotMet,
        FindingKind::TooManyRemarkRounds,
        FindingKind::UncuredDefects,
        FindingKind::RefusalOnRectifiableDefects,
        FindingKind::Overdue,
        FindingKind::OutsideInForce,
        FindingKind::CongressPrevented,
        FindingKind::UnboundedWait,
        FindingKind::UncertainDueDate,
        FindingKind::Suspension,
    ];
    for kind in all {
        match kind {
            FindingKind::LateDecision
            | FindingKind::LateFiling
            | FindingKind::EarlyLapse
            | FindingKind::RefusalWithoutGround
            | FindingKind::RefusalOutsideClosedList
            | FindingKind::RefusalWithoutPriorRemark
            | FindingKind::Suspension
            | FindingKind::ThresholdNotMet
            | FindingKind::TooManyRemarkRounds
            | FindingKind::UncuredDefects
            | FindingKind::RefusalOnRectifiableDefects
            | FindingKind::Overdue
            | FindingKind::OutsideInForce
            | FindingKind::CongressPrevented
            | FindingKind::UnboundedWait
            | FindingKind::UncertainDueDate => {}
        }
    }
    all.to_vec()
}

/// (case file, event index or None for the end, kind, severity) of each finding replayed.
fn findings_of(file: &str) -> Vec<(Option<usize>, FindingKind, Severity)> {
    let catalog = catalog(&[]).unwrap();
    let path = common::root().join("scenarios").join(file);
    let (name, scenario, rules) = load_case(&path, &catalog).unwrap_or_else(|e| panic!("{e}"));
    let replayed = replay(&name, &scenario, &rules, None).unwrap();
    replayed
        .findings
        .iter()
        .map(|finding| (finding.event, finding.kind, finding.severity))
        .collect()
}

#[test]
fn every_finding_kind_is_shown_by_a_bundled_case() {
    let mut shown = BTreeSet::new();
    for (file, _) in regsim::app::bundled_cases::CASES {
        for (_, kind, _) in findings_of(file) {
            shown.insert(format!("{kind:?}"));
        }
    }
    // No bundled rule set guards a transition with `no_uncured_defects`, so no bundled
    // case can show `UncuredDefects`; `uncured_defects_are_found_under_a_rule_set_that_asks`
    // shows it under a test rule set instead.
    let missing: Vec<String> = every_kind()
        .iter()
        .map(|kind| format!("{kind:?}"))
        .filter(|kind| !shown.contains(kind) && kind != "UncuredDefects")
        .collect();
    assert!(missing.is_empty(), "no bundled case shows {missing:?}");
}

/// A finding expected in a case: the event it is at (if any), its kind and severity.
type Expected = (Option<usize>, FindingKind, Severity);

#[test]
fn each_finding_case_reports_exactly_its_findings() {
    use FindingKind::*;
    use Severity::*;
    let expected: &[(&str, &[Expected])] = &[
        // Events 1 and 2 fall on the last day of their limits: no finding. Events 3 and 4
        // fall on the day after: late.
        (
            "hypothetical-finding-due-day-and-day-after.json",
            &[
                (Some(3), LateFiling, Departure),
                (Some(4), LateDecision, Departure),
            ],
        ),
        (
            "hypothetical-finding-early-lapse.json",
            &[(Some(2), EarlyLapse, Departure)],
        ),
        (
            "hypothetical-finding-refusal-without-ground.json",
            &[(Some(4), RefusalWithoutGround, Departure)],
        ),
        (
            "hypothetical-finding-refusal-outside-closed-list.json",
            &[
                (Some(4), RefusalOutsideClosedList, Departure),
                (Some(4), RefusalOnRectifiableDefects, Observation),
            ],
        ),
        (
            "hypothetical-finding-refusal-without-prior-remark.json",
            &[(Some(4), RefusalWithoutPriorRemark, Departure)],
        ),
        (
            "hypothetical-finding-threshold-not-met.json",
            &[(Some(4), ThresholdNotMet, Departure)],
        ),
        (
            "hypothetical-finding-too-many-remark-rounds.json",
            &[(Some(8), TooManyRemarkRounds, Departure)],
        ),
        (
            "hypothetical-finding-outside-in-force.json",
            &[(Some(4), OutsideInForce, Observation)],
        ),
        (
            "hypothetical-finding-overdue.json",
            &[
                (Some(4), RefusalOnRectifiableDefects, Observation),
                (None, Overdue, Observation),
            ],
        ),
        (
            "hypothetical-finding-uncertain-due-date.json",
            &[
                (Some(1), UncertainDueDate, Observation),
                (Some(1), RefusalOnRectifiableDefects, Observation),
            ],
        ),
        (
            "hypothetical-finding-unbounded-wait.json",
            &[
                (Some(4), RefusalOnRectifiableDefects, Observation),
                (None, UnboundedWait, Observation),
            ],
        ),
        // The lapse recorded on the first day it can be: no finding.
        ("hypothetical-lapsed-window.json", &[]),
    ];
    for (file, findings) in expected {
        assert_eq!(findings_of(file), findings.to_vec(), "{file}");
    }
}

#[test]
fn uncured_defects_are_found_under_a_rule_set_that_asks() {
    let dir = std::env::temp_dir().join(format!("regsim-findings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The cure-period reform, with registration barred while defects are uncured.
    let reform = serde_json::json!({
        "id": "test-no-uncured-defects",
        "title": "Test: no registration with notified defects uncured",
        "extends": "kz-reform-cure-period",
        "changes": {"replace_transitions": [{
            "id": "register_after_cure_lapsed", "from": "cure_lapsed", "to": "registered",
            "event": "registered", "guards": [{"guard": "no_uncured_defects"}],
            "deadline": "review_period", "status": "assumed",
            "note": "A test rule: no registration while notified defects are uncured."
        }]}
    });
    let rules_file = dir.join("rules.json");
    std::fs::write(&rules_file, reform.to_string()).unwrap();
    let mut case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::root().join("scenarios/hypothetical-finding-too-many-remark-rounds.json"),
        )
        .unwrap(),
    )
    .unwrap();
    case["rules"] = "test-no-uncured-defects".into();
    // Remarks, the cure period lapses with nothing cured, and the Ministry registers.
    let events = case["events"].as_array_mut().unwrap();
    events.truncate(5);
    events.push(
        serde_json::json!({"date": "2025-05-31", "event": "window_lapsed", "limit": "cure_period"}),
    );
    events.push(serde_json::json!({"date": "2025-06-10", "event": "registered"}));
    case.as_object_mut().unwrap().remove("recorded_outcome");
    let case_file = dir.join("case.json");
    std::fs::write(&case_file, case.to_string()).unwrap();
    let catalog = catalog(&[rules_file]).unwrap();
    let (name, scenario, rules) = load_case(&case_file, &catalog).unwrap_or_else(|e| panic!("{e}"));
    let replayed = replay(&name, &scenario, &rules, None).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let found: Vec<(Option<usize>, FindingKind)> = replayed
        .findings
        .iter()
        .map(|finding| (finding.event, finding.kind))
        .collect();
    assert_eq!(found, [(Some(6), FindingKind::UncuredDefects)]);
}

#[test]
fn events_on_the_first_and_last_day_in_force_are_inside_the_period() {
    // kz-2002 is in force from 2002-07-15 to 2009-01-31 inclusive.
    let text = std::fs::read_to_string(
        common::root().join("scenarios/hypothetical-finding-outside-in-force.json"),
    )
    .unwrap();
    let outside = |first: &str, last: &str| -> usize {
        let json = text
            .replace("2008-09-01", first)
            .replace("2009-02-06", last)
            .replace(
                r#""registered_on": "2009-02-06""#,
                &format!(r#""registered_on": "{last}""#),
            );
        let scenario: regsim::scenario::Scenario =
            regsim::input::parse("t.json", json.as_bytes()).unwrap();
        let catalog = catalog(&[]).unwrap();
        let rules = catalog.resolve("kz-2002").unwrap();
        replay("t.json", &scenario, &rules, None)
            .unwrap()
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::OutsideInForce)
            .count()
    };
    // The last day in force is inside; the day after is not.
    assert_eq!(outside("2008-09-01", "2009-01-31"), 0);
    assert_eq!(outside("2008-09-01", "2009-02-01"), 1);
    // The first day in force is inside; the day before is not.
    assert_eq!(outside("2002-07-15", "2009-01-31"), 0);
    assert_eq!(outside("2002-07-14", "2009-01-31"), 1);
}
