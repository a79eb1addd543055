//! Which numbers the observations fit, written into a copy of the base profile's file, and
//! why the others are kept.
//!
//! A probability is fitted whenever there is a trial; it is `inferred` when at least one
//! event deciding it is sourced, and `assumed` when every one is placed by assumption in
//! its case file (the count then rests on what the case's author placed, which the tool
//! cannot check against the sources). A distribution of days is fitted only from at least
//! [`MIN_DELAYS`] delays observed to their end, and only when the Kaplan–Meier curve
//! reaches zero: fewer, or a longest wait still open, would make the tool invent the
//! distribution's shape or its tail; such delays are set against the base's distribution
//! instead (where each falls in it, and whether the base can give it at all). Every number
//! a fit replaces cites the calibration's own source and says in its note how it was
//! computed, from which cases, with its interval and the base's value it replaced.

use crate::defect::DefectCode;
use crate::sim::profile::{
    DaysDistribution, DefectChoiceFile, DurationFile, EmpiricalPoint, ProbabilityFile, Profile,
    ProfileFile, ProfileStatus, ReviewFile,
};

use super::estimate::{self, ChanceFit, WaitFit};
use super::observe::{Chance, Delay, Grounds, Observations, Tally, Wait};
use super::{FittedNumber, KeptNumber};

/// The id of the source every fitted number cites.
pub const SOURCE_ID: &str = "regsim-calibrate";

/// The fewest delays observed to their end that a distribution is fitted to.
pub const MIN_DELAYS: usize = 5;

/// The level of the test that calls a base contradicted: a delay in a tail the base gives
/// less than this share, divided among the delays tested (Bonferroni), so more delays do
/// not make a sound base look contradicted by chance.
const CONTRADICTION_LEVEL: f64 = 0.05;

/// Fits every probability the observations inform into `file`.
pub fn chances(
    file: &mut ProfileFile,
    observations: &Observations,
    fitted: &mut Vec<FittedNumber>,
    kept: &mut Vec<KeptNumber>,
) {
    for chance in Chance::ALL {
        let tally = observations
            .chances
            .get(&chance)
            .cloned()
            .unwrap_or_default();
        let (trials, successes) = chance.counted();
        let Some(number) = probability_mut(file, chance) else {
            if tally.trials > 0 {
                kept.push(KeptNumber {
                    path: chance.path().to_string(),
                    base: "absent".to_string(),
                    reason: format!(
                        "the base profile has no such number, so the {} {successes} in {} {trials} are not used",
                        tally.successes, tally.trials
                    ),
                });
            }
            continue;
        };
        let base = describe_probability(number);
        let Some(fit) = estimate::fit_chance(&tally) else {
            kept.push(KeptNumber {
                path: chance.path().to_string(),
                base,
                reason: format!("no {trials} in the cases"),
            });
            continue;
        };
        let basis = chance_basis(chance, &tally, observations);
        let status = if tally.assumed == tally.trials {
            ProfileStatus::Assumed
        } else {
            ProfileStatus::Inferred
        };
        set_probability(number, &fit, &basis, status);
        fitted.push(FittedNumber {
            path: chance.path().to_string(),
            value: number.probability.to_string(),
            estimate: number.probability,
            interval: Some([round4(fit.low), round4(fit.high)]),
            successes: Some(tally.successes),
            trials: Some(tally.trials),
            status: status.to_string(),
            basis,
            base,
        });
    }
}

/// What a probability was computed from, in words.
fn chance_basis(chance: Chance, tally: &Tally, observations: &Observations) -> String {
    let (trials, successes) = chance.counted();
    let per_case: Vec<String> = tally
        .by_case
        .iter()
        .map(|(case, (k, n))| format!("{case} {k}/{n}"))
        .collect();
    let mut basis = format!(
        "{successes}: {} of {} {trials} ({})",
        tally.successes,
        tally.trials,
        per_case.join(", ")
    );
    if tally.assumed == tally.trials {
        basis.push_str(&format!(
            "; every one of the {} deciding events is placed by assumption in its case file, so the number is ASSUMED: it is the case authors' placement, which the sources may give only as a total, or not at all",
            tally.trials
        ));
    } else if tally.assumed > 0 {
        basis.push_str(&format!(
            "; {} of the {} deciding events are placed by assumption in their case files (their number may rest on a sourced total; their details do not)",
            tally.assumed, tally.trials
        ));
    }
    let outside: Vec<String> = observations
        .outside_file
        .iter()
        .map(|(case, count)| format!("{case} {count}"))
        .collect();
    if matches!(
        chance,
        Chance::NotificationDefects | Chance::ApplicationDefects
    ) && !outside.is_empty()
    {
        basis.push_str(&format!(
            "; left out: returns or refusals the cases count outside their files, at a stage not found ({}), so where they were at this stage the estimate is biased low",
            outside.join(", ")
        ));
    }
    if chance == Chance::GiveUp {
        basis.push_str(
            "; biased low: the groups whose records are kept are the ones that persisted, and a group that gave up early is rarely reported",
        );
    }
    basis
}

