//! Civil dates without time zones, stored as a day number so that the simulator can
//! add and compare them in a single instruction.
//!
//! Every date in regsim is a day in the proleptic Gregorian calendar. The conversion
//! between day numbers and year/month/day follows Howard Hinnant's `days_from_civil`
//! and `civil_from_days` algorithms (<https://howardhinnant.github.io/date_algorithms.html>).
//! Calendar-month arithmetic clamps to the last day of a shorter month (31 January plus
//! one month is 28 or 29 February), the rule most statutes and courts apply.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A civil date: days since 1970-01-01 (negative before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Date {
    /// The earliest year regsim accepts; older dates are almost surely typing errors.
    pub const MIN_YEAR: i32 = 1900;
    /// The latest year regsim accepts.
    pub const MAX_YEAR: i32 = 2200;

    /// The date with this year, month (1–12) and day (1–31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The date `days` days after 1970-01-01.
    pub const fn from_day_number(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub const fn day_number(self) -> i32 {
        self.0
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(DateError(format!(
                "`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2022-05-04"
            )));
        }
        let number = |range: std::ops::Range<usize>| -> u32 {
            text[range].parse().expect("digits checked above")
        };
        let (year, month, day) = (number(0..4) as i32, number(5..7), number(8..10));
        Date::from_ymd(year, month, day).ok_or_else(|| {
            if (Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
                DateError(format!("`{text}` is not a day of the calendar"))
            } else {
                DateError(format!(
                    "`{text}` is outside the years {}–{} that regsim accepts",
                    Self::MIN_YEAR,
                    Self::MAX_YEAR
                ))
            }
        })
    }

    /// The day `days` later (earlier if negative).
    pub const fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub const fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// The same day `months` calendar months later, clamped to the end of a shorter month.
    pub fn add_months(self, months: u32) -> Date {
        // The hot path of time limits (the simulator computes millions): two lookups in a
        // table of the first day of every month, no conversion to year/month/day.
        if let Some(date) = month_table::add_months(self.0, months) {
            return Date(date);
        }
        let (year, month, day) = self.ymd();
        let zero_based = month as i64 - 1 + months as i64;
        let year = year as i64 + zero_based.div_euclid(12);
        let month = zero_based.rem_euclid(12) as u32 + 1;
        let year = year.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
        let day = day.min(days_in_month(year, month));
        Date(days_from_civil(year, month, day))
    }

    /// The day of the week.
    pub const fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.0 as i64 + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// Whether the day is a Saturday or a Sunday.
    pub const fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Saturday | Weekday::Sunday)
    }
}

/// A Monday (1970-01-05), from which weekdays are counted in closed form.
const MONDAY: i64 = 4;

/// Weekdays from [`MONDAY`] up to and including day number `day`, plus a constant: the
/// difference of two values is the number of weekdays between them.
fn weekday_count(day: i64) -> i64 {
    let offset = day - MONDAY;
    5 * offset.div_euclid(7) + (offset.rem_euclid(7) + 1).min(5)
}

/// The weekday whose [`weekday_count`] is `count`.
fn weekday_numbered(count: i64) -> i64 {
    MONDAY + 7 * (count - 1).div_euclid(5) + (count - 1).rem_euclid(5)
}

/// The `amount`-th weekday (Monday to Friday) after `start`, in constant time.
fn add_weekdays(start: Date, amount: i64) -> Date {
    Date(weekday_numbered(weekday_count(start.0 as i64) + amount) as i32)
}

/// The working day `amount` working days after `start`: weekends and `holidays` (sorted,
/// without duplicates) are skipped; `start` itself never counts.
///
/// Between two holidays the working days are the weekdays, counted in closed form, so the
/// walk jumps from holiday to holiday: its time grows with the holidays it passes (and a
/// binary search for the first), never with the days, and with no holiday it is constant.
pub fn add_working_days(start: Date, amount: u32, holidays: &[Date]) -> Date {
    let mut after = start;
    let mut left = amount as i64;
    let mut next = holidays.partition_point(|holiday| *holiday <= start);
    if left == 0 {
        return start;
    }
    loop {
        let candidate = add_weekdays(after, left);
        match holidays.get(next) {
            Some(&holiday) if holiday <= candidate => {
                // The weekdays before the holiday are worked; the holiday is not. Fewer than
                // `left` lie before it, since `candidate` is at or after it.
                left -= weekday_count(holiday.0 as i64 - 1) - weekday_count(after.0 as i64);
                // A run of consecutive holidays is passed in one binary search: within it,
                // a holiday's day number less its index is the same.
                let rest = &holidays[next..];
                let run_length = rest.partition_point(|day| {
                    let offset = (day.0 - holiday.0) as usize;
                    rest.get(offset) == Some(day)
                });
                after = holidays[next + run_length - 1];
                next += run_length;
            }
            _ => return candidate,
        }
    }
}

