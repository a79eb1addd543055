//! The state machine, given / when / then: given a history of events, when one more
//! event arrives, then the stage, the counters, the time limit or the error.

use regsim::date::Date;
use regsim::defect::{DefectCode, DefectSet};
use regsim::event::EventKind::{self, *};
use regsim::machine::{self, State, Step, TransitionError};
use regsim::rules::{Catalog, RuleSet, RuleSetFile};
use regsim::scenario::{Event, Filing};

fn kz_2022() -> RuleSet {
    Catalog::bundled().resolve("kz-2022").unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn event(kind: EventKind, date: &str) -> Event {
    Event::bare(kind, day(date))
}

fn refusal(kind: EventKind, date: &str, defects: &[(DefectCode, bool)]) -> Event {
    let mut event = event(kind, date);
    event.defects = defects
        .iter()
        .fold(DefectSet::EMPTY, |set, &(code, rectifiable)| {
            set.with(code, rectifiable)
        });
    event
}

/// Folds `history` from a fresh application.
fn given(rules: &RuleSet, history: &[Event]) -> State {
    let start = history.first().map_or(day("2023-01-01"), |e| e.date);
    history
        .iter()
        .fold(State::new(rules, start), |state, event| {
            machine::apply(&state, event, rules)
                .unwrap_or_else(|e| panic!("{e}"))
                .state
        })
}

fn when(rules: &RuleSet, state: &State, event: Event) -> Result<Step, TransitionError> {
    machine::apply(state, &event, rules)
}

fn stage(rules: &RuleSet, state: &State) -> String {
    rules.stage(state.stage).id.clone()
}

fn confirmed_on(date: &str) -> Vec<Event> {
    vec![
        event(NotificationFiled, "2023-01-02"),
        event(NotificationConfirmed, date),
    ]
}

#[test]
fn a_congress_within_three_months_of_confirmation_keeps_the_window() {
    let rules = kz_2022();
    let state = given(&rules, &confirmed_on("2023-01-20"));
    let step = when(&rules, &state, event(CongressHeld, "2023-04-20")).unwrap();
    assert_eq!(stage(&rules, &step.state), "congress_held");
    assert_eq!(step.deadline.unwrap().due, day("2023-04-20"));
    assert_eq!(step.in_time(CongressHeld, day("2023-04-20")), Some(true));
}

#[test]
fn a_window_running_from_the_end_of_a_month_ends_at_the_end_of_a_shorter_month() {
    let rules = kz_2022();
    let state = given(&rules, &confirmed_on("2023-11-30"));
    let step = when(&rules, &state, event(CongressHeld, "2024-03-01")).unwrap();
    assert_eq!(step.deadline.unwrap().due, day("2024-02-29"));
    assert_eq!(step.in_time(CongressHeld, day("2024-03-01")), Some(false));
}

#[test]
fn the_congress_window_lapses_the_day_after_it_ends() {
    let rules = kz_2022();
    let state = given(&rules, &confirmed_on("2023-01-20"));
    let on_the_last_day = when(&rules, &state, event(WindowLapsed, "2023-04-20")).unwrap();
    assert_eq!(
        on_the_last_day.in_time(WindowLapsed, day("2023-04-20")),
        Some(false)
    );
    let the_day_after = when(&rules, &state, event(WindowLapsed, "2023-04-21")).unwrap();
    assert_eq!(
        the_day_after.in_time(WindowLapsed, day("2023-04-21")),
        Some(true)
    );
    assert_eq!(stage(&rules, &the_day_after.state), "lapsed");
}

#[test]
fn a_decision_after_the_review_period_is_applied_but_marked_late() {
    let rules = kz_2022();
    let mut history = confirmed_on("2023-01-20");
    history.push(event(CongressHeld, "2023-02-01"));
    history.push(event(ApplicationSubmitted, "2023-02-10"));
    let state = given(&rules, &history);
    let step = when(&rules, &state, event(Registered, "2023-03-20")).unwrap();
    assert_eq!(stage(&rules, &step.state), "registered");
    assert_eq!(step.deadline.unwrap().due, day("2023-03-10"));
    assert_eq!(step.in_time(Registered, day("2023-03-20")), Some(false));
    assert_eq!(step.state.registered_on, Some(day("2023-03-20")));
    assert_eq!(step.state.days_waiting_on_authority, 18 + 38);
}

#[test]
fn a_suspension_extends_the_review_period_by_the_days_suspended() {
    let rules = kz_2022();
    let mut history = confirmed_on("2023-01-20");
    history.push(event(CongressHeld, "2023-02-01"));
    history.push(event(ApplicationSubmitted, "2023-02-10"));
    history.push(event(ReviewSuspended, "2023-02-20"));
    history.push(event(ReviewResumed, "2023-04-01"));
    let state = given(&rules, &history);
    let step = when(&rules, &state, event(Registered, "2023-04-15")).unwrap();
    assert_eq!(step.deadline.unwrap().due, day("2023-03-10").add_days(40));
    assert_eq!(step.in_time(Registered, day("2023-04-15")), Some(true));
}

#[test]
fn an_event_the_stage_does_not_allow_is_an_error_listing_what_is_allowed() {
    let rules = kz_2022();
    let state = given(&rules, &[]);
    let error = when(&rules, &state, event(ApplicationSubmitted, "2023-01-01")).unwrap_err();
    assert_eq!(
        error,
        TransitionError::NotAllowed {
            stage: "preparing".into(),
            event: ApplicationSubmitted,
            allowed: vec![NotificationFiled, CongressPrevented]
        }
    );
    assert!(
        error
            .to_string()
            .contains("allowed there: notification_filed, congress_prevented")
    );
}

#[test]
fn an_event_dated_before_the_previous_one_is_an_error() {
    let rules = kz_2022();
    let state = given(&rules, &[event(NotificationFiled, "2023-03-01")]);
    let error = when(&rules, &state, event(NotificationReturned, "2023-02-01")).unwrap_err();
    assert_eq!(
        error,
        TransitionError::OutOfOrder {
            previous: day("2023-03-01")
        }
    );
}

#[test]
fn a_return_with_no_stated_ground_fails_its_guard_but_is_recorded() {
    let rules = kz_2022();
    let state = given(&rules, &[event(NotificationFiled, "2023-03-01")]);
    let step = when(
        &rules,
        &state,
        refusal(
            NotificationReturned,
            "2023-03-15",
            &[(DefectCode::Unspecified, false)],
        ),
    )
    .unwrap();
    assert_eq!(failed(&rules, &step), ["ground_stated"]);
    assert_eq!(step.state.refusals, 1);
    assert_eq!(stage(&rules, &step.state), "notification_returned");
}

#[test]
fn the_current_rules_allow_a_refusal_on_rectifiable_defects() {
    let rules = kz_2022();
    let state = given(&rules, &[event(NotificationFiled, "2023-03-01")]);
    let step = when(
        &rules,
        &state,
        refusal(
            NotificationReturned,
            "2023-03-15",
            &[(DefectCode::MemberListNonconformity, true)],
        ),
    )
    .unwrap();
    assert_eq!(step.failed_guards, 0);
}

#[test]
fn too_few_founders_fails_the_confirmation_guard() {
    let rules = kz_2022();
    let mut filing = event(NotificationFiled, "2023-03-01");
    filing.filed = Filing {
        founders: Some(650),
        ..Filing::default()
    };
    let state = given(&rules, &[filing]);
    let step = when(&rules, &state, event(NotificationConfirmed, "2023-03-10")).unwrap();
    assert_eq!(
        failed(&rules, &step),
        ["founders_at_least(initiative_group_min)"]
    );
}

#[test]
fn refusals_and_attempts_accumulate_over_resubmissions() {
    let rules = kz_2022();
    let mut history = Vec::new();
    for month in 1..=9 {
        history.push(event(NotificationFiled, &format!("2023-0{month}-01")));
        history.push(refusal(
            NotificationReturned,
            &format!("2023-0{month}-20"),
            &[(DefectCode::MemberListNonconformity, true)],
        ));
    }
    let state = given(&rules, &history);
    assert_eq!((state.attempts, state.refusals), (9, 9));
    assert_eq!(state.days_waiting_on_authority, 9 * 19);
    assert_eq!(state.first_filing, Some(day("2023-01-01")));
}

fn closed_list_reform() -> RuleSet {
    let reform = r#"{
      "id": "test-closed", "title": "closed list", "extends": "kz-2022",
      "sources": [{"id": "t", "title": "test"}],
      "changes": {"policies": {"refusal_grounds": {"rule": "closed", "listed": ["too_few_members"], "status": "assumed", "note": "test"}}}
    }"#;
    let mut catalog = Catalog::bundled();
    let file: RuleSetFile = serde_json::from_str(reform).unwrap();
    catalog.add("test".into(), file).unwrap();
    catalog.resolve("test-closed").unwrap()
}

