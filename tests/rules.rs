//! Bundled rule sets: every file is bundled and resolves; every value shows its status
//! and citation; resolution errors name the rule set and the item.

mod common;

use regsim::app::bundled_cases::CASES;
use regsim::rules::bundled::RULE_SETS;
use regsim::rules::{Catalog, RuleSetFile};
use regsim::source::Status;

fn json_files(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(common::root().join(dir))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_rule_set_and_case_file_is_bundled_in_the_binary() {
    let bundled: Vec<String> = RULE_SETS.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(
        bundled,
        json_files("scenarios/rules"),
        "update src/rules/bundled.rs"
    );
    let cases: Vec<String> = CASES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(cases, json_files("scenarios"), "update src/cases.rs");
}

#[test]
fn every_bundled_rule_set_resolves_and_its_id_is_its_file_name() {
    let catalog = Catalog::bundled();
    for (name, text) in RULE_SETS {
        let file: RuleSetFile = serde_json::from_str(text).unwrap();
        assert_eq!(format!("{}.json", file.id), *name);
        catalog
            .resolve(&file.id)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(catalog.ids().count() >= 10);
}

#[test]
fn rules_show_prints_every_value_with_its_status_and_citation() {
    let catalog = Catalog::bundled();
    for id in catalog.ids() {
        let rules = catalog.resolve(id).unwrap();
        let run = common::regsim(&["rules", "show", id]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        for (name, parameter) in &rules.parameters {
            let line = run
                .stdout
                .lines()
                .find(|line| line.trim_start().starts_with(&format!("{name} = ")))
                .unwrap_or_else(|| panic!("{id}: {name} not shown"));
            assert!(
                line.contains(&format!(
                    "[{}]",
                    rules.status_label(parameter.status, parameter.citation.as_ref())
                )),
                "{id}: {line}"
            );
            if parameter.status != Status::Assumed {
                assert!(parameter.citation.is_some());
            } else {
                assert!(
                    parameter
                        .note
                        .as_deref()
                        .is_some_and(|note| !note.is_empty()),
                    "{id}: {name} is assumed without a reason"
                );
            }
        }
        for transition in &rules.procedure.transitions {
            assert!(
                run.stdout.contains(&format!(
                    "  {}: {} --{}--> {}",
                    transition.id, transition.from, transition.event, transition.to
                )),
                "{id}: {}",
                transition.id
            );
        }
        assert!(
            run.stdout.contains("ASSUMED")
                || !rules
                    .parameters
                    .values()
                    .any(|p| p.status == Status::Assumed)
        );
    }
}

#[test]
fn the_rule_set_in_force_is_shown_in_full() {
    let run = common::regsim(&["rules", "show", "kz-2022"]);
    let settings = common::snapshot_settings();
    settings.bind(|| insta::assert_snapshot!("rules_show__kz-2022", run.stdout));
}

#[test]
fn reforms_stack_and_record_their_lineage() {
    let rules = Catalog::bundled().resolve("kz-simplified").unwrap();
    let lineage: Vec<&str> = rules.lineage.iter().map(|step| step.id.as_str()).collect();
    assert_eq!(
        lineage,
        ["kz-2022", "kz-reform-cure-period", "kz-simplified"]
    );
    assert!(rules.in_force.is_none(), "a reform is a proposal");
    assert!(
        rules.lineage[1..]
            .iter()
            .all(|step| step.proposal.is_some()),
        "every reform cites its proposal"
    );
}

#[test]
fn rules_list_names_every_rule_set() {
    let run = common::regsim(&["rules", "list"]);
    assert_eq!(run.code, Some(0));
    for id in Catalog::bundled().ids() {
        assert!(run.stdout.contains(id), "{id}");
    }
}

#[test]
fn a_user_reform_file_extends_a_bundled_rule_set() {
    let dir = std::env::temp_dir().join(format!("regsim-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reform = dir.join("my-reform.json");
    std::fs::write(&reform, r#"{"id": "my-reform", "title": "Shorter review", "extends": "kz-2022",
      "sources": [{"id": "me", "title": "My proposal"}], "proposal": {"source": "me"},
      "changes": {"replace_parameters": {"review_period": {"label": "Review", "value": 10, "unit": "working_days",
        "starts_on": ["application_submitted"], "status": "assumed", "note": "proposal"}}}}"#).unwrap();
    let run = common::regsim(&[
        "--rules-file",
        reform.to_str().unwrap(),
        "rules",
        "show",
        "my-reform",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("review_period = 10 working days [ASSUMED]"),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_assumed_patch_without_its_own_note_is_refused_at_the_note() {
    let dir = std::env::temp_dir().join(format!("regsim-patch-note-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reform = dir.join("no-note.json");
    std::fs::write(
        &reform,
        r#"{"id": "no-note", "title": "1,000 members", "extends": "kz-2022",
      "changes": {"patch_parameters": {"registration_members_min": {"value": 1000, "status": "assumed"}}}}"#,
    )
    .unwrap();
    let run = common::regsim(&["validate", reform.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("$.changes.patch_parameters.registration_members_min.note"),
        "{}",
        run.stderr
    );
    // With its own note, the base's note (about 5,000) is not shown as the reason.
    std::fs::write(
        &reform,
        r#"{"id": "no-note", "title": "1,000 members", "extends": "kz-2022",
      "changes": {"patch_parameters": {"registration_members_min": {"value": 1000, "status": "assumed", "note": "My proposal."}}}}"#,
    )
    .unwrap();
    let run = common::regsim(&["rules", "show", reform.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut lines = run
        .stdout
        .lines()
        .skip_while(|line| !line.contains("registration_members_min = "));
    lines.next();
    assert_eq!(
        lines.next().map(str::trim),
        Some("note: Reform no-note: My proposal."),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}
