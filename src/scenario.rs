//! The scenario file format: one case as a dated, sourced event log.
//!
//! A scenario records what happened to one application (a real case) or what might
//! happen (a hypothetical one): its metadata and sources, the rule set it ran under,
//! the assumptions a counterfactual replay may need, and the events in date order.
//! Every event may cite its own source and say how firmly its date is known, so that a
//! replay can show which steps rest on assumptions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::defect::{Defect, DefectSet};
pub use crate::event::CourtInstance;
use crate::event::EventKind;
use crate::event_date::EventDate;
use crate::rules::EntityKind;
use crate::source::{Citation, Confidence, Source};

/// Whether a case happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// A documented case; every event cites a source or says it is assumed.
    Real,
    /// An invented case that exercises the rules.
    Hypothetical,
}

/// One case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The JSON Schema that editors check this file against (e.g.
    /// `../schemas/case.schema.json`; `regsim schema case` writes it). regsim ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Identifier, e.g. `alga-kazakhstan-2022`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Real or hypothetical.
    pub kind: CaseKind,
    /// Who applied (party or association name, leader).
    pub applicant: String,
    /// What was to be registered.
    pub entity: EntityKind,
    /// The rule set the case ran under: an identifier, or `by_date` to take the bundled
    /// rule set for `entity` in force on the first event's date.
    pub rules: String,
    /// What the case shows, in a paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Documents cited by the events.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Notes on conflicting sources and on how the record was assembled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The outcome the sources record, which a replay must reproduce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_outcome: Option<RecordedOutcome>,
    /// Where the record begins, for a case whose first sourced event is late in the
    /// procedure (the congress, the filing): the stage the case had reached and what the
    /// earlier stages established, dates unknown. Absent: the case starts at the rule
    /// set's first stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<StartsAt>,
    /// Values a counterfactual replay may need where the record is silent, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assumptions: BTreeMap<String, Assumption>,
    /// The events, in date order.
    pub events: Vec<ScenarioEvent>,
}

/// The stage a case had reached when its record begins, and what got it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartsAt {
    /// The stage's id in the case's rule set (e.g. `confirmed`, `congress_held`).
    pub stage: String,
    /// The events the earlier stages would have established, dates unknown (e.g.
    /// `notification_filed`, `notification_confirmed`). Time limits they would have
    /// started are shown as unknown, never computed from an invented date; a filing
    /// among them counts as an attempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub established: Vec<EventKind>,
    /// What the sources say of the earlier stages.
    pub note: String,
}

/// What the sources say the outcome was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordedOutcome {
    /// Whether the group was registered.
    pub registered: bool,
    /// The day the sources last describe the case (e.g. a report that the application
    /// was still under examination), where that is later than its last event: replays
    /// are evaluated as of then unless `--as-of` says otherwise. A month or year counts
    /// from its first day, the shortest span the record allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<EventDate>,
    /// The registration date, if registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_on: Option<Date>,
    /// How many refusals (returns of a notification or refusals of an application) the sources count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusals: Option<u32>,
    /// The fewest refusals the sources allow, where they give no exact count ("several",
    /// "more than a dozen"): the replayed count is then shown as a minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusals_at_least: Option<u32>,
    /// Filings (notifications or applications) the sources count but the file does not
    /// record as events: earlier attempts outside the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_outside_file: Option<u32>,
    /// Refusals the recorded `refusals` count includes but the file does not record as
    /// events (they belong to the attempts outside the file). The replay must reproduce
    /// `refusals` minus these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusals_outside_file: Option<u32>,
    /// The source of these figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What the figures rest on, and why a replay may not reproduce them (e.g. the sources
    /// count refusals of another kind). A replay that does not reproduce the recorded
    /// outcome is refused unless this note explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Scenario {
    /// The case with every date known only to the month or year placed on the day the
    /// replay uses: the first day of its period, or the day of the event before it where
    /// that falls inside the period, so the record's order stands. A case whose dates are
    /// all days is returned as it is.
    pub fn settled(&self) -> std::borrow::Cow<'_, Scenario> {
        if self.events.iter().all(|event| event.date.is_exact()) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut settled = self.clone();
        let mut previous: Option<Date> = None;
        for event in &mut settled.events {
            if !event.date.is_exact() {
                let day = previous
                    .map_or(event.date.earliest, |before| {
                        before.max(event.date.earliest)
                    })
                    .min(event.date.latest());
                event.date = event.date.on(day);
            }
            previous = Some(event.date.day);
        }
        std::borrow::Cow::Owned(settled)
    }

    /// Whether the case's refusal count is only a minimum (the sources say "several").
    pub fn refusals_are_minimum(&self) -> bool {
        self.recorded_outcome
            .as_ref()
            .is_some_and(|recorded| recorded.refusals_at_least.is_some())
    }
}

