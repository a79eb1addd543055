//! Writing fitted numbers into a copy of the base profile's file, and describing the
//! numbers it keeps.
//!
//! Every number a fit replaces becomes `inferred`, cites the calibration's own source and
//! says in its note how it was computed, from which cases, with its interval and the
//! base's value it replaced. Every other number stays as the base profile gives it, with
//! its own status, source and note.

use crate::defect::DefectCode;
use crate::sim::profile::{
    DaysDistribution, DefectChoiceFile, DurationFile, EmpiricalPoint, ProbabilityFile, ProfileFile,
    ProfileStatus, ReviewFile,
};

use super::estimate::{ChanceFit, WaitFit};
use super::observe::{Chance, Grounds, Wait};

/// The id of the source every fitted number cites.
pub const SOURCE_ID: &str = "regsim-calibrate";

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

/// Rounds a probability or weight to four decimals, for a readable file.
pub fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Replaces a probability with its fit; `basis` says what it was computed from.
pub fn set_probability(number: &mut ProbabilityFile, fit: &ChanceFit, basis: &str) {
    let base = describe_probability(number);
    *number = ProbabilityFile {
        probability: round4(fit.estimate),
        status: ProfileStatus::Inferred,
        source: SOURCE_ID.to_string(),
        note: format!(
            "Fitted by regsim calibrate: {basis}. Estimate (k + ½)/(n + 1), the Jeffreys posterior mean; 90% Wilson interval {:.3}–{:.3}. The base profile gave {base}.",
            fit.low, fit.high
        ),
    };
}

/// Replaces a duration with its fit.
pub fn set_duration(number: &mut DurationFile, fit: &WaitFit, basis: &str) {
    let base = describe_duration(number);
    let interval = fit
        .mean_interval
        .map(|(low, high)| format!("; 90% interval of the mean {low:.1}–{high:.1} days"))
        .unwrap_or_default();
    let open = if fit.open_share > 0.0 {
        format!(
            "; {:.0}% of the mass sits at the longest wait still open when its record ended, so the mean is a lower bound",
            fit.open_share * 100.0
        )
    } else {
        String::new()
    };
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
            "Fitted by regsim calibrate: {basis}. Kaplan–Meier estimate (each observed day weighted by the survival curve's drop there); mean {:.1} days{interval}{open}. The base profile gave {base}.",
            fit.mean
        ),
    };
}

/// Replaces a review's defect table with the grounds the cases cite, if any are recorded.
/// Returns the description of the fit, or why there is none.
pub fn set_grounds(review: &mut ReviewFile, grounds: &Grounds) -> Result<String, String> {
    let recorded = grounds.recorded();
    if recorded == 0 {
        return Err(format!(
            "no decision in the cases records its grounds ({} with grounds not recorded)",
            grounds.not_recorded
        ));
    }
    let unknown = if grounds.not_recorded > 0 {
        format!(
            "; {} decisions whose grounds the record does not give are left out",
            grounds.not_recorded
        )
    } else {
        String::new()
    };
    review.defects = grounds
        .sets
        .iter()
        .map(|(codes, (count, cases))| DefectChoiceFile {
            codes: codes
                .iter()
                .filter_map(|code| DefectCode::from_name(code))
                .collect(),
            weight: f64::from(*count),
            rectifiable: None,
            status: ProfileStatus::Inferred,
            source: SOURCE_ID.to_string(),
            note: format!(
                "Fitted by regsim calibrate: cited at {count} of the {recorded} decisions whose grounds are recorded ({}){unknown}.",
                cases.join(", ")
            ),
        })
        .collect();
    let sets: Vec<String> = grounds
        .sets
        .iter()
        .map(|(codes, (count, _))| format!("{} ×{count}", codes.join("+")))
        .collect();
    Ok(format!("{}{unknown}", sets.join(", ")))
}
