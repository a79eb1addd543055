//! Where each item of a resolved rule set is written, so that a problem found after a
//! reform is applied is reported at a place the file really has.
//!
//! Validation runs on the merged rule set, whose paths (`$.parameters.review_period`,
//! `$.procedure.transitions[16]`) exist only in a base file. For a reform, an item it adds
//! or replaces is written at its own `changes` path (`$.changes.replace_parameters.
//! review_period`, `$.changes.add_transitions[0]`); an item it inherits unchanged is not
//! written in it at all, so a problem with it (a stage the reform removed, say) is placed
//! at the reform's `changes`, the part of the file that caused it.

use std::collections::BTreeMap;

/// The kinds of item a rule set states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Item {
    /// A parameter, by name.
    Parameter,
    /// A policy, by name.
    Policy,
    /// A stage, by id.
    Stage,
    /// A transition, by id.
    Transition,
    /// The start stage (id unused).
    Start,
}

/// The places of the items the top file of a resolution states itself.
#[derive(Clone, Debug, Default)]
pub(super) struct Places {
    /// Whether the top file is a reform (else every merged path is its own).
    reform: bool,
    /// Whether the reform has a `changes` key.
    has_changes: bool,
    /// The path, in the reform, of each item it adds or replaces.
    own: BTreeMap<(Item, String), String>,
    /// The path, in the reform, of each item it removes.
    removed: BTreeMap<(Item, String), String>,
}

impl Places {
    /// The places for a reform, before its changes are recorded.
    pub(super) fn reform(has_changes: bool) -> Places {
        Places {
            reform: true,
            has_changes,
            own: BTreeMap::new(),
            removed: BTreeMap::new(),
        }
    }

    /// Records that the reform removes `item` `id` at `path`.
    pub(super) fn record_removal(&mut self, item: Item, id: &str, path: String) {
        self.removed.insert((item, id.to_string()), path);
    }

    /// Where the reform removes `item` `id`, if it does.
    pub(super) fn removal(&self, item: Item, id: &str) -> Option<&str> {
        self.removed
            .get(&(item, id.to_string()))
            .map(String::as_str)
    }

    /// Records that the reform states `item` `id` at `path`.
    pub(super) fn record(&mut self, item: Item, id: &str, path: String) {
        self.own.insert((item, id.to_string()), path);
    }

    /// Where to report a problem at `suffix` (e.g. `.value`) of an item whose merged path
    /// is `merged`: the same path in a base file, the item's own path in a reform that
    /// states it, else the reform's `changes`.
    pub(super) fn of(&self, item: Item, id: &str, merged: &str, suffix: &str) -> String {
        if !self.reform {
            return format!("{merged}{suffix}");
        }
        match self.own.get(&(item, id.to_string())) {
            Some(path) => format!("{path}{suffix}"),
            None => self.whole(merged),
        }
    }

    /// Where to report a problem with a whole part of the rule set (all its stages, all
    /// its transitions): there in a base file, else the reform's `changes`.
    pub(super) fn whole(&self, merged: &str) -> String {
        match (self.reform, self.has_changes) {
            (false, _) => merged.to_string(),
            (true, true) => "$.changes".to_string(),
            (true, false) => "$".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reform_is_blamed_at_its_own_paths_or_its_changes() {
        let base = Places::default();
        assert_eq!(
            base.of(
                Item::Parameter,
                "review_period",
                "$.parameters.review_period",
                ".value"
            ),
            "$.parameters.review_period.value"
        );
        let mut reform = Places::reform(true);
        reform.record(
            Item::Parameter,
            "review_period",
            "$.changes.replace_parameters.review_period".into(),
        );
        assert_eq!(
            reform.of(
                Item::Parameter,
                "review_period",
                "$.parameters.review_period",
                ".value"
            ),
            "$.changes.replace_parameters.review_period.value"
        );
        assert_eq!(
            reform.of(
                Item::Transition,
                "t",
                "$.procedure.transitions[16]",
                ".deadline"
            ),
            "$.changes"
        );
        assert_eq!(Places::reform(false).whole("$.procedure.stages"), "$");
    }
}
