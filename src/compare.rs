//! Comparison: every case under every rule set, one row each, with deltas against a
//! baseline rule set and, on request, the rules that made each difference.
//!
//! A case under its own rule set is its factual replay; under any other rule set it is
//! a counterfactual replay (see [`crate::counterfactual`]). Rows are in the order the
//! cases and rule sets were given, so output is deterministic.

use serde::Serialize;

use crate::counterfactual::{self, AuthorityModel, Counterfactual, Derivation};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::replay::{self, Replay};
use crate::rules::{RuleSet, StageOutcome};
use crate::scenario::{CaseKind, Scenario};
use crate::source::ValuesByStatus;

/// One case under one rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// Case id.
    pub case: String,
    /// Real or hypothetical.
    pub kind: CaseKind,
    /// Rule set id.
    pub rules: String,
    /// Whether this row is the baseline.
    pub baseline: bool,
    /// Whether the rule set is not the case's own (a counterfactual).
    pub counterfactual: bool,
    /// Whether the rule set applies to the case's entity kind.
    pub applicable: bool,
    /// Final stage.
    pub final_stage: String,
    /// Registered by the evaluation date.
    pub registered: bool,
    /// Registration date.
    pub registered_on: Option<Date>,
    /// Days from first filing to registration (or to the evaluation date).
    pub days: Option<i32>,
    /// Filings.
    pub attempts: u32,
    /// Refusals.
    pub refusals: u32,
    /// Whether `refusals` is a minimum: the case's sources give no exact count.
    pub refusals_at_least: bool,
    /// Refusals the sources count outside the case file (earlier attempts it does not
    /// hold as events), shown beside a factual row's count; a counterfactual cannot judge
    /// them, so its rows carry none.
    #[serde(skip_serializing_if = "is_zero")]
    pub refusals_outside_file: u32,
    /// Remark rounds.
    pub remark_rounds: u32,
    /// Appeals.
    pub appeals: u32,
    /// Days waiting on the authority.
    pub authority_days: i32,
    /// Differences from the baseline row of the same case.
    pub delta: Option<RowDelta>,
    /// Assumptions the row used (`name = value (origin)`).
    pub assumptions: Vec<String>,
    /// Unrecorded numbers the row's outcome rests on: it holds only if each was met.
    pub conditions: Vec<String>,
    /// Events of the case file that the file itself does not confirm (assumed or
    /// inferred), which the row's counts may include (`#index date event (confidence)`).
    pub unconfirmed_events: Vec<String>,
    /// Counterfactual events judged under rules not in force on their date.
    pub out_of_force: Vec<String>,
    /// For a counterfactual that could not follow the record to the end: the last day it
    /// is derived to (its figures are as of then, so no difference from the baseline is
    /// given) and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_to: Option<crate::counterfactual::DerivationLimit>,
    /// The row's figures that count, or are dated by, events the case file does not
    /// confirm or that an assumption placed (`registered_on`, `days`, `attempts`,
    /// `refusals`, `remark_rounds`, `appeals`, `authority_days`).
    pub unconfirmed_figures: Vec<String>,
    /// For a counterfactual row: the outcome under each authority model, from the most
    /// adverse (`worst`) to the most favourable (`lawful`), so a reader sees how much
    /// rests on the authority's conduct.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub range: Vec<crate::counterfactual::range::ModelOutcome>,
    /// With `--explain`, for a row whose outcome differs from the baseline: the rules that made the difference.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
}

/// Differences from the baseline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowDelta {
    /// `gained`, `lost` or `same` registration.
    pub registration: String,
    /// Days to registration, this minus baseline, when both registered.
    pub days: Option<i32>,
    /// Refusals, this minus baseline.
    pub refusals: i64,
    /// Filings, this minus baseline.
    pub attempts: i64,
    /// Remark rounds, this minus baseline.
    pub remark_rounds: i64,
    /// Appeals, this minus baseline.
    pub appeals: i64,
    /// Days waiting on the authority, this minus baseline.
    pub authority_days: i64,
    /// What the refusal difference is, given counts the sources give only as minimums:
    /// `exact`, `at_most` (the baseline's count is a minimum), `at_least` (this row's is),
    /// or `undetermined` (both are, and they differ).
    pub refusals_bound: DeltaBound,
    /// The differences that rest on figures the case file does not confirm or that an
    /// assumption placed (on either row): `days`, `refusals`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
}

