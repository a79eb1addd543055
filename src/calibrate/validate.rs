//! Leave-one-out validation: fit on every case but one, predict the one left out.
//!
//! For each real case the simulator can start as the record does, the profile is fitted
//! again on the other cases, and runs are simulated under the case's own rule set for as
//! many days as its record spans: from its first filing, or, for a record that begins
//! mid-procedure (`starts_at`), from the state its first recorded event left it in. The
//! first event and the record's end must be known to the day. The recorded outcome is then set against the
//! simulated runs' central 90% predictive interval (the 5th to the 95th percentile): the
//! returns and refusals in the file and, for a case that was registered, the days to
//! registration among the runs registered within two years or the span if longer (given
//! at least [`MIN_RUNS_FOR_DAYS`] of them; a longer horizon, because a registered case's
//! record often ends at its registration, which would cut the runs' days short). Whether the case was registered within the span is a
//! yes-or-no figure, whose 90% interval holds both answers unless one has less than 5%:
//! it is reported with the probability the profile gave the recorded answer, and left out
//! of the coverage. The same is done with the base profile as it is (not refitted, so not
//! a held-out test when the base was fitted by hand to the same cases). A well-calibrated
//! profile has at least 90% of the interval checks inside (whole-number figures with ties
//! at the interval's ends give more); the coverage carries a Wilson 90% interval, which
//! overstates the evidence somewhat, since checks of one case are not independent.

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::machine::{self, State};
use crate::replay;
use crate::sim::engine::{self, Plan, RunEnd, RunSettings};
use crate::sim::profile::{DaysDistribution, Profile};
use crate::source::Confidence;

use super::observe::record_end;
use super::{CaseInput, calibrate};

/// How the predictions are simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ValidationOptions {
    /// Runs per prediction.
    pub runs: u64,
    /// The seed of every prediction's runs.
    pub seed: u64,
}

/// The fewest runs registered within the span whose days to registration make an interval.
pub const MIN_RUNS_FOR_DAYS: usize = 30;

/// One profile's prediction of one recorded figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    /// The 5th percentile of the simulated runs (none: no interval).
    pub low: Option<u32>,
    /// The 95th percentile.
    pub high: Option<u32>,
    /// The simulated mean.
    pub mean: f64,
    /// The runs that gave a value (for days to registration: the runs registered).
    pub runs: usize,
    /// Whether the recorded figure lies in [low, high]; none where the figure is not
    /// judged by an interval (a yes-or-no figure, or too few runs).
    pub inside: Option<bool>,
    /// For a yes-or-no figure: the share of runs that gave the recorded answer.
    pub probability_of_recorded: Option<f64>,
}

/// One recorded figure of one case, set against both profiles' predictions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// The case.
    pub case: String,
    /// The figure (`registered within the span`, `returns and refusals`,
    /// `days to registration`).
    pub quantity: String,
    /// The recorded value.
    pub recorded: u32,
    /// Days from the first filing to the record's end.
    pub span_days: u32,
    /// The profile fitted without this case.
    pub fitted: Prediction,
    /// The base profile.
    pub base: Prediction,
    /// What the check rests on that the record does not give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
}

/// A case not predicted, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    /// The case.
    pub case: String,
    /// Why.
    pub reason: String,
}

/// One profile's record over the checks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// Interval checks with the recorded figure inside.
    pub inside: usize,
    /// Interval checks judged.
    pub judged: usize,
    /// Wilson 90% interval of the share inside.
    pub interval: Option<[f64; 2]>,
    /// The mean probability given to the recorded yes-or-no answers.
    pub mean_probability_of_recorded: Option<f64>,
}

