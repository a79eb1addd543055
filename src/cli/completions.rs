//! `regsim completions SHELL`: a completion script for bash, zsh, fish, PowerShell or
//! Elvish, generated from the same clap definition the command line parses with.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::output;

use super::{Cli, Failure};

/// `regsim completions SHELL`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim completions`.
pub fn run(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "regsim", &mut script);
    output::write(args.output.as_deref(), &String::from_utf8_lossy(&script))?;
    Ok(())
}
