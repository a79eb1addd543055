//! The `regsim merge` command: the shards `simulate --shard K/N` wrote, merged into the
//! report one unsharded run gives (byte for byte), in any report format.
//!
//! Reading and checking live in [`crate::sim::shard`]; this file reads the files, reports
//! every unreadable or mismatched one (exit 2), and renders the merged report.

use std::path::PathBuf;

use clap::Args;

use crate::diagnostic::Diagnostics;
use crate::export::{self, OutputFormat};
use crate::input;
use crate::output;
use crate::sim::shard::{self, ShardFile};

use super::{Failure, format, report_exporter};

/// `regsim merge SHARDS... [--format F] [-o FILE]`.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The shard files `regsim simulate STUDY --shard K/N` wrote, all N of them.
    #[arg(value_name = "SHARDS", required = true)]
    pub shards: Vec<PathBuf>,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(export::REPORT_FORMATS))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Reads, checks and merges the shards, and writes the report.
pub fn run(args: &MergeArgs) -> Result<(), Failure> {
    let mut shards = Vec::with_capacity(args.shards.len());
    let mut problems = Vec::new();
    for path in &args.shards {
        let name = path.display().to_string();
        match input::read_bytes(path).and_then(|bytes| ShardFile::parse(&name, &bytes)) {
            Ok(file) => shards.push((name, file)),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    let report = shard::merge(&shards)?;
    let text = report_exporter(args.format)?.simulation(&report);
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}
