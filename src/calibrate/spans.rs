//! Spans between sourced dates: what the record gives when the events between two sourced
//! days are placed by assumption.
//!
//! The case gives the events between (their kinds and number) but not their days, so no
//! single wait can be read; the whole span can, as the sum of the waits between them. The
//! fitted profile's mean for the same sequence (the sum of the means of each wait) is set
//! beside it. Nothing is fitted to a span: it tests the profile where the dates alone
//! cannot fit it (Alga Kazakhstan's 16 returns between two sourced filings; Baytaq's and
//! Respublica's congress to registration).

use serde::Serialize;

use crate::sim::profile::Profile;

use super::observe::{SourcedSpan, Wait};

/// A sourced span against the fitted profile's mean for the same sequence of waits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpanCheck {
    /// The span.
    pub span: SourcedSpan,
    /// The profile's mean days for the same waits.
    pub profile_days: f64,
    /// The waits between, counted, with the profile's mean of each:
    /// `16 × notification review (13.7)`.
    pub profile_waits: Vec<String>,
}

/// Sets each span against the profile.
pub fn check(profile: &Profile, spans: &[SourcedSpan]) -> Vec<SpanCheck> {
    spans
        .iter()
        .map(|span| {
            let mut counts: Vec<(Wait, u32)> = Vec::new();
            for wait in &span.waits {
                match counts.iter_mut().find(|(known, _)| known == wait) {
                    Some((_, count)) => *count += 1,
                    None => counts.push((*wait, 1)),
                }
            }
            let mean = |wait: Wait| wait.compiled(profile).mean();
            SpanCheck {
                profile_days: span.waits.iter().map(|wait| mean(*wait)).sum(),
                profile_waits: counts
                    .iter()
                    .map(|(wait, count)| format!("{count} × {} ({:.1})", wait.path(), mean(*wait)))
                    .collect(),
                span: span.clone(),
            }
        })
        .collect()
}
