//! Sweeps and break-even points: one number of a study varied over a range, every point
//! run on the same random numbers, and the value where an outcome crosses a target.
//!
//! `--sweep PARAM=FROM..TO[:STEP]` names a numeric rule-set parameter (patched, as a
//! reform would patch it, in every rule set of the study that has it) or a profile number
//! by its path in the profile file (`authority.application_review.defect_probability`,
//! `applicant.give_up`: the probability, or the `value` of a head count). Each point
//! runs the whole study with the same seed and runs, so run *i* draws the same numbers at
//! every point (common random numbers): the curve moves with the parameter, not with
//! luck. A patched value is marked `assumed` with a note saying it is a sweep point.
//!
//! `--target 'registered >= 50%'` then looks for the break-even value: the share
//! registered within the horizon under the target rule set is read at every grid point;
//! if it is monotone over the grid and crosses the target between two neighbouring
//! points, bisection on the same random numbers narrows the crossing to one unit (a whole
//! parameter) or a thousandth of the range. A curve that is not monotone is said so, and
//! its first crossing is the one narrowed.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::{Catalog, RuleSet, RuleSetFile};

use super::profile::Profile;
use super::results::{self, SimulationReport};
use super::runner::RunnerOptions;
use super::stats::Interval;
use super::study::Study;

/// The most points a sweep may have.
pub const MAX_POINTS: usize = 1_000;

const COMMAND_LINE: &str = "<command line>";

/// `PARAM=FROM..TO[:STEP]`, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    /// The rule-set parameter id or profile path.
    pub parameter: String,
    /// First value.
    pub from: f64,
    /// Last value (included when the steps reach it).
    pub to: f64,
    /// Step (default: a tenth of the range).
    pub step: f64,
}

impl SweepSpec {
    /// Parses `PARAM=FROM..TO[:STEP]`.
    pub fn parse(text: &str) -> Result<SweepSpec, String> {
        let usage = "write PARAM=FROM..TO or PARAM=FROM..TO:STEP, e.g. registration_members_min=1000..40000:3000";
        let (parameter, range) = text.split_once('=').ok_or(usage)?;
        let (range, step) = match range.split_once(':') {
            Some((range, step)) => (range, Some(step)),
            None => (range, None),
        };
        let (from, to) = range.split_once("..").ok_or(usage)?;
        let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let (Some(from), Some(to)) = (number(from), number(to)) else {
            return Err(usage.into());
        };
        let step = match step {
            Some(step) => number(step).ok_or(usage)?,
            // A tenth of the range; whole steps for a range of whole numbers.
            None if from.fract() == 0.0 && to.fract() == 0.0 => {
                ((to - from) / 10.0).round().max(1.0)
            }
            None => (to - from).abs() / 10.0,
        };
        let parameter = parameter.trim().to_string();
        if parameter.is_empty() || to < from || step <= 0.0 && to > from {
            return Err(format!("{usage} (FROM at most TO, a positive STEP)"));
        }
        let spec = SweepSpec {
            parameter,
            from,
            to,
            step: if to > from { step } else { 1.0 },
        };
        if spec.values().len() > MAX_POINTS {
            return Err(format!(
                "{} points is more than {MAX_POINTS}: take a larger step",
                spec.values().len()
            ));
        }
        Ok(spec)
    }

    /// The grid: FROM, FROM + STEP, … up to TO (and TO itself).
    pub fn values(&self) -> Vec<f64> {
        let count = ((self.to - self.from) / self.step + 1e-9).floor() as usize;
        let mut values: Vec<f64> = (0..=count.min(MAX_POINTS))
            .map(|i| self.from + i as f64 * self.step)
            .collect();
        if values
            .last()
            .is_some_and(|&last| self.to - last > 1e-9 * self.step.max(1.0))
        {
            values.push(self.to);
        }
        values
    }
}

