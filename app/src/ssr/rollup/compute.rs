//! The dashboard's roll-ups: for a filter of region, theme, action, council and period, the
//! packages, individual projects, organisations, planned and realised money by source (and
//! by region and theme) and indicator progress, each one aggregate query over the register.
//!
//! Scope: the national team and the ministry see every region, a city coordinator their own
//! regions. Approved data is the default; coordinators and the national team may include
//! drafts, submitted and returned reports. Realised money counts only with an approved
//! report for its period unless drafts are included.

//!
//! This is the bottom of the read models: the figures of one resolved scope, computed; the
//! dashboard, the snapshots and the cache build on it.

use super::indicators::{RollupScope, indicator_totals_by_region};
use crate::error::AppError;
use crate::model::Money;
use crate::model::dashboard::{
    Actuals, Dashboard, DashboardChoices, DashboardFilter, IndicatorProgress, RegionFigures,
    ThemeRow,
};
use crate::model::projects::Choice;
use crate::model::reporting::Quantity;
use crate::model::sources::{BySource, Source};
use crate::ssr::columns::names;
use crate::ssr::services::lookup;
use crate::ssr::services::reporting::region_names;
use crate::ssr::sql::{fetch_all, fetch_one};
use entity::status::{FundingKind, ReportState};
use entity::{city_region, reporting_period};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Value,
};
use std::collections::HashMap;

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

#[derive(FromQueryResult)]
struct SourceSum {
    key: i32,
    code: String,
    cents: Option<i64>,
}

#[derive(FromQueryResult)]
struct KeyCount {
    key: i32,
    n: i64,
}

fn by_source(rows: &[SourceSum], key: Option<i32>) -> BySource<Money> {
    let mut out = BySource::<Money>::default();
    for r in rows.iter().filter(|r| key.is_none_or(|k| k == r.key)) {
        if let Some(source) = Source::from_code(&r.code) {
            out[source] = out[source] + Money::from_cents(r.cents.unwrap_or(0));
        }
    }
    out
}

/// Planned money by (region, source) of the subprojects in scope.
async fn planned(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<Vec<SourceSum>, AppError> {
    let mut values = Vec::new();
    let cond = scope.subproject_sql("s", &mut values);
    values.push(FundingKind::Planned.code().into());
    fetch_all(
        db,
        &format!(
            "SELECT s.region_id AS key, fs.code AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents \
             FROM funding_line fl JOIN funding_source fs ON fs.id = fl.source_id \
             JOIN subproject s ON s.id = fl.subproject_id \
             WHERE {cond} AND fl.kind = ? GROUP BY s.region_id, fs.code"
        ),
        values,
    )
    .await
}

/// Realised money by (region, source): periods up to the scope's end, approved reports only
/// unless drafts are included.
async fn realised(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<Vec<SourceSum>, AppError> {
    let mut values = Vec::new();
    let cond = scope.subproject_sql("s", &mut values);
    let mut sql = format!(
        "SELECT s.region_id AS key, fs.code AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents \
         FROM funding_line fl JOIN funding_source fs ON fs.id = fl.source_id \
         JOIN subproject s ON s.id = fl.subproject_id \
         JOIN reporting_period p ON p.id = fl.period_id \
         WHERE {cond} AND fl.kind = ?"
    );
    values.push(FundingKind::Realised.code().into());
    if let Some(until) = scope.until {
        sql.push_str(" AND p.ends_on <= ?");
        values.push(until.into());
    }
    if scope.approved_only {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM report r WHERE r.subproject_id = fl.subproject_id \
             AND r.period_id = fl.period_id AND r.status = ?)",
        );
        values.push(ReportState::Approved.code().into());
    }
    sql.push_str(" GROUP BY s.region_id, fs.code");
    fetch_all(db, &sql, values).await
}

/// The packages in scope: those with a subproject in scope, and those without subprojects
/// that match by their own fields. `p` is the package alias; the values are appended.
fn packages_in_scope(scope: &RollupScope, values: &mut Vec<Value>) -> String {
    let lone = scope.project_sql("p", values);
    let sub = scope.subproject_sql("s", values);
    format!("(({lone}) OR EXISTS (SELECT 1 FROM subproject s WHERE s.project_id = p.id AND {sub}))")
}

