//! `regsim man`: the manual page (roff), generated from the same clap definition the
//! command line parses with: every command, flag and help text, as `--help` gives them.

use std::path::PathBuf;

use clap::{Args, CommandFactory};

use crate::output;

use super::{Cli, Failure};

/// `regsim man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim man`: the page of `regsim` followed by one section per command.
pub fn run(args: &ManArgs) -> Result<(), Failure> {
    let command = Cli::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page)
        .and_then(|()| man.render_name_section(&mut page))
        .and_then(|()| man.render_synopsis_section(&mut page))
        .and_then(|()| man.render_description_section(&mut page))
        .and_then(|()| man.render_options_section(&mut page))
        .and_then(|()| man.render_subcommands_section(&mut page))
        .expect("rendering into memory does not fail");
    for sub in command.get_subcommands() {
        let name = format!("regsim {}", sub.get_name());
        page.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut section = Vec::new();
        sub_man
            .render_synopsis_section(&mut section)
            .and_then(|()| sub_man.render_description_section(&mut section))
            .and_then(|()| sub_man.render_options_section(&mut section))
            .and_then(|()| sub_man.render_subcommands_section(&mut section))
            .expect("rendering into memory does not fail");
        // A command's sections become subsections of its own section.
        let section = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        page.extend_from_slice(section.as_bytes());
    }
    output::write(
        args.output.as_deref(),
        &without_missing_pages(&page, &command),
    )?;
    Ok(())
}

/// clap_mangen lists subcommands as pages of their own (`regsim-list(1)`), which this one
/// page replaces with sections: each reference names its section instead.
fn without_missing_pages(page: &[u8], command: &clap::Command) -> String {
    let mut text = String::from_utf8_lossy(page).into_owned();
    let escape = |name: &str| name.replace('-', "\\-");
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        text = text.replace(
            &format!("regsim\\-{}(1)", escape(name)),
            &format!(
                "regsim {} (section REGSIM {} below)",
                escape(name),
                name.to_uppercase()
            ),
        );
        for nested in sub.get_subcommands() {
            text = text.replace(
                &format!("{}\\-{}(1)", escape(name), escape(nested.get_name())),
                &format!("regsim {} {}", escape(name), escape(nested.get_name())),
            );
        }
    }
    // clap's generated `help` command has no section: it prints help, as `--help` does.
    for parent in std::iter::once("regsim").chain(command.get_subcommands().map(|s| s.get_name())) {
        text = text.replace(
            &format!("{}\\-help(1)", escape(parent)),
            &format!(
                "{} help (prints the help of a command, as \\-\\-help does)",
                escape(parent)
            ),
        );
    }
    text
}
