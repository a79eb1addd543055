//! What there is to work with: every bundled case, rule set, study and profile, and the
//! user's own rule-set files, with the facts a reader picks one by (`regsim list`).
//!
//! Built from the same bundled files and catalog the commands use, so an id listed here
//! is an id every command accepts.

use serde::Serialize;

use crate::date::Date;
use crate::input;
use crate::rules::{Catalog, EntityKind};
use crate::scenario::{CaseKind, Scenario};
use crate::sim::profile::{self, ProfileFile};
use crate::sim::study::{self, StudyFile};

use super::bundled_cases;

/// Everything `regsim list` shows.
#[derive(Clone, Debug, Serialize)]
pub struct Listing {
    /// The bundled cases, by id.
    pub cases: Vec<CaseEntry>,
    /// The rule sets: bundled and the user's, by id.
    pub rule_sets: Vec<RuleSetEntry>,
    /// The bundled simulation studies, by id.
    pub studies: Vec<StudyEntry>,
    /// The bundled behaviour profiles, by id.
    pub profiles: Vec<ProfileEntry>,
}

/// A bundled case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseEntry {
    /// Its id (`regsim replay ID`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// `real` or `hypothetical`.
    pub kind: CaseKind,
    /// What was to be registered.
    pub entity: EntityKind,
    /// The rule set it ran under, or `by_date`.
    pub rules: String,
    /// Where its file is.
    pub file: String,
}

/// Whether a rule set states a regime or changes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A regime stated in full.
    Base,
    /// Changes to a regime (`extends` names its default parent).
    Reform,
    /// A transitional regime written as changes to the regime it carries across a change
    /// of law (`kz-2020-transition-2022`): a case's own rules, never offered as a reform.
    Transition,
}

/// A rule set.
#[derive(Clone, Debug, Serialize)]
pub struct RuleSetEntry {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Base or reform.
    pub role: Role,
    /// A base's entity kind; a reform's `applies_to` (the kinds whose rule sets it can patch).
    pub entities: Vec<EntityKind>,
    /// A reform's default parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// A base's first day in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<Date>,
    /// A base's last day in force, if it was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_until: Option<Date>,
    /// Where its file is (`<bundled>/…`, or the path the user gave).
    pub file: String,
    /// Whether it is one of the user's files (`--rules-file`).
    pub user: bool,
    /// Whether it resolves (a user's file may not: the errors are printed on stderr).
    pub resolves: bool,
}

/// A bundled study.
#[derive(Clone, Debug, Serialize)]
pub struct StudyEntry {
    /// Its id (`regsim simulate ID`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// The rule sets it compares, in report order.
    pub rules: Vec<String>,
    /// The behaviour profile it runs.
    pub profile: String,
    /// Where its file is.
    pub file: String,
}

/// A bundled behaviour profile.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileEntry {
    /// Its id (`--profile ID`, a study's `profile`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Where its file is.
    pub file: String,
}

impl Listing {
    /// The listing of the bundled files and of `catalog` (which holds the user's rule
    /// sets); `unresolved` are the user's ids that do not resolve.
    pub fn new(catalog: &Catalog, unresolved: &[String]) -> Listing {
        let mut cases: Vec<CaseEntry> = bundled_cases::CASES
            .iter()
            .filter_map(|(name, text)| {
                let file = format!("<bundled>/scenarios/{name}");
                let case: Scenario = input::parse(&file, text.as_bytes()).ok()?;
                Some(CaseEntry {
                    id: case.id,
                    title: case.title,
                    kind: case.kind,
                    entity: case.entity,
                    rules: case.rules,
                    file,
                })
            })
            .collect();
        cases.sort_by(|a, b| a.id.cmp(&b.id));
        let rule_sets = catalog
            .ids()
            .filter_map(|id| {
                let file = catalog.file(id)?;
                let origin = catalog.origin(id).unwrap_or_default().to_string();
                let role = match file.extends {
                    None => Role::Base,
                    Some(_) if file.transition => Role::Transition,
                    Some(_) => Role::Reform,
                };
                let entities = match role {
                    Role::Base => file.entity.into_iter().collect(),
                    Role::Transition => file
                        .extends
                        .as_deref()
                        .and_then(|parent| catalog.file(parent))
                        .and_then(|parent| parent.entity)
                        .into_iter()
                        .collect(),
                    Role::Reform => [EntityKind::Party, EntityKind::PublicAssociation]
                        .into_iter()
                        .filter(|entity| catalog.reforms_for(*entity).contains(&id))
                        .collect(),
                };
                Some(RuleSetEntry {
                    id: id.to_string(),
                    title: file.title.clone(),
                    role,
                    entities,
                    extends: file.extends.clone(),
                    in_force_from: file.in_force.as_ref().map(|period| period.from),
                    in_force_until: file.in_force.as_ref().and_then(|period| period.until),
                    user: !origin.starts_with("<bundled>"),
                    file: origin,
                    resolves: !unresolved.iter().any(|bad| bad == id),
                })
            })
            .collect();
        let mut studies: Vec<StudyEntry> = study::BUNDLED
            .iter()
            .filter_map(|(name, text)| {
                let file = format!("<bundled>/scenarios/studies/{name}");
                let study: StudyFile = input::parse(&file, text.as_bytes()).ok()?;
                Some(StudyEntry {
                    id: study.id,
                    title: study.title,
                    rules: study.rules,
                    profile: study.profile,
                    file,
                })
            })
            .collect();
        studies.sort_by(|a, b| a.id.cmp(&b.id));
        let mut profiles: Vec<ProfileEntry> = profile::BUNDLED
            .iter()
            .filter_map(|(name, text)| {
                let file = format!("<bundled>/scenarios/profiles/{name}");
                let profile: ProfileFile = input::parse(&file, text.as_bytes()).ok()?;
                Some(ProfileEntry {
                    id: profile.id,
                    title: profile.title,
                    file,
                })
            })
            .collect();
        profiles.sort_by(|a, b| a.id.cmp(&b.id));
        Listing {
            cases,
            rule_sets,
            studies,
            profiles,
        }
    }
}
