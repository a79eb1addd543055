//! Counterfactual replay: the same facts under another rule set.
//!
//! The applicant's actions (filings, congress, cures, appeals) are kept at their real
//! dates; a time limit on the group that the other rules open earlier than the real act
//! did runs from the real act ([`windows`]), so keeping real dates never makes the group
//! late. The authority's, the courts' and the clock's events are re-derived under the
//! other rule set, taking each real decision as a template, under one of three models:
//!
//! * `replicate` (default): the authority repeats what it really did, mapped onto the
//!   other rules: its real decision stands where they allow it (or breaks only rules it
//!   broke in reality too); otherwise it takes the most adverse decision they allow on the
//!   same defects (refuse, else notify them for cure, else approve), raising them again
//!   after a cure where it really did. It takes as long as it really took for that kind of
//!   step; where the other rules let the clock decide, the clock decides.
//! * `worst`: the most adverse conduct the other rules permit (suspend where allowed, use
//!   every limit in full, refuse wherever allowed).
//! * `lawful`: it refuses only on grounds the rules allow, notifies rectifiable defects
//!   for cure where they provide it, and decides within its time limit.
//!
//! Where the other rules need a step the record lacks (a congress the real group was
//! never allowed to hold, a cure it was never invited to make), the scenario's
//! `assumptions` fill it, else regsim's documented defaults; every assumption used is
//! listed. Such a step is assumed once: needing it again stops the derivation with a named
//! limit ([`DerivationLimit`]) rather than numbers the model would make. The derived events
//! are replayed by the same state machine as any case, so the counterfactual trace,
//! findings and outcome are exactly as trustworthy as a replay.

mod assumed_steps;
mod corrections;
mod decide;
mod derive;
mod explain;
pub mod figures;
pub mod range;
mod real_authority;
pub mod regime;
pub mod thresholds;
mod timing;
mod windows;
mod wording;

use serde::Serialize;

use derive::Deriver;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::event::EventKind;
use crate::replay::{self, Replay};
use crate::rules::{RuleSet, StageOutcome};
use crate::scenario::Scenario;

/// How the authority behaves in a counterfactual.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityModel {
    /// It repeats what it really did, mapped onto the other rules: the same defects (again
    /// after a cure where it really raised them again), suspensions where it really
    /// suspended, as long as it really took for that kind of step; where the other rules
    /// close its real decision, the most adverse decision they allow.
    #[default]
    #[value(alias = "adverse")]
    Replicate,
    /// The most adverse conduct the other rules permit: it suspends wherever it may, uses
    /// every time limit in full, does not act where nothing bounds it, and refuses
    /// wherever a refusal on the defects it really raised is allowed.
    Worst,
    /// It decides within every time limit, refuses only on grounds the rules allow
    /// (unrectifiable and, under a closed list, listed; or any ground the rules let
    /// stand), notifies rectifiable defects where the rules provide for it, at the pace
    /// real decisions of that kind took.
    Lawful,
}

impl AuthorityModel {
    /// Every model, from the most adverse to the most favourable to the applicant.
    pub const ALL: [AuthorityModel; 3] = [
        AuthorityModel::Worst,
        AuthorityModel::Replicate,
        AuthorityModel::Lawful,
    ];

    /// The model's name, as on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            AuthorityModel::Replicate => "replicate",
            AuthorityModel::Worst => "worst",
            AuthorityModel::Lawful => "lawful",
        }
    }

    /// One line on what the model does.
    pub const fn describe(self) -> &'static str {
        match self {
            AuthorityModel::Replicate => {
                "replicate (the authority repeats what it really did, mapped onto the other rules)"
            }
            AuthorityModel::Worst => {
                "worst (the most adverse conduct the other rules permit: suspends where it may, uses every limit in full, refuses wherever allowed)"
            }
            AuthorityModel::Lawful => {
                "lawful (decides in time, refuses only on grounds the rules allow, at the pace of real decisions)"
            }
        }
    }
}

