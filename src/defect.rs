//! The shared taxonomy of defects an authority cites, and compact sets of them.
//!
//! Refusals in Kazakhstan cite a small number of recurring grounds (member-list
//! non-conformity, deceased members, ID mismatches, charter wording). Giving each a code
//! lets a rule set say which codes are listed refusal grounds, lets the state machine
//! ask "were all the defects rectifiable?", and lets the simulator draw defects as bits.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! defect_codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $rectifiable:literal; )*) => {
        /// A kind of defect an authority may cite.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum DefectCode {
            $( $(#[$doc])* $variant, )*
        }

        impl DefectCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [DefectCode] = &[$(DefectCode::$variant),*];

            /// The name used in files and reports.
            pub const fn name(self) -> &'static str {
                match self { $(DefectCode::$variant => $name,)* }
            }

            /// Whether a defect of this kind can, by its nature, be corrected in the same
            /// application. A scenario may override it for one defect.
            pub const fn rectifiable_by_default(self) -> bool {
                match self { $(DefectCode::$variant => $rectifiable,)* }
            }
        }
    };
}

defect_codes! {
    /// The member or initiative-group list does not conform (the ground cited against Alga Kazakhstan).
    MemberListNonconformity = "member_list_nonconformity", true;
    /// The list includes deceased persons.
    DeceasedMembers = "deceased_members", true;
    /// The list includes foreign citizens.
    ForeignMembers = "foreign_members", true;
    /// Identity numbers (IIN) do not match the persons listed.
    IdMismatch = "id_mismatch", true;
    /// Listed persons are members of another party.
    MembersOfAnotherParty = "members_of_another_party", true;
    /// Listed persons belong to categories barred from party membership (military, police, judges).
    BarredCategoryMembers = "barred_category_members", true;
    /// Fewer founders than the initiative-group minimum.
    TooFewFounders = "too_few_founders", false;
    /// Fewer members than the registration threshold.
    TooFewMembers = "too_few_members", false;
    /// Too few regions represented, or too few members in some region.
    TooFewRegions = "too_few_regions", false;
    /// The charter lacks the organizational structure the law requires.
    CharterMissingStructure = "charter_missing_structure", true;
    /// The charter lacks the sources of money and property.
    CharterMissingFundingSources = "charter_missing_funding_sources", true;
    /// The charter's wording is objected to (e.g. "financial means" instead of "money").
    CharterWording = "charter_wording", true;
    /// Forms or documents were filled in incorrectly.
    DocumentsIncorrectlyFilled = "documents_incorrectly_filled", true;
    /// Documents were filed after the time limit.
    LateFiling = "late_filing", false;
    /// The organizing committee's term had expired.
    ExpiredCommitteeTerm = "expired_committee_term", false;
    /// The authority gave no specific ground.
    Unspecified = "unspecified", false;
    /// A ground was given but the sources do not say which (not the same as no ground).
    NotRecorded = "not_recorded", false;
}

impl DefectCode {
    /// The bit of this code in a [`DefectSet`].
    pub const fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Looks a code up by its file name.
    pub fn from_name(name: &str) -> Option<DefectCode> {
        Self::ALL.iter().copied().find(|code| code.name() == name)
    }
}

impl fmt::Display for DefectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One defect as a scenario records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    /// Its code in the taxonomy.
    pub code: DefectCode,
    /// What the authority wrote, as quoted or summarised by the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Whether it could have been corrected in the same application; defaults to the code's nature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectifiable: Option<bool>,
}

impl Defect {
    /// Whether this defect is rectifiable, taking the code's default where the file is silent.
    pub fn is_rectifiable(&self) -> bool {
        self.rectifiable
            .unwrap_or_else(|| self.code.rectifiable_by_default())
    }
}

/// A set of defects as two bit masks: which codes were cited and which of those were rectifiable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DefectSet {
    /// Bit `code.bit()` is set when the code was cited.
    pub codes: u32,
    /// Bit set when the cited defect of that code was rectifiable.
    pub rectifiable: u32,
}

impl DefectSet {
    /// The empty set.
    pub const EMPTY: DefectSet = DefectSet {
        codes: 0,
        rectifiable: 0,
    };

    /// The set of the given defects.
    pub fn of(defects: &[Defect]) -> DefectSet {
        defects.iter().fold(DefectSet::EMPTY, |set, defect| {
            set.with(defect.code, defect.is_rectifiable())
        })
    }

    /// This set plus one defect.
    pub const fn with(self, code: DefectCode, rectifiable: bool) -> DefectSet {
        DefectSet {
            codes: self.codes | code.bit(),
            rectifiable: if rectifiable {
                self.rectifiable | code.bit()
            } else {
                self.rectifiable & !code.bit()
            },
        }
    }

    /// Whether no defect is cited.
    pub const fn is_empty(self) -> bool {
        self.codes == 0
    }

    /// Whether at least one defect is cited and every cited defect is rectifiable.
    pub const fn all_rectifiable(self) -> bool {
        self.codes != 0 && self.codes & !self.rectifiable == 0
    }

    /// Whether some cited defect is not rectifiable.
    pub const fn has_unrectifiable(self) -> bool {
        self.codes & !self.rectifiable != 0
    }

    /// Whether some cited code is in `listed` (a mask of codes).
    pub const fn intersects(self, listed: u32) -> bool {
        self.codes & listed != 0
    }

    /// The cited codes, in taxonomy order.
    pub fn codes(self) -> impl Iterator<Item = DefectCode> {
        DefectCode::ALL
            .iter()
            .copied()
            .filter(move |code| self.codes & code.bit() != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_taxonomy_fits_a_bit_mask() {
        assert!(DefectCode::ALL.len() <= 32);
        for &code in DefectCode::ALL {
            assert_eq!(DefectCode::from_name(code.name()), Some(code));
        }
    }

    #[test]
    fn rectifiability_follows_the_instance_then_the_code() {
        let set = DefectSet::of(&[
            Defect {
                code: DefectCode::CharterWording,
                text: None,
                rectifiable: None,
            },
            Defect {
                code: DefectCode::IdMismatch,
                text: None,
                rectifiable: Some(true),
            },
        ]);
        assert!(set.all_rectifiable());
        let set = set.with(DefectCode::TooFewMembers, false);
        assert!(!set.all_rectifiable());
        assert!(set.has_unrectifiable());
        assert!(!DefectSet::EMPTY.all_rectifiable());
    }
}
