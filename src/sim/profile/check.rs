//! Checking a profile file: each number's range and provenance, each table's weights,
//! every problem at its JSON path; the checked numbers are compiled as they are read.

use std::collections::BTreeSet;

use crate::defect::DefectSet;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Diagnostics;
use crate::source::{Citation, Source, status_problems};

use super::*;

/// Walks a profile file, collecting problems at their JSON paths and compiling values.
pub(super) struct Checker<'a> {
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

    /// A head count: one `value` or a `distribution`, compiled as whole numbers.
    fn count(&mut self, value: &Option<CountFile>, path: &str) -> Option<Days> {
        let value = value.as_ref()?;
        self.provenance(value.status, &value.source, &value.note, path);
        match (value.value, &value.distribution) {
            (Some(count), None) => Some(Days::Fixed(count)),
            (None, Some(distribution)) => {
                Some(self.count_distribution(distribution, &format!("{path}.distribution")))
            }
            (Some(_), Some(_)) | (None, None) => {
                self.problem(
                    path,
                    "a head count needs exactly one of `value` and `distribution`",
                    "give `value` (the same in every run) or `distribution` (each run draws its own), not both or neither",
                );
                Some(Days::Fixed(0))
            }
        }
    }

    fn count_distribution(&mut self, distribution: &CountDistribution, at: &str) -> Days {
        match distribution {
            CountDistribution::Fixed(count) => Days::Fixed(*count),
            CountDistribution::Uniform([low, high]) => {
                if low > high {
                    self.problem(
                        &format!("{at}.uniform"),
                        &format!("the range [{low}, {high}] is empty"),
                        "write the smaller number first",
                    );
                    return Days::Fixed(0);
                }
                Days::Uniform {
                    low: *low,
                    count: (high - low).saturating_add(1),
                }
            }
            CountDistribution::Triangular([low, mode, high]) => {
                if !(low <= mode && mode <= high) {
                    self.problem(
                        &format!("{at}.triangular"),
                        &format!("[{low}, {mode}, {high}] is not [min, mode, max] in order"),
                        "write the minimum, the most likely value and the maximum, in that order",
                    );
                    return Days::Fixed(0);
                }
                if low == high {
                    return Days::Fixed(*low);
                }
                Days::triangular(*low, *mode, *high)
            }
            CountDistribution::LogUniform([low, high]) => {
                if *low == 0 || low > high {
                    self.problem(
                        &format!("{at}.log_uniform"),
                        &format!("[{low}, {high}] is not a range of positive numbers, smaller first"),
                        "give the smallest and the largest count, both at least 1, e.g. [1000, 30000]",
                    );
                    return Days::Fixed(0);
                }
                Days::log_uniform(*low, *high)
            }
            CountDistribution::Empirical(points) => {
                let weighted: Vec<(u32, f64)> = points
                    .iter()
                    .map(|point| (point.value, point.weight))
                    .collect();
                self.empirical(&weighted, &format!("{at}.empirical"), u32::MAX)
            }
        }
    }

    /// A share: a distribution on [0, 1], in order.
    fn share(&mut self, value: &Option<ShareFile>, path: &str) -> Option<Share> {
        let value = value.as_ref()?;
        self.provenance(value.status, &value.source, &value.note, path);
        let (at, numbers, share) = match value.share {
            ShareDistribution::Fixed(share) => ("fixed", vec![share], Share::Fixed(share)),
            ShareDistribution::Uniform([low, high]) => {
                ("uniform", vec![low, high], Share::Uniform { low, high })
            }
            ShareDistribution::Triangular([low, mode, high]) => (
                "triangular",
                vec![low, mode, high],
                Share::Triangular { low, mode, high },
            ),
        };
        let in_range = numbers
            .iter()
            .all(|x| x.is_finite() && (0.0..=1.0).contains(x));
        if !in_range || numbers.windows(2).any(|pair| pair[0] > pair[1]) {
            self.problem(
                &format!("{path}.share.{at}"),
                &format!("{numbers:?} are not shares from 0 to 1 in order"),
                "give numbers from 0 to 1, the smallest first (for triangular: min, mode, max)",
            );
            return Some(Share::Fixed(0.0));
        }
        Some(share)
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
                    Days::triangular(*low, *mode, *high)
                }
            }
            DaysDistribution::Empirical(points) => {
                let weighted: Vec<(u32, f64)> = points
                    .iter()
                    .map(|point| (point.days, point.weight))
                    .collect();
                self.empirical(&weighted, &format!("{at}.empirical"), MAX_DAYS)
            }
        }
    }

    /// An empirical distribution of whole numbers (values at most `max`) with positive
    /// weights, compiled to cumulative weights ending at 1.
    fn empirical(&mut self, points: &[(u32, f64)], at: &str, max: u32) -> Days {
        if points.is_empty() || points.len() > MAX_EMPIRICAL_POINTS {
            self.problem(
                at,
                &format!(
                    "an empirical distribution needs 1 to {MAX_EMPIRICAL_POINTS} points, not {}",
                    points.len()
                ),
                "list the observed values with their weights",
            );
            return Days::Fixed(0);
        }
        let mut ok = true;
        let mut total = 0.0;
        for (index, &(value, weight)) in points.iter().enumerate() {
            let here = format!("{at}[{index}]");
            if max == MAX_DAYS {
                ok &= self.days_in_range(value, &format!("{here}.days"));
            }
            if !(weight.is_finite() && weight > 0.0) {
                self.problem(
                    &format!("{here}.weight"),
                    &format!("{weight} is not a positive weight"),
                    "give a positive number (weights are relative)",
                );
                ok = false;
            } else {
                total += weight;
            }
        }
        if !ok || !total.is_finite() {
            return Days::Fixed(0);
        }
        let mut running = 0.0;
        let mut cumulative = Vec::with_capacity(points.len());
        for &(_, weight) in points {
            running += weight;
            cumulative.push(running / total);
        }
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Days::Empirical {
            cumulative,
            days: points.iter().map(|&(value, _)| value).collect(),
        }
    }

    fn applicant(&mut self, file: &ApplicantFile, path: &str) -> Applicant {
        let filing = &file.filing;
        let at = format!("{path}.filing");
        let group = GroupSizes {
            founders: self.count(&filing.founders, &format!("{at}.founders")),
            members: self.count(&filing.members, &format!("{at}.members")),
            regions_covered: self.count(&filing.regions_covered, &format!("{at}.regions_covered")),
            regions_total: self.count(&filing.regions_total, &format!("{at}.regions_total")),
            min_members_per_region: self.count(
                &filing.min_members_per_region,
                &format!("{at}.min_members_per_region"),
            ),
            disqualified_share: self.share(
                &filing.disqualified_share,
                &format!("{at}.disqualified_share"),
            ),
        };
        if let (Some(Days::Fixed(covered)), Some(Days::Fixed(total))) =
            (&group.regions_covered, &group.regions_total)
        {
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
            group,
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

impl Profile {
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
            file: file.clone(),
        })
    }
}
