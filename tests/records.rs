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

/// A case from `scenarios/`, replayed with the sensitivity check, as JSON.
fn replay_json(case: &str) -> serde_json::Value {
    let run = regsim(&["replay", case, "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_record_that_begins_at_the_congress_invents_nothing() {
    // Given a record whose first dated fact is the congress, a suspension ended by a
    // refusal known only to the month, and two court levels,
    let value = replay_json("hypothetical-record-from-congress");
    let steps = value["steps"].as_array().unwrap();
    // then the replay begins at `confirmed` with the earlier stages established,
    assert_eq!(value["case"]["starts_at"]["stage"], "confirmed");
    assert_eq!(steps[0]["stage_before"], "confirmed");
    assert_eq!(steps.len(), 8, "no invented event");
    // the congress window (started by the undated confirmation) is unknown, not computed,
    assert!(steps[0].get("time_limit").is_none());
    assert!(
        steps[0]["time_limit_unknown"]
            .as_str()
            .unwrap()
            .starts_with("congress_window")
    );
    // the refusal comes straight from the suspension, dated as the record dates it,
    assert_eq!(steps[3]["stage_before"], "suspended");
    assert_eq!(steps[3]["date"], "2025-08");
    assert_eq!(steps[3]["day"], "2025-08-01");
    // the first filing is before the record (no day to count from),
    assert!(value["outcome"].get("first_filing").is_none());
    // the court decisions are counted by instance,
    let courts = value["outcome"]["court_decisions"].as_array().unwrap();
    assert_eq!(courts[0]["instance"], "first_instance");
    assert_eq!(courts[1]["instance"], "supreme");
    // and the suspension's length is a range that rests on the month-only refusal.
    let suspension = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "suspension")
        .expect("a suspension finding");
    assert!(
        suspension["message"]
            .as_str()
            .unwrap()
            .contains("suspended for 98 to 128 days"),
        "{suspension}"
    );
    assert_eq!(suspension["rests_on"][0]["event"], 3);
    assert_eq!(suspension["rests_on"][0]["basis"], "month");
}

#[test]
fn the_sensitivity_check_names_findings_that_flip_within_the_record_bounds() {
    // Respublica's early returns are assumed: placed at the far end of what the record
    // allows, the Ministry would have answered after its (assumed) one-month limit.
    let value = replay_json("tests/fixtures/respublica-assumed-returns.json");
    let sensitivity = &value["sensitivity"];
    assert_eq!(sensitivity["solid"], false);
    let moved = sensitivity["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|event| event["event"] == 1)
        .unwrap();
    assert_eq!(moved["basis"], "assumed");
    assert_eq!(moved["earliest"], "2022-09-01");
    assert_eq!(moved["latest"], "2022-10-06");
    assert_eq!(
        moved["at_latest"][0],
        "adds: [departure] late_decision at event 1"
    );
    // A case whose every event is confirmed and dated to the day moves nothing.
    let solid = replay_json("hypothetical-suspended-review");
    assert_eq!(solid["sensitivity"]["solid"], true);
    assert_eq!(solid["sensitivity"]["events"].as_array().unwrap().len(), 0);
}

#[test]
fn a_finding_that_holds_for_part_of_the_bounds_is_marked_uncertain() {
    // An assumed return placed 7 weeks after the filing is late against the (assumed)
    // one-month review of a notification; placed at the filing's day, it is not.
    let json = r#"{"id": "late-if", "title": "A return late only on its assumed day", "kind": "real",
      "applicant": "Test group", "entity": "party", "rules": "kz-2022",
      "sources": [{"id": "press", "title": "Report"}],
      "events": [
        {"date": "2025-01-10", "event": "notification_filed", "source": "press"},
        {"date": "2025-03-01", "event": "notification_returned", "confidence": "assumed",
         "note": "Placed by the author: the report gives no date.",
         "defects": [{"code": "not_recorded"}]},
        {"date": "2025-03-20", "event": "notification_filed", "source": "press"}
      ]}"#;
    let path = case_file("late-if", json);
    let value = replay_json(path.to_str().unwrap());
    let uncertain: Vec<&serde_json::Value> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["uncertain"] == true)
        .collect();
    assert!(!uncertain.is_empty());
    for finding in uncertain {
        assert!(
            finding["rests_on"]
                .as_array()
                .unwrap()
                .iter()
                .any(|rest| rest["decisive"] == true),
            "{finding}"
        );
    }
}