#[test]
fn under_a_closed_list_a_refusal_on_an_unlisted_ground_fails_its_guard() {
    let rules = closed_list_reform();
    let state = given(&rules, &[event(NotificationFiled, "2023-03-01")]);
    let unlisted = when(
        &rules,
        &state,
        refusal(
            NotificationReturned,
            "2023-03-15",
            &[(DefectCode::CharterWording, true)],
        ),
    )
    .unwrap();
    assert_eq!(failed(&rules, &unlisted), ["has_listed_ground"]);
    let listed = when(
        &rules,
        &state,
        refusal(
            NotificationReturned,
            "2023-03-15",
            &[(DefectCode::TooFewMembers, false)],
        ),
    )
    .unwrap();
    assert_eq!(listed.failed_guards, 0);
    assert!(
        machine::allowed(
            &state,
            &refusal(
                NotificationReturned,
                "2023-03-15",
                &[(DefectCode::CharterWording, true)]
            ),
            &rules
        )
        .is_none()
    );
}

/// The guards a step failed, by name (so a test does not depend on their order in the data).
fn failed(rules: &RuleSet, step: &regsim::machine::Step) -> Vec<String> {
    rules
        .transition(step.transition)
        .guards
        .iter()
        .enumerate()
        .filter(|(index, _)| step.failed_guards & (1 << index) != 0)
        .map(|(_, guard)| guard.to_string())
        .collect()
}