/// `registered >= 50%`, parsed: the share registered within the horizon against a level.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Target {
    /// `>=`, `>`, `<=` or `<`.
    pub comparison: &'static str,
    /// The level, as a share from 0 to 1.
    pub share: f64,
}

impl Target {
    /// Parses `registered OP LEVEL` (LEVEL a percentage `50%` or a share `0.5`).
    pub fn parse(text: &str) -> Result<Target, String> {
        let usage =
            "write the target as `registered >= 50%` (>=, >, <= or <; a percentage or a share)";
        let rest = text.trim().strip_prefix("registered").ok_or(usage)?.trim();
        let comparison = [">=", "<=", ">", "<"]
            .into_iter()
            .find(|op| rest.starts_with(op))
            .ok_or(usage)?;
        let level = rest[comparison.len()..].trim();
        let share = match level.strip_suffix('%') {
            Some(percent) => percent.trim().parse::<f64>().map(|p| p / 100.0),
            None => level.parse::<f64>(),
        }
        .map_err(|_| usage.to_string())?;
        if !(0.0..=1.0).contains(&share) {
            return Err(format!("{level} is not a share from 0 to 100%"));
        }
        Ok(Target { comparison, share })
    }

    /// Whether a share meets the target.
    pub fn met(&self, share: f64) -> bool {
        match self.comparison {
            ">=" => share >= self.share,
            ">" => share > self.share,
            "<=" => share <= self.share,
            _ => share < self.share,
        }
    }
}

/// What one rule set gave at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointResult {
    /// Rule-set id.
    pub rules: String,
    /// Whether the sweep changed this rule set.
    pub swept: bool,
    /// Share registered within the horizon.
    pub registered_share: Option<Interval>,
    /// Mean days to registration.
    pub mean_days_to_registration: Option<Interval>,
    /// Paired difference of the share registered against the baseline.
    pub registered_versus_baseline: Option<Interval>,
}

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The parameter's value.
    pub value: f64,
    /// Per rule set, in the study's order.
    pub rule_sets: Vec<PointResult>,
}

/// The break-even search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakEven {
    /// The target.
    pub target: Target,
    /// The rule set judged.
    pub rules: String,
    /// Whether the share registered is monotone over the grid.
    pub monotone: bool,
    /// The break-even value: the last value that meets the target when the range starts
    /// by meeting it, else the first that does; none when it never switches.
    pub value: Option<f64>,
    /// The share registered there.
    pub share_at_value: Option<f64>,
    /// What was found, in words.
    pub finding: String,
}

/// A sweep's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepReport {
    /// Study id.
    pub study: String,
    /// Study title.
    pub title: String,
    /// Profile id.
    pub profile: String,
    /// The parameter swept.
    pub parameter: String,
    /// Where it lives: `rule set` or `profile`.
    pub kind: String,
    /// Its value before the sweep, per rule set it lives in (or the profile's).
    pub original: Vec<(String, f64)>,
    /// Runs per point and rule set.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// The baseline.
    pub baseline: String,
    /// The grid.
    pub points: Vec<SweepPoint>,
    /// The break-even search, if a target was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub break_even: Option<BreakEven>,
}

/// Where the swept number lives.
enum Swept {
    /// A parameter of these rule sets (indices into the study's).
    Rules(Vec<usize>),
    /// A number of the profile, at this JSON pointer of its file.
    Profile(String),
}

