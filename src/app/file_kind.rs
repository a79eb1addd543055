//! What a JSON file holds (a case, a rule set, a behaviour profile or a study), judged
//! by its top-level keys, so a command can say "this is a study file, not a case".

use crate::diagnostic::Diagnostic;
use crate::input;

/// What a JSON file holds, judged by its top-level keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Case,
    RuleSet,
    Profile,
    Study,
}

pub fn file_kind(name: &str, value: &serde_json::Value) -> Result<FileKind, Diagnostic> {
    let Some(object) = value.as_object() else {
        return Err(input::not_an_object(name));
    };
    if object.contains_key("events") {
        Ok(FileKind::Case)
    } else if object.contains_key("procedure")
        || object.contains_key("changes")
        || object.contains_key("extends")
    {
        Ok(FileKind::RuleSet)
    } else if object.contains_key("horizon_days") || object.contains_key("profile") {
        Ok(FileKind::Study)
    } else if object.contains_key("authority")
        || object.contains_key("applicant") && object.contains_key("court")
    {
        Ok(FileKind::Profile)
    } else {
        Err(Diagnostic::new(name, "cannot tell what this file is: it has no `events` (case), `procedure`, `changes` or `extends` (rule set), `authority` (behaviour profile) nor `horizon_days` (study)")
            .fix("see README.md for the file formats"))
    }
}
