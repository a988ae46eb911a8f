//! Indicator reporting: the catalogue, periods, targets, reports and their workflow, the
//! overviews and the roll-ups. Shared here: who may read and write a subproject's reports.

pub mod indicators;
pub mod overview;
pub mod periods;
pub mod reports;
pub mod rollup;
pub mod targets;
pub mod workflow;

use super::register::writable_regions;
use crate::error::AppError;
use crate::model::Names;
use crate::model::reporting::Period;
use crate::ssr::auth::{Principal, Scope};
use entity::{city_region, reporting_period, subproject};
use sea_orm::{ConnectionTrait, EntityTrait};

/// A subproject with its region, if the principal may read it; another region's answers as
/// a missing one.
///
/// # Errors
/// [`AppError::NotFound`].
pub(crate) async fn readable_subproject(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(subproject::Model, city_region::Model), AppError> {
    let sub = subproject::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let readable = match principal.scope() {
        Scope::National => true,
        Scope::Regions(ids) => ids.contains(&sub.region_id),
    };
    if !readable {
        return Err(AppError::NotFound);
    }
    let region = city_region::Entity::find_by_id(sub.region_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    Ok((sub, region))
}

/// Whether the principal coordinates the subproject's region.
pub(crate) fn writes(principal: &Principal, sub: &subproject::Model) -> bool {
    writable_regions(principal).contains(&sub.region_id)
}

pub(crate) fn region_names(r: &city_region::Model) -> Names {
    super::register::names(&r.name_fi, &r.name_sv, &r.name_en)
}

pub(crate) fn sub_names(s: &subproject::Model) -> Names {
    Names {
        fi: s.name_fi.clone(),
        sv: s.name_sv.clone(),
        en: s.name_en.clone(),
    }
}

pub(crate) fn period_of(p: &reporting_period::Model) -> Period {
    Period {
        id: p.id,
        code: p.code.clone(),
        starts_on: p.starts_on.to_string(),
        ends_on: p.ends_on.to_string(),
        due_on: p.due_on.to_string(),
        open: p.status == "open",
        version: p.version,
    }
}