/// Runs a sweep (and a break-even search with `target`, judged under `target_rules` or
/// the first rule set the sweep changes).
pub fn sweep(
    study: &Study,
    catalog: &Catalog,
    spec: &SweepSpec,
    target: Option<Target>,
    target_rules: Option<&str>,
    options: RunnerOptions,
) -> Result<SweepReport, Diagnostics> {
    let at = |message: String, fix: &str| -> Diagnostics {
        Diagnostic::at_path(COMMAND_LINE, "--sweep", message)
            .fix(fix)
            .into()
    };
    let with_parameter: Vec<usize> = study
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rules)| rules.parameters.contains_key(&spec.parameter))
        .map(|(index, _)| index)
        .collect();
    let (swept, original, kind) = if !with_parameter.is_empty() {
        let original = with_parameter
            .iter()
            .map(|&i| {
                let rules = &study.rules[i];
                (rules.id.clone(), rules.parameters[&spec.parameter].value)
            })
            .collect();
        (Swept::Rules(with_parameter), original, "rule set")
    } else {
        let value = serde_json::to_value(&study.profile.file).expect("a profile serializes");
        let pointer = profile_pointer(&value, &spec.parameter).ok_or_else(|| {
            let mut names: Vec<&str> = study
                .rules
                .iter()
                .flat_map(|rules| rules.parameters.keys().map(String::as_str))
                .collect();
            names.sort();
            names.dedup();
            at(
                format!(
                    "`{}` is neither a parameter of the study's rule sets nor a number of its profile",
                    spec.parameter
                ),
                &format!(
                    "name a rule-set parameter ({}) or a profile number by its path, e.g. authority.application_review.defect_probability",
                    names.join(", ")
                ),
            )
        })?;
        let original = value
            .pointer(&pointer)
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(f64::NAN);
        (
            Swept::Profile(pointer),
            vec![(study.profile.id.clone(), original)],
            "profile",
        )
    };
    let target_index = match target_rules {
        Some(id) => Some(study.rules.iter().position(|r| r.id == id).ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::at_path(
                    COMMAND_LINE,
                    "--target-rules",
                    format!("`{id}` is not one of the study's rule sets"),
                )
                .fix(format!(
                    "name one of: {}",
                    study
                        .rules
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )
        })?),
        None => None,
    }
    .unwrap_or(match &swept {
        Swept::Rules(indices) => indices[0],
        Swept::Profile(_) => 0,
    });

    let mut variants = VariantMaker {
        study,
        catalog: catalog.clone(),
        swept: &swept,
        spec,
    };
    let mut points = Vec::new();
    for value in spec.values() {
        let variant = variants.at(value)?;
        let report = results::simulate(&variant, options);
        points.push(point(value, &report, &swept));
    }
    let break_even = match target {
        None => None,
        Some(target) => Some(break_even(
            &mut variants,
            &points,
            target,
            target_index,
            options,
        )?),
    };
    Ok(SweepReport {
        study: study.id.clone(),
        title: study.title.clone(),
        profile: study.profile.id.clone(),
        parameter: spec.parameter.clone(),
        kind: kind.to_string(),
        original,
        runs: study.runs,
        seed: study.seed,
        baseline: study.rules[study.baseline].id.clone(),
        points,
        break_even,
    })
}

/// The JSON pointer of the number a dotted profile path names: the number itself, or the
/// `probability` or `value` of the object it names.
fn profile_pointer(file: &serde_json::Value, path: &str) -> Option<String> {
    let base = format!("/{}", path.trim_start_matches("$.").replace('.', "/"));
    let node = file.pointer(&base)?;
    if node.is_number() {
        return Some(base);
    }
    ["probability", "value"]
        .into_iter()
        .find(|field| node.get(field).is_some_and(serde_json::Value::is_number))
        .map(|field| format!("{base}/{field}"))
}

fn point(value: f64, report: &SimulationReport, swept: &Swept) -> SweepPoint {
    SweepPoint {
        value,
        rule_sets: report
            .rule_sets
            .iter()
            .enumerate()
            .map(|(index, result)| PointResult {
                rules: result.id.clone(),
                swept: match swept {
                    Swept::Rules(indices) => indices.contains(&index),
                    Swept::Profile(_) => true,
                },
                registered_share: result.registered_share,
                mean_days_to_registration: result.time_to_registration.mean,
                registered_versus_baseline: result
                    .versus_baseline
                    .and_then(|versus| versus.registered_share),
            })
            .collect(),
    }
}

