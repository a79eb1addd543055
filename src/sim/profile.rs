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

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::defect::{DefectCode, DefectSet};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;
use crate::scenario::Filing;
use crate::source::{Citation, Source, status_problems};

/// File name and text of every bundled profile (also readable in `scenarios/profiles/`).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "fast-path.json",
        include_str!("../../scenarios/profiles/fast-path.json"),
    ),
    (
        "neutral.json",
        include_str!("../../scenarios/profiles/neutral.json"),
    ),
    (
        "opposition.json",
        include_str!("../../scenarios/profiles/opposition.json"),
    ),
];

/// The longest duration a profile may give, in days (a century).
pub const MAX_DAYS: u32 = 36_500;

/// The most points an empirical distribution may list.
const MAX_EMPIRICAL_POINTS: usize = 10_000;

/// How firmly a profile number is established: the shared six-status vocabulary.
pub use crate::source::Status as ProfileStatus;

/// A profile as written in its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// Identifier, e.g. `opposition` (lowercase letters, digits and dashes).
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the profile represents and how it was fitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Documents the numbers cite.
    pub sources: Vec<Source>,
    /// Notes on the fit as a whole (targets, what it leaves out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The founders and their organizing committee.
    pub applicant: ApplicantFile,
    /// The registering body.
    pub authority: AuthorityFile,
    /// The courts hearing appeals.
    pub court: CourtFile,
}

/// Where a number comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// How firmly it is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the number was read, computed or chosen.
    pub note: String,
}

/// A probability with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbabilityFile {
    /// Between 0 and 1.
    pub probability: f64,
    /// How firmly it is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the number was read, computed or chosen.
    pub note: String,
}

/// A whole number (a head count) with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountFile {
    /// The number.
    pub value: u32,
    /// How firmly it is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the number was read, computed or chosen.
    pub note: String,
}

/// A distribution of whole days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DaysDistribution {
    /// Always this many days.
    Fixed(u32),
    /// Each whole day from the first to the second, equally likely.
    Uniform([u32; 2]),
    /// Triangular with `[min, mode, max]`, rounded to the nearest day.
    Triangular([u32; 3]),
    /// One of the listed values, with the given weights (e.g. observed cases).
    Empirical(Vec<EmpiricalPoint>),
}

/// One value of an empirical distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmpiricalPoint {
    /// Days.
    pub days: u32,
    /// Relative weight (any positive scale).
    pub weight: f64,
    /// Which case it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A duration with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationFile {
    /// The distribution of days.
    pub days: DaysDistribution,
    /// How firmly it is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the numbers were read, computed or chosen.
    pub note: String,
}

/// Facts the applicant's filings list (members, founders, regions); a fact left out is
/// not checked by the rule set's threshold guards.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingFile {
    /// Founders in the initiative group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founders: Option<CountFile>,
    /// Members listed for registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<CountFile>,
    /// Regions represented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions_covered: Option<CountFile>,
    /// Regions in the country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions_total: Option<CountFile>,
    /// Members in the least-represented region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_members_per_region: Option<CountFile>,
}

/// The applicant's behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantFile {
    /// Days from the start of a run to the first filing.
    pub first_filing: DurationFile,
    /// Days from a returned notification or a lapsed window to the next notification.
    pub refile_notification: DurationFile,
    /// Days from the confirmation (or, without a gate, the notification) to the congress.
    pub hold_congress: DurationFile,
    /// Days from the congress to the registration filing.
    pub submit_application: DurationFile,
    /// Days from a refusal to the resubmission.
    pub resubmit_application: DurationFile,
    /// Probability the applicant cures notified defects at all.
    pub cure: ProbabilityFile,
    /// Days from remarks to the cure.
    pub cure_defects: DurationFile,
    /// Probability of giving up after each setback (a return, refusal, rejected appeal or
    /// lapsed window).
    pub give_up: ProbabilityFile,
    /// Probability of appealing a return or refusal to a court.
    pub appeal: ProbabilityFile,
    /// Days from the return or refusal to the appeal.
    pub file_appeal: DurationFile,
    /// What the filings list.
    #[serde(default)]
    pub filing: FilingFile,
}

/// One kind of defect finding the authority may make, with its relative weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefectChoiceFile {
    /// The defects cited together.
    pub codes: Vec<DefectCode>,
    /// Relative weight among the choices (any positive scale).
    pub weight: f64,
    /// Whether the defects are rectifiable; defaults to each code's nature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectifiable: Option<bool>,
    /// How firmly the weight is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the weight was read, computed or chosen.
    pub note: String,
}

