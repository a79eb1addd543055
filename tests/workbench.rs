//! The analyst's workbench: finding things (`list`, bundled case ids, rule-set files
//! wherever an id is taken), writing one's own files (`new`, one-value reforms), JSON
//! Schemas that editors check files against, shell completions and the man page, and
//! CSV that spreadsheets and pandas read cleanly.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{regsim, regsim_in};

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-workbench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bundled files of each kind, with the schema they must name in `"$schema"`.
fn bundled_files() -> Vec<(&'static str, PathBuf, &'static str)> {
    let root = common::root().join("scenarios");
    let mut files = Vec::new();
    for (kind, folder, reference) in [
        ("case", root.clone(), "../schemas/case.schema.json"),
        (
            "rules",
            root.join("rules"),
            "../../schemas/rules.schema.json",
        ),
        (
            "study",
            root.join("studies"),
            "../../schemas/study.schema.json",
        ),
        (
            "profile",
            root.join("profiles"),
            "../../schemas/profile.schema.json",
        ),
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        found.sort();
        assert!(!found.is_empty(), "no {kind} files in {}", folder.display());
        files.extend(found.into_iter().map(|path| (kind, path, reference)));
    }
    files
}

mod schemas {
    use super::*;

    #[test]
    fn the_committed_schemas_are_what_regsim_schema_prints() {
        for kind in ["case", "rules", "study", "profile"] {
            let run = regsim(&["schema", kind]);
            assert_eq!(run.code, Some(0), "{}", run.stderr);
            let path = common::root().join(format!("schemas/{kind}.schema.json"));
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == run.stdout,
                "{} differs from `regsim schema {kind}`: regenerate it with `regsim schema {kind} -o schemas/{kind}.schema.json`",
                path.display()
            );
        }
    }

    #[test]
    fn every_bundled_file_names_its_schema() {
        for (kind, path, reference) in bundled_files() {
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(
                value["$schema"],
                reference,
                "{} ({kind}) must name its schema",
                path.display()
            );
            let target = path.parent().unwrap().join(reference);
            assert!(
                target.is_file(),
                "{} points at a missing file",
                path.display()
            );
        }
    }

    /// Validates instances against a schema with Python's `jsonschema` (an implementation
    /// independent of regsim's and of schemars); `None` if it is not installed.
    fn python_validate(schema: &Path, instances: &[PathBuf]) -> Option<Vec<String>> {
        const SCRIPT: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
for name in sys.argv[2:]:
    for error in validator.iter_errors(json.load(open(name, encoding="utf-8"))):
        print(f"{name}: {list(error.absolute_path)}: {error.message[:300]}")
"#;
        let available = Command::new("python3")
            .args(["-c", "import jsonschema"])
            .status()
            .is_ok_and(|status| status.success());
        if !available {
            assert!(
                std::env::var_os("CI").is_none(),
                "Python's jsonschema is not installed under CI: install python3-jsonschema (.ci/run does)"
            );
            eprintln!(
                "skipped: python3 with jsonschema is not installed (apt-get install python3-jsonschema)"
            );
            return None;
        }
        let output = Command::new("python3")
            .arg("-c")
            .arg(SCRIPT)
            .arg(schema)
            .args(instances)
            .output()
            .expect("python3 runs");
        assert!(
            output.status.success(),
            "the validator failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Some(
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(str::to_string)
                .collect(),
        )
    }

    #[test]
    fn every_bundled_file_validates_against_the_schema_regsim_prints() {
        let dir = scratch("schemas");
        for kind in ["case", "rules", "study", "profile"] {
            let schema = dir.join(format!("{kind}.schema.json"));
            let run = regsim(&["schema", kind, "-o", schema.to_str().unwrap()]);
            assert_eq!(run.code, Some(0), "{}", run.stderr);
            let files: Vec<PathBuf> = bundled_files()
                .into_iter()
                .filter(|(of, _, _)| *of == kind)
                .map(|(_, path, _)| path)
                .collect();
            let Some(errors) = python_validate(&schema, &files) else {
                return;
            };
            assert!(errors.is_empty(), "{kind}: {}", errors.join("\n"));
        }
    }

    #[test]
    fn the_schema_refuses_what_the_parser_refuses() {
        let dir = scratch("schema-refuses");
        let schema = dir.join("case.schema.json");
        regsim(&["schema", "case", "-o", schema.to_str().unwrap()]);
        let case: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(common::root().join("scenarios/baytaq.json")).unwrap(),
        )
        .unwrap();
        let mut bad = Vec::new();
        for (name, change) in [
            ("unknown-field", ("titel", serde_json::json!("typo"))),
            ("wrong-kind", ("kind", serde_json::json!("imagined"))),
            ("wrong-entity", ("entity", serde_json::json!("club"))),
        ] {
            let mut changed = case.clone();
            changed[change.0] = change.1;
            let path = dir.join(format!("{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&changed).unwrap()).unwrap();
            let parsed = regsim(&["validate", path.to_str().unwrap()]);
            assert_eq!(parsed.code, Some(1), "regsim refuses {name}");
            bad.push(path);
        }
        let Some(errors) = python_validate(&schema, &bad) else {
            return;
        };
        for path in &bad {
            let name = path.to_str().unwrap();
            assert!(
                errors.iter().any(|error| error.starts_with(name)),
                "the schema refuses {name} too: {errors:?}"
            );
        }
    }
}

