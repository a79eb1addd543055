//! `regsim new case|reform|study|profile`: a starting file that validates as written and
//! explains itself (see [`crate::app::starter`]), on stdout or in a new file.
//!
//! `-o FILE` never replaces a file: a starting file is for a file that does not exist yet.
//! The file's id is its name without `.json` (or `--id`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::app::starter;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output;
use crate::rules::{Catalog, EntityKind};

use super::Failure;

/// `regsim new KIND`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to start.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// reform: the rule set it changes (default kz-2022, or kz-pa for a public association);
    /// profile: the bundled profile to start from (default neutral).
    #[arg(long, value_name = "ID")]
    pub extends: Option<String>,
    /// The kind of organization (default party).
    #[arg(long, value_enum)]
    pub entity: Option<EntityArg>,
    /// case: the rule set it runs under; study: the rule sets to compare (repeat the flag).
    #[arg(long = "rules", value_name = "ID")]
    pub rules: Vec<String>,
    /// The file's id (default: the name of the -o file without .json, else my-KIND).
    #[arg(long)]
    pub id: Option<String>,
    /// Write to this new file instead of stdout (an existing file is never replaced).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The kinds of starting file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A hypothetical case with one placeholder event.
    Case,
    /// A reform that patches one value.
    Reform,
    /// A study comparing the rules in force with the simplified reform.
    Study,
    /// A copy of a bundled behaviour profile.
    Profile,
}

impl NewKind {
    fn name(self) -> &'static str {
        match self {
            NewKind::Case => "case",
            NewKind::Reform => "reform",
            NewKind::Study => "study",
            NewKind::Profile => "profile",
        }
    }
}

/// `--entity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EntityArg {
    /// A political party.
    Party,
    /// A public association.
    #[value(name = "public_association", alias = "public-association")]
    PublicAssociation,
}

/// Runs `regsim new`.
pub fn run(catalog: &Catalog, args: &NewArgs) -> Result<(), Failure> {
    let usage = |message: String, fix: &str| -> Failure {
        Diagnostic::new(crate::diagnostic::COMMAND_LINE, message)
            .fix(fix)
            .into()
    };
    if let Some(path) = &args.output {
        if path.exists() {
            return Err(Diagnostic::new(
                path.display().to_string(),
                "the file exists; `regsim new` writes only new files",
            )
            .fix("name a file that does not exist yet, or delete this one first")
            .into());
        }
    }
    let id = match (&args.id, &args.output) {
        (Some(id), _) => id.clone(),
        (None, Some(path)) => path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default(),
        (None, None) => format!("my-{}", args.kind.name()),
    };
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(usage(
            format!("`{id}` cannot be the file's id (lowercase letters, digits and dashes)"),
            "name the file like my-reform.json, or give --id my-reform",
        ));
    }
    let entity = args.entity.map(|entity| match entity {
        EntityArg::Party => EntityKind::Party,
        EntityArg::PublicAssociation => EntityKind::PublicAssociation,
    });
    let misplaced = |flag: &str, kinds: &str| {
        usage(
            format!(
                "`{flag}` does not apply to `regsim new {}`",
                args.kind.name()
            ),
            &format!("{flag} is for {kinds}"),
        )
    };
    let text = match args.kind {
        NewKind::Case => {
            if args.extends.is_some() {
                return Err(misplaced("--extends", "reform and profile"));
            }
            if args.rules.len() > 1 {
                return Err(usage(
                    "a case runs under one rule set".into(),
                    "give --rules once (or `by_date` in the file)",
                ));
            }
            starter::case(catalog, &id, entity, args.rules.first().map(String::as_str))
        }
        NewKind::Reform => {
            if !args.rules.is_empty() {
                return Err(misplaced("--rules", "case and study"));
            }
            starter::reform(catalog, &id, entity, args.extends.as_deref())
        }
        NewKind::Study => {
            if args.extends.is_some() {
                return Err(misplaced("--extends", "reform and profile"));
            }
            starter::study(catalog, &id, entity, &args.rules)
        }
        NewKind::Profile => {
            if !args.rules.is_empty() || entity.is_some() {
                return Err(misplaced("--rules and --entity", "case, reform and study"));
            }
            starter::profile(&id, args.extends.as_deref())
        }
    };
    let text = text.map_err(|problems: Diagnostics| Failure::Input(problems))?;
    output::write(args.output.as_deref(), &text)?;
    if let Some(path) = &args.output {
        eprintln!(
            "wrote {} ({} `{id}`); check it with `regsim validate {}`",
            path.display(),
            args.kind.name(),
            path.display()
        );
    }
    Ok(())
}
