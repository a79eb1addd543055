//! The `regsim paths` report as text or Markdown: the verdict on the worst case and what
//! decides it, what a worst case means, how the worst case to registration adds up step
//! by step, every path with its worst-case duration, the moves they are made of, the
//! loops with what could cap them, and any unreachable stage or dead end.

use std::collections::BTreeSet;

use crate::event::Actor;
use crate::graph::analysis::{PathsReport, Verdict};
use crate::graph::cycles::CycleStatus;
use crate::graph::duration::{CLOCK_FIRES_AFTER, StepBound, amount_text};
use crate::graph::paths::PathStep;
use crate::graph::schedule::ScheduledStep;

use crate::source::Status;

use super::document::Document;

/// The report as aligned text.
pub fn render_text(report: &PathsReport) -> String {
    document(report).to_text()
}

/// The report as Markdown.
pub fn render_markdown(report: &PathsReport) -> String {
    document(report).to_markdown()
}

fn days(days: u32) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

fn document(report: &PathsReport) -> Document {
    let mut doc = Document::new();
    doc.heading(1, format!("Paths of {}: {}", report.rule_set, report.title));
    let worst = &report.worst_case;
    doc.paragraph(format!(
        "Start: {}. {} simple path{} to {} target stage{}; {} loop{}.",
        report.start,
        report.paths.paths.len(),
        plural(report.paths.paths.len()),
        report.targets.len(),
        plural(report.targets.len()),
        report.loops.len(),
        plural(report.loops.len()),
    ));
    doc.paragraph(format!(
        "The transitions these paths are made of, by status: {}.",
        report.transition_statuses
    ));

    doc.heading(2, "Worst case");
    match worst.verdict {
        Verdict::Finite => doc.paragraph(format!(
            "FINITE: every path is bounded, no stage can hold a case without end, and every \
             loop is capped. The longest way through takes at most {}, counting the rounds a \
             counter cap allows on a loop (such as a second remark round); a loop capped by a \
             time limit goes round only until the limit runs out.",
            worst.longest_bounded_days.map_or("0 days".into(), days)
        )),
        Verdict::Unbounded => {
            let mut reasons = Vec::new();
            if !worst.endless_waits.is_empty() {
                reasons.push(format!(
                    "{} stage{} can hold a case without end",
                    worst.endless_waits.len(),
                    plural(worst.endless_waits.len())
                ));
            }
            if worst.unbounded_paths > 0 {
                reasons.push(format!(
                    "{} path{} {} a step without a time limit",
                    worst.unbounded_paths,
                    plural(worst.unbounded_paths),
                    if worst.unbounded_paths == 1 {
                        "has"
                    } else {
                        "have"
                    }
                ));
            }
            if worst.uncapped_loops > 0 {
                reasons.push(format!(
                    "{} loop{} can repeat without end",
                    worst.uncapped_loops,
                    plural(worst.uncapped_loops)
                ));
            }
            let reasons = match reasons.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{}, and {last}", rest.join(", ")),
                None => String::new(),
            };
            doc.paragraph(format!(
                "UNBOUNDED: no upper limit follows from the rules, because {reasons}."
            ));
        }
    }
    let mut facts = Vec::new();
    if let (Some(longest), Some(route)) = (worst.longest_bounded_days, &worst.longest_bounded_route)
    {
        facts.push(format!(
            "Longest bounded way, any target: {}: {route}",
            days(longest)
        ));
    }
    if let (Some(longest), Some(route)) = (
        worst.longest_to_registration_days,
        &worst.longest_to_registration_route,
    ) {
        let mut fact = format!(
            "Longest bounded way to registration (the first registered stage reached): {}: \
             {route}",
            days(longest)
        );
        if let Some(walk) = report.capped_repeats.iter().find(|w| &w.route() == route) {
            let simple = report
                .paths
                .paths
                .iter()
                .filter(|p| p.target == walk.target && p.worst_case.bounded)
                .map(|p| p.worst_case.days)
                .max();
            let rounds: Vec<String> = walk
                .repeats
                .iter()
                .map(|repeat| {
                    format!(
                        "{} {} more time{} at {}, as {} = {} allows on one filing",
                        repeat.cycle,
                        repeat.extra_rounds,
                        plural(repeat.extra_rounds as usize),
                        repeat.at,
                        repeat.cap,
                        repeat.cap_value
                    )
                })
                .collect();
            fact.push_str(&format!(
                " (it goes round {}{})",
                rounds.join(", and "),
                simple.map_or(String::new(), |d| format!(
                    "; the simple paths alone reach at most {}",
                    days(d)
                ))
            ));
        }
        facts.push(fact);
    }
    let unestablished: Vec<String> = report
        .time_limits
        .iter()
        .filter(|limit| !matches!(limit.status, Status::Law | Status::Official))
        .map(|limit| format!("{} ({})", limit.parameter, limit.status))
        .collect();
    if !unestablished.is_empty() {
        facts.push(format!(
            "Time limits neither read in Kazakh law nor stated by a Kazakh authority: {}",
            unestablished.join(", ")
        ));
    }
    if !worst.applicant_own_time.is_empty() {
        facts.push(format!(
            "Applicant's own time (no limit, counted as 0 days): {}",
            worst.applicant_own_time.join(", ")
        ));
    }
    if report.capped_repeats_truncated {
        facts.push(format!(
            "The search for walks that repeat a capped loop stopped after timing {} walks; \
             the longest figures cover the walks it tried",
            crate::graph::repeats::REPEAT_BUDGET
        ));
    }
    doc.list(facts);
    doc.heading(3, "What a worst case means");
    doc.paragraph(WORST_CASE_MEANING);
    if let Some((stages, schedule)) = report.registration_schedule() {
        doc.heading(3, "How the worst case to registration adds up");
        doc.table(
            ["day", "move", "transition", "why this day"],
            schedule
                .steps
                .iter()
                .enumerate()
                .map(|(k, step)| {
                    vec![
                        step.day.to_string(),
                        format!(
                            "{} → {}",
                            stages.get(k).map_or("?", String::as_str),
                            stages.get(k + 1).map_or("?", String::as_str)
                        ),
                        step.transition.clone(),
                        why_this_day(report, &schedule.steps, step),
                    ]
                })
                .collect(),
        );
    }
    if !worst.endless_waits.is_empty() {
        doc.heading(3, "Stages that can hold a case without end");
        doc.table(
            ["stage", "ways out, none with a time limit"],
            worst
                .endless_waits
                .iter()
                .map(|wait| vec![wait.stage.clone(), wait.transitions.join(", ")])
                .collect(),
        );
    }
    if !worst.open_steps.is_empty() {
        doc.heading(3, "Steps the authority or a court takes with no time limit");
        doc.table(
            ["transition", "move", "event", "actor", "where"],
            worst
                .open_steps
                .iter()
                .map(|step| {
                    let mut place = Vec::new();
                    if step.paths > 0 {
                        place.push(format!("on {} path{}", step.paths, plural(step.paths)));
                    }
                    if step.in_loop {
                        place.push("in a loop".into());
                    }
                    vec![
                        step.transition.clone(),
                        format!("{} → {}", step.from, step.to),
                        step.event.to_string(),
                        step.actor.to_string(),
                        place.join(", "),
                    ]
                })
                .collect(),
        );
    }

    doc.heading(2, "Paths");
    doc.paragraph(
        "A path's worst case is the latest day, counted from the start (day 0), on which its \
         last move can happen when every move happens as late as its time limit allows. Each \
         limit runs once, from the event that starts it (its `started by` below), whatever \
         moves come between: a move that does not start a limit does not restart it. Limits \
         count their longest span in calendar days (a month 31 days, working days their \
         longest span over the weekdays). A move with no limit is the applicant's own time \
         (0 days) or, when the authority or a court makes it, unbounded.",
    );
    if report.paths.truncated {
        doc.paragraph(format!(
            "The search stopped before finding every path (it examines at most {} paths and a \
             fixed amount of work); the figures cover the paths found.",
            report.paths.cap
        ));
    }
    for target in &report.targets {
        let ending: Vec<_> = report
            .paths
            .paths
            .iter()
            .filter(|path| path.target == target.stage)
            .collect();
        doc.heading(
            3,
            format!(
                "To {} ({}): {} path{}",
                target.stage,
                target.outcome,
                ending.len(),
                plural(ending.len())
            ),
        );
        let open = ending.iter().any(|path| !path.worst_case.bounded);
        doc.table(
            if open {
                vec!["worst case", "stages", "unbounded by"]
            } else {
                vec!["worst case", "stages"]
            },
            ending
                .iter()
                .map(|path| {
                    let mut row = vec![path.worst_case.to_string(), path.route()];
                    if open {
                        row.push(path.worst_case.unbounded_by.join(", "));
                    }
                    row
                })
                .collect(),
        );
    }

    doc.heading(3, "Moves on the paths");
    let mut seen = BTreeSet::new();
    let mut moves: Vec<&PathStep> = Vec::new();
    for path in &report.paths.paths {
        for step in &path.steps {
            if seen.insert((step.from.as_str(), step.to.as_str())) {
                moves.push(step);
            }
        }
    }
    doc.paragraph(format!(
        "Days are counted the way the state machine and the simulator count them. A limit \
         starts on the day of the event that starts it; its last day is that day plus its \
         length. An act is in time on the last day. A clock move (a window lapsing, deemed \
         registration) fires {} day after the last day, or on the day the case reaches its \
         stage if that is later. So a 1-month limit (31 days at the longest) lets the \
         Ministry decide up to day 31 after it started, and a clock bound by it fires on \
         day 32.",
        CLOCK_FIRES_AFTER
    ));
    let limit_of = |parameter: &Option<String>| {
        let parameter = parameter.as_deref()?;
        report
            .time_limits
            .iter()
            .find(|limit| limit.parameter == parameter)
            .map(|limit| format!("{} ({}, {})", limit.length(), limit.parameter, limit.status))
    };
    doc.table(
        [
            "move",
            "transition",
            "actor",
            "latest, from the limit's start",
            "time limit",
        ],
        moves
            .iter()
            .flat_map(|step| {
                step.options.iter().map(move |option| {
                    vec![
                        format!("{} → {}", step.from, step.to),
                        option.transition.clone(),
                        option.actor.to_string(),
                        bound_text(option.bound),
                        limit_of(&option.time_limit).unwrap_or_else(|| "-".into()),
                    ]
                })
            })
            .collect(),
    );

    doc.heading(3, "Time limits");
    doc.paragraph(
        "Status says what stands behind each length: law (read in a Kazakh statute), \
         official (stated by a Kazakh authority), reported (press, NGO or foreign reports), \
         comparative (a foreign law, draft or standard used as a model), inferred (from \
         recorded cases) or ASSUMED (a modelling choice, explained in the rule set's note; \
         `regsim rules show` gives every note and citation). A worst case is only as firm as \
         the least firm limit on its path.",
    );
    doc.table(
        [
            "parameter",
            "length",
            "status",
            "longest span",
            "started by",
            "paused while suspended",
        ],
        report
            .time_limits
            .iter()
            .map(|limit| {
                vec![
                    limit.parameter.clone(),
                    amount_text(limit.amount, limit.unit),
                    limit.status.to_string(),
                    days(limit.longest_days),
                    limit
                        .starts_on
                        .iter()
                        .map(|kind| kind.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                    if limit.paused_while_suspended {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                ]
            })
            .collect(),
    );

    doc.heading(2, "Loops");
    doc.paragraph(
        "A loop is a set of stages a case can go round more than once (a strongly connected \
         component of the graph). A counter guard caps it if no filing in it resets the count; \
         a time limit caps it if nothing in it restarts the limit. Each cycle of a loop is \
         capped (a cap holds whatever else happens in the loop), capped on its own only (the \
         cap holds while the case goes round this cycle alone, but another way round the loop \
         restarts the limit or resets the count), or UNCAPPED.",
    );
    if report.loops.is_empty() {
        doc.paragraph("None: no stage can be reached twice.");
    }
    for (index, found) in report.loops.iter().enumerate() {
        doc.heading(
            3,
            format!(
                "Loop {}: {} stage{}, {}",
                index + 1,
                found.stages.len(),
                plural(found.stages.len()),
                if found.capped { "capped" } else { "UNCAPPED" }
            ),
        );
        doc.paragraph(format!("Stages: {}.", found.stages.join(", ")));
        doc.paragraph(format!("Transitions: {}.", found.transitions.join(", ")));
        if found.capped {
            doc.paragraph("Every way round it passes a transition a cap stops.");
        } else {
            let whole =
                matches!(found.uncapped_parts.as_slice(), [part] if part.stages == found.stages);
            if whole {
                doc.paragraph(
                    "Nothing in the rules stops a case going round it without end: no cap \
                     holds anywhere in it.",
                );
            } else {
                let parts: Vec<String> = found
                    .uncapped_parts
                    .iter()
                    .map(|part| part.stages.join(", "))
                    .collect();
                doc.paragraph(format!(
                    "Nothing in the rules stops a case going round part of it without end; \
                     what still cycles with every cap applied: {}.",
                    parts.join("; ")
                ));
            }
        }
        if found.caps.is_empty() {
            doc.paragraph(
                "What could cap it: nothing (no counter guard, no time limit on its transitions).",
            );
        } else {
            doc.paragraph("What could cap it:");
            doc.table(
                ["cap", "value", "holds", "transitions", "why"],
                found
                    .caps
                    .iter()
                    .map(|cap| {
                        vec![
                            cap.parameter.clone(),
                            cap.value.clone(),
                            if cap.holds { "yes" } else { "no" }.into(),
                            cap.transitions.join(", "),
                            cap.reason.clone(),
                        ]
                    })
                    .collect(),
            );
        }
        doc.paragraph(format!(
            "Cycles ({}{}):",
            found.cycles.len(),
            if found.cycles_truncated {
                ", more not listed"
            } else {
                ""
            }
        ));
        doc.table(
            ["status", "cycle", "stages"],
            found
                .cycles
                .iter()
                .map(|cycle| {
                    let status = match cycle.status {
                        CycleStatus::Capped => format!("capped by {}", cycle.capped_by.join(", ")),
                        CycleStatus::CappedOnItsOwn => format!(
                            "capped on its own only, by {}",
                            cycle.capped_on_its_own_by.join(", ")
                        ),
                        CycleStatus::Uncapped => "UNCAPPED".into(),
                    };
                    vec![status, cycle.name.clone(), cycle.route()]
                })
                .collect(),
        );
    }

    doc.heading(2, "Unreachable stages and dead ends");
    let reach = &report.reachability;
    doc.list(vec![
        format!(
            "Unreachable from {}: {}",
            report.start,
            none_or(&reach.unreachable)
        ),
        format!(
            "Dead ends (nothing leaves them, outcome pending): {}",
            none_or(&reach.dead_ends)
        ),
    ]);
    doc
}

/// What a worst case is and is not, in plain words (shared with `rules diff`).
pub const WORST_CASE_MEANING: &str = "A worst case is a ceiling the rules put on one way \
     through the procedure: the day by which every step must have happened if every actor \
     uses every time limit in full. It is not a forecast of how long cases take. It exists \
     only where every step has a time limit: where the verdict is UNBOUNDED, a case can wait \
     without end or go round a loop nothing caps, and no number of days describes that. So \
     read the verdict, the stages that can hold a case without end and the uncapped loops \
     before the days: a reform that adds steps with limits (a cure period, a second remark \
     round) can raise the ceiling of its bounded paths while it removes waits and loops that \
     had no ceiling at all.";

/// Why a move of the worst case falls on its day.
fn why_this_day(report: &PathsReport, walk: &[ScheduledStep], step: &ScheduledStep) -> String {
    let Some(parameter) = &step.limit else {
        return match step.actor {
            Actor::Applicant => "the applicant's own time (counted as 0 days)".into(),
            _ => "no time limit: UNBOUNDED (counted as 0 days)".into(),
        };
    };
    let limit = report
        .time_limits
        .iter()
        .find(|limit| &limit.parameter == parameter);
    let named = limit.map_or_else(
        || parameter.clone(),
        |limit| format!("{} ({parameter}, {})", limit.length(), limit.status),
    );
    let from = step.started_by.as_ref().map_or_else(
        || "from reaching the stage (nothing on the way started it)".to_string(),
        |start| {
            // A lapse is named by the limit that ran out (`window_lapsed` is every lapse).
            let lapsed = walk
                .get(start.step)
                .filter(|_| start.event == crate::event::EventKind::WindowLapsed)
                .and_then(|move_| move_.limit.as_ref());
            match lapsed {
                Some(limit) => format!("from the lapse of {limit} on day {}", start.day),
                None => format!("from {} on day {}", start.event, start.day),
            }
        },
    );
    if step.actor == Actor::Clock {
        let due = step
            .started_by
            .as_ref()
            .zip(limit)
            .map(|(start, limit)| start.day + limit.longest_days);
        match due {
            Some(due) if step.day > due + CLOCK_FIRES_AFTER => {
                format!("fires on arrival: {named} {from} had already run out on day {due}")
            }
            _ => format!("fires the day after the last day of {named} {from}"),
        }
    } else if step.held_back {
        format!("{named} {from} would allow later, but a later step's limit must still be kept")
    } else {
        format!("last day of {named} {from}")
    }
}

fn bound_text(bound: StepBound) -> String {
    match bound {
        StepBound::ApplicantOwnTime => "own time".into(),
        StepBound::Limited { days } => format!("by day {days}"),
        StepBound::Fires { days } => format!("fires on day {days}"),
        StepBound::Unbounded => "UNBOUNDED".into(),
    }
}

fn none_or(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
