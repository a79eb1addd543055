//! Counterfactual replay and comparison: each reform's own effect, given / when / then;
//! the property that a case replayed under its own rules is its factual replay; and
//! snapshots of the comparisons and of every exporter over one fixture.

mod common;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use regsim::app::{catalog, load_cases};
use regsim::compare::{CaseInput, compare};
use regsim::counterfactual::{AuthorityModel, Counterfactual, Derivation, counterfactual};
use regsim::date::Date;
use regsim::defect::DefectCode;
use regsim::event::{Actor, EventKind};
use regsim::export::{OutputFormat as Format, exporter};
use regsim::machine::{self, State};
use regsim::rules::{Catalog, RuleSet};
use regsim::scenario::{Event, Scenario};

fn rules(id: &str) -> RuleSet {
    Catalog::bundled().resolve(id).unwrap()
}

/// A hypothetical case under `rules` with `events` written as (date, event, defects).
fn case(rules: &str, events: &[(&str, &str, &[&str])]) -> Scenario {
    let events: Vec<serde_json::Value> = events
        .iter()
        .map(|(date, event, defects)| {
            let defects: Vec<serde_json::Value> = defects
                .iter()
                .map(|code| serde_json::json!({"code": code}))
                .collect();
            serde_json::json!({"date": date, "event": event, "defects": defects})
        })
        .collect();
    serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": rules, "events": events
    }))
    .unwrap()
}

fn under(scenario: &Scenario, other: &str) -> Counterfactual {
    let own = rules(&scenario.rules);
    counterfactual(
        "given.json",
        scenario,
        &own,
        &rules(other),
        AuthorityModel::Replicate,
        None,
    )
    .unwrap()
}

fn derived_events(cf: &Counterfactual) -> Vec<(String, EventKind)> {
    cf.counterfactual
        .steps
        .iter()
        .map(|s| (s.date.to_string(), s.event))
        .collect()
}

#[test]
fn given_a_return_on_rectifiable_defects_when_a_cure_period_applies_then_remarks_and_a_cure_replace_it()
 {
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            (
                "2023-03-15",
                "notification_returned",
                &["member_list_nonconformity"],
            ),
            ("2023-04-01", "notification_filed", &[]),
            ("2023-04-10", "notification_confirmed", &[]),
        ],
    );
    let cf = under(&given, "kz-reform-cure-period");
    assert_eq!(
        derived_events(&cf),
        [
            ("2023-03-01".to_string(), EventKind::NotificationFiled),
            ("2023-03-15".to_string(), EventKind::RemarksIssued),
            ("2023-04-01".to_string(), EventKind::DefectsCured),
            ("2023-04-10".to_string(), EventKind::NotificationConfirmed),
        ]
    );
    assert!(
        matches!(&cf.rows[1].derivation, Derivation::Replaced { rule, .. } if rule.contains("rectifiable_defects"))
    );
    assert!(
        matches!(&cf.rows[2].derivation, Derivation::Translated { reason, .. } if reason.contains("applicant's correction"))
    );
    assert_eq!(cf.counterfactual.outcome.refusals, 0);
    assert_eq!(cf.delta.refusals_avoided, 1);
    assert!(
        cf.assumptions_used.is_empty(),
        "the real refiling date serves as the cure date"
    );
    let divergence = cf.divergence.unwrap();
    assert_eq!(divergence.factual_event, Some(1));
    assert!(divergence.citation.is_some());
}

#[test]
fn given_no_correction_in_the_record_when_a_cure_period_applies_then_the_cure_is_an_assumption() {
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            (
                "2023-03-15",
                "notification_returned",
                &["member_list_nonconformity"],
            ),
            ("2023-09-01", "withdrawn", &[]),
        ],
    );
    let cf = under(&given, "kz-reform-cure-period");
    assert_eq!(
        derived_events(&cf)[2],
        ("2023-03-29".to_string(), EventKind::DefectsCured)
    );
    assert!(
        cf.assumptions_used
            .iter()
            .any(|a| a.name == "cure_days" && a.origin == "default" && a.value == 14.0)
    );
}

#[test]
fn given_a_refiling_long_after_the_cure_period_when_a_cure_period_applies_then_the_cure_is_assumed()
{
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            (
                "2023-03-15",
                "notification_returned",
                &["member_list_nonconformity"],
            ),
            ("2023-09-01", "notification_filed", &[]),
            ("2023-09-20", "notification_confirmed", &[]),
        ],
    );
    let cf = under(&given, "kz-reform-cure-period");
    assert_eq!(
        derived_events(&cf)[2],
        ("2023-03-29".to_string(), EventKind::DefectsCured),
        "a re-filing six months later is no cure within a one-month period"
    );
    assert!(cf.assumptions_used.iter().any(|a| a.name == "cure_days"));
}

