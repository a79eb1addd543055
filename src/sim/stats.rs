//! Streaming statistics: exact integer accumulators and the 95% intervals computed from
//! them.
//!
//! Every simulated figure is a whole number (days, counts), so the accumulators keep
//! exact integer sums, sums of squares and per-day histograms. Memory does not grow with
//! the number of runs, merging two accumulators is exact and order-free, and the floats
//! of a report are computed once, at the end, from the same integers whatever the thread
//! count. The formulas, each cited where it is implemented:
//!
//! - a proportion gets the Wilson score interval (Wilson 1927);
//! - a mean gets the normal (central limit) interval, mean ± z·s/√n;
//! - a paired difference (the same run under a rule set and under the baseline, on common
//!   random numbers) gets the normal interval of the per-run differences; for a share
//!   this is the Wald interval for paired proportions (Agresti, *Categorical Data
//!   Analysis*, 3rd ed., 2013, §11.1.1);
//! - a quantile is read from the exact histogram (the inverse of the empirical
//!   distribution function, Hyndman & Fan 1996 type 1), with the distribution-free
//!   order-statistic interval (Conover, *Practical Nonparametric Statistics*, 3rd ed.,
//!   1999, §3.2).

use serde::{Deserialize, Serialize};

use super::engine::{RunEnd, RunOutcome};

/// The standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975).
pub const Z95: f64 = 1.959_963_984_540_054;

/// An estimate with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// The point estimate.
    pub estimate: f64,
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// Exact running sums of whole-number observations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moments {
    count: u64,
    sum: i128,
    sum_of_squares: u128,
}

impl Moments {
    /// Adds one observation.
    #[inline]
    pub fn add(&mut self, value: i64) {
        self.count += 1;
        self.sum += value as i128;
        self.sum_of_squares += (value.unsigned_abs() as u128) * (value.unsigned_abs() as u128);
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &Moments) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_of_squares += other.sum_of_squares;
    }

    /// Observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether every observation was 0.
    pub fn is_all_zero(&self) -> bool {
        self.sum == 0 && self.sum_of_squares == 0
    }

    /// Whether the sums could come from `count` observations of at most `limit` in size
    /// (a check on sums read from a file, before they are merged or divided).
    pub fn plausible(&self, limit: u64) -> bool {
        let limit = u128::from(limit);
        let count = u128::from(self.count);
        self.sum.unsigned_abs() <= count * limit && self.sum_of_squares <= count * limit * limit
    }

    /// The mean, if there is an observation.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// The sample variance, with the exact numerator n·Σx² − (Σx)² computed in integers
    /// (no cancellation), divided by n(n−1).
    pub fn variance(&self) -> Option<f64> {
        if self.count < 2 {
            return None;
        }
        let n = self.count as u128;
        let square_of_sum = self.sum.unsigned_abs() * self.sum.unsigned_abs();
        let numerator = (n * self.sum_of_squares).saturating_sub(square_of_sum);
        Some(numerator as f64 / (n as f64 * (n - 1) as f64))
    }

    /// The mean with its normal 95% interval, mean ± z·s/√n (central limit theorem);
    /// none with fewer than two observations.
    pub fn mean_interval(&self) -> Option<Interval> {
        let mean = self.mean()?;
        let half = Z95 * (self.variance()? / self.count as f64).sqrt();
        Some(Interval {
            estimate: mean,
            low: mean - half,
            high: mean + half,
        })
    }
}

/// A count of successes in trials.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Proportion {
    /// Successes.
    pub successes: u64,
    /// Trials.
    pub trials: u64,
}

impl Proportion {
    /// The share with its Wilson score 95% interval (E. B. Wilson, "Probable inference,
    /// the law of succession, and statistical inference", JASA 22, 1927, 209–212):
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). None without trials.
    pub fn wilson(&self) -> Option<Interval> {
        if self.trials == 0 {
            return None;
        }
        let n = self.trials as f64;
        let p = self.successes as f64 / n;
        let (low, high) = wilson_bounds(p, n, Z95);
        Some(Interval {
            estimate: p,
            low,
            high,
        })
    }
}

