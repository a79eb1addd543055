//! The HTML reports: nothing the text report says is missing from the page (every cell
//! and line of the text, for every bundled case, its counterfactual, comparisons and
//! simulations), text from input files is escaped, the page is self-contained (no
//! script, no network), the bytes are deterministic, and four pages are snapshot-tested.

mod common;

use regsim::app::{catalog, load_case, resolve_under};
use regsim::counterfactual::{self, AuthorityModel, Counterfactual};
use regsim::export::{Exporter, OutputFormat, exporter};
use regsim::replay::Replay;
use regsim::rules::EntityKind;
use regsim::sim::results::SimulationReport;
use regsim::sim::runner::RunnerOptions;
use regsim::sim::study::{Overrides, Study};

fn html() -> &'static dyn Exporter {
    exporter(OutputFormat::Html).expect("reports come in HTML")
}

fn text() -> &'static dyn Exporter {
    exporter(OutputFormat::Text).unwrap()
}

/// Every bundled case file.
fn case_files() -> Vec<String> {
    regsim::app::bundled_cases::CASES
        .iter()
        .map(|(name, _)| format!("scenarios/{name}"))
        .collect()
}

fn replay_of(path: &str) -> Replay {
    let catalog = catalog(&[]).unwrap();
    let (name, scenario, rules) =
        load_case(&common::root().join(path), &catalog).unwrap_or_else(|e| panic!("{e}"));
    regsim::replay::replay(&name, &scenario, &rules, None).unwrap()
}

/// The case under its own rules with the simplified reform for its kind of organization
/// (none when its own rules already hold part of that reform).
fn counterfactual_of(path: &str) -> Option<Counterfactual> {
    let catalog = catalog(&[]).unwrap();
    let (name, scenario, own) =
        load_case(&common::root().join(path), &catalog).unwrap_or_else(|e| panic!("{e}"));
    let reform = match own.entity {
        EntityKind::Party => "kz-simplified",
        EntityKind::PublicAssociation => "kz-pa-simplified",
    };
    let other = resolve_under(&catalog, reform, &name, &own).ok()?;
    let mut cf = counterfactual::counterfactual(
        &name,
        &scenario,
        &own,
        &other,
        AuthorityModel::Replicate,
        None,
    )
    .unwrap();
    counterfactual::regime::annotate(&mut cf, &own, &other, &catalog);
    cf.range = counterfactual::range::range(&name, &scenario, (&own, &other), &cf).unwrap();
    Some(cf)
}

fn simulation(id: &str, runs: u64) -> SimulationReport {
    let overrides = Overrides {
        runs: Some(runs),
        ..Overrides::default()
    };
    let study = Study::load(id, &overrides, &regsim::rules::Catalog::bundled())
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    regsim::sim::results::simulate(
        &study,
        RunnerOptions {
            threads: 2,
            progress: false,
        },
    )
}

