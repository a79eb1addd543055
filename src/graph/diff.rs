//! What a reform changes: the difference between two resolved rule sets.
//!
//! Parameters, policies, the start stage, stages and transitions are compared item by
//! item (matched by id), each change with its old and new value, status and citation, so
//! a reader can check every change against its source. The procedure graphs of both are
//! then compared: paths (as sequences of stages) added, removed, or kept with a different
//! worst case; loop cycles added, removed, or kept with a different cap status; the
//! worst case of the whole procedure before and after; and what the change in the worst
//! case is made of ([`WorstCaseReading`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::event::Actor;
use crate::rules::{Parameter, ParameterUnit, Policy, RuleSet, Stage, Transition};
use crate::source::{Citation, Status};

use super::analysis::{PathsReport, ProcedureWorstCase};
use super::cycles::CycleStatus;
use super::duration::{WorstCase, amount_text};
use super::procedure::ProcedureGraph;
use super::reading::WorstCaseReading;

/// Which rule set a side of the comparison is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the rule set after.
    Added,
    /// Only in the rule set before.
    Removed,
    /// In both, different.
    Changed,
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        })
    }
}

/// Provenance of one side of a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// How firmly it is established.
    pub status: Status,
    /// The citation as a reader looks it up (source title and locator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// The citation as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cites: Option<Citation>,
    /// With no citation: the note that explains the value (why it is assumed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Provenance {
    fn new(
        rules: &RuleSet,
        status: Status,
        citation: Option<&Citation>,
        note: Option<&String>,
    ) -> Provenance {
        Provenance {
            status,
            citation: citation.map(|c| rules.cite(c)),
            cites: citation.cloned(),
            note: citation.is_none().then(|| note.cloned()).flatten(),
        }
    }
}

/// One item (parameter, policy, stage or transition) that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// The item's id (a policy's name).
    pub id: String,
    /// What it is, in a few words.
    pub label: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// For a changed item: the fields that differ.
    pub fields: Vec<String>,
    /// Its value before, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Its value after, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Status and citation before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_source: Option<Provenance>,
    /// Status and citation after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_source: Option<Provenance>,
}

/// A path whose worst case differs between the two rule sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathChange {
    /// The stages, joined by arrows.
    pub route: String,
    /// Worst case before (none if the path is new).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<WorstCase>,
    /// Worst case after (none if the path is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<WorstCase>,
}

/// Paths added, removed, or kept with a different worst case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PathChanges {
    /// Paths only after, in the order of the rule set after.
    pub added: Vec<PathChange>,
    /// Paths only before, in the order of the rule set before.
    pub removed: Vec<PathChange>,
    /// Paths in both whose worst case changed.
    pub changed: Vec<PathChange>,
    /// How many paths are the same in both.
    pub unchanged: usize,
    /// Whether either side stopped at the path cap.
    pub truncated: bool,
}

/// A loop cycle added, removed, or kept with another cap status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CycleChange {
    /// What happens on it.
    pub name: String,
    /// The stages, joined by arrows.
    pub route: String,
    /// Its status before (none if new).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<CycleStatus>,
    /// Its status after (none if gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<CycleStatus>,
    /// What caps it after (within the loop or on its own).
    pub capped_by: Vec<String>,
}

/// The difference between two rule sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleSetDiff {
    /// The rule set before.
    pub before: Side,
    /// The rule set after.
    pub after: Side,
    /// Parameters added, removed or changed, by id.
    pub parameters: Vec<ItemChange>,
    /// Policies changed, in the order of the file format.
    pub policies: Vec<ItemChange>,
    /// The start stage, if it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<ItemChange>,
    /// Stages added, removed or changed (removed in the order before, then the rest in
    /// the order after).
    pub stages: Vec<ItemChange>,
    /// Transitions added, removed or changed (same order as stages).
    pub transitions: Vec<ItemChange>,
    /// Holidays for working-day counts, if they changed: count before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holidays: Option<(usize, usize)>,
    /// Paths added, removed or with another worst case.
    pub paths: PathChanges,
    /// Loop cycles added, removed or with another cap status.
    pub cycles: Vec<CycleChange>,
    /// The worst case of the whole procedure before.
    pub worst_case_before: ProcedureWorstCase,
    /// The worst case of the whole procedure after.
    pub worst_case_after: ProcedureWorstCase,
    /// What the change in the worst case is made of.
    pub reading: WorstCaseReading,
}

