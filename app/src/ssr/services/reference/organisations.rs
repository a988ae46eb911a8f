//! Organisations' reference data: name, home municipality, kind and Business ID
//! corrections, kept by the national team and admins; version-checked and audited through
//! the register's own save ([`crate::ssr::services::organisations`]).

use crate::error::AppError;
use crate::model::reference::OrganisationInput;
use crate::ssr::access::Principal;
use crate::ssr::access::ensure_keeper;
use crate::ssr::services::organisations::input_of;
pub use crate::ssr::services::organisations::save_organisation;
use entity::organisation;
use sea_orm::{ConnectionTrait, EntityTrait};

/// An organisation's form with its version.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
pub async fn organisation_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(OrganisationInput, i32), AppError> {
    ensure_keeper(principal)?;
    let o = organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((input_of(&o), o.version))
}
