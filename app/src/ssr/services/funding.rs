//! A subproject's money by funding source (EU, state, city, other public, private): planned,
//! and realised per reporting period, as one funding line per source.

use super::lookup::{Codes, ids_by_code, one_of};
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
    codes: &Codes,
    subproject_id: i32,
) -> Result<BySource<Money>, AppError> {
    amounts(db, codes, subproject_id, FundingKind::Planned, None).await
}

/// Planned money of many subprojects by source, read in a few queries, by subproject id (a
/// subproject with no lines has none here: zero from every source).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn planned_amounts_of(
    db: &impl ConnectionTrait,
    codes: &Codes,
    ids: &[i32],
) -> Result<HashMap<i32, BySource<Money>>, AppError> {
    let sources = source_ids(db, codes).await?;
    let mut out: HashMap<i32, BySource<Money>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let lines = funding_line::Entity::find()
            .filter(one_of(
                db,
                funding_line::Column::SubprojectId,
                chunk,
                "integer",
            ))
            .filter(funding_line::Column::Kind.eq(FundingKind::Planned))
            .all(db)
            .await?;
        for line in lines {
            if let Some((source, _)) = sources.iter().find(|(_, id)| **id == line.source_id) {
                out.entry(line.subproject_id).or_default()[source] =
                    Money::from_cents(line.amount_cents);
            }
        }
    }
    Ok(out)
}

/// A subproject's funding lines of `kind` (`planned`, or `realised` in `period_id`) by
/// source.
pub(crate) async fn amounts(
    db: &impl ConnectionTrait,
    codes: &Codes,
    subproject_id: i32,
    kind: FundingKind,
    period_id: Option<i32>,
) -> Result<BySource<Money>, AppError> {
    let sources = source_ids(db, codes).await?;
    let mut amounts = BySource::<Money>::default();
    let mut lines = funding_line::Entity::find()
        .filter(funding_line::Column::SubprojectId.eq(subproject_id))
        .filter(funding_line::Column::Kind.eq(kind));
    if let Some(period) = period_id {
        lines = lines.filter(funding_line::Column::PeriodId.eq(period));
    }
    for line in lines.all(db).await? {
        if let Some((source, _)) = sources.iter().find(|(_, id)| **id == line.source_id) {
            amounts[source] = Money::from_cents(line.amount_cents);
        }
    }
    Ok(amounts)
}

/// The realised money of `subprojects` by (subproject, period) and source, read a few
/// queries for every 500 subprojects.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(crate) async fn realised_of(
    db: &impl ConnectionTrait,
    subprojects: &[i32],
) -> Result<HashMap<(i32, i32), BySource<Money>>, AppError> {
    let sources = sources_by_id(db).await?;
    let mut out: HashMap<(i32, i32), BySource<Money>> = HashMap::new();
    for chunk in subprojects.chunks(500) {
        for line in funding_line::Entity::find()
            .filter(one_of(
                db,
                funding_line::Column::SubprojectId,
                chunk,
                "integer",
            ))
            .filter(funding_line::Column::Kind.eq(FundingKind::Realised))
            .all(db)
            .await?
        {
            if let (Some(period), Some(source)) = (line.period_id, sources.get(&line.source_id)) {
                out.entry((line.subproject_id, period)).or_default()[*source] =
                    Money::from_cents(line.amount_cents);
            }
        }
    }
    Ok(out)
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

/// The funding sources' ids, read through the unit of work's `codes`; each must be stored.
async fn source_ids(db: &impl ConnectionTrait, codes: &Codes) -> Result<BySource<i32>, AppError> {
    let mut ids = BySource::<i32>::default();
    for source in Source::ALL {
        ids[source] = codes
            .small_table_id::<funding_source::Entity>(db, source.code())
            .await?
            .ok_or(AppError::Internal)?;
    }
    Ok(ids)
}

fn kind_of(period_id: Option<i32>) -> FundingKind {
    if period_id.is_some() {
        FundingKind::Realised
    } else {
        FundingKind::Planned
    }
}

/// Replaces a subproject's money by source: planned (no period) or realised in a period.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(crate) async fn replace_lines(
    txn: &impl ConnectionTrait,
    codes: &Codes,
    sub_id: i32,
    period_id: Option<i32>,
    amounts: BySource<Money>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    funding_line::Entity::delete_many()
        .filter(funding_line::Column::SubprojectId.eq(sub_id))
        .filter(funding_line::Column::Kind.eq(kind_of(period_id)))
        .filter(match period_id {
            Some(p) => funding_line::Column::PeriodId.eq(p),
            None => funding_line::Column::PeriodId.is_null(),
        })
        .exec(txn)
        .await?;
    insert_lines(txn, codes, sub_id, period_id, amounts, now).await
}

/// Writes the money by source of a subproject whose lines of that kind (and period) were
/// just removed.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn insert_lines(
    txn: &impl ConnectionTrait,
    codes: &Codes,
    sub_id: i32,
    period_id: Option<i32>,
    amounts: BySource<Money>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let lines = new_lines(txn, codes, period_id, amounts, now)
        .await?
        .into_iter()
        .map(|line| funding_line::ActiveModel {
            subproject_id: Set(sub_id),
            ..line
        });
    funding_line::Entity::insert_many(lines)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The lines of money by source, planned (no period) or realised in a period, of a
/// subproject not yet set: a new subproject's planned money, written once its id is known.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(crate) async fn new_lines(
    txn: &impl ConnectionTrait,
    codes: &Codes,
    period_id: Option<i32>,
    amounts: BySource<Money>,
    now: DateTime<Utc>,
) -> Result<Vec<funding_line::ActiveModel>, AppError> {
    let kind = kind_of(period_id);
    let sources = source_ids(txn, codes).await?;
    Ok(sources
        .into_iter()
        .zip(amounts)
        .map(|(source, amount)| funding_line::ActiveModel {
            source_id: Set(source),
            kind: Set(kind),
            period_id: Set(period_id),
            amount_cents: Set(amount.cents()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect())
}
