//! The records a coordinator may write, as rows of their kind's import template: a workbook
//! to edit in Excel and import back (unchanged, it imports as "0 changes").

use crate::error::AppError;
use crate::model::imports::ImportKind;
use crate::model::register::SubprojectInput;
use crate::ssr::access::{Principal, writable_regions};
use crate::ssr::export::table::Cell;
use crate::ssr::services::lookup::Codes;
use crate::ssr::services::project_form::inputs_of;
use crate::ssr::services::reporting::targets::latest_of;
use crate::ssr::services::reporting::{indicators, reports};
use crate::ssr::services::subprojects::subproject_inputs;
use entity::status::PeriodStatus;
use entity::{organisation, project, reporting_period, subproject};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A text cell, or an empty one.
fn text(value: &str) -> Cell {
    if value.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(value.to_owned())
    }
}

/// A stored day as a date cell.
fn date(value: &str) -> Cell {
    crate::model::dates::parse(value).map_or_else(|_| text(value), Cell::Date)
}

/// The cells of one record in the order of the kind's fields.
fn ordered(kind: ImportKind, mut cells: HashMap<&str, Cell>) -> Vec<Cell> {
    kind.fields()
        .iter()
        .map(|f| cells.remove(f.code).unwrap_or(Cell::Empty))
        .collect()
}

/// The principal's writable records of `kind`, by code, as template rows; organisations
/// all, by Business ID (the register is one for every region).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn rows(
    db: &impl ConnectionTrait,
    principal: &Principal,
    kind: ImportKind,
) -> Result<Vec<Vec<Cell>>, AppError> {
    let regions = writable_regions(principal);
    let codes = Codes::default();
    let mut out = Vec::new();
    match kind {
        ImportKind::Packages => {
            let packages = project::Entity::find()
                .filter(project::Column::RegionId.is_in(regions))
                .order_by_asc(project::Column::Code)
                .all(db)
                .await?;
            let mut forms = inputs_of(db, &codes, &packages).await?;
            for package in packages {
                let Some(p) = forms.remove(&package.id) else {
                    continue;
                };
                let cells = HashMap::from([
                    ("code", text(&p.code)),
                    ("name_fi", text(&p.name.fi)),
                    ("name_sv", text(&p.name.sv)),
                    ("name_en", text(&p.name.en)),
                    ("description_fi", text(&p.description.fi)),
                    ("description_sv", text(&p.description.sv)),
                    ("description_en", text(&p.description.en)),
                    ("region", text(&p.region)),
                    ("theme", text(&p.theme)),
                    ("actions", text(&p.actions.join(", "))),
                    ("council", text(&p.council)),
                    ("starts_on", date(&p.starts_on)),
                    ("ends_on", date(&p.ends_on)),
                    ("status", text(&p.status)),
                    ("lead_organisation", text(&p.lead_organisation)),
                ]);
                out.push(ordered(kind, cells));
            }
        }
        ImportKind::Subprojects => {
            let subs = subproject::Entity::find()
                .filter(subproject::Column::RegionId.is_in(regions))
                .find_also_related(project::Entity)
                .order_by_asc(subproject::Column::Code)
                .all(db)
                .await?;
            let models: Vec<subproject::Model> = subs.iter().map(|(s, _)| s.clone()).collect();
            let mut forms = subproject_inputs(db, &codes, &models).await?;
            for (sub, package) in subs {
                let Some(s) = forms.remove(&sub.id) else {
                    continue;
                };
                let mut cells = HashMap::from([
                    (
                        "package",
                        text(&package.map(|p| p.code).unwrap_or_default()),
                    ),
                    ("code", text(&s.code)),
                    ("name_fi", text(&s.name.fi)),
                    ("name_sv", text(&s.name.sv)),
                    ("name_en", text(&s.name.en)),
                    ("description_fi", text(&s.description.fi)),
                    ("description_sv", text(&s.description.sv)),
                    ("description_en", text(&s.description.en)),
                    ("region", text(&s.region)),
                    ("organisation", text(&s.organisation)),
                    ("council", text(&s.council)),
                    ("starts_on", date(&s.starts_on)),
                    ("ends_on", date(&s.ends_on)),
                    ("status", text(&s.status)),
                ]);
                for (field, amount) in SubprojectInput::PLANNED_FIELDS
                    .values()
                    .zip(s.planned.values())
                {
                    let cell =
                        crate::model::Money::parse_input(amount).map_or(Cell::Empty, Cell::Money);
                    cells.insert(field, cell);
                }
                out.push(ordered(kind, cells));
            }
        }
        ImportKind::Organisations => {
            // The register is shared: every organisation, as the forms offer them.
            let organisations = organisation::Entity::find()
                .order_by_asc(organisation::Column::BusinessId)
                .all(db)
                .await?;
            for o in organisations {
                let cells = HashMap::from([
                    ("business_id", text(&o.business_id)),
                    ("name", text(&o.name)),
                    ("kind", text(&o.kind)),
                    (
                        "municipality",
                        text(o.municipality.as_deref().unwrap_or("")),
                    ),
                ]);
                out.push(ordered(kind, cells));
            }
        }
        ImportKind::IndicatorValues => out = value_rows(db, &regions).await?,
        ImportKind::Targets => out = target_rows(db, &regions).await?,
    }
    Ok(out)
}

