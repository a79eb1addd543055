//! `compare`'s differences from the baseline, pinned to the figures of bundled cases
//! (issue 13: tests that fail when behaviour breaks).
//!
//! The comparison snapshots show two columns of differences; these tests hold every
//! difference a row carries to the two rows it is taken from, with a reform as baseline
//! (so rows lose registration), with the baseline swapped (every difference negated),
//! with refusal counts the sources give only as minimums (`≤`, `≥`, `?`), and with a row
//! derived only to an earlier day (`n/a`). They also pin the cells a reader sees and
//! which rows carry an explanation, a range, conditions and assumptions.

use regsim::app::{catalog, load_cases};
use regsim::compare::{CaseInput, Comparison, ComparisonRow, DeltaBound, RowDelta, compare};
use regsim::counterfactual::AuthorityModel;
use regsim::rules::{Catalog, RuleSet};
use regsim::scenario::Scenario;

fn bundled() -> (Catalog, Vec<(String, Scenario, RuleSet)>) {
    let catalog = catalog(&[]).unwrap();
    let cases = load_cases(&catalog, &[], true).unwrap();
    (catalog, cases)
}

/// Every case of `cases` under `rule_ids`, the first the baseline.
fn comparison_of(
    catalog: &Catalog,
    cases: &[(String, Scenario, RuleSet)],
    rule_ids: &[&str],
    explain: bool,
) -> Comparison {
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
        Some(catalog),
    )
    .unwrap()
}

fn only(cases: &[(String, Scenario, RuleSet)], id: &str) -> Vec<(String, Scenario, RuleSet)> {
    cases.iter().filter(|c| c.1.id == id).cloned().collect()
}

fn row<'a>(comparison: &'a Comparison, case: &str, rules: &str) -> &'a ComparisonRow {
    comparison
        .rows
        .iter()
        .find(|row| row.case == case && row.rules == rules)
        .unwrap_or_else(|| panic!("no row {case} under {rules}"))
}

fn delta<'a>(comparison: &'a Comparison, case: &str, rules: &str) -> &'a RowDelta {
    row(comparison, case, rules)
        .delta
        .as_ref()
        .unwrap_or_else(|| panic!("no delta for {case} under {rules}"))
}

fn cell_delta(refusals: i64, bound: DeltaBound, registration: &str, days: Option<i32>) -> RowDelta {
    RowDelta {
        registration: registration.to_string(),
        days,
        refusals,
        attempts: 0,
        remark_rounds: 0,
        appeals: 0,
        authority_days: 0,
        refusals_bound: bound,
        unconfirmed: Vec::new(),
    }
}

#[test]
fn the_refusals_cell_says_how_far_the_difference_is_known() {
    let cell = |refusals, bound| cell_delta(refusals, bound, "same", None).refusals_cell();
    assert_eq!(cell(0, DeltaBound::Exact), "");
    assert_eq!(cell(-2, DeltaBound::Exact), "-2");
    assert_eq!(cell(1, DeltaBound::Exact), "+1");
    assert_eq!(cell(-2, DeltaBound::AtMost), "≤-2");
    assert_eq!(cell(0, DeltaBound::AtMost), "≤+0");
    assert_eq!(cell(3, DeltaBound::AtLeast), "≥+3");
    assert_eq!(cell(2, DeltaBound::Undetermined), "?");
    assert_eq!(cell(2, DeltaBound::NotComparable), "n/a");
    let mut resting = cell_delta(-1, DeltaBound::Exact, "same", None);
    resting.unconfirmed = vec!["refusals".into()];
    assert_eq!(resting.refusals_cell(), "-1†");
    // A difference in days that rests on unconfirmed events does not mark the refusals.
    resting.unconfirmed = vec!["days".into()];
    assert_eq!(resting.refusals_cell(), "-1");
    resting.refusals_bound = DeltaBound::NotComparable;
    resting.unconfirmed = vec!["refusals".into()];
    assert_eq!(resting.refusals_cell(), "n/a");
}

