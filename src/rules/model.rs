//! The rule-set file format: the serde types a rule set or reform is written in.
//!
//! A base rule set states everything: identity, sources, parameters, policies and the
//! procedure (stages and transitions). A reform `extends` another rule set and states
//! only its `changes`. [`super::resolve`] turns either into a complete, validated
//! [`super::RuleSet`]. The README's "Rule-set files" section documents every field with
//! an example; these types are its single source of truth.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::defect::DefectCode;
use crate::event::{Actor, EventKind};
use crate::source::{Citation, Source, Status};

/// What kind of organization a rule set registers.
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
pub enum EntityKind {
    /// A political party.
    Party,
    /// A public association.
    PublicAssociation,
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EntityKind::Party => "political party",
            EntityKind::PublicAssociation => "public association",
        })
    }
}

/// A rule set or reform as written in its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    /// The JSON Schema that editors check this file against (e.g.
    /// `../schemas/rules.schema.json`; `regsim schema rules` writes it). regsim ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Identifier, e.g. `kz-2022` (lowercase letters, digits and dashes).
    pub id: String,
    /// Human title.
    pub title: String,
    /// For a reform: the rule set it changes by default (its default parent). Its changes
    /// can also be applied to any other base of an entity kind it declares in `applies_to`,
    /// by composition (`kz-2020+kz-simplified`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// A patch that carries applications under way across a change of law (an
    /// application prepared under one regime and decided under the next), `extends`
    /// naming the regime it patches: a case's own rules, not a reform, so no
    /// counterfactual applies it and `rules list` does not offer it as one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transition: bool,
    /// For a reform: the entity kinds whose rule sets it can patch. Empty means the entity
    /// kind of its default parent only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<EntityKind>,
    /// A paragraph on what the regime or reform is and why it is modelled this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Country or jurisdiction (base rule sets; reforms inherit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// What it registers (base rule sets; reforms inherit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityKind>,
    /// When the regime was in force (base rule sets; a reform is a proposal and has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<InForce>,
    /// For a reform: the proposal or standard it encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Citation>,
    /// Documents cited in this file; a reform also sees the sources of what it extends.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Public holidays skipped when counting working days (weekends are always skipped).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Date>,
    /// The statutory calendar whose days off working-day limits also skip (base rule
    /// sets; reforms inherit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarChoice>,
    /// Thresholds and time limits, by identifier (base rule sets).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Parameter>,
    /// Policies that shape decisions (base rule sets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Policies>,
    /// Stages and transitions (base rule sets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    /// What a reform changes in the rule set it extends (reforms only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
}

/// The statutory calendar a rule set counts working days by, with what stands behind the
/// choice (that a country's five-day-week calendar governs an authority's deadlines is
/// usually itself an assumption).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarChoice {
    /// The id of a bundled calendar (`kz`; see `regsim calendar`).
    pub id: String,
    /// How firmly it is established that this calendar governs the deadlines.
    pub status: Status,
    /// Where that comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Why (required when assumed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The period a regime was in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InForce {
    /// First day in force.
    pub from: Date,
    /// Last day in force, if it was replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// How firmly these dates are established.
    pub status: Status,
    /// Where the dates come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Why these dates (required when assumed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The unit of a parameter's value.
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
pub enum ParameterUnit {
    /// A head count (founders, members, members per region).
    Persons,
    /// A share between 0 and 1 (e.g. two thirds of regions: 0.6667).
    Share,
    /// A count of events (e.g. a cap on remark rounds).
    Count,
    /// A time limit in calendar days.
    CalendarDays,
    /// A time limit in working days (weekends and the rule set's holidays skipped).
    WorkingDays,
    /// A time limit in calendar months (end-of-month clamped).
    Months,
}

impl ParameterUnit {
    /// Whether the parameter is a time limit.
    pub const fn is_time(self) -> bool {
        matches!(
            self,
            ParameterUnit::CalendarDays | ParameterUnit::WorkingDays | ParameterUnit::Months
        )
    }

    /// The unit's name in reports.
    pub const fn label(self) -> &'static str {
        match self {
            ParameterUnit::Persons => "persons",
            ParameterUnit::Share => "share",
            ParameterUnit::Count => "count",
            ParameterUnit::CalendarDays => "calendar days",
            ParameterUnit::WorkingDays => "working days",
            ParameterUnit::Months => "months",
        }
    }
}

/// A threshold or time limit with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// What it is, in a few words ("Window to hold the founding congress").
    pub label: String,
    /// Its value in `unit`.
    pub value: f64,
    /// The unit of `value`.
    pub unit: ParameterUnit,
    /// Time limits only: the events that start (restart) the limit; the latest one counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts_on: Vec<EventKind>,
    /// Time limits only: whether days spent with the review suspended are added to the limit.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused_while_suspended: bool,
    /// Court time limits only: the instance (`first_instance`, `appeal`, `cassation`,
    /// `supreme`) whose decisions the limit bounds, counted from the appeal to that court
    /// (`starts_on: ["appeal_filed"]`). Replay checks each court decision the record names
    /// that instance for, and reports a late one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court_instance: Option<crate::event::CourtInstance>,
    /// How firmly the value is established.
    pub status: Status,
    /// Where it comes from (required unless assumed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Context, conflicts between sources, and for an assumption why this value was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A change to part of a parameter. The patch states the provenance of what it changes
