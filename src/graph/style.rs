//! How diagrams tell actors and stages apart, shared by the DOT and Mermaid exports.
//!
//! Each actor has a line style and a colour (applicant solid blue, authority bold red,
//! court dashed purple, clock dotted grey), each stage a fill by whose move it is, and
//! final stages a double border: one table here so both exports and their legends agree.

use crate::event::Actor;
use crate::rules::StageOutcome;

use super::node::StageNode;

/// The colour of an actor's arrows and labels.
pub fn actor_colour(actor: Actor) -> &'static str {
    match actor {
        Actor::Applicant => "#1f5fa8",
        Actor::Authority => "#b2182b",
        Actor::Court => "#6a3d9a",
        Actor::Clock => "#555555",
    }
}

/// The Graphviz line style of an actor's arrows.
pub fn actor_dot_style(actor: Actor) -> &'static str {
    match actor {
        Actor::Applicant => "solid",
        Actor::Authority => "bold",
        Actor::Court => "dashed",
        Actor::Clock => "dotted",
    }
}

/// The line style in words, for legends.
pub fn actor_line_words(actor: Actor) -> &'static str {
    match actor {
        Actor::Applicant => "solid blue",
        Actor::Authority => "bold red",
        Actor::Court => "dashed purple",
        Actor::Clock => "dotted grey",
    }
}

/// Every actor, in legend order.
pub const ACTORS: [Actor; 4] = [
    Actor::Applicant,
    Actor::Authority,
    Actor::Court,
    Actor::Clock,
];

/// The fill of a stage: by outcome for final stages, else by whose move it is.
pub fn stage_fill(stage: &StageNode) -> &'static str {
    match (stage.outcome, stage.waiting_on) {
        (StageOutcome::Registered, _) => "#d9f0d3",
        (StageOutcome::Ended, _) => "#e0e0e0",
        (StageOutcome::Pending, Some(Actor::Authority)) => "#fbe3e0",
        (StageOutcome::Pending, Some(Actor::Court)) => "#ece2f4",
        (StageOutcome::Pending, _) => "#ffffff",
    }
}

/// Words wrapped into lines of at most `width` characters (a longer word stands alone).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_on_words() {
        assert_eq!(
            wrap("Registration documents under the Ministry's review", 20),
            ["Registration", "documents under the", "Ministry's review"]
        );
        assert!(wrap("", 10).is_empty());
    }
}
