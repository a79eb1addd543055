//! Unit tests of the graph analyses on small hand-made rule sets: worst-case arithmetic,
//! loop detection and what caps a loop. Each rule set is written as JSON and resolved the
//! way a user's file would be, so the tests also hold the analyses to validated input.

use crate::rules::{Catalog, RuleSet, RuleSetFile, StageId};

use super::analysis::{PathsReport, Verdict};
use super::caps::CapKind;
use super::cycles::CycleStatus;
use super::duration::StepBound;
use super::loops::Loop;
use super::procedure::ProcedureGraph;

/// A time-limit parameter.
pub(super) fn limit(id: &str, value: u32, unit: &str, starts_on: &[&str], paused: bool) -> String {
    let starts: Vec<String> = starts_on.iter().map(|s| format!("\"{s}\"")).collect();
    format!(
        r#""{id}": {{"label": "{id}", "value": {value}, "unit": "{unit}", "starts_on": [{}], "paused_while_suspended": {paused}, "status": "assumed", "note": "test"}}"#,
        starts.join(", ")
    )
}

/// A count parameter.
pub(super) fn count(id: &str, value: u32) -> String {
    format!(
        r#""{id}": {{"label": "{id}", "value": {value}, "unit": "count", "status": "assumed", "note": "test"}}"#
    )
}

/// A stage; `outcome` is `pending`, `registered` or `ended`.
pub(super) fn stage(id: &str, waiting_on: &str, outcome: &str) -> String {
    format!(
        r#"{{"id": "{id}", "label": "Stage {id}", "waiting_on": "{waiting_on}", "outcome": "{outcome}"}}"#
    )
}

/// A transition with an optional deadline and guards (JSON objects, comma-separated).
pub(super) fn transition(
    id: &str,
    from: &str,
    to: &str,
    event: &str,
    deadline: Option<&str>,
    guards: &str,
) -> String {
    let deadline = deadline.map_or(String::new(), |d| format!(r#", "deadline": "{d}""#));
    format!(
        r#"{{"id": "{id}", "from": "{from}", "to": "{to}", "event": "{event}"{deadline}, "guards": [{guards}], "status": "assumed", "note": "test"}}"#
    )
}

/// Resolves a rule set that starts at `preparing`.
pub(super) fn rule_set(
    parameters: &[String],
    stages: &[String],
    transitions: &[String],
) -> RuleSet {
    let text = format!(
        r#"{{
          "id": "test", "title": "A test procedure", "jurisdiction": "Nowhere", "entity": "party",
          "parameters": {{ {} }},
          "policies": {{
            "refusal_grounds": {{"rule": "open", "status": "assumed", "note": "test"}},
            "rectifiable_defects": {{"rule": "may_refuse", "status": "assumed", "note": "test"}},
            "authority_silence": {{"rule": "no_effect", "status": "assumed", "note": "test"}},
            "notification": {{"rule": "none", "status": "assumed", "note": "test"}}
          }},
          "procedure": {{"start": "preparing", "stages": [{}], "transitions": [{}]}}
        }}"#,
        parameters.join(", "),
        stages.join(", "),
        transitions.join(", ")
    );
    let file: RuleSetFile = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut catalog = Catalog::default();
    catalog.add("test.json".into(), file).unwrap();
    catalog.resolve("test").unwrap_or_else(|e| panic!("{e}"))
}

fn only_loop(report: &PathsReport) -> &Loop {
    assert_eq!(report.loops.len(), 1, "{:#?}", report.loops);
    &report.loops[0]
}

