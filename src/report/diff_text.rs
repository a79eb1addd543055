//! The `regsim rules diff` report as text or Markdown: the worst case before and after,
//! read in plain words (what a ceiling is, what a longer one is made of, what no ceiling
//! covers), then every changed parameter, policy, stage and transition with its old and new value,
//! status and citation, then the paths and loop cycles the change adds or removes.

use crate::graph::analysis::{ProcedureWorstCase, Verdict};
use crate::graph::cycles::CycleStatus;
use crate::graph::diff::{ChangeKind, ItemChange, PathChange, Provenance, RuleSetDiff};
use crate::source::Status;

use super::document::Document;
use super::paths_text::WORST_CASE_MEANING;

/// The report as aligned text.
pub fn render_text(diff: &RuleSetDiff) -> String {
    document(diff).to_text()
}

/// The report as Markdown.
pub fn render_markdown(diff: &RuleSetDiff) -> String {
    document(diff).to_markdown()
}

fn document(diff: &RuleSetDiff) -> Document {
    let mut doc = Document::new();
    let (a, b) = (&diff.before.id, &diff.after.id);
    doc.heading(1, format!("What changes from {a} to {b}"));
    doc.list(vec![
        format!("Before: {a}: {}", diff.before.title),
        format!("After: {b}: {}", diff.after.title),
    ]);
    if diff.is_empty() {
        doc.paragraph("The two rule sets define the same values and procedure.");
    }

    doc.heading(2, "Worst case");
    doc.table(["", a.as_str(), b.as_str()], worst_case_rows(diff));
    let open = |w: &ProcedureWorstCase| -> Vec<String> {
        w.open_steps.iter().map(|s| s.transition.clone()).collect()
    };
    let (open_before, open_after) = (open(&diff.worst_case_before), open(&diff.worst_case_after));
    let listed = |these: &[String], those: &[String], wanted: bool| -> String {
        let chosen: Vec<&str> = these
            .iter()
            .filter(|t| those.contains(t) == wanted)
            .map(String::as_str)
            .collect();
        if chosen.is_empty() {
            "none".into()
        } else {
            chosen.join(", ")
        }
    };
    doc.paragraph("Steps the authority or a court takes with no time limit:");
    doc.list(vec![
        format!("only in {a}: {}", listed(&open_before, &open_after, false)),
        format!("only in {b}: {}", listed(&open_after, &open_before, false)),
        format!("in both: {}", listed(&open_after, &open_before, true)),
    ]);
    reading(&mut doc, diff);

    section(&mut doc, "Parameters", &diff.parameters);
    section(&mut doc, "Policies", &diff.policies);
    if let Some(start) = &diff.start {
        section(&mut doc, "Start stage", std::slice::from_ref(start));
    }
    section(&mut doc, "Stages", &diff.stages);
    section(&mut doc, "Transitions", &diff.transitions);
    if let Some((before, after)) = diff.holidays {
        doc.heading(2, "Holidays");
        doc.paragraph(format!(
            "The public holidays skipped in working-day counts changed: {before} before, {after} after."
        ));
    }

    doc.heading(2, "Paths");
    let paths = &diff.paths;
    doc.paragraph(format!(
        "{} added, {} removed, {} with another worst case, {} unchanged{}.",
        paths.added.len(),
        paths.removed.len(),
        paths.changed.len(),
        paths.unchanged,
        if paths.truncated {
            " (a side has more paths than were examined)"
        } else {
            ""
        }
    ));
    let mut rows = Vec::new();
    rows.extend(paths.removed.iter().map(|p| path_row("removed", p)));
    rows.extend(paths.added.iter().map(|p| path_row("added", p)));
    rows.extend(paths.changed.iter().map(|p| path_row("changed", p)));
    doc.table(["change", "worst case before", "after", "stages"], rows);

    doc.heading(2, "Loop cycles");
    if diff.cycles.is_empty() {
        doc.paragraph("No cycle added, removed or differently capped.");
    }
    doc.table(
        ["change", "before", "after", "cycle", "capped by", "stages"],
        diff.cycles
            .iter()
            .map(|cycle| {
                let change = match (cycle.before, cycle.after) {
                    (None, _) => "added",
                    (_, None) => "removed",
                    _ => "changed",
                };
                vec![
                    change.into(),
                    cycle.before.map_or("-".into(), |s| s.to_string()),
                    cycle.after.map_or("-".into(), |s| s.to_string()),
                    cycle.name.clone(),
                    match cycle.after {
                        Some(CycleStatus::Uncapped) | None => "-".into(),
                        Some(_) => cycle.capped_by.join(", "),
                    },
                    cycle.route.clone(),
                ]
            })
            .collect(),
    );
    doc
}

