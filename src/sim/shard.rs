//! Shards: a study split into deterministic parts whose exact statistics merge into the
//! report one run would give, byte for byte.
//!
//! Shard *K* of *N* simulates the runs numbered from ⌊(K−1)·R/N⌋ to ⌊K·R/N⌋ − 1 of a study
//! of *R* runs. Run *i* draws from generators seeded by (seed, *i*) only, so it is the same
//! run whichever shard or machine simulates it. A shard writes its statistics — exact
//! integer counts, sums, sums of squares, per-day histograms and paired sums, per rule set
//! — with what the report says about the study, as JSON ([`ShardFile`]). Merging adds the
//! integers (exact, and the same in any order) and builds the report from them, so
//! `regsim merge` of all *N* shards prints what `regsim simulate` prints. An existing
//! scheduler (GNU parallel, a Slurm array job, a Kubernetes indexed Job) runs the shards;
//! regsim has no scheduler of its own.
//!
//! [`merge`] checks that the files are shards of one study (the same summary, rule sets,
//! seed and runs), that each part from 1 to *N* is there exactly once, and that each
//! file's numbers are consistent (runs per rule set, histogram totals, sums within what
//! its runs could produce); every problem is a located [`Diagnostic`].

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input;

use super::engine::{MAX_EVENTS_PER_RUN, Plan, RunSettings};
use super::results::{SimulationReport, StudySummary};
use super::runner::{self, RunnerOptions, StudyTally};
use super::stats::RuleSetTally;
use super::study::{MAX_HORIZON_DAYS, MAX_RUNS, Study};

/// The `format` field of a shard file.
pub const FORMAT: &str = "regsim-simulation-shard";

/// The most shards a study may be split into.
pub const MAX_SHARDS: u64 = 1_000_000;

