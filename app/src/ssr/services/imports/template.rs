//! The import template of a kind in the reader's language: its columns' headings, what each
//! holds, and the codes the lists offer (regions, themes, actions, councils, statuses,
//! kinds of organisation, open periods, indicators), each list only where the kind's
//! columns use it.

use super::columns::heading;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::imports::{FieldType, ImportKind};
use crate::model::projects::Choice;
use crate::model::register::ORGANISATION_KINDS;
use crate::ssr::export::table::Cell;
use crate::ssr::export::table::lang_of;
use crate::ssr::export::template::{self, Column, ColumnType, Template};
use crate::ssr::services::lookup::choices;
use crate::ssr::services::reporting::indicators;
use entity::status::PeriodStatus;
use entity::{action, city_region, regional_council, reporting_period, theme};
use leptos_i18n::td_string;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The lists a kind's fields choose codes from, in the order of its fields.
fn lists_of(kind: ImportKind) -> Vec<&'static str> {
    let mut lists = Vec::new();
    for field in kind.fields() {
        if let FieldType::Code(list) | FieldType::Codes(list) = field.kind
            && !lists.contains(&list)
        {
            lists.push(list);
        }
    }
    lists
}

/// The codes of a list with their names in the reader's language.
async fn choices_of(
    db: &impl ConnectionTrait,
    locale: Locale,
    list: &str,
) -> Result<Vec<Choice>, AppError> {
    let named = |code: &str, name: String| Choice {
        code: code.into(),
        name: crate::model::Names::same(name),
    };
    Ok(match list {
        "region" => choices::<city_region::Entity>(db).await?,
        "theme" => choices::<theme::Entity>(db).await?,
        "action" => choices::<action::Entity>(db).await?,
        "council" => choices::<regional_council::Entity>(db).await?,
        "status" => ["planned", "ongoing", "closed"]
            .map(|code| named(code, status_name(locale, code)))
            .to_vec(),
        "organisation_kind" => ORGANISATION_KINDS
            .map(|code| named(code, organisation_kind_name(locale, code)))
            .to_vec(),
        // The periods open for reports: a closed period's values are locked.
        "period" => reporting_period::Entity::find()
            .filter(reporting_period::Column::Status.eq(PeriodStatus::Open))
            .order_by_asc(reporting_period::Column::StartsOn)
            .all(db)
            .await?
            .into_iter()
            .map(|p| {
                let dates = format!("{} – {}", p.starts_on, p.ends_on);
                named(&p.code, dates)
            })
            .collect(),
        "indicator" => indicators::all(db)
            .await?
            .into_iter()
            .map(|i| Choice {
                code: i.code,
                name: i.name,
            })
            .collect(),
        _ => Vec::new(),
    })
}

