//! Kazakhstan's statutory calendar: working-day limits skip public holidays where the
//! calendar covers the year, and say so where it does not.

mod common;

use regsim::date::Date;
use regsim::rules::{Catalog, add_working_days};

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A hypothetical public-association case: filed on `filed`, refused on `refused`.
fn case_file(name: &str, filed: &str, refused: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-calendar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    let text = format!(
        r#"{{
  "id": "{name}",
  "title": "A public association filed on {filed}",
  "kind": "hypothetical",
  "applicant": "Founders of a hypothetical association",
  "entity": "public_association",
  "rules": "kz-pa",
  "events": [
    {{ "date": "{filed}", "event": "application_submitted" }},
    {{ "date": "{refused}", "event": "application_refused",
       "defects": [{{ "code": "charter_wording", "text": "wording" }}] }}
  ]
}}"#
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_kz_pa_limit_across_nauryz_ends_later_than_with_weekends_alone() {
    let rules = Catalog::bundled().resolve("kz-pa").unwrap();
    let limit = &rules.parameters["review_period"];
    assert_eq!(limit.value, 10.0);
    let filed = date("2022-03-17"); // a Thursday; Nauryz is Mon 21 – Wed 23 March 2022
    let weekends_only = add_working_days(filed, 10, &[]);
    let with_calendar = add_working_days(filed, 10, &rules.holidays);
    assert_eq!(weekends_only, date("2022-03-31"));
    assert_eq!(
        with_calendar,
        date("2022-04-05"),
        "three Nauryz days skipped"
    );

    let path = case_file("nauryz", "2022-03-17", "2022-04-04");
    let run = common::regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("review_period [ASSUMED] due 2022-04-05: kept"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("uncertain"), "{}", run.stdout);
}

#[test]
fn a_limit_through_a_year_the_calendar_lacks_has_an_uncertain_due_date() {
    let path = case_file("beyond", "2026-12-28", "2027-01-05");
    let run = common::regsim(&["replay", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("(uncertain): kept"),
        "the step is marked: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "the kz calendar covers 2002–2026, not 2027: only weekends were skipped there"
        ),
        "{}",
        run.stdout
    );
    let json = common::regsim(&["replay", path.to_str().unwrap(), "--format", "json"]);
    assert!(json.stdout.contains("\"due_uncertain\""));
}

#[test]
fn a_limit_in_the_provisional_year_says_so() {
    let path = case_file("provisional", "2026-03-19", "2026-03-30");
    let run = common::regsim(&["replay", path.to_str().unwrap()]);
    assert!(run.stdout.contains("2026 is provisional"), "{}", run.stdout);
}

#[test]
fn every_bundled_kazakh_base_rule_set_counts_by_the_calendar_as_an_assumption() {
    let catalog = Catalog::bundled();
    for id in ["kz-2002", "kz-2009", "kz-2020", "kz-2022", "kz-pa"] {
        let rules = catalog.resolve(id).unwrap();
        let calendar = rules.calendar.as_ref().expect(id);
        assert_eq!(calendar.id, "kz");
        assert_eq!(calendar.status, regsim::source::Status::Assumed, "{id}");
        assert!(
            rules.holidays.binary_search(&date("2022-03-22")).is_ok(),
            "{id}"
        );
        let show = common::regsim(&["rules", "show", id]);
        assert!(
            show.stdout
                .contains("calendar: kz: 2002–2026, 2026 provisional [ASSUMED]"),
            "{id}"
        );
    }
}

#[test]
fn calendar_lists_a_years_days_off_and_refuses_a_year_it_lacks() {
    let settings = common::snapshot_settings();
    let run = common::regsim(&["calendar", "2022"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    settings.bind(|| insta::assert_snapshot!("calendar__kz__2022", run.stdout));
    let all = common::regsim(&["calendar"]);
    assert!(
        all.stdout.contains("  2026  PROVISIONAL  medium"),
        "{}",
        all.stdout
    );
    let missing = common::regsim(&["calendar", "2030"]);
    assert_eq!(missing.code, Some(2));
    assert!(
        missing.stderr.contains("does not cover 2030"),
        "{}",
        missing.stderr
    );
    let unknown = common::regsim(&["calendar", "--id", "xx"]);
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown.stderr.contains("use one of: kz"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn a_worked_saturday_counts_as_a_working_day() {
    let rules = Catalog::bundled().resolve("kz-pa").unwrap();
    assert!(rules.worked_weekend_days.contains(&date("2023-07-01")));
    // ULT YNTYMAǦY's first filing: 10 working days from Wednesday 21 June 2023 skip Kurban
    // Ait (28 June) and count Saturday 1 July, whose day off moved to Friday 7 July.
    let due = regsim::date::add_working_days_counting(
        date("2023-06-21"),
        10,
        &rules.holidays,
        &rules.worked_weekend_days,
    );
    assert_eq!(due, date("2023-07-05"));
    assert_eq!(
        add_working_days(date("2023-06-21"), 10, &rules.holidays),
        date("2023-07-10"),
        "without the worked Saturday the limit would end on Monday 10 July"
    );
    let run = common::regsim(&["replay", "scenarios/ult-yntymagy.json"]);
    assert!(
        run.stdout.contains("due 2023-07-05"),
        "the replay counts it: {}",
        run.stdout
    );
}

#[test]
fn working_days_counting_worked_days_agree_with_a_day_by_day_count() {
    // Every start over two years, amounts up to 30, against a plain walk.
    let rules = Catalog::bundled().resolve("kz-pa").unwrap();
    let (holidays, worked) = (&rules.holidays, &rules.worked_weekend_days);
    let working =
        |day: Date| worked.contains(&day) || (!day.is_weekend() && !holidays.contains(&day));
    let mut start = date("2022-01-01");
    while start < date("2024-01-01") {
        for amount in [1u32, 2, 5, 10, 30] {
            let mut day = start;
            let mut left = amount;
            while left > 0 {
                day = day.add_days(1);
                if working(day) {
                    left -= 1;
                }
            }
            assert_eq!(
                regsim::date::add_working_days_counting(start, amount, holidays, worked),
                day,
                "{amount} working days from {start}"
            );
        }
        start = start.add_days(3);
    }
}
