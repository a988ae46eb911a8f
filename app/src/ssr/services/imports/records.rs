//! The records a user reads, as rows of their kind's import template: a workbook to edit in
//! Excel and import back (a coordinator's, unchanged, imports as "0 changes").

use crate::error::AppError;
use crate::model::imports::ImportKind;
use crate::model::register::SubprojectInput;
use crate::ssr::access::{Principal, Scope};
use crate::ssr::export::table::Cell;
use crate::ssr::services::lookup::Codes;
use crate::ssr::services::project_form::inputs_of;
use crate::ssr::services::reporting::targets::latest_of;
use crate::ssr::services::reporting::{indicators, report_save};
use crate::ssr::services::subprojects::subproject_inputs;
use entity::status::PeriodStatus;
use entity::{organisation, project, report, reporting_period, subproject};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QueryTrait};
use std::collections::HashMap;

/// The cells of one record in the order of the kind's fields.
fn ordered(kind: ImportKind, mut cells: HashMap<&str, Cell>) -> Vec<Cell> {
    kind.fields()
        .iter()
        .map(|f| cells.remove(f.code).unwrap_or(Cell::Empty))
        .collect()
}

/// Where rows go as they are read: a few hundred at a time.
pub type Sink<'s> = &'s mut (dyn FnMut(Vec<Vec<Cell>>) -> Result<(), AppError> + Send);

/// Records read and tabled at a time, so that a whole portfolio is never all in memory.
const RECORDS_AT_A_TIME: usize = 1000;