impl Coverage {
    fn of(predictions: &[&Prediction]) -> Coverage {
        let judged: Vec<bool> = predictions.iter().filter_map(|p| p.inside).collect();
        let inside = judged.iter().filter(|inside| **inside).count();
        let probabilities: Vec<f64> = predictions
            .iter()
            .filter_map(|p| p.probability_of_recorded)
            .collect();
        Coverage {
            inside,
            judged: judged.len(),
            interval: (!judged.is_empty()).then(|| {
                let n = judged.len() as f64;
                let (low, high) =
                    crate::sim::stats::wilson_bounds(inside as f64 / n, n, super::estimate::Z90);
                [super::fit::round4(low), super::fit::round4(high)]
            }),
            mean_probability_of_recorded: (!probabilities.is_empty())
                .then(|| probabilities.iter().sum::<f64>() / probabilities.len() as f64),
        }
    }
}

/// The leave-one-out validation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Validation {
    /// How the predictions were simulated.
    pub options: ValidationOptions,
    /// The base profile's id.
    pub base: String,
    /// Every check.
    pub checks: Vec<Check>,
    /// Cases not predicted.
    pub skipped: Vec<Skipped>,
    /// The fitted profiles' record (each fitted without the case it predicts).
    pub fitted: Coverage,
    /// The base profile's record.
    pub base_coverage: Coverage,
}

/// How one case is simulated.
struct Setup {
    start: crate::date::Date,
    span: u32,
    caveat: Option<String>,
    /// For a record that begins mid-procedure: the state after its first event.
    opening: Option<State>,
}

/// Fits without each case in turn and predicts it.
pub fn validate(
    cases: &[CaseInput],
    base: &Profile,
    options: ValidationOptions,
) -> Result<Validation, Diagnostics> {
    let base_profile = starting_at_first_filing(base)?;
    let mut checks = Vec::new();
    let mut skipped = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let id = case.scenario.id.clone();
        let setup = match setup(case) {
            Ok(setup) => setup,
            Err(reason) => {
                skipped.push(Skipped { case: id, reason });
                continue;
            }
        };
        let others: Vec<&CaseInput> = cases
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .map(|(_, case)| case)
            .collect();
        if others.is_empty() {
            skipped.push(Skipped {
                case: id,
                reason: "no other case to fit on".to_string(),
            });
            continue;
        }
        let calibration = calibrate(&others, base, "leave-one-out");
        let fitted = starting_at_first_filing(&super::compile(
            &calibration,
            &format!("<profile fitted without {id}>"),
        )?)?;
        let fitted_runs = simulate(case, &fitted, &setup, setup.span, options);
        let base_runs = simulate(case, &base_profile, &setup, setup.span, options);
        // Days to registration from runs over a longer horizon, so the record's end (for a
        // registered case, often its registration) does not cut their distribution short.
        let long = DAYS_HORIZON.max(setup.span);
        let fitted_long = simulate(case, &fitted, &setup, long, options);
        let base_long = simulate(case, &base_profile, &setup, long, options);
        let runs = Runs {
            fitted: &fitted_runs,
            base: &base_runs,
            fitted_long: &fitted_long,
            base_long: &base_long,
        };
        for (figure, recorded, fitted_values, base_values) in figures(case, &setup, &runs) {
            checks.push(Check {
                case: id.clone(),
                quantity: figure.name().to_string(),
                recorded,
                span_days: setup.span,
                fitted: predict(figure, fitted_values, recorded),
                base: predict(figure, base_values, recorded),
                caveat: setup.caveat.clone(),
            });
        }
    }
    let fitted: Vec<&Prediction> = checks.iter().map(|check| &check.fitted).collect();
    let base_predictions: Vec<&Prediction> = checks.iter().map(|check| &check.base).collect();
    Ok(Validation {
        options,
        base: base.id.clone(),
        fitted: Coverage::of(&fitted),
        base_coverage: Coverage::of(&base_predictions),
        checks,
        skipped,
    })
}

/// The same profile with runs starting on the day of the first filing.
fn starting_at_first_filing(profile: &Profile) -> Result<Profile, Diagnostics> {
    let mut file = profile.file.clone();
    file.applicant.first_filing.days = DaysDistribution::Fixed(0);
    Profile::from_file(&profile.origin, &file)
}

