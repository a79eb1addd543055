//! The shape of the code, checked: every module opens with a `//!` paragraph, no file is
//! longer than about 800 lines, the modules of `src/` import one another without a cycle,
//! and only the command line imports the command line (and only it and the loading layer
//! import the loading layer).
//!
//! Imports are read from the source text: every `crate::…` and `super::…` path outside
//! comments and `#[cfg(test)]` code, resolved to the longest module it names. A module
//! declaring a child (`mod x;`) is not an import; a child using its parent is.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The longest a source file may be.
const MOST_LINES: usize = 820;

/// Every module of `src/` (by path, `rules::resolve`), with its source text.
fn modules() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let root = common::root().join("src");
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(&root).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|last| last == "mod") {
                    parts.pop();
                }
                let name = parts.join("::");
                found.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    found
}

/// The code of a file without comments and without its `#[cfg(test)]` part.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a piece of code names after `prefix` (`crate::` or `super::`),
/// including every item of a `{…}` group, as lists of lowercase segments.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        read_path(rest, Vec::new(), &mut paths);
    }
    paths
}

/// Reads `a::b::{c, d::e}` from the start of `text` into `paths`.
fn read_path(text: &str, mut prefix: Vec<String>, paths: &mut Vec<Vec<String>>) {
    let mut text = text;
    loop {
        if let Some(group) = text.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (index, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        read_path(group[start..index].trim(), prefix.clone(), paths);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        read_path(group[start..index].trim(), prefix.clone(), paths);
                        start = index + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let segment: String = text
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if segment.is_empty() || segment == "self" {
            break;
        }
        prefix.push(segment.clone());
        text = &text[segment.len()..];
        match text.strip_prefix("::") {
            Some(after) => text = after,
            None => break,
        }
    }
    paths.push(prefix);
}

/// The modules each module imports (itself and its own children left out).
fn imports(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let longest = |segments: &[String]| -> Option<String> {
        (1..=segments.len())
            .rev()
            .map(|length| segments[..length].join("::"))
            .find(|name| modules.contains_key(name))
    };
    let mut graph = BTreeMap::new();
    for (name, text) in modules {
        let code = code(text);
        let parent: Vec<String> = name.split("::").map(str::to_string).collect();
        let parent = &parent[..parent.len().saturating_sub(1)];
        let mut targets = BTreeSet::new();
        for path in paths_after(&code, "crate::") {
            targets.extend(longest(&path));
        }
        for path in paths_after(&code, "super::") {
            let mut full = parent.to_vec();
            full.extend(path);
            targets.extend(longest(&full).or_else(|| Some(parent.join("::"))));
        }
        targets.retain(|target| {
            !target.is_empty() && target != name && !target.starts_with(&format!("{name}::"))
        });
        graph.insert(name.clone(), targets);
    }
    graph
}

#[test]
fn every_module_opens_with_a_paragraph_and_no_file_is_too_long() {
    for (name, text) in modules() {
        assert!(
            text.starts_with("//!"),
            "`{name}` has no `//!` paragraph at its top"
        );
        let lines = text.lines().count();
        assert!(
            lines <= MOST_LINES,
            "`{name}` has {lines} lines; split it where a second concept shows"
        );
    }
}

#[test]
fn the_modules_import_one_another_without_a_cycle() {
    let graph = imports(&modules());
    // Depth-first search for a back edge, reporting the cycle it closes.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        trail: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = trail.iter().position(|seen| seen == node) {
            let mut cycle = trail[at..].to_vec();
            cycle.push(node.to_string());
            panic!("import cycle: {}", cycle.join(" → "));
        }
        trail.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, done, trail);
        }
        trail.pop();
        done.insert(node.to_string());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut done, &mut Vec::new());
    }
}

#[test]
fn only_the_command_line_imports_the_command_line() {
    let graph = imports(&modules());
    let inside = |name: &str, top: &str| name == top || name.starts_with(&format!("{top}::"));
    for (name, targets) in &graph {
        for target in targets {
            if inside(target, "cli") {
                assert!(inside(name, "cli"), "`{name}` imports the command line");
            }
            if inside(target, "app") {
                assert!(
                    inside(name, "cli") || inside(name, "app"),
                    "`{name}` (below the command layer) imports the loading layer `{target}`"
                );
            }
        }
    }
}

#[test]
fn the_import_reader_reads_groups_and_parents() {
    let mut paths = Vec::new();
    read_path("a::{b, c::{d, E}}, x", Vec::new(), &mut paths);
    let joined: Vec<String> = paths.iter().map(|path| path.join("::")).collect();
    assert_eq!(joined, ["a::b", "a::c::d", "a::c"]);
    assert!(Path::new("src").is_relative());
}
