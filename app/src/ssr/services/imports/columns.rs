//! The columns of an import: each field's heading in a language, which column of a file is
//! read as which field, and a row's cells as the form's own input.

use crate::error::{AppError, FieldErrors};
use crate::i18n::Locale;
use crate::model::forms::NamesInput;
use crate::model::imports::{ColumnMap, ImportKind};
use crate::model::reference::OrganisationInput;
use crate::model::register::{ProjectInput, SubprojectInput};
use crate::ssr::services::reporting::report_lines::LineInput;
use leptos_i18n::td_string;
use std::collections::{HashMap, HashSet};

const LOCALES: [Locale; 3] = [Locale::fi, Locale::sv, Locale::en];

/// The heading of `field`'s column in a template of `locale`.
pub fn heading(locale: Locale, field: &str) -> String {
    match field {
        "code" => td_string!(locale, imports.col.code),
        "package" => td_string!(locale, imports.col.package),
        "name_fi" => td_string!(locale, imports.col.name_fi),
        "name_sv" => td_string!(locale, imports.col.name_sv),
        "name_en" => td_string!(locale, imports.col.name_en),
        "description_fi" => td_string!(locale, imports.col.description_fi),
        "description_sv" => td_string!(locale, imports.col.description_sv),
        "description_en" => td_string!(locale, imports.col.description_en),
        "region" => td_string!(locale, imports.col.region),
        "theme" => td_string!(locale, imports.col.theme),
        "actions" => td_string!(locale, imports.col.actions),
        "council" => td_string!(locale, imports.col.council),
        "starts_on" => td_string!(locale, imports.col.starts_on),
        "ends_on" => td_string!(locale, imports.col.ends_on),
        "status" => td_string!(locale, imports.col.status),
        "lead_organisation" => td_string!(locale, imports.col.lead_organisation),
        "organisation" => td_string!(locale, imports.col.organisation),
        "planned_eu" => td_string!(locale, imports.col.planned_eu),
        "planned_state" => td_string!(locale, imports.col.planned_state),
        "planned_city" => td_string!(locale, imports.col.planned_city),
        "planned_other_public" => td_string!(locale, imports.col.planned_other_public),
        "planned_private" => td_string!(locale, imports.col.planned_private),
        "business_id" => td_string!(locale, imports.col.business_id),
        "name" => td_string!(locale, imports.col.name),
        "kind" => td_string!(locale, imports.col.kind),
        "municipality" => td_string!(locale, imports.col.municipality),
        "subproject" => td_string!(locale, imports.col.subproject),
        "period" => td_string!(locale, imports.col.period),
        "indicator" => td_string!(locale, imports.col.indicator),
        "value" => td_string!(locale, imports.col.value),
        "explanation" => td_string!(locale, imports.col.explanation),
        "companies" => td_string!(locale, imports.col.companies),
        "reason" => td_string!(locale, imports.col.reason),
        other => return other.to_owned(),
    }
    .to_string()
}

/// A heading as compared: case and runs of white space do not count.
fn comparable(heading: &str) -> String {
    heading
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The field each heading is read as: a saved mapping's choice, else the field whose code or
/// template heading (in any language) the heading is. A field is read from one column only.
pub fn auto_map(
    kind: ImportKind,
    headings: &[String],
    saved: Option<&HashMap<String, String>>,
) -> Vec<Option<String>> {
    let mut taken = HashSet::new();
    headings
        .iter()
        .map(|h| {
            let wanted = comparable(h);
            let field = kind.fields().iter().find(|f| {
                !taken.contains(f.code)
                    && match saved {
                        Some(saved) => saved.get(h).is_some_and(|s| s == f.code),
                        None => {
                            comparable(f.code) == wanted
                                || LOCALES
                                    .iter()
                                    .any(|l| comparable(&heading(*l, f.code)) == wanted)
                        }
                    }
            })?;
            taken.insert(field.code);
            Some(field.code.to_owned())
        })
        .collect()
}

/// A mapping as the form posted it (one field code or nothing per column), checked: every
/// code a field of the kind, none read from two columns.
///
/// # Errors
/// A `fields` field error: `unknown` or `duplicate`.
pub fn checked_mapping(
    kind: ImportKind,
    columns: usize,
    posted: &[String],
) -> Result<Vec<Option<String>>, AppError> {
    let mut seen = HashSet::new();
    let mut errors = FieldErrors::new();
    let mapping: Vec<Option<String>> = (0..columns)
        .map(|i| {
            let code = posted.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())?;
            let field = kind.fields().iter().find(|f| f.code == code);
            match field {
                None => errors
                    .entry("fields".into())
                    .or_default()
                    .push("unknown".into()),
                Some(f) if !seen.insert(f.code) => errors
                    .entry("fields".into())
                    .or_default()
                    .push("field_twice".into()),
                Some(f) => return Some(f.code.to_owned()),
            }
            None
        })
        .collect();
    AppError::check(errors)?;
    Ok(mapping)
}

/// The columns with their fields, as a page shows them.
pub fn column_maps(headings: &[String], mapping: &[Option<String>]) -> Vec<ColumnMap> {
    headings
        .iter()
        .enumerate()
        .map(|(i, heading)| ColumnMap {
            heading: heading.clone(),
            field: mapping.get(i).cloned().flatten(),
        })
        .collect()
}

/// Required fields of the kind that no column is read as.
pub fn missing(kind: ImportKind, mapping: &[Option<String>]) -> Vec<String> {
    kind.fields()
        .iter()
        .filter(|f| f.required && !mapping.iter().flatten().any(|m| m == f.code))
        .map(|f| f.code.to_owned())
        .collect()
}