/// preparing → under_review → registered / refused → appeal → lost, with a branch window.
fn straight_procedure() -> RuleSet {
    rule_set(
        &[
            limit(
                "review_period",
                10,
                "working_days",
                &["application_submitted"],
                false,
            ),
            limit("branch_window", 12, "months", &["registered"], false),
        ],
        &[
            stage("preparing", "applicant", "pending"),
            stage("under_review", "authority", "pending"),
            stage("registered", "applicant", "registered"),
            stage("established", "applicant", "registered"),
            stage("refused", "applicant", "pending"),
            stage("appeal", "court", "pending"),
            stage("lost", "applicant", "ended"),
        ],
        &[
            transition(
                "submit",
                "preparing",
                "under_review",
                "application_submitted",
                None,
                "",
            ),
            transition(
                "register",
                "under_review",
                "registered",
                "registered",
                Some("review_period"),
                "",
            ),
            transition(
                "branches",
                "registered",
                "established",
                "branches_registered",
                Some("branch_window"),
                "",
            ),
            transition(
                "refuse",
                "under_review",
                "refused",
                "application_refused",
                Some("review_period"),
                "",
            ),
            transition("appeal", "refused", "appeal", "appeal_filed", None, ""),
            transition(
                "reject_appeal",
                "appeal",
                "lost",
                "appeal_rejected",
                None,
                "",
            ),
        ],
    )
}

#[test]
fn node_i_is_stage_i_and_edge_i_is_transition_i() {
    let rules = straight_procedure();
    let graph = ProcedureGraph::new(&rules);
    for (index, stage) in graph.stages().enumerate() {
        assert_eq!(stage.stage, StageId(index as u16));
        assert_eq!(stage.id, rules.stages()[index].id);
    }
    for id in rules.transition_ids() {
        let compiled = rules.compiled_transition(id);
        assert!(graph.has_edge(compiled.from, compiled.to, id));
        assert_eq!(
            graph.transition(id).map(|e| e.id.as_str()),
            Some(rules.transition(id).id.as_str())
        );
    }
    assert!(graph.start().start);
    assert!(graph.reachability().is_clean());
}

#[test]
fn worst_case_sums_longest_spans_and_counts_own_time_as_zero() {
    let report = PathsReport::new(&ProcedureGraph::new(&straight_procedure()));
    let route = |route: &str| {
        report
            .paths
            .paths
            .iter()
            .find(|path| path.route() == route)
            .unwrap_or_else(|| panic!("no path {route}"))
    };
    // Own time (0) + ten working days (at most 14 calendar days).
    let registered = route("preparing → under_review → registered");
    assert!(registered.worst_case.bounded);
    assert_eq!(registered.worst_case.days, 14);
    assert_eq!(registered.worst_case.applicant_own_time, ["submit"]);
    // Plus twelve months (at most 366 days).
    assert_eq!(
        route("preparing → under_review → registered → established")
            .worst_case
            .days,
        380
    );
    // The court decides the appeal with no time limit: unbounded, and the step is named.
    let lost = route("preparing → under_review → refused → appeal → lost");
    assert!(!lost.worst_case.bounded);
    assert_eq!(lost.worst_case.unbounded_by, ["reject_appeal"]);
    assert_eq!(lost.worst_case.days, 14);
    assert_eq!(report.worst_case.verdict, Verdict::Unbounded);
    assert_eq!(report.worst_case.unbounded_paths, 1);
    // Registration is reached after 14 days; the branch window comes after it.
    assert_eq!(report.worst_case.longest_to_registration_days, Some(14));
    let waits: Vec<&str> = report
        .worst_case
        .endless_waits
        .iter()
        .map(|w| w.stage.as_str())
        .collect();
    assert_eq!(waits, ["appeal"]);
    assert!(report.loops.is_empty());
}

#[test]
fn a_step_takes_the_worst_of_its_transitions() {
    let rules = rule_set(
        &[limit(
            "review_period",
            1,
            "months",
            &["application_submitted"],
            false,
        )],
        &[
            stage("preparing", "applicant", "pending"),
            stage("under_review", "authority", "pending"),
            stage("registered", "applicant", "registered"),
        ],
        &[
            transition(
                "submit",
                "preparing",
                "under_review",
                "application_submitted",
                None,
                "",
            ),
            transition(
                "register",
                "under_review",
                "registered",
                "registered",
                Some("review_period"),
                "",
            ),
            transition(
                "deem",
                "under_review",
                "registered",
                "deemed_registered",
                Some("review_period"),
                "",
            ),
        ],
    );
    let graph = ProcedureGraph::new(&rules);
    let report = PathsReport::new(&graph);
    assert_eq!(
        report.paths.paths.len(),
        1,
        "parallel transitions make one path"
    );
    let step = &report.paths.paths[0].steps[1];
    assert_eq!(step.options.len(), 2);
    // Registration is due by day 31 of the review; deemed registration fires on day 32,
    // the day after its last day, as in the engine.
    assert_eq!(step.options[0].bound, StepBound::Limited { days: 31 });
    assert_eq!(step.bound, StepBound::Fires { days: 32 });
    assert_eq!(report.worst_case.verdict, Verdict::Finite);
    assert_eq!(report.worst_case.longest_bounded_days, Some(32));
}

