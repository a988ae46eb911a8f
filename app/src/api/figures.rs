//! The programme's public key figures and their publication by the national team.

use crate::error::AppError;
use crate::model::figures::KeyFigures;
use crate::model::publication::{PublicationStatus, Publishing};
use leptos::prelude::*;

/// The key figures as the national team last published them (`None` before the first
/// publication). Public: no sign-in needed.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
#[server(endpoint = "figures/get_key_figures")]
pub async fn get_key_figures() -> Result<Option<KeyFigures>, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::rollup::publication::published(&state.db).await
}

/// The live figures beside the published ones, and the latest publications (the national
/// team).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team.
#[server(endpoint = "figures/get_publication")]
pub async fn get_publication() -> Result<PublicationStatus, AppError> {
    use crate::ssr::{auth, rollup::publication, state::app_state};
    let principal = auth::require_principal().await?;
    let state = app_state()?;
    publication::status(&state.db, &state.rollups, &principal).await
}

/// Publishes the figures as they stand now, with an optional note (the national team).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; a `note` field error.
#[server(endpoint = "figures/publish")]
pub async fn publish_figures(form: Publishing) -> Result<(), AppError> {
    use crate::ssr::{auth, rollup::publication, state::app_state};
    let principal = auth::require_principal().await?;
    publication::publish(&app_state()?.db, &principal, form.seen, &form.note).await?;
    leptos_axum::redirect("/publication?saved=1");
    Ok(())
}
