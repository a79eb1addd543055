//! The case files shipped inside the binary, so `regsim compare` works from any directory.
//!
//! The same files live in `scenarios/`; the test suite checks that every case there is
//! bundled.

/// File name and text of every bundled case.
pub const CASES: &[(&str, &str)] = &[
    (
        "alga-kazakhstan-2022.json",
        include_str!("../scenarios/alga-kazakhstan-2022.json"),
    ),
    ("baytaq.json", include_str!("../scenarios/baytaq.json")),
    (
        "democratic-party.json",
        include_str!("../scenarios/democratic-party.json"),
    ),
    (
        "hypothetical-appeal-granted.json",
        include_str!("../scenarios/hypothetical-appeal-granted.json"),
    ),
    (
        "hypothetical-cure-lapsed.json",
        include_str!("../scenarios/hypothetical-cure-lapsed.json"),
    ),
    (
        "hypothetical-deemed-registration.json",
        include_str!("../scenarios/hypothetical-deemed-registration.json"),
    ),
    (
        "hypothetical-lapsed-window.json",
        include_str!("../scenarios/hypothetical-lapsed-window.json"),
    ),
    (
        "hypothetical-remark-and-cure.json",
        include_str!("../scenarios/hypothetical-remark-and-cure.json"),
    ),
    (
        "hypothetical-suspended-review.json",
        include_str!("../scenarios/hypothetical-suspended-review.json"),
    ),
    (
        "hypothetical-threshold-2002.json",
        include_str!("../scenarios/hypothetical-threshold-2002.json"),
    ),
    (
        "respublica.json",
        include_str!("../scenarios/respublica.json"),
    ),
    (
        "ult-yntymagy.json",
        include_str!("../scenarios/ult-yntymagy.json"),
    ),
    (
        "yntymaq-party.json",
        include_str!("../scenarios/yntymaq-party.json"),
    ),
];