impl RuleSetDiff {
    /// Compares two resolved rule sets.
    pub fn new(before: &RuleSet, after: &RuleSet) -> RuleSetDiff {
        let report_before = PathsReport::new(&ProcedureGraph::new(before));
        let report_after = PathsReport::new(&ProcedureGraph::new(after));
        RuleSetDiff {
            before: Side {
                id: before.id.clone(),
                title: before.title.clone(),
            },
            after: Side {
                id: after.id.clone(),
                title: after.title.clone(),
            },
            parameters: parameter_changes(before, after),
            policies: policy_changes(before, after),
            start: (before.procedure.start != after.procedure.start).then(|| ItemChange {
                id: "start".into(),
                label: "The stage every application starts in".into(),
                kind: ChangeKind::Changed,
                fields: vec!["start".into()],
                before: Some(before.procedure.start.clone()),
                after: Some(after.procedure.start.clone()),
                before_source: None,
                after_source: None,
            }),
            stages: item_changes(
                &before.procedure.stages,
                &after.procedure.stages,
                |stage| &stage.id,
                |_, stage| stage_view(stage),
                |_, _| None,
                stage_fields,
                |stage| stage.label.clone(),
                before,
                after,
            ),
            transitions: item_changes(
                &before.procedure.transitions,
                &after.procedure.transitions,
                |transition| &transition.id,
                transition_view,
                |rules, t| {
                    Some(Provenance::new(
                        rules,
                        t.status,
                        t.citation.as_ref(),
                        t.note.as_ref(),
                    ))
                },
                transition_fields,
                |t| format!("{} → {}", t.from, t.to),
                before,
                after,
            ),
            holidays: (before.holidays != after.holidays)
                .then_some((before.holidays.len(), after.holidays.len())),
            paths: path_changes(&report_before, &report_after),
            cycles: cycle_changes(&report_before, &report_after),
            reading: WorstCaseReading::new(&report_before, &report_after),
            worst_case_before: report_before.worst_case,
            worst_case_after: report_after.worst_case,
        }
    }

    /// Whether the two rule sets define the same procedure and values.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty()
            && self.policies.is_empty()
            && self.start.is_none()
            && self.stages.is_empty()
            && self.transitions.is_empty()
            && self.holidays.is_none()
    }
}

/// A parameter's value in words: `700 persons`, `0.6667`, `3 months`.
pub fn parameter_value(parameter: &Parameter) -> String {
    let whole = parameter.value.fract() == 0.0 && parameter.value.abs() < 1e12;
    match parameter.unit {
        ParameterUnit::Share => format!("{} (share)", parameter.value),
        ParameterUnit::Count if whole => format!("{}", parameter.value as i64),
        ParameterUnit::Persons if whole => format!("{} persons", parameter.value as i64),
        unit if whole && parameter.value >= 0.0 && parameter.value <= u32::MAX as f64 => {
            let mut text = amount_text(parameter.value as u32, unit);
            if unit.is_time() {
                let starts: Vec<&str> = parameter.starts_on.iter().map(|k| k.name()).collect();
                text.push_str(&format!(" from {}", starts.join("/")));
                if parameter.paused_while_suspended {
                    text.push_str(", paused while suspended");
                }
            }
            text
        }
        unit => format!("{} {}", parameter.value, unit.label()),
    }
}

fn parameter_changes(before: &RuleSet, after: &RuleSet) -> Vec<ItemChange> {
    let ids: BTreeSet<&String> = before
        .parameters
        .keys()
        .chain(after.parameters.keys())
        .collect();
    let mut changes = Vec::new();
    for id in ids {
        let old = before.parameters.get(id);
        let new = after.parameters.get(id);
        let (kind, fields) = match (old, new) {
            (Some(a), Some(b)) => {
                let mut fields = Vec::new();
                let mut differs = |name: &str, different: bool| {
                    if different {
                        fields.push(name.to_string());
                    }
                };
                differs("label", a.label != b.label);
                differs("value", a.value != b.value || a.unit != b.unit);
                differs("starts_on", a.starts_on != b.starts_on);
                differs(
                    "paused_while_suspended",
                    a.paused_while_suspended != b.paused_while_suspended,
                );
                differs("status", a.status != b.status);
                differs("citation", a.citation != b.citation);
                differs("note", a.note != b.note);
                if fields.is_empty() {
                    continue;
                }
                (ChangeKind::Changed, fields)
            }
            (None, Some(_)) => (ChangeKind::Added, Vec::new()),
            (Some(_), None) => (ChangeKind::Removed, Vec::new()),
            (None, None) => continue,
        };
        let label = new.or(old).map_or_else(String::new, |p| p.label.clone());
        changes.push(ItemChange {
            id: id.clone(),
            label,
            kind,
            fields,
            before: old.map(parameter_value),
            after: new.map(parameter_value),
            before_source: old
                .map(|p| Provenance::new(before, p.status, p.citation.as_ref(), p.note.as_ref())),
            after_source: new
                .map(|p| Provenance::new(after, p.status, p.citation.as_ref(), p.note.as_ref())),
        });
    }
    changes
}

