//! The procedure graph: snapshots of every bundled rule set's DOT and Mermaid and of the
//! `kz-2022` → `kz-simplified` diff; the graph agrees with the state machine on every
//! step every bundled case takes; Graphviz renders every DOT export; the commands'
//! answers to the questions the graph exists for.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use regsim::app::{catalog, load_case};
use regsim::export::json::to_json;
use regsim::graph::{PathsReport, ProcedureGraph, RuleSetDiff, Verdict};
use regsim::replay::replay;
use regsim::report::{diff_text, paths_text};
use regsim::rules::{Catalog, RuleSet};

/// Every bundled rule set, resolved, in id order.
fn bundled() -> Vec<RuleSet> {
    let catalog = Catalog::bundled();
    catalog
        .ids()
        .map(|id| catalog.resolve(id).unwrap_or_else(|e| panic!("{id}: {e}")))
        .collect()
}

fn resolve(id: &str) -> RuleSet {
    Catalog::bundled()
        .resolve(id)
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}

#[test]
fn every_bundled_rule_set_file_is_graphed() {
    let files = std::fs::read_dir(common::root().join("scenarios/rules"))
        .unwrap()
        .count();
    assert_eq!(
        bundled().len(),
        files,
        "a file in scenarios/rules is not in src/rules/bundled.rs"
    );
}

#[test]
fn dot_and_mermaid_of_every_bundled_rule_set() {
    for rules in bundled() {
        let graph = ProcedureGraph::new(&rules);
        let mut settings = common::snapshot_settings();
        settings.set_description(format!("{}: {}", rules.id, rules.title));
        settings.bind(|| {
            insta::assert_snapshot!(format!("graph__dot__{}", rules.id), graph.to_dot());
            insta::assert_snapshot!(format!("graph__mermaid__{}", rules.id), graph.to_mermaid());
        });
    }
}

#[test]
fn paths_of_the_current_rules_and_the_simplified_reform() {
    for id in ["kz-2022", "kz-simplified"] {
        let report = PathsReport::new(&ProcedureGraph::new(&resolve(id)));
        common::snapshot_settings().bind(|| {
            insta::assert_snapshot!(
                format!("graph__paths__{id}"),
                paths_text::render_text(&report)
            );
        });
    }
}

#[test]
fn diff_from_the_current_rules_to_the_simplified_reform() {
    let diff = RuleSetDiff::new(&resolve("kz-2022"), &resolve("kz-simplified"));
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "graph__diff__kz-2022__kz-simplified",
            diff_text::render_text(&diff)
        );
        insta::assert_snapshot!("graph__diff__kz-2022__kz-simplified__json", to_json(&diff));
    });
}

#[test]
fn every_step_of_every_bundled_case_is_an_edge_of_its_rule_set_graph() {
    let catalog = catalog(&[]).expect("bundled rule sets load");
    let mut cases = 0;
    for entry in std::fs::read_dir(common::root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let (name, scenario, rules) = load_case(&path, &catalog).unwrap_or_else(|e| panic!("{e}"));
        let replayed = replay(&name, &scenario, &rules, None).unwrap_or_else(|e| panic!("{e}"));
        let graph = ProcedureGraph::new(&rules);
        assert!(!replayed.steps.is_empty(), "{name}");
        for step in &replayed.steps {
            let edge = graph
                .transitions()
                .find(|edge| edge.id == step.transition)
                .unwrap_or_else(|| panic!("{name}: transition {} is not an edge", step.transition));
            assert_eq!(
                (edge.from.as_str(), edge.to.as_str(), edge.event),
                (
                    step.stage_before.as_str(),
                    step.stage_after.as_str(),
                    step.event
                ),
                "{name}: step {} took {} but the graph's edge differs",
                step.index,
                step.transition
            );
        }
        cases += 1;
    }
    assert!(cases > 0);
}

