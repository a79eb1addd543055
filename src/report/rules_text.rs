//! Rule sets as a person reads them: every value with its status and citation.

use std::fmt::Write;

use crate::rules::{Catalog, Policy, RuleSet};

use super::table::Table;

/// One line per rule set in the catalog.
pub fn render_list(catalog: &Catalog, unresolved: &[String]) -> String {
    let mut table = Table::new(["id", "extends", "entity", "in force", "title"]);
    for id in catalog.ids() {
        let Some(file) = catalog.file(id) else {
            continue;
        };
        let entity = file
            .entity
            .map_or(String::from("(inherited)"), |entity| entity.to_string());
        let in_force = file.in_force.as_ref().map_or(
            String::from(if file.proposal.is_some() {
                "proposal"
            } else {
                "-"
            }),
            |period| {
                format!(
                    "{} – {}",
                    period.from,
                    period.until.map_or(String::from("now"), |d| d.to_string())
                )
            },
        );
        let title = if unresolved.iter().any(|bad| bad == id) {
            format!(
                "{} [DOES NOT RESOLVE: see the errors on stderr]",
                file.title
            )
        } else {
            file.title.clone()
        };
        table.row([
            id.to_string(),
            file.extends.clone().unwrap_or_else(|| "-".into()),
            entity,
            in_force,
            title,
        ]);
    }
    table.render("")
}

