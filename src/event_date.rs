//! The date of a recorded event, known to the day, the month, the year, or a period.
//!
//! Real records often give only "in December 2009", "in 2009" or "some day before the
//! Minister spoke on 18 April". An [`EventDate`] keeps what the record says (the first and
//! last days of its period and its precision, written back as `2009-12`, `2009` or, for a
//! period between two days, `2022-03-01/2022-04-18` in ISO 8601 interval notation) and the
//! day the replay uses for it: the first day of the period,
//! moved later where an earlier event of the record falls inside the same period, so the
//! events stay in the order the file gives. Every output shows the precision, and the
//! sensitivity check moves an imprecise event across its whole period to see which
//! findings hold for every possible day.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::{Date, DateError};

/// How precisely a recorded date is known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// The day is known (`2009-12-04`).
    #[default]
    Day,
    /// Only the month is known (`2009-12`).
    Month,
    /// Only the year is known (`2009`).
    Year,
    /// Some day from one day to another (`2022-03-01/2022-04-18`).
    Period,
}

/// A recorded event's date: what the record says and the day the replay uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventDate {
    /// The day the replay uses (within the period; see the module documentation).
    pub day: Date,
    /// The first day the record allows.
    pub earliest: Date,
    /// The last day the record allows.
    last: Date,
    /// How precisely the record gives the date.
    pub precision: Precision,
}

impl EventDate {
    /// A date known to the day.
    pub const fn day(day: Date) -> EventDate {
        EventDate {
            day,
            earliest: day,
            last: day,
            precision: Precision::Day,
        }
    }

    /// The last day the record allows.
    pub fn latest(&self) -> Date {
        self.last
    }

    /// Whether the record gives the day itself.
    pub fn is_exact(&self) -> bool {
        self.precision == Precision::Day
    }