mod discovery {
    use super::*;

    #[test]
    fn list_shows_every_bundled_case_rule_set_study_and_profile() {
        let text = regsim(&["list"]);
        assert_eq!(text.code, Some(0), "{}", text.stderr);
        let json = regsim(&["list", "--format", "json"]);
        assert_eq!(json.code, Some(0), "{}", json.stderr);
        let listing: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let count = |key: &str| listing[key].as_array().unwrap().len();
        let files = |folder: &str| {
            std::fs::read_dir(common::root().join(folder))
                .unwrap()
                .filter(|entry| {
                    entry
                        .as_ref()
                        .unwrap()
                        .path()
                        .extension()
                        .is_some_and(|ext| ext == "json")
                })
                .count()
        };
        assert_eq!(count("cases"), files("scenarios"));
        assert_eq!(count("rule_sets"), files("scenarios/rules"));
        assert_eq!(count("studies"), files("scenarios/studies"));
        assert_eq!(count("profiles"), files("scenarios/profiles"));
        for key in ["cases", "rule_sets", "studies", "profiles"] {
            for item in listing[key].as_array().unwrap() {
                assert!(
                    item["title"]
                        .as_str()
                        .is_some_and(|title| !title.is_empty()),
                    "{key}: {item}"
                );
            }
        }
        common::snapshot_settings().bind(|| {
            insta::assert_snapshot!("list", text.stdout);
            insta::assert_snapshot!("list__json", json.stdout);
        });
    }

    #[test]
    fn list_comes_in_markdown_and_csv_and_by_kind() {
        let markdown = regsim(&["list", "studies", "--format", "markdown"]);
        assert_eq!(markdown.code, Some(0), "{}", markdown.stderr);
        assert!(
            markdown
                .stdout
                .contains("| opposition-current-vs-simplified | opposition |")
        );
        assert!(!markdown.stdout.contains("baytaq"), "only studies");
        let csv = regsim(&["list", "--format", "csv"]);
        let records = common::csv_records(&csv.stdout);
        assert_eq!(records[0][0], "item");
        assert!(
            records
                .iter()
                .all(|record| record.len() == records[0].len())
        );
        let items: std::collections::BTreeSet<&str> = records[1..]
            .iter()
            .map(|record| record[0].as_str())
            .collect();
        assert_eq!(
            items.into_iter().collect::<Vec<_>>(),
            ["case", "profile", "rule_set", "study"]
        );
    }

    #[test]
    fn a_bundled_case_id_works_wherever_a_case_path_does() {
        let by_id = regsim(&["replay", "baytaq", "--format", "json"]);
        let by_path = regsim(&["replay", "scenarios/baytaq.json", "--format", "json"]);
        assert_eq!(by_id.code, Some(0), "{}", by_id.stderr);
        let outcome = |run: &common::Run| {
            serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()["outcome"].clone()
        };
        assert_eq!(outcome(&by_id), outcome(&by_path));
        let compared = regsim(&["compare", "baytaq", "respublica", "--format", "csv"]);
        assert_eq!(compared.code, Some(0), "{}", compared.stderr);
        let records = common::csv_records(&compared.stdout);
        assert_eq!(records.len(), 5, "two cases under two rule sets");
        let validated = regsim(&["validate", "baytaq"]);
        assert_eq!(validated.code, Some(0), "{}", validated.stderr);
        assert!(
            validated.stdout.contains("(case baytaq,"),
            "{}",
            validated.stdout
        );
        let under = regsim(&["replay", "ult-yntymagy", "--under", "kz-pa-simplified"]);
        assert_eq!(under.code, Some(0), "{}", under.stderr);
    }

