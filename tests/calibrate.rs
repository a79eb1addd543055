//! `regsim calibrate`: a profile fitted to the bundled real cases, every fitted number
//! traced to its counts or dates, every other number the base's; the leave-one-out test;
//! bad input refused with exit 2. The report with its validation is snapshot-tested.

mod common;

use common::{regsim, snapshot_settings};
use regsim::sim::profile::{DaysDistribution, Profile, ProfileFile, ProfileStatus};

fn fitted_profile(dir: &std::path::Path) -> ProfileFile {
    let path = dir.join("fitted.json");
    let run = regsim(&["calibrate", "-o", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_fitted_profile_validates_and_every_fitted_number_shows_its_counts() {
    let dir = tempfile_dir("fit");
    let file = fitted_profile(&dir);
    let checked = regsim(&["validate", dir.join("fitted.json").to_str().unwrap()]);
    assert_eq!(
        checked.code,
        Some(0),
        "{}{}",
        checked.stdout,
        checked.stderr
    );
    assert!(Profile::from_file("fitted", &file).is_ok());
    // 27 returns in 29 notification decisions: (27 + ½)/(29 + 1).
    let returns = &file.authority.notification_review.defect_probability;
    assert_eq!(returns.probability, 0.9167);
    assert_eq!(returns.status, ProfileStatus::Inferred);
    assert_eq!(returns.source, "regsim-calibrate");
    assert!(
        returns
            .note
            .contains("returns: 27 of 29 notification decisions")
    );
    assert!(returns.note.contains("alga-kazakhstan-2022 24/24"));
    assert!(
        returns
            .note
            .contains("26 of the 29 deciding events are marked assumed")
    );
    // Alga Kazakhstan's 12 appeals after 23 of its returns it acted on; YNTYMAQ's 2 without.
    assert_eq!(file.applicant.appeal.probability, 0.4808);
    // No court granted or remanded: the Jeffreys estimate keeps each above zero.
    assert_eq!(file.court.grant.probability, 0.0385);
    // The only sourced, day-precise delays: confirmation to congress, 7 and 9 days.
    let DaysDistribution::Empirical(points) = &file.applicant.hold_congress.days else {
        panic!("hold_congress is fitted as an empirical distribution");
    };
    let days: Vec<(u32, f64)> = points.iter().map(|p| (p.days, p.weight)).collect();
    assert_eq!(days, [(7, 0.5), (9, 0.5)]);
    assert!(points[0].note.as_deref().unwrap().contains("yntymaq-party"));
}

#[test]
fn every_number_no_case_informs_is_the_base_profiles_own() {
    let dir = tempfile_dir("kept");
    let file = fitted_profile(&dir);
    let base = Profile::bundled("opposition").unwrap().unwrap().file;
    // Assumed delays are never fitted: Alga Kazakhstan's placed dates stay assumptions.
    assert_eq!(
        file.applicant.refile_notification,
        base.applicant.refile_notification
    );
    assert_eq!(
        file.authority.notification_review.review_days,
        base.authority.notification_review.review_days
    );
    assert_eq!(file.applicant.cure, base.applicant.cure);
    assert_eq!(file.applicant.filing, base.applicant.filing);
    // Halyk Derbestigi's suspension, still open in November 2022, fits no distribution.
    let suspension = file
        .authority
        .application_review
        .suspension
        .as_ref()
        .unwrap();
    let base_suspension = base
        .authority
        .application_review
        .suspension
        .as_ref()
        .unwrap();
    assert_eq!(suspension.duration_days, base_suspension.duration_days);
    let report = regsim(&["calibrate"]);
    assert!(
        report
            .stdout
            .contains("only waits still open when their record ended (at least 185 days: halyk-derbestigi (2022-04 → still open 2022-11))"),
        "{}",
        report.stdout
    );
    assert!(
        report
            .stdout
            .contains("81 pair(s) of consecutive events with a date placed by assumption")
    );
    // Alga Kazakhstan's sourced first and 17th filings bound 16 return cycles.
    assert!(report.stdout.contains(
        "alga-kazakhstan-2022 2022-05-04 → 2023-07-27: 16 returns and 11 appeal(s) in 449 days, 28.1 days a return"
    ));
}

#[test]
fn leave_one_out_predicts_the_cases_the_simulator_can_start_and_says_why_not_the_others() {
    let run = regsim(&[
        "calibrate",
        "--validate",
        "--runs",
        "300",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let validation = &report["validation"];
    let checks = validation["checks"].as_array().unwrap();
    let cases: std::collections::BTreeSet<&str> =
        checks.iter().map(|c| c["case"].as_str().unwrap()).collect();
    assert_eq!(
        cases.into_iter().collect::<Vec<_>>(),
        ["alga-kazakhstan-2022", "respublica", "yntymaq-party"]
    );
    // Alga Kazakhstan's 24 returns in 712 days: recorded as the file gives them.
    let alga = checks
        .iter()
        .find(|c| c["case"] == "alga-kazakhstan-2022" && c["quantity"] == "returns and refusals")
        .unwrap();
    assert_eq!(
        (alga["recorded"].as_u64(), alga["span_days"].as_u64()),
        (Some(24), Some(712))
    );
    let skipped: Vec<&str> = validation["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["case"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        [
            "baytaq",
            "democratic-party",
            "halyk-derbestigi-2024",
            "halyk-derbestigi"
        ]
    );
    let inside = checks
        .iter()
        .filter(|c| c["fitted"]["inside"] == true)
        .count();
    assert_eq!(validation["fitted_inside"].as_u64(), Some(inside as u64));
    // The same seed gives the same bytes.
    let again = regsim(&[
        "calibrate",
        "--validate",
        "--runs",
        "300",
        "--format",
        "json",
    ]);
    assert_eq!(run.stdout, again.stdout);
}

#[test]
fn the_report_with_its_validation() {
    let run = regsim(&["calibrate", "--validate", "--runs", "500"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    snapshot_settings().bind(|| insta::assert_snapshot!("calibrate", run.stdout));
}

#[test]
fn hypothetical_mixed_or_clobbering_input_is_refused_with_exit_2() {
    let hypothetical = regsim(&[
        "calibrate",
        "alga-kazakhstan-2022",
        "hypothetical-cure-lapsed",
    ]);
    assert_eq!(hypothetical.code, Some(2));
    assert!(
        hypothetical
            .stderr
            .contains("hypothetical-cure-lapsed.json:$.kind")
    );
    let mixed = regsim(&["calibrate", "alga-kazakhstan-2022", "ult-yntymagy"]);
    assert_eq!(mixed.code, Some(2));
    assert!(
        mixed.stderr.contains("ult-yntymagy.json:$.entity"),
        "{}",
        mixed.stderr
    );
    let twice = regsim(&["calibrate", "baytaq", "baytaq"]);
    assert_eq!(twice.code, Some(2));
    assert!(twice.stderr.contains("give each case once"));
    let dir = tempfile_dir("clobber");
    let case = dir.join("case.json");
    std::fs::copy(common::root().join("scenarios/baytaq.json"), &case).unwrap();
    let before = std::fs::read(&case).unwrap();
    let path = case.to_str().unwrap();
    let clobber = regsim(&["calibrate", path, "-o", path]);
    assert_eq!(clobber.code, Some(2), "{}", clobber.stderr);
    assert_eq!(std::fs::read(&case).unwrap(), before);
    let runs = regsim(&["calibrate", "--validate", "--runs", "0"]);
    assert_eq!(runs.code, Some(2));
    assert!(runs.stderr.contains("--runs"));
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-calibrate-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
