//! Counterfactual derivations that code mutations survived (issue 13): each test is a
//! small hypothetical case, given / when / then, whose derived record under another rule
//! set depends on the branch a mutation removed.

use regsim::counterfactual::{AuthorityModel, Counterfactual, counterfactual};
use regsim::defect::DefectCode;
use regsim::event::EventKind;
use regsim::rules::{Catalog, RuleSet};
use regsim::scenario::Scenario;

fn rules(id: &str) -> RuleSet {
    Catalog::bundled().resolve(id).unwrap()
}

/// A hypothetical party case under `rules` with `events` given as JSON objects.
fn case(rules: &str, events: serde_json::Value) -> Scenario {
    serde_json::from_value(serde_json::json!({
        "id": "given", "title": "given", "kind": "hypothetical", "applicant": "test",
        "entity": "party", "rules": rules, "events": events
    }))
    .unwrap()
}

fn under(scenario: &Scenario, other: &str, model: AuthorityModel) -> Counterfactual {
    counterfactual(
        "given.json",
        scenario,
        &rules(&scenario.rules),
        &rules(other),
        model,
        None,
    )
    .unwrap()
}

/// The derived record: (date, event, defect codes).
fn derived(cf: &Counterfactual) -> Vec<(String, EventKind, Vec<DefectCode>)> {
    cf.counterfactual
        .steps
        .iter()
        .map(|s| {
            (
                s.date.to_string(),
                s.event,
                s.defects.iter().map(|d| d.code).collect(),
            )
        })
        .collect()
}

/// Registered under the current rules with 16,000 members, 1,000 in each of 16 regions:
/// enough for kz-2022 (5,000, 200 per region) and for kz-2002's regional minimum (700),
/// not for its 50,000 members.
fn registered_with_sixteen_thousand_members() -> Scenario {
    case(
        "kz-2022",
        serde_json::json!([
            {"date": "2025-01-13", "event": "notification_filed",
             "filed": {"founders": 1200, "regions_covered": 16, "regions_total": 16}},
            {"date": "2025-02-03", "event": "notification_confirmed"},
            {"date": "2025-03-15", "event": "congress_held"},
            {"date": "2025-04-14", "event": "application_submitted",
             "filed": {"members": 16000, "regions_covered": 16, "regions_total": 16,
                       "min_members_per_region": 1000}},
            {"date": "2025-05-08", "event": "registered"}
        ]),
    )
}

#[test]
fn given_too_few_members_for_the_other_rules_when_replicated_then_the_approval_becomes_a_refusal_on_members()
 {
    let scenario = registered_with_sixteen_thousand_members();
    let cf = under(&scenario, "kz-2002", AuthorityModel::Replicate);
    let events = derived(&cf);
    let decision = events
        .iter()
        .find(|(_, kind, _)| *kind == EventKind::ApplicationRefused)
        .unwrap_or_else(|| panic!("no refusal in {events:?}"));
    assert_eq!(decision.2, [DefectCode::TooFewMembers], "{events:?}");
    assert!(cf.counterfactual.outcome.registered_on.is_none());
    assert_eq!(cf.counterfactual.outcome.refusals, 1);
}

/// The aligned rows: the real event each stands for (if any) and how it was derived.
fn rows(cf: &Counterfactual) -> Vec<(Option<EventKind>, String)> {
    cf.rows
        .iter()
        .map(|row| {
            (
                row.factual.as_ref().map(|e| e.event),
                format!("{:?}", row.derivation),
            )
        })
        .collect()
}

/// The row of the real event at `index` in the record.
fn row_of(cf: &Counterfactual, index: usize) -> (usize, String) {
    cf.rows
        .iter()
        .enumerate()
        .find(|(_, row)| row.factual.as_ref().is_some_and(|e| e.index == index))
        .map(|(position, row)| (position, format!("{:?}", row.derivation)))
        .unwrap_or_else(|| panic!("no row for real event {index}: {:?}", rows(cf)))
}

