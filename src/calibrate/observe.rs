//! What a case file tells about a profile's numbers: decisions counted per kind, and the
//! days between consecutive events whose dates the sources give.
//!
//! A case is read in its record order. Counts use every event the record holds, because
//! a case's events stand for its sourced totals even where their days are placed by
//! assumption (Alga Kazakhstan's 24 returns and 12 appeals); each count says how many of
//! the events behind it are `assumed`. A delay is read only between two consecutive
//! events whose dates are both known to the day and not `assumed` (a placed date would
//! make the fit return the author's assumption as a finding); each excluded pair is
//! counted with its reason. A wait the record leaves open at its end (a review, a
//! suspension, a court's decision) is a right-censored observation: at least the days
//! from the latest day the wait can have begun to the earliest day the record ends.
//! The counts follow the engine's order of draws ([`crate::sim::engine`]): after every
//! setback the applicant first may give up, then, after a return or refusal, may appeal;
//! a court grants, else remands, else rejects.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::event::{Actor, EventKind};
use crate::event_date::EventDate;
use crate::rules::RuleSet;
use crate::scenario::{Scenario, ScenarioEvent};
use crate::sim::profile::{Days, Profile};
use crate::source::Confidence;

/// A probability of the profile that decisions in the cases inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chance {
    /// A notification is returned (defects found).
    NotificationDefects,
    /// An application is refused or remarked on (defects found).
    ApplicationDefects,
    /// A notification's review is suspended.
    NotificationSuspension,
    /// An application's review is suspended.
    ApplicationSuspension,
    /// The applicant gives up after a setback.
    GiveUp,
    /// The applicant appeals a return or refusal.
    Appeal,
    /// A court grants an appeal.
    CourtGrant,
    /// A court remands an appeal.
    CourtRemand,
}

impl Chance {
    /// Every chance, in report order.
    pub const ALL: [Chance; 8] = [
        Chance::NotificationDefects,
        Chance::ApplicationDefects,
        Chance::NotificationSuspension,
        Chance::ApplicationSuspension,
        Chance::GiveUp,
        Chance::Appeal,
        Chance::CourtGrant,
        Chance::CourtRemand,
    ];

    /// Its path in a profile file.
    pub const fn path(self) -> &'static str {
        match self {
            Chance::NotificationDefects => "authority.notification_review.defect_probability",
            Chance::ApplicationDefects => "authority.application_review.defect_probability",
            Chance::NotificationSuspension => {
                "authority.notification_review.suspension.probability"
            }
            Chance::ApplicationSuspension => "authority.application_review.suspension.probability",
            Chance::GiveUp => "applicant.give_up",
            Chance::Appeal => "applicant.appeal",
            Chance::CourtGrant => "court.grant",
            Chance::CourtRemand => "court.remand",
        }
    }

    /// What a trial and a success are, in words.
    pub const fn counted(self) -> (&'static str, &'static str) {
        match self {
            Chance::NotificationDefects => ("notification decisions", "returns"),
            Chance::ApplicationDefects => ("application decisions", "refusals or remarks"),
            Chance::NotificationSuspension => ("notification reviews", "suspensions"),
            Chance::ApplicationSuspension => ("application reviews", "suspensions"),
            Chance::GiveUp => ("setbacks followed by the group's next step", "withdrawals"),
            Chance::Appeal => ("returns and refusals the group acted on", "appeals"),
            Chance::CourtGrant => ("court decisions", "granted"),
            Chance::CourtRemand => ("court decisions", "remanded"),
        }
    }
}

/// A delay of the profile that dated events in the cases inform (written in JSON as its
/// path in the profile file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wait {
    /// Notification filed to its confirmation or return.
    NotificationReview,
    /// Application filed to its registration, refusal or remarks.
    ApplicationReview,
    /// Return (or rejected appeal, or lapse) to the next notification.
    RefileNotification,
    /// Confirmation to congress.
    HoldCongress,
    /// Congress to the application.
    SubmitApplication,
    /// Refusal (or rejected appeal) to the next application.
    ResubmitApplication,
    /// Return or refusal to the appeal.
    FileAppeal,
    /// Appeal to the court's decision.
    CourtDecision,
    /// Remarks to the cure.
    CureDefects,
    /// Filing to the suspension of its review (notification).
    NotificationSuspendAfter,
    /// Filing to the suspension of its review (application).
    ApplicationSuspendAfter,
    /// A notification review's suspension, to its end.
    NotificationSuspension,
    /// An application review's suspension, to its end.
    ApplicationSuspension,
}

