//! A study's results: every estimate, interval and histogram a report shows.
//!
//! [`SimulationReport`] is built once from the tallies ([`simulate`] runs a checked study
//! and builds it): every estimate and interval is computed here, rounded to fixed
//! decimals, so every rendering (`crate::report::simulation`) shows the same numbers and
//! the same study and seed give the same bytes on any thread count. The report records
//! the seed, the runs and the total number of simulated events, states the statistical
//! methods, and says how many of the profile's numbers are assumptions.

use serde::{Deserialize, Serialize};

use crate::date::Date;

use super::profile::ProvenanceCounts;
use super::runner::StudyTally;
use super::stats::{Bin, Interval, Metric, RuleSetTally};
use super::study::Study;
use crate::source::ValuesByStatus;

/// How the intervals are computed, stated in every report.
pub const METHOD: &[&str] = &[
    "Share registered: Wilson score 95% interval (Wilson 1927).",
    "Means: normal (central limit) 95% interval, mean ± 1.96·s/√n.",
    "Median and p90 of time to registration: order statistics of the exact per-day histogram of registered runs (inverse empirical distribution, Hyndman & Fan type 1), with the distribution-free order-statistic 95% interval (Conover 1999, §3.2).",
    "Time to registration counts days from the first filing, over runs registered within the horizon.",
    "Paired differences: run i uses the same random draws under every rule set (common random numbers); the per-run difference (rule set − baseline) gets a normal 95% interval (for the share: the Wald interval for paired proportions, Agresti 2013 §11.1.1). The time difference is over runs registered under both.",
];

/// What the report says about the study.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudySummary {
    /// Study id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Profile id.
    pub profile: String,
    /// Profile title.
    pub profile_title: String,
    /// How many of the profile's numbers have each status.
    pub profile_numbers: ProvenanceCounts,
    /// How many values of each rule set have each status, in report order.
    pub rule_values: Vec<ValuesByStatus>,
    /// Every value of each rule set with its status and source, in report order.
    pub rule_provenance: Vec<(String, Vec<crate::rules::provenance::ValueProvenance>)>,
    /// Every number of the behaviour profile with its status and source.
    pub profile_provenance: Vec<crate::rules::provenance::ValueProvenance>,
    /// Rule-set ids, in report order.
    pub rules: Vec<String>,
    /// The baseline's id.
    pub baseline: String,
    /// Days simulated.
    pub horizon_days: u32,
    /// The first day applications start.
    pub start: Date,
    /// Days over which starts are spread.
    pub start_spread_days: u32,
    /// Runs per rule set.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Events simulated over all rule sets and runs.
    pub total_events: u64,
    /// What the profile represents and was fitted to (its `description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_fitted_to: Option<String>,
    /// The profile's notes: its fit targets and known limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profile_notes: Vec<String>,
    /// Results that hold by construction of the rules and the profile, not as findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_construction: Vec<String>,
}

/// How runs ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Registered within the horizon.
    pub registered: u64,
    /// Gave up.
    pub gave_up: u64,
    /// Still pending at the horizon (or with no lawful move left).
    pub pending: u64,
    /// Stopped at the per-run event cap.
    pub event_cap: u64,
}

/// Time to registration over registered runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimeToRegistration {
    /// Registered runs.
    pub registered_runs: u64,
    /// Mean days.
    pub mean: Option<Interval>,
    /// Median days.
    pub median: Option<Interval>,
    /// 90th percentile of days.
    pub p90: Option<Interval>,
}

/// A per-run figure's mean and its difference against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricResult {
    /// Name (`attempts`, `refusals`, …).
    pub name: String,
    /// Mean per run.
    pub mean: Option<Interval>,
    /// Mean paired difference against the baseline (absent for the baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Interval>,
}

/// Differences of registration against the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegistrationDifference {
    /// Share registered, rule set minus baseline.
    pub registered_share: Option<Interval>,
    /// Runs registered under both.
    pub registered_under_both: u64,
    /// Mean days to registration, over runs registered under both.
    pub mean_days_to_registration: Option<Interval>,
}

/// The histogram of days to registration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistogramResult {
    /// Width of each bin in days.
    pub bin_days: u32,
    /// Bins from day 0 to the horizon.
    pub bins: Vec<Bin>,
}

/// How many runs made a number of filings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptsCount {
    /// Filings (notifications and applications) in a run.
    pub attempts: u32,
    /// Runs that made that many.
    pub runs: u64,
}

/// The results of one rule set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleSetResult {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Whether it is the baseline.
    pub baseline: bool,
    /// Runs.
    pub runs: u64,
    /// Events simulated.
    pub events: u64,
    /// How runs ended.
    pub outcomes: Outcomes,
    /// Share registered within the horizon.
    pub registered_share: Option<Interval>,
    /// Days from the first filing to registration.
    pub time_to_registration: TimeToRegistration,
    /// Per-run figures.
    pub metrics: Vec<MetricResult>,
    /// Against the baseline (absent for the baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versus_baseline: Option<RegistrationDifference>,
    /// Days to registration.
    pub histogram: HistogramResult,
    /// Runs by the number of filings they made, from 0 to the most any run made.
    pub attempts_distribution: Vec<AttemptsCount>,
}