#[test]
fn given_a_confirmation_the_worst_authority_delays_when_the_group_files_after_it_then_the_decision_comes_first()
 {
    // The worst-case authority takes its full time limit to confirm (into February); the
    // real congress falls before that day and waits, the real application after it.
    let scenario = case(
        "kz-2022",
        serde_json::json!([
            {"date": "2025-01-13", "event": "notification_filed"},
            {"date": "2025-01-20", "event": "notification_confirmed"},
            {"date": "2025-01-27", "event": "congress_held"},
            {"date": "2025-03-10", "event": "application_submitted"},
            {"date": "2025-04-01", "event": "registered"}
        ]),
    );
    let cf = under(&scenario, "kz-2022", AuthorityModel::Worst);
    let (confirmation, kept) = row_of(&cf, 1);
    assert!(kept.starts_with("Replaced"), "{kept}");
    let (congress, early) = row_of(&cf, 2);
    assert!(
        early.contains("not possible at stage `notification_review`"),
        "{early}"
    );
    // The congress answered the real confirmation, whose counterpart is still to come.
    assert!(
        early.contains("; it followed the real `notification_confirmed` of 2025-01-20, whose counterpart is still to come (on "),
        "{early}"
    );
    let (application, late) = row_of(&cf, 3);
    assert!(
        late.contains("not possible at stage `confirmed` under kz-2022"),
        "{late}"
    );
    // The congress comes before the delayed confirmation, the application after it.
    assert!(
        congress < confirmation && confirmation < application,
        "{:?}",
        rows(&cf)
    );
}

#[test]
fn given_a_refiling_while_the_authority_reviews_then_it_is_not_possible_there_rather_than_not_needed()
 {
    // The bundled case of a lapsed congress window, under the 2020 rules (1,000 founders):
    // the lawful authority cannot confirm the first notification, so the real second
    // filing finds the case still under review, waiting on the authority.
    let scenario: Scenario = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios/hypothetical-lapsed-window.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let cf = under(&scenario, "kz-2020", AuthorityModel::Lawful);
    let (_, refiling) = row_of(&cf, 3);
    assert!(
        refiling.contains("not possible at stage `notification_review` under kz-2020"),
        "{refiling}"
    );
    assert!(!refiling.contains("not needed"), "{refiling}");
    // The reason names the real decision the filing answered, and what became of it.
    assert!(
        refiling.contains(
            "; it followed the real `notification_confirmed` of 2025-02-10, which has no counterpart under kz-2020"
        ),
        "{refiling}"
    );
}

/// The real refusals' threshold defects judged again: (defect, stands, reason).
fn rejudged(cf: &Counterfactual) -> Vec<(DefectCode, bool, String)> {
    cf.rejudged
        .iter()
        .map(|r| (r.defect, r.stands, r.reason.clone()))
        .collect()
}

#[test]
fn given_a_return_for_too_few_founders_when_the_other_rules_ask_fewer_then_the_defect_is_dropped() {
    // 800 founders: below the 2020 rules' 1,000, above the 2022 rules' 700.
    let scenario = case(
        "kz-2020",
        serde_json::json!([
            {"date": "2021-03-01", "event": "notification_filed",
             "filed": {"founders": 800, "regions_covered": 14, "regions_total": 17}},
            {"date": "2021-03-15", "event": "notification_returned",
             "defects": [{"code": "too_few_founders"}]}
        ]),
    );
    let cf = under(&scenario, "kz-2022", AuthorityModel::Replicate);
    let notes = rejudged(&cf);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let (defect, stands, reason) = &notes[0];
    assert_eq!((*defect, *stands), (DefectCode::TooFewFounders, false));
    assert!(
        reason.contains("the filing's 800 founders meet kz-2022's 700"),
        "{reason}"
    );
    assert_eq!(cf.counterfactual.outcome.refusals, 0, "{:?}", derived(&cf));
    // Against the same 1,000 (the 2009 rules) the real decision already judged it: it
    // stands, with no note.
    let cf = under(&scenario, "kz-2009", AuthorityModel::Replicate);
    assert!(rejudged(&cf).is_empty(), "{:?}", rejudged(&cf));
    assert_eq!(cf.counterfactual.outcome.refusals, 1, "{:?}", derived(&cf));
}

#[test]
fn given_a_return_on_regions_when_the_other_rules_set_no_regional_share_then_even_none_meets_it() {
    // The reform sets the founders' regional share to 0: any share meets it, none too.
    let scenario = case(
        "kz-2022",
        serde_json::json!([
            {"date": "2025-01-13", "event": "notification_filed",
             "filed": {"founders": 800, "regions_covered": 0, "regions_total": 17}},
            {"date": "2025-01-27", "event": "notification_returned",
             "defects": [{"code": "too_few_regions"}]}
        ]),
    );
    let cf = under(
        &scenario,
        "kz-reform-no-regional-quotas",
        AuthorityModel::Replicate,
    );
    let notes = rejudged(&cf);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let (defect, stands, reason) = &notes[0];
    assert_eq!((*defect, *stands), (DefectCode::TooFewRegions, false));
    assert!(
        reason.contains("the filing's 0 of 17 regions among the founders meet"),
        "{reason}"
    );
}
