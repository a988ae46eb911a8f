//! Frozen roll-ups and the funding frame. Closing a period stores the national roll-up of
//! approved data up to its end, once; the dashboard can show any of them and the trend
//! across them. The funding frame is a setting the national team edits.

use super::compute::compute;
use super::indicators::RollupScope;
use crate::error::AppError;
use crate::model::dashboard::{Dashboard, DashboardFilter, TrendPoint};
use crate::ssr::access::Principal;
use crate::ssr::services::reporting::periods;
use entity::{reporting_period, rollup_snapshot};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

/// The national approved roll-up at the end of `period`.
async fn national_at(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
) -> Result<Dashboard, AppError> {
    let scope = RollupScope {
        until: Some(period.ends_on),
        approved_only: true,
        ..Default::default()
    };
    let filter = DashboardFilter {
        period: Some(period.code.clone()),
        ..Default::default()
    };
    compute(db, &scope, &filter).await
}

/// Stores the frozen roll-up of a period being closed, inside the caller's transaction.
///
/// # Errors
/// [`AppError::Internal`] when the database fails (a second snapshot of the same period is
/// refused by its unique key).
pub async fn take(
    txn: &impl ConnectionTrait,
    period: &reporting_period::Model,
    by: Option<i32>,
) -> Result<(), AppError> {
    let dashboard = national_at(txn, period).await?;
    let data = serde_json::to_string(&dashboard).map_err(|_| AppError::Internal)?;
    rollup_snapshot::ActiveModel {
        period_id: Set(period.id),
        taken_at: Set(chrono::Utc::now()),
        taken_by: Set(by),
        data: Set(data),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The frozen roll-up of the period `code`, with when it was taken.
///
/// # Errors
/// A `snapshot` field error when there is none.
pub async fn load(db: &impl ConnectionTrait, code: &str) -> Result<(Dashboard, String), AppError> {
    let period = reporting_period::Entity::find()
        .filter(reporting_period::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("snapshot", "unknown"))?;
    let snapshot = rollup_snapshot::Entity::find()
        .filter(rollup_snapshot::Column::PeriodId.eq(period.id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("snapshot", "unknown"))?;
    let dashboard: Dashboard =
        serde_json::from_str(&snapshot.data).map_err(|_| AppError::Internal)?;
    Ok((dashboard, snapshot.taken_at.to_rfc3339()))
}

/// Every frozen roll-up, oldest period first, as trend points.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn trend(db: &impl ConnectionTrait) -> Result<Vec<TrendPoint>, AppError> {
    let mut snapshots = rollup_snapshot::Entity::find()
        .find_also_related(reporting_period::Entity)
        .all(db)
        .await?;
    snapshots.sort_by_key(|(_, p)| p.as_ref().map(|p| p.ends_on));
    let mut out = Vec::new();
    for (s, p) in snapshots {
        let d: Dashboard = serde_json::from_str(&s.data).map_err(|_| AppError::Internal)?;
        out.push(TrendPoint::of(&p.map(|p| p.code).unwrap_or_default(), &d));
    }
    Ok(out)
}

/// Closes an open period and freezes its national roll-up as it stands now, in one
/// transaction: later edits do not change the snapshot.
///
/// # Errors
/// As [`periods::close_in`]; [`AppError::Internal`] when the database fails.
pub async fn close_period(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    let txn = crate::ssr::db::begin_write(db).await?;
    let period = periods::close_in(&txn, principal, id, version).await?;
    take(&txn, &period, Some(principal.user_id)).await?;
    txn.commit().await?;
    Ok(())
}
