//! A deterministic mutation test of every bundled file kind.
//!
//! Each bundled case, rule set, study and behaviour profile is mutated structurally
//! (keys deleted, types changed, extreme numbers and dates, long and odd Unicode strings,
//! duplicated, removed and reordered array items, `extends` cycles and deep chains,
//! absurd limits and holiday lists) by a generator with a fixed seed, so every run sees
//! the same mutants. Each mutant goes through the library's command entry points
//! ([`regsim::cli::validate_files`] and [`regsim::cli::run`] with `-o`, no subprocess),
//! and the test asserts what users rely on: no panic, a bounded time per input, the exit
//! class (0 valid, 1 invalid, 2 unreadable) of `validate` agreeing with every other
//! command that reads the file, and every error naming the file and its place.
//!
//! Every input that ever broke one of these promises is kept in `tests/mutants/` and
//! replayed first, so a fixed bug stays fixed.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use regsim::cli::{Cli, Failure, run, validate_files};
use regsim::diagnostic::Diagnostic;
use serde_json::{Value, json};

/// The generator's seed: change it only on purpose (the mutants change with it).
const SEED: u64 = 0x2026_1128;
/// Mutants per bundled file (about 2,000 in all).
const MUTANTS_PER_FILE: usize = 50;
/// The longest any one mutant may take through every command (a debug build on a busy
/// CI machine; a release build takes milliseconds).
const TIME_PER_INPUT: Duration = Duration::from_secs(20);

/// The kinds of file regsim reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Case,
    RuleSet,
    Study,
    Profile,
}

/// Every bundled file of every kind, in a fixed order.
fn bundled_files() -> Vec<(Kind, String, Value)> {
    let mut files = Vec::new();
    for (kind, folder) in [
        (Kind::Case, "scenarios"),
        (Kind::RuleSet, "scenarios/rules"),
        (Kind::Study, "scenarios/studies"),
        (Kind::Profile, "scenarios/profiles"),
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(common::root().join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            files.push((kind, name, value));
        }
    }
    files
}

/// One step of a path into a JSON value.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The paths of every node of `value`, the root first.
fn node_paths(value: &Value) -> Vec<Vec<Step>> {
    let mut paths = vec![Vec::new()];
    let mut at = 0;
    while at < paths.len() {
        let path = paths[at].clone();
        match node(value, &path) {
            Some(Value::Object(map)) => {
                for key in map.keys() {
                    let mut child = path.clone();
                    child.push(Step::Key(key.clone()));
                    paths.push(child);
                }
            }
            Some(Value::Array(items)) => {
                for index in 0..items.len() {
                    let mut child = path.clone();
                    child.push(Step::Index(index));
                    paths.push(child);
                }
            }
            _ => {}
        }
        at += 1;
    }
    paths
}

fn node<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(index) => value.get(index),
    })
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(index) => value.get_mut(index),
    })
}

fn pick<'a, T>(rng: &mut Pcg64Mcg, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn odd_string(rng: &mut Pcg64Mcg) -> Value {
    let long_cyrillic = "Қазақстан ".repeat(2_000);
    let choices = [
        "",
        " ",
        "\u{202e}evil",
        "a\u{0}b",
        "🇰🇿🏛️",
        "ǅ\u{301}\u{301}\u{301}",
        "kz-2022",
        "by_date",
        "../../etc/passwd",
        "-",
        "unspecified",
        "application_submitted",
        long_cyrillic.as_str(),
        "\u{FEFF}2023-01-01",
    ];
    Value::from(*pick(rng, &choices))
}

fn odd_number(rng: &mut Pcg64Mcg) -> Value {
    let choices: [Value; 14] = [
        json!(0),
        json!(-1),
        json!(1),
        json!(0.5),
        json!(1e-300),
        json!(1e300),
        json!(-1e300),
        json!(4_294_967_296u64),
        json!(18_446_744_073_709_551_615u64),
        json!(2_147_483_647),
        json!(-2_147_483_648i64),
        json!(3650),
        json!(1_000_000_000),
        json!(120),
    ];
    pick(rng, &choices).clone()
}

fn odd_date(rng: &mut Pcg64Mcg) -> Value {
    let choices = [
        "1900-01-01",
        "2200-12-31",
        "1899-12-31",
        "2201-01-01",
        "2024-02-29",
        "2023-02-29",
        "1969-12-31",
        "1970-01-01",
        "0000-00-00",
        "2023-13-01",
        "2023-1-1",
        "2023-01-01T00:00:00",
    ];
    Value::from(*pick(rng, &choices))
}

