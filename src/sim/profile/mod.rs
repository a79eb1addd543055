//! Behaviour profiles: how each actor behaves, as probabilities and distributions of days.
//!
//! A profile says, per actor, what the rules leave open: how long the applicant takes to
//! refile, hold its congress, file or cure, how often it gives up or appeals; how long the
//! authority reviews, how often it finds defects and which, whether it suspends, whether
//! it prefers remarks to a refusal where the rules allow both, and what it does when the
//! rules bar the refusal it wants; how often courts overturn and how long they take. The
//! rule set, not the profile, decides what is lawful: the engine offers an actor only the
//! moves the state machine allows.
//!
//! Every number in a profile file carries a `source` (an id in the file's `sources`), a
//! `status` (the six statuses of [`crate::source::Status`]: a behaviour number is
//! typically `official` when a Kazakh authority stated it, `reported` when the press or
//! an NGO did, `inferred` when computed from the recorded cases, `assumed` when chosen)
//! and a `note` saying how it was obtained,
//! so a report can say how much of a result rests on assumptions. A file is parsed with
//! [`crate::input::parse`] (type errors located by line, column and JSON path), then
//! checked ([`Profile::from_file`]); every problem becomes a [`Diagnostic`] at its JSON
//! path. The checked profile is compiled into plain numbers the engine samples quickly.
//!
//! [`file`] is the file format, [`check`] walks it into a [`Profile`] (collecting every
//! problem at its path), and this module holds the compiled profile the engine samples.

mod buckets;
mod check;
pub mod file;

use std::path::Path;

use crate::defect::DefectSet;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;
use crate::scenario::Filing;

pub use buckets::Buckets;
pub use file::*;

/// File name and text of every bundled profile (also readable in `scenarios/profiles/`).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "fast-path.json",
        include_str!("../../../scenarios/profiles/fast-path.json"),
    ),
    (
        "neutral.json",
        include_str!("../../../scenarios/profiles/neutral.json"),
    ),
    (
        "opposition.json",
        include_str!("../../../scenarios/profiles/opposition.json"),
    ),
];

/// The longest duration a profile may give, in days (a century).
pub const MAX_DAYS: u32 = 36_500;

/// The most points an empirical distribution may list.
const MAX_EMPIRICAL_POINTS: usize = 10_000;

/// How firmly a profile number is established: the shared six-status vocabulary.
pub use crate::source::Status as ProfileStatus;

/// A compiled distribution of whole numbers (days, or the head counts of a group); every
/// sample consumes exactly one draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Days {
    /// Always this many.
    Fixed(u32),
    /// `low + floor(u * count)`.
    Uniform {
        /// Smallest value.
        low: u32,
        /// Number of values.
        count: u32,
    },
    /// Triangular on [low, high] with the given mode. Made by [`Days::triangular`], which
    /// tables the days of most draws.
    Triangular {
        /// Minimum.
        low: f64,
        /// Mode.
        mode: f64,
        /// Maximum.
        high: f64,
        /// The day of each interval of draws the formula gives one day in.
        buckets: Buckets,
    },
    /// Weighted choice.
    Empirical {
        /// Cumulative weights, normalised to end at 1.
        cumulative: Vec<f64>,
        /// The values.
        days: Vec<u32>,
    },
    /// `exp(ln low + u · ln(high/low))`, rounded: uniform on a log scale (head counts).
    /// Made by [`Days::log_uniform`], which works out the logarithms once.
    LogUniform {
        /// Smallest value (at least 1).
        low: u32,
        /// Largest value.
        high: u32,
        /// `ln low`.
        ln_low: f64,
        /// `ln high`.
        ln_high: f64,
    },
}

impl Days {
    /// Triangular on whole days [low, high] with the whole-day mode `mode`.
    pub fn triangular(low: u32, mode: u32, high: u32) -> Days {
        let (low, mode, high) = (f64::from(low), f64::from(mode), f64::from(high));
        Days::Triangular {
            low,
            mode,
            high,
            buckets: Buckets::new(|u| triangular_day(low, mode, high, u)),
        }
    }

    /// Uniform on a log scale from `low` to `high`.
    pub fn log_uniform(low: u32, high: u32) -> Days {
        Days::LogUniform {
            low,
            high,
            ln_low: f64::from(low).ln(),
            ln_high: f64::from(high).ln(),
        }
    }