/// One data row's cells read through a mapping.
pub struct RowCells<'a> {
    pub cells: &'a [String],
    pub mapping: &'a [Option<String>],
    pub headings: &'a [String],
}

impl RowCells<'_> {
    fn place(&self, field: &str) -> Option<usize> {
        self.mapping
            .iter()
            .position(|m| m.as_deref() == Some(field))
    }

    /// The text of `field`'s cell; `None` when no column is read as it.
    fn value(&self, field: &str) -> Option<String> {
        self.place(field).map(|i| {
            self.cells
                .get(i)
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        })
    }

    /// The text of `field`'s cell; empty when no column is read as it.
    pub fn get(&self, field: &str) -> String {
        self.value(field).unwrap_or_default()
    }

    /// `field`'s cell, or `base` when no column is read as it: a file without a column
    /// leaves that field of a record as it is.
    fn or(&self, field: &str, base: &str) -> String {
        self.value(field).unwrap_or_else(|| base.to_owned())
    }

    /// The heading of the column `field` is read from (its place when it has no heading).
    pub fn column(&self, field: &str) -> Option<String> {
        self.place(field).map(|i| match self.headings.get(i) {
            Some(h) if !h.trim().is_empty() => h.clone(),
            _ => format!("#{}", i + 1),
        })
    }

    fn names(&self, prefix: &str, base: &NamesInput) -> NamesInput {
        NamesInput {
            fi: self.or(&format!("{prefix}_fi"), &base.fi),
            sv: self.or(&format!("{prefix}_sv"), &base.sv),
            en: self.or(&format!("{prefix}_en"), &base.en),
        }
    }

    /// The row as the package form's input over `base` (the stored package, or an empty
    /// one for a new package).
    pub fn package(&self, base: &ProjectInput) -> ProjectInput {
        ProjectInput {
            code: self.or("code", &base.code),
            name: self.names("name", &base.name),
            description: self.names("description", &base.description),
            region: self.or("region", &base.region),
            theme: self.or("theme", &base.theme),
            actions: match self.value("actions") {
                Some(cell) => list(&cell),
                None => base.actions.clone(),
            },
            council: self.or("council", &base.council),
            starts_on: self.or("starts_on", &base.starts_on),
            ends_on: self.or("ends_on", &base.ends_on),
            status: self.or("status", &base.status),
            lead_organisation: self.or("lead_organisation", &base.lead_organisation),
        }
    }

    /// The row as the subproject form's input over `base` (the stored subproject, or an
    /// empty one).
    pub fn subproject(&self, base: &SubprojectInput) -> SubprojectInput {
        let planned = SubprojectInput::PLANNED_FIELDS;
        SubprojectInput {
            code: self.or("code", &base.code),
            name: self.names("name", &base.name),
            description: self.names("description", &base.description),
            region: self.or("region", &base.region),
            organisation: self.or("organisation", &base.organisation),
            council: self.or("council", &base.council),
            starts_on: self.or("starts_on", &base.starts_on),
            ends_on: self.or("ends_on", &base.ends_on),
            status: self.or("status", &base.status),
            planned: crate::model::sources::BySource::from_fn(|source| {
                self.or(planned[source], &base.planned[source])
            }),
        }
    }

    /// The row as the organisation form's input over `base` (the stored organisation, or
    /// an empty one).
    pub fn organisation(&self, base: &OrganisationInput) -> OrganisationInput {
        OrganisationInput {
            name: self.or("name", &base.name),
            business_id: self.or("business_id", &base.business_id),
            kind: self.or("kind", &base.kind),
            municipality: self.or("municipality", &base.municipality),
        }
    }

    /// The row as a report's line over `base` (the stored line, or an empty one).
    pub fn report_line(&self, base: &LineInput) -> LineInput {
        LineInput {
            value: self.or("value", &base.value),
            explanation: self.or("explanation", &base.explanation),
            companies: self.or("companies", &base.companies),
        }
    }

    /// The row as the targets form's value and reason.
    pub fn target(&self) -> (String, String) {
        (self.get("value"), self.get("reason"))
    }
}

/// Codes in one cell, separated by commas or semicolons.
fn list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_of_any_language_and_field_codes_are_recognised_once() {
        let headings: Vec<String> = ["Tunnus", "  name_FI ", "Theme", "tunnus", "Muistiinpanot"]
            .map(String::from)
            .to_vec();
        let mapping = auto_map(ImportKind::Packages, &headings, None);
        assert_eq!(
            mapping,
            vec![
                Some("code".into()),
                Some("name_fi".into()),
                Some("theme".into()),
                None,
                None
            ]
        );
        assert!(missing(ImportKind::Packages, &mapping).contains(&"region".to_owned()));
    }

    #[test]
    fn a_posted_mapping_refuses_unknown_fields_and_a_field_twice() {
        let posted = ["code".to_owned(), "code".to_owned()];
        assert!(checked_mapping(ImportKind::Packages, 2, &posted).is_err());
        let posted = ["nonsense".to_owned()];
        assert!(checked_mapping(ImportKind::Packages, 1, &posted).is_err());
        let posted = ["".to_owned(), "code".to_owned()];
        assert_eq!(
            checked_mapping(ImportKind::Packages, 3, &posted).unwrap(),
            vec![None, Some("code".into()), None]
        );
    }

    #[test]
    fn codes_in_a_cell_split_on_commas_and_semicolons() {
        assert_eq!(list(" A1, B2;C3 ,, "), vec!["A1", "B2", "C3"]);
    }
}
