//! Loading shared by the commands: the catalog of rule sets, cases by path or bundled,
//! the listing of what there is (`regsim list`), the starting files of `regsim new`, the kind of a file, and the checks `validate` makes, which every command makes too.
//!
//! This layer sits between the command line ([`crate::cli`]) and the engine: it imports
//! the engine, and nothing in the engine imports it.

pub mod bundled_cases;
mod cases;
mod catalog;
mod file_kind;
pub mod listing;
pub mod starter;

pub use cases::{bundled_case_ids, check_case, load_case, load_cases, read_case};
pub use catalog::{
    DEFAULT_REFORM_LABEL, UserRuleSets, catalog, resolve_under, rules_expression,
    simplified_reform_for, user_rule_sets,
};
pub use file_kind::{FileKind, file_kind};

/// Counts every bundled file's copy as read — in the current directory's `scenarios/` (a
/// checkout of regsim) and in the checkout the binary was built from — so `-o
/// scenarios/baytaq.json` never replaces a bundled case, rule set, study, profile or
/// calendar with a report, whichever of them the run used.
pub fn count_bundled_files_as_read() {
    let folders: [(&str, &[(&str, &str)]); 5] = [
        ("scenarios", bundled_cases::CASES),
        ("scenarios/rules", crate::rules::bundled::RULE_SETS),
        ("scenarios/profiles", crate::sim::profile::BUNDLED),
        ("scenarios/studies", crate::sim::study::BUNDLED),
        ("scenarios/calendars", crate::rules::calendar::BUNDLED),
    ];
    let built_from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (folder, files) in folders {
        for (name, _) in files {
            crate::input::count_as_read(&std::path::Path::new(folder).join(name));
            crate::input::count_as_read(&built_from.join(folder).join(name));
        }
    }
}