fn policy_line<R: std::fmt::Debug>(
    out: &mut String,
    rules: &RuleSet,
    name: &str,
    policy: &Policy<R>,
) {
    let rule = format!("{:?}", policy.rule);
    let _ = write!(
        out,
        "  {name}: {} [{}]",
        snake(&rule),
        rules.status_label(policy.status, policy.citation.as_ref())
    );
    if !policy.listed.is_empty() {
        let listed: Vec<&str> = policy.listed.iter().map(|code| code.name()).collect();
        let _ = write!(out, " listed: {}", listed.join(", "));
    }
    out.push('\n');
    if let Some(citation) = &policy.citation {
        let _ = writeln!(out, "      source: {}", rules.cite(citation));
    }
    if let Some(note) = &policy.note {
        let _ = writeln!(out, "      note: {note}");
    }
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (index, c) in camel.chars().enumerate() {
        if c.is_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A resolved rule set in full.
pub fn render_show(rules: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", rules.id, rules.title);
    let _ = writeln!(out, "{}, {}", rules.jurisdiction, rules.entity);
    if rules.lineage.len() > 1 {
        let ids: Vec<&str> = rules.lineage.iter().map(|step| step.id.as_str()).collect();
        let _ = writeln!(out, "lineage: {}", ids.join(" → "));
        for step in &rules.lineage[1..] {
            if let Some(proposal) = &step.proposal {
                let _ = writeln!(out, "  {} encodes: {}", step.id, rules.cite(proposal));
            }
        }
    }
    if let Some(period) = &rules.in_force {
        let until = period.until.map_or(String::from("now"), |d| d.to_string());
        let _ = writeln!(
            out,
            "in force: {} – {until} [{}]",
            period.from,
            rules.status_label(period.status, period.citation.as_ref())
        );
        if let Some(note) = &period.note {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    if let Some(choice) = &rules.calendar {
        let covers = crate::rules::calendar::Calendar::bundled(&choice.id).map_or(
            String::new(),
            |calendar| {
                let provisional: Vec<String> = calendar
                    .years
                    .iter()
                    .filter(|(_, year)| !year.complete)
                    .map(|(year, _)| year.to_string())
                    .collect();
                let span = calendar
                    .span()
                    .map_or(String::new(), |(a, b)| format!("{a}–{b}"));
                if provisional.is_empty() {
                    format!(": {span}")
                } else {
                    format!(": {span}, {} provisional", provisional.join(", "))
                }
            },
        );
        let _ = writeln!(
            out,
            "calendar: {}{covers} [{}] (working days skip its days off; `regsim calendar YEAR` lists them)",
            choice.id,
            rules.status_label(choice.status, choice.citation.as_ref())
        );
        if let Some(note) = &choice.note {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    if let Some(description) = &rules.description {
        let _ = writeln!(out, "\n{description}");
    }
    out.push_str("\nParameters\n");
    for (id, parameter) in &rules.parameters {
        let value = if parameter.value.fract() == 0.0 {
            format!("{}", parameter.value as i64)
        } else {
            format!("{}", parameter.value)
        };
        let _ = writeln!(
            out,
            "  {id} = {value} {} [{}] — {}",
            parameter.unit.label(),
            rules.status_label(parameter.status, parameter.citation.as_ref()),
            parameter.label
        );
        if !parameter.starts_on.is_empty() {
            let starts: Vec<&str> = parameter.starts_on.iter().map(|kind| kind.name()).collect();
            let paused = if parameter.paused_while_suspended {
                "; paused while the review is suspended"
            } else {
                ""
            };
            let _ = writeln!(out, "      starts on: {}{paused}", starts.join(", "));
        }
        if let Some(instance) = parameter.court_instance {
            let _ = writeln!(
                out,
                "      bounds the decisions of the {} court",
                instance.name().replace('_', " ")
            );
        }
        if let Some(citation) = &parameter.citation {
            let _ = writeln!(out, "      source: {}", rules.cite(citation));
        }
        if let Some(note) = &parameter.note {
            let _ = writeln!(out, "      note: {note}");
        }
    }
    out.push_str("\nPolicies\n");
    policy_line(
        &mut out,
        rules,
        "refusal grounds",
        &rules.policies.refusal_grounds,
    );
    policy_line(
        &mut out,
        rules,
        "rectifiable defects",
        &rules.policies.rectifiable_defects,
    );
    policy_line(
        &mut out,
        rules,
        "authority silence",
        &rules.policies.authority_silence,
    );
    policy_line(
        &mut out,
        rules,
        "notification",
        &rules.policies.notification,
    );
    out.push_str("\nStages\n");
    let mut table = Table::new(["id", "waiting on", "outcome", "label"]);
    for stage in rules.stages() {
        let start = if stage.id == rules.procedure.start {
            " (start)"
        } else {
            ""
        };
        table.row([
            format!("{}{start}", stage.id),
            stage
                .waiting_on
                .map_or(String::from("-"), |actor| actor.to_string()),
            format!("{:?}", stage.outcome).to_lowercase(),
            stage.label.clone(),
        ]);
    }
    out.push_str(&table.render("  "));
    out.push_str("\nTransitions\n");
    for transition in &rules.procedure.transitions {
        let _ = writeln!(
            out,
            "  {}: {} --{}--> {} ({}) [{}]",
            transition.id,
            transition.from,
            transition.event,
            transition.to,
            transition.actor(),
            rules.status_label(transition.status, transition.citation.as_ref())
        );
        if !transition.guards.is_empty() {
            let guards: Vec<String> = transition.guards.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "      guards: {}", guards.join(", "));
        }
        if let Some(deadline) = &transition.deadline {
            let _ = writeln!(out, "      time limit: {deadline}");
        }
        if let Some(citation) = &transition.citation {
            let _ = writeln!(out, "      source: {}", rules.cite(citation));
        }
        if let Some(note) = &transition.note {
            let _ = writeln!(out, "      note: {note}");
        }
    }
    out.push_str("\nSources\n");
    for source in rules.sources.values() {
        let _ = write!(out, "  {}: {}", source.id, source.title);
        if let Some(jurisdiction) = &source.jurisdiction {
            let _ = write!(out, " [{jurisdiction}]");
        }
        if let Some(url) = &source.url {
            let _ = write!(out, " <{url}>");
        }
        out.push('\n');
    }
    let counts = rules.status_counts();
    let _ = writeln!(
        out,
        "\nValues by status ({} in all): {counts}.",
        counts.total()
    );
    out.push_str(STATUS_KEY);
    out
}

/// What each status means, printed under every count so a reader need not look it up.
pub const STATUS_KEY: &str =
    "  law = read in a Kazakh statute (article cited); official = stated by a Kazakh authority;
  reported = press, NGO or foreign-government reports; comparative = another country's law,
  a draft or an international standard, used as a model; inferred = derived from recorded
  cases; ASSUMED = a modelling choice, its note says why.
";
