//! The indicator catalogue, managed by the national team.

use crate::error::AppError;
use crate::model::Names;
use crate::model::auth::Role;
use crate::model::register::FieldChange;
use crate::model::reporting::{Indicator, IndicatorCatalogue, IndicatorInput};
use crate::ssr::access::Principal;
use crate::ssr::columns::optional;
use crate::ssr::services::audit::changes_json;
use crate::ssr::services::audit::{self, Entry};
use entity::indicator;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};

pub(crate) fn indicator_of(i: &indicator::Model) -> Indicator {
    Indicator {
        id: i.id,
        code: i.code.clone(),
        name: Names {
            fi: i.name_fi.clone(),
            sv: Some(i.name_sv.clone()),
            en: Some(i.name_en.clone()),
        },
        definition: Names {
            fi: i.definition_fi.clone(),
            sv: Some(i.definition_sv.clone()),
            en: Some(i.definition_en.clone()),
        },
        unit: i.unit.clone(),
        kind: i.kind.clone(),
        eu_code: i.eu_code.clone(),
        headline: i.headline.clone(),
        lists_companies: i.lists_companies,
        version: i.version,
    }
}

/// Every indicator in catalogue order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Indicator>, AppError> {
    Ok(indicator::Entity::find()
        .order_by_asc(indicator::Column::SortOrder)
        .order_by_asc(indicator::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(indicator_of)
        .collect())
}

/// The catalogue as the signed-in user sees it.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn catalogue(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<IndicatorCatalogue, AppError> {
    Ok(IndicatorCatalogue {
        indicators: all(db).await?,
        can_edit: principal.has(Role::NationalCoordinator),
    })
}

fn input_of(i: &indicator::Model) -> IndicatorInput {
    IndicatorInput {
        code: i.code.clone(),
        name_fi: i.name_fi.clone(),
        name_sv: i.name_sv.clone(),
        name_en: i.name_en.clone(),
        definition_fi: i.definition_fi.clone(),
        definition_sv: i.definition_sv.clone(),
        definition_en: i.definition_en.clone(),
        unit: i.unit.clone(),
        kind: i.kind.clone(),
        eu_code: i.eu_code.clone().unwrap_or_default(),
        lists_companies: i.lists_companies,
    }
}

fn diff(before: &IndicatorInput, after: &IndicatorInput) -> Vec<FieldChange> {
    [
        ("code", &before.code, &after.code),
        ("name_fi", &before.name_fi, &after.name_fi),
        ("name_sv", &before.name_sv, &after.name_sv),
        ("name_en", &before.name_en, &after.name_en),
        ("definition_fi", &before.definition_fi, &after.definition_fi),
        ("definition_sv", &before.definition_sv, &after.definition_sv),
        ("definition_en", &before.definition_en, &after.definition_en),
        ("unit", &before.unit, &after.unit),
        ("kind", &before.kind, &after.kind),
        ("eu_code", &before.eu_code, &after.eu_code),
    ]
    .into_iter()
    .map(|(f, o, n)| (f, o.clone(), n.clone()))
    .chain(std::iter::once((
        "lists_companies",
        before.lists_companies.to_string(),
        after.lists_companies.to_string(),
    )))
    .filter(|(_, o, n)| o != n)
    .map(|(field, old, new)| FieldChange {
        field: field.into(),
        old,
        new,
    })
    .collect()
}

/// One indicator's form: its fields and version (none for a new one).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team, [`AppError::NotFound`].
pub async fn form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
) -> Result<(IndicatorInput, Option<i32>), AppError> {
    if !principal.has(Role::NationalCoordinator) {
        return Err(AppError::Forbidden);
    }
    match id {
        None => Ok((
            IndicatorInput {
                kind: "incremental".into(),
                ..Default::default()
            },
            None,
        )),
        Some(id) => {
            let i = indicator::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok((input_of(&i), Some(i.version)))
        }
    }
}

