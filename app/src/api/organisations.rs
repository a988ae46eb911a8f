//! The organisation register.

use crate::error::AppError;
use crate::model::register::NewOrganisation;
use leptos::prelude::*;

/// Registers an organisation and returns to `next` (a local path).
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::Forbidden`] for roles that do not register.
#[server(endpoint = "organisations/create_organisation")]
pub async fn create_organisation(form: NewOrganisation) -> Result<(), AppError> {
    use crate::ssr::{auth, services::organisations, state::app_state};
    let principal = auth::require_principal().await?;
    let NewOrganisation {
        name,
        business_id,
        kind,
        next,
    } = &form;
    organisations::create_organisation(&app_state()?.db, &principal, name, business_id, kind)
        .await?;
    let next = auth::safe_next(next.as_deref(), "/projects");
    let separator = if next.contains('?') { '&' } else { '?' };
    leptos_axum::redirect(&format!("{next}{separator}organisation_added=1"));
    Ok(())
}
