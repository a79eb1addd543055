//! Resolving rule sets: following `extends` chains, applying each reform's changes, and
//! validating the result before it is compiled.
//!
//! A [`Catalog`] holds rule-set files by id (the bundled ones and any the user names).
//! Resolving an id walks its `extends` chain to a base regime, applies every reform's
//! changes in order, and validates the complete result. Every problem becomes a
//! [`Diagnostic`] naming the rule set, the item (as a JSON path) and the fix; resolution
//! reports all of them, not just the first.
//!
//! [`merge`] applies a base file and each reform's changes (its errors point at the
//! reform's own `changes` paths, see `places`), [`expression`] reads rule-set expressions
//! (`BASE+REFORM…`, `own`), and [`validate`] checks the complete result.

mod expression;
mod merge;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;

use super::bundled;
use super::model::*;
use super::resolved::*;

pub use expression::OWN;
use expression::{expression_terms, term_file};
use merge::{Merged, base, reform};
use validate::{is_identifier, validate};

/// Rule-set files by id, with where each came from.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    origin: String,
    file: RuleSetFile,
}

/// The most reforms an `extends` chain may stack on its base rule set (a longer chain is
/// almost surely a mistake; README.md documents the limit).
pub const MAX_EXTENDS_DEPTH: usize = 64;

impl Catalog {
    /// The rule sets bundled with regsim (parsed once per process).
    pub fn bundled() -> Catalog {
        static BUNDLED: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(Catalog::parse_bundled).clone()
    }

    fn parse_bundled() -> Catalog {
        let mut catalog = Catalog::default();
        for (name, text) in bundled::RULE_SETS {
            let origin = format!("<bundled>/scenarios/rules/{name}");
            // Bundled files are checked by the test suite; a broken one is skipped, not fatal.
            if let Ok(file) = input::parse::<RuleSetFile>(&origin, text.as_bytes()) {
                catalog
                    .entries
                    .insert(file.id.clone(), Entry { origin, file });
            }
        }
        catalog
    }

    /// Adds a rule-set file read from disk; returns its id.
    pub fn add_path(&mut self, path: &Path) -> Result<String, Diagnostic> {
        let origin = path.display().to_string();
        let bytes = input::read_bytes(path)?;
        let file: RuleSetFile = input::parse(&origin, &bytes)?;
        self.add(origin, file)
    }

    /// Adds a parsed rule-set file; a file may replace a bundled one of the same id only
    /// if it is the same file (so naming `scenarios/rules/kz-2022.json` works).
    pub fn add(&mut self, origin: String, file: RuleSetFile) -> Result<String, Diagnostic> {
        let id = file.id.clone();
        if !is_identifier(&id) {
            return Err(Diagnostic::at_path(
                &origin,
                "$.id",
                format!(
                    "`{}` is not a valid rule-set id",
                    crate::diagnostic::shorten(&id)
                ),
            )
            .fix(
                "use lowercase letters, digits, dashes and underscores (at most 64), e.g. kz-2022",
            ));
        }
        if let Some(existing) = self.entries.get(&id) {
            if existing.file != file {
                return Err(Diagnostic::at_path(
                    &origin,
                    "$.id",
                    format!(
                        "rule set id `{id}` is already defined by {}",
                        existing.origin
                    ),
                )
                .fix("give this rule set an id of its own"));
            }
        }
        self.entries.insert(id.clone(), Entry { origin, file });
        Ok(id)
    }

    /// An expression whose terms may name rule-set files by path (`--rules my-reform.json`,
    /// `kz-2020+my-reform.json`, a study's `"rules": ["../reforms/mine.json"]`): each such
    /// file is read and added to the catalog, and the expression returned with its id in
    /// the file's place (`kz-2020+my-reform`). A relative path is taken from `base`.
    pub fn add_files_named_in(
        &mut self,
        expression: &str,
        base: &Path,
    ) -> Result<String, Diagnostic> {
        let mut terms = Vec::new();
        for term in expression.split('+') {
            match term_file(term, base) {
                Some(path) => terms.push(self.add_path(&path)?),
                None => terms.push(term.trim().to_string()),
            }
        }
        Ok(terms.join("+"))
    }

    /// Whether an expression names a rule-set file by path in any of its terms (see
    /// [`Catalog::add_files_named_in`]).
    pub fn names_files(expression: &str, base: &Path) -> bool {
        expression
            .split('+')
            .any(|term| term_file(term, base).is_some())
    }

