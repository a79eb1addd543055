//! Rendering results for people: plain-text tables and timelines.

pub mod replay_text;
pub mod rules_text;
pub mod table;
