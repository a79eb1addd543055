//! The simulation's statistics, figure by figure (issue 13: code mutations that survived).
//!
//! cargo-mutants changed operators in `src/sim/stats.rs` (a `+=` into `-=`, a `<` into
//! `<=`, a `*` into `+`) and the simulation tests did not notice, because they look at a
//! report's shape rather than its numbers. These tests pin each accumulator and each
//! interval to values worked out by hand: the sums, the sample variance, the normal and
//! Wilson intervals, the order statistics of the histogram, the paired differences and
//! the exact merge of two tallies.

use regsim::sim::engine::{RunEnd, RunOutcome};
use regsim::sim::stats::{
    Bin, Histogram, Interval, Metric, Moments, Proportion, RuleSetTally, ValueCounts, Z95,
};

fn moments(values: &[i64]) -> Moments {
    let mut moments = Moments::default();
    for &value in values {
        moments.add(value);
    }
    moments
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("serialises")
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

#[test]
fn moments_keep_exact_sums_of_values_and_squares() {
    let m = moments(&[3, -5, 7]);
    assert_eq!(m.count(), 3);
    assert_eq!(
        json(&m),
        serde_json::json!({"count": 3, "sum": 5, "sum_of_squares": 83})
    );
    assert_eq!(Moments::default().count(), 0);
}

#[test]
fn merging_moments_is_adding_the_observations() {
    let mut a = moments(&[3, -5, 7]);
    let b = moments(&[4, 6]);
    a.merge(&b);
    assert_eq!(a, moments(&[3, -5, 7, 4, 6]));
    assert_eq!(
        json(&a),
        serde_json::json!({"count": 5, "sum": 15, "sum_of_squares": 135})
    );
}

#[test]
fn all_zero_means_every_observation_was_zero() {
    assert!(moments(&[0, 0, 0]).is_all_zero());
    assert!(Moments::default().is_all_zero());
    // Sum zero, but not every value: the squares tell them apart.
    assert!(!moments(&[1, -1]).is_all_zero());
    assert!(!moments(&[4]).is_all_zero());
}

#[test]
fn plausible_sums_fit_the_count_and_the_limit_exactly_at_the_boundary() {
    // Two observations of size 3: |sum| ≤ 6 and sum of squares ≤ 18, both reached.
    assert!(moments(&[3, 3]).plausible(3));
    assert!(moments(&[3, -3]).plausible(3));
    assert!(moments(&[-3, -3]).plausible(3));
    // One above the limit.
    assert!(!moments(&[3, 3]).plausible(2));
    // The sum is fine (0), the squares are not (18 > 2·2²).
    assert!(!moments(&[3, -3]).plausible(2));
    // Sums read from a file: the sum too big, the squares fine.
    let forged: Moments =
        serde_json::from_str(r#"{"count": 2, "sum": 7, "sum_of_squares": 0}"#).unwrap();
    assert!(!forged.plausible(3));
    let forged: Moments =
        serde_json::from_str(r#"{"count": 2, "sum": 0, "sum_of_squares": 19}"#).unwrap();
    assert!(!forged.plausible(3));
}

#[test]
fn the_mean_and_variance_are_the_textbook_ones() {
    assert_eq!(Moments::default().mean(), None);
    assert_eq!(moments(&[2, 4]).mean(), Some(3.0));
    assert_eq!(moments(&[-7]).mean(), Some(-7.0));
    // A sample variance needs two observations.
    assert_eq!(Moments::default().variance(), None);
    assert_eq!(moments(&[5]).variance(), None);
    // (1, 3): mean 2, squared deviations 1 + 1, over n − 1 = 1.
    assert_eq!(moments(&[1, 3]).variance(), Some(2.0));
    // (2, 4, 4, 4, 5, 5, 7, 9): squared deviations 32, over 7.
    let v = moments(&[2, 4, 4, 4, 5, 5, 7, 9]).variance().unwrap();
    assert!(close(v, 32.0 / 7.0), "{v}");
    // Negative values: (−4, −1, −1): mean −2, deviations 4 + 1 + 1 = 6, over 2.
    assert_eq!(moments(&[-4, -1, -1]).variance(), Some(3.0));
}

#[test]
fn the_mean_interval_is_mean_plus_or_minus_z_s_over_root_n() {
    assert_eq!(moments(&[5]).mean_interval(), None);
    assert_eq!(Moments::default().mean_interval(), None);
    // (1, 3): mean 2, s² = 2, n = 2: half-width z·√(2/2) = z.
    let interval = moments(&[1, 3]).mean_interval().unwrap();
    assert_eq!(interval.estimate, 2.0);
    assert!(close(interval.low, 2.0 - Z95), "{interval:?}");
    assert!(close(interval.high, 2.0 + Z95), "{interval:?}");
    // (1, 3, 5, 7): mean 4, s² = 20/3, n = 4: half-width z·√(5/3).
    let interval = moments(&[1, 3, 5, 7]).mean_interval().unwrap();
    let half = Z95 * (5.0f64 / 3.0).sqrt();
    assert_eq!(interval.estimate, 4.0);
    assert!(close(interval.low, 4.0 - half), "{interval:?}");
    assert!(close(interval.high, 4.0 + half), "{interval:?}");
}

#[test]
fn wilson_intervals_match_worked_examples() {
    assert_eq!(
        Proportion {
            successes: 0,
            trials: 0
        }
        .wilson(),
        None
    );
    // 81 of 263: 0.2553 to 0.3662 (Newcombe 1998, Table I).
    let interval = Proportion {
        successes: 81,
        trials: 263,
    }
    .wilson()
    .unwrap();
    assert!(close(interval.estimate, 81.0 / 263.0));
    assert!((interval.low - 0.2553).abs() < 5e-5, "{interval:?}");
    assert!((interval.high - 0.3662).abs() < 5e-5, "{interval:?}");
    // 15 of 148: 0.0624 to 0.1605 (Newcombe 1998, Table I).
    let interval = Proportion {
        successes: 15,
        trials: 148,
    }
    .wilson()
    .unwrap();
    assert!((interval.low - 0.0624).abs() < 5e-5, "{interval:?}");
    assert!((interval.high - 0.1605).abs() < 5e-5, "{interval:?}");
    // 0 of 10 and 10 of 10: one end is exactly 0 or 1, the other 0.2775 from it.
    let none = Proportion {
        successes: 0,
        trials: 10,
    }
    .wilson()
    .unwrap();
    assert_eq!((none.estimate, none.low), (0.0, 0.0));
    assert!((none.high - 0.2775).abs() < 5e-5, "{none:?}");
    let all = Proportion {
        successes: 10,
        trials: 10,
    }
    .wilson()
    .unwrap();
    assert_eq!(all.estimate, 1.0);
    assert!(close(all.high, 1.0), "{all:?}");
    assert!((all.low - 0.7225).abs() < 5e-5, "{all:?}");
    // Half of 2: symmetric about 1/2, (p̂ + z²/4 ± z·√(1/8 + z²/16)) / (1 + z²/2).
    let half = Proportion {
        successes: 1,
        trials: 2,
    }
    .wilson()
    .unwrap();
    let z2 = Z95 * Z95;
    let spread = Z95 * (0.125 + z2 / 16.0).sqrt() / (1.0 + z2 / 2.0);
    assert!(close(half.low, 0.5 - spread), "{half:?}");
    assert!(close(half.high, 0.5 + spread), "{half:?}");
}

#[test]
fn a_histogram_holds_zero_to_its_maximum_and_clamps_larger_values() {
    let mut histogram = Histogram::new(10);
    assert_eq!(histogram.len(), 11);
    assert!(!histogram.is_empty());
    assert!(Histogram::default().is_empty());
    assert_eq!(Histogram::new(0).len(), 1);
    histogram.add(1000);
    histogram.add(10);
    histogram.add(0);
    assert_eq!(histogram.total(), 3);
    assert_eq!(histogram.value_at_rank(1), Some(0));
    assert_eq!(histogram.value_at_rank(2), Some(10));
    assert_eq!(histogram.value_at_rank(3), Some(10));
    assert_eq!(
        json(&histogram)["counts"],
        serde_json::json!([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
    );
}

#[test]
fn ranks_count_from_the_smallest_and_are_clamped() {
    let empty = Histogram::new(5);
    assert_eq!(empty.value_at_rank(1), None);
    assert_eq!(empty.quantile_interval(0.5), None);
    let mut histogram = Histogram::new(9);
    for value in [0, 0, 5, 7, 7, 7] {
        histogram.add(value);
    }
    let ranks: Vec<_> = (0..=8).map(|r| histogram.value_at_rank(r)).collect();
    assert_eq!(
        ranks,
        [0, 0, 0, 5, 7, 7, 7, 7, 7].map(Some),
        "rank 0 is the first, ranks past the total the last"
    );
}

#[test]
fn merging_histograms_adds_bins_and_totals() {
    let mut a = Histogram::new(3);
    a.add(1);
    a.add(3);
    let mut b = Histogram::new(5);
    b.add(1);
    b.add(5);
    b.add(4);
    a.merge(&b);
    assert_eq!(a.total(), 5);
    assert_eq!(a.len(), 6);
    assert_eq!(
        json(&a),
        serde_json::json!({"counts": [0, 2, 0, 1, 1, 1], "total": 5})
    );
    assert!(a.consistent());
    // The other way round: a wider histogram keeps its range.
    let mut wide = Histogram::new(5);
    wide.add(2);
    let mut narrow = Histogram::new(2);
    narrow.add(2);
    narrow.add(0);
    wide.merge(&narrow);
    assert_eq!(
        json(&wide),
        serde_json::json!({"counts": [1, 0, 2, 0, 0, 0], "total": 3})
    );
}

#[test]
fn a_histogram_read_from_a_file_is_consistent_only_if_its_total_is_its_bins() {
    let read = |text: &str| serde_json::from_str::<Histogram>(text).unwrap();
    assert!(read(r#"{"counts": [1, 2, 0], "total": 3}"#).consistent());
    assert!(read(r#"{"counts": [], "total": 0}"#).consistent());
    assert!(!read(r#"{"counts": [1, 2, 0], "total": 4}"#).consistent());
    assert!(!read(r#"{"counts": [1, 2, 0], "total": 2}"#).consistent());
    assert!(!read(r#"{"counts": [18446744073709551615, 1], "total": 0}"#).consistent());
}

#[test]
fn quantiles_and_their_order_statistic_intervals() {
    let mut histogram = Histogram::new(100);
    for value in 1..=100 {
        histogram.add(value);
    }
    // np = 50, z·√(np(1−p)) = 9.8: ranks ⌈40.2⌉ = 41 and ⌈59.8⌉ = 60.
    assert_eq!(
        histogram.quantile_interval(0.5),
        Some(Interval {
            estimate: 50.0,
            low: 41.0,
            high: 60.0
        })
    );
    // np = 90, z·√9 = 5.88: ranks 85 and 96.
    assert_eq!(
        histogram.quantile_interval(0.9),
        Some(Interval {
            estimate: 90.0,
            low: 85.0,
            high: 96.0
        })
    );
    // p = 0: rank ⌈0⌉ is read as the first.
    assert_eq!(
        histogram.quantile_interval(0.0),
        Some(Interval {
            estimate: 1.0,
            low: 1.0,
            high: 1.0
        })
    );
    // Ten values: np = 2.5, z·√(2.5·0.75) = 2.68: ranks 3, ⌈−0.18⌉ → 1, ⌈5.18⌉ = 6.
    let mut small = Histogram::new(20);
    for value in [2, 4, 6, 8, 10, 12, 14, 16, 18, 20] {
        small.add(value);
    }
    assert_eq!(
        small.quantile_interval(0.25),
        Some(Interval {
            estimate: 6.0,
            low: 2.0,
            high: 12.0
        })
    );
}

#[test]
fn bins_group_days_from_zero_and_the_last_bin_is_short() {
    let mut histogram = Histogram::new(10);
    for value in [0, 2, 3, 3, 9, 10] {
        histogram.add(value);
    }
    assert_eq!(
        histogram.bins(4),
        vec![
            Bin {
                from: 0,
                to: 3,
                count: 4
            },
            Bin {
                from: 4,
                to: 7,
                count: 0
            },
            Bin {
                from: 8,
                to: 10,
                count: 2
            },
        ]
    );
    // A width of 0 is read as 1.
    let ones = histogram.bins(0);
    assert_eq!(ones.len(), 11);
    assert_eq!(
        ones[3],
        Bin {
            from: 3,
            to: 3,
            count: 2
        }
    );
}

#[test]
fn value_counts_grow_to_the_largest_value_and_merge() {
    let mut a = ValueCounts::default();
    assert!(a.counts().is_empty());
    a.add(3);
    a.add(3);
    a.add(1);
    assert_eq!(a.counts(), &[0, 1, 0, 2]);
    let mut b = ValueCounts::default();
    b.add(0);
    b.add(3);
    b.add(5);
    a.merge(&b);
    assert_eq!(a.counts(), &[1, 1, 0, 3, 0, 1]);
    // Merging a shorter one into a longer one.
    let mut c = ValueCounts::default();
    c.add(1);
    a.merge(&c);
    assert_eq!(a.counts(), &[1, 2, 0, 3, 0, 1]);
}

fn outcome(end: RunEnd, days: Option<u32>, base: u32) -> RunOutcome {
    RunOutcome {
        end,
        days_to_registration: days,
        attempts: base + 1,
        refusals: base + 2,
        remark_rounds: base + 3,
        appeals: base + 4,
        lapses: base + 5,
        days_waiting_on_authority: base + 6,
        late_decisions: base + 7,
        events: base + 8,
    }
}

#[test]
fn each_metric_has_its_name_its_label_and_its_field() {
    let run = outcome(RunEnd::Pending, None, 10);
    let rows: Vec<_> = Metric::ALL
        .into_iter()
        .map(|m| (m.name(), m.label(), m.of(&run)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("attempts", "filings (attempts)", 11),
            ("refusals", "returns and refusals", 12),
            ("remark_rounds", "rounds of remarks", 13),
            ("appeals", "appeals", 14),
            ("lapses", "lapsed time limits", 15),
            (
                "days_waiting_on_authority",
                "days waiting on the authority",
                16
            ),
            ("late_decisions", "decisions after their time limit", 17),
        ]
    );
}

/// Five runs, each with its baseline twin.
fn runs() -> Vec<(RunOutcome, RunOutcome)> {
    vec![
        (
            outcome(RunEnd::Registered, Some(30), 0),
            outcome(RunEnd::Registered, Some(45), 2),
        ),
        (
            outcome(RunEnd::Registered, Some(70), 3),
            outcome(RunEnd::Pending, None, 1),
        ),
        (
            outcome(RunEnd::GaveUp, None, 5),
            outcome(RunEnd::Registered, Some(20), 0),
        ),
        (
            outcome(RunEnd::Pending, None, 1),
            outcome(RunEnd::Pending, None, 1),
        ),
        (
            outcome(RunEnd::EventCap, None, 2),
            outcome(RunEnd::GaveUp, None, 4),
        ),
    ]
}

#[test]
fn a_tally_counts_ends_days_metrics_and_paired_differences() {
    let mut tally = RuleSetTally::new(100);
    for (run, baseline) in runs() {
        tally.add(&run, &baseline);
    }
    assert_eq!(
        (
            tally.runs,
            tally.registered,
            tally.gave_up,
            tally.pending,
            tally.event_cap
        ),
        (5, 2, 1, 1, 1)
    );
    // Events: base + 8 for bases 0, 3, 5, 1, 2.
    assert_eq!(tally.events, 8 + 11 + 13 + 9 + 10);
    assert_eq!(tally.days_to_registration.total(), 2);
    assert_eq!(tally.days_to_registration.value_at_rank(1), Some(30));
    assert_eq!(tally.days_to_registration.value_at_rank(2), Some(70));
    assert_eq!(tally.days_to_registration.len(), 101);
    assert_eq!(tally.days_to_registration_moments, moments(&[30, 70]));
    // Attempts (base + 1) per run: 1, 4, 6, 2, 3.
    assert_eq!(tally.attempts_per_run.counts(), &[0, 1, 1, 1, 1, 0, 1]);
    for (index, metric) in Metric::ALL.into_iter().enumerate() {
        let offset = index as i64 + 1;
        let mine: Vec<i64> = [0, 3, 5, 1, 2].iter().map(|b| b + offset).collect();
        assert_eq!(tally.metrics[index], moments(&mine), "{}", metric.name());
        // Paired: mine minus the baseline's, bases (0−2, 3−1, 5−0, 1−1, 2−4).
        assert_eq!(
            tally.paired.metrics[index],
            moments(&[-2, 2, 5, 0, -2]),
            "{}",
            metric.name()
        );
    }
    // Registered minus the baseline's registered: 0, +1, −1, 0, 0.
    assert_eq!(tally.paired.registered, moments(&[0, 1, -1, 0, 0]));
    // Days, only where both registered: 30 − 45.
    assert_eq!(tally.paired.days_to_registration, moments(&[-15]));
    let share = tally.registered_share();
    assert_eq!((share.successes, share.trials), (2, 5));
}

#[test]
fn the_paired_differences_are_antisymmetric() {
    let mut forward = RuleSetTally::new(100);
    let mut backward = RuleSetTally::new(100);
    for (run, baseline) in runs() {
        forward.add(&run, &baseline);
        backward.add(&baseline, &run);
    }
    let negated = |m: &Moments| {
        let mut value = json(m);
        value["sum"] = serde_json::json!(-value["sum"].as_i64().unwrap());
        value
    };
    assert_eq!(
        json(&backward.paired.registered),
        negated(&forward.paired.registered)
    );
    assert_eq!(
        json(&backward.paired.days_to_registration),
        negated(&forward.paired.days_to_registration)
    );
    for (b, f) in backward.paired.metrics.iter().zip(&forward.paired.metrics) {
        assert_eq!(json(b), negated(f));
    }
}

#[test]
fn merging_tallies_is_exactly_tallying_all_the_runs() {
    let all = runs();
    let mut whole = RuleSetTally::new(100);
    for (run, baseline) in &all {
        whole.add(run, baseline);
    }
    let mut first = RuleSetTally::new(100);
    let mut second = RuleSetTally::new(100);
    for (index, (run, baseline)) in all.iter().enumerate() {
        if index < 2 {
            first.add(run, baseline);
        } else {
            second.add(run, baseline);
        }
    }
    first.merge(&second);
    assert_eq!(first, whole);
    assert_eq!(json(&first), json(&whole));
    // Merged the other way round, the same.
    let mut first_again = RuleSetTally::new(100);
    for (run, baseline) in &all[..2] {
        first_again.add(run, baseline);
    }
    let mut other_way = second.clone();
    other_way.merge(&first_again);
    assert_eq!(json(&other_way), json(&whole));
}
