//! Resolving rule sets: following `extends` chains, applying each reform's changes, and
//! validating the result before it is compiled.
//!
//! A [`Catalog`] holds rule-set files by id (the bundled ones and any the user names).
//! Resolving an id walks its `extends` chain to a base regime, applies every reform's
//! changes in order, and validates the complete result. Every problem becomes a
//! [`Diagnostic`] naming the rule set, the item (as a JSON path) and the fix; resolution
//! reports all of them, not just the first.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::event::{Actor, EventKind};
use crate::input;
use crate::source::{Citation, Source, Status, status_problems};

use super::bundled;
use super::model::*;
use super::places::{Item, Places};
use super::resolved::*;

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
            .filter(|entry| entry.file.extends.is_some())
            .filter(|entry| self.applicable_entities(&entry.file).contains(&entity))
            .map(|entry| entry.file.id.as_str())
            .collect()
    }

    /// Whether `id` names a reform (a file with `extends`).
    pub fn is_reform(&self, id: &str) -> bool {
        self.file(id).is_some_and(|file| file.extends.is_some())
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

/// A rule set after `extends` is applied, before validation.
struct Merged {
    id: String,
    title: String,
    description: Option<String>,
    jurisdiction: String,
    entity: EntityKind,
    in_force: Option<InForce>,
    lineage: Vec<LineageStep>,
    sources: BTreeMap<String, Source>,
    holidays: Vec<crate::date::Date>,
    calendar: Option<CalendarChoice>,
    parameters: BTreeMap<String, Parameter>,
    policies: Policies,
    procedure: Procedure,
    /// Where the top file states each item, for locating problems.
    places: Places,
}

fn step(file: &RuleSetFile) -> LineageStep {
    LineageStep {
        id: file.id.clone(),
        title: file.title.clone(),
        proposal: file.proposal.clone(),
        description: file.description.clone(),
    }
}

fn add_sources(
    origin: &str,
    sources: &mut BTreeMap<String, Source>,
    new: &[Source],
    problems: &mut Vec<Diagnostic>,
) {
    for (index, source) in new.iter().enumerate() {
        if let Some(existing) = sources.get(&source.id) {
            if existing != source {
                problems.push(
                    Diagnostic::at_path(
                        origin,
                        format!("$.sources[{index}].id"),
                        format!("source `{}` is defined twice, differently", source.id),
                    )
                    .fix("give the second source another id, or make the two identical"),
                );
            }
        }
        sources.insert(source.id.clone(), source.clone());
    }
}

fn base(origin: &str, file: &RuleSetFile) -> Result<Merged, Diagnostics> {
    let mut problems = Vec::new();
    let mut missing = |field: &str, present: bool| {
        if !present {
            problems.push(
                Diagnostic::at_path(origin, "$", format!("a base rule set needs `{field}`")).fix(
                    format!("add `{field}`, or `extends` another rule set to make this a reform"),
                ),
            );
        }
    };
    missing("jurisdiction", file.jurisdiction.is_some());
    missing("entity", file.entity.is_some());
    missing("policies", file.policies.is_some());
    missing("procedure", file.procedure.is_some());
    if file.changes.is_some() {
        problems.push(
            Diagnostic::at_path(origin, "$.changes", "`changes` is only for reforms")
                .fix("add `extends` naming the rule set this reform changes, or move the changes into the rule set itself"),
        );
    }
    let mut sources = BTreeMap::new();
    add_sources(origin, &mut sources, &file.sources, &mut problems);
    super::holiday_list::check(origin, &file.holidays, &mut problems);
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(Merged {
        id: file.id.clone(),
        title: file.title.clone(),
        description: file.description.clone(),
        jurisdiction: file.jurisdiction.clone().unwrap_or_default(),
        entity: file.entity.unwrap_or(EntityKind::Party),
        in_force: file.in_force.clone(),
        lineage: vec![step(file)],
        sources,
        holidays: file.holidays.clone(),
        calendar: file.calendar.clone(),
        parameters: file.parameters.clone(),
        policies: file.policies.clone().expect("checked above"),
        procedure: file.procedure.clone().expect("checked above"),
        places: Places::default(),
    })
}

fn reform(origin: &str, file: &RuleSetFile, mut merged: Merged) -> Result<Merged, Diagnostics> {
    let mut problems = Vec::new();
    for (field, present) in [
        ("parameters", !file.parameters.is_empty()),
        ("policies", file.policies.is_some()),
        ("procedure", file.procedure.is_some()),
        ("in_force", file.in_force.is_some()),
        ("calendar", file.calendar.is_some()),
    ] {
        if present {
            problems.push(
                Diagnostic::at_path(origin, format!("$.{field}"), format!("a reform states only its `changes`, not `{field}`"))
                    .fix("move this into `changes` (add_parameters, replace_parameters, policies, add_stages, add_transitions, …)"),
            );
        }
    }
    for (field, value) in [("jurisdiction", &file.jurisdiction)] {
        if value
            .as_ref()
            .is_some_and(|value| *value != merged.jurisdiction)
        {
            problems.push(Diagnostic::at_path(
                origin,
                format!("$.{field}"),
                format!("a reform cannot change the {field} of `{}`", merged.id),
            ));
        }
    }
    if file.entity.is_some_and(|entity| entity != merged.entity) {
        problems.push(Diagnostic::at_path(
            origin,
            "$.entity",
            format!("a reform cannot change the entity kind of `{}`", merged.id),
        ));
    }
    add_sources(origin, &mut merged.sources, &file.sources, &mut problems);
    super::holiday_list::check(origin, &file.holidays, &mut problems);
    let parent = merged.id.clone();
    let absent = |path: String, what: &str, item: &str| {
        Diagnostic::at_path(
            origin,
            path,
            format!(
                "{what} `{item}` is not in `{parent}`, so reform `{}` cannot change it",
                file.id
            ),
        )
        .fix(format!(
            "check the spelling against `regsim rules show {parent}`"
        ))
    };
    let present = |path: String, what: &str, item: &str| {
        Diagnostic::at_path(
            origin,
            path,
            format!("{what} `{item}` is already in `{parent}`"),
        )
        .fix("use the replace_ form to change it, or choose a new id")
    };
    let empty = Changes::default();
    let changes = file.changes.as_ref().unwrap_or(&empty);
    let mut places = Places::reform(file.changes.is_some());
    for (name, parameter) in &changes.add_parameters {
        places.record(
            Item::Parameter,
            name,
            format!("$.changes.add_parameters.{name}"),
        );
        if merged.parameters.contains_key(name) {
            problems.push(present(
                format!("$.changes.add_parameters.{name}"),
                "parameter",
                name,
            ));
        }
        merged.parameters.insert(name.clone(), parameter.clone());
    }
    for (name, parameter) in &changes.replace_parameters {
        places.record(
            Item::Parameter,
            name,
            format!("$.changes.replace_parameters.{name}"),
        );
        if !merged.parameters.contains_key(name) {
            problems.push(absent(
                format!("$.changes.replace_parameters.{name}"),
                "parameter",
                name,
            ));
        }
        merged.parameters.insert(name.clone(), parameter.clone());
    }
    for (name, patch) in &changes.patch_parameters {
        match merged.parameters.get_mut(name) {
            Some(parameter) => patch_parameter(parameter, patch, &file.id),
            None => problems.push(absent(
                format!("$.changes.patch_parameters.{name}"),
                "parameter",
                name,
            )),
        }
    }
    for (index, name) in changes.remove_parameters.iter().enumerate() {
        if merged.parameters.remove(name).is_none() {
            problems.push(absent(
                format!("$.changes.remove_parameters[{index}]"),
                "parameter",
                name,
            ));
        }
    }
    let policies = &changes.policies;
    for (name, stated) in [
        ("refusal_grounds", policies.refusal_grounds.is_some()),
        (
            "rectifiable_defects",
            policies.rectifiable_defects.is_some(),
        ),
        ("authority_silence", policies.authority_silence.is_some()),
        ("notification", policies.notification.is_some()),
    ] {
        if stated {
            places.record(Item::Policy, name, format!("$.changes.policies.{name}"));
        }
    }
    if let Some(policy) = &policies.refusal_grounds {
        merged.policies.refusal_grounds = policy.clone();
    }
    if let Some(policy) = &policies.rectifiable_defects {
        merged.policies.rectifiable_defects = policy.clone();
    }
    if let Some(policy) = &policies.authority_silence {
        merged.policies.authority_silence = policy.clone();
    }
    if let Some(policy) = &policies.notification {
        merged.policies.notification = policy.clone();
    }
    let procedure = &mut merged.procedure;
    for (index, id) in changes.remove_transitions.iter().enumerate() {
        match procedure.transitions.iter().position(|t| &t.id == id) {
            Some(at) => {
                procedure.transitions.remove(at);
            }
            None => problems.push(absent(
                format!("$.changes.remove_transitions[{index}]"),
                "transition",
                id,
            )),
        }
    }
    for (index, id) in changes.remove_stages.iter().enumerate() {
        places.record_removal(Item::Stage, id, format!("$.changes.remove_stages[{index}]"));
        match procedure.stages.iter().position(|s| &s.id == id) {
            Some(at) => {
                procedure.stages.remove(at);
            }
            None => problems.push(absent(
                format!("$.changes.remove_stages[{index}]"),
                "stage",
                id,
            )),
        }
    }
    for (index, stage) in changes.replace_stages.iter().enumerate() {
        places.record(
            Item::Stage,
            &stage.id,
            format!("$.changes.replace_stages[{index}]"),
        );
        match procedure.stages.iter_mut().find(|s| s.id == stage.id) {
            Some(existing) => *existing = stage.clone(),
            None => problems.push(absent(
                format!("$.changes.replace_stages[{index}]"),
                "stage",
                &stage.id,
            )),
        }
    }
    for (index, stage) in changes.add_stages.iter().enumerate() {
        places.record(
            Item::Stage,
            &stage.id,
            format!("$.changes.add_stages[{index}]"),
        );
        if procedure.stages.iter().any(|s| s.id == stage.id) {
            problems.push(present(
                format!("$.changes.add_stages[{index}]"),
                "stage",
                &stage.id,
            ));
        } else {
            procedure.stages.push(stage.clone());
        }
    }
    for (index, transition) in changes.replace_transitions.iter().enumerate() {
        places.record(
            Item::Transition,
            &transition.id,
            format!("$.changes.replace_transitions[{index}]"),
        );
        match procedure
            .transitions
            .iter_mut()
            .find(|t| t.id == transition.id)
        {
            Some(existing) => *existing = transition.clone(),
            None => problems.push(absent(
                format!("$.changes.replace_transitions[{index}]"),
                "transition",
                &transition.id,
            )),
        }
    }
    for (index, transition) in changes.add_transitions.iter().enumerate() {
        places.record(
            Item::Transition,
            &transition.id,
            format!("$.changes.add_transitions[{index}]"),
        );
        if procedure.transitions.iter().any(|t| t.id == transition.id) {
            problems.push(present(
                format!("$.changes.add_transitions[{index}]"),
                "transition",
                &transition.id,
            ));
        } else {
            procedure.transitions.push(transition.clone());
        }
    }
    if let Some(start) = &changes.start {
        places.record(Item::Start, "", "$.changes.start".into());
        procedure.start = start.clone();
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    merged.id = file.id.clone();
    merged.title = file.title.clone();
    merged.description = file.description.clone().or(merged.description);
    merged.in_force = None;
    merged.holidays.extend(file.holidays.iter().copied());
    merged.lineage.push(step(file));
    merged.places = places;
    Ok(merged)
}

/// Applies a partial change to a parameter: the fields given replace the base's; the
/// patch's provenance becomes the parameter's, and its note follows the base's.
fn patch_parameter(parameter: &mut Parameter, patch: &ParameterPatch, reform: &str) {
    if let Some(label) = &patch.label {
        parameter.label = label.clone();
    }
    if let Some(value) = patch.value {
        parameter.value = value;
    }
    if let Some(unit) = patch.unit {
        parameter.unit = unit;
    }
    if let Some(starts_on) = &patch.starts_on {
        parameter.starts_on = starts_on.clone();
    }
    if let Some(paused) = patch.paused_while_suspended {
        parameter.paused_while_suspended = paused;
    }
    // The patched parameter is only as firm as the change made to it.
    parameter.status = patch.status;
    if patch.citation.is_some() {
        parameter.citation = patch.citation.clone();
    }
    if let Some(note) = &patch.note {
        parameter.note = Some(match parameter.note.take() {
            Some(base) => format!("{base} Reform {reform}: {note}"),
            None => format!("Reform {reform}: {note}"),
        });
    }
}

/// The terms of a rule-set expression, `own` replaced by the case's own rule set.
fn expression_terms(expression: &str, own_rules: Option<&str>) -> Result<Vec<String>, Diagnostic> {
    let mut terms = Vec::new();
    for (position, term) in expression.split('+').map(str::trim).enumerate() {
        let term = match (term, own_rules) {
            ("", _) => {
                return Err(
                    Diagnostic::new(expression, "a rule-set expression has an empty term")
                        .fix("write BASE+REFORM, e.g. kz-2020+kz-simplified or own+kz-simplified"),
                );
            }
            (OWN, _) if position > 0 => {
                return Err(Diagnostic::new(
                    expression,
                    "`own` (the case's own rule set) can only come first",
                )
                .fix("write own+REFORM"));
            }
            (OWN, Some(own)) => own,
            (OWN, None) => {
                return Err(Diagnostic::new(
                    expression,
                    "`own` stands for a case's own rule set, and there is no case here",
                )
                .fix("name the base rule set instead, e.g. kz-2022+kz-simplified"));
            }
            (term, _) => term,
        };
        terms.push(term.to_string());
    }
    Ok(terms)
}

/// The word that stands for a case's own rule set in a rule-set expression
/// (`own+kz-simplified`).
pub const OWN: &str = "own";

fn is_identifier(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Checks provenance: what the value's status needs of its citation and note (see
/// [`status_problems`]), and that every citation names a known source.
fn check_provenance(
    origin: &str,
    place: &dyn Fn(&str) -> String,
    status: Status,
    citation: Option<&Citation>,
    note: Option<&String>,
    sources: &BTreeMap<String, Source>,
    problems: &mut Vec<Diagnostic>,
) {
    for (suffix, message, fix) in
        status_problems(status, citation, note.map(String::as_str), |id| {
            sources.get(id)
        })
    {
        problems.push(Diagnostic::at_path(origin, place(suffix), message).fix(fix));
    }
    if let Some(citation) = citation {
        if !sources.contains_key(&citation.source) {
            problems.push(
                Diagnostic::at_path(
                    origin,
                    place(".citation.source"),
                    format!("source `{}` is not listed in `sources`", citation.source),
                )
                .fix(format!(
                    "add it to `sources`, or use one of: {}",
                    sources.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
            );
        }
    }
}

fn validate(origin: &str, merged: Merged) -> Result<RuleSet, Diagnostics> {
    let mut problems = Vec::new();
    let id = merged.id.clone();
    let at = |path: String, message: String| {
        Diagnostic::at_path(origin, path, format!("rule set `{id}`: {message}"))
    };
    if !merged.id.split('+').all(is_identifier) {
        problems.push(
            at("$.id".into(), format!("`{}` is not a valid id", merged.id))
                .fix("use lowercase letters, digits and dashes, e.g. kz-2022"),
        );
    }
    if let Some(period) = &merged.in_force {
        check_provenance(
            origin,
            &|suffix| format!("$.in_force{suffix}"),
            period.status,
            period.citation.as_ref(),
            period.note.as_ref(),
            &merged.sources,
            &mut problems,
        );
        if period.until.is_some_and(|until| until < period.from) {
            problems.push(at(
                "$.in_force.until".into(),
                "the period ends before it starts".into(),
            ));
        }
    }
    for step in &merged.lineage {
        if let Some(citation) = &step.proposal {
            if !merged.sources.contains_key(&citation.source) {
                problems.push(
                    at(
                        "$.proposal.source".into(),
                        format!("source `{}` is not listed in `sources`", citation.source),
                    )
                    .fix("add it to `sources`"),
                );
            }
        }
    }
    let mut holidays = merged.holidays.clone();
    if let Some(choice) = &merged.calendar {
        check_provenance(
            origin,
            &|suffix| format!("$.calendar{suffix}"),
            choice.status,
            choice.citation.as_ref(),
            choice.note.as_ref(),
            &merged.sources,
            &mut problems,
        );
        match super::calendar::Calendar::bundled(&choice.id) {
            Some(calendar) => holidays.extend(calendar.days_off()),
            None => problems.push(
                at(
                    "$.calendar.id".into(),
                    format!("there is no calendar `{}`", choice.id),
                )
                .fix(format!(
                    "use one of: {}",
                    super::calendar::Calendar::bundled_ids().join(", ")
                )),
            ),
        }
    }
    holidays.sort();
    holidays.dedup();

    let places = &merged.places;
    // Parameters. One whose value is invalid makes no time limit; the transitions that
    // name it as their deadline are not blamed again for it.
    let mut limits = Vec::new();
    let mut invalid_parameters = BTreeSet::new();
    for (name, parameter) in &merged.parameters {
        let own = |suffix: &str| {
            places.of(
                Item::Parameter,
                name,
                &format!("$.parameters.{name}"),
                suffix,
            )
        };
        let path = own("");
        if !is_identifier(name) {
            problems.push(
                at(
                    path.clone(),
                    format!("`{name}` is not a valid parameter id"),
                )
                .fix("use lowercase letters, digits and underscores"),
            );
        }
        check_provenance(
            origin,
            &own,
            parameter.status,
            parameter.citation.as_ref(),
            parameter.note.as_ref(),
            &merged.sources,
            &mut problems,
        );
        let value = parameter.value;
        let whole = value.is_finite() && value.fract() == 0.0;
        let (ok, range) = match parameter.unit {
            ParameterUnit::Persons | ParameterUnit::Count => (
                whole && (0.0..=1e9).contains(&value),
                "a whole number from 0 to 1,000,000,000",
            ),
            // 0 is allowed: a reform may drop a share requirement (the guard then always passes).
            ParameterUnit::Share => (
                value.is_finite() && (0.0..=1.0).contains(&value),
                "a share from 0 (none required) to 1",
            ),
            ParameterUnit::CalendarDays | ParameterUnit::WorkingDays => (
                whole && (1.0..=3650.0).contains(&value),
                "a whole number of days from 1 to 3650",
            ),
            ParameterUnit::Months => (
                whole && (1.0..=120.0).contains(&value),
                "a whole number of months from 1 to 120",
            ),
        };
        if !ok {
            invalid_parameters.insert(name.as_str());
            problems.push(
                at(
                    own(".value"),
                    format!(
                        "parameter `{name}`: {value} is not a valid value for unit `{}`",
                        parameter.unit.label()
                    ),
                )
                .fix(format!("give {range}")),
            );
        }
        if parameter.unit.is_time() {
            if parameter.starts_on.is_empty() {
                problems.push(
                    at(
                        own(".starts_on"),
                        format!("parameter `{name}`: a time limit needs `starts_on`: the events that start it"),
                    )
                    .fix("e.g. \"starts_on\": [\"application_submitted\"]"),
                );
            }
            if ok {
                limits.push(TimeLimit {
                    parameter: name.clone(),
                    amount: value as u32,
                    unit: parameter.unit,
                    starts_on: parameter
                        .starts_on
                        .iter()
                        .fold(0, |mask, kind| mask | 1 << kind.index()),
                    paused_while_suspended: parameter.paused_while_suspended,
                });
            }
        } else if !parameter.starts_on.is_empty() || parameter.paused_while_suspended {
            problems.push(
                at(
                    own(".starts_on"),
                    format!("parameter `{name}`: only time limits have `starts_on` or `paused_while_suspended`"),
                )
                .fix("remove them, or give the parameter a time unit"),
            );
        }
    }

    // Policies.
    let policies = &merged.policies;
    let provenance = [
        (
            "refusal_grounds",
            policies.refusal_grounds.status,
            policies.refusal_grounds.citation.as_ref(),
            policies.refusal_grounds.note.as_ref(),
            policies.refusal_grounds.listed.len(),
        ),
        (
            "rectifiable_defects",
            policies.rectifiable_defects.status,
            policies.rectifiable_defects.citation.as_ref(),
            policies.rectifiable_defects.note.as_ref(),
            policies.rectifiable_defects.listed.len(),
        ),
        (
            "authority_silence",
            policies.authority_silence.status,
            policies.authority_silence.citation.as_ref(),
            policies.authority_silence.note.as_ref(),
            policies.authority_silence.listed.len(),
        ),
        (
            "notification",
            policies.notification.status,
            policies.notification.citation.as_ref(),
            policies.notification.note.as_ref(),
            policies.notification.listed.len(),
        ),
    ];
    let policy_place = |name: &str, suffix: &str| {
        places.of(Item::Policy, name, &format!("$.policies.{name}"), suffix)
    };
    for (name, status, citation, note, listed) in provenance {
        check_provenance(
            origin,
            &|suffix| policy_place(name, suffix),
            status,
            citation,
            note,
            &merged.sources,
            &mut problems,
        );
        if name != "refusal_grounds" && listed > 0 {
            problems.push(
                at(
                    policy_place(name, ".listed"),
                    format!("policy `{name}`: only the refusal_grounds policy has a `listed` set"),
                )
                .fix("remove `listed`"),
            );
        }
    }
    let grounds_closed = policies.refusal_grounds.rule == GroundsRule::Closed;
    if grounds_closed && policies.refusal_grounds.listed.is_empty() {
        problems.push(
            at(
                policy_place("refusal_grounds", ".listed"),
                "a closed list of refusal grounds lists no ground".into(),
            )
            .fix("list the defect codes that may ground a refusal"),
        );
    }
    let listed_grounds = policies
        .refusal_grounds
        .listed
        .iter()
        .fold(0, |mask, code| mask | code.bit());

    // Stages.
    let procedure = &merged.procedure;
    let mut stage_index = BTreeMap::new();
    let stage_place = |id: &str, index: usize, suffix: &str| {
        places.of(
            Item::Stage,
            id,
            &format!("$.procedure.stages[{index}]"),
            suffix,
        )
    };
    for (index, stage) in procedure.stages.iter().enumerate() {
        if !is_identifier(&stage.id) {
            problems.push(at(
                stage_place(&stage.id, index, ".id"),
                format!("`{}` is not a valid stage id", stage.id),
            ));
        }
        if stage_index
            .insert(stage.id.as_str(), index as u16)
            .is_some()
        {
            problems.push(
                at(
                    stage_place(&stage.id, index, ".id"),
                    format!("stage `{}` is defined twice", stage.id),
                )
                .fix("give each stage its own id"),
            );
        }
    }
    if procedure.stages.len() > 200 {
        problems.push(at(
            places.whole("$.procedure.stages"),
            "more than 200 stages".into(),
        ));
    }
    let start = stage_index.get(procedure.start.as_str()).copied();
    if start.is_none() {
        problems.push(
            at(
                places.of(Item::Start, "", "$.procedure.start", ""),
                format!("the start stage `{}` is not a stage", procedure.start),
            )
            .fix("name one of the stages"),
        );
    }

    // Transitions. One that names a missing stage leaves the graph incomplete, so the
    // reachability checks below would only repeat that problem; they are skipped then.
    let mut missing_stage = false;
    let mut still_named: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    let mut compiled_transitions = Vec::new();
    let mut outgoing = vec![Vec::new(); procedure.stages.len()];
    let mut transition_ids = BTreeSet::new();
    if procedure.transitions.len() > 1000 {
        problems.push(at(
            places.whole("$.procedure.transitions"),
            "more than 1000 transitions".into(),
        ));
    }
    for (index, transition) in procedure.transitions.iter().enumerate() {
        let name = &transition.id;
        let own = |suffix: &str| {
            places.of(
                Item::Transition,
                name,
                &format!("$.procedure.transitions[{index}]"),
                suffix,
            )
        };
        if !is_identifier(name) {
            problems.push(at(
                own(".id"),
                format!("`{name}` is not a valid transition id"),
            ));
        }
        if !transition_ids.insert(name.as_str()) {
            problems.push(
                at(own(".id"), format!("transition `{name}` is defined twice"))
                    .fix("give each transition its own id"),
            );
        }
        check_provenance(
            origin,
            &own,
            transition.status,
            transition.citation.as_ref(),
            transition.note.as_ref(),
            &merged.sources,
            &mut problems,
        );
        let from = stage_index.get(transition.from.as_str()).copied();
        let to = stage_index.get(transition.to.as_str()).copied();
        for (field, stage, found) in [("from", &transition.from, from), ("to", &transition.to, to)]
        {
            if found.is_none() {
                missing_stage = true;
            }
            if let (None, Some(removal)) = (found, places.removal(Item::Stage, stage)) {
                let (_, names) = still_named
                    .entry(removal)
                    .or_insert_with(|| (stage.as_str(), Vec::new()));
                if !names.contains(&name.as_str()) {
                    names.push(name.as_str());
                }
            } else if found.is_none() {
                problems.push(
                    at(
                        own(&format!(".{field}")),
                        format!("transition `{name}` names stage `{stage}`, which does not exist"),
                    )
                    .fix(format!(
                        "use one of: {}",
                        stage_index.keys().copied().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        let deadline = match &transition.deadline {
            None => None,
            Some(parameter) => match limits
                .iter()
                .position(|limit| &limit.parameter == parameter)
            {
                Some(limit) => Some(LimitId(limit as u16)),
                // A parameter with an invalid value was reported where it is written.
                None if invalid_parameters.contains(parameter.as_str()) => None,
                None => {
                    problems.push(at(own(".deadline"), format!("transition `{name}` has deadline `{parameter}`, which is not a time-limit parameter")).fix("name a parameter with unit calendar_days, working_days or months"));
                    None
                }
            },
        };
        if transition.event.actor() == Actor::Clock && transition.deadline.is_none() {
            problems.push(at(own(".deadline"), format!("transition `{name}` is taken by the clock event `{}` but has no deadline to fire it", transition.event)).fix("add the time limit whose expiry takes it"));
        }
        let mut guards = Vec::new();
        for (guard_index, guard) in transition.guards.iter().enumerate() {
            let guard_path = own(&format!(".guards[{guard_index}]"));
            let value = match (guard.parameter(), guard.parameter_unit()) {
                (Some(parameter), Some(unit)) => match merged.parameters.get(parameter) {
                    Some(found) if found.unit == unit => Some(found.value),
                    Some(found) => {
                        problems.push(at(
                            guard_path.clone(),
                            format!(
                                "guard `{}` needs a `{}` parameter, but `{parameter}` is in {}",
                                guard.name(),
                                unit.label(),
                                found.unit.label()
                            ),
                        ));
                        None
                    }
                    None => {
                        problems.push(at(guard_path.clone(), format!("guard `{}` names parameter `{parameter}`, which does not exist", guard.name())).fix("add the parameter or name an existing one"));
                        None
                    }
                },
                _ => Some(0.0),
            };
            let Some(value) = value else { continue };
            guards.push(match guard {
                Guard::FoundersAtLeast { .. } => CompiledGuard::FoundersAtLeast(value as u32),
                Guard::MembersAtLeast { .. } => CompiledGuard::MembersAtLeast(value as u32),
                Guard::MembersPerRegionAtLeast { .. } => {
                    CompiledGuard::MembersPerRegionAtLeast(value as u32)
                }
                Guard::RegionsShareAtLeast { .. } => CompiledGuard::RegionsShareAtLeast(value),
                Guard::GroundStated => CompiledGuard::GroundStated,
                Guard::HasListedGround => CompiledGuard::HasListedGround,
                Guard::RectifiableDefectsNoticedFirst => {
                    CompiledGuard::RectifiableDefectsNoticedFirst
                }
                Guard::RemarkRoundsBelow { .. } => CompiledGuard::RemarkRoundsBelow(value as u32),
                Guard::NoUncuredDefects => CompiledGuard::NoUncuredDefects,
            });
        }
        if transition.guards.len() > 16 {
            problems.push(at(
                own(".guards"),
                format!("transition `{name}`: more than 16 guards"),
            ));
        }
        if let (Some(from), Some(to)) = (from, to) {
            outgoing[from as usize].push(TransitionId(index as u16));
            compiled_transitions.push(CompiledTransition {
                from: StageId(from),
                to: StageId(to),
                event: transition.event,
                guards,
                deadline,
            });
        }
    }

    for (removal, (stage, names)) in still_named {
        problems.push(
            at(
                removal.to_string(),
                format!(
                    "stage `{stage}` is removed, but transitions still lead to or from it: {}",
                    names.join(", ")
                ),
            )
            .fix("also remove or replace those transitions (remove_transitions, replace_transitions), or keep the stage"),
        );
    }

    // Reachability and dead ends.
    if let (Some(start), false) = (start, missing_stage) {
        let mut reached = vec![false; procedure.stages.len()];
        let mut queue = VecDeque::from([start as usize]);
        reached[start as usize] = true;
        while let Some(stage) = queue.pop_front() {
            for transition in &outgoing[stage] {
                let next = procedure.transitions[transition.0 as usize].to.as_str();
                if let Some(&next) = stage_index.get(next) {
                    if !reached[next as usize] {
                        reached[next as usize] = true;
                        queue.push_back(next as usize);
                    }
                }
            }
        }
        for (index, stage) in procedure.stages.iter().enumerate() {
            if !reached[index] {
                problems.push(
                    at(
                        stage_place(&stage.id, index, ""),
                        format!(
                            "stage `{}` cannot be reached from the start stage `{}`",
                            stage.id, procedure.start
                        ),
                    )
                    .fix("add a transition into it, or remove the stage"),
                );
            }
            if outgoing[index].is_empty() && stage.outcome == StageOutcome::Pending {
                problems.push(at(stage_place(&stage.id, index, ""), format!("stage `{}` is a dead end: nothing leaves it, yet its outcome is `pending`", stage.id)).fix("add a transition out of it, or set its `outcome` to `registered` or `ended`"));
            }
        }
    }
    if policies.authority_silence.rule == SilenceRule::DeemedRegistration
        && !procedure
            .transitions
            .iter()
            .any(|t| t.event == EventKind::DeemedRegistered)
    {
        problems.push(
            at(
                policy_place("authority_silence", ""),
                "silence deems registration, but no transition is taken by `deemed_registered`"
                    .into(),
            )
            .fix("add a clock transition from the review stage to the registered stage"),
        );
    }
    if policies.rectifiable_defects.rule == RectifiableRule::NoticeAndCureFirst
        && !procedure
            .transitions
            .iter()
            .any(|t| t.event == EventKind::RemarksIssued)
    {
        problems.push(
            at(
                policy_place("rectifiable_defects", ""),
                "defects must be noticed first, but no transition is taken by `remarks_issued`"
                    .into(),
            )
            .fix("add the remark and cure transitions"),
        );
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let suspension_reset = limits
        .iter()
        .filter(|limit| limit.paused_while_suspended)
        .fold(0, |mask, limit| mask | limit.starts_on);
    Ok(RuleSet {
        id: merged.id,
        title: merged.title,
        description: merged.description,
        jurisdiction: merged.jurisdiction,
        entity: merged.entity,
        in_force: merged.in_force,
        lineage: merged.lineage,
        sources: merged.sources,
        holidays,
        calendar: merged.calendar,
        parameters: merged.parameters,
        policies: merged.policies.clone(),
        procedure: merged.procedure,
        successor: None,
        compiled: Compiled {
            start: start.unwrap_or(0),
            transitions: compiled_transitions,
            outgoing,
            limits,
            listed_grounds,
            grounds_closed,
            notice_first: merged.policies.rectifiable_defects.rule
                == RectifiableRule::NoticeAndCureFirst,
            suspension_reset,
        },
    })
}
