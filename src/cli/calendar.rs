//! `regsim calendar`: the statutory calendar working-day limits count by — every year it
//! covers, or one year's days off and worked weekend days with the reason for each.

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;

use crate::date::{Date, Weekday};
use crate::diagnostic::Diagnostic;
use crate::export::OutputFormat;
use crate::export::json::to_json;
use crate::output;
use crate::report::table::Table;
use crate::rules::calendar::{Calendar, CalendarYear};

use super::{Failure, format};

/// `regsim calendar [YEAR]`
#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// The year to list (e.g. 2022); none lists every year the calendar covers.
    pub year: Option<i32>,
    /// The calendar (a rule set's `calendar.id`).
    #[arg(long, default_value = "kz")]
    pub id: String,
    /// Output format.
    #[arg(long, default_value_t = OutputFormat::Text, value_parser = format::parser(format::TEXT_OR_JSON))]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `regsim calendar`.
pub fn run(args: &CalendarArgs) -> Result<(), Failure> {
    let Some(calendar) = Calendar::bundled(&args.id) else {
        return Err(
            Diagnostic::new("--id", format!("there is no calendar `{}`", args.id))
                .fix(format!(
                    "use one of: {}",
                    Calendar::bundled_ids().join(", ")
                ))
                .into(),
        );
    };
    let text = match args.year {
        None => match args.format {
            OutputFormat::Json => to_json(calendar),
            _ => render_years(calendar),
        },
        Some(year) => {
            let Some(entry) = calendar.years.get(&year) else {
                let span = calendar
                    .span()
                    .map_or(String::from("no years"), |(a, b)| format!("{a}–{b}"));
                return Err(Diagnostic::new(
                    "YEAR",
                    format!("the {} calendar does not cover {year}", calendar.id),
                )
                .fix(format!(
                    "give a year in {span}; working-day limits through {year} skip weekends only and the replay marks their due dates uncertain"
                ))
                .into());
            };
            match args.format {
                OutputFormat::Json => to_json(entry),
                _ => render_year(calendar, year, entry),
            }
        }
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(())
}

fn weekday(day: Date) -> &'static str {
    match day.weekday() {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

fn header(out: &mut String, calendar: &Calendar) {
    let _ = writeln!(out, "{} (calendar {})", calendar.title, calendar.id);
    let _ = writeln!(
        out,
        "Governs the authority's working-day limits: {} — {}",
        calendar.governs.status, calendar.governs.note
    );
}

fn completeness(entry: &CalendarYear) -> &'static str {
    if entry.complete {
        "complete"
    } else {
        "PROVISIONAL"
    }
}

fn render_years(calendar: &Calendar) -> String {
    let mut out = String::new();
    header(&mut out, calendar);
    out.push('\n');
    let mut table = Table::new([
        "year",
        "status",
        "confidence",
        "weekdays off",
        "weekend days worked",
    ]);
    for (year, entry) in &calendar.years {
        table.row([
            year.to_string(),
            completeness(entry).to_string(),
            entry.confidence.clone(),
            entry.days_off.len().to_string(),
            entry.worked_weekend_days.len().to_string(),
        ]);
    }
    out.push_str(&table.render("  "));
    out.push_str("\nSources\n");
    for source in &calendar.sources {
        let _ = write!(out, "  {}: {}", source.id, source.title);
        if let Some(url) = &source.url {
            let _ = write!(out, " <{url}>");
        }
        out.push('\n');
    }
    out
}

fn render_year(calendar: &Calendar, year: i32, entry: &CalendarYear) -> String {
    let mut out = String::new();
    header(&mut out, calendar);
    let source = calendar
        .sources
        .iter()
        .find(|source| source.id == entry.source)
        .map_or(entry.source.as_str(), |source| source.title.as_str());
    let _ = writeln!(
        out,
        "\n{year}: {}, confidence {}",
        completeness(entry),
        entry.confidence
    );
    let _ = writeln!(out, "  source: {source}");
    let _ = writeln!(out, "  corroboration: {}", entry.corroboration);
    if let Some(note) = &entry.note {
        let _ = writeln!(out, "  note: {note}");
    }
    let _ = writeln!(
        out,
        "\nWeekdays off ({}), skipped by working-day limits",
        entry.days_off.len()
    );
    let mut table = Table::new(["date", "day", "why"]);
    for day in &entry.days_off {
        table.row([
            day.to_string(),
            weekday(*day).to_string(),
            entry.reasons.get(day).cloned().unwrap_or_default(),
        ]);
    }
    out.push_str(&table.render("  "));
    let _ = writeln!(
        out,
        "\nWeekend days worked ({}), by Government transfer",
        entry.worked_weekend_days.len()
    );
    for day in &entry.worked_weekend_days {
        let _ = writeln!(out, "  {day} {}", weekday(*day));
    }
    out.push_str("  (working-day limits count them as working days)\n");
    out
}
