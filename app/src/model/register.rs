//! The project register as pages see it: a package with its subprojects and money, the input
//! of the package form, and the history of changes.

use super::forms::NamesInput;
use super::projects::{Choice, ProjectStatus};
use super::sources::{BySource, SourcesInput};
use super::{Money, Names};
pub use crate::error::FieldChange;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

/// The kinds of organisation the register knows, in the order forms offer them.
pub const ORGANISATION_KINDS: [&str; 8] = [
    "university",
    "university_of_applied_sciences",
    "research_institute",
    "city",
    "city_company",
    "company",
    "association",
    "other_public",
];

/// Planned (and realised) money by source, with the derived sums.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funding {
    pub planned: BySource<Money>,
    pub realised: BySource<Money>,
}

impl Funding {
    pub fn planned_total(&self) -> Money {
        self.planned.total()
    }

    pub fn realised_total(&self) -> Money {
        self.realised.total()
    }

    /// EU and state funding together, planned.
    pub fn eu_state(&self) -> Money {
        self.planned.eu_state()
    }

    /// The city's share of the planned total in basis points (hundredths of a percent).
    pub fn city_share_basis_points(&self) -> Option<i64> {
        self.planned.city_share_basis_points()
    }

    /// Whether the city's share lies outside the programme's 25–40 % (a warning, not an error).
    /// Compared exactly in cents, never after rounding: 24,996 % is outside.
    pub fn city_share_outside_range(&self) -> bool {
        let total = i128::from(self.planned_total().cents());
        let city = i128::from(self.planned.city.cents()) * 100;
        total > 0 && (city < total * 25 || city > total * 40)
    }

    /// Adds another funding, source by source.
    pub fn add(&mut self, other: &Funding) {
        self.planned = self.planned + other.planned;
        self.realised = self.realised + other.realised;
    }
}

/// A subproject as the package page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubprojectDetail {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub region: Names,
    pub organisation: String,
    pub organisation_business_id: String,
    pub status: ProjectStatus,
    pub funding: Funding,
    /// Its reports: every open period it reports for, and every report it has; `None` for
    /// another region's subproject (its reports are that region's).
    pub reports: Option<Vec<super::reporting::ReportLink>>,
}

/// One change in a package's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339.
    pub at: String,
    pub who: Option<String>,
    pub action: String,
    /// What was changed: `project` or `subproject`.
    pub record: String,
    /// The subproject's code, for a subproject's change.
    pub record_code: Option<String>,
    pub changes: Vec<FieldChange>,
    pub reason: Option<String>,
}

/// A package with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub id: i32,
    pub version: i32,
    pub input: ProjectInput,
    pub name: Names,
    pub region: Names,
    pub theme: Names,
    pub council: Names,
    pub actions: Vec<Names>,
    pub lead_organisation: Option<String>,
    pub status: ProjectStatus,
    pub subprojects: Vec<SubprojectDetail>,
    pub funding: Funding,
    /// Realised money by source in each reporting period that has any, oldest first (entered
    /// with the period reports of the subprojects).
    pub realised_by_period: Vec<PeriodFunding>,
    pub history: Vec<HistoryEntry>,
    /// Whether the asking user may edit it.
    pub editable: bool,
}

/// Realised money by source in one reporting period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodFunding {
    pub period_code: String,
    pub realised: BySource<Money>,
}

impl PeriodFunding {
    pub fn total(&self) -> Money {
        self.realised.total()
    }
}

