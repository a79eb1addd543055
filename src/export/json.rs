//! JSON: the report structs serialized as they are, pretty-printed, with a final newline.

use serde::Serialize;

use super::Exporter;
use crate::compare::Comparison;
use crate::counterfactual::Counterfactual;
use crate::replay::Replay;

/// The figures of a comparison row that a rule set not applying to the case cannot have.
const NO_OUTCOME_FIELDS: &[&str] = &[
    "registered",
    "attempts",
    "refusals",
    "refusals_at_least",
    "remark_rounds",
    "appeals",
    "authority_days",
];

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
        // A rule set that does not apply to the case has no outcome: its figures are
        // null, never zeros a tool would count.
        let mut value = serde_json::to_value(comparison).unwrap_or_default();
        if let Some(rows) = value.get_mut("rows").and_then(|rows| rows.as_array_mut()) {
            for row in rows {
                if row.get("applicable") == Some(&serde_json::Value::Bool(false)) {
                    for field in NO_OUTCOME_FIELDS {
                        if let Some(figure) = row.get_mut(*field) {
                            *figure = serde_json::Value::Null;
                        }
                    }
                }
            }
        }
        to_json(&value)
    }
    fn simulation(&self, report: &crate::sim::results::SimulationReport) -> String {
        to_json(report)
    }
}