/// Whether the simulator can start as the record does, and for how long.
fn setup(case: &CaseInput) -> Result<Setup, String> {
    let scenario = &case.scenario;
    let first = scenario
        .events
        .first()
        .ok_or_else(|| "its record has no event".to_string())?;
    if scenario.starts_at.is_none() && !first.event.is_filing() {
        return Err(format!(
            "its record begins with `{}`, not a filing: the profile does not simulate what it records",
            first.event
        ));
    }
    let end = record_end(scenario).ok_or_else(|| "its record has no end".to_string())?;
    if !first.date.is_exact() || !end.is_exact() {
        return Err(
            "its first event or its end is not dated to the day (only a month, a year or a period), so its span is not known"
                .to_string(),
        );
    }
    let span = end.day.days_since(first.date.day);
    if span <= 0 {
        return Err("its record spans no day after its first event".to_string());
    }
    let opening = match &scenario.starts_at {
        None => None,
        Some(starts) => {
            let cannot = |why: String| {
                format!(
                    "its record begins at the stage `{}`, and the state after its first event cannot be set up: {why}",
                    starts.stage
                )
            };
            let state = replay::opening_state(&scenario.id, scenario, &case.rules, first.date.day)
                .map_err(|problem| cannot(problem.message))?;
            let after = machine::apply(&state, &first.compact(), &case.rules)
                .map_err(|error| cannot(format!("{error:?}")))?;
            Some(after.state)
        }
    };
    Ok(Setup {
        opening,
        start: first.date.day,
        span: span as u32,
        caveat: (first.confidence == Confidence::Assumed).then(|| {
            format!(
                "the span counts from a first filing placed by assumption ({})",
                first.date
            )
        }),
    })
}

/// The runs of one profile for one case.
fn simulate(
    case: &CaseInput,
    profile: &Profile,
    setup: &Setup,
    horizon_days: u32,
    options: ValidationOptions,
) -> Vec<engine::RunOutcome> {
    let plan = Plan::new(&case.rules);
    let settings = RunSettings {
        seed: options.seed,
        start: setup.start,
        start_spread_days: 0,
        horizon_days,
    };
    (0..options.runs)
        .map(|run| {
            let start = engine::RunStart::new(profile, &settings, run);
            let start = match setup.opening {
                Some(state) => start.in_state(state),
                None => start,
            };
            engine::simulate_from(&plan, profile, &settings, &start)
        })
        .collect()
}

/// A recorded figure a case is checked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Figure {
    Registered,
    Refusals,
    DaysToRegistration,
}

impl Figure {
    fn name(self) -> &'static str {
        match self {
            Figure::Registered => "registered within the span",
            Figure::Refusals => "returns and refusals",
            Figure::DaysToRegistration => "days to registration",
        }
    }
}

/// The recorded figures of a case with both profiles' simulated values.
type Values = (Figure, u32, Vec<u32>, Vec<u32>);

/// The days simulated for days to registration, at least (two years).
const DAYS_HORIZON: u32 = 730;

/// Both profiles' runs of a case: over its span, and over the longer horizon.
struct Runs<'a> {
    fitted: &'a [engine::RunOutcome],
    base: &'a [engine::RunOutcome],
    fitted_long: &'a [engine::RunOutcome],
    base_long: &'a [engine::RunOutcome],
}

fn figures(case: &CaseInput, setup: &Setup, runs: &Runs) -> Vec<Values> {
    let (fitted, base) = (runs.fitted, runs.base);
    let scenario = &case.scenario;
    let registration = scenario
        .events
        .iter()
        .find(|event| event.event.is_registration())
        .map(|event| event.date.day.days_since(setup.start).max(0) as u32)
        .filter(|days| *days <= setup.span);
    // A run begun after the first event counts what came after it.
    let skip = usize::from(setup.opening.is_some());
    let refusals = scenario
        .events
        .iter()
        .skip(skip)
        .filter(|event| event.event.is_refusal())
        .count() as u32;
    let registered = |runs: &[engine::RunOutcome]| -> Vec<u32> {
        runs.iter()
            .map(|run| u32::from(run.end == RunEnd::Registered))
            .collect()
    };
    let refused =
        |runs: &[engine::RunOutcome]| -> Vec<u32> { runs.iter().map(|run| run.refusals).collect() };
    let mut figures = vec![
        (
            Figure::Registered,
            u32::from(registration.is_some()),
            registered(fitted),
            registered(base),
        ),
        (Figure::Refusals, refusals, refused(fitted), refused(base)),
    ];
    if let Some(days) = registration {
        let days_of = |runs: &[engine::RunOutcome]| -> Vec<u32> {
            runs.iter()
                .filter_map(|run| run.days_to_registration)
                .collect()
        };
        figures.push((
            Figure::DaysToRegistration,
            days,
            days_of(runs.fitted_long),
            days_of(runs.base_long),
        ));
    }
    figures
}

