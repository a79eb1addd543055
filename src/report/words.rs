//! Shared wording of results and counts across reports.

/// Shared wording for a row's result.
pub fn result_word(
    registered: bool,
    registered_on: Option<crate::date::Date>,
    final_stage: &str,
) -> String {
    match (registered, registered_on) {
        (true, Some(date)) => format!("registered {date}"),
        (true, None) => "registered".into(),
        (false, _) => format!("not registered ({final_stage})"),
    }
}

/// A refusal count, marked `≥` when the sources give only a minimum ("several"); a
/// count of none stays `0` (a minimum of none says nothing).
pub fn refusal_count(refusals: u32, at_least: bool) -> String {
    if at_least && refusals > 0 {
        format!("≥{refusals}")
    } else {
        refusals.to_string()
    }
}