/// Suspensions of a review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspensionFile {
    /// Probability that a review is suspended (where the rules allow it).
    pub probability: ProbabilityFile,
    /// Days of review before the suspension.
    pub after_days: DurationFile,
    /// Days the suspension lasts.
    pub duration_days: DurationFile,
}

/// How the authority examines one kind of filing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    /// Days from the filing (or cure, or remand) to the decision, suspensions excluded.
    pub review_days: DurationFile,
    /// Probability that the authority finds defects in a new filing.
    pub defect_probability: ProbabilityFile,
    /// Probability that it finds new defects in a filing it already remarked on and that
    /// was cured.
    pub defect_probability_after_cure: ProbabilityFile,
    /// What it finds, when it finds something.
    #[serde(default)]
    pub defects: Vec<DefectChoiceFile>,
    /// Suspensions; none if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension: Option<SuspensionFile>,
}

/// What the authority does when the rules bar the refusal it wants and allow no remarks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarredFile {
    /// Probability it registers (or confirms) in its ordinary review time.
    pub register: ProbabilityFile,
    /// Otherwise it stalls this many days past its ordinary review time before
    /// registering; a deemed-registration clock may fire first.
    pub stall_days: DurationFile,
}

/// The authority's behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityFile {
    /// Examination of notifications.
    pub notification_review: ReviewFile,
    /// Examination of registration applications.
    pub application_review: ReviewFile,
    /// Probability it issues remarks rather than refusing, where the rules allow both and
    /// every defect is rectifiable.
    pub prefers_remarks: ProbabilityFile,
    /// What it does when a refusal is barred.
    pub when_refusal_barred: BarredFile,
}

/// The courts' behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourtFile {
    /// Probability an appeal is granted (the return or refusal is annulled).
    pub grant: ProbabilityFile,
    /// Probability the matter is remanded to the authority.
    pub remand: ProbabilityFile,
    /// Days from the appeal to the decision.
    pub decision_days: DurationFile,
}

/// A compiled distribution of whole days; every sample consumes exactly one draw.
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
    /// Triangular on [low, high] with the given mode.
    Triangular {
        /// Minimum.
        low: f64,
        /// Mode.
        mode: f64,
        /// Maximum.
        high: f64,
    },
    /// Weighted choice.
    Empirical {
        /// Cumulative weights, normalised to end at 1.
        cumulative: Vec<f64>,
        /// The values.
        days: Vec<u32>,
    },
}