/// (`status`, and a `citation` or `note`); the parameter's other fields are the base's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterPatch {
    /// A new label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A new value (in the base's unit unless `unit` is given too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// A new unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<ParameterUnit>,
    /// New events that start (restart) the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<Vec<EventKind>>,
    /// Whether suspended days are added to the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_while_suspended: Option<bool>,
    /// How firmly the change is established; the patched parameter takes this status.
    pub status: Status,
    /// Where the change comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Why the change; appended to the base's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A policy value with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy<R> {
    /// The rule chosen.
    pub rule: R,
    /// For the refusal-grounds policy: the listed grounds (the closed list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed: Vec<DefectCode>,
    /// How firmly it is established.
    pub status: Status,
    /// Where it comes from (required unless assumed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Context, and for an assumption why this rule was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether the law lists the grounds on which registration may be refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroundsRule {
    /// Any non-conformity with the law may ground a refusal.
    Open,
    /// Only the `listed` defect codes may ground a refusal.
    Closed,
    /// Only the `listed` defect codes, or rectifiable defects the authority notified in
    /// remarks on the current filing that were not cured (left uncured, or raised again
    /// after a cure it found deficient), may ground a refusal: a closed list stacked on a
    /// notice-and-cure rule whose notes let a refusal rest on notified, uncured defects.
    ClosedOrUncured,
}

/// What the authority may do with a rectifiable defect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RectifiableRule {
    /// It may refuse on it at once.
    MayRefuse,
    /// It must first notify it and let a cure period run; it may refuse only on defects still uncured.
    NoticeAndCureFirst,
}

/// What the authority's silence past its review deadline means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SilenceRule {
    /// Nothing: the applicant keeps waiting.
    NoEffect,
    /// The group is deemed registered.
    DeemedRegistration,
}

/// Whether a notification needs the authority's confirmation before the congress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationRule {
    /// The authority must confirm the notification; it may return it.
    ConfirmationGate,
    /// Filing the notification is enough; the congress window opens on filing.
    NoticeOnly,
    /// The regime has no notification stage at all.
    None,
}

/// The policies of a rule set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policies {
    /// Open or closed list of refusal grounds.
    pub refusal_grounds: Policy<GroundsRule>,
    /// Whether rectifiable defects may ground a refusal at once.
    pub rectifiable_defects: Policy<RectifiableRule>,
    /// What the authority's silence means.
    pub authority_silence: Policy<SilenceRule>,
    /// Whether a notification must be confirmed.
    pub notification: Policy<NotificationRule>,
}

/// Policy replacements made by a reform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyChanges {
    /// Replacement refusal-grounds policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_grounds: Option<Policy<GroundsRule>>,
    /// Replacement rectifiable-defects policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectifiable_defects: Option<Policy<RectifiableRule>>,
    /// Replacement silence policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority_silence: Option<Policy<SilenceRule>>,
    /// Replacement notification policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification: Option<Policy<NotificationRule>>,
}

impl PolicyChanges {
    /// Whether no policy is replaced.
    pub fn is_empty(&self) -> bool {
        self == &PolicyChanges::default()
    }
}

/// What reaching a stage means for the applicant.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
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
pub enum StageOutcome {
    /// Still in the procedure.
    #[default]
    Pending,
    /// Registered (or further along after registration).
    Registered,
    /// The procedure is over without registration (withdrawn, cancelled).
    Ended,
}

/// A stage of the procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Identifier (e.g. `under_review`).
    pub id: String,
    /// What the stage is, in a few words.
    pub label: String,
    /// Whose move it is while the application sits here; days at an `authority` stage
    /// count as days waiting on the authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_on: Option<Actor>,
    /// What reaching it means.
    #[serde(default)]
    pub outcome: StageOutcome,
}

/// A condition a transition needs, from a closed vocabulary implemented in code.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "guard", rename_all = "snake_case", deny_unknown_fields)]
pub enum Guard {
    /// The last filing listed at least `parameter` founders (passes if the record does not say).
    FoundersAtLeast {
        /// A `persons` parameter.
        parameter: String,
    },
    /// The last filing listed at least `parameter` members (passes if the record does not say).
    MembersAtLeast {
        /// A `persons` parameter.
        parameter: String,
    },
    /// Every region had at least `parameter` members (passes if the record does not say).
    MembersPerRegionAtLeast {
        /// A `persons` parameter.
        parameter: String,
    },
    /// The filing covered at least a `parameter` share of regions (passes if the record does not say).
    RegionsShareAtLeast {
        /// A `share` parameter.
        parameter: String,
    },
    /// The decision states at least one defect as its ground.
    GroundStated,
    /// Under a closed list, at least one stated defect is a listed ground.
    HasListedGround,
    /// Under notice-and-cure, a refusal on rectifiable defects only is allowed only on
    /// defects that were notified in remarks and left uncured when the cure period ran out.
    RectifiableDefectsNoticedFirst,
    /// Fewer than `parameter` remark rounds so far in this application.
    RemarkRoundsBelow {
        /// A `count` parameter.
        parameter: String,
    },
    /// No defect notified in remarks is left uncured.
    NoUncuredDefects,
}

