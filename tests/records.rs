//! Recording what really happened: the case-file features for real, messy records
//! (every transition error listed at once, outcomes recorded with notes, several
//! sources per event, counts at decisions, court instances, suspensions, cases that
//! start mid-procedure, dates known only to the month or year, and the sensitivity of
//! findings to what is assumed).

mod common;

use common::regsim;
use std::path::PathBuf;

/// Writes a case file into a fresh temporary directory and returns its path.
fn case_file(name: &str, json: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-records-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, json).unwrap();
    path
}

const THREE_WRONG_EVENTS: &str = r#"{
  "id": "three-wrong",
  "title": "Three events the rules do not allow",
  "kind": "hypothetical",
  "applicant": "Test group",
  "entity": "party",
  "rules": "kz-2022",
  "events": [
    {"date": "2025-02-03", "event": "notification_filed"},
    {"date": "2025-02-10", "event": "registered"},
    {"date": "2025-02-24", "event": "notification_confirmed"},
    {"date": "2025-03-01", "event": "appeal_granted"},
    {"date": "2025-04-12", "event": "congress_held"},
    {"date": "2025-05-05", "event": "application_submitted"},
    {"date": "2025-05-10", "event": "notification_confirmed"},
    {"date": "2025-06-01", "event": "registered"}
  ]
}"#;

#[test]
fn validate_lists_every_transition_error_in_one_run() {
    let path = case_file("three-wrong", THREE_WRONG_EVENTS);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for index in [1, 3, 6] {
        assert!(
            run.stderr.contains(&format!("$.events[{index}].event")),
            "event {index} not reported:\n{}",
            run.stderr
        );
    }
    // Nothing else: the events after each wrong one replay from the stage it implies.
    assert_eq!(
        run.stderr.matches("is not allowed at stage").count(),
        3,
        "{}",
        run.stderr
    );
}

const COURTS_COUNTS_SOURCES: &str = r#"{
  "id": "courts-counts-sources",
  "title": "A refusal on the authority's own count, upheld at two court levels",
  "kind": "real",
  "applicant": "Test group",
  "entity": "party",
  "rules": "kz-2022",
  "sources": [
    {"id": "press-a", "title": "Report A"},
    {"id": "press-b", "title": "Report B"},
    {"id": "court-1", "title": "First-instance ruling"}
  ],
  "recorded_outcome": {
    "registered": false,
    "refusals": 3,
    "refusals_outside_file": 2,
    "attempts_outside_file": 2,
    "source": "press-a",
    "note": "Report A counts two earlier notifications returned in 2023, before this file begins."
  },
  "events": [
    {"date": "2025-02-03", "event": "notification_filed", "source": "press-a",
     "filed": {"founders": 750}},
    {"date": "2025-02-24", "event": "notification_confirmed", "source": "press-a"},
    {"date": "2025-04-12", "event": "congress_held", "source": "press-a"},
    {"date": "2025-05-05", "event": "application_submitted", "source": "press-a",
     "filed": {"members": 5200, "regions_covered": 20, "regions_total": 20, "min_members_per_region": 210}},
    {"date": "2025-05-30", "event": "application_refused", "source": "press-a",
     "sources": [{"source": "press-b", "locator": "para. 4"}],
     "defects": [{"code": "too_few_members"}],
     "accepted": {"members": 4800}, "disqualified": {"members": 400}},
    {"date": "2025-06-10", "event": "appeal_filed", "source": "press-a",
     "court": {"instance": "first_instance", "name": "Specialized inter-district administrative court"}},
    {"date": "2025-07-15", "event": "appeal_rejected", "source": "court-1",
     "court": {"instance": "first_instance"}},
    {"date": "2025-07-25", "event": "appeal_filed", "source": "press-b",
     "court": {"instance": "supreme", "name": "Supreme Court"}},
    {"date": "2025-10-01", "event": "appeal_rejected", "source": "press-b",
     "court": {"instance": "supreme", "name": "Supreme Court"}}
  ]
}"#;

