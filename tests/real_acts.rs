//! Counterfactuals an official cannot knock down (issue 9): the group's real acts keep
//! their real dates and no window lapses only because the counterfactual opened it
//! earlier than the real act did; a defect notified, cured and raised again may ground a
//! refusal where the reform says so; the authority models rank honestly; every figure
//! that rests on an assumed event is marked.

mod common;

use regsim::app::{catalog, load_case, resolve_under};
use regsim::counterfactual::range::ModelOutcome;
use regsim::counterfactual::{AuthorityModel, Counterfactual, Derivation, counterfactual};
use regsim::event::EventKind;
use regsim::rules::RuleSet;

fn case(path: &str) -> (String, regsim::scenario::Scenario, RuleSet) {
    let catalog = catalog(&[]).unwrap();
    load_case(&common::root().join(path), &catalog).unwrap_or_else(|e| panic!("{e}"))
}

fn under(path: &str, expression: &str, model: AuthorityModel) -> Counterfactual {
    let catalog = catalog(&[]).unwrap();
    let (name, scenario, own) = case(path);
    let other = resolve_under(&catalog, expression, &name, &own).unwrap_or_else(|e| panic!("{e}"));
    counterfactual(&name, &scenario, &own, &other, model, None).unwrap()
}

fn kept(cf: &Counterfactual, date: &str, event: EventKind) -> bool {
    cf.rows.iter().any(|row| {
        matches!(row.derivation, Derivation::Kept)
            && row
                .factual
                .as_ref()
                .is_some_and(|f| f.date.to_string() == date && f.event == event)
    })
}

fn lapses(cf: &Counterfactual) -> usize {
    cf.counterfactual
        .steps
        .iter()
        .filter(|step| step.event == EventKind::WindowLapsed)
        .count()
}

#[test]
fn given_respublica_confirmed_earlier_under_closed_grounds_when_replayed_then_its_real_congress_filing_and_registration_stand()
 {
    for model in [AuthorityModel::Replicate, AuthorityModel::Lawful] {
        // Given: the closed list turns Respublica's first return (2022-09-15) into a
        // confirmation, two months before the real one (2022-11-24).
        // When: the case is replayed under the reform.
        let cf = under(
            "tests/fixtures/respublica-assumed-returns.json",
            "kz-reform-closed-grounds",
            model,
        );
        // Then: the congress window runs from the real confirmation, so the real congress,
        // filing and registration keep their dates and nothing lapses.
        assert!(kept(&cf, "2022-12-03", EventKind::CongressHeld), "{model}");
        assert!(
            kept(&cf, "2022-12-20", EventKind::ApplicationSubmitted),
            "{model}"
        );
        assert!(kept(&cf, "2023-01-18", EventKind::Registered), "{model}");
        assert_eq!(lapses(&cf), 0, "{model}: no manufactured lapse");
        assert_eq!(
            cf.counterfactual
                .outcome
                .registered_on
                .map(|d| d.to_string()),
            Some("2023-01-18".into())
        );
        let window = &cf.retimed_windows[0];
        assert_eq!(window.parameter, "congress_window");
        assert_eq!(window.runs_from.to_string(), "2022-11-24");
        assert_eq!(window.opened_on.to_string(), "2022-09-15");
        // The derived record's replay finds the real congress in time.
        let congress = cf
            .counterfactual
            .steps
            .iter()
            .find(|step| step.event == EventKind::CongressHeld)
            .unwrap();
        assert!(congress.time_limit.as_ref().is_none_or(|check| check.kept));
    }
}

