//! Reference data: city regions with their agreements and municipalities, regional
//! councils and organisations, kept by the national team and admins.
// The form's fields arrive as separate arguments, as a plain HTML form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::reference::{CouncilInput, OrganisationInput, ReferenceOverview, RegionForm};
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
pub async fn save_region(
    id: i32,
    version: i32,
    name_fi: String,
    name_sv: String,
    name_en: String,
    council: String,
    population: String,
    signed_on: String,
    starts_on: String,
    ends_on: String,
    frame: String,
    focus_fi: String,
    focus_sv: String,
    focus_en: String,
    municipality_fi: Option<Vec<String>>,
    municipality_sv: Option<Vec<String>>,
    municipality_kind: Option<Vec<String>>,
) -> Result<(), AppError> {
    use crate::model::reference::{MunicipalityInput, RegionInput};
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    let (fi, sv, kinds) = (
        municipality_fi.unwrap_or_default(),
        municipality_sv.unwrap_or_default(),
        municipality_kind.unwrap_or_default(),
    );
    let municipalities = (0..fi.len().max(sv.len()))
        .map(|i| MunicipalityInput {
            name_fi: fi.get(i).cloned().unwrap_or_default(),
            name_sv: sv.get(i).cloned().unwrap_or_default(),
            kind: kinds.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let input = RegionInput {
        name_fi,
        name_sv,
        name_en,
        council,
        population,
        signed_on,
        starts_on,
        ends_on,
        frame,
        focus_fi,
        focus_sv,
        focus_en,
        municipalities,
    };
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
pub async fn save_council(
    id: Option<i32>,
    version: Option<i32>,
    code: String,
    name_fi: String,
    name_sv: String,
    name_en: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    let input = CouncilInput {
        code,
        name_fi,
        name_sv,
        name_en,
    };
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
pub async fn save_organisation(
    id: i32,
    version: i32,
    name: String,
    business_id: String,
    kind: String,
    municipality: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reference, state::app_state};
    let principal = auth::require_principal().await?;
    let input = OrganisationInput {
        name,
        business_id,
        kind,
        municipality,
    };
    reference::organisations::save_organisation(&app_state()?.db, &principal, id, version, &input)
        .await?;
    leptos_axum::redirect("/reference?saved=1#organisations");
    Ok(())
}
