//! Regimes and honest counterfactuals: reforms composed onto any base of their entity,
//! the entity guard, counterfactuals on the case's own regime, thresholds judged again on
//! the record's numbers, the three authority models and what each outcome rests on.

mod common;

use regsim::app::{catalog, load_case, resolve_under};
use regsim::counterfactual::range::ModelOutcome;
use regsim::counterfactual::{AuthorityModel, Counterfactual, Derivation, counterfactual};
use regsim::date::Date;
use regsim::event::EventKind;
use regsim::rules::{Catalog, EntityKind, RuleSet};

fn case(path: &str) -> (String, regsim::scenario::Scenario, RuleSet) {
    let catalog = catalog(&[]).unwrap();
    load_case(&common::root().join(path), &catalog).unwrap_or_else(|e| panic!("{e}"))
}

fn under(path: &str, expression: &str, model: AuthorityModel) -> Counterfactual {
    let catalog = catalog(&[]).unwrap();
    let (name, scenario, own) = case(path);
    let other = resolve_under(&catalog, expression, &name, &own).unwrap_or_else(|e| panic!("{e}"));
    let mut cf = counterfactual(&name, &scenario, &own, &other, model, None).unwrap();
    regsim::counterfactual::regime::annotate(&mut cf, &own, &other, &catalog);
    cf
}

fn bases(catalog: &Catalog) -> Vec<(String, EntityKind)> {
    catalog
        .ids()
        .filter(|id| !catalog.is_reform(id))
        .map(|id| (id.to_string(), catalog.resolve(id).unwrap().entity))
        .collect()
}

fn real_cases() -> Vec<String> {
    regsim::app::bundled_cases::CASES
        .iter()
        .filter(|(_, text)| text.contains("\"kind\": \"real\""))
        .map(|(name, _)| format!("scenarios/{name}"))
        .collect()
}

#[test]
fn every_bundled_reform_applies_to_every_base_of_its_entity_and_to_no_other() {
    let catalog = Catalog::bundled();
    let reforms: Vec<String> = catalog
        .ids()
        .filter(|id| catalog.is_reform(id))
        .map(String::from)
        .collect();
    assert!(reforms.len() >= 9, "party and public-association reforms");
    for (base, entity) in bases(&catalog) {
        let fitting = catalog.reforms_for(entity);
        for reform in &reforms {
            let expression = format!("{base}+{reform}");
            let result = catalog.resolve(&expression);
            if fitting.contains(&reform.as_str()) {
                let rules = result.unwrap_or_else(|e| panic!("{expression}: {e}"));
                assert_eq!(rules.id, expression);
                assert_eq!(rules.entity, entity);
                // The base comes first (a transition rule set, after the regime it patches).
                let own_lineage = catalog.resolve(&base).unwrap().lineage;
                assert_eq!(
                    rules.lineage[..own_lineage.len()],
                    own_lineage[..],
                    "{expression}: the base comes first"
                );
                // The base's own values stay: a patch changes only what it names.
                let own = catalog.resolve(&base).unwrap();
                let changes = catalog.file(reform).unwrap().changes.as_ref();
                let named = |name: &str| {
                    changes.is_some_and(|c| {
                        c.patch_parameters.contains_key(name)
                            || c.replace_parameters.contains_key(name)
                    })
                };
                for name in [
                    "registration_members_min",
                    "congress_window",
                    "review_period",
                ] {
                    if named(name) {
                        continue;
                    }
                    if let (Some(a), Some(b)) =
                        (own.parameters.get(name), rules.parameters.get(name))
                    {
                        assert_eq!(
                            a.value, b.value,
                            "{expression}: {name} keeps the base's value"
                        );
                    }
                }
            } else {
                let message = result.expect_err(&expression).to_string();
                assert!(
                    message.contains("applies to") && message.contains(&base),
                    "{expression}: {message}"
                );
            }
        }
    }
}

#[test]
fn a_patch_on_a_base_that_lacks_its_item_names_the_base_the_reform_and_the_item() {
    let mut catalog = Catalog::bundled();
    let reform: regsim::rules::RuleSetFile = serde_json::from_str(
        r#"{"id": "needs-cure-stage", "title": "t", "extends": "kz-2022",
            "applies_to": ["party", "public_association"],
            "changes": {"remove_stages": ["notification_review"]}}"#,
    )
    .unwrap();
    catalog.add("needs-cure-stage.json".into(), reform).unwrap();
    let message = catalog
        .resolve("kz-pa+needs-cure-stage")
        .unwrap_err()
        .to_string();
    assert!(message.contains("needs-cure-stage.json"), "{message}");
    assert!(message.contains("$.changes.remove_stages[0]"), "{message}");
    assert!(
        message.contains("stage `notification_review` is not in `kz-pa`")
            && message.contains("reform `needs-cure-stage`"),
        "{message}"
    );
}

