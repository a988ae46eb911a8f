//! The programme's key figures, computed from the register with one aggregate query each.
//!
//! Counting rules (see DOMAIN.md): a package without subprojects counts as one individual
//! project; organisations are the distinct implementers and lead organisations; councils are
//! the distinct funding authorities of subprojects; funding is the planned budget; indicator
//! targets use each subproject's current (highest) revision; indicator actuals come from
//! approved reports only.

use crate::error::AppError;
use crate::model::figures::{KeyFigures, ThemeFigures};
use crate::model::reporting::IndicatorTotal;
use crate::model::sources::{BySource, Source};
use crate::model::{Money, Names};
use crate::ssr::rollup::cache::{RollupCache, RollupKey};
use crate::ssr::rollup::compute::totals_of;
use crate::ssr::rollup::indicators::RollupScope;
use crate::ssr::sql::{fetch_all, fetch_one};
use entity::status::{FundingKind, ReportState};
use sea_orm::DatabaseConnection;
use sea_orm::{ConnectionTrait, FromQueryResult};

#[derive(FromQueryResult)]
struct Counts {
    projects: i64,
    subprojects: i64,
    lone_projects: i64,
    organisations: i64,
    city_regions: i64,
    councils: i64,
}

#[derive(FromQueryResult)]
struct SourceSum {
    code: String,
    cents: Option<i64>,
}

#[derive(FromQueryResult)]
struct HeadlineSum {
    headline: String,
    milli: Option<i64>,
}

#[derive(FromQueryResult)]
struct ThemeRow {
    code: String,
    name_fi: String,
    name_sv: String,
    name_en: String,
    projects: i64,
    cents: Option<i64>,
}

#[derive(FromQueryResult)]
struct CityRange {
    min_cents: Option<i64>,
    max_cents: Option<i64>,
}

#[derive(FromQueryResult)]
struct RegionName {
    name_fi: String,
    name_sv: String,
    name_en: String,
}

#[derive(FromQueryResult)]
struct AsOf {
    latest: Option<chrono::DateTime<chrono::Utc>>,
}

const COUNTS: &str = "
SELECT
  (SELECT COUNT(*) FROM project) AS projects,
  (SELECT COUNT(*) FROM subproject) AS subprojects,
  (SELECT COUNT(*) FROM project p
     WHERE NOT EXISTS (SELECT 1 FROM subproject s WHERE s.project_id = p.id)) AS lone_projects,
  (SELECT COUNT(*) FROM (
     SELECT organisation_id AS id FROM subproject
     UNION SELECT lead_organisation_id FROM project WHERE lead_organisation_id IS NOT NULL
   ) o) AS organisations,
  (SELECT COUNT(DISTINCT region_id) FROM subproject) AS city_regions,
  (SELECT COUNT(DISTINCT council_id) FROM subproject) AS councils";

const FUNDING_BY_SOURCE: &str = "
SELECT fs.code AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents
FROM funding_line fl JOIN funding_source fs ON fs.id = fl.source_id
WHERE fl.kind = ?
GROUP BY fs.code";

const CITY_FUNDING_RANGE: &str = "
SELECT CAST(MIN(cents) AS BIGINT) AS min_cents, CAST(MAX(cents) AS BIGINT) AS max_cents FROM (
  SELECT s.region_id, SUM(fl.amount_cents) AS cents
  FROM funding_line fl
  JOIN funding_source fs ON fs.id = fl.source_id
  JOIN subproject s ON s.id = fl.subproject_id
  WHERE fl.kind = ? AND fs.code = ?
  GROUP BY s.region_id
) per_region";

const HEADLINE_TARGETS: &str = "
SELECT i.headline AS headline, CAST(SUM(t.value_milli) AS BIGINT) AS milli
FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id
WHERE i.headline IS NOT NULL
  AND t.revision = (SELECT MAX(t2.revision) FROM indicator_target t2
                    WHERE t2.subproject_id = t.subproject_id AND t2.indicator_id = t.indicator_id)
GROUP BY i.headline";

const BY_THEME: &str = "
SELECT th.code AS code, th.name_fi AS name_fi, th.name_sv AS name_sv, th.name_en AS name_en,
  (SELECT COUNT(*) FROM project p WHERE p.theme_id = th.id) AS projects,
  (SELECT CAST(SUM(fl.amount_cents) AS BIGINT)
     FROM funding_line fl
     JOIN subproject s ON s.id = fl.subproject_id
     JOIN project p ON p.id = s.project_id
     WHERE p.theme_id = th.id AND fl.kind = ?) AS cents
FROM theme th
ORDER BY th.sort_order";

const REGIONS: &str = "SELECT name_fi, name_sv, name_en FROM city_region ORDER BY sort_order";