/// The Wilson score interval for a share `p` of `n` trials at the normal quantile `z`,
/// clamped to [0, 1] (the formula of [`Proportion::wilson`], at any level).
pub fn wilson_bounds(p: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// An exact histogram of whole days from 0 to a maximum.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
}

/// One bin of a histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// First day in the bin.
    pub from: u32,
    /// Last day in the bin.
    pub to: u32,
    /// Observations in it.
    pub count: u64,
}

impl Histogram {
    /// A histogram of values 0..=max (larger values count as `max`).
    pub fn new(max: u32) -> Histogram {
        Histogram {
            counts: vec![0; max as usize + 1],
            total: 0,
        }
    }

    /// Adds one value.
    #[inline]
    pub fn add(&mut self, value: u32) {
        let last = self.counts.len() - 1;
        self.counts[(value as usize).min(last)] += 1;
        self.total += 1;
    }

    /// Adds everything `other` holds (the two must have the same range).
    pub fn merge(&mut self, other: &Histogram) {
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
        self.total += other.total;
    }

    /// Observations.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Values from 0 to the largest, inclusive.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether the histogram has no bin at all.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Whether the total is the sum of the bins (a check on a histogram read from a file).
    pub fn consistent(&self) -> bool {
        self.counts
            .iter()
            .try_fold(0u64, |sum, &count| sum.checked_add(count))
            == Some(self.total)
    }

    /// The `rank`-th smallest value (1-based, clamped to 1..=total).
    pub fn value_at_rank(&self, rank: u64) -> Option<u32> {
        if self.total == 0 {
            return None;
        }
        let rank = rank.clamp(1, self.total);
        let mut seen = 0;
        for (value, &count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Some(value as u32);
            }
        }
        None
    }

    /// The `p`-quantile with its 95% interval. The estimate is the smallest value whose
    /// empirical distribution function reaches `p`, i.e. the order statistic of rank
    /// ⌈np⌉ (Hyndman & Fan 1996, definition 1). The interval is [X(r), X(s)] with
    /// r = ⌈np − z√(np(1−p))⌉ and s = ⌈np + z√(np(1−p))⌉, the large-sample order-statistic
    /// interval of Conover (1999, §3.2), which needs no assumption on the distribution.
    pub fn quantile_interval(&self, p: f64) -> Option<Interval> {
        if self.total == 0 {
            return None;
        }
        let n = self.total as f64;
        let centre = n * p;
        let spread = Z95 * (n * p * (1.0 - p)).sqrt();
        let rank = |x: f64| x.ceil().max(1.0) as u64;
        Some(Interval {
            estimate: self.value_at_rank(rank(centre))? as f64,
            low: self.value_at_rank(rank(centre - spread))? as f64,
            high: self.value_at_rank(rank(centre + spread))? as f64,
        })
    }

    /// Counts grouped into bins of `width` days from 0 to the histogram's maximum.
    pub fn bins(&self, width: u32) -> Vec<Bin> {
        let width = width.max(1) as usize;
        self.counts
            .chunks(width)
            .enumerate()
            .map(|(index, chunk)| Bin {
                from: (index * width) as u32,
                to: (index * width + chunk.len() - 1) as u32,
                count: chunk.iter().sum(),
            })
            .collect()
    }
}

/// Exact counts of a whole-number figure per value (how many runs made 0, 1, 2, …
/// filings), growing to the largest value seen; merging is exact and order-free.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueCounts {
    counts: Vec<u64>,
}

impl ValueCounts {
    /// Counts one observation of `value`.
    #[inline]
    pub fn add(&mut self, value: u32) {
        let index = value as usize;
        if index >= self.counts.len() {
            self.counts.resize(index + 1, 0);
        }
        self.counts[index] += 1;
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &ValueCounts) {
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
    }

    /// The count of each value from 0 to the largest seen.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
}

/// The per-run figures the report summarises (besides registration and its time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Filings.
    Attempts,
    /// Returns and refusals.
    Refusals,
    /// Rounds of remarks.
    RemarkRounds,
    /// Appeals.
    Appeals,
    /// Lapsed time limits.
    Lapses,
    /// Days waiting on the authority.
    DaysWaitingOnAuthority,
    /// Authority decisions after their time limit.
    LateDecisions,
}

