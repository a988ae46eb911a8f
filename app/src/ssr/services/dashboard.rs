//! The dashboard's roll-ups: for a filter of region, theme, action, council and period, the
//! packages, individual projects, organisations, planned and realised money by source (and
//! by region and theme) and indicator progress, each one aggregate query over the register.
//!
//! Scope: the national team and the ministry see every region, a city coordinator their own
//! regions. Approved data is the default; coordinators and the national team may include
//! drafts, submitted and returned reports. Realised money counts only with an approved
//! report for its period unless drafts are included.

use super::projects::{choices, choices_by};
use super::register::names;
use super::reporting::region_names;
use super::reporting::rollup::{RollupScope, indicator_totals_by_region};
use crate::error::AppError;
use crate::model::Money;
use crate::model::auth::Role;
use crate::model::dashboard::{
    Dashboard, DashboardChoices, DashboardFilter, IndicatorProgress, RegionFigures, ThemeRow,
    TrendPoint,
};
use crate::model::projects::Choice;
use crate::model::register::SOURCE_CODES;
use crate::model::reporting::Quantity;
use crate::ssr::auth::{Principal, Scope};
use crate::ssr::rollup_cache::{RollupCache, RollupKey};
use crate::ssr::sql::{fetch_all, fetch_one};
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

/// Resolves a code of `table` to its id; an unknown code is a field error on `field`.
async fn id_of(
    db: &impl ConnectionTrait,
    table: &'static str,
    field: &str,
    code: Option<&str>,
) -> Result<Option<i32>, AppError> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i32,
    }
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let found: Vec<Id> = fetch_all(
        db,
        &format!("SELECT id FROM {table} WHERE code = ?"),
        vec![code.into()],
    )
    .await?;
    found
        .first()
        .map(|i| Some(i.id))
        .ok_or_else(|| AppError::field(field, "unknown"))
}

/// The filter as a roll-up scope for this principal, with the period it ends at.
///
/// # Errors
/// A field error for an unknown code.
pub async fn scope_of(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &DashboardFilter,
) -> Result<RollupScope, AppError> {
    let region = id_of(db, "city_region", "region", filter.region.as_deref()).await?;
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
        theme: id_of(db, "theme", "theme", filter.theme.as_deref()).await?,
        action: id_of(db, "action", "action", filter.action.as_deref()).await?,
        council: id_of(db, "regional_council", "council", filter.council.as_deref()).await?,
        until,
        approved_only,
    })
}