#[test]
fn own_needs_a_case_and_only_reforms_follow_a_plus() {
    let catalog = Catalog::bundled();
    assert!(
        catalog
            .resolve("own+kz-simplified")
            .unwrap_err()
            .to_string()
            .contains("no case")
    );
    assert!(
        catalog
            .resolve("kz-2022+kz-2020")
            .unwrap_err()
            .to_string()
            .contains("base rule set")
    );
    assert!(
        catalog
            .resolve("kz-2022+")
            .unwrap_err()
            .to_string()
            .contains("empty term")
    );
}

#[test]
fn no_counterfactual_across_entity_kinds_produces_a_number() {
    let catalog = catalog(&[]).unwrap();
    for (file, _) in regsim::app::bundled_cases::CASES {
        let (name, _, own) = case(&format!("scenarios/{file}"));
        for (base, entity) in bases(&catalog) {
            if entity == own.entity {
                continue;
            }
            let problem = resolve_under(&catalog, &base, &name, &own)
                .unwrap_err()
                .to_string();
            assert!(
                problem.contains("entity kinds"),
                "{file} under {base}: {problem}"
            );
        }
        for reform in catalog.ids().filter(|id| catalog.is_reform(id)) {
            if catalog.reforms_for(own.entity).contains(&reform) {
                continue;
            }
            let problem = resolve_under(&catalog, reform, &name, &own)
                .unwrap_err()
                .to_string();
            assert!(
                problem.contains("another kind of organization"),
                "{problem}"
            );
            assert!(
                problem.contains("own+"),
                "names the reforms that apply: {problem}"
            );
        }
    }
}

