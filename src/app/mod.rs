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
