//! `regsim list`: every bundled case, rule set, study and profile, and the user's own
//! rule-set files, as a table, Markdown, JSON or CSV.
//!
//! What it lists comes from [`crate::app::listing`]; this file renders it. A user's file
//! that does not resolve is still listed, marked as such; its errors go to stderr and the
//! command exits 2, as every command does for an unusable `--rules-file`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::app::listing::{Listing, Role, RuleSetEntry};
use crate::app::{self, UserRuleSets};
use crate::diagnostic::Diagnostics;
use crate::export::OutputFormat;
use crate::export::json::to_json;
use crate::output;
use crate::report::csv_table;
use crate::report::table::Table;
use crate::rules::EntityKind;

use super::{Failure, format};

/// `regsim list [WHAT]`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only one kind of thing (default: all four).
    #[arg(value_enum)]
    pub what: Option<ListWhat>,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::TABLES))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The kinds of thing `regsim list` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    /// The bundled cases.
    Cases,
    /// The rule sets (bundled and --rules-file).
    Rules,
    /// The bundled simulation studies.
    Studies,
    /// The bundled behaviour profiles.
    Profiles,
}

/// Runs `regsim list`.
pub fn run(rules_files: &[PathBuf], args: &ListArgs) -> Result<(), Failure> {
    let found = app::user_rule_sets(rules_files);
    let mut listing = Listing::new(&found.catalog, &found.unresolved);
    if let Some(what) = args.what {
        if what != ListWhat::Cases {
            listing.cases.clear();
        }
        if what != ListWhat::Rules {
            listing.rule_sets.clear();
        }
        if what != ListWhat::Studies {
            listing.studies.clear();
        }
        if what != ListWhat::Profiles {
            listing.profiles.clear();
        }
    }
    let text = match args.format {
        OutputFormat::Json => to_json(&listing),
        OutputFormat::Csv => render_csv(&listing),
        OutputFormat::Markdown => render_markdown(&listing),
        _ => render_text(&listing),
    };
    output::write(args.output.as_deref(), &text)?;
    warn_about(found)
}

/// After the listing, what was wrong with the user's rule-set files: printed on stderr,
/// exit 2 (an unusable input, as for every command).
pub fn warn_about(found: UserRuleSets) -> Result<(), Failure> {
    let mut problems = found.unreadable;
    problems.extend(found.invalid);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(Diagnostics(problems)))
    }
}

fn entity_word(entity: EntityKind) -> &'static str {
    match entity {
        EntityKind::Party => "party",
        EntityKind::PublicAssociation => "public_association",
    }
}

fn entities(entry: &RuleSetEntry) -> String {
    entry
        .entities
        .iter()
        .map(|entity| entity_word(*entity))
        .collect::<Vec<_>>()
        .join(" ")
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Base => "base",
        Role::Reform => "reform",
        Role::Transition => "transition",
    }
}

/// "2022-11-05 – now" for a base; "-" for a reform.
fn in_force(entry: &RuleSetEntry) -> String {
    match entry.in_force_from {
        Some(from) => format!(
            "{from} – {}",
            entry
                .in_force_until
                .map_or("now".to_string(), |until| until.to_string())
        ),
        None => "-".to_string(),
    }
}

fn title(entry: &RuleSetEntry) -> String {
    let mut title = entry.title.clone();
    if entry.user {
        title.push_str(&format!(" (your file: {})", entry.file));
    }
    if !entry.resolves {
        title.push_str(" [DOES NOT RESOLVE: see the errors on stderr]");
    }
    title
}

fn kind_word(kind: crate::scenario::CaseKind) -> &'static str {
    match kind {
        crate::scenario::CaseKind::Real => "real",
        crate::scenario::CaseKind::Hypothetical => "hypothetical",
    }
}