fn by_source(rows: &[SourceSum], key: Option<i32>) -> [Money; 5] {
    let mut out = [Money::ZERO; 5];
    for r in rows.iter().filter(|r| key.is_none_or(|k| k == r.key)) {
        if let Some(i) = SOURCE_CODES.iter().position(|c| *c == r.code) {
            out[i] = out[i] + Money::from_cents(r.cents.unwrap_or(0));
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
    fetch_all(
        db,
        &format!(
            "SELECT s.region_id AS key, fs.code AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents \
             FROM funding_line fl JOIN funding_source fs ON fs.id = fl.source_id \
             JOIN subproject s ON s.id = fl.subproject_id \
             WHERE fl.kind = 'planned' AND {cond} GROUP BY s.region_id, fs.code"
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
         WHERE fl.kind = 'realised' AND {cond}"
    );
    if let Some(until) = scope.until {
        sql.push_str(" AND p.ends_on <= ?");
        values.push(until.into());
    }
    if scope.approved_only {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM report r WHERE r.subproject_id = fl.subproject_id \
             AND r.period_id = fl.period_id AND r.status = 'approved')",
        );
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

/// The dashboard for `filter` as the principal may see it: live figures in the principal's
/// scope (computed once per data version and scope, see [`RollupCache`]), or a closed
/// period's frozen national roll-up.
///
/// # Errors
/// A field error for an unknown code or snapshot; [`AppError::Forbidden`] for a snapshot
/// outside the national team and the ministry; [`AppError::Internal`] when the database
/// fails.
pub async fn dashboard(
    db: &impl ConnectionTrait,
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
            .get_or_compute(db, RollupKey::Trend, super::snapshots::trend(db))
            .await?
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
        d.frozen = Some((code.to_string(), taken_at));
        d.can_include_unapproved = false;
        d.can_edit_frame = false;
        d.trend = trend;
        return Ok(d);
    }
    let scope = scope_of(db, principal, filter).await?;
    let shared = cache
        .get_or_compute(
            db,
            RollupKey::Live(scope.clone()),
            compute(db, &scope, &DashboardFilter::default()),
        )
        .await?;
    let mut d = shared.as_ref().clone();
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
    let scope = scope.clone();

    let mut v = Vec::new();
    let packages = packages_in_scope(&scope, &mut v);
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
    let packages = packages_in_scope(&scope, &mut v);
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

    let planned_rows = planned(db, &scope).await?;
    let realised_rows = realised(db, &scope).await?;

    // Per region: every region in scope, with its subprojects.
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
    let regions = regions_query.all(db).await?;
    let (totals, region_actuals) = indicator_totals_by_region(db, &scope).await?;
    let by_region = regions
        .iter()
        .map(|r| RegionFigures {
            code: r.code.clone(),
            name: region_names(r),
            population: r.population,
            subprojects: region_subs.get(&r.id).copied().unwrap_or(0),
            planned: by_source(&planned_rows, Some(r.id)),
            realised: by_source(&realised_rows, Some(r.id)).into_iter().sum(),
            actuals: totals
                .iter()
                .map(|t| {
                    let q = region_actuals.get(&(t.indicator_id, r.id)).copied();
                    (t.code.clone(), Quantity(q.unwrap_or(0)))
                })
                .collect(),
        })
        .collect();

    // Per theme: the packages in scope and their planned money.
    let mut v = Vec::new();
    let packages = packages_in_scope(&scope, &mut v);
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
    let theme_money: HashMap<i32, i64> = fetch_all::<SourceSum>(
        db,
        &format!(
            "SELECT p.theme_id AS key, 'all' AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents \
             FROM funding_line fl JOIN subproject s ON s.id = fl.subproject_id \
             JOIN project p ON p.id = s.project_id \
             WHERE fl.kind = 'planned' AND {cond} GROUP BY p.theme_id"
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
    let by_theme = themes
        .into_iter()
        .map(|t| ThemeRow {
            subprojects: theme_projects.get(&t.id).copied().unwrap_or(0),
            planned: Money::from_cents(theme_money.get(&t.id).copied().unwrap_or(0)),
            code: t.code,
            name: names(&t.name_fi, &t.name_sv, &t.name_en),
        })
        .collect();

    let indicators = super::reporting::indicators::all(db)
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

    let all_regions_choices = city_region::Entity::find()
        .order_by_asc(city_region::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Choice {
            name: region_names(&r),
            code: r.code,
        })
        .collect();
    let (frame, frame_version) = super::snapshots::frame(db).await?;
    let periods = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::StartsOn)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    Ok(Dashboard {
        filter: DashboardFilter {
            all: !scope.approved_only,
            ..filter.clone()
        },
        choices: DashboardChoices {
            regions: all_regions_choices,
            themes: choices(db, "theme").await?,
            actions: choices(db, "action").await?,
            councils: choices_by(db, "regional_council", "name_fi").await?,
            periods,
        },
        can_include_unapproved: false,
        projects,
        subprojects: subs + lone,
        organisations,
        planned: by_source(&planned_rows, None),
        realised: by_source(&realised_rows, None),
        indicators,
        by_region,
        by_theme,
        frame: Some(frame),
        frame_version,
        scope: Vec::new(),
        national_reader: false,
        can_edit_frame: false,
        frozen: None,
        trend: Vec::new(),
    })
}