/// A value a counterfactual may need, with the reason it was chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// The value (days for durations, persons for counts).
    pub value: f64,
    /// Why this value.
    pub note: String,
}

/// Facts an applicant filed: who and how many. Every field is optional; a guard whose
/// fact the record does not give is not checked.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    /// Founders (initiative group) listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founders: Option<u32>,
    /// Members listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<u32>,
    /// Regions (incl. cities of republican significance and the capital) represented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions_covered: Option<u32>,
    /// Regions in the country at the time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions_total: Option<u32>,
    /// Members in the least-represented region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_members_per_region: Option<u32>,
}

impl Filing {
    /// This filing with the fields `newer` gives replacing these.
    pub fn updated_by(self, newer: Filing) -> Filing {
        Filing {
            founders: newer.founders.or(self.founders),
            members: newer.members.or(self.members),
            regions_covered: newer.regions_covered.or(self.regions_covered),
            regions_total: newer.regions_total.or(self.regions_total),
            min_members_per_region: newer.min_members_per_region.or(self.min_members_per_region),
        }
    }
}

/// One dated event of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioEvent {
    /// The day it happened (`YYYY-MM-DD`), or the month (`YYYY-MM`) or year (`YYYY`) where
    /// the sources give no day.
    pub date: EventDate,
    /// What happened.
    pub event: EventKind,
    /// How firmly the event and its date are known.
    #[serde(default)]
    pub confidence: Confidence,
    /// The `id` of a source in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Further sources for the event, each with a locator (page, paragraph, minute),
    /// where more than one report confirms it or the source needs a place within it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
    /// Context; for an inferred or assumed date, how it was placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Defects stated by a decision or a remark.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Defect>,
    /// What a filing (notification, application, cure) listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed: Option<Filing>,
    /// For an authority's decision: what it counted as valid after checking the filing
    /// (names disqualified removed) — the numbers a threshold decision turns on. Replay
    /// judges the decision's thresholds on these where given, else on what was filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Filing>,
    /// For an authority's decision: how many names it disqualified (struck from the
    /// lists). Where the filing, the accepted and the disqualified counts are all given,
    /// the filed count must equal accepted plus disqualified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disqualified: Option<Filing>,
    /// For an appeal or a court's decision: the court that heard it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<Court>,
    /// For `window_lapsed`: the time-limit parameter that ran out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// The court that heard an appeal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Court {
    /// Its level: `first_instance`, `appeal`, `cassation` or `supreme`.
    pub instance: CourtInstance,
    /// Its name as the sources give it (e.g. `Specialized Inter-District Administrative
    /// Court of Astana`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The compact form of an event the state machine folds: no text, fixed size, `Copy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// When.
    pub date: Date,
    /// Defects stated.
    pub defects: DefectSet,
    /// What was filed.
    pub filed: Filing,
}

impl Event {
    /// An event with no defects and no filing.
    pub const fn bare(kind: EventKind, date: Date) -> Event {
        Event {
            kind,
            date,
            defects: DefectSet::EMPTY,
            filed: Filing {
                founders: None,
                members: None,
                regions_covered: None,
                regions_total: None,
                min_members_per_region: None,
            },
        }
    }
}

impl ScenarioEvent {
    /// The compact event the state machine folds.
    pub fn compact(&self) -> Event {
        Event {
            kind: self.event,
            date: self.date.day,
            defects: DefectSet::of(&self.defects),
            // A decision's own counts (what the authority accepted) are the numbers its
            // threshold guards judge; only filings carry `filed`.
            filed: self.filed.or(self.accepted).unwrap_or_default(),
        }
    }

    /// Every source the event cites: `source`, then `sources`.
    pub fn source_ids(&self) -> impl Iterator<Item = &str> {
        self.source
            .as_deref()
            .into_iter()
            .chain(self.sources.iter().map(|citation| citation.source.as_str()))
    }
}