/// The package form's fields, as typed. The rules that need no database are declared here
/// (and so hold in the browser too); the server also checks the codes against the register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
pub struct ProjectInput {
    #[validate(
        custom(function = "required"),
        custom(function = "line"),
        length(max = 40, code = "too_long")
    )]
    pub code: String,
    /// The name in three languages (`[name][fi]` …): one line of at most 300 characters
    /// each, the Finnish one required. Checked in `check`.
    pub name: NamesInput,
    /// The description in three languages: paragraphs of at most 5000 characters each.
    pub description: NamesInput,
    /// City region code.
    #[validate(custom(function = "required"), custom(function = "line"))]
    pub region: String,
    /// Theme code.
    #[validate(custom(function = "required"), custom(function = "line"))]
    pub theme: String,
    /// Action codes; no box ticked posts no `actions[]` at all.
    #[serde(default)]
    #[validate(length(min = 1, code = "required"), custom(function = "codes"))]
    pub actions: Vec<String>,
    /// Regional council code.
    #[validate(custom(function = "required"), custom(function = "line"))]
    pub council: String,
    /// `YYYY-MM-DD`.
    #[validate(custom(function = "crate::model::dates::valid"))]
    pub starts_on: String,
    #[validate(custom(function = "crate::model::dates::valid"))]
    pub ends_on: String,
    /// `planned`, `ongoing` or `closed`.
    #[validate(custom(function = "status"))]
    pub status: String,
    /// Business ID of the lead organisation, or empty.
    #[validate(custom(function = "business_id_or_empty"))]
    pub lead_organisation: String,
}

pub(crate) fn required(value: &str) -> Result<(), ValidationError> {
    if super::text::is_blank(value) {
        Err(ValidationError::new("required"))
    } else {
        Ok(())
    }
}

use super::text::line;

/// A list of codes: each one line, and no more of them than any choice list has.
fn codes(values: &[String]) -> Result<(), ValidationError> {
    if values.len() > 50 {
        return Err(ValidationError::new("too_many"));
    }
    values.iter().try_for_each(|v| line(v))
}

fn status(value: &str) -> Result<(), ValidationError> {
    ProjectStatus::from_code(value)
        .map(|_| ())
        .ok_or_else(|| ValidationError::new("invalid"))
}

fn business_id_or_empty(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Ok(());
    }
    super::BusinessId::parse(value)
        .map(|_| ())
        .map_err(|e| ValidationError::new(e.message_key()))
}

/// The field names of a register record's name and description in the audit log.
pub const NAME_FIELDS: [&str; 3] = ["name_fi", "name_sv", "name_en"];
pub const DESCRIPTION_FIELDS: [&str; 3] = ["description_fi", "description_sv", "description_en"];

/// The rules of a package's or subproject's name (one line of at most 300 characters in
/// each language, the Finnish one required) and description (paragraphs of at most 5000).
pub(crate) fn check_texts(
    name: &NamesInput,
    description: &NamesInput,
    errors: &mut crate::error::FieldErrors,
) {
    use super::forms::Required;
    use super::text::{LINE, PARAGRAPHS};
    name.parse("name", LINE, 300, Required::Finnish, errors);
    description.parse("description", PARAGRAPHS, 5000, Required::None, errors);
}

/// Adds `ends_before_start` to `ends_on` when both dates parse and the end comes first.
pub(crate) fn dates_in_order(
    starts_on: &str,
    ends_on: &str,
    errors: &mut crate::error::FieldErrors,
) {
    let parse = |d: &str| super::dates::parse(d).ok();
    if let (Some(start), Some(end)) = (parse(starts_on), parse(ends_on))
        && end < start
    {
        errors
            .entry("ends_on".into())
            .or_default()
            .push("ends_before_start".into());
    }
}

fn required_business_id(value: &str) -> Result<(), ValidationError> {
    required(value)?;
    business_id_or_empty(value)
}

impl ProjectInput {
    /// Every rule that needs no database, with field-level message keys.
    ///
    /// # Errors
    /// [`crate::error::AppError::Validation`] listing every broken rule.
    pub fn check(&self) -> Result<(), crate::error::AppError> {
        let mut errors = match self.validate() {
            Ok(()) => crate::error::FieldErrors::new(),
            Err(e) => crate::error::field_errors(&e),
        };
        check_texts(&self.name, &self.description, &mut errors);
        dates_in_order(&self.starts_on, &self.ends_on, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::error::AppError::Validation(errors))
        }
    }
}

