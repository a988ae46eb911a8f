//! The records a coordinator may write, as rows of their kind's import template: a workbook
//! to edit in Excel and import back (unchanged, it imports as "0 changes").

use crate::error::AppError;
use crate::model::imports::ImportKind;
use crate::model::register::SubprojectInput;
use crate::ssr::access::{Principal, writable_regions};
use crate::ssr::export::table::Cell;
use crate::ssr::services::lookup::Codes;
use crate::ssr::services::project_form::inputs_of;
use crate::ssr::services::subprojects::subproject_inputs;
use entity::{organisation, project, subproject};
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
    }
    Ok(out)
}