/// Adds an indicator or changes one, audited field by field. A changed kind would change
/// the meaning of values already reported, so it is refused once values exist.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team, [`AppError::Validation`] per field,
/// [`AppError::EditConflict`] when someone saved first.
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &IndicatorInput,
) -> Result<i32, AppError> {
    use validator::Validate;
    if !principal.has(Role::NationalCoordinator) {
        return Err(AppError::Forbidden);
    }
    let mut input = input.clone();
    for text in [
        &mut input.code,
        &mut input.name_fi,
        &mut input.name_sv,
        &mut input.name_en,
        &mut input.definition_fi,
        &mut input.definition_sv,
        &mut input.definition_en,
        &mut input.unit,
        &mut input.kind,
        &mut input.eu_code,
    ] {
        *text = crate::model::text::clean(text);
    }
    input
        .validate()
        .map_err(|e| AppError::Validation(crate::error::field_errors(&e)))?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let taken = indicator::Entity::find()
        .filter(indicator::Column::Code.eq(input.code.as_str()))
        .filter(indicator::Column::Id.ne(id.unwrap_or(-1)))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::field("code", "code_taken"));
    }
    let (id, before, action) = match id {
        None => {
            let next_order = indicator::Entity::find()
                .order_by_desc(indicator::Column::SortOrder)
                .one(&txn)
                .await?
                .map_or(0, |i| i.sort_order + 1);
            let created = indicator::ActiveModel {
                code: Set(input.code.clone()),
                name_fi: Set(input.name_fi.clone()),
                name_sv: Set(input.name_sv.clone()),
                name_en: Set(input.name_en.clone()),
                definition_fi: Set(input.definition_fi.clone()),
                definition_sv: Set(input.definition_sv.clone()),
                definition_en: Set(input.definition_en.clone()),
                unit: Set(input.unit.clone()),
                kind: Set(input.kind.clone()),
                eu_code: Set(optional(&input.eu_code)),
                headline: Set(None),
                lists_companies: Set(input.lists_companies),
                sort_order: Set(next_order),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(AppError::unique_as("code", "code_taken"))?;
            (created.id, IndicatorInput::default(), "create")
        }
        Some(id) => {
            let current = indicator::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let before = input_of(&current);
            if before.kind != input.kind {
                let used = entity::indicator_actual::Entity::find()
                    .filter(entity::indicator_actual::Column::IndicatorId.eq(id))
                    .one(&txn)
                    .await?
                    .is_some();
                if used {
                    return Err(AppError::field("kind", "kind_in_use"));
                }
            }
            let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
            let updated = indicator::Entity::update_many()
                .col_expr(indicator::Column::Code, Expr::value(input.code.clone()))
                .col_expr(
                    indicator::Column::NameFi,
                    Expr::value(input.name_fi.clone()),
                )
                .col_expr(
                    indicator::Column::NameSv,
                    Expr::value(input.name_sv.clone()),
                )
                .col_expr(
                    indicator::Column::NameEn,
                    Expr::value(input.name_en.clone()),
                )
                .col_expr(
                    indicator::Column::DefinitionFi,
                    Expr::value(input.definition_fi.clone()),
                )
                .col_expr(
                    indicator::Column::DefinitionSv,
                    Expr::value(input.definition_sv.clone()),
                )
                .col_expr(
                    indicator::Column::DefinitionEn,
                    Expr::value(input.definition_en.clone()),
                )
                .col_expr(indicator::Column::Unit, Expr::value(input.unit.clone()))
                .col_expr(indicator::Column::Kind, Expr::value(input.kind.clone()))
                .col_expr(
                    indicator::Column::EuCode,
                    Expr::value(optional(&input.eu_code)),
                )
                .col_expr(
                    indicator::Column::ListsCompanies,
                    Expr::value(input.lists_companies),
                )
                .col_expr(
                    indicator::Column::Version,
                    Expr::col(indicator::Column::Version).add(1),
                )
                .filter(indicator::Column::Id.eq(id))
                .filter(indicator::Column::Version.eq(expected))
                .exec(&txn)
                .await
                .map_err(AppError::unique_as("code", "code_taken"))?;
            if updated.rows_affected == 0 {
                return Err(AppError::EditConflict(diff(&input, &before)));
            }
            (id, before, "update")
        }
    };
    let entry = Entry::new(action, "indicator", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff(&before, &input)));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}
