//! Replay of records that begin part-way through the procedure, and the other branches of
//! `src/replay/mod.rs` that code mutations survived (issue 13): a time limit is unknown
//! only when the event that started it happened on a day the record does not give.

use regsim::replay::replay;
use regsim::rules::{Catalog, RuleSet};
use regsim::scenario::Scenario;

fn rules(id: &str) -> RuleSet {
    Catalog::bundled().resolve(id).unwrap()
}

/// A hypothetical party case under kz-2022 whose record begins at the notification
/// review, with `established` the earlier events it says happened (days not given).
fn from_review(established: &[&str]) -> Scenario {
    serde_json::from_value(serde_json::json!({
        "id": "from-review", "title": "from review", "kind": "hypothetical",
        "applicant": "test", "entity": "party", "rules": "kz-2022",
        "starts_at": {"stage": "notification_review", "established": established,
                      "note": "the filing's day is not given"},
        "events": [
            {"date": "2025-02-24", "event": "notification_confirmed"},
            {"date": "2025-03-20", "event": "congress_held"}
        ]
    }))
    .unwrap()
}

#[test]
fn a_limit_started_on_a_day_the_record_does_not_give_is_unknown() {
    let replayed = replay(
        "given.json",
        &from_review(&["notification_filed"]),
        &rules("kz-2022"),
        None,
    )
    .unwrap();
    let confirmation = &replayed.steps[0];
    assert!(confirmation.time_limit.is_none());
    let unknown = confirmation
        .time_limit_unknown
        .as_deref()
        .expect("the review period started before the record begins");
    assert!(
        unknown.contains("started before the record begins"),
        "{unknown}"
    );
}

#[test]
fn a_limit_whose_start_never_happened_is_not_called_unknown() {
    // Nothing says the notification was filed: no limit started, none is unknown.
    let replayed = replay("given.json", &from_review(&[]), &rules("kz-2022"), None).unwrap();
    for step in &replayed.steps {
        assert_eq!(step.time_limit_unknown, None, "{}", step.event);
    }
}

/// A hypothetical party case under kz-2022 with `events` as (date, event).
fn record(events: &[(&str, &str)]) -> Scenario {
    let events: Vec<serde_json::Value> = events
        .iter()
        .map(|(date, event)| serde_json::json!({"date": date, "event": event}))
        .collect();
    serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": "kz-2022", "events": events
    }))
    .unwrap()
}

/// Each problem as (its JSON path, its message).
fn problems(scenario: &Scenario) -> Vec<(String, String)> {
    regsim::replay::transition_problems("given.json", scenario, &rules("kz-2022"))
        .into_iter()
        .map(|p| {
            let path = match p.location {
                Some(regsim::diagnostic::Location::Path(path)) => path,
                other => panic!("not located at a path: {other:?}"),
            };
            (path, p.message)
        })
        .collect()
}

const VALID: [(&str, &str); 5] = [
    ("2025-01-13", "notification_filed"),
    ("2025-02-03", "notification_confirmed"),
    ("2025-03-15", "congress_held"),
    ("2025-04-14", "application_submitted"),
    ("2025-05-08", "registered"),
];

#[test]
fn a_valid_record_has_no_transition_problem() {
    assert_eq!(problems(&record(&VALID)), Vec::<(String, String)>::new());
    assert_eq!(problems(&record(&[])), Vec::<(String, String)>::new());
}

#[test]
fn an_event_recorded_in_error_is_one_problem_at_its_event() {
    // A registration in the middle of the notification review: passed over, the record
    // goes on as if it were not there.
    let mut events = VALID.to_vec();
    events.insert(1, ("2025-01-20", "registered"));
    let found = problems(&record(&events));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "$.events[1].event");
    assert!(
        found[0]
            .1
            .starts_with("event 1 (2025-01-20, registered) under rule set `kz-2022`"),
        "{}",
        found[0].1
    );
}

#[test]
fn an_event_after_missing_ones_is_one_problem_and_the_record_goes_on_from_it() {
    // The confirmation is missing: the congress is not allowed at the notification
    // review, but the record goes on from the stage the congress implies, so the
    // application after it raises nothing more.
    let events = [VALID[0], VALID[2], VALID[3], VALID[4]];
    let found = problems(&record(&events));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "$.events[1].event");
}

