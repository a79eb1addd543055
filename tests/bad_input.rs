//! Bad input of every kind gets a located, actionable message and the right exit code —
//! never a panic, never a hang, never a partial output file.

mod common;

use std::path::PathBuf;

use common::{Run, regsim, regsim_in};

fn assert_clean_failure(run: &Run, code: i32, file: &str) {
    assert_eq!(
        run.code,
        Some(code),
        "exit code for {file}\nstderr: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "{file} made regsim panic:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(file),
        "the message for {file} names the file:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
}

fn bad_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/bad"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_bad_case_fails_replay_with_exit_2_and_a_located_message() {
    for path in bad_files() {
        let relative = format!("tests/bad/{}", path.file_name().unwrap().to_string_lossy());
        let run = regsim(&["replay", &relative]);
        assert_clean_failure(&run, 2, &relative);
        assert!(
            run.stdout.is_empty(),
            "no partial output for {relative}: {}",
            run.stdout
        );
    }
}

#[test]
fn every_bad_file_fails_validation_with_exit_1() {
    for path in bad_files() {
        let relative = format!("tests/bad/{}", path.file_name().unwrap().to_string_lossy());
        let run = regsim(&["validate", &relative]);
        assert_clean_failure(&run, 1, &relative);
    }
}

#[test]
fn messages_name_the_place_and_the_fix() {
    let cases: &[(&str, &str)] = &[
        (
            "tests/bad/malformed.json",
            "malformed.json:4:27: error: expected `,` or `}`",
        ),
        (
            "tests/bad/impossible-date.json",
            "($.events[1].date): error: `2023-02-30` is not a day of the calendar",
        ),
        (
            "tests/bad/dates-out-of-order.json",
            "$.events[1].date: error: event 1 (2022-12-01) is dated before",
        ),
        (
            "tests/bad/impossible-transition.json",
            "$.events[2].event: error: event 2 (2023-02-03, registered) under rule set `kz-2022`: `registered` is not allowed at stage `confirmed`; allowed there: congress_prevented, congress_held, window_lapsed",
        ),
        (
            "tests/bad/unknown-event.json",
            "unknown variant `party_banned`, expected one of `notification_filed`",
        ),
        (
            "tests/bad/unknown-rules.json",
            "$.rules: error: unknown rule set `kz-1999`",
        ),
        (
            "tests/bad/negative-number.json",
            "($.events[0].filed.founders): error: invalid value: integer `-700`",
        ),
        (
            "tests/bad/rules-removes-absent.json",
            "$.changes.remove_transitions[0]: error: transition `deem_registration` is not in `kz-2022`",
        ),
    ];
    for (file, expected) in cases {
        let run = regsim(&["validate", file]);
        assert!(
            run.stderr.contains(expected),
            "{file}: expected `{expected}` in:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("fix:"),
            "{file}: no fix offered:\n{}",
            run.stderr
        );
    }
}

#[test]
fn validation_reports_every_problem_not_just_the_first() {
    let run = regsim(&[
        "validate",
        "tests/bad/rules-bad-values.json",
        "tests/bad/missing-source.json",
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("$.parameters.congress_window.value"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no_such_parameter"), "{}", run.stderr);
    assert!(run.stderr.contains("$.events[0].source"), "{}", run.stderr);
    assert!(run.stderr.contains("$.events[1].source"), "{}", run.stderr);
}

#[test]
fn an_extends_cycle_is_named() {
    let run = regsim(&[
        "validate",
        "tests/bad/rules-cycle-a.json",
        "tests/bad/rules-cycle-b.json",
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("`extends` forms a cycle: cycle-a → cycle-b → cycle-a"),
        "{}",
        run.stderr
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-bad-input-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn generated_hostile_files_fail_cleanly() {
    let dir = scratch("generated");
    let garbage: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.join("garbage.json"), garbage).unwrap();
    std::fs::write(dir.join("deep.json"), "[".repeat(200_000)).unwrap();
    std::fs::write(
        dir.join("deep-object.json"),
        format!("{{\"events\": {}", "[".repeat(5_000)),
    )
    .unwrap();
    let huge = std::fs::File::create(dir.join("huge.json")).unwrap();
    huge.set_len(40 * 1024 * 1024).unwrap();
    std::fs::create_dir(dir.join("a-directory.json")).unwrap();
    let mut long_case = String::from(
        r#"{"id":"long","title":"t","kind":"hypothetical","applicant":"a","entity":"party","rules":"kz-2022","events":["#,
    );
    for i in 0..100_001 {
        if i > 0 {
            long_case.push(',');
        }
        long_case.push_str(r#"{"date":"2023-01-01","event":"notification_filed"}"#);
    }
    long_case.push_str("]}");
    std::fs::write(dir.join("too-many-events.json"), long_case).unwrap();
    for (file, code) in [
        ("garbage.json", 2),
        ("deep.json", 2),
        ("deep-object.json", 2),
        ("huge.json", 2),
        ("a-directory.json", 2),
        ("missing.json", 2),
        ("too-many-events.json", 2),
    ] {
        let run = regsim_in(&dir, &["replay", file]);
        assert_clean_failure(&run, code, file);
    }
    let run = regsim_in(&dir, &["replay", "deep.json"]);
    assert!(run.stderr.contains("128 levels"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let dir = scratch("no-partial");
    let out = dir.join("out.json");
    let bad = common::root().join("tests/bad/impossible-transition.json");
    let run = regsim(&[
        "replay",
        bad.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(2));
    assert!(!out.exists());
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "no temporary file left behind"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_usage_exits_2() {
    let run = regsim(&["replay"]);
    assert_eq!(run.code, Some(2));
    let run = regsim(&[
        "replay",
        "scenarios/respublica.json",
        "--as-of",
        "2023-02-30",
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("not a day of the calendar"),
        "{}",
        run.stderr
    );
    let run = regsim(&[
        "replay",
        "scenarios/respublica.json",
        "--as-of",
        "2000-01-01",
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("before the case's last event"),
        "{}",
        run.stderr
    );
    let run = regsim(&["rules", "show", "kz-1999"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("no rule set has the id `kz-1999`"),
        "{}",
        run.stderr
    );
}
