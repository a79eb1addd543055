//! The behaviour-profile file format: every number with its source, status and note.

use serde::{Deserialize, Serialize};

use crate::defect::DefectCode;
use crate::source::Source;

use super::ProfileStatus;

/// A profile as written in its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// The JSON Schema that editors check this file against (e.g.
    /// `../schemas/profile.schema.json`; `regsim schema profile` writes it). regsim ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// A head count with its provenance: one `value`, or a `distribution` each run draws
/// its own number from (give exactly one of the two).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountFile {
    /// The number, the same in every run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u32>,
    /// Or a distribution: each run draws its own number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<CountDistribution>,
    /// How firmly it is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the number was read, computed or chosen.
    pub note: String,
}

/// A distribution of head counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CountDistribution {
    /// Always this many.
    Fixed(u32),
    /// Each whole number from the first to the second, equally likely.
    Uniform([u32; 2]),
    /// Triangular with `[min, mode, max]`, rounded to the nearest whole number.
    Triangular([u32; 3]),
    /// Uniform on a log scale from the first to the second (every factor of ten between
    /// them equally likely), for counts that span orders of magnitude.
    LogUniform([u32; 2]),
    /// One of the listed values, with the given weights (e.g. observed groups).
    Empirical(Vec<EmpiricalCount>),
}

/// One value of an empirical count distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmpiricalCount {
    /// The count.
    pub value: u32,
    /// Relative weight (any positive scale).
    pub weight: f64,
    /// Which case or group it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A share (from 0 to 1) with its provenance, as a distribution each run draws from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareFile {
    /// The distribution of the share.
    pub share: ShareDistribution,
    /// How firmly it is established.
    pub status: ProfileStatus,
    /// The `id` of a source in the profile's `sources`.
    pub source: String,
    /// How the numbers were read, computed or chosen.
    pub note: String,
}

/// A distribution of a share from 0 to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ShareDistribution {
    /// Always this share.
    Fixed(f64),
    /// Uniform from the first to the second.
    Uniform([f64; 2]),
    /// Triangular with `[min, mode, max]`.
    Triangular([f64; 3]),
}

/// A distribution of whole days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
/// not checked by the rule set's threshold guards. Each is one value or a distribution:
/// a run draws its group's sizes once, from one uniform draw shared by every head count
/// (a group large in members is large in founders and in every region), and the share of
/// names disqualified from a draw of its own; the thresholds judge the valid names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The share of listed names (founders and members) the authority disqualifies when
    /// it checks them (deceased, mismatching identity numbers, members of another party);
    /// the thresholds are judged on the names left. None: every name counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disqualified_share: Option<ShareFile>,
}

/// The applicant's behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BarredFile {
    /// Probability it registers (or confirms) in its ordinary review time.
    pub register: ProbabilityFile,
    /// Otherwise it stalls this many days past its ordinary review time before
    /// registering; a deemed-registration clock may fire first.
    pub stall_days: DurationFile,
}

/// The authority's behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourtFile {
    /// Probability an appeal is granted (the return or refusal is annulled).
    pub grant: ProbabilityFile,
    /// Probability the matter is remanded to the authority.
    pub remand: ProbabilityFile,
    /// Days from the appeal to the decision.
    pub decision_days: DurationFile,
}
