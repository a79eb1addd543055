//! Validation of a merged rule set before it is compiled: ids, provenance (what each
//! status needs), units, guards, time limits, reachability and dead ends, every problem
//! at its JSON path.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::event::{Actor, EventKind};
use crate::source::{Citation, Source, Status, status_problems};

use crate::rules::model::*;
use crate::rules::resolved::*;

use crate::rules::places::Item;

use super::merge::Merged;

pub(super) fn is_identifier(id: &str) -> bool {
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

pub(super) fn validate(origin: &str, merged: Merged) -> Result<RuleSet, Diagnostics> {
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
    let mut worked_weekend_days = Vec::new();
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
        match crate::rules::calendar::Calendar::bundled(&choice.id) {
            Some(calendar) => {
                holidays.extend(calendar.days_off());
                worked_weekend_days = calendar.worked_weekend_days();
            }
            None => problems.push(
                at(
                    "$.calendar.id".into(),
                    format!("there is no calendar `{}`", choice.id),
                )
                .fix(format!(
                    "use one of: {}",
                    crate::rules::calendar::Calendar::bundled_ids().join(", ")
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
    let grounds_closed = policies.refusal_grounds.rule != GroundsRule::Open;
    let uncured_may_ground = policies.refusal_grounds.rule == GroundsRule::ClosedOrUncured;
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
        worked_weekend_days,
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
            uncured_may_ground,
            notice_first: merged.policies.rectifiable_defects.rule
                == RectifiableRule::NoticeAndCureFirst,
            suspension_reset,
        },
    })
}