/// Fits every distribution of days the observations allow into `file`.
pub fn waits(
    file: &mut ProfileFile,
    base: &Profile,
    observations: &Observations,
    fitted: &mut Vec<FittedNumber>,
    kept: &mut Vec<KeptNumber>,
) {
    for wait in Wait::ALL {
        let delays = observations.waits.get(&wait).cloned().unwrap_or_default();
        let Some(number) = duration_mut(file, wait) else {
            continue;
        };
        let base_text = describe_duration(number);
        let observed = delays.iter().filter(|delay| !delay.censored).count();
        let fit = estimate::fit_wait(&delays)
            .filter(|fit| observed >= MIN_DELAYS && fit.open_share == 0.0);
        match fit {
            Some(fit) => {
                let basis = format!(
                    "{} delays observed to their end and {} still open when their record ended: {}",
                    fit.observed,
                    fit.censored,
                    fit.masses
                        .iter()
                        .map(|mass| format!("{} days: {}", mass.days, mass.note))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                set_duration(number, &fit, &basis);
                fitted.push(FittedNumber {
                    path: wait.path().to_string(),
                    value: format!("mean {:.1} days", fit.mean),
                    estimate: (fit.mean * 10.0).round() / 10.0,
                    interval: fit
                        .mean_interval
                        .map(|(low, high)| [round4(low), round4(high)]),
                    successes: None,
                    trials: None,
                    status: ProfileStatus::Inferred.to_string(),
                    basis,
                    base: base_text,
                });
            }
            None => kept.push(KeptNumber {
                path: wait.path().to_string(),
                reason: unfitted_wait(base, wait, &delays),
                base: base_text,
            }),
        }
    }
}

/// Why a wait is not fitted, and what its delays say of the base's distribution.
fn unfitted_wait(base: &Profile, wait: Wait, delays: &[Delay]) -> String {
    if delays.is_empty() {
        return "no two consecutive events with sourced, day-precise dates bound it".to_string();
    }
    let days = wait.compiled(base);
    // Each delay's tail under the base: two-sided for an observed delay (twice the
    // smaller of P(X ≤ d) and P(X ≥ d)), one-sided P(X ≥ d) for one still open.
    let level = CONTRADICTION_LEVEL / delays.len() as f64;
    let mut contradicted = false;
    let each: Vec<String> = delays
        .iter()
        .map(|delay| {
            let at_least = estimate::share_at_least(days, delay.days);
            if delay.censored {
                contradicted |= at_least < level;
                format!(
                    "{} ({}): at least {} days, which the base gives a probability of {at_least:.3}",
                    delay.case, delay.dates, delay.days
                )
            } else {
                // P(X < d) and P(X ≤ d) under the base; the mid-rank is the percentile.
                let below = 1.0 - at_least;
                let up_to = 1.0 - estimate::share_at_least(days, delay.days + 1);
                contradicted |= (2.0 * up_to.min(at_least)).min(1.0) < level;
                format!(
                    "{} ({}): {} days, at percentile {:.0} of the base",
                    delay.case,
                    delay.dates,
                    delay.days,
                    100.0 * (below + up_to) / 2.0
                )
            }
        })
        .collect();
    let observed = delays.iter().filter(|delay| !delay.censored).count();
    let why = if observed == 0 {
        "only waits still open when their record ended, which bound it from below but fit no distribution".to_string()
    } else if observed < MIN_DELAYS {
        format!(
            "{observed} delay(s) observed to their end, fewer than the {MIN_DELAYS} a distribution is fitted to"
        )
    } else {
        "the longest waits were still open when their records ended, so a distribution would invent its tail".to_string()
    };
    let flag = if contradicted {
        format!(
            "CONTRADICTED BY THE RECORD: a delay lies where the base's distribution puts less than {:.1}% (5% over the {} delays) in its tail; ",
            100.0 * level,
            delays.len()
        )
    } else {
        String::new()
    };
    format!("{flag}{why}: {}", each.join("; "))
}

/// The probability a chance sets in a profile file, if the file has it.
pub fn probability_mut(file: &mut ProfileFile, chance: Chance) -> Option<&mut ProbabilityFile> {
    let authority = &mut file.authority;
    Some(match chance {
        Chance::NotificationDefects => &mut authority.notification_review.defect_probability,
        Chance::ApplicationDefects => &mut authority.application_review.defect_probability,
        Chance::NotificationSuspension => {
            &mut authority
                .notification_review
                .suspension
                .as_mut()?
                .probability
        }
        Chance::ApplicationSuspension => {
            &mut authority
                .application_review
                .suspension
                .as_mut()?
                .probability
        }
        Chance::GiveUp => &mut file.applicant.give_up,
        Chance::Appeal => &mut file.applicant.appeal,
        Chance::CourtGrant => &mut file.court.grant,
        Chance::CourtRemand => &mut file.court.remand,
    })
}

/// The duration a wait sets in a profile file, if the file has it.
pub fn duration_mut(file: &mut ProfileFile, wait: Wait) -> Option<&mut DurationFile> {
    let applicant = &mut file.applicant;
    let notification = &mut file.authority.notification_review;
    let application = &mut file.authority.application_review;
    Some(match wait {
        Wait::NotificationReview => &mut notification.review_days,
        Wait::ApplicationReview => &mut application.review_days,
        Wait::RefileNotification => &mut applicant.refile_notification,
        Wait::HoldCongress => &mut applicant.hold_congress,
        Wait::SubmitApplication => &mut applicant.submit_application,
        Wait::ResubmitApplication => &mut applicant.resubmit_application,
        Wait::FileAppeal => &mut applicant.file_appeal,
        Wait::CourtDecision => &mut file.court.decision_days,
        Wait::CureDefects => &mut applicant.cure_defects,
        Wait::NotificationSuspendAfter => &mut notification.suspension.as_mut()?.after_days,
        Wait::ApplicationSuspendAfter => &mut application.suspension.as_mut()?.after_days,
        Wait::NotificationSuspension => &mut notification.suspension.as_mut()?.duration_days,
        Wait::ApplicationSuspension => &mut application.suspension.as_mut()?.duration_days,
    })
}

/// A probability as the base gives it: `0.95 (inferred)`.
pub fn describe_probability(number: &ProbabilityFile) -> String {
    format!("{} ({})", number.probability, number.status)
}

/// A duration as the base gives it: `triangular 3–10–30 days (inferred)`.
pub fn describe_duration(number: &DurationFile) -> String {
    let shape = match &number.days {
        DaysDistribution::Fixed(days) => format!("{days} days"),
        DaysDistribution::Uniform([low, high]) => format!("uniform {low}–{high} days"),
        DaysDistribution::Triangular([low, mode, high]) => {
            format!("triangular {low}–{mode}–{high} days")
        }
        DaysDistribution::Empirical(points) => {
            let values: Vec<String> = points.iter().map(|point| point.days.to_string()).collect();
            format!("empirical {{{}}} days", values.join(", "))
        }
    };
    format!("{shape} ({})", number.status)
}

/// Rounds a probability, weight or interval end to four decimals, for a readable file.
pub fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0 + 0.0
}