/// under_review ⇄ awaiting_cure (remarks and cure) with a cap on remark rounds; with
/// `resubmission`, also refused → under_review by a new filing.
fn remark_procedure(resubmission: bool) -> RuleSet {
    let mut transitions = vec![
        transition(
            "submit",
            "preparing",
            "under_review",
            "application_submitted",
            None,
            "",
        ),
        transition(
            "remarks",
            "under_review",
            "awaiting_cure",
            "remarks_issued",
            Some("review_period"),
            r#"{"guard": "remark_rounds_below", "parameter": "max_rounds"}"#,
        ),
        transition(
            "cure",
            "awaiting_cure",
            "under_review",
            "defects_cured",
            Some("cure_period"),
            "",
        ),
        transition(
            "register",
            "under_review",
            "registered",
            "registered",
            Some("review_period"),
            "",
        ),
        transition(
            "refuse",
            "under_review",
            "refused",
            "application_refused",
            Some("review_period"),
            "",
        ),
        transition("withdraw", "refused", "withdrawn", "withdrawn", None, ""),
    ];
    if resubmission {
        transitions.push(transition(
            "resubmit",
            "refused",
            "under_review",
            "application_submitted",
            None,
            "",
        ));
    }
    rule_set(
        &[
            limit(
                "review_period",
                1,
                "months",
                &["application_submitted", "defects_cured"],
                false,
            ),
            limit("cure_period", 1, "months", &["remarks_issued"], false),
            count("max_rounds", 2),
        ],
        &[
            stage("preparing", "applicant", "pending"),
            stage("under_review", "authority", "pending"),
            stage("awaiting_cure", "applicant", "pending"),
            stage("refused", "applicant", "pending"),
            stage("registered", "applicant", "registered"),
            stage("withdrawn", "applicant", "ended"),
        ],
        &transitions,
    )
}

#[test]
fn a_remark_round_cap_caps_the_remark_and_cure_loop() {
    let report = PathsReport::new(&ProcedureGraph::new(&remark_procedure(false)));
    let found = only_loop(&report);
    assert_eq!(found.stages, ["under_review", "awaiting_cure"]);
    assert!(found.capped, "{found:#?}");
    let counter = found
        .caps
        .iter()
        .find(|c| c.kind == CapKind::Counter)
        .unwrap();
    assert!(counter.holds);
    assert_eq!(counter.parameter, "max_rounds");
    assert_eq!(counter.transitions, ["remarks"]);
    // The limits are restarted inside the loop (remarks start the cure period, the cure
    // restarts the review), so they cap nothing.
    assert!(
        found
            .caps
            .iter()
            .filter(|c| c.kind == CapKind::TimeLimit)
            .all(|c| !c.holds)
    );
    assert_eq!(found.cycles.len(), 1);
    assert_eq!(found.cycles[0].name, "remarks and cure");
    assert_eq!(found.cycles[0].status, CycleStatus::Capped);
    assert_eq!(report.worst_case.verdict, Verdict::Finite);
}

#[test]
fn a_filing_inside_the_loop_resets_the_remark_count() {
    let report = PathsReport::new(&ProcedureGraph::new(&remark_procedure(true)));
    let found = only_loop(&report);
    assert!(!found.capped);
    let counter = found
        .caps
        .iter()
        .find(|c| c.kind == CapKind::Counter)
        .unwrap();
    assert!(!counter.holds);
    assert!(
        counter.reason.contains("`submit`") || counter.reason.contains("`resubmit`"),
        "{}",
        counter.reason
    );
    let status = |name: &str| {
        found
            .cycles
            .iter()
            .find(|cycle| cycle.name == name)
            .map(|cycle| cycle.status)
            .unwrap_or_else(|| panic!("no cycle {name}: {:#?}", found.cycles))
    };
    assert_eq!(status("remarks and cure"), CycleStatus::CappedOnItsOwn);
    assert_eq!(status("refusal and resubmission"), CycleStatus::Uncapped);
    assert_eq!(report.worst_case.verdict, Verdict::Unbounded);
}

