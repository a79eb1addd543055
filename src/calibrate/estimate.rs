//! The estimators: a probability from successes among trials, a distribution of days from
//! observed and censored delays.
//!
//! A probability is estimated by the mean of its Jeffreys posterior, `(k + ½) / (n + 1)`
//! for `k` successes in `n` trials (the Beta(½, ½) prior; Jeffreys, *Theory of
//! Probability*, 1961, §3.3), which stays inside (0, 1) when `k` is 0 or `n`, so a
//! handful of cases never fits a certainty; its interval is the Wilson score interval at
//! 90% (Wilson 1927). A distribution of days is the Kaplan–Meier estimate (Kaplan & Meier,
//! JASA 53, 1958, 457–481), the nonparametric maximum-likelihood estimate under right
//! censoring: the mass at each observed day is the drop in the survival curve there; mass
//! the curve keeps past the last observed day (when the longest wait is still open) is
//! placed at the longest censored wait, a lower bound, and said so. The mean of fully
//! observed delays has a Student-t interval at 90%.

use crate::sim::profile::Days;
use crate::sim::stats::wilson_bounds;

use super::observe::{Delay, Tally};

/// The standard normal quantile for a two-sided 90% interval.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// Student's t quantiles at 0.95 for 1 to 30 degrees of freedom (more: [`Z90`]).
const T95: [f64; 30] = [
    6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771,
    1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706,
    1.703, 1.701, 1.699, 1.697,
];

/// A fitted probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChanceFit {
    /// The Jeffreys posterior mean.
    pub estimate: f64,
    /// The Wilson 90% interval's lower end.
    pub low: f64,
    /// Its upper end.
    pub high: f64,
}

/// Fits a probability; none without trials.
pub fn fit_chance(tally: &Tally) -> Option<ChanceFit> {
    if tally.trials == 0 {
        return None;
    }
    let (k, n) = (f64::from(tally.successes), f64::from(tally.trials));
    let (low, high) = wilson_bounds(k / n, n, Z90);
    Some(ChanceFit {
        estimate: (k + 0.5) / (n + 1.0),
        low,
        high,
    })
}

/// One value of a fitted distribution of days.
#[derive(Clone, Debug, PartialEq)]
pub struct Mass {
    /// Days.
    pub days: u32,
    /// Probability.
    pub weight: f64,
    /// The observations behind it (`case (dates)`, joined).
    pub note: String,
}

/// A fitted distribution of days.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitFit {
    /// The distribution, by day.
    pub masses: Vec<Mass>,
    /// Its mean.
    pub mean: f64,
    /// A 90% interval for the mean, when every delay was observed to its end and there
    /// are at least two.
    pub mean_interval: Option<(f64, f64)>,
    /// Delays observed to their end.
    pub observed: usize,
    /// Delays still open when their record ended.
    pub censored: usize,
    /// The share placed at the longest censored wait (a lower bound), if any.
    pub open_share: f64,
}

