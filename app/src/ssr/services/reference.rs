//! Reference data edited in the app by the national team and admins: city regions (names,
//! population, funding council, the ecosystem agreement's dates, frame and focus, and the
//! municipalities), regional councils, and organisations (name, home municipality, kind,
//! Business ID corrections). Every save is parsed at the boundary, refuses to overwrite a
//! newer save (the differing saved values come back), and is audited field by field in the
//! same transaction.

pub mod councils;
pub mod organisations;
pub mod regions;

use crate::error::AppError;
use crate::model::Money;
use crate::model::reference::{CouncilRow, OrganisationRow, ReferenceOverview, RegionRow};
use crate::ssr::access::Principal;
use crate::ssr::access::ensure_keeper;
use crate::ssr::columns::names;
use entity::{city_region, ecosystem_agreement, municipality, organisation, regional_council};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use std::collections::HashMap;

/// Everything the reference page lists.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins.
pub async fn overview(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<ReferenceOverview, AppError> {
    ensure_keeper(principal)?;
    lists(db).await
}

/// The regions, councils and organisations, for any reader (the open API's reference data).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn lists(db: &impl ConnectionTrait) -> Result<ReferenceOverview, AppError> {
    let councils: Vec<regional_council::Model> = regional_council::Entity::find()
        .order_by_asc(regional_council::Column::NameFi)
        .all(db)
        .await?;
    let council_names: HashMap<i32, crate::model::Names> = councils
        .iter()
        .map(|c| (c.id, names(&c.name_fi, &c.name_sv, &c.name_en)))
        .collect();
    let agreements: HashMap<i32, ecosystem_agreement::Model> = ecosystem_agreement::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.region_id, a))
        .collect();
    let mut towns: HashMap<i32, Vec<String>> = HashMap::new();
    for m in municipality::Entity::find()
        .order_by_asc(municipality::Column::Id)
        .all(db)
        .await?
    {
        towns.entry(m.region_id).or_default().push(m.name_fi);
    }
    let regions: Vec<city_region::Model> = city_region::Entity::find()
        .order_by_asc(city_region::Column::SortOrder)
        .all(db)
        .await?;
    let region_rows = regions
        .iter()
        .map(|r| {
            let agreement = agreements.get(&r.id);
            RegionRow {
                id: r.id,
                code: r.code.clone(),
                council_code: councils
                    .iter()
                    .find(|c| c.id == r.council_id)
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                name: names(&r.name_fi, &r.name_sv, &r.name_en),
                council: council_names
                    .get(&r.council_id)
                    .cloned()
                    .unwrap_or_default(),
                population: r.population,
                starts_on: agreement.map(|a| a.starts_on.to_string()),
                ends_on: agreement.map(|a| a.ends_on.to_string()),
                frame: agreement.and_then(|a| a.frame_cents).map(Money::from_cents),
                municipalities: towns.remove(&r.id).unwrap_or_default(),
            }
        })
        .collect();
    let council_rows = councils
        .iter()
        .map(|c| CouncilRow {
            id: c.id,
            code: c.code.clone(),
            name: names(&c.name_fi, &c.name_sv, &c.name_en),
            version: c.version,
            regions: regions.iter().filter(|r| r.council_id == c.id).count(),
        })
        .collect();
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationRow {
            id: o.id,
            name: o.name,
            business_id: o.business_id,
            kind: o.kind,
            municipality: o.municipality,
            version: o.version,
        })
        .collect();
    Ok(ReferenceOverview {
        regions: region_rows,
        councils: council_rows,
        organisations,
    })
}