/// A resubmission loop whose resubmission must come within a filing window started by
/// the congress; with `bypass`, an application can also be submitted with no congress.
fn filing_window_procedure(bypass: bool) -> RuleSet {
    let mut transitions = vec![
        transition(
            "hold_congress",
            "preparing",
            "congress_held",
            "congress_held",
            None,
            "",
        ),
        transition(
            "submit",
            "congress_held",
            "under_review",
            "application_submitted",
            Some("filing_window"),
            "",
        ),
        transition(
            "register",
            "under_review",
            "registered",
            "registered",
            Some("review_period"),
            "",
        ),
        transition(
            "refuse",
            "under_review",
            "refused",
            "application_refused",
            Some("review_period"),
            "",
        ),
        transition(
            "resubmit",
            "refused",
            "under_review",
            "application_submitted",
            Some("filing_window"),
            "",
        ),
        transition("withdraw", "refused", "withdrawn", "withdrawn", None, ""),
    ];
    if bypass {
        transitions.push(transition(
            "submit_directly",
            "preparing",
            "under_review",
            "application_submitted",
            None,
            "",
        ));
    }
    rule_set(
        &[
            limit("filing_window", 4, "months", &["congress_held"], false),
            limit(
                "review_period",
                1,
                "months",
                &["application_submitted"],
                false,
            ),
        ],
        &[
            stage("preparing", "applicant", "pending"),
            stage("congress_held", "applicant", "pending"),
            stage("under_review", "authority", "pending"),
            stage("refused", "applicant", "pending"),
            stage("registered", "applicant", "registered"),
            stage("withdrawn", "applicant", "ended"),
        ],
        &transitions,
    )
}

#[test]
fn a_limit_started_outside_the_loop_caps_it_in_time() {
    let report = PathsReport::new(&ProcedureGraph::new(&filing_window_procedure(false)));
    let found = only_loop(&report);
    assert_eq!(found.stages, ["under_review", "refused"]);
    assert!(found.capped, "{found:#?}");
    let window = found
        .caps
        .iter()
        .find(|c| c.parameter == "filing_window")
        .unwrap();
    assert!(window.holds, "{}", window.reason);
    assert_eq!(window.transitions, ["resubmit"]);
    let review = found
        .caps
        .iter()
        .find(|c| c.parameter == "review_period")
        .unwrap();
    assert!(!review.holds);
    assert!(review.reason.contains("`resubmit`"), "{}", review.reason);
    assert_eq!(found.cycles[0].name, "refusal and resubmission");
    assert_eq!(found.cycles[0].capped_by, ["filing_window"]);
}

#[test]
fn a_limit_that_may_not_be_running_caps_nothing() {
    let report = PathsReport::new(&ProcedureGraph::new(&filing_window_procedure(true)));
    let found = only_loop(&report);
    assert!(!found.capped);
    let window = found
        .caps
        .iter()
        .find(|c| c.parameter == "filing_window")
        .unwrap();
    assert!(!window.holds);
    assert!(
        window.reason.contains("may not be running"),
        "{}",
        window.reason
    );
}