impl Serialize for Wait {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.path())
    }
}

impl Wait {
    /// Every wait, in report order.
    pub const ALL: [Wait; 13] = [
        Wait::NotificationReview,
        Wait::ApplicationReview,
        Wait::RefileNotification,
        Wait::HoldCongress,
        Wait::SubmitApplication,
        Wait::ResubmitApplication,
        Wait::FileAppeal,
        Wait::CourtDecision,
        Wait::CureDefects,
        Wait::NotificationSuspendAfter,
        Wait::ApplicationSuspendAfter,
        Wait::NotificationSuspension,
        Wait::ApplicationSuspension,
    ];

    /// Its path in a profile file.
    pub const fn path(self) -> &'static str {
        match self {
            Wait::NotificationReview => "authority.notification_review.review_days",
            Wait::ApplicationReview => "authority.application_review.review_days",
            Wait::RefileNotification => "applicant.refile_notification",
            Wait::HoldCongress => "applicant.hold_congress",
            Wait::SubmitApplication => "applicant.submit_application",
            Wait::ResubmitApplication => "applicant.resubmit_application",
            Wait::FileAppeal => "applicant.file_appeal",
            Wait::CourtDecision => "court.decision_days",
            Wait::CureDefects => "applicant.cure_defects",
            Wait::NotificationSuspendAfter => "authority.notification_review.suspension.after_days",
            Wait::ApplicationSuspendAfter => "authority.application_review.suspension.after_days",
            Wait::NotificationSuspension => {
                "authority.notification_review.suspension.duration_days"
            }
            Wait::ApplicationSuspension => "authority.application_review.suspension.duration_days",
        }
    }

    /// The compiled distribution this wait draws from in a profile.
    pub fn compiled(self, profile: &Profile) -> &Days {
        let applicant = &profile.applicant;
        let notification = &profile.authority.notification;
        let application = &profile.authority.application;
        match self {
            Wait::NotificationReview => &notification.review_days,
            Wait::ApplicationReview => &application.review_days,
            Wait::RefileNotification => &applicant.refile_notification,
            Wait::HoldCongress => &applicant.hold_congress,
            Wait::SubmitApplication => &applicant.submit_application,
            Wait::ResubmitApplication => &applicant.resubmit_application,
            Wait::FileAppeal => &applicant.file_appeal,
            Wait::CourtDecision => &profile.court.decision_days,
            Wait::CureDefects => &applicant.cure_defects,
            Wait::NotificationSuspendAfter => &notification.suspend_after_days,
            Wait::ApplicationSuspendAfter => &application.suspend_after_days,
            Wait::NotificationSuspension => &notification.suspension_days,
            Wait::ApplicationSuspension => &application.suspension_days,
        }
    }

    /// Whether the wait is on the authority or a court, so a record ending during it
    /// censors it (an applicant's wait at the end may be a group that stopped).
    const fn censorable(self) -> bool {
        matches!(
            self,
            Wait::NotificationReview
                | Wait::ApplicationReview
                | Wait::CourtDecision
                | Wait::NotificationSuspension
                | Wait::ApplicationSuspension
        )
    }
}

/// Successes among trials, with where they came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Successes.
    pub successes: u32,
    /// Trials.
    pub trials: u32,
    /// Trials whose deciding event is `assumed` in its case file.
    pub assumed: u32,
    /// Per case id: (successes, trials).
    pub by_case: BTreeMap<String, (u32, u32)>,
}

impl Tally {
    fn add(&mut self, case: &str, success: bool, assumed: bool) {
        self.trials += 1;
        self.successes += u32::from(success);
        self.assumed += u32::from(assumed);
        let entry = self.by_case.entry(case.to_string()).or_default();
        entry.0 += u32::from(success);
        entry.1 += 1;
    }
}

/// Days observed between two events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delay {
    /// The case.
    pub case: String,
    /// Days (a lower bound if censored).
    pub days: u32,
    /// The record ended before the wait did.
    pub censored: bool,
    /// The dates, as recorded (`2022-11-24 → 2022-12-03`).
    pub dates: String,
}

