//! One-at-a-time sensitivity: how the headline paired difference moves when each profile
//! number is moved alone, the others held, on the same random numbers (a tornado table).
//!
//! The headline is the paired difference of the share registered within the horizon of
//! the first rule set after the baseline against the baseline (with one rule set, its
//! share registered). Each number of the profile file (every probability, duration,
//! head count and share with a `status`; defect weights are left out) is set low and
//! high in turn: a probability 0.1 lower and higher (within 0 to 1), a duration, head
//! count or share distribution scaled by one half and by three halves (whole days and
//! counts rounded; shares within 0 to 1). Each variant runs the study with the same seed
//! on `runs` runs, so the differences between variants come from the number moved, not
//! from luck. Rows are sorted by swing (high minus low, in size), largest first: the
//! numbers a result rests on most. A variant the profile check refuses (a court's grant
//! and remand adding up to more than 1) is left out and said so.

use serde::Serialize;
use serde_json::Value;

use super::profile::{Profile, ProfileFile};
use super::results::{self, SimulationReport};
use super::runner::RunnerOptions;
use super::study::Study;

/// One profile number moved low and high.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitivityRow {
    /// Its path in the profile file.
    pub number: String,
    /// Its status there.
    pub status: String,
    /// The low and high settings, in words.
    pub low: String,
    /// The high setting.
    pub high: String,
    /// The headline at the low setting (a share difference, in percentage points).
    pub headline_low: Option<f64>,
    /// At the high setting.
    pub headline_high: Option<f64>,
    /// `headline_high − headline_low`.
    pub swing: Option<f64>,
}

/// The tornado table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    /// What the headline is.
    pub headline: String,
    /// Its value with the profile as it is, in percentage points.
    pub headline_value: Option<f64>,
    /// Runs per variant.
    pub runs: u64,
    /// Rows, largest swing first.
    pub rows: Vec<SensitivityRow>,
    /// Variants left out, with why.
    pub left_out: Vec<String>,
}

/// The headline of a report, in percentage points.
fn headline(report: &SimulationReport) -> (String, Option<f64>) {
    let baseline = report
        .rule_sets
        .iter()
        .position(|r| r.baseline)
        .unwrap_or(0);
    match report
        .rule_sets
        .iter()
        .enumerate()
        .find(|(i, _)| *i != baseline)
    {
        Some((_, other)) => (
            format!(
                "share registered within the horizon, {} minus {} (paired, percentage points)",
                other.id, report.rule_sets[baseline].id
            ),
            other
                .versus_baseline
                .and_then(|v| v.registered_share)
                .map(|i| i.estimate * 100.0),
        ),
        None => (
            format!(
                "share registered within the horizon under {} (percent)",
                report.rule_sets[baseline].id
            ),
            report.rule_sets[baseline]
                .registered_share
                .map(|i| i.estimate * 100.0),
        ),
    }
}

/// Every number of a profile file with a status: (JSON pointer of its object, kind).
fn numbers(value: &Value, pointer: String, out: &mut Vec<(String, &'static str)>) {
    match value {
        Value::Object(object) => {
            if object.contains_key("status") && !object.contains_key("weight") {
                let kind = if object.contains_key("probability") {
                    Some("probability")
                } else if object.contains_key("days") {
                    Some("days")
                } else if object.contains_key("value") || object.contains_key("distribution") {
                    Some("count")
                } else if object.contains_key("share") {
                    Some("share")
                } else {
                    None
                };
                if let Some(kind) = kind {
                    out.push((pointer, kind));
                    return;
                }
            }
            for (key, child) in object {
                numbers(child, format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                numbers(child, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// Scales every number inside a distribution (whole numbers rounded, shares capped at 1).
fn scale(value: &mut Value, factor: f64, whole: bool, cap: Option<f64>) {
    match value {
        Value::Number(number) => {
            let Some(x) = number.as_f64() else { return };
            let mut scaled = x * factor;
            if let Some(cap) = cap {
                scaled = scaled.min(cap);
            }
            *value = if whole {
                Value::from(scaled.round().max(0.0) as u64)
            } else {
                Value::from(scaled)
            };
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| scale(item, factor, whole, cap)),
        Value::Object(object) => {
            for (key, item) in object.iter_mut() {
                // An empirical point's weight and note are not values.
                if key != "weight" && key != "note" {
                    scale(item, factor, whole, cap);
                }
            }
        }
        _ => {}
    }
}

/// The low or high variant of the number at `pointer`, and its setting in words.
fn variant(file: &Value, pointer: &str, kind: &str, high: bool) -> Option<(Value, String)> {
    let mut file = file.clone();
    let object = file.pointer_mut(pointer)?.as_object_mut()?;
    let words = match kind {
        "probability" => {
            let p = object.get("probability")?.as_f64()?;
            let moved = if high {
                (p + 0.1).min(1.0)
            } else {
                (p - 0.1).max(0.0)
            };
            object.insert(
                "probability".into(),
                Value::from((moved * 1e9).round() / 1e9),
            );
            format!("{:.2}", (moved * 1e9).round() / 1e9)
        }
        _ => {
            let factor = if high { 1.5 } else { 0.5 };
            let (field, whole, cap) = match kind {
                "days" => ("days", true, None),
                "share" => ("share", false, Some(1.0)),
                _ if object.contains_key("value") => ("value", true, None),
                _ => ("distribution", true, None),
            };
            scale(object.get_mut(field)?, factor, whole, cap);
            format!("×{factor}")
        }
    };
    Some((file, words))
}

/// Runs the one-at-a-time analysis of `study` on `runs` runs per variant.
pub fn analyse(study: &Study, runs: u64, options: RunnerOptions) -> Sensitivity {
    let mut base = study.clone();
    base.runs = runs;
    let (headline_name, headline_value) = headline(&results::simulate(&base, options));
    let file = serde_json::to_value(&study.profile.file).expect("a profile serializes");
    let mut found = Vec::new();
    numbers(&file, String::new(), &mut found);
    let mut rows = Vec::new();
    let mut left_out = Vec::new();
    for (pointer, kind) in found {
        let path = pointer.trim_start_matches('/').replace('/', ".");
        let status = file
            .pointer(&format!("{pointer}/status"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut settings = Vec::new();
        for high in [false, true] {
            let Some((changed, words)) = variant(&file, &pointer, kind, high) else {
                continue;
            };
            let parsed: Result<ProfileFile, _> = serde_json::from_value(changed);
            let profile = parsed
                .ok()
                .and_then(|parsed| Profile::from_file(&study.profile.origin, &parsed).ok());
            match profile {
                Some(profile) => {
                    let mut moved = base.clone();
                    moved.profile = profile;
                    settings.push((words, headline(&results::simulate(&moved, options)).1));
                }
                None => left_out.push(format!(
                    "{path} {words}: the profile check refuses this setting"
                )),
            }
        }
        let [(low, headline_low), (high, headline_high)] = &settings[..] else {
            continue;
        };
        rows.push(SensitivityRow {
            number: path,
            status,
            low: low.clone(),
            high: high.clone(),
            headline_low: *headline_low,
            headline_high: *headline_high,
            swing: headline_low.zip(*headline_high).map(|(l, h)| h - l),
        });
    }
    rows.sort_by(|a, b| {
        let size = |row: &SensitivityRow| row.swing.map_or(0.0, f64::abs);
        size(b)
            .partial_cmp(&size(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.number.cmp(&b.number))
    });
    Sensitivity {
        headline: headline_name,
        headline_value,
        runs,
        rows,
        left_out,
    }
}
