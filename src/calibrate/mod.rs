//! Fitting a behaviour profile to real case files, and testing the fit on the case left out.
//!
//! `regsim calibrate` reads real cases of one entity kind ([`observe`]: decisions counted,
//! delays between sourced dates), estimates every profile number they inform
//! ([`estimate`]: Jeffreys posterior means with Wilson intervals for probabilities,
//! Kaplan–Meier for delays with censoring) and writes them into a copy of a base profile
//! ([`fit`]): each fitted number `inferred`, citing the calibration and naming the cases
//! and counts behind it; every number no case informs kept as the base gives it, with its
//! own status, and listed with the reason. [`validate`] fits on all cases but one and asks
//! whether the one left out — its registration within its span, its returns and refusals,
//! its days to registration — falls inside the fitted profile's 90% predictive interval,
//! and reports the coverage beside the base profile's.

pub mod estimate;
pub mod fit;
pub mod observe;
pub mod validate;

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::event::EventKind;
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::sim::profile::{Profile, ProfileFile};
use crate::source::Source;

use observe::{Chance, Observations, Wait};

/// One case the fit reads: the case with its dates settled, and its own rule set.
pub struct CaseInput {
    /// The case.
    pub scenario: Scenario,
    /// Its own rules.
    pub rules: RuleSet,
}

/// A number the cases informed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FittedNumber {
    /// Its path in the profile file.
    pub path: String,
    /// The fitted value, in words (`0.9333`, `mean 8.0 days`).
    pub value: String,
    /// Its 90% interval, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<[f64; 2]>,
    /// What it was computed from.
    pub basis: String,
    /// What the base profile gave.
    pub base: String,
}

/// A number kept from the base profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeptNumber {
    /// Its path in the profile file.
    pub path: String,
    /// What the base gives (value and status).
    pub base: String,
    /// Why the cases do not fit it.
    pub reason: String,
}

/// A span of return cycles in a case, against the fitted profile's mean cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleCheck {
    /// The span.
    pub span: observe::CycleSpan,
    /// Its mean days per return.
    pub days_per_return: f64,
    /// The fitted profile's mean days per return cycle: review, refiling, and the share
    /// appealed times the days to appeal and to the court's decision (an appeal holds
    /// the application), giving up aside.
    pub profile_days_per_return: f64,
    /// The same, in words.
    pub profile_cycle: String,
}

/// A calibration: the fitted profile and the account of every number.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    /// The fitted profile's id.
    pub profile: String,
    /// The base profile's id.
    pub base: String,
    /// The cases fitted to.
    pub cases: Vec<String>,
    /// The method, in sentences.
    pub method: Vec<String>,
    /// Numbers the cases informed.
    pub fitted: Vec<FittedNumber>,
    /// Numbers kept from the base.
    pub kept: Vec<KeptNumber>,
    /// Event pairs not used as delays, by reason.
    pub unused_delays: Vec<(String, u32)>,
    /// Return cycles read between sourced filings, set against the fitted profile's.
    pub cycles: Vec<CycleCheck>,
    /// The leave-one-out test, if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<validate::Validation>,
    /// The profile file written.
    #[serde(skip)]
    pub file: ProfileFile,
}

/// The method, as every report and fitted profile states it.
pub const METHOD: [&str; 4] = [
    "Probabilities: successes k among trials n counted over every event of the case files (events marked assumed stand for their case's sourced totals and are counted, and said so); estimate (k + ½)/(n + 1), the Jeffreys posterior mean, with the 90% Wilson interval.",
    "Delays: days between consecutive events whose dates are both known to the day and not assumed; a wait on the authority or a court still open when its record ends is right-censored; Kaplan–Meier estimate written as an empirical distribution (mass still open at the longest censored wait is placed there, as a lower bound).",
    "A number no case informs is kept from the base profile with its own status, source and note.",
    "Returns and refusals counted outside a case's file (stage and date not found) are left out of every count.",
];