/// Part `index` of `count` (1-based), as `--shard K/N` gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    /// This part, from 1 to `count`.
    pub index: u64,
    /// How many parts.
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` (1 ≤ K ≤ N ≤ [`MAX_SHARDS`]).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let usage = "write the shard as K/N, this part and how many, e.g. 3/8";
        let (index, count) = text.split_once('/').ok_or(usage)?;
        let (Ok(index), Ok(count)) = (index.trim().parse(), count.trim().parse()) else {
            return Err(usage.into());
        };
        if !(1..=MAX_SHARDS).contains(&count) || !(1..=count).contains(&index) {
            return Err(format!(
                "shard {index}/{count} does not exist: K runs from 1 to N, and N from 1 to {MAX_SHARDS}"
            ));
        }
        Ok(Shard { index, count })
    }

    /// The run numbers of this part of `runs` runs.
    pub fn runs(&self, runs: u64) -> std::ops::Range<u64> {
        let bound = |k: u64| (u128::from(k) * u128::from(runs) / u128::from(self.count)) as u64;
        bound(self.index - 1)..bound(self.index)
    }
}

/// A shard's statistics, as written by `regsim simulate --shard K/N`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Which part.
    pub shard: Shard,
    /// The first run number simulated.
    pub first_run: u64,
    /// One past the last run number simulated.
    pub end_run: u64,
    /// The whole study, as its report describes it (`total_events` counts this shard's).
    pub study: StudySummary,
    /// The rule sets' titles, in the study's order.
    pub rule_set_titles: Vec<String>,
    /// Per rule set, in the study's order: exact counts, sums and histograms.
    pub tallies: Vec<RuleSetTally>,
}

/// Simulates one shard of a checked study.
pub fn run(study: &Study, shard: Shard, options: RunnerOptions) -> ShardFile {
    let plans: Vec<Plan> = study.rules.iter().map(Plan::new).collect();
    let settings = RunSettings {
        seed: study.seed,
        start: study.start,
        start_spread_days: study.start_spread_days,
        horizon_days: study.horizon_days,
    };
    let range = shard.runs(study.runs);
    let tally = runner::run_range(
        &plans,
        study.baseline,
        &study.profile,
        &settings,
        range.clone(),
        options,
    );
    ShardFile {
        format: FORMAT.to_string(),
        shard,
        first_run: range.start,
        end_run: range.end,
        study: StudySummary::of(study, tally.events()),
        rule_set_titles: study
            .rules
            .iter()
            .map(|rules| rules.title.clone())
            .collect(),
        tallies: tally.rule_sets,
    }
}

impl ShardFile {
    /// The file's JSON text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a shard serializes");
        text.push('\n');
        text
    }

    /// Reads a shard file; `name` names it in diagnostics.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<ShardFile, Diagnostic> {
        let file: ShardFile = input::parse(name, bytes)?;
        file.check(name)?;
        Ok(file)
    }

    /// Whether the file's own numbers hang together.
    fn check(&self, name: &str) -> Result<(), Diagnostic> {
        let problem = |path: &str, message: String| {
            Diagnostic::at_path(name, path, message).fix(
                "use the file `regsim simulate --shard K/N` wrote, unchanged (run that shard again)",
            )
        };
        if self.format != FORMAT {
            return Err(problem(
                "$.format",
                format!(
                    "`{}` is not a shard file's format (`{FORMAT}`)",
                    self.format
                ),
            ));
        }
        let Shard { index, count } = self.shard;
        if !(1..=MAX_SHARDS).contains(&count) || !(1..=count).contains(&index) {
            return Err(problem(
                "$.shard",
                format!("shard {index}/{count} does not exist"),
            ));
        }
        let study = &self.study;
        if !(1..=MAX_RUNS).contains(&study.runs) || study.horizon_days > MAX_HORIZON_DAYS {
            return Err(problem(
                "$.study",
                "the study's runs or horizon are out of range".into(),
            ));
        }
        let expected = self.shard.runs(study.runs);
        if (self.first_run, self.end_run) != (expected.start, expected.end) {
            return Err(problem(
                "$.first_run",
                format!(
                    "shard {index}/{count} of {} runs covers runs {} to {}, not {} to {}",
                    study.runs, expected.start, expected.end, self.first_run, self.end_run
                ),
            ));
        }
        let rule_sets = study.rules.len();
        if rule_sets == 0
            || self.rule_set_titles.len() != rule_sets
            || self.tallies.len() != rule_sets
            || study.rule_values.len() != rule_sets
            || !study.rules.contains(&study.baseline)
        {
            return Err(problem(
                "$.tallies",
                "the rule sets, their titles and their tallies do not match".into(),
            ));
        }
        let runs = expected.end - expected.start;
        // Every per-run figure is at most the event cap or the horizon, and a paired
        // difference at most that in size.
        let limit = u64::from(MAX_EVENTS_PER_RUN.max(MAX_HORIZON_DAYS));
        for (position, tally) in self.tallies.iter().enumerate() {
            let at = format!("$.tallies[{position}]");
            let ended = [
                tally.registered,
                tally.gave_up,
                tally.pending,
                tally.event_cap,
            ]
            .iter()
            .try_fold(0u64, |sum, &n| sum.checked_add(n));
            let moments = tally.metrics.iter().chain(&tally.paired.metrics).chain([
                &tally.days_to_registration_moments,
                &tally.paired.registered,
                &tally.paired.days_to_registration,
            ]);
            let consistent = tally.runs == runs
                && ended == Some(runs)
                && tally.events <= runs.saturating_mul(u64::from(MAX_EVENTS_PER_RUN))
                && tally.days_to_registration.consistent()
                && tally.days_to_registration.len() == study.horizon_days as usize + 1
                && tally.days_to_registration.total() == tally.registered
                && tally.days_to_registration_moments.count() == tally.registered
                && tally.attempts_per_run.counts().iter().sum::<u64>() == runs
                && tally.attempts_per_run.counts().len() <= MAX_EVENTS_PER_RUN as usize + 1
                && moments
                    .into_iter()
                    .all(|m| m.count() <= runs && m.plausible(limit));
            if !consistent {
                return Err(problem(
                    &at,
                    format!("the tally does not add up to the shard's {runs} runs"),
                ));
            }
        }
        Ok(())
    }
}

/// Merges shard files (each `(name, file)`) into the report of the whole study.
pub fn merge(shards: &[(String, ShardFile)]) -> Result<SimulationReport, Diagnostics> {
    let Some((first_name, first)) = shards.first() else {
        return Err(Diagnostic::new("<command line>", "no shard file is given")
            .fix("name the files `regsim simulate --shard K/N` wrote, e.g. `regsim merge shard-*.json`")
            .into());
    };
    let count = first.shard.count;
    let mut problems = Vec::new();
    let mut by_index: Vec<Option<&str>> = vec![None; count.min(MAX_SHARDS) as usize];
    for (name, file) in shards {
        let same_study = StudySummary {
            total_events: 0,
            ..file.study.clone()
        } == StudySummary {
            total_events: 0,
            ..first.study.clone()
        } && file.rule_set_titles == first.rule_set_titles;
        if !same_study {
            problems.push(
                Diagnostic::at_path(
                    name,
                    "$.study",
                    format!("this shard is of another study (or other settings) than {first_name}"),
                )
                .fix("merge the shards of one `regsim simulate` command: the same study, flags and N"),
            );
            continue;
        }
        if file.shard.count != count {
            problems.push(
                Diagnostic::at_path(
                    name,
                    "$.shard.count",
                    format!(
                        "this shard is one of {}, {first_name} one of {count}",
                        file.shard.count
                    ),
                )
                .fix("merge shards split the same way (the same N in --shard K/N)"),
            );
            continue;
        }
        let slot = &mut by_index[(file.shard.index - 1) as usize];
        if let Some(earlier) = slot {
            problems.push(
                Diagnostic::at_path(
                    name,
                    "$.shard.index",
                    format!(
                        "shard {}/{count} is given twice (also {earlier})",
                        file.shard.index
                    ),
                )
                .fix("give each shard once"),
            );
        } else {
            *slot = Some(name);
        }
    }
    let missing: Vec<String> = by_index
        .iter()
        .enumerate()
        .filter(|(_, name)| name.is_none())
        .map(|(index, _)| format!("{}/{count}", index + 1))
        .collect();
    if problems.is_empty() && !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(10).map(String::as_str).collect();
        problems.push(
            Diagnostic::new(
                "<command line>",
                format!(
                    "{} of {count} shards {} missing: {}{}",
                    missing.len(),
                    if missing.len() == 1 { "is" } else { "are" },
                    shown.join(", "),
                    if missing.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                ),
            )
            .fix("give every shard from 1/N to N/N (run the missing ones with --shard K/N)"),
        );
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let mut ordered: Vec<&ShardFile> = shards.iter().map(|(_, file)| file).collect();
    ordered.sort_by_key(|file| file.shard.index);
    let mut total = StudyTally::new(first.tallies.len(), first.study.horizon_days);
    for file in ordered {
        total.merge(&StudyTally {
            rule_sets: file.tallies.clone(),
        });
    }
    // A study lists each rule set once, so the baseline's position is unambiguous.
    let baseline = first
        .study
        .rules
        .iter()
        .position(|id| *id == first.study.baseline)
        .unwrap_or(0);
    Ok(SimulationReport::from_parts(
        first.study.clone(),
        &first.rule_set_titles,
        baseline,
        &total,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_run_once() {
        for (runs, count) in [(10, 4), (3, 5), (1_000_000_000, 7), (1, 1)] {
            let mut next = 0;
            for index in 1..=count {
                let range = Shard { index, count }.runs(runs);
                assert_eq!(range.start, next);
                next = range.end;
            }
            assert_eq!(next, runs);
        }
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
