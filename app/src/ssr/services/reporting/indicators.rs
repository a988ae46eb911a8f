//! The indicator catalogue, managed by the national team.

use crate::error::AppError;
use crate::model::Names;
use crate::model::auth::Role;
use crate::model::forms::NamesInput;
use crate::model::register::{FieldChange, NAME_FIELDS};
use crate::model::reporting::{DEFINITION_FIELDS, Indicator, IndicatorCatalogue, IndicatorInput};
use crate::ssr::access::Principal;
use crate::ssr::columns::optional;
use crate::ssr::services::audit::changes_json;
use crate::ssr::services::audit::diff_fields;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::versioned::{ensure_free, in_transaction, update_at};
use entity::indicator;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
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
        name: NamesInput::new(&i.name_fi, &i.name_sv, &i.name_en),
        definition: NamesInput::new(&i.definition_fi, &i.definition_sv, &i.definition_en),
        unit: i.unit.clone(),
        kind: i.kind.clone(),
        eu_code: i.eu_code.clone().unwrap_or_default(),
        lists_companies: i.lists_companies,
    }
}

/// An indicator's fields as the audit log names them.
fn fields(i: &IndicatorInput) -> Vec<(&'static str, String)> {
    let mut fields = vec![("code", i.code.clone())];
    fields.extend(i.name.fields(NAME_FIELDS));
    fields.extend(i.definition.fields(DEFINITION_FIELDS));
    fields.extend([
        ("unit", i.unit.clone()),
        ("kind", i.kind.clone()),
        ("eu_code", i.eu_code.clone()),
        ("lists_companies", i.lists_companies.to_string()),
    ]);
    fields
}

fn diff(before: &IndicatorInput, after: &IndicatorInput) -> Vec<FieldChange> {
    diff_fields(&fields(before), &fields(after))
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

/// Adds an indicator or changes one, audited field by field, in one transaction. A changed
/// kind would change the meaning of values already reported, so it is refused once values
/// exist.
///
/// # Errors
/// As [`save_in`].
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &IndicatorInput,
) -> Result<i32, AppError> {
    in_transaction(db, async |txn| {
        save_in(txn, principal, id, version, input).await
    })
    .await
}

/// [`save`] inside the caller's transaction: authorise, parse, write, audit.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team, [`AppError::Validation`] per field,
/// [`AppError::EditConflict`] when someone saved first.
pub async fn save_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &IndicatorInput,
) -> Result<i32, AppError> {
    if !principal.has(Role::NationalCoordinator) {
        return Err(AppError::Forbidden);
    }
    let input = input.parse()?;
    ensure_free::<indicator::Entity>(txn, &input.code, id).await?;
    let model = indicator::ActiveModel {
        code: Set(input.code.clone()),
        name_fi: Set(input.name.fi.clone()),
        name_sv: Set(input.name.sv.clone()),
        name_en: Set(input.name.en.clone()),
        definition_fi: Set(input.definition.fi.clone()),
        definition_sv: Set(input.definition.sv.clone()),
        definition_en: Set(input.definition.en.clone()),
        unit: Set(input.unit.clone()),
        kind: Set(input.kind.clone()),
        eu_code: Set(optional(&input.eu_code)),
        lists_companies: Set(input.lists_companies),
        ..Default::default()
    };
    let (id, before) = match id {
        None => (insert(txn, model).await?, IndicatorInput::default()),
        Some(id) => {
            let current = indicator::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let before = input_of(&current);
            if before.kind != input.kind && in_use(txn, id).await? {
                return Err(AppError::field("kind", "kind_in_use"));
            }
            update_at(txn, id, version, model, || diff(&input, &before)).await?;
            (id, before)
        }
    };
    let action = if before.code.is_empty() {
        "create"
    } else {
        "update"
    };
    let entry = Entry::new(action, "indicator", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff(&before, &input)));
    audit::record(txn, entry).await?;
    Ok(id)
}

/// Adds a new indicator last in the catalogue.
///
/// # Errors
/// A `code` field error when the code is taken meanwhile.
async fn insert(
    txn: &impl ConnectionTrait,
    model: indicator::ActiveModel,
) -> Result<i32, AppError> {
    let next_order = indicator::Entity::find()
        .order_by_desc(indicator::Column::SortOrder)
        .one(txn)
        .await?
        .map_or(0, |i| i.sort_order + 1);
    let created = indicator::ActiveModel {
        headline: Set(None),
        sort_order: Set(next_order),
        version: Set(1),
        ..model
    };
    Ok(indicator::Entity::insert(created)
        .exec(txn)
        .await
        .map_err(AppError::unique_as("code", "code_taken"))?
        .last_insert_id)
}

/// Whether values have been reported for the indicator.
async fn in_use(txn: &impl ConnectionTrait, id: i32) -> Result<bool, AppError> {
    Ok(entity::indicator_actual::Entity::find()
        .filter(entity::indicator_actual::Column::IndicatorId.eq(id))
        .one(txn)
        .await?
        .is_some())
}