impl Metric {
    /// Every metric, in report order.
    pub const ALL: [Metric; 7] = [
        Metric::Attempts,
        Metric::Refusals,
        Metric::RemarkRounds,
        Metric::Appeals,
        Metric::Lapses,
        Metric::DaysWaitingOnAuthority,
        Metric::LateDecisions,
    ];

    /// The name in JSON and CSV.
    pub const fn name(self) -> &'static str {
        match self {
            Metric::Attempts => "attempts",
            Metric::Refusals => "refusals",
            Metric::RemarkRounds => "remark_rounds",
            Metric::Appeals => "appeals",
            Metric::Lapses => "lapses",
            Metric::DaysWaitingOnAuthority => "days_waiting_on_authority",
            Metric::LateDecisions => "late_decisions",
        }
    }

    /// The label in text and Markdown.
    pub const fn label(self) -> &'static str {
        match self {
            Metric::Attempts => "filings (attempts)",
            Metric::Refusals => "returns and refusals",
            Metric::RemarkRounds => "rounds of remarks",
            Metric::Appeals => "appeals",
            Metric::Lapses => "lapsed time limits",
            Metric::DaysWaitingOnAuthority => "days waiting on the authority",
            Metric::LateDecisions => "decisions after their time limit",
        }
    }

    /// The metric's value in a run.
    #[inline]
    pub const fn of(self, outcome: &RunOutcome) -> u32 {
        match self {
            Metric::Attempts => outcome.attempts,
            Metric::Refusals => outcome.refusals,
            Metric::RemarkRounds => outcome.remark_rounds,
            Metric::Appeals => outcome.appeals,
            Metric::Lapses => outcome.lapses,
            Metric::DaysWaitingOnAuthority => outcome.days_waiting_on_authority,
            Metric::LateDecisions => outcome.late_decisions,
        }
    }
}

/// Paired differences of one rule set against the baseline, run by run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairedTally {
    /// Registered (1) or not (0), rule set minus baseline.
    pub registered: Moments,
    /// Days to registration, over runs registered under both.
    pub days_to_registration: Moments,
    /// Each [`Metric`], in [`Metric::ALL`] order.
    pub metrics: [Moments; Metric::ALL.len()],
}

/// Everything a study accumulates for one rule set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetTally {
    /// Runs.
    pub runs: u64,
    /// Runs registered within the horizon.
    pub registered: u64,
    /// Runs whose applicant gave up.
    pub gave_up: u64,
    /// Runs still pending at the horizon (or with no lawful move left).
    pub pending: u64,
    /// Runs stopped at the per-run event cap.
    pub event_cap: u64,
    /// Events simulated.
    pub events: u64,
    /// Days to registration of the registered runs.
    pub days_to_registration: Histogram,
    /// The same, as sums.
    pub days_to_registration_moments: Moments,
    /// Each [`Metric`], in [`Metric::ALL`] order.
    pub metrics: [Moments; Metric::ALL.len()],
    /// Runs by the number of filings (attempts) they made.
    pub attempts_per_run: ValueCounts,
    /// Against the baseline.
    pub paired: PairedTally,
}

impl RuleSetTally {
    /// An empty tally for a horizon of `horizon_days`.
    pub fn new(horizon_days: u32) -> RuleSetTally {
        RuleSetTally {
            days_to_registration: Histogram::new(horizon_days),
            ..RuleSetTally::default()
        }
    }

