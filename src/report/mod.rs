//! Rendering results for people: plain-text tables and timelines, and the Markdown and
//! CSV renderings of reports that have no simpler shape (paths, diffs, simulations).

pub mod calibration;
pub mod comparison_notes;
pub mod counterfactual_notes;
pub mod counterfactual_text;
pub mod csv_table;
pub mod diff_text;
pub mod document;
pub mod paths_text;
pub mod replay_text;
pub mod rules_text;
pub mod sensitivity;
pub mod sensitivity_notes;
pub mod simulation;
pub mod sweep;
pub mod table;
pub mod words;
