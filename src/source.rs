//! Where a value comes from: the sources a file cites, the citation attached to a value
//! and how firmly the value is established.
//!
//! regsim never presents a modelling choice, a press report or a foreign model as law.
//! Every parameter, policy and transition of a rule set, and every number of a
//! behaviour profile, carries a citation and a [`Status`] saying what stands behind it;
//! [`status_problems`] checks that the citation can carry that status, reports print the
//! status beside the value, and [`StatusCounts`] says how many values of a report rest on
//! each kind of evidence.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A document a file cites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short identifier used by citations, unique within the file (e.g. `moj-baytaq-2022`).
    pub id: String,
    /// Title of the document as a reader would look it up.
    pub title: String,
    /// Where it can be read, if it is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// For a foreign law, a draft or an international standard: the country or body
    /// whose text it is (e.g. `Russia`, `Venice Commission`). Absent for Kazakh sources
    /// and for reports about Kazakhstan. A `comparative` value must cite a source that
    /// names one; a `law` or `official` value must not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
}

/// A reference from a value to a source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The `id` of a source listed in the same file (or, in a reform, in a rule set it extends).
    pub source: String,
    /// Article, paragraph or passage within the source (e.g. `Art. 10(2)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

/// What stands behind a value: the kind of evidence, from a Kazakh statute down to a
/// modelling choice.
///
/// The six statuses are ordered from the firmest Kazakh evidence to none. `law` and
/// `official` are reserved for Kazakhstan's own statutes and authorities: a foreign law,
/// a draft or an international standard used as the model for a reform is
/// `comparative`, whatever its force at home. See the README's "Statuses" section.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read in a Kazakh statute or regulation text; the citation gives the article.
    Law,
    /// Stated by a Kazakh authority, court or official, but not read in the law.
    Official,
    /// Reported by the press, an NGO or a foreign government (e.g. a diplomatic cable).
    Reported,
    /// Another country's law, a draft, or an international body's standard, used as the
    /// model for a reform; the cited source names its `jurisdiction`.
    Comparative,
    /// Derived from recorded cases; the note says how.
    Inferred,
    /// A modelling choice that no source gives; the note says why this value.
    Assumed,
}

impl Status {
    /// Every status, from the firmest Kazakh evidence to none.
    pub const ALL: [Status; 6] = [
        Status::Law,
        Status::Official,
        Status::Reported,
        Status::Comparative,
        Status::Inferred,
        Status::Assumed,
    ];

    /// The status as written in files (`law`, `official`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Status::Law => "law",
            Status::Official => "official",
            Status::Reported => "reported",
            Status::Comparative => "comparative",
            Status::Inferred => "inferred",
            Status::Assumed => "assumed",
        }
    }

    /// Whether the status claims Kazakh law or a Kazakh authority behind the value.
    pub const fn claims_kazakh_authority(self) -> bool {
        matches!(self, Status::Law | Status::Official)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An assumption is shouted so that no reader mistakes it for evidence.
        match self {
            Status::Assumed => f.write_str("ASSUMED"),
            status => f.write_str(status.name()),
        }
    }
}

/// How many values have each status: what stands behind a report's numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StatusCounts {
    /// Values read in a Kazakh statute.
    pub law: u32,
    /// Values stated by a Kazakh authority.
    pub official: u32,
    /// Values from press, NGO or foreign-government reports.
    pub reported: u32,
    /// Values modelled on foreign law, a draft or an international standard.
    pub comparative: u32,
    /// Values derived from recorded cases.
    pub inferred: u32,
    /// Modelling choices.
    pub assumed: u32,
}

impl StatusCounts {
    /// Counts one more value of `status`.
    pub fn add(&mut self, status: Status) {
        *self.slot(status) += 1;
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &StatusCounts) {
        for status in Status::ALL {
            *self.slot(status) += other.get(status);
        }
    }

    /// The count for `status`.
    pub const fn get(&self, status: Status) -> u32 {
        match status {
            Status::Law => self.law,
            Status::Official => self.official,
            Status::Reported => self.reported,
            Status::Comparative => self.comparative,
            Status::Inferred => self.inferred,
            Status::Assumed => self.assumed,
        }
    }

    /// How many values in all.
    pub fn total(&self) -> u32 {
        Status::ALL.iter().map(|&status| self.get(status)).sum()
    }

    fn slot(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Law => &mut self.law,
            Status::Official => &mut self.official,
            Status::Reported => &mut self.reported,
            Status::Comparative => &mut self.comparative,
            Status::Inferred => &mut self.inferred,
            Status::Assumed => &mut self.assumed,
        }
    }
}

impl fmt::Display for StatusCounts {
    /// All six counts, always in the same order: `3 law, 1 official, 0 reported, ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = Status::ALL
            .iter()
            .map(|&status| format!("{} {}", self.get(status), status.name()))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// The status counts of one rule set or profile, as reports list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ValuesByStatus {
    /// The rule set's or profile's id.
    pub id: String,
    /// How many of its values have each status.
    pub counts: StatusCounts,
}

