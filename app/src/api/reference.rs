//! Reference data: city regions with their agreements and municipalities, regional
//! councils and organisations, kept by the national team and admins.

use crate::error::AppError;
use crate::model::reference::{
    CouncilInput, CouncilSubmission, OrganisationInput, OrganisationSubmission, ReferenceOverview,
    RegionForm, RegionSubmission,
};
use leptos::prelude::*;

/// Everything the reference page lists.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins.
#[server(endpoint = "reference/overview")]
pub async fn get_reference() -> Result<ReferenceOverview, AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    reference::overview(&app_state()?.db, &principal).await
}

/// A city region's form.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
#[server(endpoint = "reference/get_region")]
pub async fn get_region(id: i32) -> Result<RegionForm, AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    reference::regions::region_form(&app_state()?.db, &principal, id).await
}

/// Saves a city region with its agreement and municipalities.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "reference/save_region")]
pub async fn save_region(form: RegionSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    let RegionSubmission { id, version, input } = form;
    reference::regions::save_region(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect("/reference?saved=1");
    Ok(())
}

/// A council's form (`None`: a new one) with its version.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
#[server(endpoint = "reference/get_council")]
pub async fn get_council(id: Option<i32>) -> Result<(CouncilInput, Option<i32>), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    reference::councils::council_form(&app_state()?.db, &principal, id).await
}

/// Adds or corrects a regional council.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "reference/save_council")]
pub async fn save_council(form: CouncilSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    let CouncilSubmission { id, version, input } = form;
    reference::councils::save_council(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect("/reference?saved=1");
    Ok(())
}

/// An organisation's form with its version.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
#[server(endpoint = "reference/get_organisation")]
pub async fn get_organisation(id: i32) -> Result<(OrganisationInput, i32), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    reference::organisations::organisation_form(&app_state()?.db, &principal, id).await
}

/// Corrects an organisation: name, Business ID, kind, municipality.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "reference/save_organisation")]
pub async fn save_organisation(form: OrganisationSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    let OrganisationSubmission { id, version, input } = form;
    reference::organisations::save_organisation(&app_state()?.db, &principal, id, version, &input)
        .await?;
    leptos_axum::redirect("/reference?saved=1#organisations");
    Ok(())
}
