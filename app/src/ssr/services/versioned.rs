//! Writes that refuse to overwrite a newer save, and the one way a write opens its
//! transaction.
//!
//! Every record a form edits carries a `version`. A change is written only while the row is
//! still at the version the user saw ([`update_at`]); otherwise nothing is written and the
//! caller's list of differing saved values comes back as [`AppError::EditConflict`].

use super::lookup::{ByCode, Codes};
use crate::error::{AppError, FieldChange};
use entity::{
    case_study, city_region, indicator, organisation, project, regional_council, report, subproject,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

/// A table whose rows carry an `id` and a `version` that every change raises by one.
pub trait Versioned: EntityTrait {
    /// The `id` column.
    const ID: Self::Column;
    /// The `version` column.
    const VERSION: Self::Column;
    /// The form field a unique-key violation belongs to (`code`), if the table has one.
    const UNIQUE: Option<(&'static str, &'static str)>;
}

macro_rules! versioned {
    ($($table:ident => $unique:expr),* $(,)?) => {$(
        impl Versioned for $table::Entity {
            const ID: $table::Column = $table::Column::Id;
            const VERSION: $table::Column = $table::Column::Version;
            const UNIQUE: Option<(&'static str, &'static str)> = $unique;
        }
    )*};
}

versioned! {
    project => Some(("code", "code_taken")),
    subproject => Some(("code", "code_taken")),
    indicator => Some(("code", "code_taken")),
    city_region => Some(("code", "code_taken")),
    regional_council => Some(("code", "code_taken")),
    organisation => Some(("business_id", "business_id_taken")),
    case_study => None,
    report => None,
}

/// Writes the set columns of `model` to row `id` if it is still at `version`, raising the
/// version by one.
///
/// # Errors
/// A `version` field error when the form sent none; [`AppError::EditConflict`] with
/// `conflict()` (the saved values that differ from the input) when the row has moved on;
/// a field error for the table's unique key; [`AppError::Internal`] when the database fails.
pub async fn update_at<A>(
    txn: &impl ConnectionTrait,
    id: i32,
    version: Option<i32>,
    model: A,
    conflict: impl FnOnce() -> Vec<FieldChange>,
) -> Result<(), AppError>
where
    A: ActiveModelTrait,
    A::Entity: Versioned,
{
    update_at_if(txn, id, version, Condition::all(), model, conflict).await
}

/// [`update_at`] with a further `condition` the row must meet (a report still editable);
/// a row that does not is a conflict too.
///
/// # Errors
/// As [`update_at`].
pub async fn update_at_if<A>(
    txn: &impl ConnectionTrait,
    id: i32,
    version: Option<i32>,
    condition: impl sea_orm::sea_query::IntoCondition,
    model: A,
    conflict: impl FnOnce() -> Vec<FieldChange>,
) -> Result<(), AppError>
where
    A: ActiveModelTrait,
    A::Entity: Versioned,
{
    let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
    let version = <A::Entity as Versioned>::VERSION;
    let updated = <A::Entity as EntityTrait>::update_many()
        .set(model)
        .col_expr(version, Expr::col(version).add(1))
        .filter(<A::Entity as Versioned>::ID.eq(id))
        .filter(version.eq(expected))
        .filter(condition)
        .exec(txn)
        .await
        .map_err(|e| match <A::Entity as Versioned>::UNIQUE {
            Some((field, key)) => AppError::unique_as(field, key)(e),
            None => e.into(),
        })?;
    if updated.rows_affected == 0 {
        return Err(AppError::EditConflict(conflict()));
    }
    Ok(())
}

/// Runs `write` in one write transaction and commits it if `write` succeeds; on an error
/// nothing is saved. Writes that can also run inside a caller's transaction (an import of
/// many rows) are `…_in` functions that this wraps.
///
/// # Errors
/// Whatever `write` returns, or [`AppError::Internal`] when the database fails.
pub async fn in_transaction<C: TransactionTrait, T>(
    db: &C,
    write: impl AsyncFnOnce(&C::Transaction) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let txn = crate::ssr::db::begin_write(db).await?;
    let out = write(&txn).await?;
    txn.commit().await?;
    Ok(out)
}

/// Refuses `code` when another row of `E` than `id` has it, as the table's unique-key field
/// error; the database's unique index is the backstop for a race.
///
/// # Errors
/// The unique-key field error, or [`AppError::Internal`] when the database fails.
pub async fn ensure_free<E: Versioned + ByCode>(
    txn: &impl ConnectionTrait,
    code: &str,
    id: Option<i32>,
) -> Result<(), AppError> {
    let other = E::find()
        .filter(<E as ByCode>::CODE.eq(code))
        .filter(<E as Versioned>::ID.ne(id.unwrap_or(-1)))
        .one(txn)
        .await?;
    match (other, E::UNIQUE) {
        (Some(_), Some((field, key))) => Err(AppError::field(field, key)),
        _ => Ok(()),
    }
}

/// [`ensure_free`] through a unit of work's `codes`, which may know the code already.
///
/// # Errors
/// As [`ensure_free`].
pub async fn ensure_free_in<E: Versioned + ByCode>(
    txn: &impl ConnectionTrait,
    codes: &Codes,
    code: &str,
    id: Option<i32>,
) -> Result<(), AppError> {
    match (codes.id::<E>(txn, code).await?, E::UNIQUE) {
        (Some(other), Some((field, key))) if Some(other) != id => Err(AppError::field(field, key)),
        _ => Ok(()),
    }
}