#[test]
fn given_a_refusal_on_an_unlisted_ground_when_grounds_are_closed_then_the_refusal_falls() {
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            ("2023-03-20", "notification_returned", &["charter_wording"]),
        ],
    );
    let cf = under(&given, "kz-reform-closed-grounds");
    assert_eq!(
        derived_events(&cf)[1],
        ("2023-03-20".to_string(), EventKind::NotificationConfirmed)
    );
    assert!(
        matches!(&cf.rows[1].derivation, Derivation::Replaced { rule, .. } if rule.contains("refusal_grounds"))
    );
}

#[test]
fn given_a_refusal_on_a_listed_ground_when_grounds_are_closed_then_the_refusal_stands() {
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            ("2023-03-20", "notification_returned", &["too_few_founders"]),
        ],
    );
    let cf = under(&given, "kz-reform-closed-grounds");
    assert_eq!(derived_events(&cf)[1].1, EventKind::NotificationReturned);
    assert!(cf.divergence.is_none());
}

#[test]
fn given_a_decision_after_the_review_period_when_silence_deems_registration_then_the_clock_registers()
 {
    let given = case(
        "kz-2022",
        &[
            ("2023-01-10", "notification_filed", &[]),
            ("2023-01-20", "notification_confirmed", &[]),
            ("2023-02-01", "congress_held", &[]),
            ("2023-02-10", "application_submitted", &[]),
            (
                "2023-06-01",
                "application_refused",
                &["member_list_nonconformity"],
            ),
        ],
    );
    let cf = under(&given, "kz-reform-deemed-registration");
    let last = cf.counterfactual.steps.last().unwrap();
    assert_eq!(
        (last.date.to_string(), last.event),
        ("2023-03-11".to_string(), EventKind::DeemedRegistered)
    );
    assert_eq!(
        cf.counterfactual.outcome.registered_on,
        Some(Date::parse("2023-03-11").unwrap())
    );
    assert!(
        matches!(
            &cf.rows.last().unwrap().derivation,
            Derivation::Dropped { .. }
        ),
        "the real late refusal has no counterpart"
    );
}

#[test]
fn given_a_returned_notification_when_notice_suffices_then_the_congress_window_opens_on_filing() {
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            (
                "2023-03-20",
                "notification_returned",
                &["member_list_nonconformity"],
            ),
        ],
    );
    let cf = under(&given, "kz-reform-notice-only");
    let first = &cf.counterfactual.steps[0];
    assert_eq!(first.stage_after, "confirmed");
    assert!(matches!(&cf.rows[1].derivation, Derivation::Dropped { .. }));
    let congress = cf
        .counterfactual
        .steps
        .iter()
        .find(|s| s.event == EventKind::CongressHeld);
    assert!(
        congress.is_none(),
        "the record ends before an assumed congress would fall: {:?}",
        derived_events(&cf)
    );
}

#[test]
fn a_lawful_authority_notifies_rectifiable_defects_and_refuses_only_on_unrectifiable_ones() {
    let given = case(
        "kz-2022",
        &[
            ("2023-03-01", "notification_filed", &[]),
            (
                "2023-05-20",
                "notification_returned",
                &["charter_wording", "too_few_founders"],
            ),
        ],
    );
    let own = rules("kz-2022");
    let cf = counterfactual(
        "given.json",
        &given,
        &own,
        &rules("kz-reform-cure-period"),
        AuthorityModel::Lawful,
        None,
    )
    .unwrap();
    let refusal = &cf.counterfactual.steps[1];
    assert_eq!(refusal.event, EventKind::NotificationReturned);
    assert_eq!(
        refusal.date.to_string(),
        "2023-04-01",
        "a lawful authority decides within its one-month limit"
    );
    assert_eq!(
        refusal.defects.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![DefectCode::TooFewFounders]
    );
}

fn assert_same_as_factual(cf: &Counterfactual, what: &str) {
    assert_eq!(cf.counterfactual.steps, cf.factual.steps, "{what}: steps");
    assert_eq!(
        cf.counterfactual.findings, cf.factual.findings,
        "{what}: findings"
    );
    assert_eq!(
        cf.counterfactual.outcome, cf.factual.outcome,
        "{what}: outcome"
    );
    assert!(cf.divergence.is_none(), "{what}: {:?}", cf.divergence);
    assert!(
        cf.rows.iter().all(|row| row.derivation == Derivation::Kept),
        "{what}"
    );
}

#[test]
fn every_bundled_case_under_its_own_rules_is_its_factual_replay() {
    let catalog = catalog(&[]).unwrap();
    for (file, scenario, own) in load_cases(&catalog, &[], true).unwrap() {
        let cf = counterfactual(
            &file,
            &scenario,
            &own,
            &own,
            AuthorityModel::Replicate,
            None,
        )
        .unwrap();
        assert_same_as_factual(&cf, &file);
    }
}

