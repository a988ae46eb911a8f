//! The package list to download: the whole filtered list (not one page), in the list's
//! order and columns, headings in the reader's language (see `ssr/export`).

use crate::i18n::*;
use crate::model::projects::{ProjectRow, ProjectStatus};
use crate::ssr::export::table::{Cell, Table, lang_of};

/// The list's rows as a table.
pub fn table(rows: &[ProjectRow], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, projects.col_code).to_string(),
        td_string!(locale, projects.col_name).to_string(),
        td_string!(locale, projects.region).to_string(),
        td_string!(locale, projects.theme).to_string(),
        td_string!(locale, projects.status).to_string(),
        td_string!(locale, projects.col_subprojects).to_string(),
        td_string!(locale, projects.col_funding).to_string(),
    ];
    let rows = rows
        .iter()
        .map(|row| {
            vec![
                Cell::Text(row.code.clone()),
                Cell::Text(row.name.get(lang).to_string()),
                Cell::Text(row.region.get(lang).to_string()),
                Cell::Text(row.theme.get(lang).to_string()),
                Cell::Text(status_name(locale, row.status)),
                Cell::Count(row.subprojects),
                Cell::Money(row.planned_funding),
            ]
        })
        .collect();
    Table {
        name: "projects",
        head,
        rows,
    }
}

fn status_name(locale: Locale, status: ProjectStatus) -> String {
    match status {
        ProjectStatus::Planned => td_string!(locale, status.planned).to_string(),
        ProjectStatus::Ongoing => td_string!(locale, status.ongoing).to_string(),
        ProjectStatus::Closed => td_string!(locale, status.closed).to_string(),
    }
}
