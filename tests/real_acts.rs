//! Counterfactuals an official cannot knock down (issue 9): the group's real acts keep
//! their real dates and no window lapses only because the counterfactual opened it
//! earlier than the real act did; a defect notified, cured and raised again may ground a
//! refusal where the reform says so; the authority models rank honestly; every figure
//! that rests on an assumed event is marked.

mod common;

use regsim::app::{catalog, load_case, resolve_under};
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
            "scenarios/respublica.json",
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
    for path in ["scenarios/yntymaq-party.json", "scenarios/baytaq.json"] {
        let cf = under(path, "kz-simplified", AuthorityModel::Replicate);
        assert_eq!(lapses(&cf), 0, "{path}: {:#?}", cf.rows);
        assert!(
            !cf.retimed_windows.is_empty(),
            "{path}: the re-timing is listed"
        );
    }
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