#[test]
fn the_days_cell_says_gained_lost_or_the_difference() {
    let cell =
        |registration, days| cell_delta(0, DeltaBound::Exact, registration, days).days_cell();
    assert_eq!(cell("gained", None), "gained");
    assert_eq!(cell("gained", Some(5)), "gained");
    assert_eq!(cell("lost", None), "lost");
    assert_eq!(cell("same", Some(3)), "+3");
    assert_eq!(cell("same", Some(-77)), "-77");
    assert_eq!(cell("same", Some(0)), "");
    assert_eq!(cell("same", None), "");
    let mut resting = cell_delta(0, DeltaBound::Exact, "lost", None);
    resting.unconfirmed = vec!["days".into()];
    assert_eq!(resting.days_cell(), "lost†");
    resting.unconfirmed = vec!["refusals".into()];
    assert_eq!(resting.days_cell(), "lost");
    // A row derived only to an earlier day sets no days against the baseline.
    let mut short = cell_delta(0, DeltaBound::NotComparable, "gained", Some(4));
    assert_eq!(short.days_cell(), "n/a");
    short.refusals_bound = DeltaBound::AtMost;
    assert_eq!(short.days_cell(), "gained");
}

#[test]
fn with_a_reform_as_baseline_the_current_rules_lose_registrations() {
    let (catalog, cases) = bundled();
    let c = comparison_of(
        &catalog,
        &cases,
        &["kz-reform-closed-grounds", "kz-2022"],
        false,
    );
    assert_eq!(c.baseline, "kz-reform-closed-grounds");
    let lost = delta(&c, "hypothetical-cure-lapsed", "kz-2022");
    assert_eq!(lost.registration, "lost");
    assert_eq!(lost.days, None);
    assert_eq!((lost.refusals, lost.refusals_bound), (1, DeltaBound::Exact));
    assert_eq!(lost.days_cell(), "lost");
    assert_eq!(lost.refusals_cell(), "+1");
    // Both registered: every figure is this row's minus the baseline's.
    let later = delta(&c, "hypothetical-appeal-granted", "kz-2022");
    assert_eq!(
        (
            later.registration.as_str(),
            later.days,
            later.refusals,
            later.attempts,
            later.remark_rounds,
            later.appeals,
            later.authority_days
        ),
        ("same", Some(77), 1, 0, 0, 1, 23)
    );
    let rounds = delta(&c, "hypothetical-finding-too-many-remark-rounds", "kz-2022");
    assert_eq!(
        (
            rounds.days,
            rounds.refusals,
            rounds.attempts,
            rounds.authority_days
        ),
        (Some(83), 3, 3, 42)
    );
    // A real case: the factual row loses what the reform's counterfactual gained, and
    // the differences rest on the events the case file does not confirm.
    let real = delta(&c, "halyk-derbestigi-2024", "kz-2022");
    assert_eq!(
        (
            real.registration.as_str(),
            real.attempts,
            real.authority_days
        ),
        ("lost", -1, -31)
    );
    assert_eq!(real.unconfirmed, ["days", "refusals"]);
    assert_eq!(real.days_cell(), "lost†");
    assert_eq!(real.refusals_cell(), "+1†");
    // Where nothing the file does not confirm enters, nothing is marked.
    assert!(lost.unconfirmed.is_empty());
}