/// The four tables, each headed by what to do with an id.
fn tables(listing: &Listing) -> Vec<(String, Table)> {
    let mut sections = Vec::new();
    if !listing.cases.is_empty() {
        let mut table = Table::new(["id", "kind", "entity", "rules", "title"]);
        for case in &listing.cases {
            table.row([
                case.id.clone(),
                kind_word(case.kind).to_string(),
                entity_word(case.entity).to_string(),
                case.rules.clone(),
                case.title.clone(),
            ]);
        }
        sections.push((
            format!(
                "Cases ({}): `regsim replay ID`, `regsim compare ID…`",
                listing.cases.len()
            ),
            table,
        ));
    }
    if !listing.rule_sets.is_empty() {
        let mut table = Table::new(["id", "role", "entity", "extends", "in force", "title"]);
        for entry in &listing.rule_sets {
            table.row([
                entry.id.clone(),
                role_word(entry.role).to_string(),
                entities(entry),
                entry.extends.clone().unwrap_or_else(|| "-".into()),
                in_force(entry),
                title(entry),
            ]);
        }
        sections.push((
            format!(
                "Rule sets ({}): `regsim rules show ID`, `--rules ID`, `--under ID`; a reform applies to any base of its entity (`kz-2020+kz-simplified`)",
                listing.rule_sets.len()
            ),
            table,
        ));
    }
    if !listing.studies.is_empty() {
        let mut table = Table::new(["id", "profile", "rules", "title"]);
        for study in &listing.studies {
            table.row([
                study.id.clone(),
                study.profile.clone(),
                study.rules.join(" "),
                study.title.clone(),
            ]);
        }
        sections.push((
            format!("Studies ({}): `regsim simulate ID`", listing.studies.len()),
            table,
        ));
    }
    if !listing.profiles.is_empty() {
        let mut table = Table::new(["id", "title"]);
        for profile in &listing.profiles {
            table.row([profile.id.clone(), profile.title.clone()]);
        }
        sections.push((
            format!(
                "Behaviour profiles ({}): `regsim simulate STUDY --profile ID`",
                listing.profiles.len()
            ),
            table,
        ));
    }
    sections
}

fn render_text(listing: &Listing) -> String {
    tables(listing)
        .into_iter()
        .map(|(heading, table)| format!("{heading}\n{}", table.render("  ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_markdown(listing: &Listing) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = String::new();
    for (heading, table) in tables(listing) {
        out.push_str(&format!("### {heading}\n\n"));
        let rows = table.rows();
        for (index, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|text| cell(text)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if index == 0 {
                out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
            }
        }
        out.push('\n');
    }
    out
}

/// One table for all four kinds: `item` says which, and each column holds one kind of
/// value (empty where it does not apply).
fn render_csv(listing: &Listing) -> String {
    const HEADER: [&str; 13] = [
        "item",
        "id",
        "title",
        "kind",
        "entity",
        "rules",
        "role",
        "extends",
        "in_force_from",
        "in_force_until",
        "profile",
        "file",
        "resolves",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let blank = String::new;
    for case in &listing.cases {
        rows.push(vec![
            "case".into(),
            case.id.clone(),
            case.title.clone(),
            kind_word(case.kind).into(),
            entity_word(case.entity).into(),
            case.rules.clone(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            case.file.clone(),
            blank(),
        ]);
    }
    for entry in &listing.rule_sets {
        rows.push(vec![
            "rule_set".into(),
            entry.id.clone(),
            entry.title.clone(),
            blank(),
            entities(entry),
            blank(),
            role_word(entry.role).into(),
            entry.extends.clone().unwrap_or_default(),
            entry
                .in_force_from
                .map(|d| d.to_string())
                .unwrap_or_default(),
            entry
                .in_force_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            blank(),
            entry.file.clone(),
            entry.resolves.to_string(),
        ]);
    }
    for study in &listing.studies {
        rows.push(vec![
            "study".into(),
            study.id.clone(),
            study.title.clone(),
            blank(),
            blank(),
            study.rules.join(" "),
            blank(),
            blank(),
            blank(),
            blank(),
            study.profile.clone(),
            study.file.clone(),
            blank(),
        ]);
    }
    for profile in &listing.profiles {
        rows.push(vec![
            "profile".into(),
            profile.id.clone(),
            profile.title.clone(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            profile.file.clone(),
            blank(),
        ]);
    }
    csv_table::table(&HEADER, rows)
}