/// How far a difference is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeltaBound {
    /// Exactly.
    Exact,
    /// At most the figure given (the baseline's count is only a minimum).
    AtMost,
    /// At least the figure given (this row's count is only a minimum).
    AtLeast,
    /// Not at all: both counts are minimums and they differ.
    Undetermined,
    /// Not at all: the row is derived only to an earlier day than the baseline (see its
    /// `derived_to`), so its counts cover another period.
    NotComparable,
}

impl RowDelta {
    /// The refusal difference as a reader should see it: `-2`, `≤-2`, `≥+1`, `?`, with
    /// `†` when it rests on unconfirmed figures; blank when there is none.
    pub fn refusals_cell(&self) -> String {
        let value = self.refusals;
        let mut cell = match self.refusals_bound {
            DeltaBound::Exact if value == 0 => return String::new(),
            DeltaBound::Exact => format!("{value:+}"),
            DeltaBound::AtMost => format!("≤{value:+}"),
            DeltaBound::AtLeast => format!("≥{value:+}"),
            DeltaBound::Undetermined => "?".to_string(),
            DeltaBound::NotComparable => return "n/a".to_string(),
        };
        if self.unconfirmed.iter().any(|figure| figure == "refusals") {
            cell.push('†');
        }
        cell
    }

    /// The days difference as a reader should see it: `gained`, `lost`, `+3`, with `†`
    /// when it rests on unconfirmed figures; blank when there is none.
    pub fn days_cell(&self) -> String {
        if self.refusals_bound == DeltaBound::NotComparable {
            return "n/a".to_string();
        }
        let mut cell = match (self.registration.as_str(), self.days) {
            ("gained", _) => "gained".to_string(),
            ("lost", _) => "lost".to_string(),
            (_, Some(days)) if days != 0 => format!("{days:+}"),
            _ => return String::new(),
        };
        if self.unconfirmed.iter().any(|figure| figure == "days") {
            cell.push('†');
        }
        cell
    }
}

/// A whole comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Rule sets compared, in order.
    pub rules: Vec<String>,
    /// The baseline.
    pub baseline: String,
    /// The authority model of the counterfactuals.
    pub authority: AuthorityModel,
    /// Rows: each case under each rule set.
    pub rows: Vec<ComparisonRow>,
    /// What stands behind the numbers: how many values of each rule set the rows used
    /// (each case's own, then those it was compared under, first use first) have each status.
    pub statuses: Vec<ValuesByStatus>,
    /// Every value of those rule sets with its status and source, in the same order (for
    /// the HTML report; `rules show --format json` gives them to tools).
    #[serde(skip)]
    pub provenance: Vec<(String, Vec<crate::rules::provenance::ValueProvenance>)>,
}

/// A case ready to compare.
pub struct CaseInput<'a> {
    /// File name for messages.
    pub file: String,
    /// The case.
    pub scenario: &'a Scenario,
    /// Its own rules.
    pub own_rules: &'a RuleSet,
    /// The rule sets it is compared under, one per compared expression, in order: each
    /// resolved for this case (`own` is its own rules), or why it does not apply.
    pub rule_sets: Vec<Result<RuleSet, String>>,
}

impl ComparisonRow {
    /// A row for a rule set that does not apply to the case: no outcome, no delta.
    fn not_applicable(case: &Scenario, rules: &str, baseline: bool) -> ComparisonRow {
        ComparisonRow {
            case: case.id.clone(),
            kind: case.kind,
            rules: rules.to_string(),
            baseline,
            counterfactual: true,
            applicable: false,
            final_stage: String::new(),
            registered: false,
            registered_on: None,
            days: None,
            attempts: 0,
            refusals: 0,
            refusals_at_least: false,
            refusals_outside_file: 0,
            remark_rounds: 0,
            appeals: 0,
            authority_days: 0,
            delta: None,
            assumptions: Vec::new(),
            conditions: Vec::new(),
            unconfirmed_events: Vec::new(),
            out_of_force: Vec::new(),
            derived_to: None,
            unconfirmed_figures: Vec::new(),
            range: Vec::new(),
            explanation: Vec::new(),
        }
    }
}

