//! Event logs for process mining: `replay --format xes` and `event-log` validate against
//! the IEEE 1849-2016 XES schema (tests/xes/xes-ieee-1849-2016.xsd, with `xmllint`),
//! hold one trace per case and one event per recorded event with the standard
//! attributes, escape text from case files, and the CSV log has the same events with the
//! usual first columns; one XES log and one CSV log are snapshot-tested.
//!
//! Without `xmllint` the schema checks are skipped with a message on a developer's
//! machine and fail under CI (`.ci/run` installs Debian's `libxml2-utils`). Where PM4Py
//! is importable, a last test also reads both logs with it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use regsim::export::event_log::{
    CASE_ATTRIBUTES, EVENT_ATTRIBUTES, case_attributes, event_attributes,
};

fn schema() -> PathBuf {
    common::root().join("tests/xes/xes-ieee-1849-2016.xsd")
}

fn xmllint_available() -> bool {
    let available = Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is not on PATH under CI: install the libxml2-utils package"
        );
        eprintln!("skipped: xmllint is not on PATH (apt-get install libxml2-utils)");
    }
    available
}

fn work_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-log-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Validates an XES file against the standard's schema.
fn assert_valid(file: &Path) {
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(file)
        .output()
        .expect("xmllint runs");
    assert!(
        output.status.success(),
        "{} does not validate: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The value XPath `expression` selects in an XML file, as xmllint reads it.
fn xpath(file: &Path, expression: &str) -> String {
    let output = Command::new("xmllint")
        .arg("--xpath")
        .arg(expression)
        .arg(file)
        .output()
        .expect("xmllint runs");
    assert!(output.status.success(), "{expression}");
    // xmllint ends what it prints with a line break.
    let mut text = String::from_utf8(output.stdout).unwrap();
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a line ends with LF, not CRLF"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last line has no CRLF"
    );
    records
}

/// The number of events of every bundled case (`--all`) or of the real ones.
fn bundled_events(all: bool) -> (usize, usize) {
    let mut cases = 0;
    let mut events = 0;
    for (_, text) in regsim::app::bundled_cases::CASES {
        let case: serde_json::Value = serde_json::from_str(text).unwrap();
        if all || case["kind"] == "real" {
            cases += 1;
            events += case["events"].as_array().unwrap().len();
        }
    }
    (cases, events)
}

#[test]
fn the_xes_of_every_bundled_case_validates_against_the_standard_schema() {
    if !xmllint_available() {
        return;
    }
    let work = work_dir("each");
    for (name, text) in regsim::app::bundled_cases::CASES {
        let file = work.join(name.replace(".json", ".xes"));
        let path = common::root().join("scenarios").join(name);
        let run = common::regsim(&[
            "replay",
            path.to_str().unwrap(),
            "--format",
            "xes",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        assert_valid(&file);
        let case: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            xpath(
                &file,
                "string(/log/trace/string[@key='concept:name']/@value)"
            ),
            case["id"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            xpath(&file, "count(/log/trace/event)"),
            case["events"].as_array().unwrap().len().to_string(),
            "{name}"
        );
        // Every event has the four standard attributes.
        for key in ["concept:name", "lifecycle:transition", "org:resource"] {
            assert_eq!(
                xpath(
                    &file,
                    &format!("count(/log/trace/event[not(string[@key='{key}'])])")
                ),
                "0",
                "{name}: an event without {key}"
            );
        }
        assert_eq!(
            xpath(
                &file,
                "count(/log/trace/event[not(date[@key='time:timestamp'])])"
            ),
            "0",
            "{name}"
        );
        assert_eq!(
            xpath(
                &file,
                "string(/log/trace/event[1]/date[@key='time:timestamp']/@value)"
            ),
            format!(
                "{}T00:00:00.000+00:00",
                // A date known only to the month or year is logged at its first day.
                regsim::event_date::EventDate::parse(case["events"][0]["date"].as_str().unwrap())
                    .unwrap()
                    .earliest
            ),
            "{name}"
        );
    }
    let _ = std::fs::remove_dir_all(work);
}

#[test]
fn one_log_of_many_cases_in_xes_and_csv() {
    let work = work_dir("many");
    let xes = work.join("cases.xes");
    let run = common::regsim(&["event-log", "--all", "-o", xes.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (cases, events) = bundled_events(true);
    let text = std::fs::read_to_string(&xes).unwrap();
    assert_eq!(text.matches("<trace>").count(), cases);
    assert_eq!(text.matches("<event>").count(), events);
    // A directory of cases is one log too: the same cases, the same events.
    let from_dir = common::regsim(&["event-log", "scenarios", "--format", "xes"]);
    assert_eq!(from_dir.code, Some(0), "{}", from_dir.stderr);
    assert_eq!(from_dir.stdout.matches("<event>").count(), events);
    if xmllint_available() {
        assert_valid(&xes);
    }
    let csv = common::regsim(&["event-log", "--format", "csv"]);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let records = csv_records(&csv.stdout);
    let header = &records[0];
    assert_eq!(
        header[..4],
        ["case_id", "activity", "timestamp", "resource"]
    );
    assert_eq!(
        header.len(),
        4 + EVENT_ATTRIBUTES.len() + CASE_ATTRIBUTES.len()
    );
    let (real_cases, real_events) = bundled_events(false);
    assert_eq!(records.len() - 1, real_events);
    let mut ids: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), real_cases, "each case's rows together");
    for record in &records[1..] {
        assert_eq!(record.len(), header.len(), "{record:?}");
        assert!(record[2].ends_with("T00:00:00.000+00:00"), "{record:?}");
        assert!(
            ["applicant", "authority", "court", "clock"].contains(&record[3].as_str()),
            "{record:?}"
        );
    }
    let _ = std::fs::remove_dir_all(work);
}

#[test]
fn the_csv_columns_are_the_xes_attributes() {
    let catalog = regsim::app::catalog(&[]).unwrap();
    let (name, scenario, rules) =
        regsim::app::load_case(&common::root().join("scenarios/baytaq.json"), &catalog).unwrap();
    let replay = regsim::replay::replay(&name, &scenario, &rules, None).unwrap();
    let keys: Vec<&str> = event_attributes(&replay, &replay.steps[1])
        .iter()
        .map(|(key, _)| *key)
        .collect();
    assert_eq!(keys, EVENT_ATTRIBUTES);
    let keys: Vec<&str> = case_attributes(&replay)
        .iter()
        .map(|(key, _)| *key)
        .collect();
    assert_eq!(keys, CASE_ATTRIBUTES);
}

#[test]
fn text_from_case_files_is_escaped_in_the_logs() {
    let work = work_dir("escape");
    let source = std::fs::read_to_string(common::root().join("scenarios/baytaq.json")).unwrap();
    let mut case: serde_json::Value = serde_json::from_str(&source).unwrap();
    let hostile = "<script>alert('x')</script> & \"quoted\", then\na new line";
    case["title"] = hostile.into();
    case["events"][0]["note"] = "]]> <!-- & --> \t tab".into();
    let path = work.join("hostile.json");
    std::fs::write(&path, serde_json::to_string_pretty(&case).unwrap()).unwrap();
    let xes = work.join("hostile.xes");
    let run = common::regsim(&[
        "replay",
        path.to_str().unwrap(),
        "--format",
        "xes",
        "-o",
        xes.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(&xes).unwrap();
    assert!(!text.contains("<script"));
    if xmllint_available() {
        assert_valid(&xes);
        assert_eq!(
            xpath(&xes, "string(/log/trace/string[@key='title']/@value)"),
            hostile
        );
        assert_eq!(
            xpath(
                &xes,
                "string(/log/trace/event[1]/string[@key='note']/@value)"
            ),
            "]]> <!-- & --> \t tab"
        );
    }
    let csv = common::regsim(&["event-log", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let records = csv_records(&csv.stdout);
    let title = records[0].iter().position(|c| c == "case:title").unwrap();
    assert_eq!(records[1][title], hostile);
    let _ = std::fs::remove_dir_all(work);
}

#[test]
fn xes_is_for_the_record_not_a_counterfactual() {
    let run = common::regsim(&[
        "replay",
        "scenarios/baytaq.json",
        "--under",
        "kz-simplified",
        "--format",
        "xes",
    ]);
    assert_eq!(run.code, Some(2));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("does not take `--under`"),
        "{}",
        run.stderr
    );
    let run = common::regsim(&["event-log", "scenarios/rules/kz-2022.json"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("not a case"), "{}", run.stderr);
    let run = common::regsim(&["event-log", "--format", "html"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn event_log_snapshots() {
    let settings = common::snapshot_settings();
    settings.bind(|| {
        insta::assert_snapshot!(
            "event_log__xes__baytaq",
            common::regsim(&["replay", "scenarios/baytaq.json", "--format", "xes"]).stdout
        );
        insta::assert_snapshot!(
            "event_log__csv__baytaq__respublica",
            common::regsim(&[
                "event-log",
                "scenarios/baytaq.json",
                "scenarios/respublica.json",
                "--format",
                "csv"
            ])
            .stdout
        );
    });
}

/// PM4Py (not installed by CI: it is large) reads both logs, where it is importable.
#[test]
fn pm4py_reads_the_logs_where_it_is_installed() {
    let python = std::env::var("REGSIM_PYTHON").unwrap_or_else(|_| "python3".into());
    let importable = Command::new(&python)
        .args(["-c", "import pm4py"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !importable {
        eprintln!("skipped: PM4Py is not importable by {python} (pip install pm4py)");
        return;
    }
    let work = work_dir("pm4py");
    let (xes, csv) = (work.join("cases.xes"), work.join("cases.csv"));
    for (file, format) in [(&xes, "xes"), (&csv, "csv")] {
        let run = common::regsim(&[
            "event-log",
            "--all",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    let (cases, events) = bundled_events(true);
    let script = format!(
        "import pm4py, pandas\n\
         log = pm4py.read_xes({xes:?})\n\
         assert len(log) == {events}, len(log)\n\
         assert log['case:concept:name'].nunique() == {cases}\n\
         frame = pm4py.format_dataframe(pandas.read_csv({csv:?}), case_id='case_id', activity_key='activity', timestamp_key='timestamp')\n\
         assert len(frame) == {events}\n\
         assert len(pm4py.convert_to_event_log(frame)) == {cases}\n\
         print('ok')\n",
        xes = xes.display().to_string(),
        csv = csv.display().to_string(),
    );
    let output = Command::new(&python)
        .args(["-c", &script])
        .output()
        .expect("python runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).contains("ok"),
        "PM4Py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(work);
}