#[test]
fn the_current_rules_as_baseline_give_gains_and_the_other_figures() {
    let (catalog, cases) = bundled();
    let c = comparison_of(&catalog, &cases, &["kz-2022", "kz-simplified"], false);
    let gained = delta(&c, "hypothetical-cure-lapsed", "kz-simplified");
    assert_eq!(
        (
            gained.registration.as_str(),
            gained.days,
            gained.refusals,
            gained.attempts,
            gained.remark_rounds,
            gained.appeals,
            gained.authority_days
        ),
        ("gained", None, 0, 1, 1, 0, 10)
    );
    let appeal = delta(&c, "hypothetical-appeal-granted", "kz-simplified");
    assert_eq!(
        (
            appeal.days,
            appeal.refusals,
            appeal.remark_rounds,
            appeal.appeals,
            appeal.authority_days
        ),
        (Some(-31), -1, 1, -1, -12)
    );
    // Days only: the registration date the counterfactual derived rests on an
    // assumption, so its days difference is marked, its refusals not.
    assert_eq!(appeal.unconfirmed, ["days"]);
    assert_eq!(appeal.days_cell(), "-31†");
    assert_eq!(appeal.refusals_cell(), "-1");
}

#[test]
fn swapping_the_baseline_negates_every_difference() {
    let (catalog, cases) = bundled();
    let forward = comparison_of(&catalog, &cases, &["kz-2022", "kz-simplified"], false);
    let backward = comparison_of(&catalog, &cases, &["kz-simplified", "kz-2022"], false);
    let mut compared = 0;
    for row in forward.rows.iter().filter(|r| r.rules == "kz-simplified") {
        let Some(there) = &row.delta else { continue };
        let back = delta(&backward, &row.case, "kz-2022");
        let swapped = match there.registration.as_str() {
            "gained" => "lost",
            "lost" => "gained",
            other => other,
        };
        assert_eq!(back.registration, swapped, "{}", row.case);
        assert_eq!(back.days, there.days.map(|d| -d), "{}", row.case);
        assert_eq!(
            (
                back.refusals,
                back.attempts,
                back.remark_rounds,
                back.appeals,
                back.authority_days
            ),
            (
                -there.refusals,
                -there.attempts,
                -there.remark_rounds,
                -there.appeals,
                -there.authority_days
            ),
            "{}",
            row.case
        );
        assert_eq!(back.unconfirmed, there.unconfirmed, "{}", row.case);
        compared += 1;
    }
    assert!(compared > 15, "{compared}");
}