impl Days {
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
            Days::Triangular { low, mode, high } => {
                let (a, c, b) = (*low, *mode, *high);
                let width = b - a;
                let x = if u * width < c - a {
                    a + (u * width * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * width * (b - c)).sqrt()
                };
                // x ≥ 0, so truncating x + 0.5 rounds to the nearest day (no libm call).
                ((x + 0.5) as u32).clamp(a as u32, b as u32)
            }
            Days::Empirical { cumulative, days } => {
                let index = cumulative
                    .iter()
                    .position(|&edge| u < edge)
                    .unwrap_or(days.len() - 1);
                days[index]
            }
        }
    }

    /// The mean of the distribution before rounding (for reports).
    pub fn mean(&self) -> f64 {
        match self {
            Days::Fixed(days) => *days as f64,
            Days::Uniform { low, count } => *low as f64 + (*count as f64 - 1.0) / 2.0,
            Days::Triangular { low, mode, high } => (low + mode + high) / 3.0,
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

/// A compiled weighted choice among defect sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DefectTable {
    cumulative: Vec<f64>,
    sets: Vec<DefectSet>,
}

impl DefectTable {
    /// The defect set for a uniform draw `u` in [0, 1); empty if the table is.
    #[inline]
    pub fn pick(&self, u: f64) -> DefectSet {
        match self.cumulative.iter().position(|&edge| u < edge) {
            Some(index) => self.sets[index],
            None => self.sets.last().copied().unwrap_or(DefectSet::EMPTY),
        }
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
    /// What filings list.
    pub filing: Filing,
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
}

impl Profile {
    /// Parses and checks profile text; `origin` names it in diagnostics.
    pub fn parse(origin: &str, bytes: &[u8]) -> Result<Profile, Diagnostics> {
        let file: ProfileFile = input::parse(origin, bytes)?;
        Profile::from_file(origin, &file)
    }

    /// Checks a parsed profile file and compiles it.
    pub fn from_file(origin: &str, file: &ProfileFile) -> Result<Profile, Diagnostics> {
        let mut checker = Checker::new(origin, &file.sources);
        checker.identifier(&file.id, "$.id");
        if file.title.trim().is_empty() {
            checker.problem("$.title", "the title is empty", "give the profile a title");
        }
        let applicant = checker.applicant(&file.applicant, "$.applicant");
        let authority = checker.authority(&file.authority, "$.authority");
        let court = checker.court(&file.court, "$.court");
        if !checker.problems.is_empty() {
            return Err(Diagnostics(checker.problems));
        }
        Ok(Profile {
            id: file.id.clone(),
            title: file.title.clone(),
            origin: origin.to_string(),
            provenance: checker.counts,
            applicant,
            authority,
            court,
        })
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

/// Walks a profile file, collecting problems at their JSON paths and compiling values.
struct Checker<'a> {
    file: String,
    sources: BTreeSet<&'a str>,
    source_list: &'a [Source],
    problems: Vec<Diagnostic>,
    counts: ProvenanceCounts,
}

impl<'a> Checker<'a> {
    fn new(file: &str, sources: &'a [Source]) -> Checker<'a> {
        let mut checker = Checker {
            file: file.to_string(),
            sources: BTreeSet::new(),
            source_list: sources,
            problems: Vec::new(),
            counts: ProvenanceCounts::default(),
        };
        for (index, source) in sources.iter().enumerate() {
            if !checker.sources.insert(source.id.as_str()) {
                checker.problem(
                    &format!("$.sources[{index}].id"),
                    &format!("source id `{}` is listed twice", source.id),
                    "give each source its own id",
                );
            }
        }
        checker
    }

    fn problem(&mut self, path: &str, message: &str, fix: &str) {
        self.problems
            .push(Diagnostic::at_path(&self.file, path, message).fix(fix));
    }

    fn identifier(&mut self, id: &str, path: &str) {
        let valid = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            self.problem(
                path,
                &format!("`{id}` is not a valid id"),
                "use lowercase letters, digits and dashes, e.g. `opposition`",
            );
        }
    }

    fn provenance(&mut self, status: ProfileStatus, source: &str, note: &str, path: &str) {
        self.counts.add(status);
        let citation = Citation {
            source: source.to_string(),
            locator: None,
        };
        let sources = self.source_list;
        for (suffix, message, fix) in status_problems(status, Some(&citation), Some(note), |id| {
            sources.iter().find(|s| s.id == id)
        }) {
            if suffix == ".note" {
                continue; // an empty note is reported below, for every status
            }
            if suffix == ".citation.locator" {
                // A profile cites no article: a behaviour number is never read in a statute.
                self.problem(
                    &format!("{path}.status"),
                    "a profile number cannot be `law`: it describes behaviour, not a statute's text",
                    "use `official` (a Kazakh authority stated it), `reported`, `inferred` or `assumed`",
                );
                continue;
            }
            // The citation's source is this number's `source`.
            let suffix = suffix.replace(".citation.source", ".source");
            self.problem(&format!("{path}{suffix}"), &message, &fix);
        }
        if !self.sources.contains(source) {
            let known: Vec<&str> = self.sources.iter().copied().collect();
            let fix = if known.is_empty() {
                "list the document in the profile's `sources` and cite its id".to_string()
            } else {
                format!("cite one of the profile's sources: {}", known.join(", "))
            };
            self.problem(
                &format!("{path}.source"),
                &format!("source `{source}` is not in the profile's `sources`"),
                &fix,
            );
        }
        if note.trim().is_empty() {
            self.problem(
                &format!("{path}.note"),
                "the note is empty",
                "say how the number was read, computed or chosen",
            );
        }
    }

    fn probability(&mut self, value: &ProbabilityFile, path: &str) -> f64 {
        self.provenance(value.status, &value.source, &value.note, path);
        let p = value.probability;
        if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
            self.problem(
                &format!("{path}.probability"),
                &format!("{p} is not a probability"),
                "give a number from 0 to 1",
            );
            return 0.0;
        }
        p
    }

    fn count(&mut self, value: &Option<CountFile>, path: &str) -> Option<u32> {
        let value = value.as_ref()?;
        self.provenance(value.status, &value.source, &value.note, path);
        Some(value.value)
    }

    fn days_in_range(&mut self, days: u32, path: &str) -> bool {
        if days > MAX_DAYS {
            self.problem(
                path,
                &format!("{days} days is more than the {MAX_DAYS}-day limit"),
                "give a duration of at most a century",
            );
            return false;
        }
        true
    }

    fn duration(&mut self, value: &DurationFile, path: &str) -> Days {
        self.provenance(value.status, &value.source, &value.note, path);
        let at = format!("{path}.days");
        match &value.days {
            DaysDistribution::Fixed(days) => {
                if self.days_in_range(*days, &format!("{at}.fixed")) {
                    Days::Fixed(*days)
                } else {
                    Days::Fixed(0)
                }
            }
            DaysDistribution::Uniform([low, high]) => {
                let at = format!("{at}.uniform");
                let ok = self.days_in_range(*high, &at) & self.days_in_range(*low, &at);
                if low > high {
                    self.problem(
                        &at,
                        &format!("the range [{low}, {high}] is empty"),
                        "write the smaller number first",
                    );
                    return Days::Fixed(0);
                }
                if !ok {
                    return Days::Fixed(0);
                }
                Days::Uniform {
                    low: *low,
                    count: high - low + 1,
                }
            }
            DaysDistribution::Triangular([low, mode, high]) => {
                let at = format!("{at}.triangular");
                let ok = self.days_in_range(*high, &at)
                    & self.days_in_range(*mode, &at)
                    & self.days_in_range(*low, &at);
                if !(low <= mode && mode <= high) {
                    self.problem(
                        &at,
                        &format!("[{low}, {mode}, {high}] is not [min, mode, max] in order"),
                        "write the minimum, the most likely value and the maximum, in that order",
                    );
                    return Days::Fixed(0);
                }
                if !ok {
                    return Days::Fixed(0);
                }
                if low == high {
                    Days::Fixed(*low)
                } else {
                    Days::Triangular {
                        low: *low as f64,
                        mode: *mode as f64,
                        high: *high as f64,
                    }
                }
            }
            DaysDistribution::Empirical(points) => {
                let at = format!("{at}.empirical");
                if points.is_empty() || points.len() > MAX_EMPIRICAL_POINTS {
                    self.problem(
                        &at,
                        &format!("an empirical distribution needs 1 to {MAX_EMPIRICAL_POINTS} points, not {}", points.len()),
                        "list the observed values with their weights",
                    );
                    return Days::Fixed(0);
                }
                let mut ok = true;
                let mut total = 0.0;
                for (index, point) in points.iter().enumerate() {
                    let here = format!("{at}[{index}]");
                    ok &= self.days_in_range(point.days, &format!("{here}.days"));
                    if !(point.weight.is_finite() && point.weight > 0.0) {
                        self.problem(
                            &format!("{here}.weight"),
                            &format!("{} is not a positive weight", point.weight),
                            "give a positive number (weights are relative)",
                        );
                        ok = false;
                    } else {
                        total += point.weight;
                    }
                }
                if !ok || !total.is_finite() {
                    return Days::Fixed(0);
                }
                let mut running = 0.0;
                let mut cumulative = Vec::with_capacity(points.len());
                for point in points {
                    running += point.weight;
                    cumulative.push(running / total);
                }
                if let Some(last) = cumulative.last_mut() {
                    *last = 1.0;
                }
                Days::Empirical {
                    cumulative,
                    days: points.iter().map(|point| point.days).collect(),
                }
            }
        }
    }

    fn applicant(&mut self, file: &ApplicantFile, path: &str) -> Applicant {
        let filing = &file.filing;
        let at = format!("{path}.filing");
        let facts = Filing {
            founders: self.count(&filing.founders, &format!("{at}.founders")),
            members: self.count(&filing.members, &format!("{at}.members")),
            regions_covered: self.count(&filing.regions_covered, &format!("{at}.regions_covered")),
            regions_total: self.count(&filing.regions_total, &format!("{at}.regions_total")),
            min_members_per_region: self.count(
                &filing.min_members_per_region,
                &format!("{at}.min_members_per_region"),
            ),
        };
        if let (Some(covered), Some(total)) = (facts.regions_covered, facts.regions_total) {
            if covered > total {
                self.problem(
                    &format!("{at}.regions_covered"),
                    &format!("{covered} regions covered out of {total}"),
                    "regions covered cannot exceed regions in the country",
                );
            }
        }
        Applicant {
            first_filing: self.duration(&file.first_filing, &format!("{path}.first_filing")),
            refile_notification: self.duration(
                &file.refile_notification,
                &format!("{path}.refile_notification"),
            ),
            hold_congress: self.duration(&file.hold_congress, &format!("{path}.hold_congress")),
            submit_application: self.duration(
                &file.submit_application,
                &format!("{path}.submit_application"),
            ),
            resubmit_application: self.duration(
                &file.resubmit_application,
                &format!("{path}.resubmit_application"),
            ),
            cure: self.probability(&file.cure, &format!("{path}.cure")),
            cure_defects: self.duration(&file.cure_defects, &format!("{path}.cure_defects")),
            give_up: self.probability(&file.give_up, &format!("{path}.give_up")),
            appeal: self.probability(&file.appeal, &format!("{path}.appeal")),
            file_appeal: self.duration(&file.file_appeal, &format!("{path}.file_appeal")),
            filing: facts,
        }
    }

    fn review(&mut self, file: &ReviewFile, path: &str) -> Review {
        let review_days = self.duration(&file.review_days, &format!("{path}.review_days"));
        let defect_probability = self.probability(
            &file.defect_probability,
            &format!("{path}.defect_probability"),
        );
        let defect_probability_after_cure = self.probability(
            &file.defect_probability_after_cure,
            &format!("{path}.defect_probability_after_cure"),
        );
        let mut table = DefectTable::default();
        let mut total = 0.0;
        let mut weights = Vec::new();
        for (index, choice) in file.defects.iter().enumerate() {
            let at = format!("{path}.defects[{index}]");
            self.provenance(choice.status, &choice.source, &choice.note, &at);
            if choice.codes.is_empty() {
                self.problem(
                    &format!("{at}.codes"),
                    "no defect code is listed",
                    "list at least one code from the defect taxonomy (README.md)",
                );
            }
            if !(choice.weight.is_finite() && choice.weight > 0.0) {
                self.problem(
                    &format!("{at}.weight"),
                    &format!("{} is not a positive weight", choice.weight),
                    "give a positive number (weights are relative)",
                );
                continue;
            }
            total += choice.weight;
            weights.push(choice.weight);
            table
                .sets
                .push(choice.codes.iter().fold(DefectSet::EMPTY, |set, &code| {
                    set.with(
                        code,
                        choice
                            .rectifiable
                            .unwrap_or_else(|| code.rectifiable_by_default()),
                    )
                }));
        }
        if total.is_finite() && total > 0.0 {
            let mut running = 0.0;
            for weight in weights {
                running += weight;
                table.cumulative.push(running / total);
            }
            if let Some(last) = table.cumulative.last_mut() {
                *last = 1.0;
            }
        }
        if file.defects.is_empty()
            && (defect_probability > 0.0 || defect_probability_after_cure > 0.0)
        {
            self.problem(
                &format!("{path}.defects"),
                "defects are found with a positive probability but none is listed",
                "list the defects found (codes with weights), or set the probabilities to 0",
            );
        }
        let (suspension, suspend_after_days, suspension_days) = match &file.suspension {
            None => (0.0, Days::Fixed(0), Days::Fixed(0)),
            Some(suspension) => {
                let at = format!("{path}.suspension");
                (
                    self.probability(&suspension.probability, &format!("{at}.probability")),
                    self.duration(&suspension.after_days, &format!("{at}.after_days")),
                    self.duration(&suspension.duration_days, &format!("{at}.duration_days")),
                )
            }
        };
        Review {
            review_days,
            defect_probability,
            defect_probability_after_cure,
            defects: table,
            suspension,
            suspend_after_days,
            suspension_days,
        }
    }

    fn authority(&mut self, file: &AuthorityFile, path: &str) -> Authority {
        Authority {
            notification: self.review(
                &file.notification_review,
                &format!("{path}.notification_review"),
            ),
            application: self.review(
                &file.application_review,
                &format!("{path}.application_review"),
            ),
            prefers_remarks: self
                .probability(&file.prefers_remarks, &format!("{path}.prefers_remarks")),
            register_when_barred: self.probability(
                &file.when_refusal_barred.register,
                &format!("{path}.when_refusal_barred.register"),
            ),
            stall_days: self.duration(
                &file.when_refusal_barred.stall_days,
                &format!("{path}.when_refusal_barred.stall_days"),
            ),
        }
    }

    fn court(&mut self, file: &CourtFile, path: &str) -> Court {
        let grant = self.probability(&file.grant, &format!("{path}.grant"));
        let remand = self.probability(&file.remand, &format!("{path}.remand"));
        if grant + remand > 1.0 + 1e-12 {
            self.problem(
                &format!("{path}.remand.probability"),
                &format!("grant ({grant}) and remand ({remand}) add up to more than 1"),
                "the probabilities of granting and of remanding must leave room for rejection",
            );
        }
        Court {
            grant,
            remand,
            decision_days: self.duration(&file.decision_days, &format!("{path}.decision_days")),
        }
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
        let triangular = Days::Triangular {
            low: 5.0,
            mode: 12.0,
            high: 30.0,
        };
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
    }
}
