//! Merging: a base file into a rule set not yet validated, and a reform's changes onto
//! it (replace, add and remove parameters, stages, transitions and grounds; switch
//! policies), each error at the reform's own `changes` path.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{Source, Status};

use crate::rules::model::*;
use crate::rules::places::{Item, Places};
use crate::rules::resolved::*;

/// A rule set after `extends` is applied, before validation.
pub(super) struct Merged {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) jurisdiction: String,
    pub(super) entity: EntityKind,
    pub(super) in_force: Option<InForce>,
    pub(super) lineage: Vec<LineageStep>,
    pub(super) sources: BTreeMap<String, Source>,
    pub(super) holidays: Vec<crate::date::Date>,
    pub(super) calendar: Option<CalendarChoice>,
    pub(super) parameters: BTreeMap<String, Parameter>,
    pub(super) policies: Policies,
    pub(super) procedure: Procedure,
    /// Where the top file states each item, for locating problems.
    pub(super) places: Places,
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

pub(super) fn base(origin: &str, file: &RuleSetFile) -> Result<Merged, Diagnostics> {
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
    crate::rules::holiday_list::check(origin, &file.holidays, &mut problems);
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

pub(super) fn reform(
    origin: &str,
    file: &RuleSetFile,
    mut merged: Merged,
) -> Result<Merged, Diagnostics> {
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
    crate::rules::holiday_list::check(origin, &file.holidays, &mut problems);
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
        places.record(
            Item::Parameter,
            name,
            format!("$.changes.patch_parameters.{name}"),
        );
        let changes_value = patch.value.is_some() || patch.unit.is_some();
        if changes_value
            && matches!(patch.status, Status::Assumed | Status::Inferred)
            && patch
                .note
                .as_deref()
                .is_none_or(|note| note.trim().is_empty())
        {
            problems.push(
                Diagnostic::at_path(
                    origin,
                    format!("$.changes.patch_parameters.{name}.note"),
                    format!(
                        "the patch gives `{name}` a new value marked `{}` but no note saying why; the base's note is about the base's value",
                        patch.status.name()
                    ),
                )
                .fix("add a `note` to the patch saying where the new value comes from"),
            );
        }
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
    // The patched parameter is only as firm as the change made to it. A new value or unit
    // is no longer what the base's citation says, so a patch that gives one without a
    // citation of its own (an `assumed` value with its note) cites nothing; a patch that
    // changes only when the limit starts keeps the citation of its length.
    parameter.status = patch.status;
    if patch.citation.is_some() || patch.value.is_some() || patch.unit.is_some() {
        parameter.citation = patch.citation.clone();
    }
    if patch.value.is_some() || patch.unit.is_some() {
        // The base's note explains the base's value, not this one.
        parameter.note = patch
            .note
            .as_ref()
            .map(|note| format!("Reform {reform}: {note}"));
    } else if let Some(note) = &patch.note {
        parameter.note = Some(match parameter.note.take() {
            Some(base) => format!("{base} Reform {reform}: {note}"),
            None => format!("Reform {reform}: {note}"),
        });
    }
}