    #[test]
    fn a_path_that_exists_wins_over_a_bundled_id() {
        let dir = scratch("path-wins");
        let mut case: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                common::root().join("scenarios/hypothetical-appeal-granted.json"),
            )
            .unwrap(),
        )
        .unwrap();
        case["title"] = "My own copy".into();
        std::fs::write(dir.join("baytaq"), case.to_string()).unwrap();
        let run = regsim_in(&dir, &["replay", "baytaq"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stdout.starts_with("My own copy"), "{}", run.stdout);
    }

    #[test]
    fn an_unknown_case_name_gets_the_closest_ids() {
        let run = regsim(&["replay", "baytak"]);
        assert_eq!(run.code, Some(2));
        assert!(
            run.stderr.starts_with(
                "baytak: error: no file has this name and no bundled case has this id"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("did you mean `baytaq`?"),
            "{}",
            run.stderr
        );
        let missing_file = regsim(&["replay", "cases/mine.json"]);
        assert_eq!(missing_file.code, Some(2));
        assert!(
            missing_file.stderr.contains("cannot read the file"),
            "{}",
            missing_file.stderr
        );
    }
}

mod rule_set_files {
    use super::*;

    const ONE_VALUE_REFORM: &str = r#"{
  "id": "my-members",
  "title": "Reform: 1,000 members",
  "extends": "kz-2022",
  "changes": {
    "patch_parameters": {
      "registration_members_min": {
        "value": 1000, "status": "assumed",
        "note": "A test's reform: 1,000 members."
      }
    }
  }
}"#;

    fn reform_dir(name: &str) -> PathBuf {
        let dir = scratch(name);
        std::fs::write(dir.join("my-members.json"), ONE_VALUE_REFORM).unwrap();
        dir
    }

    #[test]
    fn a_rule_set_file_works_wherever_an_id_does() {
        let dir = reform_dir("rules-path");
        for args in [
            &["rules", "show", "my-members.json"][..],
            &["rules", "show", "kz-2020+my-members.json"],
            &["rules", "diff", "kz-2022", "my-members.json"],
            &["graph", "--rules", "my-members.json"],
            &["paths", "--rules", "./my-members.json"],
            &["replay", "baytaq", "--under", "my-members.json"],
            &[
                "compare",
                "baytaq",
                "--rules",
                "own",
                "--rules",
                "own+my-members.json",
            ],
            &[
                "simulate",
                "fast-path-current-vs-simplified",
                "--runs",
                "50",
                "--rules",
                "kz-2022,my-members.json",
                "--baseline",
                "my-members.json",
            ],
        ] {
            let run = regsim_in(&dir, args);
            assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
            assert!(
                run.stdout.contains("my-members"),
                "{args:?}: {}",
                run.stdout
            );
        }
        let shown = regsim_in(&dir, &["rules", "show", "kz-2020+my-members.json"]);
        assert!(
            shown
                .stdout
                .contains("registration_members_min = 1000 persons [ASSUMED]"),
            "{}",
            shown.stdout
        );
        assert!(
            shown.stdout.starts_with("kz-2020+my-members"),
            "{}",
            shown.stdout
        );
    }

    #[test]
    fn a_study_names_rule_set_files_relative_to_itself() {
        let dir = reform_dir("study-rules");
        std::fs::create_dir_all(dir.join("studies")).unwrap();
        std::fs::write(
            dir.join("studies/mine.json"),
            r#"{"id": "mine", "title": "Mine", "rules": ["kz-2022", "../my-members.json"],
                "profile": "neutral", "horizon_days": 365, "runs": 50, "seed": 1}"#,
        )
        .unwrap();
        let run = regsim_in(&dir, &["simulate", "studies/mine.json"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(
            run.stdout.contains("Rule sets: kz-2022, my-members"),
            "{}",
            run.stdout
        );
        let validated = regsim_in(&dir, &["validate", "studies/mine.json"]);
        assert_eq!(validated.code, Some(0), "{}", validated.stderr);
    }

    #[test]
    fn rules_file_takes_several_files_and_directories() {
        let dir = reform_dir("rules-dirs");
        std::fs::create_dir_all(dir.join("more")).unwrap();
        std::fs::write(
            dir.join("more/my-grounds.json"),
            ONE_VALUE_REFORM
                .replace("my-members", "my-grounds")
                .replace("1000", "2000"),
        )
        .unwrap();
        // A case in the directory is not a rule set: it is left out, not an error.
        std::fs::copy(
            common::root().join("scenarios/baytaq.json"),
            dir.join("more/baytaq.json"),
        )
        .unwrap();
        let run = regsim_in(
            &dir,
            &[
                "--rules-file",
                "my-members.json",
                "--rules-file",
                "more",
                "list",
                "rules",
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let listing: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let users: Vec<&str> = listing["rule_sets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["user"] == true)
            .map(|entry| entry["id"].as_str().unwrap())
            .collect();
        assert_eq!(users, ["my-grounds", "my-members"]);
    }

    #[test]
    fn rules_list_marks_a_file_that_does_not_resolve_and_says_why() {
        let dir = scratch("rules-unresolved");
        std::fs::write(
            dir.join("broken.json"),
            r#"{"id": "broken", "title": "Broken", "extends": "kz-2023", "changes": {}}"#,
        )
        .unwrap();
        for args in [
            &["--rules-file", "broken.json", "rules", "list"][..],
            &["--rules-file", "broken.json", "list"],
        ] {
            let run = regsim_in(&dir, args);
            assert_eq!(run.code, Some(2), "{args:?}");
            assert!(
                run.stdout.lines().any(|line| line.starts_with("broken ")
                    || line.starts_with("  broken ")
                        && line.ends_with("[DOES NOT RESOLVE: see the errors on stderr]")),
                "{args:?}: {}",
                run.stdout
            );
            assert!(
                run.stdout.contains("kz-simplified"),
                "the rest is listed too"
            );
            assert!(
                run.stderr.contains(
                    "broken.json:$.extends: error: rule set `broken` extends `kz-2023`, which does not exist"
                ),
                "{args:?}: {}",
                run.stderr
            );
            assert!(run.stderr.contains("did you mean `kz-20"), "{}", run.stderr);
        }
    }
}

mod csv {
    use super::*;

    /// Whether every non-empty field of each column parses as one type (a whole number,
    /// a number, true/false, a date) or is text; returns the columns that mix.
    fn mixed_columns(records: &[Vec<String>]) -> Vec<String> {
        fn kind(text: &str) -> &'static str {
            if text.parse::<i64>().is_ok() || text.parse::<f64>().is_ok() {
                "number"
            } else if text == "true" || text == "false" {
                "boolean"
            } else {
                "text"
            }
        }
        let header = &records[0];
        let mut mixed = Vec::new();
        for (column, name) in header.iter().enumerate() {
            let kinds: std::collections::BTreeSet<&str> = records[1..]
                .iter()
                .map(|record| record[column].as_str())
                .filter(|field| !field.is_empty())
                .map(kind)
                .collect();
            if kinds.len() > 1 {
                mixed.push(format!("{name}: {kinds:?}"));
            }
        }
        mixed
    }

    #[test]
    fn every_csv_ends_lines_in_crlf_and_keeps_one_type_per_column() {
        for args in [
            &["replay", "alga-kazakhstan-2022", "--format", "csv"][..],
            &[
                "replay",
                "baytaq",
                "--under",
                "kz-simplified",
                "--format",
                "csv",
            ],
            &["compare", "--all", "--format", "csv"],
            &["compare", "--explain", "--format", "csv"],
            &[
                "simulate",
                "opposition-reforms",
                "--runs",
                "200",
                "--format",
                "csv",
            ],
            &["list", "--format", "csv"],
        ] {
            let run = regsim(args);
            assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
            let records = common::csv_records(&run.stdout);
            assert!(records.len() > 1, "{args:?}");
            assert!(
                records
                    .iter()
                    .all(|record| record.len() == records[0].len()),
                "{args:?}: every row has the header's fields"
            );
            let mixed = mixed_columns(&records);
            assert!(
                mixed.is_empty(),
                "{args:?}: columns mixing types: {mixed:?}"
            );
        }
    }

    #[test]
    fn compare_explain_fills_the_explanation_column() {
        let run = regsim(&["compare", "--explain", "--format", "csv"]);
        let records = common::csv_records(&run.stdout);
        let column = records[0]
            .iter()
            .position(|name| name == "explanation")
            .unwrap();
        let explained: Vec<&Vec<String>> = records[1..]
            .iter()
            .filter(|record| !record[column].is_empty())
            .collect();
        assert!(!explained.is_empty(), "--explain is not dropped from CSV");
        assert!(
            explained[0][column].contains("Rule:"),
            "{}",
            explained[0][column]
        );
        let plain = regsim(&["compare", "--format", "csv"]);
        let plain = common::csv_records(&plain.stdout);
        assert!(plain[1..].iter().all(|record| record[column].is_empty()));
    }

    #[test]
    fn compare_gives_registration_changes_as_a_word_and_as_a_number() {
        let run = regsim(&["compare", "--all", "--format", "csv"]);
        let records = common::csv_records(&run.stdout);
        let at = |name: &str| records[0].iter().position(|field| field == name).unwrap();
        let (word, number) = (at("delta_registration"), at("delta_registered"));
        let mut seen = std::collections::BTreeSet::new();
        for record in &records[1..] {
            let pair = (record[word].as_str(), record[number].as_str());
            assert!(
                matches!(
                    pair,
                    ("", "") | ("gained", "1") | ("lost", "-1") | ("same", "0")
                ),
                "{pair:?}"
            );
            seen.insert(pair.0.to_string());
        }
        assert!(seen.contains("gained") && seen.contains("same"), "{seen:?}");
    }
}

mod authoring {
    use super::*;

    #[test]
    fn every_starting_file_validates_as_written_and_says_it_is_a_template() {
        let dir = scratch("new");
        for (kind, extra) in [
            ("case", &[][..]),
            ("case", &["--entity", "public_association"]),
            ("case", &["--rules", "kz-2002"]),
            ("reform", &[]),
            ("reform", &["--extends", "kz-2022"]),
            ("reform", &["--extends", "kz-simplified"]),
            ("reform", &["--entity", "public_association"]),
            ("study", &[]),
            ("study", &["--entity", "public_association"]),
            ("profile", &[]),
            ("profile", &["--extends", "opposition"]),
        ] {
            let file = format!(
                "{kind}-{}.json",
                extra.join("-").replace("--", "").replace('_', "-")
            );
            let mut args = vec!["new", kind, "-o", &file];
            args.extend_from_slice(extra);
            let written = regsim_in(&dir, &args);
            assert_eq!(written.code, Some(0), "{args:?}: {}", written.stderr);
            let checked = regsim_in(&dir, &["validate", &file]);
            assert_eq!(checked.code, Some(0), "{args:?}: {}", checked.stderr);
            let text = std::fs::read_to_string(dir.join(&file)).unwrap();
            assert!(text.contains("TEMPLATE"), "{args:?} says it is a template");
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let id = file.trim_end_matches(".json");
            assert_eq!(value["id"], id, "the id is the file's name");
            if kind == "case" {
                assert_eq!(value["kind"], "hypothetical", "a new case is never real");
                assert!(value["sources"].as_array().unwrap().is_empty());
            }
            // The same text on stdout.
            let mut to_stdout = vec!["new", kind, "--id", id];
            to_stdout.extend_from_slice(extra);
            assert_eq!(regsim_in(&dir, &to_stdout).stdout, text, "{args:?}");
        }
    }

    #[test]
    fn a_new_reform_changes_nothing_until_edited() {
        let dir = scratch("new-reform");
        regsim_in(
            &dir,
            &["new", "reform", "--extends", "kz-2022", "-o", "mine.json"],
        );
        let diff = regsim_in(
            &dir,
            &["rules", "diff", "kz-2022", "mine.json", "--format", "json"],
        );
        assert_eq!(diff.code, Some(0), "{}", diff.stderr);
        let diff: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
        let values_changed: Vec<&serde_json::Value> = diff["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|change| {
                change["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f == "value")
            })
            .collect();
        assert!(values_changed.is_empty(), "{values_changed:?}");
    }

    #[test]
    fn new_never_replaces_a_file_and_refuses_flags_that_do_not_apply() {
        let dir = scratch("new-refuses");
        std::fs::write(dir.join("mine.json"), "{}").unwrap();
        let run = regsim_in(&dir, &["new", "reform", "-o", "mine.json"]);
        assert_eq!(run.code, Some(2));
        assert!(run.stderr.contains("the file exists"), "{}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(dir.join("mine.json")).unwrap(),
            "{}"
        );
        for args in [
            &["new", "case", "--extends", "kz-2022"][..],
            &["new", "reform", "--extends", "kz-pa", "--entity", "party"],
            &["new", "reform", "--extends", "kz-2023"],
            &["new", "profile", "--extends", "hostile"],
            &["new", "reform", "-o", "My Reform.json"],
        ] {
            let run = regsim_in(&dir, args);
            assert_eq!(run.code, Some(2), "{args:?}: {}", run.stdout);
            assert!(run.stderr.contains("fix:"), "{args:?}: {}", run.stderr);
        }
    }

    /// The README's "Writing your own reform" walk-through, run exactly as written: the
    /// file it shows, then every command of its shell block.
    #[test]
    fn the_readme_one_value_reform_works_as_written() {
        let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
        let section = readme
            .split("## Writing your own reform")
            .nth(1)
            .expect("README has a 'Writing your own reform' section");
        let section = section.split("\n## ").next().unwrap();
        let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
        let json = blocks
            .iter()
            .find_map(|block| block.strip_prefix("json\n"))
            .expect("a json block");
        let shell = blocks
            .iter()
            .find_map(|block| block.strip_prefix("sh\n"))
            .expect("a sh block");
        let dir = scratch("readme-reform");
        let reform: serde_json::Value = serde_json::from_str(json).unwrap();
        let file = format!("{}.json", reform["id"].as_str().unwrap());
        assert!(
            shell.contains(&file),
            "the commands use the file the README shows"
        );
        std::fs::write(dir.join(&file), json).unwrap();
        let mut ran = 0;
        for line in shell.lines() {
            let command = line.split("  #").next().unwrap().trim();
            let Some(args) = command.strip_prefix("regsim ") else {
                continue;
            };
            let args: Vec<&str> = args.split_whitespace().collect();
            let run = regsim_in(&dir, &args);
            assert_eq!(run.code, Some(0), "{command}: {}", run.stderr);
            assert!(!run.stdout.is_empty(), "{command}");
            ran += 1;
        }
        assert!(ran >= 4, "the walk-through runs its commands");
        let shown = regsim_in(&dir, &["rules", "show", &format!("kz-2020+{file}")]);
        let mut lines = shown
            .stdout
            .lines()
            .skip_while(|line| !line.contains("registration_members_min = "));
        assert_eq!(
            lines.next().map(str::trim),
            Some(
                "registration_members_min = 1000 persons [ASSUMED] — Members required for state registration"
            ),
            "{}",
            shown.stdout
        );
        // The base's citation said 20,000: it does not stand behind the new value.
        let next = lines.next().unwrap_or_default();
        assert!(
            next.trim_start().starts_with("note:"),
            "no citation: {next}"
        );
    }
}

mod shell_and_manual {
    use super::*;

    #[test]
    fn completions_come_for_each_shell_from_the_same_definition() {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            let run = regsim(&["completions", shell]);
            assert_eq!(run.code, Some(0), "{shell}: {}", run.stderr);
            for command in ["list", "new", "schema", "replay", "simulate"] {
                assert!(run.stdout.contains(command), "{shell} completes {command}");
            }
        }
        let bash = regsim(&["completions", "bash"]);
        let syntax = Command::new("bash")
            .args(["-n", "-c", &bash.stdout])
            .status();
        if let Ok(status) = syntax {
            assert!(status.success(), "the bash script parses");
        }
    }

    #[test]
    fn the_man_page_documents_every_command() {
        let run = regsim(&["man"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stdout.starts_with(".ie"), "roff: {}", &run.stdout[..40]);
        for command in [
            "LIST",
            "NEW",
            "VALIDATE",
            "REPLAY",
            "COMPARE",
            "GRAPH",
            "PATHS",
            "RULES",
            "SIMULATE",
            "CALENDAR",
            "SCHEMA",
            "COMPLETIONS",
            "MAN",
        ] {
            assert!(
                run.stdout.contains(&format!(".SH \"REGSIM {command}\"")),
                "the page has a section for {command}"
            );
        }
        assert!(
            run.stdout.contains("\\-\\-rules\\-file"),
            "global flags are documented"
        );
        // No reference to a page that does not exist: commands are sections of this one.
        assert!(!run.stdout.contains("(1)"), "a reference to a missing page");
        assert!(
            run.stdout
                .contains("regsim list (section REGSIM LIST below)")
        );
    }
}
