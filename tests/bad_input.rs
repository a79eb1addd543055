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

#[test]
fn no_date_is_invented_for_a_record_without_events() {
    // A counterfactual that derives no event replays an empty record on `as_of`; 1970-01-01
    // (day 0) once stood in for the missing first event and made a case of 1969 fail.
    let text = br#"{"id": "before-1970", "title": "t", "kind": "hypothetical",
        "applicant": "a", "entity": "party", "rules": "kz-2002", "events": []}"#;
    let scenario: regsim::scenario::Scenario = regsim::input::parse("empty.json", text).unwrap();
    let rules = regsim::rules::Catalog::bundled()
        .resolve("kz-2002")
        .unwrap();
    let day = regsim::date::Date::parse("1969-12-31").unwrap();
    let replayed = regsim::replay::replay("empty.json", &scenario, &rules, Some(day)).unwrap();
    assert_eq!(replayed.as_of, day);
    let error = regsim::replay::replay("empty.json", &scenario, &rules, None).unwrap_err();
    assert_eq!(
        error.to_string().lines().next().unwrap(),
        "empty.json:$.events: error: the case has no events"
    );
}

#[test]
fn a_case_before_1970_replays_under_other_rules_without_an_internal_error() {
    let dir = scratch("before-1970");
    std::fs::write(
        dir.join("old.json"),
        r#"{"id": "old", "title": "A filing of 1969", "kind": "hypothetical", "applicant": "a",
            "entity": "party", "rules": "kz-2002",
            "events": [{"date": "1969-12-31", "event": "notification_filed"}]}"#,
    )
    .unwrap();
    for under in ["kz-pa", "kz-2022"] {
        let run = regsim_in(&dir, &["replay", "old.json", "--under", under]);
        assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains("1970-01-01"), "a date no input gave:\n{all}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extends_chains_resolve_to_the_documented_depth_and_no_file_is_blamed_for_a_key_it_lacks() {
    let dir = scratch("extends-chain");
    let depth = regsim::rules::MAX_EXTENDS_DEPTH + 1;
    let mut args: Vec<String> = Vec::new();
    for level in 1..=depth {
        let parent = if level == 1 {
            "kz-2022".to_string()
        } else {
            format!("r{}", level - 1)
        };
        let file = format!("r{level}.json");
        std::fs::write(
            dir.join(&file),
            format!(r#"{{"id": "r{level}", "title": "Reform {level}", "extends": "{parent}", "changes": {{}}}}"#),
        )
        .unwrap();
        args.extend(["--rules-file".to_string(), file]);
    }
    // The files of reforms 1 to `top`, then `extra`.
    let run_with = |top: usize, extra: &[&str]| {
        let mut all: Vec<&str> = args[..2 * top].iter().map(String::as_str).collect();
        all.extend_from_slice(extra);
        regsim_in(&dir, &all)
    };
    // 32 reforms were once reported as a cycle blamed on kz-2022, which has no `extends`.
    for top in [32, 33, depth - 1] {
        let id = format!("r{top}");
        let run = run_with(top, &["rules", "show", &id, "--format", "json"]);
        assert_eq!(run.code, Some(0), "{id}: {}", run.stderr);
    }
    let too_deep = format!("r{depth}");
    let run = run_with(depth, &["rules", "show", &too_deep]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(&format!(
            "{too_deep}.json:$.extends: error: the `extends` chain of `{too_deep}` stacks more than {} reforms",
            regsim::rules::MAX_EXTENDS_DEPTH
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("cycle"), "{}", run.stderr);
    assert!(!run.stderr.contains("kz-2022.json"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cycle_is_blamed_on_the_extends_that_closes_it() {
    let run = regsim(&[
        "validate",
        "tests/bad/rules-cycle-a.json",
        "tests/bad/rules-cycle-b.json",
    ]);
    for line in run.stderr.lines().filter(|line| line.contains("cycle")) {
        assert!(line.contains(".json:$.extends: error:"), "{line}");
    }
}

#[test]
fn an_unknown_id_on_the_command_line_has_no_json_path_and_a_suggestion() {
    let run = regsim(&["rules", "show", "kz-simplifed"]);
    assert_eq!(run.code, Some(2));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "<command line>: error: no rule set has the id `kz-simplifed`"
    );
    assert!(
        lines[1].starts_with("  fix: did you mean `kz-simplified`? Known: kz-2002, "),
        "{}",
        run.stderr
    );
    let run = regsim(&["replay", "scenarios/respublica.json", "--under", "kz-2O22"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("did you mean `kz-2022`?") && !run.stderr.contains(":$"),
        "{}",
        run.stderr
    );
}

/// A reform of `kz-pa` (whose review period is in working days) with these holidays.
fn holiday_reform(dir: &std::path::Path, id: &str, holidays: &[regsim::date::Date]) {
    let list: Vec<String> = holidays.iter().map(|day| format!("\"{day}\"")).collect();
    std::fs::write(
        dir.join(format!("{id}.json")),
        format!(
            r#"{{"id": "{id}", "title": "Holidays", "extends": "kz-pa", "changes": {{}}, "holidays": [{}]}}"#,
            list.join(", ")
        ),
    )
    .unwrap();
}

#[test]
fn long_holiday_lists_take_linear_time_and_absurd_ones_are_refused_where_they_are() {
    use regsim::date::Date;
    let dir = scratch("holidays");
    // 40,000 consecutive days off: once 8 s in a release build of `paths`, now refused.
    let first = Date::parse("1950-01-01").unwrap();
    let flood: Vec<Date> = (0..40_000).map(|offset| first.add_days(offset)).collect();
    holiday_reform(&dir, "flood", &flood);
    // 120 weekdays off in each of 201 years (24,120 holidays): allowed, and fast.
    let mut dense = Vec::new();
    for year in 1950..=2150 {
        let mut day = Date::from_ymd(year, 1, 1).unwrap();
        let mut taken = 0;
        while taken < 120 {
            if !day.is_weekend() {
                dense.push(day);
                taken += 1;
            }
            day = day.add_days(1);
        }
    }
    holiday_reform(&dir, "dense", &dense);
    for args in [
        &["paths", "--rules", "ID"][..],
        &["graph", "--rules", "ID", "--format", "json"],
        &["rules", "diff", "kz-pa", "ID"],
    ] {
        for id in ["flood", "dense"] {
            let file = format!("{id}.json");
            let mut all = vec!["--rules-file", &file];
            all.extend(args.iter().map(|arg| if *arg == "ID" { id } else { arg }));
            let started = std::time::Instant::now();
            let run = regsim_in(&dir, &all);
            let took = started.elapsed();
            assert!(took.as_secs() < 15, "{all:?} took {took:?}");
            if id == "flood" {
                assert_eq!(run.code, Some(2), "{all:?}");
                assert!(
                    run.stderr.starts_with("flood.json:$.holidays[0]: error: 260 holidays fall on weekdays of 1950, more than half of its 260 weekdays (and so do "),
                    "{}",
                    run.stderr
                );
            } else {
                assert_eq!(run.code, Some(0), "{all:?}: {}", run.stderr);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_command_rejects_what_validate_rejects() {
    let dir = scratch("agree-with-validate");
    // Party events under the public-association regime: `compare` once showed n/a rows.
    std::fs::write(
        dir.join("pa-party.json"),
        r#"{"id": "pa-party", "title": "t", "kind": "hypothetical", "applicant": "a",
            "entity": "public_association", "rules": "kz-pa",
            "events": [{"date": "2023-01-10", "event": "notification_filed"},
                       {"date": "2023-01-20", "event": "congress_held"}]}"#,
    )
    .unwrap();
    // A study written as an array of its fields in order: `simulate` once ran it.
    let study: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::root().join("scenarios/studies/fast-path-current-vs-simplified.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let fields: Vec<&serde_json::Value> = study.as_object().unwrap().values().collect();
    std::fs::write(
        dir.join("array-study.json"),
        serde_json::to_string(&fields).unwrap(),
    )
    .unwrap();
    let bad_reform = common::root().join("tests/bad/rules-removes-absent.json");
    let bad_reform = bad_reform.to_str().unwrap();
    let pairs: &[(&[&str], &[&str])] = &[
        (
            &["validate", "pa-party.json"],
            &["compare", "pa-party.json"],
        ),
        (&["validate", "pa-party.json"], &["replay", "pa-party.json"]),
        (
            &["validate", "array-study.json"],
            &["simulate", "array-study.json", "--runs", "10"],
        ),
        (
            &["validate", bad_reform],
            &["--rules-file", bad_reform, "compare"],
        ),
        (
            &["validate", bad_reform],
            &["--rules-file", bad_reform, "rules", "list"],
        ),
    ];
    for (validate, command) in pairs {
        let checked = regsim_in(&dir, validate);
        assert_eq!(checked.code, Some(1), "{validate:?}: {}", checked.stderr);
        let run = regsim_in(&dir, command);
        assert_eq!(run.code, Some(2), "{command:?}: {}", run.stdout);
        let first_problem = checked.stderr.lines().next().unwrap();
        assert!(
            run.stderr.contains(first_problem),
            "{command:?} reports what validate reports ({first_problem}):\n{}",
            run.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_bad_file_is_reported_at_its_exact_place() {
    // The first problem `validate` reports for each file of the corpus: the file, the
    // place (line:column, JSON path, or both) and words of the message. A file added to
    // tests/bad/ must be added here.
    let expected: &[(&str, &str, &str)] = &[
        (
            "absurd-number.json",
            "13:32 ($.events[0].filed.founders)",
            "a whole number from 0 to 4,294,967,295",
        ),
        (
            "dates-out-of-order.json",
            "$.events[1].date",
            "is dated before the event before it",
        ),
        ("empty.json", "", "the file is empty"),
        (
            "impossible-date.json",
            "14:26 ($.events[1].date)",
            "is not a day of the calendar",
        ),
        (
            "impossible-transition.json",
            "$.events[2].event",
            "`registered` is not allowed at stage `confirmed`",
        ),
        ("malformed.json", "4:27", "expected `,` or `}`"),
        (
            "missing-source.json",
            "$.events[0].source",
            "cites no source",
        ),
        (
            "negative-number.json",
            "13:24 ($.events[0].filed.founders)",
            "integer `-700`",
        ),
        ("no-events.json", "$.events", "the case has no events"),
        (
            "not-an-object.json",
            "",
            "the file holds JSON but not an object",
        ),
        (
            "profile-bad-probability.json",
            "$.authority.notification_review.defect_probability.probability",
            "1.5 is not a probability",
        ),
        (
            "rules-bad-values.json",
            "$.parameters.congress_window.value",
            "-3 is not a valid value",
        ),
        (
            "rules-cycle-a.json",
            "$.extends",
            "extends `cycle-b`, which does not exist",
        ),
        (
            "rules-cycle-b.json",
            "$.extends",
            "extends `cycle-a`, which does not exist",
        ),
        (
            "rules-holiday-flood.json",
            "$.holidays[0]",
            "holidays fall on weekdays of 2023",
        ),
        (
            "rules-reform-bad-value.json",
            "$.changes.replace_parameters.review_period.value",
            "0 is not a valid value",
        ),
        (
            "rules-reform-removes-used-stage.json",
            "$.changes.remove_stages[0]",
            "stage `under_review` is removed",
        ),
        (
            "rules-removes-absent.json",
            "$.changes.remove_transitions[0]",
            "transition `deem_registration` is not in `kz-2022`",
        ),
        (
            "rules-unknown-parent.json",
            "$.extends",
            "extends `kz-1999`, which does not exist",
        ),
        (
            "rules-unreachable.json",
            "$.changes",
            "cannot be reached from the start stage",
        ),
        ("study-bad-runs.json", "$.runs", "0 runs is outside"),
        (
            "study-missing-profile.json",
            "$.profile",
            "the profile file",
        ),
        (
            "truncated.json",
            "5:1",
            "the file ends in the middle of a value",
        ),
        (
            "unknown-defect.json",
            "18:29 ($.events[1].defects[0].code)",
            "unknown variant `bad_vibes`",
        ),
        (
            "unknown-event.json",
            "19:29 ($.events[2].event)",
            "unknown variant `party_banned`",
        ),
        (
            "unknown-field.json",
            "12:11 ($.events[0].dat)",
            "unknown field `dat`",
        ),
        (
            "unknown-rules.json",
            "$.rules",
            "unknown rule set `kz-1999`",
        ),
        ("wrong-types.json", "8:46 ($.events)", "expected a list"),
    ];
    let listed: Vec<String> = bad_files()
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let named: Vec<String> = expected.iter().map(|(file, ..)| file.to_string()).collect();
    assert_eq!(
        listed, named,
        "every file in tests/bad/ has its expected place here"
    );
    for (file, place, words) in expected {
        let path = format!("tests/bad/{file}");
        let run = regsim(&["validate", &path]);
        let first = run.stderr.lines().next().unwrap_or_default();
        let prefix = if place.is_empty() {
            format!("{path}: error: ")
        } else {
            format!("{path}:{place}: error: ")
        };
        assert!(
            first.starts_with(&prefix),
            "{file}: expected `{prefix}…`, got\n{first}"
        );
        assert!(
            first.contains(words),
            "{file}: expected `{words}` in\n{first}"
        );
        assert!(!first.contains("$.."), "{first}");
        for internal in ["struct ", "sequence", " u32", " u64", " f64"] {
            assert!(
                !run.stderr.contains(internal),
                "{file}: `{internal}` in\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn a_reform_error_is_not_followed_by_knock_on_errors_at_paths_it_lacks() {
    let run = regsim(&["validate", "tests/bad/rules-reform-bad-value.json"]);
    assert_eq!(run.code, Some(1));
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one bad value, one error:\n{}", run.stderr);
    assert!(!run.stderr.contains("$.procedure"), "{}", run.stderr);
    assert!(!run.stderr.contains("$.parameters"), "{}", run.stderr);
}