/// The principal's subprojects by code.
async fn subprojects_of(
    db: &impl ConnectionTrait,
    regions: &[i32],
) -> Result<Vec<subproject::Model>, AppError> {
    Ok(subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_in(regions.iter().copied()))
        .order_by_asc(subproject::Column::Code)
        .all(db)
        .await?)
}

/// The indicator values of the subprojects' reports in the periods open for reports.
async fn value_rows(
    db: &impl ConnectionTrait,
    regions: &[i32],
) -> Result<Vec<Vec<Cell>>, AppError> {
    let kind = ImportKind::IndicatorValues;
    let indicators = indicators::all(db).await?;
    let periods = reporting_period::Entity::find()
        .filter(reporting_period::Column::Status.eq(PeriodStatus::Open))
        .order_by_asc(reporting_period::Column::StartsOn)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for sub in subprojects_of(db, regions).await? {
        for period in &periods {
            let lines = reports::lines_of(db, sub.id, period.id).await?;
            for i in &indicators {
                let Some(line) = lines.get(&i.id) else {
                    continue;
                };
                let cells = HashMap::from([
                    ("subproject", text(&sub.code)),
                    ("period", text(&period.code)),
                    ("indicator", text(&i.code)),
                    ("value", Cell::Quantity(line.value)),
                    ("explanation", text(&line.explanation)),
                    ("companies", text(&line.companies.join(", "))),
                ]);
                out.push(ordered(kind, cells));
            }
        }
    }
    Ok(out)
}

/// The current target of each of the subprojects' indicators (its reason is the
/// revision's, so a row gives one only to revise it).
async fn target_rows(
    db: &impl ConnectionTrait,
    regions: &[i32],
) -> Result<Vec<Vec<Cell>>, AppError> {
    let kind = ImportKind::Targets;
    let indicators = indicators::all(db).await?;
    let subs = subprojects_of(db, regions).await?;
    let ids: Vec<i32> = subs.iter().map(|s| s.id).collect();
    let latest = latest_of(db, &ids).await?;
    let mut out = Vec::new();
    for sub in &subs {
        for i in &indicators {
            let Some(target) = latest.get(&(sub.id, i.id)) else {
                continue;
            };
            let cells = HashMap::from([
                ("subproject", text(&sub.code)),
                ("indicator", text(&i.code)),
                ("value", Cell::Quantity(target.value)),
            ]);
            out.push(ordered(kind, cells));
        }
    }
    Ok(out)
}
