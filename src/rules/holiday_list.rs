//! Checking a rule set's holiday list before working days are counted over it.
//!
//! Working-day arithmetic ([`crate::date::add_working_days`]) is fast over any list, but a
//! list that takes off most weekdays of a year is not a calendar of public holidays: it
//! is a pasted or generated range of dates, and every working-day limit over it would be
//! meaningless. Such a list is refused at its place in the file that states it.

use std::collections::{BTreeMap, BTreeSet};

use crate::date::{Date, days_in_month};
use crate::diagnostic::Diagnostic;

/// Refuses an absurd holiday list: one that, in some calendar year, takes off more than
/// half of the year's weekdays (no calendar has that many public holidays; such a list is
/// a generated or pasted range of dates, and would make every working-day limit
/// meaningless). The error points at the first holiday of that year in the file.
pub(super) fn check(origin: &str, holidays: &[Date], problems: &mut Vec<Diagnostic>) {
    let mut by_year: BTreeMap<i32, (usize, BTreeSet<Date>)> = BTreeMap::new();
    for (index, day) in holidays.iter().enumerate() {
        let (year, _, _) = day.ymd();
        let (_, days_off) = by_year
            .entry(year)
            .or_insert_with(|| (index, BTreeSet::new()));
        if !day.is_weekend() {
            days_off.insert(*day);
        }
    }
    let weekdays_of = |year: i32| {
        (1..=12)
            .flat_map(|month| {
                (1..=days_in_month(year, month))
                    .filter_map(move |day| Date::from_ymd(year, month, day))
            })
            .filter(|day| !day.is_weekend())
            .count()
    };
    let absurd: Vec<(i32, usize, usize, usize)> = by_year
        .into_iter()
        .map(|(year, (index, days_off))| (year, index, days_off.len(), weekdays_of(year)))
        .filter(|(_, _, days_off, weekdays)| days_off * 2 > *weekdays)
        .collect();
    if let Some(&(year, index, days_off, weekdays)) = absurd.first() {
        let later = match absurd.len() - 1 {
            0 => String::new(),
            1 => " (and so does 1 later year)".to_string(),
            more => format!(" (and so do {more} later years)"),
        };
        problems.push(
            Diagnostic::at_path(
                origin,
                format!("$.holidays[{index}]"),
                format!(
                    "{days_off} holidays fall on weekdays of {year}, more than half of its {weekdays} weekdays{later}: a holiday list names public holidays, not ranges of days"
                ),
            )
            .fix("list only the public holidays and days off of each year; for a period with no working days, use a calendar-day limit"),
        );
    }
}
