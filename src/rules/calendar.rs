//! Statutory calendars: the weekdays a country did not work, year by year, so working-day
//! time limits skip public holidays as well as weekends.
//!
//! A calendar is data (`scenarios/calendars/ID.json`, bundled in the binary): for each year
//! it covers, the non-working weekdays with the reason for each, the weekend days a
//! Government transfer made working days, the year's source and whether the year is
//! complete or provisional. A rule set names its calendar (with a status: that this
//! calendar governs the authority's deadlines is itself an assumption) and resolution adds
//! the calendar's days off to the rule set's holidays. A working-day limit that runs
//! through a year the calendar does not cover, or only provisionally, gets an uncertain
//! due date ([`Calendar::uncertainty`]), which the replay reports; it is never silent.
//!
//! The stepping over working days lives with the time limits
//! ([`crate::date::add_working_days_counting`]); this module supplies the days off and the
//! weekend days made working days by a transfer, which working-day limits count.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::source::Source;

/// File name and text of every bundled calendar.
pub const BUNDLED: &[(&str, &str)] =
    &[("kz.json", include_str!("../../scenarios/calendars/kz.json"))];

/// What stands behind the use of this calendar for an authority's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Governs {
    /// How firmly it is established (for the bundled calendar: `assumed`).
    pub status: crate::source::Status,
    /// Why.
    pub note: String,
}

/// One year of a calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    /// Whether every day off of the year is settled (`false`: provisional).
    pub complete: bool,
    /// How well the year is corroborated (`high`, `medium`, `medium-low`).
    pub confidence: String,
    /// The `id` of the calendar source the year comes from.
    pub source: String,
    /// Which other sources confirm it.
    pub corroboration: String,
    /// Weekdays (Mon–Fri) that were not working days, sorted.
    pub days_off: Vec<Date>,
    /// Weekend days a transfer made working days, sorted.
    #[serde(default)]
    pub worked_weekend_days: Vec<Date>,
    /// Why each day off is one (holiday, weekend move, religious day off, transfer).
    pub reasons: BTreeMap<Date, String>,
    /// Caveats on the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A country's statutory calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Identifier (`kz`), named by rule sets.
    pub id: String,
    /// Title.
    pub title: String,
    /// What it contains and where it comes from.
    pub description: String,
    /// Whether it governs the authority's deadlines, and why.
    pub governs: Governs,
    /// Documents the years cite.
    pub sources: Vec<Source>,
    /// The years covered, by year.
    pub years: BTreeMap<i32, CalendarYear>,
}

