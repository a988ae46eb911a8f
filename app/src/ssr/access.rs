//! Who may read and write what, in one place, at the bottom of the server's floors: the
//! principal behind a request, its scope, and the rule for each kind of object. Services ask
//! here; nothing here asks a service.
//!
//! Another region's object answers as missing ([`AppError::NotFound`]), so that a forged id
//! tells nothing; one the principal may read but not change answers [`AppError::Forbidden`].

use crate::error::AppError;
use crate::model::auth::{CurrentUser, Role};
use entity::{case_study, city_region, subproject};
use sea_orm::{ConnectionTrait, EntityTrait};

/// What a principal may read: everything, or the listed city regions only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    National,
    Regions(Vec<i32>),
}

/// A signed-in, active user and their role assignments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i32,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// (region id, region code) of each city-coordinator assignment.
    pub regions: Vec<(i32, String)>,
    /// The password is temporary: only the account page is open until it is changed.
    pub must_change_password: bool,
    /// The public handle of the session this request came with.
    pub session_handle: Option<String>,
}

impl Principal {
    /// Whether the principal holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The regions whose data the principal may read.
    pub fn scope(&self) -> Scope {
        if self.has(Role::NationalCoordinator) || self.has(Role::MinistryViewer) {
            Scope::National
        } else {
            Scope::Regions(self.regions.iter().map(|(id, _)| *id).collect())
        }
    }

    /// The regions a roll-up may cover (`None`: all) and whether it counts approved data
    /// only. Unapproved data (drafts, submitted and returned reports) is national for the
    /// national team only; a city coordinator's stays within their own regions, whatever
    /// other role (such as the ministry's national reading) the same person holds.
    pub fn rollup_reach(&self, include_unapproved: bool) -> (Option<Vec<i32>>, bool) {
        if include_unapproved && self.has(Role::NationalCoordinator) {
            (None, false)
        } else if include_unapproved && self.has(Role::CityCoordinator) {
            (
                Some(self.regions.iter().map(|(id, _)| *id).collect()),
                false,
            )
        } else {
            match self.scope() {
                Scope::National => (None, true),
                Scope::Regions(ids) => (Some(ids), true),
            }
        }
    }

    /// Whether the principal may switch roll-ups to include unapproved data.
    pub fn may_include_unapproved(&self) -> bool {
        self.has(Role::NationalCoordinator) || self.has(Role::CityCoordinator)
    }

    /// The principal as the browser may see it.
    pub fn to_current_user(&self) -> CurrentUser {
        CurrentUser {
            id: self.user_id,
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            region_codes: self.regions.iter().map(|(_, code)| code.clone()).collect(),
            must_change_password: self.must_change_password,
        }
    }
}

/// The regions whose packages the principal may write: a city coordinator's own.
pub fn writable_regions(principal: &Principal) -> Vec<i32> {
    if principal.has(Role::CityCoordinator) {
        principal.regions.iter().map(|(id, _)| *id).collect()
    } else {
        Vec::new()
    }
}

/// Refuses a write to a package of `region_id`: another region's package answers as missing,
/// one the principal may read but not write as forbidden.
///
/// # Errors
/// [`AppError::NotFound`] or [`AppError::Forbidden`].
pub fn ensure_writable(principal: &Principal, region_id: i32) -> Result<(), AppError> {
    if writable_regions(principal).contains(&region_id) {
        Ok(())
    } else if can_read(principal, region_id, &[]) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether the principal may read a package of `region_id` with subprojects in `sub_regions`.
pub fn can_read(principal: &Principal, region_id: i32, sub_regions: &[i32]) -> bool {
    match principal.scope() {
        Scope::National => true,
        Scope::Regions(ids) => {
            ids.contains(&region_id) || sub_regions.iter().any(|r| ids.contains(r))
        }
    }
}

/// Refuses everyone but the national coordination team.
///
/// # Errors
/// [`AppError::Forbidden`].
pub fn national_only(principal: &Principal) -> Result<(), AppError> {
    if principal.has(Role::NationalCoordinator) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The national team and admins keep the reference data (regions, councils, organisations).
///
/// # Errors
/// [`AppError::Forbidden`].
pub fn ensure_keeper(principal: &Principal) -> Result<(), AppError> {
    if principal.has(Role::NationalCoordinator) || principal.has(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the principal may read the story: the national team and the ministry all, a
/// coordinator their regions' and every published one.
pub fn can_read_story(principal: &Principal, c: &case_study::Model) -> bool {
    c.is_published
        || match principal.scope() {
            Scope::National => true,
            Scope::Regions(ids) => ids.contains(&c.region_id),
        }
}

/// A subproject with its region, if the principal may read it; another region's answers as
/// a missing one.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn readable_subproject(
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
pub fn writes(principal: &Principal, sub: &subproject::Model) -> bool {
    writable_regions(principal).contains(&sub.region_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_roles_read_everything_and_coordinators_their_regions() {
        let mut p = Principal {
            user_id: 1,
            display_name: "T".into(),
            email: "t@example.fi".into(),
            roles: vec![Role::CityCoordinator],
            regions: vec![(3, "tampere".into())],
            must_change_password: false,
            session_handle: None,
        };
        assert_eq!(p.scope(), Scope::Regions(vec![3]));
        p.roles.push(Role::MinistryViewer);
        assert_eq!(p.scope(), Scope::National);
    }
}
