//! A lookup table that answers most draws of a triangular distribution of days without
//! its square root, giving exactly the day the formula gives.
//!
//! The formula maps a uniform draw `u` to a whole day, and the map never decreases as `u`
//! grows (each branch is a monotone chain of correctly rounded operations, and at the mode,
//! a whole day, both branches round to it). So if the first and the last draw of an
//! interval of `u` give the same day, every draw between gives it too. The table splits
//! [0, 1) into [`Buckets::COUNT`] equal intervals and keeps, for each, that day, or marks
//! it undecided when a day changes inside it; a draw in an undecided interval (a few in a
//! hundred) is computed. Draws are multiples of 2^-53 ([`crate::sim::random`]), so the
//! last draw of an interval is its end less 2^-53.

use std::fmt;
use std::sync::Arc;

/// The days of a distribution, by interval of the uniform draw.
#[derive(Clone)]
pub struct Buckets(Arc<[u16]>);

/// An interval in which the day changes (or is too large to keep).
const UNDECIDED: u16 = u16::MAX;

impl Buckets {
    /// Intervals of the draw.
    pub const COUNT: usize = 2048;

    /// The table of `day`, a map from draws to days that never decreases.
    pub fn new(day: impl Fn(f64) -> u32) -> Buckets {
        let step = 1.0 / Self::COUNT as f64;
        let last_draw_below = |end: f64| end - f64::EPSILON / 2.0;
        Buckets(
            (0..Self::COUNT)
                .map(|index| {
                    let first = day(index as f64 * step);
                    let last = day(last_draw_below((index + 1) as f64 * step));
                    match u16::try_from(first) {
                        Ok(kept) if first == last && kept != UNDECIDED => kept,
                        _ => UNDECIDED,
                    }
                })
                .collect(),
        )
    }

    /// The day of draw `u` in [0, 1), if its interval decides it.
    #[inline]
    pub fn get(&self, u: f64) -> Option<u32> {
        let day = self.0[(u * Self::COUNT as f64) as usize];
        (day != UNDECIDED).then_some(u32::from(day))
    }
}

/// Tables made from the same parameters are the same table: the parameters beside it are
/// what is compared.
impl PartialEq for Buckets {
    fn eq(&self, _: &Buckets) -> bool {
        true
    }
}

impl fmt::Debug for Buckets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let undecided = self.0.iter().filter(|day| **day == UNDECIDED).count();
        write!(f, "Buckets({} of {} undecided)", undecided, self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::super::triangular_day;
    use super::*;

    #[test]
    fn a_table_gives_the_formulas_day_for_every_draw_it_decides() {
        let half_ulp = f64::EPSILON / 2.0;
        for (a, c, b) in [
            (1, 10, 30),
            (15, 28, 30),
            (3, 10, 30),
            (7, 30, 90),
            (16, 45, 120),
            (30, 180, 365),
            (30, 180, 730),
            (0, 0, 5),
            (5, 9, 9),
            (0, 1, 36_500),
            (65_000, 65_600, 66_000),
        ] {
            let (a, c, b) = (f64::from(a), f64::from(c), f64::from(b));
            let buckets = Buckets::new(|u| triangular_day(a, c, b, u));
            let check = |u: f64| {
                if let Some(day) = buckets.get(u) {
                    assert_eq!(day, triangular_day(a, c, b, u), "[{a}, {c}, {b}] at {u}");
                }
            };
            for step in 0..(1u32 << 18) {
                check(f64::from(step) / f64::from(1u32 << 18));
            }
            for index in 0..=Buckets::COUNT {
                let edge = index as f64 / Buckets::COUNT as f64;
                for u in [edge - half_ulp, edge, edge + half_ulp] {
                    if (0.0..1.0).contains(&u) {
                        check(u);
                    }
                }
            }
        }
    }

    #[test]
    fn an_interval_in_which_the_day_changes_is_left_to_the_formula() {
        let buckets = Buckets::new(|u| if u < 0.3 { 1 } else { 2 });
        assert_eq!(buckets.get(0.0), Some(1));
        assert_eq!(
            buckets.get(0.3),
            None,
            "the interval holding 0.3 is undecided"
        );
        assert_eq!(buckets.get(0.99), Some(2));
        // A day too large to keep is computed.
        assert_eq!(Buckets::new(|_| 70_000).get(0.5), None);
    }
}