impl Guard {
    /// The parameter the guard reads, if any.
    pub fn parameter(&self) -> Option<&str> {
        match self {
            Guard::FoundersAtLeast { parameter }
            | Guard::MembersAtLeast { parameter }
            | Guard::MembersPerRegionAtLeast { parameter }
            | Guard::RegionsShareAtLeast { parameter }
            | Guard::RemarkRoundsBelow { parameter } => Some(parameter),
            Guard::GroundStated
            | Guard::HasListedGround
            | Guard::RectifiableDefectsNoticedFirst
            | Guard::NoUncuredDefects => None,
        }
    }

    /// The unit the guard's parameter must have.
    pub fn parameter_unit(&self) -> Option<ParameterUnit> {
        match self {
            Guard::FoundersAtLeast { .. }
            | Guard::MembersAtLeast { .. }
            | Guard::MembersPerRegionAtLeast { .. } => Some(ParameterUnit::Persons),
            Guard::RegionsShareAtLeast { .. } => Some(ParameterUnit::Share),
            Guard::RemarkRoundsBelow { .. } => Some(ParameterUnit::Count),
            _ => None,
        }
    }

    /// The guard's name in files and reports.
    pub fn name(&self) -> &'static str {
        match self {
            Guard::FoundersAtLeast { .. } => "founders_at_least",
            Guard::MembersAtLeast { .. } => "members_at_least",
            Guard::MembersPerRegionAtLeast { .. } => "members_per_region_at_least",
            Guard::RegionsShareAtLeast { .. } => "regions_share_at_least",
            Guard::GroundStated => "ground_stated",
            Guard::HasListedGround => "has_listed_ground",
            Guard::RectifiableDefectsNoticedFirst => "rectifiable_defects_noticed_first",
            Guard::RemarkRoundsBelow { .. } => "remark_rounds_below",
            Guard::NoUncuredDefects => "no_uncured_defects",
        }
    }
}

impl std::fmt::Display for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.parameter() {
            Some(parameter) => write!(f, "{}({parameter})", self.name()),
            None => f.write_str(self.name()),
        }
    }
}

/// A move from one stage to another, taken by one kind of event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Identifier, unique in the rule set (e.g. `refuse_application`).
    pub id: String,
    /// The stage it leaves.
    pub from: String,
    /// The stage it enters.
    pub to: String,
    /// The event that takes it; its actor is the event's actor.
    pub event: EventKind,
    /// Conditions that must all hold for the move to be lawful.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guards: Vec<Guard>,
    /// A time-limit parameter: the move must happen by then (for a clock event: it
    /// happens when the limit runs out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// How firmly the move is established.
    pub status: Status,
    /// Where it comes from (required unless assumed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Context, and for an assumption why the move is modelled this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Transition {
    /// Who takes the move.
    pub fn actor(&self) -> Actor {
        self.event.actor()
    }
}

/// Stages and transitions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The stage every application starts in.
    pub start: String,
    /// The stages.
    pub stages: Vec<Stage>,
    /// The transitions.
    pub transitions: Vec<Transition>,
}

/// What a reform changes. Adding something present, or replacing or removing something
/// absent, is an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// New parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub add_parameters: BTreeMap<String, Parameter>,
    /// Parameters whose definition is replaced whole.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub replace_parameters: BTreeMap<String, Parameter>,
    /// Parameters changed in part: only the fields given change, the rest (label, unit,
    /// value…) are kept from the rule set the reform is applied to, so a reform that
    /// changes one value or one rule says only that, and keeps the base's other values
    /// whatever base it is applied to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub patch_parameters: BTreeMap<String, ParameterPatch>,
    /// Parameters removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_parameters: Vec<String>,
    /// Policies replaced.
    #[serde(default, skip_serializing_if = "PolicyChanges::is_empty")]
    pub policies: PolicyChanges,
    /// A new start stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// New stages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_stages: Vec<Stage>,
    /// Stages replaced whole (matched by `id`), e.g. to relabel one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replace_stages: Vec<Stage>,
    /// Stages removed (their transitions must be removed too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_stages: Vec<String>,
    /// New transitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_transitions: Vec<Transition>,
    /// Transitions replaced whole (matched by `id`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replace_transitions: Vec<Transition>,
    /// Transitions removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_transitions: Vec<String>,
}
