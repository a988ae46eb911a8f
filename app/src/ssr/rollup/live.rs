//! Live roll-ups from kept parts: a scope's regions' parts, each taken from the cache when
//! its region has not changed since it was computed, else computed again (and kept).

use super::cache::{RollupCache, versions};
use super::compute::{assemble, regions_of};
use super::indicators::RollupScope;
use super::parts::{Parts, filter_of};
use crate::error::AppError;
use crate::model::dashboard::{Dashboard, DashboardFilter};
use entity::city_region;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

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
    let filter = filter_of(scope);
    let mut by_region = HashMap::new();
    for region in &regions {
        let part = cache.part(db, &now, region.id, &filter).await?;
        by_region.insert(region.id, part);
    }
    Ok((regions, Parts { by_region }))
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