/// A profile's prediction of a figure from its simulated values: the share of runs giving
/// the recorded answer for a yes-or-no figure; otherwise the central 90% interval of the
/// values (the 5th to the 95th percentile) and whether `recorded` is inside it, unless
/// too few runs registered to give days to registration an interval.
fn predict(figure: Figure, mut values: Vec<u32>, recorded: u32) -> Prediction {
    let runs = values.len();
    let mean = if runs == 0 {
        0.0
    } else {
        values.iter().map(|&value| f64::from(value)).sum::<f64>() / runs as f64
    };
    let mut prediction = Prediction {
        low: None,
        high: None,
        mean,
        runs,
        inside: None,
        probability_of_recorded: None,
    };
    if figure == Figure::Registered {
        let same = values.iter().filter(|&&value| value == recorded).count();
        prediction.probability_of_recorded = (runs > 0).then(|| same as f64 / runs as f64);
        return prediction;
    }
    if runs == 0 || (figure == Figure::DaysToRegistration && runs < MIN_RUNS_FOR_DAYS) {
        return prediction;
    }
    values.sort_unstable();
    let last = runs - 1;
    let low = values[(last as f64 * 0.05).floor() as usize];
    let high = values[(last as f64 * 0.95).ceil() as usize];
    prediction.low = Some(low);
    prediction.high = Some(high);
    prediction.inside = Some((low..=high).contains(&recorded));
    prediction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_is_the_5th_to_the_95th_percentile() {
        let prediction = predict(Figure::Refusals, (0..=100).collect(), 95);
        assert_eq!((prediction.low, prediction.high), (Some(5), Some(95)));
        assert_eq!(prediction.inside, Some(true));
        assert!((prediction.mean - 50.0).abs() < 1e-12);
        assert_eq!(
            predict(Figure::Refusals, (0..=100).collect(), 96).inside,
            Some(false)
        );
        // Too few registered runs for days to registration: not judged.
        let few = predict(Figure::DaysToRegistration, vec![70; 29], 70);
        assert_eq!((few.inside, few.low, few.runs), (None, None, 29));
        assert_eq!(
            predict(Figure::DaysToRegistration, vec![70; 30], 70).inside,
            Some(true)
        );
        // A yes-or-no figure: the probability of the recorded answer, not an interval.
        let mut registered = vec![0; 97];
        registered.extend([1, 1, 1]);
        let yes = predict(Figure::Registered, registered, 1);
        assert_eq!(yes.inside, None);
        assert!((yes.probability_of_recorded.unwrap() - 0.03).abs() < 1e-12);
    }

    #[test]
    fn coverage_counts_only_judged_checks_and_averages_the_answers_probabilities() {
        let judged = predict(Figure::Refusals, vec![1, 2, 3], 2);
        let missed = predict(Figure::Refusals, vec![1, 2, 3], 9);
        let answer = predict(Figure::Registered, vec![0, 0, 1, 1], 1);
        let coverage = Coverage::of(&[&judged, &missed, &answer]);
        assert_eq!((coverage.inside, coverage.judged), (1, 2));
        assert_eq!(coverage.mean_probability_of_recorded, Some(0.5));
        let [low, high] = coverage.interval.unwrap();
        assert!(low < 0.5 && high > 0.5);
    }
}