#[test]
fn a_record_begun_mid_procedure_knows_what_happened_but_not_when() {
    let rules = kz_2022();
    let confirmed = rules.stage_id("confirmed").unwrap();
    // Given a case whose notification was filed and confirmed on days not recorded,
    let state = State::opening(
        &rules,
        day("2025-03-15"),
        confirmed,
        &[NotificationFiled, NotificationConfirmed],
    );
    // the events happened, with no day,
    assert!(state.happened(NotificationConfirmed));
    assert_eq!(state.last_on(NotificationConfirmed), None);
    assert!(!state.happened(CongressHeld));
    assert_eq!(
        state.attempts, 1,
        "the established notification is a filing"
    );
    // so the limit they started is unknown, not computed,
    let congress_window = rules.limit_id("congress_window").unwrap();
    assert!(state.deadline(congress_window, &rules).is_none());
    assert!(state.deadline_unknown(congress_window, &rules));
    // while a limit nothing has started is simply not running.
    let filing_window = rules.limit_id("filing_window").unwrap();
    assert!(!state.deadline_unknown(filing_window, &rules));
    let fresh = State::new(&rules, day("2025-03-15"));
    assert!(!fresh.deadline_unknown(congress_window, &rules));
    // When the congress is held, the next limit runs from its recorded day.
    let step = when(&rules, &state, event(CongressHeld, "2025-04-01")).unwrap();
    assert!(step.deadline.is_none(), "the congress window is unknown");
    assert_eq!(step.state.last_on(CongressHeld), Some(day("2025-04-01")));
    let due = step.state.deadline(filing_window, &rules).unwrap();
    assert_eq!(due.started, day("2025-04-01"));
    assert!(!step.state.deadline_unknown(filing_window, &rules));
}
