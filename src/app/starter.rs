//! Starting files for `regsim new`: a case, a reform, a study or a profile that validates
//! as written and says, in its own `description`, `summary`, `notes` and `note` fields,
//! what each part is and what to change.
//!
//! A starting file holds no fact: a case is `hypothetical` and says it is a template; a
//! reform patches one value to the value its parent already has, marked `assumed` with a
//! note saying so; a study names bundled rule sets and a bundled profile; a profile is a
//! bundled profile copied with every number's status, source and note intact. Each file
//! is checked as `validate` checks it before it is written.

use std::collections::BTreeMap;
use std::path::Path;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::event::Actor;
use crate::input;
use crate::rules::{
    Catalog, Changes, EntityKind, ParameterPatch, ParameterUnit, RuleSet, RuleSetFile,
};
use crate::scenario::{CaseKind, Scenario, ScenarioEvent};
use crate::sim::profile::{self, Profile, ProfileFile};
use crate::sim::study::{Overrides, Study, StudyFile};
use crate::source::{Confidence, Status};

/// The base rule set a starting file uses for an entity kind when none is named: the
/// regime in force today.
pub fn current_base(entity: EntityKind) -> &'static str {
    match entity {
        EntityKind::Party => "kz-2022",
        EntityKind::PublicAssociation => "kz-pa",
    }
}

/// The stacked simplified reform for an entity kind.
fn simplified(entity: EntityKind) -> &'static str {
    match entity {
        EntityKind::Party => "kz-simplified",
        EntityKind::PublicAssociation => "kz-pa-simplified",
    }
}

