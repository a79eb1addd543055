//! The simulator: every bundled study snapshot-tested at a small run count; exactness
//! checks where the outcome is known; interval coverage; byte-identical output for any
//! thread count; located errors for bad profiles and studies.

mod common;

use regsim::export::{OutputFormat as SimFormat, exporter};
use regsim::rules::Catalog;
use regsim::sim::profile::{self, Profile};
use regsim::sim::results as command;
use regsim::sim::results::SimulationReport;
use regsim::sim::runner::RunnerOptions;
use regsim::sim::stats::Interval;
use regsim::sim::study::{self, Overrides, Study};
use serde_json::{Value, json};

/// A simulation report in one format, as `regsim simulate --format` renders it.
fn render(report: &SimulationReport, format: SimFormat) -> String {
    exporter(format).unwrap().simulation(report)
}

/// Small enough for a debug build, large enough to span several chunks of runs.
const SNAPSHOT_RUNS: u64 = 1_000;

fn options(threads: usize) -> RunnerOptions {
    RunnerOptions {
        threads,
        progress: false,
    }
}

fn bundled_study(id: &str, runs: u64) -> Study {
    let overrides = Overrides {
        runs: Some(runs),
        ..Overrides::default()
    };
    Study::load(id, &overrides, &Catalog::bundled()).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// A bundled profile with some fields replaced or added (`edits` are JSON pointers and
/// values; a field that is absent is added to its object).
fn edited_profile(base: &str, edits: &[(&str, Value)]) -> Profile {
    let path = common::root().join(format!("scenarios/profiles/{base}.json"));
    let mut value: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    for (pointer, replacement) in edits {
        if let Some(field) = value.pointer_mut(pointer) {
            *field = replacement.clone();
            continue;
        }
        let (parent, name) = pointer.rsplit_once('/').unwrap();
        value
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no {parent}"))
            .insert(name.to_string(), replacement.clone());
    }
    Profile::parse("edited.json", value.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn fixed(days: u32) -> Value {
    json!({"fixed": days})
}

fn custom_study(rules: &[&str], profile: Profile, runs: u64, start_spread_days: u32) -> Study {
    let catalog = Catalog::bundled();
    Study {
        id: "test".into(),
        title: "test".into(),
        description: None,
        origin: "test".into(),
        rules: rules
            .iter()
            .map(|id| catalog.resolve(id).unwrap_or_else(|e| panic!("{e}")))
            .collect(),
        baseline: 0,
        profile,
        horizon_days: 365,
        runs,
        seed: 7,
        start: regsim::date::Date::parse("2023-03-01").unwrap(),
        start_spread_days,
    }
}

fn exact(interval: Option<Interval>, value: f64) {
    let interval = interval.expect("an interval");
    assert_eq!(
        (interval.estimate, interval.low, interval.high),
        (value, value, value),
        "{interval:?}"
    );
}

mod snapshots {
    use super::*;

    #[test]
    fn every_bundled_study_at_a_small_run_count() {
        let ids = Study::bundled_ids();
        assert!(ids.len() >= 6, "{ids:?}");
        for id in ids {
            let study = bundled_study(&id, SNAPSHOT_RUNS);
            let report = command::simulate(&study, options(2));
            let mut settings = common::snapshot_settings();
            settings.set_snapshot_suffix(id.clone());
            settings.set_description(study.description.clone().unwrap_or(study.title.clone()));
            settings.bind(|| {
                insta::assert_snapshot!("simulate", render(&report, SimFormat::Text));
            });
        }
    }

    #[test]
    fn every_format_of_the_headline_study() {
        let study = bundled_study("opposition-current-vs-simplified", SNAPSHOT_RUNS);
        let report = command::simulate(&study, options(2));
        for (name, format) in [
            ("simulate-markdown", SimFormat::Markdown),
            ("simulate-json", SimFormat::Json),
            ("simulate-csv", SimFormat::Csv),
        ] {
            let mut settings = common::snapshot_settings();
            settings.set_snapshot_suffix("opposition-current-vs-simplified");
            settings.bind(|| insta::assert_snapshot!(name, render(&report, format)));
        }
    }

    #[test]
    fn every_profile_and_study_file_is_bundled() {
        for (folder, bundled) in [
            ("scenarios/profiles", profile::BUNDLED),
            ("scenarios/studies", study::BUNDLED),
        ] {
            let mut files: Vec<String> = std::fs::read_dir(common::root().join(folder))
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".json"))
                .collect();
            files.sort();
            let mut names: Vec<String> = bundled.iter().map(|(name, _)| name.to_string()).collect();
            names.sort();
            assert_eq!(files, names, "{folder}");
            for (name, text) in bundled {
                let on_disk =
                    std::fs::read_to_string(common::root().join(folder).join(name)).unwrap();
                assert_eq!(&on_disk, text, "{name}");
            }
        }
        for id in Profile::bundled_ids() {
            Profile::bundled(&id)
                .unwrap()
                .unwrap_or_else(|e| panic!("{id}: {e}"));
        }
    }
}

mod shards {
    use super::*;

    #[test]
    fn four_shards_merged_equal_one_unsharded_run_byte_for_byte() {
        let dir = std::env::temp_dir().join(format!("regsim-shards-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let study = "opposition-threshold-history";
        let mut files = Vec::new();
        for k in 1..=4 {
            let file = dir.join(format!("shard-{k}.json"));
            let part = format!("{k}/4");
            let threads = if k % 2 == 0 { "1" } else { "2" };
            let run = common::regsim(&[
                "simulate",
                study,
                "--runs",
                "3001",
                "--shard",
                &part,
                "--threads",
                threads,
                "-o",
                file.to_str().unwrap(),
            ]);
            assert_eq!(run.code, Some(0), "{}", run.stderr);
            files.push(file.to_str().unwrap().to_string());
        }
        for format in ["text", "json", "csv", "markdown", "html"] {
            let one = common::regsim(&["simulate", study, "--runs", "3001", "--format", format]);
            // Shards in any order merge to the same bytes.
            let mut args = vec!["merge", "--format", format];
            args.extend(files.iter().rev().map(String::as_str));
            let merged = common::regsim(&args);
            assert_eq!(merged.code, Some(0), "{}", merged.stderr);
            assert!(
                merged.stdout == one.stdout,
                "{format}: the merged report differs"
            );
        }

        // A shard missing, one given twice, one of another study or another split, and a
        // tampered one: located errors, exit 2, nothing on stdout.
        let other = dir.join("other.json");
        let run = common::regsim(&[
            "simulate",
            study,
            "--runs",
            "3000",
            "--shard",
            "4/4",
            "-o",
            other.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let mut tampered: Value =
            serde_json::from_slice(&std::fs::read(&files[1]).unwrap()).unwrap();
        tampered["tallies"][0]["registered"] = json!(1);
        let tampered_path = dir.join("tampered.json");
        std::fs::write(&tampered_path, tampered.to_string()).unwrap();
        let (a, b, c) = (&files[0], &files[1], &files[2]);
        for (args, expected) in [
            (vec![a, b, c], "1 of 4 shards is missing: 4/4"),
            (
                vec![a, b, c, c],
                "$.shard.index: error: shard 3/4 is given twice",
            ),
            (
                vec![a, b, c, &other.to_str().unwrap().to_string()],
                "$.study: error: this shard is of another study",
            ),
            (
                vec![a, &tampered_path.to_str().unwrap().to_string(), c],
                "$.tallies[0]: error: the tally does not add up",
            ),
        ] {
            let mut command = vec!["merge"];
            command.extend(args.iter().map(|s| s.as_str()));
            let run = common::regsim(&command);
            assert_eq!(run.code, Some(2), "{expected}: {}", run.stderr);
            assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
            assert!(run.stdout.is_empty());
        }
        let bad_part = common::regsim(&["simulate", study, "--shard", "5/4"]);
        assert_eq!(bad_part.code, Some(2), "{}", bad_part.stderr);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

mod group_sizes {
    use super::*;

    /// The share registered under `rules` minus the baseline's, with its interval.
    fn difference(report: &SimulationReport, rules: &str) -> Interval {
        let result = report
            .rule_sets
            .iter()
            .find(|result| result.id == rules)
            .unwrap_or_else(|| panic!("no {rules}"));
        result.versus_baseline.unwrap().registered_share.unwrap()
    }

    #[test]
    fn lower_thresholds_register_more_groups_with_intervals_that_exclude_zero() {
        for id in ["opposition-threshold-history", "neutral-threshold-history"] {
            let report = command::simulate(&bundled_study(id, 20_000), options(2));
            let lower = difference(&report, "kz-reform-lower-thresholds");
            assert!(lower.low > 0.0, "{id}: {lower:?}");
            // The history: each higher threshold registers fewer of the same groups.
            let (of_2020, of_2009) = (
                difference(&report, "kz-2020"),
                difference(&report, "kz-2009"),
            );
            assert!(
                of_2020.high < 0.0 && of_2009.high < of_2020.low,
                "{id}: {of_2020:?} {of_2009:?}"
            );
        }
    }

    #[test]
    fn a_group_below_every_threshold_is_never_registered_and_one_above_always_where_nothing_else_stands()
     {
        let sized = |members: u32| {
            edited_profile(
                "fast-path",
                &[
                    (
                        "/authority/notification_review/defect_probability/probability",
                        json!(0.0),
                    ),
                    (
                        "/authority/application_review/defect_probability/probability",
                        json!(0.0),
                    ),
                    (
                        "/applicant/filing/members",
                        json!({"distribution": {"empirical": [{"value": members, "weight": 1.0}]},
                               "status": "assumed", "source": "regsim-model", "note": "test"}),
                    ),
                ],
            )
        };
        let rules = ["kz-2022", "kz-reform-lower-thresholds"];
        let report = command::simulate(&custom_study(&rules, sized(3000), 300, 0), options(2));
        assert_eq!(report.rule_sets[0].outcomes.registered, 0);
        assert_eq!(report.rule_sets[1].outcomes.registered, 300);
        exact(
            report.rule_sets[1]
                .versus_baseline
                .unwrap()
                .registered_share,
            1.0,
        );
        let report = command::simulate(&custom_study(&rules, sized(6000), 300, 0), options(2));
        assert_eq!(report.rule_sets[0].outcomes.registered, 300);
        exact(
            report.rule_sets[1]
                .versus_baseline
                .unwrap()
                .registered_share,
            0.0,
        );
    }

    #[test]
    fn a_disqualified_share_strikes_names_before_the_thresholds_judge_them() {
        let profile = edited_profile(
            "fast-path",
            &[
                (
                    "/authority/notification_review/defect_probability/probability",
                    json!(0.0),
                ),
                (
                    "/authority/application_review/defect_probability/probability",
                    json!(0.0),
                ),
                (
                    "/applicant/filing/disqualified_share",
                    json!({"share": {"fixed": 0.5}, "status": "assumed", "source": "regsim-model", "note": "test"}),
                ),
            ],
        );
        // Baytaq's 21,000 members, half struck: 10,500 meet 5,000, not 20,000.
        let report = command::simulate(
            &custom_study(&["kz-2022", "kz-2020"], profile, 300, 0),
            options(2),
        );
        assert_eq!(report.rule_sets[0].outcomes.registered, 300);
        assert_eq!(report.rule_sets[1].outcomes.registered, 0);
    }
}

mod exactness {
    use super::*;

    /// An authority that never finds a defect, fixed delays: every run takes the same path.
    fn never_refuses() -> Profile {
        edited_profile(
            "fast-path",
            &[
                (
                    "/authority/notification_review/defect_probability/probability",
                    json!(0.0),
                ),
                ("/authority/notification_review/review_days/days", fixed(10)),
                ("/applicant/hold_congress/days", fixed(9)),
                ("/applicant/submit_application/days", fixed(16)),
                ("/authority/application_review/review_days/days", fixed(20)),
            ],
        )
    }

    #[test]
    fn an_authority_that_never_refuses_gives_the_known_time_to_registration() {
        // kz-2022: notification review 10 + congress 9 + filing 16 + review 20 = 55 days;
        // kz-simplified has no confirmation gate: 9 + 16 + 20 = 45 days.
        let study = custom_study(&["kz-2022", "kz-simplified"], never_refuses(), 600, 365);
        let report = command::simulate(&study, options(2));
        let [current, simplified] = &report.rule_sets[..] else {
            panic!("two rule sets");
        };
        // Days waiting on the authority: both reviews (10 + 20), or the one review (20).
        for (result, days, waiting_days) in [(current, 55.0, 30.0), (simplified, 45.0, 20.0)] {
            assert_eq!(result.outcomes.registered, 600, "{}", result.id);
            let share = result.registered_share.unwrap();
            assert_eq!((share.estimate, share.high), (1.0, 1.0));
            exact(result.time_to_registration.mean, days);
            exact(result.time_to_registration.median, days);
            exact(result.time_to_registration.p90, days);
            let filings = result
                .metrics
                .iter()
                .find(|m| m.name == "attempts")
                .unwrap();
            exact(filings.mean, 2.0);
            let refusals = result
                .metrics
                .iter()
                .find(|m| m.name == "refusals")
                .unwrap();
            exact(refusals.mean, 0.0);
            let waiting = result
                .metrics
                .iter()
                .find(|m| m.name == "days_waiting_on_authority")
                .unwrap();
            exact(waiting.mean, waiting_days);
        }
        let versus = simplified.versus_baseline.unwrap();
        exact(versus.mean_days_to_registration, -10.0);
        exact(versus.registered_share, 0.0);
        assert_eq!(versus.registered_under_both, 600);
    }

    #[test]
    fn a_review_past_its_limit_is_deemed_registration_only_where_the_rules_say_so() {
        // The review takes 40 days, past the one-month limit: under kz-2022 the decision
        // comes late (day 10 + 9 + 16 + 40 = 75); with deemed registration the clock
        // registers the day after the due day, one month after filing.
        let profile = edited_profile(
            "fast-path",
            &[
                (
                    "/authority/notification_review/defect_probability/probability",
                    json!(0.0),
                ),
                ("/authority/notification_review/review_days/days", fixed(10)),
                ("/applicant/hold_congress/days", fixed(9)),
                ("/applicant/submit_application/days", fixed(16)),
                ("/authority/application_review/review_days/days", fixed(40)),
            ],
        );
        let study = custom_study(
            &["kz-2022", "kz-reform-deemed-registration"],
            profile,
            50,
            0,
        );
        let report = command::simulate(&study, options(1));
        let current = &report.rule_sets[0];
        exact(current.time_to_registration.mean, 75.0);
        let late = current
            .metrics
            .iter()
            .find(|m| m.name == "late_decisions")
            .unwrap();
        exact(late.mean, 1.0);
        // Start 2023-03-01: notification 2023-03-01, confirmed 03-11, congress 03-20,
        // filed 04-05, due 05-05, deemed registered 05-06 = day 66.
        exact(report.rule_sets[1].time_to_registration.mean, 66.0);
    }

    #[test]
    fn a_rule_set_against_itself_differs_by_exactly_zero() {
        let profile = Profile::bundled("opposition").unwrap().unwrap();
        let study = custom_study(&["kz-2022", "kz-2022"], profile, 2_000, 365);
        let report = command::simulate(&study, options(2));
        let (baseline, same) = (&report.rule_sets[0], &report.rule_sets[1]);
        assert!(baseline.outcomes.registered > 0 && baseline.outcomes.registered < 2_000);
        let versus = same.versus_baseline.unwrap();
        exact(versus.registered_share, 0.0);
        exact(versus.mean_days_to_registration, 0.0);
        for metric in &same.metrics {
            exact(metric.difference, 0.0);
        }
        assert_eq!(baseline.histogram, same.histogram);
        assert_eq!(baseline.outcomes, same.outcomes);
    }
}

mod statistics {
    use super::*;

    #[test]
    fn wilson_intervals_cover_a_known_share_at_about_the_nominal_rate() {
        // Each notification is returned with probability 0.3 and the applicant then gives
        // up; everything else always succeeds, so a run registers with probability 0.7.
        let truth = 0.7;
        let profile = edited_profile(
            "fast-path",
            &[
                (
                    "/authority/notification_review/defect_probability/probability",
                    json!(0.3),
                ),
                ("/applicant/give_up/probability", json!(1.0)),
            ],
        );
        let mut study = custom_study(&["kz-2022"], profile, 200, 0);
        let seeds: u64 = 200;
        let mut covered = 0;
        let mut total_share = 0.0;
        for seed in 0..seeds {
            study.seed = 1_000 + seed;
            let report = command::simulate(&study, options(1));
            let share = report.rule_sets[0].registered_share.unwrap();
            total_share += share.estimate;
            if share.low <= truth && truth <= share.high {
                covered += 1;
            }
        }
        let coverage = covered as f64 / seeds as f64;
        assert!((0.90..=0.99).contains(&coverage), "coverage {coverage}");
        let mean = total_share / seeds as f64;
        assert!((mean - truth).abs() < 0.01, "mean share {mean}");
    }

    #[test]
    fn the_same_seed_gives_the_same_report_and_another_seed_another() {
        let study = bundled_study("opposition-notice-only", 600);
        let first = command::simulate(&study, options(1));
        let again = command::simulate(&study, options(3));
        assert_eq!(first, again);
        let mut other = study.clone();
        other.seed += 1;
        let different: SimulationReport = command::simulate(&other, options(1));
        assert_ne!(first.rule_sets, different.rule_sets);
    }
}

mod cli {
    use super::*;

    #[test]
    fn one_and_two_threads_give_identical_bytes() {
        for format in ["text", "json", "csv", "markdown"] {
            let run = |threads: &str| {
                let run = common::regsim(&[
                    "simulate",
                    "opposition-reforms",
                    "--runs",
                    "1500",
                    "--threads",
                    threads,
                    "--format",
                    format,
                ]);
                assert_eq!(run.code, Some(0), "{}", run.stderr);
                assert!(
                    run.stderr.is_empty(),
                    "stderr is not a terminal: {}",
                    run.stderr
                );
                run.stdout
            };
            let one = run("1");
            assert_eq!(one, run("2"), "{format}");
            assert_eq!(one, run("3"), "{format}");
        }
    }

    #[test]
    fn flags_override_the_study() {
        let run = common::regsim(&[
            "simulate",
            "opposition-current-vs-simplified",
            "--runs",
            "300",
            "--seed",
            "5",
            "--horizon",
            "730",
            "--rules",
            "kz-2022,kz-reform-cure-period",
            "--baseline",
            "kz-reform-cure-period",
            "--profile",
            "neutral",
            "--format",
            "json",
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        let study = &report["study"];
        assert_eq!(study["runs"], 300);
        assert_eq!(study["seed"], 5);
        assert_eq!(study["horizon_days"], 730);
        assert_eq!(study["profile"], "neutral");
        assert_eq!(study["baseline"], "kz-reform-cure-period");
        assert_eq!(study["rules"], json!(["kz-2022", "kz-reform-cure-period"]));
        assert_eq!(report["rule_sets"][1]["baseline"], true);
        assert!(report["rule_sets"][0]["versus_baseline"].is_object());
    }

    #[test]
    fn bad_profiles_and_studies_are_located_and_exit_2() {
        let dir = std::env::temp_dir().join(format!("regsim-simulate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut bad_profile: Value = serde_json::from_slice(
            &std::fs::read(common::root().join("scenarios/profiles/opposition.json")).unwrap(),
        )
        .unwrap();
        bad_profile["authority"]["notification_review"]["defect_probability"]["probability"] =
            json!(1.5);
        bad_profile["applicant"]["hold_congress"]["days"] = json!({"triangular": [30, 10, 90]});
        bad_profile["court"]["grant"]["source"] = json!("nowhere");
        bad_profile["applicant"]["filing"]["members"]["value"] = json!(5000);
        bad_profile["applicant"]["filing"]["founders"]["distribution"] =
            json!({"log_uniform": [0, 100]});
        bad_profile["applicant"]["filing"]["disqualified_share"]["share"] =
            json!({"triangular": [0.0, 0.5, 1.5]});
        std::fs::write(dir.join("profile.json"), bad_profile.to_string()).unwrap();
        std::fs::write(
            dir.join("study.json"),
            json!({"id": "bad", "title": "bad", "rules": ["kz-2022", "kz-1999"], "baseline": "kz-2030",
                   "profile": "profile.json", "horizon_days": 0, "runs": 10, "seed": 1})
            .to_string(),
        )
        .unwrap();
        std::fs::write(dir.join("typo.json"), r#"{"id": "t", "title": "t", "rules": [], "profile": "neutral", "horizon_days": 10, "runs": 1, "seed": 1, "sead": 2}"#).unwrap();
        let study = dir.join("study.json");
        let run = common::regsim(&["simulate", study.to_str().unwrap()]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        for expected in [
            "$.rules[1]",
            "no rule set has the id `kz-1999`",
            "$.baseline",
            "$.horizon_days",
            "$.authority.notification_review.defect_probability.probability",
            "$.applicant.hold_congress.days.triangular",
            "$.court.grant.source",
            "$.applicant.filing.members: error: a head count needs exactly one of `value` and `distribution`",
            "$.applicant.filing.founders.distribution.log_uniform",
            "$.applicant.filing.disqualified_share.share.triangular",
        ] {
            assert!(
                run.stderr.contains(expected),
                "missing {expected}:\n{}",
                run.stderr
            );
        }
        assert!(run.stdout.is_empty());
        let typo = common::regsim(&["simulate", dir.join("typo.json").to_str().unwrap()]);
        assert_eq!(typo.code, Some(2));
        assert!(
            typo.stderr.contains("unknown field `sead`"),
            "{}",
            typo.stderr
        );
        for args in [
            vec!["simulate", "no-such-study"],
            vec!["simulate", "opposition-notice-only", "--threads", "0"],
            vec!["simulate", "opposition-notice-only", "--runs", "0"],
            vec!["simulate", "opposition-notice-only", "--profile", "nobody"],
            vec![
                "simulate",
                "opposition-notice-only",
                "--baseline",
                "kz-2002",
            ],
            vec!["simulate", "/nonexistent/study.json"],
        ] {
            let run = common::regsim(&args);
            assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn output_goes_to_a_file_when_asked() {
        let dir = std::env::temp_dir().join(format!("regsim-simulate-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("result.csv");
        let run = common::regsim(&[
            "simulate",
            "fast-path-current-vs-simplified",
            "--runs",
            "100",
            "--format",
            "csv",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stdout.is_empty());
        let csv = std::fs::read_to_string(&path).unwrap();
        assert!(csv.starts_with(
            "study,profile,baseline,seed,start,start_spread_days,horizon_days,section,rule_set,name,from_day,to_day,n,estimate,ci_low,ci_high\r\n"
        ));
        assert!(csv.contains(",difference,kz-simplified,registered_share,,,100,"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
