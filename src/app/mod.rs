//! Loading shared by the commands: the catalog of rule sets, cases by path or bundled,
//! the kind of a file, and the checks `validate` makes, which every command makes too.
//!
//! This layer sits between the command line ([`crate::cli`]) and the engine: it imports
//! the engine, and nothing in the engine imports it.

pub mod bundled_cases;
mod cases;
mod catalog;
mod file_kind;

pub use cases::{check_case, load_case, load_cases};
pub use catalog::{catalog, resolve_under};
pub use file_kind::{FileKind, file_kind};