    /// The same record, replayed on `day` (which must lie in its period).
    pub fn on(self, day: Date) -> EventDate {
        EventDate { day, ..self }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY-MM-DD/YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<EventDate, DateError> {
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if let Some((from, to)) = text.split_once('/') {
            return EventDate::period(from, to);
        }
        match text.len() {
            4 if digits(text) => Date::parse(&format!("{text}-01-01"))
                .map(|earliest| EventDate {
                    day: earliest,
                    earliest,
                    last: earliest.add_months(12).add_days(-1),
                    precision: Precision::Year,
                })
                .map_err(|_| {
                    DateError(format!(
                        "`{text}` is outside the years {}–{} that regsim accepts",
                        Date::MIN_YEAR,
                        Date::MAX_YEAR
                    ))
                }),
            7 if digits(&text[..4]) && &text[4..5] == "-" && digits(&text[5..]) => {
                Date::parse(&format!("{text}-01"))
                    .map(|earliest| EventDate {
                        day: earliest,
                        earliest,
                        last: earliest.add_months(1).add_days(-1),
                        precision: Precision::Month,
                    })
                    .map_err(|_| DateError(format!("`{text}` is not a month of the calendar")))
            }
            _ => Date::parse(text).map(EventDate::day).map_err(|error| {
                DateError(format!(
                    "{error}; a date known only to the month or the year is written YYYY-MM or YYYY, and some day in a period FIRST/LAST (YYYY-MM-DD/YYYY-MM-DD)"
                ))
            }),
        }
    }

    /// Some day from `from` to `to`, both days.
    fn period(from: &str, to: &str) -> Result<EventDate, DateError> {
        let day = |text: &str, which: &str| {
            Date::parse(text).map_err(|error| {
                DateError(format!(
                    "the {which} day of the period `{from}/{to}` is not a date ({error}); write a period as FIRST/LAST, two days YYYY-MM-DD"
                ))
            })
        };
        let (earliest, last) = (day(from, "first")?, day(to, "last")?);
        if last <= earliest {
            return Err(DateError(format!(
                "the period `{from}/{to}` ends on or before it begins; write the earliest day the sources allow first, the latest second (a single day is written alone)"
            )));
        }
        Ok(EventDate {
            day: earliest,
            earliest,
            last,
            precision: Precision::Period,
        })
    }
}

impl Deref for EventDate {
    type Target = Date;
    fn deref(&self) -> &Date {
        &self.day
    }
}

/// An event date compares with a day by the day the replay uses.
impl PartialEq<Date> for EventDate {
    fn eq(&self, other: &Date) -> bool {
        self.day == *other
    }
}

impl PartialOrd<Date> for EventDate {
    fn partial_cmp(&self, other: &Date) -> Option<std::cmp::Ordering> {
        self.day.partial_cmp(other)
    }
}

impl PartialEq<EventDate> for Date {
    fn eq(&self, other: &EventDate) -> bool {
        *self == other.day
    }
}

impl PartialOrd<EventDate> for Date {
    fn partial_cmp(&self, other: &EventDate) -> Option<std::cmp::Ordering> {
        self.partial_cmp(&other.day)
    }
}

impl From<EventDate> for Date {
    fn from(date: EventDate) -> Date {
        date.day
    }
}

/// The date as the record gives it: `2009-12-04`, `2009-12`, `2009` or
/// `2022-03-01/2022-04-18`.
impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, _) = self.earliest.ymd();
        match self.precision {
            Precision::Day => write!(f, "{}", self.earliest),
            Precision::Month => write!(f, "{year:04}-{month:02}"),
            Precision::Year => write!(f, "{year:04}"),
            Precision::Period => write!(f, "{}/{}", self.earliest, self.last),
        }
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EventDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        EventDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// In a JSON Schema an event date is `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or a period.
impl schemars::JsonSchema for EventDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2})$",
            "description": "The day of the event, YYYY-MM-DD (e.g. 2022-11-05); where the sources give only the month or the year, YYYY-MM or YYYY; where they bound it between two days (\"some day before 18 April 2022\"), the period FIRST/LAST (2022-03-01/2022-04-18, ISO 8601). Years 1900 to 2200.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_or_a_year_reads_as_its_whole_period() {
        let month = EventDate::parse("2024-02").unwrap();
        assert_eq!(month.precision, Precision::Month);
        assert_eq!(month.earliest.to_string(), "2024-02-01");
        assert_eq!(month.latest().to_string(), "2024-02-29");
        assert_eq!(month.to_string(), "2024-02");
        let year = EventDate::parse("2009").unwrap();
        assert_eq!(year.latest().to_string(), "2009-12-31");
        assert_eq!(year.to_string(), "2009");
        let day = EventDate::parse("2022-05-04").unwrap();
        assert!(day.is_exact());
        assert_eq!(day.latest(), day.earliest);
        assert!(EventDate::parse("2022-13").is_err());
        assert!(EventDate::parse("1800").is_err());
        assert!(EventDate::parse("22-05").is_err());
    }

    #[test]
    fn a_period_reads_as_its_two_days_and_is_written_back_as_given() {
        let period = EventDate::parse("2022-03-01/2022-04-18").unwrap();
        assert_eq!(period.precision, Precision::Period);
        assert_eq!(period.earliest.to_string(), "2022-03-01");
        assert_eq!(period.latest().to_string(), "2022-04-18");
        assert_eq!(period.day, period.earliest);
        assert!(!period.is_exact());
        assert_eq!(period.to_string(), "2022-03-01/2022-04-18");
        assert_eq!(
            period.on(period.latest()).to_string(),
            "2022-03-01/2022-04-18"
        );
        let backwards = EventDate::parse("2022-04-18/2022-03-01").unwrap_err();
        assert!(
            backwards.0.contains("ends on or before it begins"),
            "{}",
            backwards.0
        );
        assert!(EventDate::parse("2022-04-18/2022-04-18").is_err());
        let bad = EventDate::parse("2022-03/2022-04-18").unwrap_err();
        assert!(bad.0.contains("first day of the period"), "{}", bad.0);
    }
}
