//! JSON Schemas of the four file kinds (case, rule set, study, behaviour profile),
//! generated from the very serde types the parser reads them with, so a schema cannot
//! drift from what regsim accepts.
//!
//! The schemas are draft-07 (the draft editors support best): every object lists its
//! fields with their documentation, and refuses unknown ones as the parser does. They
//! check the shape of a file; the meaning (a citation's source exists, a stage is
//! reachable) is checked by `regsim validate`. `schemas/` holds the generated files that
//! the bundled files name in their `"$schema"`; a test keeps them equal to this output.

use schemars::generate::SchemaSettings;

use crate::rules::RuleSetFile;
use crate::scenario::Scenario;
use crate::sim::profile::ProfileFile;
use crate::sim::study::StudyFile;

/// The kinds of file regsim reads, each with its schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileSchema {
    /// A case (`scenarios/*.json`).
    Case,
    /// A rule set or reform (`scenarios/rules/*.json`).
    Rules,
    /// A simulation study (`scenarios/studies/*.json`).
    Study,
    /// A behaviour profile (`scenarios/profiles/*.json`).
    Profile,
}

impl FileSchema {
    /// Every kind, in the order the README lists them.
    pub const ALL: [FileSchema; 4] = [
        FileSchema::Case,
        FileSchema::Rules,
        FileSchema::Study,
        FileSchema::Profile,
    ];

    /// The kind's name (`regsim schema NAME`, `schemas/NAME.schema.json`).
    pub const fn name(self) -> &'static str {
        match self {
            FileSchema::Case => "case",
            FileSchema::Rules => "rules",
            FileSchema::Study => "study",
            FileSchema::Profile => "profile",
        }
    }

    /// The file name of the kind's schema in `schemas/`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The schema, pretty-printed with a final newline (deterministic: fields in
    /// declaration order, definitions sorted by name).
    pub fn render(self) -> String {
        let generator = SchemaSettings::draft07().into_generator();
        let (mut schema, title) = match self {
            FileSchema::Case => (generator.into_root_schema_for::<Scenario>(), "regsim case"),
            FileSchema::Rules => (
                generator.into_root_schema_for::<RuleSetFile>(),
                "regsim rule set or reform",
            ),
            FileSchema::Study => (
                generator.into_root_schema_for::<StudyFile>(),
                "regsim simulation study",
            ),
            FileSchema::Profile => (
                generator.into_root_schema_for::<ProfileFile>(),
                "regsim behaviour profile",
            ),
        };
        schema.insert("title".into(), title.into());
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
        text.push('\n');
        text
    }
}