impl std::fmt::Display for AuthorityModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The named assumption that the group would have acted as soon as the other rules let it.
pub const ACT_EARLIER: &str = "act_earlier";

/// regsim's defaults for steps the record lacks, used when the scenario states no assumption.
pub const DEFAULT_ASSUMPTIONS: &[(&str, f64, &str)] = &[
    (
        "cure_days",
        14.0,
        "two weeks to correct a list or a charter wording, well inside the cure periods proposed (one month and more)",
    ),
    (
        "congress_after_days",
        30.0,
        "one month to convene the congress, inside every congress window modelled (two or three months); Respublica took 9 days",
    ),
    (
        "submission_after_days",
        30.0,
        "one month from congress to filing, inside every filing window modelled; Respublica filed within about 17–46 days",
    ),
];

/// What became of a real event, or where a derived one came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "derivation", rename_all = "snake_case")]
pub enum Derivation {
    /// The real event, kept.
    Kept,
    /// The real decision is not allowed under the other rules; this one replaces it.
    Replaced {
        /// Why the real decision is not allowed.
        reason: String,
        /// The rule (policy, guard or missing transition) that made the difference.
        rule: String,
        /// Its citation.
        #[serde(skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
    /// The real event has no counterpart.
    Dropped {
        /// Why.
        reason: String,
    },
    /// The applicant's real correction, filed as the step the other rules call it
    /// (a cure where they invite one, a fresh filing where they refuse first).
    Translated {
        /// What the real act was and what it becomes.
        reason: String,
        /// The transition it takes.
        rule: String,
        /// Its citation.
        #[serde(skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
    /// An applicant step the record lacks, placed by an assumption.
    Assumed {
        /// The assumption's name.
        assumption: String,
        /// Its value (days).
        value: f64,
    },
    /// An authority or clock event the other rules produce with no real counterpart.
    Derived {
        /// Why it happens.
        reason: String,
        /// The rule.
        rule: String,
        /// Its citation.
        #[serde(skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
}

/// One event in an aligned row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowEvent {
    /// Position in its own event list.
    pub index: usize,
    /// Date.
    pub date: Date,
    /// Event.
    pub event: EventKind,
}

/// One row of the aligned traces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedRow {
    /// The real event, if the row has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factual: Option<RowEvent>,
    /// The counterfactual event, if the row has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterfactual: Option<RowEvent>,
    /// How the row was derived.
    #[serde(flatten)]
    pub derivation: Derivation,
}

/// An assumption a counterfactual used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssumptionUse {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// `scenario` when the case file states it, `default` when regsim's default was used.
    pub origin: String,
    /// What it means.
    pub meaning: String,
    /// Why this value.
    pub note: String,
}

/// Where the counterfactual first departs from the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// The real event at that point, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factual_event: Option<usize>,
    /// The date.
    pub date: Date,
    /// What happened differently.
    pub description: String,
    /// The rule that caused it.
    pub rule: String,
    /// Its citation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// A time limit on the group that runs from its real opening act, not from the earlier
/// counterfactual one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RetimedWindow {
    /// The limit's parameter.
    pub parameter: String,
    /// The counterfactual event that opened it, and its date.
    pub opened_by: EventKind,
    /// The counterfactual date it opened on.
    pub opened_on: Date,
    /// The real event that opened it for the real group (position in the record).
    pub real_index: usize,
    /// That real event's kind.
    pub real_event: EventKind,
    /// The day the window runs from.
    pub runs_from: Date,
    /// In words.
    pub text: String,
}

/// Where a counterfactual stops because the record can no longer be followed without
/// assuming a step a second time: its figures are as of `derived_to`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DerivationLimit {
    /// The last day derived: the counterfactual outcome is evaluated then.
    pub derived_to: Date,
    /// The step that would have had to be assumed again.
    pub step: EventKind,
    /// In words.
    pub text: String,
}

