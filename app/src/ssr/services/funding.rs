//! A subproject's money by funding source (EU, state, city, other public, private): planned,
//! and realised per reporting period, as one funding line per source.

use super::lookup::ids_by_code;
use crate::error::AppError;
use crate::model::Money;
use crate::model::sources::{BySource, Source};
use chrono::{DateTime, Utc};
use entity::status::FundingKind;
use entity::{funding_line, funding_source};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Planned money of a subproject by source.
pub async fn planned_amounts(
    db: &impl ConnectionTrait,
    subproject_id: i32,
) -> Result<BySource<Money>, AppError> {
    amounts(db, subproject_id, FundingKind::Planned, None).await
}

/// A subproject's funding lines of `kind` (`planned`, or `realised` in `period_id`) by
/// source.
pub(crate) async fn amounts(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    kind: FundingKind,
    period_id: Option<i32>,
) -> Result<BySource<Money>, AppError> {
    let sources = sources_by_id(db).await?;
    let mut amounts = BySource::<Money>::default();
    let mut lines = funding_line::Entity::find()
        .filter(funding_line::Column::SubprojectId.eq(subproject_id))
        .filter(funding_line::Column::Kind.eq(kind));
    if let Some(period) = period_id {
        lines = lines.filter(funding_line::Column::PeriodId.eq(period));
    }
    for line in lines.all(db).await? {
        if let Some(&source) = sources.get(&line.source_id) {
            amounts[source] = Money::from_cents(line.amount_cents);
        }
    }
    Ok(amounts)
}

/// The funding sources by their stored ids (a source the code does not know is left out).
pub(crate) async fn sources_by_id(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i32, Source>, AppError> {
    Ok(ids_by_code::<funding_source::Entity>(db)
        .await?
        .into_iter()
        .filter_map(|(code, id)| Some((id, Source::from_code(&code)?)))
        .collect())
}

/// The funding sources' ids, for writing lines of every source; each must be stored.
async fn source_ids(db: &impl ConnectionTrait) -> Result<BySource<i32>, AppError> {
    let ids = ids_by_code::<funding_source::Entity>(db).await?;
    let ids = BySource::from_fn(|source| ids.get(source.code()).copied());
    if ids.values().any(Option::is_none) {
        return Err(AppError::Internal);
    }
    Ok(ids.map(Option::unwrap_or_default))
}

/// Replaces a subproject's money by source: planned (no period) or realised in a period.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(crate) async fn replace_lines(
    txn: &impl ConnectionTrait,
    sub_id: i32,
    period_id: Option<i32>,
    amounts: BySource<Money>,
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
    let lines =
        sources
            .into_iter()
            .zip(amounts)
            .map(|(source, amount)| funding_line::ActiveModel {
                subproject_id: Set(sub_id),
                source_id: Set(source),
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
