//! A preview's rows as a table to download (`/imports/{id}/rows.xlsx`): every row that does
//! something, refused ones first, each with its row number in the file, key, result and
//! details in the reader's language, so a file with hundreds of refused rows can be put
//! right in Excel beside the list (the page shows the first [`SHOWN_ROWS`]).
//!
//! [`SHOWN_ROWS`]: crate::model::imports::SHOWN_ROWS

use crate::i18n::*;
use crate::messages::field_message_text;
use crate::model::imports::{FieldLabel, ImportPreview, Outcome, label_of};
use crate::ssr::export::table::{Cell, Table};

/// A row's result in words.
fn outcome_name(locale: Locale, outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::New => td_string!(locale, imports.outcome_new),
        Outcome::Changed(_) => td_string!(locale, imports.outcome_changed),
        Outcome::Unchanged => td_string!(locale, imports.outcome_unchanged),
        Outcome::Skipped => td_string!(locale, imports.outcome_skipped),
        Outcome::Refused(_) => td_string!(locale, imports.outcome_refused),
    }
}

/// A row's changes (field: old → new) or refusals (column: reason), a line each.
fn details(locale: Locale, outcome: &Outcome, labels: &[FieldLabel]) -> String {
    match outcome {
        Outcome::Changed(changes) => changes
            .iter()
            .map(|c| format!("{}: {} → {}", label_of(labels, &c.field), c.old, c.new))
            .collect::<Vec<_>>()
            .join("\n"),
        Outcome::Refused(errors) => errors
            .iter()
            .map(|e| {
                let place = match &e.column {
                    Some(column) => {
                        td_string!(locale, imports.column, column = column.clone()).to_string()
                    }
                    None => td_string!(
                        locale,
                        imports.no_column,
                        field = label_of(labels, &e.field)
                    )
                    .to_string(),
                };
                format!("{place}: {}", field_message_text(locale, &e.key))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The preview's rows (as [`crate::ssr::services::imports::preview_whole`] gives them).
pub fn rows_table(preview: &ImportPreview, locale: Locale) -> Table {
    let key = preview
        .kind
        .key_parts()
        .iter()
        .map(|part| label_of(&preview.labels, part))
        .collect::<Vec<_>>()
        .join(" · ");
    let head = vec![
        td_string!(locale, imports.col_row).to_string(),
        key,
        td_string!(locale, imports.col_outcome).to_string(),
        td_string!(locale, imports.col_details).to_string(),
    ];
    let rows = preview
        .rows
        .iter()
        .map(|row| {
            vec![
                Cell::Count(i64::try_from(row.number).unwrap_or(i64::MAX)),
                Cell::text(&row.key),
                Cell::Text(outcome_name(locale, &row.outcome).to_owned()),
                Cell::text(&details(locale, &row.outcome, &preview.labels)),
            ]
        })
        .collect();
    Table {
        name: "import-rows",
        head,
        rows,
    }
}
