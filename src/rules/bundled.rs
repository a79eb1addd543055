//! The rule sets shipped inside the binary, so regsim works from any directory.
//!
//! The same files live in `scenarios/rules/`, where users can read them; the test suite
//! checks that every file there is bundled and resolves cleanly.

/// File name and text of every bundled rule set.
pub const RULE_SETS: &[(&str, &str)] = &[
    (
        "kz-2002.json",
        include_str!("../../scenarios/rules/kz-2002.json"),
    ),
    (
        "kz-2009.json",
        include_str!("../../scenarios/rules/kz-2009.json"),
    ),
    (
        "kz-2020-transition-2022.json",
        include_str!("../../scenarios/rules/kz-2020-transition-2022.json"),
    ),
    (
        "kz-2020.json",
        include_str!("../../scenarios/rules/kz-2020.json"),
    ),
    (
        "kz-2022.json",
        include_str!("../../scenarios/rules/kz-2022.json"),
    ),
    (
        "kz-pa-reform-closed-grounds.json",
        include_str!("../../scenarios/rules/kz-pa-reform-closed-grounds.json"),
    ),
    (
        "kz-pa-reform-cure-period.json",
        include_str!("../../scenarios/rules/kz-pa-reform-cure-period.json"),
    ),
    (
        "kz-pa-reform-notification.json",
        include_str!("../../scenarios/rules/kz-pa-reform-notification.json"),
    ),
    (
        "kz-pa-simplified.json",
        include_str!("../../scenarios/rules/kz-pa-simplified.json"),
    ),
    (
        "kz-pa.json",
        include_str!("../../scenarios/rules/kz-pa.json"),
    ),
    (
        "kz-reform-closed-grounds.json",
        include_str!("../../scenarios/rules/kz-reform-closed-grounds.json"),
    ),
    (
        "kz-reform-cure-period.json",
        include_str!("../../scenarios/rules/kz-reform-cure-period.json"),
    ),
    (
        "kz-reform-deemed-registration.json",
        include_str!("../../scenarios/rules/kz-reform-deemed-registration.json"),
    ),
    (
        "kz-reform-notice-only.json",
        include_str!("../../scenarios/rules/kz-reform-notice-only.json"),
    ),
    (
        "kz-simplified.json",
        include_str!("../../scenarios/rules/kz-simplified.json"),
    ),
];
