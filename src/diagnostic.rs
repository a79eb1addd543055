//! Located, actionable error messages for bad input.
//!
//! Every problem regsim finds in a file becomes a [`Diagnostic`]: the file, the place in
//! it (line and column for syntax, a JSON path such as `$.events[3].date` for meaning),
//! what is wrong, and how to fix it. Commands collect every diagnostic they can find
//! rather than stopping at the first, and exit with code 2 when input is unusable.

use std::fmt;

use serde::Serialize;

/// The name diagnostics give the command line when a flag or argument is at fault; such a
/// diagnostic has no JSON path.
pub const COMMAND_LINE: &str = "<command line>";

/// Advice for a name that matches none of `known`: the closest known name, if one is
/// close enough to be a slip of the keyboard, then every known name.
pub fn did_you_mean(given: &str, known: &[&str]) -> String {
    let closest = known
        .iter()
        .map(|name| (edit_distance(given, name), *name))
        .min()
        .filter(|(distance, name)| *distance <= (name.chars().count() / 3).max(2));
    match closest {
        Some((_, name)) => format!("did you mean `{name}`? Known: {}", known.join(", ")),
        None => format!("use one of: {}", known.join(", ")),
    }
}

/// A user's text cut to at most 60 characters (with `…`), so a message quoting a
/// pasted or generated value stays readable.
pub fn shorten(text: &str) -> String {
    const MOST: usize = 60;
    if text.chars().count() <= MOST {
        return text.to_string();
    }
    let mut short: String = text.chars().take(MOST).collect();
    short.push('…');
    short
}

/// The Levenshtein distance between two strings (insertions, deletions, substitutions),
/// by the classic two-row dynamic programme.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// A line and column (1-based), for syntax and type errors.
    LineColumn {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A JSON path, for problems of meaning (e.g. `$.events[3].date`).
    Path(String),
    /// Both, when the parser knows both.
    PathAt {
        /// The JSON path.
        path: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Location::Path(path) => f.write_str(path),
            Location::PathAt { path, line, column } => write!(f, "{line}:{column} ({path})"),
        }
    }
}

/// One problem found in an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file (or `<bundled:ID>` for a bundled rule set).
    pub file: String,
    /// Where in it, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Diagnostic {
    /// A problem with no location.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            location: None,
            message: message.into(),
            fix: None,
        }
    }

    /// A problem at a JSON path.
    pub fn at_path(
        file: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(file, message).located(Location::Path(path.into()))
    }

    /// This diagnostic at `location`.
    pub fn located(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// This diagnostic with advice on how to fix it.
    pub fn fix(mut self, fix: impl Into<String>) -> Diagnostic {
        self.fix = Some(fix.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{}:{location}: error: {}", self.file, self.message)?,
            None => write!(f, "{}: error: {}", self.file, self.message)?,
        }
        if let Some(fix) = &self.fix {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}

/// Several diagnostics, printed one after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_of_the_keyboard_gets_the_closest_name() {
        let known = ["kz-2022", "kz-simplified", "kz-pa"];
        assert!(did_you_mean("kz-simplifed", &known).starts_with("did you mean `kz-simplified`?"));
        assert!(did_you_mean("kz-2O22", &known).starts_with("did you mean `kz-2022`?"));
        assert!(did_you_mean("something-else", &known).starts_with("use one of: kz-2022"));
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