/// Fits a profile to `cases` on top of `base`, with the id `id`.
pub fn calibrate(cases: &[&CaseInput], base: &Profile, id: &str) -> Calibration {
    let mut observations = Observations::default();
    for case in cases {
        observations.add_case(&case.scenario, &case.rules);
    }
    let mut file = base.file.clone();
    let case_ids: Vec<String> = cases.iter().map(|case| case.scenario.id.clone()).collect();
    let mut fitted = Vec::new();
    let mut kept = Vec::new();
    for chance in Chance::ALL {
        let tally = observations
            .chances
            .get(&chance)
            .cloned()
            .unwrap_or_default();
        let fit_result = estimate::fit_chance(&tally);
        let Some(number) = fit::probability_mut(&mut file, chance) else {
            if tally.trials > 0 {
                kept.push(KeptNumber {
                    path: chance.path().to_string(),
                    base: "absent".to_string(),
                    reason: format!(
                        "the base profile has no such number, so the {} {} in {} {} are not used",
                        tally.successes,
                        chance.counted().1,
                        tally.trials,
                        chance.counted().0
                    ),
                });
            }
            continue;
        };
        let base_text = fit::describe_probability(number);
        match fit_result {
            Some(result) => {
                let basis = chance_basis(chance, &tally);
                fit::set_probability(number, &result, &basis);
                fitted.push(FittedNumber {
                    path: chance.path().to_string(),
                    value: format!("{}", number.probability),
                    interval: Some([result.low, result.high]),
                    basis,
                    base: base_text,
                });
            }
            None => kept.push(KeptNumber {
                path: chance.path().to_string(),
                base: base_text,
                reason: format!("no {} in the cases", chance.counted().0),
            }),
        }
    }
    for wait in Wait::ALL {
        let delays = observations.waits.get(&wait).cloned().unwrap_or_default();
        let Some(number) = fit::duration_mut(&mut file, wait) else {
            continue;
        };
        let base_text = fit::describe_duration(number);
        match estimate::fit_wait(&delays) {
            Some(result) => {
                let basis = format!(
                    "{} delays observed to their end and {} still open when their record ended",
                    result.observed, result.censored
                );
                fit::set_duration(number, &result, &basis);
                fitted.push(FittedNumber {
                    path: wait.path().to_string(),
                    value: format!("mean {:.1} days", result.mean),
                    interval: result.mean_interval.map(|(low, high)| [low, high]),
                    basis: format!(
                        "{basis}: {}",
                        result
                            .masses
                            .iter()
                            .map(|mass| format!("{} days: {}", mass.days, mass.note))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    base: base_text,
                });
            }
            None => kept.push(KeptNumber {
                path: wait.path().to_string(),
                reason: open_wait_reason(base, wait, &delays),
                base: base_text,
            }),
        }
    }
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
        let base_text = format!("{} choice(s)", review.defects.len());
        match fit::set_grounds(review, grounds) {
            Ok(basis) => fitted.push(FittedNumber {
                path: path.to_string(),
                value: format!("{} choice(s)", review.defects.len()),
                interval: None,
                basis,
                base: base_text,
            }),
            Err(reason) => kept.push(KeptNumber {
                path: path.to_string(),
                base: base_text,
                reason,
            }),
        }
    }
    kept.extend(never_observed(&file, cases));
    finish_file(&mut file, base, id, &case_ids, &observations);
    let cycles = Profile::from_file(id, &file)
        .map(|profile| cycle_checks(&profile, &observations.cycles))
        .unwrap_or_default();
    Calibration {
        profile: id.to_string(),
        base: base.id.clone(),
        cases: case_ids,
        method: METHOD.iter().map(|line| line.to_string()).collect(),
        fitted,
        kept,
        unused_delays: observations
            .unused
            .iter()
            .map(|(reason, count)| (reason.to_string(), *count))
            .collect(),
        cycles,
        validation: None,
        file,
    }
}

/// Each sourced span of return cycles against the fitted profile's mean cycle.
fn cycle_checks(profile: &Profile, spans: &[observe::CycleSpan]) -> Vec<CycleCheck> {
    let review = profile.authority.notification.review_days.mean();
    let refile = profile.applicant.refile_notification.mean();
    let appeal = profile.applicant.appeal;
    let file_appeal = profile.applicant.file_appeal.mean();
    let court = profile.court.decision_days.mean();
    let cycle = review + refile + appeal * (file_appeal + court);
    spans
        .iter()
        .map(|span| CycleCheck {
            days_per_return: f64::from(span.days) / f64::from(span.returns),
            profile_days_per_return: cycle,
            profile_cycle: format!(
                "review {review:.1} + refiling {refile:.1} + appeal {appeal:.2} × (filing it {file_appeal:.1} + court {court:.1}) = {cycle:.1} days"
            ),
            span: span.clone(),
        })
        .collect()
}

/// What a probability was computed from, in words.
fn chance_basis(chance: Chance, tally: &observe::Tally) -> String {
    let (trials, successes) = chance.counted();
    let per_case: Vec<String> = tally
        .by_case
        .iter()
        .map(|(case, (k, n))| format!("{case} {k}/{n}"))
        .collect();
    let assumed = if tally.assumed > 0 {
        format!(
            "; {} of the {} deciding events are marked assumed in their case files",
            tally.assumed, tally.trials
        )
    } else {
        String::new()
    };
    format!(
        "{successes}: {} of {} {trials} ({}){assumed}",
        tally.successes,
        tally.trials,
        per_case.join(", ")
    )
}

/// Why a wait is not fitted, testing the base against any wait still open.
fn open_wait_reason(base: &Profile, wait: Wait, delays: &[observe::Delay]) -> String {
    if delays.is_empty() {
        return "no two consecutive events with sourced, day-precise dates bound it".to_string();
    }
    let longest = delays.iter().map(|delay| delay.days).max().unwrap_or(0);
    let cases: Vec<String> = delays
        .iter()
        .map(|delay| format!("{} ({})", delay.case, delay.dates))
        .collect();
    let tail = validate::compiled_days(base, wait)
        .map(|days| {
            format!(
                "; the base profile gives a wait of at least {longest} days a probability of {:.3}",
                estimate::share_at_least(days, longest)
            )
        })
        .unwrap_or_default();
    format!(
        "only waits still open when their record ended (at least {longest} days: {}), which bound it from below but fit no distribution{tail}",
        cases.join("; ")
    )
}