fn any_value(rng: &mut Pcg64Mcg) -> Value {
    match rng.random_range(0..7) {
        0 => Value::Null,
        1 => Value::Bool(rng.random_bool(0.5)),
        2 => odd_number(rng),
        3 => odd_string(rng),
        4 => odd_date(rng),
        5 => json!([]),
        _ => json!({}),
    }
}

/// Applies one structural mutation at a random node.
fn mutate_once(value: &mut Value, rng: &mut Pcg64Mcg) {
    let paths = node_paths(value);
    let path = pick(rng, &paths).clone();
    let Some((last, parent_path)) = path.split_last() else {
        // The root: replace it now and then, else mutate inside.
        if rng.random_bool(0.05) {
            *value = any_value(rng);
        }
        return;
    };
    let parent = node_mut(value, parent_path).expect("a path found above");
    match (rng.random_range(0..8), last, parent) {
        (0, Step::Key(key), Value::Object(map)) => {
            map.remove(key);
        }
        (1, Step::Index(index), Value::Array(items)) => {
            let copy = items[*index].clone();
            items.insert(*index, copy);
        }
        (2, Step::Index(index), Value::Array(items)) => {
            let other = rng.random_range(0..items.len());
            items.swap(*index, other);
        }
        (3, Step::Index(index), Value::Array(items)) => {
            items.remove(*index);
        }
        (_, _, parent) => {
            let target = match last {
                Step::Key(key) => parent.get_mut(key),
                Step::Index(index) => parent.get_mut(*index),
            }
            .expect("a path found above");
            *target = match target {
                Value::Number(_) => odd_number(rng),
                Value::String(text) if text.len() == 10 && text.as_bytes()[4] == b'-' => {
                    odd_date(rng)
                }
                Value::String(_) if rng.random_bool(0.7) => odd_string(rng),
                _ => any_value(rng),
            };
        }
    }
}

/// A mutation that only makes sense for one kind of file.
fn mutate_for_kind(value: &mut Value, kind: Kind, rng: &mut Pcg64Mcg) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    match kind {
        Kind::RuleSet => match rng.random_range(0..4) {
            0 => {
                // An `extends` cycle onto itself, or onto another bundled rule set.
                let own = object.get("id").cloned().unwrap_or(Value::Null);
                let parents = [
                    own,
                    json!("kz-simplified"),
                    json!("kz-2022"),
                    json!("kz-pa"),
                ];
                object.insert("extends".into(), pick(rng, &parents).clone());
            }
            1 => {
                // An absurd or a long, legal holiday list.
                let days = *pick(rng, &[1usize, 30, 130, 400, 5_000]);
                let step = *pick(rng, &[1i32, 2, 7]);
                let first = regsim::date::Date::parse("2020-01-01").unwrap();
                let list: Vec<String> = (0..days)
                    .map(|offset| first.add_days(offset as i32 * step).to_string())
                    .collect();
                object.insert("holidays".into(), json!(list));
            }
            2 => {
                // An absurd limit or threshold.
                if let Some(Value::Object(parameters)) = object.get_mut("parameters") {
                    let names: Vec<String> = parameters.keys().cloned().collect();
                    if !names.is_empty() {
                        let name = pick(rng, &names).clone();
                        parameters[&name]["value"] = odd_number(rng);
                        if rng.random_bool(0.3) {
                            let units = ["working_days", "calendar_days", "months", "count"];
                            parameters[&name]["unit"] = json!(*pick(rng, &units));
                        }
                    }
                }
            }
            _ => {}
        },
        Kind::Case => match rng.random_range(0..4) {
            0 => {
                let rules = [
                    "kz-2002",
                    "kz-2022",
                    "kz-pa",
                    "kz-simplified",
                    "by_date",
                    "nope",
                ];
                object.insert("rules".into(), json!(*pick(rng, &rules)));
            }
            1 => {
                if let Some(Value::Array(events)) = object.get_mut("events") {
                    events.reverse();
                }
            }
            2 => {
                let entities = ["party", "public_association"];
                object.insert("entity".into(), json!(*pick(rng, &entities)));
            }
            _ => {}
        },
        Kind::Study | Kind::Profile => {}
    }
}

/// A mutant of `original` that stays within what a test can run quickly: a study's run
/// count is capped (a user may ask for a billion runs, and gets them).
fn mutant(original: &Value, kind: Kind, index: usize, rng: &mut Pcg64Mcg) -> Value {
    let mut value = original.clone();
    if kind == Kind::RuleSet {
        // A distinct id, so the mutant does not clash with the bundled file it came from.
        value["id"] = json!(format!("mutant-{index}"));
    }
    if kind == Kind::Study {
        value["runs"] = json!(40);
    }
    if rng.random_bool(0.3) {
        mutate_for_kind(&mut value, kind, rng);
    }
    for _ in 0..rng.random_range(1..4) {
        mutate_once(&mut value, rng);
    }
    if kind == Kind::Study {
        if let Some(runs) = value.get("runs").and_then(Value::as_u64) {
            if (200..=1_000_000_000).contains(&runs) {
                value["runs"] = json!(200);
            }
        }
    }
    value
}