/// The working day `amount` working days after `start` when, besides `holidays` (days
/// off, sorted, without duplicates), the weekend days `worked` (sorted, without
/// duplicates: Saturdays made working days by a transfer of days off) are working days.
///
/// The day found without the worked days is an upper bound (worked days only add working
/// days); the due day is the first day up to it by which `amount` working days have
/// passed, found by a binary search over the days between, counting weekdays in closed
/// form and holidays and worked days by binary search: logarithmic in the span and the
/// lists.
pub fn add_working_days_counting(
    start: Date,
    amount: u32,
    holidays: &[Date],
    worked: &[Date],
) -> Date {
    let upper = add_working_days(start, amount, holidays);
    let after_start = |list: &[Date], day: Date| {
        list.partition_point(|d| *d <= day) - list.partition_point(|d| *d <= start)
    };
    if amount == 0 || after_start(worked, upper) == 0 {
        return upper;
    }
    let weekday_holidays = |day: Date| {
        holidays[holidays.partition_point(|d| *d <= start)..holidays.partition_point(|d| *d <= day)]
            .iter()
            .filter(|d| !d.is_weekend())
            .count() as i64
    };
    let working_days = |day: Date| {
        weekday_count(day.0 as i64) - weekday_count(start.0 as i64) - weekday_holidays(day)
            + after_start(worked, day) as i64
    };
    let (mut low, mut high) = (start.0, upper.0);
    // Invariant: fewer than `amount` working days by `low`, at least `amount` by `high`.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if working_days(Date(middle)) >= amount as i64 {
            high = middle;
        } else {
            low = middle;
        }
    }
    Date(high)
}

/// The longest calendar span, in days, of `amount` working days over every start day:
/// weekends and `holidays` (sorted, without duplicates) skipped.
///
/// A span is longest when it starts on a working day (a later start reaches the same due
/// day), so it is the widest gap between a working day and the working day `amount` after
/// it; one pass over the working days near the holidays finds it, in time linear in the
/// days the holidays cover. Far from holidays a span is that of plain weekdays.
pub fn longest_working_days_span(amount: u32, holidays: &[Date]) -> u32 {
    if amount == 0 {
        return 0;
    }
    let monday = Date(MONDAY as i32);
    let mut longest = (0..7)
        .map(|offset| monday.add_days(offset))
        .map(|start| add_weekdays(start, amount as i64).days_since(start))
        .max()
        .unwrap_or(0);
    let (Some(&first), Some(&last)) = (holidays.first(), holidays.last()) else {
        return longest.max(0) as u32;
    };
    // A start further back than this ends before the first holiday.
    let reach = 7 * (amount as i64 / 5 + 2);
    let mut working: Vec<i64> = Vec::new();
    let mut holiday = holidays.iter().peekable();
    let mut day = first.0 as i64 - reach;
    let mut after_last = 0;
    while after_last <= amount {
        while holiday.next_if(|h| (h.0 as i64) < day).is_some() {}
        let is_holiday = holiday.peek().is_some_and(|h| h.0 as i64 == day);
        if !is_holiday && !Date(day as i32).is_weekend() {
            working.push(day);
            if day > last.0 as i64 {
                after_last += 1;
            }
        }
        day += 1;
    }
    let amount = amount as usize;
    for (index, &start) in working.iter().enumerate() {
        if let Some(&due) = working.get(index + amount) {
            longest = longest.max((due - start) as i32);
        }
    }
    longest.max(0) as u32
}

/// The first day of every month from January 1900 to December 2210, computed at compile
/// time, so adding months to a date in the years regsim accepts is two table lookups.
mod month_table {
    use super::days_in_month;

