//! Leave-one-out validation: fit on every case but one, predict the one left out.
//!
//! For each real case the simulator can start as the record does (at a first filing known
//! to the day, with a record end known to the day), the profile is fitted again on the
//! other cases, and runs are simulated under the case's own rule set from its first filing
//! for as many days as its record spans. The recorded outcome is then set against the
//! simulated runs' central 90% predictive interval (the 5th to the 95th percentile):
//! registered within the span (1) or not (0); the returns and refusals in the file; and,
//! for a case that was registered, the days to registration among the runs registered
//! within the span. The same is done with the base profile as it is (not refitted, so
//! not a held-out test when the base was fitted by hand to the same cases), and the
//! coverage of both is reported: a well-calibrated profile covers about 90% of checks.

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::sim::engine::{self, Plan, RunEnd, RunSettings};
use crate::sim::profile::{Days, DaysDistribution, Profile};
use crate::source::Confidence;

use super::observe::{Wait, record_end};
use super::{CaseInput, calibrate};

/// How the predictions are simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ValidationOptions {
    /// Runs per prediction.
    pub runs: u64,
    /// The seed of every prediction's runs.
    pub seed: u64,
}

/// One profile's prediction of one recorded figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    /// The 5th percentile of the simulated runs.
    pub low: u32,
    /// The 95th percentile.
    pub high: u32,
    /// The simulated mean.
    pub mean: f64,
    /// Whether the recorded figure lies in [low, high].
    pub inside: bool,
    /// The runs that gave a value (for days to registration: the runs registered).
    pub runs: usize,
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
    /// Checks inside the fitted profile's interval.
    pub fitted_inside: usize,
    /// Checks inside the base profile's interval.
    pub base_inside: usize,
}

/// How one case is simulated.
struct Setup {
    start: crate::date::Date,
    span: u32,
    caveat: Option<String>,
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
        let fitted_runs = simulate(case, &fitted, &setup, options);
        let base_runs = simulate(case, &base_profile, &setup, options);
        for (quantity, recorded, fitted_values, base_values) in
            figures(case, &setup, &fitted_runs, &base_runs)
        {
            checks.push(Check {
                case: id.clone(),
                quantity: quantity.to_string(),
                recorded,
                span_days: setup.span,
                fitted: predict(fitted_values, recorded),
                base: predict(base_values, recorded),
                caveat: setup.caveat.clone(),
            });
        }
    }
    Ok(Validation {
        options,
        base: base.id.clone(),
        fitted_inside: checks.iter().filter(|check| check.fitted.inside).count(),
        base_inside: checks.iter().filter(|check| check.base.inside).count(),
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
    if let Some(starts) = &scenario.starts_at {
        return Err(format!(
            "its record begins at the stage `{}`, and every simulated run starts at the first filing",
            starts.stage
        ));
    }
    let first = scenario
        .events
        .first()
        .ok_or_else(|| "its record has no event".to_string())?;
    if !first.event.is_filing() {
        return Err(format!(
            "its record begins with `{}`, not a filing: the profile does not simulate what it records",
            first.event
        ));
    }
    let end = record_end(scenario).ok_or_else(|| "its record has no end".to_string())?;
    if !first.date.is_exact() || !end.is_exact() {
        return Err(
            "its first filing or its end is not dated to the day (only a month, a year or a period), so its span is not known"
                .to_string(),
        );
    }
    let span = end.day.days_since(first.date.day);
    if span <= 0 {
        return Err("its record spans no day after its first filing".to_string());
    }
    Ok(Setup {
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
    options: ValidationOptions,
) -> Vec<engine::RunOutcome> {
    let plan = Plan::new(&case.rules);
    let settings = RunSettings {
        seed: options.seed,
        start: setup.start,
        start_spread_days: 0,
        horizon_days: setup.span,
    };
    (0..options.runs)
        .map(|run| engine::simulate(&plan, profile, &settings, run))
        .collect()
}

/// The recorded figures of a case with both profiles' simulated values.
type Figure = (&'static str, u32, Vec<u32>, Vec<u32>);

fn figures(
    case: &CaseInput,
    setup: &Setup,
    fitted: &[engine::RunOutcome],
    base: &[engine::RunOutcome],
) -> Vec<Figure> {
    let scenario = &case.scenario;
    let registration = scenario
        .events
        .iter()
        .find(|event| event.event.is_registration())
        .map(|event| event.date.day.days_since(setup.start).max(0) as u32)
        .filter(|days| *days <= setup.span);
    let refusals = scenario
        .events
        .iter()
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
            "registered within the span",
            u32::from(registration.is_some()),
            registered(fitted),
            registered(base),
        ),
        (
            "returns and refusals",
            refusals,
            refused(fitted),
            refused(base),
        ),
    ];
    if let Some(days) = registration {
        let days_of = |runs: &[engine::RunOutcome]| -> Vec<u32> {
            runs.iter()
                .filter_map(|run| run.days_to_registration)
                .collect()
        };
        figures.push(("days to registration", days, days_of(fitted), days_of(base)));
    }
    figures
}

/// The central 90% interval of simulated values, and whether `recorded` is inside it. With
/// no simulated value (no run registered), nothing is predicted and the check fails.
fn predict(mut values: Vec<u32>, recorded: u32) -> Prediction {
    if values.is_empty() {
        return Prediction {
            low: 0,
            high: 0,
            mean: 0.0,
            inside: false,
            runs: 0,
        };
    }
    values.sort_unstable();
    let last = values.len() - 1;
    let low = values[(last as f64 * 0.05).floor() as usize];
    let high = values[(last as f64 * 0.95).ceil() as usize];
    let mean = values.iter().map(|&value| f64::from(value)).sum::<f64>() / values.len() as f64;
    Prediction {
        low,
        high,
        mean,
        inside: (low..=high).contains(&recorded),
        runs: values.len(),
    }
}

/// The compiled distribution a wait draws from in a profile.
pub fn compiled_days(profile: &Profile, wait: Wait) -> Option<&Days> {
    let applicant = &profile.applicant;
    let notification = &profile.authority.notification;
    let application = &profile.authority.application;
    Some(match wait {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_is_the_5th_to_the_95th_percentile() {
        let values: Vec<u32> = (0..=100).collect();
        let prediction = predict(values, 95);
        assert_eq!((prediction.low, prediction.high), (5, 95));
        assert!(prediction.inside && (prediction.mean - 50.0).abs() < 1e-12);
        assert!(!predict((0..=100).collect(), 96).inside);
        assert!(!predict(Vec::new(), 0).inside);
        // A binary figure: 3% of runs registered leaves "registered" outside.
        let mut registered = vec![0; 97];
        registered.extend([1, 1, 1]);
        assert!(!predict(registered.clone(), 1).inside);
        assert!(predict(registered, 0).inside);
    }
}
