//! The dashboard's tables to download, for the same filter and scope as the page: column
//! headings in the reader's language, cells typed (`export::table::Cell`), written as CSV or
//! as an Excel workbook by `export`.

use crate::i18n::*;
use crate::model::Lang;
use crate::model::dashboard::Dashboard;
use crate::model::sources::Source;
use crate::ssr::export::table::{Cell, Table, lang_of};

/// The tables that download.
pub const TABLES: [&str; 5] = ["sources", "regions", "themes", "indicators", "trend"];

/// One table of the dashboard, or `None` for an unknown table.
pub fn table(d: &Dashboard, name: &str, locale: Locale) -> Option<Table> {
    let name = TABLES.into_iter().find(|table| *table == name)?;
    let lang = lang_of(locale);
    let (head, rows) = match name {
        "sources" => (sources_head(locale), sources(d, locale)),
        "regions" => (regions_head(locale), regions(d, lang)),
        "themes" => (themes_head(locale), themes(d, lang)),
        "indicators" => (indicators_head(locale), indicators(d, lang)),
        "trend" => trend(d, locale),
        _ => return None,
    };
    Some(Table { name, head, rows })
}

fn source_name(locale: Locale, source: Source) -> String {
    match source {
        Source::Eu => td_string!(locale, sources.eu).to_string(),
        Source::State => td_string!(locale, sources.state).to_string(),
        Source::City => td_string!(locale, sources.city).to_string(),
        Source::OtherPublic => td_string!(locale, sources.other_public).to_string(),
        Source::Private => td_string!(locale, sources.private).to_string(),
    }
}

fn sources_head(locale: Locale) -> Vec<String> {
    vec![
        td_string!(locale, dashboard.source).to_string(),
        td_string!(locale, dashboard.code_column).to_string(),
        td_string!(locale, dashboard.planned).to_string(),
        td_string!(locale, dashboard.realised).to_string(),
    ]
}

fn sources(d: &Dashboard, locale: Locale) -> Vec<Vec<Cell>> {
    Source::ALL
        .into_iter()
        .map(|source| {
            vec![
                Cell::Text(source_name(locale, source)),
                Cell::Text(source.code().into()),
                Cell::Money(d.planned[source]),
                Cell::Money(d.realised[source]),
            ]
        })
        .collect()
}

fn regions_head(locale: Locale) -> Vec<String> {
    let mut head = vec![
        td_string!(locale, register.region).to_string(),
        td_string!(locale, dashboard.code_column).to_string(),
        td_string!(locale, home.subprojects).to_string(),
    ];
    head.extend(Source::ALL.map(|source| source_name(locale, source)));
    head.push(td_string!(locale, dashboard.planned).to_string());
    head.push(td_string!(locale, dashboard.per_capita).to_string());
    head.push(td_string!(locale, dashboard.realised).to_string());
    head.push(td_string!(locale, dashboard.realised_per_capita).to_string());
    head
}

fn regions(d: &Dashboard, lang: Lang) -> Vec<Vec<Cell>> {
    d.by_region
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(r.name.get(lang).to_string()),
                Cell::Text(r.code.clone()),
                Cell::Count(r.subprojects),
            ];
            row.extend(r.planned.values().map(|m| Cell::Money(*m)));
            row.push(Cell::Money(r.planned_total()));
            row.push(r.per_capita(r.planned_total()).into());
            row.push(Cell::Money(r.realised));
            row.push(r.per_capita(r.realised).into());
            row
        })
        .collect()
}

fn themes_head(locale: Locale) -> Vec<String> {
    vec![
        td_string!(locale, register.theme).to_string(),
        td_string!(locale, dashboard.code_column).to_string(),
        td_string!(locale, home.projects).to_string(),
        td_string!(locale, dashboard.planned).to_string(),
    ]
}

fn themes(d: &Dashboard, lang: Lang) -> Vec<Vec<Cell>> {
    d.by_theme
        .iter()
        .map(|t| {
            vec![
                Cell::Text(t.name.get(lang).to_string()),
                Cell::Text(t.code.clone()),
                Cell::Count(t.subprojects),
                Cell::Money(t.planned),
            ]
        })
        .collect()
}

fn indicators_head(locale: Locale) -> Vec<String> {
    vec![
        td_string!(locale, dashboard.code_column).to_string(),
        td_string!(locale, reporting.indicator).to_string(),
        td_string!(locale, indicators.unit).to_string(),
        td_string!(locale, reporting.target).to_string(),
        td_string!(locale, reporting.actual).to_string(),
        td_string!(locale, reporting.distinct_companies).to_string(),
    ]
}

fn indicators(d: &Dashboard, lang: Lang) -> Vec<Vec<Cell>> {
    d.indicators
        .iter()
        .map(|p| {
            vec![
                Cell::Text(p.code.clone()),
                Cell::Text(p.name.get(lang).to_string()),
                Cell::Text(p.unit.clone()),
                Cell::Quantity(p.target),
                Cell::Quantity(p.actual),
                p.companies_distinct.map_or(Cell::Empty, Cell::Count),
            ]
        })
        .collect()
}

fn trend(d: &Dashboard, locale: Locale) -> (Vec<String>, Vec<Vec<Cell>>) {
    let codes: Vec<String> = d
        .trend
        .first()
        .map(|p| p.actuals.codes())
        .unwrap_or_default();
    let mut head = vec![
        td_string!(locale, dashboard.at_end_of).to_string(),
        td_string!(locale, home.projects).to_string(),
        td_string!(locale, home.subprojects).to_string(),
        td_string!(locale, dashboard.planned).to_string(),
        td_string!(locale, dashboard.realised).to_string(),
    ];
    head.extend(codes.iter().cloned());
    let rows = d
        .trend
        .iter()
        .map(|p| {
            let period = if p.period.is_empty() {
                td_string!(locale, dashboard.now).to_string()
            } else {
                p.period.clone()
            };
            let mut row = vec![
                Cell::Text(period),
                Cell::Count(p.projects),
                Cell::Count(p.subprojects),
                Cell::Money(p.planned),
                Cell::Money(p.realised),
            ];
            row.extend(
                codes
                    .iter()
                    .map(|c| p.actuals.get(c).map_or(Cell::Empty, Cell::Quantity)),
            );
            row
        })
        .collect();
    (head, rows)
}
