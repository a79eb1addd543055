//! What a change in the worst case is made of, so a reader does not take a longer ceiling
//! for a slower procedure.
//!
//! `kz-simplified` reaches registration by day 372 at the latest against 277 under
//! `kz-2022`: its longest way passes a cure period and a second remark round, each a step
//! with a time limit, that the 2022 rules do not have. A ceiling covers only what has a
//! limit; what has none (a stage that can hold a case without end, a loop nothing caps)
//! is listed beside it, with what the change removes and adds. [`WorstCaseReading`]
//! gathers these facts from the two analyses; the reports put them into words.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::source::Status;

use super::analysis::PathsReport;
use super::cycles::CycleStatus;
use super::repeats::Repeat;

/// A time limit on the longest way to registration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitOnTheWay {
    /// The parameter.
    pub parameter: String,
    /// Its length in words.
    pub length: String,
    /// How firmly it is established.
    pub status: Status,
}

/// The facts behind a change in the worst case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorstCaseReading {
    /// The longest bounded way to registration before, in days.
    pub to_registration_before: Option<u32>,
    /// The longest bounded way to registration after, in days.
    pub to_registration_after: Option<u32>,
    /// Stages the longest way to registration passes after and not before.
    pub stages_added_on_the_way: Vec<String>,
    /// Time limits that set a day on the longest way to registration after and on none
    /// before.
    pub limits_added_on_the_way: Vec<LimitOnTheWay>,
    /// The capped loops the longest way after goes round more than once.
    pub repeated_after: Vec<Repeat>,
    /// Whether the longest bounded path before runs on past registration.
    pub longest_past_registration_before: bool,
    /// Whether the longest bounded path after runs on past registration.
    pub longest_past_registration_after: bool,
    /// Stages that can hold a case without end before and not after.
    pub endless_waits_removed: Vec<String>,
    /// Stages that can hold a case without end after and not before.
    pub endless_waits_added: Vec<String>,
    /// How many elementary cycles nothing caps, before.
    pub uncapped_cycles_before: usize,
    /// How many elementary cycles nothing caps, after.
    pub uncapped_cycles_after: usize,
    /// Uncapped cycles before that are gone or capped after, by name.
    pub uncapped_cycles_removed: Vec<String>,
    /// Uncapped cycles after that were not uncapped before, by name.
    pub uncapped_cycles_added: Vec<String>,
}

impl WorstCaseReading {
    /// Reads the change from one analysis to another.
    pub fn new(before: &PathsReport, after: &PathsReport) -> WorstCaseReading {
        let stages = |report: &PathsReport| -> Vec<String> {
            report
                .registration_schedule()
                .map(|(stages, _)| stages.to_vec())
                .unwrap_or_default()
        };
        let limits = |report: &PathsReport| -> Vec<String> {
            report
                .registration_schedule()
                .map(|(_, schedule)| {
                    schedule
                        .steps
                        .iter()
                        .filter_map(|step| step.limit.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        let (stages_before, stages_after) = (stages(before), stages(after));
        let mut stages_added: Vec<String> = Vec::new();
        for stage in &stages_after {
            if !stages_before.contains(stage) && !stages_added.contains(stage) {
                stages_added.push(stage.clone());
            }
        }
        let limits_before = limits(before);
        let mut limits_added: Vec<LimitOnTheWay> = Vec::new();
        for parameter in limits(after) {
            if limits_before.contains(&parameter)
                || limits_added.iter().any(|l| l.parameter == parameter)
            {
                continue;
            }
            if let Some(limit) = after
                .time_limits
                .iter()
                .find(|limit| limit.parameter == parameter)
            {
                limits_added.push(LimitOnTheWay {
                    parameter,
                    length: limit.length(),
                    status: limit.status,
                });
            }
        }
        let repeated_after = after
            .worst_case
            .longest_to_registration_route
            .as_ref()
            .and_then(|route| after.capped_repeats.iter().find(|w| &w.route() == route))
            .map(|walk| walk.repeats.clone())
            .unwrap_or_default();
        let past = |report: &PathsReport| {
            report.worst_case.longest_bounded_route.is_some()
                && report.worst_case.longest_bounded_route
                    != report.worst_case.longest_to_registration_route
        };
        let waits = |report: &PathsReport| -> Vec<String> {
            report
                .worst_case
                .endless_waits
                .iter()
                .map(|wait| wait.stage.clone())
                .collect()
        };
        let (waits_before, waits_after) = (waits(before), waits(after));
        let uncapped = |report: &PathsReport| -> Vec<(String, String)> {
            report
                .loops
                .iter()
                .flat_map(|l| l.cycles.iter())
                .filter(|cycle| cycle.status == CycleStatus::Uncapped)
                .map(|cycle| (cycle.route(), cycle.name.clone()))
                .collect()
        };
        let (uncapped_before, uncapped_after) = (uncapped(before), uncapped(after));
        let names = |these: &[(String, String)], those: &[(String, String)]| -> Vec<String> {
            let routes: BTreeSet<&String> = those.iter().map(|(route, _)| route).collect();
            let mut names: Vec<String> = Vec::new();
            for (route, name) in these {
                if !routes.contains(route) && !names.contains(name) {
                    names.push(name.clone());
                }
            }
            names
        };
        WorstCaseReading {
            to_registration_before: before.worst_case.longest_to_registration_days,
            to_registration_after: after.worst_case.longest_to_registration_days,
            stages_added_on_the_way: stages_added,
            limits_added_on_the_way: limits_added,
            repeated_after,
            longest_past_registration_before: past(before),
            longest_past_registration_after: past(after),
            endless_waits_removed: waits_before
                .iter()
                .filter(|stage| !waits_after.contains(stage))
                .cloned()
                .collect(),
            endless_waits_added: waits_after
                .iter()
                .filter(|stage| !waits_before.contains(stage))
                .cloned()
                .collect(),
            uncapped_cycles_before: uncapped_before.len(),
            uncapped_cycles_after: uncapped_after.len(),
            uncapped_cycles_removed: names(&uncapped_before, &uncapped_after),
            uncapped_cycles_added: names(&uncapped_after, &uncapped_before),
        }
    }
}