#[test]
fn courts_decision_counts_several_sources_and_outside_refusals_are_recorded() {
    let path = case_file("courts", COURTS_COUNTS_SOURCES);
    let run = regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = &run.stdout;
    assert!(
        text.contains(
            "accepted 4,800 members; disqualified 400 members; sources: press-a, press-b (para. 4)"
        ),
        "{text}"
    );
    assert!(text.contains("court: Supreme Court (supreme)"), "{text}");
    assert!(
        text.contains("court decisions (first_instance)  1 rejected, 0 granted, 0 remanded"),
        "{text}"
    );
    assert!(
        text.contains("court decisions (supreme)         1 rejected, 0 granted, 0 remanded"),
        "{text}"
    );
    // 1 refusal in the file + 2 outside it = the 3 recorded.
    assert!(text.contains("recorded outcome: reproduced"), "{text}");
    assert!(
        text.contains("the sources count 2 filings and 2 refusals outside this file"),
        "{text}"
    );
    let json = regsim(&["replay", path.to_str().unwrap(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["steps"][4]["accepted"]["members"], 4800);
    assert_eq!(value["steps"][7]["court"]["instance"], "supreme");
    assert_eq!(
        value["outcome"]["court_decisions"][1]["instance"],
        "supreme"
    );
}

#[test]
fn the_authority_count_is_what_a_threshold_is_judged_on() {
    // Registered although the authority accepted fewer members than kz-2022's 5,000:
    // the threshold finding rests on the accepted count, not on the 5,200 filed.
    let json = COURTS_COUNTS_SOURCES
        .replace(
            r#""event": "application_refused", "source": "press-a",
     "sources": [{"source": "press-b", "locator": "para. 4"}],
     "defects": [{"code": "too_few_members"}],"#,
            r#""event": "registered", "source": "press-a","#,
        )
        .replace(r#""registered": false"#, r#""registered": true"#)
        .replace(r#""refusals": 3"#, r#""refusals": 2"#);
    let json = json
        .split(r#"    {"date": "2025-06-10""#)
        .next()
        .unwrap()
        .trim_end()
        .trim_end_matches(',')
        .to_string()
        + "\n  ]\n}";
    let path = case_file("accepted-threshold", &json);
    let run = regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("4800 members on record, fewer than the 5000 required"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unexplained_recorded_outcome_is_refused_and_an_explained_one_shown_first() {
    let unexplained = COURTS_COUNTS_SOURCES
        .replace(r#""refusals_outside_file": 2,"#, "")
        .replace(
            r#""note": "Report A counts two earlier notifications returned in 2023, before this file begins.""#,
            r#""source": "press-b""#,
        )
        .replace(r#""source": "press-a",
    "source": "press-b""#, r#""source": "press-a""#);
    let path = case_file("unexplained", &unexplained);
    let validate = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(validate.code, Some(1), "{}", validate.stderr);
    assert!(
        validate.stderr.contains("$.recorded_outcome"),
        "{}",
        validate.stderr
    );
    assert!(
        validate.stderr.contains("3 refusals recorded, 1 replayed"),
        "{}",
        validate.stderr
    );
    let replay = regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(replay.code, Some(2), "{}", replay.stderr);

    let explained = COURTS_COUNTS_SOURCES.replace(r#""refusals_outside_file": 2,"#, "");
    let path = case_file("explained", &explained);
    let replay = regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(replay.code, Some(0), "{}", replay.stderr);
    let head: Vec<&str> = replay.stdout.lines().take(5).collect();
    assert!(
        head.iter().any(|line| line
            .starts_with("RECORDED OUTCOME NOT REPRODUCED: 3 refusals recorded, 1 replayed")),
        "{}",
        replay.stdout
    );
    assert!(
        head.iter()
            .any(|line| line.contains("the case file explains: Report A counts")),
        "{}",
        replay.stdout
    );
}

#[test]
fn counts_at_a_decision_must_add_up_and_belong_to_a_decision() {
    let wrong = COURTS_COUNTS_SOURCES
        .replace(r#""disqualified": {"members": 400}"#, r#""disqualified": {"members": 300}"#)
        .replace(
            r#""event": "congress_held", "source": "press-a""#,
            r#""event": "congress_held", "source": "press-a", "accepted": {"members": 10}"#,
        )
        .replace(
            r#""event": "appeal_rejected", "source": "court-1""#,
            r#""event": "appeal_rejected", "source": "court-1", "sources": [{"source": "nowhere"}]"#,
        );
    let path = case_file("wrong-counts", &wrong);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for expected in [
        "$.events[4].accepted.members",
        "4800 members accepted and 300 disqualified do not add up to the 5200 filed",
        "$.events[2].accepted",
        "$.events[6].sources[0].source",
    ] {
        assert!(run.stderr.contains(expected), "{expected}:\n{}", run.stderr);
    }
}

#[test]
fn a_counterfactual_rejudges_a_threshold_refusal_on_the_authority_count() {
    let path = case_file("rejudge-accepted", COURTS_COUNTS_SOURCES);
    let run = regsim(&[
        "replay",
        path.to_str().unwrap(),
        "--under",
        "own+kz-reform-lower-thresholds",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("the authority's accepted 4,800 members meet"),
        "{}",
        run.stdout
    );
}
