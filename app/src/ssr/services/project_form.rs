//! The package form: its choices for a principal, and a stored package as the form holds it
//! (codes instead of ids). Read by the package and subproject services alike.

use super::lookup::{self, Codes};
use crate::error::AppError;
use crate::model::Names;
use crate::model::projects::Choice;
use crate::model::register::{ProjectFormOptions, ProjectInput};
use crate::ssr::access::{Principal, writable_regions};
use crate::ssr::columns::names_input;
use entity::{action, city_region, organisation, project, project_action, regional_council, theme};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The package form's choices for this principal.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn form_options(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<ProjectFormOptions, AppError> {
    let writable = writable_regions(principal);
    let regions = lookup::choices_where::<city_region::Entity>(
        db,
        Condition::all().add(city_region::Column::Id.is_in(writable)),
    )
    .await?;
    let councils = lookup::choices::<regional_council::Entity>(db).await?;
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| Choice {
            name: Names::same(format!("{} ({})", o.name, o.business_id)),
            code: o.business_id,
        })
        .collect();
    Ok(ProjectFormOptions {
        regions,
        themes: lookup::choices::<entity::theme::Entity>(db).await?,
        actions: lookup::choices::<entity::action::Entity>(db).await?,
        councils,
        organisations,
        refused: None,
    })
}

/// The form's view of a stored package (codes instead of ids), its codes read through the
/// unit of work's `codes`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn input_of(
    db: &impl ConnectionTrait,
    codes: &Codes,
    p: &project::Model,
) -> Result<ProjectInput, AppError> {
    let mut actions = actions_of(db, &[p.id]).await?;
    form_of(db, codes, p, actions.remove(&p.id).unwrap_or_default()).await
}

/// [`input_of`] of many packages, read in a few queries (an import's matched rows, the
/// records workbook), by package id.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn inputs_of(
    db: &impl ConnectionTrait,
    codes: &Codes,
    packages: &[project::Model],
) -> Result<HashMap<i32, ProjectInput>, AppError> {
    let ids: Vec<i32> = packages.iter().map(|p| p.id).collect();
    let mut actions = actions_of(db, &ids).await?;
    let leads: Vec<i32> = packages
        .iter()
        .filter_map(|p| p.lead_organisation_id)
        .collect();
    codes
        .read_ids_ahead::<organisation::Entity>(db, &leads)
        .await?;
    let mut out = HashMap::with_capacity(packages.len());
    for p in packages {
        let form = form_of(db, codes, p, actions.remove(&p.id).unwrap_or_default()).await?;
        out.insert(p.id, form);
    }
    Ok(out)
}

/// The codes of the actions of the packages `ids`, in the actions' order, by package id.
async fn actions_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, AppError> {
    let mut linked: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = project_action::Entity::find()
            .filter(lookup::one_of(
                db,
                project_action::Column::ProjectId,
                chunk,
                "integer",
            ))
            .find_also_related(action::Entity)
            .all(db)
            .await?;
        for (link, a) in rows {
            if let Some(a) = a {
                linked
                    .entry(link.project_id)
                    .or_default()
                    .push((a.sort_order, a.code));
            }
        }
    }
    Ok(linked
        .into_iter()
        .map(|(id, mut actions)| {
            actions.sort();
            (id, actions.into_iter().map(|(_, code)| code).collect())
        })
        .collect())
}

/// A stored package as its form, with the codes of its `actions`.
async fn form_of(
    db: &impl ConnectionTrait,
    codes: &Codes,
    p: &project::Model,
    actions: Vec<String>,
) -> Result<ProjectInput, AppError> {
    let lead = match p.lead_organisation_id {
        Some(id) => codes.code::<organisation::Entity>(db, id).await?,
        None => String::new(),
    };
    Ok(ProjectInput {
        code: p.code.clone(),
        name: names_input(&p.name_fi, p.name_sv.as_deref(), p.name_en.as_deref()),
        description: names_input(
            &p.description_fi,
            p.description_sv.as_deref(),
            p.description_en.as_deref(),
        ),
        region: codes.code::<city_region::Entity>(db, p.region_id).await?,
        theme: codes.code::<theme::Entity>(db, p.theme_id).await?,
        actions,
        council: codes
            .code::<regional_council::Entity>(db, p.council_id)
            .await?,
        starts_on: p.starts_on.to_string(),
        ends_on: p.ends_on.to_string(),
        status: p.status.code(),
        lead_organisation: lead,
    })
}
