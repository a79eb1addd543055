//! The `regsim rules diff` report as text or Markdown: the worst case before and after,
//! then every changed parameter, policy, stage and transition with its old and new value,
//! status and citation, then the paths and loop cycles the change adds or removes.

use crate::graph::analysis::{ProcedureWorstCase, Verdict};
use crate::graph::cycles::CycleStatus;
use crate::graph::diff::{ChangeKind, ItemChange, PathChange, Provenance, RuleSetDiff};
use crate::source::Status;

use super::document::Document;

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
    doc.table(
        ["", a.as_str(), b.as_str()],
        worst_case_rows(&diff.worst_case_before, &diff.worst_case_after),
    );
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

fn worst_case_rows(before: &ProcedureWorstCase, after: &ProcedureWorstCase) -> Vec<Vec<String>> {
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
            "longest bounded path".into(),
            days(before.longest_bounded_days),
            days(after.longest_bounded_days),
        ],
        vec![
            "longest bounded path to registration".into(),
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
            "uncapped loops".into(),
            before.uncapped_loops.to_string(),
            after.uncapped_loops.to_string(),
        ],
    ]
}
