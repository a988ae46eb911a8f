//! Spreadsheet imports as pages see them: what kinds of rows can be imported and their
//! columns, how a file's columns are read, and the preview of what each row would do.

use crate::error::FieldChange;
use serde::{Deserialize, Serialize};

/// What an imported file's rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Project packages, one per row, matched by code.
    Packages,
    /// Subprojects with their planned funding by source, one per row, matched by code.
    Subprojects,
    /// Organisations of the register, one per row, matched by Business ID.
    Organisations,
    /// Indicator values of the reports of a period, one per subproject, period and
    /// indicator, matched by the three.
    IndicatorValues,
    /// Indicator targets of subprojects, one per subproject and indicator, with the reason
    /// for a revision.
    Targets,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Packages,
        ImportKind::Subprojects,
        ImportKind::Organisations,
        ImportKind::IndicatorValues,
        ImportKind::Targets,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Packages => "packages",
            ImportKind::Subprojects => "subprojects",
            ImportKind::Organisations => "organisations",
            ImportKind::IndicatorValues => "indicator_values",
            ImportKind::Targets => "targets",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The columns of this kind's rows, in the template's order.
    pub fn fields(self) -> &'static [ImportField] {
        match self {
            ImportKind::Packages => PACKAGE_FIELDS,
            ImportKind::Subprojects => SUBPROJECT_FIELDS,
            ImportKind::Organisations => ORGANISATION_FIELDS,
            ImportKind::IndicatorValues => VALUE_FIELDS,
            ImportKind::Targets => TARGET_FIELDS,
        }
    }

    /// The field whose value matches a row to a stored record (with [`Self::key_parts`]).
    pub fn key_field(self) -> &'static str {
        match self {
            ImportKind::Packages | ImportKind::Subprojects => "code",
            ImportKind::Organisations => "business_id",
            ImportKind::IndicatorValues | ImportKind::Targets => "subproject",
        }
    }

    /// The fields that together match a row to a stored record: the key field, and for an
    /// indicator's value or target also the period and indicator.
    pub fn key_parts(self) -> &'static [&'static str] {
        match self {
            ImportKind::Packages | ImportKind::Subprojects => &["code"],
            ImportKind::Organisations => &["business_id"],
            ImportKind::IndicatorValues => &["subproject", "period", "indicator"],
            ImportKind::Targets => &["subproject", "indicator"],
        }
    }
}

/// What a column holds, for the template's explanation and its choice lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// Paragraphs of text.
    LongText,
    Date,
    Money,
    /// A code of a list (`region`, `theme`, `action`, `council`, `status`,
    /// `organisation_kind`).
    Code(&'static str),
    /// Codes of a list, separated by commas or semicolons.
    Codes(&'static str),
    BusinessId,
    /// Business IDs separated by blanks, commas or semicolons.
    BusinessIds,
    /// An indicator's value: a number with at most two decimals, in the indicator's unit.
    Quantity,
}

/// One column an import reads. `code` is also the field's name in the form's errors and in
/// the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportField {
    pub code: &'static str,
    pub required: bool,
    pub kind: FieldType,
}

const fn field(code: &'static str, required: bool, kind: FieldType) -> ImportField {
    ImportField {
        code,
        required,
        kind,
    }
}

const PACKAGE_FIELDS: &[ImportField] = &[
    field("code", true, FieldType::Text),
    field("name_fi", true, FieldType::Text),
    field("name_sv", false, FieldType::Text),
    field("name_en", false, FieldType::Text),
    field("description_fi", false, FieldType::LongText),
    field("description_sv", false, FieldType::LongText),
    field("description_en", false, FieldType::LongText),
    field("region", true, FieldType::Code("region")),
    field("theme", true, FieldType::Code("theme")),
    field("actions", true, FieldType::Codes("action")),
    field("council", true, FieldType::Code("council")),
    field("starts_on", true, FieldType::Date),
    field("ends_on", true, FieldType::Date),
    field("status", true, FieldType::Code("status")),
    field("lead_organisation", false, FieldType::BusinessId),
];

const SUBPROJECT_FIELDS: &[ImportField] = &[
    field("package", true, FieldType::Text),
    field("code", true, FieldType::Text),
    field("name_fi", true, FieldType::Text),
    field("name_sv", false, FieldType::Text),
    field("name_en", false, FieldType::Text),
    field("description_fi", false, FieldType::LongText),
    field("description_sv", false, FieldType::LongText),
    field("description_en", false, FieldType::LongText),
    field("region", true, FieldType::Code("region")),
    field("organisation", true, FieldType::BusinessId),
    field("council", true, FieldType::Code("council")),
    field("starts_on", true, FieldType::Date),
    field("ends_on", true, FieldType::Date),
    field("status", true, FieldType::Code("status")),
    field("planned_eu", false, FieldType::Money),
    field("planned_state", false, FieldType::Money),
    field("planned_city", false, FieldType::Money),
    field("planned_other_public", false, FieldType::Money),
    field("planned_private", false, FieldType::Money),
];

