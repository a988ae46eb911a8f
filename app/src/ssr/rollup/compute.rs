//! The dashboard's roll-ups: for a filter of region, theme, action, council and period, the
//! packages, individual projects, organisations, planned and realised money by source (and
//! by region and theme) and indicator progress, each one aggregate query over the register.
//!
//! Scope: the national team and the ministry see every region, a city coordinator their own
//! regions. Approved data is the default; coordinators and the national team may include
//! drafts, submitted and returned reports. Realised money counts only with an approved
//! report for its period unless drafts are included.

//!
//! The figures of a scope are its regions' parts ([`super::parts`]) added up, with the names
//! and choices read here. This is the bottom of the read models with `parts`: the dashboard,
//! the snapshots and the cache build on it.

use super::indicators::{RollupScope, filter_of};
use super::part_queries::compute_parts;
use super::parts::Parts;
use crate::error::AppError;
use crate::model::Money;
use crate::model::dashboard::{
    Actuals, CodedActual, Dashboard, DashboardChoices, DashboardFilter, IndicatorProgress,
    RegionFigures, ThemeRow,
};
use crate::model::projects::Choice;
use crate::model::reporting::{Indicator, IndicatorTotal, Quantity};
use crate::ssr::columns::names;
use crate::ssr::services::lookup;
use crate::ssr::services::reporting::region_names;
use crate::ssr::sql::fetch_all;
use entity::{city_region, reporting_period};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use std::sync::Arc;

/// The regions of a scope, in their display order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn regions_of(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<Vec<city_region::Model>, AppError> {
    let mut query = city_region::Entity::find().order_by_asc(city_region::Column::SortOrder);
    if let Some(ids) = &scope.regions {
        query = query.filter(city_region::Column::Id.is_in(ids.clone()));
    }
    Ok(query.all(db).await?)
}

/// The regions of `scope` and their parts, every one computed here (nothing kept).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn parts_computed(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<(Vec<city_region::Model>, Parts), AppError> {
    let regions = regions_of(db, scope).await?;
    let in_scope = RollupScope {
        regions: Some(regions.iter().map(|r| r.id).collect()),
        ..filter_of(scope)
    };
    let by_part = compute_parts(db, &in_scope)
        .await?
        .into_iter()
        .map(|(id, part)| (id, Arc::new(part)))
        .collect();
    Ok((regions, Parts { by_part }))
}

/// The figures for a resolved scope, as anyone may see them: every region among the filter
/// choices and nothing the reader may do (the caller sets that for its reader), as a frozen
/// roll-up stores it. Every part is computed here (nothing kept).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn compute(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    filter: &DashboardFilter,
) -> Result<Dashboard, AppError> {
    let (regions, parts) = parts_computed(db, scope).await?;
    assemble(db, scope, filter, &regions, &parts).await
}

/// Targets, actuals and distinct companies per indicator of `parts`, in catalogue order.
pub fn totals_of(catalogue: &[Indicator], parts: &Parts) -> Vec<IndicatorTotal> {
    catalogue
        .iter()
        .map(|i| IndicatorTotal {
            indicator_id: i.id,
            code: i.code.clone(),
            name: i.name.clone(),
            target: Quantity(parts.sum(|p| &p.targets, i.id)),
            actual: Quantity(parts.sum(|p| &p.actuals, i.id)),
            companies_distinct: i.lists_companies.then(|| parts.companies_distinct(i.id)),
        })
        .collect()
}

/// The figures of `scope` from the parts of its `regions`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn assemble(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    filter: &DashboardFilter,
    regions: &[city_region::Model],
    parts: &Parts,
) -> Result<Dashboard, AppError> {
    let catalogue = crate::ssr::services::reporting::indicators::all(db).await?;
    let indicators = totals_of(&catalogue, parts)
        .into_iter()
        .zip(&catalogue)
        .map(|(t, i)| IndicatorProgress {
            code: t.code,
            cumulative: i.cumulative(),
            name: t.name,
            unit: i.unit.clone(),
            target: t.target,
            actual: t.actual,
            companies_distinct: t.companies_distinct,
        })
        .collect();
    let mut sums = parts.by_region();
    let by_region = regions
        .iter()
        .map(|r| {
            let part = sums.remove(&r.id).unwrap_or_default();
            RegionFigures {
                code: r.code.clone(),
                name: region_names(r),
                population: r.population,
                subprojects: part.subprojects,
                planned: part.planned,
                realised: part.realised.total(),
                actuals: Actuals(
                    catalogue
                        .iter()
                        .map(|i| CodedActual {
                            code: i.code.clone(),
                            actual: Quantity(part.actuals.get(&i.id).copied().unwrap_or(0)),
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    let packages = parts.packages();
    let (frame, frame_version) = crate::ssr::services::frame::frame(db).await?;
    Ok(Dashboard {
        filter: DashboardFilter {
            all: !scope.approved_only,
            ..filter.clone()
        },
        choices: choices(db).await?,
        can_include_unapproved: false,
        projects: i64::try_from(packages.len()).unwrap_or(i64::MAX),
        subprojects: parts.subprojects(),
        organisations: parts.organisations(),
        planned: parts.planned(),
        realised: parts.realised(),
        indicators,
        by_region,
        by_theme: themes(db, parts, &packages).await?,
        frame: Some(frame),
        frame_version,
        scope: Vec::new(),
        national_reader: false,
        can_edit_frame: false,
        frozen: None,
        computing_since: None,
        trend: Vec::new(),
    })
}

/// Every theme with the packages in scope and their planned money.
async fn themes(
    db: &impl ConnectionTrait,
    parts: &Parts,
    packages: &HashMap<i32, i32>,
) -> Result<Vec<ThemeRow>, AppError> {
    #[derive(FromQueryResult)]
    struct ThemeName {
        id: i32,
        code: String,
        name_fi: String,
        name_sv: String,
        name_en: String,
    }
    let mut per_theme: HashMap<i32, i64> = HashMap::new();
    for theme in packages.values() {
        *per_theme.entry(*theme).or_default() += 1;
    }
    let themes: Vec<ThemeName> = fetch_all(
        db,
        "SELECT id, code, name_fi, name_sv, name_en FROM theme ORDER BY sort_order",
        vec![],
    )
    .await?;
    Ok(themes
        .into_iter()
        .map(|t| ThemeRow {
            subprojects: per_theme.get(&t.id).copied().unwrap_or(0),
            planned: Money::from_cents(parts.sum(|p| &p.theme_planned, t.id)),
            code: t.code,
            name: names(&t.name_fi, &t.name_sv, &t.name_en),
        })
        .collect())
}

/// The choices of the dashboard's filters: every region, theme, action and council, and
/// the periods newest first.
async fn choices(db: &impl ConnectionTrait) -> Result<DashboardChoices, AppError> {
    let regions = city_region::Entity::find()
        .order_by_asc(city_region::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Choice {
            name: region_names(&r),
            code: r.code,
        })
        .collect();
    let periods = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::StartsOn)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    Ok(DashboardChoices {
        regions,
        themes: lookup::choices::<entity::theme::Entity>(db).await?,
        actions: lookup::choices::<entity::action::Entity>(db).await?,
        councils: lookup::choices::<entity::regional_council::Entity>(db).await?,
        periods,
    })
}