#[test]
fn given_a_notification_confirmed_on_filing_when_the_real_group_was_confirmed_later_then_no_window_lapses_that_the_record_never_let_lapse()
 {
    for path in [
        "scenarios/yntymaq-party.json",
        "tests/fixtures/respublica-assumed-returns.json",
    ] {
        let cf = under(path, "kz-simplified", AuthorityModel::Replicate);
        assert_eq!(lapses(&cf), 0, "{path}: {:#?}", cf.rows);
        assert!(
            !cf.retimed_windows.is_empty(),
            "{path}: the re-timing is listed"
        );
    }
    // A record that begins after the confirmation (Baytaq) has no window to re-time.
    let cf = under(
        "scenarios/baytaq.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    assert_eq!(lapses(&cf), 0, "{:#?}", cf.rows);
    let cf = under(
        "scenarios/yntymaq-party.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    assert!(kept(&cf, "2024-05-11", EventKind::CongressHeld));
}

#[test]
fn no_real_congress_filing_or_registration_is_dropped_because_a_counterfactual_window_lapsed() {
    // For every real case, reform and model: a lapse the counterfactual derives is never
    // followed by the real group's congress, filing or registration being dropped for it.
    let catalog = catalog(&[]).unwrap();
    for (name, text) in regsim::app::bundled_cases::CASES {
        if !text.contains("\"kind\": \"real\"") {
            continue;
        }
        let path = format!("scenarios/{name}");
        let (_, _, own) = case(&path);
        for reform in catalog.reforms_for(own.entity) {
            for model in AuthorityModel::ALL {
                let cf = under(&path, &format!("own+{reform}"), model);
                for row in &cf.rows {
                    let (Some(real), Derivation::Dropped { reason }) =
                        (&row.factual, &row.derivation)
                    else {
                        continue;
                    };
                    if matches!(
                        real.event,
                        EventKind::CongressHeld
                            | EventKind::ApplicationSubmitted
                            | EventKind::Registered
                    ) {
                        assert!(
                            !reason.contains("`lapsed`"),
                            "{path} under {reform} ({model}): {} {} dropped: {reason}",
                            real.date,
                            real.event
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn given_a_defect_notified_cured_and_raised_again_when_the_simplified_rules_close_the_list_then_replicate_may_refuse_on_it()
 {
    // Given: Alga's list defect, which under kz-simplified the Ministry notifies in
    // remarks (2022-06-30), the group cures (2022-07-26), and the real Ministry raises
    // again on the corrected filing (returned 2022-08-02).
    // When: replayed under kz-simplified, whose closed list does not list the defect but
    // whose cure-period notes let a refusal rest on notified defects that stayed uncured.
    let cf = under(
        "scenarios/alga-kazakhstan-2022.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    // Then: the replicating authority refuses on it after the cure.
    let refusal = cf
        .counterfactual
        .steps
        .iter()
        .find(|step| step.event == EventKind::ApplicationRefused)
        .expect("a refusal after the cure");
    assert_eq!(refusal.date.to_string(), "2022-08-26");
    assert!(
        refusal
            .defects
            .iter()
            .any(|d| d.code == regsim::defect::DefectCode::MemberListNonconformity)
    );
    assert!(cf.counterfactual.outcome.registered_on.is_none());
    // The lawful authority accepts the cure: the range shows how much rests on conduct.
    let lawful = under(
        "scenarios/alga-kazakhstan-2022.json",
        "kz-simplified",
        AuthorityModel::Lawful,
    );
    assert!(lawful.counterfactual.outcome.registered_on.is_some());
    // And the rule set says so, marked as the assumption it is.
    let rules = regsim::rules::Catalog::bundled()
        .resolve("kz-simplified")
        .unwrap();
    assert_eq!(
        rules.policies.refusal_grounds.rule,
        regsim::rules::GroundsRule::ClosedOrUncured
    );
    assert_eq!(
        rules.policies.refusal_grounds.status,
        regsim::source::Status::Assumed
    );
    assert!(
        rules
            .policies
            .refusal_grounds
            .note
            .as_deref()
            .is_some_and(|note| note.contains("stayed uncured"))
    );
}

#[test]
fn given_a_refusal_the_worst_model_delays_past_the_horizon_when_ranked_then_it_counts_as_pending_not_avoided()
 {
    // Given: ULT's 22 real refusals; the worst authority takes each review period in full.
    let worst = under(
        "scenarios/ult-yntymagy.json",
        "kz-pa-simplified",
        AuthorityModel::Worst,
    );
    let replicate = under(
        "scenarios/ult-yntymagy.json",
        "kz-pa-simplified",
        AuthorityModel::Replicate,
    );
    // When: the last one falls after the as-of date.
    // Then: it is pending there, and worst refuses no less than replicate.
    assert!(worst.refusals_pending >= 1);
    let (w, r) = (ModelOutcome::of(&worst), ModelOutcome::of(&replicate));
    assert!(
        w.refusals_counted() >= r.refusals_counted(),
        "{w:?} vs {r:?}"
    );
    assert!(w.at_least_as_adverse_as(&r));
    assert!(
        w.describe().contains("pending at the horizon"),
        "{}",
        w.describe()
    );
    // And the divergence says the same decision moved, not that it became itself.
    let divergence = worst.divergence.unwrap().description;
    assert!(
        !divergence.contains("becomes application_refused"),
        "{divergence}"
    );
    assert!(divergence.contains("falls on"), "{divergence}");
}

#[test]
fn a_registration_that_follows_from_the_reform_s_design_says_it_is_conditional_on_the_unknown_grounds()
 {
    let cf = under(
        "scenarios/ult-yntymagy.json",
        "kz-pa-reform-notification",
        AuthorityModel::Replicate,
    );
    assert!(cf.delta.registered_counterfactual);
    assert!(
        cf.conditions
            .iter()
            .any(|c| c.text.contains("grounds the record does not give")
                && c.text.contains("follows from the reform's design")),
        "{:?}",
        cf.conditions
    );
}

#[test]
fn a_condition_on_unrecorded_grounds_is_dated_by_a_real_refusal_never_a_made_up_event() {
    let cf = under(
        "scenarios/yntymaq-party.json",
        "kz-reform-closed-grounds",
        AuthorityModel::Replicate,
    );
    let condition = cf
        .conditions
        .iter()
        .find(|c| c.parameter == "policies.refusal_grounds")
        .expect("a condition on the unrecorded grounds");
    let real = cf
        .factual
        .steps
        .iter()
        .find(|step| step.date == condition.date && step.event == condition.event);
    assert!(real.is_some(), "{condition:?} names a real event");
    assert_eq!(condition.date.to_string(), "2022-05-30");
}

#[test]
fn every_starred_model_in_a_range_has_its_footnote() {
    let run = common::regsim(&["compare"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for line in run.stdout.lines().filter(|l| l.contains("worst: ")) {
        for model in ["worst", "replicate", "lawful"] {
            let starred = line
                .split("; ")
                .any(|part| part.contains(&format!("{model}: ")) && part.ends_with('*'));
            if starred {
                assert!(
                    run.stdout.contains(&format!("* under {model}: ")),
                    "{model} is starred in `{line}` but has no footnote"
                );
            }
        }
    }
}

#[test]
fn given_notice_only_when_the_record_cannot_be_followed_then_a_named_limit_replaces_model_made_numbers()
 {
    let cf = under(
        "scenarios/alga-kazakhstan-2022.json",
        "kz-reform-notice-only",
        AuthorityModel::Replicate,
    );
    // An assumed congress is placed once, never again.
    let congresses = cf
        .rows
        .iter()
        .filter(|row| {
            matches!(row.derivation, Derivation::Assumed { .. })
                && row
                    .counterfactual
                    .as_ref()
                    .is_some_and(|e| e.event == EventKind::CongressHeld)
        })
        .count();
    assert_eq!(congresses, 1);
    let limit = cf.limit.as_ref().expect("a named limit");
    assert_eq!(cf.counterfactual.as_of, limit.derived_to);
    assert!(limit.text.contains("cannot be followed"));
    assert_eq!(cf.delta.refusals_bound, "not_comparable");
    // A real re-filing after a rejected appeal is the refused group's filing, not dropped.
    for row in &cf.rows {
        if let (Some(real), Derivation::Dropped { reason }) = (&row.factual, &row.derivation) {
            assert!(
                !(real.event == EventKind::NotificationFiled
                    && reason.contains("not possible at stage `refused`")),
                "{} {}: {reason}",
                real.date,
                real.event
            );
        }
    }
    let text = regsim::report::counterfactual_notes::outcome_rows(&cf).1;
    assert!(text.iter().any(|row| row[2].contains("LIMIT")), "{text:?}");
    assert!(
        text.iter()
            .filter(|row| row[0] == "refusals")
            .all(|row| row[3].starts_with("n/a")),
        "{text:?}"
    );
}

#[test]
fn every_figure_that_rests_on_an_assumed_event_is_marked_in_every_format() {
    // Baytaq's filing of its registration documents is assumed in its case file: its
    // authority days rest on it; Alga's appeals include assumed ones.
    let run = common::regsim(&["compare"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let baytaq = run
        .stdout
        .lines()
        .find(|l| l.contains("baytaq") && l.contains("factual"))
        .unwrap();
    assert!(baytaq.trim_end().ends_with("28†"), "{baytaq}");
    let alga = run
        .stdout
        .lines()
        .find(|l| l.contains("alga-kazakhstan-2022") && l.contains("factual"))
        .unwrap();
    assert!(alga.contains("12†"), "{alga}");
    let markdown = common::regsim(&["compare", "--format", "markdown"]);
    assert!(markdown.stdout.contains("12†"), "{}", markdown.stdout);
    let csv = common::regsim(&["compare", "--format", "csv"]);
    assert!(csv.stdout.contains("authority_days"), "{}", csv.stdout);
    // replay --under: per-figure marks in the outcome table, and the JSON delta says
    // which differences rest on such events and how far the refusal count is known.
    let cf = under(
        "tests/fixtures/respublica-assumed-returns.json",
        "kz-simplified",
        AuthorityModel::Replicate,
    );
    let rows = regsim::report::counterfactual_notes::outcome_rows(&cf).1;
    let authority = rows
        .iter()
        .find(|row| row[0] == "days waiting on the authority")
        .unwrap();
    assert!(
        authority[1].ends_with('†') && authority[3].ends_with('†'),
        "{authority:?}"
    );
    let json = serde_json::to_value(&cf.delta).unwrap();
    assert_eq!(json["refusals_bound"], "at_most");
    assert!(
        json["unconfirmed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "authority_days")
    );
    let text = common::regsim(&[
        "replay",
        "tests/fixtures/respublica-assumed-returns.json",
        "--under",
        "kz-simplified",
    ]);
    assert!(text.stdout.contains("71†"), "{}", text.stdout);
    let csv = common::regsim(&[
        "replay",
        "tests/fixtures/respublica-assumed-returns.json",
        "--under",
        "kz-simplified",
        "--format",
        "csv",
    ]);
    assert!(
        csv.stdout
            .contains("outcome: days waiting on the authority: real 71†; counterfactual 29†"),
        "{}",
        csv.stdout
    );
}

fn hypothetical(rules: &str, events: serde_json::Value) -> regsim::scenario::Scenario {
    serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": rules, "events": events
    }))
    .unwrap()
}

fn hypothetical_under(
    scenario: &regsim::scenario::Scenario,
    other: &str,
    model: AuthorityModel,
) -> Counterfactual {
    let catalog = regsim::rules::Catalog::bundled();
    let own = catalog.resolve(&scenario.rules).unwrap();
    counterfactual(
        "given.json",
        scenario,
        &own,
        &catalog.resolve(other).unwrap(),
        model,
        None,
    )
    .unwrap()
}

#[test]
fn given_a_refusal_for_too_few_members_when_the_record_lacks_the_number_then_replicate_keeps_it_and_lawful_does_not()
 {
    // Given: a 2005 refusal for too few members; the record gives no member count.
    let given = hypothetical(
        "kz-2002",
        serde_json::json!([
            {"date": "2005-03-01", "event": "notification_filed"},
            {"date": "2005-03-25", "event": "notification_confirmed"},
            {"date": "2005-04-20", "event": "congress_held"},
            {"date": "2005-05-30", "event": "application_submitted"},
            {"date": "2005-06-25", "event": "application_refused",
             "defects": [{"code": "too_few_members"}]}
        ]),
    );
    // When: judged against kz-2020's lower threshold.
    let replicate = hypothetical_under(&given, "kz-2020", AuthorityModel::Replicate);
    let lawful = hypothetical_under(&given, "kz-2020", AuthorityModel::Lawful);
    // Then: the replicating authority keeps the refusal, saying the number is missing;
    // the lawful one does not presume it below the threshold.
    let kept = &replicate.rejudged[0];
    assert!(kept.stands);
    assert!(
        kept.reason
            .contains("the record gives no number of members, so the refusal is kept"),
        "{}",
        kept.reason
    );
    assert_eq!(replicate.counterfactual.outcome.refusals, 1);
    let dropped = &lawful.rejudged[0];
    assert!(!dropped.stands);
    assert!(
        dropped.reason.contains("does not presume it below"),
        "{}",
        dropped.reason
    );
}

#[test]
fn given_a_notification_returned_for_too_few_regions_when_the_reform_drops_the_regional_share_then_it_is_judged_again_on_the_filing()
 {
    // Given: founders from 10 of 17 regions, returned for too few regions (2/3 required).
    let given = hypothetical(
        "kz-2022",
        serde_json::json!([
            {"date": "2023-03-01", "event": "notification_filed",
             "filed": {"founders": 800, "regions_covered": 10, "regions_total": 17}},
            {"date": "2023-03-10", "event": "notification_returned",
             "defects": [{"code": "too_few_regions"}]}
        ]),
    );
    // When: replayed under the reform that drops the regional share.
    let cf = hypothetical_under(
        &given,
        "kz-2022+kz-reform-no-regional-quotas",
        AuthorityModel::Replicate,
    );
    // Then: the filing's own share is judged against the reform's, and the return falls.
    let note = cf
        .rejudged
        .iter()
        .find(|note| note.defect == regsim::defect::DefectCode::TooFewRegions)
        .expect("too_few_regions judged again");
    assert!(!note.stands);
    assert!(
        note.reason
            .contains("10 of 17 regions among the founders meet")
            && note.reason.contains("initiative_group_regions_share"),
        "{}",
        note.reason
    );
    assert_eq!(cf.counterfactual.outcome.refusals, 0);
}

#[test]
fn paths_name_a_lapse_by_the_limit_that_ran_out() {
    let run = common::regsim(&["paths", "--rules", "kz-simplified"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("from the lapse of cure_period on day 340"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("from window_lapsed on day"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_model_of_a_range_is_derived_to_the_same_horizon_as_the_chosen_one() {
    let catalog = catalog(&[]).unwrap();
    let (name, scenario, own) = case("scenarios/ult-yntymagy.json");
    let other = resolve_under(&catalog, "kz-pa-simplified", &name, &own).unwrap();
    let horizon = regsim::date::Date::parse("2025-06-01").unwrap();
    let chosen = counterfactual(
        &name,
        &scenario,
        &own,
        &other,
        AuthorityModel::Replicate,
        Some(horizon),
    )
    .unwrap();
    let range =
        regsim::counterfactual::range::range(&name, &scenario, (&own, &other), &chosen).unwrap();
    // By mid-2025 the worst model's last refusal has fallen: nothing is pending, and it
    // refuses as often as the replicating authority.
    let worst = &range[0];
    assert_eq!(worst.model, AuthorityModel::Worst);
    assert_eq!(
        (worst.refusals, worst.refusals_pending),
        (22, 0),
        "{worst:?}"
    );
}
