//! Where a value comes from: the sources a file cites, the citation attached to a value
//! and how firmly the value is established.
//!
//! regsim never presents a modelling choice as law. Every parameter, policy and
//! transition of a rule set carries a [`Citation`] and a [`Status`]; reports print the
//! status beside the value so a reader sees at once what is law, what an official said
//! and what is an assumption.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A document a file cites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short identifier used by citations, unique within the file (e.g. `moj-baytaq-2022`).
    pub id: String,
    /// Title of the document as a reader would look it up.
    pub title: String,
    /// Where it can be read, if it is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A reference from a value to a source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The `id` of a source listed in the same file (or, in a reform, in a rule set it extends).
    pub source: String,
    /// Article, paragraph or passage within the source (e.g. `Art. 10(2)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

/// How firmly a rule-set value is established.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read in the text of the law.
    Law,
    /// Stated by an official (minister, ministry release, court) but not read in the law.
    Official,
    /// Reported by the press, NGOs or foreign governments.
    Reported,
    /// Another country's law, a draft or an international body's standard, used as a model.
    Comparative,
    /// Derived from recorded cases.
    Inferred,
    /// Nobody found it: the value is a modelling choice, explained in the value's note.
    Assumed,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Law => "law",
            Status::Official => "official",
            Status::Reported => "reported",
            Status::Comparative => "comparative",
            Status::Inferred => "inferred",
            Status::Assumed => "ASSUMED",
        })
    }
}

/// How firmly a scenario fact (an event, its date) is established.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