    const FIRST_YEAR: i32 = 1900;
    const MONTHS: usize = (2211 - FIRST_YEAR as usize) * 12 + 1;
    /// Day number of 1900-01-01.
    const BASE: i32 = -25_567;

    /// `STARTS[i]`: the day number of the first day of month `i` counted from January
    /// 1900; the last entry is the day after the table's last month.
    static STARTS: [i32; MONTHS] = {
        let mut starts = [0; MONTHS];
        let mut index = 0;
        let mut day = BASE;
        while index < MONTHS {
            starts[index] = day;
            let year = FIRST_YEAR + (index / 12) as i32;
            let month = (index % 12) as u32 + 1;
            day += days_in_month(year, month) as i32;
            index += 1;
        }
        starts
    };

    /// `day + months` (clamped to the end of a shorter month), if both lie in the table.
    #[inline]
    pub(super) fn add_months(day: i32, months: u32) -> Option<i32> {
        let offset = day.checked_sub(BASE)?;
        if offset < 0 {
            return None;
        }
        // A month averages 30.436875 days: the estimate is the month or the one before.
        let mut index = (offset as i64 * 1_000_000 / 30_436_875) as usize;
        if index + 1 >= MONTHS {
            return None;
        }
        if STARTS[index + 1] <= day {
            index += 1;
        } else if STARTS[index] > day {
            index -= 1;
        }
        let target = index.checked_add(months as usize)?;
        if target + 1 >= MONTHS {
            return None;
        }
        let day_of_month = day - STARTS[index];
        let length = STARTS[target + 1] - STARTS[target];
        Some(STARTS[target] + day_of_month.min(length - 1))
    }
}

/// Days in a month of a year.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year } as i64;
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era - 719_468) as i32
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    // Neri & Schneider's algorithm ("Euclidean affine functions and their application to
    // calendar algorithms", Software: Practice and Experience 53(4), 2023) in 32-bit
    // arithmetic, about twice as fast as the general formula below; the simulator
    // converts millions of dates. It is exact for day numbers from -12,699,422 to
    // 1,060,000,000 (years −32,800 to about 2,900,000); outside, the general formula.
    const SHIFT_ERAS: u32 = 82;
    const OFFSET: i64 = 719_468 + 146_097 * SHIFT_ERAS as i64;
    let shifted = days as i64 + OFFSET;
    if (0..1_060_000_000).contains(&shifted) {
        let n = shifted as u32;
        let n1 = 4 * n + 3;
        let century = n1 / 146_097;
        let day_of_century = n1 % 146_097 / 4;
        let n2 = 4 * day_of_century + 3;
        let p2 = 2_939_745u64 * n2 as u64;
        let year_of_century = (p2 >> 32) as u32;
        let day_of_year = (p2 as u32) / 2_939_745 / 4;
        let n3 = 2_141 * day_of_year + 197_913;
        let march_based_month = n3 >> 16;
        let day = (n3 & 0xFFFF) / 2_141 + 1;
        let january_or_february = day_of_year >= 306;
        let year = (100 * century + year_of_century) as i64 - 400 * SHIFT_ERAS as i64
            + i64::from(january_or_february);
        let month = if january_or_february {
            march_based_month - 12
        } else {
            march_based_month
        };
        return (year as i32, month, day);
    }
    civil_from_days_general(days)
}