impl Comparison {
    /// The rows that carry an explanation (with `--explain`, those that differ).
    pub fn explained_rows(&self) -> impl Iterator<Item = &ComparisonRow> {
        self.rows.iter().filter(|row| !row.explanation.is_empty())
    }

    /// The counterfactual rows, with their outcome under every authority model.
    pub fn rows_with_range(&self) -> impl Iterator<Item = &ComparisonRow> {
        self.rows.iter().filter(|row| !row.range.is_empty())
    }

    /// The rows whose outcome is conditional on an unrecorded number.
    pub fn conditional_rows(&self) -> impl Iterator<Item = &ComparisonRow> {
        self.rows.iter().filter(|row| !row.conditions.is_empty())
    }

    /// The rows whose counterfactual used assumptions.
    pub fn rows_with_assumptions(&self) -> impl Iterator<Item = &ComparisonRow> {
        self.rows.iter().filter(|row| !row.assumptions.is_empty())
    }
}

fn row_from(
    case: &Scenario,
    rules: &RuleSet,
    baseline: bool,
    replay: &Replay,
    cf: Option<&Counterfactual>,
) -> ComparisonRow {
    let outcome = &replay.outcome;
    ComparisonRow {
        case: case.id.clone(),
        kind: case.kind,
        rules: rules.id.clone(),
        baseline,
        counterfactual: cf.is_some(),
        applicable: true,
        final_stage: outcome.final_stage.clone(),
        registered: outcome.status == StageOutcome::Registered,
        registered_on: outcome.registered_on,
        days: outcome.days_from_first_filing,
        attempts: outcome.attempts,
        refusals: outcome.refusals,
        refusals_at_least: case.refusals_are_minimum(),
        refusals_outside_file: if cf.is_none() {
            case.recorded_outcome
                .as_ref()
                .and_then(|recorded| recorded.refusals_outside_file)
                .unwrap_or(0)
        } else {
            0
        },
        remark_rounds: outcome.remark_rounds,
        appeals: outcome.appeals,
        authority_days: outcome.days_waiting_on_authority,
        delta: None,
        assumptions: cf.map_or_else(Vec::new, |cf| {
            cf.assumptions_used
                .iter()
                .map(|a| format!("{} = {} ({})", a.name, a.value, a.origin))
                .collect()
        }),
        conditions: cf.map_or_else(Vec::new, |cf| {
            cf.conditions.iter().map(|c| c.text.clone()).collect()
        }),
        unconfirmed_events: replay
            .steps
            .iter()
            .filter(|step| !step.is_firm())
            .filter(|step| {
                cf.is_none()
                    || !step
                        .note
                        .as_deref()
                        .is_some_and(|n| n.starts_with("derived"))
            })
            .map(|step| {
                format!(
                    "#{} {} {} ({})",
                    step.index,
                    step.date,
                    step.event,
                    step.basis()
                )
            })
            .collect(),
        out_of_force: cf.map_or_else(Vec::new, |cf| {
            cf.out_of_force.iter().map(|o| o.message.clone()).collect()
        }),
        derived_to: cf.and_then(|cf| cf.limit.clone()),
        unconfirmed_figures: crate::counterfactual::figures::unconfirmed_figures(replay, rules, cf),
        range: Vec::new(),
        explanation: Vec::new(),
    }
}

