//! The regime a counterfactual stands on: which base the other rule set was built on,
//! how that base differs from the case's own rules, and which counterfactual events fall
//! outside the period that base was in force.
//!
//! A reform applied to another base than the case's own (or a base other than the
//! reform's default parent) mixes a regime change into the reform's effect; a
//! counterfactual event dated before its base came into force judges it under rules that
//! did not yet exist. Both are said, never left silent.

use serde::Serialize;

use crate::date::Date;
use crate::rules::{Catalog, RuleSet};

use super::Counterfactual;

/// The base of the other rule set, compared with the case's own rules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BaseNote {
    /// The case's own rule set.
    pub own: String,
    /// The base regime the other rule set was built on.
    pub base: String,
    /// Whether the base is the case's own rules (the reform was applied to them).
    pub own_base: bool,
    /// Base parameters whose values differ from the other base named ("members 20,000 →
    /// 5,000"): the case's own rules' when the base is not theirs, else the reform's
    /// default base's.
    pub differences: Vec<String>,
    /// The reform's default base, when it differs from the base used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_base: Option<String>,
}

/// A counterfactual event dated outside the period its base regime was in force.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutOfForce {
    /// The event's date.
    pub date: Date,
    /// What is wrong, in words.
    pub message: String,
}

/// Fills in the counterfactual's base note and its events outside the base's period.
///
/// Where the other rules are the case's own with a reform applied, an event is judged
/// against the period the case's own rules cover, as the factual replay judges it (a
/// transition rule set that carries a 2020 application past the 2022 amendments covers
/// its whole span); otherwise against the period its base regime was in force.
pub fn annotate(cf: &mut Counterfactual, own_rules: &RuleSet, other: &RuleSet, catalog: &Catalog) {
    let own = &cf.factual.rules;
    let Some(base_id) = cf.counterfactual.rules.lineage.first().cloned() else {
        return;
    };
    let Ok(base) = catalog.resolve(&base_id) else {
        return;
    };
    let default_base = cf
        .counterfactual
        .rules
        .lineage
        .last()
        .and_then(|reform| default_base_of(catalog, reform))
        .filter(|default| *default != base.id);
    // The case's own rules may themselves be a base with a transition patch on it.
    let own_base = own.lineage.first().map_or(own.id.as_str(), String::as_str);
    if base.id != own_base {
        let own_rules = catalog.resolve(&own.id).ok();
        cf.base = Some(BaseNote {
            own: own.id.clone(),
            base: base.id.clone(),
            own_base: false,
            differences: own_rules.map_or_else(Vec::new, |own| differences(&own, &base)),
            default_base,
        });
    } else if let Some(default) = default_base.filter(|_| !own.id.contains('→')) {
        // The base is the case's own rules as the factual replay resolved them (a base
        // regime, or a base with a transition patch on it): the differences from the
        // reform's default base are read from those, not from the bare base regime.
        let default_rules = catalog.resolve(&default).ok();
        let own_resolved = catalog.resolve(&own.id).unwrap_or_else(|_| base.clone());
        cf.base = Some(BaseNote {
            own: own.id.clone(),
            base: own.id.clone(),
            own_base: true,
            differences: default_rules.map_or_else(Vec::new, |d| differences(&own_resolved, &d)),
            default_base: Some(default),
        });
    }
    for (index, step) in cf.counterfactual.steps.iter().enumerate() {
        let derived = cf.rows.iter().any(|row| {
            row.counterfactual
                .as_ref()
                .is_some_and(|e| e.index == index)
        });
        if !derived {
            continue;
        }
        // The regime the step was judged under (a timeline switches on its dates).
        let regime = other.for_date(step.day);
        let regime_base = regime
            .lineage
            .first()
            .map_or_else(|| base.id.clone(), |step| step.id.clone());
        let own_regime = own_rules.for_date(step.day);
        let own_applied = own_regime.lineage.len() > 1
            && regime.lineage.len() >= own_regime.lineage.len()
            && regime
                .lineage
                .iter()
                .zip(&own_regime.lineage)
                .all(|(a, b)| a.id == b.id);
        let period = if own_applied {
            own_regime.in_force.clone()
        } else {
            catalog.file(&regime_base).and_then(|f| f.in_force.clone())
        };
        let Some(period) = period else {
            continue;
        };
        let before = step.date < period.from;
        let after = period.until.is_some_and(|until| step.date > until);
        if before || after {
            let in_force = catalog
                .in_force_on(base.entity, step.day)
                .map_or(String::from("no bundled regime"), |id| format!("`{id}`"));
            cf.out_of_force.push(OutOfForce {
                date: step.day,
                message: format!(
                    "`{}` on {} is judged under `{}` (base `{}`, in force {}–{}); on that date {} applied",
                    step.event,
                    step.date,
                    cf.counterfactual.rules.id,
                    regime_base,
                    period.from,
                    period.until.map_or(String::from("today"), |d| d.to_string()),
                    in_force
                ),
            });
        }
    }
}

/// The base regime a reform extends by default (following `extends` to a base).
fn default_base_of(catalog: &Catalog, reform: &str) -> Option<String> {
    let mut id = reform.to_string();
    for _ in 0..64 {
        match &catalog.file(&id)?.extends {
            Some(parent) => id = parent.clone(),
            None => return Some(id),
        }
    }
    None
}

/// Parameters present in both rule sets whose value or unit differ.
fn differences(own: &RuleSet, base: &RuleSet) -> Vec<String> {
    let mut found = Vec::new();
    for (name, mine) in &own.parameters {
        let Some(theirs) = base.parameters.get(name) else {
            continue;
        };
        if mine.value != theirs.value || mine.unit != theirs.unit {
            found.push(format!(
                "{name}: {} {} under {} → {} {} under {}",
                crate::number::readable(mine.value),
                mine.unit.label(),
                own.id,
                crate::number::readable(theirs.value),
                theirs.unit.label(),
                base.id
            ));
        }
    }
    found
}
