//! The dashboard as a reader sees it: the filter resolved to a roll-up scope within the
//! reader's reach, live figures from the cache (added up from kept parts by `live`), a closed period's
//! frozen figures, the trend across snapshots, and the frame the figures compare with.

use super::cache::{RollupCache, RollupKey};
use super::indicators::RollupScope;
use crate::error::AppError;
use crate::model::Money;
use crate::model::auth::Role;
use crate::model::dashboard::{Dashboard, DashboardFilter, Frozen, TrendPoint};
use crate::model::projects::Choice;
use crate::ssr::access::{Principal, Scope};
use crate::ssr::services::lookup;
use crate::ssr::services::reporting::region_names;
use entity::{city_region, reporting_period};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

/// The filter as a roll-up scope for this principal, with the period it ends at.
///
/// # Errors
/// A field error for an unknown code.
pub async fn scope_of(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &DashboardFilter,
) -> Result<RollupScope, AppError> {
    let region =
        lookup::optional_id::<entity::city_region::Entity>(db, "region", filter.region.as_deref())
            .await?;
    let (reach, approved_only) = principal.rollup_reach(filter.all);
    let regions = match (reach, region) {
        (None, r) => r.map(|r| vec![r]),
        (Some(own), None) => Some(own),
        (Some(own), Some(r)) => Some(own.into_iter().filter(|o| *o == r).collect()),
    };
    let until = match filter.period.as_deref().filter(|p| !p.is_empty()) {
        None => None,
        Some(code) => Some(
            reporting_period::Entity::find()
                .filter(reporting_period::Column::Code.eq(code))
                .one(db)
                .await?
                .ok_or_else(|| AppError::field("period", "unknown"))?
                .ends_on,
        ),
    };
    Ok(RollupScope {
        regions,
        parts: None,
        theme: lookup::optional_id::<entity::theme::Entity>(db, "theme", filter.theme.as_deref())
            .await?,
        action: lookup::optional_id::<entity::action::Entity>(
            db,
            "action",
            filter.action.as_deref(),
        )
        .await?,
        council: lookup::optional_id::<entity::regional_council::Entity>(
            db,
            "council",
            filter.council.as_deref(),
        )
        .await?,
        until,
        approved_only,
    })
}

/// The dashboard for `filter` as the principal may see it: live figures in the principal's
/// scope (computed once per data version and scope, see [`RollupCache`]), or a closed
/// period's frozen national roll-up.
///
/// # Errors
/// A field error for an unknown code or snapshot; [`AppError::Forbidden`] for a snapshot
/// outside the national team and the ministry; [`AppError::Internal`] when the database
/// fails.
pub async fn dashboard(
    db: &DatabaseConnection,
    cache: &RollupCache,
    principal: &Principal,
    filter: &DashboardFilter,
) -> Result<Dashboard, AppError> {
    let filter = &filter.sanitized();
    // Frozen roll-ups are national: for the national team and the ministry only.
    let national = matches!(principal.scope(), Scope::National);
    if principal.scope() == Scope::Regions(Vec::new()) {
        // An admin (or anyone without a data role) has no figures to see.
        return Err(AppError::Forbidden);
    }
    let trend = if national {
        cache
            .get_or_compute(db, RollupKey::Trend, async |db| {
                super::snapshots::trend(&db).await
            })
            .await?
            .value
            .as_ref()
            .clone()
    } else {
        Vec::new()
    };
    if let Some(code) = filter.snapshot.as_deref().filter(|c| !c.is_empty()) {
        if !national {
            return Err(AppError::Forbidden);
        }
        // The stored figures stand as they were, the funding frame of the time included.
        let (mut d, taken_at) = super::snapshots::load(db, code).await?;
        d.filter = DashboardFilter {
            snapshot: Some(code.to_string()),
            ..Default::default()
        };
        d.frozen = Some(Frozen {
            period: code.to_string(),
            taken_at,
        });
        d.can_include_unapproved = false;
        d.can_edit_frame = false;
        d.trend = trend;
        return Ok(d);
    }
    let scope = scope_of(db, principal, filter).await?;
    let computed_scope = scope.clone();
    let parts = cache.clone();
    let shared = cache
        .get_or_compute(db, RollupKey::Live(scope.clone()), async move |db| {
            super::live::live_dashboard(&db, &parts, &computed_scope).await
        })
        .await?;
    let mut d = shared.value.as_ref().clone();
    d.computing_since = (!shared.current).then(|| shared.as_of.to_rfc3339());
    d.filter = DashboardFilter {
        all: !scope.approved_only,
        ..filter.clone()
    };
    if let Some(ids) = &scope.regions {
        d.scope = region_names_of(db, ids).await?;
    }
    d.frame = frame_of(db, &scope, d.frame).await?;
    d.national_reader = national;
    d.can_include_unapproved = principal.may_include_unapproved();
    d.can_edit_frame = principal.has(Role::NationalCoordinator);
    if !national {
        // A coordinator filters among their own regions only.
        d.choices.regions = d
            .by_region
            .iter()
            .map(|r| Choice {
                code: r.code.clone(),
                name: r.name.clone(),
            })
            .collect();
    }
    let national_now = scope.regions.is_none()
        && scope.theme.is_none()
        && scope.action.is_none()
        && scope.council.is_none()
        && scope.until.is_none()
        && scope.approved_only;
    d.trend = trend;
    if national_now {
        let now = TrendPoint::of("", &d);
        d.trend.push(now);
    }
    Ok(d)
}

/// The names of the regions, in the programme's order.
async fn region_names_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<crate::model::Names>, AppError> {
    Ok(city_region::Entity::find()
        .filter(city_region::Column::Id.is_in(ids.to_vec()))
        .order_by_asc(city_region::Column::SortOrder)
        .all(db)
        .await?
        .iter()
        .map(region_names)
        .collect())
}

/// The frame the scope's figures compare with: the programme's (`national`) for national
/// figures, the sum of the regions' own agreement frames when every region in scope has
/// one, and none for a theme, action or council, which have no frame.
async fn frame_of(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    national: Option<Money>,
) -> Result<Option<Money>, AppError> {
    if scope.theme.is_some() || scope.action.is_some() || scope.council.is_some() {
        return Ok(None);
    }
    let Some(ids) = &scope.regions else {
        return Ok(national);
    };
    let frames: Vec<Option<i64>> = entity::ecosystem_agreement::Entity::find()
        .filter(entity::ecosystem_agreement::Column::RegionId.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.frame_cents)
        .collect();
    if ids.is_empty() || frames.len() != ids.len() {
        return Ok(None);
    }
    Ok(frames
        .into_iter()
        .sum::<Option<i64>>()
        .map(Money::from_cents))
}