/// A congress the authority can prevent again and again while the congress window runs;
/// the window starts when the notification is filed and its lapse ends the stage.
#[test]
fn a_clock_transition_out_of_the_stage_caps_a_self_loop() {
    let rules = rule_set(
        &[limit(
            "congress_window",
            3,
            "months",
            &["notification_filed"],
            false,
        )],
        &[
            stage("preparing", "applicant", "pending"),
            stage("confirmed", "applicant", "pending"),
            stage("congress_held", "applicant", "registered"),
            stage("lapsed", "applicant", "ended"),
        ],
        &[
            transition(
                "notify",
                "preparing",
                "confirmed",
                "notification_filed",
                None,
                "",
            ),
            transition(
                "prevent",
                "confirmed",
                "confirmed",
                "congress_prevented",
                None,
                "",
            ),
            transition(
                "hold",
                "confirmed",
                "congress_held",
                "congress_held",
                Some("congress_window"),
                "",
            ),
            transition(
                "lapse",
                "confirmed",
                "lapsed",
                "window_lapsed",
                Some("congress_window"),
                "",
            ),
        ],
    );
    let report = PathsReport::new(&ProcedureGraph::new(&rules));
    let found = only_loop(&report);
    assert_eq!(found.stages, ["confirmed"]);
    assert!(found.capped, "{found:#?}");
    let window = &found.caps[0];
    assert!(window.holds);
    assert!(window.reason.contains("`lapse`"), "{}", window.reason);
    assert_eq!(found.cycles[0].name, "prevented congress");
    // The authority may prevent the congress with no time limit of its own, but the
    // stage cannot hold the case: the clock ends it.
    assert!(report.worst_case.endless_waits.is_empty());
    assert_eq!(report.worst_case.verdict, Verdict::Finite);
}

/// under_review ⇄ suspended, where suspending must happen within the review period.
fn suspension_procedure(paused: bool) -> RuleSet {
    rule_set(
        &[limit(
            "review_period",
            1,
            "months",
            &["application_submitted"],
            paused,
        )],
        &[
            stage("preparing", "applicant", "pending"),
            stage("under_review", "authority", "pending"),
            stage("suspended", "authority", "pending"),
            stage("registered", "applicant", "registered"),
        ],
        &[
            transition(
                "submit",
                "preparing",
                "under_review",
                "application_submitted",
                None,
                "",
            ),
            transition(
                "suspend",
                "under_review",
                "suspended",
                "review_suspended",
                Some("review_period"),
                "",
            ),
            transition(
                "resume",
                "suspended",
                "under_review",
                "review_resumed",
                None,
                "",
            ),
            transition(
                "register",
                "under_review",
                "registered",
                "registered",
                Some("review_period"),
                "",
            ),
        ],
    )
}

#[test]
fn a_limit_extended_by_suspensions_in_the_loop_caps_nothing() {
    let paused = PathsReport::new(&ProcedureGraph::new(&suspension_procedure(true)));
    let found = only_loop(&paused);
    assert!(!found.capped);
    assert!(
        found.caps[0].reason.contains("suspension"),
        "{}",
        found.caps[0].reason
    );
    assert_eq!(found.cycles[0].name, "suspension and resumption");
    assert_eq!(found.cycles[0].status, CycleStatus::Uncapped);
    // The authority resumes with no time limit: the case can wait there without end.
    let waits: Vec<&str> = paused
        .worst_case
        .endless_waits
        .iter()
        .map(|w| w.stage.as_str())
        .collect();
    assert_eq!(waits, ["suspended"]);

    let fixed = PathsReport::new(&ProcedureGraph::new(&suspension_procedure(false)));
    assert!(only_loop(&fixed).capped);
}

#[test]
fn every_bundled_loop_is_capped_exactly_when_all_its_cycles_are() {
    let catalog = Catalog::bundled();
    for id in catalog.ids() {
        let Ok(rules) = catalog.resolve(id) else {
            continue;
        };
        let report = PathsReport::new(&ProcedureGraph::new(&rules));
        for found in &report.loops {
            assert!(!found.cycles_truncated, "{id}");
            let all_capped = found.cycles.iter().all(|c| c.status == CycleStatus::Capped);
            assert_eq!(found.capped, all_capped, "{id}: {found:#?}");
            assert_eq!(found.capped, found.uncapped_parts.is_empty(), "{id}");
        }
        assert!(report.reachability.is_clean(), "{id}");
        assert!(!report.paths.truncated, "{id}");
    }
}

#[test]
fn the_path_cap_truncates_and_says_so() {
    let graph = ProcedureGraph::new(&straight_procedure());
    let all = graph.paths(100);
    assert!(!all.truncated);
    let capped = graph.paths(1);
    assert_eq!(capped.paths.len(), 1);
    assert!(capped.truncated);
}
