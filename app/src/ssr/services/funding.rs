//! A subproject's money by funding source (EU, state, city, other public, private): planned,
//! and realised per reporting period, as one funding line per source.

use crate::error::AppError;
use crate::model::Money;
use crate::model::register::SOURCE_CODES;
use chrono::{DateTime, Utc};
use entity::status::FundingKind;
use entity::{funding_line, funding_source};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Planned money of a subproject by source.
pub(crate) async fn planned_amounts(
    db: &impl ConnectionTrait,
    subproject_id: i32,
) -> Result<[Money; 5], AppError> {
    amounts(db, subproject_id, FundingKind::Planned, None).await
}

/// A subproject's funding lines of `kind` (`planned`, or `realised` in `period_id`) by
/// source, in [`SOURCE_CODES`] order.
pub(crate) async fn amounts(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    kind: FundingKind,
    period_id: Option<i32>,
) -> Result<[Money; 5], AppError> {
    let sources = source_ids(db).await?;
    let mut amounts = [Money::ZERO; 5];
    let mut lines = funding_line::Entity::find()
        .filter(funding_line::Column::SubprojectId.eq(subproject_id))
        .filter(funding_line::Column::Kind.eq(kind));
    if let Some(period) = period_id {
        lines = lines.filter(funding_line::Column::PeriodId.eq(period));
    }
    for line in lines.all(db).await? {
        if let Some(i) = sources.iter().position(|id| *id == line.source_id) {
            amounts[i] = Money::from_cents(line.amount_cents);
        }
    }
    Ok(amounts)
}

/// Funding source ids in [`SOURCE_CODES`] order.
pub(crate) async fn source_ids(db: &impl ConnectionTrait) -> Result<[i32; 5], AppError> {
    let all = funding_source::Entity::find().all(db).await?;
    let mut ids = [0; 5];
    for (i, code) in SOURCE_CODES.iter().enumerate() {
        ids[i] = all
            .iter()
            .find(|s| s.code == *code)
            .map(|s| s.id)
            .ok_or(AppError::Internal)?;
    }
    Ok(ids)
}

/// Replaces a subproject's money by source: planned (no period) or realised in a period.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(crate) async fn replace_lines(
    txn: &impl ConnectionTrait,
    sub_id: i32,
    period_id: Option<i32>,
    amounts: [Money; 5],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let kind = if period_id.is_some() {
        FundingKind::Realised
    } else {
        FundingKind::Planned
    };
    let sources = source_ids(txn).await?;
    funding_line::Entity::delete_many()
        .filter(funding_line::Column::SubprojectId.eq(sub_id))
        .filter(funding_line::Column::Kind.eq(kind))
        .filter(match period_id {
            Some(p) => funding_line::Column::PeriodId.eq(p),
            None => funding_line::Column::PeriodId.is_null(),
        })
        .exec(txn)
        .await?;
    let lines = sources
        .iter()
        .zip(amounts)
        .map(|(source, amount)| funding_line::ActiveModel {
            subproject_id: Set(sub_id),
            source_id: Set(*source),
            kind: Set(kind),
            period_id: Set(period_id),
            amount_cents: Set(amount.cents()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        });
    funding_line::Entity::insert_many(lines).exec(txn).await?;
    Ok(())
}