/// Replaces a probability with its fit; `basis` says what it was computed from.
fn set_probability(
    number: &mut ProbabilityFile,
    fit: &ChanceFit,
    basis: &str,
    status: ProfileStatus,
) {
    let base = describe_probability(number);
    *number = ProbabilityFile {
        probability: round4(fit.estimate),
        status,
        source: SOURCE_ID.to_string(),
        note: format!(
            "Fitted by regsim calibrate: {basis}. Estimate (k + ½)/(n + 1), the Jeffreys posterior mean; 90% Wilson interval {:.3}–{:.3}. The base profile gave {base}.",
            fit.low, fit.high
        ),
    };
}

/// Replaces a duration with its fit.
fn set_duration(number: &mut DurationFile, fit: &WaitFit, basis: &str) {
    let base = describe_duration(number);
    let interval = fit
        .mean_interval
        .map(|(low, high)| format!("; 90% interval of the mean {low:.1}–{high:.1} days"))
        .unwrap_or_default();
    *number = DurationFile {
        days: DaysDistribution::Empirical(
            fit.masses
                .iter()
                .map(|mass| EmpiricalPoint {
                    days: mass.days,
                    weight: round4(mass.weight),
                    note: Some(mass.note.clone()),
                })
                .collect(),
        ),
        status: ProfileStatus::Inferred,
        source: SOURCE_ID.to_string(),
        note: format!(
            "Fitted by regsim calibrate: {basis}. Kaplan–Meier estimate (each observed day weighted by the survival curve's drop there); mean {:.1} days{interval}. The base profile gave {base}.",
            fit.mean
        ),
    };
}