/// The text a reader sees on the page, outside the charts (whose numbers the tables also
/// give): tags dropped, entities decoded, white space collapsed.
fn visible_text(html: &str) -> String {
    let mut rest = html;
    let mut kept = String::new();
    // Charts drawn inline: their labels are not the page's text of record.
    while let Some(start) = rest.find("<svg") {
        kept.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</svg>")
            .map_or(rest.len(), |end| start + end + "</svg>".len());
        rest = &rest[end..];
    }
    kept.push_str(rest);
    let body = kept.split_once("<body>").map_or(kept.as_str(), |(_, b)| b);
    // Inline elements join their text to what is around it; the others separate it.
    const INLINE: [&str; 5] = ["span", "code", "strong", "em", "a"];
    let mut text = String::new();
    let mut tag: Option<String> = None;
    for c in body.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name.trim_start_matches('/');
                let name = name.split([' ', '/']).next().unwrap_or("");
                if !INLINE.contains(&name) {
                    text.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => text.push(c),
        }
    }
    normalize(
        &text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// White space collapsed, and the marks the text report uses for layout dropped: the
/// brackets of a status (`[ASSUMED]` is a badge on the page), colons after labels
/// (`rules:` is a term on the page) and the backticks around names (code on the page).
fn normalize(text: &str) -> String {
    text.replace(['[', ']', ':', '`'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lines of the text reports that describe the text's own layout.
const TEXT_LAYOUT_ONLY: &[&str] =
    &["Days from first filing to registration (registered runs; each bar up to 40 marks)"];

/// Every cell of every line of the text report (cells are separated by two spaces or
/// more, as the text tables align them) is on the page.
fn assert_page_holds_text(what: &str, text_report: &str, page: &str) {
    let visible = visible_text(page);
    for line in text_report.lines() {
        if TEXT_LAYOUT_ONLY.contains(&line.trim()) {
            continue;
        }
        if let Some((id, counts)) = status_counts(line) {
            // `id: 4 law, 18 official, …` is a row of the page's status table.
            let row = normalize(&format!("{id} {}", counts.join(" ")));
            assert!(
                visible.contains(&row),
                "{what}: the status counts of `{id}` ({row}) are not on the page"
            );
            continue;
        }
        for cell in line.split("  ") {
            let cell = cell.trim();
            let cell = cell.strip_prefix("- ").unwrap_or(cell);
            if cell.is_empty() || cell.chars().all(|c| c == '█') {
                continue;
            }
            let cell = normalize(cell);
            assert!(
                visible.contains(&cell),
                "{what}: the text report's `{cell}` (line `{}`) is not on the page",
                line.trim()
            );
        }
    }
}

/// `  kz-2022: 4 law, 18 official, 0 reported, …` as (id, the six counts).
fn status_counts(line: &str) -> Option<(String, Vec<String>)> {
    let (id, rest) = line.trim().split_once(": ")?;
    let parts: Vec<&str> = rest.split(", ").collect();
    let names = [
        "law",
        "official",
        "reported",
        "comparative",
        "inferred",
        "assumed",
    ];
    if parts.len() != 6 || id.contains(' ') {
        return None;
    }
    let mut counts = Vec::new();
    for (part, name) in parts.iter().zip(names) {
        let (count, word) = part.split_once(' ')?;
        if word != name || count.parse::<u32>().is_err() {
            return None;
        }
        counts.push(count.to_string());
    }
    Some((id.to_string(), counts))
}

/// No script, no style sheet, font or image fetched, no link out: the page works offline.
fn assert_self_contained(what: &str, page: &str) {
    let lower = page.to_lowercase();
    for forbidden in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
        "src=",
        "href=",
        "https://",
        "javascript:",
    ] {
        assert!(
            !lower.contains(forbidden),
            "{what}: the page has `{forbidden}`"
        );
    }
    let outside_svg_namespace = lower.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !outside_svg_namespace.contains("http://"),
        "{what}: the page names a web address"
    );
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.ends_with("</html>\n"));
}

/// Every chart is an image with a title and a description; every table has a caption
/// and column headers with their scope.
fn assert_accessible(what: &str, page: &str) {
    let charts = page.matches("<svg xmlns").count();
    assert_eq!(
        charts,
        page.matches("role=\"img\" aria-label=\"").count(),
        "{what}: a chart without role and label"
    );
    assert_eq!(
        charts,
        page.matches("<desc id=").count(),
        "{what}: a chart without a description"
    );
    assert_eq!(
        page.matches("<table").count(),
        page.matches("<caption>").count(),
        "{what}: a table without a caption"
    );
    assert!(
        !page.contains("<th>"),
        "{what}: a header cell without scope"
    );
}

#[test]
fn a_replay_page_holds_everything_the_text_replay_says() {
    for path in case_files() {
        let replay = replay_of(&path);
        let page = html().replay(&replay);
        assert_page_holds_text(&path, &text().replay(&replay), &page);
        assert_self_contained(&path, &page);
        assert_accessible(&path, &page);
        assert!(page.contains("class=\"event\""), "{path}: no timeline");
    }
}

#[test]
#[should_panic(expected = "is not on the page")]
fn the_check_sees_a_line_missing_from_the_page() {
    let replay = replay_of("scenarios/baytaq.json");
    let page = html()
        .replay(&replay)
        .replace("recorded outcome: reproduced", "");
    assert_page_holds_text("baytaq", &text().replay(&replay), &page);
}

#[test]
fn a_counterfactual_page_holds_everything_the_text_counterfactual_says() {
    let mut pages = 0;
    for path in case_files() {
        let Some(cf) = counterfactual_of(&path) else {
            continue;
        };
        pages += 1;
        let page = html().counterfactual(&cf);
        assert_page_holds_text(&path, &text().counterfactual(&cf), &page);
        assert_self_contained(&path, &page);
        assert_accessible(&path, &page);
        assert_eq!(
            page.matches("class=\"chart\"").count(),
            2,
            "{path}: the real and the counterfactual timelines"
        );
    }
    assert!(pages >= 15, "{pages} counterfactual pages checked");
}

#[test]
fn a_comparison_page_holds_everything_the_text_comparison_says() {
    for args in [
        &["compare"][..],
        &["compare", "--all", "--explain"],
        &["compare", "--authority", "lawful", "scenarios"],
        &[
            "compare",
            "--rules",
            "kz-2022",
            "--rules",
            "kz-pa",
            "--rules",
            "own+kz-reform-cure-period",
            "scenarios/respublica.json",
            "scenarios/ult-yntymagy.json",
        ],
    ] {
        let text = common::regsim(args);
        assert_eq!(text.code, Some(0), "{args:?}: {}", text.stderr);
        let page = common::regsim(&[args, &["--format", "html"]].concat());
        assert_eq!(page.code, Some(0), "{args:?}: {}", page.stderr);
        let what = args.join(" ");
        assert_page_holds_text(&what, &text.stdout, &page.stdout);
        assert_self_contained(&what, &page.stdout);
        assert_accessible(&what, &page.stdout);
        assert!(page.stdout.contains("id=\"compare-days-desc\""), "{what}");
    }
}

#[test]
fn a_simulation_page_holds_everything_the_text_simulation_says() {
    for id in ["opposition-reforms", "fast-path-thresholds"] {
        let report = simulation(id, 300);
        let page = html().simulation(&report);
        assert_page_holds_text(id, &text().simulation(&report), &page);
        assert_self_contained(id, &page);
        assert_accessible(id, &page);
        let rule_sets = report.rule_sets.len();
        // A histogram of days and one of filings per rule set, and a forest plot per
        // difference (share, days, seven metrics).
        assert_eq!(page.matches("id=\"days-").count(), rule_sets, "{id}");
        assert_eq!(page.matches("id=\"attempts-").count(), rule_sets, "{id}");
        assert_eq!(page.matches("id=\"difference-").count(), 9, "{id}");
    }
}

#[test]
fn the_attempts_distribution_counts_every_run_and_matches_the_mean() {
    let report = simulation("opposition-current-vs-simplified", 500);
    for result in &report.rule_sets {
        let runs: u64 = result.attempts_distribution.iter().map(|c| c.runs).sum();
        assert_eq!(runs, result.runs, "{}", result.id);
        let total: u64 = result
            .attempts_distribution
            .iter()
            .map(|c| c.attempts as u64 * c.runs)
            .sum();
        let mean = result.metrics[0].mean.unwrap().estimate;
        assert_eq!(result.metrics[0].name, "attempts");
        assert!(
            (total as f64 / runs as f64 - mean).abs() < 1e-6,
            "{}",
            result.id
        );
    }
}

#[test]
fn text_from_case_files_is_escaped() {
    let dir = tempdir("escape");
    let source = std::fs::read_to_string(common::root().join("scenarios/baytaq.json")).unwrap();
    let mut case: serde_json::Value = serde_json::from_str(&source).unwrap();
    let hostile = "<script>alert('title')</script> & \"quotes\"";
    case["title"] = hostile.into();
    case["applicant"] = "</p><iframe onload=alert(1)>".into();
    case["events"][0]["note"] = "<b>bold</b> & <script>alert(2)</script>".into();
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_string_pretty(&case).unwrap()).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        &["replay", path, "--format", "html"][..],
        &[
            "replay",
            path,
            "--under",
            "kz-simplified",
            "--format",
            "html",
        ],
        &["compare", path, "--format", "html"],
    ] {
        let run = common::regsim(args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert!(!run.stdout.contains("<script"), "{args:?}");
        assert!(!run.stdout.contains("<iframe"), "{args:?}");
        assert!(!run.stdout.contains("<b>bold"), "{args:?}");
        assert_self_contained(&format!("{args:?}"), &run.stdout);
    }
    let page = common::regsim(&["replay", path, "--format", "html"]).stdout;
    assert!(
        page.contains(
            "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        )
    );
    assert!(page.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt;"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn html_is_deterministic_whatever_the_thread_count() {
    let run = |threads: &str| {
        common::regsim(&[
            "simulate",
            "opposition-reforms",
            "--runs",
            "700",
            "--threads",
            threads,
            "--format",
            "html",
        ])
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let compare = common::regsim(&["compare", "--format", "html"]);
    assert_eq!(
        compare.stdout,
        common::regsim(&["compare", "--format", "html"]).stdout
    );
}

#[test]
fn html_pages_snapshots() {
    let settings = common::snapshot_settings();
    settings.bind(|| {
        insta::assert_snapshot!(
            "html__replay__baytaq",
            html().replay(&replay_of("scenarios/baytaq.json"))
        );
        insta::assert_snapshot!(
            "html__counterfactual__respublica__kz-simplified",
            html().counterfactual(&counterfactual_of("scenarios/respublica.json").unwrap())
        );
        insta::assert_snapshot!(
            "html__compare",
            common::regsim(&["compare", "--format", "html"]).stdout
        );
        insta::assert_snapshot!(
            "html__simulate__fast-path-current-vs-simplified",
            html().simulation(&simulation("fast-path-current-vs-simplified", 200))
        );
    });
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-html-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
