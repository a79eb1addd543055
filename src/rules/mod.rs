//! Rule sets: registration regimes as data, their resolution and validation.
//!
//! [`model`] is the file format, [`resolve`] follows `extends` chains and validates,
//! [`resolved`] is the complete rule set the engine runs on, and [`bundled`] holds the
//! rule sets shipped in the binary.

pub mod bundled;
pub mod model;
pub mod resolve;
pub mod resolved;

pub use model::*;
pub use resolve::{Catalog, MAX_EXTENDS_DEPTH};
pub use resolved::*;
