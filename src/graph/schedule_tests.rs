//! Unit tests of the latest lawful timing of a walk ([`super::schedule`]) on small
//! hand-made rule sets: a limit counted once from the event that starts it, a move held
//! back so a later limit is kept, and a walk no timing makes lawful.

use super::analysis::PathsReport;
use super::procedure::ProcedureGraph;
use super::tests::{limit, rule_set, stage, transition};

/// preparing → held (congress) → under_review (submitted within the 30-day window from
/// the congress) → refused (within 20 days of submission) → appeal (filed within the same
/// window) → won (the court decides within 10 days).
fn appeal_within_the_window() -> PathsReport {
    let rules = rule_set(
        &[
            limit("window", 30, "calendar_days", &["congress_held"], false),
            limit(
                "review",
                20,
                "calendar_days",
                &["application_submitted"],
                false,
            ),
            limit("court", 10, "calendar_days", &["appeal_filed"], false),
        ],
        &[
            stage("preparing", "applicant", "pending"),
            stage("held", "applicant", "pending"),
            stage("under_review", "authority", "pending"),
            stage("refused", "applicant", "pending"),
            stage("appeal", "court", "pending"),
            stage("won", "applicant", "registered"),
        ],
        &[
            transition("congress", "preparing", "held", "congress_held", None, ""),
            transition(
                "submit",
                "held",
                "under_review",
                "application_submitted",
                Some("window"),
                "",
            ),
            transition(
                "refuse",
                "under_review",
                "refused",
                "application_refused",
                Some("review"),
                "",
            ),
            transition(
                "appeal",
                "refused",
                "appeal",
                "appeal_filed",
                Some("window"),
                "",
            ),
            transition("win", "appeal", "won", "appeal_granted", Some("court"), ""),
        ],
    );
    PathsReport::new(&ProcedureGraph::new(&rules))
}

#[test]
fn a_move_is_held_back_so_a_later_limit_can_be_kept() {
    let report = appeal_within_the_window();
    let path = &report.paths.paths[0];
    // Summing the limits would give 30 + 20 + 30 + 10 = 90 days. The appeal must be filed
    // within 30 days of the congress, so the refusal must come by day 30, though its own
    // limit (20 days from a submission on day 30) would allow day 50; the court then
    // decides by day 40.
    assert_eq!(path.worst_case.days, 40);
    assert!(path.worst_case.lawful);
    let days: Vec<(u32, bool)> = path
        .schedule
        .steps
        .iter()
        .map(|step| (step.day, step.held_back))
        .collect();
    assert_eq!(
        days,
        [
            (0, false),
            (30, false),
            (30, true),
            (30, false),
            (40, false)
        ]
    );
}

#[test]
fn a_walk_no_timing_makes_lawful_says_so() {
    // The notification starts a 10-day limit whose lapse ends the stay at `filed`, and a
    // 5-day limit to submit: the submission cannot follow the lapse in time.
    let rules = rule_set(
        &[
            limit("wait", 10, "calendar_days", &["notification_filed"], false),
            limit(
                "submit_by",
                5,
                "calendar_days",
                &["notification_filed"],
                false,
            ),
        ],
        &[
            stage("preparing", "applicant", "pending"),
            stage("filed", "applicant", "pending"),
            stage("lapsed", "applicant", "pending"),
            stage("under_review", "authority", "registered"),
        ],
        &[
            transition("file", "preparing", "filed", "notification_filed", None, ""),
            transition(
                "lapse",
                "filed",
                "lapsed",
                "window_lapsed",
                Some("wait"),
                "",
            ),
            transition(
                "submit",
                "lapsed",
                "under_review",
                "application_submitted",
                Some("submit_by"),
                "",
            ),
        ],
    );
    let report = PathsReport::new(&ProcedureGraph::new(&rules));
    let path = &report.paths.paths[0];
    assert!(!path.worst_case.lawful);
    assert!(
        path.worst_case.to_string().contains("no lawful timing"),
        "{}",
        path.worst_case
    );
}
