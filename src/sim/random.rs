//! Named random streams: one generator per (seed, run, purpose), so runs are reproducible
//! and rule sets are compared on common random numbers.
//!
//! Every run derives its generators from the study's seed and the run's index only, never
//! from a thread or a clock, so the same run gives the same draws whatever thread runs it.
//! Each purpose (the applicant's congress delay, the authority's review of an application,
//! the court...) has its own stream, and every use of a stream consumes a fixed number of
//! draws. So under two rule sets the same run's applicant takes the same time to hold its
//! congress and the authority finds the same defects in its first application, even when
//! the rule sets send the application down different paths: differences between rule sets
//! then come from the rules, not from luck, and their intervals are tight.
//!
//! The generator is `rand_pcg::Pcg64Mcg` (PCG XSL-RR 128/64, O'Neill 2014), named rather
//! than `StdRng`, whose algorithm may change between versions of `rand`. Its 128-bit state
//! is seeded with SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014), which turns the nearby integers (seed, run, stream) into
//! unrelated states. Floats and integers are derived from raw 64-bit outputs here, not by
//! `rand`'s distributions, so results do not depend on how a `rand` version samples.

use rand::Rng;
use rand_pcg::Pcg64Mcg;

/// One purpose that draws random numbers. The discriminant names the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// The applicant's delay before its first filing.
    FirstFiling = 1,
    /// The applicant's delay before refiling a notification after a setback.
    RefileNotification = 2,
    /// The applicant's delay from confirmation (or notice) to the founding congress.
    HoldCongress = 3,
    /// The applicant's delay from the congress to the registration filing.
    SubmitApplication = 4,
    /// The applicant's delay from a refusal to a resubmission.
    ResubmitApplication = 5,
    /// Whether and when the applicant cures notified defects.
    CureDefects = 6,
    /// The applicant's reaction to a setback: give up, appeal, and the appeal's delay.
    Setback = 7,
    /// The authority's examinations of notifications.
    NotificationReview = 8,
    /// The authority's examinations of registration applications.
    ApplicationReview = 9,
    /// The court's decisions on appeals.
    Court = 10,
    /// The day the application starts, within the study's start spread.
    Start = 11,
    /// The group's sizes: one draw for every head count, one for the disqualified share.
    Group = 12,
}

impl Stream {
    /// How many streams a run uses.
    pub const COUNT: usize = 12;

    /// Every stream, in discriminant order.
    pub const ALL: [Stream; Stream::COUNT] = [
        Stream::FirstFiling,
        Stream::RefileNotification,
        Stream::HoldCongress,
        Stream::SubmitApplication,
        Stream::ResubmitApplication,
        Stream::CureDefects,
        Stream::Setback,
        Stream::NotificationReview,
        Stream::ApplicationReview,
        Stream::Court,
        Stream::Start,
        Stream::Group,
    ];
}

/// SplitMix64's output function applied to `state + golden gamma` (Steele et al. 2014).
const fn split_mix(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 128-bit generator state of one stream of one run.
pub const fn stream_state(seed: u64, run: u64, stream: Stream) -> u128 {
    state_of(split_mix(split_mix(seed) ^ run), stream)
}

/// The state of a stream given the run's key `split_mix(split_mix(seed) ^ run)`.
const fn state_of(run_key: u64, stream: Stream) -> u128 {
    let mixed = split_mix(run_key ^ stream as u64);
    let low = split_mix(mixed ^ 0x5851_F42D_4C95_7F2D);
    let high = split_mix(mixed ^ 0x1405_7B7E_F767_814F);
    ((high as u128) << 64) | low as u128
}

/// The generators of one run, one per [`Stream`].
#[derive(Clone, Debug)]
pub struct RunStreams {
    generators: [Pcg64Mcg; Stream::COUNT],
}

impl RunStreams {
    /// The streams of run `run` under `seed`.
    pub fn new(seed: u64, run: u64) -> RunStreams {
        let run_key = split_mix(split_mix(seed) ^ run);
        RunStreams {
            generators: Stream::ALL.map(|stream| Pcg64Mcg::new(state_of(run_key, stream))),
        }
    }

    /// The next raw 64 bits of a stream.
    #[inline]
    pub fn bits(&mut self, stream: Stream) -> u64 {
        self.generators[stream as usize - 1].next_u64()
    }

    /// A uniform draw in [0, 1) from a stream, with 53 random bits (every value a multiple
    /// of 2^-53, so `unit() < p` happens with probability `p` up to 2^-53).
    #[inline]
    pub fn unit(&mut self, stream: Stream) -> f64 {
        unit_from_bits(self.bits(stream))
    }
}

/// The uniform [0, 1) value of the top 53 bits of `bits`.
#[inline]
pub const fn unit_from_bits(bits: u64) -> f64 {
    // Below 2^53, so the signed conversion (one instruction on x86-64, where the unsigned
    // one takes several) gives the same, exact, value.
    (bits >> 11) as i64 as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_run_and_purpose_only() {
        let mut a = RunStreams::new(7, 3);
        let mut b = RunStreams::new(7, 3);
        assert_eq!(a.bits(Stream::Court), b.bits(Stream::Court));
        // Drawing from one stream does not move another.
        let _ = a.bits(Stream::Setback);
        assert_eq!(a.bits(Stream::Court), b.bits(Stream::Court));
        let mut c = RunStreams::new(7, 4);
        let mut d = RunStreams::new(8, 3);
        let first = RunStreams::new(7, 3).bits(Stream::Court);
        assert_ne!(first, c.bits(Stream::Court));
        assert_ne!(first, d.bits(Stream::Court));
        assert_ne!(
            stream_state(1, 1, Stream::Court),
            stream_state(1, 1, Stream::Setback)
        );
    }

    #[test]
    fn unit_draws_are_in_range() {
        assert_eq!(unit_from_bits(0), 0.0);
        assert!(unit_from_bits(u64::MAX) < 1.0);
        let mut streams = RunStreams::new(1, 1);
        let mean = (0..10_000)
            .map(|_| streams.unit(Stream::Court))
            .sum::<f64>()
            / 10_000.0;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
    }
}