#[test]
fn every_difference_is_the_row_minus_the_baseline_row() {
    let (catalog, cases) = bundled();
    let c = comparison_of(
        &catalog,
        &cases,
        &["kz-2022", "kz-simplified", "kz-reform-cure-period"],
        false,
    );
    let (mut gained, mut lost, mut nonzero) = (0, 0, 0);
    for row in &c.rows {
        let base = c
            .rows
            .iter()
            .find(|b| b.case == row.case && b.baseline)
            .unwrap();
        assert_eq!(base.rules, "kz-2022");
        if row.baseline || !row.applicable || !base.applicable {
            assert!(row.delta.is_none(), "{} {}", row.case, row.rules);
            continue;
        }
        let d = row.delta.as_ref().unwrap();
        let expected = match (base.registered, row.registered) {
            (false, true) => "gained",
            (true, false) => "lost",
            _ => "same",
        };
        assert_eq!(d.registration, expected);
        gained += usize::from(expected == "gained");
        lost += usize::from(expected == "lost");
        let days = match (base.registered, row.registered, base.days, row.days) {
            (true, true, Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        assert_eq!(d.days, days, "{} {}", row.case, row.rules);
        let diff = |mine: u32, theirs: u32| i64::from(mine) - i64::from(theirs);
        assert_eq!(d.refusals, diff(row.refusals, base.refusals));
        assert_eq!(d.attempts, diff(row.attempts, base.attempts));
        assert_eq!(d.remark_rounds, diff(row.remark_rounds, base.remark_rounds));
        assert_eq!(d.appeals, diff(row.appeals, base.appeals));
        assert_eq!(
            d.authority_days,
            i64::from(row.authority_days) - i64::from(base.authority_days)
        );
        nonzero += usize::from(d.attempts != 0 && d.remark_rounds != 0);
    }
    assert!(gained > 0 && nonzero > 0, "{gained} {nonzero}");
    assert_eq!(
        lost, 0,
        "the simplified and cure-period rules lose no registration"
    );
}

/// The case with three remark rounds, its refusals given by the sources only as a minimum.
fn with_a_minimum_count() -> (Catalog, Vec<(String, Scenario, RuleSet)>) {
    let (catalog, cases) = bundled();
    let mut case = only(&cases, "hypothetical-finding-too-many-remark-rounds");
    case[0]
        .1
        .recorded_outcome
        .as_mut()
        .expect("a recorded outcome")
        .refusals_at_least = Some(1);
    (catalog, case)
}

#[test]
fn minimum_counts_bound_the_refusal_difference() {
    let (catalog, case) = with_a_minimum_count();
    let id = "hypothetical-finding-too-many-remark-rounds";
    // Under kz-2022 3 refusals (a minimum), kz-2020 5, kz-reform-deemed-registration 3,
    // kz-simplified none.
    let c = comparison_of(
        &catalog,
        &case,
        &[
            "kz-2022",
            "kz-2020",
            "kz-reform-deemed-registration",
            "kz-simplified",
        ],
        false,
    );
    assert!(row(&c, id, "kz-2022").refusals_at_least);
    let both = delta(&c, id, "kz-2020");
    assert_eq!(
        (both.refusals, both.refusals_bound),
        (2, DeltaBound::Undetermined)
    );
    assert_eq!(both.refusals_cell(), "?");
    let equal = delta(&c, id, "kz-reform-deemed-registration");
    assert_eq!(
        (equal.refusals, equal.refusals_bound),
        (0, DeltaBound::Exact)
    );
    assert_eq!(equal.refusals_cell(), "");
    let fewer = delta(&c, id, "kz-simplified");
    assert_eq!(
        (fewer.refusals, fewer.refusals_bound),
        (-3, DeltaBound::AtMost)
    );
    assert_eq!(fewer.refusals_cell(), "≤-3");
    // The other way round: the baseline refused none, this row at least three.
    let c = comparison_of(&catalog, &case, &["kz-simplified", "kz-2022"], false);
    let more = delta(&c, id, "kz-2022");
    assert_eq!(
        (more.refusals, more.refusals_bound),
        (3, DeltaBound::AtLeast)
    );
    assert_eq!(more.refusals_cell(), "≥+3");
    // Without the minimum, the same rows are exact.
    let (catalog, cases) = bundled();
    let exact = comparison_of(
        &catalog,
        &only(&cases, id),
        &["kz-2022", "kz-2020", "kz-simplified"],
        false,
    );
    for rules in ["kz-2020", "kz-simplified"] {
        assert_eq!(delta(&exact, id, rules).refusals_bound, DeltaBound::Exact);
    }
    assert_eq!(delta(&exact, id, "kz-2020").refusals_cell(), "+2");
}

#[test]
fn a_row_derived_only_to_an_earlier_day_is_not_set_against_the_baseline() {
    let (catalog, cases) = bundled();
    let alga = only(&cases, "alga-kazakhstan-2022");
    let id = "alga-kazakhstan-2022";
    let c = comparison_of(&catalog, &alga, &["kz-2022", "kz-simplified"], false);
    let short = row(&c, id, "kz-simplified");
    assert!(short.derived_to.is_some());
    let d = short.delta.as_ref().unwrap();
    assert_eq!(d.refusals_bound, DeltaBound::NotComparable);
    assert_eq!(
        (d.days_cell(), d.refusals_cell()),
        ("n/a".into(), "n/a".into())
    );
    // The same when it is the baseline that stops early.
    let c = comparison_of(&catalog, &alga, &["kz-simplified", "kz-2022"], false);
    let d = delta(&c, id, "kz-2022");
    assert_eq!(d.refusals_bound, DeltaBound::NotComparable);
    // And a row that follows the record to the end against one that does too is exact.
    let c = comparison_of(&catalog, &alga, &["kz-2022", "kz-2020"], false);
    assert_eq!(delta(&c, id, "kz-2020").refusals_bound, DeltaBound::Exact);
}

#[test]
fn rows_carry_an_explanation_only_where_they_differ_or_are_conditional() {
    let (catalog, cases) = bundled();
    let c = comparison_of(&catalog, &cases, &["kz-2022", "kz-simplified"], true);
    let explained: Vec<_> = c.explained_rows().map(|r| (&r.case, &r.rules)).collect();
    let expected: Vec<_> = c
        .rows
        .iter()
        .filter(|r| !r.explanation.is_empty())
        .map(|r| (&r.case, &r.rules))
        .collect();
    assert_eq!(explained, expected);
    assert!(!explained.is_empty() && explained.len() < c.rows.len());
    for row in &c.rows {
        let Some(d) = &row.delta else {
            assert!(row.explanation.is_empty(), "{} {}", row.case, row.rules);
            continue;
        };
        let differs = d.registration != "same" || d.days.is_some_and(|x| x != 0) || d.refusals != 0;
        let should = row.counterfactual && (differs || !row.conditions.is_empty());
        assert_eq!(
            !row.explanation.is_empty(),
            should,
            "{} {}",
            row.case,
            row.rules
        );
    }
    // A row that differs only in days is explained; one that differs in nothing is not.
    assert!(
        !row(&c, "hypothetical-suspended-review", "kz-simplified")
            .explanation
            .is_empty()
    );
    assert!(
        row(
            &c,
            "hypothetical-finding-threshold-not-met",
            "kz-simplified"
        )
        .explanation
        .is_empty()
    );
    // Without --explain, none.
    let plain = comparison_of(&catalog, &cases, &["kz-2022", "kz-simplified"], false);
    assert_eq!(plain.explained_rows().count(), 0);
}

#[test]
fn the_row_filters_pick_exactly_the_rows_with_a_range_conditions_or_assumptions() {
    let (catalog, cases) = bundled();
    let c = comparison_of(&catalog, &cases, &["kz-2022", "kz-simplified"], false);
    let ids = |rows: Vec<&ComparisonRow>| -> Vec<(String, String)> {
        rows.into_iter()
            .map(|r| (r.case.clone(), r.rules.clone()))
            .collect()
    };
    let with = |keep: fn(&ComparisonRow) -> bool| ids(c.rows.iter().filter(|r| keep(r)).collect());
    let ranged = ids(c.rows_with_range().collect());
    assert_eq!(ranged, with(|r| !r.range.is_empty()));
    assert!(!ranged.is_empty() && ranged.len() < c.rows.len());
    // A range is given for counterfactual rows only, one outcome per model.
    for row in c.rows_with_range() {
        assert!(row.counterfactual && row.applicable);
        assert_eq!(row.range.len(), AuthorityModel::ALL.len());
    }
    assert!(
        row(&c, "hypothetical-appeal-granted", "kz-2022")
            .range
            .is_empty()
    );
    let conditional = ids(c.conditional_rows().collect());
    assert_eq!(conditional, with(|r| !r.conditions.is_empty()));
    assert!(!conditional.is_empty() && conditional.len() < c.rows.len());
    let assumed = ids(c.rows_with_assumptions().collect());
    assert_eq!(assumed, with(|r| !r.assumptions.is_empty()));
    assert!(!assumed.is_empty() && assumed.len() < c.rows.len());
}

#[test]
fn refusals_outside_the_file_stand_beside_the_factual_row_only() {
    let (catalog, cases) = bundled();
    let c = comparison_of(
        &catalog,
        &only(&cases, "respublica"),
        &["kz-2022", "kz-simplified"],
        false,
    );
    let factual = row(&c, "respublica", "kz-2022");
    assert!(!factual.counterfactual);
    assert_eq!(factual.refusals_outside_file, 2);
    let json = serde_json::to_value(factual).unwrap();
    assert_eq!(json["refusals_outside_file"], 2);
    let cf = row(&c, "respublica", "kz-simplified");
    assert!(cf.counterfactual);
    assert_eq!(cf.refusals_outside_file, 0);
    let json = serde_json::to_value(cf).unwrap();
    assert!(json.get("refusals_outside_file").is_none(), "{json}");
}

#[test]
fn the_registered_flag_is_the_final_stage_and_factual_rows_list_unconfirmed_events() {
    let (catalog, cases) = bundled();
    let c = comparison_of(&catalog, &cases, &["kz-2022", "kz-simplified"], false);
    for row in c.rows.iter().filter(|r| r.applicable) {
        assert_eq!(
            row.registered,
            row.registered_on.is_some(),
            "{} {}",
            row.case,
            row.rules
        );
    }
    // respublica's factual row: three events the file does not confirm.
    let factual = row(&c, "respublica", "kz-2022");
    assert_eq!(
        factual.unconfirmed_events.len(),
        3,
        "{:?}",
        factual.unconfirmed_events
    );
    for event in &factual.unconfirmed_events {
        assert!(event.starts_with('#') && event.ends_with(')'), "{event}");
    }
    // A hypothetical case confirmed throughout lists none under either rule set.
    for rules in ["kz-2022", "kz-simplified"] {
        assert!(
            row(&c, "hypothetical-appeal-granted", rules)
                .unconfirmed_events
                .is_empty()
        );
    }
}

#[test]
fn a_rule_set_for_another_entity_kind_gives_a_row_that_does_not_apply() {
    let (catalog, cases) = bundled();
    let pa = only(&cases, "ult-yntymagy");
    let c = comparison_of(&catalog, &pa, &["kz-2022", "kz-pa-simplified"], false);
    let other = &c.rows[0];
    assert_eq!(other.rules, "kz-2022");
    assert!(!other.applicable && other.counterfactual && other.baseline);
    assert!(
        other.final_stage.starts_with("n/a: "),
        "{}",
        other.final_stage
    );
    assert!(other.final_stage.contains("party"), "{}", other.final_stage);
    assert!(other.delta.is_none());
    // The public-association rule set applies, but with no applicable baseline there is
    // no difference to give.
    let own = &c.rows[1];
    assert!(own.applicable && !own.baseline);
    assert!(own.delta.is_none());
    assert!(!own.final_stage.starts_with("n/a"));
    // With the public-association rules as baseline the party rule set still does not
    // apply, and the baseline row carries no difference of its own.
    let c = comparison_of(&catalog, &pa, &["kz-pa-simplified", "kz-2022"], false);
    assert!(c.rows[0].applicable && c.rows[0].delta.is_none());
    assert!(!c.rows[1].applicable && c.rows[1].delta.is_none());
}

#[test]
fn a_rule_set_that_cannot_be_resolved_gives_a_row_named_by_its_label() {
    let (catalog, cases) = bundled();
    let one = only(&cases, "hypothetical-appeal-granted");
    let (file, scenario, own_rules) = &one[0];
    let input = CaseInput {
        file: file.clone(),
        scenario,
        own_rules,
        rule_sets: vec![Ok(own_rules.clone()), Err("no such rule set".to_string())],
    };
    let labels = vec!["own".to_string(), "kz-nowhere".to_string()];
    let c = compare(
        &[input],
        &labels,
        0,
        AuthorityModel::Replicate,
        false,
        Some(&catalog),
    )
    .unwrap();
    assert_eq!(c.baseline, "own");
    assert_eq!(c.rules, labels);
    let missing = &c.rows[1];
    assert_eq!(missing.rules, "kz-nowhere");
    assert_eq!(missing.final_stage, "n/a: no such rule set");
    assert!(!missing.applicable && missing.delta.is_none());
    let own = &c.rows[0];
    assert!(own.applicable && !own.counterfactual && own.baseline && own.registered);
}