/// Fits a distribution of days by Kaplan–Meier; none without a delay observed to its end.
pub fn fit_wait(delays: &[Delay]) -> Option<WaitFit> {
    let observed: Vec<&Delay> = delays.iter().filter(|delay| !delay.censored).collect();
    if observed.is_empty() {
        return None;
    }
    let mut days: Vec<u32> = observed.iter().map(|delay| delay.days).collect();
    days.sort_unstable();
    days.dedup();
    let mut survival = 1.0;
    let mut masses = Vec::new();
    for &day in &days {
        let at_risk = delays.iter().filter(|delay| delay.days >= day).count() as f64;
        let ended: Vec<&&Delay> = observed.iter().filter(|delay| delay.days == day).collect();
        let after = survival * (1.0 - ended.len() as f64 / at_risk);
        masses.push(Mass {
            days: day,
            weight: survival - after,
            note: describe(ended.iter().map(|delay| **delay)),
        });
        survival = after;
    }
    let longest = days[days.len() - 1];
    let open: Vec<&Delay> = delays
        .iter()
        .filter(|delay| delay.censored && delay.days >= longest)
        .collect();
    let open_share = if survival > 1e-12 { survival } else { 0.0 };
    if open_share > 0.0 {
        let bound = open.iter().map(|delay| delay.days).max().unwrap_or(longest);
        masses.push(Mass {
            days: bound,
            weight: open_share,
            note: format!(
                "still open when the record ended (at least this long): {}",
                describe(open.iter().copied())
            ),
        });
    }
    let mean: f64 = masses
        .iter()
        .map(|mass| mass.weight * f64::from(mass.days))
        .sum();
    let censored = delays.iter().filter(|delay| delay.censored).count();
    Some(WaitFit {
        mean_interval: (censored == 0 && observed.len() >= 2).then(|| {
            let n = observed.len() as f64;
            let values = observed.iter().map(|delay| f64::from(delay.days));
            let variance = values.map(|value| (value - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let t = T95.get(observed.len() - 2).copied().unwrap_or(Z90);
            let half = t * (variance / n).sqrt();
            ((mean - half).max(0.0), mean + half)
        }),
        masses,
        mean,
        observed: observed.len(),
        censored,
        open_share,
    })
}

/// The share of a distribution at or above `bound` days, read on a fine grid of its
/// quantiles (for a censored wait that fits nothing but tests the base profile).
pub fn share_at_least(days: &Days, bound: u32) -> f64 {
    const GRID: u32 = 10_000;
    let above = (0..GRID)
        .filter(|step| days.sample((f64::from(*step) + 0.5) / f64::from(GRID)) >= bound)
        .count();
    above as f64 / f64::from(GRID)
}

fn describe<'a>(delays: impl Iterator<Item = &'a Delay>) -> String {
    delays
        .map(|delay| format!("{} ({})", delay.case, delay.dates))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delay(days: u32, censored: bool) -> Delay {
        Delay {
            case: "c".into(),
            days,
            censored,
            dates: String::new(),
        }
    }

    #[test]
    fn a_probability_never_fits_a_certainty_and_its_interval_holds_the_share() {
        let tally = Tally {
            successes: 24,
            trials: 24,
            ..Tally::default()
        };
        let fit = fit_chance(&tally).unwrap();
        assert!((fit.estimate - 24.5 / 25.0).abs() < 1e-12);
        assert!(fit.high == 1.0 && fit.low > 0.85 && fit.low < 0.95);
        let none = Tally {
            successes: 0,
            trials: 2,
            ..Tally::default()
        };
        let fit = fit_chance(&none).unwrap();
        assert!((fit.estimate - 0.5 / 3.0).abs() < 1e-12);
        assert_eq!(fit.low, 0.0);
        assert!(fit.high > 0.4 && fit.high < 0.65, "{}", fit.high);
        assert!(fit_chance(&Tally::default()).is_none());
    }

    #[test]
    fn kaplan_meier_without_censoring_is_the_empirical_distribution() {
        let fit = fit_wait(&[delay(7, false), delay(9, false), delay(9, false)]).unwrap();
        let weights: Vec<(u32, f64)> = fit.masses.iter().map(|m| (m.days, m.weight)).collect();
        assert_eq!(weights.len(), 2);
        assert!((weights[0].1 - 1.0 / 3.0).abs() < 1e-12 && weights[1].0 == 9);
        assert!((fit.mean - 25.0 / 3.0).abs() < 1e-12);
        let (low, high) = fit.mean_interval.unwrap();
        assert!(low < fit.mean && fit.mean < high);
        assert_eq!((fit.observed, fit.censored, fit.open_share), (3, 0, 0.0));
    }

    #[test]
    fn a_censored_wait_moves_mass_to_later_days_and_an_open_tail_is_a_lower_bound() {
        // 10 ends; 20 is open; 30 ends. At 10: 3 at risk, S = 2/3. At 30: 1 at risk, S = 0.
        let fit = fit_wait(&[delay(10, false), delay(20, true), delay(30, false)]).unwrap();
        let weights: Vec<(u32, f64)> = fit.masses.iter().map(|m| (m.days, m.weight)).collect();
        assert_eq!(weights.len(), 2);
        assert!((weights[0].1 - 1.0 / 3.0).abs() < 1e-12);
        assert!((weights[1].1 - 2.0 / 3.0).abs() < 1e-12 && weights[1].0 == 30);
        assert!(fit.mean_interval.is_none());
        // The longest wait open: half the mass stays at it, as a lower bound.
        let open = fit_wait(&[delay(10, false), delay(200, true)]).unwrap();
        assert_eq!(open.masses.len(), 2);
        assert_eq!(open.masses[1].days, 200);
        assert!((open.open_share - 0.5).abs() < 1e-12);
        assert!(open.masses[1].note.contains("at least"));
        assert!(fit_wait(&[delay(200, true)]).is_none());
    }

    #[test]
    fn the_share_above_a_bound_reads_the_distribution() {
        let uniform = Days::Uniform { low: 1, count: 100 };
        assert!((share_at_least(&uniform, 51) - 0.5).abs() < 1e-3);
        assert_eq!(share_at_least(&Days::Fixed(30), 31), 0.0);
    }
}
