//! `regsim calibrate`: a profile fitted to the bundled real cases, every fitted number
//! traced to its counts or dates (and `assumed` where every event behind it is placed),
//! every other number the base's; sourced spans set against the profile; the
//! leave-one-out test; bad input refused with exit 2. The report with its validation is
//! snapshot-tested.

mod common;

use common::{regsim, regsim_in, snapshot_settings};
use regsim::sim::profile::{Profile, ProfileFile, ProfileStatus};

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
    let note = &returns.note;
    assert!(
        note.contains("returns: 27 of 29 notification decisions"),
        "{note}"
    );
    assert!(note.contains("alga-kazakhstan-2022 24/24"));
    assert!(note.contains("26 of the 29 deciding events are placed by assumption"));
    assert!(note.contains("outside their files, at a stage not found (baytaq 2, respublica 2)"));
    // Alga Kazakhstan's 12 appeals after 23 of its returns it acted on; YNTYMAQ's 2 without.
    assert_eq!(file.applicant.appeal.probability, 0.4808);
    assert_eq!(file.applicant.appeal.status, ProfileStatus::Inferred);
    // No court granted or remanded: the Jeffreys estimate keeps each above zero; every
    // court decision in the files is placed by assumption, so the number is assumed.
    assert_eq!(file.court.grant.probability, 0.0385);
    assert_eq!(file.court.grant.status, ProfileStatus::Assumed);
    // Grounds: one set, its note saying how many of its decisions are placed.
    let grounds = &file.authority.notification_review.defects;
    assert_eq!(grounds.len(), 1);
    assert!(
        grounds[0]
            .note
            .contains("24 of the 25 are placed by assumption")
    );
    // The fitted profile carries no note of the base's fit targets.
    assert!(file.notes.iter().all(|note| !note.contains("Fit targets")));
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
    // Two sourced delays from confirmation to congress (7 and 9 days) are too few for a
    // distribution: the base is kept, and flagged because it rarely gives them.
    assert_eq!(file.applicant.hold_congress, base.applicant.hold_congress);
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
    let report = regsim(&["calibrate"]).stdout;
    for expected in [
        "only waits still open when their record ended, which bound it from below but fit no distribution: halyk-derbestigi (2022-04 → still open 2022-11): at least 185 days, which the base gives a probability of 0.526",
        "81 pair(s) of consecutive events with a date placed by assumption",
        "CONTRADICTED BY THE RECORD: a delay lies where the base's distribution puts less than 2.5% (5% over the 2 delays) in its tail; 2 delay(s) observed to their end, fewer than the 5 a distribution is fitted to: respublica (2022-11-24 → 2022-12-03): 9 days, at percentile 0 of the base",
        // Alga Kazakhstan's sourced first and 17th filings bound 16 return cycles.
        "alga-kazakhstan-2022: notification_filed 2022-05-04 → notification_filed 2023-07-27: 449 days over 54 waits; the fitted profile's mean 1104.3 days",
        "baytaq: congress_held 2022-09-24 → registered 2022-11-28: 65 days over 2 waits",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in\n{report}"
        );
    }
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
        [
            "alga-kazakhstan-2022",
            "baytaq",
            "respublica",
            "yntymaq-party"
        ]
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
            "democratic-party",
            "halyk-derbestigi-2024",
            "halyk-derbestigi"
        ]
    );
    let inside = checks
        .iter()
        .filter(|c| c["fitted"]["inside"] == true)
        .count();
    let judged = checks
        .iter()
        .filter(|c| c["fitted"]["inside"].is_boolean())
        .count();
    assert_eq!(validation["fitted"]["inside"].as_u64(), Some(inside as u64));
    assert_eq!(validation["fitted"]["judged"].as_u64(), Some(judged as u64));
    // Baytaq's record begins at its confirmation: its runs start after the congress that
    // opens the record, and its 65 days count from there.
    let baytaq = checks
        .iter()
        .find(|c| c["case"] == "baytaq" && c["quantity"] == "days to registration")
        .unwrap();
    assert_eq!(
        (baytaq["recorded"].as_u64(), baytaq["span_days"].as_u64()),
        (Some(65), Some(65))
    );
    assert!(
        baytaq["fitted"]["high"].as_u64().unwrap() > 65,
        "the longer horizon"
    );
    // A yes-or-no figure carries the probability of the recorded answer, not an interval.
    let registered = checks
        .iter()
        .find(|c| c["case"] == "yntymaq-party" && c["quantity"] == "registered within the span")
        .unwrap();
    assert!(registered["fitted"]["inside"].is_null());
    assert!(
        registered["fitted"]["probability_of_recorded"]
            .as_f64()
            .unwrap()
            > 0.5
    );
    // Fitted numbers come with their counts as numbers.
    let fitted = report["fitted"].as_array().unwrap();
    let returns = fitted
        .iter()
        .find(|n| n["path"] == "authority.notification_review.defect_probability")
        .unwrap();
    assert_eq!(
        (returns["successes"].as_u64(), returns["trials"].as_u64()),
        (Some(27), Some(29))
    );
    assert_eq!(returns["estimate"].as_f64(), Some(0.9167));
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
    // A bundled case named by its id is still an input: its copy in a checkout's
    // scenarios/ is never replaced.
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    let copy = dir.join("scenarios/baytaq.json");
    std::fs::copy(common::root().join("scenarios/baytaq.json"), &copy).unwrap();
    let checkout = regsim_in(
        &dir,
        &["calibrate", "baytaq", "-o", "scenarios/baytaq.json"],
    );
    assert_eq!(checkout.code, Some(2), "{}", checkout.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    // The checkout the binary was built from, named from elsewhere: still an input.
    let built = common::root().join("scenarios/profiles/neutral.json");
    let original = std::fs::read(&built).unwrap();
    let from_elsewhere = regsim_in(&dir, &["calibrate", "-o", built.to_str().unwrap()]);
    if std::fs::read(&built).unwrap() != original {
        std::fs::write(&built, &original).unwrap();
        panic!("calibrate -o replaced a bundled profile's file");
    }
    assert_eq!(from_elsewhere.code, Some(2), "{}", from_elsewhere.stderr);
    // One file named two ways for the profile and the report.
    let both = regsim_in(
        &dir,
        &["calibrate", "-o", "./same.json", "--report", "same.json"],
    );
    assert_eq!(both.code, Some(2));
    assert!(both.stderr.contains("--report"), "{}", both.stderr);
    assert!(!dir.join("same.json").exists());
    let clash = regsim(&["calibrate", "--id", "opposition"]);
    assert_eq!(clash.code, Some(2));
    assert!(clash.stderr.contains("--id"));
    let runs = regsim(&["calibrate", "--validate", "--runs", "99"]);
    assert_eq!(runs.code, Some(2));
    assert!(runs.stderr.contains("--runs"));
    // Public associations: no bundled profile describes them, so a base must be named.
    let association = regsim(&["calibrate", "--entity", "public_association"]);
    assert_eq!(association.code, Some(2));
    assert!(association.stderr.contains("--base"));
    let named = regsim(&[
        "calibrate",
        "--entity",
        "public_association",
        "--base",
        "opposition",
    ]);
    assert_eq!(named.code, Some(0), "{}", named.stderr);
    let mismatch = regsim(&["calibrate", "--entity", "public_association", "baytaq"]);
    assert_eq!(mismatch.code, Some(2));
    assert!(mismatch.stderr.contains("baytaq.json:$.entity"));
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-calibrate-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