/// What a value's status requires of its citation and note, checked the same way in
/// rule sets and profiles.
///
/// `law` needs a citation with a locator (the article) of a source with no foreign
/// `jurisdiction`; `official` a citation of such a source; `reported` and `inferred` a
/// citation; `comparative` a citation of a source that names its `jurisdiction`;
/// `assumed` and `inferred` a note. Returns each problem as (JSON path suffix, message,
/// fix); `source` looks a cited source up by id (an unknown id is reported elsewhere).
pub fn status_problems<'a>(
    status: Status,
    citation: Option<&Citation>,
    note: Option<&str>,
    source: impl Fn(&str) -> Option<&'a Source>,
) -> Vec<(&'static str, String, String)> {
    let mut problems = Vec::new();
    let has_note = note.is_some_and(|note| !note.trim().is_empty());
    match (status, citation) {
        (Status::Assumed, _) => {}
        (_, None) => problems.push((
            "",
            format!(
                "{} `{}` value needs a `citation`",
                if status.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                },
                status.name()
            ),
            "cite the source it was read in, or mark it `assumed` and explain in `note`".into(),
        )),
        (_, Some(citation)) => {
            let cited = source(&citation.source);
            let foreign = cited.and_then(|s| s.jurisdiction.as_deref());
            match status {
                Status::Law | Status::Official => {
                    if let Some(jurisdiction) = foreign {
                        problems.push((
                            ".status",
                            format!(
                                "a `{}` value must rest on Kazakhstan's own law or authorities, but source `{}` is from {jurisdiction}",
                                status.name(),
                                citation.source
                            ),
                            "mark it `comparative` (a foreign law, draft or standard used as a model)".into(),
                        ));
                    }
                    if status == Status::Law
                        && citation
                            .locator
                            .as_deref()
                            .is_none_or(|l| l.trim().is_empty())
                    {
                        problems.push((
                            ".citation.locator",
                            "a `law` value needs the article it was read in".into(),
                            "add a `locator` (e.g. \"Art. 10(2)\"), or use `official`, `reported` or `assumed` if the text was not read".into(),
                        ));
                    }
                }
                Status::Comparative if cited.is_some() && foreign.is_none() => {
                    problems.push((
                            ".citation.source",
                            format!(
                                "a `comparative` value must name its jurisdiction or body, but source `{}` has no `jurisdiction`",
                                citation.source
                            ),
                            "add `\"jurisdiction\"` to the source (e.g. \"Russia\", \"Venice Commission\")".into(),
                        ));
                }
                _ => {}
            }
        }
    }
    if matches!(status, Status::Assumed | Status::Inferred) && !has_note {
        problems.push((
            ".note",
            format!(
                "an `{}` value needs a `note` saying {}",
                status.name(),
                if status == Status::Assumed {
                    "why this value was chosen"
                } else {
                    "how it was derived from the cases"
                }
            ),
            "add a `note`".into(),
        ));
    }
    problems
}

/// How firmly a scenario fact (an event, its date) is established.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Stated by the cited source.
    #[default]
    Confirmed,
    /// Computed or interpreted from sourced facts (say how in the event's note).
    Inferred,
    /// Placed by the scenario's author where no source gives it (say how in the note).
    Assumed,
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Inferred => "inferred",
            Confidence::Assumed => "assumed",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, jurisdiction: Option<&str>) -> Source {
        Source {
            id: id.into(),
            title: id.into(),
            url: None,
            jurisdiction: jurisdiction.map(Into::into),
        }
    }

    fn problems(
        status: Status,
        locator: Option<&str>,
        cited: &Source,
        note: Option<&str>,
    ) -> Vec<String> {
        let citation = Citation {
            source: cited.id.clone(),
            locator: locator.map(Into::into),
        };
        status_problems(status, Some(&citation), note, |id| {
            (id == cited.id).then_some(cited)
        })
        .into_iter()
        .map(|(path, message, _)| format!("{path}: {message}"))
        .collect()
    }

    #[test]
    fn law_needs_an_article_of_a_kazakh_text() {
        let kazakh = source("kz-law", None);
        assert!(problems(Status::Law, Some("Art. 10(2)"), &kazakh, None).is_empty());
        assert_eq!(
            problems(Status::Law, None, &kazakh, None),
            [".citation.locator: a `law` value needs the article it was read in"]
        );
        let russian = source("russia-95fz", Some("Russia"));
        let found = problems(Status::Law, Some("Art. 11"), &russian, None);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("source `russia-95fz` is from Russia"),
            "{found:?}"
        );
        assert_eq!(problems(Status::Official, None, &russian, None).len(), 1);
    }

    #[test]
    fn comparative_names_its_jurisdiction() {
        assert!(
            problems(
                Status::Comparative,
                None,
                &source("armenia", Some("Armenia (draft)")),
                None
            )
            .is_empty()
        );
        let found = problems(Status::Comparative, None, &source("somewhere", None), None);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("has no `jurisdiction`"), "{found:?}");
    }

    #[test]
    fn assumed_and_inferred_need_a_note_and_others_a_citation() {
        let kazakh = source("press", None);
        assert_eq!(
            problems(Status::Assumed, None, &kazakh, Some("  ")).len(),
            1
        );
        assert_eq!(problems(Status::Inferred, None, &kazakh, None).len(), 1);
        assert!(problems(Status::Reported, None, &kazakh, None).is_empty());
        assert!(
            status_problems(Status::Assumed, None, Some("a modelling choice"), |_| None).is_empty()
        );
        assert_eq!(
            status_problems(Status::Reported, None, None, |_| None).len(),
            1
        );
    }

    #[test]
    fn counts_print_all_six_statuses_in_order() {
        let mut counts = StatusCounts::default();
        for status in [
            Status::Law,
            Status::Assumed,
            Status::Assumed,
            Status::Comparative,
        ] {
            counts.add(status);
        }
        assert_eq!(counts.total(), 4);
        assert_eq!(
            counts.to_string(),
            "1 law, 0 official, 0 reported, 1 comparative, 0 inferred, 2 assumed"
        );
    }
}