/// A valid case: filed 2025-02-03, the notification confirmed on `date` (as recorded),
/// then congress, application and registration.
fn confirmed_on(date: &str) -> String {
    THREE_WRONG_EVENTS
        .replace(r#"{"date": "2025-02-10", "event": "registered"},"#, "")
        .replace(r#"{"date": "2025-03-01", "event": "appeal_granted"},"#, "")
        .replace(
            r#"{"date": "2025-05-10", "event": "notification_confirmed"},"#,
            "",
        )
        .replace(
            r#"{"date": "2025-02-24", "event": "notification_confirmed"}"#,
            &format!(r#"{{"date": "{date}", "event": "notification_confirmed"}}"#),
        )
}

#[test]
fn month_and_year_dates_keep_the_record_order_and_say_when_they_cannot() {
    // A month-only event after a dated one in the same month is placed on that day.
    let json = confirmed_on("2025-02");
    let path = case_file("month-after-day", &json);
    let run = regsim(&["replay", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["steps"][1]["date"], "2025-02");
    assert_eq!(value["steps"][1]["day"], "2025-02-03");
    // A month wholly before the event before it is out of order, at its date.
    let json = json.replace(
        r#""date": "2025-02", "event""#,
        r#""date": "2025-01", "event""#,
    );
    let path = case_file("month-before-day", &json);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("$.events[1].date"), "{}", run.stderr);
    // A date that is none of a day, a month or a year says how to write one.
    let json = json.replace(
        r#""date": "2025-01", "event""#,
        r#""date": "2025-1", "event""#,
    );
    let path = case_file("bad-month", &json);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("$.events[1].date"), "{}", run.stderr);
    assert!(run.stderr.contains("YYYY-MM or YYYY"), "{}", run.stderr);
}

#[test]
fn a_period_date_is_placed_on_its_first_day_written_as_given_and_checked_at_both_ends() {
    // "Confirmed some day before 20 April": the period runs from the filing to the bound.
    let json = confirmed_on("2025-02-03/2025-04-20");
    let path = case_file("period", &json);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = regsim(&["replay", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["steps"][1]["date"], "2025-02-03/2025-04-20");
    assert_eq!(value["steps"][1]["day"], "2025-02-03");
    // Its last possible day is the congress's (12 April, the record's order): confirmed
    // then, the review would be late, and the sensitivity check says so.
    let text = regsim(&["replay", path.to_str().unwrap()]);
    assert!(
        text.stdout
            .contains("(period; may lie 2025-02-03 – 2025-04-12)"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("on 2025-04-12: removes: [observation] uncertain_due_date at event 1"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("adds: [departure] late_decision at event 1")
    );
    let sensitivity = &value["sensitivity"];
    assert!(
        sensitivity.to_string().contains("period"),
        "the period is named as what makes the date uncertain: {sensitivity}"
    );
    // A period written backwards is located and says how to write one.
    let backwards = json.replace("2025-02-03/2025-04-20", "2025-04-20/2025-02-03");
    let path = case_file("period-backwards", &backwards);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("$.events[1].date"), "{}", run.stderr);
    assert!(
        run.stderr.contains("ends on or before it begins"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_start_stage_the_rules_lack_is_located() {
    let json = THREE_WRONG_EVENTS.replace(
        r#""rules": "kz-2022","#,
        r#""rules": "kz-2022", "starts_at": {"stage": "congress", "note": "typo"},"#,
    );
    let path = case_file("bad-start", &json);
    let run = regsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("$.starts_at.stage"), "{}", run.stderr);
    assert!(run.stderr.contains("congress_held"), "{}", run.stderr);
}

#[test]
fn a_suspension_limit_bounds_the_wait_and_is_reported() {
    // Halyk Derbestigi's review has been suspended since April 2022: nothing bounds it
    // under the rules it ran under.
    let run = regsim(&["replay", "halyk-derbestigi"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("the review was suspended for 185 to 214 days (from 2022-04, still suspended as of 2022-11-01); no time limit of kz-2020 bounds a suspension"),
        "{}",
        run.stdout
    );
    // With the suspension-limit reform, the suspension has a due day.
    let json = std::fs::read_to_string(
        common::root().join("scenarios/hypothetical-suspended-review.json"),
    )
    .unwrap()
    .replace(
        r#""rules": "kz-2022""#,
        r#""rules": "kz-reform-suspension-limit""#,
    );
    let path = case_file("suspension-limit", &json);
    let run = regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("suspension_limit (longest suspension of the ministry's review, comparative) bounds it: it had to end by 2025-08-19"),
        "{}",
        run.stdout
    );
}

const SILENT_MINISTRY: &str = r#"{"id": "silent", "title": "A ministry that never answers", "kind": "hypothetical",
 "applicant": "Test group", "entity": "party", "rules": "kz-2022",
 "recorded_outcome": {"registered": false, "as_of": "2025-12-01",
   "note": "The sources last describe the case on 1 Dec 2025: still no answer."},
 "events": [{"date": "2025-02-03", "event": "notification_filed"},
   {"date": "2025-02-24", "event": "notification_confirmed"},
   {"date": "2025-04-12", "event": "congress_held"},
   {"date": "2025-05-05", "event": "application_submitted"}]}"#;

#[test]
fn a_silent_authority_is_deemed_to_register_after_the_record_ends() {
    // Given a record that ends with the application under review and the sources saying
    // later that nothing happened, when the deemed-registration reform applies, then its
    // clock runs out in the counterfactual, as of the day the sources describe.
    let path = case_file("silent", SILENT_MINISTRY);
    let run = regsim(&[
        "replay",
        path.to_str().unwrap(),
        "--under",
        "kz-reform-deemed-registration",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2025-06-06 deemed_registered → registered"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("as of:        2025-12-01"),
        "{}",
        run.stdout
    );
}

#[test]
fn compare_shows_a_row_the_other_rules_cannot_hold_as_not_applicable() {
    // A record that begins at the notification review cannot be replayed under a reform
    // without that stage: its row says why, and the other cases are still compared.
    let json = SILENT_MINISTRY
        .replace(r#""id": "silent""#, r#""id": "from-review""#)
        .replace(
            r#""rules": "kz-2022","#,
            r#""rules": "kz-2022", "starts_at": {"stage": "notification_review", "established": ["notification_filed"], "note": "filed on a day not given"},"#,
        )
        .replace(r#"{"date": "2025-02-03", "event": "notification_filed"},"#, "");
    let dir = case_file("from-review", &json)
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::write(dir.join("silent.json"), SILENT_MINISTRY).unwrap();
    let run = regsim(&["compare", dir.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("n/a: under `kz-2022+kz-simplified`: rule set `kz-2022+kz-simplified` has no stage `notification_review`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("silent"), "{}", run.stdout);
}

#[test]
fn the_sensitivity_check_of_a_very_long_record_stays_within_its_budget() {
    // 6,000 assumed events: checking each at both ends would replay 72 million events.
    let events: Vec<String> = (0..6_000)
        .map(|i| {
            let day = regsim::date::Date::parse("2003-01-01").unwrap().add_days(i);
            if i % 2 == 0 {
                format!(r#"{{"date": "{day}", "event": "notification_filed", "confidence": "assumed", "note": "x"}}"#)
            } else {
                format!(r#"{{"date": "{day}", "event": "notification_returned", "confidence": "assumed", "note": "x", "defects": [{{"code": "not_recorded"}}]}}"#)
            }
        })
        .collect();
    let json = format!(
        r#"{{"id": "long", "title": "t", "kind": "hypothetical", "applicant": "a", "entity": "party", "rules": "kz-2002", "events": [{}]}}"#,
        events.join(",")
    );
    let path = case_file("long", &json);
    let run = regsim(&["replay", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sensitivity = &value["sensitivity"];
    let checked = sensitivity["events"].as_array().unwrap().len() as u64;
    let unchecked = sensitivity["unchecked"].as_u64().unwrap();
    assert_eq!(checked + unchecked, 6_000);
    assert!(checked * 2 * 6_000 <= regsim::replay::sensitivity::MAX_EVENTS_REPLAYED as u64);
    assert_eq!(sensitivity["solid"], false, "not all were checked");
}

#[test]
fn a_rule_set_can_bound_each_court_instance_and_replay_checks_it() {
    // Given a reform that gives the Supreme Court two months (assumed, for the test),
    let dir = case_file("court-limit", COURTS_COUNTS_SOURCES)
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::write(
        dir.join("court-limits.json"),
        r#"{"id": "court-limits", "title": "Court limits", "extends": "kz-2022",
        "changes": {"add_parameters": {"supreme_court_period": {
          "label": "Time for the Supreme Court to decide an appeal", "value": 2, "unit": "months",
          "starts_on": ["appeal_filed"], "court_instance": "supreme",
          "status": "assumed", "note": "A test value, not a source's."}}}}"#,
    )
    .unwrap();
    let case = COURTS_COUNTS_SOURCES.replace(r#""rules": "kz-2022""#, r#""rules": "court-limits""#);
    std::fs::write(dir.join("courts.json"), case).unwrap();
    // when a case under it records a Supreme Court decision 68 days after the appeal,
    let run = regsim(&[
        "--rules-file",
        dir.join("court-limits.json").to_str().unwrap(),
        "replay",
        dir.join("courts.json").to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // then replay reports the late decision of that instance, and only of that one.
    assert!(
        run.stdout.contains("the supreme court decided 6 days after its time limit supreme_court_period (time for the supreme court to decide an appeal, ASSUMED) ended on 2025-09-25, counted from the appeal of 2025-07-25"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("court decided").count(),
        1,
        "{}",
        run.stdout
    );
    let shown = regsim(&[
        "--rules-file",
        dir.join("court-limits.json").to_str().unwrap(),
        "rules",
        "show",
        "court-limits",
    ]);
    assert!(
        shown
            .stdout
            .contains("bounds the decisions of the supreme court"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_challenged_suspension_rests_on_the_event_that_ended_it() {
    // Suspended, challenged in court, the challenge rejected, then resumed in a month
    // the sources give without its day: the suspension's length rests on the resumption.
    let json = r#"{"id": "challenged", "title": "A challenged suspension", "kind": "hypothetical",
      "applicant": "Test group", "entity": "party", "rules": "kz-2022",
      "starts_at": {"stage": "congress_held", "established": ["notification_filed", "notification_confirmed", "congress_held"], "note": "test"},
      "events": [
        {"date": "2025-04-10", "event": "application_submitted"},
        {"date": "2025-04-25", "event": "review_suspended"},
        {"date": "2025-05-05", "event": "appeal_filed", "court": {"instance": "first_instance"}},
        {"date": "2025-06-20", "event": "appeal_rejected", "court": {"instance": "first_instance"}},
        {"date": "2025-08", "event": "review_resumed"}
      ]}"#;
    let path = case_file("challenged", json);
    let value = replay_json(path.to_str().unwrap());
    let steps = value["steps"].as_array().unwrap();
    assert_eq!(steps[2]["stage_after"], "suspension_appeal");
    assert_eq!(steps[3]["stage_after"], "suspended");
    assert_eq!(steps[4]["stage_after"], "under_review");
    let suspension = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "suspension")
        .unwrap();
    assert_eq!(suspension["rests_on"][0]["event"], 4, "{suspension}");
    assert!(
        suspension["message"].as_str().unwrap().contains(
            "suspended for 98 to 128 days (from 2025-04-25 until `review_resumed` on 2025-08)"
        ),
        "{suspension}"
    );
}