async fn count(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<i64, AppError> {
    Ok(fetch_one::<Count>(db, sql, values).await?.n)
}

/// The figures for a resolved scope, as anyone may see them: every region among the filter
/// choices and nothing the reader may do (the caller sets that for its reader), as a frozen
/// roll-up stores it.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn compute(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    filter: &DashboardFilter,
) -> Result<Dashboard, AppError> {
    let counts = counts(db, scope).await?;
    let planned_rows = planned(db, scope).await?;
    let realised_rows = realised(db, scope).await?;
    let (totals, region_actuals) = indicator_totals_by_region(db, scope).await?;
    let actuals_of = |region: i32| {
        totals
            .iter()
            .map(|t| {
                let q = region_actuals.get(&(t.indicator_id, region)).copied();
                (t.code.clone(), Quantity(q.unwrap_or(0)))
            })
            .collect()
    };
    let by_region = regions(db, scope, &planned_rows, &realised_rows, actuals_of).await?;
    let indicators = crate::ssr::services::reporting::indicators::all(db)
        .await?
        .into_iter()
        .filter_map(|i| {
            let t = totals.iter().find(|t| t.indicator_id == i.id)?;
            Some(IndicatorProgress {
                code: i.code.clone(),
                cumulative: i.cumulative(),
                name: i.name,
                unit: i.unit,
                target: t.target,
                actual: t.actual,
                companies_distinct: t.companies_distinct,
            })
        })
        .collect();
    let (frame, frame_version) = crate::ssr::services::frame::frame(db).await?;
    Ok(Dashboard {
        filter: DashboardFilter {
            all: !scope.approved_only,
            ..filter.clone()
        },
        choices: choices(db).await?,
        can_include_unapproved: false,
        projects: counts.projects,
        subprojects: counts.subprojects,
        organisations: counts.organisations,
        planned: by_source(&planned_rows, None),
        realised: by_source(&realised_rows, None),
        indicators,
        by_region,
        by_theme: themes(db, scope).await?,
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

/// How many packages, individual projects (a package without subprojects counts as one)
/// and organisations a scope holds.
struct Counts {
    projects: i64,
    subprojects: i64,
    organisations: i64,
}

async fn counts(db: &impl ConnectionTrait, scope: &RollupScope) -> Result<Counts, AppError> {
    let mut v = Vec::new();
    let packages = packages_in_scope(scope, &mut v);
    let projects = count(
        db,
        &format!("SELECT COUNT(*) AS n FROM project p WHERE {packages}"),
        v,
    )
    .await?;
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let subs = count(
        db,
        &format!("SELECT COUNT(*) AS n FROM subproject s WHERE {cond}"),
        v,
    )
    .await?;
    let mut v = Vec::new();
    let lone = scope.project_sql("p", &mut v);
    let lone = count(
        db,
        &format!("SELECT COUNT(*) AS n FROM project p WHERE {lone}"),
        v,
    )
    .await?;
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let packages = packages_in_scope(scope, &mut v);
    let organisations = count(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM ( \
               SELECT s.organisation_id AS id FROM subproject s WHERE {cond} \
               UNION SELECT p.lead_organisation_id FROM project p \
                 WHERE p.lead_organisation_id IS NOT NULL AND {packages} \
             ) o"
        ),
        v,
    )
    .await?;
    Ok(Counts {
        projects,
        subprojects: subs + lone,
        organisations,
    })
}

/// Every region in scope with its subprojects, money by source and indicator actuals (by
/// region id from `actuals_of`).
async fn regions(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    planned_rows: &[SourceSum],
    realised_rows: &[SourceSum],
    actuals_of: impl Fn(i32) -> Actuals,
) -> Result<Vec<RegionFigures>, AppError> {
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let region_subs: HashMap<i32, i64> = fetch_all::<KeyCount>(
        db,
        &format!("SELECT s.region_id AS key, COUNT(*) AS n FROM subproject s WHERE {cond} GROUP BY s.region_id"),
        v,
    )
    .await?
    .into_iter()
    .map(|r| (r.key, r.n))
    .collect();
    let mut regions_query =
        city_region::Entity::find().order_by_asc(city_region::Column::SortOrder);
    if let Some(ids) = &scope.regions {
        regions_query = regions_query.filter(city_region::Column::Id.is_in(ids.clone()));
    }
    Ok(regions_query
        .all(db)
        .await?
        .iter()
        .map(|r| RegionFigures {
            code: r.code.clone(),
            name: region_names(r),
            population: r.population,
            subprojects: region_subs.get(&r.id).copied().unwrap_or(0),
            planned: by_source(planned_rows, Some(r.id)),
            realised: by_source(realised_rows, Some(r.id)).total(),
            actuals: actuals_of(r.id),
        })
        .collect())
}

/// Every theme with the packages in scope and their planned money.
async fn themes(db: &impl ConnectionTrait, scope: &RollupScope) -> Result<Vec<ThemeRow>, AppError> {
    let mut v = Vec::new();
    let packages = packages_in_scope(scope, &mut v);
    let theme_projects: HashMap<i32, i64> = fetch_all::<KeyCount>(
        db,
        &format!("SELECT p.theme_id AS key, COUNT(*) AS n FROM project p WHERE {packages} GROUP BY p.theme_id"),
        v,
    )
    .await?
    .into_iter()
    .map(|r| (r.key, r.n))
    .collect();
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    v.push(FundingKind::Planned.code().into());
    let theme_money: HashMap<i32, i64> = fetch_all::<SourceSum>(
        db,
        &format!(
            "SELECT p.theme_id AS key, 'all' AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents \
             FROM funding_line fl JOIN subproject s ON s.id = fl.subproject_id \
             JOIN project p ON p.id = s.project_id \
             WHERE {cond} AND fl.kind = ? GROUP BY p.theme_id"
        ),
        v,
    )
    .await?
    .into_iter()
    .map(|r| (r.key, r.cents.unwrap_or(0)))
    .collect();
    #[derive(FromQueryResult)]
    struct ThemeName {
        id: i32,
        code: String,
        name_fi: String,
        name_sv: String,
        name_en: String,
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
            subprojects: theme_projects.get(&t.id).copied().unwrap_or(0),
            planned: Money::from_cents(theme_money.get(&t.id).copied().unwrap_or(0)),
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