/// The exit class of a command: 0 ran, 1 found problems, 2 unusable input.
fn class(result: &Result<(), Failure>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(Failure::Found) => 1,
        Err(Failure::Input(_)) => 2,
    }
}

/// Problems that concern a whole file, which have no place inside it.
const WHOLE_FILE: &[&str] = &[
    "the file is empty",
    "the file holds JSON but not an object",
    "cannot tell what this file is",
    "this is a ",
];

/// Checks that a diagnostic names a file and, unless it concerns the whole file, a place.
fn assert_located(diagnostic: &Diagnostic, context: &str) {
    assert!(
        !diagnostic.file.is_empty(),
        "{context}: no file in {diagnostic}"
    );
    let whole = WHOLE_FILE
        .iter()
        .any(|start| diagnostic.message.starts_with(start));
    assert!(
        diagnostic.location.is_some() || whole,
        "{context}: no place in the file for {diagnostic}"
    );
    let shown = diagnostic.to_string();
    assert!(!shown.contains("$.."), "{context}: {shown}");
    assert!(!shown.contains("struct "), "{context}: {shown}");
}

/// Runs a command line through the library, as `regsim` would.
fn command(args: &[&str]) -> Result<(), Failure> {
    let cli = Cli::try_parse_from(std::iter::once("regsim").chain(args.iter().copied()))
        .unwrap_or_else(|error| panic!("{args:?}: {error}"));
    run(cli)
}

/// Runs one input file through `validate` and the commands that read its kind, and
/// checks every promise. Returns the validate class.
fn check_input(kind: Kind, file: &Path, out: &Path, context: &str) -> u8 {
    let started = Instant::now();
    let name = file.to_str().unwrap();
    let out = out.to_str().unwrap();
    let validation = validate_files(&[], &[file.to_path_buf()]);
    let validated = match &validation {
        Ok(found) if !found.unreadable.is_empty() => 2,
        Ok(found) if !found.invalid.is_empty() => 1,
        Ok(_) => 0,
        Err(_) => 2,
    };
    if let Ok(found) = &validation {
        for diagnostic in found.unreadable.iter().chain(&found.invalid) {
            assert_located(diagnostic, context);
        }
    }
    let id = serde_json::from_slice::<Value>(&std::fs::read(file).unwrap())
        .ok()
        .and_then(|value| value.get("id").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "no-id".into());
    let commands: Vec<Vec<&str>> = match kind {
        // `compare` replays the case under kz-2022 and kz-simplified (counterfactuals).
        Kind::Case => vec![
            vec!["replay", name, "-o", out],
            vec!["compare", name, "--format", "json", "-o", out],
        ],
        Kind::RuleSet => vec![
            vec!["--rules-file", name, "rules", "show", &id, "-o", out],
            vec!["--rules-file", name, "paths", "--rules", &id, "-o", out],
        ],
        Kind::Study => vec![vec!["simulate", name, "--threads", "1", "-o", out]],
        Kind::Profile => vec![vec![
            "simulate",
            "fast-path-current-vs-simplified",
            "--profile",
            name,
            "--runs",
            "40",
            "--threads",
            "1",
            "-o",
            out,
        ]],
    };
    for args in commands {
        let result = command(&args);
        let ran = class(&result);
        if let Err(Failure::Input(diagnostics)) = &result {
            for diagnostic in &diagnostics.0 {
                assert_located(diagnostic, &format!("{context} {args:?}"));
            }
        }
        // Every command that reads the file agrees with validate: it runs when the file
        // is valid and refuses it (exit 2) when validate finds it invalid or unreadable.
        let expected = if validated == 0 { 0 } else { 2 };
        assert_eq!(
            ran, expected,
            "{context}: validate says {validated}, {args:?} exits {ran}: {result:?}"
        );
    }
    assert!(
        started.elapsed() < TIME_PER_INPUT,
        "{context} took {:?}",
        started.elapsed()
    );
    validated
}

fn kind_of(name: &str) -> Kind {
    match name.split('-').next() {
        Some("rules") => Kind::RuleSet,
        Some("study") => Kind::Study,
        Some("profile") => Kind::Profile,
        _ => Kind::Case,
    }
}