const AS_OF: &str = "
SELECT MAX(latest) AS latest FROM (
  SELECT MAX(updated_at) AS latest FROM project
  UNION ALL SELECT MAX(updated_at) FROM subproject
  UNION ALL SELECT MAX(updated_at) FROM funding_line WHERE kind = ?
  UNION ALL SELECT MAX(set_at) FROM indicator_target
  UNION ALL SELECT MAX(approved_at) FROM report WHERE status = ?
) changes";

/// The bound value of `fl.kind = ?` in the queries above.
fn planned() -> sea_orm::Value {
    FundingKind::Planned.code().into()
}

fn names(fi: String, sv: String, en: String) -> Names {
    Names {
        fi,
        sv: Some(sv),
        en: Some(en),
    }
}

/// The national key figures as of now, computed once per data version (see
/// [`RollupCache`]).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn cached_key_figures(
    db: &DatabaseConnection,
    cache: &RollupCache,
) -> Result<KeyFigures, AppError> {
    let kept = cache
        .get_or_compute(db, RollupKey::KeyFigures, {
            let cache = cache.clone();
            async move |db| {
                let (_, parts) = super::live::parts_of(&db, &cache, &approved()).await?;
                let catalogue = crate::ssr::services::reporting::indicators::all(&db).await?;
                key_figures_with(&db, totals_of(&catalogue, &parts)).await
            }
        })
        .await?;
    Ok(kept.value.as_ref().clone())
}

/// The national key figures as of now.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn key_figures(db: &impl ConnectionTrait) -> Result<KeyFigures, AppError> {
    let approved = super::indicators::indicator_totals(db, &approved()).await?;
    key_figures_with(db, approved).await
}

/// What the public figures count: every region, approved values only.
fn approved() -> RollupScope {
    RollupScope {
        approved_only: true,
        ..Default::default()
    }
}

/// The national key figures with the approved indicator totals given.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn key_figures_with(
    db: &impl ConnectionTrait,
    approved: Vec<IndicatorTotal>,
) -> Result<KeyFigures, AppError> {
    let counts: Counts = fetch_one(db, COUNTS, vec![]).await?;
    let sources: Vec<SourceSum> = fetch_all(db, FUNDING_BY_SOURCE, vec![planned()]).await?;
    let mut by_source = BySource::<Money>::default();
    for row in &sources {
        if let Some(source) = Source::from_code(&row.code) {
            by_source[source] = by_source[source] + Money::from_cents(row.cents.unwrap_or(0));
        }
    }
    let city = Source::City.code().into();
    let range: CityRange = fetch_one(db, CITY_FUNDING_RANGE, vec![planned(), city]).await?;
    let headlines: Vec<HeadlineSum> = fetch_all(db, HEADLINE_TARGETS, vec![]).await?;
    let headline = |key: &str| {
        headlines
            .iter()
            .filter(|h| h.headline == key)
            .filter_map(|h| h.milli)
            .sum::<i64>()
            / 1000
    };
    let indicators = crate::ssr::services::reporting::indicators::all(db).await?;
    let achieved = |key: &str| {
        indicators
            .iter()
            .find(|i| i.headline.as_deref() == Some(key))
            .and_then(|i| approved.iter().find(|t| t.indicator_id == i.id))
    };
    let actual = |key: &str| achieved(key).map_or(0, |t| t.actual.0 / 1000);
    let themes: Vec<ThemeRow> = fetch_all(db, BY_THEME, vec![planned()]).await?;
    let regions: Vec<RegionName> = fetch_all(db, REGIONS, vec![]).await?;
    let as_of: AsOf = fetch_one(
        db,
        AS_OF,
        vec![planned(), ReportState::Approved.code().into()],
    )
    .await?;

    Ok(KeyFigures {
        as_of: as_of.latest.map(|t| t.date_naive()),
        projects: counts.projects,
        subprojects: counts.subprojects + counts.lone_projects,
        organisations: counts.organisations,
        city_regions: counts.city_regions,
        councils: counts.councils,
        total_funding: sources
            .iter()
            .filter_map(|s| s.cents)
            .map(Money::from_cents)
            .sum(),
        eu_state_funding: by_source.eu_state(),
        city_funding: by_source.city,
        city_funding_min: Money::from_cents(range.min_cents.unwrap_or(0)),
        city_funding_max: Money::from_cents(range.max_cents.unwrap_or(0)),
        platforms_target: headline("platforms"),
        companies_target: headline("companies"),
        innovations_target: headline("innovations"),
        platforms_actual: actual("platforms"),
        companies_actual: actual("companies"),
        companies_distinct: achieved("companies")
            .and_then(|t| t.companies_distinct)
            .unwrap_or(0),
        innovations_actual: actual("innovations"),
        by_theme: themes
            .into_iter()
            .map(|t| ThemeFigures {
                code: t.code,
                name: names(t.name_fi, t.name_sv, t.name_en),
                projects: t.projects,
                total_funding: Money::from_cents(t.cents.unwrap_or(0)),
            })
            .collect(),
        regions: regions
            .into_iter()
            .map(|r| names(r.name_fi, r.name_sv, r.name_en))
            .collect(),
    })
}
