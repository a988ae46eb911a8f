//! The programme's funding frame: a setting the national team edits, versioned and audited.
//! The dashboard compares the committed money with it.

use super::audit::{self, Entry};
use crate::error::AppError;
use crate::model::Money;
use crate::ssr::access::{Principal, national_only};
use entity::programme_setting;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};

const FRAME_KEY: &str = "frame_cents";

/// The funding frame and its version.
///
/// # Errors
/// [`AppError::Internal`] when the setting is missing or malformed.
pub async fn frame(db: &impl ConnectionTrait) -> Result<(Money, i32), AppError> {
    let row = programme_setting::Entity::find_by_id(FRAME_KEY.to_string())
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let cents: i64 = row.setting_value.parse().map_err(|_| AppError::Internal)?;
    Ok((Money::from_cents(cents), row.version))
}

/// Changes the funding frame (national team), audited with its old and new value.
///
/// # Errors
/// [`AppError::Forbidden`] for others, a `frame` field error for a bad amount,
/// [`AppError::Conflict`] when someone changed it since `version`.
pub async fn set_frame(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    amount: &str,
    version: i32,
) -> Result<(), AppError> {
    national_only(principal)?;
    let amount =
        Money::parse_input(amount).map_err(|e| AppError::field("frame", e.message_key()))?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let (old, _) = frame(&txn).await?;
    let updated = programme_setting::Entity::update_many()
        .col_expr(
            programme_setting::Column::SettingValue,
            Expr::value(amount.cents().to_string()),
        )
        .col_expr(
            programme_setting::Column::Version,
            Expr::col(programme_setting::Column::Version).add(1),
        )
        .col_expr(
            programme_setting::Column::UpdatedAt,
            Expr::value(chrono::Utc::now()),
        )
        .filter(programme_setting::Column::SettingKey.eq(FRAME_KEY))
        .filter(programme_setting::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    let entry = Entry::new("update", "programme_setting", Some(FRAME_KEY.into()))
        .by(Some(principal.user_id))
        .changes(
            serde_json::json!({ "frame": { "old": old.to_string(), "new": amount.to_string() } }),
        );
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