/// Compares every case under its rule sets; `labels` name the compared expressions
/// (one per entry of each case's `rule_sets`) and `baseline` is the index of the baseline.
pub fn compare(
    cases: &[CaseInput],
    labels: &[String],
    baseline: usize,
    authority: AuthorityModel,
    explain: bool,
    catalog: Option<&crate::rules::Catalog>,
) -> Result<Comparison, Diagnostic> {
    let mut rows = Vec::new();
    for case in cases {
        let mut case_rows: Vec<(ComparisonRow, Option<Counterfactual>)> = Vec::new();
        for (position, resolved) in case.rule_sets.iter().enumerate() {
            let is_baseline = position == baseline;
            let label = labels.get(position).map_or("", String::as_str);
            let rules = match resolved {
                Ok(rules) if rules.entity == case.own_rules.entity => rules,
                Ok(rules) => {
                    let mut row =
                        ComparisonRow::not_applicable(case.scenario, &rules.id, is_baseline);
                    row.final_stage = format!(
                        "n/a: {} rules, {} case",
                        rules.entity, case.own_rules.entity
                    );
                    case_rows.push((row, None));
                    continue;
                }
                Err(reason) => {
                    let mut row = ComparisonRow::not_applicable(case.scenario, label, is_baseline);
                    row.final_stage = format!("n/a: {reason}");
                    case_rows.push((row, None));
                    continue;
                }
            };
            if rules.id == case.own_rules.id {
                let replay = replay::replay(&case.file, case.scenario, case.own_rules, None)?;
                case_rows.push((
                    row_from(case.scenario, rules, is_baseline, &replay, None),
                    None,
                ));
            } else {
                // A counterfactual the other rules cannot hold (a record that begins at a
                // stage they lack) is a row that does not apply, with the reason; the
                // other cases are still compared.
                let derived = counterfactual::counterfactual(
                    &case.file,
                    case.scenario,
                    case.own_rules,
                    rules,
                    authority,
                    None,
                );
                let mut cf = match derived {
                    Ok(cf) => cf,
                    Err(problem) => {
                        let mut row =
                            ComparisonRow::not_applicable(case.scenario, &rules.id, is_baseline);
                        row.final_stage = format!("n/a: {}", problem.message);
                        case_rows.push((row, None));
                        continue;
                    }
                };
                if let Some(catalog) = catalog {
                    counterfactual::regime::annotate(&mut cf, case.own_rules, rules, catalog);
                }
                let mut row = row_from(
                    case.scenario,
                    rules,
                    is_baseline,
                    &cf.counterfactual,
                    Some(&cf),
                );
                row.range = counterfactual::range::range(
                    &case.file,
                    case.scenario,
                    (case.own_rules, rules),
                    &cf,
                )?;
                case_rows.push((row, Some(cf)));
            }
        }
        let base = case_rows
            .iter()
            .find(|(row, _)| row.baseline && row.applicable)
            .map(|(row, _)| row.clone());
        for (row, cf) in &mut case_rows {
            let Some(base) = &base else { continue };
            if !row.applicable || row.baseline {
                continue;
            }
            let registration = match (base.registered, row.registered) {
                (false, true) => "gained",
                (true, false) => "lost",
                _ => "same",
            };
            let days = match (base.registered, row.registered, base.days, row.days) {
                (true, true, Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            let minimum = |r: &ComparisonRow| r.refusals_at_least && r.refusals > 0;
            let refusals_bound = match (minimum(base), minimum(row)) {
                _ if row.derived_to.is_some() || base.derived_to.is_some() => {
                    DeltaBound::NotComparable
                }
                (true, true) if base.refusals != row.refusals => DeltaBound::Undetermined,
                (true, false) => DeltaBound::AtMost,
                (false, true) => DeltaBound::AtLeast,
                _ => DeltaBound::Exact,
            };
            let rests = |figure: &str| {
                [&*base, &*row]
                    .iter()
                    .any(|r| r.unconfirmed_figures.iter().any(|f| f == figure))
            };
            let unconfirmed = ["days", "refusals"]
                .into_iter()
                .filter(|figure| rests(figure) || (*figure == "days" && rests("registered_on")))
                .map(str::to_string)
                .collect();
            row.delta = Some(RowDelta {
                registration: registration.into(),
                days,
                refusals: row.refusals as i64 - base.refusals as i64,
                attempts: row.attempts as i64 - base.attempts as i64,
                remark_rounds: row.remark_rounds as i64 - base.remark_rounds as i64,
                appeals: row.appeals as i64 - base.appeals as i64,
                authority_days: row.authority_days as i64 - base.authority_days as i64,
                refusals_bound,
                unconfirmed,
            });
            let differs = registration != "same"
                || days.is_some_and(|d| d != 0)
                || row.refusals != base.refusals;
            // A conditional row is explained too: what it rests on is the point.
            if explain && (differs || !row.conditions.is_empty()) {
                if let Some(cf) = cf {
                    row.explanation = explanation(cf);
                }
            }
        }
        rows.extend(case_rows.into_iter().map(|(row, _)| row));
    }
    let mut statuses: Vec<ValuesByStatus> = Vec::new();
    let mut provenance = Vec::new();
    let used = cases.iter().flat_map(|case| {
        std::iter::once(case.own_rules).chain(case.rule_sets.iter().filter_map(|r| r.as_ref().ok()))
    });
    // A case judged by date used the values of every regime of its timeline: each is
    // counted under its own id.
    for rules in used.flat_map(|rules| rules.regimes().into_iter().map(|(_, regime)| regime)) {
        // The first regime of a timeline carries the timeline's id (`kz-2020→kz-2022`).
        let id = rules.id.split('→').next().unwrap_or(&rules.id);
        if !statuses.iter().any(|known| known.id == id) {
            statuses.push(ValuesByStatus {
                id: id.to_string(),
                counts: rules.status_counts(),
            });
            provenance.push((id.to_string(), rules.provenance()));
        }
    }
    Ok(Comparison {
        rules: labels.to_vec(),
        baseline: labels.get(baseline).cloned().unwrap_or_default(),
        authority,
        rows,
        statuses,
        provenance,
    })
}

/// Plain sentences naming the rules that made a counterfactual differ from the record.
pub fn explanation(cf: &Counterfactual) -> Vec<String> {
    let (own, other) = (&cf.factual.rules.id, &cf.counterfactual.rules.id);
    let mut sentences = Vec::new();
    let divergence_is_a_row = cf.divergence.as_ref().is_some_and(|d| {
        cf.rows.iter().any(|row| {
            row.factual.as_ref().map(|e| e.index) == d.factual_event
                && !matches!(row.derivation, Derivation::Kept)
        })
    });
    if let Some(divergence) = cf.divergence.as_ref().filter(|_| !divergence_is_a_row) {
        let cite = divergence
            .citation
            .as_ref()
            .map_or(String::new(), |c| format!(" ({c})"));
        sentences.push(format!(
            "{}: the record departs from {own} first here — {}. Rule: {}{cite}.",
            divergence.date, divergence.description, divergence.rule
        ));
    }
    for row in &cf.rows {
        let date = row
            .counterfactual
            .as_ref()
            .or(row.factual.as_ref())
            .map_or(String::new(), |e| e.date.to_string());
        let event = row
            .counterfactual
            .as_ref()
            .map_or(String::new(), |e| e.event.to_string());
        let sentence = match &row.derivation {
            Derivation::Replaced {
                reason,
                rule,
                citation,
            } => {
                let real = row
                    .factual
                    .as_ref()
                    .map_or(String::new(), |e| e.event.to_string());
                let cite = citation
                    .as_ref()
                    .map_or(String::new(), |c| format!(" ({c})"));
                format!(
                    "{date}: under {other} the real {real} could not stand — {reason}; the authority's most adverse lawful move was {event}. Rule: {rule}{cite}."
                )
            }
            Derivation::Translated {
                reason,
                rule,
                citation,
            } => {
                let cite = citation
                    .as_ref()
                    .map_or(String::new(), |c| format!(" ({c})"));
                format!("{date}: {reason}. Rule: {rule}{cite}.")
            }
            Derivation::Derived {
                reason,
                rule,
                citation,
            } => {
                let cite = citation
                    .as_ref()
                    .map_or(String::new(), |c| format!(" ({c})"));
                format!("{date}: {event} — {reason}. Rule: {rule}{cite}.")
            }
            Derivation::Assumed { assumption, value } => format!(
                "{date}: {event}, a step the record lacks, placed by the assumption {assumption} = {value}."
            ),
            Derivation::Kept | Derivation::Dropped { .. } => continue,
        };
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
        }
    }
    for condition in &cf.conditions {
        sentences.push(format!(
            "Conditional: the outcome under {other} holds only if {}.",
            condition.text
        ));
    }
    let (f, c) = (&cf.factual.outcome, &cf.counterfactual.outcome);
    let result = |o: &crate::replay::Outcome| match o.registered_on {
        Some(date) => format!("registered on {date}"),
        None => format!("not registered (stage {})", o.final_stage),
    };
    match &cf.limit {
        // A derivation stopped at a named limit gives figures as of an earlier day: they
        // are not set against the record's.
        Some(limit) => sentences.push(format!(
            "Result: {} under {own}; under {other} the derivation stops on {} ({}), so no result is set against it.",
            result(f),
            limit.derived_to,
            result(c)
        )),
        None => sentences.push(format!(
            "Result: {} under {own}, {} under {other}; refusals {} → {}.",
            result(f),
            result(c),
            f.refusals,
            c.refusals
        )),
    }
    sentences
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}