/// The grounds cited at returns or refusals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grounds {
    /// Per set of defect codes (as written, sorted): how many decisions cited it, by
    /// which cases, and how many of those decisions are `assumed` in their files.
    pub sets: BTreeMap<Vec<String>, (u32, Vec<String>, u32)>,
    /// Decisions whose grounds the record does not give (`not_recorded`).
    pub not_recorded: u32,
}

/// Everything the cases tell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observations {
    /// Counts per chance.
    pub chances: BTreeMap<Chance, Tally>,
    /// Delays per wait.
    pub waits: BTreeMap<Wait, Vec<Delay>>,
    /// Grounds of notification returns.
    pub notification_grounds: Grounds,
    /// Grounds of application refusals and remarks.
    pub application_grounds: Grounds,
    /// Event pairs not used as delays, by reason.
    pub unused: BTreeMap<&'static str, u32>,
    /// Returns or refusals the cases count outside their files (stage and date unknown).
    pub outside_file: BTreeMap<String, u32>,
    /// Spans between two sourced, day-precise events with events of placed dates between.
    pub spans: Vec<SourcedSpan>,
}

/// Two events whose days the sources give, with events between them whose days are placed
/// by assumption (or not known to the day): the record gives the events' kinds and number,
/// not their days, so only the whole span is read, as the sum of the waits between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourcedSpan {
    /// The case.
    pub case: String,
    /// The first event, `kind date`.
    pub from: String,
    /// The last event, `kind date`.
    pub to: String,
    /// Days between them.
    pub days: u32,
    /// The profile's wait between each consecutive pair, in order.
    pub waits: Vec<Wait>,
}

/// Which examination a review belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Review {
    Notification,
    Application,
}

impl Observations {
    /// Adds one case (read in its record order; `rules` is its own rule set, which says
    /// which examination a record starting mid-procedure is in).
    pub fn add_case(&mut self, scenario: &Scenario, rules: &RuleSet) {
        let case = scenario.id.as_str();
        if let Some(outside) = scenario
            .recorded_outcome
            .as_ref()
            .and_then(|recorded| recorded.refusals_outside_file)
            .filter(|count| *count > 0)
        {
            self.outside_file.insert(case.to_string(), outside);
        }
        let mut review = scenario
            .starts_at
            .as_ref()
            .and_then(|starts| rules.stage_id(&starts.stage))
            .and_then(|stage| review_at(rules, stage));
        if let Some(kind) = review {
            self.chance(suspension_of(kind)).add(case, false, false);
        }
        let events = &scenario.events;
        let mut pair_waits = Vec::with_capacity(events.len());
        for (index, event) in events.iter().enumerate() {
            let assumed = event.confidence == Confidence::Assumed;
            match event.event {
                EventKind::NotificationFiled => {
                    review = Some(Review::Notification);
                    self.chance(Chance::NotificationSuspension)
                        .add(case, false, assumed);
                }
                EventKind::ApplicationSubmitted => {
                    review = Some(Review::Application);
                    self.chance(Chance::ApplicationSuspension)
                        .add(case, false, assumed);
                }
                EventKind::ReviewSuspended => {
                    let kind = review.unwrap_or(Review::Application);
                    let tally = self.chance(suspension_of(kind));
                    tally.successes += 1;
                    tally.by_case.entry(case.to_string()).or_default().0 += 1;
                }
                EventKind::NotificationReturned | EventKind::NotificationConfirmed => {
                    let returned = event.event == EventKind::NotificationReturned;
                    self.chance(Chance::NotificationDefects)
                        .add(case, returned, assumed);
                    if returned {
                        self.notification_grounds.add(case, event);
                    }
                }
                EventKind::ApplicationRefused
                | EventKind::RemarksIssued
                | EventKind::Registered => {
                    let defects = event.event != EventKind::Registered;
                    self.chance(Chance::ApplicationDefects)
                        .add(case, defects, assumed);
                    if defects {
                        self.application_grounds.add(case, event);
                    }
                }
                EventKind::AppealGranted
                | EventKind::AppealRemanded
                | EventKind::AppealRejected => {
                    let grant = event.event == EventKind::AppealGranted;
                    let remand = event.event == EventKind::AppealRemanded;
                    self.chance(Chance::CourtGrant).add(case, grant, assumed);
                    self.chance(Chance::CourtRemand).add(case, remand, assumed);
                }
                _ => {}
            }
            if is_setback(event.event) {
                self.after_setback(case, event, &events[index + 1..]);
            }
            if let Some(next) = events.get(index + 1) {
                pair_waits.push(wait_between(event.event, next.event, review));
                self.pair(case, event, next, review);
            } else {
                self.open_at_end(case, scenario, event, review);
            }
        }
        self.spans.extend(sourced_spans(case, events, &pair_waits));
    }