/// Builds the study at one value of the swept number.
struct VariantMaker<'a> {
    study: &'a Study,
    catalog: Catalog,
    swept: &'a Swept,
    spec: &'a SweepSpec,
}

impl VariantMaker<'_> {
    fn at(&mut self, value: f64) -> Result<Study, Diagnostics> {
        let mut study = self.study.clone();
        let note = format!(
            "A sweep point (regsim simulate --sweep {}): a value tried, not a proposal.",
            self.spec.parameter
        );
        match self.swept {
            Swept::Rules(indices) => {
                for &index in indices {
                    study.rules[index] = self.patched(&self.study.rules[index], value, &note)?;
                }
            }
            Swept::Profile(pointer) => {
                let mut file =
                    serde_json::to_value(&self.study.profile.file).expect("a profile serializes");
                if let Some(number) = file.pointer_mut(pointer) {
                    *number = serde_json::json!(value);
                }
                // The number's own provenance becomes that of a sweep point.
                let owner = pointer.rsplit_once('/').map_or("", |(owner, _)| owner);
                if let Some(object) = file.pointer_mut(owner).and_then(|o| o.as_object_mut()) {
                    if object.contains_key("status") {
                        object.insert("status".into(), "assumed".into());
                        object.insert("note".into(), note.clone().into());
                    }
                }
                let origin = format!(
                    "{} (--sweep {})",
                    self.study.profile.origin, self.spec.parameter
                );
                let parsed = serde_json::from_value(file).map_err(|error| {
                    Diagnostics::from(
                        Diagnostic::at_path(
                            COMMAND_LINE,
                            "--sweep",
                            format!("{value} does not fit there: {error}"),
                        )
                        .fix("sweep over values the number can take (a whole number for a count)"),
                    )
                })?;
                study.profile = Profile::from_file(&origin, &parsed)?;
            }
        }
        Ok(study)
    }

    /// `rules` with the swept parameter set to `value`, as a reform patching it would.
    fn patched(&mut self, rules: &RuleSet, value: f64, note: &str) -> Result<RuleSet, Diagnostics> {
        // A reform's chain up to its base is applied with it, so the sweep point extends
        // the base itself: its chain is then the patch alone, applied on `rules`.
        let base = rules.lineage.first().map_or_else(
            || rules.id.split('+').next().unwrap_or(&rules.id).to_string(),
            |step| step.id.clone(),
        );
        let id = format!("sweep-point-{}", self.catalog.ids().count());
        let file: RuleSetFile = serde_json::from_value(serde_json::json!({
            "id": id,
            "title": format!("Sweep point: {} = {value}", self.spec.parameter),
            "extends": base,
            "description": note,
            "sources": [],
            "changes": {"patch_parameters": {self.spec.parameter.clone(): {
                "value": value, "status": "assumed", "note": note}}}
        }))
        .expect("a sweep point is a rule-set file");
        let id = self.catalog.add(format!("<sweep point {value}>"), file)?;
        let mut resolved = self.catalog.resolve(&format!("{}+{id}", rules.id))?;
        resolved.id = rules.id.clone();
        resolved.title = rules.title.clone();
        Ok(resolved)
    }
}