/// The numbers no record under the bundled rules can show, with what the cases hold.
fn never_observed(file: &ProfileFile, cases: &[&CaseInput]) -> Vec<KeptNumber> {
    let remarks = "it acts only where the rules offer remarks to cure or bar a refusal, and";
    let counts: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            case.scenario.events.iter().filter_map(move |event| {
                let filed = event.filed?;
                let mut parts = Vec::new();
                if let Some(founders) = filed.founders {
                    parts.push(format!("{founders} founders"));
                }
                if let Some(members) = filed.members {
                    parts.push(format!("{members} members"));
                }
                (!parts.is_empty())
                    .then(|| format!("{} {}: {}", case.scenario.id, event.date, parts.join(", ")))
            })
        })
        .collect();
    let used_remarks = cases.iter().any(|case| {
        case.scenario
            .events
            .iter()
            .any(|event| event.event == EventKind::RemarksIssued)
    });
    let mut kept = vec![KeptNumber {
        path: "applicant.first_filing".to_string(),
        base: fit::describe_duration(&file.applicant.first_filing),
        reason: "a run starts on its first filing; no record shows the days before it".to_string(),
    }];
    let remark_reason = if used_remarks {
        format!("{remarks} the cases' remarks are counted with the refusals")
    } else {
        format!("{remarks} no case had remarks to cure or a refusal barred")
    };
    for (path, base) in [
        (
            "applicant.cure",
            fit::describe_probability(&file.applicant.cure),
        ),
        (
            "authority.notification_review.defect_probability_after_cure",
            fit::describe_probability(
                &file
                    .authority
                    .notification_review
                    .defect_probability_after_cure,
            ),
        ),
        (
            "authority.application_review.defect_probability_after_cure",
            fit::describe_probability(
                &file
                    .authority
                    .application_review
                    .defect_probability_after_cure,
            ),
        ),
        (
            "authority.prefers_remarks",
            fit::describe_probability(&file.authority.prefers_remarks),
        ),
        (
            "authority.when_refusal_barred.register",
            fit::describe_probability(&file.authority.when_refusal_barred.register),
        ),
        (
            "authority.when_refusal_barred.stall_days",
            fit::describe_duration(&file.authority.when_refusal_barred.stall_days),
        ),
    ] {
        kept.push(KeptNumber {
            path: path.to_string(),
            base,
            reason: remark_reason.clone(),
        });
    }
    kept.push(KeptNumber {
        path: "applicant.filing".to_string(),
        base: "the base's group sizes".to_string(),
        reason: if counts.is_empty() {
            "no filing in the cases records its head counts".to_string()
        } else {
            format!(
                "head counts are recorded at {} filing(s) ({}), too few to fit a distribution of group sizes; read them against the base's ranges",
                counts.len(),
                counts.join("; ")
            )
        },
    });
    kept
}

/// Gives the fitted file its id, title, description, notes and the calibration's source.
fn finish_file(
    file: &mut ProfileFile,
    base: &Profile,
    id: &str,
    cases: &[String],
    observations: &Observations,
) {
    file.schema = None;
    file.id = id.to_string();
    file.title = format!(
        "Fitted by regsim calibrate to {} real case(s) on the base profile `{}`",
        cases.len(),
        base.id
    );
    file.description = Some(format!(
        "Every number the case files inform ({}) is fitted and marked inferred, citing `{}`; every other number is the base profile `{}`'s, with its own status, source and note (the base's numbers may themselves have been fitted by hand to these cases: `regsim calibrate --validate` tests the fit on cases it did not see).",
        cases.join(", "),
        fit::SOURCE_ID,
        base.id
    ));
    let mut notes: Vec<String> = METHOD.iter().map(|line| line.to_string()).collect();
    if !observations.outside_file.is_empty() {
        let outside: Vec<String> = observations
            .outside_file
            .iter()
            .map(|(case, count)| format!("{case} {count}"))
            .collect();
        notes.push(format!(
            "Left out of the counts: returns or refusals counted outside the case files ({}).",
            outside.join(", ")
        ));
    }
    notes.extend(
        base.file
            .notes
            .iter()
            .map(|note| format!("From the base profile `{}`: {note}", base.id)),
    );
    file.notes = notes;
    file.sources.retain(|source| source.id != fit::SOURCE_ID);
    file.sources.push(Source {
        id: fit::SOURCE_ID.to_string(),
        title: format!(
            "regsim calibrate, fitted to the case files {} (each case's own sources are in its file)",
            cases.join(", ")
        ),
        url: None,
        jurisdiction: None,
    });
}

/// The fitted profile, checked as any profile file is (`origin` names it in diagnostics).
pub fn compile(calibration: &Calibration, origin: &str) -> Result<Profile, Diagnostics> {
    Profile::from_file(origin, &calibration.file)
}