    /// Every id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The file of an id, if present.
    pub fn file(&self, id: &str) -> Option<&RuleSetFile> {
        self.entries.get(id).map(|entry| &entry.file)
    }

    /// Where the file of an id came from.
    pub fn origin(&self, id: &str) -> Option<&str> {
        self.entries.get(id).map(|entry| entry.origin.as_str())
    }

    /// The base rule set for `entity` in force on `date`, if exactly one is.
    pub fn in_force_on(&self, entity: EntityKind, date: crate::date::Date) -> Option<&str> {
        let mut found = self.entries.values().filter(|entry| {
            let file = &entry.file;
            file.extends.is_none()
                && file.entity == Some(entity)
                && file.in_force.as_ref().is_some_and(|period| {
                    period.from <= date && period.until.is_none_or(|until| date <= until)
                })
        });
        let first = found.next()?;
        match found.next() {
            None => Some(first.file.id.as_str()),
            Some(_) => None,
        }
    }

    /// Resolves and validates a rule set named by an expression: an id (`kz-2022`, or a
    /// reform on its default parent) or a composition `BASE+REFORM[+REFORM…]` that applies
    /// each reform's changes (and those of the reforms it extends) to the base, left to
    /// right. `own` (a case's own rule set) is only meaningful with a case: see
    /// [`Catalog::resolve_for_case`].
    pub fn resolve(&self, expression: &str) -> Result<RuleSet, Diagnostics> {
        self.resolve_for_case(expression, None)
    }

    /// Resolves an expression in which `own` stands for `own_rules`, the rule set a case
    /// was replayed under.
    pub fn resolve_for_case(
        &self,
        expression: &str,
        own_rules: Option<&str>,
    ) -> Result<RuleSet, Diagnostics> {
        let terms = expression_terms(expression, own_rules)?;
        let mut merged = self.merge(&terms[0])?;
        for term in &terms[1..] {
            merged = self.patch(term, merged)?;
        }
        let origin = if terms.len() == 1 {
            self.origin(&terms[0]).unwrap_or(&terms[0]).to_string()
        } else {
            merged.id = terms.join("+");
            merged.title = format!(
                "{} with {}",
                self.file(&terms[0]).map_or("", |file| file.title.as_str()),
                terms[1..].join(" + ")
            );
            merged.id.clone()
        };
        validate(&origin, merged)
    }

    /// The reforms (by id) whose changes can be applied to a rule set of `entity`.
    pub fn reforms_for(&self, entity: EntityKind) -> Vec<&str> {
        self.entries
            .values()
            .filter(|entry| entry.file.extends.is_some() && !entry.file.transition)
            .filter(|entry| self.applicable_entities(&entry.file).contains(&entity))
            .map(|entry| entry.file.id.as_str())
            .collect()
    }

    /// Whether `id` names a reform (a file with `extends` that is not a transition).
    pub fn is_reform(&self, id: &str) -> bool {
        self.file(id)
            .is_some_and(|file| file.extends.is_some() && !file.transition)
    }

    /// The entity kinds a reform can patch: those it declares, else its default base's.
    fn applicable_entities(&self, file: &RuleSetFile) -> Vec<EntityKind> {
        if !file.applies_to.is_empty() {
            return file.applies_to.clone();
        }
        let mut current = file;
        for _ in 0..MAX_EXTENDS_DEPTH {
            match &current.extends {
                Some(parent) => match self.file(parent) {
                    Some(parent) => current = parent,
                    None => return Vec::new(),
                },
                None => return current.entity.into_iter().collect(),
            }
        }
        Vec::new()
    }