    fn chance(&mut self, chance: Chance) -> &mut Tally {
        self.chances.entry(chance).or_default()
    }

    /// What the group did next after a setback: give up, appeal, or go on.
    fn after_setback(&mut self, case: &str, setback: &ScenarioEvent, later: &[ScenarioEvent]) {
        let Some(next) = later
            .iter()
            .find(|event| event.event.actor() == Actor::Applicant)
        else {
            return; // the record ends first: what the group did is not known
        };
        let assumed = next.confidence == Confidence::Assumed;
        let gave_up = next.event == EventKind::Withdrawn;
        self.chance(Chance::GiveUp).add(case, gave_up, assumed);
        if !gave_up && setback.event.is_refusal() {
            let appealed = next.event == EventKind::AppealFiled;
            self.chance(Chance::Appeal).add(case, appealed, assumed);
        }
    }

    /// The delay between two consecutive events, if they bound one of the profile's waits.
    fn pair(
        &mut self,
        case: &str,
        first: &ScenarioEvent,
        second: &ScenarioEvent,
        review: Option<Review>,
    ) {
        let Some(wait) = wait_between(first.event, second.event, review) else {
            return;
        };
        if first.confidence == Confidence::Assumed || second.confidence == Confidence::Assumed {
            *self
                .unused
                .entry("a date placed by assumption")
                .or_default() += 1;
            return;
        }
        if !first.date.is_exact() || !second.date.is_exact() {
            *self
                .unused
                .entry("a date not known to the day (a month, a year or a period)")
                .or_default() += 1;
            return;
        }
        let days = second.date.day.days_since(first.date.day).max(0) as u32;
        self.waits.entry(wait).or_default().push(Delay {
            case: case.to_string(),
            days,
            censored: false,
            dates: format!("{} → {}", first.date, second.date),
        });
    }

    /// A wait on the authority or a court that the record's last event opened.
    fn open_at_end(
        &mut self,
        case: &str,
        scenario: &Scenario,
        last: &ScenarioEvent,
        review: Option<Review>,
    ) {
        let wait = match (last.event, review) {
            (EventKind::NotificationFiled, _) => Wait::NotificationReview,
            (EventKind::ApplicationSubmitted, _) => Wait::ApplicationReview,
            (EventKind::AppealFiled, _) => Wait::CourtDecision,
            (EventKind::ReviewSuspended, Some(Review::Notification)) => {
                Wait::NotificationSuspension
            }
            (EventKind::ReviewSuspended, _) => Wait::ApplicationSuspension,
            _ => return,
        };
        debug_assert!(wait.censorable());
        if last.confidence == Confidence::Assumed {
            *self
                .unused
                .entry("a date placed by assumption")
                .or_default() += 1;
            return;
        }
        let Some(end) = record_end(scenario) else {
            return;
        };
        let days = end.earliest.days_since(last.date.latest());
        if days <= 0 {
            return;
        }
        self.waits.entry(wait).or_default().push(Delay {
            case: case.to_string(),
            days: days as u32,
            censored: true,
            dates: format!("{} → still open {}", last.date, end),
        });
    }
}

impl Grounds {
    fn add(&mut self, case: &str, event: &ScenarioEvent) {
        let mut codes: Vec<String> = event
            .defects
            .iter()
            .map(|defect| defect.code.name().to_string())
            .collect();
        codes.sort();
        codes.dedup();
        if codes.is_empty() || codes.iter().any(|code| code == "not_recorded") {
            self.not_recorded += 1;
            return;
        }
        let entry = self.sets.entry(codes).or_default();
        entry.0 += 1;
        entry.2 += u32::from(event.confidence == Confidence::Assumed);
        if !entry.1.iter().any(|known| known == case) {
            entry.1.push(case.to_string());
        }
    }

    /// Decisions whose grounds are recorded.
    pub fn recorded(&self) -> u32 {
        self.sets.values().map(|(count, _, _)| count).sum()
    }
}