    /// The value for a uniform draw `u` in [0, 1).
    ///
    /// The triangular case inverts the distribution function: with `F(c) = (c−a)/(b−a)`,
    /// `x = a + √(u(b−a)(c−a))` for `u < F(c)`, else `x = b − √((1−u)(b−a)(b−c))`
    /// (e.g. Kotz & van Dorp, *Beyond Beta*, 2004, ch. 1), rounded to the nearest day.
    #[inline]
    pub fn sample(&self, u: f64) -> u32 {
        match self {
            Days::Fixed(days) => *days,
            Days::Uniform { low, count } => low + ((u * *count as f64) as u32).min(count - 1),
            Days::Triangular {
                low,
                mode,
                high,
                buckets,
            } => match buckets.get(u) {
                Some(day) => day,
                None => triangular_day(*low, *mode, *high, u),
            },
            Days::Empirical { cumulative, days } => empirical(cumulative, days, u),
            Days::LogUniform {
                low,
                high,
                ln_low,
                ln_high,
            } => log_uniform(*low, *high, *ln_low, *ln_high, u),
        }
    }

    /// The mean of the distribution before rounding (for reports).
    pub fn mean(&self) -> f64 {
        match self {
            Days::Fixed(days) => *days as f64,
            Days::Uniform { low, count } => *low as f64 + (*count as f64 - 1.0) / 2.0,
            Days::Triangular {
                low, mode, high, ..
            } => (low + mode + high) / 3.0,
            Days::LogUniform { low, high, .. } if high > low => {
                // ∫ e^x dx / (b − a) over [a, b] = (high − low) / ln(high / low).
                f64::from(high - low) / (f64::from(*high) / f64::from(*low)).ln()
            }
            Days::LogUniform { low, .. } => f64::from(*low),
            Days::Empirical { cumulative, days } => {
                let mut previous = 0.0;
                let mut mean = 0.0;
                for (edge, value) in cumulative.iter().zip(days) {
                    mean += (edge - previous) * *value as f64;
                    previous = *edge;
                }
                mean
            }
        }
    }
}

/// [`Days::Empirical`]'s value for `u`. Out of line, like [`log_uniform`], so that the
/// durations most profiles use (triangular) sample without a call frame.
#[inline(never)]
fn empirical(cumulative: &[f64], days: &[u32], u: f64) -> u32 {
    let index = cumulative
        .iter()
        .position(|&edge| u < edge)
        .unwrap_or(days.len() - 1);
    days[index]
}

/// [`Days::LogUniform`]'s value for `u`.
#[inline(never)]
fn log_uniform(low: u32, high: u32, ln_low: f64, ln_high: f64, u: f64) -> u32 {
    let (a, b) = (ln_low, ln_high);
    (((a + u * (b - a)).exp() + 0.5) as u32).clamp(low, high)
}

/// The triangular formula: `x = a + √(u(b−a)(c−a))` for `u < F(c)`, else
/// `x = b − √((1−u)(b−a)(b−c))`, rounded to the nearest day.
#[inline]
fn triangular_day(a: f64, c: f64, b: f64, u: f64) -> u32 {
    let width = b - a;
    let x = if u * width < c - a {
        a + (u * width * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * width * (b - c)).sqrt()
    };
    // x ≥ 0, so truncating x + 0.5 rounds to the nearest day (no libm call).
    ((x + 0.5) as u32).clamp(a as u32, b as u32)
}

/// A compiled weighted choice among defect sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DefectTable {
    cumulative: Vec<f64>,
    sets: Vec<DefectSet>,
}

impl DefectTable {
    /// Every defect code any choice may cite (bit `code`).
    pub fn codes(&self) -> u32 {
        self.sets.iter().fold(0, |codes, set| codes | set.codes)
    }

    /// The defect set for a uniform draw `u` in [0, 1); empty if the table is.
    #[inline]
    pub fn pick(&self, u: f64) -> DefectSet {
        match self.cumulative.iter().position(|&edge| u < edge) {
            Some(index) => self.sets[index],
            None => self.sets.last().copied().unwrap_or(DefectSet::EMPTY),
        }
    }
}

/// A compiled distribution of a share from 0 to 1; a sample consumes one draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Share {
    /// Always this share.
    Fixed(f64),
    /// Uniform on [low, high].
    Uniform {
        /// Smallest share.
        low: f64,
        /// Largest share.
        high: f64,
    },
    /// Triangular on [low, high] with the given mode.
    Triangular {
        /// Minimum.
        low: f64,
        /// Mode.
        mode: f64,
        /// Maximum.
        high: f64,
    },
}

impl Share {
    /// The share for a uniform draw `u` in [0, 1) (the triangular case inverts the
    /// distribution function as [`Days::sample`] does, without rounding).
    pub fn sample(&self, u: f64) -> f64 {
        match *self {
            Share::Fixed(share) => share,
            Share::Uniform { low, high } => low + u * (high - low),
            Share::Triangular { low, mode, high } => {
                let width = high - low;
                let x = if u * width < mode - low {
                    low + (u * width * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * width * (high - mode)).sqrt()
                };
                x.clamp(low, high)
            }
        }
    }

