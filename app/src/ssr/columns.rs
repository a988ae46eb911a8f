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

/// Trimmed text, or `None` for an empty column value.
pub fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}
