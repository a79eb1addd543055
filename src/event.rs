//! The vocabulary of events: what can happen to an application, and who makes it happen.
//!
//! Events are facts in the past tense (`ApplicationRefused`, not `RefuseApplication`).
//! The same closed vocabulary is used by scenario files, by rule-set transitions, by the
//! state machine and by the simulator, so every layer agrees on what an event means.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Who causes an event.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The founders, organizing committee or party.
    Applicant,
    /// The registering body (in Kazakhstan, the Ministry of Justice) or other state organs.
    Authority,
    /// A court deciding an appeal.
    Court,
    /// The passing of time: a time limit running out.
    Clock,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Actor::Applicant => "applicant",
            Actor::Authority => "authority",
            Actor::Court => "court",
            Actor::Clock => "clock",
        })
    }
}

macro_rules! event_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $actor:ident; )*) => {
        /// One kind of event, named in the past tense.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum EventKind {
            $( $(#[$doc])* $variant, )*
        }

        impl EventKind {
            /// Every event kind, in declaration order.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant),*];

            /// The name used in files and reports (`application_refused`).
            pub const fn name(self) -> &'static str {
                match self { $(EventKind::$variant => $name,)* }
            }

            /// Who causes events of this kind.
            pub const fn actor(self) -> Actor {
                match self { $(EventKind::$variant => Actor::$actor,)* }
            }
        }
    };
}

event_kinds! {
    /// The organizing committee filed its notification of intent (with the initiative-group list).
    NotificationFiled = "notification_filed", Applicant;
    /// The authority confirmed the notification: the group may hold its congress.
    NotificationConfirmed = "notification_confirmed", Authority;
    /// The authority returned (refused) the notification, with defects.
    NotificationReturned = "notification_returned", Authority;
    /// The founding congress was held.
    CongressHeld = "congress_held", Applicant;
    /// State organs prevented the founding congress from taking place.
    CongressPrevented = "congress_prevented", Authority;
    /// The application for state registration was submitted (a later one is a resubmission).
    ApplicationSubmitted = "application_submitted", Applicant;
    /// The authority notified defects and set a period to cure them.
    RemarksIssued = "remarks_issued", Authority;
    /// The applicant cured the notified defects.
    DefectsCured = "defects_cured", Applicant;
    /// The authority suspended its review (e.g. to check members).
    ReviewSuspended = "review_suspended", Authority;
    /// The authority resumed a suspended review.
    ReviewResumed = "review_resumed", Authority;
    /// The authority refused registration, with defects as grounds.
    ApplicationRefused = "application_refused", Authority;
    /// The applicant appealed a refusal to a court.
    AppealFiled = "appeal_filed", Applicant;
    /// The court rejected the appeal: the refusal stands.
    AppealRejected = "appeal_rejected", Court;
    /// The court granted the appeal: the refusal is annulled.
    AppealGranted = "appeal_granted", Court;
    /// The court sent the matter back to the authority for a new decision.
    AppealRemanded = "appeal_remanded", Court;
    /// The authority registered the party or association.
    Registered = "registered", Authority;
    /// Registration took effect because the authority let its deadline pass in silence.
    DeemedRegistered = "deemed_registered", Clock;
    /// A time limit ran out (congress window, filing window, cure period).
    WindowLapsed = "window_lapsed", Clock;
    /// The applicant withdrew.
    Withdrawn = "withdrawn", Applicant;
    /// The party's branches were registered.
    BranchesRegistered = "branches_registered", Applicant;
    /// The registration was cancelled.
    RegistrationCancelled = "registration_cancelled", Authority;
}

impl EventKind {
    /// How many kinds there are (for tables indexed by kind).
    pub const COUNT: usize = Self::ALL.len();

    /// A dense index for tables indexed by kind.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Looks a kind up by its file name.
    pub fn from_name(name: &str) -> Option<EventKind> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// Whether the event is a decision refusing the group (a notification return or a refusal).
    pub const fn is_refusal(self) -> bool {
        matches!(
            self,
            EventKind::NotificationReturned | EventKind::ApplicationRefused
        )
    }

    /// Whether the event files documents (a notification or an application).
    pub const fn is_filing(self) -> bool {
        matches!(
            self,
            EventKind::NotificationFiled | EventKind::ApplicationSubmitted
        )
    }

    /// Whether the event ends in registration.
    pub const fn is_registration(self) -> bool {
        matches!(self, EventKind::Registered | EventKind::DeemedRegistered)
    }

    /// Whether the event is a court decision on an appeal.
    pub const fn is_appeal_decision(self) -> bool {
        matches!(
            self,
            EventKind::AppealRejected | EventKind::AppealGranted | EventKind::AppealRemanded
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The level of a court in the hierarchy that hears a challenge.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CourtInstance {
    /// The first-instance court (in Kazakhstan, a district or specialized inter-district court).
    FirstInstance,
    /// The appeal instance (a regional court's appellate board).
    Appeal,
    /// The cassation instance.
    Cassation,
    /// The Supreme Court.
    Supreme,
}

impl CourtInstance {
    /// Every instance, from the first to the last.
    pub const ALL: [CourtInstance; 4] = [
        CourtInstance::FirstInstance,
        CourtInstance::Appeal,
        CourtInstance::Cassation,
        CourtInstance::Supreme,
    ];

    /// The name used in files and reports.
    pub const fn name(self) -> &'static str {
        match self {
            CourtInstance::FirstInstance => "first_instance",
            CourtInstance::Appeal => "appeal",
            CourtInstance::Cassation => "cassation",
            CourtInstance::Supreme => "supreme",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_lookup() {
        for &kind in EventKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
            assert_eq!(EventKind::from_name(kind.name()), Some(kind));
            assert_eq!(EventKind::ALL[kind.index()], kind);
        }
    }
}