/// How the outcome changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeDelta {
    /// Registered in reality.
    pub registered_factual: bool,
    /// Registered in the counterfactual.
    pub registered_counterfactual: bool,
    /// Real registration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on_factual: Option<Date>,
    /// Counterfactual registration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on_counterfactual: Option<Date>,
    /// Days from first filing to registration (or to the evaluation date), real.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_factual: Option<i32>,
    /// The same, counterfactual.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_counterfactual: Option<i32>,
    /// Refusals avoided (real minus counterfactual).
    pub refusals_avoided: i64,
    /// Filings avoided.
    pub attempts_avoided: i64,
    /// Remark rounds added (counterfactual minus real).
    pub remark_rounds_added: i64,
    /// Days waiting on the authority saved.
    pub authority_days_saved: i64,
    /// What the refusals avoided are, given counts the sources give only as minimums:
    /// `exact`, `at_most` (the real count is a minimum), `at_least`, `undetermined`, or
    /// `not_comparable` (the counterfactual is derived only to an earlier day).
    pub refusals_bound: &'static str,
    /// When set, the counterfactual is derived only to this day (see `limit`): its
    /// figures cover another period than the record's, and these differences are not
    /// findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_to: Option<Date>,
    /// The figures whose difference rests on events the case file does not confirm or
    /// that an assumption placed (on either side): `registered_on`, `days`, `attempts`,
    /// `refusals`, `remark_rounds`, `appeals`, `authority_days`, `lapses`.
    pub unconfirmed: Vec<String>,
}

/// A counterfactual replay.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterfactual {
    /// The authority model.
    pub model: AuthorityModel,
    /// Whether the named assumption `act_earlier` was made.
    pub act_earlier: bool,
    /// The replay of the record under its own rules.
    pub factual: Replay,
    /// The replay of the derived record under the other rules.
    pub counterfactual: Replay,
    /// The two traces aligned.
    pub rows: Vec<AlignedRow>,
    /// The first point of divergence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divergence: Option<Divergence>,
    /// Every assumption used.
    pub assumptions_used: Vec<AssumptionUse>,
    /// The outcome delta.
    pub delta: OutcomeDelta,
    /// Numbers the record lacks that the counterfactual outcome rests on: it holds only if
    /// each was met ("registered if it had at least 5,000 members").
    pub conditions: Vec<thresholds::Condition>,
    /// Real threshold refusals judged again on the record's numbers.
    pub rejudged: Vec<thresholds::Rejudged>,
    /// When the other rule set stands on another base than the case's own: which, and
    /// how the two bases differ (set by [`regime::annotate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<regime::BaseNote>,
    /// Counterfactual events dated outside the period the base regime was in force.
    pub out_of_force: Vec<regime::OutOfForce>,
    /// Time limits on the group that run from the real act that opened them, later than
    /// the counterfactual one ([`windows`]).
    pub retimed_windows: Vec<RetimedWindow>,
    /// Where the derivation stopped because the record could no longer be followed
    /// (its figures are as of that day), if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<DerivationLimit>,
    /// Real refusals whose counterfactual counterpart falls after the horizon (`--as-of`,
    /// else the record's last day): pending there, so not counted as refusals avoided.
    #[serde(skip_serializing_if = "is_zero")]
    pub refusals_pending: u32,
    /// The real outcome's figures that rest on events the case file does not confirm.
    pub unconfirmed_factual: Vec<String>,
    /// The counterfactual outcome's figures that rest on such events or on an event an
    /// assumption placed.
    pub unconfirmed_counterfactual: Vec<String>,
    /// The outcome under each authority model, worst to lawful (set by the caller with
    /// [`range::range`]; empty when not computed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub range: Vec<range::ModelOutcome>,
}

/// Replays `scenario` (whose own rules are `factual_rules`) under `other`.
pub fn counterfactual(
    file: &str,
    scenario: &Scenario,
    factual_rules: &RuleSet,
    other: &RuleSet,
    model: AuthorityModel,
    as_of: Option<Date>,
) -> Result<Counterfactual, Diagnostic> {
    counterfactual_with(file, scenario, (factual_rules, other), model, as_of, false)
}

