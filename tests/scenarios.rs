//! Every bundled case replayed under its rule set, snapshot-tested, and checked against
//! the outcome its sources record.

mod common;

use std::path::Path;

use regsim::app::{catalog, load_case};
use regsim::replay::{replay, replay_with_sensitivity};
use regsim::report::replay_text;
use regsim::scenario::CaseKind;

fn replay_file(path: &Path) -> (regsim::scenario::Scenario, regsim::replay::Replay) {
    let catalog = catalog(&[]).expect("bundled rule sets load");
    let (name, scenario, rules) = load_case(path, &catalog).unwrap_or_else(|e| panic!("{e}"));
    let replay =
        replay_with_sensitivity(&name, &scenario, &rules, None).unwrap_or_else(|e| panic!("{e}"));
    (scenario, replay)
}

#[test]
fn every_case_replays_to_its_snapshot() {
    insta::glob!("../scenarios", "*.json", |path| {
        let (scenario, replay) = replay_file(path);
        let mut settings = common::snapshot_settings();
        settings.set_snapshot_suffix(path.file_stem().unwrap().to_string_lossy().into_owned());
        settings.set_description(scenario.summary.clone().unwrap_or(scenario.title.clone()));
        settings.set_input_file(path);
        settings.bind(|| {
            insta::assert_snapshot!("replay", replay_text::render(&replay));
        });
    });
}

#[test]
fn every_real_case_reproduces_its_recorded_outcome() {
    let mut checked = 0;
    for entry in std::fs::read_dir(common::root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let (scenario, replay) = replay_file(&path);
        if scenario.kind != CaseKind::Real {
            continue;
        }
        let check = replay
            .recorded_outcome
            .unwrap_or_else(|| panic!("{}: a real case must record its outcome", path.display()));
        assert!(
            check.reproduced,
            "{}: {:?}",
            path.display(),
            check.differences
        );
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} real cases found");
}

#[test]
fn replay_json_is_deterministic_and_parses() {
    let case = "scenarios/alga-kazakhstan-2022.json";
    let first = common::regsim(&["replay", case, "--format", "json"]);
    let second = common::regsim(&["replay", case, "--format", "json"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(first.stdout, second.stdout);
    let value: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    assert_eq!(value["outcome"]["refusals"], 24);
    assert_eq!(value["outcome"]["status"], "pending");
}

#[test]
fn respublica_is_registered_on_the_ministrys_date() {
    let (_, replay) = replay_file(&common::root().join("scenarios/respublica.json"));
    assert_eq!(
        replay
            .outcome
            .registered_on
            .map(|d| d.to_string())
            .as_deref(),
        Some("2023-01-18")
    );
}

#[test]
fn alga_kazakhstan_is_unregistered_after_24_refusals() {
    let (_, replay) = replay_file(&common::root().join("scenarios/alga-kazakhstan-2022.json"));
    assert_eq!(replay.outcome.refusals, 24);
    assert!(replay.outcome.registered_on.is_none());
}

#[test]
fn a_suspended_review_with_no_time_limit_is_reported_as_an_unbounded_wait() {
    let case: regsim::scenario::Scenario = serde_json::from_str(
        r#"{"id": "t", "title": "t", "kind": "hypothetical", "applicant": "t", "entity": "party", "rules": "kz-2022",
            "events": [
              {"date": "2023-01-10", "event": "notification_filed"},
              {"date": "2023-01-20", "event": "notification_confirmed"},
              {"date": "2023-02-01", "event": "congress_held"},
              {"date": "2023-02-10", "event": "application_submitted"},
              {"date": "2023-02-20", "event": "review_suspended"}]}"#,
    )
    .unwrap();
    let rules = regsim::rules::Catalog::bundled()
        .resolve("kz-2022")
        .unwrap();
    let as_of = regsim::date::Date::parse("2023-11-30").unwrap();
    let replay = replay("t.json", &case, &rules, Some(as_of)).unwrap();
    let finding = replay
        .findings
        .iter()
        .find(|f| f.kind == regsim::replay::FindingKind::UnboundedWait)
        .expect("an unbounded-wait finding");
    assert!(
        finding
            .message
            .contains("waited 283 days on the authority at stage `suspended`"),
        "{}",
        finding.message
    );
}