#[test]
fn two_wrong_events_are_two_problems_each_at_its_own_event() {
    let mut events = VALID.to_vec();
    events.insert(1, ("2025-01-20", "registered"));
    events.insert(3, ("2025-02-10", "registered"));
    let found: Vec<String> = problems(&record(&events))
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(found, ["$.events[1].event", "$.events[3].event"]);
}

#[test]
fn a_record_that_begins_with_a_wrong_event_goes_on_from_the_stage_it_implies() {
    // The filing is missing: the confirmation cannot be the first event, but the record
    // goes on from the stage it implies.
    let found = problems(&record(&VALID[1..]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "$.events[0].event");
    assert!(
        found[0]
            .1
            .starts_with("event 0 (2025-02-03, notification_confirmed)"),
        "{}",
        found[0].1
    );
}

#[test]
fn a_missing_application_before_remarks_is_one_problem_not_two() {
    // The bundled case of three remark rounds under the cure-period reform, without its
    // application: the first remarks are not allowed at the congress stage, and the record
    // goes on from the review they imply, where the cure after them applies.
    let mut scenario: Scenario = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios/hypothetical-finding-too-many-remark-rounds.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let removed = scenario.events.remove(3);
    assert_eq!(removed.event.to_string(), "application_submitted");
    let found = regsim::replay::transition_problems(
        "given.json",
        &scenario,
        &rules("kz-reform-cure-period"),
    );
    let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("event 3 (2025-04-30, remarks_issued)"),
        "{}",
        messages[0]
    );
}

#[test]
fn a_step_is_firm_only_when_confirmed_and_dated_to_the_day() {
    let scenario: Scenario = serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": "kz-2022", "events": [
            {"date": "2025-01-13", "event": "notification_filed"},
            {"date": "2025-02", "event": "notification_confirmed"},
            {"date": "2025-03-15", "event": "congress_held", "confidence": "assumed",
             "note": "placed by the sources' account"},
            {"date": "2025-04-14", "event": "application_submitted", "confidence": "inferred",
             "note": "implied by the registration"},
            {"date": "2025", "event": "registered", "confidence": "assumed", "note": "year only"}
        ]
    }))
    .unwrap();
    let replayed = replay("given.json", &scenario, &rules("kz-2022"), None).unwrap();
    let seen: Vec<(bool, String)> = replayed
        .steps
        .iter()
        .map(|step| (step.is_firm(), step.basis()))
        .collect();
    assert_eq!(
        seen,
        [
            (true, "confirmed".to_string()),
            (false, "dated only 2025-02".to_string()),
            (false, "assumed".to_string()),
            (false, "inferred".to_string()),
            (false, "assumed".to_string()),
        ]
    );
}

#[test]
fn court_decisions_are_counted_by_instance_with_the_unconfirmed_ones() {
    let decision = |date: &str, event: &str, court: Option<&str>, confidence: &str| {
        let mut value = serde_json::json!({"date": date, "event": event, "confidence": confidence});
        if confidence != "confirmed" {
            value["note"] = "placed by the sources' account".into();
        }
        if let Some(instance) = court {
            value["court"] = serde_json::json!({"instance": instance});
        }
        value
    };
    let scenario: Scenario = serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": "kz-2022", "events": [
            decision("2025-01-10", "appeal_rejected", Some("supreme"), "confirmed"),
            decision("2025-02-10", "appeal_remanded", Some("first_instance"), "assumed"),
            decision("2025-03-10", "appeal_remanded", Some("first_instance"), "confirmed"),
            decision("2025-04-10", "appeal_granted", Some("first_instance"), "inferred"),
            decision("2025-05-10", "appeal_rejected", None, "confirmed"),
            decision("2025-06-10", "appeal_granted", Some("appeal"), "confirmed"),
        ]
    }))
    .unwrap();
    let as_of = regsim::date::Date::parse("2025-05-31").unwrap();
    let rows = regsim::replay::outcome::court_decisions(&scenario, as_of);
    let seen: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.instance.as_str(),
                r.rejected,
                r.granted,
                r.remanded,
                r.unconfirmed,
            )
        })
        .collect();
    // First instance first, the unnamed court last; the decision after `as_of` left out.
    assert_eq!(
        seen,
        [
            ("first_instance", 0, 1, 2, 2),
            ("supreme", 1, 0, 0, 0),
            ("not_recorded", 1, 0, 0, 0),
        ]
    );
    // The count of unconfirmed decisions is shown only where there is one.
    let json = serde_json::to_value(&rows).unwrap();
    assert_eq!(json[0]["unconfirmed"], 2);
    assert!(json[1].get("unconfirmed").is_none(), "{json}");
    // Where no decision names its court, none is listed by instance.
    let mut unnamed = scenario.clone();
    for event in &mut unnamed.events {
        event.court = None;
    }
    assert!(regsim::replay::outcome::court_decisions(&unnamed, as_of).is_empty());
}