fn rule_name<R: Serialize>(rule: &R) -> String {
    match serde_json::to_value(rule) {
        Ok(serde_json::Value::String(name)) => name,
        _ => "?".into(),
    }
}

fn policy_view<R: Serialize>(policy: &Policy<R>) -> String {
    let mut text = rule_name(&policy.rule);
    if !policy.listed.is_empty() {
        let listed: Vec<&str> = policy.listed.iter().map(|code| code.name()).collect();
        text.push_str(&format!(" ({})", listed.join(", ")));
    }
    text
}

fn policy_change<R: Serialize + PartialEq>(
    name: &str,
    label: &str,
    before: (&RuleSet, &Policy<R>),
    after: (&RuleSet, &Policy<R>),
) -> Option<ItemChange> {
    let (a, b) = (before.1, after.1);
    let mut fields = Vec::new();
    for (field, different) in [
        ("rule", a.rule != b.rule),
        ("listed", a.listed != b.listed),
        ("status", a.status != b.status),
        ("citation", a.citation != b.citation),
        ("note", a.note != b.note),
    ] {
        if different {
            fields.push(field.to_string());
        }
    }
    (!fields.is_empty()).then(|| ItemChange {
        id: name.into(),
        label: label.into(),
        kind: ChangeKind::Changed,
        fields,
        before: Some(policy_view(a)),
        after: Some(policy_view(b)),
        before_source: Some(Provenance::new(
            before.0,
            a.status,
            a.citation.as_ref(),
            a.note.as_ref(),
        )),
        after_source: Some(Provenance::new(
            after.0,
            b.status,
            b.citation.as_ref(),
            b.note.as_ref(),
        )),
    })
}

