//! JSON: the report structs serialized as they are, pretty-printed, with a final newline.

use serde::Serialize;

use super::Exporter;
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;

/// The JSON exporter.
pub struct Json;

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"cannot serialize: {error}\"}}"));
    text.push('\n');
    text
}

impl Exporter for Json {
    fn replay(&self, replay: &Replay) -> String {
        to_json(replay)
    }
    fn counterfactual(&self, counterfactual: &Counterfactual) -> String {
        to_json(counterfactual)
    }
    fn comparison(&self, comparison: &Comparison) -> String {
        to_json(comparison)
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        to_json(report)
    }
}
