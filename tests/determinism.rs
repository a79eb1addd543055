//! The same inputs give the same bytes in separate processes, whatever the thread count,
//! the working directory or the hash seeds of the process (each run of the binary gets
//! fresh random hash keys, so an iteration over a hash map would show here), and `-o FILE`
//! writes exactly what stdout shows.

mod common;

use common::{regsim, regsim_in};

/// Runs the same command three times as separate processes and returns the output once
/// all agree.
fn same_bytes_every_time(args: &[&str]) -> String {
    let first = regsim(args);
    assert_eq!(first.code, Some(0), "{args:?}: {}", first.stderr);
    for _ in 0..2 {
        let again = regsim(args);
        assert_eq!(
            again.stdout, first.stdout,
            "{args:?} changed between processes"
        );
    }
    first.stdout
}

#[test]
fn machine_output_is_the_same_in_every_process() {
    for args in [
        &[
            "replay",
            "scenarios/alga-kazakhstan-2022.json",
            "--format",
            "json",
        ][..],
        &[
            "replay",
            "scenarios/yntymaq-party.json",
            "--under",
            "kz-simplified",
            "--format",
            "json",
        ],
        &["compare", "--all", "--format", "csv"],
        &["compare", "--all", "--format", "json", "--explain"],
        &["graph", "--rules", "kz-simplified", "--format", "json"],
        &["paths", "--rules", "kz-2022", "--format", "json"],
        &[
            "rules",
            "diff",
            "kz-2022",
            "kz-simplified",
            "--format",
            "json",
        ],
        &["rules", "show", "kz-pa", "--format", "json"],
    ] {
        same_bytes_every_time(args);
    }
}

#[test]
fn a_simulation_is_the_same_on_one_thread_and_two_in_separate_processes() {
    let study = "fast-path-current-vs-simplified";
    let one = same_bytes_every_time(&[
        "simulate",
        study,
        "--runs",
        "3000",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    let two = regsim(&[
        "simulate",
        study,
        "--runs",
        "3000",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(two.code, Some(0), "{}", two.stderr);
    assert_eq!(two.stdout, one, "the thread count changed the report");
}

#[test]
fn the_working_directory_and_the_output_file_change_nothing() {
    let from_root = same_bytes_every_time(&["replay", "scenarios/baytaq.json", "--format", "json"]);
    let from_scenarios = regsim_in(
        &common::root().join("scenarios"),
        &["replay", "baytaq.json", "--format", "json"],
    );
    assert_eq!(from_scenarios.code, Some(0), "{}", from_scenarios.stderr);
    // The case is named by the path given, so only that name may differ.
    assert_eq!(
        from_scenarios.stdout,
        from_root.replace("scenarios/baytaq.json", "baytaq.json")
    );
    let dir = std::env::temp_dir().join(format!("regsim-determinism-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.json");
    let written = regsim_in(
        &common::root(),
        &[
            "replay",
            "scenarios/baytaq.json",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(written.code, Some(0), "{}", written.stderr);
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), from_root);
    let _ = std::fs::remove_dir_all(&dir);
}