#[test]
fn replay_under_a_party_reform_of_a_public_association_case_exits_2_and_names_what_applies() {
    let run = common::regsim(&[
        "replay",
        "scenarios/ult-yntymagy.json",
        "--under",
        "kz-simplified",
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("public association case"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("own+kz-pa-simplified"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reform_named_alone_applies_to_the_case_s_own_rules_and_says_how_its_default_base_differs() {
    let cf = under(
        "scenarios/baytaq.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    assert_eq!(
        cf.counterfactual.rules.id,
        format!("{}+kz-simplified", cf.factual.rules.id)
    );
    assert_eq!(cf.counterfactual.rules.lineage[0], "kz-2020");
    let base = cf.base.expect("the base is named");
    assert!(base.own_base);
    assert_eq!(base.default_base.as_deref(), Some("kz-2022"));
    assert!(
        base.differences
            .iter()
            .any(|d| d.contains("registration_members_min: 20,000")),
        "{:?}",
        base.differences
    );
    // Naming another base is allowed, and the output says the regime changed.
    let cf = under(
        "scenarios/baytaq.json",
        "kz-2022+kz-simplified",
        AuthorityModel::Replicate,
    );
    let base = cf.base.expect("the base is named");
    assert!(!base.own_base);
    assert_eq!(base.base, "kz-2022");
    let run = common::regsim(&[
        "replay",
        "scenarios/baytaq.json",
        "--under",
        "kz-2022+kz-simplified",
    ]);
    assert!(
        run.stdout
            .contains("NOT the case's own rules (kz-2020-transition-2022)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_2002_refusal_for_too_few_members_is_judged_again_on_the_filing_s_numbers() {
    let cf = under(
        "scenarios/hypothetical-threshold-2002.json",
        "kz-2020+kz-simplified",
        AuthorityModel::Replicate,
    );
    assert_eq!(cf.rejudged.len(), 1);
    let note = &cf.rejudged[0];
    assert!(!note.stands);
    assert!(
        note.reason.contains("45,000 members meet") && note.reason.contains("20,000"),
        "{}",
        note.reason
    );
    assert!(cf.delta.registered_counterfactual);
    // Under a base whose threshold the filing does not meet, the refusal stands.
    let cf = under(
        "scenarios/hypothetical-threshold-2002.json",
        "kz-2002+kz-reform-closed-grounds",
        AuthorityModel::Replicate,
    );
    assert!(
        cf.rejudged.is_empty(),
        "same threshold: the real decision already judged it"
    );
    assert!(!cf.delta.registered_counterfactual);
}

#[test]
fn an_outcome_that_rests_on_an_unrecorded_member_count_is_conditional() {
    // The lawful authority accepts Alga's cures and registers it (the replicating one
    // refuses on the defects it notified and raised again).
    let cf = under(
        "scenarios/alga-kazakhstan-2022.json",
        "kz-simplified",
        AuthorityModel::Lawful,
    );
    assert!(cf.delta.registered_counterfactual);
    assert!(
        cf.conditions
            .iter()
            .any(|c| c.parameter == "registration_members_min"
                && c.text.contains("at least 20,000 members")),
        "{:?}",
        cf.conditions
    );
    let run = common::regsim(&["compare"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // In the default comparison (replicate) Alga is refused after its cure; the range shows
    // the lawful registration, conditional on the member count nobody recorded.
    assert!(
        run.stdout
            .contains("* under lawful: the group had at least 20,000 members"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("CONDITIONAL"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Range across authority models"),
        "{}",
        run.stdout
    );
}

#[test]
fn compare_without_rules_gives_every_case_its_own_baseline_and_the_simplified_regime_of_its_entity()
{
    let run = common::regsim(&["compare", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = value["rows"].as_array().unwrap();
    for row in rows {
        if row["baseline"] == true {
            assert_eq!(
                row["counterfactual"], false,
                "the baseline is the factual replay: {row}"
            );
        } else {
            assert_eq!(row["counterfactual"], true);
            assert_eq!(row["applicable"], true, "{row}");
        }
    }
    let ult: Vec<_> = rows
        .iter()
        .filter(|row| row["case"] == "ult-yntymagy")
        .collect();
    assert_eq!(ult[0]["rules"], "kz-pa");
    assert_eq!(ult[1]["rules"], "kz-pa+kz-pa-simplified");
    assert!(
        ult[1]["delta"].is_object(),
        "ULT YNTYMAǦY gets a real row with deltas"
    );
    let baytaq: Vec<_> = rows.iter().filter(|row| row["case"] == "baytaq").collect();
    assert!(baytaq[0]["rules"].as_str().unwrap().starts_with("kz-2020"));
}

#[test]
fn respublica_keeps_its_real_congress_under_the_simplified_rules() {
    let cf = under(
        "tests/fixtures/respublica-assumed-returns.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    let congress: Vec<_> = cf
        .counterfactual
        .steps
        .iter()
        .filter(|step| step.event == EventKind::CongressHeld)
        .collect();
    assert_eq!(congress.len(), 1);
    assert_eq!(congress[0].date, Date::parse("2022-12-03").unwrap());
    assert!(
        !cf.rows
            .iter()
            .any(|row| matches!(row.derivation, Derivation::Assumed { .. }))
    );
}

#[test]
fn under_the_cure_period_the_authority_may_refuse_on_defects_it_notified_and_raised_again() {
    let cf = under(
        "scenarios/alga-kazakhstan-2022.json",
        "kz-reform-cure-period",
        AuthorityModel::Replicate,
    );
    // 2022-06-08: the real return came after a corrected filing of the defects notified
    // on 2022-05-11; under the reform that filing was the cure, and the defect stood.
    let row = cf
        .rows
        .iter()
        .find(|row| row.factual.as_ref().is_some_and(|e| e.index == 5))
        .unwrap();
    assert!(
        matches!(row.derivation, Derivation::Kept),
        "{:?}",
        row.derivation
    );
    assert_eq!(
        row.counterfactual.as_ref().unwrap().event,
        EventKind::NotificationReturned
    );
    assert!(cf.counterfactual.outcome.refusals > 0);
    assert!(!cf.delta.registered_counterfactual);
}

#[test]
fn lawful_keeps_lawful_real_decisions_so_the_own_rules_give_the_record() {
    for path in real_cases() {
        let (name, scenario, own) = case(&path);
        let cf =
            counterfactual(&name, &scenario, &own, &own, AuthorityModel::Lawful, None).unwrap();
        if cf
            .factual
            .findings
            .iter()
            .all(|f| f.severity != regsim::replay::Severity::Departure)
        {
            assert_eq!(cf.counterfactual.outcome, cf.factual.outcome, "{path}");
        }
    }
}

#[test]
fn a_lawful_authority_decides_within_its_limit() {
    let cf = under(
        "scenarios/hypothetical-deemed-registration.json",
        "kz-2022",
        AuthorityModel::Lawful,
    );
    assert!(
        cf.counterfactual
            .findings
            .iter()
            .all(|f| !f.message.contains("after its time limit")
                && !f.message.contains("days after")),
        "{:#?}",
        cf.counterfactual.findings
    );
    // The real authority stayed silent; kz-2022 deems nothing, so a lawful authority
    // decides on the review period's last day, and with no defect raised it registers.
    assert_eq!(
        cf.counterfactual.outcome.registered_on,
        Some(Date::parse("2025-06-19").unwrap())
    );
}

#[test]
fn the_worst_authority_suspends_where_it_may_and_nothing_ends_the_suspension() {
    let cf = under(
        "tests/fixtures/respublica-assumed-returns.json",
        "kz-simplified",
        AuthorityModel::Worst,
    );
    assert!(!cf.delta.registered_counterfactual);
    assert_eq!(cf.counterfactual.outcome.final_stage, "suspended");
    assert!(cf.rows.iter().any(|row| matches!(&row.derivation,
        Derivation::Derived { reason, .. } if reason.contains("suspends the review"))));
}

/// Registration day, with "never" after every date.
fn registration_rank(cf: &Counterfactual) -> i32 {
    cf.counterfactual
        .outcome
        .registered_on
        .map_or(i32::MAX, |date| date.day_number())
}

#[test]
fn worst_is_never_more_favourable_than_replicate_nor_replicate_than_lawful() {
    let catalog = catalog(&[]).unwrap();
    for path in real_cases() {
        let (name, scenario, own) = case(&path);
        for reform in catalog.reforms_for(own.entity) {
            let other = resolve_under(&catalog, reform, &name, &own).unwrap();
            let run = |model| counterfactual(&name, &scenario, &own, &other, model, None).unwrap();
            let (worst, replicate, lawful) = (
                run(AuthorityModel::Worst),
                run(AuthorityModel::Replicate),
                run(AuthorityModel::Lawful),
            );
            let what = format!("{path} under own+{reform}");
            assert!(
                registration_rank(&worst) >= registration_rank(&replicate),
                "{what}: worst"
            );
            assert!(
                registration_rank(&replicate) >= registration_rank(&lawful),
                "{what}: lawful"
            );
            // Refusals too, counting those pending at the horizon: where neither
            // registers and neither holds the case without end, the more adverse model
            // refuses at least as often.
            let counted = |cf: &Counterfactual| ModelOutcome::of(cf).refusals_counted();
            assert!(
                counted(&lawful) <= counted(&replicate),
                "{what}: lawful refuses no more often than replicate"
            );
            let w = ModelOutcome::of(&worst);
            // Whatever the registration, the worst model refuses no less often, unless it
            // holds the case without end (never deciding is the most adverse outcome).
            if w.held_at.is_none() {
                assert!(
                    counted(&worst) >= counted(&replicate),
                    "{what}: worst refuses less"
                );
            }
            // The documented order (README, "Authority models"): registered no earlier,
            // and when neither registers, refused at least as often or held waiting on
            // the authority at least as long.
            let (w, r, l) = (
                ModelOutcome::of(&worst),
                ModelOutcome::of(&replicate),
                ModelOutcome::of(&lawful),
            );
            assert!(w.at_least_as_adverse_as(&r), "{what}: {w:?} vs {r:?}");
            assert!(r.at_least_as_adverse_as(&l), "{what}: {r:?} vs {l:?}");
        }
    }
}

#[test]
fn snapshots_of_the_regime_comparison_and_the_public_association_reforms() {
    let settings = common::snapshot_settings();
    settings.bind(|| {
        for (name, args) in [
            ("regimes__compare", vec!["compare", "--explain"]),
            (
                "regimes__compare__markdown",
                vec!["compare", "--format", "markdown"],
            ),
            (
                "regimes__replay__ult-yntymagy__kz-pa-simplified",
                vec![
                    "replay",
                    "scenarios/ult-yntymagy.json",
                    "--under",
                    "kz-pa-simplified",
                ],
            ),
            (
                "regimes__replay__baytaq__kz-simplified",
                vec![
                    "replay",
                    "scenarios/baytaq.json",
                    "--under",
                    "kz-simplified",
                ],
            ),
            (
                "regimes__replay__threshold-2002__kz-2020+kz-simplified",
                vec![
                    "replay",
                    "scenarios/hypothetical-threshold-2002.json",
                    "--under",
                    "kz-2020+kz-simplified",
                ],
            ),
            (
                "rules_show__kz-pa-simplified",
                vec!["rules", "show", "kz-pa-simplified"],
            ),
            (
                "rules_show__kz-pa-reform-notification",
                vec!["rules", "show", "kz-pa-reform-notification"],
            ),
            (
                "rules_show__kz-2020+kz-simplified",
                vec!["rules", "show", "kz-2020+kz-simplified"],
            ),
            (
                "rules_diff__kz-pa__kz-pa-simplified",
                vec!["rules", "diff", "kz-pa", "kz-pa-simplified"],
            ),
            (
                "paths__kz-pa-simplified",
                vec!["paths", "--rules", "kz-pa-simplified"],
            ),
        ] {
            let run = common::regsim(&args);
            assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
            insta::assert_snapshot!(name, run.stdout);
        }
    });
}

#[test]
fn acting_earlier_is_a_named_assumption_off_by_default_and_shows_the_real_act_beside() {
    let catalog = catalog(&[]).unwrap();
    let (name, scenario, own) = case("tests/fixtures/respublica-assumed-returns.json");
    let other = resolve_under(&catalog, "kz-simplified", &name, &own).unwrap();
    let earlier = regsim::counterfactual::counterfactual_with(
        &name,
        &scenario,
        (&own, &other),
        AuthorityModel::Replicate,
        None,
        true,
    )
    .unwrap();
    assert!(earlier.act_earlier);
    assert!(
        earlier
            .assumptions_used
            .iter()
            .any(|a| a.name == "act_earlier")
    );
    let congress_row = earlier
        .rows
        .iter()
        .find(|row| {
            row.factual
                .as_ref()
                .is_some_and(|e| e.event == EventKind::CongressHeld)
        })
        .unwrap();
    assert!(
        matches!(&congress_row.derivation, Derivation::Dropped { reason } if reason.contains("act_earlier")),
        "{:?}",
        congress_row.derivation
    );
    let by_default = under(
        "tests/fixtures/respublica-assumed-returns.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    assert!(!by_default.act_earlier);
    assert!(
        earlier.counterfactual.outcome.registered_on
            < by_default.counterfactual.outcome.registered_on
    );
    let run = common::regsim(&[
        "replay",
        "tests/fixtures/respublica-assumed-returns.json",
        "--under",
        "kz-simplified",
        "--act-earlier",
    ]);
    assert!(
        run.stdout.contains("ASSUMED:      act_earlier"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_case_that_spans_the_2022_amendments_is_judged_under_the_rules_in_force_on_each_date() {
    let (_, _, own) = case("scenarios/alga-kazakhstan-2022.json");
    assert_eq!(own.id, "kz-2020→kz-2022");
    let before = own.for_date(Date::parse("2022-11-04").unwrap());
    let after = own.for_date(Date::parse("2022-11-05").unwrap());
    assert_eq!(
        (before.lineage[0].id.as_str(), after.id.as_str()),
        ("kz-2020", "kz-2022")
    );
    assert_eq!(before.parameters["registration_members_min"].value, 20000.0);
    assert_eq!(after.parameters["registration_members_min"].value, 5000.0);
    // The counterfactual applies the reform to each regime, on the same dates: a
    // registration in October 2022 (by the lawful authority) rests on the 20,000 members
    // the 2020 rules required.
    let cf = under(
        "scenarios/alga-kazakhstan-2022.json",
        "kz-simplified",
        AuthorityModel::Lawful,
    );
    assert_eq!(
        cf.counterfactual.rules.id,
        "kz-2020+kz-simplified→kz-2022+kz-simplified"
    );
    let registered = cf.counterfactual.outcome.registered_on.unwrap();
    assert!(registered < Date::parse("2022-11-05").unwrap());
    assert!(cf.out_of_force.is_empty(), "{:?}", cf.out_of_force);
    // Two regimes chain only where their procedures have the same shape.
    let catalog = Catalog::bundled();
    let kz2002 = catalog.resolve("kz-2002").unwrap();
    let kz2009 = catalog.resolve("kz-2009").unwrap();
    let problem = kz2002
        .followed_by(Date::parse("2009-02-01").unwrap(), kz2009)
        .unwrap_err();
    assert!(problem.contains("different stages"), "{problem}");
}