const ORGANISATION_FIELDS: &[ImportField] = &[
    field("business_id", true, FieldType::BusinessId),
    field("name", true, FieldType::Text),
    field("kind", true, FieldType::Code("organisation_kind")),
    field("municipality", false, FieldType::Text),
];

const VALUE_FIELDS: &[ImportField] = &[
    field("subproject", true, FieldType::Text),
    field("period", true, FieldType::Code("period")),
    field("indicator", true, FieldType::Code("indicator")),
    field("value", false, FieldType::Quantity),
    field("explanation", false, FieldType::LongText),
    field("companies", false, FieldType::BusinessIds),
];

const TARGET_FIELDS: &[ImportField] = &[
    field("subproject", true, FieldType::Text),
    field("indicator", true, FieldType::Code("indicator")),
    field("value", true, FieldType::Quantity),
    field("reason", false, FieldType::LongText),
];

/// What to do with a row whose key matches a stored record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Change the record to the row's values.
    #[default]
    Update,
    /// Leave it as it is: only new rows are added.
    AddOnly,
}

impl Policy {
    pub fn code(self) -> &'static str {
        match self {
            Policy::Update => "update",
            Policy::AddOnly => "add_only",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Policy::Update, Policy::AddOnly]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// One refusal of a row: the field, the file's column it was read from (none for a
/// required field no column gives) and the message key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    pub field: String,
    pub column: Option<String>,
    pub key: String,
}

/// What a row does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    New,
    Changed(Vec<FieldChange>),
    Unchanged,
    /// Matched, left as it is (the policy adds new rows only).
    Skipped,
    Refused(Vec<CellError>),
}

/// The stored record a row matched, at the version the preview saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    pub id: i32,
    pub version: i32,
}

/// One row of the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOutcome {
    /// The row's number in the file (the heading row is 1).
    pub number: usize,
    /// The row's key (a code).
    pub key: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub matched: Option<Matched>,
}

/// How many rows do what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub refused: usize,
}

impl Counts {
    pub fn of(rows: &[RowOutcome]) -> Self {
        let mut counts = Counts::default();
        for row in rows {
            match row.outcome {
                Outcome::New => counts.new += 1,
                Outcome::Changed(_) => counts.changed += 1,
                Outcome::Unchanged => counts.unchanged += 1,
                Outcome::Skipped => counts.skipped += 1,
                Outcome::Refused(_) => counts.refused += 1,
            }
        }
        counts
    }
}

/// A file column and the field it is read as (`None`: ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub heading: String,
    pub field: Option<String>,
}

/// A field to read a column as, by its heading in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLabel {
    pub code: String,
    pub label: String,
}

/// The heading of `field` among `labels` (the field's code when it has none).
pub fn label_of(labels: &[FieldLabel], field: &str) -> String {
    labels
        .iter()
        .find(|l| l.code == field)
        .map_or_else(|| field.to_owned(), |l| l.label.clone())
}

/// A saved mapping to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping {
    pub id: i32,
    pub kind: ImportKind,
    pub name: String,
}

/// An import as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i32,
    pub version: i32,
    pub kind: ImportKind,
    pub file_name: String,
    pub sheet: Option<String>,
    pub policy: Policy,
    pub committed: bool,
    /// RFC 3339.
    pub created_at: String,
    pub columns: Vec<ColumnMap>,
    /// The kind's fields with their headings in the reader's language, in order.
    pub labels: Vec<FieldLabel>,
    /// Required fields no column is read as.
    pub missing: Vec<String>,
    pub counts: Counts,
    /// While the rows are checked, how far the check is; `None` once the preview is there.
    pub checking: Option<Checking>,
    /// Why the check failed (a message key), if it did.
    pub check_error: Option<String>,
    /// Whether the user may save the mapping (one is kept for a city region).
    pub may_save_mapping: bool,
    /// The rows that are not unchanged, in file order (at most [`SHOWN_ROWS`]).
    pub rows: Vec<RowOutcome>,
}

/// How far the check of an import's rows is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checking {
    pub checked: usize,
    pub total: usize,
    /// The check has not moved for so long that it has stopped (the server restarted).
    pub stalled: bool,
}

/// The most rows a preview page lists; the counts cover them all.
pub const SHOWN_ROWS: usize = 2000;

/// An earlier import in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i32,
    pub kind: ImportKind,
    pub file_name: String,
    pub committed: bool,
    /// Its rows are still being checked.
    pub checking: bool,
    pub created_at: String,
    pub rows_new: i32,
    pub rows_changed: i32,
}

/// The imports page: what the user may import, their saved mappings and earlier imports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportsPage {
    /// The kinds the user may import (none: they import nothing).
    pub kinds: Vec<ImportKind>,
    pub mappings: Vec<SavedMapping>,
    pub imports: Vec<ImportSummary>,
}

/// The mapping form: the field of each column by its place, and the policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingInput {
    pub id: i32,
    pub version: i32,
    /// One entry per file column, in order: a field code, or empty to ignore it.
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub policy: String,
    /// A name to save the mapping under for the user's region (empty: not saved).
    #[serde(default)]
    pub save_as: String,
}

/// The commit form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInput {
    pub id: i32,
    pub version: i32,
}
