//! Stored columns as shared values: the three names of a record, optional text. Below every
//! service; imports nothing from them.

use crate::model::Names;

/// The three names of a record, as stored in its `_fi`, `_sv` and `_en` columns.
pub fn names(fi: &str, sv: &str, en: &str) -> Names {
    Names {
        fi: fi.into(),
        sv: Some(sv.into()),
        en: Some(en.into()),
    }
}

/// Stored texts in three languages (Swedish and English optional) as a form shows them.
pub fn names_input(
    fi: &str,
    sv: Option<&str>,
    en: Option<&str>,
) -> crate::model::forms::NamesInput {
    crate::model::forms::NamesInput::new(fi, sv.unwrap_or_default(), en.unwrap_or_default())
}

/// The columns of a text in three languages: Finnish as it is, Swedish and English `NULL`
/// when empty.
pub type NamesColumns = (
    sea_orm::ActiveValue<String>,
    sea_orm::ActiveValue<Option<String>>,
    sea_orm::ActiveValue<Option<String>>,
);

/// A form's text in three languages as the columns store it (see [`NamesColumns`]).
pub fn names_columns(n: &crate::model::forms::NamesInput) -> NamesColumns {
    use sea_orm::ActiveValue::Set;
    (
        Set(n.fi.clone()),
        Set(optional(&n.sv)),
        Set(optional(&n.en)),
    )
}

/// Trimmed text, or `None` for an empty column value.
pub fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The stored life cycle of a package or subproject, as the pages show it.
impl From<entity::status::ProjectStatus> for crate::model::projects::ProjectStatus {
    fn from(status: entity::status::ProjectStatus) -> Self {
        use entity::status::ProjectStatus as Stored;
        match status {
            Stored::Planned => Self::Planned,
            Stored::Ongoing => Self::Ongoing,
            Stored::Closed => Self::Closed,
        }
    }
}

/// A stored report's review state, as the pages show it.
impl From<entity::status::ReportState> for crate::model::reporting::ReportStatus {
    fn from(state: entity::status::ReportState) -> Self {
        use entity::status::ReportState as Stored;
        match state {
            Stored::Draft => Self::Draft,
            Stored::Submitted => Self::Submitted,
            Stored::Returned => Self::Returned,
            Stored::Approved => Self::Approved,
        }
    }
}

/// The stored status a form's checked status code stands for.
///
/// # Errors
/// A `status` field error (`invalid`) for a code that is no status.
pub fn project_status(code: &str) -> Result<entity::status::ProjectStatus, crate::error::AppError> {
    entity::status::ProjectStatus::from_code(code)
        .ok_or_else(|| crate::error::AppError::field("status", "invalid"))
}