impl Calendar {
    /// A bundled calendar by id.
    pub fn bundled(id: &str) -> Option<&'static Calendar> {
        static CALENDARS: OnceLock<Vec<Calendar>> = OnceLock::new();
        CALENDARS
            .get_or_init(|| {
                BUNDLED
                    .iter()
                    .map(|(name, text)| {
                        serde_json::from_str(text)
                            .unwrap_or_else(|e| panic!("bundled calendar {name}: {e}"))
                    })
                    .collect()
            })
            .iter()
            .find(|calendar| calendar.id == id)
    }

    /// The ids of the bundled calendars.
    pub fn bundled_ids() -> Vec<&'static str> {
        BUNDLED
            .iter()
            .filter_map(|(name, _)| name.strip_suffix(".json"))
            .collect()
    }

    /// The first and last year covered.
    pub fn span(&self) -> Option<(i32, i32)> {
        Some((*self.years.keys().next()?, *self.years.keys().next_back()?))
    }

    /// Every day off of every year covered, sorted.
    pub fn days_off(&self) -> Vec<Date> {
        self.years
            .values()
            .flat_map(|year| year.days_off.iter().copied())
            .collect()
    }

    /// Every weekend day made a working day by a Government transfer, of every year
    /// covered, sorted.
    pub fn worked_weekend_days(&self) -> Vec<Date> {
        let mut days: Vec<Date> = self
            .years
            .values()
            .flat_map(|year| year.worked_weekend_days.iter().copied())
            .collect();
        days.sort();
        days.dedup();
        days
    }

    /// Why a working-day limit from `start` to `due` has an uncertain due date, if it has
    /// one: it runs through a year the calendar does not cover (only weekends are skipped
    /// there), or through a provisional year.
    pub fn uncertainty(&self, start: Date, due: Date) -> Option<String> {
        let (first, last) = (start.ymd().0, due.ymd().0);
        let missing: Vec<String> = (first..=last)
            .filter(|year| !self.years.contains_key(year))
            .map(|year| year.to_string())
            .collect();
        let provisional: Vec<String> = (first..=last)
            .filter(|year| self.years.get(year).is_some_and(|y| !y.complete))
            .map(|year| year.to_string())
            .collect();
        let span = self
            .span()
            .map_or(String::from("no years"), |(a, b)| format!("{a}–{b}"));
        match (missing.is_empty(), provisional.is_empty()) {
            (true, true) => None,
            (false, _) => Some(format!(
                "the {} calendar covers {span}, not {}: only weekends were skipped there, so the due date may be early",
                self.id,
                missing.join(", ")
            )),
            (true, false) => Some(format!(
                "the {} calendar for {} is provisional: a late transfer or a moved religious day off could shift the due date",
                self.id,
                provisional.join(", ")
            )),
        }
    }

    /// Problems with the calendar's data, as sentences (empty when it is sound): days off
    /// that fall on a weekend or outside their year, unsorted or repeated days, days off
    /// with no reason, worked days that are not weekend days, unknown sources.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (year, entry) in &self.years {
            let in_year = |day: &Date| day.ymd().0 == *year;
            if !entry.days_off.windows(2).all(|pair| pair[0] < pair[1]) {
                problems.push(format!("{year}: days_off are not sorted and distinct"));
            }
            for day in &entry.days_off {
                if day.is_weekend() || !in_year(day) {
                    problems.push(format!(
                        "{year}: day off {day} is a weekend day or in another year"
                    ));
                }
                if !entry.reasons.contains_key(day) {
                    problems.push(format!("{year}: day off {day} has no reason"));
                }
            }
            for day in &entry.worked_weekend_days {
                if !day.is_weekend() || !in_year(day) {
                    problems.push(format!(
                        "{year}: worked day {day} is not a weekend day of the year"
                    ));
                }
            }
            if !self.sources.iter().any(|source| source.id == entry.source) {
                problems.push(format!("{year}: source `{}` is not listed", entry.source));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kz() -> &'static Calendar {
        Calendar::bundled("kz").expect("the kz calendar is bundled")
    }

    #[test]
    fn the_bundled_calendar_is_sound_and_covers_2002_to_2026() {
        assert_eq!(kz().problems(), Vec::<String>::new());
        assert_eq!(kz().span(), Some((2002, 2026)));
        assert!(!kz().years[&2026].complete, "2026 is provisional");
        assert!(kz().years.values().filter(|y| !y.complete).count() == 1);
        assert_eq!(kz().governs.status, crate::source::Status::Assumed);
    }

    #[test]
    fn nauryz_is_three_days_from_2010_and_one_before() {
        let day = |text: &str| Date::parse(text).unwrap();
        let days_off = kz().days_off();
        for nauryz in ["2022-03-21", "2022-03-22", "2022-03-23"] {
            assert!(days_off.binary_search(&day(nauryz)).is_ok(), "{nauryz}");
        }
        assert!(days_off.binary_search(&day("2005-03-22")).is_ok());
        assert!(days_off.binary_search(&day("2005-03-23")).is_err());
    }

    #[test]
    fn uncertain_outside_the_covered_years_and_in_a_provisional_one() {
        let day = |text: &str| Date::parse(text).unwrap();
        assert_eq!(kz().uncertainty(day("2022-03-18"), day("2022-04-04")), None);
        let beyond = kz()
            .uncertainty(day("2026-12-24"), day("2027-01-12"))
            .unwrap();
        assert!(beyond.contains("covers 2002–2026, not 2027"), "{beyond}");
        let provisional = kz()
            .uncertainty(day("2026-03-18"), day("2026-04-03"))
            .unwrap();
        assert!(provisional.contains("2026 is provisional"), "{provisional}");
    }
}