/// The template of `kind` as an `.xlsx` file, with `rows` (none: an empty template; the
/// user's records from [`super::records::rows`]: a workbook to edit and import back).
///
/// # Errors
/// [`AppError::Internal`] when the database or the writer fails.
pub async fn workbook(
    db: &impl ConnectionTrait,
    locale: Locale,
    kind: ImportKind,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<u8>, AppError> {
    let template = template_of(db, locale, kind, rows).await?;
    template::write(&template).map_err(written)
}

/// The whole portfolio the principal reads, each kind in its template's shape on a sheet of
/// its own (packages, subprojects with planned money, organisations, the open periods'
/// indicator values, targets), as one `.xlsx` file: a sheet exported here imports back
/// as it is.
///
/// # Errors
/// [`AppError::Internal`] when the database or the writer fails.
pub async fn portfolio(
    db: &impl ConnectionTrait,
    locale: Locale,
    principal: &crate::ssr::access::Principal,
) -> Result<Vec<u8>, AppError> {
    let mut templates = Vec::with_capacity(ImportKind::ALL.len());
    for kind in ImportKind::ALL {
        templates.push(template_of(db, locale, kind, Vec::new()).await?);
    }
    // Each sheet's rows are written as they are read, a thousand records or so at a time.
    let mut book = template::Book::new(&templates);
    for (i, kind) in ImportKind::ALL.into_iter().enumerate() {
        book.sheet(i).map_err(written)?;
        super::records::each(db, principal, kind, &mut |rows| {
            book.rows(&rows).map_err(written)
        })
        .await?;
    }
    book.finish().map_err(written)
}

fn written(err: rust_xlsxwriter::XlsxError) -> AppError {
    tracing::error!(error = %err, "could not write an import template");
    AppError::Internal
}

/// The template of `kind` with `rows`, in the reader's language.
async fn template_of(
    db: &impl ConnectionTrait,
    locale: Locale,
    kind: ImportKind,
    rows: Vec<Vec<Cell>>,
) -> Result<Template, AppError> {
    let lang = lang_of(locale);
    let names = lists_of(kind);
    let mut lists = Vec::with_capacity(names.len());
    for list in &names {
        lists.push(choices_of(db, locale, list).await?);
    }
    let described = |list: &str| {
        let place = names.iter().position(|l| *l == list).unwrap_or(0);
        let allowed = lists[place]
            .iter()
            .map(|c| format!("{} – {}", c.code, c.name.get(lang)))
            .collect::<Vec<_>>()
            .join("; ");
        (place, allowed)
    };
    let columns = kind
        .fields()
        .iter()
        .map(|field| {
            let (kind, meaning, allowed) = match field.kind {
                FieldType::Text | FieldType::BusinessId if field.code == kind.key_field() => (
                    ColumnType::Text,
                    match kind {
                        ImportKind::Organisations => td_string!(locale, imports.types.org_key),
                        ImportKind::IndicatorValues | ImportKind::Targets => {
                            td_string!(locale, imports.types.subproject)
                        }
                        ImportKind::Packages | ImportKind::Subprojects => {
                            td_string!(locale, imports.types.key)
                        }
                    },
                    String::new(),
                ),
                FieldType::Text if field.code == "code" => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.key),
                    String::new(),
                ),
                FieldType::Text if field.code == "package" => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.package),
                    String::new(),
                ),
                FieldType::Text if field.code == "name" => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.org_name),
                    String::new(),
                ),
                FieldType::Text if field.code == "municipality" => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.municipality),
                    String::new(),
                ),
                FieldType::Text => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.text),
                    String::new(),
                ),
                FieldType::LongText if field.code == "reason" => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.reason),
                    String::new(),
                ),
                FieldType::LongText => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.long_text),
                    String::new(),
                ),
                FieldType::Date => (
                    ColumnType::Date,
                    td_string!(locale, imports.types.date),
                    String::new(),
                ),
                FieldType::Money => (
                    ColumnType::Money,
                    td_string!(locale, imports.types.money),
                    String::new(),
                ),
                FieldType::BusinessId => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.business_id),
                    String::new(),
                ),
                FieldType::BusinessIds => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.business_ids),
                    String::new(),
                ),
                FieldType::Quantity => (
                    ColumnType::Text,
                    td_string!(locale, imports.types.quantity),
                    String::new(),
                ),
                FieldType::Code(list) => {
                    let (place, allowed) = described(list);
                    (
                        ColumnType::Listed(place),
                        td_string!(locale, imports.types.code),
                        allowed,
                    )
                }
                FieldType::Codes(list) => {
                    let (_, allowed) = described(list);
                    (
                        ColumnType::Text,
                        td_string!(locale, imports.types.codes),
                        allowed,
                    )
                }
            };
            Column {
                heading: heading(locale, field.code),
                kind,
                required: if field.required {
                    td_string!(locale, imports.yes)
                } else {
                    td_string!(locale, imports.no)
                }
                .to_string(),
                meaning: meaning.to_string(),
                allowed,
            }
        })
        .collect();
    let template = Template {
        data_sheet: match kind {
            ImportKind::Packages => td_string!(locale, imports.sheet_packages),
            ImportKind::Subprojects => td_string!(locale, imports.sheet_subprojects),
            ImportKind::Organisations => td_string!(locale, imports.sheet_organisations),
            ImportKind::IndicatorValues => td_string!(locale, imports.sheet_values),
            ImportKind::Targets => td_string!(locale, imports.sheet_targets),
        }
        .to_string(),
        help_sheet: td_string!(locale, imports.sheet_help).to_string(),
        codes_sheet: td_string!(locale, imports.sheet_codes).to_string(),
        help_head: [
            td_string!(locale, imports.help_column).to_string(),
            td_string!(locale, imports.help_required).to_string(),
            td_string!(locale, imports.help_meaning).to_string(),
            td_string!(locale, imports.help_allowed).to_string(),
        ],
        columns,
        lists: names
            .iter()
            .zip(lists)
            .map(|(list, choices)| {
                (
                    heading(locale, list_field(list)),
                    choices.into_iter().map(|c| c.code).collect(),
                )
            })
            .collect(),
        rows,
    };
    Ok(template)
}

/// The field a list's codes fill.
fn list_field(list: &str) -> &str {
    match list {
        "action" => "actions",
        "organisation_kind" => "kind",
        other => other,
    }
}

pub(crate) fn organisation_kind_name(locale: Locale, code: &str) -> String {
    match code {
        "university" => td_string!(locale, org_kinds.university),
        "university_of_applied_sciences" => {
            td_string!(locale, org_kinds.university_of_applied_sciences)
        }
        "research_institute" => td_string!(locale, org_kinds.research_institute),
        "city" => td_string!(locale, org_kinds.city),
        "city_company" => td_string!(locale, org_kinds.city_company),
        "company" => td_string!(locale, org_kinds.company),
        "association" => td_string!(locale, org_kinds.association),
        _ => td_string!(locale, org_kinds.other_public),
    }
    .to_string()
}

fn status_name(locale: Locale, code: &str) -> String {
    match code {
        "planned" => td_string!(locale, status.planned),
        "ongoing" => td_string!(locale, status.ongoing),
        _ => td_string!(locale, status.closed),
    }
    .to_string()
}