/// The choices the package form offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFormOptions {
    /// Regions the user may register packages for.
    pub regions: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub actions: Vec<Choice>,
    pub councils: Vec<Choice>,
    /// Organisations as select choices: "Name (Business ID)", valued by Business ID.
    pub organisations: Vec<Choice>,
    /// The input of this user's save that was just refused (a form posted without
    /// JavaScript): the form shows it instead of the stored one.
    #[serde(default)]
    pub refused: Option<RefusedProject>,
}

/// A refused package form's input, with the package it was for (`None`: a new one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedProject {
    pub id: Option<i32>,
    pub input: ProjectInput,
}

impl ProjectFormOptions {
    /// The refused input of the package `id` (`None`: a new one), if there is one.
    pub fn refused_input(&self, id: Option<i32>) -> Option<ProjectInput> {
        self.refused
            .as_ref()
            .filter(|r| r.id == id)
            .map(|r| r.input.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funding(euros: [i64; 5]) -> Funding {
        Funding {
            planned: BySource::from(euros).map(Money::from_euros),
            realised: BySource::default(),
        }
    }

    #[test]
    fn city_share_outside_25_to_40_percent_is_flagged() {
        assert!(
            !funding([40, 20, 30, 5, 5]).city_share_outside_range(),
            "30 % is fine"
        );
        assert!(
            funding([50, 20, 20, 5, 5]).city_share_outside_range(),
            "20 % is too little"
        );
        assert!(
            funding([30, 10, 45, 10, 5]).city_share_outside_range(),
            "45 % is too much"
        );
        assert!(
            !funding([0; 5]).city_share_outside_range(),
            "no money, no warning"
        );
        assert!(
            !funding([60, 15, 25, 0, 0]).city_share_outside_range(),
            "25 % exactly is inside"
        );
        assert!(
            !funding([45, 15, 40, 0, 0]).city_share_outside_range(),
            "40 % exactly is inside"
        );
        // 24,996 % would round to 25,00 %: the check is on the exact amounts.
        let mut just_under = funding([0; 5]);
        just_under.planned.eu = Money::from_cents(75_004);
        just_under.planned.city = Money::from_cents(24_996);
        assert!(just_under.city_share_outside_range(), "24,996 % is outside");
        let mut just_over = funding([0; 5]);
        just_over.planned.eu = Money::from_cents(59_996);
        just_over.planned.city = Money::from_cents(40_004);
        assert!(just_over.city_share_outside_range(), "40,004 % is outside");
    }

    #[test]
    fn every_broken_rule_is_reported_at_its_field() {
        let input = ProjectInput {
            code: " ".into(),
            name: NamesInput::new(&"x".repeat(301), "", ""),
            starts_on: "2026-05-01".into(),
            ends_on: "2026-04-30".into(),
            status: "paused".into(),
            lead_organisation: "0201256-7".into(),
            ..Default::default()
        };
        let err = input.check().unwrap_err();
        assert_eq!(err.field_messages("code"), ["required"]);
        assert_eq!(err.field_messages("name_fi"), ["too_long"]);
        assert_eq!(err.field_messages("region"), ["required"]);
        assert_eq!(err.field_messages("actions"), ["required"]);
        assert_eq!(err.field_messages("ends_on"), ["ends_before_start"]);
        assert_eq!(err.field_messages("status"), ["invalid"]);
        assert_eq!(
            err.field_messages("lead_organisation"),
            ["business_id_check_digit"]
        );
        assert!(err.field_messages("name_sv").is_empty());
    }

    #[test]
    fn amounts_in_finnish_or_english_notation_are_exact_and_bad_ones_named() {
        let mut input = SubprojectInput {
            code: "S-1".into(),
            name: NamesInput::new("Osa", "", ""),
            region: "tampere".into(),
            organisation: "0201256-6".into(),
            council: "pirkanmaa".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-12-31".into(),
            status: crate::model::projects::ProjectStatus::Planned.code().into(),
            planned: BySource::from(["1 234,50", "1234.50", "", "12,345", "-1"].map(String::from)),
            ..Default::default()
        };
        let err = input.check().unwrap_err();
        assert_eq!(
            err.field_messages("planned_other_public"),
            ["money_too_many_decimals"]
        );
        assert_eq!(err.field_messages("planned_private"), ["money_negative"]);
        input.planned.other_public = "12,34".into();
        input.planned.private = "".into();
        let amounts = input.check().unwrap();
        assert_eq!(amounts.eu, Money::from_cents(123_450));
        assert_eq!(amounts.state, Money::from_cents(123_450));
        assert_eq!(amounts.city, Money::ZERO);
        assert_eq!(amounts.other_public, Money::from_cents(1_234));
    }

    #[test]
    fn sums_are_exact() {
        let f = funding([1, 2, 3, 4, 5]);
        assert_eq!(f.planned_total(), Money::from_euros(15));
        assert_eq!(f.eu_state(), Money::from_euros(3));
        assert_eq!(f.city_share_basis_points(), Some(2000));
    }
}

/// The subproject form's fields, as typed; amounts in Finnish or English notation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
pub struct SubprojectInput {
    #[validate(
        custom(function = "required"),
        custom(function = "line"),
        length(max = 40, code = "too_long")
    )]
    pub code: String,
    /// The name in three languages (`[name][fi]` …): one line of at most 300 characters
    /// each, the Finnish one required. Checked in `check`.
    pub name: NamesInput,
    /// The description in three languages: paragraphs of at most 5000 characters each.
    pub description: NamesInput,
    /// City region code.
    #[validate(custom(function = "required"), custom(function = "line"))]
    pub region: String,
    /// Business ID of the implementing organisation.
    #[validate(custom(function = "required_business_id"))]
    pub organisation: String,
    /// Regional council code.
    #[validate(custom(function = "required"), custom(function = "line"))]
    pub council: String,
    #[validate(custom(function = "crate::model::dates::valid"))]
    pub starts_on: String,
    #[validate(custom(function = "crate::model::dates::valid"))]
    pub ends_on: String,
    #[validate(custom(function = "status"))]
    pub status: String,
    /// Planned amounts by source, as typed.
    pub planned: SourcesInput,
}