/// The day the record ends: its `recorded_outcome.as_of`, else its last event's date.
pub fn record_end(scenario: &Scenario) -> Option<EventDate> {
    scenario
        .recorded_outcome
        .as_ref()
        .and_then(|recorded| recorded.as_of)
        .or_else(|| scenario.events.last().map(|event| event.date))
}

/// The spans between consecutive events with sourced, day-precise dates that have events
/// between them, where every consecutive pair of the span bounds one of the profile's waits.
fn sourced_spans(
    case: &str,
    events: &[ScenarioEvent],
    pair_waits: &[Option<Wait>],
) -> Vec<SourcedSpan> {
    let sourced =
        |event: &ScenarioEvent| event.confidence != Confidence::Assumed && event.date.is_exact();
    let anchors: Vec<usize> = (0..events.len()).filter(|&i| sourced(&events[i])).collect();
    anchors
        .windows(2)
        .filter(|pair| pair[1] - pair[0] >= 2)
        .filter_map(|pair| {
            let waits: Option<Vec<Wait>> = pair_waits[pair[0]..pair[1]].iter().copied().collect();
            let (from, to) = (&events[pair[0]], &events[pair[1]]);
            Some(SourcedSpan {
                case: case.to_string(),
                from: format!("{} {}", from.event, from.date),
                to: format!("{} {}", to.event, to.date),
                days: to.date.day.days_since(from.date.day).max(0) as u32,
                waits: waits?,
            })
        })
        .collect()
}

fn is_setback(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::NotificationReturned
            | EventKind::ApplicationRefused
            | EventKind::AppealRejected
            | EventKind::WindowLapsed
    )
}

fn suspension_of(review: Review) -> Chance {
    match review {
        Review::Notification => Chance::NotificationSuspension,
        Review::Application => Chance::ApplicationSuspension,
    }
}

/// The examination a stage holds, if the authority decides there.
fn review_at(rules: &RuleSet, stage: crate::rules::StageId) -> Option<Review> {
    if rules.stage(stage).waiting_on != Some(Actor::Authority) {
        return None;
    }
    let notification = rules.outgoing(stage).iter().any(|&transition| {
        matches!(
            rules.compiled_transition(transition).event,
            EventKind::NotificationConfirmed | EventKind::NotificationReturned
        )
    });
    Some(if notification {
        Review::Notification
    } else {
        Review::Application
    })
}

/// The profile's wait two consecutive events bound.
fn wait_between(first: EventKind, second: EventKind, review: Option<Review>) -> Option<Wait> {
    use EventKind as K;
    let notification = review == Some(Review::Notification);
    Some(match (first, second) {
        (K::NotificationFiled, K::NotificationConfirmed | K::NotificationReturned) => {
            Wait::NotificationReview
        }
        (K::ApplicationSubmitted, K::Registered | K::ApplicationRefused | K::RemarksIssued) => {
            Wait::ApplicationReview
        }
        (K::NotificationFiled, K::ReviewSuspended) => Wait::NotificationSuspendAfter,
        (K::ApplicationSubmitted, K::ReviewSuspended) => Wait::ApplicationSuspendAfter,
        (K::ReviewSuspended, next)
            if next == K::ReviewResumed || next.actor() == Actor::Authority =>
        {
            if notification {
                Wait::NotificationSuspension
            } else {
                Wait::ApplicationSuspension
            }
        }
        (K::NotificationConfirmed, K::CongressHeld) => Wait::HoldCongress,
        (K::CongressHeld, K::ApplicationSubmitted) => Wait::SubmitApplication,
        (K::NotificationReturned | K::WindowLapsed, K::NotificationFiled) => {
            Wait::RefileNotification
        }
        (K::AppealRejected, K::NotificationFiled) if notification => Wait::RefileNotification,
        (K::ApplicationRefused, K::ApplicationSubmitted) => Wait::ResubmitApplication,
        (K::AppealRejected, K::ApplicationSubmitted) if !notification => Wait::ResubmitApplication,
        (K::NotificationReturned | K::ApplicationRefused, K::AppealFiled) => Wait::FileAppeal,
        (K::AppealFiled, K::AppealRejected | K::AppealGranted | K::AppealRemanded) => {
            Wait::CourtDecision
        }
        (K::RemarksIssued, K::DefectsCured) => Wait::CureDefects,
        _ => return None,
    })
}