    /// Adds one run, with the same run under the baseline.
    #[inline]
    pub fn add(&mut self, outcome: &RunOutcome, baseline: &RunOutcome) {
        self.runs += 1;
        self.events += outcome.events as u64;
        match outcome.end {
            RunEnd::Registered => self.registered += 1,
            RunEnd::GaveUp => self.gave_up += 1,
            RunEnd::Pending => self.pending += 1,
            RunEnd::EventCap => self.event_cap += 1,
        }
        if let Some(days) = outcome.days_to_registration {
            self.days_to_registration.add(days);
            self.days_to_registration_moments.add(days as i64);
        }
        let registered = |o: &RunOutcome| i64::from(o.days_to_registration.is_some());
        self.paired
            .registered
            .add(registered(outcome) - registered(baseline));
        if let (Some(mine), Some(theirs)) =
            (outcome.days_to_registration, baseline.days_to_registration)
        {
            self.paired
                .days_to_registration
                .add(mine as i64 - theirs as i64);
        }
        self.attempts_per_run.add(outcome.attempts);
        for (index, metric) in Metric::ALL.into_iter().enumerate() {
            let mine = metric.of(outcome) as i64;
            self.metrics[index].add(mine);
            self.paired.metrics[index].add(mine - metric.of(baseline) as i64);
        }
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &RuleSetTally) {
        self.runs += other.runs;
        self.registered += other.registered;
        self.gave_up += other.gave_up;
        self.pending += other.pending;
        self.event_cap += other.event_cap;
        self.events += other.events;
        self.days_to_registration.merge(&other.days_to_registration);
        self.days_to_registration_moments
            .merge(&other.days_to_registration_moments);
        for (mine, theirs) in self.metrics.iter_mut().zip(&other.metrics) {
            mine.merge(theirs);
        }
        self.attempts_per_run.merge(&other.attempts_per_run);
        self.paired.registered.merge(&other.paired.registered);
        self.paired
            .days_to_registration
            .merge(&other.paired.days_to_registration);
        for (mine, theirs) in self.paired.metrics.iter_mut().zip(&other.paired.metrics) {
            mine.merge(theirs);
        }
    }

    /// The share registered within the horizon.
    pub fn registered_share(&self) -> Proportion {
        Proportion {
            successes: self.registered,
            trials: self.runs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_worked_example() {
        // 81 successes in 263 trials: Wilson 95% interval 0.2553 to 0.3662 (Newcombe 1998, Table I).
        let interval = Proportion {
            successes: 81,
            trials: 263,
        }
        .wilson()
        .unwrap();
        assert!((interval.low - 0.2553).abs() < 5e-5, "{interval:?}");
        assert!((interval.high - 0.3662).abs() < 5e-5, "{interval:?}");
        let none = Proportion {
            successes: 0,
            trials: 10,
        }
        .wilson()
        .unwrap();
        assert_eq!(none.low, 0.0);
        assert!((none.high - 0.2775).abs() < 5e-4, "{none:?}");
    }

    #[test]
    fn moments_are_exact() {
        let mut moments = Moments::default();
        for value in [2, 4, 4, 4, 5, 5, 7, 9] {
            moments.add(value);
        }
        assert_eq!(moments.mean(), Some(5.0));
        assert!((moments.variance().unwrap() - 32.0 / 7.0).abs() < 1e-12);
        let mut zero = Moments::default();
        for _ in 0..10 {
            zero.add(0);
        }
        let interval = zero.mean_interval().unwrap();
        assert_eq!((interval.low, interval.high), (0.0, 0.0));
    }

    #[test]
    fn value_counts_grow_and_merge_exactly() {
        let mut a = ValueCounts::default();
        a.add(2);
        a.add(0);
        let mut b = ValueCounts::default();
        b.add(5);
        b.add(2);
        a.merge(&b);
        assert_eq!(a.counts(), &[1, 0, 2, 0, 0, 1]);
    }

    #[test]
    fn quantiles_come_from_the_exact_histogram() {
        let mut histogram = Histogram::new(100);
        for value in 1..=100 {
            histogram.add(value);
        }
        let median = histogram.quantile_interval(0.5).unwrap();
        assert_eq!(median.estimate, 50.0);
        // np = 50, z·√(np(1−p)) = 9.8: ranks 41 and 60.
        assert_eq!((median.low, median.high), (41.0, 60.0));
        assert_eq!(histogram.quantile_interval(0.9).unwrap().estimate, 90.0);
        let bins = histogram.bins(30);
        assert_eq!(bins.len(), 4);
        assert_eq!(
            bins[3],
            Bin {
                from: 90,
                to: 100,
                count: 11
            }
        );
        assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 100);
    }
}