    /// The mean (for reports).
    pub fn mean(&self) -> f64 {
        match *self {
            Share::Fixed(share) => share,
            Share::Uniform { low, high } => (low + high) / 2.0,
            Share::Triangular { low, mode, high } => (low + mode + high) / 3.0,
        }
    }
}

/// The sizes of the applicant's group, compiled: each head count one value or a
/// distribution, and the share of names disqualified at checking.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupSizes {
    /// Founders in the initiative group.
    pub founders: Option<Days>,
    /// Members listed.
    pub members: Option<Days>,
    /// Regions represented.
    pub regions_covered: Option<Days>,
    /// Regions in the country.
    pub regions_total: Option<Days>,
    /// Members in the least-represented region.
    pub min_members_per_region: Option<Days>,
    /// Share of listed names disqualified when checked.
    pub disqualified_share: Option<Share>,
}

impl GroupSizes {
    /// The facts one run's filings list, valid names only: every head count read at the
    /// same draw `size` (a group large in one count is large in all), the disqualified
    /// share at `share`; founders, members and the least region's members lose that share
    /// of their names (rounded down), and regions covered never exceed regions in all.
    pub fn draw(&self, size: f64, share: f64) -> Filing {
        let kept = 1.0 - self.disqualified_share.map_or(0.0, |s| s.sample(share));
        let names = |count: &Option<Days>| {
            count
                .as_ref()
                .map(|days| (f64::from(days.sample(size)) * kept) as u32)
        };
        let regions_total = self.regions_total.as_ref().map(|d| d.sample(size));
        let regions_covered = self.regions_covered.as_ref().map(|d| {
            let covered = d.sample(size);
            regions_total.map_or(covered, |total| covered.min(total))
        });
        Filing {
            founders: names(&self.founders),
            members: names(&self.members),
            regions_covered,
            regions_total,
            min_members_per_region: names(&self.min_members_per_region),
        }
    }

    /// Whether runs may differ in their group's sizes.
    pub fn varies(&self) -> bool {
        let varies = |count: &Option<Days>| !matches!(count, None | Some(Days::Fixed(_)));
        varies(&self.founders)
            || varies(&self.members)
            || varies(&self.regions_covered)
            || varies(&self.regions_total)
            || varies(&self.min_members_per_region)
            || !matches!(self.disqualified_share, None | Some(Share::Fixed(_)))
    }
}

/// The applicant, compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct Applicant {
    /// Days to the first filing.
    pub first_filing: Days,
    /// Days to refile a notification after a setback.
    pub refile_notification: Days,
    /// Days to the congress.
    pub hold_congress: Days,
    /// Days from the congress to the filing.
    pub submit_application: Days,
    /// Days from a refusal to the resubmission.
    pub resubmit_application: Days,
    /// Probability of curing notified defects.
    pub cure: f64,
    /// Days to cure.
    pub cure_defects: Days,
    /// Probability of giving up after a setback.
    pub give_up: f64,
    /// Probability of appealing a return or refusal.
    pub appeal: f64,
    /// Days to appeal.
    pub file_appeal: Days,
    /// The group's sizes its filings list.
    pub group: GroupSizes,
}

/// One kind of examination, compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// Days to decide.
    pub review_days: Days,
    /// Probability of finding defects in a new filing.
    pub defect_probability: f64,
    /// Probability of finding new defects after a cure.
    pub defect_probability_after_cure: f64,
    /// What is found.
    pub defects: DefectTable,
    /// Probability of a suspension.
    pub suspension: f64,
    /// Days of review before a suspension.
    pub suspend_after_days: Days,
    /// Days a suspension lasts.
    pub suspension_days: Days,
}

/// The authority, compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct Authority {
    /// Notifications.
    pub notification: Review,
    /// Applications.
    pub application: Review,
    /// Probability of preferring remarks to a refusal.
    pub prefers_remarks: f64,
    /// Probability of registering when a refusal is barred.
    pub register_when_barred: f64,
    /// Days stalled otherwise.
    pub stall_days: Days,
}

/// The court, compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct Court {
    /// Probability of granting an appeal.
    pub grant: f64,
    /// Probability of remanding.
    pub remand: f64,
    /// Days to decide.
    pub decision_days: Days,
}

/// How many numbers of a profile have each status.
pub use crate::source::StatusCounts as ProvenanceCounts;

/// A checked, compiled profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Where it was read from (a path, or `<bundled>/scenarios/profiles/NAME`).
    pub origin: String,
    /// How many of its numbers are official, inferred or assumed.
    pub provenance: ProvenanceCounts,
    /// The applicant.
    pub applicant: Applicant,
    /// The authority.
    pub authority: Authority,
    /// The court.
    pub court: Court,
    /// The file it was compiled from (a sweep patches a number in it and compiles again).
    pub file: ProfileFile,
}