/// The records of `kind` the principal reads, by code, as template rows: a coordinator's
/// own regions' (those they write), every region's for the national team and the ministry;
/// organisations all, by Business ID (the register is one for every region).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn rows(
    db: &impl ConnectionTrait,
    principal: &Principal,
    kind: ImportKind,
) -> Result<Vec<Vec<Cell>>, AppError> {
    let mut out = Vec::new();
    each(db, principal, kind, &mut |rows| {
        out.extend(rows);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// [`rows`], handed to `sink` a thousand records or so at a time as they are read.
///
/// # Errors
/// [`AppError::Internal`] when the database fails; what `sink` refuses.
pub async fn each(
    db: &impl ConnectionTrait,
    principal: &Principal,
    kind: ImportKind,
    sink: Sink<'_>,
) -> Result<(), AppError> {
    // `None`: every region.
    let regions = match principal.scope() {
        Scope::National => None,
        Scope::Regions(ids) => Some(ids),
    };
    let codes = Codes::default();
    match kind {
        ImportKind::Packages => {
            let packages = project::Entity::find()
                .apply_if(regions, |q, ids| {
                    q.filter(project::Column::RegionId.is_in(ids))
                })
                .order_by_asc(project::Column::Code)
                .all(db)
                .await?;
            for packages in packages.chunks(RECORDS_AT_A_TIME) {
                let mut out = Vec::with_capacity(packages.len());
                let mut forms = inputs_of(db, &codes, packages).await?;
                for package in packages {
                    let Some(p) = forms.remove(&package.id) else {
                        continue;
                    };
                    let cells = HashMap::from([
                        ("code", Cell::text(&p.code)),
                        ("name_fi", Cell::text(&p.name.fi)),
                        ("name_sv", Cell::text(&p.name.sv)),
                        ("name_en", Cell::text(&p.name.en)),
                        ("description_fi", Cell::text(&p.description.fi)),
                        ("description_sv", Cell::text(&p.description.sv)),
                        ("description_en", Cell::text(&p.description.en)),
                        ("region", Cell::text(&p.region)),
                        ("theme", Cell::text(&p.theme)),
                        ("actions", Cell::text(&p.actions.join(", "))),
                        ("council", Cell::text(&p.council)),
                        ("starts_on", Cell::day(&p.starts_on)),
                        ("ends_on", Cell::day(&p.ends_on)),
                        ("status", Cell::text(&p.status)),
                        ("lead_organisation", Cell::text(&p.lead_organisation)),
                    ]);
                    out.push(ordered(kind, cells));
                }
                sink(out)?;
            }
        }
        ImportKind::Subprojects => {
            let subs = subproject::Entity::find()
                .apply_if(regions, |q, ids| {
                    q.filter(subproject::Column::RegionId.is_in(ids))
                })
                .find_also_related(project::Entity)
                .order_by_asc(subproject::Column::Code)
                .all(db)
                .await?;
            for subs in subs.chunks(RECORDS_AT_A_TIME) {
                let mut out = Vec::with_capacity(subs.len());
                let models: Vec<subproject::Model> = subs.iter().map(|(s, _)| s.clone()).collect();
                let mut forms = subproject_inputs(db, &codes, &models).await?;
                for (sub, package) in subs {
                    let Some(s) = forms.remove(&sub.id) else {
                        continue;
                    };
                    let mut cells = HashMap::from([
                        (
                            "package",
                            Cell::text(package.as_ref().map_or("", |p| p.code.as_str())),
                        ),
                        ("code", Cell::text(&s.code)),
                        ("name_fi", Cell::text(&s.name.fi)),
                        ("name_sv", Cell::text(&s.name.sv)),
                        ("name_en", Cell::text(&s.name.en)),
                        ("description_fi", Cell::text(&s.description.fi)),
                        ("description_sv", Cell::text(&s.description.sv)),
                        ("description_en", Cell::text(&s.description.en)),
                        ("region", Cell::text(&s.region)),
                        ("organisation", Cell::text(&s.organisation)),
                        ("council", Cell::text(&s.council)),
                        ("starts_on", Cell::day(&s.starts_on)),
                        ("ends_on", Cell::day(&s.ends_on)),
                        ("status", Cell::text(&s.status)),
                    ]);
                    for (field, amount) in SubprojectInput::PLANNED_FIELDS
                        .values()
                        .zip(s.planned.values())
                    {
                        let cell = crate::model::Money::parse_input(amount)
                            .map_or(Cell::Empty, Cell::Money);
                        cells.insert(field, cell);
                    }
                    out.push(ordered(kind, cells));
                }
                sink(out)?;
            }
        }
        ImportKind::Organisations => {
            // The register is shared: every organisation, as the forms offer them.
            let organisations = organisation::Entity::find()
                .order_by_asc(organisation::Column::BusinessId)
                .all(db)
                .await?;
            for organisations in organisations.chunks(RECORDS_AT_A_TIME * 5) {
                let mut out = Vec::with_capacity(organisations.len());
                for o in organisations {
                    let cells = HashMap::from([
                        ("business_id", Cell::text(&o.business_id)),
                        ("name", Cell::text(&o.name)),
                        ("kind", Cell::text(&o.kind)),
                        (
                            "municipality",
                            Cell::text(o.municipality.as_deref().unwrap_or("")),
                        ),
                    ]);
                    out.push(ordered(kind, cells));
                }
                sink(out)?;
            }
        }
        ImportKind::IndicatorValues => value_rows(db, regions.as_deref(), sink).await?,
        ImportKind::Targets => target_rows(db, regions.as_deref(), sink).await?,
    }
    Ok(())
}

/// The principal's subprojects by code.
async fn subprojects_of(
    db: &impl ConnectionTrait,
    regions: Option<&[i32]>,
) -> Result<Vec<subproject::Model>, AppError> {
    Ok(subproject::Entity::find()
        .apply_if(regions, |q, ids| {
            q.filter(subproject::Column::RegionId.is_in(ids.iter().copied()))
        })
        .order_by_asc(subproject::Column::Code)
        .all(db)
        .await?)
}

/// The indicator values of the subprojects' reports in the periods open for reports.
async fn value_rows(
    db: &impl ConnectionTrait,
    regions: Option<&[i32]>,
    sink: Sink<'_>,
) -> Result<(), AppError> {
    let kind = ImportKind::IndicatorValues;
    let indicators = indicators::all(db).await?;
    let periods: HashMap<i32, reporting_period::Model> = reporting_period::Entity::find()
        .filter(reporting_period::Column::Status.eq(PeriodStatus::Open))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let subs: HashMap<i32, subproject::Model> = subprojects_of(db, regions)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut reports: Vec<report::Model> = report::Entity::find()
        .filter(report::Column::PeriodId.is_in(periods.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter(|r| subs.contains_key(&r.subproject_id))
        .collect();
    let order = |r: &report::Model| {
        (
            subs.get(&r.subproject_id).map(|s| s.code.clone()),
            periods.get(&r.period_id).map(|p| p.starts_on),
        )
    };
    reports.sort_by_key(order);
    for reports in reports.chunks(RECORDS_AT_A_TIME) {
        let ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
        let mut lines = report_save::lines_of(db, &ids).await?;
        let mut out = Vec::new();
        for r in reports {
            let (Some(sub), Some(period), Some(lines)) = (
                subs.get(&r.subproject_id),
                periods.get(&r.period_id),
                lines.remove(&r.id),
            ) else {
                continue;
            };
            for i in &indicators {
                let Some(line) = lines.get(&i.id) else {
                    continue;
                };
                let cells = HashMap::from([
                    ("subproject", Cell::text(&sub.code)),
                    ("period", Cell::text(&period.code)),
                    ("indicator", Cell::text(&i.code)),
                    ("value", Cell::Quantity(line.value)),
                    ("explanation", Cell::text(&line.explanation)),
                    ("companies", Cell::text(&line.companies.join(", "))),
                ]);
                out.push(ordered(kind, cells));
            }
        }
        sink(out)?;
    }
    Ok(())
}

/// The current target of each of the subprojects' indicators (its reason is the
/// revision's, so a row gives one only to revise it).
async fn target_rows(
    db: &impl ConnectionTrait,
    regions: Option<&[i32]>,
    sink: Sink<'_>,
) -> Result<(), AppError> {
    let kind = ImportKind::Targets;
    let indicators = indicators::all(db).await?;
    let subs = subprojects_of(db, regions).await?;
    for subs in subs.chunks(RECORDS_AT_A_TIME) {
        let ids: Vec<i32> = subs.iter().map(|s| s.id).collect();
        let latest = latest_of(db, &ids).await?;
        let mut out = Vec::new();
        for sub in subs {
            for i in &indicators {
                let Some(target) = latest.get(&(sub.id, i.id)) else {
                    continue;
                };
                let cells = HashMap::from([
                    ("subproject", Cell::text(&sub.code)),
                    ("indicator", Cell::text(&i.code)),
                    ("value", Cell::Quantity(target.value)),
                ]);
                out.push(ordered(kind, cells));
            }
        }
        sink(out)?;
    }
    Ok(())
}