fn civil_from_days_general(days: i32) -> (i32, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// In a JSON Schema a date is a `YYYY-MM-DD` string (the parser also checks that the day
/// exists and the year is in range).
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A day, written YYYY-MM-DD (e.g. 2022-11-05), with a year from 1900 to 2200.",
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn round_trips_every_day_of_several_centuries() {
        let start = date("1900-01-01").day_number();
        let end = date("2200-12-31").day_number();
        for day in start..=end {
            let (y, m, d) = Date(day).ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(Date(day)));
        }
    }

    #[test]
    fn epoch_and_known_weekdays() {
        assert_eq!(date("1970-01-01").day_number(), 0);
        assert_eq!(date("2022-05-04").weekday(), Weekday::Wednesday);
        assert_eq!(date("2024-04-13").weekday(), Weekday::Saturday);
    }

    #[test]
    fn the_fast_conversion_agrees_with_the_general_formula() {
        for day in (-1_000_000..=1_000_000).chain([
            i32::MIN,
            i32::MIN + 1,
            -12_699_423,
            -12_699_422,
            -12_699_421,
            1_047_300_577,
            1_047_300_578,
            i32::MAX,
        ]) {
            assert_eq!(civil_from_days(day), civil_from_days_general(day), "{day}");
        }
    }

    #[test]
    fn the_month_table_agrees_with_the_civil_formula() {
        let start = date("1900-01-01").day_number();
        let end = date("2200-12-31").day_number();
        for day in (start - 40..=end).step_by(3) {
            let (year, month, d) = Date(day).ymd();
            for months in (0..=24u32).chain([100, 1000, 3600]) {
                let zero_based = month as i64 - 1 + months as i64;
                let y = (year as i64 + zero_based.div_euclid(12)) as i32;
                let m = zero_based.rem_euclid(12) as u32 + 1;
                let expected = Date(days_from_civil(y, m, d.min(days_in_month(y, m))));
                assert_eq!(Date(day).add_months(months), expected, "{day} + {months}");
            }
        }
    }

    /// The day-by-day definition the fast working-day arithmetic must agree with.
    fn add_working_days_stepwise(start: Date, amount: u32, holidays: &[Date]) -> Date {
        let mut day = start;
        let mut left = amount;
        while left > 0 {
            day = day.add_days(1);
            if !day.is_weekend() && holidays.binary_search(&day).is_err() {
                left -= 1;
            }
        }
        day
    }

    fn longest_span_stepwise(amount: u32, holidays: &[Date]) -> u32 {
        let first = holidays.first().map_or(0, |d| d.0) - 3 * amount as i32 - 30;
        let last = holidays.last().map_or(0, |d| d.0) + 30;
        (first..=last)
            .map(|start| {
                add_working_days_stepwise(Date(start), amount, holidays).days_since(Date(start))
                    as u32
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn working_days_agree_with_the_day_by_day_count() {
        let holiday_sets: Vec<Vec<Date>> = vec![
            vec![],
            vec![date("2024-01-01"), date("2024-01-02"), date("2024-03-08")],
            // A weekend holiday, a long run of holidays and isolated ones.
            vec![date("2024-01-06")]
                .into_iter()
                .chain((0..40).map(|i| date("2024-02-01").add_days(i)))
                .chain([date("2024-05-01"), date("2024-05-09")])
                .collect(),
        ];
        for holidays in &holiday_sets {
            for start in (date("2023-12-20").0..date("2024-06-01").0).step_by(1) {
                for amount in [0, 1, 2, 4, 5, 6, 9, 10, 11, 23, 60] {
                    assert_eq!(
                        add_working_days(Date(start), amount, holidays),
                        add_working_days_stepwise(Date(start), amount, holidays),
                        "{} + {amount} working days",
                        Date(start)
                    );
                }
            }
            for amount in [1, 2, 5, 7, 10, 30] {
                assert_eq!(
                    longest_working_days_span(amount, holidays),
                    longest_span_stepwise(amount, holidays),
                    "{amount} working days"
                );
            }
        }
    }

    #[test]
    fn working_days_over_a_long_run_of_holidays_take_no_time_per_day() {
        // 73,000 consecutive holidays once took more than 20 s in `paths`; a linear walk
        // takes milliseconds.
        let holidays: Vec<Date> = (0..73_000)
            .map(|i| date("1950-01-01").add_days(i))
            .collect();
        let started = std::time::Instant::now();
        let span = longest_working_days_span(10, &holidays);
        assert!((73_000..73_000 + 20).contains(&span), "{span}");
        for start in (0..73_000).step_by(97) {
            let due = add_working_days(holidays[start], 10, &holidays);
            assert!(due > *holidays.last().unwrap());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn month_arithmetic_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(date("2023-01-31").add_months(1), date("2023-02-28"));
        assert_eq!(date("2024-01-31").add_months(1), date("2024-02-29"));
        assert_eq!(date("2022-09-24").add_months(4), date("2023-01-24"));
        assert_eq!(date("2022-11-30").add_months(3), date("2023-02-28"));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "23-01-01",
            "2023/01/01",
            "",
            "１２３４-01-01",
            "0000-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }
}