#[test]
fn every_input_that_ever_failed_stays_fixed() {
    let dir = common::root().join("tests/mutants");
    let out = std::env::temp_dir().join(format!("regsim-mutants-{}.out", std::process::id()));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|entry| entry.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        check_input(kind_of(&name), &file, &out, &name);
    }
    let _ = std::fs::remove_file(&out);
}

#[test]
fn thousands_of_mutants_of_every_bundled_file_keep_every_promise() {
    let dir = std::env::temp_dir().join(format!("regsim-mutation-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Pcg64Mcg::seed_from_u64(SEED);
    let started = Instant::now();
    let per_file = std::env::var("REGSIM_MUTANTS_PER_FILE")
        .ok()
        .and_then(|count| count.parse().ok())
        .unwrap_or(MUTANTS_PER_FILE);
    // The mutants are made in one fixed order (the same every run), then checked on two
    // threads: each command runs on one thread, so they do not meet.
    let mut mutants = Vec::new();
    for (kind, name, original) in bundled_files() {
        for index in 0..per_file {
            let value = mutant(&original, kind, mutants.len(), &mut rng);
            let text = if rng.random_bool(0.03) {
                // Now and then, broken JSON: cut short.
                let whole = serde_json::to_string_pretty(&value).unwrap();
                let mut cut = rng.random_range(0..whole.len().max(1));
                while !whole.is_char_boundary(cut) {
                    cut -= 1;
                }
                whole[..cut].to_string()
            } else {
                serde_json::to_string_pretty(&value).unwrap()
            };
            mutants.push((kind, format!("{name}-{index}"), text));
        }
    }
    let count = mutants.len();
    let check_share = |share: usize| {
        let out = dir.join(format!("out-{share}.txt"));
        let mut valid = 0;
        for (number, (kind, name, text)) in mutants.iter().enumerate().skip(share).step_by(2) {
            let file = dir.join(format!("{name}.json"));
            std::fs::write(&file, text).unwrap();
            let context = format!(
                "mutant {number} ({name}, kept at {}; copy it to tests/mutants/ if it fails)",
                file.display()
            );
            let one = Instant::now();
            let checked = std::panic::catch_unwind(|| check_input(*kind, &file, &out, &context));
            match checked {
                Ok(0) => valid += 1,
                Ok(_) => {}
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
                        .unwrap_or_default();
                    panic!("{context}: {message}");
                }
            }
            if std::env::var_os("REGSIM_MUTATION_TIMES").is_some() {
                eprintln!(
                    "{:>8.1} ms {kind:?} {name}",
                    one.elapsed().as_secs_f64() * 1e3
                );
            }
            std::fs::remove_file(&file).unwrap();
        }
        valid
    };
    let valid: usize = std::thread::scope(|scope| {
        let shares: Vec<_> = (0..2)
            .map(|share| scope.spawn(move || check_share(share)))
            .collect();
        shares
            .into_iter()
            .map(|share| {
                share
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .sum()
    });
    let out = dir.join("out.txt");
    // Deep `extends` chains: up to the documented limit they resolve; beyond, every
    // command refuses them as validate does.
    for depth in [1, 32, 33, 64, 65] {
        let mut files = Vec::new();
        for level in 1..=depth {
            let parent = if level == 1 {
                "kz-2022".to_string()
            } else {
                format!("chain-{}", level - 1)
            };
            let file = dir.join(format!("chain-{level}.json"));
            std::fs::write(
                &file,
                json!({"id": format!("chain-{level}"), "title": "t", "extends": parent, "changes": {}})
                    .to_string(),
            )
            .unwrap();
            files.push(file);
        }
        let validation = validate_files(&files[..depth - 1], &files[depth - 1..]);
        let resolves = depth <= regsim::rules::MAX_EXTENDS_DEPTH;
        let validated = match validation {
            Ok(found) => found.invalid.is_empty() && found.unreadable.is_empty(),
            Err(_) => false,
        };
        assert_eq!(validated, resolves, "a chain of {depth}");
        let mut args: Vec<String> = Vec::new();
        for file in &files {
            args.extend(["--rules-file".into(), file.display().to_string()]);
        }
        let top = format!("chain-{depth}");
        args.extend(["rules".into(), "show".into(), top, "-o".into()]);
        args.push(out.display().to_string());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(class(&command(&args)) == 0, resolves, "a chain of {depth}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{count} mutants ({valid} still valid) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(count >= 2_000 || per_file != MUTANTS_PER_FILE);
    assert!(
        valid > 0 && valid < count,
        "the mutants span valid and invalid"
    );
}