/// Replaces each review's defect table with the grounds the cases cite, where any are
/// recorded.
pub fn grounds(
    file: &mut ProfileFile,
    observations: &Observations,
    fitted: &mut Vec<FittedNumber>,
    kept: &mut Vec<KeptNumber>,
) {
    for (path, review, grounds) in [
        (
            "authority.notification_review.defects",
            &mut file.authority.notification_review,
            &observations.notification_grounds,
        ),
        (
            "authority.application_review.defects",
            &mut file.authority.application_review,
            &observations.application_grounds,
        ),
    ] {
        let base = format!("{} choice(s)", review.defects.len());
        match set_grounds(review, grounds) {
            Ok((basis, status)) => fitted.push(FittedNumber {
                path: path.to_string(),
                value: format!("{} choice(s)", review.defects.len()),
                estimate: review.defects.len() as f64,
                interval: None,
                successes: None,
                trials: Some(grounds.recorded()),
                status: status.to_string(),
                basis,
                base,
            }),
            Err(reason) => kept.push(KeptNumber {
                path: path.to_string(),
                base,
                reason,
            }),
        }
    }
}

/// Writes one review's table; its description and status, or why there is none.
fn set_grounds(
    review: &mut ReviewFile,
    grounds: &Grounds,
) -> Result<(String, ProfileStatus), String> {
    let recorded = grounds.recorded();
    if recorded == 0 {
        return Err(format!(
            "no decision in the cases records its grounds ({} with grounds not recorded)",
            grounds.not_recorded
        ));
    }
    let unknown = if grounds.not_recorded > 0 {
        format!(
            "; {} decision(s) whose grounds the record does not give are left out",
            grounds.not_recorded
        )
    } else {
        String::new()
    };
    let status_of = |assumed: u32, count: u32| {
        if assumed == count {
            ProfileStatus::Assumed
        } else {
            ProfileStatus::Inferred
        }
    };
    review.defects = grounds
        .sets
        .iter()
        .map(|(codes, (count, cases, assumed))| DefectChoiceFile {
            codes: codes
                .iter()
                .filter_map(|code| DefectCode::from_name(code))
                .collect(),
            weight: f64::from(*count),
            rectifiable: None,
            status: status_of(*assumed, *count),
            source: SOURCE_ID.to_string(),
            note: format!(
                "Fitted by regsim calibrate: cited at {count} of the {recorded} decisions whose grounds are recorded ({}); {assumed} of the {count} are placed by assumption in their case files, grounds included where the case says so{unknown}.",
                cases.join(", ")
            ),
        })
        .collect();
    let assumed: u32 = grounds.sets.values().map(|(_, _, assumed)| assumed).sum();
    let sets: Vec<String> = grounds
        .sets
        .iter()
        .map(|(codes, (count, _, _))| format!("{} ×{count}", codes.join("+")))
        .collect();
    Ok((
        format!(
            "{}; {assumed} of the {recorded} deciding events are placed by assumption in their case files (read each case's notes for whether its grounds are sourced){unknown}",
            sets.join(", ")
        ),
        status_of(assumed, recorded),
    ))
}