impl Profile {
    /// Parses and checks profile text; `origin` names it in diagnostics.
    pub fn parse(origin: &str, bytes: &[u8]) -> Result<Profile, Diagnostics> {
        let file: ProfileFile = input::parse(origin, bytes)?;
        Profile::from_file(origin, &file)
    }

    /// A bundled profile by id.
    pub fn bundled(id: &str) -> Option<Result<Profile, Diagnostics>> {
        BUNDLED.iter().find_map(|(name, text)| {
            let origin = format!("<bundled>/scenarios/profiles/{name}");
            let file: ProfileFile = input::parse(&origin, text.as_bytes()).ok()?;
            (file.id == id).then(|| Profile::from_file(&origin, &file))
        })
    }

    /// The ids of the bundled profiles, sorted.
    pub fn bundled_ids() -> Vec<String> {
        let mut ids: Vec<String> = BUNDLED
            .iter()
            .filter_map(|(name, text)| {
                input::parse::<ProfileFile>(name, text.as_bytes())
                    .ok()
                    .map(|file| file.id)
            })
            .collect();
        ids.sort();
        ids
    }

    /// A profile named by a bundled id or a path to a JSON file (a relative path is taken
    /// from `base`). `cited_by` names the file or flag that named it, for diagnostics.
    pub fn load(
        reference: &str,
        base: &Path,
        cited_by: (&str, &str),
    ) -> Result<Profile, Diagnostics> {
        let looks_like_file = reference.ends_with(".json")
            || reference.contains(std::path::MAIN_SEPARATOR)
            || reference.contains('/')
            || base.join(reference).is_file();
        if !looks_like_file {
            if let Some(profile) = Profile::bundled(reference) {
                return profile;
            }
            let (file, path) = cited_by;
            return Err(Diagnostic::at_path(
                file,
                path,
                format!("no bundled profile has the id `{reference}`"),
            )
            .fix(format!(
                "use one of: {}, or the path of a profile file ending in .json",
                Profile::bundled_ids().join(", ")
            ))
            .into());
        }
        let path = base.join(reference);
        let name = path.display().to_string();
        let bytes = input::read_bytes(&path).map_err(|problem| {
            let (file, at) = cited_by;
            Diagnostic::at_path(
                file,
                at,
                format!("the profile file `{name}` cannot be used: {}", problem.message),
            )
            .fix(format!(
                "name a profile file that exists (a relative path is read from the study's folder), or a bundled profile: {}",
                Profile::bundled_ids().join(", ")
            ))
        })?;
        Profile::parse(&name, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_profile_is_valid() {
        for (name, text) in BUNDLED {
            let profile = Profile::parse(name, text.as_bytes());
            assert!(profile.is_ok(), "{name}: {}", profile.unwrap_err());
        }
        assert_eq!(Profile::bundled_ids().len(), BUNDLED.len());
    }

    #[test]
    fn samples_stay_in_their_range() {
        let triangular = Days::triangular(5, 12, 30);
        let uniform = Days::Uniform { low: 3, count: 4 };
        for step in 0..1000 {
            let u = step as f64 / 1000.0;
            assert!((5..=30).contains(&triangular.sample(u)));
            assert!((3..=6).contains(&uniform.sample(u)));
        }
        assert_eq!(triangular.sample(0.0), 5);
        assert_eq!(uniform.sample(0.999_999), 6);
        let empirical = Days::Empirical {
            cumulative: vec![0.5, 1.0],
            days: vec![16, 35],
        };
        assert_eq!(empirical.sample(0.2), 16);
        assert_eq!(empirical.sample(0.7), 35);
        assert!((empirical.mean() - 25.5).abs() < 1e-12);
        let log = Days::log_uniform(1000, 100_000);
        assert_eq!((log.sample(0.0), log.sample(0.5)), (1000, 10_000));
        assert!(log.sample(0.999_999) <= 100_000);
    }

    #[test]
    fn a_group_is_drawn_whole_and_its_struck_names_do_not_count() {
        let group = GroupSizes {
            founders: Some(Days::log_uniform(500, 5000)),
            members: Some(Days::log_uniform(1000, 10_000)),
            regions_covered: Some(Days::Uniform { low: 10, count: 11 }),
            regions_total: Some(Days::Fixed(17)),
            min_members_per_region: None,
            disqualified_share: Some(Share::Fixed(0.2)),
        };
        assert!(group.varies());
        let small = group.draw(0.0, 0.5);
        assert_eq!(
            (small.founders, small.members, small.regions_covered),
            (Some(400), Some(800), Some(10))
        );
        // One draw for every head count: the largest group is largest in all, and its
        // regions are capped at the country's.
        let large = group.draw(0.999_999_9, 0.5);
        assert_eq!(
            (large.founders, large.members, large.regions_covered),
            (Some(4000), Some(8000), Some(17))
        );
        assert_eq!(large.min_members_per_region, None);
        assert!(!GroupSizes::default().varies());
    }
}