fn recorded(outcome: serde_json::Value) -> Vec<String> {
    let mut scenario = record(&VALID);
    scenario.recorded_outcome = Some(serde_json::from_value(outcome).unwrap());
    let replayed = replay("given.json", &scenario, &rules("kz-2022"), None).unwrap();
    let check = replayed.recorded_outcome.expect("a recorded outcome");
    assert_eq!(check.reproduced, check.differences.is_empty());
    check.differences
}

#[test]
fn a_recorded_refusal_count_is_checked_with_those_outside_the_file() {
    assert!(recorded(serde_json::json!({"registered": true, "refusals": 0})).is_empty());
    assert_eq!(
        recorded(serde_json::json!({"registered": true, "refusals": 2})),
        ["2 refusals recorded, 0 replayed"]
    );
    // Those the sources count outside the file are added to the replayed ones.
    assert!(
        recorded(
            serde_json::json!({"registered": true, "refusals": 1, "refusals_outside_file": 1})
        )
        .is_empty()
    );
    assert_eq!(
        recorded(
            serde_json::json!({"registered": true, "refusals": 3, "refusals_outside_file": 1})
        ),
        ["3 refusals (1 of them outside the file) recorded, 0 replayed"]
    );
    assert_eq!(
        recorded(serde_json::json!({"registered": false, "refusals_at_least": 1})),
        [
            "the sources record no registration; the replay ends registered",
            "at least 1 refusal recorded, 0 replayed"
        ]
    );
}

#[test]
fn a_running_limit_is_overdue_from_the_day_after_it_is_due() {
    let filed = record(&VALID[..1]);
    let kz = rules("kz-2022");
    let first = replay("given.json", &filed, &kz, None).unwrap();
    let limit = &first.outcome.running_limits[0];
    assert!(!limit.overdue);
    let due = limit.due;
    let on_the_day = replay("given.json", &filed, &kz, Some(due)).unwrap();
    assert_eq!(on_the_day.outcome.running_limits[0].due, due);
    assert!(!on_the_day.outcome.running_limits[0].overdue, "due {due}");
    let after = replay("given.json", &filed, &kz, Some(due.add_days(1))).unwrap();
    assert!(after.outcome.running_limits[0].overdue, "due {due}");
}

#[test]
fn the_sensitivity_check_checks_every_event_of_a_record_within_its_budget() {
    // 300 assumed events: moving each replays the record twice, 180,000 events in all,
    // well within the budget, so none is left unchecked.
    let events: Vec<serde_json::Value> = (0..300)
        .map(|i| {
            let day = regsim::date::Date::parse("2023-01-02")
                .unwrap()
                .add_days(i * 3);
            let event = if i % 2 == 0 {
                "notification_filed"
            } else {
                "notification_returned"
            };
            let mut value = serde_json::json!({"date": day.to_string(), "event": event,
                "confidence": "assumed", "note": "placed by the sources' account"});
            if i % 2 == 1 {
                value["defects"] = serde_json::json!([{"code": "not_recorded"}]);
            }
            value
        })
        .collect();
    let scenario: Scenario = serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": "kz-2022", "events": events
    }))
    .unwrap();
    let replayed =
        regsim::replay::replay_with_sensitivity("given.json", &scenario, &rules("kz-2022"), None)
            .unwrap();
    let sensitivity = replayed.sensitivity.expect("a sensitivity report");
    assert_eq!(sensitivity.unchecked, 0);
    assert_eq!(sensitivity.events.len(), 300);
}
