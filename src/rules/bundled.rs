//! The rule sets shipped inside the binary, so regsim works from any directory.
//!
//! The same files live in `scenarios/rules/`, where users can read them; the test suite
//! checks that every file there is bundled and resolves cleanly.

/// File name and text of every bundled rule set.
pub const RULE_SETS: &[(&str, &str)] = &[(
    "kz-2022.json",
    include_str!("../../scenarios/rules/kz-2022.json"),
)];
