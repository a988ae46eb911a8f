//! The package form: its choices for a principal, and a stored package as the form holds it
//! (codes instead of ids). Read by the package and subproject services alike.

use super::lookup;
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

/// The form's view of a stored package (codes instead of ids).
pub async fn input_of(
    db: &impl ConnectionTrait,
    p: &project::Model,
) -> Result<ProjectInput, AppError> {
    let code_of = |id: i32, map: &HashMap<i32, String>| map.get(&id).cloned().unwrap_or_default();
    let regions: HashMap<i32, String> = city_region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    let themes: HashMap<i32, String> = theme::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.code))
        .collect();
    let councils: HashMap<i32, String> = regional_council::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.code))
        .collect();
    let mut actions: Vec<(i32, String)> = project_action::Entity::find()
        .filter(project_action::Column::ProjectId.eq(p.id))
        .find_also_related(action::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(_, a)| a.map(|a| (a.sort_order, a.code)))
        .collect();
    actions.sort();
    let lead = match p.lead_organisation_id {
        Some(id) => organisation::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.business_id)
            .unwrap_or_default(),
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
        region: code_of(p.region_id, &regions),
        theme: code_of(p.theme_id, &themes),
        actions: actions.into_iter().map(|(_, code)| code).collect(),
        council: code_of(p.council_id, &councils),
        starts_on: p.starts_on.to_string(),
        ends_on: p.ends_on.to_string(),
        status: p.status.code(),
        lead_organisation: lead,
    })
}