#[test]
fn the_graph_allows_at_each_stage_exactly_what_the_rule_set_allows() {
    for rules in bundled() {
        let graph = ProcedureGraph::new(&rules);
        for (index, _) in rules.stages().iter().enumerate() {
            let stage = regsim::rules::StageId(index as u16);
            let from_rules: Vec<_> = rules
                .outgoing(stage)
                .iter()
                .map(|&id| {
                    (
                        rules.transition(id).id.clone(),
                        rules.compiled_transition(id).event,
                    )
                })
                .collect();
            let from_graph: Vec<_> = graph
                .outgoing(stage)
                .into_iter()
                .map(|edge| (edge.id.clone(), edge.event))
                .collect();
            assert_eq!(from_graph, from_rules, "{} at stage {index}", rules.id);
        }
    }
}

/// `dot -Tsvg` must accept every DOT export. Without Graphviz the test fails under CI and
/// is skipped (with a message) elsewhere.
#[test]
fn graphviz_renders_every_dot_export() {
    let available = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` is not on PATH under CI: install the graphviz package"
        );
        eprintln!("skipped: Graphviz `dot` is not on PATH (apt-get install graphviz)");
        return;
    }
    for rules in bundled() {
        let dot = ProcedureGraph::new(&rules).to_dot();
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(dot.as_bytes())
            .expect("dot reads the graph");
        let output = child.wait_with_output().expect("dot finishes");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{}: dot failed: {stderr}",
            rules.id
        );
        assert!(
            !stderr.contains("rror"),
            "{}: dot reported: {stderr}",
            rules.id
        );
        let svg = String::from_utf8_lossy(&output.stdout);
        assert!(svg.contains("<svg"), "{}", rules.id);
        for stage in rules.stages() {
            assert!(
                svg.contains(&stage.id),
                "{}: {} missing from the SVG",
                rules.id,
                stage.id
            );
        }
    }
}

#[test]
fn the_current_rules_leave_the_refusal_loop_uncapped_and_name_the_open_steps() {
    let report = PathsReport::new(&ProcedureGraph::new(&resolve("kz-2022")));
    assert_eq!(report.worst_case.verdict, Verdict::Unbounded);
    let cycles: Vec<_> = report.loops.iter().flat_map(|l| l.cycles.iter()).collect();
    let uncapped_refusal = cycles.iter().any(|cycle| {
        cycle.status == regsim::graph::CycleStatus::Uncapped
            && cycle.name.contains("refusal")
            && cycle.name.contains("resubmission")
    });
    assert!(uncapped_refusal, "{cycles:#?}");
    let waits: Vec<&str> = report
        .worst_case
        .endless_waits
        .iter()
        .map(|w| w.stage.as_str())
        .collect();
    assert!(waits.contains(&"registration_appeal"), "{waits:?}");
    assert!(report.loops.iter().any(|l| !l.capped));
}

#[test]
fn the_simplified_reform_caps_remark_rounds_but_leaves_appeals_and_suspensions_open() {
    let report = PathsReport::new(&ProcedureGraph::new(&resolve("kz-simplified")));
    let remarks = report
        .loops
        .iter()
        .flat_map(|l| l.cycles.iter())
        .find(|cycle| cycle.name == "remarks and cure")
        .expect("a remarks-and-cure cycle");
    assert!(
        remarks
            .capped_by
            .iter()
            .chain(&remarks.capped_on_its_own_by)
            .any(|cap| cap == "max_remark_rounds"),
        "{remarks:#?}"
    );
    // Honest verdict: the reform caps neither suspensions nor court appeals.
    assert_eq!(report.worst_case.verdict, Verdict::Unbounded);
    let waits: Vec<&str> = report
        .worst_case
        .endless_waits
        .iter()
        .map(|w| w.stage.as_str())
        .collect();
    assert_eq!(
        waits,
        ["suspended", "suspension_appeal", "registration_appeal"]
    );
    // A limit on suspensions (the suspension-limit reform) ends the wait at `suspended`;
    // a court challenge of a suspension is still unbounded.
    let bounded = PathsReport::new(&ProcedureGraph::new(&resolve(
        "kz-simplified+kz-reform-suspension-limit",
    )));
    let waits: Vec<&str> = bounded
        .worst_case
        .endless_waits
        .iter()
        .map(|w| w.stage.as_str())
        .collect();
    assert_eq!(waits, ["suspension_appeal", "registration_appeal"]);
}

#[test]
fn json_exports_are_deterministic() {
    for rules in bundled() {
        let graph = ProcedureGraph::new(&rules);
        assert_eq!(
            to_json(&graph.to_json()),
            to_json(&ProcedureGraph::new(&rules).to_json())
        );
        let report = to_json(&PathsReport::new(&graph));
        assert_eq!(report, to_json(&PathsReport::new(&graph)));
        serde_json::from_str::<serde_json::Value>(&report).expect("valid JSON");
    }
}

#[test]
fn the_commands_run_end_to_end() {
    let paths = common::regsim(&["paths", "--rules", "kz-2022"]);
    assert_eq!(paths.code, Some(0), "{}", paths.stderr);
    assert!(paths.stdout.contains("UNBOUNDED"));
    assert!(paths.stdout.contains("refusal and resubmission"));

    let markdown = common::regsim(&["paths", "--rules", "kz-simplified", "--format", "markdown"]);
    assert_eq!(markdown.code, Some(0), "{}", markdown.stderr);
    assert!(markdown.stdout.starts_with("# Paths of kz-simplified"));

    let diff = common::regsim(&[
        "rules",
        "diff",
        "kz-2022",
        "kz-simplified",
        "--format",
        "markdown",
    ]);
    assert_eq!(diff.code, Some(0), "{}", diff.stderr);
    assert!(diff.stdout.contains("deem_registration"));

    for format in ["dot", "mermaid", "json"] {
        let graph = common::regsim(&["graph", "--rules", "kz-pa", "--format", format]);
        assert_eq!(graph.code, Some(0), "{format}: {}", graph.stderr);
        assert!(graph.stdout.contains("under_review"), "{format}");
    }

    let unknown = common::regsim(&["paths", "--rules", "kz-1999"]);
    assert_eq!(unknown.code, Some(2));
    assert!(unknown.stderr.contains("kz-1999"), "{}", unknown.stderr);
}

#[test]
fn graph_writes_its_output_file_atomically() {
    let dir = std::env::temp_dir().join(format!("regsim-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("kz-2022.dot");
    let file_arg = file.to_string_lossy().into_owned();
    let run = common::regsim(&["graph", "--rules", "kz-2022", "-o", &file_arg]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("// The procedure of rule set kz-2022"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The worst case of each `kz-2022` path, derived by hand from the rule set's limits
/// (longest spans: a month 31 days, 3 months 92, 4 months 123, 12 months 366), each limit
/// counted once from the event that starts it, day 0 being the notification filed; an
/// act may come on a limit's last day, a clock fires on the day after it, as in the
/// engine:
///
/// - the Ministry confirms or returns the notification by day 31 (1 month from the
///   filing);
/// - the congress is held by day 31 + 92 = 123 (3 months from the confirmation), else the
///   congress window lapses on day 124;
/// - the application is submitted by day 123 + 123 = 246 (4 months from the congress),
///   else the filing window lapses on day 247;
/// - the Ministry registers or refuses by day 246 + 31 = 277 (1 month from submission);
/// - after a refusal on day 277 the filing window, which runs from the congress, ran out
///   on day 246 already, so it lapses on the day the case reaches `refused`: day 277,
///   not 277 + 123 = 400 (the figure when the window was counted again from the
///   refusal);
/// - branches are registered within 12 months of registration: 277 + 366 = 643.
#[test]
fn each_time_limit_is_counted_once_from_the_event_that_starts_it() {
    let report = PathsReport::new(&ProcedureGraph::new(&resolve("kz-2022")));
    let days = |route: &str| {
        report
            .paths
            .paths
            .iter()
            .find(|path| path.route() == route)
            .map(|path| path.worst_case.days)
            .unwrap_or_else(|| panic!("no path {route}"))
    };
    let head = "preparing → notification_review";
    let congress = format!("{head} → confirmed → congress_held");
    assert_eq!(
        days(&format!("{head} → notification_returned → withdrawn")),
        31
    );
    assert_eq!(
        days(&format!("{head} → confirmed → lapsed → withdrawn")),
        124
    );
    assert_eq!(days(&format!("{congress} → lapsed → withdrawn")), 247);
    assert_eq!(
        days(&format!("{congress} → under_review → registered")),
        277
    );
    assert_eq!(
        days(&format!("{congress} → under_review → refused → withdrawn")),
        277
    );
    let refused_lapsed = format!("{congress} → under_review → refused → lapsed → withdrawn");
    assert_eq!(days(&refused_lapsed), 277);
    assert_eq!(
        days(&format!(
            "{congress} → under_review → registered → established"
        )),
        643
    );
    assert!(report.paths.paths.iter().all(|path| path.worst_case.lawful));

    // Step by step, the lapse after the refusal is counted from the congress.
    let path = report
        .paths
        .paths
        .iter()
        .find(|path| path.route() == refused_lapsed)
        .unwrap();
    let schedule: Vec<(&str, u32)> = path
        .schedule
        .steps
        .iter()
        .map(|step| (step.transition.as_str(), step.day))
        .collect();
    assert_eq!(
        schedule,
        [
            ("file_notification", 0),
            ("confirm_notification", 31),
            ("hold_congress", 123),
            ("submit_application", 246),
            ("refuse_application", 277),
            ("refused_filing_window_lapsed", 277),
            ("withdraw_after_lapse", 277),
        ]
    );
    let lapse = &path.schedule.steps[5];
    assert_eq!(lapse.limit.as_deref(), Some("filing_window"));
    let start = lapse.started_by.as_ref().expect("started on the path");
    assert_eq!(
        (start.event.name(), start.day),
        ("congress_held", 123),
        "the filing window runs from the congress"
    );
}

/// `kz-simplified` lets the Ministry issue remarks twice on one filing
/// (`max_remark_rounds` = 2), so its longest way to registration goes round remarks and
/// cure once more than any simple path. By hand, day 0 being the notification (which
/// starts the 3-month congress window under notice-only rules):
///
/// - congress by day 92; application by 92 + 123 = 215 (4-month filing window);
/// - first remarks by 215 + 31 = 246 (review period from the submission);
/// - cure by 246 + 31 = 277 (cure period from the remarks); the cure restarts the review;
/// - second remarks by 277 + 31 = 308; this time the cure period runs out: the clock
///   fires on the day after its last day, 308 + 31 + 1 = 340, and restarts the review;
/// - the Ministry registers by 340 + 31 = 371, or deemed registration fires on 372.
#[test]
fn the_capped_second_remark_round_is_in_the_worst_case_and_the_diff_explains_it() {
    let report = PathsReport::new(&ProcedureGraph::new(&resolve("kz-simplified")));
    assert_eq!(report.worst_case.longest_to_registration_days, Some(372));
    let (stages, schedule) = report.registration_schedule().expect("a bounded way");
    assert_eq!(
        stages.join(" → "),
        "preparing → confirmed → congress_held → under_review → awaiting_cure → \
         under_review → awaiting_cure → cure_lapsed → registered"
    );
    let days: Vec<u32> = schedule.steps.iter().map(|step| step.day).collect();
    assert_eq!(days, [0, 92, 215, 246, 277, 308, 340, 372]);
    assert_eq!(
        schedule.steps.last().map(|s| s.transition.as_str()),
        Some("deem_registration_after_cure_lapsed")
    );
    // The simple paths alone stop at the first round: 310 days.
    let simple = report
        .paths
        .paths
        .iter()
        .filter(|path| path.target == "registered")
        .map(|path| path.worst_case.days)
        .max();
    assert_eq!(simple, Some(310));

    let diff = RuleSetDiff::new(&resolve("kz-2022"), &resolve("kz-simplified"));
    let reading = &diff.reading;
    assert_eq!(
        (
            reading.to_registration_before,
            reading.to_registration_after
        ),
        (Some(277), Some(372))
    );
    assert_eq!(
        reading
            .repeated_after
            .iter()
            .map(|r| (r.cycle.as_str(), r.extra_rounds))
            .collect::<Vec<_>>(),
        [("remarks and cure", 1)]
    );
    assert!(
        reading
            .limits_added_on_the_way
            .iter()
            .any(|limit| limit.parameter == "cure_period")
    );
    assert_eq!(reading.endless_waits_removed, ["notification_appeal"]);
    let text = diff_text::render_text(&diff);
    for words in [
        "A worst case is a ceiling",
        "95 days longer",
        "does not by itself mean slower registration",
        "runs on past registration",
        "longest bounded way, any target",
    ] {
        assert!(text.contains(words), "missing {words:?} in:\n{text}");
    }
    let paths = paths_text::render_text(&report);
    assert!(paths.contains("What a worst case means"), "{paths}");
    assert!(
        paths.contains("goes round remarks and cure 1 more time at under_review"),
        "{paths}"
    );
}

#[test]
fn diagrams_draw_thresholds_and_time_limits_on_the_edges_in_slide_sized_type() {
    let current = ProcedureGraph::new(&resolve("kz-2022"));
    let dot = current.to_dot();
    let mermaid = current.to_mermaid();
    for drawn in [&dot, &mermaid] {
        // The registration edge carries both thresholds and the review period.
        assert!(drawn.contains("if members ≥ 5,000"), "{drawn}");
        assert!(
            drawn.contains("and ≥ 200 members in each region"),
            "{drawn}"
        );
        assert!(drawn.contains("within 1 month (review_period)"), "{drawn}");
        // A clock fires on the day after its limit's last day.
        assert!(drawn.contains("the day after 4 months"), "{drawn}");
    }
    // The notification review period is an assumption, and its label says so.
    let confirm = current
        .transitions()
        .find(|edge| edge.id == "confirm_notification")
        .expect("confirm_notification");
    assert_eq!(
        confirm.limit_text(),
        "within 1 month (notification_review_period, ASSUMED)"
    );
    assert!(dot.contains("edge [fontname=\"Helvetica\", fontsize=16]"));
    assert!(dot.contains("fontsize=18"));
    assert!(mermaid.starts_with("%%{init: {\"themeVariables\": {\"fontSize\": \"18px\"}}}%%"));
    // A reform that moves a threshold shows on the edge: 50,000 members in 2002.
    let old = ProcedureGraph::new(&resolve("kz-2002")).to_dot();
    assert!(old.contains("if members ≥ 50,000"), "{old}");
}

/// Under `kz-reform-cure-period` remarks may be issued twice on the notification and twice
/// again on the application (a filing resets the count), so the longest way to
/// registration repeats both rounds: by hand, notification remarks by day 31, cure by 62,
/// remarks again by 93, the cure period lapsing on 93 + 31 + 1 = 125, confirmation by 156,
/// congress by 156 + 92 = 248, application by 248 + 123 = 371, remarks by 402, cure by
/// 433, remarks again by 464, the cure period lapsing on 496, registration by 527.
#[test]
fn remark_rounds_on_two_filings_are_both_repeated() {
    let report = PathsReport::new(&ProcedureGraph::new(&resolve("kz-reform-cure-period")));
    assert_eq!(report.worst_case.longest_to_registration_days, Some(527));
    let (_, schedule) = report.registration_schedule().expect("a bounded way");
    let days: Vec<u32> = schedule.steps.iter().map(|step| step.day).collect();
    assert_eq!(
        days,
        [0, 31, 62, 93, 125, 156, 248, 371, 402, 433, 464, 496, 527]
    );
    let walk = report
        .capped_repeats
        .iter()
        .find(|walk| walk.target == "registered")
        .expect("a repeated walk to registration");
    let at: Vec<&str> = walk.repeats.iter().map(|r| r.at.as_str()).collect();
    assert_eq!(at.len(), 2, "{at:?}");
    assert!(!report.capped_repeats_truncated);
}

#[test]
fn paths_show_each_time_limit_with_its_status() {
    use regsim::source::Status;
    let report = PathsReport::new(&ProcedureGraph::new(&resolve("kz-2022")));
    let status = |parameter: &str| {
        report
            .time_limits
            .iter()
            .find(|limit| limit.parameter == parameter)
            .map(|limit| limit.status)
    };
    // No source gives the notification review period; the review period is the
    // Ministry's stated month.
    assert_eq!(status("notification_review_period"), Some(Status::Assumed));
    assert_eq!(status("review_period"), Some(Status::Official));
    let text = paths_text::render_text(&report);
    let assumed = format!("notification_review_period ({})", Status::Assumed);
    assert!(
        text.contains(&format!(
            "Time limits neither read in Kazakh law nor stated by a Kazakh authority: {assumed}"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("1 month (review_period, {})", Status::Official)),
        "{text}"
    );
}