/// The break-even search over the grid's results, narrowed by bisection.
fn break_even(
    variants: &mut VariantMaker,
    points: &[SweepPoint],
    target: Target,
    index: usize,
    options: RunnerOptions,
) -> Result<BreakEven, Diagnostics> {
    let share = |point: &SweepPoint| {
        point.rule_sets[index]
            .registered_share
            .map_or(0.0, |interval| interval.estimate)
    };
    let shares: Vec<f64> = points.iter().map(share).collect();
    let rising = shares.windows(2).all(|w| w[1] >= w[0]);
    let falling = shares.windows(2).all(|w| w[1] <= w[0]);
    let monotone = rising || falling;
    let rules = points[0].rule_sets[index].rules.clone();
    let whole = [variants.spec.from, variants.spec.to, variants.spec.step]
        .iter()
        .all(|x| x.fract() == 0.0);
    let met: Vec<bool> = shares.iter().map(|&s| target.met(s)).collect();
    let describe = |value: Option<f64>, share: Option<f64>, finding: String| BreakEven {
        target,
        rules: rules.clone(),
        monotone,
        value,
        share_at_value: share,
        finding,
    };
    let Some(first) = met.iter().position(|&m| m != met[0]) else {
        let finding = if met[0] {
            "the target is met over the whole range"
        } else {
            "the target is not met anywhere in the range"
        };
        return Ok(describe(None, None, finding.to_string()));
    };
    // Bisection between the neighbouring grid points where the target switches, on the
    // same random numbers (each probe runs the study with the same seed and runs):
    // `low` keeps the state of the range's start, `high` the other.
    let (mut low, mut high) = (points[first - 1].value, points[first].value);
    let (mut low_share, mut high_share) = (shares[first - 1], shares[first]);
    let resolution = if whole {
        1.0
    } else {
        (variants.spec.to - variants.spec.from) / 1000.0
    };
    while high - low > resolution {
        let middle = if whole {
            ((low + high) / 2.0).floor()
        } else {
            (low + high) / 2.0
        };
        if middle <= low || middle >= high {
            break;
        }
        let variant = variants.at(middle)?;
        let report = results::simulate(&variant, options);
        let middle_share = report.rule_sets[index]
            .registered_share
            .map_or(0.0, |interval| interval.estimate);
        if target.met(middle_share) == met[0] {
            (low, low_share) = (middle, middle_share);
        } else {
            (high, high_share) = (middle, middle_share);
        }
    }
    let (value, share, what) = if met[0] {
        (
            low,
            low_share,
            format!(
                "the target is met up to {} ({:.2}% registered) and missed from {} ({:.2}%)",
                number(low),
                low_share * 100.0,
                number(high),
                high_share * 100.0
            ),
        )
    } else {
        (
            high,
            high_share,
            format!(
                "the target is first met at {} ({:.2}% registered; {:.2}% at {})",
                number(high),
                high_share * 100.0,
                low_share * 100.0,
                number(low)
            ),
        )
    };
    let finding = format!(
        "{what}; {}",
        if monotone {
            "the share registered is monotone over the range, so this is the break-even value"
        } else {
            "NOT MONOTONE: the share registered goes up and down over the range, so this is the first crossing found, not necessarily the only one"
        }
    );
    Ok(describe(Some(value), Some(share), finding))
}

/// A parameter value as a report prints it.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_and_targets_parse() {
        let spec = SweepSpec::parse("registration_members_min=1000..40000:3000").unwrap();
        let values = spec.values();
        assert_eq!(values.first(), Some(&1000.0));
        assert_eq!(values.len(), 14);
        assert_eq!(
            SweepSpec::parse("p=0..10:4").unwrap().values(),
            [0.0, 4.0, 8.0, 10.0]
        );
        assert_eq!(values.last(), Some(&40000.0));
        assert_eq!(SweepSpec::parse("p=0..1").unwrap().values().len(), 2);
        assert_eq!(SweepSpec::parse("p=0..0.5").unwrap().values().len(), 11);
        for bad in ["p", "p=1..0", "p=a..b", "p=0..10:0", "=0..1"] {
            assert!(SweepSpec::parse(bad).is_err(), "{bad}");
        }
        let target = Target::parse("registered >= 50%").unwrap();
        assert!(target.met(0.5) && !target.met(0.49));
        assert_eq!(Target::parse("registered < 0.2").unwrap().share, 0.2);
        assert!(Target::parse("days >= 3").is_err());
        assert!(Target::parse("registered >= 150%").is_err());
    }
}
