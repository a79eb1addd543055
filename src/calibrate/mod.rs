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
pub mod spans;
pub mod validate;

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::event::EventKind;
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::sim::profile::{Profile, ProfileFile};
use crate::source::Source;

use observe::Observations;

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
    /// The fitted value as a number: the probability, the mean days, or the choices.
    pub estimate: f64,
    /// Its 90% interval (of the mean, for days), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<[f64; 2]>,
    /// For a probability: the successes counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successes: Option<u32>,
    /// For a probability: the trials counted; for grounds, the decisions with grounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trials: Option<u32>,
    /// The status written into the profile (`inferred`, or `assumed` when every event
    /// behind it is placed by assumption).
    pub status: String,
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
    /// Spans between sourced dates, set against the fitted profile's means.
    pub spans: Vec<spans::SpanCheck>,
    /// The leave-one-out test, if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<validate::Validation>,
    /// The profile file written.
    #[serde(skip)]
    pub file: ProfileFile,
}

/// The method, as every report and fitted profile states it.
pub const METHOD: [&str; 5] = [
    "Probabilities: successes k among trials n counted over every event of the case files, in the order the simulator draws them; estimate (k + ½)/(n + 1), the Jeffreys posterior mean, with the 90% Wilson interval. A probability is inferred when at least one event deciding it is sourced, and assumed when every one is placed by assumption in its case file (the count is then the case authors' placement).",
    "Delays: days between consecutive events whose dates are both known to the day and not assumed; a wait on the authority or a court still open when its record ends is right-censored. A distribution is fitted (Kaplan–Meier, written as an empirical distribution) only from at least 5 delays observed to their end, and only when no longest wait is still open; otherwise each delay is set against the base's distribution (its percentile there, or the probability the base gives a wait that long), and the base is flagged CONTRADICTED BY THE RECORD when a delay lies where it puts less than 5% in its tail, divided among the delays tested (Bonferroni).",
    "Spans between two sourced dates with events of placed dates between them are set against the fitted profile's mean for the same sequence of waits; nothing is fitted to them.",
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
    fit::chances(&mut file, &observations, &mut fitted, &mut kept);
    fit::waits(&mut file, base, &observations, &mut fitted, &mut kept);
    fit::grounds(&mut file, &observations, &mut fitted, &mut kept);
    kept.extend(never_observed(&file, cases));
    finish_file(&mut file, base, id, &case_ids, &observations);
    let spans = Profile::from_file(id, &file)
        .map(|profile| spans::check(&profile, &observations.spans))
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
        spans,
        validation: None,
        file,
    }
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
        "Fitted by regsim calibrate to {} on the base profile `{}`",
        count(cases.len(), "real case", "real cases"),
        base.id
    );
    file.description = Some(format!(
        "Every number the case files inform ({}) is fitted and marked inferred (or assumed, where every event behind it is placed by assumption in its case file), citing `{}`; every other number is the base profile `{}`'s, with its own status, source and note (the base's numbers may themselves have been fitted by hand to these cases: `regsim calibrate --validate` tests the fit on cases it did not see).",
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
    notes.push(format!(
        "The numbers kept from the base profile `{}` were chosen as that profile's own notes explain; its fit targets and simulated figures describe it, not this profile.",
        base.id
    ));
    notes.push("A simulation's intervals are Monte Carlo error only: the fitted numbers' own 90% intervals (in their notes) are not carried into them; `regsim simulate STUDY --sensitivity` or a `--sweep` over a number's interval shows how far a result moves with it.".to_string());
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

/// `1 real case`, `7 real cases`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
