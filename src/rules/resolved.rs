//! A resolved rule set: complete, validated, and compiled into dense tables for the
//! state machine.
//!
//! Resolution ([`super::resolve`]) produces this type only after every check passed, so
//! the state machine, the graph and the simulator can index into it without re-checking.
//! Stages, transitions and time limits get small integer ids; each stage keeps the list
//! of transitions leaving it, so finding the moves an event may take is a scan of a
//! handful of entries.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::event::EventKind;
use crate::source::{Citation, Source, Status, StatusCounts};

use super::model::*;

/// Index of a stage in [`RuleSet::stages`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct StageId(pub u16);

/// Index of a transition in [`RuleSet::transitions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TransitionId(pub u16);

/// Index of a time limit in [`RuleSet::limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LimitId(pub u16);

/// One step of a rule set's lineage: the base regime, then each reform applied on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineageStep {
    /// The rule set or reform's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// For a reform: the proposal it encodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Citation>,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A guard with its parameter looked up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CompiledGuard {
    /// At least this many founders.
    FoundersAtLeast(u32),
    /// At least this many members.
    MembersAtLeast(u32),
    /// At least this many members in every region.
    MembersPerRegionAtLeast(u32),
    /// At least this share of regions.
    RegionsShareAtLeast(f64),
    /// The decision states a ground.
    GroundStated,
    /// Under a closed list, a listed ground is stated.
    HasListedGround,
    /// Under notice-and-cure, rectifiable defects were notified and left uncured.
    RectifiableDefectsNoticedFirst,
    /// Fewer remark rounds than this in the current application.
    RemarkRoundsBelow(u32),
    /// No notified defect is uncured.
    NoUncuredDefects,
}

/// A time limit with its parameter looked up.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeLimit {
    /// The parameter's id.
    pub parameter: String,
    /// How many units.
    pub amount: u32,
    /// Calendar days, working days or months.
    pub unit: ParameterUnit,
    /// Bit `kind.index()` is set for each event kind that starts the limit.
    pub starts_on: u64,
    /// Whether suspended days extend it.
    pub paused_while_suspended: bool,
}

impl TimeLimit {
    /// The last day of the limit when it starts on `start`, before any pause: working
    /// days skip weekends and `holidays` and count the weekend days `worked`.
    pub fn due(&self, start: Date, holidays: &[Date], worked: &[Date]) -> Date {
        match self.unit {
            ParameterUnit::Months => start.add_months(self.amount),
            ParameterUnit::WorkingDays => {
                crate::date::add_working_days_counting(start, self.amount, holidays, worked)
            }
            _ => start.add_days(self.amount as i32),
        }
    }

    /// Whether events of `kind` start this limit.
    pub const fn started_by(&self, kind: EventKind) -> bool {
        self.starts_on & (1 << kind.index()) != 0
    }
}

pub use crate::date::add_working_days;

/// A transition compiled for the state machine.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledTransition {
    /// Stage it leaves.
    pub from: StageId,
    /// Stage it enters.
    pub to: StageId,
    /// Event that takes it.
    pub event: EventKind,
    /// Guards, in file order.
    pub guards: Vec<CompiledGuard>,
    /// Time limit it must meet (or, for a clock event, that fires it).
    pub deadline: Option<LimitId>,
}

/// A complete, validated rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleSet {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description of the rule set (for a reform, the reform's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Jurisdiction.
    pub jurisdiction: String,
    /// What it registers.
    pub entity: EntityKind,
    /// When in force (base regimes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force: Option<InForce>,
    /// Base regime first, then each reform.
    pub lineage: Vec<LineageStep>,
    /// Every source cited by it or what it extends, by id.
    pub sources: BTreeMap<String, Source>,
    /// Holidays for working-day counts, sorted (the file's own and its calendar's days off).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Date>,
    /// Weekend days made working days by a transfer of days off (from the statutory
    /// calendar), sorted: working-day limits count them as working days.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub worked_weekend_days: Vec<Date>,
    /// The statutory calendar whose days off are among `holidays`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarChoice>,
    /// Parameters by id.
    pub parameters: BTreeMap<String, Parameter>,
    /// Policies.
    pub policies: Policies,
    /// Stages and transitions as written.
    pub procedure: Procedure,
    /// The regime that replaced this one, for a case that spans a change of law: from its
    /// first day on, every decision is judged under it (see [`super::timeline`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<Box<super::timeline::Successor>>,
    #[serde(skip)]
    pub(crate) compiled: Compiled,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Compiled {
    pub start: u16,
    pub transitions: Vec<CompiledTransition>,
    pub outgoing: Vec<Vec<TransitionId>>,
    pub limits: Vec<TimeLimit>,
    pub listed_grounds: u32,
    pub grounds_closed: bool,
    pub uncured_may_ground: bool,
    pub notice_first: bool,
    pub suspension_reset: u64,
}

impl RuleSet {
    /// How many of its values (in-force dates, parameters, policies, transitions) have
    /// each status.
    pub fn status_counts(&self) -> StatusCounts {
        let mut counts = StatusCounts::default();
        if let Some(period) = &self.in_force {
            counts.add(period.status);
        }
        if let Some(calendar) = &self.calendar {
            counts.add(calendar.status);
        }
        for parameter in self.parameters.values() {
            counts.add(parameter.status);
        }
        let policies = &self.policies;
        for status in [
            policies.refusal_grounds.status,
            policies.rectifiable_defects.status,
            policies.authority_silence.status,
            policies.notification.status,
        ] {
            counts.add(status);
        }
        for transition in &self.procedure.transitions {
            counts.add(transition.status);
        }
        counts
    }