/// The file's JSON, pretty-printed, a whole number written as one (`5000`, not the
/// `5000.0` a number read as `f64` prints as).
fn to_text<T: serde::Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).expect("a starting file serializes");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let (body, comma) = match line.strip_suffix(',') {
            Some(body) => (body, ","),
            None => (line, ""),
        };
        let whole = body.rsplit_once(": ").and_then(|(key, number)| {
            let digits = number.strip_suffix(".0")?;
            let digits_only = !digits.is_empty()
                && digits
                    .trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit());
            (key.trim_start().starts_with('"') && digits_only).then_some((key, digits))
        });
        match whole {
            Some((key, digits)) => out.push_str(&format!("{key}: {digits}{comma}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Resolves `id`, refusing a rule set of another entity kind than `entity` (if given).
fn base_rules(
    catalog: &Catalog,
    id: &str,
    entity: Option<EntityKind>,
) -> Result<RuleSet, Diagnostics> {
    let rules = catalog.resolve(id)?;
    if let Some(entity) = entity {
        if rules.entity != entity {
            return Err(Diagnostic::new(
                crate::diagnostic::COMMAND_LINE,
                format!(
                    "`{id}` is a rule set for {} cases, not {entity} cases",
                    rules.entity
                ),
            )
            .fix(format!(
                "leave out --entity, or name a rule set for {entity} cases (e.g. {})",
                current_base(entity)
            ))
            .into());
        }
    }
    Ok(rules)
}

/// A hypothetical case under `rules` (default: the regime in force for `entity`) with one
/// placeholder event: the first step the applicant takes under those rules.
pub fn case(
    catalog: &Catalog,
    id: &str,
    entity: Option<EntityKind>,
    rules: Option<&str>,
) -> Result<String, Diagnostics> {
    let rules_id = rules.unwrap_or(current_base(entity.unwrap_or(EntityKind::Party)));
    let rules = base_rules(catalog, rules_id, entity)?;
    let first = rules
        .outgoing(rules.start())
        .iter()
        .map(|transition| rules.transition(*transition))
        .find(|transition| transition.actor() == Actor::Applicant)
        .map(|transition| transition.event);
    let Some(first) = first else {
        return Err(Diagnostic::new(
            crate::diagnostic::COMMAND_LINE,
            format!("under `{}` the applicant takes no first step", rules.id),
        )
        .fix("name a rule set whose procedure starts with the applicant's filing")
        .into());
    };
    // A day the rules were in force, so the template is judged under the regime it names.
    let date = rules.in_force.as_ref().map_or_else(
        || Date::parse("2025-01-13").expect("a date"),
        |period| period.from.add_days(30),
    );
    let scenario = Scenario {
        schema: None,
        id: id.to_string(),
        title: "TEMPLATE: a hypothetical case (replace this title with what the case is)".into(),
        kind: CaseKind::Hypothetical,
        applicant: "TEMPLATE: a hypothetical initiative group (replace with who applied)".into(),
        entity: rules.entity,
        rules: rules.id.clone(),
        summary: Some(format!(
            "A starting file written by `regsim new case`: nothing in it happened. It is judged \
             under `{}`; `rules` may also be `by_date` (the regime in force on each event's \
             date). Replace the title, applicant and this summary, then list the events in date \
             order, one object each (`date`, `event`, and where they apply `defects`, `filed`, \
             `source`, `confidence`, `note`); `regsim validate FILE` says what is wrong and \
             where, `regsim replay FILE` shows the timeline. For a real case set `kind` to \
             `real`, list the documents in `sources` and cite one in each event's `source` \
             (README: Case files).",
            rules.id
        )),
        sources: Vec::new(),
        notes: vec![
            "TEMPLATE: notes record conflicts between sources and how the record was assembled; replace this one.".into(),
        ],
        recorded_outcome: None,
        starts_at: None,
        assumptions: BTreeMap::new(),
        events: vec![ScenarioEvent {
            date: crate::event_date::EventDate::day(date),
            event: first,
            confidence: Confidence::Assumed,
            source: None,
            note: Some(format!(
                "TEMPLATE: a placeholder for the case's first step ({}, the applicant's first \
                 move under {}); replace its date and add the later events.",
                first.name(),
                rules.id
            )),
            defects: Vec::new(),
            filed: None,
            sources: Vec::new(),
            accepted: None,
            disqualified: None,
            court: None,
            limit: None,
        }],
    };
    let text = to_text(&scenario);
    check_case_text(catalog, id, &text)?;
    Ok(text)
}

/// The parameter a starting reform patches: the members threshold where the parent has
/// one, else its first head count, else its first parameter.
fn parameter_to_patch(rules: &RuleSet) -> Option<(&String, &crate::rules::Parameter)> {
    rules
        .parameters
        .get_key_value("registration_members_min")
        .or_else(|| {
            rules
                .parameters
                .iter()
                .find(|(_, parameter)| parameter.unit == ParameterUnit::Persons)
        })
        .or_else(|| rules.parameters.iter().next())
}

/// A reform of `extends` (default: the regime in force for `entity`) that patches one
/// value, as written to the value `extends` already has.
pub fn reform(
    catalog: &Catalog,
    id: &str,
    entity: Option<EntityKind>,
    extends: Option<&str>,
) -> Result<String, Diagnostics> {
    let parent_id = extends.unwrap_or(current_base(entity.unwrap_or(EntityKind::Party)));
    let parent = base_rules(catalog, parent_id, entity)?;
    let mut patch_parameters = BTreeMap::new();
    let mut change = String::from("it changes nothing");
    if let Some((name, parameter)) = parameter_to_patch(&parent) {
        change = format!(
            "as written it changes nothing: it patches `{name}` ({}) to {} {}, the value \
             `{parent_id}` already has",
            parameter.label,
            crate::number::readable(parameter.value),
            parameter.unit.label()
        );
        patch_parameters.insert(
            name.clone(),
            ParameterPatch {
                label: None,
                value: Some(parameter.value),
                unit: None,
                starts_on: None,
                paused_while_suspended: None,
                status: Status::Assumed,
                citation: None,
                note: Some(format!(
                    "TEMPLATE: the value {parent_id} already has; put the value you propose and \
                     say here why (a value of your own is `assumed` and needs this note; one \
                     modelled on another country's law is `comparative` and cites a source that \
                     names its `jurisdiction`)."
                )),
            },
        );
    }
    let file = RuleSetFile {
        schema: None,
        id: id.to_string(),
        title: "TEMPLATE: a reform (replace this title with what the reform does)".into(),
        extends: Some(parent.id.clone()),
        transition: false,
        applies_to: Vec::new(),
        description: Some(format!(
            "A starting reform written by `regsim new reform --extends {parent_id}`; {change}. \
             Edit `value` under `patch_parameters`: only the fields given change, the label and \
             unit stay the base's, and the patch's `status` and `note` (or `citation`) say what \
             stands behind the new value. The reform applies to any base of its kind of \
             organization: `regsim rules show {parent_id}+FILE` and `regsim rules diff \
             {parent_id} FILE` show the result, `regsim replay CASE --under FILE` a case under it. \
             Other changes (`policies`, `add_transitions`, `replace_parameters`, …) are listed \
             in README: Rule-set files."
        )),
        jurisdiction: None,
        entity: None,
        in_force: None,
        proposal: None,
        sources: Vec::new(),
        holidays: Vec::new(),
        calendar: None,
        parameters: BTreeMap::new(),
        policies: None,
        procedure: None,
        changes: Some(Changes {
            patch_parameters,
            ..Changes::default()
        }),
    };
    let text = to_text(&file);
    let mut checked = catalog.clone();
    let name = format!("<new reform {id}>");
    let parsed: RuleSetFile = input::parse(&name, text.as_bytes())?;
    let added = checked.add(name, parsed)?;
    checked.resolve(&added)?;
    Ok(text)
}

/// A study comparing `rules` (default: the regime in force for `entity` and its simplified
/// reform) under the bundled `neutral` profile.
pub fn study(
    catalog: &Catalog,
    id: &str,
    entity: Option<EntityKind>,
    rules: &[String],
) -> Result<String, Diagnostics> {
    let entity = entity.unwrap_or(EntityKind::Party);
    let rules: Vec<String> = if rules.is_empty() {
        vec![current_base(entity).into(), simplified(entity).into()]
    } else {
        rules.to_vec()
    };
    let file = StudyFile {
        schema: None,
        id: id.to_string(),
        title: format!(
            "TEMPLATE: {} against {} (replace this title with the question the study asks)",
            rules[0],
            rules[1..].join(", ")
        ),
        description: Some(
            "A starting study written by `regsim new study`. `rules` are the rule sets \
             compared, in report order (ids, rule-set files or BASE+REFORM expressions; see \
             `regsim list`); differences are taken against `baseline` (default the first). \
             `profile` is a bundled behaviour profile (`neutral`: an authority deciding on the \
             merits) or a profile file relative to this one (`regsim new profile`). Runs share \
             their random draws across rule sets, so the differences have tight intervals; \
             `regsim simulate FILE` runs it (README: Simulation)."
                .into(),
        ),
        rules,
        baseline: None,
        profile: "neutral".into(),
        horizon_days: 365,
        runs: 10_000,
        seed: 1,
        start: None,
        start_spread_days: Some(365),
    };
    let text = to_text(&file);
    let name = format!("<new study {id}>");
    let parsed: StudyFile = input::parse(&name, text.as_bytes())?;
    Study::from_file(&name, Path::new(""), parsed, &Overrides::default(), catalog)?;
    Ok(text)
}

/// A copy of the bundled profile `extends` (default `neutral`) under a new id.
pub fn profile(id: &str, extends: Option<&str>) -> Result<String, Diagnostics> {
    let source = extends.unwrap_or("neutral");
    let found = profile::BUNDLED.iter().find_map(|(name, text)| {
        let origin = format!("<bundled>/scenarios/profiles/{name}");
        input::parse::<ProfileFile>(&origin, text.as_bytes())
            .ok()
            .filter(|file| file.id == source)
    });
    let Some(mut file) = found else {
        return Err(Diagnostic::new(
            crate::diagnostic::COMMAND_LINE,
            format!("no bundled profile has the id `{source}`"),
        )
        .fix(crate::diagnostic::did_you_mean(
            source,
            &Profile::bundled_ids()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ))
        .into());
    };
    let original = file.description.take().unwrap_or_default();
    file.schema = None;
    file.id = id.to_string();
    file.title = format!(
        "TEMPLATE: a copy of the profile `{source}` (replace this title with what your profile represents)"
    );
    file.description = Some(format!(
        "A starting profile written by `regsim new profile --extends {source}`: a copy of \
         `{source}`, whose every number keeps the status, source and note it has there. \
         Change a number together with its `status`, `source` and `note` (README: Profile \
         files), and this description. The description of `{source}`: {original}"
    ));
    let text = to_text(&file);
    Profile::parse(&format!("<new profile {id}>"), text.as_bytes())?;
    Ok(text)
}

/// The checks `validate` makes, on a starting case's text.
fn check_case_text(catalog: &Catalog, id: &str, text: &str) -> Result<(), Diagnostics> {
    let name = format!("<new case {id}>");
    let scenario: Scenario = input::parse(&name, text.as_bytes())?;
    super::check_case(&name, &scenario, catalog).map_err(Diagnostics)?;
    Ok(())
}