/// A random valid case: a walk over the rule set's transitions, each event allowed by the
/// machine (guards and time limits may fail: real records depart from the rules too).
fn random_case(rules: &RuleSet, rng: &mut Pcg64Mcg) -> Scenario {
    let codes = [
        DefectCode::MemberListNonconformity,
        DefectCode::CharterWording,
        DefectCode::TooFewMembers,
        DefectCode::Unspecified,
    ];
    let mut date = Date::parse("2023-01-02").unwrap();
    let mut state = State::new(rules, date);
    let mut events = Vec::new();
    for _ in 0..rng.random_range(1..40) {
        let kinds = machine::allowed_kinds(&state, rules);
        if kinds.is_empty() {
            break;
        }
        let kind = kinds[rng.random_range(0..kinds.len())];
        date = date.add_days(rng.random_range(0..60));
        let mut event = Event::bare(kind, date);
        if matches!(
            kind,
            EventKind::NotificationReturned
                | EventKind::ApplicationRefused
                | EventKind::RemarksIssued
        ) {
            for _ in 0..rng.random_range(0..3) {
                event.defects = event.defects.with(
                    codes[rng.random_range(0..codes.len())],
                    rng.random_bool(0.7),
                );
            }
        }
        if kind.actor() == Actor::Clock {
            // A clock event is recorded when its limit has run out.
            let id = machine::candidates(&state, kind, rules).next().unwrap();
            if let Some(deadline) = rules
                .compiled_transition(id)
                .deadline
                .and_then(|l| state.deadline(l, rules))
            {
                date = date.max(deadline.due.add_days(1));
                event.date = date;
            }
        }
        state = machine::apply(&state, &event, rules).unwrap().state;
        let defects: Vec<serde_json::Value> = event.defects.codes().map(|c| serde_json::json!({"code": c, "rectifiable": event.defects.rectifiable & c.bit() != 0})).collect();
        events
            .push(serde_json::json!({"date": date.to_string(), "event": kind, "defects": defects}));
    }
    serde_json::from_value(serde_json::json!({
        "id": "random", "title": "random", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": rules.id, "events": events
    }))
    .unwrap()
}

#[test]
fn any_valid_case_under_its_own_rules_is_its_factual_replay() {
    let mut rng = Pcg64Mcg::seed_from_u64(20261127);
    for id in [
        "kz-2022",
        "kz-reform-cure-period",
        "kz-simplified",
        "kz-2002",
    ] {
        let own = rules(id);
        for run in 0..150 {
            let scenario = random_case(&own, &mut rng);
            let cf = counterfactual(
                "random.json",
                &scenario,
                &own,
                &own,
                AuthorityModel::Replicate,
                None,
            )
            .unwrap();
            assert_same_as_factual(
                &cf,
                &format!(
                    "{id} run {run}: {:?}",
                    scenario
                        .events
                        .iter()
                        .map(|e| (e.date, e.event))
                        .collect::<Vec<_>>()
                ),
            );
        }
    }
}

#[test]
fn any_valid_case_has_a_counterfactual_under_every_party_rule_set() {
    let mut rng = Pcg64Mcg::seed_from_u64(7);
    let all: Vec<RuleSet> = Catalog::bundled()
        .ids()
        .map(rules)
        .filter(|r| r.entity == regsim::rules::EntityKind::Party)
        .collect();
    for own in &all {
        for _ in 0..20 {
            let scenario = random_case(own, &mut rng);
            for other in &all {
                for model in AuthorityModel::ALL {
                    let cf = counterfactual("random.json", &scenario, own, other, model, None)
                        .unwrap_or_else(|e| panic!("{} under {}: {e}", own.id, other.id));
                    let context = format!("{} under {} ({model:?})", own.id, other.id);
                    // Every real event is accounted for exactly once, in file order.
                    let real: Vec<usize> = cf
                        .rows
                        .iter()
                        .filter_map(|row| row.factual.as_ref().map(|e| e.index))
                        .collect();
                    let mut sorted = real.clone();
                    sorted.sort_unstable();
                    assert_eq!(
                        sorted,
                        (0..scenario.events.len()).collect::<Vec<_>>(),
                        "{context}"
                    );
                    // A real event with no counterpart says why it was dropped.
                    for row in &cf.rows {
                        if row.factual.is_some() && row.counterfactual.is_none() {
                            match &row.derivation {
                                regsim::counterfactual::Derivation::Dropped { reason, .. } => {
                                    assert!(!reason.is_empty(), "{context}")
                                }
                                other => panic!("{context}: a dropped row is {other:?}"),
                            }
                        }
                    }
                    // The counterfactual is evaluated on the same day (or, where its
                    // derivation stopped at a named limit, on the day it stopped), in
                    // date order.
                    match &cf.limit {
                        None => assert_eq!(cf.counterfactual.as_of, cf.factual.as_of, "{context}"),
                        Some(_) => {
                            assert!(cf.counterfactual.as_of <= cf.factual.as_of, "{context}")
                        }
                    }
                    let days: Vec<_> = cf.counterfactual.steps.iter().map(|s| s.day).collect();
                    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{context}");
                    // The counts the outcome reports are the counterfactual's own steps.
                    let refusals = cf
                        .counterfactual
                        .steps
                        .iter()
                        .filter(|s| s.event.is_refusal())
                        .count();
                    assert_eq!(
                        cf.counterfactual.outcome.refusals as usize, refusals,
                        "{context}"
                    );
                }
            }
        }
    }
}

