//! What a simulated run is given and what it yields: the settings every run of a study
//! shares, how a run ended, and the figures the statistics take from it. The engine
//! ([`super::engine`]) produces them; the statistics ([`super::stats`]) read them.

use crate::date::Date;

/// The most events one run may apply; a profile whose delays are all zero could otherwise
/// loop forever on one day. Runs that reach it are counted in the report.
pub const MAX_EVENTS_PER_RUN: u32 = 10_000;

/// What every run of a study shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    /// The study's seed.
    pub seed: u64,
    /// The first day an application may start.
    pub start: Date,
    /// Applications start on a day drawn uniformly from `start` to `start + spread − 1`
    /// (0: all on `start`), so calendar effects (February, weekends) are not in lockstep.
    pub start_spread_days: u32,
    /// Days simulated after each application's start.
    pub horizon_days: u32,
}

/// How a run ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunEnd {
    /// Registered (or deemed registered) within the horizon.
    Registered,
    /// The applicant gave up (withdrew, or stopped acting).
    GaveUp,
    /// Still in the procedure at the horizon, or with no lawful move left.
    #[default]
    Pending,
    /// Stopped at [`MAX_EVENTS_PER_RUN`].
    EventCap,
}

/// What one run produced: the figures the statistics need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// How it ended.
    pub end: RunEnd,
    /// Days from the first filing to registration, if registered within the horizon.
    pub days_to_registration: Option<u32>,
    /// Filings (notifications and applications).
    pub attempts: u32,
    /// Returns and refusals.
    pub refusals: u32,
    /// Rounds of remarks.
    pub remark_rounds: u32,
    /// Appeals filed.
    pub appeals: u32,
    /// Time limits that ran out (`window_lapsed`).
    pub lapses: u32,
    /// Days at stages where the authority had to act, up to registration or the horizon.
    pub days_waiting_on_authority: u32,
    /// Authority decisions taken after their time limit.
    pub late_decisions: u32,
    /// Events applied.
    pub events: u32,
}
