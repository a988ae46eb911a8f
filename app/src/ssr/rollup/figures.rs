//! The programme's key figures, added up from the regions' parts of the national roll-up of
//! approved data (the same parts as the ministry's dashboard), so after an approval only
//! that region's part is computed again.
//!
//! Counting rules (see DOMAIN.md): a package without subprojects counts as one individual
//! project; organisations are the distinct implementers and lead organisations; councils are
//! the distinct funding authorities of subprojects; funding is the planned budget; indicator
//! targets use each subproject's current (highest) revision; indicator actuals come from
//! approved reports only.

use super::compute::{parts_computed, totals_of};
use super::indicators::RollupScope;
use super::parts::Parts;
use crate::error::AppError;
use crate::model::figures::{KeyFigures, ThemeFigures};
use crate::model::sources::Source;
use crate::model::{Money, Names};
use crate::ssr::rollup::cache::{RollupCache, RollupKey};
use crate::ssr::sql::fetch_all;
use sea_orm::DatabaseConnection;
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::collections::HashMap;

#[derive(FromQueryResult)]
struct Named {
    id: i32,
    code: String,
    name_fi: String,
    name_sv: String,
    name_en: String,
}

fn names(n: &Named) -> Names {
    Names {
        fi: n.name_fi.clone(),
        sv: Some(n.name_sv.clone()),
        en: Some(n.name_en.clone()),
    }
}

/// What the public figures count: every region, approved values only.
fn approved() -> RollupScope {
    RollupScope {
        approved_only: true,
        ..Default::default()
    }
}

/// The national key figures as of now, computed once per data version from kept parts (see
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
                key_figures_of(&db, &parts).await
            }
        })
        .await?;
    Ok(kept.value.as_ref().clone())
}

/// The national key figures as of now, every part computed afresh (for publishing them in
/// the transaction that checks the data version).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn key_figures(db: &impl ConnectionTrait) -> Result<KeyFigures, AppError> {
    let (_, parts) = parts_computed(db, &approved()).await?;
    key_figures_of(db, &parts).await
}

/// The key figures of the national parts of approved data.
async fn key_figures_of(db: &impl ConnectionTrait, parts: &Parts) -> Result<KeyFigures, AppError> {
    let catalogue = crate::ssr::services::reporting::indicators::all(db).await?;
    let totals = totals_of(&catalogue, parts);
    let headline = |key: &str| {
        let indicator = catalogue
            .iter()
            .find(|i| i.headline.as_deref() == Some(key))?;
        totals.iter().find(|t| t.indicator_id == indicator.id)
    };
    let target = |key: &str| headline(key).map_or(0, |t| t.target.0 / 1000);
    let actual = |key: &str| headline(key).map_or(0, |t| t.actual.0 / 1000);
    let themes: Vec<Named> = fetch_all(
        db,
        "SELECT id, code, name_fi, name_sv, name_en FROM theme ORDER BY sort_order",
        vec![],
    )
    .await?;
    let regions: Vec<Named> = fetch_all(
        db,
        "SELECT id, code, name_fi, name_sv, name_en FROM city_region ORDER BY sort_order",
        vec![],
    )
    .await?;
    let packages = parts.packages();
    let mut per_theme: HashMap<i32, i64> = HashMap::new();
    for theme in packages.values() {
        *per_theme.entry(*theme).or_default() += 1;
    }
    let planned = parts.planned();
    let (city_funding_min, city_funding_max) = parts.planned_range(Source::City);
    Ok(KeyFigures {
        as_of: parts.latest().map(|t| t.date_naive()),
        projects: i64::try_from(packages.len()).unwrap_or(i64::MAX),
        subprojects: parts.subprojects(),
        organisations: parts.organisations(),
        city_regions: parts.regions_with_subprojects(),
        councils: parts.councils(),
        total_funding: planned.total(),
        eu_state_funding: planned.eu_state(),
        city_funding: planned.city,
        city_funding_min,
        city_funding_max,
        platforms_target: target("platforms"),
        companies_target: target("companies"),
        innovations_target: target("innovations"),
        platforms_actual: actual("platforms"),
        companies_actual: actual("companies"),
        companies_distinct: headline("companies")
            .and_then(|t| t.companies_distinct)
            .unwrap_or(0),
        innovations_actual: actual("innovations"),
        by_theme: themes
            .iter()
            .map(|t| ThemeFigures {
                code: t.code.clone(),
                name: names(t),
                projects: per_theme.get(&t.id).copied().unwrap_or(0),
                total_funding: Money::from_cents(parts.sum(|p| &p.theme_planned, t.id)),
            })
            .collect(),
        regions: regions.iter().map(names).collect(),
    })
}