/// The worst case in plain words: what a ceiling is, what the change in it is made of,
/// and what no ceiling covers.
fn reading(doc: &mut Document, diff: &RuleSetDiff) {
    let (a, b) = (&diff.before.id, &diff.after.id);
    let read = &diff.reading;
    doc.heading(2, "Reading the worst case");
    doc.paragraph(WORST_CASE_MEANING);
    let mut items = Vec::new();
    let (before, after) = (read.to_registration_before, read.to_registration_after);
    let days = |d: Option<u32>| d.map_or("no bounded way".to_string(), |d| format!("{d} days"));
    let change = match (before, after) {
        (Some(x), Some(y)) if y > x => format!(", {} days longer", y - x),
        (Some(x), Some(y)) if y < x => format!(", {} days shorter", x - y),
        (Some(_), Some(_)) => ", the same".to_string(),
        _ => String::new(),
    };
    items.push(format!(
        "Longest bounded way to registration: {} under {a}, {} under {b}{change}.",
        days(before),
        days(after)
    ));
    let longer = matches!((before, after), (Some(x), Some(y)) if y > x);
    if longer {
        let mut parts = Vec::new();
        if !read.stages_added_on_the_way.is_empty() {
            parts.push(format!(
                "it passes stages the way under {a} does not: {}",
                read.stages_added_on_the_way.join(", ")
            ));
        }
        if !read.limits_added_on_the_way.is_empty() {
            let limits: Vec<String> = read
                .limits_added_on_the_way
                .iter()
                .map(|l| format!("{} ({}, {})", l.parameter, l.length, l.status))
                .collect();
            parts.push(format!("each bound by a time limit: {}", limits.join(", ")));
        }
        for repeat in &read.repeated_after {
            parts.push(format!(
                "it goes round {} {} more time{} at {}, as {} = {} allows",
                repeat.cycle,
                repeat.extra_rounds,
                if repeat.extra_rounds == 1 { "" } else { "s" },
                repeat.at,
                repeat.cap,
                repeat.cap_value
            ));
        }
        if !parts.is_empty() {
            items.push(format!(
                "The extra days are steps with time limits that {b} adds on the way, used in \
                 full: {}.",
                parts.join("; ")
            ));
        }
    }
    let past = |flag: bool, id: &str, worst: &ProcedureWorstCase| {
        let route = worst.longest_bounded_route.as_deref().filter(|_| flag)?;
        let end = route.rsplit(" → ").next().unwrap_or(route);
        Some(format!(
            "{id}: {} days, ending at {end}",
            worst.longest_bounded_days.unwrap_or(0)
        ))
    };
    let runs_past: Vec<String> = [
        past(
            read.longest_past_registration_before,
            a,
            &diff.worst_case_before,
        ),
        past(
            read.longest_past_registration_after,
            b,
            &diff.worst_case_after,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !runs_past.is_empty() {
        items.push(format!(
            "The longest bounded way overall runs on past registration ({}): it counts time \
             the organisation has after it is registered (such as the window to register \
             branches), not time waiting for registration.",
            runs_past.join("; ")
        ));
    }
    let waits = |w: &ProcedureWorstCase| {
        let stages: Vec<&str> = w.endless_waits.iter().map(|e| e.stage.as_str()).collect();
        match stages.len() {
            0 => "no stage can hold a case without end".to_string(),
            1 => format!("1 stage can hold a case without end ({})", stages[0]),
            n => format!(
                "{n} stages can hold a case without end ({})",
                stages.join(", ")
            ),
        }
    };
    items.push(format!(
        "What no ceiling covers: under {a}, {} and {} cycle{} nothing caps; under {b}, {} and \
         {} cycle{} nothing caps (see Loop cycles).",
        waits(&diff.worst_case_before),
        read.uncapped_cycles_before,
        if read.uncapped_cycles_before == 1 {
            ""
        } else {
            "s"
        },
        waits(&diff.worst_case_after),
        read.uncapped_cycles_after,
        if read.uncapped_cycles_after == 1 {
            ""
        } else {
            "s"
        },
    ));
    let none_or = |items: &[String], quoted: bool| {
        if items.is_empty() {
            "none".to_string()
        } else if quoted {
            let quoted: Vec<String> = items.iter().map(|item| format!("“{item}”")).collect();
            quoted.join(", ")
        } else {
            items.join(", ")
        }
    };
    items.push(format!(
        "{b} removes: waits without end: {}; uncapped cycles: {}.",
        none_or(&read.endless_waits_removed, false),
        none_or(&read.uncapped_cycles_removed, true)
    ));
    items.push(format!(
        "{b} adds: waits without end: {}; uncapped cycles: {}.",
        none_or(&read.endless_waits_added, false),
        none_or(&read.uncapped_cycles_added, true)
    ));
    if let (true, Some(x), Some(y)) = (longer, before, after) {
        let stages = (
            diff.worst_case_before.endless_waits.len(),
            diff.worst_case_after.endless_waits.len(),
        );
        let cycles = (read.uncapped_cycles_before, read.uncapped_cycles_after);
        let counts = format!(
            "stages that can hold a case without end: {} → {}; uncapped cycles: {} → {}",
            stages.0, stages.1, cycles.0, cycles.1
        );
        let no_more = stages.1 <= stages.0 && cycles.1 <= cycles.0;
        let some_fewer = stages.1 < stages.0 || cycles.1 < cycles.0;
        let no_fewer = stages.1 >= stages.0 && cycles.1 >= cycles.0;
        items.push(if no_more && some_fewer {
            format!(
                "So the longer ceiling under {b} does not by itself mean slower registration: \
                 it is the most the rules allow with every limit used in full, and against it \
                 stand fewer ways to be held without end ({counts}), which no ceiling measures."
            )
        } else if no_fewer {
            format!(
                "So {b} raises the ceiling by {} days and does not reduce the ways to be held \
                 without end ({counts}): nothing here offsets the longer worst case, though a \
                 ceiling is still the most the rules allow, not a forecast.",
                y - x
            )
        } else {
            format!(
                "So {b} raises the ceiling by {} days and changes the ways to be held without \
                 end in both directions ({counts}): weigh the cycles it removes and adds above \
                 against the longer worst case.",
                y - x
            )
        });
    }
    doc.list(items);
}

fn section(doc: &mut Document, title: &str, changes: &[ItemChange]) {
    doc.heading(2, format!("{title} ({} changed)", changes.len()));
    if changes.is_empty() {
        doc.paragraph("No change.");
        return;
    }
    doc.outline(changes.iter().map(item).collect());
}

fn item(change: &ItemChange) -> (String, Vec<String>) {
    let mut head = format!("{} {}: {}", change.kind, change.id, change.label);
    if change.kind == ChangeKind::Changed && !change.fields.is_empty() {
        head.push_str(&format!(" (changed: {})", change.fields.join(", ")));
    }
    let mut details = Vec::new();
    let side = |word: &str, value: &Option<String>, source: &Option<Provenance>| {
        value.as_ref().map(|value| {
            let source = source
                .as_ref()
                .map_or(String::new(), |source| format!(" [{}]", provenance(source)));
            format!("{word}: {value}{source}")
        })
    };
    details.extend(side("before", &change.before, &change.before_source));
    details.extend(side("after", &change.after, &change.after_source));
    let explained = change
        .after_source
        .as_ref()
        .or(change.before_source.as_ref());
    if let Some(note) = explained.and_then(|source| source.note.as_ref()) {
        details.push(format!("why, with no citation: {note}"));
    }
    (head, details)
}

fn provenance(source: &Provenance) -> String {
    let status = match source.status {
        Status::Assumed => "ASSUMED".to_string(),
        status => status.to_string(),
    };
    match &source.citation {
        Some(citation) => format!("{status}; {citation}"),
        None => format!("{status}; no citation"),
    }
}

fn path_row(change: &str, path: &PathChange) -> Vec<String> {
    let worst =
        |w: &Option<crate::graph::WorstCase>| w.as_ref().map_or("-".into(), |w| w.to_string());
    vec![
        change.into(),
        worst(&path.before),
        worst(&path.after),
        path.route.clone(),
    ]
}

fn worst_case_rows(diff: &RuleSetDiff) -> Vec<Vec<String>> {
    let (before, after) = (&diff.worst_case_before, &diff.worst_case_after);
    let verdict = |w: &ProcedureWorstCase| match w.verdict {
        Verdict::Finite => "FINITE".to_string(),
        Verdict::Unbounded => "UNBOUNDED".to_string(),
    };
    let days = |d: Option<u32>| d.map_or("-".into(), |d| format!("{d} days"));
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(", ")
        }
    };
    let waits =
        |w: &ProcedureWorstCase| list(w.endless_waits.iter().map(|e| e.stage.clone()).collect());
    vec![
        vec!["verdict".into(), verdict(before), verdict(after)],
        vec![
            "longest bounded way, any target".into(),
            days(before.longest_bounded_days),
            days(after.longest_bounded_days),
        ],
        vec![
            "longest bounded way to registration".into(),
            days(before.longest_to_registration_days),
            days(after.longest_to_registration_days),
        ],
        vec![
            "paths".into(),
            before.paths.to_string(),
            after.paths.to_string(),
        ],
        vec![
            "unbounded paths".into(),
            before.unbounded_paths.to_string(),
            after.unbounded_paths.to_string(),
        ],
        vec![
            "stages that can hold a case without end".into(),
            waits(before),
            waits(after),
        ],
        vec![
            "uncapped cycles".into(),
            diff.reading.uncapped_cycles_before.to_string(),
            diff.reading.uncapped_cycles_after.to_string(),
        ],
        vec![
            "loops (groups of stages that cycle) with an uncapped cycle".into(),
            before.uncapped_loops.to_string(),
            after.uncapped_loops.to_string(),
        ],
    ]
}
