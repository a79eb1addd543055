//! Rule sets: registration regimes as data, their resolution and validation.
//!
//! [`model`] is the file format, [`resolve`] follows `extends` chains and validates
//! (`places` says where in a reform each item is written, for its errors;
//! `holiday_list` refuses absurd holiday lists), [`resolved`] is the complete rule set the
//! engine runs on, [`timeline`] chains the regimes a case spanning a change of law lived
//! under, [`bundled`] holds the rule sets shipped in the binary, [`calendar`] the
//! statutory calendars whose days off working-day limits skip, and [`provenance`] lists
//! every value with its status and source.

pub mod bundled;
pub mod calendar;
mod holiday_list;
pub mod model;
mod places;
pub mod provenance;
pub mod resolve;
pub mod resolved;
pub mod timeline;

pub use model::*;
pub use resolve::{Catalog, MAX_EXTENDS_DEPTH, OWN};
pub use resolved::*;