    /// Applies a reform's changes, and those of every reform it extends, to `merged`.
    fn patch(&self, reform_id: &str, mut merged: Merged) -> Result<Merged, Diagnostics> {
        let chain = self.chain(reform_id)?;
        if let Some(transition) = chain.iter().find(|entry| entry.file.transition) {
            return Err(Diagnostic::new(
                crate::diagnostic::COMMAND_LINE,
                format!(
                    "`{}` is a transition rule set (a case's own regime across a change of law), not a reform: only reforms can follow `+`",
                    transition.file.id
                ),
            )
            .fix(format!(
                "name it alone, or first (`{}+REFORM`)",
                transition.file.id
            ))
            .into());
        }
        let (default_base, reforms) = chain.split_last().expect("a chain holds its base");
        if reforms.is_empty() {
            return Err(Diagnostic::new(
                crate::diagnostic::COMMAND_LINE,
                format!("`{reform_id}` is a base rule set, not a reform: only reforms can follow `+`"),
            )
            .fix(format!(
                "put the base first (`{reform_id}+REFORM`), or name a reform (see `regsim rules list`)"
            ))
            .into());
        }
        // The documents a reform cites may be listed only in its default parent: they are
        // documents, not rules, so they come along (a source the base defines wins).
        for source in &default_base.file.sources {
            merged
                .sources
                .entry(source.id.clone())
                .or_insert_with(|| source.clone());
        }
        for entry in reforms.iter().rev() {
            let entities = self.applicable_entities(&entry.file);
            if !entities.contains(&merged.entity) {
                let kinds: Vec<String> = entities.iter().map(|kind| kind.to_string()).collect();
                let fitting = self.reforms_for(merged.entity);
                return Err(Diagnostic::at_path(
                    &entry.origin,
                    "$.applies_to",
                    format!(
                        "reform `{}` applies to {} rule sets; `{}` is a {} rule set",
                        entry.file.id,
                        kinds.join(" and "),
                        merged.id,
                        merged.entity
                    ),
                )
                .fix(if fitting.is_empty() {
                    format!("no bundled reform applies to {} rule sets", merged.entity)
                } else {
                    format!(
                        "use a reform for {} rule sets: {}",
                        merged.entity,
                        fitting.join(", ")
                    )
                })
                .into());
            }
            merged = reform(&entry.origin, &entry.file, merged)?;
        }
        Ok(merged)
    }

    /// The `extends` chain of `id`, from `id` down to its base rule set.
    ///
    /// The walk is a loop, not a recursion, so a deep chain cannot exhaust the stack; a
    /// chain of more than [`MAX_EXTENDS_DEPTH`] reforms is refused as too deep, a chain
    /// that comes back to a rule set already on it as a cycle. Either error is placed at
    /// `$.extends` of a file that has one.
    fn chain(&self, id: &str) -> Result<Vec<&Entry>, Diagnostics> {
        let mut chain: Vec<&Entry> = Vec::new();
        let mut current = id;
        loop {
            let Some(entry) = self.entries.get(current) else {
                // The rule sets on the chain cannot be its parent (that would be a cycle).
                let known: Vec<&str> = self
                    .ids()
                    .filter(|id| chain.iter().all(|entry| entry.file.id != *id))
                    .collect();
                let fix = crate::diagnostic::did_you_mean(current, &known);
                return Err(match chain.last() {
                    None => Diagnostic::new(
                        crate::diagnostic::COMMAND_LINE,
                        format!("no rule set has the id `{current}`"),
                    ),
                    Some(child) => Diagnostic::at_path(
                        &child.origin,
                        "$.extends",
                        format!(
                            "rule set `{}` extends `{current}`, which does not exist",
                            child.file.id
                        ),
                    ),
                }
                .fix(fix)
                .into());
            };
            let ids = |entries: &[&Entry]| {
                entries
                    .iter()
                    .map(|entry| entry.file.id.as_str())
                    .chain([current])
                    .collect::<Vec<_>>()
                    .join(" → ")
            };
            if chain.iter().any(|seen| seen.file.id == current) {
                let closing = chain.last().expect("a cycle needs an earlier rule set");
                return Err(Diagnostic::at_path(
                    &closing.origin,
                    "$.extends",
                    format!("`extends` forms a cycle: {}", ids(&chain)),
                )
                .fix("a reform must extend a base rule set or another reform, never itself")
                .into());
            }
            chain.push(entry);
            let Some(parent) = &entry.file.extends else {
                return Ok(chain);
            };
            if chain.len() > MAX_EXTENDS_DEPTH {
                let top = chain[0];
                let last = chain[chain.len() - 1];
                return Err(Diagnostic::at_path(
                    &top.origin,
                    "$.extends",
                    format!(
                        "the `extends` chain of `{}` stacks more than {MAX_EXTENDS_DEPTH} reforms: {} → {} → … → {} → {parent}",
                        top.file.id, chain[0].file.id, chain[1].file.id, last.file.id
                    ),
                )
                .fix(format!("stack at most {MAX_EXTENDS_DEPTH} reforms on a base rule set; merge some reforms into one"))
                .into());
            }
            current = parent;
        }
    }

    fn merge(&self, id: &str) -> Result<Merged, Diagnostics> {
        let chain = self.chain(id)?;
        let mut entries = chain.iter().rev();
        let base_entry = entries.next().expect("a chain holds at least its base");
        let mut merged = base(&base_entry.origin, &base_entry.file)?;
        for entry in entries {
            merged = reform(&entry.origin, &entry.file, merged)?;
        }
        Ok(merged)
    }
}