impl SubprojectInput {
    /// The field names of the planned amounts in the form's errors and the audit log.
    pub const PLANNED_FIELDS: BySource<&'static str> = BySource {
        eu: "planned_eu",
        state: "planned_state",
        city: "planned_city",
        other_public: "planned_other_public",
        private: "planned_private",
    };

    /// Every rule that needs no database; on success the planned amounts, exact.
    ///
    /// # Errors
    /// [`crate::error::AppError::Validation`] listing every broken rule.
    pub fn check(&self) -> Result<BySource<Money>, crate::error::AppError> {
        let mut errors = match self.validate() {
            Ok(()) => crate::error::FieldErrors::new(),
            Err(e) => crate::error::field_errors(&e),
        };
        check_texts(&self.name, &self.description, &mut errors);
        dates_in_order(&self.starts_on, &self.ends_on, &mut errors);
        let amounts =
            super::sources::parse_amounts(&self.planned, &Self::PLANNED_FIELDS, &mut errors);
        if errors.is_empty() {
            Ok(amounts)
        } else {
            Err(crate::error::AppError::Validation(errors))
        }
    }
}

/// What the subproject form needs: the current values (or defaults) and the choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubprojectForm {
    pub project_id: i32,
    pub project_name: Names,
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub input: SubprojectInput,
    pub options: ProjectFormOptions,
}

/// The package form as posted: `form[id]` and `form[version]` for a stored package, and
/// its fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSubmission {
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub input: ProjectInput,
}

/// The subproject form as posted: its package, `id` and `version` for a stored one, and
/// its fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubprojectSubmission {
    pub project_id: i32,
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub input: SubprojectInput,
}

/// A subproject of a package at the version the form showed (deleting it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubprojectVersion {
    pub project_id: i32,
    pub id: i32,
    pub version: i32,
}

/// The organisation register's form as posted; `next` is where to go afterwards (a local
/// path).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrganisation {
    pub name: String,
    pub business_id: String,
    /// One of [`ORGANISATION_KINDS`].
    pub kind: String,
    pub next: Option<String>,
}
