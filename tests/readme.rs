//! The README's examples are the current build's output.
//!
//! Every fenced block of README.md that starts with a `$ regsim …` line is run (from the
//! project root, with the test build), and each line the block shows must appear in the
//! output in the same order: an abridged block leaves lines out (a `…` line marks where),
//! and a line ending in `…` stands for any output line that begins like it. Blocks that
//! pipe, write a file or use files the README has the reader write first are left to the
//! tests of their own sections (tests/workbench.rs, tests/event_log.rs).

mod common;

/// One example: the command's arguments and the lines shown under it.
struct Example {
    line: usize,
    args: Vec<String>,
    shown: Vec<String>,
}

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let opens = lines[index].starts_with("```");
        let command = lines
            .get(index + 1)
            .and_then(|l| l.strip_prefix("$ regsim"));
        match (opens, command) {
            (true, Some(rest)) => {
                let end = (index + 2..lines.len())
                    .find(|&i| lines[i].starts_with("```"))
                    .unwrap_or(lines.len());
                let runnable = !rest.contains('|')
                    && !rest.contains(" -o ")
                    && !rest.contains("my-")
                    && !rest.contains(" new ");
                if runnable {
                    found.push(Example {
                        line: index + 2,
                        args: rest.split_whitespace().map(str::to_string).collect(),
                        shown: lines[index + 2..end]
                            .iter()
                            .map(|l| l.to_string())
                            .collect(),
                    });
                }
                index = end + 1;
            }
            _ => index += 1,
        }
    }
    found
}

/// Whether an output line is what the README shows.
fn matches(shown: &str, output: &str) -> bool {
    match shown.strip_suffix('…') {
        Some(start) => output.starts_with(start.trim_end()),
        None => shown == output,
    }
}

#[test]
fn every_example_in_the_readme_is_what_the_build_prints() {
    let examples = examples();
    assert!(
        examples.len() >= 5,
        "the README's examples are found ({})",
        examples.len()
    );
    for example in examples {
        let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
        let run = common::regsim(&args);
        assert!(
            matches!(run.code, Some(0 | 1)),
            "README line {}: `regsim {}` exits {:?}: {}",
            example.line,
            args.join(" "),
            run.code,
            run.stderr
        );
        let output: Vec<&str> = run.stdout.lines().collect();
        let mut at = 0;
        for shown in &example.shown {
            let marker = shown.trim();
            if marker == "…" || marker.starts_with("… (") {
                continue;
            }
            let Some(offset) = output[at..].iter().position(|line| matches(shown, line)) else {
                panic!(
                    "README line {}: `regsim {}` no longer prints, at this point or later:\n{shown}\n(regenerate the example from the build)",
                    example.line,
                    args.join(" ")
                );
            };
            at += offset + 1;
        }
    }
}
