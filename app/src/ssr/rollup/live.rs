//! Live roll-ups from kept parts: a scope's regions' parts, each taken from the cache when
//! none of its rows has changed since it was computed, else computed again (and kept).

use super::cache::{RollupCache, versions};
use super::compute::{assemble, regions_of};
use super::indicators::{RollupScope, filter_of};
use super::parts::{Parts, parts_of_region};
use crate::error::AppError;
use crate::model::dashboard::{Dashboard, DashboardFilter};
use entity::city_region;
use sea_orm::DatabaseConnection;

/// The regions of `scope` and their parts, kept or computed now.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn parts_of(
    db: &DatabaseConnection,
    cache: &RollupCache,
    scope: &RollupScope,
) -> Result<(Vec<city_region::Model>, Parts), AppError> {
    let now = versions(db).await?;
    let regions = regions_of(db, scope).await?;
    let wanted: Vec<i32> = regions.iter().flat_map(|r| parts_of_region(r.id)).collect();
    let by_part = cache.parts(db, &now, &filter_of(scope), &wanted).await?;
    Ok((regions, Parts { by_part }))
}

/// The figures of `scope` from its regions' parts, as [`super::compute::compute`] gives them.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn live_dashboard(
    db: &DatabaseConnection,
    cache: &RollupCache,
    scope: &RollupScope,
) -> Result<Dashboard, AppError> {
    let (regions, parts) = parts_of(db, cache, scope).await?;
    assemble(db, scope, &DashboardFilter::default(), &regions, &parts).await
}