fn policy_changes(before: &RuleSet, after: &RuleSet) -> Vec<ItemChange> {
    let (a, b) = (&before.policies, &after.policies);
    [
        policy_change(
            "refusal_grounds",
            "Grounds on which registration may be refused",
            (before, &a.refusal_grounds),
            (after, &b.refusal_grounds),
        ),
        policy_change(
            "rectifiable_defects",
            "What the authority may do with a rectifiable defect",
            (before, &a.rectifiable_defects),
            (after, &b.rectifiable_defects),
        ),
        policy_change(
            "authority_silence",
            "What the authority's silence past its deadline means",
            (before, &a.authority_silence),
            (after, &b.authority_silence),
        ),
        policy_change(
            "notification",
            "Whether a notification needs confirmation",
            (before, &a.notification),
            (after, &b.notification),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn stage_view(stage: &Stage) -> String {
    let waiting = stage
        .waiting_on
        .map_or(String::new(), |actor| format!(", waiting on the {actor}"));
    let outcome = match stage.outcome {
        crate::rules::StageOutcome::Pending => "",
        crate::rules::StageOutcome::Registered => ", outcome registered",
        crate::rules::StageOutcome::Ended => ", outcome ended",
    };
    format!("{}{waiting}{outcome}", stage.label)
}

fn stage_fields(a: &Stage, b: &Stage) -> Vec<String> {
    let mut fields = Vec::new();
    for (field, different) in [
        ("label", a.label != b.label),
        ("waiting_on", a.waiting_on != b.waiting_on),
        ("outcome", a.outcome != b.outcome),
    ] {
        if different {
            fields.push(field.to_string());
        }
    }
    fields
}

fn transition_view(rules: &RuleSet, transition: &Transition) -> String {
    let actor: Actor = transition.event.actor();
    let mut text = format!(
        "{} → {} on {} ({actor})",
        transition.from, transition.to, transition.event
    );
    match &transition.deadline {
        Some(parameter) => {
            let length = rules.parameters.get(parameter).map_or_else(
                || "?".into(),
                |p| {
                    if p.value >= 0.0 && p.value <= u32::MAX as f64 {
                        amount_text(p.value as u32, p.unit)
                    } else {
                        p.value.to_string()
                    }
                },
            );
            text.push_str(&format!(", within {parameter} ({length})"));
        }
        None => text.push_str(", no time limit"),
    }
    if !transition.guards.is_empty() {
        let guards: Vec<String> = transition.guards.iter().map(ToString::to_string).collect();
        text.push_str(&format!(", if {}", guards.join(", ")));
    }
    text
}

fn transition_fields(a: &Transition, b: &Transition) -> Vec<String> {
    let mut fields = Vec::new();
    for (field, different) in [
        ("from", a.from != b.from),
        ("to", a.to != b.to),
        ("event", a.event != b.event),
        ("guards", a.guards != b.guards),
        ("deadline", a.deadline != b.deadline),
        ("status", a.status != b.status),
        ("citation", a.citation != b.citation),
        ("note", a.note != b.note),
    ] {
        if different {
            fields.push(field.to_string());
        }
    }
    fields
}

/// Items matched by id: removed ones in the order before, then added and changed ones in
/// the order after.
#[allow(clippy::too_many_arguments)]
fn item_changes<T>(
    before_items: &[T],
    after_items: &[T],
    id: impl Fn(&T) -> &String,
    view: impl Fn(&RuleSet, &T) -> String,
    provenance: impl Fn(&RuleSet, &T) -> Option<Provenance>,
    fields: impl Fn(&T, &T) -> Vec<String>,
    label: impl Fn(&T) -> String,
    before: &RuleSet,
    after: &RuleSet,
) -> Vec<ItemChange> {
    let old: BTreeMap<&String, &T> = before_items.iter().map(|item| (id(item), item)).collect();
    let new: BTreeMap<&String, &T> = after_items.iter().map(|item| (id(item), item)).collect();
    let mut changes = Vec::new();
    for item in before_items {
        if !new.contains_key(id(item)) {
            changes.push(ItemChange {
                id: id(item).clone(),
                label: label(item),
                kind: ChangeKind::Removed,
                fields: Vec::new(),
                before: Some(view(before, item)),
                after: None,
                before_source: provenance(before, item),
                after_source: None,
            });
        }
    }
    for item in after_items {
        let (kind, changed, previous) = match old.get(id(item)) {
            None => (ChangeKind::Added, Vec::new(), None),
            Some(previous) => {
                let changed = fields(previous, item);
                if changed.is_empty() {
                    continue;
                }
                (ChangeKind::Changed, changed, Some(*previous))
            }
        };
        changes.push(ItemChange {
            id: id(item).clone(),
            label: label(item),
            kind,
            fields: changed,
            before: previous.map(|p| view(before, p)),
            after: Some(view(after, item)),
            before_source: previous.and_then(|p| provenance(before, p)),
            after_source: provenance(after, item),
        });
    }
    changes
}

fn path_changes(before: &PathsReport, after: &PathsReport) -> PathChanges {
    let old: BTreeMap<String, &WorstCase> = before
        .paths
        .paths
        .iter()
        .map(|path| (path.route(), &path.worst_case))
        .collect();
    let new: BTreeMap<String, &WorstCase> = after
        .paths
        .paths
        .iter()
        .map(|path| (path.route(), &path.worst_case))
        .collect();
    let mut changes = PathChanges {
        truncated: before.paths.truncated || after.paths.truncated,
        ..PathChanges::default()
    };
    for path in &before.paths.paths {
        let route = path.route();
        if !new.contains_key(&route) {
            changes.removed.push(PathChange {
                route,
                before: Some(path.worst_case.clone()),
                after: None,
            });
        }
    }
    for path in &after.paths.paths {
        let route = path.route();
        match old.get(&route) {
            None => changes.added.push(PathChange {
                route,
                before: None,
                after: Some(path.worst_case.clone()),
            }),
            Some(previous) if **previous != path.worst_case => changes.changed.push(PathChange {
                route,
                before: Some((*previous).clone()),
                after: Some(path.worst_case.clone()),
            }),
            Some(_) => changes.unchanged += 1,
        }
    }
    changes
}

fn cycle_changes(before: &PathsReport, after: &PathsReport) -> Vec<CycleChange> {
    let cycles = |report: &PathsReport| -> Vec<(String, String, CycleStatus, Vec<String>)> {
        report
            .loops
            .iter()
            .flat_map(|l| l.cycles.iter())
            .map(|cycle| {
                let mut caps = cycle.capped_by.clone();
                caps.extend(cycle.capped_on_its_own_by.iter().cloned());
                (cycle.route(), cycle.name.clone(), cycle.status, caps)
            })
            .collect()
    };
    let old = cycles(before);
    let new = cycles(after);
    let old_by_route: BTreeMap<&str, CycleStatus> = old
        .iter()
        .map(|(route, _, status, _)| (route.as_str(), *status))
        .collect();
    let new_routes: BTreeSet<&str> = new.iter().map(|(route, ..)| route.as_str()).collect();
    let mut changes = Vec::new();
    for (route, name, status, caps) in &old {
        if !new_routes.contains(route.as_str()) {
            changes.push(CycleChange {
                name: name.clone(),
                route: route.clone(),
                before: Some(*status),
                after: None,
                capped_by: caps.clone(),
            });
        }
    }
    for (route, name, status, caps) in &new {
        let previous = old_by_route.get(route.as_str()).copied();
        if previous != Some(*status) {
            changes.push(CycleChange {
                name: name.clone(),
                route: route.clone(),
                before: previous,
                after: Some(*status),
                capped_by: caps.clone(),
            });
        }
    }
    changes
}
