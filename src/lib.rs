//! regsim: an event-sourced simulator of legal registration procedures.
//!
//! The first subject is the state registration of political parties and public
//! associations in Kazakhstan. Rule sets are data ([`rules`]); a case is a dated event
//! log ([`scenario`]); the [`machine`] folds events into state and is the one place that
//! decides what the rules allow; [`replay`] turns a fold into a readable trace with
//! findings and an outcome; [`counterfactual`] replays the same facts under another rule
//! set and [`compare`] tabulates many cases under many rule sets; [`graph`] maps every
//! path a rule set allows; [`sim`] simulates many applications on common random numbers.
//! [`cli`] is the command line that `src/main.rs` runs, one file per command, over the
//! loading shared by the commands in [`app`]; nothing below them imports either.
#![forbid(unsafe_code)]

pub mod app;
pub mod calibrate;
pub mod case_check;
pub mod cli;
pub mod compare;
pub mod counterfactual;
pub mod date;
pub mod defect;
pub mod diagnostic;
pub mod event;
pub mod event_date;
pub mod export;
pub mod graph;
pub mod input;
pub mod machine;
pub mod number;
pub mod output;
pub mod replay;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod schema;
pub mod sim;
pub mod source;
