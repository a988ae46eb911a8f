//! The register as the open API reads it: packages with their codes, subprojects and money
//! by source (planned, and realised summed over the periods), a page at a time by id (see
//! `projects::package_ids_after`, which applies the reader's scope and the list's filters).

use super::funding;
use super::lookup::{Codes, one_of};
use crate::error::AppError;
use crate::model::Money;
use crate::model::sources::BySource;
use entity::{
    action, city_region, organisation, project, project_action, regional_council, subproject, theme,
};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A package with the codes it refers to and its subprojects.
#[derive(Clone, Debug)]
pub struct PackageRead {
    pub package: project::Model,
    pub region: String,
    pub theme: String,
    pub council: String,
    pub lead_organisation: Option<String>,
    pub actions: Vec<String>,
    pub subprojects: Vec<SubprojectRead>,
}

/// A subproject with its region, organisation (Business ID), council and money.
#[derive(Clone, Debug)]
pub struct SubprojectRead {
    pub subproject: subproject::Model,
    pub region: String,
    pub organisation: String,
    pub council: String,
    pub planned: BySource<Money>,
    pub realised: BySource<Money>,
}

/// Codes of a small table by id.
async fn codes_of<E, F>(
    db: &impl ConnectionTrait,
    pick: F,
) -> Result<HashMap<i32, String>, AppError>
where
    E: EntityTrait,
    F: Fn(E::Model) -> (i32, String),
{
    Ok(E::find().all(db).await?.into_iter().map(pick).collect())
}

/// The packages of `ids`, in id order, each with its subprojects in code order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn packages(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<PackageRead>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let regions = codes_of::<city_region::Entity, _>(db, |r| (r.id, r.code)).await?;
    let themes = codes_of::<theme::Entity, _>(db, |t| (t.id, t.code)).await?;
    let councils = codes_of::<regional_council::Entity, _>(db, |c| (c.id, c.code)).await?;
    let actions = codes_of::<action::Entity, _>(db, |a| (a.id, a.code)).await?;
    let packages = project::Entity::find()
        .filter(one_of(db, project::Column::Id, ids, "integer"))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    let mut package_actions: HashMap<i32, Vec<String>> = HashMap::new();
    for link in project_action::Entity::find()
        .filter(one_of(
            db,
            project_action::Column::ProjectId,
            ids,
            "integer",
        ))
        .all(db)
        .await?
    {
        if let Some(code) = actions.get(&link.action_id) {
            package_actions
                .entry(link.project_id)
                .or_default()
                .push(code.clone());
        }
    }
    let subprojects = subproject::Entity::find()
        .filter(one_of(db, subproject::Column::ProjectId, ids, "integer"))
        .order_by_asc(subproject::Column::Code)
        .all(db)
        .await?;
    let sub_ids: Vec<i32> = subprojects.iter().map(|s| s.id).collect();
    let mut organisation_ids: Vec<i32> = subprojects.iter().map(|s| s.organisation_id).collect();
    organisation_ids.extend(packages.iter().filter_map(|p| p.lead_organisation_id));
    organisation_ids.sort_unstable();
    organisation_ids.dedup();
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(one_of(
            db,
            organisation::Column::Id,
            &organisation_ids,
            "integer",
        ))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.business_id))
        .collect();
    let planned = funding::planned_amounts_of(db, &Codes::default(), &sub_ids).await?;
    let mut realised: HashMap<i32, BySource<Money>> = HashMap::new();
    for ((sub, _period), amounts) in funding::realised_of(db, &sub_ids).await? {
        let sum = realised.entry(sub).or_default();
        *sum = BySource::from_fn(|source| sum[source] + amounts[source]);
    }
    let code = |map: &HashMap<i32, String>, id: i32| map.get(&id).cloned().unwrap_or_default();
    let mut by_package: HashMap<i32, Vec<SubprojectRead>> = HashMap::new();
    for sub in subprojects {
        let read = SubprojectRead {
            region: code(&regions, sub.region_id),
            organisation: code(&organisations, sub.organisation_id),
            council: code(&councils, sub.council_id),
            planned: planned.get(&sub.id).copied().unwrap_or_default(),
            realised: realised.get(&sub.id).copied().unwrap_or_default(),
            subproject: sub,
        };
        by_package
            .entry(read.subproject.project_id)
            .or_default()
            .push(read);
    }
    Ok(packages
        .into_iter()
        .map(|package| PackageRead {
            region: code(&regions, package.region_id),
            theme: code(&themes, package.theme_id),
            council: code(&councils, package.council_id),
            lead_organisation: package
                .lead_organisation_id
                .map(|id| code(&organisations, id)),
            actions: package_actions.remove(&package.id).unwrap_or_default(),
            subprojects: by_package.remove(&package.id).unwrap_or_default(),
            package,
        })
        .collect())
}
