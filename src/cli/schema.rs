//! `regsim schema case|rules|study|profile`: the JSON Schema of a file kind, generated
//! from the types the parser reads it with (see [`crate::schema`]), for editors that
//! complete and check files as people type.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::output;
use crate::schema::FileSchema;

use super::Failure;

/// `regsim schema KIND`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The file kind.
    #[arg(value_enum)]
    pub kind: SchemaKind,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The file kinds that have a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A case: one application as a dated event log.
    Case,
    /// A rule set or a reform.
    Rules,
    /// A simulation study.
    Study,
    /// A behaviour profile.
    Profile,
}

/// Runs `regsim schema`.
pub fn run(args: &SchemaArgs) -> Result<(), Failure> {
    let schema = match args.kind {
        SchemaKind::Case => FileSchema::Case,
        SchemaKind::Rules => FileSchema::Rules,
        SchemaKind::Study => FileSchema::Study,
        SchemaKind::Profile => FileSchema::Profile,
    };
    output::write(args.output.as_deref(), &schema.render())?;
    Ok(())
}