/// A study's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulationReport {
    /// The study as run.
    pub study: StudySummary,
    /// How the intervals are computed.
    pub method: Vec<String>,
    /// Per rule set, in study order.
    pub rule_sets: Vec<RuleSetResult>,
}

/// Rounds to six decimals, so every rendering prints the same digits.
fn round(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

fn rounded(interval: Option<Interval>) -> Option<Interval> {
    interval.map(|i| Interval {
        estimate: round(i.estimate),
        low: round(i.low),
        high: round(i.high),
    })
}

/// The bin width for a horizon: the smallest round width giving at most 24 bins.
pub fn bin_days(horizon_days: u32) -> u32 {
    const WIDTHS: [u32; 17] = [
        1, 2, 5, 7, 10, 14, 15, 20, 30, 60, 90, 120, 180, 365, 730, 1825, 3650,
    ];
    WIDTHS
        .into_iter()
        .find(|&width| (horizon_days + 1).div_ceil(width) <= 24)
        .unwrap_or(36_500)
}

impl StudySummary {
    /// What the report says about `study`, with `total_events` simulated.
    pub fn of(study: &Study, total_events: u64) -> StudySummary {
        StudySummary {
            id: study.id.clone(),
            title: study.title.clone(),
            description: study.description.clone(),
            profile: study.profile.id.clone(),
            profile_title: study.profile.title.clone(),
            profile_numbers: study.profile.provenance,
            profile_provenance: profile_provenance(
                &serde_json::to_value(&study.profile.file).unwrap_or_default(),
            ),
            rule_provenance: study
                .rules
                .iter()
                .map(|rules| (rules.id.clone(), rules.provenance()))
                .collect(),
            rule_values: study
                .rules
                .iter()
                .map(|rules| ValuesByStatus {
                    id: rules.id.clone(),
                    counts: rules.status_counts(),
                })
                .collect(),
            rules: study.rules.iter().map(|rules| rules.id.clone()).collect(),
            baseline: study.rules[study.baseline].id.clone(),
            horizon_days: study.horizon_days,
            start: study.start,
            start_spread_days: study.start_spread_days,
            runs: study.runs,
            seed: study.seed,
            total_events,
            profile_fitted_to: study.profile.file.description.clone(),
            profile_notes: study.profile.file.notes.clone(),
            by_construction: closed_list_notes(study),
        }
    }
}

/// A closed list none of the profile's defects is on: whatever refusals remain under it
/// come from the group-size thresholds, and their absence is no finding.
fn closed_list_notes(study: &Study) -> Vec<String> {
    let authority = &study.profile.authority;
    let codes = authority.notification.defects.codes() | authority.application.defects.codes();
    study
        .rules
        .iter()
        // Where defects notified and left uncured may still ground a refusal, refusals on
        // the profile's defects remain possible: nothing holds by construction there.
        .filter(|rules| {
            rules.grounds_closed()
                && !rules.uncured_may_ground()
                && rules.listed_grounds() & codes == 0
        })
        .map(|rules| {
            format!(
                "{}: none of the defects the profile's authority finds is a listed ground of its closed list, so it can never refuse on them; every refusal left comes from the group-size thresholds, and the fall in refusals holds by construction, not as a finding",
                rules.id
            )
        })
        .collect()
}

impl SimulationReport {
    /// Builds the report of a study from its tallies.
    pub fn new(study: &Study, tally: &StudyTally) -> SimulationReport {
        let titles: Vec<String> = study
            .rules
            .iter()
            .map(|rules| rules.title.clone())
            .collect();
        let summary = StudySummary::of(study, tally.events());
        SimulationReport::from_parts(summary, &titles, study.baseline, tally)
    }

    /// Builds a report from what a study is (its summary, its rule sets' titles in order
    /// and the baseline's index) and its tallies: how merged shards become the report one
    /// run would give.
    pub fn from_parts(
        mut study: StudySummary,
        titles: &[String],
        baseline: usize,
        tally: &StudyTally,
    ) -> SimulationReport {
        let width = bin_days(study.horizon_days);
        study.total_events = tally.events();
        for (index, (id, tally)) in study.rules.iter().zip(&tally.rule_sets).enumerate() {
            let paired = &tally.paired;
            let unchanged = index != baseline
                && tally.runs > 0
                && paired.registered.is_all_zero()
                && paired.days_to_registration.is_all_zero()
                && paired.metrics.iter().all(|m| m.is_all_zero());
            if unchanged {
                study.by_construction.push(format!(
                    "{id}: every run went exactly as under {} (every paired difference is 0): nothing {id} changes is ever reached by this profile's behaviour (for a deemed registration: the authority stalls only through suspensions, which pause the review clock, so the clock never fires); that it changes nothing holds by construction, not as a finding",
                    study.baseline
                ));
            }
        }
        let rule_sets = study
            .rules
            .iter()
            .zip(titles)
            .zip(&tally.rule_sets)
            .enumerate()
            .map(|(index, ((id, title), tally))| {
                rule_set_result(id, title, index == baseline, tally, width)
            })
            .collect();
        SimulationReport {
            study,
            method: METHOD.iter().map(|line| line.to_string()).collect(),
            rule_sets,
        }
    }
}

fn rule_set_result(
    id: &str,
    title: &str,
    baseline: bool,
    tally: &RuleSetTally,
    width: u32,
) -> RuleSetResult {
    let histogram = &tally.days_to_registration;
    let metrics = Metric::ALL
        .iter()
        .enumerate()
        .map(|(index, metric)| MetricResult {
            name: metric.name().to_string(),
            mean: rounded(tally.metrics[index].mean_interval()),
            difference: (!baseline)
                .then(|| rounded(tally.paired.metrics[index].mean_interval()))
                .flatten(),
        })
        .collect();
    RuleSetResult {
        id: id.to_string(),
        title: title.to_string(),
        baseline,
        runs: tally.runs,
        events: tally.events,
        outcomes: Outcomes {
            registered: tally.registered,
            gave_up: tally.gave_up,
            pending: tally.pending,
            event_cap: tally.event_cap,
        },
        registered_share: rounded(tally.registered_share().wilson()),
        time_to_registration: TimeToRegistration {
            registered_runs: histogram.total(),
            mean: rounded(tally.days_to_registration_moments.mean_interval()),
            median: rounded(histogram.quantile_interval(0.5)),
            p90: rounded(histogram.quantile_interval(0.9)),
        },
        metrics,
        versus_baseline: (!baseline).then(|| RegistrationDifference {
            registered_share: rounded(tally.paired.registered.mean_interval()),
            registered_under_both: tally.paired.days_to_registration.count(),
            mean_days_to_registration: rounded(tally.paired.days_to_registration.mean_interval()),
        }),
        histogram: HistogramResult {
            bin_days: width,
            bins: histogram.bins(width),
        },
        attempts_distribution: tally
            .attempts_per_run
            .counts()
            .iter()
            .enumerate()
            .map(|(attempts, &runs)| AttemptsCount {
                attempts: attempts as u32,
                runs,
            })
            .collect(),
    }
}

/// Runs a checked study and builds its report.
pub fn simulate(study: &Study, options: super::runner::RunnerOptions) -> SimulationReport {
    let plans: Vec<super::engine::Plan> =
        study.rules.iter().map(super::engine::Plan::new).collect();
    let settings = super::engine::RunSettings {
        seed: study.seed,
        start: study.start,
        start_spread_days: study.start_spread_days,
        horizon_days: study.horizon_days,
    };
    let tally = super::runner::run(
        &plans,
        study.baseline,
        &study.profile,
        &settings,
        study.runs,
        options,
    );
    SimulationReport::new(study, &tally)
}

/// Every number of a profile file that carries a status (a delay, a probability, a group
/// size, a weight), with its status and the title of the source it names.
fn profile_provenance(file: &serde_json::Value) -> Vec<crate::rules::provenance::ValueProvenance> {
    use serde_json::Value;
    fn walk(
        value: &Value,
        path: String,
        sources: &[Value],
        out: &mut Vec<crate::rules::provenance::ValueProvenance>,
    ) {
        match value {
            Value::Object(object) => {
                let number_key = [
                    "probability",
                    "days",
                    "distribution",
                    "value",
                    "share",
                    "weight",
                ]
                .into_iter()
                .find(|key| object.contains_key(*key));
                if let (Some(status), Some(key)) = (object.get("status"), number_key) {
                    if let Ok(status) =
                        serde_json::from_value::<crate::source::Status>(status.clone())
                    {
                        let source = object.get("source").and_then(Value::as_str).map(|id| {
                            sources
                                .iter()
                                .find(|s| s.get("id").and_then(Value::as_str) == Some(id))
                                .and_then(|s| s.get("title").and_then(Value::as_str))
                                .map_or(id.to_string(), str::to_string)
                        });
                        let what = match object.get("code").and_then(Value::as_str) {
                            Some(code) => format!("{} ({code})", path.trim_start_matches('/')),
                            None => path.trim_start_matches('/').to_string(),
                        };
                        out.push(crate::rules::provenance::ValueProvenance {
                            what,
                            value: format!("{key} {}", object[key]),
                            status,
                            source,
                        });
                        return;
                    }
                }
                for (key, child) in object {
                    if key != "sources" {
                        walk(child, format!("{path}/{key}"), sources, out);
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, format!("{path}/{index}"), sources, out);
                }
            }
            _ => {}
        }
    }
    let sources = file
        .get("sources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    walk(file, String::new(), &sources, &mut out);
    out
}