    /// Why a working-day limit from `start` to `due` has an uncertain due date under this
    /// rule set's calendar, if it has one (see [`super::calendar::Calendar::uncertainty`]).
    pub fn due_uncertainty(&self, unit: ParameterUnit, start: Date, due: Date) -> Option<String> {
        if unit != ParameterUnit::WorkingDays {
            return None;
        }
        let calendar = super::calendar::Calendar::bundled(&self.calendar.as_ref()?.id)?;
        calendar.uncertainty(start, due)
    }

    /// The status as a report prints it beside a value: a `comparative` value also names
    /// the jurisdiction or body of the source it cites (`comparative: Russia`).
    pub fn status_label(&self, status: Status, citation: Option<&Citation>) -> String {
        let jurisdiction = citation
            .and_then(|citation| self.sources.get(&citation.source))
            .and_then(|source| source.jurisdiction.as_deref());
        match (status, jurisdiction) {
            (Status::Comparative, Some(jurisdiction)) => format!("{status}: {jurisdiction}"),
            _ => status.to_string(),
        }
    }

    /// The stage every application starts in.
    pub fn start(&self) -> StageId {
        StageId(self.compiled.start)
    }

    /// The stages, indexed by [`StageId`].
    pub fn stages(&self) -> &[Stage] {
        &self.procedure.stages
    }

    /// One stage.
    pub fn stage(&self, id: StageId) -> &Stage {
        &self.procedure.stages[id.0 as usize]
    }

    /// The stage with this identifier.
    pub fn stage_id(&self, id: &str) -> Option<StageId> {
        self.procedure
            .stages
            .iter()
            .position(|stage| stage.id == id)
            .map(|index| StageId(index as u16))
    }

    /// The transition as written in the file.
    pub fn transition(&self, id: TransitionId) -> &Transition {
        &self.procedure.transitions[id.0 as usize]
    }

    /// The transition as compiled.
    pub fn compiled_transition(&self, id: TransitionId) -> &CompiledTransition {
        &self.compiled.transitions[id.0 as usize]
    }

    /// Every transition id.
    pub fn transition_ids(&self) -> impl Iterator<Item = TransitionId> + '_ {
        (0..self.procedure.transitions.len()).map(|index| TransitionId(index as u16))
    }

    /// The transitions leaving a stage, in file order.
    pub fn outgoing(&self, stage: StageId) -> &[TransitionId] {
        &self.compiled.outgoing[stage.0 as usize]
    }

    /// The time limits, indexed by [`LimitId`].
    pub fn limits(&self) -> &[TimeLimit] {
        &self.compiled.limits
    }

    /// One time limit.
    pub fn limit(&self, id: LimitId) -> &TimeLimit {
        &self.compiled.limits[id.0 as usize]
    }

    /// The time limit defined by this parameter.
    pub fn limit_id(&self, parameter: &str) -> Option<LimitId> {
        self.compiled
            .limits
            .iter()
            .position(|limit| limit.parameter == parameter)
            .map(|index| LimitId(index as u16))
    }

    /// Mask of the listed refusal grounds (meaningful when the list is closed).
    pub fn listed_grounds(&self) -> u32 {
        self.compiled.listed_grounds
    }

    /// Whether only listed grounds may ground a refusal.
    pub fn grounds_closed(&self) -> bool {
        self.compiled.grounds_closed
    }

    /// Whether, under a closed list, a rectifiable defect notified in remarks on the
    /// current filing and not cured may ground a refusal though it is not listed.
    pub fn uncured_may_ground(&self) -> bool {
        self.compiled.uncured_may_ground
    }

    /// Whether rectifiable defects must be notified and left uncured before a refusal.
    pub fn notice_first(&self) -> bool {
        self.compiled.notice_first
    }

    /// Mask of event kinds that restart a limit paused by suspension.
    pub(crate) fn suspension_reset(&self) -> u64 {
        self.compiled.suspension_reset
    }

    /// Whether a stage has no way out.
    pub fn is_terminal(&self, stage: StageId) -> bool {
        self.outgoing(stage).is_empty()
    }

    /// The citation of a transition rendered as `title, locator`.
    pub fn cite(&self, citation: &Citation) -> String {
        let title = self
            .sources
            .get(&citation.source)
            .map_or(citation.source.as_str(), |source| source.title.as_str());
        match &citation.locator {
            Some(locator) => format!("{title}, {locator}"),
            None => title.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends_with_and_without_holidays() {
        let friday = Date::parse("2024-04-12").unwrap();
        assert_eq!(
            add_working_days(friday, 1, &[]),
            Date::parse("2024-04-15").unwrap()
        );
        assert_eq!(
            add_working_days(friday, 10, &[]),
            Date::parse("2024-04-26").unwrap()
        );
        let saturday = Date::parse("2024-04-13").unwrap();
        assert_eq!(
            add_working_days(saturday, 5, &[]),
            Date::parse("2024-04-19").unwrap()
        );
        let holiday = [Date::parse("2024-04-15").unwrap()];
        assert_eq!(
            add_working_days(friday, 1, &holiday),
            Date::parse("2024-04-16").unwrap()
        );
        for start in 0..60 {
            let start = friday.add_days(start);
            for amount in 0..25 {
                assert_eq!(
                    add_working_days(start, amount, &[]),
                    add_working_days(start, amount, &[Date::parse("1999-01-01").unwrap()])
                );
            }
        }
    }
}
