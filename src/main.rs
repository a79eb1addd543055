//! The `regsim` binary: parses the command line, runs it, prints errors, sets the exit code.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use regsim::cli::{self, Cli, Failure};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Found) => ExitCode::from(1),
        Err(Failure::Input(diagnostics)) => {
            if !diagnostics.is_empty() {
                eprintln!("{diagnostics}");
            }
            ExitCode::from(2)
        }
    }
}