/// [`counterfactual`], optionally under the named assumption `act_earlier`: where the
/// other rules would have let the group take a step (its congress, its filing) before the
/// day it really did, it takes it then, placed by the case's assumptions; its real act is
/// kept in the aligned rows beside the assumed one.
pub fn counterfactual_with(
    file: &str,
    scenario: &Scenario,
    (factual_rules, other): (&RuleSet, &RuleSet),
    model: AuthorityModel,
    as_of: Option<Date>,
    act_earlier: bool,
) -> Result<Counterfactual, Diagnostic> {
    let settled = scenario.settled();
    let scenario = &*settled;
    let factual = replay::replay(file, scenario, factual_rules, as_of)?;
    let as_of = factual.as_of;
    if let Some(first) = scenario.events.first() {
        // A record that begins late in the procedure needs its stage in the other rules.
        replay::opening_state(file, scenario, other, first.date.day).map_err(|problem| {
            Diagnostic::new(
                file,
                format!("under `{}`: {}", other.id, problem.message),
            )
            .fix("a counterfactual needs the stage the record begins at in both rule sets: compare under a reform that keeps that stage, or begin the record (`starts_at`) at a stage both have")
        })?;
    }
    let mut deriver = Deriver::new(scenario, factual_rules, other, model, as_of);
    deriver.act_earlier = act_earlier;
    if act_earlier {
        deriver.assumptions_used.push(AssumptionUse {
            name: ACT_EARLIER.into(),
            value: 1.0,
            origin: "command line".into(),
            meaning: "the group takes each step as soon as the other rules allow it, not on its real date".into(),
            note: "a named assumption, off by default: the record shows when the group really acted, under the rules it really faced".into(),
        });
    }
    deriver.run();
    let derived = Scenario {
        events: deriver.events.clone(),
        recorded_outcome: None,
        rules: other.id.clone(),
        ..scenario.clone()
    };
    let mut counterfactual = replay::replay_anchored(
        file,
        &derived,
        other,
        Some(
            deriver
                .limit
                .as_ref()
                .map_or(as_of, |limit| limit.derived_to),
        ),
        &deriver.anchors,
    )
    .map_err(|problem| {
        Diagnostic::new(
            file,
            format!(
                "internal error: the derived record does not replay under `{}`: {}",
                other.id, problem.message
            ),
        )
    })?;
    // The derived record drops the recorded outcome, but a count the sources give only as a
    // minimum stays a minimum under other rules: the replicated refusals are as many as recorded.
    counterfactual.outcome.refusals_at_least = scenario.refusals_are_minimum();
    let divergence = deriver.divergence(&factual, &counterfactual);
    let mut conditions = std::mem::take(&mut deriver.conditions);
    // A condition on the real refusals is dated by the first of them, a real event.
    let (first_date, first_event) = deriver
        .first_unrecorded
        .unwrap_or((as_of, EventKind::ApplicationRefused));
    if deriver.unrecorded_no_refusal > 0 && deriver.unrecorded_grounds == 0 {
        conditions.push(thresholds::Condition {
            date: first_date,
            event: first_event,
            parameter: "policies.refusal_grounds".into(),
            threshold: 0.0,
            text: format!(
                "the real refusals whose grounds the record does not give ({}) rested on nothing that would bar registration under {}, which provides no refusal at that stage: the outcome follows from the reform's design, and what the real grounds were is unknown",
                deriver.unrecorded_no_refusal, other.id
            ),
        });
    }
    if deriver.unrecorded_grounds > 0 {
        conditions.push(thresholds::Condition {
            date: first_date,
            event: first_event,
            parameter: "policies.refusal_grounds".into(),
            threshold: 0.0,
            text: if model == AuthorityModel::Lawful {
                format!(
                    "the real refusals whose grounds the record does not give ({}) rested on no ground {} allows (the other models assume they did)",
                    deriver.unrecorded_grounds, other.id
                )
            } else {
                format!(
                    "the real refusals whose grounds the record does not give ({}) rested on grounds {} allows (the lawful model assumes they did not)",
                    deriver.unrecorded_grounds, other.id
                )
            },
        });
    }
    // A derivation that departs from a record dated only to the month or year rests on
    // the day those dates were placed on: the outcome is conditional on it.
    if divergence.is_some() {
        let placed: Vec<String> = factual
            .steps
            .iter()
            .filter(|step| !step.date.is_exact())
            .map(|step| {
                format!(
                    "#{} {} (dated only {}) fell on {}",
                    step.index, step.event, step.date, step.day
                )
            })
            .collect();
        if let Some(first) = factual.steps.iter().find(|step| !step.date.is_exact()) {
            conditions.push(thresholds::Condition {
                date: first.day,
                event: first.event,
                parameter: "date_precision".into(),
                threshold: 0.0,
                text: format!(
                    "{}: the first possible day of each, where the replay placed them; other days in their periods can give another outcome",
                    placed.join("; ")
                ),
            });
        }
    }
    let delta = delta(&factual, &counterfactual);
    let mut cf = Counterfactual {
        model,
        act_earlier,
        factual,
        counterfactual,
        rows: deriver.rows,
        divergence,
        assumptions_used: deriver.assumptions_used,
        delta,
        conditions,
        rejudged: deriver.rejudged,
        base: None,
        out_of_force: Vec::new(),
        retimed_windows: deriver.retimed,
        limit: deriver.limit,
        refusals_pending: deriver.refusals_pending,
        unconfirmed_factual: Vec::new(),
        unconfirmed_counterfactual: Vec::new(),
        range: Vec::new(),
    };
    cf.unconfirmed_factual = figures::unconfirmed_figures(&cf.factual, factual_rules, None);
    cf.unconfirmed_counterfactual =
        figures::unconfirmed_figures(&cf.counterfactual, other, Some(&cf));
    let rests = |figure: &str| {
        cf.unconfirmed_factual
            .iter()
            .chain(&cf.unconfirmed_counterfactual)
            .any(|f| f == figure)
    };
    cf.delta.unconfirmed = figures::FIGURES
        .into_iter()
        .filter(|figure| rests(figure))
        .map(str::to_string)
        .collect();
    cf.delta.derived_to = cf.limit.as_ref().map(|limit| limit.derived_to);
    let (real_minimum, other_minimum) = (
        cf.factual.outcome.refusals_at_least && cf.factual.outcome.refusals > 0,
        cf.counterfactual.outcome.refusals_at_least && cf.counterfactual.outcome.refusals > 0,
    );
    cf.delta.refusals_bound = match (real_minimum, other_minimum) {
        _ if cf.limit.is_some() => "not_comparable",
        (true, true) if cf.factual.outcome.refusals != cf.counterfactual.outcome.refusals => {
            "undetermined"
        }
        (true, false) => "at_most",
        (false, true) => "at_least",
        _ => "exact",
    };
    Ok(cf)
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

fn delta(factual: &Replay, counterfactual: &Replay) -> OutcomeDelta {
    let (f, c) = (&factual.outcome, &counterfactual.outcome);
    OutcomeDelta {
        registered_factual: f.status == StageOutcome::Registered,
        registered_counterfactual: c.status == StageOutcome::Registered,
        registered_on_factual: f.registered_on,
        registered_on_counterfactual: c.registered_on,
        days_factual: f.days_from_first_filing,
        days_counterfactual: c.days_from_first_filing,
        refusals_avoided: f.refusals as i64 - c.refusals as i64,
        attempts_avoided: f.attempts as i64 - c.attempts as i64,
        remark_rounds_added: c.remark_rounds as i64 - f.remark_rounds as i64,
        authority_days_saved: f.days_waiting_on_authority as i64
            - c.days_waiting_on_authority as i64,
        refusals_bound: "exact",
        derived_to: None,
        unconfirmed: Vec::new(),
    }
}
