//! Rule sets: registration regimes as data, their resolution and validation.

pub mod model;

pub use model::*;
