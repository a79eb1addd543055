//! Monte Carlo simulation: many applications under several rule sets, compared on common
//! random numbers.
//!
//! Replay answers "what happened to this case"; simulation answers "what does this regime
//! do to applicants in general". A [`study`] names rule sets, a behaviour [`profile`], a
//! horizon, a run count and a seed. The [`engine`] drives the same state machine as
//! replay ([`crate::machine::apply`]): at each stage the actor whose move it is draws its
//! choice and its time from the profile, among the moves the rules allow, and a clock
//! transition fires when its time limit comes first. The [`runner`] spreads runs over
//! threads in fixed chunks and reduces them in chunk order, so the thread count never
//! changes a byte of output; [`stats`] holds the streaming accumulators and intervals;
//! [`results`] turns the tallies into the estimates and intervals a report shows (the
//! renderings live with the other reports, in `crate::report::simulation`); [`shard`]
//! splits a study into parts whose exact statistics merge into the same report; [`sweep`]
//! runs a study over a range of one number and finds where an outcome crosses a target;
//! [`sensitivity`] moves each profile number alone and ranks them by their effect; [`run`]
//! holds what one run is given and yields.

pub mod engine;
mod plan;
pub mod profile;
pub mod random;
pub mod results;
pub mod run;
pub mod runner;
pub mod sensitivity;
pub mod shard;
pub mod stats;
pub mod study;
pub mod sweep;
