//! Sweeps and break-even points (a parameter varied on common random numbers, the table
//! and its CSV and JSON, the break-even value found by bisection, located errors), the
//! one-at-a-time sensitivity table, and the flags on results that hold by construction.

mod common;

use serde_json::Value;

const STUDY: &str = "neutral-current-vs-simplified";

fn sweep(extra: &[&str]) -> common::Run {
    let mut args = vec![
        "simulate",
        STUDY,
        "--runs",
        "1000",
        "--sweep",
        "registration_members_min=1000..40000:3000",
    ];
    args.extend_from_slice(extra);
    common::regsim(&args)
}

#[test]
fn a_threshold_sweep_prints_its_table_and_break_even_value() {
    let run = sweep(&["--target", "registered >= 50%"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut settings = common::snapshot_settings();
    settings.set_description("regsim simulate neutral-current-vs-simplified --runs 1000 --sweep registration_members_min=1000..40000:3000 --target 'registered >= 50%'");
    settings.bind(|| insta::assert_snapshot!("sweep", run.stdout));

    let json = sweep(&["--target", "registered >= 50%", "--format", "json"]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    let points = report["points"].as_array().unwrap();
    assert_eq!(points.len(), 14, "1,000 to 40,000 by 3,000");
    // Common random numbers: a higher threshold never registers more of the same groups.
    let shares: Vec<f64> = points
        .iter()
        .map(|p| {
            p["rule_sets"][0]["registered_share"]["estimate"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(shares.windows(2).all(|w| w[1] <= w[0]), "{shares:?}");
    let found = &report["break_even"];
    assert_eq!(found["monotone"], true);
    let value = found["value"].as_f64().unwrap();
    assert!(found["share_at_value"].as_f64().unwrap() >= 0.5);
    // The value itself meets the target and the next one misses it, on the same draws.
    let at = |members: f64| {
        let spec = format!("registration_members_min={members}..{members}");
        let run = common::regsim(&[
            "simulate", STUDY, "--runs", "1000", "--sweep", &spec, "--format", "json",
        ]);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        report["points"][0]["rule_sets"][0]["registered_share"]["estimate"]
            .as_f64()
            .unwrap()
    };
    assert!(at(value) >= 0.5 && at(value + 1.0) < 0.5, "{value}");

    let html = sweep(&["--target", "registered >= 50%", "--format", "html"]);
    assert_eq!(html.code, Some(0), "{}", html.stderr);
    assert!(html.stdout.starts_with("<!DOCTYPE html>"));
    assert!(html.stdout.contains("<svg") && html.stdout.contains("break-even"));

    let csv = sweep(&["--format", "csv"]);
    let records = common::csv_records(&csv.stdout);
    assert_eq!(records.len(), 1 + 14 * 2);
    assert_eq!(
        records[1][..4],
        ["registration_members_min", "1000", "kz-2022", "true"]
    );
}

#[test]
fn a_profile_number_can_be_swept_too() {
    let run = common::regsim(&[
        "simulate",
        STUDY,
        "--runs",
        "500",
        "--sweep",
        "applicant.give_up=0..0.5:0.25",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["kind"], "profile");
    assert_eq!(report["original"][0][1], 0.05);
    let shares: Vec<f64> = report["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["rule_sets"][0]["registered_share"]["estimate"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(
        shares[0] > shares[2],
        "giving up more often registers fewer: {shares:?}"
    );
}

#[test]
fn bad_sweeps_are_located_and_exit_2() {
    for (args, expected) in [
        (
            vec!["--sweep", "no_such_parameter=1..2"],
            "is neither a parameter of the study's rule sets nor a number of its profile",
        ),
        (
            vec!["--sweep", "registration_members_min=5..1"],
            "FROM at most TO",
        ),
        (vec!["--target", "registered >= 50%"], "--sweep"),
        (
            vec![
                "--sweep",
                "registration_members_min=1..2",
                "--target",
                "days < 3",
            ],
            "registered >= 50%",
        ),
        (
            vec![
                "--sweep",
                "registration_members_min=1..2",
                "--target",
                "registered >= 5%",
                "--target-rules",
                "kz-2002",
            ],
            "not one of the study's rule sets",
        ),
    ] {
        let mut command = vec!["simulate", STUDY, "--runs", "10"];
        command.extend(args.iter().copied());
        let run = common::regsim(&command);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn the_sensitivity_table_ranks_every_profile_number_by_its_swing() {
    let run = common::regsim(&[
        "simulate",
        "opposition-current-vs-simplified",
        "--sensitivity",
        "--sensitivity-runs",
        "300",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert!(rows.len() >= 25, "{}", rows.len());
    let swings: Vec<f64> = rows
        .iter()
        .map(|row| row["swing"].as_f64().unwrap().abs())
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    assert!(swings[0] > 0.0);
    for number in [
        "applicant.filing.members",
        "authority.notification_review.defect_probability",
    ] {
        assert!(rows.iter().any(|row| row["number"] == number), "{number}");
    }
    let text = common::regsim(&[
        "simulate",
        "opposition-current-vs-simplified",
        "--sensitivity",
        "--sensitivity-runs",
        "300",
    ]);
    assert!(
        text.stdout.contains("Sensitivity of the headline"),
        "{}",
        text.stdout
    );
    let html = common::regsim(&[
        "simulate",
        "opposition-current-vs-simplified",
        "--sensitivity",
        "--sensitivity-runs",
        "300",
        "--format",
        "html",
    ]);
    assert!(
        html.stdout.starts_with("<!DOCTYPE html>") && html.stdout.contains("id=\"tornado-desc\"")
    );
    let bad = common::regsim(&["simulate", STUDY, "--sensitivity", "--format", "csv"]);
    assert_eq!(bad.code, Some(2));
}

#[test]
fn results_that_hold_by_construction_are_flagged() {
    let deemed = common::regsim(&[
        "simulate",
        "opposition-deemed-registration",
        "--runs",
        "300",
    ]);
    assert!(
        deemed.stdout.contains("HOLDS BY CONSTRUCTION: kz-reform-deemed-registration: every run went exactly as under kz-2022"),
        "{}",
        deemed.stdout
    );
    let closed = common::regsim(&["simulate", "opposition-closed-grounds", "--runs", "300"]);
    assert!(
        closed
            .stdout
            .contains("HOLDS BY CONSTRUCTION: kz-reform-closed-grounds: none of the defects"),
        "{}",
        closed.stdout
    );
    assert!(closed.stdout.contains("The profile rests on: "));
    // A reform that changes outcomes is not flagged.
    let cure = common::regsim(&["simulate", "opposition-cure-period", "--runs", "300"]);
    assert!(
        !cure.stdout.contains("HOLDS BY CONSTRUCTION"),
        "{}",
        cure.stdout
    );
}
