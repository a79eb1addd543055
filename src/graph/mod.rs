//! The procedure graph: a resolved rule set's stages and transitions as a petgraph graph,
//! and what can be read off it.
//!
//! [`ProcedureGraph`] wraps the graph; on it are the analyses `regsim paths` reports
//! (every simple path from the start to each target stage with its worst-case statutory
//! duration, the loops and whether anything caps them, unreachable stages and dead
//! ends), the exports `regsim graph` writes (Graphviz DOT, Mermaid, JSON), and the
//! comparison of two rule sets `regsim rules diff` reports. See DESIGN.md, "Procedure
//! graph".

pub mod analysis;
pub mod budget;
pub mod caps;
pub mod conditions;
pub mod cycles;
pub mod diff;
pub mod dot;
pub mod duration;
pub mod edge;
pub mod json;
pub mod loops;
pub mod mermaid;
pub mod node;
pub mod paths;
pub mod procedure;
pub mod reachability;
pub mod reading;
pub mod repeats;
pub mod schedule;
pub mod step;
pub mod style;

pub use analysis::{PathsReport, ProcedureWorstCase, Verdict};
pub use caps::{Cap, CapKind};
pub use cycles::{Cycle, CycleStatus};
pub use diff::RuleSetDiff;
pub use duration::{LimitSpec, StepBound, WorstCase};
pub use edge::TransitionEdge;
pub use loops::{Loop, UncappedPart};
pub use node::StageNode;
pub use paths::{PATH_CAP, PathSet, PathStep, ProcedurePath};
pub use procedure::ProcedureGraph;
pub use reachability::Reachability;
pub use reading::WorstCaseReading;
pub use repeats::{Repeat, RepeatedWalk};
pub use schedule::{Schedule, ScheduledStep};

#[cfg(test)]
mod schedule_tests;
#[cfg(test)]
mod tests;