fn comparison(rule_ids: &[&str], explain: bool) -> regsim::compare::Comparison {
    let catalog = catalog(&[]).unwrap();
    let cases = load_cases(&catalog, &[], true).unwrap();
    let inputs: Vec<CaseInput> = cases
        .iter()
        .map(|(file, scenario, own_rules)| CaseInput {
            file: file.clone(),
            scenario,
            own_rules,
            rule_sets: rule_ids
                .iter()
                .map(|id| {
                    catalog
                        .resolve_for_case(id, Some(&own_rules.id))
                        .map_err(|e| e.to_string())
                })
                .collect(),
        })
        .collect();
    let labels: Vec<String> = rule_ids.iter().map(|id| id.to_string()).collect();
    compare(
        &inputs,
        &labels,
        0,
        AuthorityModel::Replicate,
        explain,
        Some(&catalog),
    )
    .unwrap()
}

#[test]
fn comparisons_of_every_bundled_case_match_their_snapshots() {
    let settings = common::snapshot_settings();
    settings.bind(|| {
        let simplified = comparison(&["kz-2022", "kz-simplified"], true);
        insta::assert_snapshot!(
            "compare__kz-2022__kz-simplified",
            exporter(Format::Text).unwrap().comparison(&simplified)
        );
        for reform in [
            "kz-reform-cure-period",
            "kz-reform-closed-grounds",
            "kz-reform-deemed-registration",
            "kz-reform-notice-only",
        ] {
            let single = comparison(&["kz-2022", reform], true);
            insta::assert_snapshot!(
                format!("compare__kz-2022__{reform}"),
                exporter(Format::Text).unwrap().comparison(&single)
            );
        }
    });
}

#[test]
fn every_exporter_renders_the_same_fixture() {
    let fixture = comparison(&["kz-2022", "kz-simplified"], true);
    let catalog = catalog(&[]).unwrap();
    let (file, scenario, own) =
        regsim::app::load_case(&common::root().join("scenarios/respublica.json"), &catalog)
            .unwrap();
    let replay = regsim::replay::replay(&file, &scenario, &own, None).unwrap();
    let cf = counterfactual(
        &file,
        &scenario,
        &own,
        &rules("kz-simplified"),
        AuthorityModel::Replicate,
        None,
    )
    .unwrap();
    let settings = common::snapshot_settings();
    settings.bind(|| {
        for (name, format) in [
            ("markdown", Format::Markdown),
            ("json", Format::Json),
            ("csv", Format::Csv),
        ] {
            let exporter = exporter(format).unwrap();
            insta::assert_snapshot!(
                format!("export__comparison__{name}"),
                exporter.comparison(&fixture)
            );
            insta::assert_snapshot!(format!("export__replay__{name}"), exporter.replay(&replay));
            insta::assert_snapshot!(
                format!("export__counterfactual__{name}"),
                exporter.counterfactual(&cf)
            );
        }
        insta::assert_snapshot!(
            "export__counterfactual__text",
            exporter(Format::Text).unwrap().counterfactual(&cf)
        );
    });
    let json: serde_json::Value =
        serde_json::from_str(&exporter(Format::Json).unwrap().comparison(&fixture)).unwrap();
    assert!(json["rows"].as_array().unwrap().len() >= 12);
    let csv = exporter(Format::Csv).unwrap().comparison(&fixture);
    let records = common::csv_records(&csv);
    assert!(
        records
            .iter()
            .all(|record| record.len() == records[0].len()),
        "every CSV row has the header's fields"
    );
}

#[test]
fn compare_with_no_arguments_shows_the_real_cases_under_the_current_and_simplified_rules() {
    let run = common::regsim(&["compare"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for needle in [
        "alga-kazakhstan-2022",
        "yntymaq-party",
        "kz-simplified",
        "Assumptions used",
    ] {
        assert!(
            run.stdout.contains(needle),
            "{needle} missing:\n{}",
            run.stdout
        );
    }
    let json = common::regsim(&["compare", "--format", "json"]);
    let again = common::regsim(&["compare", "--format", "json"]);
    assert_eq!(json.stdout, again.stdout, "JSON is stable across runs");
}
